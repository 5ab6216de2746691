//! Rules of the sessions context: session lifecycle, positions and the
//! variables they clear, messages, variables and memories. No tonic, no sea-orm.

pub mod memory;

use agentbase_platform::error::FieldViolation;
pub use agentbase_platform::error::check_text;

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
    /// Running.
    Active,
    /// Paused.
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
    /// Executing.
    Running,
    /// Waiting for the user.
    WaitingInput,
    /// Paused.
    Paused,
    /// Done.
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
    /// Phase index.
    pub phase_index: i32,
    /// Topic index.
    pub topic_index: i32,
    /// Action index.
    pub action_index: i32,
    /// Action id.
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
    /// The user.
    User,
    /// The assistant.
    Assistant,
    /// The system.
    System,
}

/// A variable scope.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Scope {
    /// Project-wide.
    Global,
    /// The session.
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
    /// Role.
    pub role: Role,
    /// Content.
    pub content: String,
    /// Action id.
    pub action_id: String,
    /// Metadata object.
    pub metadata: serde_json::Value,
}

impl NewMessage {
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
    /// Scope.
    pub scope: Scope,
    /// Name.
    pub name: String,
    /// Value.
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
    /// New status.
    pub status: Option<SessionStatus>,
    /// New execution status.
    pub execution_status: Option<ExecutionStatus>,
    /// New position.
    pub position: Option<Position>,
    /// New metadata object.
    pub metadata: Option<serde_json::Value>,
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
    /// Created before.
    pub created_before: Option<chrono::DateTime<chrono::Utc>>,
}

impl SessionFilter {
    /// The parts a page token is bound to.
    pub fn fingerprint(&self) -> String {
        agentbase_platform::paging::fingerprint(&[
            "sessions",
            self.user_id.as_deref().unwrap_or(""),
            &format!("{:?}", self.status),
            &self.script_id.map(|id| id.to_string()).unwrap_or_default(),
            &self.created_after.map(|t| t.to_rfc3339()).unwrap_or_default(),
            &self.created_before.map(|t| t.to_rfc3339()).unwrap_or_default(),
        ])
    }
}

/// A stored session.
#[derive(Debug, Clone, PartialEq)]
pub struct Session {
    /// UUIDv7.
    pub id: uuid::Uuid,
    /// User.
    pub user_id: String,
    /// Script.
    pub script_id: uuid::Uuid,
    /// Pinned revision.
    pub script_revision: i32,
    /// Pinned project version.
    pub project_version_id: Option<uuid::Uuid>,
    /// Status.
    pub status: SessionStatus,
    /// Execution status.
    pub execution_status: ExecutionStatus,
    /// Position.
    pub position: Position,
    /// Metadata.
    pub metadata: serde_json::Value,
    /// Messages.
    pub message_count: i64,
    /// Last message time.
    pub last_message_at: Option<chrono::DateTime<chrono::Utc>>,
    /// Concurrency token.
    pub etag: String,
    /// Created.
    pub created_at: chrono::DateTime<chrono::Utc>,
    /// Changed.
    pub updated_at: chrono::DateTime<chrono::Utc>,
    /// Completed.
    pub completed_at: Option<chrono::DateTime<chrono::Utc>>,
    /// Variables (GetSession only).
    pub variables: Vec<Variable>,
}

/// A stored message.
#[derive(Debug, Clone, PartialEq)]
pub struct Message {
    /// Session.
    pub session_id: uuid::Uuid,
    /// Sequence number.
    pub seq: i64,
    /// Role.
    pub role: Role,
    /// Content.
    pub content: String,
    /// Action id.
    pub action_id: String,
    /// Metadata.
    pub metadata: serde_json::Value,
    /// Created.
    pub created_at: chrono::DateTime<chrono::Utc>,
}

/// A stored variable.
#[derive(Debug, Clone, PartialEq)]
pub struct Variable {
    /// Scope.
    pub scope: Scope,
    /// Name.
    pub name: String,
    /// Value.
    pub value: serde_json::Value,
    /// Derived type.
    pub value_type: String,
    /// Source.
    pub source: String,
    /// Created.
    pub created_at: chrono::DateTime<chrono::Utc>,
    /// Changed.
    pub updated_at: chrono::DateTime<chrono::Utc>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn terminal_statuses_are_final() {
        assert_eq!(
            SessionStatus::Active.transition(SessionStatus::Completed),
            Ok(SessionStatus::Completed)
        );
        assert_eq!(
            SessionStatus::Paused.transition(SessionStatus::Active),
            Ok(SessionStatus::Active)
        );
        assert_eq!(
            SessionStatus::Completed.transition(SessionStatus::Active),
            Err(SessionRefusal::Ended)
        );
        assert_eq!(
            SessionStatus::Failed.transition(SessionStatus::Failed),
            Ok(SessionStatus::Failed)
        );
        assert!(SessionStatus::Completed.check_open().is_err());
    }

    #[test]
    fn execution_follows_the_session() {
        assert_eq!(
            ExecutionStatus::Completed.transition(ExecutionStatus::Running),
            Err(SessionRefusal::Ended)
        );
        assert_eq!(
            ExecutionStatus::Error.transition(ExecutionStatus::Running),
            Ok(ExecutionStatus::Running)
        );
        assert_eq!(
            ExecutionStatus::implied_by(SessionStatus::Completed),
            Some(ExecutionStatus::Completed)
        );
        assert_eq!(
            ExecutionStatus::implied_by(SessionStatus::Failed),
            Some(ExecutionStatus::Error)
        );
        assert_eq!(ExecutionStatus::implied_by(SessionStatus::Active), None);
    }

    #[test]
    fn moves_clear_the_right_scopes() {
        let at = |phase, topic| Position {
            phase_index: phase,
            topic_index: topic,
            ..Default::default()
        };
        assert_eq!(at(0, 0).scopes_cleared_by_move(&at(1, 0)), [Scope::Phase, Scope::Topic]);
        assert_eq!(at(0, 0).scopes_cleared_by_move(&at(0, 2)), [Scope::Topic]);
        assert!(at(0, 0).scopes_cleared_by_move(&at(0, 0)).is_empty());
    }

    #[test]
    fn value_types_are_derived() {
        assert_eq!(value_type(&serde_json::json!("x")), "string");
        assert_eq!(value_type(&serde_json::json!(1.5)), "number");
        assert_eq!(value_type(&serde_json::json!({"a": 1})), "object");
        assert_eq!(value_type(&serde_json::json!(null)), "null");
    }
}
