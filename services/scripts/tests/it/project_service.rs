//! ProjectService through the generated client against PostgreSQL and SQLite:
//! projects, files, the validated draft, publish, rollback and diff.

use std::collections::HashSet;

use agentbase_proto::scripts::v1::{
    ArchiveProjectRequest, CopyProjectRequest, CreateProjectFileRequest, CreateProjectRequest,
    DeleteProjectFileRequest, DeleteProjectRequest, DeprecateProjectRequest, DiffSide, DiffVersionsRequest, DraftFile,
    DraftValidationStatus, FileChange, GetDraftRequest, GetProjectFileRequest, GetProjectRequest, GetVersionRequest,
    ListProjectFilesRequest, ListProjectsRequest, ListVersionsRequest, Project, ProjectFileType, ProjectStatus,
    PublishVersionRequest, RestoreProjectRequest, RollbackToVersionRequest, SaveDraftRequest, UpdateProjectFileRequest,
    UpdateProjectRequest, diff_side::Side,
};
use agentbase_testkit::{Backend, TestApp, backend_tests, spawn_app};
use prost_types::FieldMask;
use tonic::{Code, Status};
use tonic_types::StatusExt;

pub(crate) const SESSION: &str = "\
session:
  session_id: intake
  phases:
    - phase_id: opening
      phase_name: Opening
      topics:
        - topic_id: hello
          actions:
            - {action_type: ai_say, action_id: a1, config: {content_template: 'Hi ${client_name}'}}
";

fn reason(status: &Status) -> String {
    agentbase_testkit::errors::reason_in(status, "scripts.agentbase")
}

fn fields(status: &Status) -> Vec<String> {
    agentbase_testkit::errors::violated_fields(status)
}

pub(crate) async fn create_project(app: &mut TestApp, name: &str) -> Project {
    let request = CreateProjectRequest {
        name: name.into(),
        author: "li".into(),
        ..Default::default()
    };
    app.projects.create_project(request).await.unwrap().into_inner()
}

pub(crate) fn draft_file(file_type: ProjectFileType, name: &str, path: &str, text: &str) -> DraftFile {
    DraftFile {
        file_type: file_type as i32,
        file_name: name.into(),
        file_path: path.into(),
        text: text.into(),
    }
}

pub(crate) fn working_copy(session_text: &str) -> Vec<DraftFile> {
    vec![
        draft_file(
            ProjectFileType::Global,
            "global",
            "config/global.yaml",
            "variables:\n  client_name: ''\n",
        ),
        draft_file(
            ProjectFileType::Roles,
            "roles",
            "config/roles.yaml",
            "roles: [counsellor]\n",
        ),
        draft_file(ProjectFileType::Skills, "skills", "", "skills: []\n"),
        draft_file(ProjectFileType::Session, "intake", "sessions/intake.yaml", session_text),
        draft_file(
            ProjectFileType::Template,
            "letter",
            "templates/letter.md",
            "# Dear {{ name }}\n",
        ),
    ]
}

pub(crate) async fn save(
    app: &mut TestApp,
    project_id: &str,
    files: Vec<DraftFile>,
) -> agentbase_proto::scripts::v1::Draft {
    let request = SaveDraftRequest {
        project_id: project_id.into(),
        files,
        etag: String::new(),
        updated_by: "li".into(),
    };
    app.projects.save_draft(request).await.unwrap().into_inner()
}

pub(crate) async fn publish(
    app: &mut TestApp,
    project_id: &str,
    number: &str,
) -> Result<agentbase_proto::scripts::v1::ProjectVersion, Status> {
    let request = PublishVersionRequest {
        project_id: project_id.into(),
        version_number: number.into(),
        published_by: "li".into(),
        ..Default::default()
    };
    app.projects.publish_version(request).await.map(|r| r.into_inner())
}

pub(crate) async fn get_project(app: &mut TestApp, id: &str) -> Project {
    app.projects
        .get_project(GetProjectRequest { id: id.into() })
        .await
        .unwrap()
        .into_inner()
}

