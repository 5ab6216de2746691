//! Queries queued behind a lock while the database answers: a call that
//! finds no free connection is RESOURCE_EXHAUSTED `POOL_EXHAUSTED` (retryable)
//! and health stays SERVING; the call stuck behind the lock ends at the
//! caller's deadline with DEADLINE_EXCEEDED and ErrorInfo, not CANCELLED.
//! A statement outliving its call is ended in the database: on PostgreSQL
//! one held behind a row lock from outside, on SQLite a slow one.

use std::time::Duration;

use agentbase_proto::scripts::v1::{GetScriptRequest, UpdateScriptRequest, get_script_request::Selector};
use agentbase_proto::sessions::v1::PurgeExpiredMemoriesRequest;
use agentbase_testkit::{AppOptions, Backend, ServingStatus, spawn_app_with};
use prost_types::FieldMask;
use sea_orm::{ConnectionTrait, Database, TransactionTrait};
use tonic::Code;
use tonic_types::StatusExt;

/// An UpdateScript of `script_id`'s description.
fn update_description(script_id: &str) -> UpdateScriptRequest {
    UpdateScriptRequest {
        id: script_id.to_owned(),
        description: "changed".into(),
        update_mask: Some(FieldMask {
            paths: vec!["description".into()],
        }),
        ..Default::default()
    }
}

/// A GetScript of `script_id`.
fn get(script_id: &str) -> GetScriptRequest {
    GetScriptRequest {
        selector: Some(Selector::Id(script_id.to_owned())),
        ..Default::default()
    }
}

/// A script created through `app`, and an outside connection whose
/// transaction holds the script's row lock.
async fn script_locked_from_outside(
    app: &agentbase_testkit::TestApp,
) -> (String, sea_orm::DatabaseConnection, sea_orm::DatabaseTransaction) {
    let script_id = agentbase_testkit::fixtures::script(app, "locked").await;
    let (outside, holder) = lock_from_outside(app, &script_id).await;
    (script_id, outside, holder)
}

/// An outside connection whose transaction holds `script_id`'s row lock.
async fn lock_from_outside(
    app: &agentbase_testkit::TestApp,
    script_id: &str,
) -> (sea_orm::DatabaseConnection, sea_orm::DatabaseTransaction) {
    let outside = Database::connect(app.database_url().unwrap()).await.unwrap();
    let holder = outside.begin().await.unwrap();
    holder
        .execute_unprepared(&format!(
            "SELECT 1 FROM scripts.scripts WHERE id = '{script_id}' FOR UPDATE"
        ))
        .await
        .unwrap();
    (outside, holder)
}

