//! Tenants, through the generated clients on both backends.
//!
//! The cross-tenant matrix is generated from the descriptor set: every RPC
//! of every agentbase service is called with tenant A's token (every scope,
//! the same subject as B's) on a request whose id fields name tenant B's
//! resources — directly and embedded (a script to start a session from, a
//! run to compare with, a version to label). Its answer must be the one A
//! gets for ids that exist nowhere (NOT_FOUND stays NOT_FOUND: existence
//! never leaks), and nothing A is answered, by any call (lists, searches,
//! watches, comparisons, audit pages, each also asked with no filter at all),
//! holds anything of B's. B's own call of the same request shows which of
//! them reached B's data. Page tokens of B are refused to A.

use agentbase_platform::auth::Access;
use agentbase_proto::{
    evaluation::v1 as ev,
    scripts::v1 as sc,
    sessions::v1::{self as se},
};
use agentbase_testkit::{
    Backend, TestApp, backend_tests,
    fixtures::TECHNIQUE,
    raw::{call_raw_as, first_streamed_as},
    tokens::bearer,
};
use prost::Message;
use world::{World, all_scopes, build_world, tenant_token};

mod admin;
mod end_users;
mod migration;
mod world;
use prost_reflect::{DescriptorPool, DynamicMessage, Kind, MethodDescriptor, Value};
use std::collections::HashMap;
use tonic::{Code, Status};
use tonic_types::StatusExt;

/// The kind of resource a request's id field names.
fn kind_of(field: &str, resource: &str) -> Option<&'static str> {
    Some(match field {
        "id" => match resource {
            "script" => "script",
            "project" => "project",
            "session" => "session",
            "memory" => "memory",
            "run" => "run",
            "task" => "task",
            _ => return None,
        },
        "script_id" => "script",
        "project_id" => "project",
        "version_id" | "to_version_id" | "from_version_id" | "project_version_id" => "version",
        "file_id" => "file",
        "session_id" | "parent_session_id" => "session",
        "memory_id" | "supersedes_memory_id" => "memory",
        "run_id" | "candidate_run_id" => "run",
        "baseline_run_id" => "other_run",
        "task_id" | "baseline_task_id" | "candidate_task_id" | "task_ids" => "task",
        _ => return None,
    })
}

/// `method`'s request with every id field naming `world`'s resource of its
/// kind (`None`: a fresh id that names nothing), and the fields a request
/// needs to get as far as its lookup filled in plausibly.
fn request_for(method: &MethodDescriptor, resource: &str, world: Option<&World>) -> Vec<u8> {
    let mut message = DynamicMessage::new(method.input());
    for field in method.input().fields() {
        let name = field.name();
        if let Some(kind) = kind_of(name, resource)
            && matches!(field.kind(), Kind::String)
        {
            let id = world.map_or_else(|| uuid::Uuid::now_v7().to_string(), |world| world.id(kind));
            let value = Value::String(id);
            if field.is_list() {
                message.set_field(&field, Value::List(vec![value]));
            } else {
                message.set_field(&field, value);
            }
            continue;
        }
        let plausible = match (name, field.kind()) {
            ("worker_id", Kind::String) => Value::String("worker-1".into()),
            ("model", Kind::String) => Value::String("m".into()),
            ("name", Kind::String) if resource == "label" => Value::String("production".into()),
            ("query", Kind::String) => Value::String("sleeps".into()),
            ("lease_seconds", Kind::Int32) => Value::I32(60),
            ("user_id", Kind::String) => Value::String("someone".into()),
            ("memory_type", Kind::String) => Value::String("fact".into()),
            ("content", Kind::String) if resource == "memory" => Value::String("sleeps".into()),
            ("max_tasks", Kind::Int32) => Value::I32(1),
            _ => continue,
        };
        message.set_field(&field, plausible);
    }
    message.encode_to_vec()
}

/// The same request with every id field cleared: a list, search or audit
/// page of everything the caller may see.
fn unfiltered(method: &MethodDescriptor, body: &[u8]) -> Vec<u8> {
    let mut message = DynamicMessage::decode(method.input(), body).unwrap();
    for field in method.input().fields() {
        if field.name() == "id" || field.name().ends_with("_id") || field.name().ends_with("_ids") {
            message.clear_field(&field);
        }
    }
    message.encode_to_vec()
}

