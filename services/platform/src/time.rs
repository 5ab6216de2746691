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
    let (first, last) = TIMESTAMP_SECONDS;
    u32::try_from(time.nanos)
        .ok()
        .filter(|nanos| *nanos < 1_000_000_000 && (first..=last).contains(&time.seconds))
        .and_then(|nanos| DateTime::from_timestamp(time.seconds, nanos))
        .ok_or_else(|| {
            crate::error::FieldViolation::new(
                field,
                "must be a valid time from 0001-01-01 to 9999-12-31 (google.protobuf.Timestamp's range)",
            )
        })
}

/// The seconds `google.protobuf.Timestamp` documents as valid: from
/// 0001-01-01T00:00:00Z to 9999-12-31T23:59:59Z. A time outside them cannot
/// be converted by every client, so none is stored or echoed.
pub const TIMESTAMP_SECONDS: (i64, i64) = (-62_135_596_800, 253_402_300_799);

#[cfg(test)]
mod tests {
    use super::*;

    fn at(seconds: i64, nanos: i32) -> bool {
        from_timestamp("t", &prost_types::Timestamp { seconds, nanos }).is_ok()
    }

    #[test]
    fn only_protobufs_timestamp_range_is_a_time() {
        assert!(at(0, 0));
        assert!(at(253_402_300_799, 999_999_999), "9999-12-31T23:59:59.999999999Z");
        assert!(!at(253_402_300_800, 0), "year 10000");
        assert!(!at(1 << 40, 0));
        assert!(at(-62_135_596_800, 0), "0001-01-01");
        assert!(!at(-62_135_596_801, 0));
        assert!(!at(0, -1));
        assert!(!at(0, 1_000_000_000));
    }
}
