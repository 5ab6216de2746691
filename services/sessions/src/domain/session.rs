//! Sessions: lifecycle, positions and the variables they clear, messages,
//! variables, and the commands the session RPCs carry.

use agentbase_platform::error::FieldViolation;
use agentbase_platform::error::check_text;
use uuid::Uuid;

/// Largest message content, in bytes.
pub const MAX_MESSAGE_BYTES: usize = 256 * 1024;
/// Most messages in one AppendMessages.
pub const MAX_MESSAGES_PER_APPEND: usize = 100;
/// Most variables in one SetVariables.
pub const MAX_VARIABLES_PER_SET: usize = 500;
/// Largest JSON value (variable value, metadata), in bytes.
pub const MAX_JSON_BYTES: usize = 256 * 1024;
/// Longest identifier-like text (user id, variable name, action id, source).
pub const MAX_NAME_CHARS: usize = 255;

/// A session's lifecycle status.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum SessionStatus {
    Active,
    Paused,
    /// Finished (terminal).
    Completed,
    /// Failed (terminal).
    Failed,
}

impl SessionStatus {
    /// Completed and failed sessions never change again.
    pub fn is_terminal(self) -> bool {
        matches!(self, Self::Completed | Self::Failed)
    }

    /// The status after a requested change; terminal statuses are final.
    pub fn transition(self, to: Self) -> Result<Self, SessionRefusal> {
        if self.is_terminal() && self != to {
            Err(SessionRefusal::Ended)
        } else {
            Ok(to)
        }
    }

    /// Whether messages may still be appended.
    pub fn check_open(self) -> Result<(), SessionRefusal> {
        if self.is_terminal() {
            Err(SessionRefusal::Ended)
        } else {
            Ok(())
        }
    }
}

/// What the engine is doing.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ExecutionStatus {
    Running,
    /// Waiting for the user.
    WaitingInput,
    Paused,
    Completed,
    /// Stopped on an error.
    Error,
}

impl ExecutionStatus {
    /// The execution status after a requested change: a completed execution
    /// stays completed; everything else may move freely (the engine drives it).
    pub fn transition(self, to: Self) -> Result<Self, SessionRefusal> {
        if self == Self::Completed && to != Self::Completed {
            Err(SessionRefusal::Ended)
        } else {
            Ok(to)
        }
    }

    /// What a session's execution becomes when its status becomes `status`.
    pub fn implied_by(status: SessionStatus) -> Option<Self> {
        match status {
            SessionStatus::Completed => Some(Self::Completed),
            SessionStatus::Failed => Some(Self::Error),
            SessionStatus::Paused => Some(Self::Paused),
            SessionStatus::Active => None,
        }
    }
}

/// Why a session change is refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SessionRefusal {
    /// The session completed or failed.
    Ended,
}

/// Where in the script a session is.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Position {
    pub phase_index: i32,
    pub topic_index: i32,
    pub action_index: i32,
    pub action_id: String,
}

impl Position {
    /// Checks the indexes (≥ 0) and the action id.
    pub fn check(&self) -> Result<(), FieldViolation> {
        if self.phase_index < 0 || self.topic_index < 0 || self.action_index < 0 {
            return Err(FieldViolation::new("position", "indexes must not be negative"));
        }
        check_text("position.action_id", &self.action_id, MAX_NAME_CHARS)
    }

    /// The variable scopes a move from `self` to `to` clears: another phase
    /// clears phase- and topic-scoped variables, another topic topic-scoped ones.
    pub fn scopes_cleared_by_move(&self, to: &Self) -> Vec<Scope> {
        if self.phase_index != to.phase_index {
            vec![Scope::Phase, Scope::Topic]
        } else if self.topic_index != to.topic_index {
            vec![Scope::Topic]
        } else {
            Vec::new()
        }
    }
}

/// Who wrote a message.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Role {
    User,
    Assistant,
    System,
}

/// A variable scope.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Scope {
    Global,
    Session,
    /// The current phase.
    Phase,
    /// The current topic.
    Topic,
}

/// The derived type name of a JSON value.
pub fn value_type(value: &serde_json::Value) -> &'static str {
    match value {
        serde_json::Value::Null => "null",
        serde_json::Value::Bool(_) => "boolean",
        serde_json::Value::Number(_) => "number",
        serde_json::Value::String(_) => "string",
        serde_json::Value::Array(_) => "array",
        serde_json::Value::Object(_) => "object",
    }
}

/// Checks a JSON value's size and that it holds no NUL (PostgreSQL jsonb cannot).
pub fn check_json(field: &str, value: &serde_json::Value) -> Result<(), FieldViolation> {
    let text = value.to_string();
    if text.len() > MAX_JSON_BYTES {
        Err(FieldViolation::new(
            field,
            format!("must be at most {MAX_JSON_BYTES} bytes as JSON"),
        ))
    } else if text.contains("\\u0000") {
        Err(FieldViolation::new(field, "must not contain NUL characters"))
    } else {
        Ok(())
    }
}

