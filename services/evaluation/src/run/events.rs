//! Wake-ups for WatchRun: "run X has news", on the platform's announcer
//! (`platform::events`).

use agentbase_platform::events::Announcer;

/// The topic runs are announced on.
const TOPIC: &str = "runs";

/// Announces runs whose tasks or status changed.
pub type RunEvents = Announcer;

/// The announcer of this context's runs.
pub fn run_events() -> RunEvents {
    Announcer::new(crate::CONTEXT, TOPIC)
}

/// The NOTIFY channel of run events, for the statement that sends it inside
/// the transition's transaction.
pub fn channel() -> String {
    agentbase_platform::events::channel(crate::CONTEXT, TOPIC)
}
