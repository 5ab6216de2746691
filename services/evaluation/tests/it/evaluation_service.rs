//! EvaluationService through the generated client against PostgreSQL and SQLite.

use std::collections::{BTreeMap, HashMap};

use agentbase_proto::evaluation::v1::{
    CancelRunRequest, CreateRunRequest, DeleteRunsRequest, Exercise, FinishRunRequest, FinishTaskRequest,
    GetRunRequest, GetRunSummaryRequest, GetTaskRequest, Language, ListRunsRequest, ListTasksRequest,
    ListToolErrorsRequest, Prices, RecordTaskMetricsRequest, RecordToolErrorRequest, Run, RunStatus, StartTaskRequest,
    Task, TaskKey, TaskMetrics, TaskOutcome, TaskStatus, ToolUsage, UpdateRunRequest, get_task_request::Selector,
};
use agentbase_testkit::{
    AppOptions, Backend, TestApp, backend_tests, errors::violated_fields, spawn_app, spawn_app_with,
};
use tonic::Code;

const LANGUAGES: [Language; 5] = [
    Language::Go,
    Language::Java,
    Language::Javascript,
    Language::Python,
    Language::Rust,
];

use super::support::reason;

fn exercises(per_language: usize) -> Vec<Exercise> {
    LANGUAGES
        .iter()
        .flat_map(|language| {
            (0..per_language).map(move |i| Exercise {
                language: *language as i32,
                exercise: format!("exercise-{i:03}"),
            })
        })
        .collect()
}

fn run_request(per_language: usize, iterations: i32) -> CreateRunRequest {
    CreateRunRequest {
        model: "claude-x".into(),
        name: "Nightly".into(),
        exercises: exercises(per_language),
        iterations,
        ..Default::default()
    }
}

async fn all_tasks(app: &mut TestApp, run_id: &str) -> Vec<Task> {
    let mut tasks = Vec::new();
    let mut token = String::new();
    loop {
        let request = ListTasksRequest {
            run_id: run_id.into(),
            page_size: 500,
            page_token: token,
            ..Default::default()
        };
        let page = app.evaluation.list_tasks(request).await.unwrap().into_inner();
        tasks.extend(page.tasks);
        if page.next_page_token.is_empty() {
            return tasks;
        }
        token = page.next_page_token;
    }
}

async fn runs_are_created_with_all_their_tasks_at_once(backend: Backend) {
    let mut app = spawn_app(backend).await;
    let request = CreateRunRequest {
        request_id: uuid::Uuid::now_v7().to_string(),
        ..run_request(40, 3)
    };
    let run = app.evaluation.create_run(request.clone()).await.unwrap().into_inner();
    assert_eq!(run.totals.as_ref().unwrap().tasks, 600);
    assert_eq!(
        (run.concurrency, run.timeout_minutes, run.status),
        (2, 5, RunStatus::Pending as i32)
    );
    let again = app.evaluation.create_run(request).await.unwrap().into_inner();
    assert_eq!(again.id, run.id, "a retry creates nothing new");
    assert_eq!(all_tasks(&mut app, &run.id).await.len(), 600);
    let runs = app
        .evaluation
        .list_runs(ListRunsRequest::default())
        .await
        .unwrap()
        .into_inner()
        .runs;
    assert_eq!(runs.len(), 1);

    let mut duplicate = run_request(2, 1);
    duplicate.exercises.push(duplicate.exercises[0].clone());
    let status = app.evaluation.create_run(duplicate).await.unwrap_err();
    assert_eq!(violated_fields(&status), ["exercises[10]"]);
    for (bad, field) in [
        (
            CreateRunRequest {
                concurrency: 26,
                ..run_request(1, 1)
            },
            "concurrency",
        ),
        (
            CreateRunRequest {
                timeout_minutes: 121,
                ..run_request(1, 1)
            },
            "timeout_minutes",
        ),
        (
            CreateRunRequest {
                model: String::new(),
                ..run_request(1, 1)
            },
            "model",
        ),
        (
            CreateRunRequest {
                exercises: vec![],
                ..run_request(1, 1)
            },
            "exercises",
        ),
        (run_request(1000, 3), "exercises"),
    ] {
        assert_eq!(
            violated_fields(&app.evaluation.create_run(bad).await.unwrap_err()),
            [field]
        );
    }
    let runs = app
        .evaluation
        .list_runs(ListRunsRequest::default())
        .await
        .unwrap()
        .into_inner()
        .runs;
    assert_eq!(runs.len(), 1, "refused runs wrote nothing");
}

