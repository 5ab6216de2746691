//! The error kit: every context builds its `tonic::Status` through [`ApiError`],
//! so every error carries `google.rpc.ErrorInfo` (AIP-193) and the right
//! structured details, and no message ever carries SQL or internal detail.

use std::{collections::HashMap, time::Duration};

use tonic::{Code, Status};
use tonic_types::{ErrorDetails, StatusExt};

/// One problem with one request field.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldViolation {
    /// The request field, e.g. `content` or `page_size`.
    pub field: String,
    /// What is wrong with it.
    pub description: String,
    /// A more specific ErrorInfo reason than `INVALID_ARGUMENT`, for a
    /// problem callers handle on its own (e.g. `UNKNOWN_SCRIPT_SHAPE`).
    pub reason: Option<&'static str>,
}

impl FieldViolation {
    /// A violation of `field`.
    pub fn new(field: impl Into<String>, description: impl Into<String>) -> Self {
        Self {
            field: field.into(),
            description: description.into(),
            reason: None,
        }
    }

    /// The same violation, answered with ErrorInfo reason `reason`.
    pub fn with_reason(mut self, reason: &'static str) -> Self {
        self.reason = Some(reason);
        self
    }
}

/// Collects the violation of a checked field into the request's list, so
/// every problem of a request is reported at once.
pub trait RecordViolation<T> {
    /// The checked value, or `None` with its violation recorded in `violations`.
    fn or_record(self, violations: &mut Vec<FieldViolation>) -> Option<T>;
}

impl<T> RecordViolation<T> for Result<T, FieldViolation> {
    fn or_record(self, violations: &mut Vec<FieldViolation>) -> Option<T> {
        self.map_err(|violation| violations.push(violation)).ok()
    }
}

/// `value` when it is complete and nothing was violated; else every violation.
pub fn all_ok<T>(value: Option<T>, violations: Vec<FieldViolation>) -> Result<T, Vec<FieldViolation>> {
    match value {
        Some(value) if violations.is_empty() => Ok(value),
        _ => Err(violations),
    }
}

/// Control characters no field accepts: everything but tab, newline and carriage return.
pub fn is_forbidden_control(c: char) -> bool {
    c.is_control() && !matches!(c, '\t' | '\n' | '\r')
}

/// Checks a free-text field: at most `max_chars` characters, and no NUL or
/// other control characters except tab, newline and carriage return.
pub fn check_text(field: &str, raw: &str, max_chars: usize) -> Result<(), FieldViolation> {
    if raw.chars().count() > max_chars {
        return Err(FieldViolation::new(
            field,
            format!("must be at most {max_chars} characters"),
        ));
    }
    if raw.chars().any(is_forbidden_control) {
        return Err(FieldViolation::new(field, "must not contain control characters"));
    }
    Ok(())
}

/// One unmet precondition (`google.rpc.PreconditionFailure.Violation`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PreconditionViolation {
    /// The kind of precondition, e.g. `STATUS`.
    pub kind: String,
    /// What it concerns, e.g. `scripts/0191…`.
    pub subject: String,
    /// What is wrong.
    pub description: String,
}

/// A gRPC error on its way out: code, reason, safe message and details.
#[derive(Debug, Clone)]
pub struct ApiError {
    code: Code,
    reason: String,
    message: String,
    metadata: HashMap<String, String>,
    field_violations: Vec<FieldViolation>,
    precondition_violations: Vec<PreconditionViolation>,
    retry_after: Option<Duration>,
}

/// The longest text of one detail field (a field path, a description).
pub const MAX_DETAIL_CHARS: usize = 120;

/// At most this many violations of one kind reach the caller.
pub const MAX_DETAIL_VIOLATIONS: usize = 20;

/// How long callers are told to wait before retrying an unavailable service.
pub const RETRY_AFTER: Duration = Duration::from_secs(1);

impl ApiError {
    /// An error with `code`, an UPPER_SNAKE `reason` and a message safe to show callers.
    pub fn new(code: Code, reason: impl Into<String>, message: impl Into<String>) -> Self {
        Self {
            code,
            reason: reason.into(),
            message: message.into(),
            metadata: HashMap::new(),
            field_violations: Vec::new(),
            precondition_violations: Vec::new(),
            retry_after: None,
        }
    }

