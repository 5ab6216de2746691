//! Secret values recognised by their shape, wherever they stand: the
//! gitleaks rule set (provider key formats, JWTs, private key blocks,
//! generic `key = value` assignments with entropy), vendored unchanged in
//! `gitleaks.toml` (MIT, see `gitleaks.LICENSE`; the commit it was taken
//! from is in docs/SECURITY.md), plus the shapes it leaves to other tools:
//! credentials in a URL (userinfo password, a token as userinfo, secret
//! query parameters), `Authorization:`/`Bearer` credentials, secret
//! `name: value` pairs in text, and long mixed-class high-entropy tokens.
//!
//! The rules are read the way gitleaks reads them: RE2 syntax with ASCII
//! classes, keywords as a case-insensitive prefilter, the secret is the
//! rule's secret group (else its first non-empty group, else the match),
//! a rule's entropy is the Shannon entropy the secret must exceed, and
//! allowlists (global and per rule, regexes and stopwords) exempt a finding.

use std::{ops::Range, sync::LazyLock};

use aho_corasick::AhoCorasick;
use regex::bytes::{Regex, RegexBuilder};

/// The gitleaks default configuration, byte for byte.
const GITLEAKS: &str = include_str!("gitleaks.toml");

#[derive(serde::Deserialize)]
struct Config {
    allowlist: Option<RawAllowlist>,
    rules: Vec<RawRule>,
}

#[derive(serde::Deserialize)]
struct RawRule {
    id: String,
    regex: Option<String>,
    #[serde(default)]
    entropy: f64,
    #[serde(default)]
    keywords: Vec<String>,
    #[serde(rename = "secretGroup", default)]
    secret_group: usize,
    #[serde(default)]
    allowlists: Vec<RawAllowlist>,
}

#[derive(serde::Deserialize, Default)]
struct RawAllowlist {
    #[serde(default)]
    regexes: Vec<String>,
    #[serde(default)]
    stopwords: Vec<String>,
    #[serde(rename = "regexTarget")]
    regex_target: Option<String>,
    condition: Option<String>,
    #[serde(default)]
    paths: Vec<String>,
    #[serde(default)]
    commits: Vec<String>,
}

/// What an allowlist's regexes are matched against.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Target {
    Secret,
    Match,
    Line,
}

struct Allowlist {
    regexes: Vec<Regex>,
    stopwords: Vec<String>,
    target: Target,
    /// Every criterion must hold (`condition = "AND"`), else any one.
    all: bool,
    /// Criteria about paths or commits, which text never has: with AND the
    /// allowlist can never hold; with OR they just never match.
    has_path_criteria: bool,
}

struct Rule {
    id: String,
    regex: Regex,
    entropy: f64,
    secret_group: usize,
    allowlists: Vec<Allowlist>,
}

struct RuleSet {
    rules: Vec<Rule>,
    /// Per rule, its keywords' indices in `keywords`; empty: always runs.
    rule_keywords: Vec<Vec<usize>>,
    keywords: AhoCorasick,
    global: Allowlist,
}

fn compile(pattern: &str) -> Result<Regex, regex::Error> {
    // RE2's classes (\w, \s, \d, [[:alnum:]]) are ASCII; so are these.
    RegexBuilder::new(&literal_braces(pattern))
        .unicode(false)
        .size_limit(32 * 1024 * 1024)
        .build()
}

/// RE2 reads a `{` that starts no repetition (`{{ var }}`) as itself; the
/// regex crate wants it escaped.
fn literal_braces(pattern: &str) -> String {
    let chars: Vec<char> = pattern.chars().collect();
    let mut out = String::with_capacity(pattern.len());
    let mut in_class = false;
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        match c {
            '\\' => {
                out.push(c);
                if let Some(&next) = chars.get(i + 1) {
                    out.push(next);
                }
                i += 2;
                continue;
            }
            '[' if !in_class => in_class = true,
            ']' if in_class => in_class = false,
            '{' if !in_class && !starts_repetition(&chars[i + 1..]) => {
                out.push_str("\\{");
                i += 1;
                continue;
            }
            _ => {}
        }
        out.push(c);
        i += 1;
    }
    out
}

