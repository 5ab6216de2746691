//! ScriptService updates, revisions, publish/archive/delete and validation,
//! through the generated client against PostgreSQL and SQLite.

use std::collections::HashSet;

use agentbase_proto::scripts::v1::{
    ArchiveScriptRequest, CreateScriptRequest, DeleteScriptRequest, GetScriptRequest, ListScriptRevisionsRequest,
    ListScriptsRequest, PublishScriptRequest, Script, ScriptStatus, ScriptType, ScriptView, UpdateScriptRequest,
    ValidateScriptRequest, get_script_request::Selector,
};
use agentbase_testkit::{Backend, TestApp, backend_tests, spawn_app};
use prost_types::FieldMask;
use tonic::{Code, Status};
use tonic_types::StatusExt;

fn technique(id: &str, say: &str) -> String {
    format!(
        "technique_id: {id}\ntopic:\n  topic_id: t\n  actions:\n    - action_type: ai_say\n      action_id: a\n      config: {{content_template: \"{say}\"}}\n"
    )
}

fn reason(status: &Status) -> String {
    agentbase_testkit::errors::reason_in(status, "scripts.agentbase")
}

fn fields(status: &Status) -> Vec<String> {
    agentbase_testkit::errors::violated_fields(status)
}

fn mask(paths: &[&str]) -> Option<FieldMask> {
    Some(FieldMask {
        paths: paths.iter().map(|p| (*p).to_owned()).collect(),
    })
}

async fn create(app: &mut TestApp, name: &str, content: &str) -> Script {
    let request = CreateScriptRequest {
        name: name.into(),
        content: content.into(),
        ..Default::default()
    };
    app.scripts.create_script(request).await.unwrap().into_inner()
}

async fn get(app: &mut TestApp, id: &str, revision: i32) -> Result<Script, Status> {
    let request = GetScriptRequest {
        selector: Some(Selector::Id(id.into())),
        revision,
        view: ScriptView::Full as i32,
        ..Default::default()
    };
    app.scripts.get_script(request).await.map(|r| r.into_inner())
}

fn content_of(script: &Script) -> &str {
    &script.revision.as_ref().unwrap().content
}

async fn updates_change_fields_and_content_appends_revisions(backend: Backend) {
    let mut app = spawn_app(backend).await;
    let original = create(&mut app, "calm", &technique("calm", "Breathe.")).await;

    let described = UpdateScriptRequest {
        id: original.id.clone(),
        description: "放松 relaxation".into(),
        tags: vec!["a".into()],
        update_mask: mask(&["description", "tags"]),
        ..Default::default()
    };
    let described = app.scripts.update_script(described).await.unwrap().into_inner();
    assert_eq!(
        (described.description.as_str(), described.tags.as_slice()),
        ("放松 relaxation", &["a".to_owned()][..])
    );
    assert_eq!(described.current_revision, 1, "no content change, no revision");
    assert_ne!(described.etag, original.etag);

    let new_content = technique("calm", "Breathe slowly.");
    let edited = UpdateScriptRequest {
        id: original.id.clone(),
        content: new_content.clone(),
        version: "1.1.0".into(),
        etag: described.etag.clone(),
        update_mask: mask(&["content", "version"]),
        ..Default::default()
    };
    let edited = app.scripts.update_script(edited).await.unwrap().into_inner();
    assert_eq!(edited.current_revision, 2);
    assert_eq!(content_of(&edited), new_content);
    assert_eq!(edited.revision.as_ref().unwrap().version, "1.1.0");
    assert_eq!(
        edited.description, "放松 relaxation",
        "fields outside the mask are kept"
    );

    // Same content again: nothing appended, nothing changed.
    let same = UpdateScriptRequest {
        id: original.id.clone(),
        content: new_content,
        update_mask: mask(&["content"]),
        ..Default::default()
    };
    let same = app.scripts.update_script(same).await.unwrap().into_inner();
    assert_eq!((same.current_revision, same.etag.as_str()), (2, edited.etag.as_str()));

    // No mask: every non-empty field (AIP-134).
    let implied = UpdateScriptRequest {
        id: original.id.clone(),
        author: "wang".into(),
        ..Default::default()
    };
    assert_eq!(
        app.scripts.update_script(implied).await.unwrap().into_inner().author,
        "wang"
    );

    assert_eq!(
        content_of(&get(&mut app, &original.id, 1).await.unwrap()),
        content_of(&original)
    );
    let found = app
        .scripts
        .list_scripts(ListScriptsRequest {
            query: "RELAX".into(),
            ..Default::default()
        })
        .await
        .unwrap();
    assert_eq!(
        found.into_inner().scripts.len(),
        1,
        "search text follows the new description"
    );
}

