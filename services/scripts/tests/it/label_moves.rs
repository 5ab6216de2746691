//! Moving labels that require approval (RequestLabelMove → ApproveLabelMove)
//! and following label moves live (WatchLabels), through the generated
//! client against PostgreSQL and SQLite.

use std::time::Duration;

use agentbase_proto::scripts::v1::{
    ApproveLabelMoveRequest, CreateScriptRequest, DeleteLabelRequest, LabelMove, LabelMoveRequestState,
    ListLabelMoveRequestsRequest, ProtectLabelRequest, RequestLabelMoveRequest, SetLabelRequest, WatchLabelsRequest,
    delete_label_request, list_label_move_requests_request, protect_label_request, request_label_move_request,
    set_label_request, watch_labels_request,
};
use agentbase_testkit::{AppOptions, Backend, TestApp, backend_tests, fixtures::TECHNIQUE, spawn_app, spawn_app_with};
use tokio_stream::StreamExt;
use tonic::{Code, Streaming};

use super::labels::{history, move_request, project_with_two_versions, reason};

fn ask(project_id: &str, version_id: &str, by: &str, request_id: &str) -> RequestLabelMoveRequest {
    RequestLabelMoveRequest {
        owner: Some(request_label_move_request::Owner::ProjectId(project_id.into())),
        name: "production".into(),
        version_id: version_id.into(),
        reason: format!("release {version_id}"),
        request_id: request_id.into(),
        updated_by: by.into(),
        ..Default::default()
    }
}

fn approve(id: &str, by: &str) -> ApproveLabelMoveRequest {
    ApproveLabelMoveRequest {
        id: id.into(),
        updated_by: by.into(),
    }
}

/// Makes `project`'s `production` label require approval.
async fn require_approval(app: &mut TestApp, project: &str) {
    app.labels
        .protect_label(ProtectLabelRequest {
            owner: Some(protect_label_request::Owner::ProjectId(project.into())),
            name: "production".into(),
            requires_approval: true,
            ..Default::default()
        })
        .await
        .unwrap();
}

