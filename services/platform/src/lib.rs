//! What every agentbase context shares, and nothing context-specific.
//!
//! Owns configuration from the environment, database connection and
//! migration running, the server bootstrap (health, reflection, limits,
//! deadlines, graceful shutdown), the error kit every context maps its errors
//! through, keyset page tokens, request-id idempotency and telemetry.
//! It must not know any context's tables, entities or RPCs.

pub mod admin;
pub mod admission;
pub mod audit;
pub mod auth;
pub mod call_layer;
pub mod config;
pub mod consistency;
pub mod db;
pub mod digest;
pub mod error;
pub mod events;
pub mod failure;
pub mod idempotency;
pub mod ids;
pub mod intake;
pub mod json;
pub mod mask;
pub mod metrics;
pub mod paging;
pub mod server;
pub mod single_writes;
pub mod stream_token;
pub mod telemetry;
pub mod tenant;
pub mod time;
pub mod tls;
pub mod watched;
pub mod write;
