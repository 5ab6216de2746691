//! WatchLabels: one task per watcher, reading the moves after its last
//! sequence whenever a label of what it watches moved.

use agentbase_platform::events::{leave_after, wait_for_news};
use agentbase_proto::scripts::v1 as pb;
use tokio::sync::{broadcast, mpsc};
use tonic::Status;
use uuid::Uuid;

use super::{convert, store::LabelStore};
use crate::domain::label::LabelOwner;

/// Moves a watcher reads per query while catching up.
const WATCH_BATCH: u64 = 500;

/// Feeds one watcher: catch up from the database after `last`, then wait for
/// a wake-up (or the safety poll) and catch up again, until the caller goes
/// away. Moves commit in sequence order (`store`), and each is read from the
/// database exactly once, so replay and live delivery neither skip nor repeat.
pub(super) async fn watch(
    store: LabelStore,
    owner: Option<LabelOwner>,
    mut last: i64,
    mut wakeups: broadcast::Receiver<Uuid>,
    sender: mpsc::Sender<Result<pb::WatchLabelsResponse, Status>>,
) {
    loop {
        match store.moves_after(owner, last, WATCH_BATCH).await {
            Ok(moves) => {
                let caught_up = (moves.len() as u64) < WATCH_BATCH;
                for moved in moves {
                    last = moved.sequence;
                    let event = pb::WatchLabelsResponse {
                        label_move: Some(convert::move_to_pb(moved)),
                    };
                    if sender.send(Ok(event)).await.is_err() {
                        return;
                    }
                }
                if caught_up && wait_for_news(&mut wakeups, owner.map(LabelOwner::id), &sender).await {
                    return;
                }
            }
            Err(err) => {
                let transient = err.is_transient();
                if leave_after(err, transient, &sender).await {
                    return;
                }
            }
        }
    }
}
