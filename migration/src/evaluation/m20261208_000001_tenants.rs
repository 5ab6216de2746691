//! Every row of the evaluation schema belongs to a tenant ([`crate::tenancy`]).

use crate::tenancy::Tenancy;

const INDEXES: &[&str] = &[
    "CREATE INDEX runs_tenant_idx ON runs (tenant_id, id)",
    "DROP INDEX runs_created_idx",
    "CREATE INDEX runs_created_idx ON runs (tenant_id, created_at)",
];

pub const MIGRATION: Tenancy = Tenancy {
    name: "m20261208_000001_tenants",
    tables: &[
        "runs",
        "tasks",
        "task_attempts",
        "task_metrics",
        "tool_errors",
        "run_events",
        "request_ids",
        "audit_events",
    ],
    roots: &["runs"],
    postgres_indexes: INDEXES,
    sqlite_indexes: INDEXES,
    postgres_down: &["CREATE INDEX runs_created_idx ON runs (created_at)"],
    sqlite_down: &[
        "DROP INDEX runs_tenant_idx",
        "DROP INDEX runs_created_idx",
        "CREATE INDEX runs_created_idx ON runs (created_at)",
    ],
    sqlite_rebuilt: &[],
};