/// Every secret shape the security review found stored is redacted, and the
/// switches and counts it found destroyed survive unchanged.
async fn settings_secrets_are_redacted(backend: Backend) {
    let mut app = spawn_app(backend).await;
    let settings = serde_json::json!({
        "apiKey": "sk-123",
        "nested": {"openRouterToken": "x"},
        "headers": {"Authorization": "Bearer a", "Proxy-Authorization": "Basic b", "Cookie": "sid=c", "Accept": "*/*"},
        "auth": "u:p", "bearer": "t", "private_key": "-----BEGIN", "access_key_id": "AKIA",
        "passwd": "p", "pwd": "p", "credentials": {"pass": "p"}, "openrouter": {"key": "k"},
        "database_url": "postgres://u:PW@host/db",
        "env": ["OPENROUTER_API_KEY=sk-or", "LOG_LEVEL=debug"],
        "awsAccessKey": "AKIA", "codeIndexOpenAiKey": "sk",
        "model": "m",
        "modelMaxTokens": 16384, "modelMaxThinkingTokens": 8192, "includeMaxTokens": true,
        "anthropicUseAuthToken": false, "awsUseApiKey": false
    });
    let serde_json::Value::Object(map) = &settings else {
        unreachable!()
    };
    let request = CreateRunRequest {
        settings: Some(agentbase_platform::json::to_struct(map)),
        ..run_request(1, 1)
    };
    let created = app.evaluation.create_run(request).await.unwrap().into_inner();
    let stored = app
        .evaluation
        .get_run(GetRunRequest { id: created.id })
        .await
        .unwrap()
        .into_inner();
    let stored = agentbase_platform::json::from_struct(&stored.settings.unwrap());
    let redacted = "[REDACTED]";
    assert_eq!(
        stored,
        serde_json::json!({
            "apiKey": redacted,
            "nested": {"openRouterToken": redacted},
            "headers": {"Authorization": redacted, "Proxy-Authorization": redacted, "Cookie": redacted, "Accept": "*/*"},
            "auth": redacted, "bearer": redacted, "private_key": redacted, "access_key_id": redacted,
            "passwd": redacted, "pwd": redacted, "credentials": {"pass": redacted}, "openrouter": {"key": redacted},
            "database_url": "postgres://u:[REDACTED]@host/db",
            "env": ["OPENROUTER_API_KEY=[REDACTED]", "LOG_LEVEL=debug"],
            "awsAccessKey": redacted, "codeIndexOpenAiKey": redacted,
            "model": "m",
            "modelMaxTokens": 16384.0, "modelMaxThinkingTokens": 8192.0, "includeMaxTokens": true,
            "anthropicUseAuthToken": false, "awsUseApiKey": false
        })
    );
}

fn metrics_for(i: usize) -> TaskMetrics {
    TaskMetrics {
        tokens_in: 1_000 + i as i64,
        tokens_out: 200 + i as i64,
        tokens_context: 5_000,
        cache_writes: 10,
        cache_reads: 20,
        cost: 0.01 * i as f64,
        duration_ms: 1_000,
        tool_usage: HashMap::from([
            (
                "read_file".to_owned(),
                ToolUsage {
                    attempts: 3,
                    failures: (i % 2) as i64,
                },
            ),
            (
                format!("tool_{}", i % 3),
                ToolUsage {
                    attempts: 1,
                    failures: 0,
                },
            ),
        ]),
        update_time: None,
        ..Default::default()
    }
}

