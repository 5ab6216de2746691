//! What a fleet of runners relies on (issue 33), finding by finding, through
//! the generated client against PostgreSQL and SQLite: watches that end,
//! complete replays of reopened runs, fencing tokens, idempotent finishes,
//! refusals a runner can tell apart, FinishRun with work in flight, and
//! retries of invalidated results.

use std::time::Duration;

use agentbase_proto::evaluation::v1::{
    CancelRunRequest, ClaimTasksRequest, CreateRunRequest, Exercise, FinishRunRequest, FinishTaskRequest,
    GetRunRequest, HeartbeatTasksRequest, HeldTask, InvalidateTaskRequest, Language, ListTaskAttemptsRequest,
    RecordTaskMetricsRequest, RecordToolErrorRequest, RetryTasksRequest, RunEvent, RunStatus, Task, TaskMetrics,
    TaskOutcome, TaskStatus, WatchRunResponse,
};
use agentbase_testkit::{Backend, TestApp, backend_tests, errors::violated_fields, spawn_app};
use tokio_stream::StreamExt;
use tonic::{Code, Status, Streaming};

use super::support::{self, reason, until_end};

async fn create_run(app: &mut TestApp, exercises: usize, iterations: i32) -> String {
    app.evaluation
        .create_run(CreateRunRequest {
            model: "claude-x".into(),
            name: "fleet".into(),
            exercises: (0..exercises)
                .map(|i| Exercise {
                    language: Language::Python as i32,
                    exercise: format!("ex-{i:03}"),
                })
                .collect(),
            iterations,
            max_attempts: 10,
            ..Default::default()
        })
        .await
        .unwrap()
        .into_inner()
        .id
}

async fn claim(app: &mut TestApp, run_id: &str, worker: &str, max_tasks: i32, lease_seconds: i32) -> Vec<Task> {
    app.evaluation
        .claim_tasks(ClaimTasksRequest {
            run_id: run_id.into(),
            worker_id: worker.into(),
            max_tasks,
            lease_seconds,
        })
        .await
        .unwrap()
        .into_inner()
        .tasks
}

fn finish(task: &Task, worker: &str, attempt: i32, outcome: TaskOutcome) -> FinishTaskRequest {
    FinishTaskRequest {
        task_id: task.id.clone(),
        outcome: outcome as i32,
        worker_id: worker.into(),
        attempt,
        ..Default::default()
    }
}

fn metrics(task: &Task, worker: &str, attempt: i32, tokens_in: i64) -> RecordTaskMetricsRequest {
    RecordTaskMetricsRequest {
        task_id: task.id.clone(),
        metrics: Some(TaskMetrics {
            tokens_in,
            ..Default::default()
        }),
        worker_id: worker.into(),
        attempt,
        ..Default::default()
    }
}

async fn finish_run(
    app: &mut TestApp,
    run_id: &str,
    force: bool,
) -> Result<agentbase_proto::evaluation::v1::Run, Status> {
    app.evaluation
        .finish_run(FinishRunRequest {
            id: run_id.into(),
            force,
        })
        .await
        .map(tonic::Response::into_inner)
}

async fn watch(app: &mut TestApp, run_id: &str, after_sequence: i64) -> Streaming<WatchRunResponse> {
    support::watch(&mut app.evaluation, run_id, after_sequence).await
}

/// `count` events, then proof that the stream stays open (no end, no event, for 1 s).
async fn take_and_stay_open(stream: &mut Streaming<WatchRunResponse>, count: usize) -> Vec<RunEvent> {
    let mut seen = Vec::new();
    while seen.len() < count {
        let next = tokio::time::timeout(Duration::from_secs(10), stream.next())
            .await
            .expect("an event within 10 s")
            .expect("the stream goes on");
        seen.push(next.unwrap().event.unwrap());
    }
    assert!(
        tokio::time::timeout(Duration::from_secs(1), stream.next())
            .await
            .is_err(),
        "the watch of a running run stays open, with nothing more to send"
    );
    seen
}

