//! Conversions between stored times and `google.protobuf.Timestamp`.

use chrono::{DateTime, Utc};

/// Converts a UTC time to a protobuf timestamp.
pub fn to_timestamp(time: DateTime<Utc>) -> prost_types::Timestamp {
    prost_types::Timestamp {
        seconds: time.timestamp(),
        nanos: time.timestamp_subsec_nanos() as i32,
    }
}

/// The current time, truncated to microseconds so that it round-trips through
/// PostgreSQL `timestamptz` and SQLite text unchanged.
pub fn now() -> DateTime<Utc> {
    let now = Utc::now();
    DateTime::from_timestamp_micros(now.timestamp_micros()).unwrap_or(now)
}

/// A request's timestamp as a UTC time; `field` names it when it is out of range.
pub fn from_timestamp(
    field: &str,
    time: &prost_types::Timestamp,
) -> Result<DateTime<Utc>, crate::error::FieldViolation> {
    DateTime::from_timestamp(time.seconds, u32::try_from(time.nanos).unwrap_or(u32::MAX))
        .ok_or_else(|| crate::error::FieldViolation::new(field, "is not a valid time"))
}
