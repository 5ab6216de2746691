//! Database connections: a PostgreSQL schema per context, or a SQLite file per context.

use std::{
    collections::HashMap,
    path::PathBuf,
    sync::{
        Arc, OnceLock,
        atomic::{AtomicU64, Ordering},
    },
    time::Duration,
};

use sea_orm::{
    ColumnTrait, ConnectionTrait, Database, DatabaseConnection, DatabaseTransaction, DbBackend, DbErr, EntityTrait,
    QueryFilter, QuerySelect, Statement, sea_query::Expr,
};
use uuid::Uuid;

pub use crate::failure::{DbFailure, classify, is_transient, without_credentials};

mod bound;
mod coalesce;
mod confine;
mod options;
mod pooled;
mod read_lane;
mod replica;
mod sql;
mod workers;

pub use bound::{bounded_by, time_left};
pub use coalesce::Coalescer;
use options::{PING_WHEN_IDLE_FOR, base_options, postgres_options, sqlite_options};
pub use pooled::{OneWrite, begin, begin_with, behind_transaction_pooler, check_statement_tracking};
pub use read_lane::ReadLane;
pub use replica::{REPLICA_WAIT, Replica};
pub use sql::{
    StatementText, escape_like, json_array_contains, placeholder, quote_ident, search_text_contains, search_text_has,
};
pub use workers::{watch_worker_deaths, worker_deaths};

/// Why a context's database could not be opened or migrated.
#[derive(Debug, thiserror::Error)]
pub enum DbSetupError {
    /// The database refused or could not be reached. Its text never holds a
    /// connection string's credentials ([`without_credentials`]): the driver
    /// quotes the whole URL in some errors, password and all, and the error
    /// is not offered as a `source` for a reporter to print unredacted.
    #[error("cannot open the {context} database: {}", without_credentials(&cause.to_string()))]
    Connect {
        /// The context whose database failed.
        context: String,
        /// The driver error.
        cause: DbErr,
    },
    /// The SQLite data directory could not be created.
    #[error("cannot create the data directory {path}: {source}")]
    DataDir {
        /// The directory.
        path: String,
        /// The I/O error.
        #[source]
        source: std::io::Error,
    },
    /// The pooler in front of the database does not fit agentbase (`pooled`).
    #[error("the {context} database's pooler: {problem}")]
    Pooler {
        /// The context whose database failed.
        context: String,
        /// What is wrong, and what to change.
        problem: String,
    },
    /// A migration failed.
    #[error("migrating the {context} schema failed: {}", without_credentials(&cause.to_string()))]
    Migrate {
        /// The context whose migration failed.
        context: String,
        /// The migration error.
        cause: DbErr,
    },
}

/// Opens the database of `context`.
///
/// On PostgreSQL the schema named after the context is created if missing and
/// becomes the connection's `search_path`, so the context's tables and its
/// `seaql_migrations` live there. On SQLite the file is opened with WAL,
/// `synchronous=FULL`, a 5 s busy timeout and foreign keys on.
///
/// A database that is away or too busy to answer (see [`is_transient`]) is
/// retried with backoff for `pool.startup_timeout`: in a deployment the
/// process and its database often start together, and on a loaded node the
/// first connection can take longer than `acquire_timeout`.
///
/// `outages` is where the context's health probe marks the moments it finds
/// the database away; see [`OutageMark`].
pub async fn connect(
    context: &str,
    target: &DatabaseTarget,
    pool: &PoolConfig,
    outages: &OutageMark,
) -> Result<DatabaseConnection, DbSetupError> {
    retry_at_startup(context, pool, || open_once(context, target, pool, outages)).await
}

/// The last moment a context's health probe found its database away.
///
/// Pooled connections in steady use are not pinged at checkout (see
/// `base_options`), so one that an outage cut could be handed out after the
/// database is back. Checkout therefore drops every connection opened before
/// the last mark and opens a fresh one: once the probe has seen an outage, no
/// call pays for it after the database returns.
#[derive(Clone, Debug, Default)]
pub struct OutageMark(Arc<AtomicU64>);

