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
mod tests;