async fn bad_updates_are_refused_and_change_nothing(backend: Backend) {
    let mut app = spawn_app(backend).await;
    let script = create(&mut app, "one", &technique("one", "x")).await;
    create(&mut app, "two", &technique("two", "y")).await;

    let cases: Vec<(UpdateScriptRequest, &str)> = vec![
        (
            UpdateScriptRequest {
                id: script.id.clone(),
                update_mask: mask(&["owner"]),
                ..Default::default()
            },
            "update_mask",
        ),
        (
            UpdateScriptRequest {
                id: script.id.clone(),
                ..Default::default()
            },
            "update_mask",
        ),
        (
            UpdateScriptRequest {
                id: "x".into(),
                name: "n".into(),
                ..Default::default()
            },
            "id",
        ),
        (
            UpdateScriptRequest {
                id: script.id.clone(),
                name: String::new(),
                update_mask: mask(&["name"]),
                ..Default::default()
            },
            "name",
        ),
        (
            UpdateScriptRequest {
                id: script.id.clone(),
                version: "2.0.0".into(),
                update_mask: mask(&["version"]),
                ..Default::default()
            },
            "version",
        ),
        (
            UpdateScriptRequest {
                id: script.id.clone(),
                content: "technique_id: one\ntopic:\n  topic_id: t\n  actions:\n    - action_id: a\n".into(),
                update_mask: mask(&["content"]),
                ..Default::default()
            },
            "content",
        ),
        (
            UpdateScriptRequest {
                id: script.id.clone(),
                content: "session:\n  session_id: s\n  phases: []\n".into(),
                update_mask: mask(&["content"]),
                ..Default::default()
            },
            "content",
        ),
    ];
    for (request, field) in cases {
        let status = app.scripts.update_script(request).await.unwrap_err();
        assert!(
            fields(&status).iter().any(|f| f == field),
            "expected {field}: {status:?}"
        );
    }

    let rename = UpdateScriptRequest {
        id: script.id.clone(),
        name: "two".into(),
        update_mask: mask(&["name"]),
        ..Default::default()
    };
    let status = app.scripts.update_script(rename).await.unwrap_err();
    assert_eq!(
        (status.code(), reason(&status).as_str()),
        (Code::AlreadyExists, "SCRIPT_NAME_TAKEN")
    );

    let stale = UpdateScriptRequest {
        id: script.id.clone(),
        description: "late".into(),
        etag: "stale".into(),
        update_mask: mask(&["description"]),
        ..Default::default()
    };
    let status = app.scripts.update_script(stale).await.unwrap_err();
    assert_eq!(
        (status.code(), reason(&status).as_str()),
        (Code::Aborted, "ETAG_MISMATCH")
    );

    let missing = UpdateScriptRequest {
        id: uuid::Uuid::now_v7().to_string(),
        name: "z".into(),
        ..Default::default()
    };
    assert_eq!(
        app.scripts.update_script(missing).await.unwrap_err().code(),
        Code::NotFound
    );

    assert_eq!(get(&mut app, &script.id, 0).await.unwrap(), script, "nothing changed");
}

async fn concurrent_guarded_updates_never_lose_one_silently(backend: Backend) {
    let mut app = spawn_app(backend).await;
    let script = create(&mut app, "contended", &technique("c", "0")).await;
    let writers: Vec<_> = (0..10)
        .map(|i| {
            let mut client = app.scripts.clone();
            let request = UpdateScriptRequest {
                id: script.id.clone(),
                description: format!("writer {i}"),
                etag: script.etag.clone(),
                update_mask: mask(&["description"]),
                ..Default::default()
            };
            tokio::spawn(async move { client.update_script(request).await })
        })
        .collect();
    let mut won = Vec::new();
    for writer in writers {
        match writer.await.unwrap() {
            Ok(script) => won.push(script.into_inner().description),
            Err(status) => assert_eq!(status.code(), Code::Aborted, "{status:?}"),
        }
    }
    assert_eq!(won.len(), 1, "exactly one writer with the same etag wins");
    assert_eq!(get(&mut app, &script.id, 0).await.unwrap().description, won[0]);
}

async fn concurrent_content_edits_get_consecutive_revisions(backend: Backend) {
    let mut app = spawn_app(backend).await;
    let script = create(&mut app, "busy", &technique("b", "0")).await;
    let writers: Vec<_> = (1..=10)
        .map(|i| {
            let mut client = app.scripts.clone();
            let request = UpdateScriptRequest {
                id: script.id.clone(),
                content: technique("b", &i.to_string()),
                update_mask: mask(&["content"]),
                ..Default::default()
            };
            tokio::spawn(async move { client.update_script(request).await })
        })
        .collect();
    for writer in writers {
        writer.await.unwrap().unwrap();
    }
    let page = ListScriptRevisionsRequest {
        script_id: script.id.clone(),
        page_size: 100,
        ..Default::default()
    };
    let revisions = app
        .scripts
        .list_script_revisions(page)
        .await
        .unwrap()
        .into_inner()
        .revisions;
    let numbers: Vec<i32> = revisions.iter().map(|r| r.revision).collect();
    assert_eq!(numbers, (1..=11).collect::<Vec<_>>());
    let hashes: HashSet<_> = revisions.iter().map(|r| r.content_sha256.clone()).collect();
    assert_eq!(hashes.len(), 11, "every edit kept");
    assert_eq!(get(&mut app, &script.id, 0).await.unwrap().current_revision, 11);
}