/// Calls `path` as `token`: the first streamed item of a watch.
async fn call(
    app: &TestApp,
    method: &MethodDescriptor,
    path: &str,
    body: Vec<u8>,
    token: &str,
) -> Result<Vec<u8>, Status> {
    let authorization = format!("Bearer {token}");
    if method.is_server_streaming() {
        first_streamed_as(app.channel.clone(), path, body, Some(&authorization))
            .await
            .map(Option::unwrap_or_default)
    } else {
        call_raw_as(app.channel.clone(), path, body, Some(&authorization)).await
    }
}

/// A call's outcome as it may be compared: its code and ErrorInfo reason.
fn outcome(answer: &Result<Vec<u8>, Status>) -> (Code, String) {
    match answer {
        Ok(_) => (Code::Ok, String::new()),
        Err(status) => (
            status.code(),
            status
                .get_details_error_info()
                .map(|info| info.reason)
                .unwrap_or_default(),
        ),
    }
}

/// Which of `world`'s markers `bytes` (an answer to `request`) holds,
/// beyond those the request itself named (an id the caller sent, echoed).
fn leaked<'a>(bytes: &[u8], request: &[u8], world: &'a World) -> Vec<&'a str> {
    let text = String::from_utf8_lossy(bytes);
    let asked = String::from_utf8_lossy(request);
    world
        .markers
        .iter()
        .filter(|marker| text.contains(marker.as_str()) && !asked.contains(marker.as_str()))
        .map(String::as_str)
        .collect()
}

/// Whether a method changes or ends what it names: these run last, so the
/// others find B's world whole.
fn destroys(method: &str) -> bool {
    [
        "Delete",
        "Erase",
        "Purge",
        "Archive",
        "Cancel",
        "Finish",
        "Invalidate",
        "Deprecate",
    ]
    .iter()
    .any(|verb| method.starts_with(verb))
}

async fn no_call_reaches_another_tenant(backend: Backend) {
    // The sessions context asks ScriptService with a token of the default
    // tenant: the script is looked for in the caller's.
    let (app, dir) = crate::audit::spawn_with_tokens(backend, &[]).await;
    let world_b = build_world(&app, "tenant-b").await;
    let world_a = build_world(&app, "tenant-a").await;
    let a = tenant_token("tenant-a", "spiffe://test/caller", &all_scopes());
    let b = tenant_token("tenant-b", "spiffe://test/caller", &all_scopes());

    let pool = DescriptorPool::decode(agentbase_proto::FILE_DESCRIPTOR_SET).unwrap();
    let mut methods: Vec<MethodDescriptor> = pool
        .services()
        .filter(|service| service.full_name().starts_with("agentbase."))
        .flat_map(|service| service.methods().collect::<Vec<_>>())
        .collect();
    methods.sort_by_key(|method| destroys(method.name()));
    let mut failures = Vec::new();
    let (mut calls, mut reached) = (0, Vec::new());
    for method in &methods {
        let path = format!("/{}/{}", method.parent_service().full_name(), method.name());
        let resource = Access::declared(method).unwrap().resource;
        let on_b = request_for(method, &resource, Some(&world_b));
        let nowhere = request_for(method, &resource, None);
        let a_on_b = call(&app, method, &path, on_b.clone(), &a).await;
        let a_nowhere = call(&app, method, &path, nowhere, &a).await;
        calls += 2;
        if outcome(&a_on_b) != outcome(&a_nowhere) {
            failures.push(format!(
                "{path}: on B's ids A is answered {:?}, on ids of nothing {:?}",
                outcome(&a_on_b),
                outcome(&a_nowhere)
            ));
        }
        if let Ok(bytes) = &a_on_b
            && !leaked(bytes, &on_b, &world_b).is_empty()
        {
            failures.push(format!(
                "{path}: A's answer holds B's {:?}",
                leaked(bytes, &on_b, &world_b)
            ));
        }
        if Access::declared(method).unwrap().read_only {
            let everything = unfiltered(method, &on_b);
            let answer = call(&app, method, &path, everything.clone(), &a).await;
            calls += 1;
            if let Ok(bytes) = &answer
                && !leaked(bytes, &everything, &world_b).is_empty()
            {
                failures.push(format!(
                    "{path} (no filter): A's answer holds B's {:?}",
                    leaked(bytes, &everything, &world_b)
                ));
            }
        }
        // What B itself is answered tells whether the request reached B's data.
        let b_on_b = call(&app, method, &path, on_b, &b).await;
        calls += 1;
        if outcome(&b_on_b) != outcome(&a_on_b) {
            reached.push(method.name().to_owned());
        }
    }
    // B's page token names a place in B's list: A is refused it.
    let refused = app
        .sessions
        .clone()
        .list_sessions(bearer(
            &a,
            se::ListSessionsRequest {
                page_size: 1,
                page_token: world_b.session_page_token.clone(),
                ..Default::default()
            },
        ))
        .await
        .unwrap_err();
    assert_eq!(refused.code(), Code::InvalidArgument, "{refused:?}");
    // A still sees all of its own world.
    let own = app
        .sessions
        .clone()
        .list_sessions(bearer(&a, se::ListSessionsRequest::default()))
        .await
        .unwrap()
        .into_inner();
    assert_eq!(own.sessions.len(), 2, "A's own sessions");
    assert!(own.sessions.iter().all(|s| s.user_id.ends_with("-of-tenant-a")));
    embedded_ids_name_nothing_of_another_tenant(&app, &a, &world_a, &world_b).await;
    println!(
        "cross-tenant matrix ({backend:?}): {} methods, {calls} calls, {} reached B's data as B: {}",
        methods.len(),
        reached.len(),
        reached.join(", ")
    );
    assert!(methods.len() >= 88, "{} methods", methods.len());
    assert!(
        reached.len() >= 40,
        "only {} requests reached B's data: {reached:?}",
        reached.len()
    );
    assert!(
        failures.is_empty(),
        "{} leaks:\n{}",
        failures.len(),
        failures.join("\n")
    );
    let _ = std::fs::remove_dir_all(&dir);
}

