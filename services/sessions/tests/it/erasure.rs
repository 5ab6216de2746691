//! EraseUserData against PostgreSQL and SQLite: a user with many sessions,
//! messages, variables, memories with history and forks is counted exactly
//! by a dry run, then erased — NOT_FOUND to every call, 0 rows in every
//! table (direct SQL), other users untouched, the receipt in the audit
//! trail, appends racing the erasure either erased or NOT_FOUND.

use std::sync::{
    Arc,
    atomic::{AtomicBool, AtomicI64, Ordering},
};

use agentbase_proto::audit::v1::ListAuditEventsRequest;
use agentbase_proto::sessions::v1::{
    CreateMemoryRequest, CreateSessionRequest, EraseUserDataRequest, ErasureReceipt, ForkSessionRequest,
    GetMemoryRequest, GetSessionRequest, ListMemoriesRequest, ListSessionsRequest, MessageRole, SearchMemoriesRequest,
    SetVariablesRequest, UpdateMemoryRequest, VariableScope,
};
use agentbase_testkit::{Backend, TestApp, backend_tests, errors::violated_fields, fixtures, spawn_app};
use prost_types::FieldMask;
use sea_orm::{ConnectionTrait, Statement};
use tonic::Code;

use super::session_service::{append, text, variable};

const SESSIONS: usize = 50;
const MESSAGES_PER_SESSION: usize = 200;
const MEMORIES: usize = 500;
const FORKS: usize = 5;
const FORKED_AT: i64 = 30;

/// What the test made for one user, to compare counts and rows with.
#[derive(Default)]
struct Made {
    sessions: Vec<String>,
    memories: Vec<String>,
    messages: i64,
    variables: i64,
    revisions: i64,
}

async fn new_session(app: &mut TestApp, script_id: &str, user_id: &str) -> String {
    app.sessions
        .create_session(CreateSessionRequest {
            user_id: user_id.into(),
            script_id: script_id.into(),
            request_id: uuid::Uuid::now_v7().to_string(),
            ..Default::default()
        })
        .await
        .unwrap()
        .into_inner()
        .id
}

/// `sessions` sessions of `messages` messages and two variables each, `memories`
/// memories (every tenth in a session, every fifth updated twice), and forks.
async fn populate(app: &mut TestApp, user_id: &str, sessions: usize, messages: usize, memories: usize) -> Made {
    let script_id = fixtures::script(app, &format!("erasure-{}", uuid::Uuid::now_v7())).await;
    let mut made = Made::default();
    for s in 0..sessions {
        let id = new_session(app, &script_id, user_id).await;
        for chunk in 0..messages.div_ceil(100) {
            let batch = (chunk * 100..messages.min((chunk + 1) * 100))
                .map(|i| text(MessageRole::User, &format!("{user_id} said thing {i} in session {s}")))
                .collect();
            append(app, &id, batch).await.unwrap();
        }
        app.sessions
            .set_variables(SetVariablesRequest {
                session_id: id.clone(),
                variables: vec![
                    variable(VariableScope::Session, "mood", "low"),
                    variable(VariableScope::Global, "name", user_id),
                ],
            })
            .await
            .unwrap();
        made.messages += messages as i64;
        made.variables += 2;
        made.sessions.push(id);
    }
    for m in 0..memories {
        let session_id = if m % 10 == 0 {
            made.sessions[m % made.sessions.len()].clone()
        } else {
            String::new()
        };
        let memory = app
            .memories
            .create_memory(CreateMemoryRequest {
                user_id: user_id.into(),
                session_id,
                memory_type: "fact".into(),
                content: format!("{user_id} remembers zebra fact number {m}"),
                request_id: uuid::Uuid::now_v7().to_string(),
                ..Default::default()
            })
            .await
            .unwrap()
            .into_inner();
        if m % 5 == 0 {
            for version in 0..2 {
                app.memories
                    .update_memory(UpdateMemoryRequest {
                        id: memory.id.clone(),
                        content: format!("{user_id} remembers zebra fact number {m}, revised {version}"),
                        update_mask: Some(FieldMask {
                            paths: vec!["content".into()],
                        }),
                        ..Default::default()
                    })
                    .await
                    .unwrap();
                made.revisions += 1;
            }
        }
        made.memories.push(memory.id);
    }
    for f in 0..FORKS.min(sessions) {
        let fork = app
            .sessions
            .fork_session(ForkSessionRequest {
                session_id: made.sessions[f].clone(),
                at_seq: FORKED_AT.min(messages as i64),
                request_id: uuid::Uuid::now_v7().to_string(),
            })
            .await
            .unwrap()
            .into_inner();
        made.messages += FORKED_AT.min(messages as i64);
        // A fork copies its parent's variables.
        made.variables += 2;
        made.sessions.push(fork.id);
    }
    made
}

