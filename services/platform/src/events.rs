//! Wake-ups for watch streams ("X has news"): in-process through a broadcast
//! channel; across replicas on PostgreSQL through LISTEN/NOTIFY on one channel
//! per context and topic. A wake-up carries no data: watchers re-read from the
//! database after their cursor, so a lost or duplicated wake-up can delay an
//! event but never lose or repeat one.
//!
//! A wake-up names its tenant as well as its thing ([`News`]): a watcher
//! wakes only for news of its own tenant, whichever replica made it.
//!
//! Also the bound on open watch streams ([`WatchSlots`]), which every context
//! serving a stream needs.

use std::{sync::Arc, time::Duration};

use sea_orm::sqlx::postgres::PgListener;
use tokio::sync::{OwnedSemaphorePermit, Semaphore, broadcast, mpsc};
use uuid::Uuid;

use crate::error::CommonError;

/// The announcement that wakes every watcher: news may have been missed
/// (the LISTEN connection was re-established), so everyone re-reads.
pub const EVERYONE: Uuid = Uuid::nil();

/// How often a watcher re-reads without a wake-up. Wake-ups are not lost (a
/// LISTEN reconnect wakes every watcher), so this is only a safety net.
pub const SAFETY_POLL: Duration = Duration::from_secs(30);

/// Wake-ups already sent and not yet received by the slowest watcher; a
/// watcher further behind is told it lagged and re-reads.
const BACKLOG: usize = 4096;

/// That the thing `id` of `tenant` has news.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct News {
    /// The tenant whose thing it is (empty for [`EVERYONE`]).
    pub tenant: Arc<str>,
    /// The thing, or [`EVERYONE`].
    pub id: Uuid,
}

impl News {
    /// News for every watcher of every tenant.
    fn everyone() -> Self {
        Self {
            tenant: Arc::from(""),
            id: EVERYONE,
        }
    }

    /// The news a NOTIFY payload (`tenant/id`) carries.
    fn of_payload(payload: &str) -> Option<Self> {
        let (tenant, id) = payload.split_once('/')?;
        Some(Self {
            tenant: Arc::from(tenant),
            id: Uuid::parse_str(id).ok()?,
        })
    }

    /// Whether a watcher of `id` (of anything, when None) in `tenant` wakes for it.
    fn wakes(&self, tenant: &str, id: Option<Uuid>) -> bool {
        self.id == EVERYONE || (&*self.tenant == tenant && id.is_none_or(|id| id == self.id))
    }
}

/// Announces which things (sessions, label owners…) have news.
#[derive(Clone)]
pub struct Announcer {
    sender: broadcast::Sender<News>,
    channel: String,
}

impl Announcer {
    /// An announcer for `topic` of `context`; its NOTIFY channel is
    /// `agentbase_{context}_{topic}`.
    pub fn new(context: &str, topic: &str) -> Self {
        Self {
            sender: broadcast::channel(BACKLOG).0,
            channel: channel(context, topic),
        }
    }

    /// The PostgreSQL channel to `pg_notify` on, in the transaction that
    /// makes the news, so that other replicas hear of it at its commit.
    pub fn channel(&self) -> &str {
        &self.channel
    }

    /// The expression that notifies this topic's listeners of news of the
    /// running call's tenant about `id` (an id, as text) when a statement
    /// carrying it runs on PostgreSQL: for a change that sends its
    /// notification in its own statement (a data-modifying WITH), followed
    /// by [`crate::write::Write::announce_at_commit`]. The payload is
    /// `tenant/id` (a tenant's name has no `/`).
    pub fn notify_expr(&self, id: sea_orm::sea_query::Expr) -> sea_orm::sea_query::Expr {
        sea_orm::sea_query::Expr::cust_with_exprs(
            "pg_notify($1, $2 || '/' || $3)",
            [
                sea_orm::sea_query::Expr::val(self.channel.clone()),
                sea_orm::sea_query::Expr::val(crate::tenant::current()),
                id,
            ],
        )
    }

    /// Receives every announcement from now on.
    pub fn subscribe(&self) -> broadcast::Receiver<News> {
        self.sender.subscribe()
    }

    /// Announces `id` of the running call's tenant to this process's watchers.
    pub fn announce(&self, id: Uuid) {
        let tenant = crate::tenant::try_current().unwrap_or_else(|| Arc::from(""));
        // No receivers is fine: nobody is watching.
        let _ = self.sender.send(News { tenant, id });
    }

