//! The sessions integration tests, in one binary so the whole stack links once.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod erasure;
mod expired_everywhere;
mod forks;
mod hot_reads;
mod memory_history;
mod memory_service;
mod pinned_by_label;
mod retention;
mod session_service;
