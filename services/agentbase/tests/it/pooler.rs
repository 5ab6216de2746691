//! agentbase behind PgBouncer in transaction mode (issue 39; docs/OPERATIONS.md,
//! "Transaction pooling"): four replicas of 32 connections each share the
//! pooler's 20 server connections under load, and a pooler that would break
//! named prepared statements is refused at start-up. The context suites run
//! their declared subsets through the same pooler (`pooled::…` tests).

use std::{
    sync::{
        Arc,
        atomic::{AtomicBool, AtomicUsize, Ordering},
    },
    time::{Duration, Instant},
};

use agentbase_proto::sessions::v1::{
    AppendMessagesRequest, GetSessionRequest, ListMessagesRequest, MessageRole, NewMessage,
};
use agentbase_testkit::{AppOptions, Backend, TestApp, pgbouncer, spawn_app_with};
use sea_orm::sqlx::{self, Connection, Row};

/// Replicas, and the pool of each context of each.
const REPLICAS: usize = 4;
const POOL: &str = "32";
/// Callers per replica: more than its pool, so the pool is used whole.
const CALLERS: usize = 40;

/// What PgBouncer's `SHOW POOLS` says of `database`: server connections
/// (every state) and client connections (active and waiting).
async fn pool_counts(admin: &mut sqlx::PgConnection, database: &str) -> (u64, u64) {
    let rows = sqlx::raw_sql(sqlx::AssertSqlSafe("SHOW POOLS"))
        .fetch_all(&mut *admin)
        .await
        .unwrap();
    let mut servers = 0;
    let mut clients = 0;
    for row in rows
        .iter()
        .filter(|row| row.try_get_unchecked::<String, _>("database").ok().as_deref() == Some(database))
    {
        let count = |column: &str| -> u64 {
            row.try_get_unchecked::<String, _>(column)
                .ok()
                .and_then(|value| value.parse().ok())
                .unwrap_or(0)
        };
        servers += ["sv_active", "sv_idle", "sv_used", "sv_tested", "sv_login"]
            .iter()
            .map(|c| count(c))
            .sum::<u64>();
        clients += count("cl_active") + count("cl_waiting");
    }
    (servers, clients)
}

async fn replica(first: Option<&TestApp>) -> TestApp {
    let mut env = vec![
        ("AGENTBASE_DB_MAX_CONNECTIONS".to_owned(), POOL.to_owned()),
        ("AGENTBASE_DB_ACQUIRE_TIMEOUT_MS".to_owned(), "20000".to_owned()),
    ];
    if let Some(first) = first {
        env.extend(first.replica_env());
    }
    spawn_app_with(
        Backend::Pooled,
        AppOptions {
            env,
            ..Default::default()
        },
    )
    .await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn four_replicas_of_32_connections_hold_at_most_20_server_connections() {
    let first = replica(None).await;
    let mut replicas = vec![];
    for _ in 1..REPLICAS {
        replicas.push(replica(Some(&first)).await);
    }
    replicas.insert(0, first);
    let database = replicas[0]
        .database_url()
        .unwrap()
        .rsplit_once('/')
        .map(|(_, db)| db.split('?').next().unwrap_or(db).to_owned())
        .unwrap();
    let session = agentbase_testkit::fixtures::session(&replicas[0]).await;

    let mut admin = sqlx::PgConnection::connect_with(
        &pgbouncer::bouncer()
            .admin_url()
            .parse::<sqlx::postgres::PgConnectOptions>()
            .unwrap()
            .extra_float_digits(None),
    )
    .await
    .unwrap();
    let done = Arc::new(AtomicBool::new(false));
    let sampler = {
        let done = done.clone();
        let database = database.clone();
        tokio::spawn(async move {
            let (mut peak_servers, mut peak_clients) = (0, 0);
            while !done.load(Ordering::Relaxed) {
                let (servers, clients) = pool_counts(&mut admin, &database).await;
                peak_servers = peak_servers.max(servers);
                peak_clients = peak_clients.max(clients);
                tokio::time::sleep(Duration::from_millis(10)).await;
            }
            (peak_servers, peak_clients)
        })
    };

    let calls = Arc::new(AtomicUsize::new(0));
    let failures = Arc::new(std::sync::Mutex::new(Vec::new()));
    let started = Instant::now();
    let mut callers = Vec::new();
    for app in &replicas {
        for caller in 0..CALLERS {
            let mut sessions = app.sessions.clone();
            let (id, calls, failures) = (session.id.clone(), calls.clone(), failures.clone());
            callers.push(tokio::spawn(async move {
                for round in 0..15 {
                    let outcome = match round % 3 {
                        0 => sessions
                            .append_messages(AppendMessagesRequest {
                                session_id: id.clone(),
                                messages: vec![NewMessage {
                                    role: MessageRole::User as i32,
                                    content: format!("caller {caller} round {round}"),
                                    ..Default::default()
                                }],
                                ..Default::default()
                            })
                            .await
                            .map(drop),
                        1 => sessions
                            .get_session(GetSessionRequest { id: id.clone() })
                            .await
                            .map(drop),
                        _ => sessions
                            .list_messages(ListMessagesRequest {
                                session_id: id.clone(),
                                page_size: 20,
                                ..Default::default()
                            })
                            .await
                            .map(drop),
                    };
                    calls.fetch_add(1, Ordering::Relaxed);
                    if let Err(status) = outcome {
                        failures
                            .lock()
                            .unwrap()
                            .push(format!("{:?}: {}", status.code(), status.message()));
                    }
                }
            }));
        }
    }
    for caller in callers {
        caller.await.unwrap();
    }
    let elapsed = started.elapsed();
    done.store(true, Ordering::Relaxed);
    let (peak_servers, peak_clients) = sampler.await.unwrap();
    let failures = failures.lock().unwrap().clone();
    let calls = calls.load(Ordering::Relaxed);
    println!(
        "{REPLICAS} replicas × {POOL} connections per context through PgBouncer (transaction mode, \
         {} server connections): {calls} calls by {} callers in {elapsed:.1?}, {} failed; peak {peak_clients} \
         client connections active or waiting on at most {peak_servers} server connections",
        pgbouncer::SERVER_CONNECTIONS,
        REPLICAS * CALLERS,
        failures.len()
    );
    assert!(failures.is_empty(), "{failures:?}");
    assert!(
        peak_servers <= u64::from(pgbouncer::SERVER_CONNECTIONS),
        "{peak_servers} server connections"
    );
    assert!(
        peak_clients > u64::from(pgbouncer::SERVER_CONNECTIONS),
        "the load never needed more client connections than servers ({peak_clients}): nothing was shown"
    );
    let total = replicas[0]
        .sessions
        .clone()
        .get_session(GetSessionRequest { id: session.id })
        .await
        .unwrap()
        .into_inner()
        .message_count;
    assert_eq!(total as usize, REPLICAS * CALLERS * 5, "every append counted once");
}

/// With `AGENTBASE_DB_POOLER=transaction` but named prepared statements
/// reaching the server under the driver's names (a pooler without
/// `max_prepared_statements`, or none: here none), start-up fails at once
/// naming the setting, instead of failing calls later.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_pooler_that_passes_prepared_statements_through_is_refused_at_start_up() {
    let server = agentbase_testkit::postgres::server();
    let database = server.create_database().await;
    let url = server.url(&database);
    let env = std::collections::HashMap::from([
        ("AGENTBASE_DATABASE_URL", url.as_str()),
        ("AGENTBASE_LISTEN_DATABASE_URL", url.as_str()),
        ("AGENTBASE_DB_POOLER", "transaction"),
    ]);
    let settings = agentbase::Settings::from_lookup(|name| env.get(name).map(|v| (*v).to_owned())).unwrap();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let started = Instant::now();
    let refused = tokio::time::timeout(
        Duration::from_secs(30),
        agentbase::serve_counting(
            &settings,
            agentbase::Target::All,
            listener,
            None,
            std::future::pending(),
            Default::default(),
        ),
    )
    .await
    .expect("start-up ends")
    .expect_err("start-up is refused");
    let message = refused.to_string();
    assert!(
        message.contains("max_prepared_statements") && message.contains("AGENTBASE_DB_POOLER"),
        "{message}"
    );
    assert!(
        started.elapsed() < Duration::from_secs(10),
        "refused at once, not after retries"
    );
    server.drop_database(&database).await;
}

