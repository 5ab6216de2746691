//! Which values a run keeps are secrets: by the key they stand under and by
//! their own shape.
//!
//! **By key.** A string value is a secret when its key, split into words
//! (camelCase with acronyms — `APIKey` is [api, key], `OpenAIKey` [open, ai,
//! key] — `_`, `-`, `.`, spaces), ends in a secret word — `key`, `apikey`,
//! `token`, `secret`, `password`, `passwd`, `pwd`, `pass`, `passphrase`,
//! `credential(s)`, `auth`, `authorization`, `bearer`, `cookie`, `dsn`,
//! `private`, `session` and their compounds (`accesstoken`, `secretkey`, …)
//! — or holds a secret pair anywhere (`access key`, `private key`, `api
//! key`, `session token`, …). Everything under a secret key is secret. A key
//! that names a count or a switch (`max…`, `use…`, `has…`, `…Count`) keeps
//! the values a count or a switch takes (numbers, `true`, `yes`, `on`…) and
//! loses any other string. In a list, a `NAME=value` entry and a `{name,
//! value}` object whose name is secret lose their value. Numbers and
//! booleans are never secrets, so `modelMaxTokens: 16384` and `awsUseApiKey:
//! false` survive.
//!
//! **By shape** ([`shapes`]), in every string whatever its key, and in free
//! text (tool errors, a task's invalidation reason, run descriptions): the
//! gitleaks rule set, credentials in URLs, Authorization headers, secret
//! `name: value` pairs, long high-entropy tokens.
//!
//! Only the secret part of a string is replaced; what is not redacted is
//! left exactly as it was.

pub mod shapes;

/// What a secret value becomes.
pub const REDACTED: &str = "[REDACTED]";

/// Last words that make a key secret.
const SECRET_WORDS: [&str; 54] = [
    "key",
    "keys",
    "apikey",
    "apikeys",
    "token",
    "tokens",
    "apitoken",
    "accesstoken",
    "authtoken",
    "refreshtoken",
    "sessiontoken",
    "secret",
    "secrets",
    "secretkey",
    "privatekey",
    "clientsecret",
    "password",
    "passwords",
    "passwd",
    "pwd",
    "pass",
    "passphrase",
    "credential",
    "credentials",
    "creds",
    "auth",
    "authorization",
    "bearer",
    "cookie",
    "cookies",
    "dsn",
    "private",
    "session",
    "sessionid",
    "signature",
    "sig",
    "pin",
    "otp",
    "totp",
    "sshpass",
    "pw",
    "passcode",
    "privkey",
    "pat",
    "authz",
    "mnemonic",
    "kek",
    "dek",
    "密码",
    "口令",
    "密钥",
    "contraseña",
    "passwort",
    "пароль",
];

/// Words that make a key secret wherever they stand, unless its last word
/// says it names or points to the secret (`passwordConfirm`, `dbPasswordProd`
/// are secret; `secretName`, `passwordFile` are not).
const STRONG_WORDS: [&str; 8] = [
    "password",
    "passwd",
    "passphrase",
    "secret",
    "apikey",
    "credential",
    "credentials",
    "privatekey",
];

/// Last words of keys that name, locate or describe a secret without holding it.
const DESCRIPTOR_WORDS: [&str; 28] = [
    "name", "names", "id", "ids", "env", "var", "variable", "header", "file", "path", "url", "uri", "type", "kind",
    "ref", "field", "label", "hint", "policy", "rotation", "format", "location", "provider", "mode", "source",
    "endpoint", "prefix", "arn",
];

/// Words before `key` that make it a key of a table or a map, not a secret
/// (as gitleaks' own allowlist reads them).
const DATA_KEY_WORDS: [&str; 24] = [
    "primary",
    "sort",
    "partition",
    "foreign",
    "cache",
    "idempotency",
    "dedup",
    "dedupe",
    "routing",
    "shard",
    "lookup",
    "hash",
    "unique",
    "composite",
    "index",
    "idx",
    "natural",
    "schema",
    "sequence",
    "bucket",
    "public",
    "pub",
    "group",
    "row",
];

/// Word pairs that make a key secret wherever they stand (`access_key_id`).
const SECRET_PAIRS: [(&str, &str); 15] = [
    ("access", "key"),
    ("private", "key"),
    ("secret", "key"),
    ("api", "key"),
    ("session", "token"),
    ("client", "secret"),
    ("otp", "seed"),
    ("totp", "seed"),
    ("pin", "code"),
    ("seed", "phrase"),
    ("recovery", "code"),
    ("recovery", "codes"),
    ("backup", "codes"),
    ("security", "answer"),
    ("de", "passe"),
];

