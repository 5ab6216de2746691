//! A schema that changes under warm connections (issue 30): a column added to
//! every table of every context by someone else — a newer replica's migration
//! during a rolling upgrade, or on SQLite the start-up migration run beside a
//! pool connection that read the schema before it — while the server's pooled
//! connections hold prepared statements of the hottest calls. Every statement
//! names the columns it reads, so an added column changes no statement's
//! result, and every call goes on answering right.

use agentbase_proto::{
    evaluation::v1::{
        ClaimTasksRequest, CreateRunRequest, Exercise, FinishTaskRequest, GetRunRequest, GetRunSummaryRequest,
        Language, TaskOutcome,
    },
    scripts::v1::{CreateScriptRequest, GetScriptRequest, UpdateScriptRequest, get_script_request::Selector},
    sessions::v1::{
        AppendMessagesRequest, CreateMemoryRequest, CreateSessionRequest, ForkSessionRequest, GetSessionRequest,
        ListMessagesRequest, ListVariablesRequest, MessageRole, NewMessage, SearchMemoriesRequest, SetVariablesRequest,
        UpdateMemoryRequest, VariableInput, VariableScope,
    },
};
use agentbase_testkit::{Backend, TestApp, spawn_app};
use prost_types::{FieldMask, Value, value::Kind};
use sea_orm::{ConnectionTrait, Statement};

/// The hottest calls of every context, each of which must succeed.
async fn exercise(app: &mut TestApp, round: usize) {
    let script = app
        .scripts
        .create_script(CreateScriptRequest {
            name: format!("drift-{round}"),
            content: agentbase_testkit::fixtures::TECHNIQUE.into(),
            ..Default::default()
        })
        .await
        .unwrap()
        .into_inner();
    app.scripts
        .update_script(UpdateScriptRequest {
            id: script.id.clone(),
            description: format!("round {round}"),
            update_mask: Some(FieldMask {
                paths: vec!["description".into()],
            }),
            ..Default::default()
        })
        .await
        .unwrap();
    app.scripts
        .get_script(GetScriptRequest {
            selector: Some(Selector::Id(script.id.clone())),
            ..Default::default()
        })
        .await
        .unwrap();

    let session = app
        .sessions
        .create_session(CreateSessionRequest {
            user_id: "drift".into(),
            script_id: script.id,
            ..Default::default()
        })
        .await
        .unwrap()
        .into_inner();
    for turn in 0..3 {
        let appended = app
            .sessions
            .append_messages(AppendMessagesRequest {
                session_id: session.id.clone(),
                messages: vec![NewMessage {
                    role: MessageRole::User as i32,
                    content: format!("turn {turn}"),
                    ..Default::default()
                }],
                ..Default::default()
            })
            .await
            .unwrap()
            .into_inner();
        assert_eq!(appended.messages[0].seq, turn + 1);
    }
    let listed = app
        .sessions
        .list_messages(ListMessagesRequest {
            session_id: session.id.clone(),
            ..Default::default()
        })
        .await
        .unwrap()
        .into_inner();
    assert_eq!(listed.messages.len(), 3);
    let got = app
        .sessions
        .get_session(GetSessionRequest { id: session.id.clone() })
        .await
        .unwrap()
        .into_inner();
    assert_eq!(got.message_count, 3);
    app.sessions
        .set_variables(SetVariablesRequest {
            session_id: session.id.clone(),
            variables: vec![VariableInput {
                scope: VariableScope::Session as i32,
                name: "mood".into(),
                value: Some(Value {
                    kind: Some(Kind::StringValue("calm".into())),
                }),
                source: "drift".into(),
            }],
        })
        .await
        .unwrap();
    let variables = app
        .sessions
        .list_variables(ListVariablesRequest {
            session_id: session.id.clone(),
            ..Default::default()
        })
        .await
        .unwrap()
        .into_inner();
    assert_eq!(variables.variables.len(), 1);
    app.sessions
        .fork_session(ForkSessionRequest {
            session_id: session.id.clone(),
            at_seq: 2,
            ..Default::default()
        })
        .await
        .unwrap();

    let memory = app
        .memories
        .create_memory(CreateMemoryRequest {
            user_id: "drift".into(),
            memory_type: "fact".into(),
            content: format!("sleeps badly before exams, round {round}"),
            ..Default::default()
        })
        .await
        .unwrap()
        .into_inner();
    app.memories
        .update_memory(UpdateMemoryRequest {
            id: memory.id.clone(),
            content: format!("sleeps badly before every exam, round {round}"),
            update_mask: Some(FieldMask {
                paths: vec!["content".into()],
            }),
            ..Default::default()
        })
        .await
        .unwrap();
    let found = app
        .memories
        .search_memories(SearchMemoriesRequest {
            query: "exam".into(),
            user_id: "drift".into(),
            ..Default::default()
        })
        .await
        .unwrap()
        .into_inner();
    assert!(!found.hits.is_empty());

    let run = app
        .evaluation
        .create_run(CreateRunRequest {
            model: "drift".into(),
            name: format!("drift-{round}"),
            exercises: vec![Exercise {
                language: Language::Go as i32,
                exercise: "hello".into(),
            }],
            iterations: 1,
            ..Default::default()
        })
        .await
        .unwrap()
        .into_inner();
    let claimed = app
        .evaluation
        .claim_tasks(ClaimTasksRequest {
            run_id: run.id.clone(),
            worker_id: "w".into(),
            max_tasks: 1,
            lease_seconds: 60,
        })
        .await
        .unwrap()
        .into_inner();
    app.evaluation
        .finish_task(FinishTaskRequest {
            task_id: claimed.tasks[0].id.clone(),
            outcome: TaskOutcome::Passed as i32,
            worker_id: "w".into(),
            ..Default::default()
        })
        .await
        .unwrap();
    app.evaluation
        .get_run(GetRunRequest { id: run.id.clone() })
        .await
        .unwrap();
    app.evaluation
        .get_run_summary(GetRunSummaryRequest { id: run.id })
        .await
        .unwrap();
}

