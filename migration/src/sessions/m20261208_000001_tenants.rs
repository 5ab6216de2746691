//! Every row of the sessions schema belongs to a tenant ([`crate::tenancy`]).

use crate::tenancy::Tenancy;

pub const MIGRATION: Tenancy = Tenancy {
    name: "m20261208_000001_tenants",
    tables: &[
        "sessions",
        "messages",
        "variables",
        "memories",
        "memory_history",
        "request_ids",
        "audit_events",
    ],
    roots: &["sessions", "memories"],
    postgres_indexes: &[
        "CREATE INDEX sessions_tenant_idx ON sessions (tenant_id, id)",
        "DROP INDEX sessions_user_created_idx",
        "CREATE INDEX sessions_user_created_idx ON sessions (tenant_id, user_id, created_at)",
        "CREATE INDEX memories_tenant_idx ON memories (tenant_id, id)",
        "DROP INDEX memories_user_ranked_idx",
        "CREATE INDEX memories_user_ranked_idx ON memories (tenant_id, user_id, importance_rank DESC, search_seq DESC)",
        "DROP INDEX memories_ranked_idx",
        "CREATE INDEX memories_ranked_idx ON memories (tenant_id, importance_rank DESC, search_seq DESC)",
    ],
    sqlite_indexes: &[
        "CREATE INDEX request_ids_resource_idx ON request_ids (resource_id)",
        "CREATE INDEX sessions_tenant_idx ON sessions (tenant_id, id)",
        "DROP INDEX sessions_user_created_idx",
        "CREATE INDEX sessions_user_created_idx ON sessions (tenant_id, user_id, created_at)",
        "CREATE INDEX memories_tenant_idx ON memories (tenant_id, id)",
        "DROP INDEX memories_user_idx",
        "CREATE INDEX memories_user_idx ON memories (tenant_id, user_id)",
    ],
    postgres_down: &[
        "CREATE INDEX sessions_user_created_idx ON sessions (user_id, created_at)",
        "CREATE INDEX memories_user_ranked_idx ON memories (user_id, importance_rank DESC, search_seq DESC)",
        "CREATE INDEX memories_ranked_idx ON memories (importance_rank DESC, search_seq DESC)",
    ],
    sqlite_down: &[
        "CREATE INDEX request_ids_resource_idx ON request_ids (resource_id)",
        "DROP INDEX sessions_tenant_idx",
        "DROP INDEX sessions_user_created_idx",
        "CREATE INDEX sessions_user_created_idx ON sessions (user_id, created_at)",
        "DROP INDEX memories_tenant_idx",
        "DROP INDEX memories_user_idx",
        "CREATE INDEX memories_user_idx ON memories (user_id)",
    ],
    sqlite_rebuilt: &[],
};
