//! The scripts context's errors and their one mapping to `tonic::Status`.

use agentbase_platform::error::{ApiError, FieldViolation, PreconditionViolation};

use crate::domain::validation::Issue;
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
    /// The caller's etag is stale: the script changed since it was read.
    #[error("etag mismatch")]
    EtagMismatch,
    /// The script is archived and so read-only.
    #[error("script {0} is archived")]
    ScriptArchived(String),
    /// The script's current content does not validate.
    #[error("script {script_id} is invalid")]
    ScriptInvalid {
        /// The script.
        script_id: String,
        /// The validation errors.
        errors: Vec<Issue>,
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
            Error::EtagMismatch => ApiError::new(
                Code::Aborted,
                "ETAG_MISMATCH",
                "the script changed since it was read; read it again and retry",
            ),
            Error::ScriptArchived(script_id) => ApiError::new(
                Code::FailedPrecondition,
                "SCRIPT_ARCHIVED",
                "the script is archived and read-only",
            )
            .with_precondition(PreconditionViolation {
                kind: "STATUS".into(),
                subject: format!("scripts/{script_id}"),
                description: "archived scripts cannot be edited or published".into(),
            }),
            Error::ScriptInvalid { script_id, errors } => errors.into_iter().fold(
                ApiError::new(
                    Code::FailedPrecondition,
                    "SCRIPT_INVALID",
                    "the script's content does not validate; fix it before publishing",
                )
                .with_metadata("script_id", script_id),
                |error, issue| {
                    error.with_precondition(PreconditionViolation {
                        kind: "VALIDATION".into(),
                        subject: "content".into(),
                        description: issue.describe(),
                    })
                },
            ),
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

#[cfg(test)]
mod tests {
    use tonic_types::StatusExt;

    use super::*;
    use crate::domain::validation::{self, Severity};

    #[test]
    fn an_invalid_script_lists_its_errors_as_precondition_violations() {
        let errors = validation::validate("session: {phases: [{phase_id: p}]}\n", None, &[]).errors;
        assert!(errors.iter().all(|e| e.severity == Severity::Error) && !errors.is_empty());
        let status = Status::from(Error::ScriptInvalid {
            script_id: "s".into(),
            errors: errors.clone(),
        });
        assert_eq!(status.code(), Code::FailedPrecondition);
        assert_eq!(status.get_details_error_info().unwrap().reason, "SCRIPT_INVALID");
        let violations = status.get_details_precondition_failure().unwrap().violations;
        assert_eq!(violations.len(), errors.len());
        assert!(
            violations
                .iter()
                .all(|v| v.r#type == "VALIDATION" && v.description.contains("(line "))
        );
    }

    #[test]
    fn database_errors_never_leak_sql() {
        let status = Status::from(Error::Database(sea_orm::DbErr::Custom("SELECT secret FROM t".into())));
        assert_eq!(status.code(), Code::Internal);
        assert!(!status.message().contains("SELECT"));
        assert_eq!(status.get_details_error_info().unwrap().reason, "INTERNAL");
    }
}
