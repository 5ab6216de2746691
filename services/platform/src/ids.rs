//! Identifiers and tokens every context parses or mints the same way.

use uuid::Uuid;

use crate::error::{CommonError, FieldViolation};

/// Longest release label name, in characters (`[a-z][a-z0-9-]{0,62}`).
pub const MAX_LABEL_NAME_CHARS: usize = 63;

/// A release label's name (scripts owns labels; sessions pin by them): a
/// lowercase letter, then up to 62 lowercase letters,
/// digits and hyphens.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct LabelName(String);

impl LabelName {
    /// Checks `raw` as the label name in `field`.
    pub fn parse(field: &str, raw: &str) -> Result<Self, FieldViolation> {
        let mut chars = raw.chars();
        let well_formed = chars.next().is_some_and(|c| c.is_ascii_lowercase())
            && chars.all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
            && raw.len() <= MAX_LABEL_NAME_CHARS;
        if raw.is_empty() {
            return Err(FieldViolation::new(field, "is required"));
        }
        if !well_formed {
            return Err(FieldViolation::new(
                field,
                "must be a lowercase letter followed by at most 62 lowercase letters, digits or hyphens",
            ));
        }
        Ok(Self(raw.to_owned()))
    }

    /// The name as written.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// Parses a required id field (a UUID).
pub fn parse_id(field: &str, raw: &str) -> Result<Uuid, FieldViolation> {
    if raw.is_empty() {
        return Err(FieldViolation::new(field, "is required"));
    }
    Uuid::parse_str(raw).map_err(|_| FieldViolation::new(field, "must be a UUID"))
}

/// Parses an optional id field: empty means none.
pub fn parse_optional_id(field: &str, raw: &str) -> Result<Option<Uuid>, FieldViolation> {
    if raw.is_empty() {
        Ok(None)
    } else {
        parse_id(field, raw).map(Some)
    }
}

/// The etag a change is conditional on; empty on the wire means unconditional.
pub fn optional_etag(raw: &str) -> Option<String> {
    (!raw.is_empty()).then(|| raw.to_owned())
}

/// A change to one resource (publish, archive, delete…), made only while
/// the resource still carries `etag` when one is given.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Guarded {
    /// From the request's `id` field.
    pub id: Uuid,
    /// None: the change is unconditional.
    pub etag: Option<String>,
}

/// A change conditional on an etag applies only while the resource still
/// carries it (`expected`: None means unconditional). A resource that does
/// not exist yet has no etag: pass [`ABSENT`]. The one comparison of etags.
pub fn check_etag(current: &str, expected: Option<&str>) -> Result<(), CommonError> {
    match expected {
        Some(expected) if expected != current => Err(CommonError::EtagMismatch),
        _ => Ok(()),
    }
}

/// The etag of a resource that does not exist yet: no etag a caller sends
/// (never empty, [`optional_etag`]) matches it.
pub const ABSENT: &str = "";

impl Guarded {
    /// Whether the change may apply to a resource carrying `current`.
    pub fn check(&self, current: &str) -> Result<(), CommonError> {
        check_etag(current, self.etag.as_deref())
    }

    /// The `id` field and the optional `etag`.
    pub fn parse(raw_id: &str, raw_etag: &str) -> Result<Self, FieldViolation> {
        Ok(Self {
            id: parse_id("id", raw_id)?,
            etag: optional_etag(raw_etag),
        })
    }
}

/// A fresh etag: opaque, unique, and unguessable enough to never repeat.
pub fn new_etag() -> String {
    Uuid::now_v7().simple().to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_etag_guards_only_when_given() {
        assert!(check_etag("a", None).is_ok());
        assert!(check_etag("a", Some("a")).is_ok());
        assert!(matches!(check_etag("a", Some("b")), Err(CommonError::EtagMismatch)));
        assert!(matches!(check_etag(ABSENT, Some("a")), Err(CommonError::EtagMismatch)));
        assert!(check_etag(ABSENT, None).is_ok());
    }

    #[test]
    fn label_names_are_lowercase_words() {
        for ok in [
            "production",
            "staging",
            "a",
            "canary-2",
            &format!("a{}", "b".repeat(62)),
        ] {
            assert!(LabelName::parse("name", ok).is_ok(), "{ok}");
        }
        for bad in [
            "",
            "Production",
            "2nd",
            "-x",
            "with space",
            "naïve",
            "a_b",
            &format!("a{}", "b".repeat(63)),
        ] {
            assert!(LabelName::parse("name", bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn ids_and_patterns() {
        assert_eq!(parse_id("id", "").unwrap_err().field, "id");
        assert!(parse_id("id", "nope").is_err());
        assert_eq!(parse_optional_id("id", "").unwrap(), None);
        assert_ne!(new_etag(), new_etag());
    }
}