async fn erase(app: &mut TestApp, user_id: &str, dry_run: bool, request_id: &str) -> ErasureReceipt {
    app.sessions
        .erase_user_data(EraseUserDataRequest {
            user_id: user_id.into(),
            dry_run,
            request_id: request_id.into(),
        })
        .await
        .unwrap()
        .into_inner()
        .receipt
        .unwrap()
}

/// `SELECT COUNT(*)` of `sql`'s rows, whose `{ids}` is replaced by `ids`.
async fn count(app: &TestApp, sql: &str, ids: &[String]) -> i64 {
    let db = app.storage_of("sessions").await;
    let backend = db.get_database_backend();
    let placeholders: Vec<String> = (1..=ids.len().max(1))
        .map(|i| match backend {
            sea_orm::DatabaseBackend::Postgres => format!("${i}"),
            _ => "?".to_owned(),
        })
        .collect();
    let mut values: Vec<sea_orm::Value> = ids.iter().map(|id| uuid::Uuid::parse_str(id).unwrap().into()).collect();
    if values.is_empty() {
        values.push(uuid::Uuid::nil().into());
    }
    let sql = format!(
        "SELECT COUNT(*) AS n FROM {}",
        sql.replace("{ids}", &placeholders.join(", "))
    );
    let row = db
        .query_one_raw(Statement::from_sql_and_values(backend, sql, values))
        .await
        .unwrap()
        .unwrap();
    row.try_get::<i64>("", "n").unwrap()
}

/// Rows of every sessions-context table that belong to `user_id` (whose
/// sessions and memories are `made`), table by table.
async fn rows_of_user(app: &TestApp, user_id: &str, made: &Made) -> Vec<(&'static str, i64)> {
    let by_user = |table: &str| format!("{table} WHERE user_id = '{user_id}'");
    let mut ids = made.sessions.clone();
    ids.extend(made.memories.iter().cloned());
    let mut rows = vec![
        ("sessions", count(app, &by_user("sessions"), &[]).await),
        (
            "sessions by id",
            count(app, "sessions WHERE id IN ({ids})", &made.sessions).await,
        ),
        (
            "messages",
            count(app, "messages WHERE session_id IN ({ids})", &made.sessions).await,
        ),
        (
            "variables",
            count(app, "variables WHERE session_id IN ({ids})", &made.sessions).await,
        ),
        ("memories", count(app, &by_user("memories"), &[]).await),
        (
            "memories by id",
            count(app, "memories WHERE id IN ({ids})", &made.memories).await,
        ),
        (
            "memory_history",
            count(app, "memory_history WHERE memory_id IN ({ids})", &made.memories).await,
        ),
        (
            "request_ids",
            count(app, "request_ids WHERE resource_id IN ({ids})", &ids).await,
        ),
    ];
    if app.backend == Backend::Sqlite {
        // The full-text index keeps one entry per memory, by search_seq.
        let entries = count(app, "memory_search", &[]).await;
        let memories = count(app, "memories", &[]).await;
        rows.push(("memory_search entries without a memory", entries - memories));
    }
    rows
}

/// A word only the erased user's memory holds; no other indexed word starts
/// with `x`, so the index stores it whole (not after a prefix it shares).
const MARKER: &str = "xqxerasedmark";

/// SQLite: how many of the full-text index's segment blocks hold `term`.
async fn segments_holding(app: &TestApp, term: &str) -> usize {
    let db = app.storage_of("sessions").await;
    let segments = db
        .query_all_raw(Statement::from_string(
            db.get_database_backend(),
            "SELECT block FROM memory_search_data",
        ))
        .await
        .unwrap();
    segments
        .iter()
        .filter_map(|row| row.try_get::<Vec<u8>>("", "block").ok())
        .filter(|block| block.windows(term.len()).any(|w| w == term.as_bytes()))
        .count()
}