/// Findings 1 and 6: FinishRun with a leased task is refused
/// (`TASKS_IN_FLIGHT`); with `force` it cancels the task in the same
/// transaction, the holder's late FinishTask is `RUN_FINISHED` and changes
/// nothing, and every watcher — from 0 or resumed at FINISHED — ends.
async fn finish_run_with_work_in_flight(backend: Backend) {
    let mut app = spawn_app(backend).await;
    let run_id = create_run(&mut app, 2, 1).await;
    let held = claim(&mut app, &run_id, "w1", 1, 60).await.remove(0);
    let mut live = watch(&mut app, &run_id, 0).await;

    let refused = finish_run(&mut app, &run_id, false).await.unwrap_err();
    assert_eq!(refused.code(), Code::FailedPrecondition);
    assert_eq!(reason(&refused), "TASKS_IN_FLIGHT");
    let forced = finish_run(&mut app, &run_id, true).await.unwrap();
    assert_eq!(forced.status, RunStatus::Finished as i32);
    let totals = forced.totals.clone().unwrap();
    assert_eq!(
        (totals.cancelled, totals.unfinished),
        (1, 1),
        "the running task is cancelled; the pending one stays unfinished"
    );

    let late = app
        .evaluation
        .finish_task(finish(&held, "w1", held.attempt, TaskOutcome::Passed))
        .await
        .unwrap_err();
    assert_eq!(reason(&late), "RUN_FINISHED");
    let after = app
        .evaluation
        .get_run(GetRunRequest { id: run_id.clone() })
        .await
        .unwrap()
        .into_inner();
    assert_eq!(after.totals, forced.totals, "a finished run's totals never change");
    assert_eq!(
        finish_run(&mut app, &run_id, false).await.unwrap().totals,
        forced.totals,
        "FinishRun stays idempotent"
    );

    let events = until_end(&mut live).await;
    let story: Vec<(i32, i32, &str)> = events
        .iter()
        .map(|e| (e.task_status, e.run_status, e.reason.as_str()))
        .collect();
    assert_eq!(
        story,
        [
            (TaskStatus::Running as i32, 0, ""),
            (0, RunStatus::Running as i32, ""),
            (TaskStatus::Cancelled as i32, 0, "RUN_FINISHED"),
            (0, RunStatus::Finished as i32, ""),
        ]
    );
    let finished_at = events.last().unwrap().sequence;
    assert!(
        until_end(&mut watch(&mut app, &run_id, finished_at).await)
            .await
            .is_empty()
    );
    assert_eq!(until_end(&mut watch(&mut app, &run_id, 0).await).await, events);
}

/// Finding 2: 83 exercises × 3 iterations, all claimed and finished (3
/// failed), FinishRun (event 500), RetryTasks reopens the run: a replay from
/// 0 sends all 504 events and stays open while the run runs, then ends with
/// the run's second FINISHED, having sent every event once.
async fn a_reopened_runs_replay_is_complete(backend: Backend) {
    let mut app = spawn_app(backend).await;
    let run_id = create_run(&mut app, 83, 3).await;
    let mut tasks = Vec::new();
    loop {
        let batch = claim(&mut app, &run_id, "w1", 100, 600).await;
        if batch.is_empty() {
            break;
        }
        tasks.extend(batch);
    }
    assert_eq!(tasks.len(), 249);
    for (i, task) in tasks.iter().enumerate() {
        let outcome = if i % 100 == 7 {
            TaskOutcome::Failed
        } else {
            TaskOutcome::Passed
        };
        app.evaluation
            .finish_task(finish(task, "w1", task.attempt, outcome))
            .await
            .unwrap();
    }
    finish_run(&mut app, &run_id, false).await.unwrap();
    let before = until_end(&mut watch(&mut app, &run_id, 0).await).await;
    assert_eq!(before.len(), 500);
    assert_eq!(before[499].run_status, RunStatus::Finished as i32);

    let retried = app
        .evaluation
        .retry_tasks(RetryTasksRequest {
            run_id: run_id.clone(),
            ..Default::default()
        })
        .await
        .unwrap()
        .into_inner()
        .retried;
    assert_eq!(retried, 3);
    let mut replay = watch(&mut app, &run_id, 0).await;
    let mut seen = take_and_stay_open(&mut replay, 504).await;
    assert_eq!(seen[500..].iter().filter(|e| e.reason == "RETRY").count(), 3);
    assert_eq!(seen[503].run_status, RunStatus::Running as i32);

    for task in claim(&mut app, &run_id, "w2", 10, 600).await {
        app.evaluation
            .finish_task(finish(&task, "w2", task.attempt, TaskOutcome::Passed))
            .await
            .unwrap();
    }
    finish_run(&mut app, &run_id, false).await.unwrap();
    seen.extend(until_end(&mut replay).await);
    assert_eq!(seen.len(), 504 + 3 + 3 + 1);
    assert_eq!(seen.last().unwrap().run_status, RunStatus::Finished as i32);
    let sequences: Vec<i64> = seen.iter().map(|e| e.sequence).collect();
    assert!(sequences.windows(2).all(|w| w[0] < w[1]), "each event once, in order");
}

