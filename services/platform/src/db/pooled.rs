//! PostgreSQL behind a pooler in transaction mode (`AGENTBASE_DB_POOLER=transaction`;
//! docs/OPERATIONS.md, "Transaction pooling").
//!
//! Such a pooler (PgBouncer ≥ 1.21) lends a server connection for one
//! transaction at a time: nothing set on a session survives the transaction
//! that set it, and a startup parameter it does not know refuses the
//! connection. So no setting rides on the connection; each transaction sets
//! its own, `SET LOCAL`-style (`set_config(…, true)`):
//!
//! - a checkout for one or more statements outside a transaction opens a
//!   read-only transaction with the settings in one round trip and ends it
//!   when the connection goes back. Read-only, because a write committed only
//!   when the connection went back would be answered before it is durable:
//!   writes take a transaction of their own ([`begin`]).
//! - a transaction ([`begin`]) sets them as its first statement.
//!
//! The settings: the calling tenant (`confine`), the context's schema as the
//! search path, `jit` off, `client_connection_check_interval`, and the time
//! the call has left as `statement_timeout`.

use std::time::Duration;

use sea_orm::{
    AccessMode, ConnectionTrait, DatabaseConnection, DatabaseTransaction, DbBackend, DbErr, IsolationLevel, Statement,
    TransactionTrait, sqlx,
};

use sqlx_core::transaction::TransactionManager;

use super::{bound, quote_ident};

tokio::task_local! {
    /// Set while a checkout is taken to begin a transaction ([`begin`]):
    /// the transaction sets its settings itself.
    static OPENING_TRANSACTION: ();
}

/// The prefix of every pool's `application_name`; the rest is the context,
/// whose schema is the search path.
pub(super) const APPLICATION_PREFIX: &str = "agentbase-";

/// Whether the connections of `options` carry no session settings: the
/// pool is behind a transaction pooler (direct pools send theirs as the
/// `options` startup parameter).
fn settings_per_transaction(options: &sqlx::postgres::PgConnectOptions) -> bool {
    options.get_options().is_none()
        && options
            .get_application_name()
            .is_some_and(|name| name.starts_with(APPLICATION_PREFIX))
}

/// Begins a transaction on `db`, with `isolation` and `access` when given.
/// Behind a transaction pooler its first statement sets what no session
/// keeps; everywhere else it is `db.begin_with_config`.
pub async fn begin_with(
    db: &DatabaseConnection,
    isolation: Option<IsolationLevel>,
    access: Option<AccessMode>,
) -> Result<DatabaseTransaction, DbErr> {
    if db.get_database_backend() != DbBackend::Postgres {
        return db.begin_with_config(isolation, access).await;
    }
    // The BEGIN runs in a task of its own. A call dropped after sending it
    // but before reading its answer (a deadline, a caller gone) left the
    // server in a transaction the driver did not count, and the connection
    // went back to the pool idle in it: behind a pooler it held a server
    // connection for good. Here the task reads the answer whatever becomes
    // of the call, and a transaction nobody takes is rolled back when it drops.
    let begun = {
        let db = db.clone();
        crate::tenant::spawn(
            OPENING_TRANSACTION.scope((), async move { db.begin_with_config(isolation, access).await }),
        )
    };
    let txn = begun
        .await
        .map_err(|_| DbErr::Custom("the task beginning a transaction ended".into()))??;
    let options = db.get_postgres_connection_pool().connect_options();
    if !settings_per_transaction(&options) {
        return Ok(txn);
    }
    let schema = options
        .get_application_name()
        .and_then(|name| name.strip_prefix(APPLICATION_PREFIX))
        .unwrap_or_default()
        .to_owned();
    let tenant = crate::tenant::current();
    txn.execute_raw(Statement::from_string(
        DbBackend::Postgres,
        settings_sql(&tenant, &schema, bound::time_left()),
    ))
    .await?;
    Ok(txn)
}

/// Whether `db`'s connections reach PostgreSQL through a transaction
/// pooler, where a statement outside a transaction may only read.
pub fn behind_transaction_pooler(db: &DatabaseConnection) -> bool {
    db.get_database_backend() == DbBackend::Postgres
        && settings_per_transaction(&db.get_postgres_connection_pool().connect_options())
}

