//! Documents built to hurt: nesting past the limit and alias bombs are
//! refused by every RPC that takes YAML, nothing of them is stored, and the
//! reads that used to break for every caller keep working. A document at the
//! limit is served in full and a stock protobuf client (prost, recursion
//! limit 100) decodes it.

use std::time::{Duration, Instant};

use agentbase_platform::intake::MAX_DOCUMENT_DEPTH;
use agentbase_proto::scripts::v1::{
    CreateProjectFileRequest, CreateProjectRequest, CreateScriptRequest, DraftFile, GetDraftRequest, GetScriptRequest,
    ListProjectFilesRequest, ListScriptRevisionsRequest, ListScriptsRequest, ProjectFileType, SaveDraftRequest, Script,
    ScriptView, UpdateProjectFileRequest, UpdateScriptRequest, ValidateScriptRequest, get_script_request::Selector,
};
use agentbase_testkit::fixtures::TECHNIQUE;
use agentbase_testkit::{Backend, TestApp, backend_tests, spawn_app};
use prost_types::FieldMask;
use tonic::{Code, Status};

/// `x: ` and `levels` nested lists: the document of the original report at 130.
fn nested_lists(levels: usize) -> String {
    format!(
        "technique_id: deep\ntopic:\n  topic_id: t\n  actions:\n    - {{action_type: ai_say, action_id: a, config: {{content_template: hi}}}}\nx: {}{}\n",
        "[".repeat(levels),
        "]".repeat(levels)
    )
}

