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
//!
//! Search does not rank every match. Each memory is indexed under keys (see
//! [`index_keys`]) with the number of times each occurs, and the index is
//! ordered by that count, then importance, then recency: the search ranking.
//! A one-term query whose key is the term itself reads its best hits straight
//! off that order, so its cost does not grow with the number of matches.
//! Other queries read a bounded window of candidates in the order of one term's
//! key and rank only those (the trade-off: see docs/ARCHITECTURE.md).

use std::collections::BTreeMap;

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
/// Candidates a search ranks when the index order is not the ranking itself.
pub const CANDIDATE_WINDOW: u64 = 200;

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

/// How CreateMemory recognises a live memory with the same content: the
/// SHA-256 of the normalised content (case, punctuation and whitespace aside).
pub fn content_key(content: &str) -> String {
    agentbase_platform::digest::sha256_hex(normalise(content).as_bytes())
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

impl Term {
    /// Whether the term is itself an index key (a word, or one or two
    /// characters), whose count is the term's own count.
    pub fn is_key(&self) -> bool {
        self.needle.starts_with(' ') || self.needle.chars().count() <= 2
    }

    /// The index keys every memory holding this term has: the term itself,
    /// or, for a longer substring, its pairs that hold a non-ASCII character
    /// (it has at least one).
    pub fn keys(&self) -> Vec<&str> {
        if self.is_key() {
            return vec![&self.needle];
        }
        let mut keys: Vec<&str> = Vec::new();
        let pairs = self.needle.char_indices().zip(self.needle.char_indices().skip(1));
        for ((start, first), (_, second)) in pairs {
            let pair = &self.needle[start..start + first.len_utf8() + second.len_utf8()];
            if (!first.is_ascii() || !second.is_ascii()) && !keys.contains(&pair) {
                keys.push(pair);
            }
        }
        keys
    }
}

/// The keys a normalised search text is indexed under, with how often each
/// occurs: every word of ASCII letters and digits as its needle (` word `),
/// and, within every other word, each character and each pair of adjacent
/// characters that is not plain ASCII (what a substring term is found by).
pub fn index_keys(search_text: &str) -> BTreeMap<String, i32> {
    let mut keys: BTreeMap<String, i32> = BTreeMap::new();
    let mut count = |key: String| *keys.entry(key).or_default() += 1;
    for word in search_text.split_whitespace() {
        if word.chars().all(|c| c.is_ascii_alphanumeric()) {
            count(format!(" {word} "));
            continue;
        }
        let mut previous: Option<char> = None;
        for c in word.chars() {
            if !c.is_ascii() {
                count(c.to_string());
            }
            if let Some(p) = previous.filter(|p| !p.is_ascii() || !c.is_ascii()) {
                count([p, c].iter().collect());
            }
            previous = Some(c);
        }
    }
    keys
}

/// How many times `needle` starts in `text`, overlaps included.
pub fn occurrences(text: &str, needle: &str) -> i64 {
    let Some(first) = needle.chars().next() else {
        return 0;
    };
    let mut count = 0;
    let mut rest = text;
    while let Some(at) = rest.find(needle) {
        count += 1;
        rest = &rest[at + first.len_utf8()..];
    }
    count
}

/// A memory's relevance to a query: the occurrences of all its terms.
pub fn relevance(search_text: &str, terms: &[Term]) -> i64 {
    terms.iter().map(|t| occurrences(search_text, &t.needle)).sum()
}

/// The best `limit` of `candidates` with their relevance: relevance, then
/// importance, then recency (a newer v7 id is larger).
pub fn best_first<T>(
    candidates: Vec<T>,
    terms: &[Term],
    limit: u64,
    ranked_by: impl Fn(&T) -> (&str, i16, Uuid),
) -> Vec<(T, i64)> {
    let mut scored: Vec<(T, i64)> = candidates
        .into_iter()
        .map(|c| {
            let relevance = relevance(ranked_by(&c).0, terms);
            (c, relevance)
        })
        .collect();
    scored.sort_by(|(a, a_relevance), (b, b_relevance)| {
        let (_, a_rank, a_id) = ranked_by(a);
        let (_, b_rank, b_id) = ranked_by(b);
        (b_relevance, b_rank, b_id).cmp(&(a_relevance, a_rank, a_id))
    });
    scored.truncate(usize::try_from(limit).unwrap_or(usize::MAX));
    scored
}

/// How a search reads the index: the memories indexed under every one of
/// `keys` whose text contains every needle of `must_contain` (the substrings
/// no key proves), at most `window` of them, in the index order of the key
/// with the fewest entries (counted up to [`KEY_COUNT_CAP`], or sampled past
/// it; on a tie, the first: `keys` lists the longest term's first).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SearchPlan {
    pub keys: Vec<String>,
    pub must_contain: Vec<String>,
    pub window: u64,
}