/// An UpdateScript of `script_id` with a 2 s deadline, sent now; it waits
/// on the row lock the test holds.
fn update_waiting_on_the_lock(
    app: &agentbase_testkit::TestApp,
    script_id: &str,
) -> tokio::task::JoinHandle<Result<tonic::Response<agentbase_proto::scripts::v1::Script>, tonic::Status>> {
    let mut request = tonic::Request::new(update_description(script_id));
    request.set_timeout(Duration::from_secs(2));
    let mut client = app.scripts.clone();
    tokio::spawn(async move { client.update_script(request).await })
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn calls_queued_behind_a_lock_are_pool_exhausted_and_end_at_their_deadline() {
    let mut app = spawn_app_with(
        Backend::Postgres,
        AppOptions {
            env: vec![
                ("AGENTBASE_DB_MAX_CONNECTIONS".into(), "1".into()),
                ("AGENTBASE_DB_ACQUIRE_TIMEOUT_MS".into(), "300".into()),
            ],
            ..Default::default()
        },
    )
    .await;
    // An outside transaction holds the script's row lock.
    let (script_id, outside, holder) = script_locked_from_outside(&app).await;

    // This update waits for the lock on the pool's only connection, until its deadline.
    let blocked = update_waiting_on_the_lock(&app, &script_id);
    tokio::time::sleep(Duration::from_millis(300)).await;

    let status = app.scripts.get_script(get(&script_id)).await.unwrap_err();
    assert_eq!(status.code(), Code::ResourceExhausted, "{status:?}");
    assert_eq!(status.get_details_error_info().unwrap().reason, "POOL_EXHAUSTED");
    assert!(status.get_details_retry_info().is_some());
    assert_eq!(
        app.health_status("").await,
        Some(ServingStatus::Serving),
        "a busy pool is not an outage"
    );

    let status = blocked.await.unwrap().unwrap_err();
    assert_eq!(status.code(), Code::DeadlineExceeded, "{status:?}");
    assert_eq!(status.get_details_error_info().unwrap().reason, "DEADLINE_EXCEEDED");
    holder.rollback().await.unwrap();
    outside.close().await.ok();
}

/// With one call admitted at a time, a session is still created: its inner
/// call to ScriptService (same process) carries the process's secret mark
/// and is not admitted again. A caller who forges the mark is admitted like
/// any other call: it waits for the one place, taken, and is refused when
/// its turn cannot come before its deadline.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn nested_calls_need_no_second_permit_and_a_forged_mark_gets_none() {
    let mut app = spawn_app_with(
        Backend::Postgres,
        AppOptions {
            env: vec![("AGENTBASE_MAX_IN_FLIGHT".into(), "1".into())],
            ..Default::default()
        },
    )
    .await;
    let session = agentbase_testkit::fixtures::session(&app).await;
    assert!(!session.id.is_empty(), "CreateSession needs no second permit");

    let script_id = session.script_id.clone();
    let (outside, holder) = lock_from_outside(&app, &script_id).await;
    // This update takes the only permit and waits on the lock.
    let blocked = update_waiting_on_the_lock(&app, &script_id);
    tokio::time::sleep(Duration::from_millis(300)).await;

    for forged in ["0123456789abcdef0123456789abcdef", ""] {
        let mut request = tonic::Request::new(get(&script_id));
        request
            .metadata_mut()
            .insert("agentbase-nested-call", forged.parse().unwrap());
        // It waits its turn like any call, and the turn does not come in time.
        request.set_timeout(Duration::from_millis(400));
        let status = app.scripts.get_script(request).await.unwrap_err();
        assert_eq!(status.code(), Code::ResourceExhausted, "{status:?}");
        assert_eq!(status.get_details_error_info().unwrap().reason, "OVERLOADED");
    }
    let _ = blocked.await.unwrap();
    holder.rollback().await.unwrap();
    outside.close().await.ok();
}

/// A call without a deadline of its own gets the server's
/// (`AGENTBASE_REQUEST_TIMEOUT_MS`), and so does every statement it sends:
/// one held behind a lock from outside answers DEADLINE_EXCEEDED at the
/// deadline, and PostgreSQL has cancelled it (`statement_timeout`) within a
/// second after; the pool is whole.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_statement_held_past_the_default_deadline_is_cancelled_in_the_database() {
    let mut app = spawn_app_with(
        Backend::Postgres,
        AppOptions {
            env: vec![
                ("AGENTBASE_REQUEST_TIMEOUT_MS".into(), "1000".into()),
                ("AGENTBASE_DB_MAX_CONNECTIONS".into(), "2".into()),
            ],
            ..Default::default()
        },
    )
    .await;
    let (script_id, outside, holder) = script_locked_from_outside(&app).await;
    let started = std::time::Instant::now();
    let status = app
        .scripts
        .update_script(update_description(&script_id))
        .await
        .unwrap_err();
    let answered = started.elapsed();
    assert_eq!(status.code(), Code::DeadlineExceeded, "{status:?}");
    assert_eq!(status.get_details_error_info().unwrap().reason, "DEADLINE_EXCEEDED");
    assert!(answered < Duration::from_millis(1_100), "answered after {answered:?}");
    let gone_after = lock_waiters_gone(&outside, started, Duration::from_secs(1))
        .await
        .expect("the statement was still waiting a second after the deadline");
    holder.rollback().await.unwrap();
    // The pool is whole: both of its connections serve again.
    for _ in 0..4 {
        app.scripts.get_script(get(&script_id)).await.unwrap();
    }
    assert_eq!(app.health_status("").await, Some(ServingStatus::Serving));
    println!(
        "a statement held past the default deadline: DEADLINE_EXCEEDED after {answered:?}, gone from pg_stat_activity after {gone_after:?}"
    );
    outside.close().await.ok();
}

