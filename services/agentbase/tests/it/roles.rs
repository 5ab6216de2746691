//! `deploy/postgres/roles.sql` on a real PostgreSQL: migrations run as each
//! schema's owner, each service runs as its own login role, and a role can
//! touch only its own schema (SQLSTATE 42501 elsewhere), and only the rows of
//! the tenant its connection is confined to (row-level security, forced on
//! every table, which no role can bypass).

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
    // A refused write is recorded too, in the caller's tenant: row-level
    // security admits the event although the call layer, not the handler,
    // writes it.
    let refused = app
        .sessions
        .create_session(CreateSessionRequest {
            user_id: "u".into(),
            script_id: uuid::Uuid::now_v7().to_string(),
            ..Default::default()
        })
        .await
        .unwrap_err();
    assert_eq!(refused.code(), tonic::Code::FailedPrecondition);
    let trail = app
        .sessions
        .list_audit_events(agentbase_proto::audit::v1::ListAuditEventsRequest::default())
        .await
        .unwrap()
        .into_inner()
        .events;
    assert!(
        trail.iter().any(|event| event.outcome == "FAILED_PRECONDITION"),
        "the refusal is in the trail: {trail:?}"
    );

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

    // Row-level security, the second wall: every table of every context has
    // it enabled and forced, and a service role on its own connection, with
    // no tenant filter in its statements, sees and changes no row of
    // another tenant, and cannot turn it off.
    let tables = admin
        .query_all_raw(sea_orm::Statement::from_string(
            sea_orm::DbBackend::Postgres,
            "SELECT n.nspname || '.' || c.relname AS name, c.relrowsecurity AND c.relforcerowsecurity AS forced \
             FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace \
             WHERE c.relkind = 'r' AND n.nspname IN ('scripts', 'sessions', 'evaluation') \
               AND c.relname <> 'seaql_migrations' ORDER BY 1",
        ))
        .await
        .unwrap();
    assert!(tables.len() >= 28, "{} tables", tables.len());
    for row in &tables {
        let name: String = row.try_get("", "name").unwrap();
        assert!(
            row.try_get::<bool>("", "forced").unwrap(),
            "{name}: row-level security not forced"
        );
    }
    for context in Context::ALL {
        let schema = context.name();
        for role in ["app", "owner"] {
            let mut options = sea_orm::ConnectOptions::new(url(&format!("agentbase_{schema}_{role}")));
            options.max_connections(1);
            let db = Database::connect(options).await.unwrap();
            let count = |table: String| {
                let db = db.clone();
                async move {
                    let row = db
                        .query_one_raw(sea_orm::Statement::from_string(
                            sea_orm::DbBackend::Postgres,
                            format!("SELECT count(*) AS n FROM {table}"),
                        ))
                        .await
                        .unwrap()
                        .unwrap();
                    row.try_get::<i64>("", "n").unwrap()
                }
            };
            let of_schema: Vec<String> = tables
                .iter()
                .map(|row| row.try_get::<String>("", "name").unwrap())
                .filter(|name| name.starts_with(&format!("{schema}.")) && !name.ends_with(".tenants"))
                .collect();
            let mut seen_as_default = 0;
            for (tenant, label) in [
                (None, "no tenant"),
                (Some("intruder"), "another tenant"),
                (Some("default"), "its own"),
            ] {
                if let Some(tenant) = tenant {
                    db.execute_unprepared(&format!("SELECT set_config('agentbase.tenant', '{tenant}', false)"))
                        .await
                        .unwrap();
                }
                for table in &of_schema {
                    let rows = count(table.clone()).await;
                    match tenant {
                        Some("default") => seen_as_default += rows,
                        _ => assert_eq!(rows, 0, "{role} of {schema}, {label}: {table} shows {rows} rows"),
                    }
                }
            }
            assert!(seen_as_default > 0, "{schema}: the default tenant's rows are there");
            db.execute_unprepared("SELECT set_config('agentbase.tenant', 'intruder', false)")
                .await
                .unwrap();
            if role == "app" {
                // Writes with no tenant filter change nothing of another tenant's…
                for table in &of_schema {
                    let changed = db
                        .execute_unprepared(&format!("UPDATE {table} SET tenant_id = tenant_id"))
                        .await
                        .unwrap()
                        .rows_affected();
                    assert_eq!(changed, 0, "{table}: an update reached another tenant's rows");
                    let deleted = db
                        .execute_unprepared(&format!("DELETE FROM {table}"))
                        .await
                        .unwrap()
                        .rows_affected();
                    assert_eq!(deleted, 0, "{table}: a delete reached another tenant's rows");
                }
                // … cannot write a row into another tenant …
                denied(
                    &db,
                    &format!(
                        "INSERT INTO {schema}.request_ids VALUES ('x', gen_random_uuid(), 'f', gen_random_uuid(), now(), 'default')"
                    ),
                )
                .await;
            }
            // … and no role can switch the policies off.
            db.execute_unprepared("SET row_security = off").await.unwrap();
            denied(&db, &format!("SELECT * FROM {}", of_schema[0])).await;
            db.execute_unprepared("SET row_security = on").await.unwrap();
            if role == "app" {
                denied(&db, &format!("ALTER TABLE {} DISABLE ROW LEVEL SECURITY", of_schema[0])).await;
            }
            let bypass = db
                .query_one_raw(sea_orm::Statement::from_string(
                    sea_orm::DbBackend::Postgres,
                    "SELECT rolbypassrls OR rolsuper AS bypass FROM pg_roles WHERE rolname = current_user",
                ))
                .await
                .unwrap()
                .unwrap();
            assert!(
                !bypass.try_get::<bool>("", "bypass").unwrap(),
                "{role} of {schema} bypasses RLS"
            );
            db.close().await.unwrap();
        }
    }
    drop(app);
    admin.close().await.unwrap();
    server.drop_database(&database).await;
}
