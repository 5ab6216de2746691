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