/// Ten anchors of ten aliases each: a billion nodes once expanded.
fn billion_laughs() -> String {
    let mut text = String::from("technique_id: lol\na0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
    for i in 1..10 {
        let p = i - 1;
        let aliases = vec![format!("*a{p}"); 10].join(", ");
        text.push_str(&format!("a{i}: &a{i} [{aliases}]\n"));
    }
    text
}

async fn create_script(app: &mut TestApp, name: &str, content: String) -> Result<Script, Status> {
    let request = CreateScriptRequest {
        name: name.into(),
        author: "li".into(),
        content,
        ..Default::default()
    };
    app.scripts
        .create_script(request)
        .await
        .map(tonic::Response::into_inner)
}

/// The script with its current revision in full (content and parsed form).
async fn get_full(app: &mut TestApp, id: &str) -> Script {
    let request = GetScriptRequest {
        selector: Some(Selector::Id(id.to_owned())),
        view: ScriptView::Full as i32,
        ..Default::default()
    };
    app.scripts.get_script(request).await.unwrap().into_inner()
}

fn assert_refused(status: &Status, field: &str) {
    assert_eq!(status.code(), Code::InvalidArgument, "{status:?}");
    let violations = agentbase_testkit::errors::violations(status);
    assert!(
        violations
            .iter()
            .any(|(f, d)| f == field && d.contains("line") && d.contains("column")),
        "{field}: {violations:?}"
    );
    assert!(status.message().len() < 400, "short message: {}", status.message());
}

async fn script_count(app: &mut TestApp) -> usize {
    let request = ListScriptsRequest {
        view: ScriptView::Full as i32,
        page_size: 50,
        ..Default::default()
    };
    app.scripts
        .list_scripts(request)
        .await
        .unwrap()
        .into_inner()
        .scripts
        .len()
}

async fn scripts_refuse_hostile_documents(backend: Backend) {
    let mut app = spawn_app(backend).await;
    let kept = create_script(&mut app, "kept", TECHNIQUE.to_owned()).await.unwrap();
    for (label, document) in [("nested", nested_lists(130)), ("laughs", billion_laughs())] {
        let started = Instant::now();
        let status = create_script(&mut app, &format!("hostile-{label}"), document.clone())
            .await
            .unwrap_err();
        assert_refused(&status, "content");
        assert!(started.elapsed() < Duration::from_secs(2), "{label} refused quickly");

        let status = app
            .scripts
            .update_script(UpdateScriptRequest {
                id: kept.id.clone(),
                content: document.clone(),
                update_mask: Some(FieldMask {
                    paths: vec!["content".into()],
                }),
                ..Default::default()
            })
            .await
            .unwrap_err();
        assert_refused(&status, "content");

        let status = app
            .scripts
            .validate_script(ValidateScriptRequest {
                content: document,
                ..Default::default()
            })
            .await
            .unwrap_err();
        assert_refused(&status, "content");
    }
    // Nothing was stored: one script, one revision, and FULL reads work.
    assert_eq!(script_count(&mut app).await, 1);
    let revisions = app
        .scripts
        .list_script_revisions(ListScriptRevisionsRequest {
            script_id: kept.id.clone(),
            ..Default::default()
        })
        .await
        .unwrap()
        .into_inner()
        .revisions;
    assert_eq!(revisions.len(), 1);
}

async fn documents_at_the_limit_reach_stock_clients(backend: Backend) {
    let mut app = spawn_app(backend).await;
    // The root mapping is one level: MAX_DOCUMENT_DEPTH - 1 lists fit, one more does not.
    let deepest = format!(
        "{TECHNIQUE}x: {}{}\ny: {}\n",
        "[".repeat(MAX_DOCUMENT_DEPTH - 1),
        "]".repeat(MAX_DOCUMENT_DEPTH - 1),
        // Mappings cost a stock client more levels than lists (Struct → entry → Value).
        (0..MAX_DOCUMENT_DEPTH - 1).fold("1".to_owned(), |inner, _| format!("{{k: {inner}}}"))
    );
    let created = create_script(&mut app, "at-the-limit", deepest).await.unwrap();
    // The generated client decodes with prost's default recursion limit of 100.
    let fetched = get_full(&mut app, &created.id).await;
    assert!(fetched.revision.unwrap().parsed_content.is_some());
    assert_eq!(script_count(&mut app).await, 1);

    let status = create_script(
        &mut app,
        "past-the-limit",
        format!(
            "{TECHNIQUE}x: {}{}\n",
            "[".repeat(MAX_DOCUMENT_DEPTH),
            "]".repeat(MAX_DOCUMENT_DEPTH)
        ),
    )
    .await
    .unwrap_err();
    assert_refused(&status, "content");
}

async fn projects_refuse_hostile_documents(backend: Backend) {
    let mut app = spawn_app(backend).await;
    let project = app
        .projects
        .create_project(CreateProjectRequest {
            name: "p".into(),
            author: "li".into(),
            ..Default::default()
        })
        .await
        .unwrap()
        .into_inner();
    let files = |app: &mut TestApp| {
        let mut client = app.projects.clone();
        let project_id = project.id.clone();
        async move {
            client
                .list_project_files(ListProjectFilesRequest {
                    project_id,
                    ..Default::default()
                })
                .await
                .unwrap()
                .into_inner()
                .files
        }
    };
    let before = files(&mut app).await;
    let global = before
        .iter()
        .find(|f| f.file_type == ProjectFileType::Global as i32)
        .unwrap()
        .clone();
    let draft = app
        .projects
        .get_draft(GetDraftRequest {
            project_id: project.id.clone(),
        })
        .await
        .unwrap()
        .into_inner();

    for document in [nested_lists(130), billion_laughs()] {
        let status = app
            .projects
            .create_project_file(CreateProjectFileRequest {
                project_id: project.id.clone(),
                file_type: ProjectFileType::Session as i32,
                file_name: "hostile".into(),
                file_path: "sessions/hostile.yaml".into(),
                text: document.clone(),
                updated_by: "li".into(),
            })
            .await
            .unwrap_err();
        assert_refused(&status, "text");

        let status = app
            .projects
            .update_project_file(UpdateProjectFileRequest {
                project_id: project.id.clone(),
                file_id: global.id.clone(),
                text: document.clone(),
                update_mask: Some(FieldMask {
                    paths: vec!["text".into()],
                }),
                updated_by: "li".into(),
                ..Default::default()
            })
            .await
            .unwrap_err();
        assert_refused(&status, "text");

        let mut working_copy: Vec<DraftFile> = draft
            .files
            .iter()
            .map(|f| DraftFile {
                file_type: f.file_type,
                file_name: f.file_name.clone(),
                file_path: f.file_path.clone(),
                text: f.text.clone(),
            })
            .collect();
        let index = working_copy
            .iter()
            .position(|f| f.file_type == ProjectFileType::Global as i32)
            .unwrap();
        working_copy[index].text = document;
        let status = app
            .projects
            .save_draft(SaveDraftRequest {
                project_id: project.id.clone(),
                files: working_copy,
                etag: draft.etag.clone(),
                updated_by: "li".into(),
            })
            .await
            .unwrap_err();
        assert_refused(&status, &format!("files[{index}].text"));
    }
    // Nothing was stored, and the reads that broke for everyone still answer.
    let after = files(&mut app).await;
    assert_eq!(after, before);
    let unchanged = app
        .projects
        .get_draft(GetDraftRequest {
            project_id: project.id.clone(),
        })
        .await
        .unwrap()
        .into_inner();
    assert_eq!(unchanged.etag, draft.etag);
}

/// Rows stored before the limit existed (planted here with SQL, as an older
/// version could write them) are served without their parsed form: the
/// script with a warning, the project file with its text only.
async fn rows_stored_beyond_the_limit_are_served_without_their_parsed_form(backend: Backend) {
    let mut app = spawn_app(backend).await;
    let script = create_script(&mut app, "legacy", TECHNIQUE.to_owned()).await.unwrap();
    let project = app
        .projects
        .create_project(CreateProjectRequest {
            name: "legacy".into(),
            author: "li".into(),
            ..Default::default()
        })
        .await
        .unwrap()
        .into_inner();
    // 200 levels: past serde_json's own limit of 128 and any stock client's.
    let deep = format!("{{\"x\": {}1{}}}", "[".repeat(200), "]".repeat(200));
    let storage = app.storage_of("scripts").await;
    let (cast, placeholder) = match backend {
        Backend::Postgres | Backend::Pooled => ("::jsonb", "$1"),
        Backend::Sqlite => ("", "?"),
    };
    for sql in [
        format!("UPDATE script_revisions SET parsed_content = {placeholder}{cast}"),
        format!("UPDATE project_files SET content = {placeholder}{cast}"),
    ] {
        use sea_orm::ConnectionTrait;
        storage
            .execute_raw(sea_orm::Statement::from_sql_and_values(
                storage.get_database_backend(),
                sql,
                [deep.clone().into()],
            ))
            .await
            .unwrap();
    }

    let fetched = get_full(&mut app, &script.id).await;
    let revision = fetched.revision.unwrap();
    assert!(revision.parsed_content.is_none());
    assert_eq!(revision.content, TECHNIQUE, "the text is served as stored");
    assert!(
        revision.warnings.iter().any(|w| w.code == "DOCUMENT_TOO_DEEP"),
        "{:?}",
        revision.warnings
    );
    assert_eq!(script_count(&mut app).await, 1, "FULL pages keep working");

    let draft = app
        .projects
        .get_draft(GetDraftRequest {
            project_id: project.id.clone(),
        })
        .await
        .unwrap()
        .into_inner();
    assert!(!draft.files.is_empty());
    assert!(draft.files.iter().all(|f| f.content.is_none()), "no parsed form served");
    app.projects
        .list_project_files(ListProjectFilesRequest {
            project_id: project.id.clone(),
            ..Default::default()
        })
        .await
        .unwrap();
}

backend_tests!(
    scripts_refuse_hostile_documents,
    documents_at_the_limit_reach_stock_clients,
    projects_refuse_hostile_documents,
    rows_stored_beyond_the_limit_are_served_without_their_parsed_form,
);