async fn projects_are_created_listed_and_updated(backend: Backend) {
    let mut app = spawn_app(backend).await;
    let request = CreateProjectRequest {
        name: "Counselling 咨询".into(),
        description: "抑郁 screening flow".into(),
        author: "li".into(),
        tags: vec!["cbt".into()],
        engine_version: "2.1".into(),
        request_id: uuid::Uuid::now_v7().to_string(),
        ..Default::default()
    };
    let project = app.projects.create_project(request.clone()).await.unwrap().into_inner();
    assert_eq!(project.file_count, 3, "global, roles and skills");
    assert_eq!(project.draft_status, DraftValidationStatus::Valid as i32);
    assert_eq!(project.status, ProjectStatus::Draft as i32);
    assert_eq!(
        app.projects.create_project(request).await.unwrap().into_inner().id,
        project.id,
        "idempotent"
    );
    let files = app
        .projects
        .list_project_files(ListProjectFilesRequest {
            project_id: project.id.clone(),
            ..Default::default()
        })
        .await
        .unwrap();
    let names: Vec<_> = files.into_inner().files.into_iter().map(|f| f.file_name).collect();
    assert_eq!(names, ["global", "roles", "skills"]);
    create_project(&mut app, "other").await;

    let query = |q: &str| ListProjectsRequest {
        query: q.into(),
        ..Default::default()
    };
    for (request, expected) in [
        (query("咨询"), 1),
        (query("抑郁"), 1),
        (query("COUNSELLING"), 1),
        (
            ListProjectsRequest {
                tag: "cbt".into(),
                ..Default::default()
            },
            1,
        ),
        (
            ListProjectsRequest {
                author: "li".into(),
                ..Default::default()
            },
            2,
        ),
        (ListProjectsRequest::default(), 2),
    ] {
        let page = app.projects.list_projects(request.clone()).await.unwrap().into_inner();
        assert_eq!(page.projects.len(), expected, "{request:?}");
        assert!(page.projects.iter().all(|p| p.file_count == 3));
    }

    let update = UpdateProjectRequest {
        id: project.id.clone(),
        description: "new".into(),
        engine_version_min: "2.0".into(),
        update_mask: Some(FieldMask {
            paths: vec!["description".into(), "engine_version_min".into()],
        }),
        etag: project.etag.clone(),
        ..Default::default()
    };
    let updated = app.projects.update_project(update.clone()).await.unwrap().into_inner();
    assert_eq!(
        (updated.description.as_str(), updated.engine_version_min.as_str()),
        ("new", "2.0")
    );
    assert_eq!(updated.name, project.name);
    let status = app.projects.update_project(update).await.unwrap_err();
    assert_eq!(
        (status.code(), reason(&status).as_str()),
        (Code::Aborted, "ETAG_MISMATCH")
    );
    let bad = UpdateProjectRequest {
        id: project.id.clone(),
        update_mask: Some(FieldMask {
            paths: vec!["status".into()],
        }),
        ..Default::default()
    };
    assert_eq!(
        fields(&app.projects.update_project(bad).await.unwrap_err()),
        ["update_mask"]
    );
    let missing = app
        .projects
        .get_project(GetProjectRequest {
            id: uuid::Uuid::now_v7().to_string(),
        })
        .await
        .unwrap_err();
    assert_eq!(reason(&missing), "PROJECT_NOT_FOUND");
}

