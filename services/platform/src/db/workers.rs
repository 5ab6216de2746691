//! Deaths of the threads that run SQLite connections.
//!
//! sqlx runs each SQLite connection on a thread of its own. When that thread
//! panics mid-statement, sqlx ends the statement's row stream as if it had
//! no more rows: the caller sees an empty answer, not an error, and a read of
//! a row that exists answers "not found" (issue 30 saw exactly that). The
//! connection itself is closed when it returns to the pool (sqlx pings it and
//! finds the thread gone), which rolls back what it held. What cannot be told
//! from the rows is told by a panic hook: it counts the deaths of this
//! process's SQLite threads, and a call during which one died does not trust
//! its answer (`call_layer`), and health reports the context NOT_SERVING
//! until a probe finds it writing again (`server`).

use std::sync::{
    Once,
    atomic::{AtomicU64, Ordering},
};

/// The name prefix of the threads that run this process's SQLite connections.
pub(super) const THREAD_PREFIX: &str = "agentbase-sqlite-";

static DEATHS: AtomicU64 = AtomicU64::new(0);

/// How many SQLite connection threads of this process have died so far.
pub fn worker_deaths() -> u64 {
    DEATHS.load(Ordering::SeqCst)
}

/// Installs the panic hook that counts SQLite connection threads dying
/// (once per process; the hook then runs the one it replaced).
pub fn watch_worker_deaths() {
    static INSTALLED: Once = Once::new();
    INSTALLED.call_once(|| {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            let thread = std::thread::current();
            if let Some(name) = thread.name().filter(|name| name.starts_with(THREAD_PREFIX)) {
                // Counted before the thread unwinds, so before its caller
                // can see the ended row stream.
                DEATHS.fetch_add(1, Ordering::SeqCst);
                tracing::error!(
                    thread = name,
                    "a SQLite connection's thread panicked; its connection is discarded and calls that used it answer UNAVAILABLE"
                );
            }
            previous(info);
        }));
    });
}