/// Where a write of one statement runs so that it is committed when the
/// statement returns: the pool itself (the statement commits alone), or,
/// behind a transaction pooler, a transaction of its own that
/// [`OneWrite::commit`] ends (one statement on its own there may only read).
pub enum OneWrite {
    /// The statement commits by itself.
    Alone(DatabaseConnection),
    /// The statement runs in this transaction.
    InTransaction(DatabaseTransaction),
}

impl OneWrite {
    /// The place for a one-statement write on `db`.
    pub async fn on(db: &DatabaseConnection) -> Result<Self, DbErr> {
        if behind_transaction_pooler(db) {
            Ok(Self::InTransaction(begin(db).await?))
        } else {
            Ok(Self::Alone(db.clone()))
        }
    }

    /// Commits the write (when it ran in a transaction of its own).
    pub async fn commit(self) -> Result<(), DbErr> {
        match self {
            Self::Alone(_) => Ok(()),
            Self::InTransaction(txn) => txn.commit().await,
        }
    }
}

/// Runs `$call` on whichever connection a [`OneWrite`] holds.
macro_rules! on_either {
    ($write:expr, $conn:ident => $call:expr) => {
        match $write {
            OneWrite::Alone($conn) => $call,
            OneWrite::InTransaction($conn) => $call,
        }
    };
}

#[async_trait::async_trait]
impl ConnectionTrait for OneWrite {
    fn get_database_backend(&self) -> DbBackend {
        on_either!(self, conn => conn.get_database_backend())
    }

    async fn execute_raw(&self, statement: Statement) -> Result<sea_orm::ExecResult, DbErr> {
        on_either!(self, conn => conn.execute_raw(statement).await)
    }

    async fn execute_unprepared(&self, sql: &str) -> Result<sea_orm::ExecResult, DbErr> {
        on_either!(self, conn => conn.execute_unprepared(sql).await)
    }

    async fn query_one_raw(&self, statement: Statement) -> Result<Option<sea_orm::QueryResult>, DbErr> {
        on_either!(self, conn => conn.query_one_raw(statement).await)
    }

    async fn query_all_raw(&self, statement: Statement) -> Result<Vec<sea_orm::QueryResult>, DbErr> {
        on_either!(self, conn => conn.query_all_raw(statement).await)
    }

    fn support_returning(&self) -> bool {
        on_either!(self, conn => conn.support_returning())
    }
}

/// Begins a read-write transaction on `db` (see [`begin_with`]).
pub async fn begin(db: &DatabaseConnection) -> Result<DatabaseTransaction, DbErr> {
    begin_with(db, None, None).await
}

/// Fits a connection checked out of a pool behind a transaction pooler:
/// unless the checkout begins a transaction of its own, opens a read-only
/// one with the settings (one round trip), which [`settle`] ends.
pub(super) async fn open(
    conn: &mut sqlx::PgConnection,
    schema: &str,
    tenant: &str,
    default_timeout: Duration,
) -> Result<(), sqlx::Error> {
    if OPENING_TRANSACTION.try_with(|()| ()).is_ok() {
        return Ok(());
    }
    let timeout = bound::time_left().or(Some(default_timeout).filter(|t| !t.is_zero()));
    let begin = format!("BEGIN READ ONLY; {}", settings_sql(tenant, schema, timeout));
    sqlx::postgres::PgTransactionManager::begin(conn, Some(sqlx::SqlSafeStr::into_sql_str(sqlx::AssertSqlSafe(begin))))
        .await
}

/// Ends the transaction [`open`] began, as the connection goes back to the
/// pool; false when the connection cannot be kept.
pub(super) async fn settle(conn: &mut sqlx::PgConnection) -> bool {
    if !bound::settles(conn).await {
        return false;
    }
    while sqlx::postgres::PgTransactionManager::get_transaction_depth(conn) > 0 {
        if sqlx::postgres::PgTransactionManager::rollback(conn).await.is_err() {
            return false;
        }
    }
    true
}

