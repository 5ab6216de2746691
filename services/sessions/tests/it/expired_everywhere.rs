//! One rule on every path (issue 35): a session past its expiry, and its
//! memories, are NOT_FOUND to every call of the sessions context that can
//! name them, before the sweeper runs and after. The calls are enumerated
//! from the service descriptors: a new RPC naming a session or a memory
//! fails this test until it is checked here too.

use std::time::Duration;

use agentbase_proto::sessions::v1::{
    AppendMessagesRequest, CreateMemoryRequest, CreateSessionRequest, DeleteMemoryRequest, DeleteSessionRequest,
    DeleteVariableRequest, ForkSessionRequest, GetMemoryRequest, GetSessionRequest, ListMemoriesRequest,
    ListMemoryHistoryRequest, ListMessagesRequest, ListVariablesRequest, MessageRole, PurgeExpiredSessionsRequest,
    SearchMemoriesRequest, SetVariablesRequest, UpdateMemoryRequest, UpdateSessionRequest, VariableScope,
    WatchMessagesRequest,
};
use agentbase_testkit::{Backend, TestApp, backend_tests, fixtures, spawn_app};
use prost_types::{FieldMask, Timestamp};
use tonic::Code;

use super::session_service::{append, text, variable};

/// The methods whose request names a session or a memory by id.
fn naming_methods() -> Vec<String> {
    let pool = prost_reflect::DescriptorPool::decode(agentbase_proto::FILE_DESCRIPTOR_SET).unwrap();
    let mut names = Vec::new();
    for service in [
        "agentbase.sessions.v1.SessionService",
        "agentbase.sessions.v1.MemoryService",
    ] {
        for method in pool.get_service_by_name(service).unwrap().methods() {
            let input = method.input();
            if ["id", "session_id", "memory_id"]
                .iter()
                .any(|field| input.get_field_by_name(field).is_some())
            {
                names.push(method.name().to_owned());
            }
        }
    }
    names.sort();
    names
}

fn code_of<T>(result: Result<tonic::Response<T>, tonic::Status>) -> Code {
    result.err().map_or(Code::Ok, |status| status.code())
}