/// Finding 3: a worker whose lease expired re-claims the same task under the
/// same worker id; its stale attempt-1 writes are `LEASE_LOST`, the attempt-2
/// ones are accepted, and heartbeats extend only the attempt named.
async fn a_stale_attempt_is_fenced_off_under_the_same_worker_id(backend: Backend) {
    let mut app = spawn_app(backend).await;
    let run_id = create_run(&mut app, 1, 1).await;
    let first = claim(&mut app, &run_id, "pod-0", 1, 1).await.remove(0);
    assert_eq!(first.attempt, 1);
    tokio::time::sleep(Duration::from_millis(1_300)).await;
    let second = claim(&mut app, &run_id, "pod-0", 1, 60).await.remove(0);
    assert_eq!((second.id.as_str(), second.attempt), (first.id.as_str(), 2));

    let stale = app
        .evaluation
        .finish_task(finish(&first, "pod-0", 1, TaskOutcome::Failed))
        .await
        .unwrap_err();
    assert_eq!(reason(&stale), "LEASE_LOST");
    let stale_metrics = app
        .evaluation
        .record_task_metrics(metrics(&first, "pod-0", 1, 5))
        .await
        .unwrap_err();
    assert_eq!(reason(&stale_metrics), "LEASE_LOST");
    let stale_error = app
        .evaluation
        .record_tool_error(RecordToolErrorRequest {
            task_id: first.id.clone(),
            tool_name: "bash".into(),
            error: "late".into(),
            worker_id: "pod-0".into(),
            attempt: 1,
            ..Default::default()
        })
        .await
        .unwrap_err();
    assert_eq!(reason(&stale_error), "LEASE_LOST");

    let mut states = Vec::new();
    for attempt in [1, 2] {
        let beat = app
            .evaluation
            .heartbeat_tasks(HeartbeatTasksRequest {
                worker_id: "pod-0".into(),
                tasks: vec![HeldTask {
                    task_id: first.id.clone(),
                    attempt,
                }],
                lease_seconds: 30,
                ..Default::default()
            })
            .await
            .unwrap()
            .into_inner();
        let state = beat.tasks[0].clone();
        states.push((
            state.attempt,
            state.status,
            state.reason,
            state.lease_remaining.unwrap().seconds,
        ));
    }
    assert_eq!(
        states,
        [
            (2, TaskStatus::Running as i32, "LEASE_LOST".to_owned(), 0),
            (2, TaskStatus::Running as i32, String::new(), 30),
        ]
    );

    app.evaluation
        .record_task_metrics(metrics(&second, "pod-0", 2, 7))
        .await
        .unwrap();
    let done = app
        .evaluation
        .finish_task(finish(&second, "pod-0", 2, TaskOutcome::Passed))
        .await
        .unwrap()
        .into_inner();
    assert_eq!((done.status, done.attempt), (TaskStatus::Passed as i32, 2));
    let attempts = app
        .evaluation
        .list_task_attempts(ListTaskAttemptsRequest {
            task_id: first.id.clone(),
            ..Default::default()
        })
        .await
        .unwrap()
        .into_inner()
        .attempts;
    assert_eq!(
        attempts[0].error_reason, "LEASE_EXPIRED",
        "attempt 1 ended by its expiry, not by the stale write"
    );

    let negative = app
        .evaluation
        .finish_task(finish(&second, "pod-0", -1, TaskOutcome::Passed))
        .await
        .unwrap_err();
    assert_eq!(violated_fields(&negative), ["attempt"]);
    let anonymous = app
        .evaluation
        .finish_task(finish(&second, "", 2, TaskOutcome::Passed))
        .await
        .unwrap_err();
    assert_eq!(violated_fields(&anonymous), ["worker_id"]);
}

