//! The task aggregate: a run's tasks — starting, finishing, metrics and
//! tool errors; leases (claims, heartbeats, expiry); attempts
//! (invalidation, retries, attempt history).

pub mod api;
mod convert;
pub mod store;