impl OutageMark {
    /// Records that the database is away now.
    pub fn mark(&self) {
        let now = u64::try_from(since_process_start().as_millis()).unwrap_or(u64::MAX);
        self.0.store(now.max(1), Ordering::Relaxed);
    }

    /// Whether a connection opened `age` ago was opened before the last mark.
    fn predates(&self, age: Duration) -> bool {
        let marked = self.0.load(Ordering::Relaxed);
        marked != 0 && since_process_start().saturating_sub(age) <= Duration::from_millis(marked)
    }
}

fn since_process_start() -> Duration {
    static START: OnceLock<std::time::Instant> = OnceLock::new();
    START.get_or_init(std::time::Instant::now).elapsed()
}

/// Whether the server refused the connection for a reason waiting will not
/// change: a wrong password or an unknown role (SQLSTATE class 28), or an
/// unknown database (3D000). Start-up says so at once instead of retrying.
fn refused_for_good(err: &DbErr) -> bool {
    let DbErr::Conn(sea_orm::RuntimeErr::SqlxError(err)) = err else {
        return false;
    };
    matches!(err.as_ref(), sea_orm::sqlx::Error::Database(db)
        if db.code().is_some_and(|code| code.starts_with("28") || code == "3D000"))
}

/// Runs `attempt` until it succeeds, fails for good, or `pool.startup_timeout` has passed.
async fn retry_at_startup<T, F, Fut>(context: &str, pool: &PoolConfig, mut attempt: F) -> Result<T, DbSetupError>
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = Result<T, DbSetupError>>,
{
    let deadline = tokio::time::Instant::now() + pool.startup_timeout;
    let mut pause = Duration::from_millis(100);
    loop {
        match attempt().await {
            Err(DbSetupError::Connect { cause: source, .. })
                if is_transient(&source)
                    && !refused_for_good(&source)
                    && tokio::time::Instant::now() + pause < deadline =>
            {
                tracing::warn!(context, error = %without_credentials(&source.to_string()), retry_in_ms = pause.as_millis() as u64, "database not ready; retrying");
                tokio::time::sleep(pause).await;
                pause = (pause * 2).min(Duration::from_secs(2));
            }
            outcome => return outcome,
        }
    }
}

async fn open_once(
    context: &str,
    target: &DatabaseTarget,
    pool: &PoolConfig,
    outages: &OutageMark,
) -> Result<DatabaseConnection, DbSetupError> {
    let connect_error = |source: DbErr| match pooled::statement_clash(&source) {
        // Behind a pooler that lends one server's prepared statements to
        // every client, the driver's names collide before any check can run.
        Some(problem) if pool.pooler == Pooler::Transaction => DbSetupError::Pooler {
            context: context.to_owned(),
            problem,
        },
        _ => DbSetupError::Connect {
            context: context.to_owned(),
            cause: source,
        },
    };
    match target {
        DatabaseTarget::Postgres { url } => {
            let bootstrap = Database::connect(base_options(url, pool).max_connections(1).to_owned())
                .await
                .map_err(connect_error)?;
            // Least-privilege roles may use but not create schemas: look before creating.
            let exists = bootstrap
                .query_one_raw(sea_orm::Statement::from_sql_and_values(
                    DbBackend::Postgres,
                    "SELECT 1 FROM pg_namespace WHERE nspname = $1",
                    [context.into()],
                ))
                .await
                .map_err(connect_error)?
                .is_some();
            if !exists {
                let created = bootstrap
                    .execute_unprepared(&format!("CREATE SCHEMA IF NOT EXISTS {}", quote_ident(context)))
                    .await;
                // `IF NOT EXISTS` does not make two creates at once safe: the
                // one that loses the race fails on the catalogue's unique
                // index (replicas starting together). The schema is there.
                match created {
                    Ok(_) => {}
                    Err(err) if matches!(classify(&err), DbFailure::UniqueViolation(_)) => {}
                    Err(err) => return Err(connect_error(err)),
                }
            }
            bootstrap.close().await.map_err(connect_error)?;

            let db = Database::connect(postgres_options(context, url, pool, outages))
                .await
                .map_err(connect_error)?;
            if pool.pooler == Pooler::Transaction
                && let Some(problem) = check_statement_tracking(&db).await.map_err(connect_error)?
            {
                return Err(DbSetupError::Pooler {
                    context: context.to_owned(),
                    problem,
                });
            }
            Ok(db)
        }
        DatabaseTarget::Sqlite { path } => {
            if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
                std::fs::create_dir_all(dir).map_err(|source| DbSetupError::DataDir {
                    path: dir.display().to_string(),
                    source,
                })?;
            }
            Database::connect(sqlite_options(path, pool))
                .await
                .map_err(connect_error)
        }
    }
}