async fn file_changes_revalidate_the_draft(backend: Backend) {
    let mut app = spawn_app(backend).await;
    let project = create_project(&mut app, "files").await;
    let new_file = |file_type: ProjectFileType, name: &str, path: &str, text: &str| CreateProjectFileRequest {
        project_id: project.id.clone(),
        file_type: file_type as i32,
        file_name: name.into(),
        file_path: path.into(),
        text: text.into(),
        updated_by: "wang".into(),
    };
    let session = app
        .projects
        .create_project_file(new_file(ProjectFileType::Session, "intake", "s/intake.yaml", SESSION))
        .await
        .unwrap()
        .into_inner();
    assert!(session.content.is_some(), "YAML parsed into content");
    let template = app
        .projects
        .create_project_file(new_file(ProjectFileType::Template, "mail", "", "a: [ not yaml"))
        .await
        .unwrap()
        .into_inner();
    assert!(template.content.is_none(), "templates are kept as text");

    let broken = app
        .projects
        .create_project_file(new_file(ProjectFileType::Rules, "rules", "", "rules: [\n"))
        .await
        .unwrap()
        .into_inner();
    let draft = app
        .projects
        .get_draft(GetDraftRequest {
            project_id: project.id.clone(),
        })
        .await
        .unwrap()
        .into_inner();
    assert_eq!(draft.validation_status, DraftValidationStatus::Invalid as i32);
    assert_eq!(draft.updated_by, "wang");
    let error = &draft.errors[0];
    assert_eq!(error.file_name, "rules");
    let issue = error.issue.as_ref().unwrap();
    assert_eq!(issue.code, "YAML_SYNTAX");
    assert!(issue.line >= 1 && issue.column >= 1);
    // ${client_name} is not a global yet: a warning on the session file.
    assert!(
        draft
            .warnings
            .iter()
            .any(|w| w.file_name == "intake" && w.issue.as_ref().unwrap().code == "UNRESOLVED_VARIABLE")
    );
    assert_eq!(
        get_project(&mut app, &project.id).await.draft_status,
        DraftValidationStatus::Invalid as i32
    );

    let fix = UpdateProjectFileRequest {
        project_id: project.id.clone(),
        file_id: broken.id.clone(),
        text: "rules: []\n".into(),
        etag: broken.etag.clone(),
        ..Default::default()
    };
    app.projects.update_project_file(fix.clone()).await.unwrap();
    assert_eq!(
        app.projects.update_project_file(fix).await.unwrap_err().code(),
        Code::Aborted,
        "stale file etag"
    );
    assert_eq!(
        get_project(&mut app, &project.id).await.draft_status,
        DraftValidationStatus::Valid as i32
    );

    let same_name = app
        .projects
        .create_project_file(new_file(ProjectFileType::Session, "intake", "", SESSION))
        .await
        .unwrap_err();
    assert_eq!(
        (same_name.code(), reason(&same_name).as_str()),
        (Code::AlreadyExists, "FILE_NAME_TAKEN")
    );
    let same_path = app
        .projects
        .create_project_file(new_file(ProjectFileType::Forms, "f", "s/intake.yaml", "a: 1\n"))
        .await
        .unwrap_err();
    assert_eq!(
        (same_path.code(), reason(&same_path).as_str()),
        (Code::AlreadyExists, "FILE_PATH_TAKEN")
    );
    let too_big = new_file(ProjectFileType::Forms, "big", "", &"x".repeat(1024 * 1024 + 1));
    assert_eq!(
        fields(&app.projects.create_project_file(too_big).await.unwrap_err()),
        ["text"]
    );
    let long_name = new_file(ProjectFileType::Forms, &"n".repeat(256), "", "a: 1\n");
    assert_eq!(
        fields(&app.projects.create_project_file(long_name).await.unwrap_err()),
        ["file_name"]
    );
    let no_type = new_file(ProjectFileType::Unspecified, "x", "", "a: 1\n");
    assert_eq!(
        fields(&app.projects.create_project_file(no_type).await.unwrap_err()),
        ["file_type"]
    );

    let get = GetProjectFileRequest {
        project_id: project.id.clone(),
        file_id: template.id.clone(),
    };
    assert_eq!(
        app.projects
            .get_project_file(get.clone())
            .await
            .unwrap()
            .into_inner()
            .text,
        "a: [ not yaml"
    );
    let delete = DeleteProjectFileRequest {
        project_id: project.id.clone(),
        file_id: template.id.clone(),
        ..Default::default()
    };
    app.projects.delete_project_file(delete).await.unwrap();
    assert_eq!(
        reason(&app.projects.get_project_file(get).await.unwrap_err()),
        "FILE_NOT_FOUND"
    );
    assert_eq!(get_project(&mut app, &project.id).await.file_count, 5);
}

