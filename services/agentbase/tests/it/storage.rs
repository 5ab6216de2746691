//! How each backend is opened: SQLite pragmas, and a PostgreSQL schema per context.

use agentbase::{Context, open};
use agentbase_platform::config::Config;
use agentbase_testkit::postgres;
use sea_orm::{ConnectionTrait, DatabaseConnection, Statement};

fn config(vars: &[(&str, String)]) -> Config {
    agentbase::Settings::from_lookup(|name| vars.iter().find(|(k, _)| *k == name).map(|(_, v)| v.clone()))
        .unwrap()
        .platform
}

async fn scalar(db: &DatabaseConnection, sql: &str) -> String {
    let row = db
        .query_one_raw(Statement::from_string(db.get_database_backend(), sql))
        .await
        .unwrap()
        .unwrap();
    row.try_get_by_index::<String>(0)
        .or_else(|_| row.try_get_by_index::<i64>(0).map(|n| n.to_string()))
        .unwrap()
}

#[tokio::test]
async fn sqlite_files_open_with_wal_full_sync_busy_timeout_and_foreign_keys() {
    let dir = std::env::temp_dir().join(format!("agentbase-storage-{}", uuid::Uuid::now_v7().simple()));
    let config = config(&[("AGENTBASE_DATA_DIR", dir.display().to_string())]);
    let db = open(&config, Context::Scripts, &Default::default()).await.unwrap();
    assert!(dir.join("scripts.db").is_file());
    assert_eq!(scalar(&db, "PRAGMA journal_mode").await, "wal");
    assert_eq!(scalar(&db, "PRAGMA synchronous").await, "2", "FULL");
    assert_eq!(scalar(&db, "PRAGMA busy_timeout").await, "5000");
    assert_eq!(scalar(&db, "PRAGMA foreign_keys").await, "1");
    db.close().await.unwrap();
    let _ = std::fs::remove_dir_all(&dir);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn postgres_contexts_live_in_their_own_schema() {
    let server = postgres::server();
    let database = server.create_database().await;
    let config = config(&[("AGENTBASE_DATABASE_URL", server.url(&database))]);
    let db = open(&config, Context::Scripts, &Default::default()).await.unwrap();
    assert_eq!(
        scalar(&db, "SELECT current_schema()").await,
        "scripts",
        "schema created and first on search_path"
    );
    Context::Scripts.migrate_up(&db, None).await.unwrap();
    let tables = scalar(
        &db,
        "SELECT string_agg(table_name, ',' ORDER BY table_name) FROM information_schema.tables WHERE table_schema = 'scripts'",
    )
    .await;
    assert_eq!(
        tables,
        "audit_events,label_move_requests,label_moves,project_deprecations,project_drafts,project_files,project_versions,projects,release_labels,request_ids,script_revisions,scripts,seaql_migrations,tenants"
    );
    let public_tables = scalar(
        &db,
        "SELECT count(*)::bigint FROM information_schema.tables WHERE table_schema = 'public'",
    )
    .await;
    assert_eq!(public_tables, "0", "nothing lands in public");
    db.close().await.unwrap();
    server.drop_database(&database).await;
}

/// Memories stored before the search index existed are indexed by the
/// migrations that add it (and later move it to the text-search engines),
/// across more than one of their batches, in creation order.
async fn memory_index_migration_indexes_existing_memories(db: &DatabaseConnection) {
    Context::Sessions.migrate_up(db, Some(2)).await.unwrap();
    let postgres = db.get_database_backend() == sea_orm::DatabaseBackend::Postgres;
    let rows: Vec<String> = (0..501u32)
        .map(|i| {
            let id = uuid::Uuid::now_v7();
            let id = if postgres {
                format!("'{id}'")
            } else {
                format!("X'{}'", id.simple())
            };
            let (content, search_text) = if i == 0 {
                ("Sad, sad 抑郁", " sad sad 抑郁 ")
            } else {
                ("calm", " calm ")
            };
            format!(
                "({id}, 'u1', 'fact', '{content}', 'medium', 2, '[]', '{{}}', '{search_text}', 'e', \
                 '2026-11-30T00:00:00Z', '2026-11-30T00:00:00Z')"
            )
        })
        .collect();
    let insert = format!(
        "INSERT INTO memories (id, user_id, memory_type, content, importance, importance_rank, tags, metadata, \
         search_text, etag, created_at, updated_at) VALUES {}",
        rows.join(", ")
    );
    db.execute_raw(Statement::from_string(db.get_database_backend(), insert))
        .await
        .unwrap();
    Context::Sessions.migrate_up(db, None).await.unwrap();
    let store = agentbase_sessions::memory::store::MemoryStore::new(db.clone());
    let search = |query: &'static str, limit: i32| {
        let store = store.clone();
        async move {
            let filter = agentbase_sessions::domain::memory::MemoryFilter {
                user_id: Some("u1".into()),
                ..Default::default()
            };
            let search = agentbase_sessions::domain::memory::SearchMemories::parse(query, filter, limit).unwrap();
            // Memories stored before tenants existed are the default tenant's.
            agentbase_platform::tenant::within(agentbase_platform::tenant::DEFAULT, store.search(&search))
                .await
                .unwrap()
        }
    };
    let sad = search("sad", 10).await;
    assert_eq!(sad.len(), 1, "words");
    assert_eq!(sad[0].1, 2.0, "counted twice");
    assert_eq!(search("抑郁", 10).await.len(), 1, "pairs of CJK characters");
    assert_eq!(search("抑", 10).await.len(), 1, "single CJK characters");
    assert_eq!(search("calm", 100).await.len(), 100, "every batch");
    // Creation order follows the ids: the newest memory comes first.
    let newest = scalar(db, "SELECT CAST(MAX(search_seq) AS BIGINT) FROM memories").await;
    assert_eq!(newest, "501");
    let in_id_order = scalar(
        db,
        "SELECT CAST(COUNT(*) AS BIGINT) FROM memories AS a JOIN memories AS b \
         ON a.search_seq < b.search_seq AND a.id > b.id",
    )
    .await;
    assert_eq!(in_id_order, "0", "search_seq follows id order");
    // The old index is gone.
    let old_index = if db.get_database_backend() == sea_orm::DatabaseBackend::Postgres {
        "SELECT CAST(COUNT(*) AS BIGINT) FROM information_schema.tables WHERE table_schema = current_schema() AND table_name LIKE 'memory_term%'"
    } else {
        "SELECT COUNT(*) FROM sqlite_master WHERE name LIKE 'memory_term%'"
    };
    assert_eq!(scalar(db, old_index).await, "0");
}

