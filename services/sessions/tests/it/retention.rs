//! Session expiry and retention against PostgreSQL and SQLite: an expired
//! session is NOT_FOUND to every call and hidden from lists and memory search
//! before the sweeper runs, gone with its messages, variables and memories
//! after; ended sessions are stamped with the service's retention; a purge
//! deletes in bounded batches.

use std::time::Duration;

use agentbase_proto::sessions::v1::{
    AppendMessagesRequest, CreateMemoryRequest, CreateSessionRequest, DeleteMemoryRequest, GetMemoryRequest,
    GetSessionRequest, ListMemoriesRequest, ListMemoryHistoryRequest, ListMessagesRequest, ListSessionsRequest,
    MessageRole, PurgeExpiredSessionsRequest, PurgeExpiredSessionsResponse, SearchMemoriesRequest, Session,
    SessionStatus, SetVariablesRequest, UpdateMemoryRequest, UpdateSessionRequest, VariableScope, WatchMessagesRequest,
};
use agentbase_testkit::{
    AppOptions, Backend, TestApp, backend_tests, errors::violated_fields, fixtures, spawn_app, spawn_app_with,
};
use prost_types::{FieldMask, Timestamp};
use sea_orm::{ConnectionTrait, Statement};
use tonic::Code;

use super::session_service::{append, session, text, variable};

fn timestamp(at: chrono::DateTime<chrono::Utc>) -> Timestamp {
    Timestamp {
        seconds: at.timestamp(),
        nanos: at.timestamp_subsec_nanos() as i32,
    }
}

fn in_from_now(wait: Duration) -> Timestamp {
    timestamp(chrono::Utc::now() + chrono::Duration::from_std(wait).unwrap())
}

/// A session of user `u1` that expires `after` from now.
async fn expiring_session(app: &TestApp, after: Duration) -> Session {
    let script_id = fixtures::script(app, &format!("expiring-{}", uuid::Uuid::now_v7())).await;
    app.sessions
        .clone()
        .create_session(CreateSessionRequest {
            user_id: "u1".into(),
            script_id,
            expire_time: Some(in_from_now(after)),
            ..Default::default()
        })
        .await
        .unwrap()
        .into_inner()
}

async fn purge(app: &mut TestApp, dry_run: bool) -> PurgeExpiredSessionsResponse {
    app.sessions
        .purge_expired_sessions(PurgeExpiredSessionsRequest { dry_run })
        .await
        .unwrap()
        .into_inner()
}