async fn publish_requires_a_valid_changed_draft(backend: Backend) {
    let mut app = spawn_app(backend).await;
    let project = create_project(&mut app, "publishing").await;
    let broken = SESSION.replace("action_type: ai_say, ", "");
    save(&mut app, &project.id, working_copy(&broken)).await;

    let status = publish(&mut app, &project.id, "").await.unwrap_err();
    assert_eq!(
        (status.code(), reason(&status).as_str()),
        (Code::FailedPrecondition, "DRAFT_INVALID")
    );
    let violations = status.get_details_precondition_failure().unwrap().violations;
    assert_eq!(violations[0].subject, "session/intake");
    assert!(violations[0].description.contains("action_type"), "{violations:?}");

    save(&mut app, &project.id, working_copy(SESSION)).await;
    let first = publish(&mut app, &project.id, "").await.unwrap();
    assert_eq!(first.version_number, "1.0.0");
    assert_eq!(first.files.len(), 5);
    let status = publish(&mut app, &project.id, "").await.unwrap_err();
    assert_eq!(reason(&status), "NO_CHANGES");

    save(
        &mut app,
        &project.id,
        working_copy(&SESSION.replace("Opening", "Welcome")),
    )
    .await;
    let status = publish(&mut app, &project.id, "1.0.0").await.unwrap_err();
    assert_eq!(
        (status.code(), reason(&status).as_str()),
        (Code::FailedPrecondition, "VERSION_NOT_GREATER")
    );
    assert_eq!(
        fields(&publish(&mut app, &project.id, "1.0").await.unwrap_err()),
        ["version_number"]
    );
    let second = publish(&mut app, &project.id, "").await.unwrap();
    assert_eq!(second.version_number, "1.0.1", "latest patch + 1");

    save(
        &mut app,
        &project.id,
        working_copy(&SESSION.replace("Opening", "Hello")),
    )
    .await;
    let request = PublishVersionRequest {
        project_id: project.id.clone(),
        version_number: "1.10.0".into(),
        published_by: "li".into(),
        request_id: uuid::Uuid::now_v7().to_string(),
        ..Default::default()
    };
    let third = app
        .projects
        .publish_version(request.clone())
        .await
        .unwrap()
        .into_inner();
    assert_eq!(
        app.projects.publish_version(request).await.unwrap().into_inner().id,
        third.id,
        "idempotent"
    );
    save(&mut app, &project.id, working_copy(&SESSION.replace("Opening", "Hey"))).await;
    assert_eq!(
        publish(&mut app, &project.id, "").await.unwrap().version_number,
        "1.10.1",
        "semver order, not text"
    );

    let current = get_project(&mut app, &project.id).await;
    assert_eq!(
        (current.status, current.current_version_number.as_str()),
        (ProjectStatus::Published as i32, "1.10.1")
    );
    let versions = app
        .projects
        .list_versions(ListVersionsRequest {
            project_id: project.id.clone(),
            page_size: 2,
            ..Default::default()
        })
        .await
        .unwrap()
        .into_inner();
    let numbers: Vec<_> = versions.versions.iter().map(|v| v.version_number.as_str()).collect();
    assert_eq!(numbers, ["1.10.1", "1.10.0"], "newest first");
    assert!(
        versions
            .versions
            .iter()
            .all(|v| v.files.is_empty() && v.file_count == 5)
    );
    let rest = ListVersionsRequest {
        project_id: project.id.clone(),
        page_token: versions.next_page_token,
        ..Default::default()
    };
    let numbers: Vec<_> = app
        .projects
        .list_versions(rest)
        .await
        .unwrap()
        .into_inner()
        .versions
        .into_iter()
        .map(|v| v.version_number)
        .collect();
    assert_eq!(numbers, ["1.0.1", "1.0.0"]);
    let no_actor = PublishVersionRequest {
        project_id: project.id.clone(),
        ..Default::default()
    };
    assert_eq!(
        fields(&app.projects.publish_version(no_actor).await.unwrap_err()),
        ["published_by"]
    );
}

