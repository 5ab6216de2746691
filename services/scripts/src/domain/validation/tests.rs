//! Unit tests of validation; the script language end to end is in tests/script_language.rs.

use super::*;

const SESSION: &str = "\
metadata:
  name: intake
  version: 1.2.0
session:
  session_id: s1
  phases:
    - phase_id: p1
      topics:
        - topic_id: t1
          actions:
            - action_type: ai_ask
              action_id: a1
              config:
                target_variable: mood
                question_template: How are you?
            - action_type: ai_say
              action_id: a2
              config:
                content_template: You feel ${mood}, ${name}.
";

#[test]
fn a_good_session_script_is_valid_with_warnings_for_unknown_variables() {
    let report = validate(SESSION, None, &[]);
    assert!(report.is_valid(), "{:?}", report.errors);
    assert_eq!(report.script_type, ScriptType::Session);
    assert_eq!(report.declared_version().as_deref(), Some("1.2.0"));
    assert_eq!(report.warnings.len(), 1, "{:?}", report.warnings);
    assert_eq!(report.warnings[0].code, "UNRESOLVED_VARIABLE");
    assert!(report.warnings[0].message.contains("`name`"));
    assert_eq!(
        report.warnings[0].path,
        "session.phases[0].topics[0].actions[1].config.content_template"
    );
    assert!(validate(SESSION, None, &["name".into()]).warnings.is_empty());
}

#[test]
fn a_reference_before_its_definition_is_unresolved() {
    let doc = "technique_id: t\ninput_parameters: [{name: who, required: true}]\ntopic:\n  topic_id: x\n  actions:\n    - {action_type: ai_say, action_id: a, config: {content_template: '${answer} ${who}'}}\n    - {action_type: ai_ask, action_id: b, config: {target_variable: answer}}\n";
    let report = validate(doc, None, &[]);
    assert!(report.is_valid(), "{:?}", report.errors);
    assert_eq!(report.script_type, ScriptType::Technique);
    let unresolved: Vec<_> = report
        .warnings
        .iter()
        .filter(|w| w.code == "UNRESOLVED_VARIABLE")
        .collect();
    assert_eq!(unresolved.len(), 1);
    assert!(unresolved[0].message.contains("answer"));
}

#[test]
fn duplicate_phase_ids_are_errors_with_path_and_line() {
    let doc = "session:\n  session_id: s\n  phases:\n    - phase_id: p\n      topics: []\n    - phase_id: p\n      topics: []\n";
    let report = validate(doc, None, &[]);
    assert_eq!(report.errors.len(), 1, "{:?}", report.errors);
    let error = &report.errors[0];
    assert_eq!(error.code, "DUPLICATE_ID");
    assert_eq!(error.path, "session.phases[1].phase_id");
    assert_eq!((error.line, error.column), (6, 17));
}

#[test]
fn ids_may_repeat_across_levels_but_not_within_one() {
    let doc = "session:\n  session_id: s\n  phases:\n    - phase_id: p1\n      topics:\n        - topic_id: t\n          actions: [{action_type: ai_say, action_id: a}, {action_type: ai_say, action_id: a}]\n    - phase_id: p2\n      topics:\n        - topic_id: t\n          actions: [{action_type: ai_say, action_id: a}]\n";
    let report = validate(doc, None, &[]);
    assert_eq!(report.errors.len(), 1, "{:?}", report.errors);
    assert_eq!(
        report.errors[0].path,
        "session.phases[0].topics[0].actions[1].action_id"
    );
}

#[test]
fn missing_action_type_and_unknown_things() {
    let doc = "session:\n  session_id: s\n  extra: 1\n  phases:\n    - phase_id: p\n      topics:\n        - topic_id: t\n          actions:\n            - action_id: a\n            - action_type: ai_dance\n              action_id: b\n";
    let report = validate(doc, None, &[]);
    assert_eq!(report.errors.len(), 1, "{:?}", report.errors);
    assert_eq!(report.errors[0].code, "MISSING_FIELD");
    assert_eq!(report.errors[0].path, "session.phases[0].topics[0].actions[0]");
    assert_eq!(report.errors[0].line, 9);
    let codes: Vec<_> = report.warnings.iter().map(|w| w.code.as_str()).collect();
    assert!(
        codes.contains(&"UNKNOWN_KEY") && codes.contains(&"UNKNOWN_ACTION_TYPE"),
        "{codes:?}"
    );
}

