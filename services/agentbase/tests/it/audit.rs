//! The audit trail: every write RPC, called once, leaves exactly one event
//! with the right principal, actor, method, resource and outcome; refused
//! writes are recorded too; a failure after the write statement leaves
//! neither the write nor its event; the trail is listed by an administrator
//! only and old events are swept.

use std::time::Duration;

use agentbase_proto::{
    audit::v1::{AuditEvent, ListAuditEventsRequest},
    evaluation::v1 as ev,
    scripts::v1 as sc,
    sessions::v1 as se,
};
use agentbase_testkit::fixtures::TECHNIQUE;
use agentbase_testkit::{
    AppOptions, Backend, TestApp, backend_tests, spawn_app_with,
    tokens::{SECRET, SUBJECT, claims, jwt_env, key_dir, token, with_token},
};
use prost_types::FieldMask;
use sea_orm::ConnectionTrait;
use tonic::Code;

/// The files of a draft that publishes: a global, roles, skills and one session file.
pub(crate) fn publishable_draft() -> Vec<sc::DraftFile> {
    [
        (
            sc::ProjectFileType::Global,
            "global",
            "config/global.yaml",
            "variables: {}\n",
        ),
        (
            sc::ProjectFileType::Roles,
            "roles",
            "config/roles.yaml",
            "roles: [counsellor]\n",
        ),
        (sc::ProjectFileType::Skills, "skills", "", "skills: []\n"),
        (
            sc::ProjectFileType::Session,
            "intake",
            "sessions/intake.yaml",
            SESSION_FILE,
        ),
    ]
    .into_iter()
    .map(|(file_type, name, path, text)| sc::DraftFile {
        file_type: file_type as i32,
        file_name: name.into(),
        file_path: path.into(),
        text: text.into(),
    })
    .collect()
}

const SESSION_FILE: &str = "\
session:
  session_id: intake
  phases:
    - phase_id: opening
      phase_name: Opening
      topics:
        - topic_id: hello
          actions:
            - {action_type: ai_say, action_id: a1, config: {content_template: 'Hi'}}
";

const ALL: [&str; 13] = [
    "scripts.read",
    "scripts.write",
    "scripts.publish",
    "scripts.promote",
    "scripts.admin",
    "sessions.read",
    "sessions.write",
    "sessions.admin",
    "evaluation.read",
    "evaluation.write",
    "evaluation.admin",
    "unused.a",
    "unused.b",
];

/// A server that requires tokens, whose sessions context calls scripts with a token of its own.
pub(crate) async fn spawn_with_tokens(backend: Backend, extra: &[(&str, &str)]) -> (TestApp, std::path::PathBuf) {
    let dir = key_dir();
    let token_file = dir.join("scripts.token");
    std::fs::write(&token_file, token(SECRET, claims(&["scripts.read"]))).unwrap();
    let mut env = jwt_env(&dir, None);
    env.push(("AGENTBASE_SCRIPTS_TOKEN_FILE".into(), token_file.display().to_string()));
    env.extend(extra.iter().map(|(k, v)| ((*k).to_owned(), (*v).to_owned())));
    let app = spawn_app_with(
        backend,
        AppOptions {
            env,
            ..Default::default()
        },
    )
    .await;
    (app, dir)
}

fn t<T>(message: T) -> tonic::Request<T> {
    with_token(&ALL, message)
}

fn mask(paths: &[&str]) -> Option<FieldMask> {
    Some(FieldMask {
        paths: paths.iter().map(|p| (*p).to_owned()).collect(),
    })
}

/// The principal that approves the label move the test's principal asked for.
const APPROVER: &str = "spiffe://test/approver";

