//! Writers on threads of their own, each at its own pace.
//!
//! When a run's rows come from the cache rather than from analysis, writing is the run's
//! work. Written batch by batch behind one barrier, every table waited for the slowest
//! (the stance table's JSON, with its sentences), and the two cores were busy about three
//! quarters of the time. Here each lane — a table's Parquet, or its JSON, or the replay's
//! writer and counter — takes items from a short queue of its own, so a lane that falls
//! behind holds back only itself until its queue is full. [`Lanes`] hands one item to
//! several lanes: batches go as `Arc`s, shared, not copied.

use anyhow::{Context, Result, anyhow};
use std::sync::mpsc::{SyncSender, sync_channel};
use std::thread::{Scope, ScopedJoinHandle};

/// Items a lane may hold queued. Memory holds at most this many more than the one each
/// lane is working on, whatever the corpus.
const QUEUED: usize = 2;

/// One thread and its queue.
pub struct Lane<'scope, T> {
    to: SyncSender<T>,
    thread: ScopedJoinHandle<'scope, Result<()>>,
}

impl<'scope, T: Send + 'scope> Lane<'scope, T> {
    /// Starts a thread named `name` that calls `take` on each item sent, in order.
    pub fn start<'env>(
        scope: &'scope Scope<'scope, 'env>,
        name: &str,
        mut take: impl FnMut(T) -> Result<()> + Send + 'scope,
    ) -> Result<Lane<'scope, T>> {
        let (to, items) = sync_channel::<T>(QUEUED);
        let thread = std::thread::Builder::new()
            .name(name.to_string())
            .spawn_scoped(scope, move || -> Result<()> {
                // A failed item ends the loop and drops the queue, which the next send
                // sees; the error itself comes back from `finish`.
                for item in items {
                    take(item)?;
                }
                Ok(())
            })
            .with_context(|| format!("starting the {name} thread"))?;
        Ok(Lane { to, thread })
    }

    /// Queues `item`, waiting while the queue is full; `false` when the thread has
    /// stopped on an error, which [`Lane::finish`] returns.
    pub fn send(&self, item: T) -> bool {
        self.to.send(item).is_ok()
    }

    /// Waits for the thread to take what it was sent; its error, if any.
    pub fn finish(self) -> Result<()> {
        drop(self.to);
        self.thread.join().expect("a writer thread panicked")
    }
}

/// Lanes that are each handed every item.
pub struct Lanes<'scope, T> {
    lanes: Vec<Lane<'scope, T>>,
}

impl<'scope, T: Clone + Send + 'scope> Lanes<'scope, T> {
    pub(super) fn new() -> Lanes<'scope, T> {
        Lanes { lanes: Vec::new() }
    }

    pub(super) fn start<'env>(
        &mut self,
        scope: &'scope Scope<'scope, 'env>,
        name: &str,
        take: impl FnMut(T) -> Result<()> + Send + 'scope,
    ) -> Result<()> {
        self.lanes.push(Lane::start(scope, name, take)?);
        Ok(())
    }

    /// Hands `item` to every lane; waits only while a lane's queue is full.
    pub fn send(&mut self, item: T) -> Result<()> {
        if self.lanes.iter().all(|lane| lane.send(item.clone())) {
            return Ok(());
        }
        // A lane stopped on an error: end them all and report it.
        let lanes = std::mem::take(&mut self.lanes);
        Lanes { lanes }.finish()?;
        Err(anyhow!("a table writer stopped"))
    }

    /// Waits for every lane to take what it was sent; the first error, if any.
    pub fn finish(self) -> Result<()> {
        let mut result = Ok(());
        for lane in self.lanes {
            let taken = lane.finish();
            if result.is_ok() {
                result = taken;
            }
        }
        result
    }
}
