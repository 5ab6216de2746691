//! The release-label aggregate: named pointers to a project version or a
//! script revision, their history, requests to move them and the stream of
//! their moves.

pub mod api;
pub(crate) mod convert;
pub mod events;
pub mod store;
mod watch;