/// What one event must say: method, resource type, resource id, actor.
type Expected = (String, &'static str, String, String);

fn expect(method: &str, resource_type: &'static str, resource_id: &str, actor: &str) -> Expected {
    (
        format!("agentbase.{method}"),
        resource_type,
        resource_id.to_owned(),
        actor.to_owned(),
    )
}

/// Every event of every context, newest first, paging to the end.
async fn all_events(app: &TestApp, filter: ListAuditEventsRequest) -> Vec<AuditEvent> {
    let mut events = Vec::new();
    for context in ["scripts", "sessions", "evaluation"] {
        let mut request = ListAuditEventsRequest {
            page_size: 7,
            ..filter.clone()
        };
        loop {
            let page = match context {
                "scripts" => app.scripts.clone().list_audit_events(t(request.clone())).await,
                "sessions" => app.sessions.clone().list_audit_events(t(request.clone())).await,
                _ => app.evaluation.clone().list_audit_events(t(request.clone())).await,
            }
            .unwrap()
            .into_inner();
            events.extend(page.events);
            if page.next_page_token.is_empty() {
                break;
            }
            request.page_token = page.next_page_token;
        }
    }
    events
}

async fn every_write_leaves_exactly_one_event(backend: Backend) {
    let (app, dir) = spawn_with_tokens(backend, &[]).await;
    let (mut scripts, mut projects) = (app.scripts.clone(), app.projects.clone());
    let (mut sessions, mut memories, mut evaluation) =
        (app.sessions.clone(), app.memories.clone(), app.evaluation.clone());
    let mut expected: Vec<Expected> = Vec::new();

    // Scripts.
    let request_id = uuid::Uuid::now_v7().to_string();
    let script = scripts
        .create_script(t(sc::CreateScriptRequest {
            name: "audited".into(),
            author: "li".into(),
            content: TECHNIQUE.into(),
            request_id: request_id.clone(),
            ..Default::default()
        }))
        .await
        .unwrap()
        .into_inner();
    expected.push(expect(
        "scripts.v1.ScriptService/CreateScript",
        "script",
        &script.id,
        "li",
    ));
    scripts
        .update_script(t(sc::UpdateScriptRequest {
            id: script.id.clone(),
            description: "changed".into(),
            author: "wang".into(),
            update_mask: mask(&["description"]),
            ..Default::default()
        }))
        .await
        .unwrap();
    expected.push(expect(
        "scripts.v1.ScriptService/UpdateScript",
        "script",
        &script.id,
        "wang",
    ));
    for (call, method) in [(0, "PublishScript"), (1, "ArchiveScript"), (2, "DeleteScript")] {
        let id = script.id.clone();
        match call {
            0 => scripts
                .publish_script(t(sc::PublishScriptRequest {
                    id,
                    etag: String::new(),
                }))
                .await
                .map(drop),
            1 => scripts
                .archive_script(t(sc::ArchiveScriptRequest {
                    id,
                    etag: String::new(),
                }))
                .await
                .map(drop),
            _ => scripts
                .delete_script(t(sc::DeleteScriptRequest {
                    id,
                    etag: String::new(),
                }))
                .await
                .map(drop),
        }
        .unwrap();
        expected.push(expect(
            &format!("scripts.v1.ScriptService/{method}"),
            "script",
            &script.id,
            "",
        ));
    }

    // Projects.
    let project = projects
        .create_project(t(sc::CreateProjectRequest {
            name: "audited".into(),
            author: "li".into(),
            ..Default::default()
        }))
        .await
        .unwrap()
        .into_inner();
    let p = project.id.clone();
    let ps = |method: &str, id: &str, actor: &str| {
        expect(&format!("scripts.v1.ProjectService/{method}"), "project", id, actor)
    };
    expected.push(ps("CreateProject", &p, "li"));
    projects
        .update_project(t(sc::UpdateProjectRequest {
            id: p.clone(),
            description: "changed".into(),
            author: "li".into(),
            update_mask: mask(&["description"]),
            ..Default::default()
        }))
        .await
        .unwrap();
    expected.push(ps("UpdateProject", &p, "li"));
    let file = projects
        .create_project_file(t(sc::CreateProjectFileRequest {
            project_id: p.clone(),
            file_type: sc::ProjectFileType::Template as i32,
            file_name: "letter".into(),
            file_path: "templates/letter.md".into(),
            text: "# Dear\n".into(),
            updated_by: "chen".into(),
        }))
        .await
        .unwrap()
        .into_inner();
    expected.push(ps("CreateProjectFile", &p, "chen"));
    projects
        .update_project_file(t(sc::UpdateProjectFileRequest {
            project_id: p.clone(),
            file_id: file.id.clone(),
            text: "# Dear you\n".into(),
            update_mask: mask(&["text"]),
            updated_by: "chen".into(),
            ..Default::default()
        }))
        .await
        .unwrap();
    expected.push(ps("UpdateProjectFile", &p, "chen"));
    projects
        .delete_project_file(t(sc::DeleteProjectFileRequest {
            project_id: p.clone(),
            file_id: file.id.clone(),
            etag: String::new(),
            updated_by: "chen".into(),
        }))
        .await
        .unwrap();
    expected.push(ps("DeleteProjectFile", &p, "chen"));
    projects
        .save_draft(t(sc::SaveDraftRequest {
            project_id: p.clone(),
            files: publishable_draft(),
            etag: String::new(),
            updated_by: "li".into(),
        }))
        .await
        .unwrap();
    expected.push(ps("SaveDraft", &p, "li"));
    let version = projects
        .publish_version(t(sc::PublishVersionRequest {
            project_id: p.clone(),
            published_by: "li".into(),
            ..Default::default()
        }))
        .await
        .unwrap()
        .into_inner();
    expected.push(ps("PublishVersion", &p, "li"));
    projects
        .rollback_to_version(t(sc::RollbackToVersionRequest {
            project_id: p.clone(),
            version_id: version.id.clone(),
            published_by: "zhao".into(),
            ..Default::default()
        }))
        .await
        .unwrap();
    expected.push(ps("RollbackToVersion", &p, "zhao"));
    let mut labels = app.labels.clone();
    let owner = || Some(sc::set_label_request::Owner::ProjectId(p.clone()));
    labels
        .set_label(t(sc::SetLabelRequest {
            owner: owner(),
            name: "production".into(),
            version_id: version.id.clone(),
            reason: "first release".into(),
            updated_by: "li".into(),
            ..Default::default()
        }))
        .await
        .unwrap();
    let ls = |method: &str, actor: &str| expect(&format!("scripts.v1.LabelService/{method}"), "label", &p, actor);
    expected.push(ls("SetLabel", "li"));
    let protect = |requires_approval: bool| {
        t(sc::ProtectLabelRequest {
            owner: Some(sc::protect_label_request::Owner::ProjectId(p.clone())),
            name: "production".into(),
            protected: true,
            requires_approval,
            ..Default::default()
        })
    };
    labels.protect_label(protect(true)).await.unwrap();
    expected.push(ls("ProtectLabel", ""));
    let asked = labels
        .request_label_move(t(sc::RequestLabelMoveRequest {
            owner: Some(sc::request_label_move_request::Owner::ProjectId(p.clone())),
            name: "production".into(),
            version_id: version.id.clone(),
            reason: "confirm the release".into(),
            updated_by: "li".into(),
            ..Default::default()
        }))
        .await
        .unwrap()
        .into_inner();
    expected.push(ls("RequestLabelMove", "li"));
    // Approval needs a second principal, whatever actor the first one names.
    let mut approver_claims = claims(&ALL);
    approver_claims["sub"] = serde_json::json!(APPROVER);
    labels
        .approve_label_move(agentbase_testkit::tokens::bearer(
            &token(SECRET, approver_claims),
            sc::ApproveLabelMoveRequest {
                id: asked.id.clone(),
                updated_by: "zhao".into(),
            },
        ))
        .await
        .unwrap();
    expected.push(ls("ApproveLabelMove", "zhao"));
    // A label that requires approval is deleted only once it no longer does.
    labels.protect_label(protect(false)).await.unwrap();
    expected.push(ls("ProtectLabel", ""));
    labels
        .delete_label(t(sc::DeleteLabelRequest {
            owner: Some(sc::delete_label_request::Owner::ProjectId(p.clone())),
            name: "production".into(),
            reason: "retired".into(),
            updated_by: "zhao".into(),
            ..Default::default()
        }))
        .await
        .unwrap();
    expected.push(ls("DeleteLabel", "zhao"));
    let copy = projects
        .copy_project(t(sc::CopyProjectRequest {
            id: p.clone(),
            name: "audited copy".into(),
            author: "li".into(),
        }))
        .await
        .unwrap()
        .into_inner();
    expected.push(ps("CopyProject", &copy.id, "li"));
    projects
        .archive_project(t(sc::ArchiveProjectRequest {
            id: copy.id.clone(),
            etag: String::new(),
        }))
        .await
        .unwrap();
    expected.push(ps("ArchiveProject", &copy.id, ""));
    projects
        .deprecate_project(t(sc::DeprecateProjectRequest {
            id: p.clone(),
            reason: "superseded".into(),
            deprecated_by: "li".into(),
            etag: String::new(),
        }))
        .await
        .unwrap();
    expected.push(ps("DeprecateProject", &p, "li"));
    projects
        .restore_project(t(sc::RestoreProjectRequest {
            id: p.clone(),
            etag: String::new(),
        }))
        .await
        .unwrap();
    expected.push(ps("RestoreProject", &p, ""));
    projects
        .delete_project(t(sc::DeleteProjectRequest {
            id: copy.id.clone(),
            etag: String::new(),
        }))
        .await
        .unwrap();
    expected.push(ps("DeleteProject", &copy.id, ""));

    // Sessions and memories.
    let script = scripts
        .create_script(t(sc::CreateScriptRequest {
            name: "for sessions".into(),
            author: "li".into(),
            content: TECHNIQUE.into(),
            ..Default::default()
        }))
        .await
        .unwrap()
        .into_inner();
    expected.push(expect(
        "scripts.v1.ScriptService/CreateScript",
        "script",
        &script.id,
        "li",
    ));
    let session = sessions
        .create_session(t(se::CreateSessionRequest {
            user_id: "u1".into(),
            script_id: script.id.clone(),
            ..Default::default()
        }))
        .await
        .unwrap()
        .into_inner();
    let s = session.id.clone();
    let ss = |method: &str| expect(&format!("sessions.v1.SessionService/{method}"), "session", &s, "");
    expected.push(ss("CreateSession"));
    sessions
        .update_session(t(se::UpdateSessionRequest {
            id: s.clone(),
            execution_status: se::ExecutionStatus::WaitingInput as i32,
            update_mask: mask(&["execution_status"]),
            ..Default::default()
        }))
        .await
        .unwrap();
    expected.push(ss("UpdateSession"));
    sessions
        .append_messages(t(se::AppendMessagesRequest {
            session_id: s.clone(),
            messages: vec![se::NewMessage {
                role: se::MessageRole::User as i32,
                content: "hello".into(),
                ..Default::default()
            }],
            ..Default::default()
        }))
        .await
        .unwrap();
    expected.push(ss("AppendMessages"));
    sessions
        .set_variables(t(se::SetVariablesRequest {
            session_id: s.clone(),
            variables: vec![se::VariableInput {
                scope: se::VariableScope::Session as i32,
                name: "mood".into(),
                value: Some(prost_types::Value {
                    kind: Some(prost_types::value::Kind::StringValue("calm".into())),
                }),
                source: String::new(),
            }],
        }))
        .await
        .unwrap();
    expected.push(ss("SetVariables"));
    sessions
        .delete_variable(t(se::DeleteVariableRequest {
            session_id: s.clone(),
            scope: se::VariableScope::Session as i32,
            name: "mood".into(),
        }))
        .await
        .unwrap();
    expected.push(ss("DeleteVariable"));
    let fork = sessions
        .fork_session(t(se::ForkSessionRequest {
            session_id: s.clone(),
            at_seq: 1,
            ..Default::default()
        }))
        .await
        .unwrap()
        .into_inner();
    expected.push(expect(
        "sessions.v1.SessionService/ForkSession",
        "session",
        &fork.id,
        "",
    ));
    let memory = memories
        .create_memory(t(se::CreateMemoryRequest {
            session_id: s.clone(),
            user_id: "u1".into(),
            memory_type: "fact".into(),
            content: "likes tea".into(),
            ..Default::default()
        }))
        .await
        .unwrap()
        .into_inner();
    let ms = |method: &str, id: &str| expect(&format!("sessions.v1.MemoryService/{method}"), "memory", id, "");
    expected.push(ms("CreateMemory", &memory.id));
    memories
        .update_memory(t(se::UpdateMemoryRequest {
            id: memory.id.clone(),
            content: "likes green tea".into(),
            update_mask: mask(&["content"]),
            ..Default::default()
        }))
        .await
        .unwrap();
    expected.push(ms("UpdateMemory", &memory.id));
    memories
        .delete_memory(t(se::DeleteMemoryRequest {
            id: memory.id.clone(),
            etag: String::new(),
        }))
        .await
        .unwrap();
    expected.push(ms("DeleteMemory", &memory.id));
    memories
        .purge_expired_memories(t(se::PurgeExpiredMemoriesRequest { dry_run: false }))
        .await
        .unwrap();
    expected.push(ms("PurgeExpiredMemories", ""));
    sessions
        .purge_expired_sessions(t(se::PurgeExpiredSessionsRequest { dry_run: false }))
        .await
        .unwrap();
    expected.push(expect(
        "sessions.v1.SessionService/PurgeExpiredSessions",
        "session",
        "",
        "",
    ));
    sessions
        .erase_user_data(t(se::EraseUserDataRequest {
            user_id: "someone-who-asked".into(),
            ..Default::default()
        }))
        .await
        .unwrap();
    expected.push(expect(
        "sessions.v1.SessionService/EraseUserData",
        "user",
        "someone-who-asked",
        "",
    ));
    sessions
        .delete_session(t(se::DeleteSessionRequest {
            id: s.clone(),
            etag: String::new(),
        }))
        .await
        .unwrap();
    expected.push(ss("DeleteSession"));

    // Evaluation.
    let create_run = |name: &str| ev::CreateRunRequest {
        model: "claude".into(),
        name: name.into(),
        exercises: vec![ev::Exercise {
            language: ev::Language::Rust as i32,
            exercise: "two-fer".into(),
        }],
        iterations: 1,
        ..Default::default()
    };
    let run = evaluation
        .create_run(t(create_run("audited")))
        .await
        .unwrap()
        .into_inner();
    let r = run.id.clone();
    let es = |method: &str, kind: &'static str, id: &str| {
        expect(&format!("evaluation.v1.EvaluationService/{method}"), kind, id, "")
    };
    expected.push(es("CreateRun", "run", &r));
    evaluation
        .update_run(t(ev::UpdateRunRequest {
            id: r.clone(),
            name: "renamed".into(),
            update_mask: mask(&["name"]),
            ..Default::default()
        }))
        .await
        .unwrap();
    expected.push(es("UpdateRun", "run", &r));
    let task = evaluation
        .list_tasks(t(ev::ListTasksRequest {
            run_id: r.clone(),
            ..Default::default()
        }))
        .await
        .unwrap()
        .into_inner()
        .tasks
        .remove(0);
    evaluation
        .start_task(t(ev::StartTaskRequest {
            task_id: task.id.clone(),
        }))
        .await
        .unwrap();
    expected.push(es("StartTask", "task", &task.id));
    evaluation
        .record_task_metrics(t(ev::RecordTaskMetricsRequest {
            task_id: task.id.clone(),
            metrics: Some(ev::TaskMetrics {
                tokens_in: 10,
                ..Default::default()
            }),
            ..Default::default()
        }))
        .await
        .unwrap();
    expected.push(es("RecordTaskMetrics", "task", &task.id));
    evaluation
        .record_tool_error(t(ev::RecordToolErrorRequest {
            run_id: r.clone(),
            task_id: task.id.clone(),
            tool_name: "apply_diff".into(),
            error: "no match".into(),
            ..Default::default()
        }))
        .await
        .unwrap();
    expected.push(es("RecordToolError", "run", &r));
    evaluation
        .finish_task(t(ev::FinishTaskRequest {
            task_id: task.id.clone(),
            outcome: ev::TaskOutcome::Passed as i32,
            ..Default::default()
        }))
        .await
        .unwrap();
    expected.push(es("FinishTask", "task", &task.id));
    evaluation
        .invalidate_task(t(ev::InvalidateTaskRequest {
            task_id: task.id.clone(),
            reason: "flaky grader".into(),
        }))
        .await
        .unwrap();
    expected.push(es("InvalidateTask", "task", &task.id));
    evaluation
        .finish_run(t(ev::FinishRunRequest {
            id: r.clone(),
            ..Default::default()
        }))
        .await
        .unwrap();
    expected.push(es("FinishRun", "run", &r));
    let other = evaluation
        .create_run(t(create_run("cancelled")))
        .await
        .unwrap()
        .into_inner();
    expected.push(es("CreateRun", "run", &other.id));
    let claimed = evaluation
        .claim_tasks(t(ev::ClaimTasksRequest {
            run_id: other.id.clone(),
            worker_id: "worker-1".into(),
            max_tasks: 2,
            lease_seconds: 60,
        }))
        .await
        .unwrap()
        .into_inner()
        .tasks;
    expected.push(es("ClaimTasks", "run", &other.id));
    evaluation
        .heartbeat_tasks(t(ev::HeartbeatTasksRequest {
            worker_id: "worker-1".into(),
            task_ids: claimed.iter().map(|task| task.id.clone()).collect(),
            lease_seconds: 60,
            ..Default::default()
        }))
        .await
        .unwrap();
    // A heartbeat names several tasks: no one resource.
    expected.push(es("HeartbeatTasks", "task", ""));
    evaluation
        .finish_task(t(ev::FinishTaskRequest {
            task_id: claimed[0].id.clone(),
            outcome: ev::TaskOutcome::Failed as i32,
            worker_id: "worker-1".into(),
            ..Default::default()
        }))
        .await
        .unwrap();
    expected.push(es("FinishTask", "task", &claimed[0].id));
    evaluation
        .retry_tasks(t(ev::RetryTasksRequest {
            run_id: other.id.clone(),
            outcomes: Vec::new(),
            ..Default::default()
        }))
        .await
        .unwrap();
    expected.push(es("RetryTasks", "run", &other.id));
    evaluation
        .cancel_run(t(ev::CancelRunRequest { id: other.id.clone() }))
        .await
        .unwrap();
    expected.push(es("CancelRun", "run", &other.id));
    evaluation
        .delete_run(t(ev::DeleteRunRequest { id: other.id.clone() }))
        .await
        .unwrap();
    expected.push(es("DeleteRun", "run", &other.id));
    evaluation
        .delete_runs(t(ev::DeleteRunsRequest {
            created_before: Some(prost_types::Timestamp {
                seconds: 86_400,
                nanos: 0,
            }),
            unfinished_only: false,
        }))
        .await
        .unwrap();
    expected.push(es("DeleteRuns", "run", ""));

    let events = all_events(&app, ListAuditEventsRequest::default()).await;
    for event in &events {
        let principal = if event.method.ends_with("/ApproveLabelMove") {
            APPROVER
        } else {
            SUBJECT
        };
        assert_eq!(event.principal, principal, "{event:?}");
        assert_eq!(event.outcome, "OK", "{event:?}");
        assert!(event.reason.is_empty(), "{event:?}");
        assert!(event.occurred_at.is_some(), "{event:?}");
    }
    let created = events
        .iter()
        .find(|e| e.method.ends_with("/CreateScript") && e.resource_id == expected[0].2)
        .unwrap();
    assert_eq!(created.request_id, request_id, "the request id is kept");
    let mut seen: Vec<Expected> = events
        .iter()
        .map(|e| {
            let kind = expected.iter().find(|x| x.1 == e.resource_type).map_or("?", |x| x.1);
            (e.method.clone(), kind, e.resource_id.clone(), e.actor.clone())
        })
        .collect();
    seen.sort();
    expected.sort();
    assert_eq!(seen, expected);
    let methods: std::collections::BTreeSet<&str> = expected.iter().map(|e| e.0.as_str()).collect();
    assert_eq!(methods.len(), 50, "every write RPC was called: {methods:?}");

    // Filters and keyset pages.
    let filtered = all_events(
        &app,
        ListAuditEventsRequest {
            resource_type: "project".into(),
            resource_id: p.clone(),
            ..Default::default()
        },
    )
    .await;
    assert_eq!(
        filtered.len(),
        expected.iter().filter(|e| e.1 == "project" && e.2 == p).count()
    );
    let none = all_events(
        &app,
        ListAuditEventsRequest {
            principal: "someone-else".into(),
            ..Default::default()
        },
    )
    .await;
    assert!(none.is_empty());
    let future = all_events(
        &app,
        ListAuditEventsRequest {
            occurred_after: Some(prost_types::Timestamp {
                seconds: agentbase_testkit::tokens::now() + 60,
                nanos: 0,
            }),
            ..Default::default()
        },
    )
    .await;
    assert!(future.is_empty());
    let _ = std::fs::remove_dir_all(&dir);
}

