//! The run aggregate: runs of an AI coding agent, their tasks, metrics and tool errors.

pub mod api;
mod convert;
pub mod store;
mod watch;

/// The announcer of runs: "run X has news" (its tasks or status changed), for WatchRun; its PostgreSQL channel is
/// `agentbase_<context>_runs` (`platform::events`).
pub fn events() -> agentbase_platform::events::Announcer {
    agentbase_platform::events::Announcer::new(crate::CONTEXT, "runs")
}
