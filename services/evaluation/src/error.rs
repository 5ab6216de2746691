//! The evaluation context's errors and their one mapping to `tonic::Status`.

use agentbase_platform::error::{ApiError, FieldViolation, PreconditionViolation};
use tonic::{Code, Status};

use crate::domain::Refusal;

/// The ErrorInfo domain of every error this context returns.
pub const DOMAIN: &str = "evaluation.agentbase";

/// Everything that can go wrong in the evaluation context.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The request is malformed; one violation per problem.
    #[error("invalid argument: {0:?}")]
    InvalidArgument(Vec<FieldViolation>),
    /// No such run.
    #[error("run {0} not found")]
    RunNotFound(String),
    /// No such task.
    #[error("task {0} not found")]
    TaskNotFound(String),
    /// A lifecycle step is refused.
    #[error("{subject}: {refusal:?}")]
    Refused {
        /// What it concerns, e.g. `tasks/…`.
        subject: String,
        /// Why.
        refusal: Refusal,
    },
    /// A request id was reused for a different request.
    #[error("request id reused")]
    RequestIdReused,
    /// Stored data could not be read back.
    #[error("stored data is corrupt: {0}")]
    Corrupt(String),
    /// The database failed.
    #[error(transparent)]
    Database(#[from] sea_orm::DbErr),
}

impl From<Vec<FieldViolation>> for Error {
    fn from(violations: Vec<FieldViolation>) -> Self {
        Self::InvalidArgument(violations)
    }
}

impl From<FieldViolation> for Error {
    fn from(violation: FieldViolation) -> Self {
        Self::InvalidArgument(vec![violation])
    }
}

impl agentbase_platform::idempotency::CreateErrors for Error {
    fn request_id_reused() -> Self {
        Self::RequestIdReused
    }

    fn recorded_without_resource(operation: &str) -> Self {
        Self::Corrupt(format!("{operation}: a request id is recorded without its resource"))
    }
}

impl From<Error> for Status {
    fn from(error: Error) -> Self {
        let api = match error {
            Error::InvalidArgument(violations) => ApiError::invalid_argument(violations),
            Error::RunNotFound(id) => {
                ApiError::new(Code::NotFound, "RUN_NOT_FOUND", "run not found").with_metadata("run_id", id)
            }
            Error::TaskNotFound(id) => {
                ApiError::new(Code::NotFound, "TASK_NOT_FOUND", "task not found").with_metadata("task", id)
            }
            Error::Refused { subject, refusal } => {
                ApiError::new(Code::FailedPrecondition, refusal.reason(), refusal.describe()).with_precondition(
                    PreconditionViolation {
                        kind: "STATUS".into(),
                        subject,
                        description: refusal.describe().into(),
                    },
                )
            }
            Error::RequestIdReused => ApiError::invalid_argument(vec![FieldViolation::new(
                "request_id",
                "was already used for a different request",
            )]),
            Error::Corrupt(detail) => ApiError::internal(&detail),
            Error::Database(err) => ApiError::from(err),
        };
        api.into_status(DOMAIN)
    }
}
