//! Reading the structured details of an error status, as callers do.

use tonic::{Code, Status};
use tonic_types::StatusExt;

/// The ErrorInfo reason; panics unless ErrorInfo is present in `domain`.
pub fn reason_in(status: &Status, domain: &str) -> String {
    let info = status
        .get_details_error_info()
        .unwrap_or_else(|| panic!("no ErrorInfo on {status:?}"));
    assert_eq!(info.domain, domain, "{status:?}");
    info.reason
}

/// The BadRequest violations of an INVALID_ARGUMENT status, as (field, description).
pub fn violations(status: &Status) -> Vec<(String, String)> {
    assert_eq!(status.code(), Code::InvalidArgument, "{status:?}");
    let bad_request = status
        .get_details_bad_request()
        .unwrap_or_else(|| panic!("no BadRequest on {status:?}"));
    bad_request
        .field_violations
        .into_iter()
        .map(|v| (v.field, v.description))
        .collect()
}

/// The fields named by an INVALID_ARGUMENT status.
pub fn violated_fields(status: &Status) -> Vec<String> {
    violations(status).into_iter().map(|(field, _)| field).collect()
}
