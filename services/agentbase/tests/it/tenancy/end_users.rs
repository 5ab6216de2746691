//! End users: a token with `sessions.own` acts for the user its `sub`
//! names, and for nobody else.

use super::world::tenant_token;
use super::*;

/// An end user's token (`sessions.own`, its `sub` the user) sees and writes
/// exactly its own sessions, messages, variables and memories: of another
/// user's, nothing, across get, list, search, watch and writes.
async fn an_end_user_sees_only_their_own(backend: Backend) {
    let (app, dir) = crate::audit::spawn_with_tokens(backend, &[]).await;
    let service = tenant_token("tenant-a", "spiffe://test/app", &all_scopes());
    let script = app
        .scripts
        .clone()
        .create_script(bearer(
            &service,
            sc::CreateScriptRequest {
                name: "intake".into(),
                content: TECHNIQUE.into(),
                ..Default::default()
            },
        ))
        .await
        .unwrap()
        .into_inner();
    let own = |user: &str| tenant_token("tenant-a", user, &["sessions.own"]);
    let mut held: HashMap<&str, (String, String)> = HashMap::new();
    for user in ["alice", "bob"] {
        let token = own(user);
        // user_id left empty: the token's subject is stamped.
        let session = app
            .sessions
            .clone()
            .create_session(bearer(
                &token,
                se::CreateSessionRequest {
                    script_id: script.id.clone(),
                    ..Default::default()
                },
            ))
            .await
            .unwrap()
            .into_inner();
        assert_eq!(session.user_id, user);
        app.sessions
            .clone()
            .append_messages(bearer(
                &token,
                se::AppendMessagesRequest {
                    session_id: session.id.clone(),
                    messages: vec![se::NewMessage {
                        role: se::MessageRole::User as i32,
                        content: format!("{user} cannot sleep"),
                        ..Default::default()
                    }],
                    ..Default::default()
                },
            ))
            .await
            .unwrap();
        let memory = app
            .memories
            .clone()
            .create_memory(bearer(
                &token,
                se::CreateMemoryRequest {
                    memory_type: "fact".into(),
                    content: format!("{user} sleeps badly"),
                    ..Default::default()
                },
            ))
            .await
            .unwrap()
            .into_inner();
        assert_eq!(memory.user_id, user);
        held.insert(user, (session.id, memory.id));
    }
    let alice = own("alice");
    let (bobs_session, bobs_memory) = held["bob"].clone();
    let (alices_session, alices_memory) = held["alice"].clone();
    let mut sessions = app.sessions.clone();
    let mut memories = app.memories.clone();
    // Lists and searches: exactly alice's own.
    let listed = sessions
        .list_sessions(bearer(&alice, se::ListSessionsRequest::default()))
        .await
        .unwrap()
        .into_inner()
        .sessions;
    assert_eq!(
        listed.iter().map(|s| s.id.clone()).collect::<Vec<_>>(),
        vec![alices_session.clone()]
    );
    let listed = memories
        .list_memories(bearer(&alice, se::ListMemoriesRequest::default()))
        .await
        .unwrap()
        .into_inner()
        .memories;
    assert_eq!(
        listed.iter().map(|m| m.id.clone()).collect::<Vec<_>>(),
        vec![alices_memory.clone()]
    );
    let found = memories
        .search_memories(bearer(
            &alice,
            se::SearchMemoriesRequest {
                query: "sleeps".into(),
                ..Default::default()
            },
        ))
        .await
        .unwrap()
        .into_inner()
        .hits;
    assert_eq!(found.len(), 1, "alice's memory alone");
    assert!(found.iter().all(|hit| hit.memory.as_ref().unwrap().user_id == "alice"));
    // Naming another user is refused; by id, bob's are not there.
    let named = sessions
        .list_sessions(bearer(
            &alice,
            se::ListSessionsRequest {
                user_id: "bob".into(),
                ..Default::default()
            },
        ))
        .await
        .unwrap_err();
    assert_eq!(named.code(), Code::PermissionDenied);
    let not_found = |what: &str, answer: Result<(), Status>| match answer {
        Err(status) if status.code() == Code::NotFound => {}
        other => panic!("alice on bob's {what}: {other:?}"),
    };
    let b = |id: &str| id.to_owned();
    not_found(
        "session",
        sessions
            .get_session(bearer(&alice, se::GetSessionRequest { id: b(&bobs_session) }))
            .await
            .map(drop),
    );
    not_found(
        "messages",
        sessions
            .list_messages(bearer(
                &alice,
                se::ListMessagesRequest {
                    session_id: b(&bobs_session),
                    ..Default::default()
                },
            ))
            .await
            .map(drop),
    );
    not_found(
        "append",
        sessions
            .append_messages(bearer(
                &alice,
                se::AppendMessagesRequest {
                    session_id: b(&bobs_session),
                    messages: vec![se::NewMessage {
                        role: se::MessageRole::User as i32,
                        content: "hi".into(),
                        ..Default::default()
                    }],
                    ..Default::default()
                },
            ))
            .await
            .map(drop),
    );
    not_found(
        "variables",
        sessions
            .list_variables(bearer(
                &alice,
                se::ListVariablesRequest {
                    session_id: b(&bobs_session),
                    ..Default::default()
                },
            ))
            .await
            .map(drop),
    );
    not_found(
        "memory",
        memories
            .get_memory(bearer(&alice, se::GetMemoryRequest { id: b(&bobs_memory) }))
            .await
            .map(drop),
    );
    not_found(
        "memory update",
        memories
            .update_memory(bearer(
                &alice,
                se::UpdateMemoryRequest {
                    id: b(&bobs_memory),
                    content: "mine now".into(),
                    update_mask: Some(prost_types::FieldMask {
                        paths: vec!["content".into()],
                    }),
                    ..Default::default()
                },
            ))
            .await
            .map(drop),
    );
    let watched = first_streamed_as(
        app.channel.clone(),
        "/agentbase.sessions.v1.SessionService/WatchMessages",
        se::WatchMessagesRequest {
            session_id: b(&bobs_session),
            after_seq: 0,
        }
        .encode_to_vec(),
        Some(&format!("Bearer {alice}")),
    )
    .await
    .unwrap_err();
    assert_eq!(watched.code(), Code::NotFound, "alice watching bob's session");
    // Alice's own still work, her watch included.
    sessions
        .get_session(bearer(
            &alice,
            se::GetSessionRequest {
                id: alices_session.clone(),
            },
        ))
        .await
        .unwrap();
    let first = first_streamed_as(
        app.channel.clone(),
        "/agentbase.sessions.v1.SessionService/WatchMessages",
        se::WatchMessagesRequest {
            session_id: alices_session,
            after_seq: 0,
        }
        .encode_to_vec(),
        Some(&format!("Bearer {alice}")),
    )
    .await
    .unwrap()
    .expect("alice's first message");
    let first = se::WatchMessagesResponse::decode(&first[..]).unwrap();
    assert_eq!(first.message.unwrap().content, "alice cannot sleep");
    // Request ids are each user's own: bob's retry of alice's id is bob's
    // first use of it, and alice's replay still answers her session.
    let request_id = uuid::Uuid::now_v7().to_string();
    let mut created = Vec::new();
    for user in ["alice", "bob", "alice"] {
        let session = sessions
            .create_session(bearer(
                &own(user),
                se::CreateSessionRequest {
                    script_id: script.id.clone(),
                    request_id: request_id.clone(),
                    ..Default::default()
                },
            ))
            .await
            .unwrap_or_else(|status| panic!("{user} with the shared request id: {status:?}"))
            .into_inner();
        assert_eq!(session.user_id, user);
        created.push(session.id);
    }
    assert_ne!(created[0], created[1], "bob made his own session");
    assert_eq!(created[0], created[2], "alice's retry answered her first session");
    // Nor may an end user's token reach beyond the sessions context.
    let scripts = app
        .scripts
        .clone()
        .list_scripts(bearer(&alice, sc::ListScriptsRequest::default()))
        .await
        .unwrap_err();
    assert_eq!(scripts.code(), Code::PermissionDenied);
    let _ = std::fs::remove_dir_all(&dir);
}

backend_tests!(an_end_user_sees_only_their_own);
