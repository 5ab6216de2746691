//! SessionService through the generated client against PostgreSQL and SQLite.

use std::{collections::HashSet, time::Duration};

use agentbase_proto::{
    scripts::v1::ArchiveScriptRequest,
    sessions::v1::{
        AppendMessagesRequest, CreateSessionRequest, DeleteSessionRequest, DeleteVariableRequest, GetSessionRequest,
        ListMessagesRequest, ListSessionsRequest, ListVariablesRequest, Message, MessageRole, NewMessage, Position,
        Session, SessionStatus, SetVariablesRequest, UpdateSessionRequest, VariableInput, VariableScope,
        WatchMessagesRequest,
    },
};
use agentbase_testkit::fixtures;
use agentbase_testkit::{
    AppOptions, Backend, TestApp, backend_tests,
    errors::{reason_in, violated_fields},
    spawn_app, spawn_app_with,
};
use prost_types::{FieldMask, Value, value::Kind};
use tokio_stream::StreamExt;
use tonic::{Code, Status};

fn reason(status: &Status) -> String {
    reason_in(status, "sessions.agentbase")
}

async fn script(app: &mut TestApp, name: &str) -> String {
    fixtures::script(app, name).await
}

pub(super) async fn session(app: &mut TestApp) -> Session {
    fixtures::session(app).await
}

pub(super) fn text(role: MessageRole, content: &str) -> NewMessage {
    NewMessage {
        role: role as i32,
        content: content.into(),
        ..Default::default()
    }
}

pub(super) async fn append(
    app: &mut TestApp,
    session_id: &str,
    messages: Vec<NewMessage>,
) -> Result<Vec<Message>, Status> {
    let request = AppendMessagesRequest {
        session_id: session_id.into(),
        messages,
        ..Default::default()
    };
    app.sessions
        .append_messages(request)
        .await
        .map(|r| r.into_inner().messages)
}

pub(super) fn string_value(s: &str) -> Option<Value> {
    Some(Value {
        kind: Some(Kind::StringValue(s.into())),
    })
}

pub(super) fn variable(scope: VariableScope, name: &str, value: &str) -> VariableInput {
    VariableInput {
        scope: scope as i32,
        name: name.into(),
        value: string_value(value),
        source: "test".into(),
    }
}

async fn sessions_pin_the_scripts_current_revision(backend: Backend) {
    let mut app = spawn_app(backend).await;
    let script_id = script(&mut app, "pinned").await;
    let request = CreateSessionRequest {
        user_id: "u1".into(),
        script_id: script_id.clone(),
        request_id: uuid::Uuid::now_v7().to_string(),
        ..Default::default()
    };
    let created = app.sessions.create_session(request.clone()).await.unwrap().into_inner();
    assert_eq!(
        (created.script_revision, created.status),
        (1, SessionStatus::Active as i32)
    );
    assert_eq!(
        app.sessions.create_session(request).await.unwrap().into_inner().id,
        created.id,
        "idempotent"
    );

    let got = app
        .sessions
        .get_session(GetSessionRequest { id: created.id.clone() })
        .await
        .unwrap()
        .into_inner();
    assert_eq!(got.id, created.id);
    let missing = app
        .sessions
        .get_session(GetSessionRequest {
            id: uuid::Uuid::now_v7().to_string(),
        })
        .await
        .unwrap_err();
    assert_eq!(reason(&missing), "SESSION_NOT_FOUND");
    let bad = CreateSessionRequest {
        user_id: String::new(),
        script_id: "x".into(),
        ..Default::default()
    };
    assert_eq!(
        violated_fields(&app.sessions.create_session(bad).await.unwrap_err()),
        ["user_id", "script_id"]
    );
}

