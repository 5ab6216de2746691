//! Invalidated tasks and the attempts a retry leaves behind.
//!
//! `tasks.invalidated_at` / `invalid_reason` flag a finished task whose result
//! is not to be counted (totals, summaries and comparisons skip it).
//! `task_attempts` keeps each earlier attempt of a task as it ended: its
//! status, times, flag and metrics, copied when a retry (or an expired lease)
//! starts the next attempt. The task row is always the latest attempt.

use sea_orm_migration::prelude::*;

use crate::{for_backend, run_all};

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m20261205_000002_task_attempts"
    }
}

const POSTGRES_UP: &[&str] = &[
    "ALTER TABLE tasks ADD COLUMN invalidated_at timestamptz",
    "ALTER TABLE tasks ADD COLUMN invalid_reason text",
    r#"CREATE TABLE task_attempts (
        task_id uuid NOT NULL REFERENCES tasks (id) ON DELETE CASCADE,
        attempt integer NOT NULL,
        status text NOT NULL,
        error_reason text,
        invalid_reason text,
        started_at timestamptz,
        finished_at timestamptz,
        has_metrics boolean NOT NULL,
        tokens_in bigint NOT NULL,
        tokens_out bigint NOT NULL,
        tokens_context bigint NOT NULL,
        cache_writes bigint NOT NULL,
        cache_reads bigint NOT NULL,
        cost double precision NOT NULL,
        duration_ms bigint NOT NULL,
        tool_usage jsonb NOT NULL,
        ended_at timestamptz NOT NULL,
        PRIMARY KEY (task_id, attempt)
    )"#,
];

const SQLITE_UP: &[&str] = &[
    "ALTER TABLE tasks ADD COLUMN invalidated_at TEXT",
    "ALTER TABLE tasks ADD COLUMN invalid_reason TEXT",
    r#"CREATE TABLE task_attempts (
        task_id BLOB NOT NULL REFERENCES tasks (id) ON DELETE CASCADE,
        attempt INTEGER NOT NULL,
        status TEXT NOT NULL,
        error_reason TEXT,
        invalid_reason TEXT,
        started_at TEXT,
        finished_at TEXT,
        has_metrics INTEGER NOT NULL,
        tokens_in INTEGER NOT NULL,
        tokens_out INTEGER NOT NULL,
        tokens_context INTEGER NOT NULL,
        cache_writes INTEGER NOT NULL,
        cache_reads INTEGER NOT NULL,
        cost REAL NOT NULL,
        duration_ms INTEGER NOT NULL,
        tool_usage TEXT NOT NULL,
        ended_at TEXT NOT NULL,
        PRIMARY KEY (task_id, attempt)
    )"#,
];

const DOWN: &[&str] = &[
    "DROP TABLE task_attempts",
    "ALTER TABLE tasks DROP COLUMN invalid_reason",
    "ALTER TABLE tasks DROP COLUMN invalidated_at",
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
