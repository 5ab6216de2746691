//! Memory search moves to the databases' own text-search engines: SQLite's
//! FTS5 and PostgreSQL's full-text search (a `tsvector` under a GIN index),
//! and the hand-built index (`memory_terms`, its sampled statistics
//! `memory_term_stats` and its Bloom signatures) is dropped.
//!
//! Each memory gets `search_keys` (its index tokens), `search_scope` (tokens
//! of its user, session and type) and `search_seq` (its place in creation
//! order). Existing memories are indexed here, in id order (their creation
//! order), with a frozen copy of the service's tokenizer. On SQLite the FTS5
//! table `memory_search` (contentless, its rowid the importance rank times
//! 2^48 plus `search_seq`) is kept by triggers; on PostgreSQL
//! `search_vector` is a generated column.
//!
//! Down recreates the old index's tables empty: search under the old code
//! finds nothing until memories are written again.

use std::collections::HashSet;

use sea_orm_migration::{
    prelude::*,
    sea_orm::{ConnectionTrait, DatabaseBackend, Statement, Value, prelude::Uuid},
};
use sha2::{Digest as _, Sha256};

use crate::{for_backend, run_all};

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m20261204_000002_memory_search_engine"
    }
}

const POSTGRES_COLUMNS: &[&str] = &[
    "ALTER TABLE memories ADD COLUMN search_keys text NOT NULL DEFAULT ''",
    "ALTER TABLE memories ADD COLUMN search_scope text NOT NULL DEFAULT ''",
    "ALTER TABLE memories ADD COLUMN search_seq bigint",
    "CREATE SEQUENCE memories_search_seq OWNED BY memories.search_seq",
];

const SQLITE_COLUMNS: &[&str] = &[
    "ALTER TABLE memories ADD COLUMN search_keys TEXT NOT NULL DEFAULT ''",
    "ALTER TABLE memories ADD COLUMN search_scope TEXT NOT NULL DEFAULT ''",
    "ALTER TABLE memories ADD COLUMN search_seq INTEGER",
];

/// The rowid of a memory's FTS5 row: importance first, then creation order.
const SQLITE_ROWID_OF_NEW: &str = "(new.importance_rank << 48) | new.search_seq";
const SQLITE_ROWID_OF_OLD: &str = "(old.importance_rank << 48) | old.search_seq";

const POSTGRES_ENGINE: &[&str] = &[
    "ALTER TABLE memories ALTER COLUMN search_seq SET DEFAULT nextval('memories_search_seq')",
    "ALTER TABLE memories ALTER COLUMN search_seq SET NOT NULL",
    // Scope tokens get a '#' so that no word of a memory is one; a memory
    // that no other supersedes is also '#live'.
    r#"ALTER TABLE memories ADD COLUMN search_vector tsvector GENERATED ALWAYS AS (
        array_to_tsvector(array_remove(string_to_array(
            search_keys || ' ' || regexp_replace(search_scope, '(\S+)', '#\1', 'g')
                || CASE WHEN superseded_by IS NULL THEN ' #live' ELSE '' END,
            ' '), ''))
    ) STORED"#,
    "CREATE INDEX memories_search_idx ON memories USING gin (search_vector)",
    "CREATE INDEX memories_user_ranked_idx ON memories (user_id, importance_rank DESC, search_seq DESC)",
    "CREATE INDEX memories_session_ranked_idx ON memories (session_id, importance_rank DESC, search_seq DESC)",
    "CREATE INDEX memories_ranked_idx ON memories (importance_rank DESC, search_seq DESC)",
    "DROP TABLE memory_term_stats",
    "DROP TABLE memory_terms",
];