    /// INVALID_ARGUMENT with one BadRequest violation per problem.
    pub fn invalid_argument(violations: Vec<FieldViolation>) -> Self {
        let message = match violations.as_slice() {
            [] => "invalid request".to_owned(),
            [one] => format!("{}: {}", one.field, one.description),
            [first, rest @ ..] => {
                format!(
                    "{}: {} (and {} more problems)",
                    first.field,
                    first.description,
                    rest.len()
                )
            }
        };
        let reason = violations.iter().find_map(|v| v.reason).unwrap_or("INVALID_ARGUMENT");
        let mut error = Self::new(Code::InvalidArgument, reason, message);
        error.field_violations = violations;
        error
    }

    /// UNAVAILABLE with RetryInfo: the database cannot be reached right now.
    pub fn database_unavailable() -> Self {
        let mut error = Self::new(
            Code::Unavailable,
            "DATABASE_UNAVAILABLE",
            "the database is unavailable; retry later",
        );
        error.retry_after = Some(RETRY_AFTER);
        error
    }

    /// INTERNAL with a generic message; the cause is logged, never returned.
    pub fn internal(cause: &dyn std::fmt::Display) -> Self {
        tracing::error!(error = %cause, "internal error");
        Self::new(Code::Internal, "INTERNAL", "internal error")
    }

    /// The ErrorInfo reason, e.g. `PERMISSION_DENIED`.
    pub fn reason(&self) -> &str {
        &self.reason
    }

    /// Adds an ErrorInfo metadata entry.
    pub fn with_metadata(mut self, key: impl Into<String>, value: impl Into<String>) -> Self {
        self.metadata.insert(key.into(), value.into());
        self
    }

    /// Adds a PreconditionFailure violation.
    pub fn with_precondition(mut self, violation: PreconditionViolation) -> Self {
        self.precondition_violations.push(violation);
        self
    }

    /// Adds RetryInfo: callers should wait this long before retrying.
    pub fn with_retry_after(mut self, delay: Duration) -> Self {
        self.retry_after = Some(delay);
        self
    }

    /// Builds the status, with ErrorInfo in `domain` (e.g. `scripts.agentbase`).
    ///
    /// Texts that may quote caller input are cut to short excerpts and at
    /// most [`MAX_DETAIL_VIOLATIONS`] violations of each kind are sent, so
    /// the message and details stay far below the 8 KiB that clients accept
    /// in response headers.
    pub fn into_status(self, domain: &str) -> Status {
        let short = |text: String, max| {
            if text.chars().count() > max {
                crate::intake::excerpt(&text, max)
            } else {
                text
            }
        };
        let mut details = ErrorDetails::new();
        let metadata: HashMap<String, String> = self
            .metadata
            .into_iter()
            .map(|(key, value)| (short(key, 64), short(value, MAX_DETAIL_CHARS)))
            .collect();
        details.set_error_info(self.reason, domain, metadata);
        for violation in self.field_violations.into_iter().take(MAX_DETAIL_VIOLATIONS) {
            details.add_bad_request_violation(
                short(violation.field, MAX_DETAIL_CHARS),
                short(violation.description, MAX_DETAIL_CHARS),
            );
        }
        for violation in self.precondition_violations.into_iter().take(MAX_DETAIL_VIOLATIONS) {
            details.add_precondition_failure_violation(
                short(violation.kind, 64),
                short(violation.subject, MAX_DETAIL_CHARS),
                short(violation.description, MAX_DETAIL_CHARS),
            );
        }
        if let Some(delay) = self.retry_after {
            details.set_retry_info(Some(delay));
        }
        Status::with_error_details(self.code, short(self.message, 2 * MAX_DETAIL_CHARS), details)
    }
}

impl From<sea_orm::DbErr> for ApiError {
    fn from(err: sea_orm::DbErr) -> Self {
        match crate::db::classify(&err) {
            crate::db::DbFailure::Unavailable => {
                tracing::warn!(error = %err, "database unavailable");
                Self::database_unavailable()
            }
            crate::db::DbFailure::PoolExhausted => {
                tracing::warn!("no database connection became free in time");
                Self::new(
                    Code::ResourceExhausted,
                    "POOL_EXHAUSTED",
                    "every database connection is busy; retry shortly",
                )
                .with_retry_after(RETRY_AFTER)
            }
            _ => Self::internal(&err),
        }
    }
}
