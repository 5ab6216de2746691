//! Wake-ups for WatchLabels: "a label of project or script X moved", on the
//! platform's announcer (`platform::events`).

use agentbase_platform::events::Announcer;

/// The topic label moves are announced on.
const TOPIC: &str = "labels";

/// Announces the owners whose labels moved.
pub type LabelEvents = Announcer;

/// The announcer of this context's label moves.
pub fn label_events() -> LabelEvents {
    Announcer::new(crate::CONTEXT, TOPIC)
}

/// The NOTIFY channel of label moves, for the statement that sends it inside
/// the move's transaction.
pub fn channel() -> String {
    agentbase_platform::events::channel(crate::CONTEXT, TOPIC)
}