/// Rows of `table` whose `session_id` (or `id`, for sessions) is `id`.
async fn rows_of(app: &TestApp, table: &str, id: &str) -> i64 {
    let db = app.storage_of("sessions").await;
    let column = if table == "sessions" { "id" } else { "session_id" };
    let backend = db.get_database_backend();
    let uuid = uuid::Uuid::parse_str(id).unwrap();
    let sql = match backend {
        sea_orm::DatabaseBackend::Postgres => format!(r#"SELECT COUNT(*) AS n FROM "{table}" WHERE "{column}" = $1"#),
        _ => format!(r#"SELECT COUNT(*) AS n FROM "{table}" WHERE "{column}" = ?"#),
    };
    let row = db
        .query_one_raw(Statement::from_sql_and_values(backend, sql, [uuid.into()]))
        .await
        .unwrap()
        .unwrap();
    row.try_get::<i64>("", "n").unwrap()
}

async fn expired_session_is_hidden_at_once_and_gone_after_the_sweep(backend: Backend) {
    let mut app = spawn_app(backend).await;
    let expiring = expiring_session(&app, Duration::from_millis(1_500)).await;
    assert!(expiring.expire_time.is_some());
    let kept = session(&mut app).await;
    let id = expiring.id.clone();
    append(
        &mut app,
        &id,
        vec![text(MessageRole::User, "hello"), text(MessageRole::Assistant, "hi")],
    )
    .await
    .unwrap();
    app.sessions
        .set_variables(SetVariablesRequest {
            session_id: id.clone(),
            variables: vec![variable(VariableScope::Session, "mood", "calm")],
        })
        .await
        .unwrap();
    let memory = app
        .memories
        .create_memory(CreateMemoryRequest {
            user_id: "u1".into(),
            session_id: id.clone(),
            memory_type: "fact".into(),
            content: "walks the dog every morning".into(),
            ..Default::default()
        })
        .await
        .unwrap()
        .into_inner();
    let searched = |app: &mut TestApp| {
        let mut memories = app.memories.clone();
        async move {
            memories
                .search_memories(SearchMemoriesRequest {
                    query: "dog".into(),
                    user_id: "u1".into(),
                    ..Default::default()
                })
                .await
                .unwrap()
                .into_inner()
                .hits
                .len()
        }
    };
    assert_eq!(searched(&mut app).await, 1);

    tokio::time::sleep(Duration::from_millis(1_700)).await;
    // Expired, not yet swept: NOT_FOUND everywhere, hidden from every list.
    let not_found = Code::NotFound;
    let get = app.sessions.get_session(GetSessionRequest { id: id.clone() }).await;
    assert_eq!(get.unwrap_err().code(), not_found, "GetSession");
    let messages = app
        .sessions
        .list_messages(ListMessagesRequest {
            session_id: id.clone(),
            ..Default::default()
        })
        .await;
    assert_eq!(messages.unwrap_err().code(), not_found, "ListMessages");
    let watch = app
        .sessions
        .watch_messages(WatchMessagesRequest {
            session_id: id.clone(),
            ..Default::default()
        })
        .await;
    assert_eq!(watch.err().map(|s| s.code()), Some(not_found), "WatchMessages");
    let appended = append(&mut app, &id, vec![text(MessageRole::User, "still there?")]).await;
    assert_eq!(appended.unwrap_err().code(), not_found, "AppendMessages");
    let retried = app
        .sessions
        .append_messages(AppendMessagesRequest {
            session_id: id.clone(),
            messages: vec![text(MessageRole::User, "again")],
            request_id: uuid::Uuid::now_v7().to_string(),
            ..Default::default()
        })
        .await;
    assert_eq!(
        retried.unwrap_err().code(),
        not_found,
        "AppendMessages with a request id"
    );
    let updated = app
        .sessions
        .update_session(UpdateSessionRequest {
            id: id.clone(),
            status: SessionStatus::Paused as i32,
            ..Default::default()
        })
        .await;
    assert_eq!(updated.unwrap_err().code(), not_found, "UpdateSession");
    let listed: Vec<String> = app
        .sessions
        .list_sessions(ListSessionsRequest {
            user_id: "u1".into(),
            ..Default::default()
        })
        .await
        .unwrap()
        .into_inner()
        .sessions
        .into_iter()
        .map(|s| s.id)
        .collect();
    assert_eq!(listed, std::slice::from_ref(&kept.id), "ListSessions");
    assert_eq!(searched(&mut app).await, 0, "SearchMemories");
    let memories = app
        .memories
        .list_memories(ListMemoriesRequest {
            user_id: "u1".into(),
            ..Default::default()
        })
        .await
        .unwrap()
        .into_inner()
        .memories;
    assert!(memories.is_empty(), "ListMemories: {memories:?}");
    let got = app
        .memories
        .get_memory(GetMemoryRequest { id: memory.id.clone() })
        .await;
    assert_eq!(got.unwrap_err().code(), not_found, "GetMemory");
    // Still stored until the sweep.
    assert_eq!(rows_of(&app, "messages", &id).await, 2);

    let counted = purge(&mut app, true).await;
    assert_eq!((counted.session_count, counted.message_count), (1, 2), "dry run");
    assert_eq!(rows_of(&app, "sessions", &id).await, 1, "a dry run deletes nothing");
    let purged = purge(&mut app, false).await;
    assert_eq!(
        (purged.session_count, purged.message_count, purged.batch_count),
        (1, 2, 1)
    );
    for table in ["sessions", "messages", "variables", "memories"] {
        assert_eq!(rows_of(&app, table, &id).await, 0, "{table} of the purged session");
    }
    assert_eq!(rows_of(&app, "messages", &kept.id).await, 0);
    app.sessions
        .get_session(GetSessionRequest { id: kept.id })
        .await
        .expect("a session without expiry stays");
    assert_eq!(purge(&mut app, false).await.session_count, 0, "nothing left");
}

async fn expiry_is_set_cleared_and_validated(backend: Backend) {
    let mut app = spawn_app(backend).await;
    let created = session(&mut app).await;
    assert_eq!(created.expire_time, None, "no expiry unless asked");
    let later = in_from_now(Duration::from_secs(3_600));
    let updated = app
        .sessions
        .update_session(UpdateSessionRequest {
            id: created.id.clone(),
            expire_time: Some(later),
            update_mask: Some(FieldMask {
                paths: vec!["expire_time".into()],
            }),
            ..Default::default()
        })
        .await
        .unwrap()
        .into_inner();
    assert_eq!(updated.expire_time.map(|t| t.seconds), Some(later.seconds));
    let cleared = app
        .sessions
        .update_session(UpdateSessionRequest {
            id: created.id.clone(),
            update_mask: Some(FieldMask {
                paths: vec!["expire_time".into()],
            }),
            ..Default::default()
        })
        .await
        .unwrap()
        .into_inner();
    assert_eq!(cleared.expire_time, None, "masked and unset: kept until deleted");

    let past = timestamp(chrono::Utc::now() - chrono::Duration::seconds(5));
    let refused = app
        .sessions
        .update_session(UpdateSessionRequest {
            id: created.id.clone(),
            expire_time: Some(past),
            ..Default::default()
        })
        .await
        .unwrap_err();
    assert_eq!(refused.code(), Code::InvalidArgument);
    assert_eq!(violated_fields(&refused), ["expire_time"]);
    let script_id = fixtures::script(&app, "past").await;
    let refused = app
        .sessions
        .create_session(CreateSessionRequest {
            user_id: "u1".into(),
            script_id,
            expire_time: Some(Timestamp {
                seconds: i64::MAX,
                nanos: 0,
            }),
            ..Default::default()
        })
        .await
        .unwrap_err();
    assert_eq!(refused.code(), Code::InvalidArgument);
    assert_eq!(violated_fields(&refused), ["expire_time"]);
}

/// With `AGENTBASE_SESSION_RETENTION`, a session that completes or fails
/// expires that long after; one whose caller set an expiry keeps it.
async fn ended_sessions_are_kept_for_the_retention(backend: Backend) {
    let mut app = spawn_app_with(
        backend,
        AppOptions {
            env: vec![("AGENTBASE_SESSION_RETENTION".into(), "2h".into())],
            ..Default::default()
        },
    )
    .await;
    let end = |app: &mut TestApp, id: String, status: SessionStatus| {
        let mut sessions = app.sessions.clone();
        async move {
            sessions
                .update_session(UpdateSessionRequest {
                    id,
                    status: status as i32,
                    ..Default::default()
                })
                .await
                .unwrap()
                .into_inner()
        }
    };
    let active = session(&mut app).await;
    assert_eq!(active.expire_time, None, "retention applies to ended sessions only");
    for status in [SessionStatus::Completed, SessionStatus::Failed] {
        let started = session(&mut app).await;
        let ended = end(&mut app, started.id, status).await;
        let updated = ended.update_time.unwrap().seconds;
        assert_eq!(
            ended.expire_time.map(|t| t.seconds - updated),
            Some(2 * 3_600),
            "{status:?}"
        );
    }
    let own = in_from_now(Duration::from_secs(600));
    let chosen = session(&mut app).await;
    app.sessions
        .update_session(UpdateSessionRequest {
            id: chosen.id.clone(),
            expire_time: Some(own),
            ..Default::default()
        })
        .await
        .unwrap();
    let ended = end(&mut app, chosen.id, SessionStatus::Completed).await;
    assert_eq!(
        ended.expire_time.map(|t| t.seconds),
        Some(own.seconds),
        "the caller's expiry wins"
    );

    // Issue 35, finding 4: an ended session's expiry is still the caller's
    // to clear (a legal hold), extend or bring forward; nothing else changes.
    let expiry_only = |id: &str, expire_time: Option<Timestamp>| UpdateSessionRequest {
        id: id.to_owned(),
        expire_time,
        update_mask: Some(FieldMask {
            paths: vec!["expire_time".into()],
        }),
        ..Default::default()
    };
    let held = app
        .sessions
        .update_session(expiry_only(&ended.id, None))
        .await
        .unwrap()
        .into_inner();
    assert_eq!((held.expire_time, held.status), (None, SessionStatus::Completed as i32));
    let sooner = in_from_now(Duration::from_secs(60));
    let let_go = app
        .sessions
        .update_session(expiry_only(&ended.id, Some(sooner)))
        .await
        .unwrap()
        .into_inner();
    assert_eq!(let_go.expire_time.map(|t| t.seconds), Some(sooner.seconds));
    let reopened = app
        .sessions
        .update_session(UpdateSessionRequest {
            id: ended.id.clone(),
            status: SessionStatus::Active as i32,
            ..Default::default()
        })
        .await
        .unwrap_err();
    assert_eq!(
        reopened.code(),
        Code::FailedPrecondition,
        "anything but the expiry stays final"
    );
}

/// 10,000 expired sessions and one with 25,000 messages: every batch holds
/// at most 100 sessions or 10,000 messages, and everything expired goes.
async fn purges_run_in_bounded_batches(backend: Backend) {
    let mut app = spawn_app(backend).await;
    let template = session(&mut app).await;
    let long = session(&mut app).await;
    for chunk in 0..250 {
        let messages = (0..100)
            .map(|i| text(MessageRole::User, &format!("message {}", chunk * 100 + i)))
            .collect();
        append(&mut app, &long.id, messages).await.unwrap();
    }
    let db = app.storage_of("sessions").await;
    let backend_kind = db.get_database_backend();
    let expired_at = chrono::Utc::now() - chrono::Duration::hours(1);
    let template_id = uuid::Uuid::parse_str(&template.id).unwrap();
    // Copies of the template with ids of their own, expired an hour ago.
    let copies = match backend_kind {
        sea_orm::DatabaseBackend::Postgres => {
            r#"INSERT INTO "sessions" ("id", "user_id", "script_id", "script_revision", "project_version_id", "status",
                 "execution_status", "phase_index", "topic_index", "action_index", "action_id", "metadata",
                 "message_count", "etag", "created_at", "updated_at", "expire_at", "tenant_id")
               SELECT gen_random_uuid(), "user_id", "script_id", "script_revision", "project_version_id", "status",
                 "execution_status", "phase_index", "topic_index", "action_index", "action_id", "metadata",
                 0, "etag", "created_at", "updated_at", $1, "tenant_id"
               FROM "sessions", generate_series(1, 10000) WHERE "id" = $2"#
        }
        _ => {
            r#"WITH RECURSIVE "n"("i") AS (SELECT 1 UNION ALL SELECT "i" + 1 FROM "n" WHERE "i" < 10000)
               INSERT INTO "sessions" ("id", "user_id", "script_id", "script_revision", "project_version_id", "status",
                 "execution_status", "phase_index", "topic_index", "action_index", "action_id", "metadata",
                 "message_count", "etag", "created_at", "updated_at", "expire_at", "tenant_id")
               SELECT randomblob(16), "user_id", "script_id", "script_revision", "project_version_id", "status",
                 "execution_status", "phase_index", "topic_index", "action_index", "action_id", "metadata",
                 0, "etag", "created_at", "updated_at", ?, "tenant_id"
               FROM "sessions", "n" WHERE "id" = ?"#
        }
    };
    db.execute_raw(Statement::from_sql_and_values(
        backend_kind,
        copies,
        [expired_at.into(), template_id.into()],
    ))
    .await
    .unwrap();
    let expire_long = match backend_kind {
        sea_orm::DatabaseBackend::Postgres => r#"UPDATE "sessions" SET "expire_at" = $1 WHERE "id" = $2"#,
        _ => r#"UPDATE "sessions" SET "expire_at" = ? WHERE "id" = ?"#,
    };
    let long_id = uuid::Uuid::parse_str(&long.id).unwrap();
    db.execute_raw(Statement::from_sql_and_values(
        backend_kind,
        expire_long,
        [expired_at.into(), long_id.into()],
    ))
    .await
    .unwrap();

    let counted = purge(&mut app, true).await;
    assert_eq!((counted.session_count, counted.message_count), (10_001, 25_000));
    let started = std::time::Instant::now();
    let purged = purge(&mut app, false).await;
    let took = started.elapsed();
    assert_eq!((purged.session_count, purged.message_count), (10_001, 25_000));
    // 10,000 sessions at 100 a batch, the batch where the long session comes
    // up cut short before it (its messages do not fit), two batches of
    // 10,000 of its messages, then it goes with its last 5,000.
    assert!((103..=104).contains(&purged.batch_count), "{purged:?}");
    let longest = purged.longest_batch.unwrap();
    eprintln!(
        "{backend:?}: purged 10,001 sessions and 25,000 messages in {} batches, {took:.2?} in all, the longest batch {} ms",
        purged.batch_count,
        longest.seconds * 1_000 + i64::from(longest.nanos) / 1_000_000
    );
    assert_eq!(rows_of(&app, "messages", &long.id).await, 0);
    assert_eq!(rows_of(&app, "sessions", &long.id).await, 0);
    app.sessions
        .get_session(GetSessionRequest { id: template.id })
        .await
        .expect("the template never expired");
}

/// The background sweeper deletes an expired session on its own.
async fn the_sweeper_deletes_expired_sessions(backend: Backend) {
    let mut app = spawn_app_with(
        backend,
        AppOptions {
            env: vec![("AGENTBASE_SESSION_SWEEP_INTERVAL_MS".into(), "200".into())],
            ..Default::default()
        },
    )
    .await;
    let expiring = expiring_session(&app, Duration::from_millis(800)).await;
    append(&mut app, &expiring.id, vec![text(MessageRole::User, "soon gone")])
        .await
        .unwrap();
    let deadline = std::time::Instant::now() + Duration::from_secs(10);
    while rows_of(&app, "sessions", &expiring.id).await > 0 {
        assert!(std::time::Instant::now() < deadline, "the sweeper did not run");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert_eq!(rows_of(&app, "messages", &expiring.id).await, 0);
}

/// Issue 35, findings 1, 5 and 6: an expired session's memories are gone to
/// writes as well as reads (update, history, delete, and a create naming the
/// session), before the sweeper runs; an expiry beyond protobuf's Timestamp
/// range is refused by field; emoji-only memories stay distinct.
async fn an_expired_sessions_memories_are_gone_to_every_call(backend: Backend) {
    let mut app = spawn_app(backend).await;
    let expiring = expiring_session(&app, Duration::from_millis(1_500)).await;
    // Finding 3: a watch open across the expiry ends NOT_FOUND at it.
    let mut watch = app
        .sessions
        .watch_messages(WatchMessagesRequest {
            session_id: expiring.id.clone(),
            ..Default::default()
        })
        .await
        .unwrap()
        .into_inner();
    let watched = tokio::spawn(async move {
        let ended = tokio::time::timeout(Duration::from_millis(2_600), watch.message())
            .await
            .expect("the watch ends within a second of the expiry");
        ended.map(|_| ())
    });
    let create = CreateMemoryRequest {
        user_id: "u1".into(),
        session_id: expiring.id.clone(),
        memory_type: "fact".into(),
        content: "walks the dog every morning".into(),
        request_id: uuid::Uuid::new_v4().to_string(),
        ..Default::default()
    };
    let memory = app.memories.create_memory(create.clone()).await.unwrap().into_inner();
    app.memories
        .update_memory(UpdateMemoryRequest {
            id: memory.id.clone(),
            content: "walks the dog every evening".into(),
            update_mask: Some(FieldMask {
                paths: vec!["content".into()],
            }),
            ..Default::default()
        })
        .await
        .unwrap();
    tokio::time::sleep(Duration::from_millis(1_700)).await;
    let ended = watched.await.unwrap();
    assert_eq!(ended.unwrap_err().code(), Code::NotFound, "not an OK end");

    let update = app
        .memories
        .update_memory(UpdateMemoryRequest {
            id: memory.id.clone(),
            content: "leaks the content".into(),
            update_mask: Some(FieldMask {
                paths: vec!["content".into()],
            }),
            ..Default::default()
        })
        .await
        .unwrap_err();
    assert_eq!(update.code(), Code::NotFound, "{update:?}");
    let history = app
        .memories
        .list_memory_history(ListMemoryHistoryRequest {
            memory_id: memory.id.clone(),
            ..Default::default()
        })
        .await
        .unwrap_err();
    assert_eq!(history.code(), Code::NotFound, "{history:?}");
    let delete = app
        .memories
        .delete_memory(DeleteMemoryRequest {
            id: memory.id.clone(),
            ..Default::default()
        })
        .await
        .unwrap_err();
    assert_eq!(delete.code(), Code::NotFound, "{delete:?}");
    let replayed = app.memories.create_memory(create).await.unwrap_err();
    assert_eq!(
        replayed.code(),
        Code::NotFound,
        "a replayed create answers as a read would"
    );
    let termless = app
        .memories
        .search_memories(SearchMemoriesRequest {
            query: "!!!".into(),
            session_id: expiring.id.clone(),
            ..Default::default()
        })
        .await
        .unwrap_err();
    assert_eq!(
        termless.code(),
        Code::NotFound,
        "a search with no terms still names the session"
    );
    let create = app
        .memories
        .create_memory(CreateMemoryRequest {
            user_id: "u1".into(),
            session_id: expiring.id.clone(),
            memory_type: "fact".into(),
            content: "can never be read".into(),
            ..Default::default()
        })
        .await
        .unwrap_err();
    assert_eq!(create.code(), Code::NotFound, "{create:?}");
    assert_eq!(
        rows_of(&app, "memories", &expiring.id).await,
        1,
        "the sweeper has not run"
    );

    let live = session(&mut app).await.id;
    for seconds in [253_402_300_800, 1_i64 << 40] {
        let beyond = app
            .sessions
            .update_session(UpdateSessionRequest {
                id: live.clone(),
                expire_time: Some(Timestamp { seconds, nanos: 0 }),
                update_mask: Some(FieldMask {
                    paths: vec!["expire_time".into()],
                }),
                ..Default::default()
            })
            .await
            .unwrap_err();
        assert_eq!(violated_fields(&beyond), ["expire_time"], "{seconds}");
    }

    // Finding 2: a memory superseded by one in the expired session is live
    // again, before the purge as after it.
    let create = |user: &str, session_id: &str, content: &str, supersedes: &str| CreateMemoryRequest {
        user_id: user.into(),
        session_id: session_id.into(),
        memory_type: "pref".into(),
        content: content.into(),
        supersedes_memory_id: supersedes.into(),
        ..Default::default()
    };
    let tea = app
        .memories
        .create_memory(create("u3", "", "prefers tea", ""))
        .await
        .unwrap()
        .into_inner();
    let short_u3 = {
        let script_id = fixtures::script(&app, &format!("expiring-{}", uuid::Uuid::now_v7())).await;
        app.sessions
            .create_session(CreateSessionRequest {
                user_id: "u3".into(),
                script_id,
                expire_time: Some(in_from_now(Duration::from_millis(800))),
                ..Default::default()
            })
            .await
            .unwrap()
            .into_inner()
    };
    app.memories
        .create_memory(create("u3", &short_u3.id, "coffee now", &tea.id))
        .await
        .unwrap();
    let prefs = |app: &TestApp| {
        let mut memories = app.memories.clone();
        async move {
            memories
                .list_memories(ListMemoriesRequest {
                    user_id: "u3".into(),
                    memory_type: "pref".into(),
                    ..Default::default()
                })
                .await
                .unwrap()
                .into_inner()
                .memories
                .into_iter()
                .map(|m| m.content)
                .collect::<Vec<_>>()
        }
    };
    // Links to a memory of the expiring session, both ways.
    let drink = |session_id: &str, content: &str, supersedes: &str| CreateMemoryRequest {
        memory_type: "drink".into(),
        ..create("u3", session_id, content, supersedes)
    };
    let mut memories = app.memories.clone();
    let decaf = memories
        .create_memory(drink(&short_u3.id, "decaf", ""))
        .await
        .unwrap()
        .into_inner();
    let espresso = memories
        .create_memory(drink("", "espresso", &decaf.id))
        .await
        .unwrap()
        .into_inner();
    let cocoa_before = memories
        .create_memory(drink("", "cocoa", ""))
        .await
        .unwrap()
        .into_inner();
    let cocoa_after = memories
        .create_memory(drink(&short_u3.id, "cocoa after all", &cocoa_before.id))
        .await
        .unwrap()
        .into_inner();
    let links = |app: &TestApp| {
        let mut memories = app.memories.clone();
        let (espresso, cocoa) = (espresso.id.clone(), cocoa_before.id.clone());
        async move {
            let get = |id: String| {
                let mut memories = memories.clone();
                async move { memories.get_memory(GetMemoryRequest { id }).await.unwrap().into_inner() }
            };
            let espresso = get(espresso).await;
            let cocoa = get(cocoa).await;
            let listed = memories
                .list_memories(ListMemoriesRequest {
                    user_id: "u3".into(),
                    memory_type: "drink".into(),
                    include_superseded: true,
                    ..Default::default()
                })
                .await
                .unwrap()
                .into_inner()
                .memories;
            let found = memories
                .search_memories(SearchMemoriesRequest {
                    user_id: "u3".into(),
                    query: "cocoa".into(),
                    include_superseded: true,
                    ..Default::default()
                })
                .await
                .unwrap()
                .into_inner()
                .hits;
            let listed_links: Vec<(String, String, String)> = listed
                .into_iter()
                .map(|m| (m.content, m.supersedes_memory_id, m.superseded_by_memory_id))
                .collect();
            let found_links: Vec<(String, String)> = found
                .into_iter()
                .map(|hit| hit.memory.unwrap())
                .map(|m| (m.content, m.superseded_by_memory_id))
                .collect();
            (
                espresso.supersedes_memory_id,
                cocoa.superseded_by_memory_id,
                listed_links,
                found_links,
            )
        }
    };
    let (supersedes, superseded_by, _, found) = links(&app).await;
    assert_eq!((supersedes, superseded_by), (decaf.id.clone(), cocoa_after.id.clone()));
    assert!(
        found.contains(&("cocoa".to_owned(), cocoa_after.id.clone())),
        "{found:?}"
    );

    assert_eq!(prefs(&app).await, ["coffee now"]);
    tokio::time::sleep(Duration::from_millis(1_000)).await;
    assert_eq!(prefs(&app).await, ["prefers tea"], "before the purge");
    let unlinked = (
        String::new(),
        String::new(),
        vec![
            ("cocoa".to_owned(), String::new(), String::new()),
            ("espresso".to_owned(), String::new(), String::new()),
        ],
        vec![("cocoa".to_owned(), String::new())],
    );
    assert_eq!(
        links(&app).await,
        unlinked,
        "links to expired memories read as none before the purge"
    );
    purge(&mut app, false).await;
    assert_eq!(prefs(&app).await, ["prefers tea"], "after the purge");
    assert_eq!(links(&app).await, unlinked, "as after it");

    let mut ids = Vec::new();
    for content in [
        "😢",
        "😊",
        "😢",
        "I feel 😢",
        "I feel 😊",
        "i feel 😢!",
        "+1",
        "-1",
        "+1.",
        "balance is -5",
        "balance is 5",
        "I feel :)",
        "I feel :(",
    ] {
        ids.push(
            app.memories
                .create_memory(CreateMemoryRequest {
                    user_id: "u2".into(),
                    memory_type: "mood".into(),
                    content: content.into(),
                    ..Default::default()
                })
                .await
                .unwrap()
                .into_inner()
                .id,
        );
    }
    assert_ne!(ids[0], ids[1], "two emoji are two memories");
    assert_eq!(ids[0], ids[2], "the same emoji again is the same memory");
    assert_ne!(ids[3], ids[4], "words alike, emoji apart: two memories");
    assert_eq!(ids[3], ids[5], "case and punctuation aside, the same memory");
    assert_ne!(ids[6], ids[7], "+1 and -1 are two memories");
    assert_eq!(ids[6], ids[8]);
    assert_ne!(ids[9], ids[10], "a sign changes what is said");
    assert_ne!(ids[11], ids[12], "so does an emoticon");
}

backend_tests!(
    an_expired_sessions_memories_are_gone_to_every_call,
    the_sweeper_deletes_expired_sessions,
    expired_session_is_hidden_at_once_and_gone_after_the_sweep,
    expiry_is_set_cleared_and_validated,
    ended_sessions_are_kept_for_the_retention,
    purges_run_in_bounded_batches
);

// Through PgBouncer in transaction mode too (docs/OPERATIONS.md, "Transaction pooling").
agentbase_testkit::pooled_tests!(the_sweeper_deletes_expired_sessions);