/// One statement that sets, for the running transaction, what a session
/// would otherwise keep. Values are literals: `BEGIN` goes as a simple query,
/// which takes no parameters; a tenant name is letters, digits, `.`, `_`
/// and `-` (`tenant::is_valid`), a schema a context's name.
fn settings_sql(tenant: &str, schema: &str, statement_timeout: Option<Duration>) -> String {
    let mut sql = format!(
        "SELECT set_config('agentbase.tenant', {}, true), set_config('search_path', {}, true), \
         set_config('jit', 'off', true), set_config('client_connection_check_interval', '{}', true)",
        literal(tenant),
        literal(&quote_ident(schema)),
        bound::CLIENT_CHECK_INTERVAL_MS,
    );
    if let Some(timeout) = statement_timeout {
        // At least 1 ms: 0 would mean no timeout at all. A transaction left
        // open by a call that is gone ends as soon (its server session with
        // it), so it never holds the pooler's server connection for long.
        let millis = timeout.as_millis().max(1);
        sql.push_str(&format!(
            ", set_config('statement_timeout', '{millis}', true), \
             set_config('idle_in_transaction_session_timeout', '{}', true)",
            millis + IDLE_IN_TRANSACTION_MARGIN_MS
        ));
    }
    sql
}

/// How much longer than its statements a transaction may sit idle.
const IDLE_IN_TRANSACTION_MARGIN_MS: u128 = 1_000;

/// `text` as a SQL string literal.
fn literal(text: &str) -> String {
    format!("'{}'", text.replace('\'', "''"))
}

/// Whether the pooler in front of `db` lends named prepared statements
/// safely: PgBouncer ≥ 1.21 with `max_prepared_statements` renames them
/// (`PGBOUNCER_…`) and prepares them on whichever server it lends. A pooler
/// that passes the driver's names through (`sqlx_s_…`) fails the first time
/// two clients share a server; asked at start-up, the problem is said at
/// once. `None` when all is well, else what is wrong.
pub async fn check_statement_tracking(db: &DatabaseConnection) -> Result<Option<String>, DbErr> {
    let marker = format!("agentbase pooler check {}", uuid::Uuid::now_v7().simple());
    let txn = begin(db).await?;
    txn.query_one_raw(Statement::from_sql_and_values(
        DbBackend::Postgres,
        format!("SELECT $1::text AS marker /* {marker} */"),
        [marker.clone().into()],
    ))
    .await?;
    let names = txn
        .query_all_raw(Statement::from_sql_and_values(
            DbBackend::Postgres,
            "SELECT name FROM pg_prepared_statements WHERE statement LIKE $1",
            [format!("%{marker}%").into()],
        ))
        .await?;
    txn.rollback().await?;
    let passed_through = names
        .iter()
        .filter_map(|row| row.try_get::<String>("", "name").ok())
        .any(|name| name.starts_with("sqlx_s_"));
    Ok(passed_through.then(untracked_statements))
}

fn untracked_statements() -> String {
    "AGENTBASE_DB_POOLER=transaction, but the driver's prepared statements reach the server under their own \
     names: the pooler does not track them (PgBouncer 1.21 or later with max_prepared_statements above 0), \
     or there is no pooler (unset AGENTBASE_DB_POOLER)"
        .to_owned()
}

/// What is wrong when `err` is a prepared statement that already exists or
/// does not (SQLSTATE 42P05, 26000): what a pooler that does not track them
/// answers as soon as two clients share a server.
pub fn statement_clash(err: &DbErr) -> Option<String> {
    let code = match err {
        DbErr::Conn(sea_orm::RuntimeErr::SqlxError(e))
        | DbErr::Exec(sea_orm::RuntimeErr::SqlxError(e))
        | DbErr::Query(sea_orm::RuntimeErr::SqlxError(e)) => match e.as_ref() {
            sqlx::Error::Database(db) => db.code().map(|code| code.into_owned()),
            _ => None,
        },
        _ => None,
    }?;
    matches!(code.as_str(), "42P05" | "26000").then(untracked_statements)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn settings_are_literals_for_the_transaction() {
        let sql = settings_sql("acme", "sessions", Some(Duration::from_micros(10)));
        assert_eq!(
            sql,
            "SELECT set_config('agentbase.tenant', 'acme', true), set_config('search_path', '\"sessions\"', true), \
             set_config('jit', 'off', true), set_config('client_connection_check_interval', '250', true), \
             set_config('statement_timeout', '1', true), set_config('idle_in_transaction_session_timeout', '1001', true)"
        );
        assert!(settings_sql("o'hara", "s", None).contains("'o''hara'"));
    }
}