/// Last words that hold what the word before them names (`secretValue`,
/// `passwordHash`, `keyData`): after a secret word, the key is secret.
const HOLDER_WORDS: [&str; 13] = [
    // `b64` and `base64` are `b` and `base` once their digits are read as a qualifier.
    "value", "val", "data", "string", "str", "raw", "plain", "text", "b", "base", "hex", "hash", "json",
];

/// Last words of keys that describe a secret without holding it.
const HARMLESS_LAST_WORDS: [&str; 4] = ["count", "enabled", "length", "required"];

/// First words of keys that name a count, a limit or a switch, never a secret.
const HARMLESS_FIRST_WORDS: [&str; 20] = [
    "max", "min", "num", "count", "limit", "use", "include", "enable", "disable", "is", "has", "allow", "require",
    "requires", "need", "needs", "skip", "no", "with", "without",
];

/// How the values under a key are treated.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum KeyKind {
    /// Every string under it is a secret.
    Secret,
    /// A count or a switch about a secret: its strings are kept only when
    /// they are what a count or a switch holds.
    Switch,
    /// Its values are judged by their shape.
    Plain,
}

fn key_kind(key: &str) -> KeyKind {
    let words = words(key);
    let (Some(first), Some(last)) = (words.first(), words.last()) else {
        return KeyKind::Plain;
    };
    let before_last = words.len().checked_sub(2).map(|i| words[i].as_str());
    let harmless = words.len() > 1
        && (HARMLESS_FIRST_WORDS.contains(&first.as_str()) || HARMLESS_LAST_WORDS.contains(&last.as_str()));
    // `contextTokens`, `thinkingBudgetTokens`: a plural of tokens counts them.
    let counts_tokens = last == "tokens";
    let paired = words
        .windows(2)
        .any(|pair| SECRET_PAIRS.contains(&(pair[0].as_str(), pair[1].as_str())));
    // `secretName`, `passwordFile`, `apiKeyEnv`; but `access_key_id` is
    // the secret pair's own id.
    let id = matches!(last.as_str(), "id" | "ids");
    if words.len() > 1 && DESCRIPTOR_WORDS.contains(&last.as_str()) && !(id && paired) {
        return KeyKind::Plain;
    }
    if matches!(last.as_str(), "key" | "keys") && before_last.is_some_and(|word| DATA_KEY_WORDS.contains(&word)) {
        return KeyKind::Plain;
    }
    let held = HOLDER_WORDS.contains(&last.as_str()) && before_last.is_some_and(|word| SECRET_WORDS.contains(&word));
    let secret = SECRET_WORDS.contains(&last.as_str())
        || held
        || paired
        || words.iter().any(|word| STRONG_WORDS.contains(&word.as_str()));
    let mentions_secret = words.iter().any(|word| SECRET_WORDS.contains(&word.as_str()));
    if (secret || mentions_secret) && (counts_tokens || harmless) {
        KeyKind::Switch
    } else if secret {
        KeyKind::Secret
    } else {
        KeyKind::Plain
    }
}