/// A label that requires approval moves only through a request approved by
/// a second person: the asker's own approval is refused, approving twice is
/// harmless, the history names both people, and the label's other pending
/// requests are superseded.
async fn approvals_need_a_second_person(backend: Backend) {
    let mut app = spawn_app(backend).await;
    let (project, v1, v2) = project_with_two_versions(&mut app).await;
    app.labels
        .set_label(move_request(&project, "production", &v1, ""))
        .await
        .unwrap();
    app.labels
        .set_label(move_request(&project, "staging", &v1, ""))
        .await
        .unwrap();
    require_approval(&mut app, &project).await;

    let direct = app
        .labels
        .set_label(move_request(&project, "production", &v2, ""))
        .await
        .unwrap_err();
    assert_eq!(
        (direct.code(), reason(&direct).as_str()),
        (Code::FailedPrecondition, "LABEL_REQUIRES_APPROVAL")
    );
    let needless = app
        .labels
        .request_label_move(RequestLabelMoveRequest {
            name: "staging".into(),
            ..ask(&project, &v2, "li", "")
        })
        .await
        .unwrap_err();
    assert_eq!(reason(&needless), "APPROVAL_NOT_REQUIRED");

    let request_id = uuid::Uuid::now_v7().to_string();
    let asked = app
        .labels
        .request_label_move(ask(&project, &v2, "li", &request_id))
        .await
        .unwrap()
        .into_inner();
    assert_eq!(asked.state, LabelMoveRequestState::Pending as i32);
    assert_eq!((asked.actor.as_str(), asked.version_id.as_str()), ("li", v2.as_str()));
    let retried = app
        .labels
        .request_label_move(ask(&project, &v2, "li", &request_id))
        .await
        .unwrap()
        .into_inner();
    assert_eq!(retried, asked, "a retried request id asks once");
    let rival = app
        .labels
        .request_label_move(ask(&project, &v2, "kim", ""))
        .await
        .unwrap()
        .into_inner();

    let own = app
        .labels
        .approve_label_move(approve(&asked.id, "li"))
        .await
        .unwrap_err();
    assert_eq!(
        (own.code(), reason(&own).as_str()),
        (Code::FailedPrecondition, "SELF_APPROVAL")
    );
    let moved = app
        .labels
        .approve_label_move(approve(&asked.id, "sam"))
        .await
        .unwrap()
        .into_inner();
    assert_eq!(moved.version_id, v2);
    let again = app
        .labels
        .approve_label_move(approve(&asked.id, "sam"))
        .await
        .unwrap()
        .into_inner();
    assert_eq!(again, moved, "approving again as the approver changes nothing");
    let stale = app
        .labels
        .approve_label_move(approve(&rival.id, "sam"))
        .await
        .unwrap_err();
    assert_eq!(
        (stale.code(), reason(&stale).as_str()),
        (Code::FailedPrecondition, "REQUEST_NOT_PENDING")
    );
    let unknown = app
        .labels
        .approve_label_move(approve(&uuid::Uuid::now_v7().to_string(), "sam"))
        .await
        .unwrap_err();
    assert_eq!(
        (unknown.code(), reason(&unknown).as_str()),
        (Code::NotFound, "LABEL_MOVE_REQUEST_NOT_FOUND")
    );

    let moves = history(&mut app, &project, "production").await;
    assert_eq!(moves.len(), 2, "one direct move, one approved");
    let approved = &moves[0];
    assert_eq!(
        (
            approved.from_version_id.as_str(),
            approved.to_version_id.as_str(),
            approved.actor.as_str(),
            approved.approver_actor.as_str(),
            approved.approver_principal.as_str(),
            approved.move_request_id.as_str(),
            approved.request_id.as_str(),
        ),
        (
            v1.as_str(),
            v2.as_str(),
            "li",
            "sam",
            "anonymous",
            asked.id.as_str(),
            request_id.as_str()
        )
    );
    assert!(moves[1].move_request_id.is_empty() && moves[1].approver_actor.is_empty());

    let list = |state: LabelMoveRequestState| ListLabelMoveRequestsRequest {
        owner: Some(list_label_move_requests_request::Owner::ProjectId(project.clone())),
        state: state as i32,
        page_size: 1,
        ..Default::default()
    };
    let first = app
        .labels
        .list_label_move_requests(list(LabelMoveRequestState::Unspecified))
        .await
        .unwrap()
        .into_inner();
    let second = app
        .labels
        .list_label_move_requests(ListLabelMoveRequestsRequest {
            page_token: first.next_page_token.clone(),
            ..list(LabelMoveRequestState::Unspecified)
        })
        .await
        .unwrap()
        .into_inner();
    let seen: Vec<(&str, i32, &str)> = first
        .requests
        .iter()
        .chain(&second.requests)
        .map(|r| (r.id.as_str(), r.state, r.approver_actor.as_str()))
        .collect();
    assert_eq!(
        seen,
        [
            (rival.id.as_str(), LabelMoveRequestState::Superseded as i32, ""),
            (asked.id.as_str(), LabelMoveRequestState::Approved as i32, "sam"),
        ],
        "newest first"
    );
    assert!(second.next_page_token.is_empty());
    let pending = app
        .labels
        .list_label_move_requests(list(LabelMoveRequestState::Pending))
        .await
        .unwrap()
        .into_inner();
    assert!(pending.requests.is_empty());
}

async fn next_move(stream: &mut Streaming<agentbase_proto::scripts::v1::WatchLabelsResponse>) -> LabelMove {
    tokio::time::timeout(Duration::from_secs(10), stream.next())
        .await
        .expect("a move within 10 s")
        .expect("the stream is open")
        .expect("a move, not an error")
        .label_move
        .expect("the move")
}

fn watch_project(project_id: &str, start: watch_labels_request::Start) -> WatchLabelsRequest {
    WatchLabelsRequest {
        owner: Some(watch_labels_request::Owner::ProjectId(project_id.into())),
        start: Some(start),
    }
}

async fn script(app: &mut TestApp, name: &str) -> String {
    app.scripts
        .create_script(CreateScriptRequest {
            name: name.into(),
            author: "li".into(),
            content: TECHNIQUE.into(),
            ..Default::default()
        })
        .await
        .unwrap()
        .into_inner()
        .id
}