async fn missing_or_archived_scripts_start_nothing(backend: Backend) {
    let mut app = spawn_app(backend).await;
    let missing = CreateSessionRequest {
        user_id: "u".into(),
        script_id: uuid::Uuid::now_v7().to_string(),
        ..Default::default()
    };
    let status = app.sessions.create_session(missing).await.unwrap_err();
    assert_eq!(
        (status.code(), reason(&status).as_str()),
        (Code::FailedPrecondition, "SCRIPT_NOT_FOUND")
    );

    let script_id = script(&mut app, "old").await;
    app.scripts
        .archive_script(ArchiveScriptRequest {
            id: script_id.clone(),
            etag: String::new(),
        })
        .await
        .unwrap();
    let archived = CreateSessionRequest {
        user_id: "u".into(),
        script_id,
        ..Default::default()
    };
    let status = app.sessions.create_session(archived).await.unwrap_err();
    assert_eq!(
        (status.code(), reason(&status).as_str()),
        (Code::FailedPrecondition, "SCRIPT_NOT_FOUND")
    );
    let list = app
        .sessions
        .list_sessions(ListSessionsRequest::default())
        .await
        .unwrap()
        .into_inner();
    assert!(list.sessions.is_empty(), "no session row written");
}

async fn an_unreachable_scripts_service_is_unavailable(backend: Backend) {
    let closed = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap();
    let options = AppOptions {
        env: vec![("AGENTBASE_SCRIPTS_ENDPOINT".into(), format!("http://{closed}"))],
        ..Default::default()
    };
    let mut app = spawn_app_with(backend, options).await;
    let request = CreateSessionRequest {
        user_id: "u".into(),
        script_id: uuid::Uuid::now_v7().to_string(),
        ..Default::default()
    };
    let status = app.sessions.create_session(request).await.unwrap_err();
    assert_eq!(
        (status.code(), reason(&status).as_str()),
        (Code::Unavailable, "SCRIPTS_UNAVAILABLE")
    );
    assert!(tonic_types::StatusExt::get_details_retry_info(&status).is_some());
    let list = app
        .sessions
        .list_sessions(ListSessionsRequest::default())
        .await
        .unwrap()
        .into_inner();
    assert!(list.sessions.is_empty(), "no orphan session");
}

async fn concurrent_appenders_get_a_gap_free_sequence(backend: Backend) {
    let mut app = spawn_app(backend).await;
    let session = session(&mut app).await;
    let appenders: Vec<_> = (0..8)
        .map(|worker| {
            let mut client = app.sessions.clone();
            let session_id = session.id.clone();
            tokio::spawn(async move {
                for i in 0..200 {
                    let request = AppendMessagesRequest {
                        session_id: session_id.clone(),
                        messages: vec![text(MessageRole::User, &format!("{worker}-{i}"))],
                        ..Default::default()
                    };
                    client.append_messages(request).await.unwrap();
                }
            })
        })
        .collect();
    for appender in appenders {
        appender.await.unwrap();
    }
    let mut seqs = Vec::new();
    let mut token = String::new();
    loop {
        let request = ListMessagesRequest {
            session_id: session.id.clone(),
            page_size: 500,
            page_token: token,
            ..Default::default()
        };
        let page = app.sessions.list_messages(request).await.unwrap().into_inner();
        seqs.extend(page.messages.iter().map(|m| m.seq));
        if page.next_page_token.is_empty() {
            break;
        }
        token = page.next_page_token;
    }
    assert_eq!(seqs, (1..=1600).collect::<Vec<i64>>());

    // Retries racing each other: every request id appends once, and every
    // copy of a request answers the same messages.
    let request_ids: Vec<String> = (0..50).map(|_| uuid::Uuid::now_v7().to_string()).collect();
    let retriers: Vec<_> = (0..8)
        .map(|_| {
            let mut client = app.sessions.clone();
            let (session_id, request_ids) = (session.id.clone(), request_ids.clone());
            tokio::spawn(async move {
                let mut answers = Vec::new();
                for (i, request_id) in request_ids.into_iter().enumerate() {
                    let request = AppendMessagesRequest {
                        session_id: session_id.clone(),
                        messages: vec![text(MessageRole::User, &format!("retried-{i}"))],
                        request_id,
                        ..Default::default()
                    };
                    answers.push(client.append_messages(request).await.unwrap().into_inner().messages);
                }
                answers
            })
        })
        .collect();
    let mut answers = Vec::new();
    for retrier in retriers {
        answers.push(retrier.await.unwrap());
    }
    assert!(
        answers.iter().all(|a| *a == answers[0]),
        "every copy answers the first append"
    );
    let mut retried: Vec<i64> = answers[0].iter().map(|m| m[0].seq).collect();
    retried.sort_unstable();
    assert_eq!(retried, (1601..=1650).collect::<Vec<i64>>());
    let got = app
        .sessions
        .get_session(GetSessionRequest { id: session.id.clone() })
        .await
        .unwrap()
        .into_inner();
    assert_eq!(got.message_count, 1650);
    assert!(got.last_message_time.is_some());
}

