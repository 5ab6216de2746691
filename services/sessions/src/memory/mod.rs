//! The memory aggregate: searchable memories of a user or a session.

pub mod api;
mod convert;
pub mod store;
