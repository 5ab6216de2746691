//! Runs, tasks, task metrics, tool errors and request-id records.

use sea_orm_migration::prelude::*;

use crate::{for_backend, run_all};

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m20261123_000001_create_evaluation"
    }
}

const POSTGRES_UP: &[&str] = &[
    "CREATE TYPE run_status AS ENUM ('pending', 'running', 'finished', 'cancelled')",
    "CREATE TYPE task_language AS ENUM ('go', 'java', 'javascript', 'python', 'rust')",
    "CREATE TYPE task_status AS ENUM ('pending', 'running', 'passed', 'failed', 'errored', 'timed_out', 'cancelled')",
    r#"CREATE TABLE runs (
        id uuid PRIMARY KEY,
        model text NOT NULL CONSTRAINT runs_model_length CHECK (char_length(model) BETWEEN 1 AND 255),
        name text NOT NULL DEFAULT '',
        description text NOT NULL DEFAULT '',
        search_text text NOT NULL,
        settings jsonb NOT NULL DEFAULT '{}' CONSTRAINT runs_settings_object CHECK (jsonb_typeof(settings) = 'object'),
        concurrency integer NOT NULL DEFAULT 2 CONSTRAINT runs_concurrency CHECK (concurrency BETWEEN 1 AND 25),
        timeout_minutes integer NOT NULL DEFAULT 5 CONSTRAINT runs_timeout CHECK (timeout_minutes BETWEEN 1 AND 120),
        price_input double precision,
        price_output double precision,
        price_cache_writes double precision,
        price_cache_reads double precision,
        context_window bigint,
        status run_status NOT NULL DEFAULT 'pending',
        total_tasks bigint NOT NULL DEFAULT 0,
        total_passed bigint NOT NULL DEFAULT 0,
        total_failed bigint NOT NULL DEFAULT 0,
        total_errored bigint NOT NULL DEFAULT 0,
        total_timed_out bigint NOT NULL DEFAULT 0,
        total_cancelled bigint NOT NULL DEFAULT 0,
        total_unfinished bigint NOT NULL DEFAULT 0,
        tokens_in bigint NOT NULL DEFAULT 0,
        tokens_out bigint NOT NULL DEFAULT 0,
        tokens_context bigint NOT NULL DEFAULT 0,
        cache_writes bigint NOT NULL DEFAULT 0,
        cache_reads bigint NOT NULL DEFAULT 0,
        cost double precision NOT NULL DEFAULT 0,
        duration_ms bigint NOT NULL DEFAULT 0,
        tool_usage jsonb NOT NULL DEFAULT '{}',
        created_at timestamptz NOT NULL,
        started_at timestamptz,
        finished_at timestamptz
    )"#,
    "CREATE INDEX runs_created_idx ON runs (created_at)",
    "CREATE INDEX runs_model_idx ON runs (model)",
    "CREATE INDEX runs_status_idx ON runs (status)",
    r#"CREATE TABLE tasks (
        id uuid PRIMARY KEY,
        run_id uuid NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
        language task_language NOT NULL,
        exercise text NOT NULL CONSTRAINT tasks_exercise_length CHECK (char_length(exercise) BETWEEN 1 AND 255),
        iteration integer NOT NULL CONSTRAINT tasks_iteration_positive CHECK (iteration >= 1),
        status task_status NOT NULL DEFAULT 'pending',
        started_at timestamptz,
        finished_at timestamptz,
        created_at timestamptz NOT NULL,
        CONSTRAINT tasks_exercise_key UNIQUE (run_id, language, exercise, iteration)
    )"#,
    "CREATE INDEX tasks_run_status_idx ON tasks (run_id, status)",
    r#"CREATE TABLE task_metrics (
        task_id uuid PRIMARY KEY REFERENCES tasks (id) ON DELETE CASCADE,
        tokens_in bigint NOT NULL CONSTRAINT task_metrics_tokens_in CHECK (tokens_in >= 0),
        tokens_out bigint NOT NULL CONSTRAINT task_metrics_tokens_out CHECK (tokens_out >= 0),
        tokens_context bigint NOT NULL CONSTRAINT task_metrics_tokens_context CHECK (tokens_context >= 0),
        cache_writes bigint NOT NULL CONSTRAINT task_metrics_cache_writes CHECK (cache_writes >= 0),
        cache_reads bigint NOT NULL CONSTRAINT task_metrics_cache_reads CHECK (cache_reads >= 0),
        cost double precision NOT NULL CONSTRAINT task_metrics_cost CHECK (cost >= 0),
        duration_ms bigint NOT NULL CONSTRAINT task_metrics_duration CHECK (duration_ms >= 0),
        tool_usage jsonb NOT NULL DEFAULT '{}' CONSTRAINT task_metrics_tool_usage_object CHECK (jsonb_typeof(tool_usage) = 'object'),
        updated_at timestamptz NOT NULL
    )"#,
    r#"CREATE TABLE tool_errors (
        id uuid PRIMARY KEY,
        run_id uuid NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
        task_id uuid REFERENCES tasks (id) ON DELETE CASCADE,
        tool_name text NOT NULL CONSTRAINT tool_errors_tool_length CHECK (char_length(tool_name) BETWEEN 1 AND 255),
        error text NOT NULL CONSTRAINT tool_errors_error_size CHECK (octet_length(error) <= 65536),
        created_at timestamptz NOT NULL
    )"#,
    "CREATE INDEX tool_errors_run_idx ON tool_errors (run_id)",
    "CREATE INDEX tool_errors_task_idx ON tool_errors (task_id)",
    r#"CREATE TABLE request_ids (
        operation text NOT NULL,
        request_id uuid NOT NULL,
        fingerprint text NOT NULL,
        resource_id uuid NOT NULL,
        created_at timestamptz NOT NULL,
        PRIMARY KEY (operation, request_id)
    )"#,
];