    /// Forwards NOTIFYs from other replicas (and this one) to local watchers,
    /// reconnecting after failures, for as long as the process runs. `url`
    /// must reach the primary directly: a LISTEN needs a session of its own,
    /// which a transaction pooler does not keep (`AGENTBASE_LISTEN_DATABASE_URL`).
    ///
    /// A failure is retried after a pause that doubles up to
    /// [`LISTEN_RETRY_MAX`] and starts over once a LISTEN holds: a standby
    /// refuses LISTEN for as long as it is one, and was asked every second.
    pub fn listen_to_postgres(&self, url: String) -> tokio::task::JoinHandle<()> {
        let announcer = self.clone();
        tokio::spawn(async move {
            let mut pause = LISTEN_RETRY_MIN;
            loop {
                match PgListener::connect(&url).await {
                    Ok(mut listener) => {
                        if let Err(err) = listener.listen(&announcer.channel).await {
                            tracing::warn!(error = %err, channel = %announcer.channel, retry_in_ms = pause.as_millis() as u64, "LISTEN failed; retrying");
                        } else {
                            pause = LISTEN_RETRY_MIN;
                            // NOTIFYs sent while no LISTEN was open are gone: every watcher re-reads.
                            let _ = announcer.sender.send(News::everyone());
                            loop {
                                match listener.recv().await {
                                    Ok(notification) => {
                                        if let Some(news) = News::of_payload(notification.payload()) {
                                            let _ = announcer.sender.send(news);
                                        }
                                    }
                                    Err(err) => {
                                        tracing::warn!(error = %err, "LISTEN connection lost; reconnecting");
                                        break;
                                    }
                                }
                            }
                        }
                    }
                    Err(err) => tracing::warn!(
                        error = %crate::failure::without_credentials(&err.to_string()),
                        retry_in_ms = pause.as_millis() as u64,
                        "cannot connect for LISTEN; retrying"
                    ),
                }
                tokio::time::sleep(pause).await;
                pause = (pause * 2).min(LISTEN_RETRY_MAX);
            }
        })
    }
}

/// The first pause before a failed LISTEN is tried again.
const LISTEN_RETRY_MIN: Duration = Duration::from_secs(1);

/// The longest pause between LISTEN attempts: watchers that miss NOTIFYs
/// meanwhile still see every change within [`SAFETY_POLL`].
const LISTEN_RETRY_MAX: Duration = Duration::from_secs(8);

/// The PostgreSQL NOTIFY channel of `topic` of `context`.
pub fn channel(context: &str, topic: &str) -> String {
    format!("agentbase_{context}_{topic}")
}

/// Waits until `id` of `tenant` (or everyone) is announced: false when the
/// announcer is gone for good, which a running server never sees.
async fn news_of(wakeups: &mut broadcast::Receiver<News>, tenant: &str, id: Option<Uuid>) -> bool {
    loop {
        match wakeups.recv().await {
            Ok(news) if news.wakes(tenant, id) => return true,
            Ok(_) => {}
            // Some wake-ups were dropped: re-reading covers whatever they said.
            Err(broadcast::error::RecvError::Lagged(_)) => return true,
            Err(broadcast::error::RecvError::Closed) => return false,
        }
    }
}

/// Waits for news of `id` (of anything when None), at most [`SAFETY_POLL`];
/// true when the watcher's caller went away meanwhile.
async fn wait_for_news<T>(
    wakeups: &mut broadcast::Receiver<News>,
    tenant: &str,
    id: Option<Uuid>,
    sender: &mpsc::Sender<T>,
) -> bool {
    let news = async {
        if !news_of(wakeups, tenant, id).await {
            std::future::pending::<()>().await;
        }
    };
    tokio::select! {
        () = news => false,
        () = tokio::time::sleep(SAFETY_POLL) => false,
        () = sender.closed() => true,
    }
}

/// After a watcher's read failed: if the failure may pass (`transient`: a
/// busy pool, a failover must not end every watch at once), waits the retry
/// delay and lets it read again; else sends the error to the caller. True
/// when the watch is over (the error was sent, or the caller went away).
async fn leave_after<T>(
    error: impl Into<tonic::Status>,
    transient: bool,
    sender: &mpsc::Sender<Result<T, tonic::Status>>,
) -> bool {
    if !transient {
        let _ = sender.send(Err(error.into())).await;
        return true;
    }
    tokio::select! {
        () = tokio::time::sleep(crate::error::RETRY_AFTER) => false,
        () = sender.closed() => true,
    }
}

/// What one read of a watch found: the items to send, each with its
/// position (a sequence or seq), and what to do next.
pub struct Batch<T> {
    /// In order; the watch's position becomes each one's as it is sent.
    pub items: Vec<(i64, T)>,
    /// What follows once they are sent.
    pub then: Then,
}

/// What a watch does after sending a batch.
pub enum Then {
    /// Read again at once: the batch was full.
    ReadMore,
    /// Wait for news of the watched thing (or the safety poll), and until
    /// `deadline` at most when there is one (a session's expiry), then read.
    Wait {
        /// When to read again without news.
        deadline: Option<tokio::time::Instant>,
    },
    /// The watch is over (its run or session ended): close the stream.
    End,
    /// The watch is over with this status (the watched thing is gone).
    Fail(tonic::Status),
}