async fn appends_honour_turns_ids_and_limits(backend: Backend) {
    let mut app = spawn_app(backend).await;
    let session = session(&mut app).await;
    let first = append(
        &mut app,
        &session.id,
        vec![text(MessageRole::User, "hi"), text(MessageRole::Assistant, "hello")],
    )
    .await
    .unwrap();
    assert_eq!(first.iter().map(|m| m.seq).collect::<Vec<_>>(), [1, 2]);

    let turn = |expected| AppendMessagesRequest {
        session_id: session.id.clone(),
        messages: vec![text(MessageRole::User, "next")],
        expected_last_seq: Some(expected),
        ..Default::default()
    };
    let status = app.sessions.append_messages(turn(1)).await.unwrap_err();
    assert_eq!(
        (status.code(), reason(&status).as_str()),
        (Code::Aborted, "LAST_SEQ_MISMATCH")
    );
    assert_eq!(
        app.sessions
            .append_messages(turn(2))
            .await
            .unwrap()
            .into_inner()
            .messages[0]
            .seq,
        3
    );

    let request = AppendMessagesRequest {
        session_id: session.id.clone(),
        messages: vec![text(MessageRole::User, "once")],
        request_id: uuid::Uuid::now_v7().to_string(),
        ..Default::default()
    };
    let once = app
        .sessions
        .append_messages(request.clone())
        .await
        .unwrap()
        .into_inner()
        .messages;
    let again = app
        .sessions
        .append_messages(request)
        .await
        .unwrap()
        .into_inner()
        .messages;
    assert_eq!(once, again, "a retry returns the first append");
    assert_eq!(once[0].seq, 4);

    let too_many: Vec<_> = (0..101).map(|_| text(MessageRole::User, "x")).collect();
    assert_eq!(
        violated_fields(&append(&mut app, &session.id, too_many).await.unwrap_err()),
        ["messages"]
    );
    let big = vec![text(MessageRole::User, &"x".repeat(256 * 1024 + 1))];
    assert_eq!(
        violated_fields(&append(&mut app, &session.id, big).await.unwrap_err()),
        ["messages[0].content"]
    );
    let no_role = vec![NewMessage {
        content: "x".into(),
        ..Default::default()
    }];
    assert_eq!(
        violated_fields(&append(&mut app, &session.id, no_role).await.unwrap_err()),
        ["messages[0].role"]
    );
    let got = app
        .sessions
        .get_session(GetSessionRequest { id: session.id.clone() })
        .await
        .unwrap()
        .into_inner();
    assert_eq!(got.message_count, 4, "refused appends wrote nothing");
}

