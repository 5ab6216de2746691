//! The session aggregate: sessions, their messages, variables and watchers.

pub mod api;
pub(crate) mod convert;
pub mod store;
mod watch;

/// The announcer of sessions: "session X has news" (appends, status changes), for WatchMessages; its PostgreSQL channel is
/// `agentbase_<context>_messages` (`platform::events`).
pub fn events() -> agentbase_platform::events::Announcer {
    agentbase_platform::events::Announcer::new(crate::CONTEXT, "messages")
}
