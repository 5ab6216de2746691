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
/// a wake-up (or the safety poll) and catch up again. Each read takes the
/// run and its next events from one snapshot; the last event of each batch
/// carries the run's totals as read then. The watcher ends once it has sent
/// every event and the run, as read with them, is finished or cancelled —
/// however the events fell into batches, and whichever event came last (a
/// reopened run's replay goes on past its old FINISHED). It also ends when
/// the caller goes away.
pub(super) async fn watch(
    store: EvaluationStore,
    run_id: Uuid,
    mut last: i64,
    mut wakeups: broadcast::Receiver<Uuid>,
    sender: Sender,
) {
    loop {
        let (run, events) = match store.watch_batch(run_id, last, WATCH_BATCH).await {
            Ok(read) => read,
            Err(err) => {
                if failed(err, &sender).await {
                    return;
                }
                continue;
            }
        };
        let caught_up = (events.len() as u64) < WATCH_BATCH;
        let ended = caught_up && !run.status.accepts_work();
        let totals = convert::totals_to_pb(run.totals);
        let count = events.len();
        for (i, event) in events.into_iter().enumerate() {
            last = event.sequence;
            let response = pb::WatchRunResponse {
                event: Some(convert::event_to_pb(event)),
                totals: (i + 1 == count).then(|| totals.clone()),
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
