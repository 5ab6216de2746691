//! Projects: working-copy files, the draft's validation state, immutable
//! versions and the deprecation history.

use sea_orm_migration::prelude::*;

use crate::{for_backend, run_all};

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m20261123_000002_create_projects"
    }
}

const POSTGRES_UP: &[&str] = &[
    "CREATE TYPE project_status AS ENUM ('draft', 'published', 'archived', 'deprecated')",
    "CREATE TYPE project_file_type AS ENUM ('global', 'roles', 'skills', 'forms', 'rules', 'session', 'template')",
    "CREATE TYPE draft_validation_status AS ENUM ('valid', 'invalid', 'unknown')",
    r#"CREATE TABLE projects (
        id uuid PRIMARY KEY,
        name text NOT NULL CONSTRAINT projects_name_length CHECK (char_length(name) BETWEEN 1 AND 255),
        description text NOT NULL DEFAULT '',
        engine_version text NOT NULL DEFAULT '',
        engine_version_min text NOT NULL DEFAULT '',
        status project_status NOT NULL DEFAULT 'draft',
        author text NOT NULL DEFAULT '',
        tags jsonb NOT NULL DEFAULT '[]' CONSTRAINT projects_tags_array CHECK (jsonb_typeof(tags) = 'array'),
        metadata jsonb NOT NULL DEFAULT '{}' CONSTRAINT projects_metadata_object CHECK (jsonb_typeof(metadata) = 'object'),
        search_text text NOT NULL,
        current_version_id uuid,
        etag text NOT NULL,
        created_at timestamptz NOT NULL,
        updated_at timestamptz NOT NULL
    )"#,
    "CREATE INDEX projects_status_idx ON projects (status)",
    "CREATE INDEX projects_author_idx ON projects (author)",
    "CREATE INDEX projects_name_idx ON projects (name)",
    "CREATE INDEX projects_tags_idx ON projects USING gin (tags jsonb_path_ops)",
    r#"CREATE TABLE project_files (
        id uuid PRIMARY KEY,
        project_id uuid NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
        file_type project_file_type NOT NULL,
        file_name text NOT NULL CONSTRAINT project_files_name_length CHECK (char_length(file_name) BETWEEN 1 AND 255),
        file_path text CONSTRAINT project_files_path_length CHECK (char_length(file_path) BETWEEN 1 AND 1024),
        text text NOT NULL CONSTRAINT project_files_text_size CHECK (octet_length(text) <= 1048576),
        content jsonb,
        etag text NOT NULL,
        created_at timestamptz NOT NULL,
        updated_at timestamptz NOT NULL,
        CONSTRAINT project_files_name_key UNIQUE (project_id, file_type, file_name)
    )"#,
    "CREATE UNIQUE INDEX project_files_path_key ON project_files (project_id, file_path) WHERE file_path IS NOT NULL",
    r#"CREATE TABLE project_drafts (
        project_id uuid PRIMARY KEY REFERENCES projects (id) ON DELETE CASCADE,
        validation_status draft_validation_status NOT NULL DEFAULT 'unknown',
        validation_errors jsonb NOT NULL DEFAULT '[]',
        validation_warnings jsonb NOT NULL DEFAULT '[]',
        etag text NOT NULL,
        updated_at timestamptz NOT NULL,
        updated_by text NOT NULL DEFAULT ''
    )"#,
    r#"CREATE TABLE project_versions (
        id uuid PRIMARY KEY,
        project_id uuid NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
        version_number text NOT NULL,
        version_major integer NOT NULL CONSTRAINT project_versions_major CHECK (version_major >= 0),
        version_minor integer NOT NULL CONSTRAINT project_versions_minor CHECK (version_minor >= 0),
        version_patch integer NOT NULL CONSTRAINT project_versions_patch CHECK (version_patch >= 0),
        files jsonb NOT NULL CONSTRAINT project_versions_files_array CHECK (jsonb_typeof(files) = 'array'),
        file_count integer NOT NULL,
        content_sha256 text NOT NULL,
        release_note text NOT NULL DEFAULT '',
        is_rollback boolean NOT NULL DEFAULT false,
        rollback_from_version_id uuid REFERENCES project_versions (id) ON DELETE SET NULL,
        published_at timestamptz NOT NULL,
        published_by text NOT NULL CONSTRAINT project_versions_published_by CHECK (char_length(published_by) BETWEEN 1 AND 255),
        CONSTRAINT project_versions_number_key UNIQUE (project_id, version_number)
    )"#,
    "CREATE INDEX project_versions_published_idx ON project_versions (project_id, published_at)",
    "CREATE INDEX project_versions_semver_idx ON project_versions (project_id, version_major, version_minor, version_patch)",
    r#"ALTER TABLE projects ADD CONSTRAINT projects_current_version_fk
        FOREIGN KEY (current_version_id) REFERENCES project_versions (id) ON DELETE SET NULL"#,
    r#"CREATE TABLE project_deprecations (
        id uuid PRIMARY KEY,
        project_id uuid NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
        reason text NOT NULL,
        deprecated_by text NOT NULL DEFAULT '',
        deprecated_at timestamptz NOT NULL,
        restored_at timestamptz
    )"#,
    "CREATE INDEX project_deprecations_project_idx ON project_deprecations (project_id, deprecated_at)",
];