async fn save_draft_is_guarded_by_the_draft_etag(backend: Backend) {
    let mut app = spawn_app(backend).await;
    let project = create_project(&mut app, "drafts").await;
    let draft = app
        .projects
        .get_draft(GetDraftRequest {
            project_id: project.id.clone(),
        })
        .await
        .unwrap()
        .into_inner();

    let writers: Vec<_> = (0..6)
        .map(|i| {
            let mut client = app.projects.clone();
            let request = SaveDraftRequest {
                project_id: project.id.clone(),
                files: working_copy(&SESSION.replace("Opening", &format!("Writer {i}"))),
                etag: draft.etag.clone(),
                updated_by: format!("writer-{i}"),
            };
            tokio::spawn(async move { client.save_draft(request).await })
        })
        .collect();
    let mut winners = Vec::new();
    for writer in writers {
        match writer.await.unwrap() {
            Ok(saved) => winners.push(saved.into_inner().updated_by),
            Err(status) => assert_eq!(status.code(), Code::Aborted, "{status:?}"),
        }
    }
    assert_eq!(winners.len(), 1, "one save wins, the others are told");
    let after = app
        .projects
        .get_draft(GetDraftRequest {
            project_id: project.id.clone(),
        })
        .await
        .unwrap()
        .into_inner();
    assert_eq!(after.updated_by, winners[0]);
    assert_eq!(after.files.len(), 5);

    let stale = SaveDraftRequest {
        project_id: project.id.clone(),
        files: vec![],
        etag: draft.etag,
        updated_by: "late".into(),
    };
    assert_eq!(
        reason(&app.projects.save_draft(stale).await.unwrap_err()),
        "ETAG_MISMATCH"
    );
    let unchanged = app
        .projects
        .get_draft(GetDraftRequest {
            project_id: project.id.clone(),
        })
        .await
        .unwrap()
        .into_inner();
    assert_eq!(unchanged, after, "a refused save changes nothing");

    let mut duplicate = working_copy(SESSION);
    duplicate.push(draft_file(ProjectFileType::Roles, "roles", "", "roles: []\n"));
    let request = SaveDraftRequest {
        project_id: project.id.clone(),
        files: duplicate,
        etag: String::new(),
        updated_by: String::new(),
    };
    assert_eq!(
        fields(&app.projects.save_draft(request).await.unwrap_err()),
        ["files[5].file_name"]
    );
    let too_many = (0..201)
        .map(|i| draft_file(ProjectFileType::Forms, &format!("f{i}"), "", "a: 1\n"))
        .collect();
    let request = SaveDraftRequest {
        project_id: project.id.clone(),
        files: too_many,
        etag: String::new(),
        updated_by: String::new(),
    };
    assert_eq!(fields(&app.projects.save_draft(request).await.unwrap_err()), ["files"]);

    let emptied = save(&mut app, &project.id, vec![]).await;
    assert_eq!(emptied.validation_status, DraftValidationStatus::Invalid as i32);
    let codes: HashSet<_> = emptied
        .errors
        .iter()
        .map(|e| e.issue.as_ref().unwrap().code.clone())
        .collect();
    assert_eq!(codes, HashSet::from(["MISSING_DEFAULT_FILE".to_owned()]));
}

