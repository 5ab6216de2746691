//! Tasks leased to workers (ClaimTasks, HeartbeatTasks, lease expiry and
//! LEASE_LOST) through the generated client against PostgreSQL and SQLite.

use std::{collections::HashSet, time::Duration};

use agentbase_proto::evaluation::v1::{
    CancelRunRequest, ClaimTasksRequest, CreateRunRequest, Exercise, FinishTaskRequest, GetRunRequest, GetTaskRequest,
    HeartbeatTasksRequest, Language, RecordTaskMetricsRequest, RecordToolErrorRequest, Task, TaskMetrics, TaskOutcome,
    TaskStatus, get_task_request::Selector,
};
use agentbase_testkit::{
    AppOptions, Backend, TestApp, backend_tests, errors::violated_fields, spawn_app, spawn_app_with,
};
use tonic::Code;

use super::support::reason;

fn exercise(language: Language, name: &str) -> Exercise {
    Exercise {
        language: language as i32,
        exercise: name.into(),
    }
}

async fn create_run(app: &mut TestApp, exercises: Vec<Exercise>, iterations: i32, max_attempts: i32) -> String {
    app.evaluation
        .create_run(CreateRunRequest {
            model: "claude-x".into(),
            name: "leased".into(),
            exercises,
            iterations,
            max_attempts,
            ..Default::default()
        })
        .await
        .unwrap()
        .into_inner()
        .id
}

fn claim(run_id: &str, worker: &str, max_tasks: i32, lease_seconds: i32) -> ClaimTasksRequest {
    ClaimTasksRequest {
        run_id: run_id.into(),
        worker_id: worker.into(),
        max_tasks,
        lease_seconds,
    }
}

async fn get_task(app: &mut TestApp, id: &str) -> Task {
    app.evaluation
        .get_task(GetTaskRequest {
            selector: Some(Selector::TaskId(id.into())),
        })
        .await
        .unwrap()
        .into_inner()
}

fn finish(task_id: &str, worker: &str, outcome: TaskOutcome) -> FinishTaskRequest {
    FinishTaskRequest {
        task_id: task_id.into(),
        outcome: outcome as i32,
        worker_id: worker.into(),
        ..Default::default()
    }
}

/// 16 workers claim a 10,000-task run in batches of 20 until nothing is
/// left: every task is claimed exactly once, and each is running under its
/// claimer's lease.
async fn sixteen_workers_claim_each_task_once(backend: Backend) {
    let mut app = spawn_app(backend).await;
    let languages = [
        Language::Go,
        Language::Java,
        Language::Javascript,
        Language::Python,
        Language::Rust,
    ];
    let exercises = languages
        .iter()
        .flat_map(|language| (0..400).map(move |i| exercise(*language, &format!("exercise-{i:03}"))))
        .collect();
    let run_id = create_run(&mut app, exercises, 5, 0).await;
    let started = std::time::Instant::now();
    let workers: Vec<_> = (0..16)
        .map(|w| {
            let mut client = app.evaluation.clone();
            let run_id = run_id.clone();
            tokio::spawn(async move {
                let worker = format!("worker-{w:02}");
                let mut claimed = Vec::new();
                loop {
                    let tasks = client
                        .claim_tasks(claim(&run_id, &worker, 20, 600))
                        .await
                        .unwrap()
                        .into_inner()
                        .tasks;
                    if tasks.is_empty() {
                        return (worker, claimed);
                    }
                    assert!(tasks.len() <= 20);
                    for task in tasks {
                        assert_eq!(
                            (task.status, task.lease_owner.as_str()),
                            (TaskStatus::Running as i32, worker.as_str())
                        );
                        claimed.push(task.id);
                    }
                }
            })
        })
        .collect();
    let mut all = Vec::new();
    for worker in workers {
        let (_, claimed) = worker.await.unwrap();
        all.extend(claimed);
    }
    let took = started.elapsed();
    let unique: HashSet<&String> = all.iter().collect();
    assert_eq!(all.len(), 10_000, "every task claimed");
    assert_eq!(unique.len(), 10_000, "none twice");
    println!("{backend:?}: 16 workers claimed 10,000 tasks in batches of 20 in {took:?}");
    let run = app
        .evaluation
        .get_run(GetRunRequest { id: run_id.clone() })
        .await
        .unwrap()
        .into_inner();
    assert_eq!(
        run.totals.unwrap().unfinished,
        10_000,
        "claimed tasks are running, not finished"
    );
}

