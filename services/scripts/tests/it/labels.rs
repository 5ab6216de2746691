//! LabelService through the generated client against PostgreSQL and SQLite:
//! release labels on project versions and script revisions, their history,
//! protection, and what they keep from being deleted.

use agentbase_proto::scripts::v1::{
    CreateScriptRequest, DeleteLabelRequest, DeleteProjectRequest, DeleteScriptRequest, GetLabelRequest,
    GetScriptRequest, GetVersionRequest, Label, ListLabelHistoryRequest, ListLabelsRequest, ProtectLabelRequest,
    SetLabelRequest, UpdateScriptRequest, delete_label_request, get_label_request, list_label_history_request,
    list_labels_request, protect_label_request, set_label_request,
};
use agentbase_testkit::{
    AppOptions, Backend, TestApp, backend_tests,
    fixtures::TECHNIQUE,
    spawn_app, spawn_app_with,
    tokens::{jwt_env, key_dir, with_token},
};
use prost_types::FieldMask;
use sea_orm::{ConnectionTrait, DatabaseBackend, Statement};
use tonic::{Code, Status};

use super::project_service::{SESSION, create_project, publish, save, working_copy};

pub(crate) fn reason(status: &Status) -> String {
    agentbase_testkit::errors::reason_in(status, "scripts.agentbase")
}

pub(crate) fn move_request(project_id: &str, name: &str, version_id: &str, etag: &str) -> SetLabelRequest {
    SetLabelRequest {
        owner: Some(set_label_request::Owner::ProjectId(project_id.into())),
        name: name.into(),
        version_id: version_id.into(),
        reason: format!("promote {version_id}"),
        etag: etag.into(),
        updated_by: "li".into(),
        ..Default::default()
    }
}

/// A project with two published versions: its id and the versions' ids.
pub(crate) async fn project_with_two_versions(app: &mut TestApp) -> (String, String, String) {
    let project = create_project(app, &format!("labelled {}", uuid::Uuid::now_v7())).await;
    save(app, &project.id, working_copy(SESSION)).await;
    let first = publish(app, &project.id, "").await.unwrap();
    save(app, &project.id, working_copy(&SESSION.replace("Opening", "Welcome"))).await;
    let second = publish(app, &project.id, "").await.unwrap();
    (project.id, first.id, second.id)
}

pub(crate) async fn history(
    app: &mut TestApp,
    project_id: &str,
    name: &str,
) -> Vec<agentbase_proto::scripts::v1::LabelMove> {
    app.labels
        .list_label_history(ListLabelHistoryRequest {
            owner: Some(list_label_history_request::Owner::ProjectId(project_id.into())),
            name: name.into(),
            ..Default::default()
        })
        .await
        .unwrap()
        .into_inner()
        .moves
}

async fn version_by_label(app: &mut TestApp, project_id: &str, label: &str) -> Result<String, Status> {
    app.projects
        .get_version(GetVersionRequest {
            project_id: project_id.into(),
            label: label.into(),
            ..Default::default()
        })
        .await
        .map(|version| version.into_inner().id)
}

