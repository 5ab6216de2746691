//! Wake-ups for WatchMessages: "session X has news" (appends, status
//! changes), on the platform's announcer (`platform::events`).

use agentbase_platform::events::Announcer;

/// Announces sessions whose messages or status changed.
pub type SessionEvents = Announcer;

/// The topic sessions are announced on.
const TOPIC: &str = "messages";

/// The announcer of this context's sessions.
pub fn session_events() -> SessionEvents {
    Announcer::new(crate::CONTEXT, TOPIC)
}

/// The NOTIFY channel appends and status changes are announced on, for
/// statements that `pg_notify` inside their transaction.
pub fn channel() -> String {
    agentbase_platform::events::channel(crate::CONTEXT, TOPIC)
}