/// Claims go in the fair order, one statement budget whatever their size;
/// bad claims name their field; a cancelled run hands out nothing.
async fn claims_are_fair_bounded_and_checked(backend: Backend) {
    let mut app = spawn_app(backend).await;
    let run_id = create_run(
        &mut app,
        vec![
            exercise(Language::Python, "a"),
            exercise(Language::Python, "b"),
            exercise(Language::Python, "c"),
            exercise(Language::Go, "x"),
        ],
        2,
        0,
    )
    .await;
    // The first claim also marks the run running; the ones after cost the same.
    let opening = app
        .evaluation
        .claim_tasks(claim(&run_id, "w0", 1, 0))
        .await
        .unwrap()
        .into_inner();
    let before = app.statements.get();
    let first = app
        .evaluation
        .claim_tasks(claim(&run_id, "w1", 3, 0))
        .await
        .unwrap()
        .into_inner();
    let claim_of_three = app.statements.get() - before;
    let order: Vec<(i32, &str, i32, i32)> = opening
        .tasks
        .iter()
        .chain(&first.tasks)
        .map(|t| (t.language, t.exercise.as_str(), t.iteration, t.attempt))
        .collect();
    assert_eq!(
        order,
        [
            (Language::Go as i32, "x", 1, 1),
            (Language::Python as i32, "a", 1, 1),
            (Language::Python as i32, "b", 1, 1),
            (Language::Python as i32, "c", 1, 1),
        ],
        "first iterations first, languages in turn"
    );
    let lease_end = first.lease_expire_time.unwrap().seconds;
    let now = chrono::Utc::now().timestamp();
    assert!((now + 55..=now + 65).contains(&lease_end), "0 means a minute");
    let before = app.statements.get();
    let next = app
        .evaluation
        .claim_tasks(claim(&run_id, "w2", 1, 30))
        .await
        .unwrap()
        .into_inner();
    assert_eq!(
        app.statements.get() - before,
        claim_of_three,
        "a claim costs the same statements whatever its size"
    );
    assert_eq!((next.tasks[0].exercise.as_str(), next.tasks[0].iteration), ("x", 2));

    let bad = app
        .evaluation
        .claim_tasks(ClaimTasksRequest {
            run_id: "nope".into(),
            worker_id: String::new(),
            max_tasks: 101,
            lease_seconds: 3_601,
        })
        .await
        .unwrap_err();
    assert_eq!(
        violated_fields(&bad),
        ["run_id", "worker_id", "max_tasks", "lease_seconds"]
    );
    let missing = app
        .evaluation
        .claim_tasks(claim(&uuid::Uuid::now_v7().to_string(), "w1", 1, 30))
        .await
        .unwrap_err();
    assert_eq!(reason(&missing), "RUN_NOT_FOUND");
    app.evaluation
        .cancel_run(CancelRunRequest { id: run_id.clone() })
        .await
        .unwrap();
    let cancelled = app
        .evaluation
        .claim_tasks(claim(&run_id, "w1", 1, 30))
        .await
        .unwrap_err();
    assert_eq!(
        (cancelled.code(), reason(&cancelled).as_str()),
        (Code::FailedPrecondition, "RUN_CANCELLED")
    );
    let lost = app
        .evaluation
        .heartbeat_tasks(HeartbeatTasksRequest {
            worker_id: "w1".into(),
            task_ids: first.tasks.iter().map(|t| t.id.clone()).collect(),
            lease_seconds: 30,
            ..Default::default()
        })
        .await
        .unwrap()
        .into_inner();
    assert!(lost.renewed_task_ids.is_empty(), "cancelled tasks hold no lease");
    assert_eq!(lost.lost_task_ids.len(), 3);

    // Every bad field of a request is named at once, whichever others are bad.
    let repeated = uuid::Uuid::now_v7().to_string();
    let held = |id: &str| agentbase_proto::evaluation::v1::HeldTask {
        task_id: id.into(),
        attempt: 1,
    };
    let bad = app
        .evaluation
        .heartbeat_tasks(HeartbeatTasksRequest {
            worker_id: String::new(),
            task_ids: vec!["nope".into()],
            tasks: vec![held(&repeated), held(&repeated)],
            lease_seconds: -1,
        })
        .await
        .unwrap_err();
    assert_eq!(
        violated_fields(&bad),
        ["worker_id", "task_ids[0]", "tasks[1].task_id", "lease_seconds"]
    );
    let bad = app
        .evaluation
        .list_tasks(agentbase_proto::evaluation::v1::ListTasksRequest {
            run_id: "nope".into(),
            status: 99,
            page_size: -1,
            page_token: "zz".into(),
            ..Default::default()
        })
        .await
        .unwrap_err();
    assert_eq!(violated_fields(&bad), ["run_id", "status", "page_size"]);
    let bad = app
        .evaluation
        .list_task_attempts(agentbase_proto::evaluation::v1::ListTaskAttemptsRequest {
            task_id: "nope".into(),
            page_size: -1,
            ..Default::default()
        })
        .await
        .unwrap_err();
    assert_eq!(violated_fields(&bad), ["task_id", "page_size"]);
    let bad = app
        .evaluation
        .list_runs(agentbase_proto::evaluation::v1::ListRunsRequest {
            status: 99,
            page_size: -1,
            ..Default::default()
        })
        .await
        .unwrap_err();
    assert_eq!(violated_fields(&bad), ["status", "page_size"]);
}