async fn rollback_restores_the_working_copy_exactly(backend: Backend) {
    let mut app = spawn_app(backend).await;
    let project = create_project(&mut app, "rollback").await;
    save(&mut app, &project.id, working_copy(SESSION)).await;
    let v1 = publish(&mut app, &project.id, "").await.unwrap();

    let mut changed = working_copy(&SESSION.replace("Opening", "Changed"));
    changed.retain(|f| f.file_name != "letter");
    changed[1].file_path = "moved/roles.yaml".into();
    changed.push(draft_file(
        ProjectFileType::Forms,
        "consent",
        "forms/consent.yaml",
        "fields: [name]\n",
    ));
    save(&mut app, &project.id, changed).await;
    let v2 = publish(&mut app, &project.id, "").await.unwrap();

    let other = create_project(&mut app, "elsewhere").await;
    let foreign = RollbackToVersionRequest {
        project_id: other.id.clone(),
        version_id: v1.id.clone(),
        published_by: "li".into(),
        ..Default::default()
    };
    assert_eq!(
        reason(&app.projects.rollback_to_version(foreign).await.unwrap_err()),
        "VERSION_NOT_FOUND"
    );
    let before = app
        .projects
        .get_draft(GetDraftRequest {
            project_id: project.id.clone(),
        })
        .await
        .unwrap()
        .into_inner();
    let no_actor = RollbackToVersionRequest {
        project_id: project.id.clone(),
        version_id: v1.id.clone(),
        ..Default::default()
    };
    assert_eq!(
        fields(&app.projects.rollback_to_version(no_actor).await.unwrap_err()),
        ["published_by"]
    );
    let after_failure = app
        .projects
        .get_draft(GetDraftRequest {
            project_id: project.id.clone(),
        })
        .await
        .unwrap()
        .into_inner();
    assert_eq!(after_failure, before, "a refused rollback changes nothing");

    let request = RollbackToVersionRequest {
        project_id: project.id.clone(),
        version_id: v1.id.clone(),
        published_by: "zhao".into(),
        ..Default::default()
    };
    let v3 = app.projects.rollback_to_version(request).await.unwrap().into_inner();
    assert!(v3.is_rollback);
    assert_eq!(v3.rollback_from_version_id, v1.id);
    assert_eq!(v3.version_number, "1.0.2");
    assert_eq!(v3.content_sha256, v1.content_sha256);
    assert_ne!(v3.content_sha256, v2.content_sha256);
    let current = get_project(&mut app, &project.id).await;
    assert_eq!(current.current_version_id, v3.id);

    let restored = app
        .projects
        .get_draft(GetDraftRequest {
            project_id: project.id.clone(),
        })
        .await
        .unwrap()
        .into_inner();
    let shape = |files: Vec<(i32, String, String, String)>| {
        let mut files = files;
        files.sort();
        files
    };
    let restored_files = shape(
        restored
            .files
            .into_iter()
            .map(|f| (f.file_type, f.file_name, f.file_path, f.text))
            .collect(),
    );
    let v1_files = shape(
        v1.files
            .into_iter()
            .map(|f| (f.file_type, f.file_name, f.file_path, f.text))
            .collect(),
    );
    assert_eq!(restored_files, v1_files, "types, names, paths and texts restored");
    assert!(restored_files.iter().any(|f| f.2 == "config/roles.yaml"));
    let status = publish(&mut app, &project.id, "").await.unwrap_err();
    assert_eq!(
        reason(&status),
        "NO_CHANGES",
        "the working copy is the current version again"
    );
}

async fn diff_reports_files_and_json_paths(backend: Backend) {
    let mut app = spawn_app(backend).await;
    let project = create_project(&mut app, "diff").await;
    save(&mut app, &project.id, working_copy(SESSION)).await;
    let v1 = publish(&mut app, &project.id, "").await.unwrap();
    let mut next = working_copy(&SESSION.replace("phase_name: Opening", "phase_name: Welcome"));
    next.retain(|f| f.file_name != "letter");
    next.push(draft_file(ProjectFileType::Rules, "safety", "", "rules: [escalate]\n"));
    save(&mut app, &project.id, next).await;

    let side = |side: Side| Some(DiffSide { side: Some(side) });
    let request = DiffVersionsRequest {
        project_id: project.id.clone(),
        from: side(Side::VersionId(v1.id.clone())),
        to: side(Side::WorkingCopy(true)),
    };
    let diff = app.projects.diff_versions(request).await.unwrap().into_inner();
    let change = |name: &str| {
        diff.files
            .iter()
            .find(|f| f.file_name == name)
            .unwrap_or_else(|| panic!("{name} missing"))
    };
    assert_eq!(change("letter").change, FileChange::Removed as i32);
    assert_eq!(change("safety").change, FileChange::Added as i32);
    assert_eq!(change("global").change, FileChange::Unchanged as i32);
    assert_eq!(change("intake").change, FileChange::Modified as i32);
    assert_eq!(change("intake").changed_paths, ["session.phases[0].phase_name"]);

    let v2 = publish(&mut app, &project.id, "").await.unwrap();
    let request = DiffVersionsRequest {
        project_id: project.id.clone(),
        from: side(Side::VersionId(v1.id)),
        to: side(Side::VersionId(v2.id)),
    };
    let between = app.projects.diff_versions(request).await.unwrap().into_inner();
    assert_eq!(between, diff, "the working copy became v2");

    let bad = DiffVersionsRequest {
        project_id: project.id.clone(),
        from: None,
        to: side(Side::WorkingCopy(true)),
    };
    assert_eq!(fields(&app.projects.diff_versions(bad).await.unwrap_err()), ["from"]);
}

