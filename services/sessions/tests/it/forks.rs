//! ForkSession against PostgreSQL and SQLite: a fork holds exactly the
//! parent's first messages, its variables and position, costs the same
//! statements at any size, and is independent of its parent afterwards.

use agentbase_proto::sessions::v1::{
    ForkSessionRequest, GetSessionRequest, ListMessagesRequest, ListSessionsRequest, Message, MessageRole, Position,
    Session, SessionStatus, SetVariablesRequest, UpdateSessionRequest, VariableScope,
};
use agentbase_testkit::{Backend, TestApp, backend_tests, errors::violated_fields, spawn_app};
use prost_types::FieldMask;
use tonic::{Code, Status};

use super::session_service::{append, session, text, variable};

async fn fork(app: &mut TestApp, session_id: &str, at_seq: i64, request_id: &str) -> Result<Session, Status> {
    app.sessions
        .fork_session(ForkSessionRequest {
            session_id: session_id.into(),
            at_seq,
            request_id: request_id.into(),
        })
        .await
        .map(|r| r.into_inner())
}

async fn get(app: &mut TestApp, id: &str) -> Session {
    app.sessions
        .get_session(GetSessionRequest { id: id.into() })
        .await
        .unwrap()
        .into_inner()
}

async fn all_messages(app: &mut TestApp, session_id: &str) -> Vec<Message> {
    let mut messages = Vec::new();
    let mut page_token = String::new();
    loop {
        let page = app
            .sessions
            .list_messages(ListMessagesRequest {
                session_id: session_id.into(),
                page_size: 500,
                page_token,
                ..Default::default()
            })
            .await
            .unwrap()
            .into_inner();
        messages.extend(page.messages);
        if page.next_page_token.is_empty() {
            return messages;
        }
        page_token = page.next_page_token;
    }
}

/// Content and role of each message, in order.
fn transcript(messages: &[Message]) -> Vec<(i64, i32, &str)> {
    messages.iter().map(|m| (m.seq, m.role, m.content.as_str())).collect()
}

