//! A context's read replica: a hot standby of its primary that takes the
//! context's hot reads (`ReadLane`), as far as each read's consistency token
//! allows (docs/OPERATIONS.md, "Read replicas").

use std::{
    sync::{
        Arc,
        atomic::{AtomicBool, AtomicU64, Ordering},
    },
    time::Duration,
};

use sea_orm::{ConnectOptions, Database, DatabaseConnection};

use super::{DbSetupError, PoolConfig, base_options};
use crate::consistency::{Lsn, primary_position, replayed_position};

/// How long a read with a token waits for the replica to replay up to it
/// before the primary answers it instead.
pub const REPLICA_WAIT: Duration = Duration::from_millis(20);

/// How often a waiting read asks the replica again.
const REPLICA_POLL: Duration = Duration::from_millis(2);

/// A context's read replica.
#[derive(Clone)]
pub struct Replica {
    state: Arc<State>,
}

struct State {
    url: String,
    /// Told of every hot read: served by the replica (`true`) or the primary.
    on_read: Box<dyn Fn(bool) + Send + Sync>,
    /// A few connections of its own, to ask how far it has replayed.
    positions: DatabaseConnection,
    /// How far it had replayed when last asked.
    replayed: AtomicU64,
    /// Whether it answered when last asked (it starts trusted).
    reachable: AtomicBool,
}

impl Replica {
    /// The replica of `context` at `url`, telling `on_read` who served each
    /// hot read (for the metrics); connections are opened on first use.
    pub async fn open(
        context: &str,
        url: &str,
        pool: &PoolConfig,
        on_read: impl Fn(bool) + Send + Sync + 'static,
    ) -> Result<Self, DbSetupError> {
        let mut options: ConnectOptions = base_options(url, pool);
        options
            .max_connections(4)
            .min_connections(0)
            .connect_lazy(true)
            .set_application_name(format!("agentbase-{context}-replica"));
        let positions = Database::connect(options)
            .await
            .map_err(|source| DbSetupError::Connect {
                context: context.to_owned(),
                cause: source,
            })?;
        Ok(Self {
            state: Arc::new(State {
                url: url.to_owned(),
                on_read: Box::new(on_read),
                positions,
                replayed: AtomicU64::new(0),
                reachable: AtomicBool::new(true),
            }),
        })
    }

    /// Counts a hot read served by the replica (`true`) or by the primary.
    pub fn count_read(&self, by_replica: bool) {
        (self.state.on_read)(by_replica);
    }

    /// Where the replica is.
    pub fn url(&self) -> &str {
        &self.state.url
    }

    /// Whether the replica has replayed past `token`, waiting up to
    /// [`REPLICA_WAIT`] for it: false when it has not (or cannot be asked),
    /// and the primary must answer.
    pub async fn caught_up_with(&self, token: Lsn) -> bool {
        if self.state.replayed.load(Ordering::Relaxed) >= token.0 {
            return true;
        }
        let deadline = tokio::time::Instant::now() + REPLICA_WAIT;
        loop {
            match replayed_position(&self.state.positions).await {
                Ok(replayed) => {
                    self.state.replayed.fetch_max(replayed.0, Ordering::Relaxed);
                    if replayed >= token {
                        return true;
                    }
                }
                Err(_) => return false,
            }
            if tokio::time::Instant::now() + REPLICA_POLL >= deadline {
                return false;
            }
            tokio::time::sleep(REPLICA_POLL).await;
        }
    }

    /// Measures how far the replica is behind `primary` (bytes of WAL), for
    /// the lag metric, and whether it answers at all; `None` when either
    /// cannot be asked. Called with every health probe, so reads stop going
    /// to a replica that is away within one probe interval.
    pub async fn measure_lag(&self, primary: &DatabaseConnection, within: Duration) -> Option<u64> {
        let replayed = tokio::time::timeout(within, replayed_position(&self.state.positions)).await;
        let Ok(Ok(replayed)) = replayed else {
            self.state.reachable.store(false, Ordering::Relaxed);
            return None;
        };
        self.state.reachable.store(true, Ordering::Relaxed);
        self.state.replayed.fetch_max(replayed.0, Ordering::Relaxed);
        let written = tokio::time::timeout(within, primary_position(primary))
            .await
            .ok()?
            .ok()?;
        Some(written.0.saturating_sub(replayed.0))
    }

    /// Whether the replica answered its last probe: reads skip one that did not.
    pub fn is_reachable(&self) -> bool {
        self.state.reachable.load(Ordering::Relaxed)
    }

    /// Notes that a read found the replica away (until the next probe).
    pub fn mark_unreachable(&self) {
        self.state.reachable.store(false, Ordering::Relaxed);
    }
}