async fn a_simulated_runner_gets_exact_totals(backend: Backend) {
    let mut app = spawn_app(backend).await;
    let run = app
        .evaluation
        .create_run(CreateRunRequest {
            concurrency: 8,
            ..run_request(40, 3)
        })
        .await
        .unwrap()
        .into_inner();
    let tasks = all_tasks(&mut app, &run.id).await;
    let outcomes = [
        TaskOutcome::Passed,
        TaskOutcome::Failed,
        TaskOutcome::Errored,
        TaskOutcome::TimedOut,
    ];
    let chunks: Vec<Vec<(usize, Task)>> = tasks
        .into_iter()
        .enumerate()
        .collect::<Vec<_>>()
        .chunks(75)
        .map(<[_]>::to_vec)
        .collect();
    let workers: Vec<_> = chunks
        .into_iter()
        .map(|chunk| {
            let mut client = app.evaluation.clone();
            tokio::spawn(async move {
                for (i, task) in chunk {
                    // Every 10th task never starts; every 7th reports no metrics.
                    if i % 10 == 9 {
                        continue;
                    }
                    client
                        .start_task(StartTaskRequest {
                            task_id: task.id.clone(),
                        })
                        .await
                        .unwrap();
                    if i % 7 != 0 {
                        // A first report, then the cumulative one that wins.
                        let mut early = metrics_for(i);
                        early.tokens_in = 1;
                        let first = RecordTaskMetricsRequest {
                            task_id: task.id.clone(),
                            metrics: Some(early),
                            ..Default::default()
                        };
                        client.record_task_metrics(first).await.unwrap();
                        let last = RecordTaskMetricsRequest {
                            task_id: task.id.clone(),
                            metrics: Some(metrics_for(i)),
                            ..Default::default()
                        };
                        client.record_task_metrics(last).await.unwrap();
                    }
                    if i % 5 == 0 {
                        let error = RecordToolErrorRequest {
                            task_id: task.id.clone(),
                            tool_name: if i % 2 == 0 { "bash".into() } else { "edit".into() },
                            error: "exit 1".into(),
                            ..Default::default()
                        };
                        let recorded = client.record_tool_error(error).await.unwrap().into_inner();
                        assert_eq!(recorded.run_id, task.run_id, "the run comes from the task");
                    }
                    if i % 10 != 8 {
                        let outcome = outcomes[i % 4];
                        client
                            .finish_task(FinishTaskRequest {
                                task_id: task.id.clone(),
                                outcome: outcome as i32,
                                ..Default::default()
                            })
                            .await
                            .unwrap();
                    }
                }
            })
        })
        .collect();
    for worker in workers {
        worker.await.unwrap();
    }

    // Independent expectations.
    let mut expected = HashMap::<&str, i64>::new();
    let (mut tokens_in, mut tokens_out, mut cost) = (0i64, 0i64, 0f64);
    let mut tool_usage = BTreeMap::<String, (i64, i64)>::new();
    for i in 0..600usize {
        // Never started (i % 10 == 9): unfinished; started and never
        // finished (i % 10 == 8): cancelled by FinishRun's `force`.
        let state = if i % 10 == 9 {
            "unfinished"
        } else if i % 10 == 8 {
            "cancelled"
        } else {
            ["passed", "failed", "errored", "timed_out"][i % 4]
        };
        *expected.entry(state).or_default() += 1;
        if i % 10 != 9 && i % 7 != 0 {
            let m = metrics_for(i);
            tokens_in += m.tokens_in;
            tokens_out += m.tokens_out;
            cost += m.cost;
            for (tool, usage) in m.tool_usage {
                let entry = tool_usage.entry(tool).or_default();
                entry.0 += usage.attempts;
                entry.1 += usage.failures;
            }
        }
    }

    let in_flight = app
        .evaluation
        .finish_run(FinishRunRequest {
            id: run.id.clone(),
            ..Default::default()
        })
        .await
        .unwrap_err();
    assert_eq!(reason(&in_flight), "TASKS_IN_FLIGHT");
    let finished = app
        .evaluation
        .finish_run(FinishRunRequest {
            id: run.id.clone(),
            force: true,
        })
        .await
        .unwrap()
        .into_inner();
    assert_eq!(finished.status, RunStatus::Finished as i32);
    let totals = finished.totals.clone().unwrap();
    assert_eq!(totals.tasks, 600, "tasks without metrics are counted");
    assert_eq!(totals.passed, expected["passed"]);
    assert_eq!(totals.failed, expected["failed"]);
    assert_eq!(totals.errored, expected["errored"]);
    assert_eq!(totals.timed_out, expected["timed_out"]);
    assert_eq!(
        totals.unfinished, expected["unfinished"],
        "unfinished tasks are not failures"
    );
    assert_eq!(totals.cancelled, expected["cancelled"]);
    assert_eq!((totals.tokens_in, totals.tokens_out), (tokens_in, tokens_out));
    assert!((totals.cost - cost).abs() < 1e-6);
    let merged: BTreeMap<String, (i64, i64)> = totals
        .tool_usage
        .iter()
        .map(|(k, v)| (k.clone(), (v.attempts, v.failures)))
        .collect();
    assert_eq!(merged, tool_usage);
    let again = app
        .evaluation
        .finish_run(FinishRunRequest {
            id: run.id.clone(),
            ..Default::default()
        })
        .await
        .unwrap()
        .into_inner();
    assert_eq!(again.totals, finished.totals, "FinishRun is idempotent");
    assert_eq!(again.finish_time, finished.finish_time);

    let errors = ListToolErrorsRequest {
        run_id: run.id.clone(),
        tool_name: "bash".into(),
        page_size: 500,
        ..Default::default()
    };
    let bash = app
        .evaluation
        .list_tool_errors(errors)
        .await
        .unwrap()
        .into_inner()
        .tool_errors;
    assert_eq!(
        bash.len(),
        (0..600).filter(|i| i % 10 != 9 && i % 5 == 0 && i % 2 == 0).count()
    );
    let summary = app
        .evaluation
        .get_run_summary(GetRunSummaryRequest { id: run.id.clone() })
        .await
        .unwrap()
        .into_inner();
    assert_eq!(summary.run.unwrap().totals, finished.totals);
    assert_eq!(summary.languages.len(), 5);
    assert_eq!(summary.languages.iter().map(|l| l.total).sum::<i64>(), 600);
    let tool_counts: HashMap<_, _> = summary
        .tool_errors
        .iter()
        .map(|t| (t.tool_name.as_str(), t.count))
        .collect();
    assert_eq!(tool_counts["bash"], bash.len() as i64);
}

