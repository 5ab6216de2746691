//! Erasing everything the context holds about one end user (EraseUserData):
//! the command, and the receipt that proves it happened without keeping
//! anything it erased.

use agentbase_platform::{
    error::{FieldViolation, check_required_text},
    idempotency::RequestKey,
};

/// A checked EraseUserData request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EraseUserData {
    user_id: String,
    dry_run: bool,
    request: Option<RequestKey>,
    /// Only this module's parser builds the command (parse, don't validate).
    _parsed: crate::domain::Parsed,
}

impl EraseUserData {
    /// The erasure of `user_id` (required, as long as a session's user id
    /// may be), only counting with `dry_run`, made once per `request_id`.
    pub fn parse(user_id: &str, dry_run: bool, request_id: Option<uuid::Uuid>) -> Result<Self, FieldViolation> {
        check_required_text("user_id", user_id, super::MAX_NAME_CHARS)?;
        Ok(Self {
            _parsed: crate::domain::Parsed,
            user_id: user_id.to_owned(),
            dry_run,
            // A retry must name the same user. A dry run writes nothing to
            // replay, but may not reuse the id of an erasure either.
            request: RequestKey::of(request_id, &["EraseUserData", user_id]),
        })
    }

    pub fn user_id(&self) -> &str {
        &self.user_id
    }

    pub fn dry_run(&self) -> bool {
        self.dry_run
    }

    pub fn request(&self) -> Option<&RequestKey> {
        self.request.as_ref()
    }
}

/// How much of one user's data an erasure deleted, or would delete.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ErasedCounts {
    /// Forks included.
    pub sessions: u64,
    pub messages: u64,
    pub variables: u64,
    /// The user's own, and any other in their sessions.
    pub memories: u64,
    /// Earlier revisions of those memories.
    pub memory_revisions: u64,
}

impl ErasedCounts {
    /// The names the audit trail records the counts under.
    pub const KINDS: [&'static str; 5] = ["sessions", "messages", "variables", "memories", "memory_revisions"];

    /// The counts under their [`Self::KINDS`] names.
    pub fn by_kind(&self) -> [(&'static str, u64); 5] {
        let [sessions, messages, variables, memories, memory_revisions] = Self::KINDS;
        [
            (sessions, self.sessions),
            (messages, self.messages),
            (variables, self.variables),
            (memories, self.memories),
            (memory_revisions, self.memory_revisions),
        ]
    }

    /// The counts an audit event recorded under [`Self::KINDS`] names.
    pub fn from_kinds(count_of: impl Fn(&str) -> u64) -> Self {
        let [sessions, messages, variables, memories, memory_revisions] = Self::KINDS;
        Self {
            sessions: count_of(sessions),
            messages: count_of(messages),
            variables: count_of(variables),
            memories: count_of(memories),
            memory_revisions: count_of(memory_revisions),
        }
    }
}

/// The proof of an erasure: what, how much, when and by whom.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ErasureReceipt {
    pub user_id: String,
    pub counts: ErasedCounts,
    /// The erasure's audit event; `None` for a dry run.
    pub recorded: Option<agentbase_platform::audit::Recorded>,
    pub request_id: Option<uuid::Uuid>,
}
