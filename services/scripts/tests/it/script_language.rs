//! The script language as the HeartRule engine speaks it today, through the
//! generated client on PostgreSQL and SQLite: current-style scripts validate
//! clean, deprecated keys are notes, awareness scripts are a kind of their
//! own, unknown shapes say what they found, and every finding points at the
//! key or value it is about.

use agentbase_proto::scripts::v1::{
    CreateScriptRequest, ListScriptsRequest, PublishScriptRequest, ScriptType, UpdateScriptRequest,
    ValidateScriptRequest, ValidateScriptResponse, ValidationIssue, ValidationSeverity,
};
use agentbase_testkit::{Backend, TestApp, backend_tests, errors::reason_in, spawn_app};
use prost_types::FieldMask;
use tonic::Code;

/// A session in the engine's current style: no metadata, `content` keys,
/// `output` lists, `{{name}}` placeholders, `declare` and `strategy` topics.
const CURRENT_SESSION: &str = "\
session:
  session_id: hello_world
  session_name: Hello world
  phases:
    - phase_id: opening
      phase_name: Opening
      topics:
        - topic_id: greeting
          topic_name: Greeting
          declare:
            - var: mood
          strategy: |
            Be warm and brief.
            Do not rush the client.
          actions:
            - action_type: ai_say
              action_id: welcome
              config:
                content: Welcome! I am here to listen.
                say_goal: make the client feel safe
                tone: warm
                require_acknowledgment: false
                max_rounds: 1
            - action_type: ai_ask
              action_id: ask_name
              config:
                content: How would you like me to call you?
                exit: the client gave a name
                max_rounds: 3
                output:
                  - get: user_name
                    define: extract the name from the answer
                  - get: severity_level
                    define: rate the distress from 1 to 10
            - action_type: ai_say
              action_id: greet
              config:
                content: 'Nice to meet you, {{user_name}} (${severity_level}, {{ mood }}).'
            - action_type: ai_think
              action_id: reflect
              config:
                think_goal: summarise
                content: 'Summarise what {{user_name}} said.'
                input_variables: [user_name, severity_level]
                output_variables: [summary]
            - action_type: ai_say
              action_id: close
              config:
                content: ${summary}
";

/// The same session in the deprecated style the engine still reads.
const DEPRECATED_SESSION: &str = "\
session:
  session_id: hello_world
  phases:
    - phase_id: opening
      topics:
        - topic_id: greeting
          actions:
            - action_type: ai_say
              action_id: welcome
              config:
                content_template: Welcome! I am here to listen.
            - action_type: ai_ask
              action_id: ask_name
              config:
                question_template: How would you like me to call you?
                target_variable: user_name
                extraction_prompt: the name the client gives
            - action_type: ai_say
              action_id: greet
              config:
                content_template: Nice to meet you, ${user_name}.
";

/// A technique that keeps its metadata at its root, as the engine's own does.
const TECHNIQUE: &str = "\
technique_id: socratic_questioning
technique_name: Socratic questioning
name: Socratic questioning
version: \"1.0\"
author: HeartRule Team
description: Question an automatic thought
input_parameters:
  - name: thought
    required: true
topic:
  topic_id: question
  actions:
    - action_type: ai_ask
      action_id: evidence
      config:
        content: What is the evidence for {{thought}}?
        output:
          - get: evidence
            define: the evidence the client gives
";

/// An awareness ("consciousness") script in the engine's shape.
const AWARENESS: &str = "\
metadata:
  name: Emotion change detection
  version: '1.0'
  author: HeartRule Team
  description: Detect changes of emotion across the conversation
  consciousness_type: emotion_detection
  trigger_priority: medium
consciousness:
  consciousness_id: emotion_detection_v1
  consciousness_name: Emotion change detection
  prompt_template: emotion-detection-v1
  trigger_config:
    trigger_timing: after_user_message
    cooldown_rounds: 2
  loading_config:
    model_config:
      model_preference: fast
  config:
    detection_focus: changes of emotion
    output:
      - get: current_emotion
        define: the main emotion now
";

async fn validate(app: &mut TestApp, content: &str, script_type: ScriptType) -> ValidateScriptResponse {
    app.scripts
        .validate_script(ValidateScriptRequest {
            content: content.into(),
            script_type: script_type as i32,
            known_variables: Vec::new(),
        })
        .await
        .unwrap()
        .into_inner()
}

fn codes(issues: &[ValidationIssue]) -> Vec<(String, String)> {
    issues.iter().map(|i| (i.code.clone(), i.path.clone())).collect()
}