async fn token_totals_above_two_to_the_31_are_exact(backend: Backend) {
    let options = AppOptions {
        env: vec![("AGENTBASE_HEALTH_INTERVAL_MS".into(), "600000".into())],
        ..Default::default()
    };
    let mut app = spawn_app_with(backend, options).await;
    let run = app.evaluation.create_run(run_request(1, 2)).await.unwrap().into_inner();
    let tasks = all_tasks(&mut app, &run.id).await;
    let big = 3_000_000_000i64 + 7;
    for task in &tasks {
        let metrics = TaskMetrics {
            tokens_in: big,
            cache_reads: big * 2,
            ..Default::default()
        };
        app.evaluation
            .record_task_metrics(RecordTaskMetricsRequest {
                task_id: task.id.clone(),
                metrics: Some(metrics),
                ..Default::default()
            })
            .await
            .unwrap();
    }
    let finished = app
        .evaluation
        .finish_run(FinishRunRequest {
            id: run.id,
            ..Default::default()
        })
        .await
        .unwrap()
        .into_inner();
    let totals = finished.totals.unwrap();
    assert_eq!(totals.tokens_in, big * tasks.len() as i64);
    assert_eq!(totals.cache_reads, big * 2 * tasks.len() as i64);

    let negative = RecordTaskMetricsRequest {
        task_id: tasks[0].id.clone(),
        metrics: Some(TaskMetrics {
            tokens_out: -1,
            ..Default::default()
        }),
        ..Default::default()
    };
    assert_eq!(
        violated_fields(&app.evaluation.record_task_metrics(negative).await.unwrap_err()),
        ["metrics.tokens_out"]
    );
    // Numbers whose sums over a run would overflow are refused, by field
    // (they made the totals' arithmetic panic, and PostgreSQL's SUM fail).
    let huge = RecordTaskMetricsRequest {
        task_id: tasks[0].id.clone(),
        metrics: Some(TaskMetrics {
            duration_ms: 1 << 62,
            cost: 1e308,
            tool_usage: [(
                "bash".to_owned(),
                ToolUsage {
                    attempts: i64::MAX,
                    failures: 0,
                },
            )]
            .into(),
            ..Default::default()
        }),
        ..Default::default()
    };
    assert_eq!(
        violated_fields(&app.evaluation.record_task_metrics(huge).await.unwrap_err()),
        ["metrics.duration_ms", "metrics.cost", "metrics.tool_usage[bash]"]
    );
    let priced = app
        .evaluation
        .create_run(CreateRunRequest {
            model: "m".into(),
            exercises: vec![Exercise {
                language: Language::Python as i32,
                exercise: "a".into(),
            }],
            prices: Some(Prices {
                input: Some(1e308),
                ..Default::default()
            }),
            ..Default::default()
        })
        .await
        .unwrap_err();
    assert_eq!(violated_fields(&priced), ["prices.input"]);
}

