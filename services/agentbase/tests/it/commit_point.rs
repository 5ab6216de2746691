//! No RPC answers an error after its write committed: every write reads its
//! answer inside its own transaction. Shown on PostgreSQL by a role that may
//! insert scripts but not read them: the create's read-back fails, and the
//! rows it inserted are rolled back with it. (Before, the read ran after the
//! commit: the caller got an error for a script that was stored.)

use agentbase_proto::scripts::v1::CreateScriptRequest;
use agentbase_testkit::fixtures::TECHNIQUE;
use agentbase_testkit::{AppOptions, Backend, postgres, spawn_app, spawn_app_with};
use sea_orm::{ConnectionTrait, Database};
use tonic::Code;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_write_whose_answer_cannot_be_read_leaves_nothing_behind() {
    let migrated = spawn_app(Backend::Postgres).await;
    let url = migrated.database_url().unwrap();
    let database = url.rsplit('/').next().unwrap().to_owned();
    let admin = Database::connect(url.clone()).await.unwrap();
    let role = format!("insert_only_{}", uuid::Uuid::now_v7().simple());
    admin
        .execute_unprepared(&format!(
            "CREATE ROLE {role} LOGIN PASSWORD 'x';
             GRANT CONNECT ON DATABASE \"{database}\" TO {role};
             GRANT USAGE ON SCHEMA scripts TO {role};
             GRANT INSERT ON scripts.scripts, scripts.script_revisions TO {role};"
        ))
        .await
        .unwrap();
    let role_url = format!("postgres://{role}:x@{}/{database}", postgres::server().host_port());
    let mut app = spawn_app_with(
        Backend::Postgres,
        AppOptions {
            env: vec![
                ("AGENTBASE_SCRIPTS_DATABASE_URL".into(), role_url),
                ("AGENTBASE_MIGRATE".into(), "skip".into()),
            ],
            ..Default::default()
        },
    )
    .await;

    let status = app
        .scripts
        .create_script(CreateScriptRequest {
            name: "unreadable".into(),
            author: "li".into(),
            content: TECHNIQUE.into(),
            ..Default::default()
        })
        .await
        .unwrap_err();
    assert_eq!(status.code(), Code::Internal, "{status:?}");
    assert_eq!(status.message(), "internal error", "no SQL reaches the caller");

    for table in ["scripts", "script_revisions"] {
        let row = admin
            .query_one_raw(sea_orm::Statement::from_string(
                sea_orm::DatabaseBackend::Postgres,
                format!("SELECT count(*) AS n FROM scripts.{table}"),
            ))
            .await
            .unwrap()
            .unwrap();
        assert_eq!(
            row.try_get::<i64>("", "n").unwrap(),
            0,
            "{table}: the failed call wrote nothing"
        );
    }
    app.stop().await;
    drop(app);
    admin
        .execute_unprepared(&format!(
            "REVOKE ALL ON ALL TABLES IN SCHEMA scripts FROM {role};
             REVOKE ALL ON SCHEMA scripts FROM {role};
             REVOKE ALL ON DATABASE \"{database}\" FROM {role};"
        ))
        .await
        .unwrap();
    drop(migrated);
    admin.close().await.ok();
    let maintenance = Database::connect(postgres::server().url("postgres")).await.unwrap();
    maintenance
        .execute_unprepared(&format!("DROP ROLE IF EXISTS {role}"))
        .await
        .ok();
}