/// A one-connection pool to the database of `context` for health probes,
/// apart from the context's pool so that load never reads as an outage.
pub async fn connect_probe(
    context: &str,
    target: &DatabaseTarget,
    pool: &PoolConfig,
) -> Result<DatabaseConnection, DbSetupError> {
    let probe = PoolConfig {
        max_connections: 1,
        min_connections: 0,
        connect_timeout: pool.connect_timeout.min(PROBE_TIMEOUT),
        acquire_timeout: pool.acquire_timeout.min(PROBE_TIMEOUT),
        ..pool.clone()
    };
    let options = match target {
        DatabaseTarget::Postgres { url } => base_options(url, &probe),
        DatabaseTarget::Sqlite { path } => {
            let mut options = sqlite_options(path, &probe);
            // A held write lock fails the probe within its own time.
            options.map_sqlx_sqlite_opts(|opts| opts.busy_timeout(PROBE_TIMEOUT / 2));
            options
        }
    };
    retry_at_startup(context, pool, || async {
        Database::connect(options.clone())
            .await
            .map_err(|source| DbSetupError::Connect {
                context: context.to_owned(),
                cause: source,
            })
    })
    .await
}

/// What a health probe found of a context's database.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ProbeFinding {
    /// It answers and accepts writes.
    Writable,
    /// It answers but cannot take a write now: reads still work.
    ReadOnly,
    /// It does not answer.
    Away,
}

/// Whether the context can write now, asked of its probe connection `probe`:
/// answering is not enough. PostgreSQL: the server is a primary and the
/// session is not read-only (a failover can leave a pool on a standby, or a
/// database set read-only). SQLite: the write lock can be taken and given
/// back (a connection that died holding it, or another process, keeps it),
/// in this process's turn among writers (`write_turn`).
pub async fn probe_writable(probe: &DatabaseConnection) -> ProbeFinding {
    match probe.get_database_backend() {
        DbBackend::Postgres => {
            let row = probe
                .query_one_raw(Statement::from_string(
                    DbBackend::Postgres,
                    "SELECT NOT pg_is_in_recovery() AND current_setting('transaction_read_only') = 'off' AS writable",
                ))
                .await;
            match row.map(|row| row.map(|row| row.try_get::<bool>("", "writable"))) {
                Ok(Some(Ok(true))) => ProbeFinding::Writable,
                Ok(Some(Ok(false))) => ProbeFinding::ReadOnly,
                _ => ProbeFinding::Away,
            }
        }
        _ => {
            let _turn = write_turn(probe).await;
            // One command: the worker runs both statements even if this
            // future is dropped between them, so the lock is never kept.
            match probe.execute_unprepared("BEGIN IMMEDIATE; ROLLBACK").await {
                Ok(_) => ProbeFinding::Writable,
                Err(err) if is_transient(&err) => ProbeFinding::ReadOnly,
                Err(_) => ProbeFinding::Away,
            }
        }
    }
}