#[tokio::test]
async fn sqlite_memory_index_migration_indexes_existing_memories() {
    let dir = std::env::temp_dir().join(format!("agentbase-storage-{}", uuid::Uuid::now_v7().simple()));
    let config = config(&[("AGENTBASE_DATA_DIR", dir.display().to_string())]);
    let db = open(&config, Context::Sessions, &Default::default()).await.unwrap();
    memory_index_migration_indexes_existing_memories(&db).await;
    db.close().await.unwrap();
    let _ = std::fs::remove_dir_all(&dir);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn postgres_memory_index_migration_indexes_existing_memories() {
    let server = postgres::server();
    let database = server.create_database().await;
    let config = config(&[("AGENTBASE_DATABASE_URL", server.url(&database))]);
    let db = open(&config, Context::Sessions, &Default::default()).await.unwrap();
    memory_index_migration_indexes_existing_memories(&db).await;
    db.close().await.unwrap();
    server.drop_database(&database).await;
}

/// On SQLite a migration run is all or nothing: one that fails part-way (a
/// table it creates is already there) leaves no table and no record behind,
/// and the next run, once the obstacle is gone, applies every migration.
#[tokio::test]
async fn sqlite_migration_run_that_fails_part_way_leaves_nothing_behind() {
    let dir = std::env::temp_dir().join(format!("agentbase-storage-{}", uuid::Uuid::now_v7().simple()));
    let config = config(&[("AGENTBASE_DATA_DIR", dir.display().to_string())]);
    let db = open(&config, Context::Sessions, &Default::default()).await.unwrap();
    // A later migration of the run creates this table.
    db.execute_unprepared("CREATE TABLE memory_history (planted INTEGER)")
        .await
        .unwrap();
    Context::Sessions
        .migrate_up(&db, None)
        .await
        .expect_err("the run meets the planted table");
    assert_eq!(
        scalar(&db, "SELECT group_concat(name) FROM sqlite_master WHERE type = 'table'").await,
        "memory_history",
        "the migrations before the failing one were rolled back with it"
    );
    db.execute_unprepared("DROP TABLE memory_history").await.unwrap();
    Context::Sessions.migrate_up(&db, None).await.unwrap();
    let status = Context::Sessions.migration_status(&db).await.unwrap();
    assert!(status.iter().all(|(_, applied)| *applied), "{status:?}");
    db.close().await.unwrap();
    let _ = std::fs::remove_dir_all(&dir);
}