async fn publish_archive_and_pinned_revisions(backend: Backend) {
    let mut app = spawn_app(backend).await;
    let script = create(&mut app, "life", &technique("life", "v1")).await;
    assert_eq!(script.status, ScriptStatus::Draft as i32);

    let publish = |etag: &str| PublishScriptRequest {
        id: script.id.clone(),
        etag: etag.into(),
    };
    let published = app
        .scripts
        .publish_script(publish(&script.etag))
        .await
        .unwrap()
        .into_inner();
    assert_eq!(published.status, ScriptStatus::Published as i32);
    let again = app.scripts.publish_script(publish("")).await.unwrap().into_inner();
    assert_eq!(again.etag, published.etag, "publishing twice changes nothing");
    let status = app.scripts.publish_script(publish("stale")).await.unwrap_err();
    assert_eq!(status.code(), Code::Aborted);

    let edit = UpdateScriptRequest {
        id: script.id.clone(),
        content: technique("life", "v2"),
        update_mask: mask(&["content"]),
        ..Default::default()
    };
    let edited = app.scripts.update_script(edit).await.unwrap().into_inner();
    assert_eq!(
        edited.status,
        ScriptStatus::Draft as i32,
        "new content must be published again"
    );
    app.scripts.publish_script(publish("")).await.unwrap();

    // A session pinned to revision 1 still reads what it started with.
    assert_eq!(
        content_of(&get(&mut app, &script.id, 1).await.unwrap()),
        technique("life", "v1")
    );
    assert_eq!(
        content_of(&get(&mut app, &script.id, 0).await.unwrap()),
        technique("life", "v2")
    );

    let archived = app
        .scripts
        .archive_script(ArchiveScriptRequest {
            id: script.id.clone(),
            etag: String::new(),
        })
        .await
        .unwrap();
    assert_eq!(archived.into_inner().status, ScriptStatus::Archived as i32);
    app.scripts
        .archive_script(ArchiveScriptRequest {
            id: script.id.clone(),
            etag: String::new(),
        })
        .await
        .unwrap();

    let status = app.scripts.publish_script(publish("")).await.unwrap_err();
    assert_eq!(
        (status.code(), reason(&status).as_str()),
        (Code::FailedPrecondition, "SCRIPT_ARCHIVED")
    );
    let violations = status.get_details_precondition_failure().unwrap().violations;
    assert_eq!(violations[0].r#type, "STATUS");
    let edit = UpdateScriptRequest {
        id: script.id.clone(),
        description: "x".into(),
        ..Default::default()
    };
    let status = app.scripts.update_script(edit).await.unwrap_err();
    assert_eq!(
        (status.code(), reason(&status).as_str()),
        (Code::FailedPrecondition, "SCRIPT_ARCHIVED")
    );
    let archived_only = ListScriptsRequest {
        status: ScriptStatus::Archived as i32,
        ..Default::default()
    };
    assert_eq!(
        app.scripts
            .list_scripts(archived_only)
            .await
            .unwrap()
            .into_inner()
            .scripts
            .len(),
        1
    );
}

async fn delete_removes_the_script_and_its_revisions(backend: Backend) {
    let mut app = spawn_app(backend).await;
    let script = create(&mut app, "gone", &technique("g", "1")).await;
    let edit = UpdateScriptRequest {
        id: script.id.clone(),
        content: technique("g", "2"),
        ..Default::default()
    };
    let edited = app.scripts.update_script(edit).await.unwrap().into_inner();

    let stale = DeleteScriptRequest {
        id: script.id.clone(),
        etag: script.etag.clone(),
    };
    assert_eq!(
        app.scripts.delete_script(stale).await.unwrap_err().code(),
        Code::Aborted
    );
    app.scripts
        .delete_script(DeleteScriptRequest {
            id: script.id.clone(),
            etag: edited.etag,
        })
        .await
        .unwrap();

    assert_eq!(
        reason(&get(&mut app, &script.id, 0).await.unwrap_err()),
        "SCRIPT_NOT_FOUND"
    );
    let revisions = ListScriptRevisionsRequest {
        script_id: script.id.clone(),
        ..Default::default()
    };
    assert_eq!(
        app.scripts.list_script_revisions(revisions).await.unwrap_err().code(),
        Code::NotFound
    );
    let again = DeleteScriptRequest {
        id: script.id.clone(),
        etag: String::new(),
    };
    assert_eq!(
        app.scripts.delete_script(again).await.unwrap_err().code(),
        Code::NotFound
    );
    // The name is free again.
    create(&mut app, "gone", &technique("g", "3")).await;
}

async fn validate_is_a_dry_run(backend: Backend) {
    let mut app = spawn_app(backend).await;
    let good = ValidateScriptRequest {
        content: technique("v", "Hi ${who}"),
        ..Default::default()
    };
    let result = app.scripts.validate_script(good.clone()).await.unwrap().into_inner();
    assert!(result.valid);
    assert_eq!(result.script_type, ScriptType::Technique as i32);
    assert_eq!(result.warnings.len(), 1);
    assert_eq!(result.warnings[0].code, "UNRESOLVED_VARIABLE");
    let with_globals = ValidateScriptRequest {
        known_variables: vec!["who".into()],
        ..good
    };
    assert!(
        app.scripts
            .validate_script(with_globals)
            .await
            .unwrap()
            .into_inner()
            .warnings
            .is_empty()
    );

    let bad = ValidateScriptRequest {
        content: "session:\n  phases:\n    - {phase_id: p}\n    - {phase_id: p}\n".into(),
        ..Default::default()
    };
    let result = app.scripts.validate_script(bad).await.unwrap().into_inner();
    assert!(!result.valid);
    let codes: Vec<_> = result.errors.iter().map(|e| e.code.as_str()).collect();
    assert!(
        codes.contains(&"DUPLICATE_ID") && codes.contains(&"MISSING_FIELD"),
        "{codes:?}"
    );
    assert!(
        result
            .errors
            .iter()
            .all(|e| e.line > 0 && e.column > 0 && !e.path.is_empty())
    );

    let syntax = ValidateScriptRequest {
        content: "a: [\n".into(),
        ..Default::default()
    };
    assert_eq!(
        app.scripts.validate_script(syntax).await.unwrap().into_inner().errors[0].code,
        "YAML_SYNTAX"
    );
    let empty = ValidateScriptRequest::default();
    assert_eq!(
        fields(&app.scripts.validate_script(empty).await.unwrap_err()),
        ["content"]
    );
    assert!(
        app.scripts
            .list_scripts(ListScriptsRequest::default())
            .await
            .unwrap()
            .into_inner()
            .scripts
            .is_empty()
    );
}

async fn revisions_page_in_order(backend: Backend) {
    let mut app = spawn_app(backend).await;
    let script = create(&mut app, "paged", &technique("p", "0")).await;
    for i in 1..7 {
        let edit = UpdateScriptRequest {
            id: script.id.clone(),
            content: technique("p", &i.to_string()),
            ..Default::default()
        };
        app.scripts.update_script(edit).await.unwrap();
    }
    let mut seen = Vec::new();
    let mut token = String::new();
    loop {
        let request = ListScriptRevisionsRequest {
            script_id: script.id.clone(),
            page_size: 3,
            page_token: token,
            ..Default::default()
        };
        let page = app.scripts.list_script_revisions(request).await.unwrap().into_inner();
        assert!(page.revisions.iter().all(|r| r.content.is_empty()), "BASIC by default");
        seen.extend(page.revisions.iter().map(|r| r.revision));
        if page.next_page_token.is_empty() {
            break;
        }
        token = page.next_page_token;
    }
    assert_eq!(seen, (1..=7).collect::<Vec<_>>());

    let first = ListScriptRevisionsRequest {
        script_id: script.id.clone(),
        page_size: 2,
        view: ScriptView::Full as i32,
        ..Default::default()
    };
    let page = app.scripts.list_script_revisions(first).await.unwrap().into_inner();
    assert_eq!(page.revisions[0].content, technique("p", "0"));
    let other = create(&mut app, "other", &technique("o", "0")).await;
    let wrong_script = ListScriptRevisionsRequest {
        script_id: other.id,
        page_token: page.next_page_token,
        ..Default::default()
    };
    assert_eq!(
        fields(&app.scripts.list_script_revisions(wrong_script).await.unwrap_err()),
        ["page_token"]
    );
}

backend_tests!(
    updates_change_fields_and_content_appends_revisions,
    bad_updates_are_refused_and_change_nothing,
    concurrent_guarded_updates_never_lose_one_silently,
    concurrent_content_edits_get_consecutive_revisions,
    publish_archive_and_pinned_revisions,
    delete_removes_the_script_and_its_revisions,
    validate_is_a_dry_run,
    revisions_page_in_order,
);
