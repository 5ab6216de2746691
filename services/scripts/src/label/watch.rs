//! WatchLabels: what one watcher reads — the moves after its last sequence,
//! of what it watches — on the platform's watch loop (`platform::events::watch`).

use agentbase_platform::events::{Batch, Feed, Then};
use agentbase_proto::scripts::v1 as pb;
use tokio::sync::{broadcast, mpsc};
use tonic::Status;

use super::{convert, store::LabelStore};
use crate::{domain::label::LabelOwner, error::Error};

/// Moves a watcher reads per query while catching up.
const WATCH_BATCH: u64 = 500;

/// The moves of one owner's labels (every owner's when None). Moves commit
/// in sequence order (`store`), so reading after the last one sent never
/// passes over one that commits later.
struct LabelMoves {
    store: LabelStore,
    owner: Option<LabelOwner>,
}

impl Feed for LabelMoves {
    type Item = pb::WatchLabelsResponse;
    type Error = Error;

    async fn read(&mut self, last: i64) -> Result<Batch<Self::Item>, Error> {
        let moves = self.store.moves_after(self.owner, last, WATCH_BATCH).await?;
        let caught_up = (moves.len() as u64) < WATCH_BATCH;
        Ok(Batch {
            items: moves
                .into_iter()
                .map(|moved| {
                    let sequence = moved.sequence;
                    let event = pb::WatchLabelsResponse {
                        label_move: Some(convert::move_to_pb(moved)),
                    };
                    (sequence, event)
                })
                .collect(),
            then: if caught_up {
                Then::Wait { deadline: None }
            } else {
                Then::ReadMore
            },
        })
    }

    fn is_transient(error: &Error) -> bool {
        error.is_transient()
    }
}

/// Feeds one watcher until the caller goes away.
pub(super) async fn watch(
    store: LabelStore,
    owner: Option<LabelOwner>,
    last: i64,
    wakeups: broadcast::Receiver<agentbase_platform::events::News>,
    sender: mpsc::Sender<Result<pb::WatchLabelsResponse, Status>>,
) {
    let key = owner.map(LabelOwner::id);
    agentbase_platform::events::watch(LabelMoves { store, owner }, key, last, wakeups, sender).await;
}
