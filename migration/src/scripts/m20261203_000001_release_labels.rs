//! Release labels: named pointers to one project version or one script
//! revision, and the history of their moves.
//!
//! A label belongs to exactly one project or script and points at one of its
//! versions or revisions; the foreign keys refuse to delete a version or
//! revision a label points at (and so the project or script holding it). The
//! history names owner and label by value, without foreign keys: it outlives
//! the labels, versions and projects it mentions.

use sea_orm_migration::prelude::*;

use crate::{for_backend, run_all};

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m20261203_000001_release_labels"
    }
}

const POSTGRES_UP: &[&str] = &[
    r#"CREATE TABLE release_labels (
        id uuid PRIMARY KEY,
        project_id uuid REFERENCES projects (id) ON DELETE RESTRICT,
        script_id uuid REFERENCES scripts (id) ON DELETE RESTRICT,
        name text NOT NULL CONSTRAINT release_labels_name CHECK (name ~ '^[a-z][a-z0-9-]{0,62}$'),
        version_id uuid REFERENCES project_versions (id) ON DELETE RESTRICT,
        revision integer,
        protected boolean NOT NULL DEFAULT false,
        requires_approval boolean NOT NULL DEFAULT false,
        etag text NOT NULL,
        created_at timestamptz NOT NULL,
        updated_at timestamptz NOT NULL,
        CONSTRAINT release_labels_target CHECK (
            (project_id IS NOT NULL AND version_id IS NOT NULL AND script_id IS NULL AND revision IS NULL)
            OR (script_id IS NOT NULL AND revision IS NOT NULL AND project_id IS NULL AND version_id IS NULL)),
        CONSTRAINT release_labels_revision_fk FOREIGN KEY (script_id, revision)
            REFERENCES script_revisions (script_id, revision) ON DELETE RESTRICT
    )"#,
    PROJECT_NAME_INDEX,
    SCRIPT_NAME_INDEX,
    VERSION_INDEX,
    r#"CREATE TABLE label_moves (
        sequence bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        project_id uuid,
        script_id uuid,
        name text NOT NULL,
        from_version_id uuid,
        to_version_id uuid,
        from_revision integer,
        to_revision integer,
        reason text NOT NULL CONSTRAINT label_moves_reason CHECK (char_length(reason) BETWEEN 1 AND 1024),
        principal text NOT NULL,
        actor text NOT NULL DEFAULT '',
        request_id uuid,
        moved_at timestamptz NOT NULL
    )"#,
    PROJECT_MOVES_INDEX,
    SCRIPT_MOVES_INDEX,
];

const SQLITE_UP: &[&str] = &[
    r#"CREATE TABLE release_labels (
        id BLOB NOT NULL PRIMARY KEY,
        project_id BLOB REFERENCES projects (id) ON DELETE RESTRICT,
        script_id BLOB REFERENCES scripts (id) ON DELETE RESTRICT,
        name TEXT NOT NULL CONSTRAINT release_labels_name CHECK (length(name) BETWEEN 1 AND 63),
        version_id BLOB REFERENCES project_versions (id) ON DELETE RESTRICT,
        revision INTEGER,
        protected INTEGER NOT NULL DEFAULT 0 CONSTRAINT release_labels_protected_bool CHECK (protected IN (0, 1)),
        requires_approval INTEGER NOT NULL DEFAULT 0 CONSTRAINT release_labels_approval_bool CHECK (requires_approval IN (0, 1)),
        etag TEXT NOT NULL,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        CONSTRAINT release_labels_target CHECK (
            (project_id IS NOT NULL AND version_id IS NOT NULL AND script_id IS NULL AND revision IS NULL)
            OR (script_id IS NOT NULL AND revision IS NOT NULL AND project_id IS NULL AND version_id IS NULL)),
        CONSTRAINT release_labels_revision_fk FOREIGN KEY (script_id, revision)
            REFERENCES script_revisions (script_id, revision) ON DELETE RESTRICT
    )"#,
    PROJECT_NAME_INDEX,
    SCRIPT_NAME_INDEX,
    VERSION_INDEX,
    r#"CREATE TABLE label_moves (
        sequence INTEGER PRIMARY KEY AUTOINCREMENT,
        project_id BLOB,
        script_id BLOB,
        name TEXT NOT NULL,
        from_version_id BLOB,
        to_version_id BLOB,
        from_revision INTEGER,
        to_revision INTEGER,
        reason TEXT NOT NULL CONSTRAINT label_moves_reason CHECK (length(reason) BETWEEN 1 AND 1024),
        principal TEXT NOT NULL,
        actor TEXT NOT NULL DEFAULT '',
        request_id BLOB,
        moved_at TEXT NOT NULL
    )"#,
    PROJECT_MOVES_INDEX,
    SCRIPT_MOVES_INDEX,
];

// A label is found by its owner and name.
const PROJECT_NAME_INDEX: &str = "CREATE UNIQUE INDEX release_labels_project_name_key ON release_labels (project_id, name) WHERE project_id IS NOT NULL";
const SCRIPT_NAME_INDEX: &str = "CREATE UNIQUE INDEX release_labels_script_name_key ON release_labels (script_id, name) WHERE script_id IS NOT NULL";
// Deleting a version looks for labels on it (ON DELETE RESTRICT).
const VERSION_INDEX: &str =
    "CREATE INDEX release_labels_version_idx ON release_labels (version_id) WHERE version_id IS NOT NULL";
// A label's history, newest first.
const PROJECT_MOVES_INDEX: &str =
    "CREATE INDEX label_moves_project_idx ON label_moves (project_id, name, sequence) WHERE project_id IS NOT NULL";
const SCRIPT_MOVES_INDEX: &str =
    "CREATE INDEX label_moves_script_idx ON label_moves (script_id, name, sequence) WHERE script_id IS NOT NULL";

const DOWN: &[&str] = &["DROP TABLE label_moves", "DROP TABLE release_labels"];

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        run_all(manager, for_backend(manager, POSTGRES_UP, SQLITE_UP)?).await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        run_all(manager, DOWN).await
    }
}
