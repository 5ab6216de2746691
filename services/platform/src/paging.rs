//! Keyset pagination helpers: page sizes (AIP-158) and opaque page tokens.
//!
//! A token carries the keyset cursor of the last row returned and a
//! fingerprint of the filters it was issued for. It is base64url JSON sealed
//! with a SHA-256 checksum: any edit makes it INVALID_ARGUMENT, and a token
//! replayed with other filters is refused rather than giving a wrong page,
//! and so is one replayed by another tenant (the running call's tenant is
//! part of the fingerprint a token carries).
//! Tokens grant nothing a caller could not ask for directly, so the seal
//! guards integrity, not secrecy.

use base64::{Engine, engine::general_purpose::URL_SAFE_NO_PAD};
use serde::{Deserialize, Serialize, de::DeserializeOwned};
use sha2::{Digest, Sha256};

use crate::error::FieldViolation;

/// The page size used when a caller asks for 0.
pub const DEFAULT_PAGE_SIZE: u64 = 50;
/// The largest page; larger requests are coerced to it.
pub const MAX_PAGE_SIZE: u64 = 500;

const SEAL_DOMAIN: &[u8] = b"agentbase.page-token.v1";
const SEAL_BYTES: usize = 12;

/// Validates `page_size`: 0 means the default, above the maximum is coerced, negative is refused.
pub fn page_size(raw: i32) -> Result<u64, FieldViolation> {
    page_size_within(raw, DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE)
}

/// [`page_size`] with a default and maximum of the list's own.
pub fn page_size_within(raw: i32, default: u64, max: u64) -> Result<u64, FieldViolation> {
    match raw {
        0 => Ok(default),
        n if n < 0 => Err(FieldViolation::new("page_size", "must not be negative")),
        n => Ok((n as u64).min(max)),
    }
}

/// A checked request for one page of a keyset list: how many rows, after
/// which key, for which filters.
#[derive(Debug, Clone)]
pub struct PageRequest<C> {
    /// Rows to return (the store fetches one more to know whether more follow).
    pub limit: u64,
    /// The key the previous page ended on; `None` for the first page.
    pub after: Option<C>,
    fingerprint: String,
}

impl<C: Cursor + Copy> PageRequest<C> {
    /// Checks `page_size` and decodes `page_token` for a list whose filters
    /// have `fingerprint`; both problems are reported at once.
    pub fn parse(page_size: i32, page_token: &str, fingerprint: String) -> Result<Self, Vec<FieldViolation>> {
        match (self::page_size(page_size), decode(page_token, &fingerprint)) {
            (Ok(limit), Ok(after)) => Ok(Self {
                limit,
                after,
                fingerprint,
            }),
            (limit, after) => Err(limit.err().into_iter().chain(after.err()).collect()),
        }
    }

    /// A list request's filters (`filter`, as its context parsed them) with
    /// its page: on bad filters, their violations and the page size's
    /// together (the token is judged only against filters that parsed), so
    /// every bad field of a list request is named at once.
    pub fn with_filter<F, E: ListErrors>(
        filter: Result<F, E>,
        fingerprint: impl FnOnce(&F) -> String,
        page_size: i32,
        page_token: &str,
    ) -> Result<(F, Self), E> {
        match filter {
            Ok(filter) => {
                let page = Self::parse(page_size, page_token, fingerprint(&filter)).map_err(E::from)?;
                Ok((filter, page))
            }
            Err(err) => match err.into_violations() {
                Ok(mut violations) => {
                    violations.extend(self::page_size(page_size).err());
                    Err(E::from(violations))
                }
                Err(other) => Err(other),
            },
        }
    }

    /// At most `max` rows (a list whose rows are large).
    pub fn at_most(mut self, max: u64) -> Self {
        self.limit = self.limit.min(max);
        self
    }

    /// The `next_page_token` of a page that ended on `last` (empty when none follows).
    pub fn next_token(&self, last: Option<C>) -> String {
        last.map(|last| encode(&last, &self.fingerprint)).unwrap_or_default()
    }
}

/// A context's error as a list request's parsing sees it: made from
/// violations, and giving them back when that is all it is
/// ([`PageRequest::with_filter`]; `context_error!` implements it).
pub trait ListErrors: From<Vec<FieldViolation>> {
    /// The violations this error carries, or the error itself when it is
    /// something else.
    fn into_violations(self) -> Result<Vec<FieldViolation>, Self>;
}

