//! The hot reads (GetSession, ListMessages): their statement budgets, and
//! the connections they reuse (`platform::db::ReadLane` on PostgreSQL).

use std::time::Duration;

use agentbase_proto::sessions::v1::{
    AppendMessagesRequest, GetSessionRequest, ListMessagesRequest, MessageRole, SetVariablesRequest, VariableScope,
};
use agentbase_testkit::{Backend, backend_tests, spawn_app};
use tonic::Code;

use super::session_service::{append, session, string_value, text, variable};

/// The statement budgets of the hot reads (docs/ARCHITECTURE.md): GetSession
/// with its variables and a page of ListMessages are one statement each; an
/// empty page looks once more, to tell an unknown session apart.
async fn hot_reads_are_one_statement_each(backend: Backend) {
    let mut app = spawn_app(backend).await;
    let session = session(&mut app).await;
    app.sessions
        .set_variables(SetVariablesRequest {
            session_id: session.id.clone(),
            variables: vec![
                variable(VariableScope::Session, "mood", "calm"),
                variable(VariableScope::Global, "name", "Ada"),
            ],
        })
        .await
        .unwrap();
    let before = app.statements.get();
    append(
        &mut app,
        &session.id,
        vec![text(MessageRole::User, "hi"), text(MessageRole::Assistant, "hello")],
    )
    .await
    .unwrap();
    // PostgreSQL: one statement (counters, messages, audit event, NOTIFY);
    // SQLite: lock and count, insert, audit, under its write lock.
    let (append_statements, replay_lookup) = match backend {
        Backend::Postgres | Backend::Pooled => (1, 0),
        Backend::Sqlite => (3, 1),
    };
    assert_eq!(app.statements.get() - before, append_statements, "AppendMessages");
    let before = app.statements.get();
    let retried = AppendMessagesRequest {
        session_id: session.id.clone(),
        messages: vec![text(MessageRole::User, "once")],
        request_id: uuid::Uuid::now_v7().to_string(),
        ..Default::default()
    };
    let first = app
        .sessions
        .append_messages(retried.clone())
        .await
        .unwrap()
        .into_inner();
    assert_eq!(
        app.statements.get() - before,
        append_statements + replay_lookup,
        "a request id adds its replay lookup under the lock"
    );
    let again = app.sessions.append_messages(retried).await.unwrap().into_inner();
    assert_eq!(again.messages, first.messages, "a retry answers the first append");

    let before = app.statements.get();
    let got = app
        .sessions
        .get_session(GetSessionRequest { id: session.id.clone() })
        .await
        .unwrap()
        .into_inner();
    assert_eq!(app.statements.get() - before, 1, "GetSession is one statement");
    let names: Vec<&str> = got.variables.iter().map(|v| v.name.as_str()).collect();
    assert_eq!(names, ["name", "mood"], "variables by scope, then name");
    assert_eq!(got.message_count, 3);

    let before = app.statements.get();
    let page = app
        .sessions
        .list_messages(ListMessagesRequest {
            session_id: session.id.clone(),
            page_size: 50,
            ..Default::default()
        })
        .await
        .unwrap()
        .into_inner();
    assert_eq!(
        app.statements.get() - before,
        1,
        "a page of ListMessages is one statement"
    );
    let seqs: Vec<i64> = page.messages.iter().map(|m| m.seq).collect();
    assert_eq!(seqs, [1, 2, 3]);

    let before = app.statements.get();
    let empty = app
        .sessions
        .list_messages(ListMessagesRequest {
            session_id: session.id.clone(),
            role: MessageRole::System as i32,
            ..Default::default()
        })
        .await
        .unwrap()
        .into_inner();
    assert!(empty.messages.is_empty());
    // PostgreSQL reads a page with its session's row; SQLite looks again.
    let empty_page = match backend {
        Backend::Postgres | Backend::Pooled => 1,
        Backend::Sqlite => 2,
    };
    assert_eq!(
        app.statements.get() - before,
        empty_page,
        "an empty page checks the session"
    );
    let unknown = app
        .sessions
        .list_messages(ListMessagesRequest {
            session_id: uuid::Uuid::now_v7().to_string(),
            ..Default::default()
        })
        .await
        .unwrap_err();
    assert_eq!(unknown.code(), Code::NotFound);
    let unknown = app
        .sessions
        .get_session(GetSessionRequest {
            id: uuid::Uuid::now_v7().to_string(),
        })
        .await
        .unwrap_err();
    assert_eq!(unknown.code(), Code::NotFound);
}

