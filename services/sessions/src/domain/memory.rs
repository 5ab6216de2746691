//! Rules of memories: importance, what search matches, and how text is
//! normalised so that one LIKE-based query works the same on both backends.
//!
//! Text is stored lower-cased with every run of non-alphanumeric characters
//! turned into one space and padded with spaces. A query is normalised the
//! same way and split into terms. A term of ASCII letters and digits matches
//! whole words (`% term %`); any other term (Chinese, say, which has no
//! spaces) matches as a substring (`%term%`). User input is never query
//! syntax: punctuation is gone before SQL sees it, and what remains is bound
//! as a parameter with LIKE wildcards escaped.

use agentbase_platform::error::{FieldViolation, RecordViolation as _};
use agentbase_platform::idempotency::RequestKey;
use uuid::Uuid;

use super::{check_json, check_text};

/// Largest memory content, in bytes.
pub const MAX_CONTENT_BYTES: usize = 64 * 1024;
/// Longest memory type, in characters.
pub const MAX_TYPE_CHARS: usize = 64;
/// Longest tag, in characters.
pub const MAX_TAG_CHARS: usize = 64;
/// Most terms a search uses; later ones are ignored.
pub const MAX_TERMS: usize = 16;
/// Longest query, in characters.
pub const MAX_QUERY_CHARS: usize = 1000;
/// Search hits when the caller asks for 0.
pub const DEFAULT_HITS: u64 = 20;
/// Most search hits in one response.
pub const MAX_HITS: u64 = 100;

/// How much a memory matters, in increasing order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Importance {
    Low,
    Medium,
    High,
    Critical,
}

impl Importance {
    /// 1 (low) … 4 (critical), stored for ordering and filtering.
    pub fn rank(self) -> i16 {
        match self {
            Self::Low => 1,
            Self::Medium => 2,
            Self::High => 3,
            Self::Critical => 4,
        }
    }
}

/// Lower-cases `text`, turns runs of non-alphanumerics into single spaces and pads it with spaces.
pub fn normalise(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push(' ');
    for c in text.chars().flat_map(char::to_lowercase) {
        if c.is_alphanumeric() {
            out.push(c);
        } else if !out.ends_with(' ') {
            out.push(' ');
        }
    }
    if !out.ends_with(' ') {
        out.push(' ');
    }
    out
}

/// The text search looks in: content and tags.
pub fn search_text(content: &str, tags: &[String]) -> String {
    normalise(&format!("{content} {}", tags.join(" ")))
}

/// One search term and how it must appear in the normalised text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Term {
    /// The text to find (already padded with spaces for whole words).
    pub needle: String,
}

/// The terms of a query: whole words for ASCII alphanumerics, substrings otherwise.
pub fn terms(query: &str) -> Vec<Term> {
    let mut terms: Vec<Term> = Vec::new();
    for word in normalise(query).split_whitespace() {
        let needle = if word.chars().all(|c| c.is_ascii_alphanumeric()) {
            format!(" {word} ")
        } else {
            word.to_owned()
        };
        if !terms.iter().any(|t| t.needle == needle) {
            terms.push(Term { needle });
        }
        if terms.len() == MAX_TERMS {
            break;
        }
    }
    terms
}

/// Checks the fields of a memory (as given on create or update).
pub fn check_fields(
    memory_type: &str,
    content: &str,
    tags: &[String],
    metadata: &serde_json::Value,
) -> Vec<FieldViolation> {
    let mut violations = Vec::new();
    if memory_type.trim().is_empty() {
        violations.push(FieldViolation::new("memory_type", "is required"));
    } else if let Err(v) = check_text("memory_type", memory_type, MAX_TYPE_CHARS) {
        violations.push(v);
    }
    if content.trim().is_empty() {
        violations.push(FieldViolation::new("content", "is required"));
    } else if content.len() > MAX_CONTENT_BYTES {
        violations.push(FieldViolation::new(
            "content",
            format!("must be at most {MAX_CONTENT_BYTES} bytes"),
        ));
    } else if content.contains('\0') {
        violations.push(FieldViolation::new("content", "must not contain NUL characters"));
    }
    if tags.len() > 32 {
        violations.push(FieldViolation::new("tags", "at most 32 tags"));
    }
    for (i, tag) in tags.iter().enumerate() {
        if tag.trim().is_empty() {
            violations.push(FieldViolation::new(format!("tags[{i}]"), "must not be empty"));
        } else if let Err(v) = check_text(&format!("tags[{i}]"), tag, MAX_TAG_CHARS) {
            violations.push(v);
        }
    }
    if let Err(v) = check_json("metadata", metadata) {
        violations.push(v);
    }
    violations
}

/// A stored memory.
#[derive(Debug, Clone, PartialEq)]
pub struct Memory {
    pub id: uuid::Uuid,
    pub session_id: Option<uuid::Uuid>,
    pub user_id: Option<String>,
    pub memory_type: String,
    pub content: String,
    pub importance: Importance,
    pub tags: Vec<String>,
    pub metadata: serde_json::Value,
    /// Reads through GetMemory.
    pub access_count: i64,
    pub accessed_at: Option<chrono::DateTime<chrono::Utc>>,
    pub expires_at: Option<chrono::DateTime<chrono::Utc>>,
    pub etag: String,
    pub created_at: chrono::DateTime<chrono::Utc>,
    pub updated_at: chrono::DateTime<chrono::Utc>,
}

