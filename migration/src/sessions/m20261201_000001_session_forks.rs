//! Where a forked session came from: its parent and the parent's last message
//! it started with. No foreign key: a fork outlives its parent and keeps the
//! parent's id as a record.

use sea_orm_migration::prelude::*;

use crate::{for_backend, run_all};

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m20261201_000001_session_forks"
    }
}

const POSTGRES_UP: &[&str] = &[
    "ALTER TABLE sessions ADD COLUMN parent_session_id uuid",
    "ALTER TABLE sessions ADD COLUMN forked_at_seq bigint CONSTRAINT sessions_forked_at_seq CHECK (forked_at_seq >= 0)",
    FORKS_INDEX,
];

const SQLITE_UP: &[&str] = &[
    "ALTER TABLE sessions ADD COLUMN parent_session_id BLOB",
    "ALTER TABLE sessions ADD COLUMN forked_at_seq INTEGER CONSTRAINT sessions_forked_at_seq CHECK (forked_at_seq >= 0)",
    FORKS_INDEX,
];

// ListSessions by parent, newest first.
const FORKS_INDEX: &str =
    "CREATE INDEX sessions_parent_idx ON sessions (parent_session_id, id) WHERE parent_session_id IS NOT NULL";

const DOWN: &[&str] = &[
    "DROP INDEX sessions_parent_idx",
    "ALTER TABLE sessions DROP COLUMN forked_at_seq",
    "ALTER TABLE sessions DROP COLUMN parent_session_id",
];

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        run_all(manager, for_backend(manager, POSTGRES_UP, SQLITE_UP)?).await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        run_all(manager, DOWN).await
    }
}