/// A watcher from now and one resumed from a cursor each receive every later
/// move of their project once, in sequence order (deletions included); a
/// watcher of every label receives concurrent moves of many scripts once
/// each, in increasing sequence.
async fn watchers_see_every_move_once_in_order(backend: Backend) {
    let mut app = spawn_app(backend).await;
    let (project, v1, v2) = project_with_two_versions(&mut app).await;
    app.labels
        .set_label(move_request(&project, "production", &v1, ""))
        .await
        .unwrap();
    let cursor = history(&mut app, &project, "production").await[0].sequence;
    let mut live = app
        .labels
        .watch_labels(watch_project(&project, watch_labels_request::Start::FromNow(true)))
        .await
        .unwrap()
        .into_inner();
    // The watcher reads where it starts before it answers; give it a moment to subscribe.
    tokio::time::sleep(Duration::from_millis(200)).await;
    app.labels
        .set_label(move_request(&project, "staging", &v1, ""))
        .await
        .unwrap();
    app.labels
        .set_label(move_request(&project, "production", &v2, ""))
        .await
        .unwrap();
    app.labels
        .delete_label(DeleteLabelRequest {
            owner: Some(delete_label_request::Owner::ProjectId(project.clone())),
            name: "staging".into(),
            reason: "done".into(),
            ..Default::default()
        })
        .await
        .unwrap();
    let mut resumed = app
        .labels
        .watch_labels(watch_project(
            &project,
            watch_labels_request::Start::AfterSequence(cursor),
        ))
        .await
        .unwrap()
        .into_inner();
    let expected = [
        ("staging", "", v1.as_str()),
        ("production", v1.as_str(), v2.as_str()),
        ("staging", v1.as_str(), ""),
    ];
    for stream in [&mut live, &mut resumed] {
        let mut last = cursor;
        for (name, from, to) in expected {
            let moved = next_move(stream).await;
            assert_eq!(
                (
                    moved.name.as_str(),
                    moved.from_version_id.as_str(),
                    moved.to_version_id.as_str()
                ),
                (name, from, to)
            );
            assert!(moved.sequence > last, "in sequence order");
            last = moved.sequence;
        }
    }

    let scripts: Vec<String> = {
        let mut ids = Vec::new();
        for i in 0..12 {
            ids.push(script(&mut app, &format!("watched {i} {}", uuid::Uuid::now_v7())).await);
        }
        ids
    };
    let mut everything = app
        .labels
        .watch_labels(WatchLabelsRequest {
            owner: None,
            start: Some(watch_labels_request::Start::FromNow(true)),
        })
        .await
        .unwrap()
        .into_inner();
    tokio::time::sleep(Duration::from_millis(200)).await;
    let movers: Vec<_> = scripts
        .iter()
        .map(|id| {
            let mut labels = app.labels.clone();
            let request = SetLabelRequest {
                owner: Some(set_label_request::Owner::ScriptId(id.clone())),
                name: "production".into(),
                revision: 1,
                reason: "first release".into(),
                ..Default::default()
            };
            tokio::spawn(async move { labels.set_label(request).await })
        })
        .collect();
    for mover in movers {
        mover.await.unwrap().unwrap();
    }
    let mut seen = Vec::new();
    let mut last = 0;
    for _ in &scripts {
        let moved = next_move(&mut everything).await;
        assert!(moved.sequence > last, "in sequence order");
        last = moved.sequence;
        seen.push(moved.script_id);
    }
    seen.sort();
    let mut expected = scripts.clone();
    expected.sort();
    assert_eq!(seen, expected, "each script's move once");

    let negative = app
        .labels
        .watch_labels(watch_project(&project, watch_labels_request::Start::AfterSequence(-1)))
        .await
        .unwrap_err();
    assert_eq!(
        agentbase_testkit::errors::violated_fields(&negative),
        ["after_sequence"]
    );
    let missing = app
        .labels
        .watch_labels(watch_project(
            &uuid::Uuid::now_v7().to_string(),
            watch_labels_request::Start::FromNow(true),
        ))
        .await
        .unwrap_err();
    assert_eq!(missing.code(), Code::NotFound);
}

/// What label calls cost, whatever the history's length: statements counted
/// across the server's pools while the call runs.
async fn label_calls_cost_fixed_statements(backend: Backend) {
    let mut app = spawn_app(backend).await;
    let (project, v1, v2) = project_with_two_versions(&mut app).await;
    let count = |before: u64, app: &TestApp| app.statements.get() - before;
    // Locking the owner is one statement on PostgreSQL (FOR UPDATE) and two on
    // SQLite (a no-op write takes the write lock, then the read).
    let lock = match backend {
        Backend::Postgres | Backend::Pooled => 1,
        Backend::Sqlite => 2,
    };
    // PostgreSQL alone sends the move lock and the NOTIFY.
    let announce = match backend {
        Backend::Postgres | Backend::Pooled => 2,
        Backend::Sqlite => 0,
    };
    // Lock, check the version, read the label, insert or update it, write the
    // history, supersede pending requests, the audit event.
    let a_move = lock + 6 + announce;
    for version in [&v1, &v2, &v1, &v2] {
        let before = app.statements.get();
        app.labels
            .set_label(move_request(&project, "production", version, ""))
            .await
            .unwrap();
        assert_eq!(count(before, &app), a_move, "a move, however long the history");
    }
    require_approval(&mut app, &project).await;
    let before = app.statements.get();
    let asked = app
        .labels
        .request_label_move(ask(&project, &v1, "li", ""))
        .await
        .unwrap()
        .into_inner();
    // Lock, read the label, check the version, insert, audit.
    assert_eq!(count(before, &app), lock + 4, "RequestLabelMove");
    let before = app.statements.get();
    app.labels.approve_label_move(approve(&asked.id, "sam")).await.unwrap();
    // Read the request, lock, read it again and the label, check the
    // version, update the label, history, mark it approved, supersede the
    // rest, audit.
    assert_eq!(count(before, &app), lock + 9 + announce, "ApproveLabelMove");
    let before = app.statements.get();
    let mut stream = app
        .labels
        .watch_labels(watch_project(&project, watch_labels_request::Start::AfterSequence(0)))
        .await
        .unwrap()
        .into_inner();
    for _ in 0..5 {
        next_move(&mut stream).await;
    }
    // The owner's existence, then one read of the history (five moves).
    assert_eq!(count(before, &app), 2, "a watch's catch-up is one read per batch");
    drop(stream);
}

