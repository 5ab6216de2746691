//! Sessions, their messages and variables, memories, and request-id records.

use sea_orm_migration::prelude::*;

use crate::{for_backend, run_all};

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m20261123_000001_create_sessions"
    }
}

const POSTGRES_UP: &[&str] = &[
    "CREATE TYPE session_status AS ENUM ('active', 'paused', 'completed', 'failed')",
    "CREATE TYPE execution_status AS ENUM ('running', 'waiting_input', 'paused', 'completed', 'error')",
    "CREATE TYPE message_role AS ENUM ('user', 'assistant', 'system')",
    "CREATE TYPE variable_scope AS ENUM ('global', 'session', 'phase', 'topic')",
    "CREATE TYPE memory_importance AS ENUM ('low', 'medium', 'high', 'critical')",
    r#"CREATE TABLE sessions (
        id uuid PRIMARY KEY,
        user_id text NOT NULL CONSTRAINT sessions_user_id_length CHECK (char_length(user_id) BETWEEN 1 AND 255),
        script_id uuid NOT NULL,
        script_revision integer NOT NULL CONSTRAINT sessions_script_revision_positive CHECK (script_revision >= 1),
        project_version_id uuid,
        status session_status NOT NULL DEFAULT 'active',
        execution_status execution_status NOT NULL DEFAULT 'running',
        phase_index integer NOT NULL DEFAULT 0 CONSTRAINT sessions_phase_index CHECK (phase_index >= 0),
        topic_index integer NOT NULL DEFAULT 0 CONSTRAINT sessions_topic_index CHECK (topic_index >= 0),
        action_index integer NOT NULL DEFAULT 0 CONSTRAINT sessions_action_index CHECK (action_index >= 0),
        action_id text NOT NULL DEFAULT '',
        metadata jsonb NOT NULL DEFAULT '{}' CONSTRAINT sessions_metadata_object CHECK (jsonb_typeof(metadata) = 'object'),
        message_count bigint NOT NULL DEFAULT 0 CONSTRAINT sessions_message_count CHECK (message_count >= 0),
        last_message_at timestamptz,
        etag text NOT NULL,
        created_at timestamptz NOT NULL,
        updated_at timestamptz NOT NULL,
        completed_at timestamptz
    )"#,
    "CREATE INDEX sessions_user_created_idx ON sessions (user_id, created_at)",
    "CREATE INDEX sessions_status_idx ON sessions (status)",
    "CREATE INDEX sessions_script_idx ON sessions (script_id)",
    r#"CREATE TABLE messages (
        session_id uuid NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
        seq bigint NOT NULL CONSTRAINT messages_seq_positive CHECK (seq >= 1),
        role message_role NOT NULL,
        content text NOT NULL CONSTRAINT messages_content_size CHECK (octet_length(content) <= 262144),
        action_id text NOT NULL DEFAULT '',
        metadata jsonb NOT NULL DEFAULT '{}' CONSTRAINT messages_metadata_object CHECK (jsonb_typeof(metadata) = 'object'),
        request_id uuid,
        created_at timestamptz NOT NULL,
        PRIMARY KEY (session_id, seq)
    )"#,
    r#"CREATE TABLE variables (
        session_id uuid NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
        scope variable_scope NOT NULL,
        name text NOT NULL CONSTRAINT variables_name_length CHECK (char_length(name) BETWEEN 1 AND 255),
        value jsonb NOT NULL,
        value_type text NOT NULL CONSTRAINT variables_value_type CHECK (value_type IN ('string', 'number', 'boolean', 'object', 'array', 'null')),
        source text NOT NULL DEFAULT '',
        created_at timestamptz NOT NULL,
        updated_at timestamptz NOT NULL,
        PRIMARY KEY (session_id, scope, name)
    )"#,
    r#"CREATE TABLE memories (
        id uuid PRIMARY KEY,
        session_id uuid REFERENCES sessions (id) ON DELETE CASCADE,
        user_id text,
        memory_type text NOT NULL,
        content text NOT NULL CONSTRAINT memories_content_size CHECK (octet_length(content) BETWEEN 1 AND 65536),
        importance memory_importance NOT NULL DEFAULT 'medium',
        importance_rank smallint NOT NULL CONSTRAINT memories_importance_rank CHECK (importance_rank BETWEEN 1 AND 4),
        tags jsonb NOT NULL DEFAULT '[]' CONSTRAINT memories_tags_array CHECK (jsonb_typeof(tags) = 'array'),
        metadata jsonb NOT NULL DEFAULT '{}' CONSTRAINT memories_metadata_object CHECK (jsonb_typeof(metadata) = 'object'),
        search_text text NOT NULL,
        access_count bigint NOT NULL DEFAULT 0 CONSTRAINT memories_access_count CHECK (access_count >= 0),
        accessed_at timestamptz,
        expires_at timestamptz,
        etag text NOT NULL,
        created_at timestamptz NOT NULL,
        updated_at timestamptz NOT NULL
    )"#,
    "CREATE INDEX memories_session_idx ON memories (session_id)",
    "CREATE INDEX memories_user_idx ON memories (user_id)",
    "CREATE INDEX memories_type_idx ON memories (memory_type)",
    "CREATE INDEX memories_importance_idx ON memories (importance_rank)",
    "CREATE INDEX memories_expires_idx ON memories (expires_at) WHERE expires_at IS NOT NULL",
    // Trigram index for substring search (CJK included) on a UTF-8 cluster.
    // pg_trgm may already be installed in another schema; use whichever schema holds it.
    r#"DO $$
    DECLARE trgm_schema text;
    BEGIN
        SELECT n.nspname INTO trgm_schema
        FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace
        WHERE e.extname = 'pg_trgm';
        IF trgm_schema IS NULL THEN
            CREATE EXTENSION pg_trgm;
            trgm_schema := current_schema();
        END IF;
        EXECUTE format('CREATE INDEX memories_search_trgm_idx ON memories USING gin (search_text %I.gin_trgm_ops)', trgm_schema);
    END
    $$"#,
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
    r#"CREATE TABLE sessions (
        id BLOB NOT NULL PRIMARY KEY,
        user_id TEXT NOT NULL CONSTRAINT sessions_user_id_length CHECK (length(user_id) BETWEEN 1 AND 255),
        script_id BLOB NOT NULL,
        script_revision INTEGER NOT NULL CONSTRAINT sessions_script_revision_positive CHECK (script_revision >= 1),
        project_version_id BLOB,
        status TEXT NOT NULL DEFAULT 'active' CONSTRAINT sessions_status CHECK (status IN ('active', 'paused', 'completed', 'failed')),
        execution_status TEXT NOT NULL DEFAULT 'running' CONSTRAINT sessions_execution_status CHECK (execution_status IN ('running', 'waiting_input', 'paused', 'completed', 'error')),
        phase_index INTEGER NOT NULL DEFAULT 0 CONSTRAINT sessions_phase_index CHECK (phase_index >= 0),
        topic_index INTEGER NOT NULL DEFAULT 0 CONSTRAINT sessions_topic_index CHECK (topic_index >= 0),
        action_index INTEGER NOT NULL DEFAULT 0 CONSTRAINT sessions_action_index CHECK (action_index >= 0),
        action_id TEXT NOT NULL DEFAULT '',
        metadata TEXT NOT NULL DEFAULT '{}' CONSTRAINT sessions_metadata_object CHECK (json_valid(metadata) AND json_type(metadata) = 'object'),
        message_count INTEGER NOT NULL DEFAULT 0 CONSTRAINT sessions_message_count CHECK (message_count >= 0),
        last_message_at TEXT,
        etag TEXT NOT NULL,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        completed_at TEXT
    )"#,
    "CREATE INDEX sessions_user_created_idx ON sessions (user_id, created_at)",
    "CREATE INDEX sessions_status_idx ON sessions (status)",
    "CREATE INDEX sessions_script_idx ON sessions (script_id)",
    r#"CREATE TABLE messages (
        session_id BLOB NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
        seq INTEGER NOT NULL CONSTRAINT messages_seq_positive CHECK (seq >= 1),
        role TEXT NOT NULL CONSTRAINT messages_role CHECK (role IN ('user', 'assistant', 'system')),
        content TEXT NOT NULL CONSTRAINT messages_content_size CHECK (length(CAST(content AS BLOB)) <= 262144),
        action_id TEXT NOT NULL DEFAULT '',
        metadata TEXT NOT NULL DEFAULT '{}' CONSTRAINT messages_metadata_object CHECK (json_valid(metadata) AND json_type(metadata) = 'object'),
        request_id BLOB,
        created_at TEXT NOT NULL,
        PRIMARY KEY (session_id, seq)
    )"#,
    r#"CREATE TABLE variables (
        session_id BLOB NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
        scope TEXT NOT NULL CONSTRAINT variables_scope CHECK (scope IN ('global', 'session', 'phase', 'topic')),
        name TEXT NOT NULL CONSTRAINT variables_name_length CHECK (length(name) BETWEEN 1 AND 255),
        value TEXT NOT NULL CONSTRAINT variables_value_json CHECK (json_valid(value)),
        value_type TEXT NOT NULL CONSTRAINT variables_value_type CHECK (value_type IN ('string', 'number', 'boolean', 'object', 'array', 'null')),
        source TEXT NOT NULL DEFAULT '',
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        PRIMARY KEY (session_id, scope, name)
    )"#,
    r#"CREATE TABLE memories (
        id BLOB NOT NULL PRIMARY KEY,
        session_id BLOB REFERENCES sessions (id) ON DELETE CASCADE,
        user_id TEXT,
        memory_type TEXT NOT NULL,
        content TEXT NOT NULL CONSTRAINT memories_content_size CHECK (length(CAST(content AS BLOB)) BETWEEN 1 AND 65536),
        importance TEXT NOT NULL DEFAULT 'medium' CONSTRAINT memories_importance CHECK (importance IN ('low', 'medium', 'high', 'critical')),
        importance_rank INTEGER NOT NULL CONSTRAINT memories_importance_rank CHECK (importance_rank BETWEEN 1 AND 4),
        tags TEXT NOT NULL DEFAULT '[]' CONSTRAINT memories_tags_array CHECK (json_valid(tags) AND json_type(tags) = 'array'),
        metadata TEXT NOT NULL DEFAULT '{}' CONSTRAINT memories_metadata_object CHECK (json_valid(metadata) AND json_type(metadata) = 'object'),
        search_text TEXT NOT NULL,
        access_count INTEGER NOT NULL DEFAULT 0 CONSTRAINT memories_access_count CHECK (access_count >= 0),
        accessed_at TEXT,
        expires_at TEXT,
        etag TEXT NOT NULL,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
    )"#,
    "CREATE INDEX memories_session_idx ON memories (session_id)",
    "CREATE INDEX memories_user_idx ON memories (user_id)",
    "CREATE INDEX memories_type_idx ON memories (memory_type)",
    "CREATE INDEX memories_importance_idx ON memories (importance_rank)",
    "CREATE INDEX memories_expires_idx ON memories (expires_at) WHERE expires_at IS NOT NULL",
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
    "DROP TABLE memories",
    "DROP TABLE variables",
    "DROP TABLE messages",
    "DROP TABLE sessions",
    "DROP TYPE memory_importance",
    "DROP TYPE variable_scope",
    "DROP TYPE message_role",
    "DROP TYPE execution_status",
    "DROP TYPE session_status",
];

const SQLITE_DOWN: &[&str] = &[
    "DROP TABLE request_ids",
    "DROP TABLE memories",
    "DROP TABLE variables",
    "DROP TABLE messages",
    "DROP TABLE sessions",
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
