//! What ListProjects shows of each project's files, draft and current
//! version, kept on the project row by the writes that change them, so that a
//! page reads one table instead of running three subqueries a row.
//!
//! The backfill rewrites every project row once.

use sea_orm_migration::prelude::*;

use crate::{for_backend, run_all};

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m20261130_000001_project_list_columns"
    }
}

const POSTGRES_UP: &[&str] = &[
    "ALTER TABLE projects ADD COLUMN file_count integer NOT NULL DEFAULT 0",
    "ALTER TABLE projects ADD COLUMN draft_status draft_validation_status NOT NULL DEFAULT 'unknown'",
    "ALTER TABLE projects ADD COLUMN current_version_number text",
    BACKFILL,
];

const SQLITE_UP: &[&str] = &[
    "ALTER TABLE projects ADD COLUMN file_count INTEGER NOT NULL DEFAULT 0",
    "ALTER TABLE projects ADD COLUMN draft_status TEXT NOT NULL DEFAULT 'unknown' CONSTRAINT projects_draft_status CHECK (draft_status IN ('valid', 'invalid', 'unknown'))",
    "ALTER TABLE projects ADD COLUMN current_version_number TEXT",
    BACKFILL,
];

const BACKFILL: &str = r#"UPDATE projects SET
    file_count = (SELECT COUNT(*) FROM project_files AS f WHERE f.project_id = projects.id),
    draft_status = COALESCE((SELECT d.validation_status FROM project_drafts AS d WHERE d.project_id = projects.id), draft_status),
    current_version_number = (SELECT v.version_number FROM project_versions AS v WHERE v.id = projects.current_version_id)"#;

const DOWN: &[&str] = &[
    "ALTER TABLE projects DROP COLUMN current_version_number",
    "ALTER TABLE projects DROP COLUMN draft_status",
    "ALTER TABLE projects DROP COLUMN file_count",
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
