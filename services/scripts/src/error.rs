//! The scripts context's errors and their one mapping to `tonic::Status`.

use agentbase_platform::error::{ApiError, FieldViolation};
use tonic::{Code, Status};

/// The ErrorInfo domain of every error this context returns.
pub const DOMAIN: &str = "scripts.agentbase";

/// Everything that can go wrong in the scripts context.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The request is malformed; one violation per problem.
    #[error("invalid argument: {0:?}")]
    InvalidArgument(Vec<FieldViolation>),
    /// Another script already has this name.
    #[error("a script named {0:?} already exists")]
    NameTaken(String),
    /// No script matches the id or name.
    #[error("script {0} not found")]
    ScriptNotFound(String),
    /// The script exists but not this revision.
    #[error("script {script_id} has no revision {revision}")]
    RevisionNotFound {
        /// The script.
        script_id: String,
        /// The missing revision.
        revision: i32,
    },
    /// A request id was reused for a different request.
    #[error("request id reused for a different request")]
    RequestIdReused,
    /// The RPC is in the contract but not built yet.
    #[error("{0} is not implemented yet")]
    Unimplemented(&'static str),
    /// Stored data could not be read back.
    #[error("stored data is corrupt: {0}")]
    Corrupt(String),
    /// The database failed.
    #[error(transparent)]
    Database(#[from] sea_orm::DbErr),
}

impl From<FieldViolation> for Error {
    fn from(violation: FieldViolation) -> Self {
        Self::InvalidArgument(vec![violation])
    }
}

impl From<Error> for Status {
    fn from(error: Error) -> Self {
        let api = match error {
            Error::InvalidArgument(violations) => ApiError::invalid_argument(violations),
            Error::NameTaken(name) => ApiError::new(
                Code::AlreadyExists,
                "SCRIPT_NAME_TAKEN",
                "a script with this name already exists",
            )
            .with_metadata("name", name),
            Error::ScriptNotFound(selector) => {
                ApiError::new(Code::NotFound, "SCRIPT_NOT_FOUND", "script not found").with_metadata("script", selector)
            }
            Error::RevisionNotFound { script_id, revision } => ApiError::new(
                Code::NotFound,
                "REVISION_NOT_FOUND",
                format!("the script has no revision {revision}"),
            )
            .with_metadata("script_id", script_id)
            .with_metadata("revision", revision.to_string()),
            Error::RequestIdReused => ApiError::invalid_argument(vec![FieldViolation::new(
                "request_id",
                "was already used for a different request",
            )]),
            Error::Unimplemented(rpc) => ApiError::unimplemented(rpc),
            Error::Corrupt(detail) => ApiError::internal(&detail),
            Error::Database(err) => ApiError::from(err),
        };
        api.into_status(DOMAIN)
    }
}