#[test]
fn syntax_errors_and_wrong_shapes() {
    let report = validate("session: [unclosed\n", None, &[]);
    assert_eq!(report.errors[0].code, "YAML_SYNTAX");
    assert!(report.document.is_none());
    assert_eq!(validate("- a\n- b\n", None, &[]).errors[0].code, "NOT_A_MAPPING");
    let session_as_technique = validate(SESSION, Some(ScriptType::Technique), &[]);
    assert_eq!(session_as_technique.errors[0].code, "WRONG_SHAPE");
    let technique_as_session = validate(
        "technique_id: t\ntopic: {topic_id: x, actions: []}\n",
        Some(ScriptType::Session),
        &[],
    );
    assert_eq!(technique_as_session.errors[0].code, "WRONG_SHAPE");
    assert_eq!(
        validate("a: \"x\\0y\"\n", Some(ScriptType::Technique), &[]).errors[0].code,
        "INVALID_CHARACTER"
    );
}

#[test]
fn references_are_found() {
    assert_eq!(references("a ${x} b ${ y }${z}"), vec!["x", "y", "z"]);
    assert!(references("${ } ${unclosed").is_empty());
    assert_eq!(
        references("Hi {{name}}, {{ user.age }} {{#if x}}"),
        vec!["name", "user.age"]
    );
}

#[test]
fn deprecated_keys_are_notes_and_outputs_define_variables() {
    let doc = "session:\n  session_id: s\n  phases:\n    - phase_id: p\n      topics:\n        - topic_id: t\n          actions:\n            - {action_type: ai_ask, action_id: a, config: {content: 'Name?', output: [{get: who, define: the name}]}}\n            - {action_type: ai_ask, action_id: b, config: {question_template: 'Age?', target_variable: age}}\n            - {action_type: ai_say, action_id: c, config: {content: 'Hi {{who}}, ${age}'}}\n";
    let report = validate(doc, None, &[]);
    assert!(report.is_valid(), "{:?}", report.errors);
    assert!(report.warnings.is_empty(), "{:?}", report.warnings);
    let notes: Vec<(&str, &str)> = report
        .notes
        .iter()
        .map(|n| (n.code.as_str(), n.path.as_str()))
        .collect();
    assert_eq!(
        notes,
        vec![
            (
                "DEPRECATED_KEY",
                "session.phases[0].topics[0].actions[1].config.question_template"
            ),
            (
                "DEPRECATED_KEY",
                "session.phases[0].topics[0].actions[1].config.target_variable"
            ),
        ]
    );
    assert_eq!(report.notes[0].severity, Severity::Info);
}

#[test]
fn unknown_shapes_name_their_root_keys() {
    let report = validate("sessions:\n  - id: 1\nname: x\n", None, &[]);
    assert_eq!(report.errors.len(), 1, "{:?}", report.errors);
    assert_eq!(report.errors[0].code, UNKNOWN_SCRIPT_SHAPE);
    assert!(
        report.errors[0].message.contains("`sessions`, `name`"),
        "{}",
        report.errors[0].message
    );
    let violation = report.errors[0].to_violation("content");
    assert_eq!(violation.reason, Some(UNKNOWN_SCRIPT_SHAPE));
}

/// Where each unresolved reference of `content` (an ai_say's, the only
/// action) is reported.
fn unresolved_at(content_line: &str) -> Vec<(u32, u32)> {
    let document = format!(
        "session:\n  session_id: s\n  phases:\n    - phase_id: p\n      topics:\n        - topic_id: t\n          actions:\n            - action_type: ai_say\n              action_id: a\n              config:\n{content_line}"
    );
    validate(&document, None, &[])
        .warnings
        .iter()
        .map(|w| (w.line, w.column))
        .collect()
}

#[test]
fn references_are_located_where_they_are_written() {
    // Plain, after CJK text on the key's line: columns count characters.
    assert_eq!(unresolved_at("                content: 你好，${名字}！\n"), [(11, 29)]);
    // Single- and double-quoted; the same reference twice.
    assert_eq!(
        unresolved_at("                content: '${a} 和 ${a}'\n"),
        [(11, 27), (11, 34)]
    );
    assert_eq!(unresolved_at("                content: \"{{ b }}\"\n"), [(11, 27)]);
    // A literal block: the reference's own line, not the `|` header.
    assert_eq!(
        unresolved_at("                content: |\n                  第一行\n                  第二行 ${c}\n"),
        [(13, 23)]
    );
    // CR LF line ends change nothing.
    let crlf = "                content: |\r\n                  x\r\n                  y {{d}}\r\n";
    assert_eq!(unresolved_at(crlf), [(13, 21)]);
    // Spelled with an escape, it is not written as is: the value's position.
    assert_eq!(unresolved_at("                content: \"\\u0024{e}\"\n"), [(11, 26)]);
}

