//! The evaluation integration tests, in one binary so the whole stack links once.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod compare_runs;
mod evaluation_service;
mod fleet;
mod leases;
mod live_totals;
mod prices;
mod redaction;
mod retries;
mod runner_semantics;
mod support;
mod watch_run;
