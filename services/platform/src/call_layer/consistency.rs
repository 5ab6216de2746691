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
    // Sent more than once, the latest position is the one to honour: an
    // earlier one first would let the read be older than a later write.
    let mut latest: Option<Lsn> = None;
    for value in headers.get_all(HEADER) {
        let position = parse(value)?;
        latest = latest.max(Some(position));
    }
    Ok(latest)
}

fn parse(value: &HeaderValue) -> Result<Lsn, Box<ApiError>> {
    value.to_str().ok().and_then(Lsn::parse).ok_or_else(|| {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_latest_of_several_tokens_is_honoured_and_any_bad_one_refused() {
        let mut headers = http::HeaderMap::new();
        assert_eq!(read_after(&headers).unwrap(), None);
        headers.append(HEADER, HeaderValue::from_static("1/0"));
        headers.append(HEADER, HeaderValue::from_static("0/5"));
        assert_eq!(read_after(&headers).unwrap(), Lsn::parse("1/0"));
        headers.append(HEADER, HeaderValue::from_static("soon"));
        assert_eq!(read_after(&headers).unwrap_err().reason(), "INVALID_CONSISTENCY_TOKEN");
    }
}