/// Redacts the secrets in `value`, at any depth; see the module documentation.
pub fn redact(value: &mut serde_json::Value) {
    match value {
        serde_json::Value::Object(map) => {
            redact_keys(map);
            // `{name, value}` and its kin (`{key, val}`, `{variable, value}`,
            // `{k, v}`, `{header, value}`): the name field decides the value.
            let value_field = VALUE_FIELDS.iter().copied().find(|field| map.contains_key(*field));
            let name_fields: Vec<&str> = NAME_FIELDS
                .iter()
                .copied()
                .filter(|field| value_field.is_some() && map.get(*field).is_some_and(serde_json::Value::is_string))
                .collect();
            let named_secret = name_fields
                .iter()
                .filter_map(|field| map.get(*field).and_then(serde_json::Value::as_str))
                .any(is_secret_key);
            for (key, inner) in map.iter_mut() {
                if Some(key.as_str()) == value_field && named_secret {
                    redact_strings(inner);
                    continue;
                }
                if name_fields.contains(&key.as_str()) {
                    // A name, judged by its shape only.
                    redact(inner);
                    continue;
                }
                match key_kind(key) {
                    KeyKind::Secret => redact_strings(inner),
                    KeyKind::Switch => redact_unless_setting(inner),
                    KeyKind::Plain => redact(inner),
                }
            }
        }
        serde_json::Value::Array(items) => {
            // `["DB_PASSWORD", "…"]`: a pair whose first item names a secret.
            if let [serde_json::Value::String(name), serde_json::Value::String(value)] = items.as_mut_slice()
                && name
                    .chars()
                    .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '_')
                && is_secret_key(name)
                && !shapes::is_switch_word(value.as_bytes())
            {
                *value = REDACTED.to_owned();
                return;
            }
            // `["--api-key", "…"]`: a command line's secret flag names the next item.
            let mut after_secret_flag = false;
            for item in items {
                match item {
                    serde_json::Value::String(text)
                        if after_secret_flag && !shapes::is_switch_word(text.as_bytes()) =>
                    {
                        after_secret_flag = false;
                        *text = REDACTED.to_owned();
                    }
                    serde_json::Value::String(text) => {
                        after_secret_flag = is_secret_flag(text);
                        redact_text(text, true);
                    }
                    other => {
                        after_secret_flag = false;
                        redact(other);
                    }
                }
            }
        }
        serde_json::Value::String(text) => redact_text(text, false),
        serde_json::Value::Null | serde_json::Value::Bool(_) | serde_json::Value::Number(_) => {}
    }
}

/// Fields that hold the name of a name/value pair.
const NAME_FIELDS: [&str; 9] = ["name", "Name", "key", "Key", "variable", "var", "k", "header", "env"];

/// Fields that hold the value of a name/value pair.
const VALUE_FIELDS: [&str; 5] = ["value", "Value", "val", "v", "secret"];

/// Keys that are themselves secrets (a token used as a map key) are
/// replaced: `[REDACTED]`, then `[REDACTED] 2`, … so none collide.
fn redact_keys(map: &mut serde_json::Map<String, serde_json::Value>) {
    let secret_keys: Vec<(String, String)> = map
        .keys()
        .filter_map(|key| shapes::redact_shapes(key).map(|redacted| (key.clone(), redacted)))
        .collect();
    for (key, mut name) in secret_keys {
        let Some(value) = map.remove(&key) else { continue };
        let mut n = 1;
        while map.contains_key(&name) {
            n += 1;
            name = format!("{REDACTED} {n}");
        }
        map.insert(name, value);
    }
}

/// `--api-key`, `-password`: a command-line flag whose name is secret.
fn is_secret_flag(text: &str) -> bool {
    let name = text.trim_start_matches('-');
    name.len() < text.len()
        && !name.is_empty()
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-'))
        && is_secret_key(name)
}

/// Free text (a tool error, a reason, a description) with every secret
/// found by shape replaced.
pub fn redact_free_text(text: &str) -> String {
    shapes::redact_shapes(text).unwrap_or_else(|| text.to_owned())
}

/// Whether a string under `key` is a secret whatever it holds.
pub fn is_secret_key(key: &str) -> bool {
    key_kind(key) == KeyKind::Secret
}

/// Every string under a secret key; numbers, booleans and a switch's words
/// (`auth: "none"`) stay.
fn redact_strings(value: &mut serde_json::Value) {
    match value {
        serde_json::Value::String(text) if shapes::is_switch_word(text.as_bytes()) => {}
        serde_json::Value::String(text) => *text = REDACTED.to_owned(),
        serde_json::Value::Array(items) => items.iter_mut().for_each(redact_strings),
        serde_json::Value::Object(map) => map.values_mut().for_each(redact_strings),
        serde_json::Value::Null | serde_json::Value::Bool(_) | serde_json::Value::Number(_) => {}
    }
}

/// Under a count or a switch: strings that are not a count or a switch.
fn redact_unless_setting(value: &mut serde_json::Value) {
    match value {
        serde_json::Value::String(text) if !shapes::looks_like_a_setting(text.as_bytes()) => {
            *text = REDACTED.to_owned();
        }
        serde_json::Value::Array(items) => items.iter_mut().for_each(redact_unless_setting),
        serde_json::Value::Object(map) => map.values_mut().for_each(redact_unless_setting),
        _ => {}
    }
}

/// `NAME=value` with a secret NAME when `in_list`; then secrets by shape.
fn redact_text(text: &mut String, in_list: bool) {
    if in_list
        && let Some((name, _)) = text.split_once('=')
        && !name.is_empty()
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.'))
        && is_secret_key(name)
    {
        *text = format!("{name}={REDACTED}");
        return;
    }
    if let Some(redacted) = shapes::redact_shapes(text) {
        *text = redacted;
    }
}

