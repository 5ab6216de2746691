//! Rules of memories: importance, what search matches, and how text is
//! normalised so that search works the same on both backends.
//!
//! Text is stored lower-cased with every run of non-alphanumeric characters
//! turned into one space and padded with spaces. A query is normalised the
//! same way and split into terms. A term of ASCII letters and digits matches
//! whole words; any other term (Chinese, say, which has no spaces) matches as
//! a substring. User input is never query syntax: punctuation is gone before
//! the store sees it, and what remains is quoted or bound.
//!
//! A text-search engine finds the memories holding every term: each memory
//! is indexed under its [`search_keys`] (words, and the characters and pairs
//! of characters of other text) and its [`search_scope`] (its user, session
//! and type). The engine hands matches over most important first, then
//! newest; the first [`CANDIDATE_WINDOW`] of them are ranked here by
//! relevance, then importance, then recency (docs/ARCHITECTURE.md, "Memory
//! search", has the contract and its worst case).

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
/// Matches a search ranks by relevance: the first ones in the engine's
/// order (most important, then newest).
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
/// SHA-256 of the normalised content (case, punctuation and whitespace
/// aside). Content with no letter or digit at all (an emoji, a symbol) is
/// keyed by its characters, whitespace aside: normalising must not erase it,
/// or every such memory would be the same one.
pub fn content_key(content: &str) -> String {
    let words = normalise(content);
    if words.trim().is_empty() {
        let symbols: String = content.chars().filter(|c| !c.is_whitespace()).collect();
        return agentbase_platform::digest::sha256_hex(format!("symbols:{symbols}").as_bytes());
    }
    agentbase_platform::digest::sha256_hex(words.as_bytes())
}

/// Whether two contents with the same [`content_key`] are the same memory:
/// equal once lower-cased, with whitespace runs as single spaces and a
/// closing full stop, exclamation or question mark aside. The key sets all
/// punctuation and symbols aside, so it only finds the candidates: every
/// other character counts, because a sign, an operator or an emoticon
/// changes what is said (`balance is -5` / `balance is 5`, `I feel :)` /
/// `I feel :(`, `I feel 😢` / `I feel 😊`), and merging those would lose a
/// memory. The key stays as coarse as the one stored with every memory.
pub fn same_content(a: &str, b: &str) -> bool {
    comparable(a) == comparable(b)
}

