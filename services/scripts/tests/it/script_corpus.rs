//! The corpus of scripts written the way the HeartRule engine's repository
//! writes them (`tests/fixtures/engine_corpus`), through the generated client
//! on PostgreSQL and SQLite, each as written and with CR LF line ends: the
//! sound ones are stored with no finding at all, and each deliberately wrong
//! one gets exactly the findings its `# expect:` lines name, at their line
//! and column.

use std::path::PathBuf;

use agentbase_proto::scripts::v1::{
    CreateScriptRequest, ScriptType, ValidateScriptRequest, ValidationIssue, ValidationSeverity,
};
use agentbase_testkit::{Backend, backend_tests, spawn_app};

/// One finding as the corpus writes it: severity, code, line, column.
type Expected = (String, String, i32, i32);

fn corpus() -> Vec<(String, String)> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/engine_corpus");
    let mut scripts: Vec<(String, String)> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "yaml"))
        .map(|path| {
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            (name, std::fs::read_to_string(&path).unwrap())
        })
        .collect();
    scripts.sort();
    scripts
}

/// The `# expect: <severity> <CODE> <line>:<column>` lines of a script.
fn expected(content: &str) -> Vec<Expected> {
    let mut found: Vec<Expected> = content
        .lines()
        .filter_map(|line| line.strip_prefix("# expect: "))
        .map(|spec| {
            let parts: Vec<&str> = spec.split_whitespace().collect();
            let (line, column) = parts[2].split_once(':').unwrap();
            (
                parts[0].to_owned(),
                parts[1].to_owned(),
                line.parse().unwrap(),
                column.parse().unwrap(),
            )
        })
        .collect();
    found.sort();
    found
}

fn actual(issues: impl IntoIterator<Item = ValidationIssue>) -> Vec<Expected> {
    let mut found: Vec<Expected> = issues
        .into_iter()
        .map(|issue| {
            let severity = match ValidationSeverity::try_from(issue.severity) {
                Ok(ValidationSeverity::Error) => "error",
                Ok(ValidationSeverity::Warning) => "warning",
                _ => "info",
            };
            (severity.to_owned(), issue.code, issue.line, issue.column)
        })
        .collect();
    found.sort();
    found
}

async fn the_engine_style_corpus_gets_exactly_its_findings(backend: Backend) {
    let mut app = spawn_app(backend).await;
    let scripts = corpus();
    assert!(scripts.len() >= 15, "the corpus holds {} scripts", scripts.len());
    let clean = scripts
        .iter()
        .filter(|(_, content)| expected(content).is_empty())
        .count();
    assert!(clean >= 10, "{clean} scripts are meant to be clean");
    for (name, content) in &scripts {
        let want = expected(content);
        for (line_ends, text) in [("LF", content.clone()), ("CR LF", content.replace('\n', "\r\n"))] {
            let report = app
                .scripts
                .validate_script(ValidateScriptRequest {
                    content: text.clone(),
                    ..Default::default()
                })
                .await
                .unwrap()
                .into_inner();
            let got = actual(
                report
                    .errors
                    .iter()
                    .chain(&report.warnings)
                    .chain(&report.notes)
                    .cloned(),
            );
            assert_eq!(got, want, "{name} ({line_ends}): {report:#?}");
            if report.valid {
                let stored = app
                    .scripts
                    .create_script(CreateScriptRequest {
                        name: format!("{name} {line_ends}"),
                        content: text,
                        ..Default::default()
                    })
                    .await
                    .unwrap_or_else(|status| panic!("{name} ({line_ends}) is stored: {status:?}"))
                    .into_inner();
                assert_ne!(stored.script_type, ScriptType::Unspecified as i32);
                let revision = stored.revision.expect("the stored revision comes back");
                assert_eq!(
                    actual(revision.warnings.into_iter().chain(revision.notes)),
                    want,
                    "{name} ({line_ends}) is stored with its findings"
                );
            }
        }
    }
}

backend_tests!(the_engine_style_corpus_gets_exactly_its_findings);
