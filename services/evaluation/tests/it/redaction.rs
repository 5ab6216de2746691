//! Secrets never reach storage (issue 32): the corpus in
//! `tests/fixtures/redaction_corpus.json` — secret shapes of the gitleaks
//! rule families and of this service's own rules, and look-alikes that must
//! survive, each with its source named — goes in through CreateRun (run
//! settings), RecordToolError (tool error text) and InvalidateTask (a task's
//! invalidation reason), and comes out of GetRun, ListRuns, ListToolErrors
//! and GetTask with every secret redacted and every look-alike unchanged.

use agentbase_platform::json::{from_struct, to_struct};
use agentbase_proto::evaluation::v1::{
    CreateRunRequest, Exercise, FinishTaskRequest, GetRunRequest, GetTaskRequest, InvalidateTaskRequest, Language,
    ListRunsRequest, ListTasksRequest, ListToolErrorsRequest, RecordToolErrorRequest, StartTaskRequest, TaskOutcome,
    get_task_request,
};
use agentbase_testkit::{Backend, backend_tests, spawn_app};
use serde_json::{Value, json};

/// One corpus entry, where the test put it and what must hold of it.
struct Case {
    source: String,
    place: String,
    key: String,
    value: Value,
    /// The part that must not survive (secrets), `None` for look-alikes.
    secret: Option<String>,
}

fn corpus() -> Vec<Case> {
    let corpus: Value = serde_json::from_str(include_str!("../fixtures/redaction_corpus.json")).unwrap();
    let mut cases = Vec::new();
    for (list, secret) in [("secrets", true), ("keep", false)] {
        for entry in corpus[list].as_array().unwrap() {
            cases.push(Case {
                source: entry["source"].as_str().unwrap().to_owned(),
                place: entry["place"].as_str().unwrap().to_owned(),
                key: entry["key"].as_str().unwrap().to_owned(),
                value: entry["value"].clone(),
                secret: secret.then(|| entry["secret"].as_str().unwrap().to_owned()),
            });
        }
    }
    cases
}

/// Equal as JSON, numbers by value (a Struct carries every number as a double).
fn same(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => x.as_f64() == y.as_f64(),
        (Value::Array(x), Value::Array(y)) => x.len() == y.len() && x.iter().zip(y).all(|(v, w)| same(v, w)),
        (Value::Object(x), Value::Object(y)) => {
            x.len() == y.len() && x.iter().all(|(k, v)| y.get(k).is_some_and(|w| same(v, w)))
        }
        _ => a == b,
    }
}

/// What is wrong with `shown`, the stored form of `case`, if anything.
fn judge(case: &Case, shown: &Value, place: &str) -> Option<String> {
    let wrong = match &case.secret {
        Some(secret) => shown.to_string().contains(secret.as_str()),
        None => !same(shown, &case.value),
    };
    wrong.then(|| format!("{place} · {}: {} → {shown}", case.source, case.value))
}

async fn the_corpus_is_redacted_wherever_it_is_kept(backend: Backend) {
    let mut app = spawn_app(backend).await;
    let cases = corpus();
    let secrets = cases.iter().filter(|c| c.secret.is_some()).count();
    assert!(secrets >= 60 && cases.len() - secrets >= 40, "the corpus shrank");
    let texts: Vec<&Case> = cases.iter().filter(|c| c.place == "text").collect();

    // Run settings: each setting under its key, each text as a setting's value.
    let mut settings = serde_json::Map::new();
    for (i, case) in cases.iter().enumerate() {
        let entry = if case.place == "text" {
            case.value.clone()
        } else {
            json!({ case.key.clone(): case.value.clone() })
        };
        settings.insert(format!("case_{i:03}"), entry);
    }
    let run = app
        .evaluation
        .create_run(CreateRunRequest {
            model: "claude-x".into(),
            name: "redaction corpus".into(),
            settings: Some(to_struct(&settings)),
            exercises: (0..texts.len())
                .map(|i| Exercise {
                    language: Language::Python as i32,
                    exercise: format!("e{i}"),
                })
                .collect(),
            ..Default::default()
        })
        .await
        .unwrap()
        .into_inner();
    let got = app
        .evaluation
        .get_run(GetRunRequest { id: run.id.clone() })
        .await
        .unwrap()
        .into_inner();
    let listed = app
        .evaluation
        .list_runs(ListRunsRequest::default())
        .await
        .unwrap()
        .into_inner()
        .runs
        .into_iter()
        .find(|r| r.id == run.id)
        .unwrap();
    let mut failures = Vec::new();
    for (answer, name) in [(&run, "CreateRun"), (&got, "GetRun"), (&listed, "ListRuns")] {
        let shown = from_struct(answer.settings.as_ref().unwrap());
        for (i, case) in cases.iter().enumerate() {
            let entry = &shown[format!("case_{i:03}")];
            let value = if case.place == "text" { entry } else { &entry[&case.key] };
            failures.extend(judge(case, value, name));
        }
    }

    // Tool errors, and the invalidation reason of a finished task.
    let tasks = app
        .evaluation
        .list_tasks(ListTasksRequest {
            run_id: run.id.clone(),
            page_size: 500,
            ..Default::default()
        })
        .await
        .unwrap()
        .into_inner()
        .tasks;
    for (case, task) in texts.iter().zip(&tasks) {
        let text = case.value.as_str().unwrap().to_owned();
        let recorded = app
            .evaluation
            .record_tool_error(RecordToolErrorRequest {
                task_id: task.id.clone(),
                tool_name: "bash".into(),
                error: text.clone(),
                ..Default::default()
            })
            .await
            .unwrap()
            .into_inner();
        failures.extend(judge(case, &Value::String(recorded.error), "RecordToolError"));
        app.evaluation
            .start_task(StartTaskRequest {
                task_id: task.id.clone(),
            })
            .await
            .unwrap();
        app.evaluation
            .finish_task(FinishTaskRequest {
                task_id: task.id.clone(),
                outcome: TaskOutcome::Failed as i32,
                ..Default::default()
            })
            .await
            .unwrap();
        app.evaluation
            .invalidate_task(InvalidateTaskRequest {
                task_id: task.id.clone(),
                reason: text,
            })
            .await
            .unwrap();
        let stored = app
            .evaluation
            .get_task(GetTaskRequest {
                selector: Some(get_task_request::Selector::TaskId(task.id.clone())),
            })
            .await
            .unwrap()
            .into_inner();
        failures.extend(judge(case, &Value::String(stored.invalid_reason), "GetTask"));
    }
    let errors = app
        .evaluation
        .list_tool_errors(ListToolErrorsRequest {
            run_id: run.id.clone(),
            page_size: 500,
            ..Default::default()
        })
        .await
        .unwrap()
        .into_inner()
        .tool_errors;
    assert_eq!(errors.len(), texts.len());
    for error in &errors {
        let task = tasks.iter().position(|t| t.id == error.task_id).unwrap();
        failures.extend(judge(
            texts[task],
            &Value::String(error.error.clone()),
            "ListToolErrors",
        ));
    }
    assert!(
        failures.is_empty(),
        "{} failures:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

backend_tests!(the_corpus_is_redacted_wherever_it_is_kept);