/// A 64-bit Bloom filter of index keys, two bits a key (from the key's
/// SHA-256, a function that never changes: signatures are stored). Every
/// index row of a memory carries the signature of all its keys; a ranked
/// search keeps a candidate only if its signature holds every bit of the
/// query's keys, before it probes for them. A signature proves absence,
/// never presence: the probes still decide.
pub fn key_signature<'a>(keys: impl IntoIterator<Item = &'a str>) -> i64 {
    let bits = keys.into_iter().fold(0u64, |bits, key| {
        let digest = agentbase_platform::digest::sha256(key.as_bytes());
        bits | 1 << (digest[0] % 64) | 1 << (digest[1] % 64)
    });
    i64::from_ne_bytes(bits.to_ne_bytes())
}

/// The signature of index rows written before signatures were: every bit
/// set, so that every query's keys may be there.
pub const UNKNOWN_SIGNATURE: i64 = -1;

/// How far a search counts a key's entries to find the rarest key: the
/// cost of choosing stays bounded, and a key this common is not rare.
pub const KEY_COUNT_CAP: u64 = 2_000;

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
    /// The memory this one replaced.
    pub supersedes: Option<uuid::Uuid>,
    /// The memory that replaced this one: hidden from lists and searches
    /// unless they include superseded memories.
    pub superseded_by: Option<uuid::Uuid>,
}

/// An earlier state of a memory: what an update replaced.
#[derive(Debug, Clone, PartialEq)]
pub struct MemoryRevision {
    /// 1 for the state the memory was created with.
    pub version: i32,
    pub content: String,
    pub importance: Importance,
    pub tags: Vec<String>,
    pub replaced_at: chrono::DateTime<chrono::Utc>,
}

/// Whether an update replaces the state a revision keeps.
pub fn changes_revision(current: &Memory, content: &str, importance: Importance, tags: &[String]) -> bool {
    current.content != content || current.importance != importance || current.tags != tags
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
    /// A live memory of the same user this one replaces.
    pub supersedes: Option<uuid::Uuid>,
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
    /// Also memories another one superseded.
    pub include_superseded: bool,
}