/// Finding 4: a FinishTask retried with the same request id (its answer was
/// lost) gets the same answer, not `LEASE_LOST`; so does a metrics report
/// retried after the task finished; the same id with another request is
/// refused; a second finish without the id is `TASK_FINISHED`; and a retry
/// after RetryTasks moved the task on still answers the attempt it finished.
async fn finishing_twice_with_one_request_id_answers_the_first(backend: Backend) {
    let mut app = spawn_app(backend).await;
    let run_id = create_run(&mut app, 1, 1).await;
    let task = claim(&mut app, &run_id, "w1", 1, 60).await.remove(0);
    let report = RecordTaskMetricsRequest {
        request_id: uuid::Uuid::new_v4().to_string(),
        ..metrics(&task, "w1", 1, 120)
    };
    app.evaluation.record_task_metrics(report.clone()).await.unwrap();
    let request = FinishTaskRequest {
        request_id: uuid::Uuid::new_v4().to_string(),
        ..finish(&task, "w1", 1, TaskOutcome::Failed)
    };
    let first = app.evaluation.finish_task(request.clone()).await.unwrap().into_inner();
    let again = app.evaluation.finish_task(request.clone()).await.unwrap().into_inner();
    assert_eq!(again, first);
    let late_report = app
        .evaluation
        .record_task_metrics(report.clone())
        .await
        .unwrap()
        .into_inner();
    assert_eq!(late_report.metrics.unwrap().tokens_in, 120);

    let other = app
        .evaluation
        .finish_task(FinishTaskRequest {
            outcome: TaskOutcome::Passed as i32,
            ..request.clone()
        })
        .await
        .unwrap_err();
    assert_eq!(other.code(), Code::InvalidArgument);
    assert_eq!(
        violated_fields(&other),
        ["request_id"],
        "a request id names one request"
    );
    let twice = app
        .evaluation
        .finish_task(finish(&task, "w1", 1, TaskOutcome::Failed))
        .await
        .unwrap_err();
    assert_eq!(reason(&twice), "TASK_FINISHED");
    let metrics_after = app
        .evaluation
        .record_task_metrics(metrics(&task, "w1", 1, 9))
        .await
        .unwrap_err();
    assert_eq!(reason(&metrics_after), "TASK_FINISHED");

    app.evaluation
        .retry_tasks(RetryTasksRequest {
            run_id: run_id.clone(),
            ..Default::default()
        })
        .await
        .unwrap();
    let replayed = app.evaluation.finish_task(request).await.unwrap().into_inner();
    assert_eq!(
        (replayed.status, replayed.attempt, replayed.metrics.map(|m| m.tokens_in)),
        (TaskStatus::Failed as i32, 1, Some(120)),
        "the answer is attempt 1 as it ended, though the task is on attempt 2"
    );
    let after_retry = app
        .evaluation
        .finish_task(finish(&task, "w1", 1, TaskOutcome::Passed))
        .await
        .unwrap_err();
    assert_eq!(
        reason(&after_retry),
        "TASK_FINISHED",
        "attempt 1 was finished (then retried): its lease never ran out"
    );
}

/// One request id sent at the same moment for tasks of four runs (four row
/// locks): exactly one write is applied, the others are refused on
/// `request_id`, and the applied one can still be retried.
async fn a_request_id_reused_at_once_across_runs_applies_once(backend: Backend) {
    let mut app = spawn_app(backend).await;
    let mut tasks = Vec::new();
    for _ in 0..4 {
        let run_id = create_run(&mut app, 1, 1).await;
        tasks.extend(claim(&mut app, &run_id, "w1", 1, 60).await);
    }
    let request_id = uuid::Uuid::new_v4().to_string();
    let requests: Vec<FinishTaskRequest> = tasks
        .iter()
        .map(|task| FinishTaskRequest {
            request_id: request_id.clone(),
            ..finish(task, "w1", 1, TaskOutcome::Passed)
        })
        .collect();
    let barrier = std::sync::Arc::new(tokio::sync::Barrier::new(requests.len()));
    let calls: Vec<_> = requests
        .iter()
        .cloned()
        .map(|request| {
            let mut client = app.evaluation.clone();
            let barrier = std::sync::Arc::clone(&barrier);
            tokio::spawn(async move {
                barrier.wait().await;
                client.finish_task(request).await
            })
        })
        .collect();
    let mut applied = Vec::new();
    for (i, call) in calls.into_iter().enumerate() {
        match call.await.unwrap() {
            Ok(_) => applied.push(i),
            Err(refused) => assert_eq!(violated_fields(&refused), ["request_id"]),
        }
    }
    assert_eq!(applied.len(), 1, "one request id, one write");
    let retried = app.evaluation.finish_task(requests[applied[0]].clone()).await.unwrap();
    assert_eq!(retried.into_inner().status, TaskStatus::Passed as i32);
    let mut passed = 0;
    for task in &tasks {
        let status = app
            .evaluation
            .get_task(agentbase_proto::evaluation::v1::GetTaskRequest {
                selector: Some(agentbase_proto::evaluation::v1::get_task_request::Selector::TaskId(
                    task.id.clone(),
                )),
            })
            .await
            .unwrap()
            .into_inner()
            .status;
        passed += i32::from(status == TaskStatus::Passed as i32);
    }
    assert_eq!(passed, 1);
}

