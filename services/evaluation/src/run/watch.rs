//! WatchRun: one task per watcher, reading the run's events after its last
//! sequence whenever the run has news, until the run ends.

use agentbase_platform::events::{leave_after, wait_for_news};
use agentbase_proto::evaluation::v1 as pb;
use tokio::sync::{broadcast, mpsc};
use tonic::Status;
use uuid::Uuid;

use super::{convert, store::EvaluationStore};

/// Events a watcher reads per query while catching up.
const WATCH_BATCH: u64 = 500;

type Sender = mpsc::Sender<Result<pb::WatchRunResponse, Status>>;

/// Feeds one watcher: catch up from the database after `last`, then wait for
/// a wake-up (or the safety poll) and catch up again. The last event of each
/// batch carries the run's totals as read then. Ends after the event that
/// finishes or cancels the run, or at once for a run that ended before it
/// had events, or when the caller goes away.
pub(super) async fn watch(
    store: EvaluationStore,
    run_id: Uuid,
    mut last: i64,
    mut wakeups: broadcast::Receiver<Uuid>,
    sender: Sender,
) {
    let mut first = true;
    loop {
        let events = match store.events_after(run_id, last, WATCH_BATCH).await {
            Ok(events) => events,
            Err(err) => {
                if failed(err, &sender).await {
                    return;
                }
                continue;
            }
        };
        if events.is_empty() && first {
            // A run that ended before it had events, or a cursor at its end.
            match store.get_run(run_id).await {
                Ok(run) if !run.status.accepts_work() => return,
                Ok(_) => {}
                Err(err) => {
                    if failed(err, &sender).await {
                        return;
                    }
                    continue;
                }
            }
        }
        first = false;
        let caught_up = (events.len() as u64) < WATCH_BATCH;
        let ended = events.last().is_some_and(|event| event.change.ends_run());
        let totals = match events.is_empty() {
            true => None,
            false => match store.get_run(run_id).await {
                Ok(run) => Some(convert::totals_to_pb(run.totals)),
                Err(err) => {
                    if failed(err, &sender).await {
                        return;
                    }
                    continue;
                }
            },
        };
        let count = events.len();
        for (i, event) in events.into_iter().enumerate() {
            last = event.sequence;
            let response = pb::WatchRunResponse {
                event: Some(convert::event_to_pb(event)),
                totals: if i + 1 == count { totals.clone() } else { None },
            };
            if sender.send(Ok(response)).await.is_err() {
                return;
            }
        }
        if ended {
            return;
        }
        if caught_up && wait_for_news(&mut wakeups, Some(run_id), &sender).await {
            return;
        }
    }
}

/// After a failed read: the platform's rule, with this context's notion of a
/// transient failure.
async fn failed(err: crate::error::Error, sender: &Sender) -> bool {
    let transient = err.is_transient();
    leave_after(err, transient, sender).await
}