/// Refused writes are recorded outside the write: PERMISSION_DENIED by the
/// call layer (for an id that exists nowhere too), FAILED_PRECONDITION after
/// the handler refused. Listing the trail needs the context's admin scope.
async fn refused_writes_are_recorded(backend: Backend) {
    let (app, dir) = spawn_with_tokens(backend, &[]).await;
    let missing = uuid::Uuid::now_v7().to_string();
    let denied = app
        .scripts
        .clone()
        .delete_script(with_token(
            &["scripts.read"],
            sc::DeleteScriptRequest {
                id: missing.clone(),
                etag: String::new(),
            },
        ))
        .await
        .unwrap_err();
    assert_eq!(denied.code(), Code::PermissionDenied);

    let run = app
        .evaluation
        .clone()
        .create_run(t(ev::CreateRunRequest {
            model: "m".into(),
            name: "r".into(),
            exercises: vec![ev::Exercise {
                language: ev::Language::Go as i32,
                exercise: "e".into(),
            }],
            iterations: 1,
            ..Default::default()
        }))
        .await
        .unwrap()
        .into_inner();
    app.evaluation
        .clone()
        .cancel_run(t(ev::CancelRunRequest { id: run.id.clone() }))
        .await
        .unwrap();
    let task = app
        .evaluation
        .clone()
        .list_tasks(t(ev::ListTasksRequest {
            run_id: run.id.clone(),
            ..Default::default()
        }))
        .await
        .unwrap()
        .into_inner()
        .tasks
        .remove(0);
    let refused = app
        .evaluation
        .clone()
        .start_task(t(ev::StartTaskRequest {
            task_id: task.id.clone(),
        }))
        .await
        .unwrap_err();
    assert_eq!(refused.code(), Code::FailedPrecondition, "{refused:?}");

    let events = all_events(&app, ListAuditEventsRequest::default()).await;
    let denial = events.iter().find(|e| e.outcome == "PERMISSION_DENIED").unwrap();
    assert_eq!(
        (
            denial.method.as_str(),
            denial.resource_type.as_str(),
            denial.resource_id.as_str(),
            denial.principal.as_str(),
            denial.reason.as_str()
        ),
        (
            "agentbase.scripts.v1.ScriptService/DeleteScript",
            "script",
            missing.as_str(),
            SUBJECT,
            "PERMISSION_DENIED"
        )
    );
    let precondition = events.iter().find(|e| e.outcome == "FAILED_PRECONDITION").unwrap();
    assert_eq!(
        (precondition.resource_type.as_str(), precondition.resource_id.as_str()),
        ("task", task.id.as_str())
    );
    assert!(!precondition.reason.is_empty());
    assert_eq!(events.len(), 4, "create, cancel, and the two refusals: {events:?}");

    // A refused create names no resource: the script a session would run is
    // not the session.
    let script_id = uuid::Uuid::now_v7().to_string();
    let denied = app
        .sessions
        .clone()
        .create_session(with_token(
            &["sessions.read"],
            se::CreateSessionRequest {
                script_id: script_id.clone(),
                user_id: "u".into(),
                ..Default::default()
            },
        ))
        .await
        .unwrap_err();
    assert_eq!(denied.code(), Code::PermissionDenied);
    let events = all_events(&app, ListAuditEventsRequest::default()).await;
    let denial = events
        .iter()
        .find(|e| e.method.ends_with("/CreateSession"))
        .expect("the refused create is recorded");
    assert_eq!(
        (denial.resource_type.as_str(), denial.resource_id.as_str()),
        ("session", "")
    );

    for scope in ["scripts.read", "scripts.write", "scripts.publish"] {
        let status = app
            .scripts
            .clone()
            .list_audit_events(with_token(&[scope], ListAuditEventsRequest::default()))
            .await
            .unwrap_err();
        assert_eq!(status.code(), Code::PermissionDenied, "{scope}");
    }
    let _ = std::fs::remove_dir_all(&dir);
}