/// Reads cut off by their deadline at any point, the database's answer half
/// read included, leave nothing behind on the connections later reads get:
/// every read that completes answers its own session, and reads go on after
/// the storm. (sqlx drains an answer left half read before a connection's
/// next statement; the lane also sends such a connection back through sqlx's
/// pool. Which of the cut reads stopped mid-statement depends on timing.)
async fn cancelled_reads_leave_no_connection_behind(backend: Backend) {
    let mut app = spawn_app(backend).await;
    let mut sessions = Vec::new();
    for n in 0..4 {
        let created = session(&mut app).await;
        app.sessions
            .set_variables(SetVariablesRequest {
                session_id: created.id.clone(),
                variables: vec![variable(VariableScope::Session, "which", &format!("session {n}"))],
            })
            .await
            .unwrap();
        let messages = (0..=n).map(|i| text(MessageRole::User, &format!("{n}/{i}"))).collect();
        append(&mut app, &created.id, messages).await.unwrap();
        sessions.push(created.id);
    }
    let mut readers = Vec::new();
    for reader in 0..8usize {
        let (client, sessions) = (app.sessions.clone(), sessions.clone());
        readers.push(tokio::spawn(async move {
            let mut cut = 0;
            for round in 0..60usize {
                let n = (reader + round) % sessions.len();
                let id = sessions[n].clone();
                let mut get = tonic::Request::new(GetSessionRequest { id: id.clone() });
                if round % 2 == 1 {
                    get.set_timeout(Duration::from_micros(50 + 97 * ((reader * 7 + round) % 31) as u64));
                }
                match client.clone().get_session(get).await {
                    Ok(got) => {
                        let got = got.into_inner();
                        assert_eq!(got.id, id, "a read answered another session");
                        let which = got.variables.iter().find(|v| v.name == "which").expect("its variable");
                        assert_eq!(which.value, string_value(&format!("session {n}")));
                    }
                    Err(status) if status.code() == Code::DeadlineExceeded || status.code() == Code::Cancelled => {
                        cut += 1
                    }
                    Err(status) => panic!("GetSession failed: {status:?}"),
                }
                let mut page = tonic::Request::new(ListMessagesRequest {
                    session_id: id.clone(),
                    ..Default::default()
                });
                if round % 3 == 0 {
                    page.set_timeout(Duration::from_micros(50 + 89 * ((reader * 5 + round) % 29) as u64));
                }
                match client.clone().list_messages(page).await {
                    Ok(page) => {
                        let contents: Vec<String> = page.into_inner().messages.into_iter().map(|m| m.content).collect();
                        let expected: Vec<String> = (0..=n).map(|i| format!("{n}/{i}")).collect();
                        assert_eq!(contents, expected, "a page answered another session");
                    }
                    Err(status) if status.code() == Code::DeadlineExceeded || status.code() == Code::Cancelled => {
                        cut += 1
                    }
                    Err(status) => panic!("ListMessages failed: {status:?}"),
                }
            }
            cut
        }));
    }
    let mut cut = 0;
    for reader in readers {
        cut += reader.await.unwrap();
    }
    assert!(cut > 0, "some reads were cut off");
    for id in &sessions {
        let got = app
            .sessions
            .get_session(GetSessionRequest { id: id.clone() })
            .await
            .unwrap()
            .into_inner();
        assert_eq!(&got.id, id);
    }
}

