//! Tests of `shapes`.

use super::*;

#[test]
fn every_gitleaks_rule_compiles() {
    let rules = RuleSet::load().unwrap();
    assert!(rules.rules.len() >= 200, "{} rules", rules.rules.len());
    OwnShapes::new().unwrap();
}

#[test]
fn entropy_is_in_bits_per_byte() {
    assert_eq!(shannon_entropy(b"aaaa"), 0.0);
    assert!((shannon_entropy(b"abcd") - 2.0).abs() < 1e-9);
}

#[test]
fn redaction_is_idempotent_and_keeps_the_rest() {
    let text = "retry with Authorization: Bearer abcDEF123456ghiJKL and model claude-3-5-sonnet";
    let once = redact_shapes(text).unwrap();
    assert_eq!(
        once,
        "retry with Authorization: Bearer [REDACTED] and model claude-3-5-sonnet"
    );
    assert_eq!(redact_shapes(&once), None);
    assert_eq!(
        redact_shapes("no secret here: 4096 tokens; commit 9f86d081884c7d659a2feaa0c55ad015a3bf4f1b"),
        None
    );
}
