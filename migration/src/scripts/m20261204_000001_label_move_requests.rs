//! Approval of label moves: requests to move a label that requires a second
//! person's approval, and who approved each approved move in the history.
//!
//! A request belongs to its project or script and goes with it; the version
//! or revision it asks for is named by value (a label's own foreign keys
//! guard what a label points at). The history gains the approval's request
//! and approver.

use sea_orm_migration::prelude::*;

use crate::{for_backend, run_all};

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m20261204_000001_label_move_requests"
    }
}

const POSTGRES_UP: &[&str] = &[
    r#"CREATE TABLE label_move_requests (
        id uuid PRIMARY KEY,
        project_id uuid REFERENCES projects (id) ON DELETE CASCADE,
        script_id uuid REFERENCES scripts (id) ON DELETE CASCADE,
        name text NOT NULL CONSTRAINT label_move_requests_name CHECK (name ~ '^[a-z][a-z0-9-]{0,62}$'),
        version_id uuid,
        revision integer,
        reason text NOT NULL CONSTRAINT label_move_requests_reason CHECK (char_length(reason) BETWEEN 1 AND 1024),
        state text NOT NULL CONSTRAINT label_move_requests_state CHECK (state IN ('pending', 'approved', 'superseded')),
        principal text NOT NULL,
        actor text NOT NULL DEFAULT '',
        label_etag text NOT NULL,
        request_id uuid,
        created_at timestamptz NOT NULL,
        approver_principal text,
        approver_actor text,
        decided_at timestamptz,
        CONSTRAINT label_move_requests_owner CHECK (
            (project_id IS NOT NULL AND version_id IS NOT NULL AND script_id IS NULL AND revision IS NULL)
            OR (script_id IS NOT NULL AND revision IS NOT NULL AND project_id IS NULL AND version_id IS NULL))
    )"#,
    PROJECT_INDEX,
    SCRIPT_INDEX,
    PENDING_INDEX,
    "ALTER TABLE label_moves ADD COLUMN move_request_id uuid",
    "ALTER TABLE label_moves ADD COLUMN approver_principal text",
    "ALTER TABLE label_moves ADD COLUMN approver_actor text",
];

const SQLITE_UP: &[&str] = &[
    r#"CREATE TABLE label_move_requests (
        id BLOB NOT NULL PRIMARY KEY,
        project_id BLOB REFERENCES projects (id) ON DELETE CASCADE,
        script_id BLOB REFERENCES scripts (id) ON DELETE CASCADE,
        name TEXT NOT NULL CONSTRAINT label_move_requests_name CHECK (length(name) BETWEEN 1 AND 63),
        version_id BLOB,
        revision INTEGER,
        reason TEXT NOT NULL CONSTRAINT label_move_requests_reason CHECK (length(reason) BETWEEN 1 AND 1024),
        state TEXT NOT NULL CONSTRAINT label_move_requests_state CHECK (state IN ('pending', 'approved', 'superseded')),
        principal TEXT NOT NULL,
        actor TEXT NOT NULL DEFAULT '',
        label_etag TEXT NOT NULL,
        request_id BLOB,
        created_at TEXT NOT NULL,
        approver_principal TEXT,
        approver_actor TEXT,
        decided_at TEXT,
        CONSTRAINT label_move_requests_owner CHECK (
            (project_id IS NOT NULL AND version_id IS NOT NULL AND script_id IS NULL AND revision IS NULL)
            OR (script_id IS NOT NULL AND revision IS NOT NULL AND project_id IS NULL AND version_id IS NULL))
    )"#,
    PROJECT_INDEX,
    SCRIPT_INDEX,
    PENDING_INDEX,
    "ALTER TABLE label_moves ADD COLUMN move_request_id BLOB",
    "ALTER TABLE label_moves ADD COLUMN approver_principal TEXT",
    "ALTER TABLE label_moves ADD COLUMN approver_actor TEXT",
];

// An owner's requests, newest first (ids are UUIDv7).
const PROJECT_INDEX: &str =
    "CREATE INDEX label_move_requests_project_idx ON label_move_requests (project_id, id) WHERE project_id IS NOT NULL";
const SCRIPT_INDEX: &str =
    "CREATE INDEX label_move_requests_script_idx ON label_move_requests (script_id, id) WHERE script_id IS NOT NULL";
// A move supersedes the label's pending requests.
const PENDING_INDEX: &str = "CREATE INDEX label_move_requests_pending_idx ON label_move_requests (name, project_id, script_id) WHERE state = 'pending'";

const DOWN: &[&str] = &[
    "ALTER TABLE label_moves DROP COLUMN approver_actor",
    "ALTER TABLE label_moves DROP COLUMN approver_principal",
    "ALTER TABLE label_moves DROP COLUMN move_request_id",
    "DROP TABLE label_move_requests",
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