const SQLITE_UP: &[&str] = &[
    r#"CREATE TABLE projects (
        id BLOB NOT NULL PRIMARY KEY,
        name TEXT NOT NULL CONSTRAINT projects_name_length CHECK (length(name) BETWEEN 1 AND 255),
        description TEXT NOT NULL DEFAULT '',
        engine_version TEXT NOT NULL DEFAULT '',
        engine_version_min TEXT NOT NULL DEFAULT '',
        status TEXT NOT NULL DEFAULT 'draft' CONSTRAINT projects_status CHECK (status IN ('draft', 'published', 'archived', 'deprecated')),
        author TEXT NOT NULL DEFAULT '',
        tags TEXT NOT NULL DEFAULT '[]' CONSTRAINT projects_tags_array CHECK (json_valid(tags) AND json_type(tags) = 'array'),
        metadata TEXT NOT NULL DEFAULT '{}' CONSTRAINT projects_metadata_object CHECK (json_valid(metadata) AND json_type(metadata) = 'object'),
        search_text TEXT NOT NULL,
        current_version_id BLOB REFERENCES project_versions (id) ON DELETE SET NULL,
        etag TEXT NOT NULL,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
    )"#,
    "CREATE INDEX projects_status_idx ON projects (status)",
    "CREATE INDEX projects_author_idx ON projects (author)",
    "CREATE INDEX projects_name_idx ON projects (name)",
    r#"CREATE TABLE project_files (
        id BLOB NOT NULL PRIMARY KEY,
        project_id BLOB NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
        file_type TEXT NOT NULL CONSTRAINT project_files_type CHECK (file_type IN ('global', 'roles', 'skills', 'forms', 'rules', 'session', 'template')),
        file_name TEXT NOT NULL CONSTRAINT project_files_name_length CHECK (length(file_name) BETWEEN 1 AND 255),
        file_path TEXT CONSTRAINT project_files_path_length CHECK (length(file_path) BETWEEN 1 AND 1024),
        text TEXT NOT NULL CONSTRAINT project_files_text_size CHECK (length(CAST(text AS BLOB)) <= 1048576),
        content TEXT CONSTRAINT project_files_content_json CHECK (content IS NULL OR json_valid(content)),
        etag TEXT NOT NULL,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        CONSTRAINT project_files_name_key UNIQUE (project_id, file_type, file_name)
    )"#,
    "CREATE UNIQUE INDEX project_files_path_key ON project_files (project_id, file_path) WHERE file_path IS NOT NULL",
    r#"CREATE TABLE project_drafts (
        project_id BLOB NOT NULL PRIMARY KEY REFERENCES projects (id) ON DELETE CASCADE,
        validation_status TEXT NOT NULL DEFAULT 'unknown' CONSTRAINT project_drafts_status CHECK (validation_status IN ('valid', 'invalid', 'unknown')),
        validation_errors TEXT NOT NULL DEFAULT '[]' CONSTRAINT project_drafts_errors_json CHECK (json_valid(validation_errors)),
        validation_warnings TEXT NOT NULL DEFAULT '[]' CONSTRAINT project_drafts_warnings_json CHECK (json_valid(validation_warnings)),
        etag TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        updated_by TEXT NOT NULL DEFAULT ''
    )"#,
    r#"CREATE TABLE project_versions (
        id BLOB NOT NULL PRIMARY KEY,
        project_id BLOB NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
        version_number TEXT NOT NULL,
        version_major INTEGER NOT NULL CONSTRAINT project_versions_major CHECK (version_major >= 0),
        version_minor INTEGER NOT NULL CONSTRAINT project_versions_minor CHECK (version_minor >= 0),
        version_patch INTEGER NOT NULL CONSTRAINT project_versions_patch CHECK (version_patch >= 0),
        files TEXT NOT NULL CONSTRAINT project_versions_files_array CHECK (json_valid(files) AND json_type(files) = 'array'),
        file_count INTEGER NOT NULL,
        content_sha256 TEXT NOT NULL,
        release_note TEXT NOT NULL DEFAULT '',
        is_rollback INTEGER NOT NULL DEFAULT 0 CONSTRAINT project_versions_is_rollback_bool CHECK (is_rollback IN (0, 1)),
        rollback_from_version_id BLOB REFERENCES project_versions (id) ON DELETE SET NULL,
        published_at TEXT NOT NULL,
        published_by TEXT NOT NULL CONSTRAINT project_versions_published_by CHECK (length(published_by) BETWEEN 1 AND 255),
        CONSTRAINT project_versions_number_key UNIQUE (project_id, version_number)
    )"#,
    "CREATE INDEX project_versions_published_idx ON project_versions (project_id, published_at)",
    "CREATE INDEX project_versions_semver_idx ON project_versions (project_id, version_major, version_minor, version_patch)",
    r#"CREATE TABLE project_deprecations (
        id BLOB NOT NULL PRIMARY KEY,
        project_id BLOB NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
        reason TEXT NOT NULL,
        deprecated_by TEXT NOT NULL DEFAULT '',
        deprecated_at TEXT NOT NULL,
        restored_at TEXT
    )"#,
    "CREATE INDEX project_deprecations_project_idx ON project_deprecations (project_id, deprecated_at)",
];

const POSTGRES_DOWN: &[&str] = &[
    "ALTER TABLE projects DROP CONSTRAINT projects_current_version_fk",
    "DROP TABLE project_deprecations",
    "DROP TABLE project_versions",
    "DROP TABLE project_drafts",
    "DROP TABLE project_files",
    "DROP TABLE projects",
    "DROP TYPE draft_validation_status",
    "DROP TYPE project_file_type",
    "DROP TYPE project_status",
];

const SQLITE_DOWN: &[&str] = &[
    "DROP TABLE project_deprecations",
    "DROP TABLE project_drafts",
    "DROP TABLE project_files",
    "DROP TABLE projects",
    "DROP TABLE project_versions",
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