/// A memory to create, checked.
#[derive(Debug, Clone, PartialEq)]
pub struct NewMemory {
    pub session_id: Option<uuid::Uuid>,
    pub user_id: Option<String>,
    pub memory_type: String,
    pub content: String,
    pub importance: Importance,
    /// Tags (deduplicated).
    pub tags: Vec<String>,
    pub metadata: serde_json::Value,
    pub expires_at: Option<chrono::DateTime<chrono::Utc>>,
}

/// The changes an UpdateMemory asks for.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct MemoryPatch {
    pub content: Option<String>,
    pub importance: Option<Importance>,
    pub tags: Option<Vec<String>>,
    pub metadata: Option<serde_json::Value>,
    pub memory_type: Option<String>,
    /// New expiry (`Some(None)` clears it).
    pub expires_at: Option<Option<chrono::DateTime<chrono::Utc>>>,
}

/// Filters of ListMemories and SearchMemories.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct MemoryFilter {
    /// Only this session.
    pub session_id: Option<uuid::Uuid>,
    /// Only this user.
    pub user_id: Option<String>,
    /// Only this type.
    pub memory_type: Option<String>,
    /// Only at least this important.
    pub min_importance: Option<Importance>,
}

impl MemoryFilter {
    /// The parts a page token is bound to.
    pub fn fingerprint(&self) -> String {
        agentbase_platform::paging::fingerprint(&[
            "memories",
            &self.session_id.map(|id| id.to_string()).unwrap_or_default(),
            self.user_id.as_deref().unwrap_or(""),
            self.memory_type.as_deref().unwrap_or(""),
            &self.min_importance.map(|i| i.rank().to_string()).unwrap_or_default(),
        ])
    }
}

/// CreateMemory: a valid memory and the caller's request key.
#[derive(Debug, Clone)]
pub struct CreateMemory {
    pub memory: NewMemory,
    pub request: Option<RequestKey>,
}

impl CreateMemory {
    pub fn new(memory: NewMemory, request_id: Option<Uuid>) -> Self {
        let request = RequestKey::of(
            request_id,
            &[
                &memory.session_id.map(|s| s.to_string()).unwrap_or_default(),
                memory.user_id.as_deref().unwrap_or(""),
                &memory.memory_type,
                &memory.content,
                &memory.importance.rank().to_string(),
                &memory.tags.join("\u{1f}"),
                &memory.metadata.to_string(),
                &memory.expires_at.map(|t| t.to_rfc3339()).unwrap_or_default(),
            ],
        );
        Self { memory, request }
    }
}

/// UpdateMemory: the patch applies only while the memory carries `etag`, when given.
#[derive(Debug, Clone)]
pub struct UpdateMemory {
    pub id: Uuid,
    pub patch: MemoryPatch,
    pub etag: Option<String>,
}

/// SearchMemories: the query's terms over the memories `filter` admits, best `limit` first.
#[derive(Debug, Clone)]
pub struct SearchMemories {
    pub terms: Vec<Term>,
    pub filter: MemoryFilter,
    pub limit: u64,
}

impl SearchMemories {
    pub fn parse(query: &str, filter: MemoryFilter, page_size: i32) -> Result<Self, Vec<FieldViolation>> {
        let mut violations = Vec::new();
        if query.chars().count() > MAX_QUERY_CHARS {
            violations.push(FieldViolation::new(
                "query",
                format!("must be at most {MAX_QUERY_CHARS} characters"),
            ));
        }
        let limit =
            agentbase_platform::paging::page_size_within(page_size, DEFAULT_HITS, MAX_HITS).or_record(&mut violations);
        match limit {
            Some(limit) if violations.is_empty() => Ok(Self {
                terms: terms(query),
                filter,
                limit,
            }),
            _ => Err(violations),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_is_normalised_for_words_and_substrings() {
        assert_eq!(
            normalise("Hello, WORLD!! 最近情绪低落，有抑郁倾向"),
            " hello world 最近情绪低落 有抑郁倾向 "
        );
        assert_eq!(search_text("Sad day", &["mood".into()]), " sad day mood ");
    }

    #[test]
    fn queries_become_safe_terms() {
        let needles = |q: &str| terms(q).into_iter().map(|t| t.needle).collect::<Vec<_>>();
        assert_eq!(needles("Sad"), [" sad "]);
        assert_eq!(needles("抑郁"), ["抑郁"]);
        assert_eq!(needles("\"*  OR ("), [" or "]);
        assert!(needles("\" * ( )").is_empty());
        assert_eq!(needles("sad sad Sad"), [" sad "]);
        assert_eq!(needles("100% sure_thing"), [" 100 ", " sure ", " thing "]);
    }

    #[test]
    fn importance_orders() {
        assert!(Importance::Critical > Importance::Low);
        assert_eq!(Importance::High.rank(), 3);
    }
}
