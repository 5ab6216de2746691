//! Tasks leased to workers, and the events of a run.
//!
//! A claimed task is `running` with a lease: the worker that holds it and
//! when it expires. An expired lease returns the task to `pending` as its next
//! attempt, up to the run's `max_attempts`, after which it is `errored` with
//! `error_reason = 'LEASE_EXPIRED'`. `claim_order` is the fair order tasks are
//! claimed in (iterations in turn, languages interleaved); tasks of runs made
//! before it existed have 0 and are claimed in creation order.
//!
//! `run_events` keeps every transition of a run's tasks and of the run, in
//! `sequence` order, for WatchRun: a watcher resumes after the last sequence
//! it received.

use sea_orm_migration::prelude::*;

use crate::{for_backend, run_all};

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m20261205_000001_task_leases"
    }
}

const POSTGRES_UP: &[&str] = &[
    "ALTER TABLE runs ADD COLUMN max_attempts integer NOT NULL DEFAULT 3 CONSTRAINT runs_max_attempts CHECK (max_attempts BETWEEN 1 AND 10)",
    "ALTER TABLE tasks ADD COLUMN attempt integer NOT NULL DEFAULT 1 CONSTRAINT tasks_attempt_positive CHECK (attempt >= 1)",
    "ALTER TABLE tasks ADD COLUMN lease_owner text",
    "ALTER TABLE tasks ADD COLUMN lease_expires_at timestamptz",
    "ALTER TABLE tasks ADD COLUMN claim_order integer NOT NULL DEFAULT 0",
    "ALTER TABLE tasks ADD COLUMN error_reason text",
    CLAIM_INDEX,
    LEASE_INDEX,
    r#"CREATE TABLE run_events (
        sequence bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        run_id uuid NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
        task_id uuid,
        status text NOT NULL,
        attempt integer NOT NULL DEFAULT 0,
        worker_id text NOT NULL DEFAULT '',
        reason text NOT NULL DEFAULT '',
        occurred_at timestamptz NOT NULL
    )"#,
    EVENTS_INDEX,
];

const SQLITE_UP: &[&str] = &[
    "ALTER TABLE runs ADD COLUMN max_attempts INTEGER NOT NULL DEFAULT 3 CONSTRAINT runs_max_attempts CHECK (max_attempts BETWEEN 1 AND 10)",
    "ALTER TABLE tasks ADD COLUMN attempt INTEGER NOT NULL DEFAULT 1 CONSTRAINT tasks_attempt_positive CHECK (attempt >= 1)",
    "ALTER TABLE tasks ADD COLUMN lease_owner TEXT",
    "ALTER TABLE tasks ADD COLUMN lease_expires_at TEXT",
    "ALTER TABLE tasks ADD COLUMN claim_order INTEGER NOT NULL DEFAULT 0",
    "ALTER TABLE tasks ADD COLUMN error_reason TEXT",
    CLAIM_INDEX,
    LEASE_INDEX,
    r#"CREATE TABLE run_events (
        sequence INTEGER PRIMARY KEY AUTOINCREMENT,
        run_id BLOB NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
        task_id BLOB,
        status TEXT NOT NULL,
        attempt INTEGER NOT NULL DEFAULT 0,
        worker_id TEXT NOT NULL DEFAULT '',
        reason TEXT NOT NULL DEFAULT '',
        occurred_at TEXT NOT NULL
    )"#,
    EVENTS_INDEX,
];

// The next tasks to claim: a run's pending tasks in their fair order.
const CLAIM_INDEX: &str = "CREATE INDEX tasks_claim_idx ON tasks (run_id, claim_order, id) WHERE status = 'pending'";
// Leases that may have expired, soonest first.
const LEASE_INDEX: &str = "CREATE INDEX tasks_lease_idx ON tasks (lease_expires_at) WHERE status = 'running' AND lease_expires_at IS NOT NULL";
// A run's events after a cursor.
const EVENTS_INDEX: &str = "CREATE INDEX run_events_run_idx ON run_events (run_id, sequence)";

const DOWN: &[&str] = &[
    "DROP TABLE run_events",
    "DROP INDEX tasks_lease_idx",
    "DROP INDEX tasks_claim_idx",
    "ALTER TABLE tasks DROP COLUMN error_reason",
    "ALTER TABLE tasks DROP COLUMN claim_order",
    "ALTER TABLE tasks DROP COLUMN lease_expires_at",
    "ALTER TABLE tasks DROP COLUMN lease_owner",
    "ALTER TABLE tasks DROP COLUMN attempt",
    "ALTER TABLE runs DROP COLUMN max_attempts",
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
