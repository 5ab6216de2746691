//! Wake-ups for WatchMessages: "session X has news". In-process through a
//! broadcast channel; across replicas on PostgreSQL through LISTEN/NOTIFY on
//! one channel per database. A wake-up carries no message: watchers re-read
//! from the database after their last seq, so a lost or duplicated wake-up
//! can delay a message but never lose or repeat one.

use std::time::Duration;

use sea_orm::sqlx::postgres::PgListener;
use tokio::sync::broadcast;
use uuid::Uuid;

/// The PostgreSQL NOTIFY channel appends and status changes are announced on.
pub const CHANNEL: &str = "agentbase_sessions_messages";

/// The announcement that wakes every watcher: news may have been missed
/// (the LISTEN connection was re-established), so everyone re-reads.
pub const EVERY_SESSION: Uuid = Uuid::nil();

/// Announces sessions whose messages or status changed.
#[derive(Clone)]
pub struct SessionEvents {
    sender: broadcast::Sender<Uuid>,
}

impl Default for SessionEvents {
    fn default() -> Self {
        Self {
            sender: broadcast::channel(4096).0,
        }
    }
}

impl SessionEvents {
    /// Receives every announcement from now on.
    pub fn subscribe(&self) -> broadcast::Receiver<Uuid> {
        self.sender.subscribe()
    }

    /// Announces `session` to this process's watchers.
    pub fn announce(&self, session: Uuid) {
        // No receivers is fine: nobody is watching.
        let _ = self.sender.send(session);
    }

    /// Forwards NOTIFYs from other replicas (and this one) to local watchers,
    /// reconnecting after failures, for as long as the process runs.
    pub fn listen_to_postgres(&self, url: String, schema: String) -> tokio::task::JoinHandle<()> {
        let events = self.clone();
        tokio::spawn(async move {
            loop {
                match PgListener::connect(&url).await {
                    Ok(mut listener) => {
                        let channel = channel_for(&schema);
                        if let Err(err) = listener.listen(&channel).await {
                            tracing::warn!(error = %err, "LISTEN failed; retrying");
                        } else {
                            // NOTIFYs sent while no LISTEN was open are gone: every watcher re-reads.
                            events.announce(EVERY_SESSION);
                            loop {
                                match listener.recv().await {
                                    Ok(notification) => {
                                        if let Ok(id) = Uuid::parse_str(notification.payload()) {
                                            events.announce(id);
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
                    Err(err) => tracing::warn!(error = %err, "cannot connect for LISTEN; retrying"),
                }
                tokio::time::sleep(Duration::from_secs(1)).await;
            }
        })
    }
}

/// The NOTIFY channel of one schema (two deployments may share a database).
pub fn channel_for(schema: &str) -> String {
    format!("{CHANNEL}_{schema}")
}