/// A heartbeat names each task once; a watcher of a run that is deleted
/// ends at once with NOT_FOUND.
async fn heartbeats_name_each_task_once_and_deleted_runs_end_watches(backend: Backend) {
    let mut app = spawn_app(backend).await;
    let run_id = create_run(&mut app, 1, 1).await;
    let task = claim(&mut app, &run_id, "w1", 1, 60).await.remove(0);
    let twice = app
        .evaluation
        .heartbeat_tasks(HeartbeatTasksRequest {
            worker_id: "w1".into(),
            task_ids: vec![task.id.clone()],
            tasks: vec![HeldTask {
                task_id: task.id.clone(),
                attempt: 1,
            }],
            ..Default::default()
        })
        .await
        .unwrap_err();
    assert_eq!(violated_fields(&twice), ["tasks[0].task_id"]);

    let mut stream = watch(&mut app, &run_id, 0).await;
    let mut seen = 0;
    while seen < 2 {
        tokio::time::timeout(Duration::from_secs(10), stream.next())
            .await
            .unwrap()
            .unwrap()
            .unwrap();
        seen += 1;
    }
    app.evaluation
        .delete_run(agentbase_proto::evaluation::v1::DeleteRunRequest { id: run_id.clone() })
        .await
        .unwrap();
    let ended = tokio::time::timeout(Duration::from_secs(5), stream.next())
        .await
        .expect("the watch of a deleted run ends within 5 s, not at the next safety poll")
        .expect("with an error")
        .unwrap_err();
    assert_eq!(ended.code(), Code::NotFound);
}

/// Finding 5 (and 9): after CancelRun the holder's writes and heartbeats say
/// `RUN_CANCELLED`; a lease that ran out says `LEASE_EXPIRED`, with the lease
/// left as a duration (zero), not a timestamp to compare clocks with.
async fn a_runner_can_tell_why_it_must_stop(backend: Backend) {
    let mut app = spawn_app(backend).await;
    let run_id = create_run(&mut app, 2, 1).await;
    let claimed = app
        .evaluation
        .claim_tasks(ClaimTasksRequest {
            run_id: run_id.clone(),
            worker_id: "w1".into(),
            max_tasks: 2,
            lease_seconds: 1,
        })
        .await
        .unwrap()
        .into_inner();
    assert_eq!(claimed.lease_duration.unwrap().seconds, 1);
    let (a, b) = (&claimed.tasks[0], &claimed.tasks[1]);
    app.evaluation
        .finish_task(finish(a, "w1", 1, TaskOutcome::Passed))
        .await
        .unwrap();
    tokio::time::sleep(Duration::from_millis(1_300)).await;
    let expired = app
        .evaluation
        .finish_task(finish(b, "w1", 1, TaskOutcome::Passed))
        .await
        .unwrap_err();
    assert_eq!(reason(&expired), "LEASE_EXPIRED");
    let untokened = app
        .evaluation
        .finish_task(finish(b, "w1", 0, TaskOutcome::Passed))
        .await
        .unwrap_err();
    assert_eq!(reason(&untokened), "LEASE_EXPIRED");
    let beat = app
        .evaluation
        .heartbeat_tasks(HeartbeatTasksRequest {
            worker_id: "w1".into(),
            tasks: vec![
                HeldTask {
                    task_id: a.id.clone(),
                    attempt: 1,
                },
                HeldTask {
                    task_id: b.id.clone(),
                    attempt: 1,
                },
            ],
            task_ids: vec![uuid::Uuid::now_v7().to_string()],
            ..Default::default()
        })
        .await
        .unwrap()
        .into_inner();
    let reasons: Vec<&str> = beat.tasks.iter().map(|t| t.reason.as_str()).collect();
    assert_eq!(
        reasons,
        ["TASK_NOT_FOUND", "TASK_FINISHED", "LEASE_EXPIRED"],
        "task_ids come first, then tasks"
    );
    assert_eq!(beat.lost_task_ids.len(), 3);
    assert!(
        beat.tasks
            .iter()
            .all(|t| t.lease_remaining == Some(prost_types::Duration::default()))
    );

    let again = claim(&mut app, &run_id, "w2", 1, 60).await.remove(0);
    assert_eq!((again.id.as_str(), again.attempt), (b.id.as_str(), 2));
    let lost = app
        .evaluation
        .finish_task(finish(b, "w1", 1, TaskOutcome::Passed))
        .await
        .unwrap_err();
    assert_eq!(reason(&lost), "LEASE_LOST", "another attempt holds it now");
    app.evaluation
        .cancel_run(CancelRunRequest { id: run_id.clone() })
        .await
        .unwrap();
    let cancelled = app
        .evaluation
        .finish_task(finish(&again, "w2", 2, TaskOutcome::Passed))
        .await
        .unwrap_err();
    assert_eq!(reason(&cancelled), "RUN_CANCELLED");
    let cancelled_metrics = app
        .evaluation
        .record_task_metrics(metrics(&again, "w2", 2, 1))
        .await
        .unwrap_err();
    assert_eq!(reason(&cancelled_metrics), "RUN_CANCELLED");
    let beat = app
        .evaluation
        .heartbeat_tasks(HeartbeatTasksRequest {
            worker_id: "w2".into(),
            task_ids: vec![again.id.clone()],
            ..Default::default()
        })
        .await
        .unwrap()
        .into_inner();
    assert_eq!(beat.lost_task_ids, std::slice::from_ref(&again.id));
    assert_eq!(
        (beat.tasks[0].status, beat.tasks[0].reason.as_str()),
        (TaskStatus::Cancelled as i32, "RUN_CANCELLED")
    );
}

