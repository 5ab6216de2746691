//! The release-label aggregate: named pointers to a project version or a
//! script revision, and their history.

pub mod api;
pub(crate) mod convert;
pub mod store;
