//! The audit trail every context keeps in its own schema: one row per write
//! (and per refused write). The same migration runs in each context.

use sea_orm_migration::prelude::*;

use crate::{for_backend, run_all};

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m20261129_000001_create_audit_events"
    }
}

const POSTGRES_UP: &[&str] = &[
    r#"CREATE TABLE audit_events (
        id uuid PRIMARY KEY,
        occurred_at timestamptz NOT NULL,
        principal text NOT NULL CONSTRAINT audit_events_principal_length CHECK (char_length(principal) <= 1024),
        actor text NOT NULL CONSTRAINT audit_events_actor_length CHECK (char_length(actor) <= 1024),
        method text NOT NULL CONSTRAINT audit_events_method_length CHECK (char_length(method) <= 256),
        resource_type text NOT NULL CONSTRAINT audit_events_resource_type_length CHECK (char_length(resource_type) <= 64),
        resource_id text NOT NULL CONSTRAINT audit_events_resource_id_length CHECK (char_length(resource_id) <= 1024),
        outcome text NOT NULL CONSTRAINT audit_events_outcome_length CHECK (char_length(outcome) <= 64),
        reason text NOT NULL CONSTRAINT audit_events_reason_length CHECK (char_length(reason) <= 128),
        request_id text NOT NULL CONSTRAINT audit_events_request_id_length CHECK (char_length(request_id) <= 1024)
    )"#,
    "CREATE INDEX audit_events_resource_idx ON audit_events (resource_type, resource_id, id)",
    "CREATE INDEX audit_events_principal_idx ON audit_events (principal, id)",
    "CREATE INDEX audit_events_occurred_idx ON audit_events (occurred_at)",
];

const SQLITE_UP: &[&str] = &[
    r#"CREATE TABLE audit_events (
        id BLOB NOT NULL PRIMARY KEY,
        occurred_at TEXT NOT NULL,
        principal TEXT NOT NULL CONSTRAINT audit_events_principal_length CHECK (length(principal) <= 1024),
        actor TEXT NOT NULL CONSTRAINT audit_events_actor_length CHECK (length(actor) <= 1024),
        method TEXT NOT NULL CONSTRAINT audit_events_method_length CHECK (length(method) <= 256),
        resource_type TEXT NOT NULL CONSTRAINT audit_events_resource_type_length CHECK (length(resource_type) <= 64),
        resource_id TEXT NOT NULL CONSTRAINT audit_events_resource_id_length CHECK (length(resource_id) <= 1024),
        outcome TEXT NOT NULL CONSTRAINT audit_events_outcome_length CHECK (length(outcome) <= 64),
        reason TEXT NOT NULL CONSTRAINT audit_events_reason_length CHECK (length(reason) <= 128),
        request_id TEXT NOT NULL CONSTRAINT audit_events_request_id_length CHECK (length(request_id) <= 1024)
    )"#,
    "CREATE INDEX audit_events_resource_idx ON audit_events (resource_type, resource_id, id)",
    "CREATE INDEX audit_events_principal_idx ON audit_events (principal, id)",
    "CREATE INDEX audit_events_occurred_idx ON audit_events (occurred_at)",
];

const DOWN: &[&str] = &["DROP TABLE audit_events"];

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        run_all(manager, for_backend(manager, POSTGRES_UP, SQLITE_UP)?).await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        run_all(manager, DOWN).await
    }
}
