//! A time budget for the work on one file: the last guard against input that makes some
//! stage run far longer than its size explains.
//!
//! The caller sets a deadline for the current thread with [`within`]; the long loops of
//! the core (sentence by sentence in every extractor, block by block in sentence
//! splitting) call [`check`], which unwinds out of the work once the deadline has passed.
//! [`within`] catches that unwinding, and any panic of the work, and returns it as an
//! [`Abandoned`] value, so one file's failure becomes one error row and the run goes on.
//! Without a deadline, [`check`] costs a thread-local read.

use std::cell::Cell;
use std::panic::{AssertUnwindSafe, catch_unwind, resume_unwind};
use std::time::{Duration, Instant};

thread_local! {
    static DEADLINE: Cell<Option<Instant>> = const { Cell::new(None) };
    /// Whether this thread is inside [`within`], whose caller reports a panic itself.
    static INSIDE: Cell<bool> = const { Cell::new(false) };
    /// Where the last panic inside [`within`] happened, as [`quiet_panics`] records it.
    static LOCATION: Cell<Option<String>> = const { Cell::new(None) };
}

/// Installs a panic hook that keeps panics inside [`within`] off the terminal: the caller
/// turns each into an error row, and one hostile file in a million should not print a
/// stack trace. The panic's location is kept for the message [`within`] returns. Panics
/// anywhere else go to the hook that was installed before.
pub fn quiet_panics() {
    let earlier = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        if INSIDE.get() {
            LOCATION.set(info.location().map(|l| l.to_string()));
        } else {
            earlier(info);
        }
    }));
}

/// The unwinding payload of a passed deadline.
struct TimedOut;

/// Why work given to [`within`] did not finish.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Abandoned {
    /// The deadline passed.
    TimedOut(Duration),
    /// The work panicked, with this message.
    Panicked(String),
}

/// Runs `work` with a deadline `limit` from now on this thread.
pub fn within<T>(limit: Duration, work: impl FnOnce() -> T) -> Result<T, Abandoned> {
    let outer = DEADLINE.replace(Instant::now().checked_add(limit));
    let was_inside = INSIDE.replace(true);
    LOCATION.set(None);
    let result = catch_unwind(AssertUnwindSafe(work));
    INSIDE.set(was_inside);
    DEADLINE.set(outer);
    result.map_err(|payload| {
        if payload.is::<TimedOut>() {
            return Abandoned::TimedOut(limit);
        }
        let message = if let Some(s) = payload.downcast_ref::<&str>() {
            s.to_string()
        } else if let Some(s) = payload.downcast_ref::<String>() {
            s.clone()
        } else {
            "unknown panic".to_string()
        };
        Abandoned::Panicked(match LOCATION.take() {
            Some(at) => format!("{message}, at {at}"),
            None => message,
        })
    })
}

/// Unwinds out of the current work if its deadline has passed.
#[inline]
pub fn check() {
    if let Some(deadline) = DEADLINE.get()
        && Instant::now() > deadline
    {
        // `resume_unwind` skips the panic hook: a timeout is reported as an error row,
        // not printed as a crash.
        resume_unwind(Box::new(TimedOut));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn work_past_its_deadline_is_abandoned_and_the_rest_goes_on() {
        let slow = within(Duration::from_millis(20), || {
            loop {
                std::thread::sleep(Duration::from_millis(5));
                check();
            }
        });
        assert_eq!(
            slow,
            Err::<(), _>(Abandoned::TimedOut(Duration::from_millis(20)))
        );
        assert_eq!(within(Duration::from_secs(5), || 7), Ok(7));
        // Outside any deadline a check never fires.
        check();
        let panicked = within(Duration::from_secs(5), || -> u8 { panic!("boom") });
        assert!(
            matches!(&panicked, Err(Abandoned::Panicked(m)) if m == "boom" || m.starts_with("boom, at ")),
            "{panicked:?}"
        );
    }

    #[test]
    fn a_quiet_panic_names_where_it_happened() {
        quiet_panics();
        let panicked = within(Duration::from_secs(5), || -> u8 { panic!("boom") });
        let Err(Abandoned::Panicked(message)) = panicked else {
            panic!("{panicked:?}");
        };
        assert!(
            message.starts_with("boom, at ") && message.contains("budget.rs:"),
            "{message}"
        );
        // Outside `within`, a panic still reaches the earlier hook (and is caught here).
        assert!(catch_unwind(|| panic!("outside")).is_err());
    }
}