/// Which way a keyset list runs along its key.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Direction {
    /// Oldest (smallest key) first; a page continues after its cursor.
    Ascending,
    /// Newest (largest key) first; a page continues before its cursor.
    Descending,
}

/// One page of a keyset list, on any query: ordered by `key` in
/// `direction`, past `cursor` (exclusive) when there is one, and one row
/// more than `limit`, which [`trim_page`] takes off to know whether more
/// follow. Every list of every context pages this way.
pub trait Keyset: sea_orm::QueryFilter + sea_orm::QueryOrder + sea_orm::QuerySelect + Sized {
    /// The page of this query (see [`Keyset`]).
    fn keyset<C, V>(self, key: C, direction: Direction, cursor: Option<V>, limit: u64) -> Self
    where
        C: sea_orm::ColumnTrait,
        V: Into<sea_orm::Value>,
    {
        let (ordered, past) = match direction {
            Direction::Ascending => (self.order_by_asc(key), cursor.map(|c| key.gt(c))),
            Direction::Descending => (self.order_by_desc(key), cursor.map(|c| key.lt(c))),
        };
        let limited = ordered.limit(limit.saturating_add(1));
        match past {
            Some(condition) => limited.filter(condition),
            None => limited,
        }
    }
}

impl<Q: sea_orm::QueryFilter + sea_orm::QueryOrder + sea_orm::QuerySelect> Keyset for Q {}

/// Keeps the first `limit` of `rows` (queried with `LIMIT limit + 1`) and
/// returns the cursor of the last kept row when more rows follow.
pub fn trim_page<T, K>(rows: &mut Vec<T>, limit: u64, cursor: impl Fn(&T) -> K) -> Option<K> {
    let limit = usize::try_from(limit).unwrap_or(usize::MAX);
    if rows.len() > limit {
        rows.truncate(limit);
        rows.last().map(cursor)
    } else {
        None
    }
}

pub use crate::digest::fingerprint;

/// The key of the last row of a page, carried in its token.
///
/// The seal keeps honest clients from editing tokens by accident, but anyone
/// can mint one; so a decoded cursor must also be a key some page could
/// have ended on.
pub trait Cursor: Serialize + DeserializeOwned {
    /// Whether a page could have ended on this key.
    fn is_possible(&self) -> bool;
}

/// Row ids are UUIDv7.
impl Cursor for uuid::Uuid {
    fn is_possible(&self) -> bool {
        self.get_version_num() == 7
    }
}

/// Revision numbers start at 1.
impl Cursor for i32 {
    fn is_possible(&self) -> bool {
        *self >= 1
    }
}

/// Message sequence numbers start at 1.
impl Cursor for i64 {
    fn is_possible(&self) -> bool {
        *self >= 1
    }
}

#[derive(Serialize, Deserialize)]
struct Envelope<C> {
    c: C,
    f: String,
}

/// `fingerprint` of the running call's tenant.
fn of_tenant(fingerprint: &str) -> String {
    crate::digest::fingerprint(&[&crate::tenant::current(), fingerprint])
}

/// Encodes `cursor` for requests whose filters have `fingerprint`.
pub fn encode<C: Cursor>(cursor: &C, fingerprint: &str) -> String {
    let payload = serde_json::to_vec(&Envelope {
        c: cursor,
        f: of_tenant(fingerprint),
    })
    .unwrap_or_default();
    format!(
        "{}.{}",
        URL_SAFE_NO_PAD.encode(&payload),
        URL_SAFE_NO_PAD.encode(seal(&payload))
    )
}

/// Decodes `token`; an empty token is the first page (`None`).
pub fn decode<C: Cursor>(token: &str, fingerprint: &str) -> Result<Option<C>, FieldViolation> {
    if token.is_empty() {
        return Ok(None);
    }
    let invalid = || FieldViolation::new("page_token", "is not a token returned by this list with these filters");
    let (payload, mac) = token.split_once('.').ok_or_else(invalid)?;
    let payload = URL_SAFE_NO_PAD.decode(payload).map_err(|_| invalid())?;
    let mac = URL_SAFE_NO_PAD.decode(mac).map_err(|_| invalid())?;
    if mac != seal(&payload) {
        return Err(invalid());
    }
    let envelope: Envelope<C> = serde_json::from_slice(&payload).map_err(|_| invalid())?;
    if envelope.f != of_tenant(fingerprint) {
        return Err(FieldViolation::new(
            "page_token",
            "was issued for different filters; start again without a token",
        ));
    }
    if !envelope.c.is_possible() {
        return Err(invalid());
    }
    Ok(Some(envelope.c))
}

