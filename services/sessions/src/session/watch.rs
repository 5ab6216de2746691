//! WatchMessages: one task per watcher, reading from the database after its
//! last seq whenever the session has news.

use agentbase_platform::events::{leave_after, wait_for_news};
use agentbase_proto::sessions::v1 as pb;
use tokio::sync::{broadcast, mpsc};
use tonic::Status;
use uuid::Uuid;

use super::{convert, store::SessionStore};
use crate::error::Error;

/// Messages a watcher reads per query while catching up.
const WATCH_BATCH: u64 = 500;

/// Feeds one watcher: catch up from the database after `last`, then wait for a
/// wake-up, the poll interval or the session's expiry, and catch up again,
/// until the session ends or the caller goes away. Every message is read from
/// the database in seq order exactly once, so replay and live delivery can
/// neither skip nor repeat. A session that expires (or is deleted) under the
/// watch ends it with NOT_FOUND, as every other call about it answers, at
/// its expiry rather than at the next poll.
pub(super) async fn watch(
    store: SessionStore,
    id: Uuid,
    mut last: i64,
    mut wakeups: broadcast::Receiver<Uuid>,
    sender: mpsc::Sender<Result<pb::WatchMessagesResponse, Status>>,
) {
    let gone = |sender: mpsc::Sender<Result<pb::WatchMessagesResponse, Status>>| async move {
        let _ = sender.send(Err(Error::SessionNotFound(id.to_string()).into())).await;
    };
    loop {
        // The status is read before the messages: a session seen as ended has
        // no appends after it, so the catch-up below is the last one needed.
        let (status, expire_at) = match store.status(id).await {
            Ok(Some(live)) => live,
            Ok(None) => return gone(sender).await,
            Err(err) => {
                let transient = err.is_transient();
                if leave_after(err, transient, &sender).await {
                    return;
                }
                continue;
            }
        };
        loop {
            match store.messages(id, Some(last), false, None, WATCH_BATCH).await {
                Ok((messages, next)) => {
                    for message in messages {
                        last = message.seq;
                        let event = pb::WatchMessagesResponse {
                            message: Some(convert::message_to_pb(message)),
                        };
                        if sender.send(Ok(event)).await.is_err() {
                            return;
                        }
                    }
                    if next.is_none() {
                        break;
                    }
                }
                Err(Error::SessionNotFound(_)) => return gone(sender).await,
                Err(err) => {
                    let transient = err.is_transient();
                    if leave_after(err, transient, &sender).await {
                        return;
                    }
                }
            }
        }
        if status.is_terminal() {
            return;
        }
        let expiry = async {
            match expire_at {
                Some(at) => {
                    let left = (at - agentbase_platform::time::now()).to_std().unwrap_or_default();
                    tokio::time::sleep(left).await;
                }
                None => std::future::pending().await,
            }
        };
        tokio::select! {
            caller_left = wait_for_news(&mut wakeups, Some(id), &sender) => {
                if caller_left {
                    return;
                }
            }
            () = expiry => {}
        }
    }
}
