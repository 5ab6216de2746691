//! The scripts & projects context: `ScriptService` and `ProjectService`.
//!
//! Owns the `scripts` schema: its entities, its stores and its rules. One
//! module per aggregate (`script`, `project`), each `api` (tonic: parse,
//! call the store, map errors) → `store` (the only user of `entity`), both
//! over `domain` (commands and rules, no tonic, no sea-orm). It must not read other
//! contexts' tables; others reach it only through its gRPC contract.

// Domain types are read field by field and their names say what they are:
// doc comments there explain rules, and a field that needs none has none.
#[allow(missing_docs)]
pub mod domain;
mod entity;
pub mod error;
pub mod label;
pub mod project;
pub mod script;

use agentbase_platform::server::MAX_INBOUND_MESSAGE_BYTES;
use agentbase_proto::scripts::v1::{
    label_service_server::{LabelServiceServer, SERVICE_NAME as LABEL_SERVICE},
    project_service_server::{ProjectServiceServer, SERVICE_NAME as PROJECT_SERVICE},
    script_service_server::{SERVICE_NAME, ScriptServiceServer},
};
use sea_orm::DatabaseConnection;

/// The context's name: its schema, its SQLite file and its configuration key.
pub const CONTEXT: &str = "scripts";

/// The scope of the context's administrators: the audit trail, bulk
/// deletes, and reads that span every user.
pub const ADMIN_SCOPE: &str = "scripts.admin";

/// The fully-qualified name of `ScriptService`, as health and reflection report it.
pub const SCRIPT_SERVICE_NAME: &str = SERVICE_NAME;

/// The fully-qualified name of `ProjectService`.
pub const PROJECT_SERVICE_NAME: &str = PROJECT_SERVICE;

/// The fully-qualified name of `LabelService`.
pub const LABEL_SERVICE_NAME: &str = LABEL_SERVICE;

/// The ProjectService server over `db`, resolving release labels with
/// `labels`, with the inbound message limit applied.
pub fn project_service(
    db: DatabaseConnection,
    labels: label::store::LabelStore,
) -> ProjectServiceServer<project::api::ProjectApi> {
    ProjectServiceServer::new(project::api::ProjectApi::new(
        project::store::ProjectStore::new(db),
        label::LabelResolver::new(labels),
    ))
    .max_decoding_message_size(MAX_INBOUND_MESSAGE_BYTES)
}

/// The ScriptService server over `db`, resolving release labels with
/// `labels`, with the inbound message limit applied.
pub fn script_service(
    db: DatabaseConnection,
    labels: label::store::LabelStore,
) -> ScriptServiceServer<script::api::ScriptApi> {
    ScriptServiceServer::new(script::api::ScriptApi::new(
        script::store::ScriptStore::new(db),
        label::LabelResolver::new(labels),
    ))
    .max_decoding_message_size(MAX_INBOUND_MESSAGE_BYTES)
}

/// The LabelService server over `labels`, WatchLabels streams taking their
/// slots from `watches`, with the inbound message limit applied.
pub fn label_service(
    labels: label::store::LabelStore,
    watches: agentbase_platform::events::WatchSlots,
) -> LabelServiceServer<label::api::LabelApi> {
    LabelServiceServer::new(label::api::LabelApi::new(labels, watches))
        .max_decoding_message_size(MAX_INBOUND_MESSAGE_BYTES)
}