/// GetSession calls that arrive together may share one statement
/// (`platform::db::Coalescer` on PostgreSQL): each caller still gets exactly
/// its own session and variables, an unknown id among them is NOT_FOUND
/// alone, and the calls never cost more statements than one each.
async fn concurrent_gets_each_answer_their_own_session(backend: Backend) {
    let mut app = spawn_app(backend).await;
    let mut ids = Vec::new();
    for n in 0..24 {
        let created = session(&mut app).await;
        app.sessions
            .set_variables(SetVariablesRequest {
                session_id: created.id.clone(),
                variables: vec![
                    variable(VariableScope::Session, "n", &n.to_string()),
                    variable(VariableScope::Phase, "twice", &(2 * n).to_string()),
                ],
            })
            .await
            .unwrap();
        ids.push(created.id);
    }
    let unknown = uuid::Uuid::now_v7().to_string();
    let before = app.statements.get();
    let calls: Vec<_> = (0..192)
        .map(|call| {
            let mut sessions = app.sessions.clone();
            let id = if call % 16 == 15 {
                unknown.clone()
            } else {
                ids[call % ids.len()].clone()
            };
            tokio::spawn(async move { (id.clone(), sessions.get_session(GetSessionRequest { id }).await) })
        })
        .collect();
    for call in calls {
        let (id, answer) = call.await.unwrap();
        if id == unknown {
            assert_eq!(answer.unwrap_err().code(), Code::NotFound, "{id}");
            continue;
        }
        let got = answer.unwrap().into_inner();
        assert_eq!(got.id, id);
        let n = ids.iter().position(|known| *known == id).unwrap();
        let values: Vec<(&str, String)> = got
            .variables
            .iter()
            .map(|v| (v.name.as_str(), format!("{:?}", v.value)))
            .collect();
        assert_eq!(
            values,
            [
                ("n", format!("{:?}", string_value(&n.to_string()))),
                ("twice", format!("{:?}", string_value(&(2 * n).to_string()))),
            ],
            "session {n}"
        );
    }
    let statements = app.statements.get() - before;
    assert!(statements <= 192, "192 reads cost {statements} statements");
}

/// The messages of test session `n`: `n + 3` of them, users on odd seqs.
fn conversation(n: usize) -> Vec<(i64, MessageRole, String)> {
    (1..=n as i64 + 3)
        .map(|seq| {
            let role = if seq % 2 == 1 {
                MessageRole::User
            } else {
                MessageRole::Assistant
            };
            (seq, role, format!("s{n}-{seq}"))
        })
        .collect()
}

/// ListMessages pages that arrive together may share one statement
/// (PostgreSQL): each caller gets exactly its own page — order, cursor and
/// role filter its own —, an unknown session among them is NOT_FOUND alone,
/// and the calls never cost more statements than one each.
async fn concurrent_pages_each_answer_their_own(backend: Backend) {
    let mut app = spawn_app(backend).await;
    let mut ids = Vec::new();
    for n in 0..12 {
        let created = session(&mut app).await;
        let messages = conversation(n)
            .into_iter()
            .map(|(_, role, content)| text(role, &content))
            .collect();
        append(&mut app, &created.id, messages).await.unwrap();
        ids.push(created.id);
    }
    let unknown = uuid::Uuid::now_v7().to_string();
    let before = app.statements.get();
    let calls: Vec<_> = (0..192_usize)
        .map(|call| {
            let mut sessions = app.sessions.clone();
            let n = call % ids.len();
            let session_id = if call % 16 == 15 {
                unknown.clone()
            } else {
                ids[n].clone()
            };
            let shape = call % 3;
            let request = ListMessagesRequest {
                session_id,
                page_size: 4,
                descending: shape == 1,
                role: if shape == 2 { MessageRole::Assistant as i32 } else { 0 },
                ..Default::default()
            };
            tokio::spawn(async move { (n, shape, sessions.list_messages(request.clone()).await, request) })
        })
        .collect();
    for call in calls {
        let (n, shape, answer, request) = call.await.unwrap();
        if request.session_id == unknown {
            assert_eq!(answer.unwrap_err().code(), Code::NotFound);
            continue;
        }
        let page = answer.unwrap().into_inner();
        let mut expected = conversation(n);
        match shape {
            1 => expected.reverse(),
            2 => expected.retain(|(_, role, _)| *role == MessageRole::Assistant),
            _ => {}
        }
        let more = expected.len() > 4;
        expected.truncate(4);
        let got: Vec<(i64, i32, &str)> = page
            .messages
            .iter()
            .map(|m| (m.seq, m.role, m.content.as_str()))
            .collect();
        let expected: Vec<(i64, i32, &str)> = expected
            .iter()
            .map(|(seq, role, content)| (*seq, *role as i32, content.as_str()))
            .collect();
        assert_eq!(got, expected, "session {n}, shape {shape}");
        assert!(page.messages.iter().all(|m| m.session_id == request.session_id));
        assert_eq!(!page.next_page_token.is_empty(), more, "session {n}, shape {shape}");
    }
    let statements = app.statements.get() - before;
    assert!(statements <= 192 + 12, "192 pages cost {statements} statements");
}

backend_tests!(
    hot_reads_are_one_statement_each,
    cancelled_reads_leave_no_connection_behind,
    concurrent_gets_each_answer_their_own_session,
    concurrent_pages_each_answer_their_own
);