/// A message to append, checked.
#[derive(Debug, Clone, PartialEq)]
pub struct NewMessage {
    pub role: Role,
    pub content: String,
    pub action_id: String,
    pub metadata: serde_json::Value,
}

impl NewMessage {
    /// The message as stored at `seq` of session `session_id`.
    pub fn at(self, session_id: Uuid, seq: i64, created_at: chrono::DateTime<chrono::Utc>) -> Message {
        Message {
            session_id,
            seq,
            role: self.role,
            content: self.content,
            action_id: self.action_id,
            metadata: self.metadata,
            created_at,
        }
    }

    /// Checks one message supplied as `messages[i]`.
    pub fn check(&self, index: usize) -> Vec<FieldViolation> {
        let mut violations = Vec::new();
        if self.content.len() > MAX_MESSAGE_BYTES {
            violations.push(FieldViolation::new(
                format!("messages[{index}].content"),
                format!("must be at most {MAX_MESSAGE_BYTES} bytes"),
            ));
        } else if self.content.contains('\0') {
            violations.push(FieldViolation::new(
                format!("messages[{index}].content"),
                "must not contain NUL characters",
            ));
        }
        if let Err(v) = check_text(&format!("messages[{index}].action_id"), &self.action_id, MAX_NAME_CHARS) {
            violations.push(v);
        }
        if let Err(v) = check_json(&format!("messages[{index}].metadata"), &self.metadata) {
            violations.push(v);
        }
        violations
    }
}

/// A variable to upsert, checked.
#[derive(Debug, Clone, PartialEq)]
pub struct VariableInput {
    pub scope: Scope,
    pub name: String,
    pub value: serde_json::Value,
    /// Who set it.
    pub source: String,
}

impl VariableInput {
    /// Checks one variable supplied as `variables[i]`.
    pub fn check(&self, index: usize) -> Vec<FieldViolation> {
        let mut violations = Vec::new();
        let name_field = format!("variables[{index}].name");
        if self.name.trim().is_empty() {
            violations.push(FieldViolation::new(&name_field, "is required"));
        } else if let Err(v) = check_text(&name_field, &self.name, MAX_NAME_CHARS) {
            violations.push(v);
        }
        if let Err(v) = check_json(&format!("variables[{index}].value"), &self.value) {
            violations.push(v);
        }
        if let Err(v) = check_text(&format!("variables[{index}].source"), &self.source, MAX_NAME_CHARS) {
            violations.push(v);
        }
        violations
    }
}

/// The changes an UpdateSession asks for.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct SessionPatch {
    pub status: Option<SessionStatus>,
    /// New execution status.
    pub execution_status: Option<ExecutionStatus>,
    pub position: Option<Position>,
    /// New metadata object.
    pub metadata: Option<serde_json::Value>,
    /// New expiry: `Some(None)` keeps the session until it is deleted.
    pub expire_at: Option<Option<chrono::DateTime<chrono::Utc>>>,
}

impl SessionPatch {
    /// Whether the patch changes nothing but the expiry: the one change an
    /// ended session still takes, so that it can be held past its retention
    /// (cleared or extended) or let go early (set sooner).
    pub fn only_expiry(&self) -> bool {
        self.expire_at.is_some()
            && self.status.is_none()
            && self.execution_status.is_none()
            && self.position.is_none()
            && self.metadata.is_none()
    }
}

/// Filters of ListSessions.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SessionFilter {
    /// Only this user.
    pub user_id: Option<String>,
    /// Only this status.
    pub status: Option<SessionStatus>,
    /// Only this script.
    pub script_id: Option<uuid::Uuid>,
    /// Created at or after.
    pub created_after: Option<chrono::DateTime<chrono::Utc>>,
    pub created_before: Option<chrono::DateTime<chrono::Utc>>,
    /// Only forks of this session.
    pub parent_session_id: Option<uuid::Uuid>,
}

impl SessionFilter {
    /// The parts a page token is bound to.
    pub fn fingerprint(&self) -> String {
        let status = format!("{:?}", self.status);
        let script_id = self.script_id.map(|id| id.to_string()).unwrap_or_default();
        let created_after = self.created_after.map(|t| t.to_rfc3339()).unwrap_or_default();
        let created_before = self.created_before.map(|t| t.to_rfc3339()).unwrap_or_default();
        let parent = self.parent_session_id.map(|id| id.to_string());
        let mut parts = vec![
            "sessions",
            self.user_id.as_deref().unwrap_or(""),
            status.as_str(),
            script_id.as_str(),
            created_after.as_str(),
            created_before.as_str(),
        ];
        // Only when set, so that tokens issued before the filter existed stay valid.
        parts.extend(parent.as_deref());
        agentbase_platform::paging::fingerprint(&parts)
    }
}