/// Adds a nullable column named `column` to every ordinary table of every context.
async fn add_a_column_everywhere(app: &TestApp, column: &str) -> usize {
    let mut altered = 0;
    for context in agentbase::Context::ALL {
        let db = app.storage_of(context.name()).await;
        let backend = db.get_database_backend();
        let list = match backend {
            sea_orm::DbBackend::Postgres => format!(
                "SELECT table_name AS name FROM information_schema.tables \
                 WHERE table_schema = '{}' AND table_type = 'BASE TABLE'",
                context.name()
            ),
            // Virtual tables (and the shadow tables behind them) are the engine's own.
            _ => "SELECT name FROM sqlite_master AS t WHERE type = 'table' AND name NOT LIKE 'sqlite%' \
                  AND sql NOT LIKE 'CREATE VIRTUAL%' AND NOT EXISTS (SELECT 1 FROM sqlite_master AS v \
                  WHERE v.sql LIKE 'CREATE VIRTUAL%' AND t.name LIKE v.name || '\\_%' ESCAPE '\\')"
                .to_owned(),
        };
        let tables = db
            .query_all_raw(Statement::from_string(backend, list))
            .await
            .unwrap()
            .into_iter()
            .map(|row| row.try_get::<String>("", "name").unwrap())
            .collect::<Vec<_>>();
        for table in tables {
            db.execute_unprepared(&format!(r#"ALTER TABLE "{table}" ADD COLUMN "{column}" TEXT"#))
                .await
                .unwrap();
            altered += 1;
        }
        db.close().await.unwrap();
    }
    altered
}

async fn calls_survive_columns_added_under_warm_connections(backend: Backend) {
    let mut app = spawn_app(backend).await;
    // Twice, so that every pooled connection likely holds the statements.
    exercise(&mut app, 0).await;
    exercise(&mut app, 1).await;
    let altered = add_a_column_everywhere(&app, "added_by_a_newer_version").await;
    assert!(altered >= 20, "only {altered} tables altered");
    exercise(&mut app, 2).await;
    exercise(&mut app, 3).await;
    add_a_column_everywhere(&app, "added_again").await;
    exercise(&mut app, 4).await;
    app.stop().await;
}

mod sqlite {
    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn calls_survive_columns_added_under_warm_connections() {
        super::calls_survive_columns_added_under_warm_connections(agentbase_testkit::Backend::Sqlite).await;
    }
}

mod postgres {
    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn calls_survive_columns_added_under_warm_connections() {
        super::calls_survive_columns_added_under_warm_connections(agentbase_testkit::Backend::Postgres).await;
    }
}