/// The number of agentbase-scripts backends waiting on a lock.
async fn scripts_waiting_on_a_lock(outside: &sea_orm::DatabaseConnection) -> i64 {
    outside
        .query_one_raw(sea_orm::Statement::from_string(
            sea_orm::DbBackend::Postgres,
            "SELECT count(*) AS n FROM pg_stat_activity WHERE datname = current_database() \
             AND application_name = 'agentbase-scripts' AND wait_event_type = 'Lock'",
        ))
        .await
        .unwrap()
        .unwrap()
        .try_get::<i64>("", "n")
        .unwrap()
}

/// How long after `since` no agentbase-scripts backend waits on a lock any
/// more; `None` if one still does after `within`.
async fn lock_waiters_gone(
    outside: &sea_orm::DatabaseConnection,
    since: std::time::Instant,
    within: Duration,
) -> Option<Duration> {
    let until = std::time::Instant::now() + within;
    while std::time::Instant::now() < until {
        if scripts_waiting_on_a_lock(outside).await == 0 {
            return Some(since.elapsed());
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    None
}

/// A caller's own deadline, far shorter than the server's default (30 s),
/// bounds the statements of its call: one held behind a lock from outside
/// answers DEADLINE_EXCEEDED at the caller's deadline, and the statement is
/// gone from `pg_stat_activity` within a second (the connection it ran on is
/// closed, and PostgreSQL ends a statement whose client is gone). So is the
/// statement of a call whose caller gives up without a deadline. The pool,
/// two connections, is whole afterwards.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_statement_held_past_the_callers_deadline_is_cancelled_in_the_database() {
    let mut app = spawn_app_with(
        Backend::Postgres,
        AppOptions {
            env: vec![("AGENTBASE_DB_MAX_CONNECTIONS".into(), "2".into())],
            ..Default::default()
        },
    )
    .await;
    let (script_id, outside, holder) = script_locked_from_outside(&app).await;
    let update = |timeout: Option<Duration>| {
        let mut request = tonic::Request::new(update_description(&script_id));
        if let Some(timeout) = timeout {
            request.set_timeout(timeout);
        }
        request
    };

    let deadline = Duration::from_millis(500);
    let started = std::time::Instant::now();
    let status = app.scripts.update_script(update(Some(deadline))).await.unwrap_err();
    let answered = started.elapsed();
    assert_eq!(status.code(), Code::DeadlineExceeded, "{status:?}");
    assert_eq!(status.get_details_error_info().unwrap().reason, "DEADLINE_EXCEEDED");
    assert!(
        answered < deadline + Duration::from_millis(100),
        "answered after {answered:?}"
    );
    let gone_after = lock_waiters_gone(&outside, started, Duration::from_secs(1))
        .await
        .expect("the statement was still waiting a second after the caller's deadline");

    // A caller that gives up (no deadline: the server's is 30 s).
    let mut client = app.scripts.clone();
    let request = update(None);
    let abandoned = tokio::spawn(async move { client.update_script(request).await });
    let waiting_since = std::time::Instant::now();
    while scripts_waiting_on_a_lock(&outside).await == 0 {
        assert!(
            waiting_since.elapsed() < Duration::from_secs(5),
            "the update never waited"
        );
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    let abandoned_at = std::time::Instant::now();
    abandoned.abort();
    let abandoned_gone_after = lock_waiters_gone(&outside, abandoned_at, Duration::from_secs(1))
        .await
        .expect("the abandoned call's statement was still waiting a second after its caller left");

    holder.rollback().await.unwrap();
    // The pool is whole: both of its connections serve again, and the
    // update that was cancelled twice goes through.
    for _ in 0..4 {
        app.scripts.get_script(get(&script_id)).await.unwrap();
    }
    app.scripts.update_script(update(None)).await.unwrap();
    assert_eq!(app.health_status("").await, Some(ServingStatus::Serving));
    println!(
        "a statement held past a caller's 500 ms deadline: DEADLINE_EXCEEDED after {answered:?}, gone after {gone_after:?}; \
         a caller that left: its statement gone {abandoned_gone_after:?} after"
    );
    outside.close().await.ok();
}

/// SQLite: a statement still running when its caller's deadline passes is
/// interrupted (the connection's progress handler, `db::bounded_by`). With
/// one connection, a count of two million expired memories that takes its
/// time unbounded is cut at a 50 ms deadline, and the next call has the
/// connection at once instead of after the count.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_slow_sqlite_statement_is_interrupted_at_the_callers_deadline() {
    let mut app = spawn_app_with(
        Backend::Sqlite,
        AppOptions {
            env: vec![("AGENTBASE_DB_MAX_CONNECTIONS".into(), "1".into())],
            ..Default::default()
        },
    )
    .await;
    let storage = app.storage_of("sessions").await;
    storage
        .execute_unprepared(
            "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 2000000) \
             INSERT INTO memories (id, memory_type, content, importance_rank, search_text, etag, created_at, updated_at, expires_at) \
             SELECT CAST(printf('%016d', i) AS BLOB), 'note', 'x', 2, ' x ', 'e', '2026-01-01 00:00:00', '2026-01-01 00:00:00', '2026-01-01 00:00:00' FROM n",
        )
        .await
        .unwrap();
    storage.close().await.ok();
    let count = |timeout: Option<Duration>| {
        let mut request = tonic::Request::new(PurgeExpiredMemoriesRequest { dry_run: true });
        // The header alone: the server, not this client, ends the call.
        if let Some(timeout) = timeout {
            let header = format!("{}m", timeout.as_millis()).parse().unwrap();
            request.metadata_mut().insert("grpc-timeout", header);
        }
        request
    };
    let started = std::time::Instant::now();
    let counted = app
        .memories
        .purge_expired_memories(count(None))
        .await
        .unwrap()
        .into_inner();
    let unbounded = started.elapsed();
    assert_eq!(counted.count, 2_000_000);
    assert!(
        unbounded > Duration::from_millis(100),
        "the count took only {unbounded:?}"
    );

    let deadline = Duration::from_millis(50);
    let started = std::time::Instant::now();
    let status = app
        .memories
        .purge_expired_memories(count(Some(deadline)))
        .await
        .unwrap_err();
    let answered = started.elapsed();
    assert_eq!(status.code(), Code::DeadlineExceeded, "{status:?}");
    assert_eq!(status.get_details_error_info().unwrap().reason, "DEADLINE_EXCEEDED");
    assert!(
        answered < deadline + Duration::from_millis(100),
        "answered after {answered:?}"
    );
    // The one connection is free again: the count was interrupted, not
    // left to finish.
    let next = std::time::Instant::now();
    let missing = app
        .memories
        .get_memory(agentbase_proto::sessions::v1::GetMemoryRequest {
            id: uuid::Uuid::now_v7().to_string(),
        })
        .await
        .unwrap_err();
    assert_eq!(missing.code(), Code::NotFound, "{missing:?}");
    let next_took = next.elapsed();
    assert!(
        next_took < unbounded / 2,
        "the next call waited {next_took:?} (an unbounded count takes {unbounded:?})"
    );
    assert_eq!(app.health_status("").await, Some(ServingStatus::Serving));
    println!(
        "SQLite: a count of 2,000,000 rows taking {unbounded:?}: DEADLINE_EXCEEDED after {answered:?} at a 50 ms deadline, \
         the next call on the one connection answered in {next_took:?}"
    );
}
