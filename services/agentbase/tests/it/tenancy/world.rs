//! The world of one tenant the cross-tenant tests build: a resource of
//! every kind, made through the generated clients with the tenant's token.

use agentbase_proto::{evaluation::v1 as ev, scripts::v1 as sc, sessions::v1 as se};
use agentbase_testkit::{
    TestApp,
    fixtures::TECHNIQUE,
    tokens::{EVERY_SCOPE, SECRET, bearer, claims, token},
};
use std::collections::HashMap;

/// Every scope there is, the platform administrator's aside.
pub(super) fn all_scopes() -> Vec<&'static str> {
    EVERY_SCOPE
        .iter()
        .copied()
        .chain(["sessions.admin", "evaluation.admin"])
        .collect()
}

/// A token of `tenant` granting `scopes`, for `subject`.
pub(super) fn tenant_token(tenant: &str, subject: &str, scopes: &[&str]) -> String {
    let mut claims = claims(scopes);
    claims["tenant"] = tenant.into();
    claims["sub"] = subject.into();
    token(SECRET, claims)
}

/// What one tenant holds: its resources' ids by the field names requests
/// name them with, and text that only its data contains.
pub(super) struct World {
    pub(super) ids: HashMap<&'static str, String>,
    pub(super) markers: Vec<String>,
    pub(super) session_page_token: String,
}

impl World {
    pub(super) fn id(&self, kind: &str) -> String {
        self.ids[kind].clone()
    }
}

