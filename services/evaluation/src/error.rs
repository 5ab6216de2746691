//! The evaluation context's errors and their one mapping to `tonic::Status`.

use agentbase_platform::error::{ApiError, CommonError, PreconditionViolation};
use tonic::{Code, Status};

use crate::domain::Refusal;

/// The ErrorInfo domain of every error this context returns.
pub const DOMAIN: &str = "evaluation.agentbase";

/// Everything that can go wrong in the evaluation context.
#[derive(Debug, thiserror::Error)]
pub enum Error {
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
        };
        api.into_status(DOMAIN)
    }
}