fn seal(payload: &[u8]) -> Vec<u8> {
    let mut hasher = Sha256::new();
    hasher.update(SEAL_DOMAIN);
    hasher.update(payload);
    hasher.finalize()[..SEAL_BYTES].to_vec()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn page_size_rules() {
        assert_eq!(page_size(0).unwrap(), 50);
        assert_eq!(page_size(7).unwrap(), 7);
        assert_eq!(page_size(501).unwrap(), 500);
        assert_eq!(page_size(-1).unwrap_err().field, "page_size");
    }

    #[test]
    fn round_trip_and_tamper() {
        let fp = fingerprint(&["a", "b"]);
        let token = encode(&42i64, &fp);
        let back: Option<i64> = decode(&token, &fp).unwrap();
        assert_eq!(back, Some(42));

        let mut tampered = token.clone().into_bytes();
        tampered[1] = if tampered[1] == b'A' { b'B' } else { b'A' };
        let tampered = String::from_utf8(tampered).unwrap();
        assert!(decode::<i64>(&tampered, &fp).is_err());
        assert!(decode::<i64>("garbage", &fp).is_err());
        assert!(decode::<i64>(&token, &fingerprint(&["a", "c"])).is_err());
        assert_eq!(decode::<i64>("", &fp).unwrap(), None);
    }

    #[test]
    fn minted_tokens_with_impossible_cursors_are_refused() {
        let fp = fingerprint(&["messages"]);
        for cursor in [0i64, -1, i64::MIN] {
            let err = decode::<i64>(&encode_unchecked(&cursor, &fp), &fp).unwrap_err();
            assert_eq!(err.field, "page_token");
        }
        assert!(decode::<i32>(&encode_unchecked(&-1i32, &fp), &fp).is_err());
        assert!(decode::<uuid::Uuid>(&encode_unchecked(&uuid::Uuid::nil(), &fp), &fp).is_err());
        assert!(decode::<uuid::Uuid>(&encode_unchecked(&uuid::Uuid::max(), &fp), &fp).is_err());
        let id = uuid::Uuid::now_v7();
        assert_eq!(decode::<uuid::Uuid>(&encode(&id, &fp), &fp).unwrap(), Some(id));
    }

    /// A token minted by hand, as anyone can (the seal is not a secret).
    fn encode_unchecked<C: Serialize>(cursor: &C, fingerprint: &str) -> String {
        let payload = serde_json::to_vec(&Envelope {
            c: cursor,
            f: fingerprint.to_owned(),
        })
        .unwrap();
        format!(
            "{}.{}",
            URL_SAFE_NO_PAD.encode(&payload),
            URL_SAFE_NO_PAD.encode(seal(&payload))
        )
    }

    #[test]
    fn pages_are_trimmed_to_their_limit() {
        let mut rows = vec![1, 2, 3];
        assert_eq!(trim_page(&mut rows, 2, |r| *r), Some(2));
        assert_eq!(rows, [1, 2]);
        let mut rows = vec![1, 2];
        assert_eq!(trim_page(&mut rows, 2, |r| *r), None);
        assert_eq!(rows, [1, 2]);
    }

    #[tokio::test]
    async fn a_token_of_one_tenant_is_refused_to_another() {
        let fp = fingerprint(&["sessions"]);
        let token = crate::tenant::within("b", async { encode(&7_i64, &fp) }).await;
        assert_eq!(
            crate::tenant::within("b", async { decode::<i64>(&token, &fp) }).await,
            Ok(Some(7))
        );
        assert!(
            crate::tenant::within("a", async { decode::<i64>(&token, &fp) })
                .await
                .is_err()
        );
    }

    #[test]
    fn fingerprint_separates_parts() {
        assert_ne!(fingerprint(&["ab", "c"]), fingerprint(&["a", "bc"]));
    }
}