fn sqlite_engine() -> Vec<String> {
    let scope_of_new = "new.search_scope || CASE WHEN new.superseded_by IS NULL THEN ' live' ELSE '' END";
    let insert_new = format!(
        "INSERT INTO memory_search (rowid, scope, keys) VALUES ({SQLITE_ROWID_OF_NEW}, {scope_of_new}, new.search_keys);"
    );
    vec![
        "CREATE UNIQUE INDEX memories_search_seq_idx ON memories (search_seq)".to_owned(),
        // Tokens are space-separated runs of ASCII letters and digits or of
        // other characters: the `ascii` tokenizer keeps each whole. Column
        // detail, no positions: no query asks for a phrase.
        "CREATE VIRTUAL TABLE memory_search USING fts5(scope, keys, tokenize = 'ascii', detail = 'column', \
         content = '', contentless_delete = 1)"
            .to_owned(),
        "INSERT INTO memory_search (rowid, scope, keys) SELECT (importance_rank << 48) | search_seq, \
         search_scope || CASE WHEN superseded_by IS NULL THEN ' live' ELSE '' END, search_keys FROM memories"
            .to_owned(),
        // A new memory takes the next place in creation order (writers take
        // turns, so MAX + 1 is never taken twice); setting it indexes it.
        "CREATE TRIGGER memories_search_seq AFTER INSERT ON memories WHEN new.search_seq IS NULL BEGIN \
         UPDATE memories SET search_seq = (SELECT COALESCE(MAX(search_seq), 0) + 1 FROM memories) WHERE rowid = new.rowid; \
         END"
            .to_owned(),
        format!("CREATE TRIGGER memories_search_insert AFTER INSERT ON memories WHEN new.search_seq IS NOT NULL BEGIN {insert_new} END"),
        format!(
            "CREATE TRIGGER memories_search_update AFTER UPDATE OF importance_rank, search_seq, search_keys, search_scope, \
             superseded_by ON memories BEGIN DELETE FROM memory_search WHERE rowid = {SQLITE_ROWID_OF_OLD}; {insert_new} END"
        ),
        format!(
            "CREATE TRIGGER memories_search_delete AFTER DELETE ON memories BEGIN \
             DELETE FROM memory_search WHERE rowid = {SQLITE_ROWID_OF_OLD}; END"
        ),
        "DROP TABLE memory_term_stats".to_owned(),
        "DROP TABLE memory_terms".to_owned(),
    ]
}

const POSTGRES_DOWN: &[&str] = &[
    "ALTER TABLE memories DROP COLUMN search_vector",
    "ALTER TABLE memories DROP COLUMN search_seq",
    "ALTER TABLE memories DROP COLUMN search_scope",
    "ALTER TABLE memories DROP COLUMN search_keys",
    r#"CREATE TABLE memory_terms (
        memory_id uuid NOT NULL REFERENCES memories (id) ON DELETE CASCADE,
        term text NOT NULL,
        user_id text,
        hits integer NOT NULL CONSTRAINT memory_terms_hits CHECK (hits > 0),
        importance_rank smallint NOT NULL,
        key_signature bigint NOT NULL DEFAULT -1,
        PRIMARY KEY (memory_id, term)
    )"#,
    "CREATE INDEX memory_terms_signed_ranked_idx ON memory_terms (term, hits DESC, importance_rank DESC, memory_id DESC) INCLUDE (key_signature)",
    "CREATE INDEX memory_terms_user_signed_ranked_idx ON memory_terms (user_id, term, hits DESC, importance_rank DESC, memory_id DESC) INCLUDE (key_signature)",
    r#"CREATE TABLE memory_term_stats (
        term text PRIMARY KEY,
        entries bigint NOT NULL CONSTRAINT memory_term_stats_entries CHECK (entries >= 0)
    )"#,
];

const SQLITE_DOWN: &[&str] = &[
    "DROP TRIGGER memories_search_delete",
    "DROP TRIGGER memories_search_update",
    "DROP TRIGGER memories_search_insert",
    "DROP TRIGGER memories_search_seq",
    "DROP TABLE memory_search",
    "DROP INDEX memories_search_seq_idx",
    "ALTER TABLE memories DROP COLUMN search_seq",
    "ALTER TABLE memories DROP COLUMN search_scope",
    "ALTER TABLE memories DROP COLUMN search_keys",
    r#"CREATE TABLE memory_terms (
        memory_id BLOB NOT NULL REFERENCES memories (id) ON DELETE CASCADE,
        term TEXT NOT NULL,
        user_id TEXT,
        hits INTEGER NOT NULL CONSTRAINT memory_terms_hits CHECK (hits > 0),
        importance_rank INTEGER NOT NULL,
        key_signature INTEGER NOT NULL DEFAULT -1,
        PRIMARY KEY (memory_id, term)
    ) WITHOUT ROWID"#,
    "CREATE INDEX memory_terms_signed_ranked_idx ON memory_terms (term, hits DESC, importance_rank DESC, memory_id DESC, key_signature)",
    "CREATE INDEX memory_terms_user_signed_ranked_idx ON memory_terms (user_id, term, hits DESC, importance_rank DESC, memory_id DESC, key_signature)",
    r#"CREATE TABLE memory_term_stats (
        term TEXT PRIMARY KEY,
        entries INTEGER NOT NULL CONSTRAINT memory_term_stats_entries CHECK (entries >= 0)
    ) WITHOUT ROWID"#,
];

