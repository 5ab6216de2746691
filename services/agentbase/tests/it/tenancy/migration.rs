//! Rows written before tenants existed are the default tenant's: a database
//! taken back to before the tenancy migration (its `down`, which drops every
//! `tenant_id`) and started again by this build keeps every row readable by
//! a caller of the default tenant, through the generated clients.

use agentbase::Context;
use agentbase_proto::{evaluation::v1 as ev, scripts::v1 as sc, sessions::v1 as se};
use agentbase_testkit::{AppOptions, Backend, backend_tests, fixtures::TECHNIQUE, spawn_app_with};
use sea_orm::ConnectionTrait;

async fn rows_from_before_tenants_are_the_default_tenants(backend: Backend) {
    let dir = std::env::temp_dir().join(format!("agentbase-before-tenants-{}", uuid::Uuid::now_v7().simple()));
    let (storage, database) = match backend {
        Backend::Sqlite => (("AGENTBASE_DATA_DIR".to_owned(), dir.display().to_string()), None),
        Backend::Postgres | Backend::Pooled => {
            let server = agentbase_testkit::postgres::server();
            let database = server.create_database().await;
            (
                ("AGENTBASE_DATABASE_URL".to_owned(), server.url(&database)),
                Some(database),
            )
        }
    };
    let options = || AppOptions {
        env: vec![storage.clone()],
        ..Default::default()
    };
    let mut app = spawn_app_with(backend, options()).await;
    let script = app
        .scripts
        .create_script(sc::CreateScriptRequest {
            name: "older".into(),
            content: TECHNIQUE.into(),
            ..Default::default()
        })
        .await
        .unwrap()
        .into_inner();
    let session = app
        .sessions
        .create_session(se::CreateSessionRequest {
            user_id: "u".into(),
            script_id: script.id.clone(),
            ..Default::default()
        })
        .await
        .unwrap()
        .into_inner();
    app.sessions
        .append_messages(se::AppendMessagesRequest {
            session_id: session.id.clone(),
            messages: vec![se::NewMessage {
                role: se::MessageRole::User as i32,
                content: "written before tenants".into(),
                ..Default::default()
            }],
            ..Default::default()
        })
        .await
        .unwrap();
    let memory = app
        .memories
        .create_memory(se::CreateMemoryRequest {
            user_id: "u".into(),
            memory_type: "fact".into(),
            content: "sleeps badly".into(),
            ..Default::default()
        })
        .await
        .unwrap()
        .into_inner();
    let run = app
        .evaluation
        .create_run(ev::CreateRunRequest {
            model: "m".into(),
            exercises: vec![ev::Exercise {
                language: ev::Language::Rust as i32,
                exercise: "two-fer".into(),
            }],
            iterations: 1,
            ..Default::default()
        })
        .await
        .unwrap()
        .into_inner();
    app.stop().await;
    drop(app);

    // Back to before tenants: every context's tenancy migration undone.
    let config = agentbase::Settings::from_lookup(|name| (name == storage.0).then(|| storage.1.clone()))
        .unwrap()
        .platform;
    for context in Context::ALL {
        let db = agentbase::open(&config, context, &Default::default()).await.unwrap();
        context.migrate_down(&db, 1).await.unwrap();
        let table = match context {
            Context::Scripts => "scripts",
            Context::Sessions => "sessions",
            Context::Evaluation => "runs",
        };
        assert!(
            db.execute_unprepared(&format!("SELECT tenant_id FROM {table}"))
                .await
                .is_err(),
            "{table} has no tenant_id before the migration"
        );
        db.close().await.unwrap();
    }

    // This build migrates them again; the default tenant reads every row.
    let mut app = spawn_app_with(backend, options()).await;
    let again = app
        .scripts
        .get_script(sc::GetScriptRequest {
            selector: Some(sc::get_script_request::Selector::Name("older".into())),
            ..Default::default()
        })
        .await
        .unwrap()
        .into_inner();
    assert_eq!(again.id, script.id);
    let messages = app
        .sessions
        .list_messages(se::ListMessagesRequest {
            session_id: session.id.clone(),
            ..Default::default()
        })
        .await
        .unwrap()
        .into_inner()
        .messages;
    assert_eq!(messages[0].content, "written before tenants");
    let listed = app
        .sessions
        .list_sessions(se::ListSessionsRequest::default())
        .await
        .unwrap()
        .into_inner()
        .sessions;
    assert_eq!(listed.len(), 1);
    let hits = app
        .memories
        .search_memories(se::SearchMemoriesRequest {
            query: "sleeps".into(),
            ..Default::default()
        })
        .await
        .unwrap()
        .into_inner()
        .hits;
    assert_eq!(hits[0].memory.as_ref().unwrap().id, memory.id);
    app.evaluation
        .get_run(ev::GetRunRequest { id: run.id.clone() })
        .await
        .unwrap();
    // A name taken before tenants is still taken in the default tenant.
    let taken = app
        .scripts
        .create_script(sc::CreateScriptRequest {
            name: "older".into(),
            content: TECHNIQUE.into(),
            ..Default::default()
        })
        .await
        .unwrap_err();
    assert_eq!(taken.code(), tonic::Code::AlreadyExists);
    app.stop().await;
    drop(app);
    if let Some(database) = database {
        agentbase_testkit::postgres::server().drop_database(&database).await;
    }
    let _ = std::fs::remove_dir_all(&dir);
}

backend_tests!(rows_from_before_tenants_are_the_default_tenants);