/// Calls dropped at their deadline mid-way leave no transaction open in the
/// database, directly or behind the pooler (the outside tester's finding: a
/// BEGIN cancelled before its answer left connections idle in transaction,
/// which behind PgBouncer held its server connections for good).
async fn cancelled_calls_leave_no_transaction_open(backend: Backend) {
    use agentbase_proto::scripts::v1::CreateScriptRequest;
    let app = spawn_app_with(
        backend,
        AppOptions {
            env: vec![("AGENTBASE_DB_MAX_CONNECTIONS".to_owned(), "4".to_owned())],
            ..Default::default()
        },
    )
    .await;
    let mut tasks = Vec::new();
    for task in 0..8_u64 {
        let mut scripts = app.scripts.clone();
        tasks.push(tokio::spawn(async move {
            for call in 0..150_u64 {
                let mut request = tonic::Request::new(CreateScriptRequest {
                    name: format!("cancelled-{task}-{call}"),
                    content: agentbase_testkit::fixtures::TECHNIQUE.into(),
                    ..Default::default()
                });
                request.set_timeout(Duration::from_millis(1 + (task * 7 + call) % 15));
                let _ = scripts.create_script(request).await;
            }
        }));
    }
    for task in tasks {
        task.await.unwrap();
    }
    // Every call after them is served.
    for call in 0..20 {
        app.scripts
            .clone()
            .create_script(CreateScriptRequest {
                name: format!("after-{call}"),
                content: agentbase_testkit::fixtures::TECHNIQUE.into(),
                ..Default::default()
            })
            .await
            .unwrap();
    }
    let server = agentbase_testkit::postgres::server();
    let database = app
        .database_url()
        .unwrap()
        .rsplit_once('/')
        .map(|(_, db)| db.split('?').next().unwrap_or(db).to_owned())
        .unwrap();
    let watcher = sea_orm::Database::connect(server.url(&database)).await.unwrap();
    let started = Instant::now();
    loop {
        use sea_orm::ConnectionTrait;
        let open = watcher
            .query_one_raw(sea_orm::Statement::from_string(
                sea_orm::DbBackend::Postgres,
                "SELECT count(*) AS n FROM pg_stat_activity WHERE datname = current_database() \
                 AND state LIKE 'idle in transaction%'",
            ))
            .await
            .unwrap()
            .unwrap()
            .try_get::<i64>("", "n")
            .unwrap();
        if open == 0 {
            break;
        }
        assert!(
            started.elapsed() < Duration::from_secs(5),
            "{open} connections still idle in transaction"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    watcher.close().await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn cancelled_calls_leave_no_transaction_open_directly() {
    cancelled_calls_leave_no_transaction_open(Backend::Postgres).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn cancelled_calls_leave_no_transaction_open_behind_the_pooler() {
    cancelled_calls_leave_no_transaction_open(Backend::Pooled).await;
}