async fn copy_archive_deprecate_restore_delete(backend: Backend) {
    let mut app = spawn_app(backend).await;
    let project = create_project(&mut app, "source").await;
    save(&mut app, &project.id, working_copy(SESSION)).await;
    publish(&mut app, &project.id, "").await.unwrap();

    let copy = CopyProjectRequest {
        id: project.id.clone(),
        name: "copy".into(),
        author: "zhao".into(),
    };
    let copy = app.projects.copy_project(copy).await.unwrap().into_inner();
    assert_eq!(
        (copy.status, copy.file_count, copy.author.as_str()),
        (ProjectStatus::Draft as i32, 5, "zhao")
    );
    assert!(copy.current_version_id.is_empty(), "no versions are copied");
    let versions = app
        .projects
        .list_versions(ListVersionsRequest {
            project_id: copy.id.clone(),
            ..Default::default()
        })
        .await
        .unwrap();
    assert!(versions.into_inner().versions.is_empty());
    let source_draft = app
        .projects
        .get_draft(GetDraftRequest {
            project_id: project.id.clone(),
        })
        .await
        .unwrap()
        .into_inner();
    let copy_draft = app
        .projects
        .get_draft(GetDraftRequest {
            project_id: copy.id.clone(),
        })
        .await
        .unwrap()
        .into_inner();
    let paths = |d: &agentbase_proto::scripts::v1::Draft| {
        d.files
            .iter()
            .map(|f| (f.file_name.clone(), f.file_path.clone()))
            .collect::<Vec<_>>()
    };
    assert_eq!(paths(&copy_draft), paths(&source_draft), "file paths kept");

    let deprecate = DeprecateProjectRequest {
        id: project.id.clone(),
        reason: "superseded by v2 flow".into(),
        deprecated_by: "li".into(),
        ..Default::default()
    };
    let deprecated = app
        .projects
        .deprecate_project(deprecate.clone())
        .await
        .unwrap()
        .into_inner();
    assert_eq!(deprecated.status, ProjectStatus::Deprecated as i32);
    let visible = app
        .projects
        .list_projects(ListProjectsRequest::default())
        .await
        .unwrap()
        .into_inner()
        .projects;
    assert_eq!(
        visible.iter().map(|p| p.name.as_str()).collect::<Vec<_>>(),
        ["copy"],
        "deprecated hidden"
    );
    let with = ListProjectsRequest {
        include_deprecated: true,
        ..Default::default()
    };
    assert_eq!(
        app.projects
            .list_projects(with)
            .await
            .unwrap()
            .into_inner()
            .projects
            .len(),
        2
    );
    let only = ListProjectsRequest {
        status: ProjectStatus::Deprecated as i32,
        ..Default::default()
    };
    assert_eq!(
        app.projects
            .list_projects(only)
            .await
            .unwrap()
            .into_inner()
            .projects
            .len(),
        1
    );
    let status = publish(&mut app, &project.id, "").await.unwrap_err();
    assert_eq!(reason(&status), "PROJECT_DEPRECATED");
    let status = app.projects.deprecate_project(deprecate.clone()).await.unwrap_err();
    assert_eq!(status.code(), Code::FailedPrecondition);

    let restored = app
        .projects
        .restore_project(RestoreProjectRequest {
            id: project.id.clone(),
            etag: String::new(),
        })
        .await
        .unwrap()
        .into_inner();
    assert_eq!(restored.status, ProjectStatus::Draft as i32);
    assert_eq!(restored.deprecations.len(), 1);
    assert_eq!(restored.deprecations[0].reason, "superseded by v2 flow");
    assert!(restored.deprecations[0].restore_time.is_some());
    let status = app
        .projects
        .restore_project(RestoreProjectRequest {
            id: project.id.clone(),
            etag: String::new(),
        })
        .await
        .unwrap_err();
    assert_eq!(reason(&status), "PROJECT_NOT_DEPRECATED");

    let archived = app
        .projects
        .archive_project(ArchiveProjectRequest {
            id: copy.id.clone(),
            etag: copy.etag.clone(),
        })
        .await
        .unwrap()
        .into_inner();
    assert_eq!(archived.status, ProjectStatus::Archived as i32);
    let status = app
        .projects
        .save_draft(SaveDraftRequest {
            project_id: copy.id.clone(),
            ..Default::default()
        })
        .await
        .unwrap_err();
    assert_eq!(
        (status.code(), reason(&status).as_str()),
        (Code::FailedPrecondition, "PROJECT_ARCHIVED")
    );

    app.projects
        .delete_project(DeleteProjectRequest {
            id: project.id.clone(),
            etag: String::new(),
        })
        .await
        .unwrap();
    assert_eq!(
        reason(
            &app.projects
                .get_project(GetProjectRequest { id: project.id.clone() })
                .await
                .unwrap_err()
        ),
        "PROJECT_NOT_FOUND"
    );
    let files = ListProjectFilesRequest {
        project_id: project.id.clone(),
        ..Default::default()
    };
    assert_eq!(
        app.projects.list_project_files(files).await.unwrap_err().code(),
        Code::NotFound
    );
    let version = GetVersionRequest {
        project_id: project.id.clone(),
        version_id: uuid::Uuid::now_v7().to_string(),
        ..Default::default()
    };
    assert_eq!(
        app.projects.get_version(version).await.unwrap_err().code(),
        Code::NotFound
    );
}