/// The requests the issue names, whole, as A: each id of B's, embedded in a
/// request about A's own resources, is answered exactly as an id that names
/// nothing (NOT_FOUND; a session's missing script is FAILED_PRECONDITION
/// SCRIPT_NOT_FOUND, as it always was), and the same request with A's own
/// id succeeds: the request is whole, and it is the id that fails.
async fn embedded_ids_name_nothing_of_another_tenant(app: &TestApp, a: &str, world_a: &World, world_b: &World) {
    let nowhere = World {
        ids: world_b
            .ids
            .keys()
            .map(|kind| (*kind, uuid::Uuid::now_v7().to_string()))
            .collect(),
        markers: Vec::new(),
        session_page_token: String::new(),
    };
    let mut answered: Vec<Vec<(&str, (Code, String))>> = Vec::new();
    for (world, own) in [(world_b, false), (&nowhere, false), (world_a, true)] {
        let session = app
            .sessions
            .clone()
            .create_session(bearer(
                a,
                se::CreateSessionRequest {
                    user_id: "someone".into(),
                    script_id: world.id("script"),
                    ..Default::default()
                },
            ))
            .await
            .map(drop);
        let compare = app
            .evaluation
            .clone()
            .compare_runs(bearer(
                a,
                ev::CompareRunsRequest {
                    baseline_run_id: world_a.id("other_run"),
                    candidate_run_id: world.id("run"),
                    ..Default::default()
                },
            ))
            .await
            .map(drop);
        let label = app
            .labels
            .clone()
            .set_label(bearer(
                a,
                sc::SetLabelRequest {
                    owner: Some(sc::set_label_request::Owner::ProjectId(world_a.id("project"))),
                    name: "canary".into(),
                    version_id: world.id("version"),
                    reason: "test".into(),
                    updated_by: "li".into(),
                    ..Default::default()
                },
            ))
            .await
            .map(drop);
        let fork = app
            .sessions
            .clone()
            .fork_session(bearer(
                a,
                se::ForkSessionRequest {
                    session_id: world.id("session"),
                    at_seq: 1,
                    ..Default::default()
                },
            ))
            .await
            .map(drop);
        let memory = app
            .memories
            .clone()
            .create_memory(bearer(
                a,
                se::CreateMemoryRequest {
                    session_id: world.id("session"),
                    memory_type: "fact".into(),
                    content: format!("about {}", if own { "mine" } else { "theirs" }),
                    ..Default::default()
                },
            ))
            .await
            .map(drop);
        let append = app
            .sessions
            .clone()
            .append_messages(bearer(
                a,
                se::AppendMessagesRequest {
                    session_id: world.id("session"),
                    messages: vec![se::NewMessage {
                        role: se::MessageRole::User as i32,
                        content: "hello".into(),
                        ..Default::default()
                    }],
                    ..Default::default()
                },
            ))
            .await
            .map(drop);
        let copy = app
            .projects
            .clone()
            .copy_project(bearer(
                a,
                sc::CopyProjectRequest {
                    id: world.id("project"),
                    name: format!("copy {own}"),
                    author: "li".into(),
                },
            ))
            .await
            .map(drop);
        let answers = [
            ("CreateSession with a script", session),
            ("CompareRuns with a candidate run", compare),
            ("SetLabel on a version", label),
            ("ForkSession", fork),
            ("CreateMemory in a session", memory),
            ("AppendMessages", append),
            ("CopyProject", copy),
        ];
        if own {
            for (what, answer) in &answers {
                assert!(answer.is_ok(), "{what} with A's own id: {answer:?}");
            }
        }
        answered.push(
            answers
                .into_iter()
                .map(|(what, answer)| (what, outcome(&answer.map(|()| Vec::new()))))
                .collect(),
        );
    }
    for (on_b, on_nothing) in answered[0].iter().zip(&answered[1]) {
        assert_eq!(on_b, on_nothing, "B's id is answered otherwise than an id of nothing");
        assert_ne!(on_b.1.0, Code::PermissionDenied, "{}", on_b.0);
        assert_ne!(on_b.1.0, Code::Ok, "{}", on_b.0);
    }
}

