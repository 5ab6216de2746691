//! The search index of memories: one row per memory and key, ordered the way
//! search ranks (occurrences, importance, recency). Existing memories are
//! indexed here, with the keys as this migration defines them; the trigram
//! index it replaces is dropped.

use std::collections::BTreeMap;

use sea_orm_migration::{
    prelude::*,
    sea_orm::{ConnectionTrait, DatabaseBackend, Statement, Value, prelude::Uuid},
};

use crate::{for_backend, run_all};

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m20261130_000001_memory_terms"
    }
}

const POSTGRES_UP: &[&str] = &[
    r#"CREATE TABLE memory_terms (
        memory_id uuid NOT NULL REFERENCES memories (id) ON DELETE CASCADE,
        term text NOT NULL,
        user_id text,
        hits integer NOT NULL CONSTRAINT memory_terms_hits CHECK (hits > 0),
        importance_rank smallint NOT NULL,
        PRIMARY KEY (memory_id, term)
    )"#,
    "CREATE INDEX memory_terms_ranked_idx ON memory_terms (term, hits DESC, importance_rank DESC, memory_id DESC)",
    "CREATE INDEX memory_terms_user_ranked_idx ON memory_terms (user_id, term, hits DESC, importance_rank DESC, memory_id DESC)",
    "DROP INDEX memories_search_trgm_idx",
];

const SQLITE_UP: &[&str] = &[
    r#"CREATE TABLE memory_terms (
        memory_id BLOB NOT NULL REFERENCES memories (id) ON DELETE CASCADE,
        term TEXT NOT NULL,
        user_id TEXT,
        hits INTEGER NOT NULL CONSTRAINT memory_terms_hits CHECK (hits > 0),
        importance_rank INTEGER NOT NULL,
        PRIMARY KEY (memory_id, term)
    ) WITHOUT ROWID"#,
    "CREATE INDEX memory_terms_ranked_idx ON memory_terms (term, hits DESC, importance_rank DESC, memory_id DESC)",
    "CREATE INDEX memory_terms_user_ranked_idx ON memory_terms (user_id, term, hits DESC, importance_rank DESC, memory_id DESC)",
];

const DOWN: &[&str] = &["DROP TABLE memory_terms"];

/// Memories read per batch while indexing existing ones.
const BATCH: u64 = 500;
/// Index rows per INSERT (five parameters each).
const ROWS_PER_INSERT: usize = 1000;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        run_all(manager, for_backend(manager, POSTGRES_UP, SQLITE_UP)?).await?;
        index_existing(manager).await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        run_all(manager, DOWN).await
    }
}

async fn index_existing(manager: &SchemaManager<'_>) -> Result<(), DbErr> {
    let db = manager.get_connection();
    let backend = manager.get_database_backend();
    let placeholder = |n: usize| match backend {
        DatabaseBackend::Postgres => format!("${n}"),
        _ => "?".to_owned(),
    };
    let mut last: Option<Uuid> = None;
    loop {
        let mut values: Vec<Value> = Vec::new();
        let mut select = "SELECT id, user_id, importance_rank, search_text FROM memories".to_owned();
        if let Some(id) = last {
            values.push(id.into());
            select += &format!(" WHERE id > {}", placeholder(values.len()));
        }
        values.push((BATCH as i64).into());
        select += &format!(" ORDER BY id LIMIT {}", placeholder(values.len()));
        let memories = db
            .query_all_raw(Statement::from_sql_and_values(backend, select, values))
            .await?;
        let mut rows: Vec<[Value; 5]> = Vec::new();
        for memory in &memories {
            let id: Uuid = memory.try_get("", "id")?;
            let user_id: Option<String> = memory.try_get("", "user_id")?;
            let rank: i16 = memory.try_get("", "importance_rank")?;
            let text: String = memory.try_get("", "search_text")?;
            for (term, hits) in keys(&text) {
                rows.push([id.into(), term.into(), user_id.clone().into(), hits.into(), rank.into()]);
            }
            last = Some(id);
        }
        for chunk in rows.chunks(ROWS_PER_INSERT) {
            let mut insert = Query::insert();
            insert
                .into_table("memory_terms")
                .columns(["memory_id", "term", "user_id", "hits", "importance_rank"]);
            for row in chunk {
                insert.values_panic(row.iter().cloned().map(SimpleExpr::from));
            }
            let (sql, values) = match backend {
                DatabaseBackend::Postgres => insert.build(PostgresQueryBuilder),
                _ => insert.build(SqliteQueryBuilder),
            };
            db.execute_raw(Statement::from_sql_and_values(backend, sql, values.0))
                .await?;
        }
        if (memories.len() as u64) < BATCH {
            return Ok(());
        }
    }
}

/// Every ASCII word as ` word `, and the non-ASCII characters and pairs of
/// the other words, with their counts (frozen with this migration).
fn keys(search_text: &str) -> BTreeMap<String, i32> {
    let mut keys: BTreeMap<String, i32> = BTreeMap::new();
    let mut count = |key: String| *keys.entry(key).or_default() += 1;
    for word in search_text.split_whitespace() {
        if word.chars().all(|c| c.is_ascii_alphanumeric()) {
            count(format!(" {word} "));
            continue;
        }
        let mut previous: Option<char> = None;
        for c in word.chars() {
            if !c.is_ascii() {
                count(c.to_string());
            }
            if let Some(p) = previous.filter(|p| !p.is_ascii() || !c.is_ascii()) {
                count([p, c].iter().collect());
            }
            previous = Some(c);
        }
    }
    keys
}
