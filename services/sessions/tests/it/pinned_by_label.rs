//! Sessions created by a script's release label, through the generated
//! clients against PostgreSQL and SQLite: the label is resolved once.

use agentbase_proto::{
    scripts::v1::{SetLabelRequest, UpdateScriptRequest, set_label_request},
    sessions::v1::{CreateSessionRequest, ForkSessionRequest, GetSessionRequest},
};
use agentbase_testkit::{
    Backend, TestApp, backend_tests,
    errors::{reason_in, violated_fields},
    fixtures::{self, TECHNIQUE},
    spawn_app,
};
use prost_types::FieldMask;
use tonic::Code;

async fn point(app: &mut TestApp, script_id: &str, revision: i32) {
    app.labels
        .set_label(SetLabelRequest {
            owner: Some(set_label_request::Owner::ScriptId(script_id.into())),
            name: "production".into(),
            revision,
            reason: format!("release revision {revision}"),
            ..Default::default()
        })
        .await
        .unwrap();
}

/// A session created by label pins the revision the label pointed at then
/// (not the script's current one) and records the label; moving the label
/// afterwards changes neither it nor its forks. An unknown label starts
/// nothing; a malformed one is INVALID_ARGUMENT on `script_label`.
async fn a_session_created_by_label_keeps_its_revision(backend: Backend) {
    let mut app = spawn_app(backend).await;
    let script_id = fixtures::script(&app, &format!("released {}", uuid::Uuid::now_v7())).await;
    app.scripts
        .update_script(UpdateScriptRequest {
            id: script_id.clone(),
            content: TECHNIQUE.replace("content_template: hi", "content_template: hello"),
            update_mask: Some(FieldMask {
                paths: vec!["content".into()],
            }),
            ..Default::default()
        })
        .await
        .unwrap();
    point(&mut app, &script_id, 1).await;
    let by_label = CreateSessionRequest {
        user_id: "u1".into(),
        script_id: script_id.clone(),
        script_label: "production".into(),
        request_id: uuid::Uuid::now_v7().to_string(),
        ..Default::default()
    };
    let created = app
        .sessions
        .create_session(by_label.clone())
        .await
        .unwrap()
        .into_inner();
    assert_eq!(
        (created.script_revision, created.script_label.as_str()),
        (1, "production"),
        "the label's revision, not the current 2"
    );
    let plain = CreateSessionRequest {
        user_id: "u1".into(),
        script_id: script_id.clone(),
        ..Default::default()
    };
    let current = app.sessions.create_session(plain).await.unwrap().into_inner();
    assert_eq!((current.script_revision, current.script_label.as_str()), (2, ""));

    point(&mut app, &script_id, 2).await;
    let read = app
        .sessions
        .get_session(GetSessionRequest { id: created.id.clone() })
        .await
        .unwrap()
        .into_inner();
    assert_eq!(
        (read.script_revision, read.script_label.as_str()),
        (1, "production"),
        "moving the label later does not move the session"
    );
    let retried = app.sessions.create_session(by_label).await.unwrap().into_inner();
    assert_eq!(
        (retried.id.as_str(), retried.script_revision),
        (created.id.as_str(), 1),
        "a retried request id returns the session as created"
    );
    let fork = app
        .sessions
        .fork_session(ForkSessionRequest {
            session_id: created.id.clone(),
            at_seq: 0,
            request_id: String::new(),
        })
        .await
        .unwrap()
        .into_inner();
    assert_eq!((fork.script_revision, fork.script_label.as_str()), (1, "production"));
    let now_pinned = app
        .sessions
        .create_session(CreateSessionRequest {
            user_id: "u2".into(),
            script_id: script_id.clone(),
            script_label: "production".into(),
            ..Default::default()
        })
        .await
        .unwrap()
        .into_inner();
    assert_eq!(now_pinned.script_revision, 2, "a new session follows the moved label");

    let unknown = app
        .sessions
        .create_session(CreateSessionRequest {
            user_id: "u1".into(),
            script_id: script_id.clone(),
            script_label: "staging".into(),
            ..Default::default()
        })
        .await
        .unwrap_err();
    assert_eq!(
        (unknown.code(), reason_in(&unknown, "sessions.agentbase").as_str()),
        (Code::FailedPrecondition, "SCRIPT_LABEL_NOT_FOUND")
    );
    let malformed = app
        .sessions
        .create_session(CreateSessionRequest {
            user_id: "u1".into(),
            script_id,
            script_label: "Production!".into(),
            ..Default::default()
        })
        .await
        .unwrap_err();
    assert_eq!(violated_fields(&malformed), ["script_label"]);
}

backend_tests!(a_session_created_by_label_keeps_its_revision);