const SQLITE_UP: &[&str] = &[
    r#"CREATE TABLE runs (
        id BLOB NOT NULL PRIMARY KEY,
        model TEXT NOT NULL CONSTRAINT runs_model_length CHECK (length(model) BETWEEN 1 AND 255),
        name TEXT NOT NULL DEFAULT '',
        description TEXT NOT NULL DEFAULT '',
        search_text TEXT NOT NULL,
        settings TEXT NOT NULL DEFAULT '{}' CONSTRAINT runs_settings_object CHECK (json_valid(settings) AND json_type(settings) = 'object'),
        concurrency INTEGER NOT NULL DEFAULT 2 CONSTRAINT runs_concurrency CHECK (concurrency BETWEEN 1 AND 25),
        timeout_minutes INTEGER NOT NULL DEFAULT 5 CONSTRAINT runs_timeout CHECK (timeout_minutes BETWEEN 1 AND 120),
        price_input REAL,
        price_output REAL,
        price_cache_writes REAL,
        price_cache_reads REAL,
        context_window INTEGER,
        status TEXT NOT NULL DEFAULT 'pending' CONSTRAINT runs_status CHECK (status IN ('pending', 'running', 'finished', 'cancelled')),
        total_tasks INTEGER NOT NULL DEFAULT 0,
        total_passed INTEGER NOT NULL DEFAULT 0,
        total_failed INTEGER NOT NULL DEFAULT 0,
        total_errored INTEGER NOT NULL DEFAULT 0,
        total_timed_out INTEGER NOT NULL DEFAULT 0,
        total_cancelled INTEGER NOT NULL DEFAULT 0,
        total_unfinished INTEGER NOT NULL DEFAULT 0,
        tokens_in INTEGER NOT NULL DEFAULT 0,
        tokens_out INTEGER NOT NULL DEFAULT 0,
        tokens_context INTEGER NOT NULL DEFAULT 0,
        cache_writes INTEGER NOT NULL DEFAULT 0,
        cache_reads INTEGER NOT NULL DEFAULT 0,
        cost REAL NOT NULL DEFAULT 0,
        duration_ms INTEGER NOT NULL DEFAULT 0,
        tool_usage TEXT NOT NULL DEFAULT '{}' CONSTRAINT runs_tool_usage_json CHECK (json_valid(tool_usage)),
        created_at TEXT NOT NULL,
        started_at TEXT,
        finished_at TEXT
    )"#,
    "CREATE INDEX runs_created_idx ON runs (created_at)",
    "CREATE INDEX runs_model_idx ON runs (model)",
    "CREATE INDEX runs_status_idx ON runs (status)",
    r#"CREATE TABLE tasks (
        id BLOB NOT NULL PRIMARY KEY,
        run_id BLOB NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
        language TEXT NOT NULL CONSTRAINT tasks_language CHECK (language IN ('go', 'java', 'javascript', 'python', 'rust')),
        exercise TEXT NOT NULL CONSTRAINT tasks_exercise_length CHECK (length(exercise) BETWEEN 1 AND 255),
        iteration INTEGER NOT NULL CONSTRAINT tasks_iteration_positive CHECK (iteration >= 1),
        status TEXT NOT NULL DEFAULT 'pending' CONSTRAINT tasks_status CHECK (status IN ('pending', 'running', 'passed', 'failed', 'errored', 'timed_out', 'cancelled')),
        started_at TEXT,
        finished_at TEXT,
        created_at TEXT NOT NULL,
        CONSTRAINT tasks_exercise_key UNIQUE (run_id, language, exercise, iteration)
    )"#,
    "CREATE INDEX tasks_run_status_idx ON tasks (run_id, status)",
    r#"CREATE TABLE task_metrics (
        task_id BLOB NOT NULL PRIMARY KEY REFERENCES tasks (id) ON DELETE CASCADE,
        tokens_in INTEGER NOT NULL CONSTRAINT task_metrics_tokens_in CHECK (tokens_in >= 0),
        tokens_out INTEGER NOT NULL CONSTRAINT task_metrics_tokens_out CHECK (tokens_out >= 0),
        tokens_context INTEGER NOT NULL CONSTRAINT task_metrics_tokens_context CHECK (tokens_context >= 0),
        cache_writes INTEGER NOT NULL CONSTRAINT task_metrics_cache_writes CHECK (cache_writes >= 0),
        cache_reads INTEGER NOT NULL CONSTRAINT task_metrics_cache_reads CHECK (cache_reads >= 0),
        cost REAL NOT NULL CONSTRAINT task_metrics_cost CHECK (cost >= 0),
        duration_ms INTEGER NOT NULL CONSTRAINT task_metrics_duration CHECK (duration_ms >= 0),
        tool_usage TEXT NOT NULL DEFAULT '{}' CONSTRAINT task_metrics_tool_usage_object CHECK (json_valid(tool_usage) AND json_type(tool_usage) = 'object'),
        updated_at TEXT NOT NULL
    )"#,
    r#"CREATE TABLE tool_errors (
        id BLOB NOT NULL PRIMARY KEY,
        run_id BLOB NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
        task_id BLOB REFERENCES tasks (id) ON DELETE CASCADE,
        tool_name TEXT NOT NULL CONSTRAINT tool_errors_tool_length CHECK (length(tool_name) BETWEEN 1 AND 255),
        error TEXT NOT NULL CONSTRAINT tool_errors_error_size CHECK (length(CAST(error AS BLOB)) <= 65536),
        created_at TEXT NOT NULL
    )"#,
    "CREATE INDEX tool_errors_run_idx ON tool_errors (run_id)",
    "CREATE INDEX tool_errors_task_idx ON tool_errors (task_id)",
    r#"CREATE TABLE request_ids (
        operation TEXT NOT NULL,
        request_id BLOB NOT NULL,
        fingerprint TEXT NOT NULL,
        resource_id BLOB NOT NULL,
        created_at TEXT NOT NULL,
        PRIMARY KEY (operation, request_id)
    )"#,
];

const POSTGRES_DOWN: &[&str] = &[
    "DROP TABLE request_ids",
    "DROP TABLE tool_errors",
    "DROP TABLE task_metrics",
    "DROP TABLE tasks",
    "DROP TABLE runs",
    "DROP TYPE task_status",
    "DROP TYPE task_language",
    "DROP TYPE run_status",
];

const SQLITE_DOWN: &[&str] = &[
    "DROP TABLE request_ids",
    "DROP TABLE tool_errors",
    "DROP TABLE task_metrics",
    "DROP TABLE tasks",
    "DROP TABLE runs",
];

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        run_all(manager, for_backend(manager, POSTGRES_UP, SQLITE_UP)?).await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        run_all(manager, for_backend(manager, POSTGRES_DOWN, SQLITE_DOWN)?).await
    }
}
