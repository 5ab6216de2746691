//! A database connection that dies or goes bad mid-call (issue 30): the call
//! answers UNAVAILABLE (retryable) with ErrorInfo — never NOT_FOUND for a row
//! that exists, never INTERNAL — nothing is left locked, health reports
//! NOT_SERVING while the context cannot write and SERVING once it can, and the
//! next calls succeed.

use std::time::{Duration, Instant};

use agentbase_proto::sessions::v1::{AppendMessagesRequest, GetSessionRequest, MessageRole, NewMessage};
use agentbase_testkit::{AppOptions, Backend, ServingStatus, TestApp, spawn_app_with};
use sea_orm::{ConnectOptions, ConnectionTrait, Database, DatabaseConnection, Statement};
use tonic::{Code, transport::Channel};
use tonic_health::pb::health_client::HealthClient;
use tonic_types::StatusExt;

const SESSIONS: &str = "agentbase.sessions.v1.SessionService";

fn append(session_id: &str, request_id: &str) -> AppendMessagesRequest {
    AppendMessagesRequest {
        session_id: session_id.into(),
        messages: vec![NewMessage {
            role: MessageRole::User as i32,
            content: "still there?".into(),
            ..Default::default()
        }],
        request_id: request_id.into(),
        ..Default::default()
    }
}

fn with_deadline<T>(message: T, deadline: Duration) -> tonic::Request<T> {
    let mut request = tonic::Request::new(message);
    request.set_timeout(deadline);
    request
}

/// The status was retryable and said why, in ErrorInfo.
fn assert_retryable(status: &tonic::Status, codes: &[Code]) {
    assert!(
        codes.contains(&status.code()),
        "expected one of {codes:?}, got {status:?}"
    );
    let info = status.get_details_error_info().expect("ErrorInfo");
    assert!(!info.reason.is_empty());
}