/// Names are unique per tenant, and so are request ids: the same script,
/// project and label names, and the same request id, in two tenants, are
/// two of each.
async fn names_and_request_ids_are_per_tenant(backend: Backend) {
    let (app, dir) = crate::audit::spawn_with_tokens(backend, &[]).await;
    let mut created = Vec::new();
    let request_id = uuid::Uuid::now_v7().to_string();
    for tenant in ["tenant-a", "tenant-b"] {
        let token = tenant_token(tenant, "spiffe://test/caller", &all_scopes());
        let script = app
            .scripts
            .clone()
            .create_script(bearer(
                &token,
                sc::CreateScriptRequest {
                    name: "intake".into(),
                    content: TECHNIQUE.into(),
                    ..Default::default()
                },
            ))
            .await
            .unwrap_or_else(|status| panic!("{tenant}: the script name: {status:?}"))
            .into_inner();
        let project = app
            .projects
            .clone()
            .create_project(bearer(
                &token,
                sc::CreateProjectRequest {
                    name: "counselling".into(),
                    ..Default::default()
                },
            ))
            .await
            .unwrap()
            .into_inner();
        let label = app
            .labels
            .clone()
            .set_label(bearer(
                &token,
                sc::SetLabelRequest {
                    owner: Some(sc::set_label_request::Owner::ScriptId(script.id.clone())),
                    name: "production".into(),
                    revision: 1,
                    reason: "first".into(),
                    updated_by: "li".into(),
                    ..Default::default()
                },
            ))
            .await
            .unwrap_or_else(|status| panic!("{tenant}: the label name: {status:?}"))
            .into_inner();
        // The same request id: each tenant's first use creates its own session.
        let session = app
            .sessions
            .clone()
            .create_session(bearer(
                &token,
                se::CreateSessionRequest {
                    user_id: "u".into(),
                    script_id: script.id.clone(),
                    request_id: request_id.clone(),
                    ..Default::default()
                },
            ))
            .await
            .unwrap()
            .into_inner();
        // By name, each tenant finds its own script.
        let by_name = app
            .scripts
            .clone()
            .get_script(bearer(
                &token,
                sc::GetScriptRequest {
                    selector: Some(sc::get_script_request::Selector::Name("intake".into())),
                    ..Default::default()
                },
            ))
            .await
            .unwrap()
            .into_inner();
        assert_eq!(by_name.id, script.id, "{tenant}");
        assert_eq!(label.name, "production");
        created.push((script.id, project.id, session.id));
    }
    assert_ne!(created[0].0, created[1].0, "two scripts named intake");
    assert_ne!(created[0].1, created[1].1, "two projects named counselling");
    assert_ne!(created[0].2, created[1].2, "one request id, two sessions");
    let _ = std::fs::remove_dir_all(&dir);
}

backend_tests!(no_call_reaches_another_tenant, names_and_request_ids_are_per_tenant);

// Behind PgBouncer in transaction mode the tenant is set per transaction.
agentbase_testkit::pooled_tests!(no_call_reaches_another_tenant, names_and_request_ids_are_per_tenant);
