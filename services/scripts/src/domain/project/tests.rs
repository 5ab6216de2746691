use super::*;

fn file(file_type: FileType, name: &str, text: &str) -> ProjectFileData {
    ProjectFileData::parse("", file_type, name, "", text).unwrap()
}

fn defaults() -> Vec<ProjectFileData> {
    DEFAULT_FILES.iter().map(|(t, n, x)| file(*t, n, x)).collect()
}

#[test]
fn lifecycle() {
    use ProjectStatus::*;
    assert_eq!(Draft.publish(), Ok(Published));
    assert_eq!(Archived.publish(), Err(ProjectRefusal::Archived));
    assert_eq!(Deprecated.publish(), Err(ProjectRefusal::Deprecated));
    assert_eq!(Published.deprecate(), Ok(Deprecated));
    assert_eq!(Deprecated.restore(), Ok(Draft));
    assert_eq!(Draft.restore(), Err(ProjectRefusal::NotDeprecated));
    assert_eq!(Deprecated.archive(), Archived);
}

#[test]
fn version_numbers() {
    let v = |s| VersionNumber::parse("v", s).unwrap();
    assert!(v("1.10.0") > v("1.9.9"));
    assert_eq!(v("1.2.3").next_patch().to_string(), "1.2.4");
    for bad in [
        "1.2",
        "1.2.3.4",
        "01.2.3",
        "a.b.c",
        "1.2.-3",
        "",
        "1.2.3-rc1",
        "99999999999.0.0",
    ] {
        assert!(VersionNumber::parse("v", bad).is_err(), "{bad}");
    }
    assert_eq!(VersionNumber::choose(None, None).unwrap(), VersionNumber::FIRST);
    assert_eq!(VersionNumber::choose(None, Some(v("1.0.9"))).unwrap(), v("1.0.10"));
    assert!(VersionNumber::choose(Some(v("1.0.9")), Some(v("1.0.9"))).is_err());
    assert!(VersionNumber::choose(Some(v("1.0.8")), Some(v("1.0.9"))).is_err());
    assert_eq!(
        VersionNumber::choose(Some(v("2.0.0")), Some(v("1.0.9"))).unwrap(),
        v("2.0.0")
    );
}

#[test]
fn drafts_validate_every_file_against_the_globals() {
    let mut files = defaults();
    assert!(validate_working_copy(&files).is_valid());
    files[0] = file(FileType::Global, "global", "variables:\n  client_name: ''\n");
    files.push(file(
        FileType::Session,
        "intake",
        "session:\n  session_id: s\n  phases:\n    - phase_id: p\n      topics:\n        - topic_id: t\n          actions:\n            - {action_type: ai_say, action_id: a, config: {content_template: 'Hi ${client_name} ${x}'}}\n",
    ));
    files.push(file(FileType::Rules, "broken", "a: [\n"));
    files.push(file(FileType::Template, "mail", "Dear {{ name }}: [ not yaml"));
    let report = validate_working_copy(&files);
    assert_eq!(report.errors.len(), 1, "{:?}", report.errors);
    assert_eq!(
        (
            report.errors[0].file_name.as_str(),
            report.errors[0].issue.code.as_str()
        ),
        ("broken", "YAML_SYNTAX")
    );
    assert!(report.errors[0].issue.line >= 1);
    let unresolved: Vec<_> = report
        .warnings
        .iter()
        .filter(|w| w.issue.code == "UNRESOLVED_VARIABLE")
        .collect();
    assert_eq!(unresolved.len(), 1, "only ${{x}} is unknown: {unresolved:?}");

    files.retain(|f| f.file_type != FileType::Skills);
    let report = validate_working_copy(&files);
    assert!(
        report
            .errors
            .iter()
            .any(|e| e.issue.code == "MISSING_DEFAULT_FILE" && e.file_type == FileType::Skills)
    );
}

#[test]
fn working_copies_reject_duplicates() {
    let mut files = defaults();
    files.push(file(FileType::Roles, "roles", "roles: []\n"));
    assert_eq!(check_working_copy(&files).unwrap_err()[0].field, "files[3].file_name");
    let mut files = defaults();
    files[0].file_path = Some("a.yaml".into());
    files[1].file_path = Some("a.yaml".into());
    assert_eq!(check_working_copy(&files).unwrap_err()[0].field, "files[1].file_path");
}

#[test]
fn diffs_name_files_and_json_paths() {
    let from = vec![
        file(FileType::Global, "global", "variables: {a: 1}\n"),
        file(
            FileType::Session,
            "s",
            "session:\n  phases:\n    - {phase_id: p, phase_name: Old}\n",
        ),
        file(FileType::Template, "gone", "x"),
    ];
    let mut to = vec![
        file(FileType::Global, "global", "variables: {a: 1}\n"),
        file(
            FileType::Session,
            "s",
            "session:\n  phases:\n    - {phase_id: p, phase_name: New}\n    - {phase_id: q}\n",
        ),
        file(FileType::Rules, "new", "r: 1\n"),
    ];
    to[0].file_path = None;
    let diffs = diff(&from, &to);
    let summary: Vec<_> = diffs.iter().map(|d| (d.file_name.as_str(), d.change)).collect();
    assert_eq!(
        summary,
        [
            ("global", Change::Unchanged),
            ("new", Change::Added),
            ("s", Change::Modified),
            ("gone", Change::Removed)
        ]
    );
    assert_eq!(
        diffs[2].changed_paths,
        ["session.phases[0].phase_name", "session.phases[1]"]
    );
    assert_eq!(
        snapshot_sha256(&from),
        snapshot_sha256(&from.iter().rev().cloned().collect::<Vec<_>>())
    );
    assert_ne!(snapshot_sha256(&from), snapshot_sha256(&to));
}