/// Whether `rest` (what follows a `{`) is `n}`, `n,}` or `n,m}`.
fn starts_repetition(rest: &[char]) -> bool {
    let digits = rest.iter().take_while(|c| c.is_ascii_digit()).count();
    if digits == 0 {
        return false;
    }
    let rest = &rest[digits..];
    match rest.first() {
        Some('}') => true,
        Some(',') => {
            let more = rest[1..].iter().take_while(|c| c.is_ascii_digit()).count();
            rest.get(1 + more) == Some(&'}')
        }
        _ => false,
    }
}

impl Allowlist {
    fn new(raw: RawAllowlist) -> Result<Self, String> {
        let regexes = raw
            .regexes
            .iter()
            .map(|pattern| compile(pattern).map_err(|e| format!("allowlist regex {pattern}: {e}")))
            .collect::<Result<_, _>>()?;
        Ok(Self {
            regexes,
            stopwords: raw.stopwords.iter().map(|word| word.to_ascii_lowercase()).collect(),
            target: match raw.regex_target.as_deref() {
                Some("match") => Target::Match,
                Some("line") => Target::Line,
                _ => Target::Secret,
            },
            all: raw.condition.as_deref() == Some("AND"),
            has_path_criteria: !raw.paths.is_empty() || !raw.commits.is_empty(),
        })
    }

    /// Whether the allowlist exempts `secret`, found as `whole` on `line`.
    fn exempts(&self, secret: &[u8], whole: &[u8], line: &[u8]) -> bool {
        let target = match self.target {
            Target::Secret => secret,
            Target::Match => whole,
            Target::Line => line,
        };
        let lower = String::from_utf8_lossy(secret).to_ascii_lowercase();
        let by_regex = (!self.regexes.is_empty()).then(|| self.regexes.iter().any(|r| r.is_match(target)));
        let by_stopword =
            (!self.stopwords.is_empty()).then(|| self.stopwords.iter().any(|word| lower.contains(word.as_str())));
        let criteria = [by_regex, by_stopword];
        if self.all {
            !self.has_path_criteria && criteria.iter().flatten().all(|held| *held)
        } else {
            criteria.iter().flatten().any(|held| *held)
        }
    }
}

impl RuleSet {
    fn load() -> Result<Self, String> {
        let config: Config = toml::from_str(GITLEAKS).map_err(|e| format!("gitleaks.toml: {e}"))?;
        let mut keywords: Vec<String> = Vec::new();
        let mut rules = Vec::new();
        let mut rule_keywords = Vec::new();
        for raw in config.rules {
            // Rules about file names only (`path`, no regex) have nothing to match in text.
            let Some(pattern) = raw.regex else { continue };
            let regex = compile(&pattern).map_err(|e| format!("rule {}: {e}", raw.id))?;
            let allowlists = raw
                .allowlists
                .into_iter()
                .map(Allowlist::new)
                .collect::<Result<_, _>>()?;
            rule_keywords.push(
                raw.keywords
                    .iter()
                    .map(|word| {
                        let word = word.to_ascii_lowercase();
                        keywords.iter().position(|k| *k == word).unwrap_or_else(|| {
                            keywords.push(word);
                            keywords.len() - 1
                        })
                    })
                    .collect(),
            );
            rules.push(Rule {
                id: raw.id,
                regex,
                entropy: raw.entropy,
                secret_group: raw.secret_group,
                allowlists,
            });
        }
        let keywords = AhoCorasick::builder()
            .ascii_case_insensitive(true)
            .build(&keywords)
            .map_err(|e| format!("keywords: {e}"))?;
        let global = Allowlist::new(config.allowlist.unwrap_or_default())?;
        Ok(Self {
            rules,
            rule_keywords,
            keywords,
            global,
        })
    }