/// A label moves between versions under its etag, resolves in GetVersion,
/// keeps every move in its history (who, why, from, to), answers a retried
/// request id without moving again, and keeps its project from deletion
/// until it is deleted; the history outlives the project.
async fn labels_move_and_remember(backend: Backend) {
    let mut app = spawn_app(backend).await;
    let (project, v1, v2) = project_with_two_versions(&mut app).await;

    let request_id = uuid::Uuid::now_v7().to_string();
    let first = SetLabelRequest {
        request_id: request_id.clone(),
        ..move_request(&project, "production", &v1, "")
    };
    let label = app.labels.set_label(first.clone()).await.unwrap().into_inner();
    assert_eq!(
        (label.name.as_str(), label.version_id.as_str()),
        ("production", v1.as_str())
    );
    assert!(!label.protected && !label.requires_approval);
    assert_eq!(version_by_label(&mut app, &project, "production").await.unwrap(), v1);
    let replayed = app.labels.set_label(first).await.unwrap().into_inner();
    assert_eq!(replayed, label, "a retried request id moves nothing");

    let stale = app
        .labels
        .set_label(move_request(&project, "production", &v2, "not-the-etag"))
        .await
        .unwrap_err();
    assert_eq!(
        (stale.code(), reason(&stale).as_str()),
        (Code::Aborted, "ETAG_MISMATCH")
    );
    let moved = app
        .labels
        .set_label(move_request(&project, "production", &v2, &label.etag))
        .await
        .unwrap()
        .into_inner();
    assert_eq!(moved.version_id, v2);
    assert_ne!(moved.etag, label.etag);
    assert_eq!(version_by_label(&mut app, &project, "production").await.unwrap(), v2);
    let unchanged = app
        .labels
        .set_label(move_request(&project, "production", &v2, ""))
        .await
        .unwrap()
        .into_inner();
    assert_eq!(unchanged, moved, "a move to where it points changes nothing");

    let moves = history(&mut app, &project, "production").await;
    let seen: Vec<(&str, &str, &str, &str, &str)> = moves
        .iter()
        .map(|m| {
            (
                m.from_version_id.as_str(),
                m.to_version_id.as_str(),
                m.reason.as_str(),
                m.principal.as_str(),
                m.actor.as_str(),
            )
        })
        .collect();
    let (to_v1, to_v2) = (format!("promote {v1}"), format!("promote {v2}"));
    assert_eq!(
        seen,
        [
            (v1.as_str(), v2.as_str(), to_v2.as_str(), "anonymous", "li"),
            ("", v1.as_str(), to_v1.as_str(), "anonymous", "li"),
        ],
        "newest first"
    );
    assert_eq!(moves[1].request_id, request_id);
    assert!(moves[0].sequence > moves[1].sequence);

    let unknown = version_by_label(&mut app, &project, "staging").await.unwrap_err();
    assert_eq!(
        (unknown.code(), reason(&unknown).as_str()),
        (Code::NotFound, "LABEL_NOT_FOUND")
    );
    let bad = app
        .labels
        .set_label(move_request(&project, "Production!", &v1, ""))
        .await
        .unwrap_err();
    assert_eq!(bad.code(), Code::InvalidArgument);
    assert_eq!(agentbase_testkit::errors::violated_fields(&bad), ["name"]);
    let foreign = app
        .labels
        .set_label(move_request(&project, "staging", &uuid::Uuid::now_v7().to_string(), ""))
        .await
        .unwrap_err();
    assert_eq!(reason(&foreign), "VERSION_NOT_FOUND");

    let refused = app
        .projects
        .delete_project(DeleteProjectRequest {
            id: project.clone(),
            etag: String::new(),
        })
        .await
        .unwrap_err();
    assert_eq!(
        (refused.code(), reason(&refused).as_str()),
        (Code::FailedPrecondition, "LABELLED")
    );
    // Below the API as well: the storage refuses to delete the version a
    // label points at, and deletes one no label points at.
    let storage = app.storage_of("scripts").await;
    let delete_version = |id: &str| {
        let backend = storage.get_database_backend();
        let sql = match backend {
            DatabaseBackend::Postgres => "DELETE FROM project_versions WHERE id = $1",
            _ => "DELETE FROM project_versions WHERE id = ?",
        };
        let id = uuid::Uuid::parse_str(id).unwrap();
        storage.execute_raw(Statement::from_sql_and_values(backend, sql, [id.into()]))
    };
    assert!(delete_version(&v2).await.is_err(), "a labelled version stays");
    assert_eq!(delete_version(&v1).await.unwrap().rows_affected(), 1);
    app.labels
        .delete_label(DeleteLabelRequest {
            owner: Some(delete_label_request::Owner::ProjectId(project.clone())),
            name: "production".into(),
            reason: "retired".into(),
            ..Default::default()
        })
        .await
        .unwrap();
    app.projects
        .delete_project(DeleteProjectRequest {
            id: project.clone(),
            etag: String::new(),
        })
        .await
        .unwrap();
    let kept = history(&mut app, &project, "production").await;
    assert_eq!(kept.len(), 3, "the history outlives the label and its project");
    assert_eq!(
        (kept[0].from_version_id.as_str(), kept[0].to_version_id.as_str()),
        (v2.as_str(), "")
    );
    assert_eq!(kept[0].reason, "retired");
}