/// A worker that stops heartbeating loses its task: the lease expires, the
/// next claim takes it back and another worker finishes it; the first
/// worker's late writes are LEASE_LOST and change nothing. A task whose
/// every attempt's lease expires is errored with LEASE_EXPIRED, by the
/// background sweep when no claim comes.
async fn expired_leases_go_to_another_worker(backend: Backend) {
    let mut app = spawn_app(backend).await;
    let run_id = create_run(
        &mut app,
        vec![exercise(Language::Rust, "a"), exercise(Language::Rust, "b")],
        1,
        2,
    )
    .await;
    let held = app
        .evaluation
        .claim_tasks(claim(&run_id, "w1", 2, 1))
        .await
        .unwrap()
        .into_inner()
        .tasks;
    let (a, b) = (held[0].id.clone(), held[1].id.clone());
    let kept = app
        .evaluation
        .heartbeat_tasks(HeartbeatTasksRequest {
            worker_id: "w1".into(),
            task_ids: vec![b.clone()],
            lease_seconds: 600,
            ..Default::default()
        })
        .await
        .unwrap()
        .into_inner();
    assert_eq!(kept.renewed_task_ids, std::slice::from_ref(&b));
    tokio::time::sleep(Duration::from_millis(1_300)).await;
    let heartbeat = app
        .evaluation
        .heartbeat_tasks(HeartbeatTasksRequest {
            worker_id: "w1".into(),
            task_ids: vec![a.clone(), b.clone()],
            lease_seconds: 600,
            ..Default::default()
        })
        .await
        .unwrap()
        .into_inner();
    assert_eq!(
        (heartbeat.renewed_task_ids, heartbeat.lost_task_ids),
        (vec![b.clone()], vec![a.clone()]),
        "the expired lease is not renewed"
    );

    let retaken = app
        .evaluation
        .claim_tasks(claim(&run_id, "w2", 5, 600))
        .await
        .unwrap()
        .into_inner()
        .tasks;
    assert_eq!(retaken.len(), 1);
    assert_eq!(
        (
            retaken[0].id.as_str(),
            retaken[0].attempt,
            retaken[0].lease_owner.as_str()
        ),
        (a.as_str(), 2, "w2")
    );
    app.evaluation
        .record_task_metrics(RecordTaskMetricsRequest {
            task_id: a.clone(),
            metrics: Some(TaskMetrics {
                tokens_in: 7,
                ..Default::default()
            }),
            worker_id: "w2".into(),
            ..Default::default()
        })
        .await
        .unwrap();
    let done = app
        .evaluation
        .finish_task(finish(&a, "w2", TaskOutcome::Passed))
        .await
        .unwrap()
        .into_inner();
    assert_eq!(
        (done.status, done.lease_owner.as_str()),
        (TaskStatus::Passed as i32, "")
    );

    let late = app
        .evaluation
        .finish_task(finish(&a, "w1", TaskOutcome::Failed))
        .await
        .unwrap_err();
    assert_eq!(
        (late.code(), reason(&late).as_str()),
        (Code::FailedPrecondition, "LEASE_LOST")
    );
    let late_metrics = app
        .evaluation
        .record_task_metrics(RecordTaskMetricsRequest {
            task_id: a.clone(),
            metrics: Some(TaskMetrics {
                tokens_in: 1_000,
                ..Default::default()
            }),
            worker_id: "w1".into(),
            ..Default::default()
        })
        .await
        .unwrap_err();
    assert_eq!(reason(&late_metrics), "LEASE_LOST");
    let late_error = app
        .evaluation
        .record_tool_error(RecordToolErrorRequest {
            task_id: a.clone(),
            tool_name: "bash".into(),
            error: "late".into(),
            worker_id: "w1".into(),
            ..Default::default()
        })
        .await
        .unwrap_err();
    assert_eq!(reason(&late_error), "LEASE_LOST");
    let unleased = app
        .evaluation
        .finish_task(finish(&b, "", TaskOutcome::Failed))
        .await
        .unwrap_err();
    assert_eq!(
        reason(&unleased),
        "LEASE_LOST",
        "a leased task is written by its worker only"
    );
    let a_now = get_task(&mut app, &a).await;
    assert_eq!(
        (a_now.status, a_now.metrics.unwrap().tokens_in),
        (TaskStatus::Passed as i32, 7),
        "the late writes changed nothing"
    );
    app.evaluation
        .finish_task(finish(&b, "w1", TaskOutcome::Failed))
        .await
        .unwrap();
    let totals = app
        .evaluation
        .get_run(GetRunRequest { id: run_id.clone() })
        .await
        .unwrap()
        .into_inner()
        .totals
        .unwrap();
    assert_eq!(
        (totals.passed, totals.failed, totals.unfinished, totals.tokens_in),
        (1, 1, 0, 7)
    );

    // Every attempt's lease expires: the sweep errors the task, no claim needed.
    let options = AppOptions {
        env: vec![("AGENTBASE_LEASE_SWEEP_INTERVAL_MS".into(), "200".into())],
        ..Default::default()
    };
    let mut swept = spawn_app_with(backend, options).await;
    let run_id = create_run(&mut swept, vec![exercise(Language::Go, "c")], 1, 2).await;
    let c = swept
        .evaluation
        .claim_tasks(claim(&run_id, "w1", 1, 1))
        .await
        .unwrap()
        .into_inner()
        .tasks
        .remove(0)
        .id;
    let mut attempts = Vec::new();
    let task = loop {
        tokio::time::sleep(Duration::from_millis(300)).await;
        let task = get_task(&mut swept, &c).await;
        attempts.push((task.status, task.attempt));
        if task.status == TaskStatus::Pending as i32 {
            let again = swept
                .evaluation
                .claim_tasks(claim(&run_id, "w2", 1, 1))
                .await
                .unwrap()
                .into_inner()
                .tasks;
            assert_eq!(again.len(), 1, "the second attempt is claimed");
        }
        if task.status == TaskStatus::Errored as i32 {
            break task;
        }
        assert!(attempts.len() < 40, "the sweep never errored the task: {attempts:?}");
    };
    assert_eq!((task.attempt, task.error_reason.as_str()), (2, "LEASE_EXPIRED"));
    let totals = swept
        .evaluation
        .get_run(GetRunRequest { id: run_id })
        .await
        .unwrap()
        .into_inner()
        .totals
        .unwrap();
    assert_eq!((totals.errored, totals.unfinished), (1, 0));
}

backend_tests!(
    sixteen_workers_claim_each_task_once,
    claims_are_fair_bounded_and_checked,
    expired_leases_go_to_another_worker
);

// Through PgBouncer in transaction mode too (docs/OPERATIONS.md, "Transaction pooling").
agentbase_testkit::pooled_tests!(
    sixteen_workers_claim_each_task_once,
    expired_leases_go_to_another_worker
);