/// A failure after the write statement (here: the audit insert itself,
/// refused by a trigger) rolls back the write with its event.
async fn a_failed_event_leaves_no_write(backend: Backend) {
    let (app, dir) = spawn_with_tokens(backend, &[]).await;
    let storage = app.storage_of("sessions").await;
    let (create, drop) = match backend {
        Backend::Postgres | Backend::Pooled => (
            vec![
                "CREATE FUNCTION refuse_audit() RETURNS trigger AS $$ BEGIN RAISE EXCEPTION 'injected failure'; END $$ LANGUAGE plpgsql",
                "CREATE TRIGGER refuse_audit BEFORE INSERT ON audit_events FOR EACH ROW EXECUTE FUNCTION refuse_audit()",
            ],
            vec![
                "DROP TRIGGER refuse_audit ON audit_events",
                "DROP FUNCTION refuse_audit()",
            ],
        ),
        Backend::Sqlite => (
            vec![
                "CREATE TRIGGER refuse_audit BEFORE INSERT ON audit_events BEGIN SELECT RAISE(ABORT, 'injected failure'); END",
            ],
            vec!["DROP TRIGGER refuse_audit"],
        ),
    };
    for statement in &create {
        storage.execute_unprepared(statement).await.unwrap();
    }
    let script = app
        .scripts
        .clone()
        .create_script(t(sc::CreateScriptRequest {
            name: "pinned".into(),
            author: "li".into(),
            content: TECHNIQUE.into(),
            ..Default::default()
        }))
        .await
        .unwrap()
        .into_inner();
    let failed = app
        .sessions
        .clone()
        .create_session(t(se::CreateSessionRequest {
            user_id: "u1".into(),
            script_id: script.id.clone(),
            ..Default::default()
        }))
        .await
        .unwrap_err();
    assert_eq!(failed.code(), Code::Internal, "{failed:?}");
    assert!(
        !failed.message().contains("injected"),
        "no database text leaks: {failed:?}"
    );
    for statement in &drop {
        storage.execute_unprepared(statement).await.unwrap();
    }
    let sessions = app
        .sessions
        .clone()
        .list_sessions(t(se::ListSessionsRequest::default()))
        .await
        .unwrap()
        .into_inner();
    assert!(sessions.sessions.is_empty(), "the session was rolled back");
    let events = all_events(
        &app,
        ListAuditEventsRequest {
            resource_type: "session".into(),
            ..Default::default()
        },
    )
    .await;
    assert!(events.is_empty(), "{events:?}");
    let _ = std::fs::remove_dir_all(&dir);
}

