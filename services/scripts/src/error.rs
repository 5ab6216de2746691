//! The scripts context's errors and their one mapping to `tonic::Status`.

use agentbase_platform::error::{ApiError, CommonError, FieldViolation, PreconditionViolation};

use crate::domain::{
    label::{MoveRefusal, PROMOTE_SCOPE},
    project::{ProjectIssue, ProjectRefusal},
    validation::Issue,
};
use tonic::{Code, Status};

/// The ErrorInfo domain of every error this context returns.
pub const DOMAIN: &str = "scripts.agentbase";

/// Everything that can go wrong in the scripts context.
#[derive(Debug, thiserror::Error)]
pub enum Error {
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
    /// No such project.
    #[error("project {0} not found")]
    ProjectNotFound(String),
    /// No such file in the project.
    #[error("file {0} not found")]
    FileNotFound(String),
    /// No such version of the project.
    #[error("version {0} not found")]
    VersionNotFound(String),
    /// The project's status forbids the step.
    #[error("project {project_id}: {refusal:?}")]
    ProjectRefused {
        /// The project.
        project_id: String,
        /// Why.
        refusal: ProjectRefusal,
    },
    /// Another file of the same type has this name.
    #[error("file name taken")]
    FileNameTaken(String),
    /// Another file has this path.
    #[error("file path taken")]
    FilePathTaken(String),
    /// The project already holds the most files allowed.
    #[error("too many files")]
    TooManyFiles,
    /// The draft does not validate.
    #[error("draft invalid")]
    DraftInvalid(Vec<ProjectIssue>),
    /// The working copy equals the current version.
    #[error("no changes since the current version")]
    NoChanges,
    /// The requested version number is not above the latest.
    #[error("version number not greater than {0}")]
    VersionNotGreater(String),
    /// No label of this name (`projects/<id>/labels/<name>` or `scripts/…`).
    #[error("label {0} not found")]
    LabelNotFound(String),
    /// No request to move a label has this id.
    #[error("label move request {0} not found")]
    LabelMoveRequestNotFound(String),
    /// The label's protection refuses the move.
    #[error("label {label}: {refusal:?}")]
    LabelRefused {
        /// The label's path.
        label: String,
        /// Why.
        refusal: MoveRefusal,
    },
    /// Labels point into the project or script being deleted.
    #[error("{resource} has labels")]
    Labelled {
        /// `projects/<id>` or `scripts/<id>`.
        resource: String,
        /// The labels' names.
        labels: Vec<String>,
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
            Error::ProjectNotFound(id) => {
                ApiError::new(Code::NotFound, "PROJECT_NOT_FOUND", "project not found").with_metadata("project_id", id)
            }
            Error::FileNotFound(id) => {
                ApiError::new(Code::NotFound, "FILE_NOT_FOUND", "file not found in this project")
                    .with_metadata("file_id", id)
            }
            Error::VersionNotFound(id) => {
                ApiError::new(Code::NotFound, "VERSION_NOT_FOUND", "version not found in this project")
                    .with_metadata("version_id", id)
            }
            Error::ProjectRefused { project_id, refusal } => {
                ApiError::new(Code::FailedPrecondition, refusal.reason(), refusal.describe()).with_precondition(
                    PreconditionViolation {
                        kind: "STATUS".into(),
                        subject: format!("projects/{project_id}"),
                        description: refusal.describe().into(),
                    },
                )
            }
            Error::FileNameTaken(name) => ApiError::new(
                Code::AlreadyExists,
                "FILE_NAME_TAKEN",
                "another file of this type has this name in the project",
            )
            .with_metadata("file_name", name),
            Error::FilePathTaken(path) => ApiError::new(
                Code::AlreadyExists,
                "FILE_PATH_TAKEN",
                "another file has this path in the project",
            )
            .with_metadata("file_path", path),
            Error::TooManyFiles => ApiError::invalid_argument(vec![FieldViolation::new(
                "file_name",
                format!("a project holds at most {} files", crate::domain::project::MAX_FILES),
            )]),
            Error::DraftInvalid(errors) => errors.into_iter().fold(
                ApiError::new(
                    Code::FailedPrecondition,
                    "DRAFT_INVALID",
                    "the draft does not validate; fix it before publishing",
                ),
                |error, issue| {
                    error.with_precondition(PreconditionViolation {
                        kind: "VALIDATION".into(),
                        subject: format!("{}/{}", issue.file_type.as_str(), issue.file_name),
                        description: issue.issue.describe(),
                    })
                },
            ),
            Error::NoChanges => ApiError::new(
                Code::FailedPrecondition,
                "NO_CHANGES",
                "the working copy equals the current version; nothing to publish",
            ),
            Error::VersionNotGreater(latest) => ApiError::new(
                Code::FailedPrecondition,
                "VERSION_NOT_GREATER",
                format!("the version number must be greater than the latest version {latest}"),
            )
            .with_precondition(PreconditionViolation {
                kind: "VERSION".into(),
                subject: "version_number".into(),
                description: format!("latest is {latest}"),
            }),
            Error::LabelNotFound(label) => {
                ApiError::new(Code::NotFound, "LABEL_NOT_FOUND", "label not found").with_metadata("label", label)
            }
            Error::LabelMoveRequestNotFound(id) => ApiError::new(
                Code::NotFound,
                "LABEL_MOVE_REQUEST_NOT_FOUND",
                "no request to move a label has this id",
            )
            .with_metadata("id", id),
            Error::LabelRefused { label, refusal } => label_refused(label, refusal),
            Error::Labelled { resource, labels } => ApiError::new(
                Code::FailedPrecondition,
                "LABELLED",
                "release labels point into it; move or delete them first",
            )
            .with_precondition(PreconditionViolation {
                kind: "LABEL".into(),
                subject: resource,
                description: format!("labelled by {}", labels.join(", ")),
            }),
        };
        api.into_status(DOMAIN)
    }
}

fn label_refused(label: String, refusal: MoveRefusal) -> ApiError {
    let (code, reason, message) = match refusal {
        MoveRefusal::NeedsPromote => (
            Code::PermissionDenied,
            "LABEL_PROTECTED",
            "the label is protected: moving it needs the scope `scripts.promote`",
        ),
        MoveRefusal::NeedsApproval => (
            Code::FailedPrecondition,
            "LABEL_REQUIRES_APPROVAL",
            "the label moves only through an approved request",
        ),
        MoveRefusal::NotPending => (
            Code::FailedPrecondition,
            "REQUEST_NOT_PENDING",
            "the request to move the label was approved or superseded already",
        ),
        MoveRefusal::SelfApproval => (
            Code::FailedPrecondition,
            "SELF_APPROVAL",
            "the person who asked for a move cannot approve it",
        ),
        MoveRefusal::ApprovalNotRequired => (
            Code::FailedPrecondition,
            "APPROVAL_NOT_REQUIRED",
            "the label moves without approval; set it directly",
        ),
    };
    let error = ApiError::new(code, reason, message).with_metadata("label", label);
    if refusal == MoveRefusal::NeedsPromote {
        error.with_metadata("scope", PROMOTE_SCOPE)
    } else {
        error
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
        let status = Status::from(Error::from(sea_orm::DbErr::Custom("SELECT secret FROM t".into())));
        assert_eq!(status.code(), Code::Internal);
        assert!(!status.message().contains("SELECT"));
        assert_eq!(status.get_details_error_info().unwrap().reason, "INTERNAL");
    }
}
