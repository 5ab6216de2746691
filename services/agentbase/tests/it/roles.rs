//! `deploy/postgres/roles.sql` on a real PostgreSQL: migrations run as each
//! schema's owner, each service runs as its own login role, and a role can
//! touch only its own schema (SQLSTATE 42501 elsewhere).

use agentbase::Context;
use agentbase_proto::{
    evaluation::v1::{CreateRunRequest, Exercise, Language},
    scripts::v1::CreateScriptRequest,
    sessions::v1::{CreateMemoryRequest, CreateSessionRequest, SearchMemoriesRequest},
};
use agentbase_testkit::{AppOptions, Backend, postgres, spawn_app_with};
use sea_orm::{ConnectionTrait, Database, DatabaseConnection, DbErr, RuntimeErr};

const ROLES_SQL: &str = include_str!("../../../../deploy/postgres/roles.sql");

fn role_url(host_port: &str, role: &str, password: &str, database: &str) -> String {
    format!("postgres://{role}:{password}@{host_port}/{database}")
}

fn sqlstate(err: &DbErr) -> Option<String> {
    match err {
        DbErr::Exec(RuntimeErr::SqlxError(e)) | DbErr::Query(RuntimeErr::SqlxError(e)) => {
            e.as_database_error().and_then(|d| d.code()).map(|c| c.into_owned())
        }
        _ => None,
    }
}

async fn denied(db: &DatabaseConnection, sql: &str) {
    let err = db.execute_unprepared(sql).await.expect_err(sql);
    assert_eq!(sqlstate(&err).as_deref(), Some("42501"), "{sql}: {err}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn each_context_owns_its_schema_and_nothing_else() {
    let server = postgres::server();
    let database = server.create_database().await;
    let admin = Database::connect(server.url(&database)).await.unwrap();
    admin.execute_unprepared(ROLES_SQL).await.expect("roles.sql runs");
    admin
        .execute_unprepared(ROLES_SQL)
        .await
        .expect("roles.sql runs again (idempotent)");
    let password = uuid::Uuid::now_v7().simple().to_string();
    let url = |role: &str| role_url(&server.host_port(), role, &password, &database);
    for context in Context::ALL {
        for kind in ["owner", "app"] {
            let role = format!("agentbase_{}_{kind}", context.name());
            admin
                .execute_unprepared(&format!("ALTER ROLE {role} PASSWORD '{password}'"))
                .await
                .unwrap();
        }
    }

    // Migrations run as each schema's owner role.
    for context in Context::ALL {
        let owner = url(&format!("agentbase_{}_owner", context.name()));
        let config = agentbase::Settings::from_lookup(|name| (name == "AGENTBASE_DATABASE_URL").then(|| owner.clone()))
            .unwrap()
            .platform;
        let db = agentbase::open(&config, context, &Default::default()).await.unwrap();
        context
            .migrate_up(&db, None)
            .await
            .unwrap_or_else(|e| panic!("{} migrations as owner: {e}", context.name()));
        db.close().await.unwrap();
    }

    // Each service runs with its own login role and no migration rights.
    let env = Context::ALL
        .iter()
        .map(|c| {
            let variable = format!("AGENTBASE_{}_DATABASE_URL", c.name().to_uppercase());
            (variable, url(&format!("agentbase_{}_app", c.name())))
        })
        .chain([("AGENTBASE_MIGRATE".to_owned(), "skip".to_owned())])
        .collect();
    let mut app = spawn_app_with(
        Backend::Postgres,
        AppOptions {
            env,
            ..Default::default()
        },
    )
    .await;
    let content = "technique_id: t\ntopic:\n  topic_id: x\n  actions:\n    - {action_type: ai_say, action_id: a}\n";
    let script = CreateScriptRequest {
        name: "roles".into(),
        content: content.into(),
        ..Default::default()
    };
    let script_id = app.scripts.create_script(script).await.unwrap().into_inner().id;
    let session = CreateSessionRequest {
        user_id: "u".into(),
        script_id,
        ..Default::default()
    };
    app.sessions.create_session(session).await.unwrap();
    let memory = CreateMemoryRequest {
        memory_type: "fact".into(),
        content: "最近有抑郁倾向".into(),
        ..Default::default()
    };
    app.memories.create_memory(memory).await.unwrap();
    let hits = app
        .memories
        .search_memories(SearchMemoriesRequest {
            query: "抑郁".into(),
            ..Default::default()
        })
        .await
        .unwrap();
    assert_eq!(hits.into_inner().hits.len(), 1, "pg_trgm usable by the sessions role");
    let run = CreateRunRequest {
        model: "m".into(),
        exercises: vec![Exercise {
            language: Language::Rust as i32,
            exercise: "e".into(),
        }],
        ..Default::default()
    };
    app.evaluation.create_run(run).await.unwrap();

    // The sessions role reads and writes its own schema, and nothing else.
    let sessions = Database::connect(url("agentbase_sessions_app")).await.unwrap();
    sessions
        .execute_unprepared("SELECT count(*) FROM sessions.sessions")
        .await
        .unwrap();
    sessions
        .execute_unprepared("UPDATE sessions.sessions SET metadata = metadata")
        .await
        .unwrap();
    denied(&sessions, "SELECT * FROM scripts.scripts").await;
    denied(
        &sessions,
        "INSERT INTO scripts.request_ids VALUES ('x', gen_random_uuid(), 'f', gen_random_uuid(), now())",
    )
    .await;
    denied(&sessions, "SELECT * FROM evaluation.runs").await;
    denied(&sessions, "DELETE FROM evaluation.tasks").await;
    denied(&sessions, "CREATE TABLE public.intruder (id int)").await;
    denied(&sessions, "CREATE TABLE sessions.intruder (id int)").await;
    denied(&sessions, "DROP TABLE sessions.messages").await;
    let scripts_owner = Database::connect(url("agentbase_scripts_owner")).await.unwrap();
    denied(&scripts_owner, "SELECT * FROM sessions.sessions").await;
    sessions.close().await.unwrap();
    scripts_owner.close().await.unwrap();
    drop(app);
    admin.close().await.unwrap();
    server.drop_database(&database).await;
}