async fn ten_thousand_messages_page_both_ways(backend: Backend) {
    let mut app = spawn_app(backend).await;
    let session = session(&mut app).await;
    for batch in 0..100 {
        let messages = (0..100)
            .map(|i| {
                text(
                    if i % 2 == 0 {
                        MessageRole::User
                    } else {
                        MessageRole::Assistant
                    },
                    &format!("{batch}-{i}"),
                )
            })
            .collect();
        append(&mut app, &session.id, messages).await.unwrap();
    }
    for descending in [false, true] {
        let mut seqs = Vec::new();
        let mut token = String::new();
        loop {
            let request = ListMessagesRequest {
                session_id: session.id.clone(),
                page_size: 100,
                page_token: token,
                descending,
                ..Default::default()
            };
            let page = app.sessions.list_messages(request).await.unwrap().into_inner();
            assert!(page.messages.len() <= 100);
            seqs.extend(page.messages.iter().map(|m| m.seq));
            if page.next_page_token.is_empty() {
                break;
            }
            token = page.next_page_token;
        }
        let mut expected: Vec<i64> = (1..=10_000).collect();
        if descending {
            expected.reverse();
        }
        assert_eq!(seqs, expected, "descending = {descending}");
    }
    let users = ListMessagesRequest {
        session_id: session.id.clone(),
        page_size: 500,
        role: MessageRole::Assistant as i32,
        ..Default::default()
    };
    let page = app.sessions.list_messages(users).await.unwrap().into_inner();
    assert!(
        page.messages
            .iter()
            .all(|m| m.role == MessageRole::Assistant as i32 && m.seq % 2 == 0)
    );
}

async fn a_watcher_sees_every_later_message_once(backend: Backend) {
    let mut app = spawn_app(backend).await;
    let session = session(&mut app).await;
    for i in 1..=15 {
        append(&mut app, &session.id, vec![text(MessageRole::User, &i.to_string())])
            .await
            .unwrap();
    }
    let watch = WatchMessagesRequest {
        session_id: session.id.clone(),
        after_seq: 10,
    };
    let mut stream = app.sessions.watch_messages(watch).await.unwrap().into_inner();
    let writer = {
        let mut client = app.sessions.clone();
        let session_id = session.id.clone();
        tokio::spawn(async move {
            for i in 16..=60 {
                let request = AppendMessagesRequest {
                    session_id: session_id.clone(),
                    messages: vec![text(MessageRole::Assistant, &i.to_string())],
                    ..Default::default()
                };
                client.append_messages(request).await.unwrap();
            }
            let complete = UpdateSessionRequest {
                id: session_id,
                status: SessionStatus::Completed as i32,
                update_mask: Some(FieldMask {
                    paths: vec!["status".into()],
                }),
                ..Default::default()
            };
            client.update_session(complete).await.unwrap();
        })
    };
    let mut seen = Vec::new();
    while let Some(event) = tokio::time::timeout(Duration::from_secs(20), stream.next())
        .await
        .expect("watch stalled")
    {
        seen.push(event.unwrap().message.unwrap().seq);
    }
    writer.await.unwrap();
    assert_eq!(
        seen,
        (11..=60).collect::<Vec<i64>>(),
        "each message after 10 exactly once, in order; the stream ends on completion"
    );
}

