//! The sessions context's errors and their one mapping to `tonic::Status`.

use agentbase_platform::error::{ApiError, CommonError, PreconditionViolation, RETRY_AFTER};
use tonic::{Code, Status};

/// The ErrorInfo domain of every error this context returns.
pub const DOMAIN: &str = "sessions.agentbase";

/// Everything that can go wrong in the sessions context.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// No such session.
    #[error("session {0} not found")]
    SessionNotFound(String),
    /// No such (unexpired) memory.
    #[error("memory {0} not found")]
    MemoryNotFound(String),
    /// A live memory of the same user, session and type has this content
    /// (CreateMemory answers that memory instead).
    #[error("memory {0} has the same content")]
    SameMemory(uuid::Uuid),
    /// The memory to supersede was superseded already.
    #[error("memory {id} was superseded by {by}")]
    AlreadySuperseded {
        /// The memory.
        id: uuid::Uuid,
        /// What superseded it.
        by: uuid::Uuid,
    },
    /// Every place for a search of this user (or for searches) is taken,
    /// and none came free in time.
    #[error("too many searches at once")]
    SearchBusy,
    /// No such variable.
    #[error("variable not found")]
    VariableNotFound,
    /// The script is missing or archived.
    #[error("script {script_id} cannot start a session ({cause})")]
    ScriptNotFound {
        /// The script.
        script_id: String,
        /// `missing` or `archived`.
        cause: &'static str,
    },
    /// The script has no release label of this name.
    #[error("script {script_id} has no label {label}")]
    ScriptLabelNotFound {
        /// The script.
        script_id: String,
        /// The label asked for.
        label: String,
    },
    /// ScriptService could not be asked.
    #[error("the scripts service is unavailable")]
    ScriptsUnavailable,
    /// The session completed or failed.
    #[error("session {0} has ended")]
    SessionEnded(String),
    /// `expected_last_seq` does not match.
    #[error("last seq is {actual}")]
    LastSeqMismatch {
        /// The session's last seq.
        actual: i64,
    },
    /// What any context can meet: bad input, a reused request id, a stale
    /// etag, corrupt data, the database.
    #[error(transparent)]
    Common(CommonError),
}

agentbase_platform::context_error!(Error);

impl From<Error> for Status {
    fn from(error: Error) -> Self {
        let api = match error {
            Error::Common(common) => ApiError::from(common),
            Error::SessionNotFound(id) => {
                ApiError::new(Code::NotFound, "SESSION_NOT_FOUND", "session not found").with_metadata("session_id", id)
            }
            Error::MemoryNotFound(id) => {
                ApiError::new(Code::NotFound, "MEMORY_NOT_FOUND", "memory not found (or expired)")
                    .with_metadata("memory_id", id)
            }
            Error::SameMemory(id) => ApiError::new(
                Code::AlreadyExists,
                "SAME_MEMORY_EXISTS",
                "a live memory of the same user, session and type has this content",
            )
            .with_metadata("memory_id", id.to_string()),
            Error::AlreadySuperseded { id, by } => ApiError::new(
                Code::FailedPrecondition,
                "MEMORY_SUPERSEDED",
                "the memory was superseded already",
            )
            .with_metadata("memory_id", id.to_string())
            .with_precondition(PreconditionViolation {
                kind: "SUPERSEDED".into(),
                subject: format!("memories/{id}"),
                description: format!("superseded by memories/{by}"),
            }),
            Error::VariableNotFound => ApiError::new(Code::NotFound, "VARIABLE_NOT_FOUND", "variable not found"),
            Error::SearchBusy => ApiError::new(
                Code::ResourceExhausted,
                "SEARCH_BUSY",
                "too many memory searches of this user are running; retry shortly",
            )
            .with_retry_after(RETRY_AFTER),
            Error::ScriptNotFound { script_id, cause } => ApiError::new(
                Code::FailedPrecondition,
                "SCRIPT_NOT_FOUND",
                format!("the script cannot start a session: it is {cause}"),
            )
            .with_metadata("script_id", script_id.clone())
            .with_metadata("cause", cause)
            .with_precondition(PreconditionViolation {
                kind: "SCRIPT".into(),
                subject: format!("scripts/{script_id}"),
                description: format!("the script is {cause}"),
            }),
            Error::ScriptLabelNotFound { script_id, label } => ApiError::new(
                Code::FailedPrecondition,
                "SCRIPT_LABEL_NOT_FOUND",
                "the script has no release label of this name",
            )
            .with_metadata("script_id", script_id.clone())
            .with_metadata("label", label.clone())
            .with_precondition(PreconditionViolation {
                kind: "LABEL".into(),
                subject: format!("scripts/{script_id}/labels/{label}"),
                description: "no such label".into(),
            }),
            Error::ScriptsUnavailable => {
                let mut api = ApiError::new(
                    Code::Unavailable,
                    "SCRIPTS_UNAVAILABLE",
                    "the scripts service cannot be reached; retry later",
                );
                api = api.with_retry_after(RETRY_AFTER);
                api
            }
            Error::SessionEnded(id) => ApiError::new(
                Code::FailedPrecondition,
                "SESSION_ENDED",
                "the session has completed or failed",
            )
            .with_precondition(PreconditionViolation {
                kind: "STATUS".into(),
                subject: format!("sessions/{id}"),
                description: "completed and failed sessions are final".into(),
            }),
            Error::LastSeqMismatch { actual } => ApiError::new(
                Code::Aborted,
                "LAST_SEQ_MISMATCH",
                format!("the session's last message is {actual}; read the new messages and retry"),
            )
            .with_metadata("last_seq", actual.to_string()),
        };
        api.into_status(DOMAIN)
    }
}