/// Finding 7: an invalidated PASSED result is re-run by RetryTasks with
/// `invalidated`; passed tasks stay out of plain retries.
async fn an_invalidated_pass_can_be_run_again(backend: Backend) {
    let mut app = spawn_app(backend).await;
    let run_id = create_run(&mut app, 2, 1).await;
    let tasks = claim(&mut app, &run_id, "w1", 2, 60).await;
    for task in &tasks {
        app.evaluation
            .finish_task(finish(task, "w1", 1, TaskOutcome::Passed))
            .await
            .unwrap();
    }
    app.evaluation
        .invalidate_task(InvalidateTaskRequest {
            task_id: tasks[0].id.clone(),
            reason: "the sandbox leaked the answer".into(),
        })
        .await
        .unwrap();
    let plain = app
        .evaluation
        .retry_tasks(RetryTasksRequest {
            run_id: run_id.clone(),
            ..Default::default()
        })
        .await
        .unwrap()
        .into_inner();
    assert_eq!(plain.retried, 0);
    let passed_without_flag = app
        .evaluation
        .retry_tasks(RetryTasksRequest {
            run_id: run_id.clone(),
            outcomes: vec![TaskOutcome::Passed as i32],
            ..Default::default()
        })
        .await
        .unwrap_err();
    assert_eq!(violated_fields(&passed_without_flag), ["outcomes"]);
    let invalidated = app
        .evaluation
        .retry_tasks(RetryTasksRequest {
            run_id: run_id.clone(),
            invalidated: true,
            ..Default::default()
        })
        .await
        .unwrap()
        .into_inner();
    assert_eq!(invalidated.retried, 1);
    let rerun = claim(&mut app, &run_id, "w1", 2, 60).await;
    assert_eq!(rerun.len(), 1);
    assert_eq!((rerun[0].id.as_str(), rerun[0].attempt), (tasks[0].id.as_str(), 2));
    app.evaluation
        .finish_task(finish(&rerun[0], "w1", 2, TaskOutcome::Failed))
        .await
        .unwrap();
    let totals = finish_run(&mut app, &run_id, false).await.unwrap().totals.unwrap();
    assert_eq!((totals.passed, totals.failed), (1, 1), "the new attempt counts");
}

backend_tests!(
    a_request_id_reused_at_once_across_runs_applies_once,
    heartbeats_name_each_task_once_and_deleted_runs_end_watches,
    finish_run_with_work_in_flight,
    a_reopened_runs_replay_is_complete,
    a_stale_attempt_is_fenced_off_under_the_same_worker_id,
    finishing_twice_with_one_request_id_answers_the_first,
    a_runner_can_tell_why_it_must_stop,
    an_invalidated_pass_can_be_run_again,
);