/// `awsAccessKey` → [aws, access, key]; `X-Api-Key` → [x, api, key];
/// `OPENROUTER_API_KEY` → [openrouter, api, key].
fn words(key: &str) -> Vec<String> {
    let mut words = Vec::new();
    let mut current = String::new();
    let mut previous_lower = false;
    let mut previous_upper = false;
    let chars: Vec<char> = key.chars().collect();
    for (i, &c) in chars.iter().enumerate() {
        if !c.is_alphanumeric() {
            if !current.is_empty() {
                words.push(std::mem::take(&mut current));
            }
            previous_lower = false;
            previous_upper = false;
            continue;
        }
        // `apiKey` splits before `K`; `APIKey` before the `K` that ends the
        // acronym, since a lower-case letter follows it.
        let next_lower = chars.get(i + 1).is_some_and(|next| next.is_lowercase());
        if c.is_uppercase() && !current.is_empty() && (previous_lower || (previous_upper && next_lower)) {
            words.push(std::mem::take(&mut current));
        }
        previous_lower = c.is_lowercase() || c.is_ascii_digit();
        previous_upper = c.is_uppercase();
        current.extend(c.to_lowercase());
    }
    if !current.is_empty() {
        words.push(current);
    }
    // `apiKey2`, `password_2`, `secret_v2`: numbers and versions qualify
    // the word before them.
    words
        .into_iter()
        .map(|word| {
            let trimmed = word.trim_end_matches(|c: char| c.is_ascii_digit());
            if trimmed.is_empty() || trimmed == "v" {
                String::new()
            } else {
                trimmed.to_owned()
            }
        })
        .filter(|word| !word.is_empty())
        .collect()
}

#[cfg(test)]
mod tests {
    use serde_json::{Value, json};

    use super::*;

    /// (key, value, redacted?) — secrets first, then settings that must survive.
    fn shapes() -> Vec<(&'static str, Value, bool)> {
        vec![
            ("apiKey", json!("sk-1"), true),
            ("api_key", json!("sk-1"), true),
            ("API-KEY", json!("sk-1"), true),
            ("openai.api.key", json!("sk-1"), true),
            ("OPENROUTER_API_KEY", json!("sk-or"), true),
            ("key", json!("k"), true),
            ("openrouter.key", json!("k"), true),
            ("awsAccessKey", json!("AKIA"), true),
            ("awsSecretKey", json!("s"), true),
            ("awsSessionToken", json!("t"), true),
            ("access_key_id", json!("AKIA"), true),
            ("aws_secret_key_value", json!("s"), true),
            ("codeIndexOpenAiKey", json!("sk"), true),
            ("codeIndexQdrantApiKey", json!("q"), true),
            ("private_key", json!("-----BEGIN"), true),
            ("privateKey", json!("-----BEGIN"), true),
            ("secret", json!("s"), true),
            ("client_secret", json!("s"), true),
            ("clientSecrets", json!(["a", "b"]), true),
            ("token", json!("t"), true),
            ("accessToken", json!("t"), true),
            ("refresh_token", json!("t"), true),
            ("openRouterToken", json!("t"), true),
            ("githubTokens", json!("t1,t2"), true),
            ("password", json!("p"), true),
            ("DB_PASSWORD", json!("p"), true),
            ("passwd", json!("p"), true),
            ("pwd", json!("p"), true),
            ("pass", json!("p"), true),
            ("credential", json!("c"), true),
            ("credentials", json!({"user": "u", "pass": "p"}), true),
            ("auth", json!("user:pw"), true),
            ("basicAuth", json!("user:pw"), true),
            ("authorization", json!("Bearer x"), true),
            ("Authorization", json!("Bearer x"), true),
            ("Proxy-Authorization", json!("Basic x"), true),
            ("bearer", json!("x"), true),
            ("Cookie", json!("sid=1"), true),
            ("cookies", json!("sid=1"), true),
            ("X-Api-Key", json!("k"), true),
            ("model", json!("claude"), false),
            ("modelMaxTokens", json!(16384), false),
            ("modelMaxThinkingTokens", json!(8192), false),
            ("includeMaxTokens", json!(true), false),
            ("anthropicUseAuthToken", json!(false), false),
            ("awsUseApiKey", json!(false), false),
            ("maxTokens", json!("4096"), false),
            ("max_tokens", json!(4096), false),
            ("useAuth", json!("yes"), false),
            ("tokenizer", json!("cl100k"), false),
            ("keyboard", json!("us"), false),
            ("monkey", json!("banana"), false),
            ("temperature", json!(0.2), false),
            ("apiProvider", json!("openrouter"), false),
            ("openRouterModelId", json!("anthropic/claude"), false),
            ("apiKeyCount", json!(2), false),
            ("tokensUsed", json!(10), false),
            ("passes", json!(3), false),
            ("authorName", json!("li"), false),
            ("keyCount", json!("3"), false),
            ("apiKeyRequired", json!("yes"), false),
            ("endpoint", json!("https://api.example.com/v1"), false),
            ("enableCookies", json!("on"), false),
            ("secretsEnabled", json!(true), false),
        ]
    }