async fn concurrent_publishes_never_share_a_number(backend: Backend) {
    let mut app = spawn_app(backend).await;
    let project = create_project(&mut app, "race").await;
    save(&mut app, &project.id, working_copy(SESSION)).await;
    let racers: Vec<_> = (0..20)
        .map(|i| {
            let mut client = app.projects.clone();
            let project_id = project.id.clone();
            tokio::spawn(async move {
                let request = SaveDraftRequest {
                    project_id: project_id.clone(),
                    files: working_copy(&SESSION.replace("Opening", &format!("Racer {i}"))),
                    etag: String::new(),
                    updated_by: format!("racer-{i}"),
                };
                client.save_draft(request).await.unwrap();
                let publish = PublishVersionRequest {
                    project_id,
                    published_by: format!("racer-{i}"),
                    ..Default::default()
                };
                client.publish_version(publish).await
            })
        })
        .collect();
    let mut published = Vec::new();
    for racer in racers {
        match racer.await.unwrap() {
            Ok(version) => published.push(version.into_inner()),
            Err(status) => assert_eq!(
                reason(&status),
                "NO_CHANGES",
                "only a clean refusal is allowed: {status:?}"
            ),
        }
    }
    assert!(!published.is_empty());
    let versions = app
        .projects
        .list_versions(ListVersionsRequest {
            project_id: project.id.clone(),
            page_size: 100,
            ..Default::default()
        })
        .await
        .unwrap()
        .into_inner()
        .versions;
    assert_eq!(versions.len(), published.len());
    let numbers: HashSet<_> = versions.iter().map(|v| v.version_number.clone()).collect();
    assert_eq!(numbers.len(), versions.len(), "no two versions share a number");
    let highest = versions
        .iter()
        .max_by_key(|v| {
            v.version_number
                .split('.')
                .map(|n| n.parse::<u32>().unwrap())
                .collect::<Vec<_>>()
        })
        .unwrap();
    assert_eq!(get_project(&mut app, &project.id).await.current_version_id, highest.id);
}

backend_tests!(
    projects_are_created_listed_and_updated,
    file_changes_revalidate_the_draft,
    publish_requires_a_valid_changed_draft,
    save_draft_is_guarded_by_the_draft_etag,
    rollback_restores_the_working_copy_exactly,
    diff_reports_files_and_json_paths,
    copy_archive_deprecate_restore_delete,
    concurrent_publishes_never_share_a_number,
);

// Through PgBouncer in transaction mode too (docs/OPERATIONS.md, "Transaction pooling").
agentbase_testkit::pooled_tests!(
    projects_are_created_listed_and_updated,
    publish_requires_a_valid_changed_draft,
    rollback_restores_the_working_copy_exactly,
    concurrent_publishes_never_share_a_number
);