/// Records every health status of the sessions service seen while `work` runs.
async fn watch_health_during<F: std::future::Future>(
    mut health: HealthClient<Channel>,
    work: F,
) -> (F::Output, Vec<ServingStatus>) {
    let (stop, mut stopped) = tokio::sync::oneshot::channel::<()>();
    let watcher = tokio::spawn(async move {
        let mut seen = Vec::new();
        loop {
            let status = health
                .check(tonic_health::pb::HealthCheckRequest {
                    service: SESSIONS.into(),
                })
                .await
                .ok()
                .and_then(|answer| ServingStatus::try_from(answer.into_inner().status).ok());
            if let Some(status) = status
                && seen.last() != Some(&status)
            {
                seen.push(status);
            }
            if stopped.try_recv().is_ok() {
                return seen;
            }
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    });
    let output = work.await;
    let _ = stop.send(());
    (output, watcher.await.unwrap())
}

/// A one-connection pool to the sessions database, beside the server's.
async fn outside(app: &TestApp) -> DatabaseConnection {
    let url = match app.database_url() {
        Some(url) => url,
        None => {
            let probe = app.storage_of("sessions").await;
            let path = probe
                .get_sqlite_connection_pool()
                .connect_options()
                .get_filename()
                .display()
                .to_string();
            probe.close().await.unwrap();
            format!("sqlite://{path}?mode=rw")
        }
    };
    let mut options = ConnectOptions::new(url);
    options.max_connections(1).min_connections(1);
    if app.backend.is_postgres() {
        options.set_schema_search_path("sessions".to_owned());
    }
    Database::connect(options).await.unwrap()
}

async fn scalar_i64(db: &DatabaseConnection, sql: &str) -> i64 {
    db.query_one_raw(Statement::from_string(db.get_database_backend(), sql))
        .await
        .unwrap()
        .unwrap()
        .try_get_by_index::<i64>(0)
        .unwrap()
}

/// Rewrites the declared type of `sessions.user_id` in the schema (to bytes
/// that are not UTF-8, or back), so that a connection which loads the schema
/// and prepares a read of the column has its thread panic inside sqlx.
async fn corrupt_user_id_type(db: &DatabaseConnection, corrupt: bool) {
    let (from, to) = if corrupt {
        (
            "'user_id TEXT NOT NULL'",
            "'user_id TEXT' || CAST(X'FF' AS TEXT) || ' NOT NULL'",
        )
    } else {
        (
            "'user_id TEXT' || CAST(X'FF' AS TEXT) || ' NOT NULL'",
            "'user_id TEXT NOT NULL'",
        )
    };
    let version = scalar_i64(db, "PRAGMA schema_version").await;
    db.execute_unprepared("PRAGMA writable_schema = ON").await.unwrap();
    db.execute_unprepared(&format!(
        "UPDATE sqlite_master SET sql = replace(sql, {from}, {to}) WHERE name = 'sessions'"
    ))
    .await
    .unwrap();
    db.execute_unprepared(&format!("PRAGMA schema_version = {}", version + 1))
        .await
        .unwrap();
    db.execute_unprepared("PRAGMA writable_schema = OFF").await.unwrap();
}

/// Repeats `call` until it succeeds or 20 s have passed; the attempts it took.
async fn until_ok<T, Fut: std::future::Future<Output = Result<T, tonic::Status>>>(
    mut call: impl FnMut() -> Fut,
) -> (T, usize) {
    let started = Instant::now();
    let mut attempts = 0;
    loop {
        attempts += 1;
        match call().await {
            Ok(answer) => return (answer, attempts),
            Err(status) => {
                assert_retryable(&status, &[Code::Unavailable, Code::DeadlineExceeded]);
                assert!(started.elapsed() < Duration::from_secs(20), "still failing: {status:?}");
                tokio::time::sleep(Duration::from_millis(200)).await;
            }
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sqlite_connection_thread_dying_mid_call_answers_unavailable_and_recovers() {
    let mut first = spawn_app_with(Backend::Sqlite, AppOptions::default()).await;
    let session = agentbase_testkit::fixtures::session(&first).await;
    let outside = outside(&first).await;
    let file = outside
        .get_sqlite_connection_pool()
        .connect_options()
        .get_filename()
        .to_path_buf();
    first.stop().await;
    // Every connection that loads this schema and prepares a read of the
    // column has its thread panic: the first read of the session does.
    corrupt_user_id_type(&outside, true).await;
    let mut app = spawn_app_with(
        Backend::Sqlite,
        AppOptions {
            env: vec![(
                "AGENTBASE_DATA_DIR".into(),
                file.parent().unwrap().display().to_string(),
            )],
            ..Default::default()
        },
    )
    .await;
    let (attempts, seen) = watch_health_during(app.health.clone(), async {
        let killed = app
            .sessions
            .clone()
            .get_session(GetSessionRequest { id: session.id.clone() })
            .await;
        let status = killed.expect_err("the call whose connection died cannot succeed");
        assert_retryable(&status, &[Code::Unavailable]);
        assert_eq!(
            status.get_details_error_info().unwrap().reason,
            "DATABASE_UNAVAILABLE",
            "not NOT_FOUND: the session exists"
        );
        // Health reports the context NOT_SERVING for a second after the death.
        tokio::time::sleep(Duration::from_millis(300)).await;
        corrupt_user_id_type(&outside, false).await;
        // Connections that loaded the bad schema die at their next read of
        // the column, each answering UNAVAILABLE, until none is left.
        let (got, attempts) = until_ok(|| {
            let mut sessions = app.sessions.clone();
            let id = session.id.clone();
            async move { sessions.get_session(GetSessionRequest { id }).await }
        })
        .await;
        assert_eq!(got.into_inner().id, session.id);
        // Nothing was left locked: a write goes through at once.
        let request_id = uuid::Uuid::now_v7().to_string();
        app.sessions
            .clone()
            .append_messages(with_deadline(append(&session.id, &request_id), Duration::from_secs(2)))
            .await
            .expect("a write after the dead connection");
        app.wait_for_health(SESSIONS, ServingStatus::Serving, Duration::from_secs(10))
            .await;
        attempts
    })
    .await;
    assert!(
        seen.contains(&ServingStatus::NotServing),
        "health dipped while the connection died: {seen:?}"
    );
    assert_eq!(seen.last(), Some(&ServingStatus::Serving), "and recovered: {seen:?}");
    println!(
        "sqlite: a connection thread died mid-call: UNAVAILABLE, health {seen:?}, a read succeeded after {attempts} attempt(s)"
    );
    outside.close().await.unwrap();
    app.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sqlite_write_lock_held_elsewhere_is_not_serving_until_released() {
    let mut app = spawn_app_with(Backend::Sqlite, AppOptions::default()).await;
    let session = agentbase_testkit::fixtures::session(&app).await;
    let holder = outside(&app).await;
    let ((), seen) = watch_health_during(app.health.clone(), async {
        // A connection that keeps the write lock, as a dead one that was
        // never closed would.
        holder.execute_unprepared("BEGIN IMMEDIATE").await.unwrap();
        app.wait_for_health(SESSIONS, ServingStatus::NotServing, Duration::from_secs(5))
            .await;
        let blocked = app
            .sessions
            .clone()
            .append_messages(with_deadline(
                append(&session.id, &uuid::Uuid::now_v7().to_string()),
                Duration::from_secs(2),
            ))
            .await
            .expect_err("no write while the lock is held");
        assert_retryable(&blocked, &[Code::Unavailable, Code::DeadlineExceeded]);
        holder.execute_unprepared("ROLLBACK").await.unwrap();
        // The write given up at its deadline still waits in SQLite's busy
        // handler, which looks again every 100 ms at most, and takes the
        // lock once it is free, briefly (docs/RELIABILITY.md): let it pass
        // before health is asked for the last time.
        tokio::time::sleep(Duration::from_millis(300)).await;
        app.wait_for_health(SESSIONS, ServingStatus::Serving, Duration::from_secs(5))
            .await;
        app.sessions
            .clone()
            .append_messages(with_deadline(
                append(&session.id, &uuid::Uuid::now_v7().to_string()),
                Duration::from_secs(2),
            ))
            .await
            .expect("writes go through once the lock is released");
    })
    .await;
    assert_eq!(seen.first(), Some(&ServingStatus::Serving));
    assert!(seen.contains(&ServingStatus::NotServing), "{seen:?}");
    assert_eq!(seen.last(), Some(&ServingStatus::Serving), "{seen:?}");
    holder.close().await.unwrap();
    app.stop().await;
}

/// Terminates the server's backends: those of the sessions pool waiting for
/// a lock, or every one on the database (pools, probes and listeners).
async fn terminate_server_backends(outside: &DatabaseConnection, only_waiting: bool) -> i64 {
    // Inside a transaction, pg_stat_activity answers from the snapshot its
    // first read took: a backend that starts waiting later (one the server
    // had to connect first) would never be seen.
    outside
        .execute_unprepared("SELECT pg_stat_clear_snapshot()")
        .await
        .unwrap();
    let which = if only_waiting {
        "application_name = 'agentbase-sessions' AND wait_event_type = 'Lock'"
    } else {
        "pid <> pg_backend_pid()"
    };
    scalar_i64(
        outside,
        &format!(
            "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity \
             WHERE datname = current_database() AND {which}"
        ),
    )
    .await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn postgres_connection_killed_mid_call_answers_unavailable_and_the_retry_applies_once() {
    let mut app = spawn_app_with(Backend::Postgres, AppOptions::default()).await;
    let session = agentbase_testkit::fixtures::session(&app).await;
    let outside = outside(&app).await;
    // The call waits on a row lock held outside, so it is mid-statement
    // when its connection is killed.
    outside.execute_unprepared("BEGIN").await.unwrap();
    outside
        .execute_unprepared(&format!(
            "SELECT 1 FROM sessions WHERE id = '{}' FOR UPDATE",
            session.id
        ))
        .await
        .unwrap();
    let request_id = uuid::Uuid::now_v7().to_string();
    let call = {
        let mut sessions = app.sessions.clone();
        let request = append(&session.id, &request_id);
        tokio::spawn(async move {
            sessions
                .append_messages(with_deadline(request, Duration::from_secs(10)))
                .await
        })
    };
    let started = Instant::now();
    loop {
        if terminate_server_backends(&outside, true).await > 0 {
            break;
        }
        assert!(
            started.elapsed() < Duration::from_secs(5),
            "the call never waited on the lock"
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    let killed = call.await.unwrap().expect_err("its connection was killed");
    assert_retryable(&killed, &[Code::Unavailable]);
    outside.execute_unprepared("ROLLBACK").await.unwrap();
    let (appended, attempts) = until_ok(|| {
        let mut sessions = app.sessions.clone();
        let request = append(&session.id, &request_id);
        async move { sessions.append_messages(request).await }
    })
    .await;
    assert_eq!(appended.into_inner().messages[0].seq, 1);
    let got = app
        .sessions
        .get_session(GetSessionRequest { id: session.id.clone() })
        .await
        .unwrap()
        .into_inner();
    assert_eq!(
        got.message_count, 1,
        "the killed attempt wrote nothing; the retry wrote once"
    );
    println!("postgres: a connection killed mid-call: UNAVAILABLE; the retry applied once after {attempts} attempt(s)");
    outside.close().await.unwrap();
    app.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn postgres_read_only_database_is_not_serving_and_writes_are_unavailable() {
    let mut app = spawn_app_with(Backend::Postgres, AppOptions::default()).await;
    let session = agentbase_testkit::fixtures::session(&app).await;
    let outside = outside(&app).await;
    let database = app
        .database_url()
        .unwrap()
        .rsplit('/')
        .next()
        .unwrap()
        .split('?')
        .next()
        .unwrap()
        .to_owned();
    let ((), seen) = watch_health_during(app.health.clone(), async {
        // What a failover onto a standby looks like to a pool: every new
        // session is read-only.
        outside
            .execute_unprepared(&format!(
                r#"ALTER DATABASE "{database}" SET default_transaction_read_only = on"#
            ))
            .await
            .unwrap();
        terminate_server_backends(&outside, false).await;
        app.wait_for_health(SESSIONS, ServingStatus::NotServing, Duration::from_secs(5))
            .await;
        let refused = app
            .sessions
            .clone()
            .append_messages(with_deadline(
                append(&session.id, &uuid::Uuid::now_v7().to_string()),
                Duration::from_secs(5),
            ))
            .await
            .expect_err("no write on a read-only database");
        assert_retryable(&refused, &[Code::Unavailable]);
        outside
            .execute_unprepared(&format!(
                r#"ALTER DATABASE "{database}" RESET default_transaction_read_only"#
            ))
            .await
            .unwrap();
        terminate_server_backends(&outside, false).await;
        app.wait_for_health(SESSIONS, ServingStatus::Serving, Duration::from_secs(10))
            .await;
        until_ok(|| {
            let mut sessions = app.sessions.clone();
            let request = append(&session.id, &uuid::Uuid::now_v7().to_string());
            async move { sessions.append_messages(request).await }
        })
        .await;
    })
    .await;
    assert!(seen.contains(&ServingStatus::NotServing), "{seen:?}");
    assert_eq!(seen.last(), Some(&ServingStatus::Serving), "{seen:?}");
    outside.close().await.unwrap();
    app.stop().await;
}
