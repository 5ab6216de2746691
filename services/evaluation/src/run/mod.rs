//! The run aggregate: runs of an AI coding agent, their tasks, metrics and tool errors.

pub mod api;
mod convert;
pub mod events;
pub mod store;
mod watch;
