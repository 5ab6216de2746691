//! No statement outlives its call (docs/RELIABILITY.md, "Statements end with
//! their calls").
//!
//! The call layer runs every call within [`bounded_by`]: the call's deadline
//! and a flag its drop raises. A connection is fitted to the call that takes
//! it from the pool:
//!
//! - SQLite: a progress handler, set on checkout, interrupts the running
//!   statement once the deadline has passed or the call is gone
//!   (`SQLITE_INTERRUPT`); a connection taken outside any call has none.
//! - PostgreSQL: every statement is bounded by `statement_timeout` (the
//!   longest deadline a call can have). A call dropped mid-statement (its
//!   deadline passed, or its caller went away) drops its connection with it;
//!   on release a connection that is not ready for the next statement within
//!   [`SETTLE`] is closed instead of waited for, and the server, which checks
//!   its client every `client_connection_check_interval`, ends the statement.

use std::{
    future::Future,
    sync::{
        Arc,
        atomic::{AtomicBool, Ordering},
    },
    time::{Duration, Instant},
};

use sea_orm::sqlx;

/// The call a connection works for: until when, and whether it is still there.
#[derive(Clone)]
struct CallBound {
    deadline: Instant,
    gone: Arc<AtomicBool>,
}

impl CallBound {
    fn is_over(&self) -> bool {
        self.gone.load(Ordering::Relaxed) || Instant::now() >= self.deadline
    }
}

tokio::task_local! {
    static CALL: CallBound;
}

/// Raises the call's flag when the call's future ends, finished or dropped.
struct Gone(Arc<AtomicBool>);

impl Drop for Gone {
    fn drop(&mut self) {
        self.0.store(true, Ordering::Relaxed);
    }
}

/// Runs `call`, whose statements must end by `deadline` or when `call` is dropped.
pub async fn bounded_by<F: Future>(deadline: Instant, call: F) -> F::Output {
    let gone = Arc::new(AtomicBool::new(false));
    let _gone_when_dropped = Gone(gone.clone());
    CALL.scope(CallBound { deadline, gone }, call).await
}

/// The time the current call has left (`None` outside a call).
pub fn time_left() -> Option<Duration> {
    CALL.try_with(|call| call.deadline.saturating_duration_since(Instant::now()))
        .ok()
}

/// SQLite virtual machine instructions between two looks at the call: a
/// look is an atomic load and a clock read, a few nanoseconds against the
/// microseconds 1,000 instructions take.
const PROGRESS_OPS: i32 = 1_000;

/// Fits a SQLite connection to the call taking it (or to none).
pub(crate) async fn fit_sqlite(conn: &mut sqlx::SqliteConnection) -> Result<(), sqlx::Error> {
    let call = CALL.try_with(CallBound::clone).ok();
    let mut handle = conn.lock_handle().await?;
    match call {
        // The handler returns whether the statement may go on.
        Some(call) => handle.set_progress_handler(PROGRESS_OPS, move || !call.is_over()),
        None => handle.remove_progress_handler(),
    }
    Ok(())
}

/// How long a PostgreSQL connection given back mid-statement may take to
/// become ready (its statement ending) before it is closed instead.
pub(crate) const SETTLE: Duration = Duration::from_millis(50);

/// How often PostgreSQL checks, while it runs a statement, that its client is
/// still connected (`client_connection_check_interval`, PostgreSQL 14+).
pub(crate) const CLIENT_CHECK_INTERVAL_MS: &str = "250";

/// Whether a PostgreSQL connection given back to the pool may be kept: it is
/// ready for a statement within [`SETTLE`] (at once, unless the future that
/// used it was dropped mid-statement).
pub(crate) async fn settles(conn: &mut sqlx::PgConnection) -> bool {
    use sqlx::Connection;
    matches!(tokio::time::timeout(SETTLE, conn.flush()).await, Ok(Ok(())))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_call_is_over_at_its_deadline_or_when_dropped() {
        let far = Instant::now() + Duration::from_secs(60);
        let seen = bounded_by(far, async { CALL.with(CallBound::clone) }).await;
        // Finished: its flag is raised, whatever the deadline.
        assert!(seen.is_over());

        let (tx, rx) = tokio::sync::oneshot::channel();
        let pending = bounded_by(far, async move {
            tx.send(CALL.with(CallBound::clone)).ok();
            std::future::pending::<()>().await
        });
        let mut pending = Box::pin(pending);
        assert!(futures_poll_once(pending.as_mut()).await);
        let running = rx.await.unwrap();
        assert!(!running.is_over());
        drop(pending);
        assert!(running.is_over());

        let past = bounded_by(Instant::now(), async { CALL.with(CallBound::clone) });
        assert!(past.await.is_over());
        assert!(CALL.try_with(CallBound::clone).is_err());
    }

    /// Polls `future` once; true when it is still pending.
    async fn futures_poll_once<F: Future + Unpin>(mut future: F) -> bool {
        std::future::poll_fn(|cx| std::task::Poll::Ready(std::pin::Pin::new(&mut future).poll(cx).is_pending())).await
    }
}
