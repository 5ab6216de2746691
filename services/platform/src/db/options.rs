//! How each pool connects: the options of a context's PostgreSQL pool
//! (directly, or behind a transaction pooler), of a SQLite file, and what
//! every pool shares.

use std::{path::Path, time::Duration};

use sea_orm::{ConnectOptions, sqlx};

use super::{OutageMark, PoolConfig, Pooler, bound, confine, pooled, quote_ident, workers};

/// The pool options of `context`'s schema on PostgreSQL.
pub(super) fn postgres_options(context: &str, url: &str, pool: &PoolConfig, outages: &OutageMark) -> ConnectOptions {
    let mut options = base_options(url, pool);
    let outages = outages.clone();
    let search_path = context.to_owned();
    options.set_application_name(format!("{}{context}", pooled::APPLICATION_PREFIX));
    if pool.pooler == Pooler::Transaction {
        // Nothing rides on the connection: each transaction sets it (`pooled`).
        let statement_timeout = pool.statement_timeout;
        let context = context.to_owned();
        options
            .map_sqlx_postgres_before_acquire(move |conn, meta| {
                let fresh = !outages.predates(meta.age);
                let (schema, tenant) = (search_path.clone(), crate::tenant::current());
                Box::pin(async move {
                    if fresh {
                        pooled::open(conn, &schema, &tenant, statement_timeout).await?;
                    }
                    Ok(fresh)
                })
            })
            .map_sqlx_postgres_pool_opts(move |pool| {
                // A new connection is handed out without `before_acquire`.
                let schema = context.clone();
                pool.after_release(|conn, _| Box::pin(async move { Ok(pooled::settle(conn).await) }))
                    .after_connect(move |conn, _| {
                        let (schema, tenant) = (schema.clone(), crate::tenant::current());
                        Box::pin(async move { pooled::open(conn, &schema, &tenant, statement_timeout).await })
                    })
            });
        return options;
    }
    let idle_in_transaction =
        (!pool.statement_timeout.is_zero()).then(|| (pool.statement_timeout.as_millis() + 1_000).to_string());
    options
        // Every statement agentbase sends is a short indexed read or write.
        // JIT compiles a plan whose estimate crosses `jit_above_cost`, and a
        // plan the planner cannot size (a LATERAL read per element of a JSON
        // array of pages) crossed it: 335 ms of compiling for a 0.5 ms read.
        //
        // While it runs a statement, the server looks every so often whether
        // its client is still there: a connection closed mid-statement (its
        // call gone, `bound`) ends the statement.
        .map_sqlx_postgres_opts(move |opts| {
            let opts = opts.options([
                ("jit", "off"),
                ("client_connection_check_interval", bound::CLIENT_CHECK_INTERVAL_MS),
            ]);
            // A transaction a dropped call left open ends with its session
            // once it has sat idle longer than any call may last.
            match &idle_in_transaction {
                Some(millis) => opts.options([("idle_in_transaction_session_timeout", millis.as_str())]),
                None => opts,
            }
        })
        // Each checkout confines the connection to the calling tenant (`confine`).
        .map_sqlx_postgres_before_acquire(move |conn, meta| {
            let fresh = !outages.predates(meta.age);
            let tenant = crate::tenant::current();
            Box::pin(async move {
                if fresh {
                    confine::set_tenant(conn, &tenant).await?;
                }
                Ok(fresh)
            })
        })
        .map_sqlx_postgres_pool_opts(move |pool| {
            let search_path = quote_ident(&search_path);
            pool.after_release(|conn, _| Box::pin(async move { Ok(bound::settles(conn).await) }))
                .after_connect(move |conn, _| {
                    let search_path = search_path.clone();
                    let tenant = crate::tenant::current();
                    Box::pin(async move { confine::fit_new(conn, &search_path, &tenant).await })
                })
        });
    // No statement outlives the longest deadline a call can have: the
    // server cancels it, and the call answers DEADLINE_EXCEEDED.
    if !pool.statement_timeout.is_zero() {
        options.statement_timeout(pool.statement_timeout);
    }
    options
}

/// How long a pooled connection may sit idle before it is pinged on checkout.
pub(super) const PING_WHEN_IDLE_FOR: Duration = Duration::from_secs(1);

pub(super) fn base_options(url: &str, pool: &PoolConfig) -> ConnectOptions {
    let mut options = ConnectOptions::new(url.to_owned());
    if pool.pooler == Pooler::Transaction {
        // A startup parameter the pooler does not know refuses the connection.
        options.map_sqlx_postgres_opts(|opts| opts.extra_float_digits(None));
    }
    options
        .max_connections(pool.max_connections)
        .min_connections(pool.min_connections)
        .connect_timeout(pool.connect_timeout)
        .acquire_timeout(pool.acquire_timeout)
        .idle_timeout(pool.idle_timeout)
        .max_lifetime(pool.max_lifetime)
        // A connection in steady use is handed out as is: pinging it on every
        // checkout doubled the round trips of a one-statement read. One idle
        // long enough to have been cut (a restart, a proxy's idle timeout) is
        // pinged first, and on PostgreSQL one opened before an outage the
        // probe saw is dropped (`OutageMark`; docs/RELIABILITY.md).
        .test_before_acquire_if_idle_for(PING_WHEN_IDLE_FOR)
        .sqlx_logging(false);
    options
}

/// The page cache of each SQLite connection, in KiB (negative: a size, not pages).
const SQLITE_CACHE_KIB: &str = "-16384";

pub(super) fn sqlite_options(path: &Path, pool: &PoolConfig) -> ConnectOptions {
    let url = format!("sqlite://{}?mode=rwc", path.display());
    let mut options = base_options(&url, pool);
    options.map_sqlx_sqlite_opts(|opts| {
        opts.create_if_missing(true)
            .journal_mode(sqlx::sqlite::SqliteJournalMode::Wal)
            .synchronous(sqlx::sqlite::SqliteSynchronous::Full)
            .busy_timeout(Duration::from_secs(5))
            .foreign_keys(true)
            // Named so that a panic hook can tell them (`workers`).
            .thread_name(|id| format!("{}{id}", workers::THREAD_PREFIX))
            // SQLite's default of 2 MiB per connection made most index reads
            // of a memory search a read of the file (docs/ARCHITECTURE.md).
            .pragma("cache_size", SQLITE_CACHE_KIB)
    });
    // Each checkout fits the connection to the call taking it (`bound`): a
    // new connection when it is opened, an idle one when it is taken.
    options
        .map_sqlx_sqlite_before_acquire(|conn, _| {
            Box::pin(async move {
                bound::fit_sqlite(conn).await?;
                Ok(true)
            })
        })
        .map_sqlx_sqlite_pool_opts(|pool| pool.after_connect(|conn, _| Box::pin(bound::fit_sqlite(conn))));
    options
}