/// Approvals racing on one label, while their refusals (a request the other
/// approval superseded) are recorded beside them: every approval is OK or
/// REQUEST_NOT_PENDING, never UNAVAILABLE or INTERNAL. On SQLite a refusal's
/// event written out of the writers' turn broke the snapshot of an approval
/// that had read its request (SQLITE_BUSY_SNAPSHOT, then INTERNAL).
async fn racing_approvals_are_answered(backend: Backend) {
    let mut app = spawn_app(backend).await;
    let (project, v1, v2) = project_with_two_versions(&mut app).await;
    app.labels
        .set_label(move_request(&project, "production", &v1, ""))
        .await
        .unwrap();
    require_approval(&mut app, &project).await;
    let workers: Vec<_> = (0..4)
        .map(|worker| {
            let mut labels = app.labels.clone();
            let (project, versions) = (project.clone(), [v1.clone(), v2.clone()]);
            tokio::spawn(async move {
                let mut answers = Vec::new();
                for round in 0..15 {
                    let target = &versions[(worker + round) % 2];
                    let Ok(asked) = labels.request_label_move(ask(&project, target, "li", "")).await else {
                        continue;
                    };
                    let answer = labels.approve_label_move(approve(&asked.into_inner().id, "wu")).await;
                    answers.push(answer.map(|_| ()).map_err(|status| (status.code(), reason(&status))));
                }
                answers
            })
        })
        .collect();
    let mut approved = 0;
    for worker in workers {
        for answer in worker.await.unwrap() {
            match answer {
                Ok(()) => approved += 1,
                Err((code, why)) => assert_eq!(
                    (code, why.as_str()),
                    (Code::FailedPrecondition, "REQUEST_NOT_PENDING"),
                    "an approval is answered or superseded"
                ),
            }
        }
    }
    assert!(approved > 0);
}

backend_tests!(
    racing_approvals_are_answered,
    approvals_need_a_second_person,
    watchers_see_every_move_once_in_order,
    label_calls_cost_fixed_statements
);

/// Two server instances on one PostgreSQL database: a watcher connected to
/// the second receives a move made through the first (LISTEN/NOTIFY).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn watchers_on_another_replica_see_moves() {
    let mut first = spawn_app(Backend::Postgres).await;
    let options = AppOptions {
        env: vec![("AGENTBASE_DATABASE_URL".into(), first.database_url().unwrap())],
        ..Default::default()
    };
    let mut second = spawn_app_with(Backend::Postgres, options).await;
    let (project, v1, _) = project_with_two_versions(&mut first).await;
    let mut stream = second
        .labels
        .watch_labels(watch_project(&project, watch_labels_request::Start::FromNow(true)))
        .await
        .unwrap()
        .into_inner();
    // Let the watcher finish its (empty) catch-up and wait on its wake-ups.
    tokio::time::sleep(Duration::from_millis(200)).await;
    let started = std::time::Instant::now();
    first
        .labels
        .set_label(move_request(&project, "production", &v1, ""))
        .await
        .unwrap();
    let moved = next_move(&mut stream).await;
    let took = started.elapsed();
    assert_eq!(
        (moved.name.as_str(), moved.to_version_id.as_str()),
        ("production", v1.as_str())
    );
    // A wake-up lost would surface only at the 30 s safety poll; 10 s proves the NOTIFY.
    println!("cross-replica label move delivered in {took:?}");
}