async fn updates_follow_the_lifecycle_and_clear_scoped_variables(backend: Backend) {
    let mut app = spawn_app(backend).await;
    let session = session(&mut app).await;
    let set = SetVariablesRequest {
        session_id: session.id.clone(),
        variables: vec![
            variable(VariableScope::Global, "g", "1"),
            variable(VariableScope::Session, "s", "2"),
            variable(VariableScope::Phase, "p", "3"),
            variable(VariableScope::Topic, "t", "4"),
        ],
    };
    app.sessions.set_variables(set).await.unwrap();
    let move_to = |id: &str, phase, topic, etag: &str| UpdateSessionRequest {
        id: id.into(),
        position: Some(Position {
            phase_index: phase,
            topic_index: topic,
            action_index: 0,
            action_id: "a".into(),
        }),
        update_mask: Some(FieldMask {
            paths: vec!["position".into()],
        }),
        etag: etag.into(),
        ..Default::default()
    };
    let names = |s: &Session| s.variables.iter().map(|v| v.name.clone()).collect::<Vec<_>>();
    let moved = app
        .sessions
        .update_session(move_to(&session.id, 0, 1, ""))
        .await
        .unwrap()
        .into_inner();
    assert_eq!(names(&moved), ["g", "s", "p"], "another topic clears topic variables");
    app.sessions
        .set_variables(SetVariablesRequest {
            session_id: session.id.clone(),
            variables: vec![variable(VariableScope::Topic, "t", "5")],
        })
        .await
        .unwrap();
    let moved = app
        .sessions
        .update_session(move_to(&session.id, 1, 0, &moved.etag))
        .await
        .unwrap()
        .into_inner();
    assert_eq!(
        names(&moved),
        ["g", "s"],
        "another phase clears phase and topic variables"
    );
    let status = app
        .sessions
        .update_session(move_to(&session.id, 2, 0, &session.etag))
        .await
        .unwrap_err();
    assert_eq!(
        (status.code(), reason(&status).as_str()),
        (Code::Aborted, "ETAG_MISMATCH")
    );

    let complete = UpdateSessionRequest {
        id: session.id.clone(),
        status: SessionStatus::Completed as i32,
        ..Default::default()
    };
    let completed = app.sessions.update_session(complete).await.unwrap().into_inner();
    assert!(completed.complete_time.is_some());
    assert_eq!(
        completed.execution_status,
        agentbase_proto::sessions::v1::ExecutionStatus::Completed as i32
    );
    let status = append(&mut app, &session.id, vec![text(MessageRole::User, "late")])
        .await
        .unwrap_err();
    assert_eq!(
        (status.code(), reason(&status).as_str()),
        (Code::FailedPrecondition, "SESSION_ENDED")
    );
    let reopen = UpdateSessionRequest {
        id: session.id.clone(),
        status: SessionStatus::Active as i32,
        ..Default::default()
    };
    assert_eq!(
        reason(&app.sessions.update_session(reopen).await.unwrap_err()),
        "SESSION_ENDED"
    );
}

async fn variables_are_upserted_listed_and_deleted(backend: Backend) {
    let mut app = spawn_app(backend).await;
    let session = session(&mut app).await;
    let object = Value {
        kind: Some(Kind::StructValue(prost_types::Struct {
            fields: [("a".to_owned(), string_value("b").unwrap())].into(),
        })),
    };
    let set = SetVariablesRequest {
        session_id: session.id.clone(),
        variables: vec![
            variable(VariableScope::Session, "mood", "low"),
            VariableInput {
                scope: VariableScope::Session as i32,
                name: "profile".into(),
                value: Some(object),
                source: String::new(),
            },
            VariableInput {
                scope: VariableScope::Session as i32,
                name: "score".into(),
                value: Some(Value {
                    kind: Some(Kind::NumberValue(7.0)),
                }),
                source: String::new(),
            },
        ],
    };
    let stored = app.sessions.set_variables(set).await.unwrap().into_inner().variables;
    let types: Vec<_> = stored
        .iter()
        .map(|v| (v.name.as_str(), v.value_type.as_str()))
        .collect();
    assert_eq!(types, [("mood", "string"), ("profile", "object"), ("score", "number")]);
    let update = SetVariablesRequest {
        session_id: session.id.clone(),
        variables: vec![variable(VariableScope::Session, "mood", "better")],
    };
    app.sessions.set_variables(update).await.unwrap();
    let listed = app
        .sessions
        .list_variables(ListVariablesRequest {
            session_id: session.id.clone(),
            scope: 0,
        })
        .await
        .unwrap()
        .into_inner()
        .variables;
    assert_eq!(listed.len(), 3);
    assert_eq!(listed[0].value, string_value("better"));

    let many: Vec<_> = (0..501)
        .map(|i| variable(VariableScope::Session, &format!("v{i}"), "x"))
        .collect();
    let too_many = SetVariablesRequest {
        session_id: session.id.clone(),
        variables: many,
    };
    assert_eq!(
        violated_fields(&app.sessions.set_variables(too_many).await.unwrap_err()),
        ["variables"]
    );
    let twice = SetVariablesRequest {
        session_id: session.id.clone(),
        variables: vec![
            variable(VariableScope::Session, "x", "1"),
            variable(VariableScope::Session, "x", "2"),
        ],
    };
    assert_eq!(
        violated_fields(&app.sessions.set_variables(twice).await.unwrap_err()),
        ["variables[1].name"]
    );

    let delete = DeleteVariableRequest {
        session_id: session.id.clone(),
        scope: VariableScope::Session as i32,
        name: "mood".into(),
    };
    app.sessions.delete_variable(delete.clone()).await.unwrap();
    assert_eq!(
        reason(&app.sessions.delete_variable(delete).await.unwrap_err()),
        "VARIABLE_NOT_FOUND"
    );
}