async fn pass_at_k_matches_the_reference(backend: Backend) {
    let mut app = spawn_app(backend).await;
    // Four Python exercises run 3 times; exercise c passes c of its 3 iterations.
    let request = CreateRunRequest {
        model: "m".into(),
        exercises: (0..4)
            .map(|c| Exercise {
                language: Language::Python as i32,
                exercise: format!("c{c}"),
            })
            .collect(),
        iterations: 3,
        ..Default::default()
    };
    let run = app.evaluation.create_run(request).await.unwrap().into_inner();
    for task in all_tasks(&mut app, &run.id).await {
        let c: i32 = task.exercise[1..].parse().unwrap();
        let outcome = if task.iteration <= c {
            TaskOutcome::Passed
        } else {
            TaskOutcome::Failed
        };
        app.evaluation
            .start_task(StartTaskRequest {
                task_id: task.id.clone(),
            })
            .await
            .unwrap();
        app.evaluation
            .finish_task(FinishTaskRequest {
                task_id: task.id,
                outcome: outcome as i32,
                ..Default::default()
            })
            .await
            .unwrap();
    }
    let summary = app
        .evaluation
        .get_run_summary(GetRunSummaryRequest { id: run.id })
        .await
        .unwrap()
        .into_inner();
    // Reference: 1 − C(n−c, k) / C(n, k) with n = 3, by hand.
    let reference = [
        [0.0, 0.0, 0.0],
        [1.0 / 3.0, 2.0 / 3.0, 1.0],
        [2.0 / 3.0, 1.0, 1.0],
        [1.0, 1.0, 1.0],
    ];
    assert_eq!(summary.exercises.len(), 4);
    for exercise in &summary.exercises {
        let c: usize = exercise.exercise[1..].parse().unwrap();
        assert_eq!((exercise.samples, exercise.passed), (3, c as i32));
        for (k, value) in exercise.pass_at_k.iter().enumerate() {
            assert!((value - reference[c][k]).abs() < 1e-12, "c={c} k={}: {value}", k + 1);
        }
    }
    for k in 0..3 {
        let mean = reference.iter().map(|r| r[k]).sum::<f64>() / 4.0;
        assert!((summary.mean_pass_at_k[k] - mean).abs() < 1e-12);
    }
    let python = &summary.languages[0];
    assert_eq!((python.total, python.passed), (12, 6));
    assert!((python.pass_rate - 0.5).abs() < 1e-12);
}