/// Events older than the retention are deleted by the background sweep.
async fn old_events_are_swept(backend: Backend) {
    let (app, dir) = spawn_with_tokens(
        backend,
        &[
            ("AGENTBASE_AUDIT_RETENTION_DAYS", "30"),
            ("AGENTBASE_AUDIT_SWEEP_INTERVAL_MS", "200"),
        ],
    )
    .await;
    let storage = app.storage_of("evaluation").await;
    // An event of 31 days ago: its UUIDv7 carries its time.
    let old = chrono::Utc::now() - chrono::Duration::days(31);
    let old_id = uuid::Uuid::new_v7(uuid::Timestamp::from_unix(uuid::NoContext, old.timestamp() as u64, 0));
    let insert = sea_orm::Statement::from_sql_and_values(
        storage.get_database_backend(),
        match backend {
            Backend::Postgres | Backend::Pooled => {
                "INSERT INTO audit_events VALUES ($1, $2, 'p', '', 'm', 'run', '', 'OK', '', '', 1, NULL, 'default')"
            }
            Backend::Sqlite => {
                "INSERT INTO audit_events VALUES (?, ?, 'p', '', 'm', 'run', '', 'OK', '', '', 1, NULL, 'default')"
            }
        },
        [old_id.into(), old.into()],
    );
    storage.execute_raw(insert).await.unwrap();
    app.evaluation
        .clone()
        .delete_runs(t(ev::DeleteRunsRequest {
            created_before: None,
            unfinished_only: true,
        }))
        .await
        .unwrap();
    let deadline = std::time::Instant::now() + Duration::from_secs(10);
    loop {
        let events = all_events(&app, ListAuditEventsRequest::default()).await;
        if events.len() == 1 {
            assert!(events[0].method.ends_with("/DeleteRuns"), "the recent event stays");
            break;
        }
        assert!(std::time::Instant::now() < deadline, "not swept: {events:?}");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let _ = std::fs::remove_dir_all(&dir);
}

backend_tests!(
    every_write_leaves_exactly_one_event,
    refused_writes_are_recorded,
    a_failed_event_leaves_no_write,
    old_events_are_swept
);
