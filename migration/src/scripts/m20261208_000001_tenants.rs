//! Every row of the scripts schema belongs to a tenant ([`crate::tenancy`]),
//! and a script's name is unique within its tenant.
//!
//! SQLite cannot drop a table's UNIQUE constraint, so `scripts` is rebuilt
//! (with foreign keys off: [`crate::tenancy`]); the tables that refer to it
//! by name refer to the new one.

use crate::tenancy::Tenancy;

pub const MIGRATION: Tenancy = Tenancy {
    name: "m20261208_000001_tenants",
    tables: &[
        "scripts",
        "script_revisions",
        "projects",
        "project_files",
        "project_drafts",
        "project_versions",
        "project_deprecations",
        "release_labels",
        "label_moves",
        "label_move_requests",
        "request_ids",
        "audit_events",
    ],
    roots: &["scripts", "projects"],
    postgres_indexes: &[
        "ALTER TABLE scripts DROP CONSTRAINT scripts_name_key, ADD CONSTRAINT scripts_name_key UNIQUE (tenant_id, name)",
        "CREATE INDEX scripts_tenant_idx ON scripts (tenant_id, id)",
        "DROP INDEX scripts_author_idx",
        "CREATE INDEX scripts_author_idx ON scripts (tenant_id, author)",
        "CREATE INDEX projects_tenant_idx ON projects (tenant_id, id)",
        "DROP INDEX projects_name_idx",
        "CREATE INDEX projects_name_idx ON projects (tenant_id, name)",
        "DROP INDEX projects_author_idx",
        "CREATE INDEX projects_author_idx ON projects (tenant_id, author)",
    ],
    sqlite_indexes: &[
        r#"CREATE TABLE scripts_by_tenant (
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
            tenant_id TEXT NOT NULL DEFAULT 'default'
                CONSTRAINT scripts_tenant_id_length CHECK (length(tenant_id) BETWEEN 1 AND 64),
            CONSTRAINT scripts_name_key UNIQUE (tenant_id, name)
        )"#,
        "INSERT INTO scripts_by_tenant SELECT id, name, script_type, status, author, description, tags, search_text, \
         current_revision, etag, created_at, updated_at, tenant_id FROM scripts",
        "DROP TABLE scripts",
        "ALTER TABLE scripts_by_tenant RENAME TO scripts",
        "CREATE INDEX scripts_type_status_idx ON scripts (script_type, status)",
        "CREATE INDEX scripts_author_idx ON scripts (tenant_id, author)",
        "CREATE INDEX scripts_tenant_idx ON scripts (tenant_id, id)",
        "CREATE INDEX projects_tenant_idx ON projects (tenant_id, id)",
        "DROP INDEX projects_name_idx",
        "CREATE INDEX projects_name_idx ON projects (tenant_id, name)",
        "DROP INDEX projects_author_idx",
        "CREATE INDEX projects_author_idx ON projects (tenant_id, author)",
    ],
    postgres_down: &[
        "ALTER TABLE scripts ADD CONSTRAINT scripts_name_key UNIQUE (name)",
        "CREATE INDEX scripts_author_idx ON scripts (author)",
        "CREATE INDEX projects_name_idx ON projects (name)",
        "CREATE INDEX projects_author_idx ON projects (author)",
    ],
    sqlite_down: &[
        r#"CREATE TABLE scripts_before_tenants (
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
        "INSERT INTO scripts_before_tenants SELECT id, name, script_type, status, author, description, tags, \
         search_text, current_revision, etag, created_at, updated_at FROM scripts",
        "DROP TABLE scripts",
        "ALTER TABLE scripts_before_tenants RENAME TO scripts",
        "CREATE INDEX scripts_type_status_idx ON scripts (script_type, status)",
        "CREATE INDEX scripts_author_idx ON scripts (author)",
        "DROP INDEX projects_tenant_idx",
        "DROP INDEX projects_name_idx",
        "CREATE INDEX projects_name_idx ON projects (name)",
        "DROP INDEX projects_author_idx",
        "CREATE INDEX projects_author_idx ON projects (author)",
    ],
    sqlite_rebuilt: &["scripts"],
};