async fn task_lifecycle_rules_hold(backend: Backend) {
    let mut app = spawn_app(backend).await;
    let run = app.evaluation.create_run(run_request(1, 2)).await.unwrap().into_inner();
    let tasks = all_tasks(&mut app, &run.id).await;
    let task = tasks[0].clone();
    let finish = |outcome: TaskOutcome| FinishTaskRequest {
        task_id: task.id.clone(),
        outcome: outcome as i32,
        ..Default::default()
    };
    let status = app
        .evaluation
        .finish_task(finish(TaskOutcome::Passed))
        .await
        .unwrap_err();
    assert_eq!(
        (status.code(), reason(&status).as_str()),
        (Code::FailedPrecondition, "TASK_NOT_STARTED")
    );
    let started = app
        .evaluation
        .start_task(StartTaskRequest {
            task_id: task.id.clone(),
        })
        .await
        .unwrap()
        .into_inner();
    assert!(started.start_time.is_some());
    assert_eq!(
        app.evaluation
            .start_task(StartTaskRequest {
                task_id: task.id.clone()
            })
            .await
            .unwrap()
            .into_inner()
            .start_time,
        started.start_time,
        "idempotent"
    );
    assert_eq!(
        app.evaluation
            .get_run(GetRunRequest { id: run.id.clone() })
            .await
            .unwrap()
            .into_inner()
            .status,
        RunStatus::Running as i32
    );
    let done = app
        .evaluation
        .finish_task(finish(TaskOutcome::Passed))
        .await
        .unwrap()
        .into_inner();
    assert_eq!(done.status, TaskStatus::Passed as i32);
    assert_eq!(
        reason(
            &app.evaluation
                .finish_task(finish(TaskOutcome::Failed))
                .await
                .unwrap_err()
        ),
        "TASK_FINISHED"
    );
    assert_eq!(
        reason(
            &app.evaluation
                .start_task(StartTaskRequest {
                    task_id: task.id.clone()
                })
                .await
                .unwrap_err()
        ),
        "TASK_FINISHED"
    );
    assert_eq!(
        violated_fields(
            &app.evaluation
                .finish_task(finish(TaskOutcome::Unspecified))
                .await
                .unwrap_err()
        ),
        ["outcome"]
    );

    let key = TaskKey {
        run_id: run.id.clone(),
        language: task.language,
        exercise: task.exercise.clone(),
        iteration: 2,
    };
    let second = app
        .evaluation
        .get_task(GetTaskRequest {
            selector: Some(Selector::Key(key)),
        })
        .await
        .unwrap()
        .into_inner();
    assert_eq!(
        (second.iteration, second.id.as_str()),
        (2, tasks[1].id.as_str()),
        "the iteration is honoured"
    );

    let cancelled = app
        .evaluation
        .cancel_run(CancelRunRequest { id: run.id.clone() })
        .await
        .unwrap()
        .into_inner();
    assert_eq!(cancelled.status, RunStatus::Cancelled as i32);
    let statuses: Vec<i32> = all_tasks(&mut app, &run.id)
        .await
        .into_iter()
        .map(|t| t.status)
        .collect();
    assert!(
        statuses.contains(&(TaskStatus::Passed as i32)),
        "finished tasks keep their outcome"
    );
    assert_eq!(
        statuses.iter().filter(|s| **s == TaskStatus::Cancelled as i32).count(),
        statuses.len() - 1
    );
    assert_eq!(
        reason(
            &app.evaluation
                .start_task(StartTaskRequest {
                    task_id: tasks[1].id.clone()
                })
                .await
                .unwrap_err()
        ),
        "RUN_CANCELLED"
    );

    let update = UpdateRunRequest {
        id: run.id.clone(),
        description: "flaky network".into(),
        ..Default::default()
    };
    assert_eq!(
        app.evaluation
            .update_run(update)
            .await
            .unwrap()
            .into_inner()
            .description,
        "flaky network"
    );
    let missing = app
        .evaluation
        .get_task(GetTaskRequest {
            selector: Some(Selector::TaskId(uuid::Uuid::now_v7().to_string())),
        })
        .await
        .unwrap_err();
    assert_eq!(reason(&missing), "TASK_NOT_FOUND");
}

async fn delete_runs_removes_only_the_old_ones(backend: Backend) {
    let mut app = spawn_app(backend).await;
    let old = app
        .evaluation
        .create_run(CreateRunRequest {
            name: "old".into(),
            ..run_request(1, 1)
        })
        .await
        .unwrap()
        .into_inner();
    let old_tasks = all_tasks(&mut app, &old.id).await;
    app.evaluation
        .record_task_metrics(RecordTaskMetricsRequest {
            task_id: old_tasks[0].id.clone(),
            metrics: Some(metrics_for(1)),
            ..Default::default()
        })
        .await
        .unwrap();
    app.evaluation
        .record_tool_error(RecordToolErrorRequest {
            task_id: old_tasks[0].id.clone(),
            tool_name: "bash".into(),
            ..Default::default()
        })
        .await
        .unwrap();
    tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    let cutoff = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap();
    tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    let new = app
        .evaluation
        .create_run(CreateRunRequest {
            name: "new".into(),
            ..run_request(1, 1)
        })
        .await
        .unwrap()
        .into_inner();

    let before = prost_types::Timestamp {
        seconds: cutoff.as_secs() as i64,
        nanos: cutoff.subsec_nanos() as i32,
    };
    let deleted = app
        .evaluation
        .delete_runs(DeleteRunsRequest {
            created_before: Some(before),
            unfinished_only: false,
        })
        .await
        .unwrap();
    assert_eq!(deleted.into_inner().count, 1);
    let names: Vec<String> = app
        .evaluation
        .list_runs(ListRunsRequest::default())
        .await
        .unwrap()
        .into_inner()
        .runs
        .into_iter()
        .map(|r: Run| r.name)
        .collect();
    assert_eq!(names, ["new"]);
    assert_eq!(
        reason(
            &app.evaluation
                .get_task(GetTaskRequest {
                    selector: Some(Selector::TaskId(old_tasks[0].id.clone()))
                })
                .await
                .unwrap_err()
        ),
        "TASK_NOT_FOUND"
    );
    let errors = ListToolErrorsRequest {
        run_id: old.id.clone(),
        ..Default::default()
    };
    assert_eq!(
        reason(&app.evaluation.list_tool_errors(errors).await.unwrap_err()),
        "RUN_NOT_FOUND"
    );
    assert_eq!(all_tasks(&mut app, &new.id).await.len(), 5);
    let by_name = ListRunsRequest {
        name_contains: "NE".into(),
        ..Default::default()
    };
    let found: Vec<String> = app
        .evaluation
        .list_runs(by_name)
        .await
        .unwrap()
        .into_inner()
        .runs
        .into_iter()
        .map(|r| r.name)
        .collect();
    assert_eq!(found, ["new"], "name contains, ignoring case");
    let nothing = DeleteRunsRequest::default();
    assert_eq!(
        violated_fields(&app.evaluation.delete_runs(nothing).await.unwrap_err()),
        ["created_before"]
    );
    let unfinished = app
        .evaluation
        .delete_runs(DeleteRunsRequest {
            created_before: None,
            unfinished_only: true,
        })
        .await
        .unwrap();
    assert_eq!(unfinished.into_inner().count, 1);

    assert!(
        app.evaluation
            .list_runs(ListRunsRequest::default())
            .await
            .unwrap()
            .into_inner()
            .runs
            .is_empty()
    );
}

