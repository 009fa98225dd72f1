//! The streamed tables written on threads of their own, each at its own pace.
//!
//! When a run's rows come from the cache rather than from analysis, writing is the run's
//! work. Written batch by batch behind one barrier, every table waited for the slowest
//! (the stance table's JSON, with its sentences), and the two cores were busy about three
//! quarters of the time. Here each lane — a table's Parquet, or its JSON — takes batches
//! from a short queue of its own, so a lane that falls behind holds back only itself until
//! its queue is full. Batches are shared, not copied: each lane reads the columns it writes.

use crate::tables::Batch;
use anyhow::{Context, Result, anyhow};
use std::sync::Arc;
use std::sync::mpsc::{SyncSender, sync_channel};
use std::thread::{Scope, ScopedJoinHandle};

/// Batches a lane may hold queued. Memory holds at most this many batches more than the
/// one each lane is writing, whatever the corpus.
const QUEUED: usize = 2;

/// One writer thread and its queue.
struct Lane<'scope> {
    to: SyncSender<Arc<Batch>>,
    thread: ScopedJoinHandle<'scope, Result<()>>,
}

/// The streamed tables' writer threads.
pub struct Lanes<'scope> {
    lanes: Vec<Lane<'scope>>,
}

impl<'scope> Lanes<'scope> {
    pub(super) fn new() -> Lanes<'scope> {
        Lanes { lanes: Vec::new() }
    }

    /// Starts a thread named `name` that calls `write` on each batch sent.
    pub(super) fn start<'env>(
        &mut self,
        scope: &'scope Scope<'scope, 'env>,
        name: &str,
        mut write: impl FnMut(&Batch) -> Result<()> + Send + 'scope,
    ) -> Result<()> {
        let (to, batches) = sync_channel::<Arc<Batch>>(QUEUED);
        let thread = std::thread::Builder::new()
            .name(name.to_string())
            .spawn_scoped(scope, move || -> Result<()> {
                // A failed write ends the loop and drops the queue, which the next send
                // sees; the error itself comes back from the join.
                for batch in batches {
                    write(&batch)?;
                }
                Ok(())
            })
            .context("starting a table writer")?;
        self.lanes.push(Lane { to, thread });
        Ok(())
    }

    /// Hands `batch` to every lane; waits only while a lane's queue is full.
    pub fn send(&mut self, batch: Batch) -> Result<()> {
        let batch = Arc::new(batch);
        let stopped = self
            .lanes
            .iter()
            .any(|lane| lane.to.send(Arc::clone(&batch)).is_err());
        if stopped {
            // A lane stopped on an error: end them all and report it.
            let lanes = std::mem::take(&mut self.lanes);
            Lanes { lanes }.finish()?;
            return Err(anyhow!("a table writer stopped"));
        }
        Ok(())
    }

    /// Waits for every lane to write what it was sent; the first error, if any.
    pub fn finish(self) -> Result<()> {
        let mut result = Ok(());
        for Lane { to, thread } in self.lanes {
            drop(to);
            let written = thread.join().expect("table writer panicked");
            if result.is_ok() {
                result = written;
            }
        }
        result
    }
}
