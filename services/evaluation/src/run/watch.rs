//! WatchRun: what one watcher reads — the run's events after its last
//! sequence, with the run as read with them — on the platform's watch loop
//! (`platform::events::watch`).

use agentbase_platform::events::{Batch, Feed, Then};
use agentbase_proto::evaluation::v1 as pb;
use tokio::sync::{broadcast, mpsc};
use tonic::Status;
use uuid::Uuid;

use super::convert;
use crate::error::Error;
use crate::{store::EvaluationStore, wire::totals_to_pb};

/// Events a watcher reads per query while catching up.
const WATCH_BATCH: u64 = 500;

/// One run's events. Each read takes the run and its next events from one
/// snapshot; the last event of each batch carries the run's totals as read
/// then. The watch ends once it has sent every event and the run, as read
/// with them, is finished or cancelled — however the events fell into
/// batches, and whichever event came last (a reopened run's replay goes on
/// past its old FINISHED).
struct RunEvents {
    store: EvaluationStore,
    run_id: Uuid,
}

impl Feed for RunEvents {
    type Item = pb::WatchRunResponse;
    type Error = Error;

    async fn read(&mut self, last: i64) -> Result<Batch<Self::Item>, Error> {
        let (run, events) = self.store.watch_batch(self.run_id, last, WATCH_BATCH).await?;
        let caught_up = (events.len() as u64) < WATCH_BATCH;
        let totals = totals_to_pb(run.totals);
        let count = events.len();
        let items = events
            .into_iter()
            .enumerate()
            .map(|(i, event)| {
                let sequence = event.sequence;
                let response = pb::WatchRunResponse {
                    event: Some(convert::event_to_pb(event)),
                    totals: (i + 1 == count).then(|| totals.clone()),
                };
                (sequence, response)
            })
            .collect();
        let then = if !caught_up {
            Then::ReadMore
        } else if run.status.accepts_work() {
            Then::Wait { deadline: None }
        } else {
            Then::End
        };
        Ok(Batch { items, then })
    }

    fn is_transient(error: &Error) -> bool {
        error.is_transient()
    }
}

/// Feeds one watcher until the run ends or the caller goes away.
pub(super) async fn watch(
    store: EvaluationStore,
    run_id: Uuid,
    last: i64,
    wakeups: broadcast::Receiver<agentbase_platform::events::News>,
    sender: mpsc::Sender<Result<pb::WatchRunResponse, Status>>,
) {
    agentbase_platform::events::watch(RunEvents { store, run_id }, Some(run_id), last, wakeups, sender).await;
}