async fn erasing_a_user_leaves_nothing_of_them(backend: Backend) {
    let mut app = spawn_app(backend).await;
    let erased_user = format!("erased-{}", uuid::Uuid::now_v7());
    let kept_user = format!("kept-{}", uuid::Uuid::now_v7());
    let made = populate(&mut app, &erased_user, SESSIONS, MESSAGES_PER_SESSION, MEMORIES).await;
    let kept = populate(&mut app, &kept_user, 3, 20, 30).await;
    let kept_rows = rows_of_user(&app, &kept_user, &kept).await;

    let dry = erase(&mut app, &erased_user, true, "").await;
    assert!(dry.dry_run);
    let expected = (
        made.sessions.len() as i64,
        made.messages,
        made.variables,
        made.memories.len() as i64,
        made.revisions,
    );
    let counts = |r: &ErasureReceipt| {
        (
            r.session_count,
            r.message_count,
            r.variable_count,
            r.memory_count,
            r.memory_revision_count,
        )
    };
    assert_eq!(counts(&dry), expected, "the dry run counts exactly what is there");
    assert!(dry.audit_event_id.is_empty() && dry.erased_at.is_none());
    assert_eq!(
        rows_of_user(&app, &erased_user, &made).await[0].1,
        SESSIONS as i64 + FORKS as i64
    );

    // Appenders race the erasure on three of the user's sessions until they
    // are refused; every append acknowledged must be counted and erased.
    let stop = Arc::new(AtomicBool::new(false));
    let acknowledged = Arc::new(AtomicI64::new(0));
    let mut appenders = Vec::new();
    for session_id in &made.sessions[..3] {
        let session_id = session_id.clone();
        let mut app_sessions = app.sessions.clone();
        let (stop, acknowledged) = (stop.clone(), acknowledged.clone());
        appenders.push(tokio::spawn(async move {
            let mut refused = None;
            while !stop.load(Ordering::Relaxed) {
                let request = agentbase_proto::sessions::v1::AppendMessagesRequest {
                    session_id: session_id.clone(),
                    messages: vec![text(MessageRole::Assistant, "racing the erasure")],
                    ..Default::default()
                };
                match app_sessions.append_messages(request).await {
                    Ok(_) => {
                        acknowledged.fetch_add(1, Ordering::SeqCst);
                    }
                    Err(status) => {
                        refused = Some(status.code());
                        break;
                    }
                }
            }
            refused
        }));
    }
    tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    let request_id = uuid::Uuid::now_v7().to_string();
    let started = std::time::Instant::now();
    let receipt = erase(&mut app, &erased_user, false, &request_id).await;
    // A figure for docs/OPERATIONS.md, not an assertion.
    eprintln!("{backend:?}: erased in {:?}", started.elapsed());
    stop.store(true, Ordering::Relaxed);
    for appender in appenders {
        assert_eq!(
            appender.await.unwrap(),
            Some(Code::NotFound),
            "an append after the erasure finds the session gone"
        );
    }
    let raced = acknowledged.load(Ordering::SeqCst);
    assert!(raced > 0, "the appenders ran before the erasure");
    let (sessions, messages, variables, memories, revisions) = expected;
    assert_eq!(
        counts(&receipt),
        (sessions, messages + raced, variables, memories, revisions),
        "the receipt counts what was there, racing appends included"
    );
    assert!(!receipt.dry_run);
    assert_eq!(receipt.user_id, erased_user);
    assert_eq!(receipt.request_id, request_id);
    assert_eq!(receipt.erased_by, "anonymous");
    assert!(receipt.erased_at.is_some());

    // Nothing of the user is readable by any call.
    for id in &made.sessions {
        let status = app
            .sessions
            .get_session(GetSessionRequest { id: id.clone() })
            .await
            .unwrap_err();
        assert_eq!(status.code(), Code::NotFound);
    }
    for id in made.memories.iter().step_by(50) {
        let status = app
            .memories
            .get_memory(GetMemoryRequest { id: id.clone() })
            .await
            .unwrap_err();
        assert_eq!(status.code(), Code::NotFound);
    }
    let listed = app
        .sessions
        .list_sessions(ListSessionsRequest {
            user_id: erased_user.clone(),
            ..Default::default()
        })
        .await
        .unwrap()
        .into_inner();
    assert!(listed.sessions.is_empty());
    let memories_listed = app
        .memories
        .list_memories(ListMemoriesRequest {
            user_id: erased_user.clone(),
            ..Default::default()
        })
        .await
        .unwrap()
        .into_inner();
    assert!(memories_listed.memories.is_empty());
    let hits = app
        .memories
        .search_memories(SearchMemoriesRequest {
            query: "zebra".into(),
            ..Default::default()
        })
        .await
        .unwrap()
        .into_inner()
        .hits;
    assert!(
        hits.iter().all(|hit| hit.memory.as_ref().unwrap().user_id == kept_user),
        "a search finds only the kept user's memories"
    );
    assert!(!hits.is_empty());

    // No row of the user is left in any table; the other user is untouched.
    for (table, rows) in rows_of_user(&app, &erased_user, &made).await {
        assert_eq!(rows, 0, "{table} still holds rows of the erased user");
    }

    assert_eq!(rows_of_user(&app, &kept_user, &kept).await, kept_rows);

    // The receipt is in the audit trail, counts and all, never content.
    let events = app
        .sessions
        .list_audit_events(ListAuditEventsRequest {
            resource_type: "user".into(),
            resource_id: erased_user.clone(),
            ..Default::default()
        })
        .await
        .unwrap()
        .into_inner()
        .events;
    assert_eq!(events.len(), 1, "{events:?}");
    let event = &events[0];
    assert_eq!(event.id, receipt.audit_event_id);
    assert_eq!(event.method, "agentbase.sessions.v1.SessionService/EraseUserData");
    assert_eq!(event.request_id, request_id);
    assert_eq!(event.occurred_at, receipt.erased_at);
    let recorded = |kind: &str| event.counts.get(kind).copied().unwrap_or(-1);
    assert_eq!(
        (
            recorded("sessions"),
            recorded("messages"),
            recorded("variables"),
            recorded("memories"),
            recorded("memory_revisions")
        ),
        counts(&receipt)
    );
    assert!(!format!("{event:?}").contains("zebra") && !format!("{event:?}").contains("said thing"));

    // A retry answers the first receipt; the id names one user only.
    let retried = erase(&mut app, &erased_user, false, &request_id).await;
    assert_eq!(retried, receipt);
    let reused = app
        .sessions
        .erase_user_data(EraseUserDataRequest {
            user_id: kept_user.clone(),
            request_id: request_id.clone(),
            ..Default::default()
        })
        .await
        .unwrap_err();
    assert_eq!(reused.code(), Code::InvalidArgument);
    assert_eq!(violated_fields(&reused), ["request_id"]);
    let dry_reuse = app
        .sessions
        .erase_user_data(EraseUserDataRequest {
            user_id: erased_user.clone(),
            dry_run: true,
            request_id: request_id.clone(),
        })
        .await
        .unwrap_err();
    assert_eq!(
        violated_fields(&dry_reuse),
        ["request_id"],
        "a dry run reuses no erasure's id"
    );
    // Bounds before 1970 are valid: events are all after them.
    let since_year_one = app
        .sessions
        .list_audit_events(ListAuditEventsRequest {
            resource_id: erased_user.clone(),
            occurred_after: Some(prost_types::Timestamp {
                seconds: -62_135_596_800,
                nanos: 0,
            }),
            ..Default::default()
        })
        .await
        .unwrap()
        .into_inner()
        .events;
    assert_eq!(since_year_one.len(), 1);
    // A second erasure finds nothing.
    let again = erase(&mut app, &erased_user, false, "").await;
    assert_eq!(counts(&again), (0, 0, 0, 0, 0));
}

