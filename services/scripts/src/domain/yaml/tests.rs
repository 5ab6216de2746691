//! Tests of `yaml`.

use super::*;

#[test]
fn positions_are_one_based() {
    let root = parse("a: 1\nb:\n  c: [x, 'y']\ne:\n  - key: 1\n").unwrap();
    assert_eq!((root.line, root.column), (1, 1));
    let b = root.get("b").unwrap();
    let c = b.get("c").unwrap();
    assert_eq!((b.line, b.column), (3, 3));
    assert_eq!((c.line, c.column), (3, 6));
    let item = &root.get("e").unwrap();
    assert_eq!((item.line, item.column), (5, 3));
    let Value::Seq(items) = &item.value else {
        panic!("not a list")
    };
    assert_eq!((items[0].line, items[0].column), (5, 5));
    assert_eq!(
        root.to_json(),
        serde_json::json!({"a": 1, "b": {"c": ["x", "y"]}, "e": [{"key": 1}]})
    );
}

#[test]
fn syntax_errors_have_positions() {
    let err = parse("a: [1, 2\nb: 3\n").unwrap_err();
    assert!(err.line >= 1 && err.column >= 1, "{err:?}");
    let err = parse("a: 1\na: 2\n").unwrap_err();
    assert_eq!(err.line, 2);
    assert!(err.message.contains("duplicate key"));
}

#[test]
fn rejects_several_documents_and_alias_bombs() {
    assert!(parse("a: 1\n---\nb: 2\n").is_err());
    let mut bomb = String::from("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
    for i in 1..8 {
        let p = i - 1;
        bomb.push_str(&format!(
            "a{i}: &a{i} [*a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}]\n"
        ));
    }
    let err = parse(&bomb).unwrap_err();
    assert!(err.message.contains("more than") && err.over_limit, "{err:?}");
}

#[test]
fn nesting_is_limited() {
    let nested = |levels: usize| format!("x: {}{}\n", "[".repeat(levels), "]".repeat(levels));
    // The mapping is one level, so MAX_DEPTH - 1 lists fit.
    assert!(parse(&nested(MAX_DEPTH - 1)).is_ok());
    let err = parse(&nested(MAX_DEPTH)).unwrap_err();
    assert!(err.over_limit && err.message.contains("deeper"), "{err:?}");
    assert_eq!((err.line, err.column), (1, 4 + MAX_DEPTH as u32 - 1));
    let err = parse(&nested(130)).unwrap_err();
    assert!(err.over_limit, "{err:?}");
    // An alias may not carry a deep anchor below the limit either.
    let mut deep_alias = format!(
        "a: &deep {}1{}\nb:",
        "[".repeat(MAX_DEPTH - 1),
        "]".repeat(MAX_DEPTH - 1)
    );
    deep_alias.push_str(" [*deep]\n");
    assert!(parse(&deep_alias).unwrap_err().over_limit);
}

#[test]
fn keys_and_block_scalars_have_their_own_positions() {
    let root = parse("a: 1\nstrategy: |-  # note\n\n  line one\n  line two\nnext: 2\n").unwrap();
    let strategy = root.get("strategy").unwrap();
    assert_eq!((strategy.line, strategy.column), (2, 11), "the `|` header");
    assert_eq!(strategy.key_at, Some((2, 1)));
    assert_eq!(root.get("next").unwrap().key_at, Some((6, 1)));
    let root = parse("a:\r\n  b: 1\r\n  c: >\r\n    folded\r\n").unwrap();
    let a = root.get("a").unwrap();
    assert_eq!(a.get("b").unwrap().key_at, Some((2, 3)));
    let c = a.get("c").unwrap();
    assert_eq!((c.line, c.column, c.key_at), (3, 6, Some((3, 3))));
    let root = parse("a: {x: 1, yy: [2]}\nl:\n  - |\n    item\n").unwrap();
    let a = root.get("a").unwrap();
    assert_eq!(a.get("yy").unwrap().key_at, Some((1, 11)));
    let Value::Seq(items) = &root.get("l").unwrap().value else {
        panic!("not a list")
    };
    assert_eq!((items[0].line, items[0].column, items[0].key_at), (3, 5, None));
}

#[test]
fn quoted_scalars_stay_strings() {
    let root = parse("a: '1'\nb: 1\nc: true\nd: ~\n").unwrap();
    assert_eq!(
        root.to_json(),
        serde_json::json!({"a": "1", "b": 1, "c": true, "d": null})
    );
}
