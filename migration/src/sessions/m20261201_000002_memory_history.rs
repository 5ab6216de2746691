//! Memories that remember their past: the key that finds a live memory with
//! the same content (CreateMemory answers it instead of adding a duplicate),
//! the link between a memory and the one that superseded it, and the earlier
//! states of content, importance and tags that updates replaced.
//!
//! Memories written before this migration have no content key until their
//! next update: a create identical to one of them adds a memory.

use sea_orm_migration::prelude::*;

use crate::{for_backend, run_all};

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m20261201_000002_memory_history"
    }
}

const POSTGRES_UP: &[&str] = &[
    "ALTER TABLE memories ADD COLUMN content_key text",
    "ALTER TABLE memories ADD COLUMN supersedes uuid REFERENCES memories (id) ON DELETE SET NULL",
    "ALTER TABLE memories ADD COLUMN superseded_by uuid REFERENCES memories (id) ON DELETE SET NULL",
    CONTENT_KEY_INDEX,
    SUPERSEDES_INDEX,
    SUPERSEDED_BY_INDEX,
    r#"CREATE TABLE memory_history (
        memory_id uuid NOT NULL REFERENCES memories (id) ON DELETE CASCADE,
        version integer NOT NULL CONSTRAINT memory_history_version CHECK (version >= 1),
        content text NOT NULL,
        importance memory_importance NOT NULL,
        tags jsonb NOT NULL CONSTRAINT memory_history_tags_array CHECK (jsonb_typeof(tags) = 'array'),
        replaced_at timestamptz NOT NULL,
        PRIMARY KEY (memory_id, version)
    )"#,
];

// SQLite cannot drop a column that takes part in a foreign key, so the links
// are kept by a trigger instead, which behaves as ON DELETE SET NULL (it runs
// on cascaded deletes too) and lets the down migration drop them.
const SQLITE_UP: &[&str] = &[
    "ALTER TABLE memories ADD COLUMN content_key TEXT",
    "ALTER TABLE memories ADD COLUMN supersedes BLOB",
    "ALTER TABLE memories ADD COLUMN superseded_by BLOB",
    CONTENT_KEY_INDEX,
    SUPERSEDES_INDEX,
    SUPERSEDED_BY_INDEX,
    r#"CREATE TRIGGER memories_unlink AFTER DELETE ON memories BEGIN
        UPDATE memories SET supersedes = NULL WHERE supersedes = OLD.id;
        UPDATE memories SET superseded_by = NULL WHERE superseded_by = OLD.id;
    END"#,
    r#"CREATE TABLE memory_history (
        memory_id BLOB NOT NULL REFERENCES memories (id) ON DELETE CASCADE,
        version INTEGER NOT NULL CONSTRAINT memory_history_version CHECK (version >= 1),
        content TEXT NOT NULL,
        importance TEXT NOT NULL CONSTRAINT memory_history_importance CHECK (importance IN ('low', 'medium', 'high', 'critical')),
        tags TEXT NOT NULL CONSTRAINT memory_history_tags_array CHECK (json_valid(tags) AND json_type(tags) = 'array'),
        replaced_at TEXT NOT NULL,
        PRIMARY KEY (memory_id, version)
    )"#,
];

// The duplicate lookup: a content key is a SHA-256, so it alone nearly picks the row.
const CONTENT_KEY_INDEX: &str =
    "CREATE INDEX memories_content_key_idx ON memories (content_key) WHERE content_key IS NOT NULL";
// ON DELETE SET NULL of the two links looks rows up by them.
const SUPERSEDES_INDEX: &str =
    "CREATE INDEX memories_supersedes_idx ON memories (supersedes) WHERE supersedes IS NOT NULL";
const SUPERSEDED_BY_INDEX: &str =
    "CREATE INDEX memories_superseded_by_idx ON memories (superseded_by) WHERE superseded_by IS NOT NULL";

const DOWN: &[&str] = &[
    "DROP TABLE memory_history",
    "DROP INDEX memories_superseded_by_idx",
    "DROP INDEX memories_supersedes_idx",
    "DROP INDEX memories_content_key_idx",
    "ALTER TABLE memories DROP COLUMN superseded_by",
    "ALTER TABLE memories DROP COLUMN supersedes",
    "ALTER TABLE memories DROP COLUMN content_key",
];

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        run_all(manager, for_backend(manager, POSTGRES_UP, SQLITE_UP)?).await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        run_all(manager, for_backend(manager, &[], &["DROP TRIGGER memories_unlink"])?).await?;
        run_all(manager, DOWN).await
    }
}