/// What a watch reads: the next batch after a position. Each context says
/// how it reads (labels, messages, run events); the loop is [`watch`].
pub trait Feed: Send + 'static {
    /// What the stream sends.
    type Item: Send + 'static;
    /// How a read fails.
    type Error: Into<tonic::Status> + Send;

    /// The next batch after position `last`.
    fn read(&mut self, last: i64) -> impl std::future::Future<Output = Result<Batch<Self::Item>, Self::Error>> + Send;

    /// Whether a failed read may succeed if tried again shortly.
    fn is_transient(error: &Self::Error) -> bool;
}

/// Feeds one watcher of the running call's tenant: reads from the database
/// after `last`, sends what it read, and, caught up, waits for a wake-up
/// about `key` of its tenant (anything of it, when None), the safety poll or the batch's deadline, then reads again, until
/// the feed ends it or the caller goes away. Every item is read from the
/// database in position order exactly once, so replay and live delivery
/// neither skip nor repeat. A transient read failure is retried
/// ([`leave_after`]); any other ends the stream with its status.
pub async fn watch<F: Feed>(
    mut feed: F,
    key: Option<Uuid>,
    mut last: i64,
    mut wakeups: broadcast::Receiver<News>,
    sender: mpsc::Sender<Result<F::Item, tonic::Status>>,
) {
    let tenant = crate::tenant::current();
    loop {
        let batch = match feed.read(last).await {
            Ok(batch) => batch,
            Err(err) => {
                let transient = F::is_transient(&err);
                if leave_after(err, transient, &sender).await {
                    return;
                }
                continue;
            }
        };
        for (position, item) in batch.items {
            last = position;
            if sender.send(Ok(item)).await.is_err() {
                return;
            }
        }
        match batch.then {
            Then::ReadMore => {}
            Then::End => return,
            Then::Fail(status) => {
                let _ = sender.send(Err(status)).await;
                return;
            }
            Then::Wait { deadline } => {
                let until_deadline = async {
                    match deadline {
                        Some(at) => tokio::time::sleep_until(at).await,
                        None => std::future::pending().await,
                    }
                };
                tokio::select! {
                    caller_left = wait_for_news(&mut wakeups, &tenant, key, &sender) => {
                        if caller_left {
                            return;
                        }
                    }
                    () = until_deadline => {}
                }
            }
        }
    }
}

/// How many watch streams of one kind this process keeps open at once: each
/// holds a task and, while it reads, a connection.
#[derive(Clone)]
pub struct WatchSlots {
    slots: Arc<Semaphore>,
    limit: usize,
}

impl WatchSlots {
    /// At most `limit` streams at once.
    pub fn new(limit: usize) -> Self {
        Self {
            slots: Arc::new(Semaphore::new(limit)),
            limit,
        }
    }

    /// Streams open now, and the most there may be.
    pub fn load(&self) -> (usize, usize) {
        (self.limit.saturating_sub(self.slots.available_permits()), self.limit)
    }

    /// A slot for one more stream, held until the permit drops; RESOURCE_EXHAUSTED
    /// (`TOO_MANY_WATCHES`) when every slot is taken.
    pub fn take(&self) -> Result<OwnedSemaphorePermit, CommonError> {
        self.slots
            .clone()
            .try_acquire_owned()
            .map_err(|_| CommonError::TooManyWatches(self.limit))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn watchers_wake_for_their_own_news_and_for_everyone() {
        let announcer = Announcer::new("scripts", "labels");
        assert_eq!(announcer.channel(), "agentbase_scripts_labels");
        let mine = Uuid::now_v7();
        let mut wakeups = announcer.subscribe();
        crate::tenant::within("a", async {
            announcer.announce(Uuid::now_v7());
            announcer.announce(mine);
        })
        .await;
        assert!(news_of(&mut wakeups, "a", Some(mine)).await);
        assert!(wakeups.is_empty(), "the other id's news was passed over");
        let _ = announcer.sender.send(News::everyone());
        assert!(news_of(&mut wakeups, "a", Some(mine)).await);
        crate::tenant::within("a", async { announcer.announce(Uuid::now_v7()) }).await;
        assert!(
            news_of(&mut wakeups, "a", None).await,
            "a watcher of everything wakes for anyone of its tenant"
        );
    }

    #[tokio::test]
    async fn watchers_never_wake_for_another_tenants_news() {
        let announcer = Announcer::new("scripts", "labels");
        let id = Uuid::now_v7();
        let mut wakeups = announcer.subscribe();
        crate::tenant::within("b", async { announcer.announce(id) }).await;
        let _ = announcer.sender.send(News::of_payload(&format!("b/{id}")).unwrap());
        crate::tenant::within("a", async { announcer.announce(id) }).await;
        assert!(news_of(&mut wakeups, "a", None).await);
        assert!(wakeups.is_empty(), "tenant b's news woke nobody of a");
        assert_eq!(News::of_payload("no-slash"), None);
    }

    #[test]
    fn slots_run_out_and_come_back() {
        let slots = WatchSlots::new(1);
        let permit = slots.take().unwrap();
        assert!(matches!(slots.take(), Err(CommonError::TooManyWatches(1))));
        drop(permit);
        assert!(slots.take().is_ok());
    }
}