/// `text` as [`same_content`] compares it.
fn comparable(text: &str) -> String {
    /// What may end a sentence without changing it.
    const CLOSING: &[char] = &['.', '!', '?', '\u{3002}', '\u{ff01}', '\u{ff1f}', '\u{2026}'];
    let spaced = text.split_whitespace().collect::<Vec<_>>().join(" ").to_lowercase();
    spaced.trim_end_matches(CLOSING).trim_end().to_owned()
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
    /// Whether the term is itself an index token (a word, or one or two
    /// characters), which proves it.
    pub fn is_key(&self) -> bool {
        self.needle.starts_with(' ') || self.needle.chars().count() <= 2
    }

    /// The index tokens every memory holding this term has (see
    /// [`search_keys`]): the term itself, or, for a longer substring, its
    /// pairs that hold a non-ASCII character (it has at least one).
    pub fn keys(&self) -> Vec<&str> {
        if self.is_key() {
            return vec![self.needle.trim()];
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

/// The tokens a normalised search text is indexed under, each once and
/// space-separated: every word of ASCII letters and digits, and, within every
/// other word, each character and each pair of adjacent characters that is
/// not plain ASCII (what a substring term is found by).
pub fn search_keys(search_text: &str) -> String {
    let mut keys: Vec<String> = Vec::new();
    let mut seen = std::collections::HashSet::new();
    let mut add = |key: String| {
        if seen.insert(key.clone()) {
            keys.push(key);
        }
    };
    for word in search_text.split_whitespace() {
        if word.chars().all(|c| c.is_ascii_alphanumeric()) {
            add(word.to_owned());
            continue;
        }
        let mut previous: Option<char> = None;
        for c in word.chars() {
            if !c.is_ascii() {
                add(c.to_string());
            }
            if let Some(p) = previous.filter(|p| !p.is_ascii() || !c.is_ascii()) {
                add([p, c].iter().collect());
            }
            previous = Some(c);
        }
    }
    keys.join(" ")
}

/// The scope tokens a memory is indexed under, space-separated: its user
/// (`u` and 32 hex digits of the SHA-256 of the user id), its session (`s`
/// and the id's hex) and its type (`t` and a digest, like the user). Only
/// ASCII letters and digits: no text of a memory is a token of its scope
/// (the engines keep them apart), and a scope token narrows a search, never
/// widens it (the store also compares the columns themselves).
pub fn search_scope(user_id: Option<&str>, session_id: Option<Uuid>, memory_type: &str) -> String {
    let mut scope = Vec::new();
    scope.extend(user_id.map(user_token));
    scope.extend(session_id.map(session_token));
    scope.push(type_token(memory_type));
    scope.join(" ")
}

fn digest_token(prefix: char, text: &str) -> String {
    let digest = agentbase_platform::digest::sha256_hex(text.as_bytes());
    format!("{prefix}{}", &digest[..32])
}

fn user_token(user_id: &str) -> String {
    digest_token('u', user_id)
}

fn session_token(session_id: Uuid) -> String {
    format!("s{}", session_id.simple())
}

fn type_token(memory_type: &str) -> String {
    digest_token('t', memory_type)
}

/// How many times `needle` is in `text` with every space doubled, none
/// overlapping: a whole word's needle (` word `) is counted once per
/// occurrence of the word, and the count is what SQL's `replace` and
/// `length` give, so that the database ranks the way this defines.
pub fn occurrences(text: &str, needle: &str) -> i64 {
    if needle.is_empty() {
        return 0;
    }
    text.replace(' ', "  ").matches(needle).count() as i64
}

/// A memory's relevance to a query: the occurrences of all its terms.
pub fn relevance(search_text: &str, terms: &[Term]) -> i64 {
    terms.iter().map(|t| occurrences(search_text, &t.needle)).sum()
}

/// What a search asks of the text-search engine: memories indexed under
/// every token of `tokens`, `owner` and `kind`, whose text contains every
/// needle of `must_contain` (the substrings no token proves), the first
/// `window` of them most important first, then newest, to be ranked by
/// [`relevance`], then importance, then recency (the newer id).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SearchPlan {
    pub tokens: Vec<String>,
    /// The tokens of the filter's user and session: each is on the memories
    /// of one owner only, so it narrows a lookup as much as any term.
    pub owner: Vec<String>,
    /// The token of the filter's memory type, which may be on most memories.
    pub kind: Option<String>,
    pub must_contain: Vec<String>,
    pub window: u64,
}

impl SearchPlan {
    /// Every scope token: the owner's, then the type's.
    pub fn scope(&self) -> impl Iterator<Item = &str> {
        self.owner.iter().chain(&self.kind).map(String::as_str)
    }
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
    /// Only this module's parser builds the command (parse, don't validate).
    _parsed: crate::domain::Parsed,
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
        Self {
            _parsed: crate::domain::Parsed,
            memory,
            request,
        }
    }
}

/// UpdateMemory: the patch applies only while the memory carries `etag`, when given.
#[derive(Debug, Clone)]
pub struct UpdateMemory {
    pub id: Uuid,
    pub patch: MemoryPatch,
    pub etag: Option<String>,
    /// Only this module's parser builds the command (parse, don't validate).
    _parsed: crate::domain::Parsed,
}

impl UpdateMemory {
    /// The one constructor: its parts come out of their own parsers.
    pub fn new(id: Uuid, patch: MemoryPatch, etag: Option<String>) -> Self {
        Self {
            id,
            patch,
            etag,
            _parsed: crate::domain::Parsed,
        }
    }
}

/// SearchMemories: the query's terms over the memories `filter` admits, best `limit` first.
#[derive(Debug, Clone)]
pub struct SearchMemories {
    pub terms: Vec<Term>,
    pub filter: MemoryFilter,
    pub limit: u64,
    /// Only this module's parser builds the command (parse, don't validate).
    _parsed: crate::domain::Parsed,
}

impl SearchMemories {
    /// The tokens of every term and of the filter's scope; `None` when the
    /// query has no terms.
    pub fn plan(&self) -> Option<SearchPlan> {
        let mut tokens: Vec<String> = Vec::new();
        for key in self.terms.iter().flat_map(Term::keys) {
            if !tokens.iter().any(|k| k == key) {
                tokens.push(key.to_owned());
            }
        }
        if tokens.is_empty() {
            return None;
        }
        let must_contain = self
            .terms
            .iter()
            .filter(|t| !t.is_key())
            .map(|t| t.needle.clone())
            .collect();
        let filter = &self.filter;
        let mut owner = Vec::new();
        owner.extend(filter.user_id.as_deref().map(user_token));
        owner.extend(filter.session_id.map(session_token));
        Some(SearchPlan {
            tokens,
            owner,
            kind: filter.memory_type.as_deref().map(type_token),
            must_contain,
            window: self.limit.max(CANDIDATE_WINDOW),
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
                _parsed: crate::domain::Parsed,
                terms: terms(query),
                filter,
                limit,
            }),
            _ => Err(violations),
        }
    }
}

#[cfg(test)]
mod tests;
