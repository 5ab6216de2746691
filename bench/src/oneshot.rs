//! Single large calls, timed one at a time: CreateRun with 10,000 tasks,
//! FinishRun over them, and ListTasks of the whole run in pages of 500.

use std::time::Instant;

use agentbase_proto::evaluation::v1::{
    CreateRunRequest, Exercise, FinishRunRequest, Language, ListTasksRequest,
    evaluation_service_client::EvaluationServiceClient,
};
use tonic::transport::Channel;

/// Tasks of the timed run: 100 exercises × 100 iterations.
const EXERCISES: usize = 100;
const ITERATIONS: i32 = 100;

/// One operation's latencies over the repetitions.
pub struct Timed {
    pub backend: &'static str,
    pub operation: &'static str,
    pub ms: Vec<f64>,
}

/// Times each operation `repetitions` times, each on a new run.
pub async fn evaluation(backend: &'static str, channel: &Channel, repetitions: usize) -> Result<Vec<Timed>, String> {
    let mut client = EvaluationServiceClient::new(channel.clone());
    let tasks = EXERCISES * ITERATIONS as usize;
    let mut create = Vec::new();
    let mut finish = Vec::new();
    let mut list = Vec::new();
    let failed = |what: &str, status: tonic::Status| format!("{what}: {status:?}");
    for _ in 0..repetitions {
        let request = CreateRunRequest {
            model: "bench-model".into(),
            name: format!("bench-{}", uuid::Uuid::now_v7().simple()),
            exercises: (0..EXERCISES)
                .map(|i| Exercise {
                    language: Language::Go as i32,
                    exercise: format!("exercise-{i}"),
                })
                .collect(),
            iterations: ITERATIONS,
            ..Default::default()
        };
        let began = Instant::now();
        let run = client
            .create_run(request)
            .await
            .map_err(|s| failed("CreateRun", s))?
            .into_inner();
        create.push(began.elapsed().as_secs_f64() * 1000.0);

        let began = Instant::now();
        let mut token = String::new();
        let mut listed = 0;
        loop {
            let page = client
                .list_tasks(ListTasksRequest {
                    run_id: run.id.clone(),
                    page_size: 500,
                    page_token: token,
                    ..Default::default()
                })
                .await
                .map_err(|s| failed("ListTasks", s))?
                .into_inner();
            listed += page.tasks.len();
            token = page.next_page_token;
            if token.is_empty() {
                break;
            }
        }
        list.push(began.elapsed().as_secs_f64() * 1000.0);
        if listed != tasks {
            return Err(format!("ListTasks returned {listed} of {tasks} tasks"));
        }

        let began = Instant::now();
        client
            .finish_run(FinishRunRequest {
                id: run.id,
                ..Default::default()
            })
            .await
            .map_err(|s| failed("FinishRun", s))?;
        finish.push(began.elapsed().as_secs_f64() * 1000.0);
    }
    Ok(vec![
        Timed {
            backend,
            operation: "CreateRun with 10,000 tasks",
            ms: create,
        },
        Timed {
            backend,
            operation: "ListTasks of the 10,000-task run, pages of 500",
            ms: list,
        },
        Timed {
            backend,
            operation: "FinishRun over 10,000 tasks",
            ms: finish,
        },
    ])
}