/// Script labels point at revisions and resolve in GetScript; a labelled
/// script cannot be deleted; ListLabels lists an owner's labels.
async fn script_labels_pin_revisions(backend: Backend) {
    let mut app = spawn_app(backend).await;
    let script = app
        .scripts
        .create_script(CreateScriptRequest {
            name: "labelled".into(),
            author: "li".into(),
            content: TECHNIQUE.into(),
            ..Default::default()
        })
        .await
        .unwrap()
        .into_inner();
    app.scripts
        .update_script(UpdateScriptRequest {
            id: script.id.clone(),
            content: TECHNIQUE.replace("content_template: hi", "content_template: hello"),
            update_mask: Some(FieldMask {
                paths: vec!["content".into()],
            }),
            ..Default::default()
        })
        .await
        .unwrap();
    for (name, revision) in [("staging", 2), ("production", 1)] {
        app.labels
            .set_label(SetLabelRequest {
                owner: Some(set_label_request::Owner::ScriptId(script.id.clone())),
                name: name.into(),
                revision,
                reason: "review".into(),
                ..Default::default()
            })
            .await
            .unwrap();
    }
    let pinned = app
        .scripts
        .get_script(GetScriptRequest {
            selector: Some(agentbase_proto::scripts::v1::get_script_request::Selector::Name(
                "labelled".into(),
            )),
            label: "production".into(),
            ..Default::default()
        })
        .await
        .unwrap()
        .into_inner();
    assert_eq!(pinned.current_revision, 2);
    let revision = pinned.revision.unwrap();
    assert_eq!(revision.revision, 1);
    assert!(revision.content.contains("content_template: hi"));
    let listed = app
        .labels
        .list_labels(ListLabelsRequest {
            owner: Some(list_labels_request::Owner::ScriptId(script.id.clone())),
            page_size: 1,
            ..Default::default()
        })
        .await
        .unwrap()
        .into_inner();
    assert_eq!(listed.labels.len(), 1);
    let rest = app
        .labels
        .list_labels(ListLabelsRequest {
            owner: Some(list_labels_request::Owner::ScriptId(script.id.clone())),
            page_size: 1,
            page_token: listed.next_page_token,
        })
        .await
        .unwrap()
        .into_inner();
    let names: Vec<&str> = listed
        .labels
        .iter()
        .chain(&rest.labels)
        .map(|l| l.name.as_str())
        .collect();
    assert_eq!(names, ["staging", "production"], "oldest first");
    let wrong = app
        .labels
        .set_label(SetLabelRequest {
            owner: Some(set_label_request::Owner::ScriptId(script.id.clone())),
            name: "canary".into(),
            revision: 7,
            reason: "try".into(),
            ..Default::default()
        })
        .await
        .unwrap_err();
    assert_eq!(reason(&wrong), "REVISION_NOT_FOUND");
    let refused = app
        .scripts
        .delete_script(DeleteScriptRequest {
            id: script.id.clone(),
            etag: String::new(),
        })
        .await
        .unwrap_err();
    assert_eq!(reason(&refused), "LABELLED");
}

/// 50 moves of one label racing with the same etag: exactly one wins, the
/// others are ABORTED, and the history holds the one move.
async fn racing_moves_have_one_winner(backend: Backend) {
    let mut app = spawn_app(backend).await;
    let (project, v1, v2) = project_with_two_versions(&mut app).await;
    let label = app
        .labels
        .set_label(move_request(&project, "production", &v1, ""))
        .await
        .unwrap()
        .into_inner();
    let racers: Vec<_> = (0..50)
        .map(|_| {
            let mut labels = app.labels.clone();
            let request = move_request(&project, "production", &v2, &label.etag);
            tokio::spawn(async move { labels.set_label(request).await })
        })
        .collect();
    let mut winners = 0;
    for racer in racers {
        match racer.await.unwrap() {
            Ok(_) => winners += 1,
            Err(status) => assert_eq!(status.code(), Code::Aborted, "{status:?}"),
        }
    }
    assert_eq!(winners, 1);
    assert_eq!(history(&mut app, &project, "production").await.len(), 2);
}