/// How long one health probe may wait for its database.
pub const PROBE_TIMEOUT: Duration = Duration::from_millis(800);

/// Connection pool settings shared by every context.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PoolConfig {
    /// Upper bound of open connections per context.
    pub max_connections: u32,
    /// Connections kept open while idle.
    pub min_connections: u32,
    /// PostgreSQL connections per context, beyond `max_connections`, that the
    /// context holds for its hottest one-statement reads (`db::ReadLane`).
    pub read_connections: u32,
    /// How long to wait for a new connection to be established.
    pub connect_timeout: Duration,
    /// How long a query waits for a free connection before failing as UNAVAILABLE.
    pub acquire_timeout: Duration,
    /// Idle connections are closed after this long.
    pub idle_timeout: Duration,
    /// Connections are recycled after this long.
    pub max_lifetime: Duration,
    /// How long startup keeps retrying a database that is away or slow to
    /// answer before the process gives up.
    pub startup_timeout: Duration,
    /// The longest a PostgreSQL statement of this pool may run (its
    /// sessions' `statement_timeout`): the longest deadline a call can have,
    /// so no statement outlives every call; zero for none (migrations).
    pub statement_timeout: Duration,
    /// What stands between the pools and PostgreSQL (`AGENTBASE_DB_POOLER`).
    pub pooler: Pooler,
}

/// What stands between agentbase's pools and PostgreSQL.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Pooler {
    /// Nothing, or a pooler in session mode: a connection is one server
    /// session, which keeps what is set on it.
    #[default]
    None,
    /// A pooler in transaction mode (PgBouncer 1.21 or later with
    /// `max_prepared_statements`): settings are made per transaction, and
    /// LISTEN takes a direct connection of its own (`pooled`).
    Transaction,
}

/// Where one context's tables live.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DatabaseTarget {
    /// A PostgreSQL database; the context uses the schema named after it.
    Postgres {
        /// `postgres://…` connection URL.
        url: String,
    },
    /// An embedded SQLite file.
    Sqlite {
        /// The database file.
        path: PathBuf,
    },
}

/// Counts the SQL statements a process sends, across every context's pool.
///
/// Feeds query-count assertions in tests (a list page must cost the same
/// number of statements whatever the table size) and, later, metrics.
#[derive(Debug, Clone, Default)]
pub struct StatementCounter(std::sync::Arc<std::sync::atomic::AtomicU64>);

impl StatementCounter {
    /// Statements sent so far.
    pub fn get(&self) -> u64 {
        self.0.load(std::sync::atomic::Ordering::Relaxed)
    }

    fn add(&self) {
        self.0.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    }

    /// Makes `db` count every statement it sends into this counter.
    pub fn attach(&self, db: &mut DatabaseConnection) {
        let counter = self.clone();
        db.set_metric_callback(move |_| counter.add());
    }
}

/// A writer's turn at one SQLite database: held from before `BEGIN` until the
/// transaction ends. Writers of a process queue here, first come first served,
/// instead of inside SQLite, whose busy handler sleeps and retries so that a
/// writer can wait out most of `busy_timeout` while later ones keep winning.
/// PostgreSQL has row locks and needs no turns: there the turn is `None`.
pub async fn write_turn(db: &DatabaseConnection) -> Option<tokio::sync::OwnedMutexGuard<()>> {
    if db.get_database_backend() != DbBackend::Sqlite {
        return None;
    }
    let file = db
        .get_sqlite_connection_pool()
        .connect_options()
        .get_filename()
        .to_path_buf();
    let turns = {
        static TURNS: std::sync::OnceLock<std::sync::Mutex<HashMap<PathBuf, Arc<tokio::sync::Mutex<()>>>>> =
            std::sync::OnceLock::new();
        let mut by_file = TURNS
            .get_or_init(Default::default)
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        Arc::clone(by_file.entry(file).or_default())
    };
    Some(turns.lock_owned().await)
}

