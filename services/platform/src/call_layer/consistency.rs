//! Consistency tokens at the edge (`crate::consistency`): a read's token is
//! taken from its metadata, a write's is added to its answer.

use http::HeaderValue;
use sea_orm::DatabaseConnection;
use tonic::Code;

use crate::{
    consistency::{HEADER, Lsn},
    error::ApiError,
};

/// The token a call sends (`None` without one); a value that is no WAL
/// position is INVALID_ARGUMENT naming the metadata key.
pub(super) fn read_after(headers: &http::HeaderMap) -> Result<Option<Lsn>, Box<ApiError>> {
    let Some(value) = headers.get(HEADER) else {
        return Ok(None);
    };
    value.to_str().ok().and_then(Lsn::parse).map(Some).ok_or_else(|| {
        Box::new(
            ApiError::new(
                Code::InvalidArgument,
                "INVALID_CONSISTENCY_TOKEN",
                format!("{HEADER}: not a token this service answered (a WAL position such as 0/3000060)"),
            )
            .with_metadata("field", HEADER),
        )
    })
}

/// Adds the primary's WAL position, read after the write committed, to a
/// write's successful answer. A position that cannot be read leaves the
/// answer without one: the write committed, so it must not answer an error.
pub(super) async fn stamp_write(headers: &mut http::HeaderMap, primary: &DatabaseConnection) {
    match crate::consistency::primary_position(primary).await {
        Ok(position) => {
            if let Ok(value) = HeaderValue::from_str(&position.to_string()) {
                headers.insert(HEADER, value);
            }
        }
        Err(err) => tracing::warn!(error = %err, "the write's consistency token could not be read"),
    }
}