/// Builds a world of every kind of resource as `tenant`.
pub(super) async fn build_world(app: &TestApp, tenant: &str) -> World {
    let token = tenant_token(tenant, "spiffe://test/caller", &all_scopes());
    let mut ids = HashMap::new();
    let mut markers = Vec::new();
    let marker = |what: &str| format!("secret-{what}-of-{tenant}");

    let mut scripts = app.scripts.clone();
    let mut script_ids = Vec::new();
    for n in 0..2 {
        let script = scripts
            .create_script(bearer(
                &token,
                sc::CreateScriptRequest {
                    name: format!("{}-{n}", marker("script")),
                    content: TECHNIQUE.into(),
                    ..Default::default()
                },
            ))
            .await
            .unwrap()
            .into_inner();
        script_ids.push(script.id);
    }
    ids.insert("script", script_ids[0].clone());

    let mut projects = app.projects.clone();
    let project = projects
        .create_project(bearer(
            &token,
            sc::CreateProjectRequest {
                name: marker("project"),
                ..Default::default()
            },
        ))
        .await
        .unwrap()
        .into_inner();
    projects
        .save_draft(bearer(
            &token,
            sc::SaveDraftRequest {
                project_id: project.id.clone(),
                files: crate::audit::publishable_draft(),
                ..Default::default()
            },
        ))
        .await
        .unwrap();
    let version = projects
        .publish_version(bearer(
            &token,
            sc::PublishVersionRequest {
                project_id: project.id.clone(),
                published_by: "li".into(),
                ..Default::default()
            },
        ))
        .await
        .unwrap()
        .into_inner();
    app.labels
        .clone()
        .set_label(bearer(
            &token,
            sc::SetLabelRequest {
                owner: Some(sc::set_label_request::Owner::ProjectId(project.id.clone())),
                name: "production".into(),
                version_id: version.id.clone(),
                reason: marker("label-reason"),
                updated_by: "li".into(),
                ..Default::default()
            },
        ))
        .await
        .unwrap();
    // After the draft (which holds every file) was saved: a file of its own.
    let file = projects
        .create_project_file(bearer(
            &token,
            sc::CreateProjectFileRequest {
                project_id: project.id.clone(),
                file_type: sc::ProjectFileType::Template as i32,
                file_name: "note".into(),
                file_path: "templates/note.md".into(),
                text: marker("file"),
                updated_by: "li".into(),
            },
        ))
        .await
        .unwrap()
        .into_inner();
    ids.insert("project", project.id);
    ids.insert("version", version.id);
    ids.insert("file", file.id);

    let mut sessions = app.sessions.clone();
    let mut session_ids = Vec::new();
    for _ in 0..2 {
        let session = sessions
            .create_session(bearer(
                &token,
                se::CreateSessionRequest {
                    user_id: marker("user"),
                    script_id: script_ids[0].clone(),
                    ..Default::default()
                },
            ))
            .await
            .unwrap()
            .into_inner();
        session_ids.push(session.id);
    }
    let session = session_ids[0].clone();
    sessions
        .append_messages(bearer(
            &token,
            se::AppendMessagesRequest {
                session_id: session.clone(),
                messages: vec![se::NewMessage {
                    role: se::MessageRole::User as i32,
                    content: marker("message"),
                    ..Default::default()
                }],
                ..Default::default()
            },
        ))
        .await
        .unwrap();
    sessions
        .set_variables(bearer(
            &token,
            se::SetVariablesRequest {
                session_id: session.clone(),
                variables: vec![se::VariableInput {
                    scope: se::VariableScope::Session as i32,
                    name: "mood".into(),
                    value: Some(prost_types::Value {
                        kind: Some(prost_types::value::Kind::StringValue(marker("variable"))),
                    }),
                    source: String::new(),
                }],
            },
        ))
        .await
        .unwrap();
    let session_page_token = sessions
        .list_sessions(bearer(
            &token,
            se::ListSessionsRequest {
                page_size: 1,
                ..Default::default()
            },
        ))
        .await
        .unwrap()
        .into_inner()
        .next_page_token;
    assert!(!session_page_token.is_empty());
    ids.insert("session", session.clone());

    let mut memories = app.memories.clone();
    let memory = memories
        .create_memory(bearer(
            &token,
            se::CreateMemoryRequest {
                user_id: marker("user"),
                session_id: session.clone(),
                memory_type: "fact".into(),
                content: format!("{} sleeps badly", marker("memory")),
                ..Default::default()
            },
        ))
        .await
        .unwrap()
        .into_inner();
    memories
        .update_memory(bearer(
            &token,
            se::UpdateMemoryRequest {
                id: memory.id.clone(),
                content: format!("{} sleeps well", marker("memory")),
                update_mask: Some(prost_types::FieldMask {
                    paths: vec!["content".into()],
                }),
                ..Default::default()
            },
        ))
        .await
        .unwrap();
    ids.insert("memory", memory.id);

    let mut evaluation = app.evaluation.clone();
    let run = evaluation
        .create_run(bearer(
            &token,
            ev::CreateRunRequest {
                model: marker("model"),
                name: marker("run"),
                exercises: vec![
                    ev::Exercise {
                        language: ev::Language::Rust as i32,
                        exercise: "two-fer".into(),
                    },
                    ev::Exercise {
                        language: ev::Language::Go as i32,
                        exercise: "leap".into(),
                    },
                ],
                iterations: 1,
                ..Default::default()
            },
        ))
        .await
        .unwrap()
        .into_inner();
    let task = evaluation
        .claim_tasks(bearer(
            &token,
            ev::ClaimTasksRequest {
                run_id: run.id.clone(),
                worker_id: "worker-1".into(),
                max_tasks: 1,
                lease_seconds: 600,
            },
        ))
        .await
        .unwrap()
        .into_inner()
        .tasks
        .remove(0);
    let other_run = evaluation
        .create_run(bearer(
            &token,
            ev::CreateRunRequest {
                model: marker("model"),
                exercises: vec![ev::Exercise {
                    language: ev::Language::Rust as i32,
                    exercise: "two-fer".into(),
                }],
                iterations: 1,
                ..Default::default()
            },
        ))
        .await
        .unwrap()
        .into_inner();
    ids.insert("run", run.id);
    ids.insert("other_run", other_run.id);
    ids.insert("task", task.id);

    markers.extend([format!("-of-{tenant}")]);
    markers.extend(ids.values().cloned());
    markers.extend(script_ids);
    markers.extend(session_ids);
    World {
        ids,
        markers,
        session_page_token,
    }
}