async fn ten_thousand_tasks_list_at_one_statement_per_page(backend: Backend) {
    let options = AppOptions {
        env: vec![("AGENTBASE_HEALTH_INTERVAL_MS".into(), "600000".into())],
        ..Default::default()
    };
    let mut app = spawn_app_with(backend, options).await;
    let before = app.statements.get();
    app.evaluation.create_run(run_request(1, 1)).await.unwrap();
    let small_run = app.statements.get() - before;
    let before = app.statements.get();
    let run = app
        .evaluation
        .create_run(run_request(1000, 2))
        .await
        .unwrap()
        .into_inner();
    assert_eq!(run.totals.unwrap().tasks, 10_000);
    // PostgreSQL inserts every task in one statement; SQLite in chunks of 1,000.
    let chunks = match backend {
        Backend::Postgres | Backend::Pooled => 0,
        Backend::Sqlite => 9,
    };
    assert_eq!(
        app.statements.get() - before,
        small_run + chunks,
        "CreateRun of 10,000 tasks against one of 5"
    );
    let first_tasks = app
        .evaluation
        .list_tasks(ListTasksRequest {
            run_id: run.id.clone(),
            page_size: 3,
            ..Default::default()
        })
        .await
        .unwrap()
        .into_inner()
        .tasks;
    for task in &first_tasks {
        app.evaluation
            .record_task_metrics(RecordTaskMetricsRequest {
                task_id: task.id.clone(),
                metrics: Some(metrics_for(3)),
                ..Default::default()
            })
            .await
            .unwrap();
    }
    let mut token = String::new();
    let mut seen = 0;
    let mut pages = 0;
    loop {
        let before = app.statements.get();
        let request = ListTasksRequest {
            run_id: run.id.clone(),
            page_size: 500,
            page_token: token,
            ..Default::default()
        };
        let page = app.evaluation.list_tasks(request).await.unwrap().into_inner();
        assert_eq!(
            app.statements.get() - before,
            1,
            "one statement for page {pages}, metrics included"
        );
        if pages == 0 {
            assert!(
                page.tasks[..3]
                    .iter()
                    .all(|t| t.metrics.as_ref().is_some_and(|m| m.tokens_in == 1_003))
            );
            assert!(page.tasks[3].metrics.is_none());
        }
        seen += page.tasks.len();
        pages += 1;
        if page.next_page_token.is_empty() {
            break;
        }
        token = page.next_page_token;
    }
    assert_eq!((seen, pages), (10_000, 20));
}

backend_tests!(
    runs_are_created_with_all_their_tasks_at_once,
    settings_secrets_are_redacted,
    a_simulated_runner_gets_exact_totals,
    token_totals_above_two_to_the_31_are_exact,
    pass_at_k_matches_the_reference,
    task_lifecycle_rules_hold,
    delete_runs_removes_only_the_old_ones,
    ten_thousand_tasks_list_at_one_statement_per_page,
);

// Through PgBouncer in transaction mode too (docs/OPERATIONS.md, "Transaction pooling").
agentbase_testkit::pooled_tests!(
    runs_are_created_with_all_their_tasks_at_once,
    a_simulated_runner_gets_exact_totals,
    task_lifecycle_rules_hold,
    delete_runs_removes_only_the_old_ones
);
