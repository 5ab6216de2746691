//! Tests of `secrets`.

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
            "api", "Key", "max", "Tokens", "use", "auth", "model", "_", "-", ".", "secret", "Id", "pass", "x", "url",
            "Cookie",
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