    /// The corpus the gRPC tests use too (tests/fixtures, sources named there).
    fn corpus() -> Value {
        serde_json::from_str(include_str!("../../../tests/fixtures/redaction_corpus.json")).unwrap()
    }

    #[test]
    fn the_corpus_is_redacted_exactly() {
        let corpus = corpus();
        let mut failures = Vec::new();
        for (list, secret) in [("secrets", true), ("keep", false)] {
            for case in corpus[list].as_array().unwrap() {
                let value = &case["value"];
                let shown = if case["place"] == "text" {
                    Value::String(redact_free_text(value.as_str().unwrap()))
                } else {
                    let mut settings = json!({ case["key"].as_str().unwrap(): value.clone() });
                    redact(&mut settings);
                    settings[case["key"].as_str().unwrap()].clone()
                };
                let leaked = secret && shown.to_string().contains(case["secret"].as_str().unwrap());
                let changed = !secret && shown != *value;
                if leaked || changed {
                    failures.push(format!("{}: {value} → {shown}", case["source"]));
                }
            }
        }
        assert!(failures.is_empty(), "{failures:#?}");
    }

    #[test]
    fn the_policy_table_holds_in_both_directions() {
        let shapes = shapes();
        assert!(shapes.len() >= 60, "{} shapes", shapes.len());
        let mut failures = Vec::new();
        for (key, value, secret) in shapes {
            let mut settings = json!({ key: value.clone() });
            redact(&mut settings);
            let survived = settings[key] == value;
            if survived == secret {
                failures.push(format!("{key}: {value} → {}", settings[key]));
            }
        }
        assert!(failures.is_empty(), "{failures:#?}");
    }

    #[test]
    fn everything_under_a_secret_key_is_redacted_but_numbers_and_switches() {
        let mut settings = json!({"credentials": {"user": "u", "pass": "p", "port": 5432, "tls": true}});
        redact(&mut settings);
        assert_eq!(
            settings,
            json!({"credentials": {"user": REDACTED, "pass": REDACTED, "port": 5432, "tls": true}})
        );
    }

    #[test]
    fn header_maps_lose_their_credentials_only() {
        let mut settings = json!({"headers": {
            "Authorization": "Bearer x", "Proxy-Authorization": "Basic y", "Cookie": "sid=1",
            "X-Api-Key": "k", "Content-Type": "application/json", "X-Title": "roo"
        }, "extraHeaders": {"authorization": "Bearer z", "Accept": "*/*"}});
        redact(&mut settings);
        assert_eq!(
            settings,
            json!({"headers": {
                "Authorization": REDACTED, "Proxy-Authorization": REDACTED, "Cookie": REDACTED,
                "X-Api-Key": REDACTED, "Content-Type": "application/json", "X-Title": "roo"
            }, "extraHeaders": {"authorization": REDACTED, "Accept": "*/*"}})
        );
    }

    #[test]
    fn url_passwords_and_env_entries_are_redacted() {
        let mut settings = json!({
            "database_url": "postgres://u:PW@db:5432/app?sslmode=require",
            "proxies": ["http://bob:hunter2@proxy:3128", "https://proxy.example.com", "ftp://anonymous@host/x"],
            "note": "mirror at https://a:b@x.io/y and https://c@z.io",
            "env": ["OPENROUTER_API_KEY=sk-or-1", "DB_PASSWORD=p", "LOG_LEVEL=debug", "MAX_TOKENS=10", "PATH=/bin"]
        });
        redact(&mut settings);
        assert_eq!(
            settings,
            json!({
                "database_url": "postgres://u:[REDACTED]@db:5432/app?sslmode=require",
                "proxies": ["http://bob:[REDACTED]@proxy:3128", "https://proxy.example.com", "ftp://anonymous@host/x"],
                "note": "mirror at https://a:[REDACTED]@x.io/y and https://c@z.io",
                "env": ["OPENROUTER_API_KEY=[REDACTED]", "DB_PASSWORD=[REDACTED]", "LOG_LEVEL=debug", "MAX_TOKENS=10", "PATH=/bin"]
            })
        );
    }

