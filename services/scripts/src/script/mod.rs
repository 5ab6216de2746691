//! The script aggregate: YAML conversation scripts and their revisions.

pub mod api;
pub(crate) mod convert;
pub mod store;
