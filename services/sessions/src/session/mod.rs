//! The session aggregate: sessions, their messages, variables and watchers.

pub mod api;
pub(crate) mod convert;
pub mod events;
pub mod store;
mod watch;
