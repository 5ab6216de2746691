//! Scripts, their immutable revisions, and request-id records.

use sea_orm_migration::prelude::*;

use crate::{for_backend, run_all};

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m20261123_000001_create_scripts"
    }
}

const POSTGRES_UP: &[&str] = &[
    "CREATE TYPE script_type AS ENUM ('session', 'technique', 'awareness')",
    "CREATE TYPE script_status AS ENUM ('draft', 'published', 'archived')",
    r#"CREATE TABLE scripts (
        id uuid PRIMARY KEY,
        name text NOT NULL CONSTRAINT scripts_name_length CHECK (char_length(name) BETWEEN 1 AND 255),
        script_type script_type NOT NULL,
        status script_status NOT NULL DEFAULT 'draft',
        author text NOT NULL DEFAULT '',
        description text NOT NULL DEFAULT '',
        tags jsonb NOT NULL DEFAULT '[]' CONSTRAINT scripts_tags_array CHECK (jsonb_typeof(tags) = 'array'),
        search_text text NOT NULL,
        current_revision integer NOT NULL CONSTRAINT scripts_current_revision_positive CHECK (current_revision >= 1),
        etag text NOT NULL,
        created_at timestamptz NOT NULL,
        updated_at timestamptz NOT NULL,
        CONSTRAINT scripts_name_key UNIQUE (name)
    )"#,
    "CREATE INDEX scripts_type_status_idx ON scripts (script_type, status)",
    "CREATE INDEX scripts_author_idx ON scripts (author)",
    "CREATE INDEX scripts_tags_idx ON scripts USING gin (tags jsonb_path_ops)",
    r#"CREATE TABLE script_revisions (
        script_id uuid NOT NULL REFERENCES scripts (id) ON DELETE CASCADE,
        revision integer NOT NULL CONSTRAINT script_revisions_revision_positive CHECK (revision >= 1),
        version text NOT NULL,
        content text NOT NULL CONSTRAINT script_revisions_content_size CHECK (octet_length(content) <= 1048576),
        parsed_content jsonb NOT NULL,
        content_sha256 text NOT NULL,
        warnings jsonb NOT NULL DEFAULT '[]',
        author text NOT NULL DEFAULT '',
        created_at timestamptz NOT NULL,
        PRIMARY KEY (script_id, revision)
    )"#,
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
    r#"CREATE TABLE scripts (
        id BLOB NOT NULL PRIMARY KEY,
        name TEXT NOT NULL CONSTRAINT scripts_name_length CHECK (length(name) BETWEEN 1 AND 255),
        script_type TEXT NOT NULL CONSTRAINT scripts_script_type CHECK (script_type IN ('session', 'technique', 'awareness')),
        status TEXT NOT NULL DEFAULT 'draft' CONSTRAINT scripts_status CHECK (status IN ('draft', 'published', 'archived')),
        author TEXT NOT NULL DEFAULT '',
        description TEXT NOT NULL DEFAULT '',
        tags TEXT NOT NULL DEFAULT '[]' CONSTRAINT scripts_tags_array CHECK (json_valid(tags) AND json_type(tags) = 'array'),
        search_text TEXT NOT NULL,
        current_revision INTEGER NOT NULL CONSTRAINT scripts_current_revision_positive CHECK (current_revision >= 1),
        etag TEXT NOT NULL,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        CONSTRAINT scripts_name_key UNIQUE (name)
    )"#,
    "CREATE INDEX scripts_type_status_idx ON scripts (script_type, status)",
    "CREATE INDEX scripts_author_idx ON scripts (author)",
    r#"CREATE TABLE script_revisions (
        script_id BLOB NOT NULL REFERENCES scripts (id) ON DELETE CASCADE,
        revision INTEGER NOT NULL CONSTRAINT script_revisions_revision_positive CHECK (revision >= 1),
        version TEXT NOT NULL,
        content TEXT NOT NULL CONSTRAINT script_revisions_content_size CHECK (length(CAST(content AS BLOB)) <= 1048576),
        parsed_content TEXT NOT NULL CONSTRAINT script_revisions_parsed_json CHECK (json_valid(parsed_content)),
        content_sha256 TEXT NOT NULL,
        warnings TEXT NOT NULL DEFAULT '[]' CONSTRAINT script_revisions_warnings_json CHECK (json_valid(warnings)),
        author TEXT NOT NULL DEFAULT '',
        created_at TEXT NOT NULL,
        PRIMARY KEY (script_id, revision)
    )"#,
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
    "DROP TABLE script_revisions",
    "DROP TABLE scripts",
    "DROP TYPE script_status",
    "DROP TYPE script_type",
];

const SQLITE_DOWN: &[&str] = &[
    "DROP TABLE request_ids",
    "DROP TABLE script_revisions",
    "DROP TABLE scripts",
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