    /// The byte ranges of `text` the rules find secret.
    fn find(&self, text: &[u8], into: &mut Vec<Range<usize>>) {
        let mut present = vec![false; self.keywords.patterns_len()];
        for found in self.keywords.find_overlapping_iter(text) {
            present[found.pattern().as_usize()] = true;
        }
        for (rule, wanted) in self.rules.iter().zip(&self.rule_keywords) {
            if !wanted.is_empty() && !wanted.iter().any(|&k| present[k]) {
                continue;
            }
            for captures in rule.regex.captures_iter(text) {
                let Some(whole) = captures.get(0) else { continue };
                let secret = if rule.secret_group > 0 {
                    captures.get(rule.secret_group)
                } else {
                    captures.iter().skip(1).flatten().find(|group| !group.is_empty())
                }
                .unwrap_or(whole);
                let bytes = secret.as_bytes();
                if rule.entropy > 0.0 && shannon_entropy(bytes) <= rule.entropy {
                    continue;
                }
                // As gitleaks does: a generic finding without a digit is a word.
                if rule.id.starts_with("generic") && !bytes.iter().any(u8::is_ascii_digit) {
                    continue;
                }
                let line = line_around(text, whole.range());
                if self.global.exempts(bytes, whole.as_bytes(), line)
                    || rule.allowlists.iter().any(|a| a.exempts(bytes, whole.as_bytes(), line))
                {
                    continue;
                }
                into.push(secret.range());
            }
        }
    }
}

fn line_around(text: &[u8], range: Range<usize>) -> &[u8] {
    let start = text[..range.start]
        .iter()
        .rposition(|&b| b == b'\n')
        .map_or(0, |i| i + 1);
    let end = text[range.end..]
        .iter()
        .position(|&b| b == b'\n')
        .map_or(text.len(), |i| range.end + i);
    &text[start..end]
}

/// Shannon entropy of `bytes`, in bits per byte.
fn shannon_entropy(bytes: &[u8]) -> f64 {
    if bytes.is_empty() {
        return 0.0;
    }
    let mut counts = [0usize; 256];
    for &b in bytes {
        counts[b as usize] += 1;
    }
    let total = bytes.len() as f64;
    counts
        .iter()
        .filter(|&&n| n > 0)
        .map(|&n| {
            let p = n as f64 / total;
            -p * p.log2()
        })
        .sum()
}

mod own;

use own::OwnShapes;
pub(super) use own::{is_switch_word, looks_like_a_setting};

static RULES: LazyLock<Result<RuleSet, String>> = LazyLock::new(RuleSet::load);
static OWN: LazyLock<Result<OwnShapes, String>> = LazyLock::new(OwnShapes::new);

/// `text` with every secret found by shape replaced by [`super::REDACTED`];
/// `None` when there is none.
pub fn redact_shapes(text: &str) -> Option<String> {
    let bytes = text.as_bytes();
    let mut found = Vec::new();
    match (RULES.as_ref(), OWN.as_ref()) {
        (Ok(rules), Ok(own)) => {
            rules.find(bytes, &mut found);
            own.find(bytes, &mut found);
        }
        // The rules are compiled in and a unit test loads them; should they
        // ever fail to load, nothing unchecked is kept.
        _ => return (text != super::REDACTED).then(|| super::REDACTED.to_owned()),
    }
    if found.is_empty() {
        return None;
    }
    found.sort_by_key(|range| range.start);
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    for range in found {
        // Byte ranges from ASCII rules, widened to whole characters.
        let mut start = range.start.max(at);
        let mut end = range.end.max(start);
        while !text.is_char_boundary(start) {
            start -= 1;
        }
        while !text.is_char_boundary(end) {
            end += 1;
        }
        if end <= at || text[start..end] == *super::REDACTED {
            continue;
        }
        out.push_str(&text[at..start.max(at)]);
        out.push_str(super::REDACTED);
        at = end;
    }
    out.push_str(&text[at..]);
    (out != text).then_some(out)
}

#[cfg(test)]
mod tests;