impl MemoryFilter {
    /// The parts a page token is bound to.
    pub fn fingerprint(&self) -> String {
        let session_id = self.session_id.map(|id| id.to_string()).unwrap_or_default();
        let min_importance = self.min_importance.map(|i| i.rank().to_string()).unwrap_or_default();
        let mut parts = vec![
            "memories",
            session_id.as_str(),
            self.user_id.as_deref().unwrap_or(""),
            self.memory_type.as_deref().unwrap_or(""),
            min_importance.as_str(),
        ];
        // Only when set, so that tokens issued before the filter existed stay valid.
        if self.include_superseded {
            parts.push("superseded");
        }
        agentbase_platform::paging::fingerprint(&parts)
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
        let session_id = memory.session_id.map(|s| s.to_string()).unwrap_or_default();
        let importance = memory.importance.rank().to_string();
        let tags = memory.tags.join("\u{1f}");
        let metadata = memory.metadata.to_string();
        let expires_at = memory.expires_at.map(|t| t.to_rfc3339()).unwrap_or_default();
        let supersedes = memory.supersedes.map(|id| id.to_string());
        let mut parts = vec![
            session_id.as_str(),
            memory.user_id.as_deref().unwrap_or(""),
            memory.memory_type.as_str(),
            memory.content.as_str(),
            importance.as_str(),
            tags.as_str(),
            metadata.as_str(),
            expires_at.as_str(),
        ];
        // Only when set, so that requests recorded before the field existed replay.
        parts.extend(supersedes.as_deref());
        let request = RequestKey::of(request_id, &parts);
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
    /// The keys of every term, the longest term's first; `None` when the
    /// query has no terms.
    pub fn plan(&self) -> Option<SearchPlan> {
        let mut by_length: Vec<&Term> = self.terms.iter().collect();
        by_length.sort_by_key(|t| std::cmp::Reverse(t.needle.trim().chars().count()));
        let mut keys: Vec<String> = Vec::new();
        for key in by_length.iter().flat_map(|t| t.keys()) {
            if !keys.iter().any(|k| k == key) {
                keys.push(key.to_owned());
            }
        }
        if keys.is_empty() {
            return None;
        }
        let must_contain = self
            .terms
            .iter()
            .filter(|t| !t.is_key())
            .map(|t| t.needle.clone())
            .collect();
        let ranked_by_index = self.terms.len() == 1 && self.terms[0].is_key();
        Some(SearchPlan {
            keys,
            must_contain,
            window: if ranked_by_index {
                self.limit
            } else {
                self.limit.max(CANDIDATE_WINDOW)
            },
        })
    }

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
    fn key_signatures_are_stable_and_hold_their_subsets() {
        // Stored signatures must keep their meaning: bits 10 and 61.
        assert_eq!(key_signature([" tired "]), (1i64 << 10) | (1i64 << 61));
        let memory = index_keys(&search_text("Tired after work, 睡眠质量很差", &[]));
        let whole = key_signature(memory.keys().map(String::as_str));
        for query in ["tired work", "睡眠质量", "work 睡眠"] {
            let plan = SearchMemories::parse(query, MemoryFilter::default(), 10)
                .unwrap()
                .plan();
            let mask = key_signature(plan.expect("a plan").keys.iter().map(String::as_str));
            assert_eq!(whole & mask, mask, "{query}");
        }
        assert_eq!(UNKNOWN_SIGNATURE & whole, whole);
    }

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
    fn texts_are_indexed_by_words_and_non_ascii_pairs() {
        let keys = index_keys(&search_text("Sad, sad day. 哈哈哈 café", &[]));
        let expected: BTreeMap<String, i32> = [(" sad ", 2), (" day ", 1), ("哈", 3), ("哈哈", 2), ("é", 1), ("fé", 1)]
            .into_iter()
            .map(|(k, n)| (k.to_owned(), n))
            .collect();
        assert_eq!(keys, expected);
    }

    #[test]
    fn a_key_counts_what_relevance_counts() {
        let text = search_text("sad sad day 哈哈哈 焦虑焦虑 café", &[]);
        let keys = index_keys(&text);
        for query in ["sad", "哈哈", "哈", "焦虑", "é", "fé"] {
            let terms = terms(query);
            assert!(terms[0].is_key(), "{query}");
            assert_eq!(i64::from(keys[terms[0].keys()[0]]), relevance(&text, &terms), "{query}");
        }
        assert_eq!(terms("焦虑焦")[0].keys(), ["焦虑", "虑焦"]);
        assert_eq!(terms("焦虑焦虑")[0].keys(), ["焦虑", "虑焦"]);
        assert_eq!(terms("cafés")[0].keys(), ["fé", "és"]);
    }

    #[test]
    fn plans_read_the_index_order_only_for_one_exact_term() {
        let plan = |q: &str| SearchMemories::parse(q, MemoryFilter::default(), 10).unwrap().plan();
        let one = plan("sad").unwrap();
        assert_eq!((one.keys.as_slice(), one.window), (&[" sad ".to_owned()][..], 10));
        assert!(one.must_contain.is_empty());
        let two = plan("sad yesterday").unwrap();
        assert_eq!(two.keys, [" yesterday ", " sad "]);
        assert!(two.must_contain.is_empty(), "keys prove whole words");
        assert_eq!(two.window, CANDIDATE_WINDOW);
        let long = plan("焦虑 睡眠质量").unwrap();
        assert_eq!(long.keys, ["睡眠", "眠质", "质量", "焦虑"]);
        assert_eq!(long.must_contain, ["睡眠质量"]);
        assert_eq!(plan("睡眠质量").unwrap().window, CANDIDATE_WINDOW);
        assert!(plan("  ").is_none());
    }

    #[test]
    fn importance_orders() {
        assert!(Importance::Critical > Importance::Low);
        assert_eq!(Importance::High.rank(), 3);
    }
}
