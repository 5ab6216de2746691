//! The comparison aggregate: two runs compared task by task (CompareRuns).

pub mod api;
mod convert;
pub mod store;