async fn current_style_is_clean_and_deprecated_style_only_noted(backend: Backend) {
    let mut app = spawn_app(backend).await;
    for (content, script_type) in [
        (CURRENT_SESSION, ScriptType::Session),
        (TECHNIQUE, ScriptType::Technique),
        (AWARENESS, ScriptType::Awareness),
    ] {
        let report = validate(&mut app, content, ScriptType::Unspecified).await;
        assert!(report.valid, "{:?}", report.errors);
        assert_eq!(report.script_type, script_type as i32);
        assert!(
            report.warnings.is_empty(),
            "{script_type:?}: {:?}",
            codes(&report.warnings)
        );
        assert!(report.notes.is_empty(), "{script_type:?}: {:?}", codes(&report.notes));
    }

    let report = validate(&mut app, DEPRECATED_SESSION, ScriptType::Unspecified).await;
    assert!(report.valid, "{:?}", report.errors);
    assert!(report.warnings.is_empty(), "{:?}", codes(&report.warnings));
    let actions = "session.phases[0].topics[0].actions";
    let expected: Vec<(String, String)> = [
        "[0].config.content_template",
        "[1].config.question_template",
        "[1].config.target_variable",
        "[1].config.extraction_prompt",
        "[2].config.content_template",
    ]
    .iter()
    .map(|path| ("DEPRECATED_KEY".to_owned(), format!("{actions}{path}")))
    .collect();
    assert_eq!(codes(&report.notes), expected);
    assert!(
        report
            .notes
            .iter()
            .all(|n| n.severity == ValidationSeverity::Info as i32)
    );
    // target_variable sits at line 16, column 17 of the deprecated document.
    assert_eq!((report.notes[2].line, report.notes[2].column), (16, 17));
    assert!(
        report.notes[2].message.contains("output"),
        "{}",
        report.notes[2].message
    );

    // Stored revisions keep their notes apart from warnings.
    let created = app
        .scripts
        .create_script(CreateScriptRequest {
            name: "deprecated".into(),
            content: DEPRECATED_SESSION.into(),
            ..Default::default()
        })
        .await
        .unwrap()
        .into_inner();
    let revision = created.revision.unwrap();
    assert!(revision.warnings.is_empty(), "{:?}", revision.warnings);
    assert_eq!(revision.notes.len(), 5);

    // An unresolved reference is still a warning, in either syntax.
    let broken = CURRENT_SESSION.replace("{{user_name}} (", "{{nobody}} (");
    let report = validate(&mut app, &broken, ScriptType::Session).await;
    assert_eq!(
        codes(&report.warnings),
        vec![(
            "UNRESOLVED_VARIABLE".to_owned(),
            "session.phases[0].topics[0].actions[2].config.content".to_owned()
        )]
    );
}

async fn techniques_keep_their_root_metadata(backend: Backend) {
    let mut app = spawn_app(backend).await;
    let created = app
        .scripts
        .create_script(CreateScriptRequest {
            name: "socratic".into(),
            content: TECHNIQUE.into(),
            ..Default::default()
        })
        .await
        .unwrap()
        .into_inner();
    assert_eq!(created.script_type, ScriptType::Technique as i32);
    let revision = created.revision.unwrap();
    assert_eq!(revision.version, "1.0", "the technique's own version");
    assert!(revision.warnings.is_empty(), "{:?}", revision.warnings);
}

