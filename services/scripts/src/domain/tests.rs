use super::*;

fn input(content: &str) -> CreateScriptInput {
    CreateScriptInput {
        name: "n".into(),
        content: content.into(),
        ..Default::default()
    }
}

#[test]
fn names_and_tags_are_checked() {
    assert!(ScriptName::parse("name", "").is_err());
    assert!(ScriptName::parse("name", &"x".repeat(256)).is_err());
    assert!(ScriptName::parse("name", &"名".repeat(255)).is_ok());
    assert!(ScriptName::parse("name", "a\0b").is_err());
    let tags = Tags::parse("tags", &["a".into(), "b".into(), "a".into()]).unwrap();
    assert_eq!(tags.as_slice(), ["a", "b"]);
    assert_eq!(Tags::parse("tags", &["".into()]).unwrap_err().field, "tags[0]");
}

#[test]
fn version_defaults_to_metadata_then_1_0_0() {
    let with_meta = "metadata: {version: 2.1.0}\nsession: {session_id: s, phases: []}\n";
    assert_eq!(NewScript::parse(input(with_meta)).unwrap().version, "2.1.0");
    let without = "technique_id: t\ntopic: {topic_id: x, actions: []}\n";
    let script = NewScript::parse(input(without)).unwrap();
    assert_eq!(script.version, "1.0.0");
    assert_eq!(script.script_type, ScriptType::Technique);
}

#[test]
fn every_problem_is_one_violation() {
    let bad = CreateScriptInput {
        name: String::new(),
        content: "session: {phases: [{topics: []}]}\n".into(),
        tags: vec![String::new()],
        ..Default::default()
    };
    let violations = NewScript::parse(bad).unwrap_err();
    let fields: Vec<_> = violations.iter().map(|v| v.field.as_str()).collect();
    assert_eq!(fields, ["name", "tags[0]", "content", "content"], "{violations:?}");
}
