//! The commands the session RPCs carry, each built only by its parser or
//! sealed constructor here.

use agentbase_platform::error::FieldViolation;
use agentbase_platform::idempotency::RequestKey;
use agentbase_platform::ids::LabelName;
use uuid::Uuid;

use super::{ForkPoint, NewMessage, SessionPatch, VariableInput};

/// CreateSession as the caller asked for it; the pinned revision is asked of
/// ScriptService before anything is written.
#[derive(Debug, Clone)]
pub struct CreateSession {
    pub user_id: String,
    pub script_id: Uuid,
    pub project_version_id: Option<Uuid>,
    pub metadata: serde_json::Value,
    pub expire_at: Option<chrono::DateTime<chrono::Utc>>,
    /// Pin the revision this label of the script points at, not the current one.
    pub script_label: Option<LabelName>,
    pub request: Option<RequestKey>,
}

impl CreateSession {
    pub fn new(
        user_id: String,
        script_id: Uuid,
        project_version_id: Option<Uuid>,
        metadata: serde_json::Value,
        expire_at: Option<chrono::DateTime<chrono::Utc>>,
        script_label: Option<LabelName>,
        request_id: Option<Uuid>,
    ) -> Self {
        let mut parts = vec![
            user_id.clone(),
            script_id.to_string(),
            project_version_id.map(|v| v.to_string()).unwrap_or_default(),
            metadata.to_string(),
        ];
        // Only when set, so that requests recorded before sessions could
        // expire keep their fingerprint.
        parts.extend(expire_at.map(|at| at.to_rfc3339()));
        parts.extend(script_label.as_ref().map(|label| format!("label:{}", label.as_str())));
        let parts: Vec<&str> = parts.iter().map(String::as_str).collect();
        let request = RequestKey::of(request_id, &parts);
        Self {
            user_id,
            script_id,
            project_version_id,
            metadata,
            expire_at,
            script_label,
            request,
        }
    }

    /// The new session, pinned to `script_revision`.
    pub fn pinned_to(self, script_revision: i32) -> NewSession {
        NewSession {
            _parsed: crate::domain::Parsed,
            user_id: self.user_id,
            script_id: self.script_id,
            script_revision,
            project_version_id: self.project_version_id,
            metadata: self.metadata,
            expire_at: self.expire_at,
            script_label: self.script_label.map(|label| label.as_str().to_owned()),
        }
    }
}

/// What a new session starts with.
#[derive(Debug, Clone)]
pub struct NewSession {
    pub user_id: String,
    pub script_id: Uuid,
    pub script_revision: i32,
    pub project_version_id: Option<Uuid>,
    pub metadata: serde_json::Value,
    pub expire_at: Option<chrono::DateTime<chrono::Utc>>,
    pub script_label: Option<String>,
    /// Only this module's parser builds the command (parse, don't validate).
    _parsed: crate::domain::Parsed,
}

/// UpdateSession: the patch applies only while the session carries `etag`, when given.
#[derive(Debug, Clone)]
pub struct UpdateSession {
    pub id: Uuid,
    pub patch: SessionPatch,
    pub etag: Option<String>,
    /// Only this module's parser builds the command (parse, don't validate).
    _parsed: crate::domain::Parsed,
}

impl UpdateSession {
    /// The one constructor: its parts come out of their own parsers.
    pub fn new(id: Uuid, patch: SessionPatch, etag: Option<String>) -> Self {
        Self {
            id,
            patch,
            etag,
            _parsed: crate::domain::Parsed,
        }
    }
}

/// AppendMessages: valid messages, in order.
#[derive(Debug, Clone)]
pub struct AppendMessages {
    pub session_id: Uuid,
    pub messages: Vec<NewMessage>,
    /// Turn-taking guard: refused unless the session's last seq is this.
    pub expected_last_seq: Option<i64>,
    /// A retry with the same id answers the messages the first call appended.
    pub request_id: Option<Uuid>,
    /// Only this module's parser builds the command (parse, don't validate).
    _parsed: crate::domain::Parsed,
}

impl AppendMessages {
    /// The one constructor: its parts come out of their own parsers.
    pub fn new(
        session_id: Uuid,
        messages: Vec<NewMessage>,
        expected_last_seq: Option<i64>,
        request_id: Option<Uuid>,
    ) -> Self {
        Self {
            session_id,
            messages,
            expected_last_seq,
            request_id,
            _parsed: crate::domain::Parsed,
        }
    }
}

/// ForkSession: a new session holding the parent's messages 1..`at_seq`.
#[derive(Debug, Clone)]
pub struct ForkSession {
    pub at: ForkPoint,
    pub request: Option<RequestKey>,
    /// Only this module's parser builds the command (parse, don't validate).
    _parsed: crate::domain::Parsed,
}

impl ForkSession {
    pub fn new(parent_session_id: Uuid, at_seq: i64, request_id: Option<Uuid>) -> Self {
        let request = RequestKey::of(request_id, &[&parent_session_id.to_string(), &at_seq.to_string()]);
        Self {
            _parsed: crate::domain::Parsed,
            at: ForkPoint {
                parent_session_id,
                at_seq,
            },
            request,
        }
    }

    /// A fork point is a message count: not negative. Whether the parent has
    /// that many messages is known only under its lock (`check_within`).
    pub fn check_at_seq(at_seq: i64) -> Result<i64, FieldViolation> {
        if at_seq < 0 {
            return Err(FieldViolation::new("at_seq", "must not be negative"));
        }
        Ok(at_seq)
    }
}

/// SetVariables: valid variables, no (scope, name) twice.
#[derive(Debug, Clone)]
pub struct SetVariables {
    pub session_id: Uuid,
    pub variables: Vec<VariableInput>,
    /// Only this module's parser builds the command (parse, don't validate).
    _parsed: crate::domain::Parsed,
}

impl SetVariables {
    /// The one constructor: its parts come out of their own parsers.
    pub fn new(session_id: Uuid, variables: Vec<VariableInput>) -> Self {
        Self {
            session_id,
            variables,
            _parsed: crate::domain::Parsed,
        }
    }
}