/// A stored session.
#[derive(Debug, Clone, PartialEq)]
pub struct Session {
    pub id: uuid::Uuid,
    pub user_id: String,
    pub script_id: uuid::Uuid,
    pub script_revision: i32,
    /// Pinned project version.
    pub project_version_id: Option<uuid::Uuid>,
    pub status: SessionStatus,
    pub execution_status: ExecutionStatus,
    pub position: Position,
    pub metadata: serde_json::Value,
    pub message_count: i64,
    /// Last message time.
    pub last_message_at: Option<chrono::DateTime<chrono::Utc>>,
    pub etag: String,
    pub created_at: chrono::DateTime<chrono::Utc>,
    pub updated_at: chrono::DateTime<chrono::Utc>,
    pub completed_at: Option<chrono::DateTime<chrono::Utc>>,
    /// Where the session was forked from, if it was.
    pub fork: Option<ForkPoint>,
    /// When the session expires, if it does.
    pub expire_at: Option<chrono::DateTime<chrono::Utc>>,
    /// The script's release label it was pinned by, if any.
    pub script_label: Option<String>,
    /// Variables (GetSession only).
    pub variables: Vec<Variable>,
}

impl Session {
    /// Past its expiry at `now`: from then on the session is not found by any
    /// call, whether or not the sweeper has deleted it yet.
    pub fn is_expired(&self, now: chrono::DateTime<chrono::Utc>) -> bool {
        is_expired(self.expire_at, now)
    }
}

/// Whether an expiry of `expire_at` has passed at `now`.
pub fn is_expired(expire_at: Option<chrono::DateTime<chrono::Utc>>, now: chrono::DateTime<chrono::Utc>) -> bool {
    expire_at.is_some_and(|at| at <= now)
}

/// An expiry a caller asks for must lie ahead: a session that expires as it is
/// written would answer NOT_FOUND to its own writer.
pub fn check_expire_at(
    field: &str,
    expire_at: chrono::DateTime<chrono::Utc>,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<chrono::DateTime<chrono::Utc>, FieldViolation> {
    if expire_at > now {
        Ok(expire_at)
    } else {
        Err(FieldViolation::new(field, "must be in the future"))
    }
}

/// What a purge of expired sessions deleted, or would delete.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Purged {
    pub sessions: u64,
    pub messages: u64,
    /// Transactions it took.
    pub batches: u64,
    /// The longest of them.
    pub longest_batch: std::time::Duration,
}

/// How long sessions are kept after they complete or fail, when the service
/// keeps them for a limited time (`AGENTBASE_SESSION_RETENTION`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Retention(pub std::time::Duration);

impl Retention {
    /// The expiry of a session that ends at `now`: the one its caller set,
    /// if any, else `now` plus the retention (no retention: none).
    pub fn expiry_on_end(
        retention: Option<Self>,
        expire_at: Option<chrono::DateTime<chrono::Utc>>,
        now: chrono::DateTime<chrono::Utc>,
    ) -> Option<chrono::DateTime<chrono::Utc>> {
        expire_at.or_else(|| {
            let Self(keep) = retention?;
            chrono::Duration::from_std(keep)
                .ok()
                .and_then(|keep| now.checked_add_signed(keep))
        })
    }
}

/// The parent session and its last message a fork started with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ForkPoint {
    pub parent_session_id: uuid::Uuid,
    pub at_seq: i64,
}

impl ForkPoint {
    /// Refuses a fork point past the parent's last message.
    pub fn check_within(&self, message_count: i64) -> Result<(), FieldViolation> {
        if self.at_seq > message_count {
            return Err(FieldViolation::new(
                "at_seq",
                format!("is past the session's last message ({message_count})"),
            ));
        }
        Ok(())
    }
}

/// A stored message.
#[derive(Debug, Clone, PartialEq)]
pub struct Message {
    pub session_id: uuid::Uuid,
    pub seq: i64,
    pub role: Role,
    pub content: String,
    pub action_id: String,
    pub metadata: serde_json::Value,
    pub created_at: chrono::DateTime<chrono::Utc>,
}

/// A stored variable.
#[derive(Debug, Clone, PartialEq)]
pub struct Variable {
    pub scope: Scope,
    pub name: String,
    pub value: serde_json::Value,
    pub value_type: String,
    pub source: String,
    pub created_at: chrono::DateTime<chrono::Utc>,
    pub updated_at: chrono::DateTime<chrono::Utc>,
}

mod commands;

pub use commands::{AppendMessages, CreateSession, ForkSession, NewSession, SetVariables, UpdateSession};

#[cfg(test)]
mod tests;