/// Calls `method` about the session `session` and the memory `memory`,
/// with a request that is otherwise valid; the answer's code.
async fn call(app: &mut TestApp, method: &str, session: &str, memory: &str) -> Code {
    let s = session.to_owned();
    let m = memory.to_owned();
    let mask = |path: &str| {
        Some(FieldMask {
            paths: vec![path.to_owned()],
        })
    };
    match method {
        "GetSession" => code_of(app.sessions.get_session(GetSessionRequest { id: s }).await),
        "UpdateSession" => code_of(
            app.sessions
                .update_session(UpdateSessionRequest {
                    id: s,
                    update_mask: mask("metadata"),
                    ..Default::default()
                })
                .await,
        ),
        "DeleteSession" => code_of(
            app.sessions
                .delete_session(DeleteSessionRequest {
                    id: s,
                    ..Default::default()
                })
                .await,
        ),
        "ForkSession" => code_of(
            app.sessions
                .fork_session(ForkSessionRequest {
                    session_id: s,
                    ..Default::default()
                })
                .await,
        ),
        "AppendMessages" => code_of(
            app.sessions
                .append_messages(AppendMessagesRequest {
                    session_id: s,
                    messages: vec![text(MessageRole::User, "still there?")],
                    ..Default::default()
                })
                .await,
        ),
        "ListMessages" => code_of(
            app.sessions
                .list_messages(ListMessagesRequest {
                    session_id: s,
                    ..Default::default()
                })
                .await,
        ),
        "WatchMessages" => code_of(
            app.sessions
                .watch_messages(WatchMessagesRequest {
                    session_id: s,
                    ..Default::default()
                })
                .await,
        ),
        "SetVariables" => code_of(
            app.sessions
                .set_variables(SetVariablesRequest {
                    session_id: s,
                    variables: vec![variable(VariableScope::Session, "mood", "calm")],
                })
                .await,
        ),
        "ListVariables" => code_of(
            app.sessions
                .list_variables(ListVariablesRequest {
                    session_id: s,
                    ..Default::default()
                })
                .await,
        ),
        "DeleteVariable" => code_of(
            app.sessions
                .delete_variable(DeleteVariableRequest {
                    session_id: s,
                    scope: VariableScope::Session as i32,
                    name: "mood".into(),
                })
                .await,
        ),
        "CreateMemory" => code_of(
            app.memories
                .create_memory(CreateMemoryRequest {
                    user_id: "u1".into(),
                    session_id: s,
                    memory_type: "fact".into(),
                    content: "a new fact".into(),
                    ..Default::default()
                })
                .await,
        ),
        "ListMemories" => code_of(
            app.memories
                .list_memories(ListMemoriesRequest {
                    session_id: s,
                    ..Default::default()
                })
                .await,
        ),
        "SearchMemories" => code_of(
            app.memories
                .search_memories(SearchMemoriesRequest {
                    query: "dog".into(),
                    session_id: s,
                    user_id: "u1".into(),
                    ..Default::default()
                })
                .await,
        ),
        "GetMemory" => code_of(app.memories.get_memory(GetMemoryRequest { id: m }).await),
        "UpdateMemory" => code_of(
            app.memories
                .update_memory(UpdateMemoryRequest {
                    id: m,
                    content: "rewritten".into(),
                    update_mask: mask("content"),
                    ..Default::default()
                })
                .await,
        ),
        "DeleteMemory" => code_of(
            app.memories
                .delete_memory(DeleteMemoryRequest {
                    id: m,
                    ..Default::default()
                })
                .await,
        ),
        "ListMemoryHistory" => code_of(
            app.memories
                .list_memory_history(ListMemoryHistoryRequest {
                    memory_id: m,
                    ..Default::default()
                })
                .await,
        ),
        other => panic!("{other} names a session or a memory: check it here"),
    }
}

async fn an_expired_session_is_not_found_to_every_call(backend: Backend) {
    let mut app = spawn_app(backend).await;
    let script_id = fixtures::script(&app, "expiring-everywhere").await;
    let at = chrono::Utc::now() + chrono::Duration::milliseconds(1_200);
    let expiring = app
        .sessions
        .create_session(CreateSessionRequest {
            user_id: "u1".into(),
            script_id,
            expire_time: Some(Timestamp {
                seconds: at.timestamp(),
                nanos: at.timestamp_subsec_nanos() as i32,
            }),
            ..Default::default()
        })
        .await
        .unwrap()
        .into_inner();
    append(&mut app, &expiring.id, vec![text(MessageRole::User, "hello")])
        .await
        .unwrap();
    let memory = app
        .memories
        .create_memory(CreateMemoryRequest {
            user_id: "u1".into(),
            session_id: expiring.id.clone(),
            memory_type: "fact".into(),
            content: "walks the dog".into(),
            ..Default::default()
        })
        .await
        .unwrap()
        .into_inner();
    let methods = naming_methods();
    assert!(methods.len() >= 17, "{methods:?}");
    // Every one of them answers while the session lives (the requests are valid).
    for method in methods.iter().filter(|m| !m.starts_with("Delete")) {
        assert_eq!(
            call(&mut app, method, &expiring.id, &memory.id).await,
            Code::Ok,
            "{method} before the expiry"
        );
    }
    tokio::time::sleep(Duration::from_millis(1_400)).await;
    for swept in [false, true] {
        if swept {
            app.sessions
                .purge_expired_sessions(PurgeExpiredSessionsRequest { dry_run: false })
                .await
                .unwrap();
        }
        for method in &methods {
            assert_eq!(
                call(&mut app, method, &expiring.id, &memory.id).await,
                Code::NotFound,
                "{method}, {}",
                if swept { "after the sweep" } else { "before the sweep" }
            );
        }
    }
}

backend_tests!(an_expired_session_is_not_found_to_every_call);