async fn lists_filter_and_deletes_cascade(backend: Backend) {
    let mut app = spawn_app(backend).await;
    let first = session(&mut app).await;
    let second = session(&mut app).await;
    append(
        &mut app,
        &second.id,
        vec![text(MessageRole::User, "a"), text(MessageRole::User, "b")],
    )
    .await
    .unwrap();
    let other_user = CreateSessionRequest {
        user_id: "u2".into(),
        script_id: first.script_id.clone(),
        ..Default::default()
    };
    app.sessions.create_session(other_user).await.unwrap();

    let page = app
        .sessions
        .list_sessions(ListSessionsRequest {
            user_id: "u1".into(),
            ..Default::default()
        })
        .await
        .unwrap()
        .into_inner();
    let ids: Vec<_> = page.sessions.iter().map(|s| s.id.clone()).collect();
    assert_eq!(ids, [second.id.clone(), first.id.clone()], "newest first");
    assert_eq!(page.sessions[0].message_count, 2);
    let by_script = ListSessionsRequest {
        script_id: first.script_id.clone(),
        ..Default::default()
    };
    assert_eq!(
        app.sessions
            .list_sessions(by_script)
            .await
            .unwrap()
            .into_inner()
            .sessions
            .len(),
        2
    );
    let later = ListSessionsRequest {
        created_after: first.create_time,
        user_id: "u1".into(),
        ..Default::default()
    };
    assert_eq!(
        app.sessions
            .list_sessions(later)
            .await
            .unwrap()
            .into_inner()
            .sessions
            .len(),
        2
    );
    let paged = app
        .sessions
        .list_sessions(ListSessionsRequest {
            page_size: 1,
            ..Default::default()
        })
        .await
        .unwrap()
        .into_inner();
    let rest = ListSessionsRequest {
        page_size: 5,
        page_token: paged.next_page_token,
        ..Default::default()
    };
    let rest = app.sessions.list_sessions(rest).await.unwrap().into_inner().sessions;
    let all: HashSet<_> = paged.sessions.iter().chain(rest.iter()).map(|s| s.id.clone()).collect();
    assert_eq!(all.len(), 3);

    app.sessions
        .set_variables(SetVariablesRequest {
            session_id: second.id.clone(),
            variables: vec![variable(VariableScope::Session, "x", "1")],
        })
        .await
        .unwrap();
    app.sessions
        .delete_session(DeleteSessionRequest {
            id: second.id.clone(),
            etag: String::new(),
        })
        .await
        .unwrap();
    let messages = ListMessagesRequest {
        session_id: second.id.clone(),
        ..Default::default()
    };
    assert_eq!(
        reason(&app.sessions.list_messages(messages).await.unwrap_err()),
        "SESSION_NOT_FOUND"
    );
    let variables = ListVariablesRequest {
        session_id: second.id.clone(),
        scope: 0,
    };
    assert_eq!(
        app.sessions.list_variables(variables).await.unwrap_err().code(),
        Code::NotFound
    );
}