    /// A small deterministic generator (xorshift64*), so a failure replays.
    struct Noise(u64);

    impl Noise {
        fn below(&mut self, n: u64) -> u64 {
            self.0 ^= self.0 >> 12;
            self.0 ^= self.0 << 25;
            self.0 ^= self.0 >> 27;
            self.0.wrapping_mul(0x2545_F491_4F6C_DD1D) % n
        }

        fn key(&mut self) -> String {
            const PARTS: [&str; 16] = [
                "api", "Key", "max", "Tokens", "use", "auth", "model", "_", "-", ".", "secret", "Id", "pass", "x",
                "url", "Cookie",
            ];
            (0..1 + self.below(4))
                .map(|_| PARTS[self.below(PARTS.len() as u64) as usize])
                .collect()
        }

        fn value(&mut self, depth: u32) -> Value {
            match self.below(if depth > 3 { 5 } else { 7 }) {
                0 => Value::Null,
                1 => json!(self.below(2) == 1),
                2 => json!(self.below(100_000)),
                3 => json!(["plain", "http://u:p@h/x", "A_TOKEN=t", "k=v"][self.below(4) as usize]),
                4 => json!(format!("v{}", self.below(1000))),
                5 => Value::Array((0..self.below(4)).map(|_| self.value(depth + 1)).collect()),
                _ => Value::Object(
                    (0..self.below(5))
                        .map(|_| (self.key(), self.value(depth + 1)))
                        .collect(),
                ),
            }
        }
    }

    /// The same shape, keys and non-string leaves; strings either kept or changed.
    fn same_shape(before: &Value, after: &Value) -> bool {
        match (before, after) {
            (Value::Object(a), Value::Object(b)) => {
                a.len() == b.len() && a.iter().all(|(k, v)| b.get(k).is_some_and(|w| same_shape(v, w)))
            }
            (Value::Array(a), Value::Array(b)) => a.len() == b.len() && a.iter().zip(b).all(|(v, w)| same_shape(v, w)),
            (Value::String(_), Value::String(_)) => true,
            (a, b) => a == b,
        }
    }

    /// No string under a secret key survives.
    fn no_secret_survives(value: &Value) -> bool {
        match value {
            Value::Object(map) => map.iter().all(|(key, inner)| {
                if is_secret_key(key) {
                    strings_redacted(inner)
                } else {
                    no_secret_survives(inner)
                }
            }),
            Value::Array(items) => items.iter().all(no_secret_survives),
            _ => true,
        }
    }

    fn no_env_secret_in_lists(value: &Value) -> bool {
        match value {
            Value::Array(items) => items
                .iter()
                .all(|item| item.as_str() != Some("A_TOKEN=t") && no_env_secret_in_lists(item)),
            Value::Object(map) => map.values().all(no_env_secret_in_lists),
            _ => true,
        }
    }

    fn strings_redacted(value: &Value) -> bool {
        match value {
            Value::String(text) => text == REDACTED,
            Value::Array(items) => items.iter().all(strings_redacted),
            Value::Object(map) => map.values().all(strings_redacted),
            _ => true,
        }
    }

    #[test]
    fn properties_hold_for_generated_settings() {
        let mut noise = Noise(0x9E37_79B9_7F4A_7C15);
        for _ in 0..2_000 {
            let original = noise.value(0);
            let mut once = original.clone();
            redact(&mut once);
            assert!(same_shape(&original, &once), "{original} → {once}");
            assert!(no_secret_survives(&once), "{original} → {once}");
            let mut twice = once.clone();
            redact(&mut twice);
            assert_eq!(once, twice, "redaction is idempotent");
            let rendered = once.to_string();
            assert!(!rendered.contains(":p@"), "no URL password survives: {rendered}");
            assert!(
                no_env_secret_in_lists(&once),
                "no secret env entry survives in a list: {rendered}"
            );
        }
    }
}