async fn a_fork_holds_the_first_messages_and_goes_its_own_way(backend: Backend) {
    let mut app = spawn_app(backend).await;
    let parent = session(&mut app).await;
    for batch in 0..100 {
        let messages = (0..100)
            .map(|i| {
                let role = if i % 2 == 0 {
                    MessageRole::User
                } else {
                    MessageRole::Assistant
                };
                text(role, &format!("message {}", batch * 100 + i + 1))
            })
            .collect();
        append(&mut app, &parent.id, messages).await.unwrap();
    }
    let position = Position {
        phase_index: 1,
        topic_index: 2,
        action_index: 3,
        action_id: "ask-mood".into(),
    };
    app.sessions
        .update_session(UpdateSessionRequest {
            id: parent.id.clone(),
            position: Some(position.clone()),
            update_mask: Some(FieldMask {
                paths: vec!["position".into()],
            }),
            ..Default::default()
        })
        .await
        .unwrap();
    app.sessions
        .set_variables(SetVariablesRequest {
            session_id: parent.id.clone(),
            variables: vec![
                variable(VariableScope::Session, "mood", "calm"),
                variable(VariableScope::Topic, "answer", "yes"),
            ],
        })
        .await
        .unwrap();
    let parent_before = get(&mut app, &parent.id).await;
    assert_eq!(parent_before.message_count, 10_000);

    let before = app.statements.get();
    let small = fork(&mut app, &parent.id, 10, "").await.unwrap();
    let small_statements = app.statements.get() - before;
    let before = app.statements.get();
    let forked = fork(&mut app, &parent.id, 5_000, "").await.unwrap();
    assert_eq!(
        app.statements.get() - before,
        small_statements,
        "a fork of 5,000 messages costs the statements of a fork of 10"
    );

    assert_eq!(
        (
            forked.parent_session_id.as_str(),
            forked.forked_at_seq,
            forked.message_count
        ),
        (parent.id.as_str(), 5_000, 5_000)
    );
    assert_eq!(forked.status, SessionStatus::Active as i32);
    assert_eq!(forked.position, Some(position));
    assert_eq!(
        (forked.user_id.as_str(), forked.script_id.as_str()),
        (parent.user_id.as_str(), parent.script_id.as_str())
    );
    let names = |s: &Session| {
        s.variables
            .iter()
            .map(|v| (v.scope, v.name.clone(), v.value.clone()))
            .collect::<Vec<_>>()
    };
    assert_eq!(names(&forked), names(&parent_before), "variables as they are now");
    assert_eq!(names(&get(&mut app, &forked.id).await), names(&parent_before));

    let parent_messages = all_messages(&mut app, &parent.id).await;
    let fork_messages = all_messages(&mut app, &forked.id).await;
    assert_eq!(fork_messages.len(), 5_000);
    assert_eq!(transcript(&fork_messages), transcript(&parent_messages[..5_000]));
    assert_eq!(
        forked.last_message_time, parent_messages[4_999].create_time,
        "the fork's last message is the parent's 5,000th"
    );
    assert_eq!(
        get(&mut app, &parent.id).await,
        parent_before,
        "the parent is unchanged"
    );

    let on_fork = append(&mut app, &forked.id, vec![text(MessageRole::User, "only in the fork")])
        .await
        .unwrap();
    assert_eq!(on_fork[0].seq, 5_001);
    let on_parent = append(
        &mut app,
        &parent.id,
        vec![text(MessageRole::User, "only in the parent")],
    )
    .await
    .unwrap();
    assert_eq!(on_parent[0].seq, 10_001);
    let fork_messages = all_messages(&mut app, &forked.id).await;
    assert_eq!(fork_messages.len(), 5_001);
    assert_eq!(fork_messages[5_000].content, "only in the fork");
    let parent_messages = all_messages(&mut app, &parent.id).await;
    assert_eq!(parent_messages.len(), 10_001);
    assert_eq!(parent_messages[10_000].content, "only in the parent");
    assert_eq!(get(&mut app, &forked.id).await.message_count, 5_001);

    let request_id = uuid::Uuid::now_v7().to_string();
    let once = fork(&mut app, &parent.id, 20, &request_id).await.unwrap();
    let again = fork(&mut app, &parent.id, 20, &request_id).await.unwrap();
    assert_eq!(again.id, once.id, "a retry with the request id answers the first fork");

    let forks = app
        .sessions
        .list_sessions(ListSessionsRequest {
            parent_session_id: parent.id.clone(),
            ..Default::default()
        })
        .await
        .unwrap()
        .into_inner()
        .sessions;
    let ids: Vec<&str> = forks.iter().map(|s| s.id.as_str()).collect();
    assert_eq!(
        ids,
        [once.id.as_str(), forked.id.as_str(), small.id.as_str()],
        "newest first"
    );

    let empty = fork(&mut app, &small.id, 0, "").await.unwrap();
    assert_eq!((empty.message_count, empty.last_message_time), (0, None));
    assert_eq!(
        empty.parent_session_id, small.id,
        "a fork of a fork names its own parent"
    );
}

async fn fork_points_are_checked(backend: Backend) {
    let mut app = spawn_app(backend).await;
    let parent = session(&mut app).await;
    append(&mut app, &parent.id, vec![text(MessageRole::User, "one")])
        .await
        .unwrap();

    let past = fork(&mut app, &parent.id, 2, "").await.unwrap_err();
    assert_eq!(past.code(), Code::InvalidArgument);
    assert_eq!(violated_fields(&past), ["at_seq"]);
    assert!(past.message().contains("last message (1)"), "{}", past.message());

    let negative = fork(&mut app, "not-an-id", -1, "").await.unwrap_err();
    assert_eq!(negative.code(), Code::InvalidArgument);
    assert_eq!(violated_fields(&negative), ["session_id", "at_seq"]);

    let unknown = fork(&mut app, &uuid::Uuid::now_v7().to_string(), 0, "")
        .await
        .unwrap_err();
    assert_eq!(unknown.code(), Code::NotFound);

    let listed = app
        .sessions
        .list_sessions(ListSessionsRequest {
            parent_session_id: "nope".into(),
            ..Default::default()
        })
        .await
        .unwrap_err();
    assert_eq!(violated_fields(&listed), ["parent_session_id"]);
}

backend_tests!(
    a_fork_holds_the_first_messages_and_goes_its_own_way,
    fork_points_are_checked,
);