/// (code, line, column) of every finding of a session whose single topic's
/// actions are `actions` (indented for `actions:` at column 11).
fn findings_of(document: &str) -> Vec<(String, u32, u32)> {
    let report = validate(document, None, &[]);
    report
        .errors
        .iter()
        .chain(&report.warnings)
        .chain(&report.notes)
        .map(|f| (f.code.clone(), f.line, f.column))
        .collect()
}

const TOPIC_HEAD: &str = "session:\n  session_id: s\n  phases:\n    - phase_id: p\n      topics:\n        - topic_id: t\n          actions:\n";

#[test]
fn what_the_engine_reads_is_not_unknown() {
    // `extract_to` defines its variable (ai-ask-action.ts reads it); a
    // camelCase key is its snake_case one, noted.
    let document = format!(
        "{TOPIC_HEAD}            - action_type: ai_ask\n              action_id: a\n              config:\n                content: q\n                extract_to: name\n                maxRounds: 2\n            - action_type: ai_say\n              action_id: b\n              config:\n                content: hi ${{name}}\n"
    );
    assert_eq!(
        findings_of(&document),
        [
            ("DEPRECATED_KEY".to_owned(), 12, 17),
            ("DEPRECATED_KEY".to_owned(), 13, 17)
        ]
    );
    // A BOM is not part of the document.
    assert!(findings_of(&format!("\u{feff}{document}")).len() == 2);
    // Nothing in the engine knows a phase's or a topic's `consciousness`.
    let consciousness = "session:\n  session_id: s\n  phases:\n    - phase_id: p\n      consciousness: x\n      topics:\n        - topic_id: t\n          consciousness: y\n          actions:\n            - action_type: ai_say\n              action_id: a\n              config:\n                content: hi\n";
    assert_eq!(
        findings_of(consciousness),
        [("UNKNOWN_KEY".to_owned(), 5, 7), ("UNKNOWN_KEY".to_owned(), 8, 11)]
    );
}

#[test]
fn merge_keys_merge_and_lone_crs_end_lines() {
    let merged = format!(
        "{TOPIC_HEAD}            - action_type: ai_say\n              action_id: a\n              config:\n                <<: {{content: \"${{x1}}\", bogus: 1}}\n"
    );
    assert_eq!(
        findings_of(&merged),
        [
            ("UNRESOLVED_VARIABLE".to_owned(), 11, 32),
            ("UNKNOWN_KEY".to_owned(), 11, 40)
        ]
    );
    let block = format!(
        "{TOPIC_HEAD}            - action_type: ai_say\n              action_id: a\n              config:\n                content: |\n                  a ${{x1}}\n                  b ${{x2}}\n"
    );
    let lone_cr = block.replace('\n', "\r");
    assert_eq!(
        findings_of(&lone_cr),
        [
            ("UNRESOLVED_VARIABLE".to_owned(), 12, 21),
            ("UNRESOLVED_VARIABLE".to_owned(), 13, 21)
        ]
    );
}

#[test]
fn awareness_templates_are_files_inside_the_templates_directory() {
    let awareness = |loading: &str, config: &str| {
        findings_of(&format!(
            "consciousness:\n  consciousness_id: c\n  trigger_config:\n    trigger_timing: periodic\n  loading_config:\n{loading}{config}"
        ))
        .into_iter()
        .map(|(code, ..)| code)
        .collect::<Vec<_>>()
    };
    assert!(awareness("    template_path: consciousness/x.md\n", "").is_empty());
    for bad in [
        "'C:/x.md'",
        "'~/x.md'",
        "'file:///etc/passwd'",
        "/etc/passwd",
        "a/../../x",
    ] {
        assert_eq!(
            awareness(&format!("    template_path: {bad}\n"), ""),
            ["INVALID_VALUE"],
            "{bad}"
        );
    }
    assert_eq!(
        awareness("    template_path: 123\n", ""),
        ["INVALID_TYPE", "MISSING_FIELD"]
    );
    assert_eq!(
        awareness("    bogus: 1\n", "  config: {}\n"),
        ["MISSING_FIELD", "UNKNOWN_KEY"],
        "an unknown loading key, and an empty inline config runs nothing"
    );
}
