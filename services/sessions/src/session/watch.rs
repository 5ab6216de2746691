//! WatchMessages: what one watcher reads — the session's messages after its
//! last seq, and whether the session still runs — on the platform's watch
//! loop (`platform::events::watch`).

use agentbase_platform::events::{Batch, Feed, Then};
use agentbase_proto::sessions::v1 as pb;
use tokio::sync::{broadcast, mpsc};
use tonic::Status;
use uuid::Uuid;

use super::{convert, store::SessionStore};
use crate::{domain::SessionStatus, error::Error};

/// Messages a watcher reads per query while catching up.
const WATCH_BATCH: u64 = 500;

/// One session's messages. Each catch-up reads the session's status first:
/// a session seen as ended has no appends after it, so the catch-up that
/// follows is the last one needed. A session that expires (or is deleted)
/// under the watch ends it with NOT_FOUND, as every other call about it
/// answers, at its expiry rather than at the next poll.
struct SessionMessages {
    store: SessionStore,
    id: Uuid,
    /// The status and expiry read when the current catch-up began.
    catching_up: Option<(SessionStatus, Option<chrono::DateTime<chrono::Utc>>)>,
}

impl SessionMessages {
    fn gone(&self) -> Batch<pb::WatchMessagesResponse> {
        Batch {
            items: Vec::new(),
            then: Then::Fail(Error::SessionNotFound(self.id.to_string()).into()),
        }
    }
}

impl Feed for SessionMessages {
    type Item = pb::WatchMessagesResponse;
    type Error = Error;

    async fn read(&mut self, last: i64) -> Result<Batch<Self::Item>, Error> {
        let (status, expire_at) = match self.catching_up {
            Some(seen) => seen,
            None => match self.store.status(self.id).await? {
                Some(live) => live,
                None => return Ok(self.gone()),
            },
        };
        self.catching_up = Some((status, expire_at));
        let (messages, next) = match self.store.messages(self.id, Some(last), false, None, WATCH_BATCH).await {
            Ok(page) => page,
            Err(Error::SessionNotFound(_)) => return Ok(self.gone()),
            Err(err) => return Err(err),
        };
        let items = messages
            .into_iter()
            .map(|message| {
                let seq = message.seq;
                let event = pb::WatchMessagesResponse {
                    message: Some(convert::message_to_pb(message)),
                };
                (seq, event)
            })
            .collect();
        if next.is_some() {
            return Ok(Batch {
                items,
                then: Then::ReadMore,
            });
        }
        self.catching_up = None;
        let then = if status.is_terminal() {
            Then::End
        } else {
            let deadline = expire_at.map(|at| {
                let left = (at - agentbase_platform::time::now()).to_std().unwrap_or_default();
                tokio::time::Instant::now() + left
            });
            Then::Wait { deadline }
        };
        Ok(Batch { items, then })
    }

    fn is_transient(error: &Error) -> bool {
        error.is_transient()
    }
}

/// Feeds one watcher until the session ends or the caller goes away.
pub(super) async fn watch(
    store: SessionStore,
    id: Uuid,
    last: i64,
    wakeups: broadcast::Receiver<agentbase_platform::events::News>,
    sender: mpsc::Sender<Result<pb::WatchMessagesResponse, Status>>,
) {
    let feed = SessionMessages {
        store,
        id,
        catching_up: None,
    };
    agentbase_platform::events::watch(feed, Some(id), last, wakeups, sender).await;
}