/// A protected label moves only for tokens granting `scripts.promote`; the
/// refusal is PERMISSION_DENIED, names the scope and is audited.
async fn protected_labels_need_promote(backend: Backend) {
    let dir = key_dir();
    let mut app = spawn_app_with(
        backend,
        AppOptions {
            env: jwt_env(&dir, None),
            ..Default::default()
        },
    )
    .await;
    let writer = ["scripts.read", "scripts.write", "scripts.publish"];
    let promoter = ["scripts.read", "scripts.write", "scripts.publish", "scripts.promote"];
    let project = app
        .projects
        .create_project(with_token(
            &writer,
            agentbase_proto::scripts::v1::CreateProjectRequest {
                name: "guarded".into(),
                ..Default::default()
            },
        ))
        .await
        .unwrap()
        .into_inner();
    app.projects
        .save_draft(with_token(
            &writer,
            agentbase_proto::scripts::v1::SaveDraftRequest {
                project_id: project.id.clone(),
                files: working_copy(SESSION),
                updated_by: "li".into(),
                ..Default::default()
            },
        ))
        .await
        .unwrap();
    let version = app
        .projects
        .publish_version(with_token(
            &writer,
            agentbase_proto::scripts::v1::PublishVersionRequest {
                project_id: project.id.clone(),
                published_by: "li".into(),
                ..Default::default()
            },
        ))
        .await
        .unwrap()
        .into_inner();
    let set = |scopes: &[&str]| with_token(scopes, move_request(&project.id, "production", &version.id, ""));
    let label: Label = app.labels.set_label(set(&writer)).await.unwrap().into_inner();
    let protect = ProtectLabelRequest {
        owner: Some(protect_label_request::Owner::ProjectId(project.id.clone())),
        name: "production".into(),
        protected: true,
        ..Default::default()
    };
    let denied = app
        .labels
        .protect_label(with_token(&writer, protect.clone()))
        .await
        .unwrap_err();
    assert_eq!(denied.code(), Code::PermissionDenied);
    let protected = app
        .labels
        .protect_label(with_token(&promoter, protect))
        .await
        .unwrap()
        .into_inner();
    assert!(protected.protected);
    assert_ne!(protected.etag, label.etag);
    let denied = app.labels.set_label(set(&writer)).await.unwrap_err();
    assert_eq!(
        (denied.code(), reason(&denied).as_str()),
        (Code::PermissionDenied, "LABEL_PROTECTED")
    );
    let allowed = app.labels.set_label(set(&promoter)).await.unwrap().into_inner();
    assert_eq!(allowed, protected, "already there: nothing moves");

    let delete = DeleteLabelRequest {
        owner: Some(delete_label_request::Owner::ProjectId(project.id.clone())),
        name: "production".into(),
        reason: "retire".into(),
        ..Default::default()
    };
    let denied = app.labels.delete_label(with_token(&writer, delete)).await.unwrap_err();
    assert_eq!(
        (denied.code(), reason(&denied).as_str()),
        (Code::PermissionDenied, "LABEL_PROTECTED")
    );
    let get = GetLabelRequest {
        owner: Some(get_label_request::Owner::ProjectId(project.id.clone())),
        name: "production".into(),
    };
    let still = app
        .labels
        .get_label(with_token(&writer, get))
        .await
        .unwrap()
        .into_inner();
    assert_eq!(still, protected, "the refused delete changed nothing");

    let events = app
        .scripts
        .list_audit_events(with_token(
            &["scripts.admin"],
            agentbase_proto::audit::v1::ListAuditEventsRequest {
                resource_type: "label".into(),
                ..Default::default()
            },
        ))
        .await
        .unwrap()
        .into_inner()
        .events;
    let refusals: Vec<(&str, &str, &str)> = events
        .iter()
        .filter(|e| e.outcome != "OK")
        .map(|e| (e.method.as_str(), e.outcome.as_str(), e.resource_id.as_str()))
        .collect();
    assert!(
        refusals.contains(&(
            "agentbase.scripts.v1.LabelService/DeleteLabel",
            "PERMISSION_DENIED",
            project.id.as_str()
        )),
        "{refusals:?}"
    );
    assert!(
        refusals.contains(&(
            "agentbase.scripts.v1.LabelService/SetLabel",
            "PERMISSION_DENIED",
            project.id.as_str()
        )),
        "{refusals:?}"
    );
    assert!(
        refusals.contains(&(
            "agentbase.scripts.v1.LabelService/ProtectLabel",
            "PERMISSION_DENIED",
            project.id.as_str()
        )),
        "{refusals:?}"
    );
    let _ = std::fs::remove_dir_all(&dir);
}

backend_tests!(
    labels_move_and_remember,
    script_labels_pin_revisions,
    racing_moves_have_one_winner,
    protected_labels_need_promote
);

// Through PgBouncer in transaction mode too (docs/OPERATIONS.md, "Transaction pooling").
agentbase_testkit::pooled_tests!(labels_move_and_remember, racing_moves_have_one_winner);