/// A read-only transaction whose statements all see one snapshot of the
/// database, for reads that must agree with each other (a run's events and
/// its status). PostgreSQL: `REPEATABLE READ READ ONLY`. SQLite: a deferred
/// transaction, whose first read fixes the snapshot (WAL) until it ends.
pub async fn begin_snapshot(db: &DatabaseConnection) -> Result<DatabaseTransaction, DbErr> {
    use sea_orm::{AccessMode, IsolationLevel};
    if db.get_database_backend() == DbBackend::Postgres {
        begin_with(db, Some(IsolationLevel::RepeatableRead), Some(AccessMode::ReadOnly)).await
    } else {
        begin(db).await
    }
}

/// Makes the schema changes of `context` take turns across processes until
/// the transaction `txn` ends: replicas started together with
/// `AGENTBASE_MIGRATE=auto` migrate one after another, and each one after the
/// first finds nothing left to do. PostgreSQL: a transaction-scoped advisory
/// lock, which a transaction pooler keeps with its transaction. SQLite's
/// migrations run on a connection holding the write lock already.
pub async fn lock_schema(txn: &DatabaseTransaction, context: &str) -> Result<(), DbErr> {
    advisory_lock(txn, &["agentbase schema", context]).await
}

/// Makes the writers of one key (`parts`, digested) take turns until their
/// transactions end, where there is no row yet to lock: creates that must see
/// each other's rows. PostgreSQL: a transaction-scoped advisory lock on 64
/// bits of the key's SHA-256. SQLite's writers take turns already (`write_turn`).
pub async fn lock_key(txn: &DatabaseTransaction, parts: &[&str]) -> Result<(), DbErr> {
    // Keys are per tenant: one tenant's writers never wait for another's.
    let tenant = crate::tenant::current();
    let parts: Vec<&str> = std::iter::once(tenant.as_str()).chain(parts.iter().copied()).collect();
    advisory_lock(txn, &parts).await
}

/// PostgreSQL: a transaction-scoped advisory lock on 64 bits of the SHA-256
/// of `parts`, held until `txn` ends. Elsewhere nothing.
async fn advisory_lock(txn: &DatabaseTransaction, parts: &[&str]) -> Result<(), DbErr> {
    if txn.get_database_backend() == DbBackend::Postgres {
        let mut key = [0_u8; 8];
        key.copy_from_slice(&crate::digest::Parts::of(parts).finish()[..8]);
        txn.execute_raw(Statement::from_sql_and_values(
            DbBackend::Postgres,
            "SELECT pg_advisory_xact_lock($1)",
            [i64::from_be_bytes(key).into()],
        ))
        .await?;
    }
    Ok(())
}

/// Locks the row of `E` with this id, if the running tenant's, until the
/// transaction ends and returns it.
///
/// PostgreSQL: `SELECT … FOR UPDATE`. SQLite has no row locks: a no-op write
/// takes the database write lock first, so the transaction never has to
/// upgrade a read lock (which SQLite refuses instead of waiting).
pub async fn lock_by_id<E: EntityTrait>(
    txn: &DatabaseTransaction,
    id_column: E::Column,
    id: Uuid,
) -> Result<Option<E::Model>, DbErr> {
    let query = E::find()
        .filter(id_column.eq(id))
        .filter(crate::tenant::confined::<E>());
    match txn.get_database_backend() {
        DbBackend::Postgres => query.lock_exclusive().one(txn).await,
        _ => {
            E::update_many()
                .col_expr(id_column, Expr::col(id_column))
                .filter(id_column.eq(id))
                .filter(crate::tenant::confined::<E>())
                .exec(txn)
                .await?;
            query.one(txn).await
        }
    }
}

#[cfg(test)]
mod tests;
