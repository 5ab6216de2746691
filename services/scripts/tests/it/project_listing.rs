//! ListProjects against PostgreSQL and SQLite: one statement a page, and the
//! file count, draft status and current version it shows (columns the writes
//! keep on the project row) always equal what the files, draft and versions say.

use agentbase_proto::scripts::v1::{
    CopyProjectRequest, CreateProjectFileRequest, CreateProjectRequest, DeleteProjectFileRequest,
    DraftValidationStatus, GetDraftRequest, GetVersionRequest, ListProjectFilesRequest, ListProjectsRequest, Project,
    ProjectFileType, RollbackToVersionRequest, UpdateProjectFileRequest,
};
use agentbase_testkit::{Backend, TestApp, backend_tests, spawn_app};

use crate::project_service::{SESSION, create_project, get_project, publish, save, working_copy};

async fn list_pages_cost_the_same_statements_at_any_size(backend: Backend) {
    let options = agentbase_testkit::AppOptions {
        env: vec![("AGENTBASE_HEALTH_INTERVAL_MS".into(), "600000".into())],
        ..Default::default()
    };
    let app = agentbase_testkit::spawn_app_with(backend, options).await;
    let creators: Vec<_> = (0..8)
        .map(|worker| {
            let mut client = app.projects.clone();
            tokio::spawn(async move {
                for i in 0..125 {
                    let request = CreateProjectRequest {
                        name: format!("p-{worker}-{i}"),
                        ..Default::default()
                    };
                    client.create_project(request).await.unwrap();
                }
            })
        })
        .collect();
    for creator in creators {
        creator.await.unwrap();
    }

    let cost = |request: ListProjectsRequest| {
        let mut client = app.projects.clone();
        let statements = app.statements.clone();
        async move {
            let before = statements.get();
            let page = client.list_projects(request).await.unwrap().into_inner();
            (statements.get() - before, page)
        }
    };
    let (small, _) = cost(ListProjectsRequest {
        page_size: 10,
        ..Default::default()
    })
    .await;
    let (first, page) = cost(ListProjectsRequest {
        page_size: 500,
        ..Default::default()
    })
    .await;
    assert_eq!(page.projects.len(), 500);
    assert!(
        page.projects
            .iter()
            .all(|p| p.file_count == 3 && p.draft_status == DraftValidationStatus::Valid as i32)
    );
    let (second, page) = cost(ListProjectsRequest {
        page_size: 500,
        page_token: page.next_page_token,
        ..Default::default()
    })
    .await;
    assert_eq!(page.projects.len(), 500);
    assert!(page.next_page_token.is_empty());
    assert_eq!(
        (small, first, second),
        (1, 1, 1),
        "one statement per page, whatever the page size or position"
    );
}

/// What a listing shows of one project's files, draft and current version.
#[derive(Debug, PartialEq)]
struct Shown {
    file_count: i32,
    draft_status: i32,
    current_version_number: String,
}

impl Shown {
    fn of(project: &Project) -> Self {
        Self {
            file_count: project.file_count,
            draft_status: project.draft_status,
            current_version_number: project.current_version_number.clone(),
        }
    }
}

/// The project as ListProjects and GetProject show it, after checking both
/// against its files, its draft and its current version.
async fn shown(app: &mut TestApp, id: &str) -> Shown {
    let listed = app
        .projects
        .list_projects(ListProjectsRequest {
            page_size: 100,
            include_deprecated: true,
            ..Default::default()
        })
        .await
        .unwrap()
        .into_inner()
        .projects
        .into_iter()
        .find(|p| p.id == id)
        .unwrap();
    let got = get_project(app, id).await;
    let files = app
        .projects
        .list_project_files(ListProjectFilesRequest {
            project_id: id.into(),
            names_only: true,
            ..Default::default()
        })
        .await
        .unwrap()
        .into_inner()
        .files
        .len();
    let draft = app
        .projects
        .get_draft(GetDraftRequest { project_id: id.into() })
        .await
        .unwrap()
        .into_inner();
    let version = match got.current_version_id.as_str() {
        "" => String::new(),
        version_id => {
            app.projects
                .get_version(GetVersionRequest {
                    project_id: id.into(),
                    version_id: version_id.into(),
                    ..Default::default()
                })
                .await
                .unwrap()
                .into_inner()
                .version_number
        }
    };
    let truth = Shown {
        file_count: i32::try_from(files).unwrap(),
        draft_status: draft.validation_status,
        current_version_number: version,
    };
    assert_eq!(Shown::of(&listed), truth, "ListProjects");
    assert_eq!(Shown::of(&got), truth, "GetProject");
    truth
}

async fn listings_follow_every_write_to_files_drafts_and_versions(backend: Backend) {
    let mut app = spawn_app(backend).await;
    let project = create_project(&mut app, "listed").await;
    let valid = DraftValidationStatus::Valid as i32;
    let invalid = DraftValidationStatus::Invalid as i32;
    let state = |file_count, draft_status, number: &str| Shown {
        file_count,
        draft_status,
        current_version_number: number.into(),
    };
    assert_eq!(shown(&mut app, &project.id).await, state(3, valid, ""));

    let added = app
        .projects
        .create_project_file(CreateProjectFileRequest {
            project_id: project.id.clone(),
            file_type: ProjectFileType::Session as i32,
            file_name: "intake".into(),
            text: "session: [".into(),
            updated_by: "li".into(),
            ..Default::default()
        })
        .await
        .unwrap()
        .into_inner();
    assert_eq!(shown(&mut app, &project.id).await, state(4, invalid, ""));

    let fixed = app
        .projects
        .update_project_file(UpdateProjectFileRequest {
            project_id: project.id.clone(),
            file_id: added.id.clone(),
            text: SESSION.into(),
            ..Default::default()
        })
        .await
        .unwrap()
        .into_inner();
    assert_eq!(shown(&mut app, &project.id).await.draft_status, valid);

    app.projects
        .delete_project_file(DeleteProjectFileRequest {
            project_id: project.id.clone(),
            file_id: fixed.id,
            etag: fixed.etag,
            updated_by: "li".into(),
        })
        .await
        .unwrap();
    assert_eq!(shown(&mut app, &project.id).await, state(3, valid, ""));

    save(&mut app, &project.id, working_copy(SESSION)).await;
    let first = publish(&mut app, &project.id, "1.0.0").await.unwrap();
    assert_eq!(shown(&mut app, &project.id).await, state(5, valid, "1.0.0"));

    let mut fewer = working_copy(&SESSION.replace("Opening", "Changed"));
    fewer.pop();
    save(&mut app, &project.id, fewer).await;
    publish(&mut app, &project.id, "2.0.0").await.unwrap();
    assert_eq!(shown(&mut app, &project.id).await, state(4, valid, "2.0.0"));

    let rolled_back = app
        .projects
        .rollback_to_version(RollbackToVersionRequest {
            project_id: project.id.clone(),
            version_id: first.id,
            published_by: "li".into(),
            ..Default::default()
        })
        .await
        .unwrap()
        .into_inner();
    assert_eq!(
        shown(&mut app, &project.id).await,
        state(5, valid, &rolled_back.version_number)
    );

    let copy = app
        .projects
        .copy_project(CopyProjectRequest {
            id: project.id.clone(),
            name: "listed copy".into(),
            author: "wang".into(),
        })
        .await
        .unwrap()
        .into_inner();
    assert_eq!(shown(&mut app, &copy.id).await, state(5, valid, ""));
}

backend_tests!(
    list_pages_cost_the_same_statements_at_any_size,
    listings_follow_every_write_to_files_drafts_and_versions,
);
