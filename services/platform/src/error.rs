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

impl<T> RecordViolation<T> for Result<T, Vec<FieldViolation>> {
    fn or_record(self, violations: &mut Vec<FieldViolation>) -> Option<T> {
        self.map_err(|more| violations.extend(more)).ok()
    }
}

/// `value` when it is complete and nothing was violated; else every violation.
pub fn all_ok<T>(value: Option<T>, violations: Vec<FieldViolation>) -> Result<T, Vec<FieldViolation>> {
    match value {
        Some(value) if violations.is_empty() => Ok(value),
        _ => Err(violations),
    }
}

/// `parsed`, unless `violations` (found before parsing) holds any: then
/// every violation of both, in order.
pub fn combine<T>(
    mut violations: Vec<FieldViolation>,
    parsed: Result<T, Vec<FieldViolation>>,
) -> Result<T, Vec<FieldViolation>> {
    match parsed {
        Ok(value) if violations.is_empty() => Ok(value),
        Ok(_) => Err(violations),
        Err(more) => {
            violations.extend(more);
            Err(violations)
        }
    }
}

/// Control characters no field accepts: everything but tab, newline and carriage return.
pub fn is_forbidden_control(c: char) -> bool {
    c.is_control() && !matches!(c, '\t' | '\n' | '\r')
}

/// [`check_text`] for a field that must not be blank.
pub fn check_required_text(field: &str, raw: &str, max_chars: usize) -> Result<(), FieldViolation> {
    if raw.trim().is_empty() {
        return Err(FieldViolation::new(field, "is required"));
    }
    check_text(field, raw, max_chars)
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

    /// UNAVAILABLE with RetryInfo: a database connection failed during the
    /// call, so its answer cannot be trusted; the call changed nothing.
    pub fn database_connection_lost() -> Self {
        let mut error = Self::new(
            Code::Unavailable,
            "DATABASE_UNAVAILABLE",
            "a database connection failed during the call; retry",
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
                excerpt(&text, max)
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
        match crate::failure::classify(&err) {
            crate::failure::DbFailure::Unavailable => {
                tracing::warn!(error = %err, "database unavailable");
                Self::database_unavailable()
            }
            crate::failure::DbFailure::PoolExhausted => {
                tracing::warn!("no database connection became free in time");
                Self::new(
                    Code::ResourceExhausted,
                    "POOL_EXHAUSTED",
                    "every database connection is busy; retry shortly",
                )
                .with_retry_after(RETRY_AFTER)
            }
            crate::failure::DbFailure::TimedOut => Self::new(
                Code::DeadlineExceeded,
                "DEADLINE_EXCEEDED",
                "the call did not finish within its deadline",
            ),
            _ => Self::internal(&err),
        }
    }
}

/// What can go wrong in any context whatever it owns. Each context's error
/// enum holds it as its `Common` variant (see [`context_error!`](crate::context_error))
/// and maps it with `ApiError::from`.
#[derive(Debug, thiserror::Error)]
pub enum CommonError {
    /// The request is malformed; one violation per problem.
    #[error("invalid argument: {0:?}")]
    InvalidArgument(Vec<FieldViolation>),
    /// A request id was reused for a different request.
    #[error("request id reused for a different request")]
    RequestIdReused,
    /// The caller's etag is stale: the resource changed since it was read.
    #[error("etag mismatch")]
    EtagMismatch,
    /// Every watch stream this process may keep open is open.
    #[error("too many watches: {0}")]
    TooManyWatches(usize),
    /// Stored data could not be read back.
    #[error("stored data is corrupt: {0}")]
    Corrupt(String),
    /// The database failed.
    #[error(transparent)]
    Database(#[from] sea_orm::DbErr),
}

impl CommonError {
    /// The database is away or every connection is busy: the same call may succeed shortly.
    pub fn is_transient(&self) -> bool {
        matches!(self, Self::Database(err) if crate::failure::is_transient(err))
    }
}

impl From<CommonError> for ApiError {
    fn from(error: CommonError) -> Self {
        match error {
            CommonError::InvalidArgument(violations) => Self::invalid_argument(violations),
            CommonError::RequestIdReused => Self::invalid_argument(vec![FieldViolation::new(
                "request_id",
                "was already used for a different request",
            )]),
            CommonError::EtagMismatch => Self::new(
                Code::Aborted,
                "ETAG_MISMATCH",
                "it changed since it was read; read it again and retry",
            ),
            CommonError::TooManyWatches(limit) => Self::new(
                Code::ResourceExhausted,
                "TOO_MANY_WATCHES",
                format!("this server already has {limit} open watches; retry later or on another replica"),
            )
            .with_retry_after(RETRY_AFTER),
            CommonError::Corrupt(detail) => Self::internal(&detail),
            CommonError::Database(err) => Self::from(err),
        }
    }
}

/// At most `max_chars` characters of caller input, control characters
/// replaced, with an ellipsis when cut: what error texts may quote.
pub fn excerpt(text: &str, max_chars: usize) -> String {
    let mut out: String = text
        .chars()
        .take(max_chars)
        .map(|c| if c.is_control() { '?' } else { c })
        .collect();
    if text.chars().nth(max_chars).is_some() {
        out.push('…');
    }
    out
}

/// The conversions every context's `Error` needs around its `Common(CommonError)`
/// variant: from violations and database errors, the constructors
/// `invalid_argument`, `corrupt` and `etag_mismatch`, `is_transient`, and
/// the errors of an idempotent create.
#[macro_export]
macro_rules! context_error {
    ($error:ident) => {
        impl From<$crate::error::CommonError> for $error {
            fn from(common: $crate::error::CommonError) -> Self {
                Self::Common(common)
            }
        }

        impl From<::sea_orm::DbErr> for $error {
            fn from(err: ::sea_orm::DbErr) -> Self {
                Self::Common($crate::error::CommonError::Database(err))
            }
        }

        impl From<Vec<$crate::error::FieldViolation>> for $error {
            fn from(violations: Vec<$crate::error::FieldViolation>) -> Self {
                Self::Common($crate::error::CommonError::InvalidArgument(violations))
            }
        }

        impl From<$crate::error::FieldViolation> for $error {
            fn from(violation: $crate::error::FieldViolation) -> Self {
                Self::from(vec![violation])
            }
        }

        impl $error {
            /// The request is malformed; one violation per problem.
            pub fn invalid_argument(violations: Vec<$crate::error::FieldViolation>) -> Self {
                Self::from(violations)
            }

            /// Stored data could not be read back as the code expects it.
            pub fn corrupt(detail: impl Into<String>) -> Self {
                Self::Common($crate::error::CommonError::Corrupt(detail.into()))
            }

            /// The caller's etag is stale.
            pub fn etag_mismatch() -> Self {
                Self::Common($crate::error::CommonError::EtagMismatch)
            }

            /// The database is away or every connection is busy: the same call may succeed shortly.
            pub fn is_transient(&self) -> bool {
                matches!(self, Self::Common(common) if common.is_transient())
            }
        }

        impl $crate::paging::ListErrors for $error {
            fn into_violations(self) -> Result<Vec<$crate::error::FieldViolation>, Self> {
                match self {
                    Self::Common($crate::error::CommonError::InvalidArgument(violations)) => Ok(violations),
                    other => Err(other),
                }
            }
        }

        impl $crate::idempotency::CreateErrors for $error {
            fn request_id_reused() -> Self {
                Self::Common($crate::error::CommonError::RequestIdReused)
            }

            fn recorded_without_resource(operation: &str) -> Self {
                Self::corrupt(format!("{operation}: a request id is recorded without its resource"))
            }
        }
    };
}
