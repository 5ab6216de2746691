//! The project aggregate: multi-file projects, their draft, versions and publishing.

pub mod api;
mod convert;
pub mod store;