async fn awareness_scripts_are_stored_listed_revised_and_published(backend: Backend) {
    let mut app = spawn_app(backend).await;
    let created = app
        .scripts
        .create_script(CreateScriptRequest {
            name: "emotion detection".into(),
            content: AWARENESS.into(),
            ..Default::default()
        })
        .await
        .unwrap()
        .into_inner();
    assert_eq!(created.script_type, ScriptType::Awareness as i32, "inferred");
    assert_eq!(created.revision.as_ref().unwrap().version, "1.0");
    app.scripts
        .create_script(CreateScriptRequest {
            name: "a session".into(),
            content: CURRENT_SESSION.into(),
            ..Default::default()
        })
        .await
        .unwrap();
    let listed = app
        .scripts
        .list_scripts(ListScriptsRequest {
            script_type: ScriptType::Awareness as i32,
            ..Default::default()
        })
        .await
        .unwrap()
        .into_inner()
        .scripts;
    assert_eq!(
        listed.iter().map(|s| s.name.as_str()).collect::<Vec<_>>(),
        vec!["emotion detection"]
    );
    let updated = app
        .scripts
        .update_script(UpdateScriptRequest {
            id: created.id.clone(),
            content: AWARENESS.replace("cooldown_rounds: 2", "cooldown_rounds: 3"),
            update_mask: Some(FieldMask {
                paths: vec!["content".into()],
            }),
            ..Default::default()
        })
        .await
        .unwrap()
        .into_inner();
    assert_eq!(updated.current_revision, 2);
    let published = app
        .scripts
        .publish_script(PublishScriptRequest {
            id: created.id.clone(),
            etag: updated.etag,
        })
        .await
        .unwrap()
        .into_inner();
    assert_eq!(published.script_type, ScriptType::Awareness as i32);

    // What the engine needs: a trigger timing it knows, and something to run.
    let bad = AWARENESS
        .replace("after_user_message", "whenever")
        .replace("  prompt_template: emotion-detection-v1\n", "")
        .replace("  config:\n    detection_focus: changes of emotion\n    output:\n      - get: current_emotion\n        define: the main emotion now\n", "");
    let report = validate(&mut app, &bad, ScriptType::Unspecified).await;
    assert_eq!(
        codes(&report.errors),
        vec![
            (
                "INVALID_VALUE".to_owned(),
                "consciousness.trigger_config.trigger_timing".to_owned()
            ),
            ("MISSING_FIELD".to_owned(), "consciousness".to_owned()),
        ]
    );
}

async fn unknown_shapes_name_their_root_keys(backend: Backend) {
    let mut app = spawn_app(backend).await;
    let legacy = "sessions:\n  - session_id: a\n    phases: []\nversion: 2\n";
    for script_type in [ScriptType::Unspecified, ScriptType::Technique] {
        let status = app
            .scripts
            .create_script(CreateScriptRequest {
                name: "legacy".into(),
                content: legacy.into(),
                script_type: script_type as i32,
                ..Default::default()
            })
            .await
            .unwrap_err();
        assert_eq!(status.code(), Code::InvalidArgument);
        assert_eq!(reason_in(&status, "scripts.agentbase"), "UNKNOWN_SCRIPT_SHAPE");
        assert!(
            status.message().contains("`sessions`, `version`") && !status.message().contains("is required"),
            "{}",
            status.message()
        );
    }
}

/// Findings about a key point at the key: in a block mapping, after a block
/// scalar, inside a flow mapping, and with CRLF line ends.
async fn findings_point_at_the_key(backend: Backend) {
    let mut app = spawn_app(backend).await;
    let session = |topic: &str| {
        format!(
            "metadata:\n  name: x\n  target_audience: adults\n  colour: blue\nsession:\n  session_id: s\n  phases:\n    - phase_id: p\n      topics:\n{topic}"
        )
    };
    let cases: Vec<(String, &str, (i32, i32))> = vec![
        (
            session("        - topic_id: t\n          actions: []\n"),
            "metadata.colour",
            (4, 3),
        ),
        (
            session(
                "        - topic_id: t\n          strategy: |\n            take it slow\n          mood: calm\n          actions: []\n",
            ),
            "session.phases[0].topics[0].mood",
            (13, 11),
        ),
        (
            session(
                "        - topic_id: t\n          actions:\n            - {action_type: ai_say, action_id: a, config: {content: hi, colour: red}}\n",
            ),
            "session.phases[0].topics[0].actions[0].config.colour",
            (12, 73),
        ),
        (
            session("        - topic_id: t\n          actions: []\n").replace('\n', "\r\n"),
            "metadata.colour",
            (4, 3),
        ),
    ];
    for (content, path, position) in cases {
        let report = validate(&mut app, &content, ScriptType::Session).await;
        let unknown = report
            .warnings
            .iter()
            .find(|w| w.code == "UNKNOWN_KEY" && w.path == path)
            .unwrap_or_else(|| panic!("{path}: {:?}", codes(&report.warnings)));
        assert_eq!((unknown.line, unknown.column), position, "{path}");
    }

    // A bad value is located at the value, a block scalar at its header.
    let bad_timing = AWARENESS.replace(
        "    trigger_timing: after_user_message\n",
        "    trigger_timing: >\n      whenever\n",
    );
    let report = validate(&mut app, &bad_timing, ScriptType::Awareness).await;
    assert_eq!(report.errors.len(), 1, "{:?}", codes(&report.errors));
    assert_eq!((report.errors[0].line, report.errors[0].column), (13, 21));
}

backend_tests!(
    current_style_is_clean_and_deprecated_style_only_noted,
    techniques_keep_their_root_metadata,
    awareness_scripts_are_stored_listed_revised_and_published,
    unknown_shapes_name_their_root_keys,
    findings_point_at_the_key,
);