backend_tests!(
    sessions_pin_the_scripts_current_revision,
    missing_or_archived_scripts_start_nothing,
    an_unreachable_scripts_service_is_unavailable,
    concurrent_appenders_get_a_gap_free_sequence,
    appends_honour_turns_ids_and_limits,
    ten_thousand_messages_page_both_ways,
    a_watcher_sees_every_later_message_once,
    updates_follow_the_lifecycle_and_clear_scoped_variables,
    variables_are_upserted_listed_and_deleted,
    lists_filter_and_deletes_cascade,
);

// Through PgBouncer in transaction mode too (docs/OPERATIONS.md, "Transaction pooling").
agentbase_testkit::pooled_tests!(
    sessions_pin_the_scripts_current_revision,
    concurrent_appenders_get_a_gap_free_sequence,
    appends_honour_turns_ids_and_limits,
    a_watcher_sees_every_later_message_once,
    updates_follow_the_lifecycle_and_clear_scoped_variables,
    variables_are_upserted_listed_and_deleted,
    lists_filter_and_deletes_cascade
);

/// Two server instances on one PostgreSQL database: a watcher connected to the
/// second receives appends made through the first (LISTEN/NOTIFY).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn watchers_on_another_replica_see_appends() {
    let mut first = spawn_app(Backend::Postgres).await;
    let database_url = first.database_url().unwrap();
    let options = AppOptions {
        env: vec![("AGENTBASE_DATABASE_URL".into(), database_url)],
        ..Default::default()
    };
    let mut second = spawn_app_with(Backend::Postgres, options).await;
    let session = session(&mut first).await;
    let watch = WatchMessagesRequest {
        session_id: session.id.clone(),
        after_seq: 0,
    };
    let mut stream = second.sessions.watch_messages(watch).await.unwrap().into_inner();
    // Let the watcher finish its (empty) replay and go to sleep on its wake-ups.
    tokio::time::sleep(Duration::from_millis(200)).await;
    let started = std::time::Instant::now();
    append(
        &mut first,
        &session.id,
        vec![text(MessageRole::User, "across replicas")],
    )
    .await
    .unwrap();
    let event = tokio::time::timeout(Duration::from_secs(10), stream.next())
        .await
        .unwrap()
        .unwrap()
        .unwrap();
    assert_eq!(event.message.unwrap().content, "across replicas");
    println!("cross-replica delivery took {:?}", started.elapsed());
}

/// A list request names every bad field at once: its filters and its page
/// size together (the page token is judged only against filters that parse).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bad_list_requests_name_every_bad_field() {
    use agentbase_proto::sessions::v1::{ListMemoriesRequest, ListMessagesRequest, ListSessionsRequest};
    let mut app = spawn_app(Backend::Sqlite).await;
    let bad = app
        .sessions
        .list_messages(ListMessagesRequest {
            session_id: "nope".into(),
            role: 42,
            page_size: -5,
            page_token: "garbage!!".into(),
            ..Default::default()
        })
        .await
        .unwrap_err();
    assert_eq!(violated_fields(&bad), ["session_id", "role", "page_size"]);
    let bad = app
        .sessions
        .list_sessions(ListSessionsRequest {
            user_id: "u".into(),
            status: 42,
            page_size: -5,
            ..Default::default()
        })
        .await
        .unwrap_err();
    assert_eq!(violated_fields(&bad), ["status", "page_size"]);
    let bad = app
        .memories
        .list_memories(ListMemoriesRequest {
            user_id: "u".into(),
            session_id: "nope".into(),
            page_size: -5,
            ..Default::default()
        })
        .await
        .unwrap_err();
    assert_eq!(violated_fields(&bad), ["session_id", "page_size"]);
}
