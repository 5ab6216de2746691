//! A few PostgreSQL connections kept by the process for one-statement reads.
//!
//! sqlx pings every connection it gets back (a Sync round trip, in a spawned
//! task) before another caller may have it, whatever the connection just did
//! and with no option to turn it off. On a one-statement read that is a second
//! round trip for the database to answer, and the hottest reads paid about a
//! tenth of their throughput for it (docs/ARCHITECTURE.md). The lane keeps
//! the connections of its own small pool checked out and hands them from one
//! read to the next; a connection goes back through sqlx — and its ping —
//! only when a read on it failed or was cancelled, or when it is retired.

use std::{
    sync::{Arc, Mutex},
    time::Duration,
};

use sea_orm::{
    ConnAcquireErr, ConnectionTrait, Database, DatabaseConnection, DbBackend, DbErr, ExecResult, QueryResult,
    RuntimeErr, Statement, sqlx,
    sqlx::{Postgres, pool::PoolConnection},
};
use sea_query_sqlx::SqlxValues;
use tokio::sync::Semaphore;

use super::{
    DbSetupError, OutageMark, PING_WHEN_IDLE_FOR, Replica, StatementCounter, postgres_options, since_process_start,
};
use crate::db::{DatabaseTarget, PoolConfig, Pooler};

/// A context's connection for reads of one statement: on PostgreSQL they run
/// on the lane's held connections; everything else (writes, and every
/// statement on SQLite or with a lane of size 0) goes to the context's pool.
///
/// With a read replica ([`Replica`]) the held connections are the replica's:
/// a read without a consistency token runs there; one with a token runs
/// there once the replica has replayed past it, else on the pool (the
/// primary), as does a read the replica fails with an outage.
#[derive(Clone)]
pub struct ReadLane {
    db: DatabaseConnection,
    held: Option<Arc<Held>>,
    replica: Option<Replica>,
}

struct Held {
    pool: sqlx::PgPool,
    connections: usize,
    idle: Mutex<Vec<IdleConnection>>,
    turns: Semaphore,
    acquire_timeout: Duration,
    max_lifetime: Duration,
    outages: OutageMark,
    statements: StatementCounter,
}

struct IdleConnection {
    connection: PoolConnection<Postgres>,
    /// The tenant the connection is confined to (`confine`).
    tenant: String,
    taken_at: Duration,
    idle_since: Duration,
}

impl ReadLane {
    /// The lane of `context` beside its pool `db`, with `pool.read_connections`
    /// connections of its own (none on SQLite or when that is 0) to the
    /// primary or to `replica`, counting its statements into `statements` as
    /// `db` does.
    pub async fn open(
        context: &str,
        target: &DatabaseTarget,
        pool: &PoolConfig,
        outages: &OutageMark,
        statements: &StatementCounter,
        db: DatabaseConnection,
        replica: Option<Replica>,
    ) -> Result<Self, DbSetupError> {
        // Behind a transaction pooler a held connection is no session: each
        // read would need a transaction of its own, which the pool's checkout
        // already opens (`pooled`). A replica is reached directly.
        let url = match (target, &replica) {
            (DatabaseTarget::Postgres { .. }, Some(replica)) if pool.read_connections > 0 => replica.url(),
            (DatabaseTarget::Postgres { url }, None) if pool.read_connections > 0 && pool.pooler == Pooler::None => url,
            _ => {
                return Ok(Self {
                    db,
                    held: None,
                    replica: None,
                });
            }
        };
        let pool = &PoolConfig {
            pooler: if replica.is_some() { Pooler::None } else { pool.pooler },
            ..pool.clone()
        };
        let mut options = postgres_options(context, url, pool, outages);
        options
            .max_connections(pool.read_connections)
            .min_connections(0)
            // Opened on first use, like the docs say: start-up does not wait for it.
            .connect_lazy(true);
        let lane = Database::connect(options)
            .await
            .map_err(|source| DbSetupError::Connect {
                context: context.to_owned(),
                cause: source,
            })?;
        let held = Held {
            pool: lane.get_postgres_connection_pool().clone(),
            connections: pool.read_connections as usize,
            idle: Mutex::new(Vec::new()),
            turns: Semaphore::new(pool.read_connections as usize),
            acquire_timeout: pool.acquire_timeout,
            max_lifetime: pool.max_lifetime,
            outages: outages.clone(),
            statements: statements.clone(),
        };
        Ok(Self {
            db,
            held: Some(Arc::new(held)),
            replica,
        })
    }

    /// Runs a read of one statement: on the held connections, or where the
    /// replica cannot answer it fresh enough, on the pool.
    async fn read(&self, held: &Held, statement: Statement) -> Result<Vec<QueryResult>, DbErr> {
        let Some(replica) = &self.replica else {
            return held.fetch_all(statement).await;
        };
        let fresh_enough = replica.is_reachable()
            && match crate::consistency::read_after() {
                None => true,
                Some(token) => replica.caught_up_with(token).await,
            };
        if fresh_enough {
            match held.fetch_all(statement.clone()).await {
                Err(err) if super::is_transient(&err) => replica.mark_unreachable(),
                answered => {
                    replica.count_read(true);
                    return answered;
                }
            }
        }
        replica.count_read(false);
        self.db.query_all_raw(statement).await
    }