async fn erasure_requests_are_checked(backend: Backend) {
    let mut app = spawn_app(backend).await;
    for (request, field) in [
        (EraseUserDataRequest::default(), "user_id"),
        (
            EraseUserDataRequest {
                user_id: "   ".into(),
                ..Default::default()
            },
            "user_id",
        ),
        (
            EraseUserDataRequest {
                user_id: "x".repeat(256),
                ..Default::default()
            },
            "user_id",
        ),
        (
            EraseUserDataRequest {
                user_id: "u1".into(),
                request_id: "not-a-uuid".into(),
                ..Default::default()
            },
            "request_id",
        ),
    ] {
        let status = app.sessions.erase_user_data(request).await.unwrap_err();
        assert_eq!(status.code(), Code::InvalidArgument, "{status:?}");
        assert_eq!(violated_fields(&status), [field]);
    }
    // A user with nothing is erased with a receipt of zeros.
    let receipt = erase(&mut app, "nobody", false, "").await;
    assert_eq!(receipt.session_count + receipt.message_count + receipt.memory_count, 0);
    assert!(!receipt.audit_event_id.is_empty());

    // One memory erased leaves none of its terms in the index's segments.
    app.memories
        .create_memory(CreateMemoryRequest {
            user_id: "marked".into(),
            memory_type: "fact".into(),
            content: format!("likes {MARKER}"),
            ..Default::default()
        })
        .await
        .unwrap();
    if backend == Backend::Sqlite {
        assert!(segments_holding(&app, MARKER).await > 0, "the index holds the term");
    }
    erase(&mut app, "marked", false, "").await;
    if backend == Backend::Sqlite {
        assert_eq!(
            segments_holding(&app, MARKER).await,
            0,
            "an index segment still holds the erased term"
        );
    }

    // Statements do not grow with what is erased while it fits one batch.
    populate(&mut app, "small", 2, 5, 10).await;
    populate(&mut app, "large", 20, 5, 100).await;
    let mut statements = Vec::new();
    for user_id in ["small", "large"] {
        let before = app.statements.get();
        let receipt = erase(&mut app, user_id, false, &uuid::Uuid::now_v7().to_string()).await;
        statements.push(app.statements.get() - before);
        assert!(receipt.session_count > 0 && receipt.memory_count > 0);
    }
    assert_eq!(
        statements[0], statements[1],
        "erasing 20 sessions costs the statements of 2"
    );
}

backend_tests!(erasing_a_user_leaves_nothing_of_them, erasure_requests_are_checked);