const BATCH: i64 = 500;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        run_all(manager, for_backend(manager, POSTGRES_COLUMNS, SQLITE_COLUMNS)?).await?;
        index_existing(manager).await?;
        match manager.get_database_backend() {
            DatabaseBackend::Postgres => run_all(manager, POSTGRES_ENGINE).await,
            _ => {
                let statements = sqlite_engine();
                let statements: Vec<&str> = statements.iter().map(String::as_str).collect();
                run_all(manager, &statements).await
            }
        }
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        run_all(manager, for_backend(manager, POSTGRES_DOWN, SQLITE_DOWN)?).await
    }
}

/// Gives every memory its tokens and its place in creation order.
async fn index_existing(manager: &SchemaManager<'_>) -> Result<(), DbErr> {
    let db = manager.get_connection();
    let backend = manager.get_database_backend();
    let placeholder = |n: usize| match backend {
        DatabaseBackend::Postgres => format!("${n}"),
        _ => "?".to_owned(),
    };
    let mut last: Option<Uuid> = None;
    let mut seq: i64 = 0;
    loop {
        let mut values: Vec<Value> = Vec::new();
        let mut select = "SELECT id, user_id, session_id, memory_type, search_text FROM memories".to_owned();
        if let Some(id) = last {
            values.push(id.into());
            select += &format!(" WHERE id > {}", placeholder(values.len()));
        }
        values.push(BATCH.into());
        select += &format!(" ORDER BY id LIMIT {}", placeholder(values.len()));
        let memories = db
            .query_all_raw(Statement::from_sql_and_values(backend, select, values))
            .await?;
        for memory in &memories {
            let id: Uuid = memory.try_get("", "id")?;
            let user_id: Option<String> = memory.try_get("", "user_id")?;
            let session_id: Option<Uuid> = memory.try_get("", "session_id")?;
            let memory_type: String = memory.try_get("", "memory_type")?;
            let text: String = memory.try_get("", "search_text")?;
            let mut values: Vec<Value> = Vec::new();
            let place = match backend {
                DatabaseBackend::Postgres => "nextval('memories_search_seq')",
                _ => {
                    seq += 1;
                    values.push(seq.into());
                    "?"
                }
            };
            values.extend([
                keys(&text).into(),
                scope(user_id.as_deref(), session_id, &memory_type).into(),
                id.into(),
            ]);
            let n = values.len();
            let update = format!(
                "UPDATE memories SET search_seq = {place}, search_keys = {}, search_scope = {} WHERE id = {}",
                placeholder(n - 2),
                placeholder(n - 1),
                placeholder(n),
            );
            db.execute_raw(Statement::from_sql_and_values(backend, update, values))
                .await?;
            last = Some(id);
        }
        if (memories.len() as i64) < BATCH {
            return Ok(());
        }
    }
}

/// The service's `search_keys` as of this migration.
fn keys(search_text: &str) -> String {
    let mut keys: Vec<String> = Vec::new();
    let mut seen = HashSet::new();
    let mut add = |key: String| {
        if seen.insert(key.clone()) {
            keys.push(key);
        }
    };
    for word in search_text.split_whitespace() {
        if word.chars().all(|c| c.is_ascii_alphanumeric()) {
            add(word.to_owned());
            continue;
        }
        let mut previous: Option<char> = None;
        for c in word.chars() {
            if !c.is_ascii() {
                add(c.to_string());
            }
            if let Some(p) = previous.filter(|p| !p.is_ascii() || !c.is_ascii()) {
                add([p, c].iter().collect());
            }
            previous = Some(c);
        }
    }
    keys.join(" ")
}

/// The service's `search_scope` as of this migration.
fn scope(user_id: Option<&str>, session_id: Option<Uuid>, memory_type: &str) -> String {
    let digest = |prefix: char, text: &str| {
        let hex: String = Sha256::digest(text.as_bytes())
            .iter()
            .map(|byte| format!("{byte:02x}"))
            .collect();
        format!("{prefix}{}", &hex[..32])
    };
    let mut scope = Vec::new();
    scope.extend(user_id.map(|user_id| digest('u', user_id)));
    scope.extend(session_id.map(|id| format!("s{}", id.simple())));
    scope.push(digest('t', memory_type));
    scope.join(" ")
}