    /// How many reads the lane runs at once (0 when it has no connections of
    /// its own and every read goes to the pool).
    pub fn connections(&self) -> usize {
        self.held.as_ref().map_or(0, |held| held.connections)
    }

    /// The context's pool, for everything but the lane's reads.
    pub fn pool(&self) -> &DatabaseConnection {
        &self.db
    }
}

impl Held {
    async fn fetch_all(&self, statement: Statement) -> Result<Vec<QueryResult>, DbErr> {
        let _turn = tokio::time::timeout(self.acquire_timeout, self.turns.acquire())
            .await
            .map_err(|_| DbErr::ConnectionAcquire(ConnAcquireErr::Timeout))?
            .map_err(|_| DbErr::ConnectionAcquire(ConnAcquireErr::ConnectionClosed))?;
        let tenant = crate::tenant::current();
        let (mut connection, taken_at) = match self.reusable(&tenant) {
            Some(idle) => {
                let mut connection = idle.connection;
                if idle.tenant != tenant {
                    super::confine::set_tenant(&mut connection, &tenant)
                        .await
                        .map_err(|e| DbErr::Query(RuntimeErr::SqlxError(e.into())))?;
                }
                (connection, idle.taken_at)
            }
            // The pool's checkout confines it to this call's tenant.
            None => {
                let connection = self.pool.acquire().await.map_err(acquire_error)?;
                (connection, since_process_start())
            }
        };
        let values = statement.values.unwrap_or(sea_orm::Values(Vec::new()));
        let rows = sqlx::query_with(sqlx::AssertSqlSafe(statement.sql), SqlxValues(values))
            .fetch_all(&mut *connection)
            .await;
        self.statements.add();
        // A failed read's connection goes back through sqlx, whose ping finds
        // out whether it is still usable; so does the connection of a read
        // cancelled mid-way, which is dropped with this future.
        let rows = rows.map_err(|e| DbErr::Query(RuntimeErr::SqlxError(e.into())))?;
        self.keep(IdleConnection {
            connection,
            tenant,
            taken_at,
            idle_since: since_process_start(),
        });
        Ok(rows.into_iter().map(QueryResult::from).collect())
    }

    /// The most recently used idle connection that is still fit to use, one
    /// already confined to `tenant` if there is one. Connections the lane
    /// retires are dropped here, outside its lock.
    fn reusable(&self, tenant: &str) -> Option<IdleConnection> {
        let now = since_process_start();
        let mut retired = Vec::new();
        let mut idle = self.idle.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        if let Some(same) = idle.iter().rposition(|candidate| candidate.tenant == tenant) {
            let last = idle.len() - 1;
            idle.swap(same, last);
        }
        let found = loop {
            let Some(candidate) = idle.pop() else { break None };
            // Idle long enough to have been cut, held past the pool's
            // lifetime, or taken before an outage the probe saw: sqlx pings,
            // recycles or replaces it (`base_options`, `OutageMark`).
            let stale = now.saturating_sub(candidate.idle_since) > PING_WHEN_IDLE_FOR
                || now.saturating_sub(candidate.taken_at) > self.max_lifetime
                || self.outages.predates(now.saturating_sub(candidate.taken_at));
            if stale {
                retired.push(candidate);
            } else {
                break Some(candidate);
            }
        };
        drop(idle);
        drop(retired);
        found
    }

    fn keep(&self, connection: IdleConnection) {
        self.idle
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
            .push(connection);
    }
}

/// A failure to get a connection, as sea-orm reports it for its own pool.
fn acquire_error(err: sqlx::Error) -> DbErr {
    match err {
        sqlx::Error::PoolTimedOut => DbErr::ConnectionAcquire(ConnAcquireErr::Timeout),
        sqlx::Error::PoolClosed => DbErr::ConnectionAcquire(ConnAcquireErr::ConnectionClosed),
        other => DbErr::Conn(RuntimeErr::SqlxError(other.into())),
    }
}

#[async_trait::async_trait]
impl ConnectionTrait for ReadLane {
    fn get_database_backend(&self) -> DbBackend {
        self.db.get_database_backend()
    }

    async fn execute_raw(&self, statement: Statement) -> Result<ExecResult, DbErr> {
        self.db.execute_raw(statement).await
    }

    async fn execute_unprepared(&self, sql: &str) -> Result<ExecResult, DbErr> {
        self.db.execute_unprepared(sql).await
    }

    async fn query_one_raw(&self, statement: Statement) -> Result<Option<QueryResult>, DbErr> {
        match &self.held {
            Some(held) => Ok(self.read(held, statement).await?.into_iter().next()),
            None => self.db.query_one_raw(statement).await,
        }
    }

    async fn query_all_raw(&self, statement: Statement) -> Result<Vec<QueryResult>, DbErr> {
        match &self.held {
            Some(held) => self.read(held, statement).await,
            None => self.db.query_all_raw(statement).await,
        }
    }

    fn support_returning(&self) -> bool {
        self.db.support_returning()
    }
}
