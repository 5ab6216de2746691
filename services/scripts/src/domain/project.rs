//! Rules of projects: lifecycle, file types, semantic version numbers, draft
//! validation across files, snapshots and diffs. No tonic, no sea-orm.

use std::{cmp::Ordering, collections::BTreeMap, fmt};

use agentbase_platform::error::FieldViolation;
use serde::{Deserialize, Serialize};

use super::{
    ScriptType, check_text,
    validation::{self, Issue, Severity},
    yaml,
};

/// Most files in one project.
pub const MAX_FILES: usize = 200;
/// Largest file text, in bytes.
pub const MAX_FILE_TEXT_BYTES: usize = 1024 * 1024;
/// Longest file or project name, in characters.
pub const MAX_NAME_CHARS: usize = 255;
/// Longest file path, in characters.
pub const MAX_PATH_CHARS: usize = 1024;
/// Largest metadata, as JSON bytes.
pub const MAX_METADATA_BYTES: usize = 256 * 1024;

/// Where a project is in its lifecycle.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ProjectStatus {
    /// Never published, or restored.
    Draft,
    /// Has a current version.
    Published,
    /// Read-only.
    Archived,
    /// Superseded; read-only until restored.
    Deprecated,
}

/// Why a lifecycle step is refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ProjectRefusal {
    /// The project is archived.
    Archived,
    /// The project is deprecated.
    Deprecated,
    /// Only a deprecated project can be restored.
    NotDeprecated,
}

impl ProjectRefusal {
    /// The UPPER_SNAKE reason.
    pub fn reason(self) -> &'static str {
        match self {
            Self::Archived => "PROJECT_ARCHIVED",
            Self::Deprecated => "PROJECT_DEPRECATED",
            Self::NotDeprecated => "PROJECT_NOT_DEPRECATED",
        }
    }

    /// What is wrong, for callers.
    pub fn describe(self) -> &'static str {
        match self {
            Self::Archived => "the project is archived and read-only",
            Self::Deprecated => "the project is deprecated; restore it first",
            Self::NotDeprecated => "only a deprecated project can be restored",
        }
    }
}

impl ProjectStatus {
    /// The stored name.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Draft => "draft",
            Self::Published => "published",
            Self::Archived => "archived",
            Self::Deprecated => "deprecated",
        }
    }

    /// Fields, files and the draft may change only in draft or published.
    pub fn check_editable(self) -> Result<(), ProjectRefusal> {
        match self {
            Self::Draft | Self::Published => Ok(()),
            Self::Archived => Err(ProjectRefusal::Archived),
            Self::Deprecated => Err(ProjectRefusal::Deprecated),
        }
    }

    /// After a publish or rollback.
    pub fn publish(self) -> Result<Self, ProjectRefusal> {
        self.check_editable().map(|()| Self::Published)
    }

    /// After archiving; archiving twice is harmless.
    pub fn archive(self) -> Self {
        Self::Archived
    }

    /// After deprecating; only editable projects can be deprecated.
    pub fn deprecate(self) -> Result<Self, ProjectRefusal> {
        self.check_editable().map(|()| Self::Deprecated)
    }

    /// After restoring: deprecated → draft.
    pub fn restore(self) -> Result<Self, ProjectRefusal> {
        match self {
            Self::Deprecated => Ok(Self::Draft),
            _ => Err(ProjectRefusal::NotDeprecated),
        }
    }
}

/// The role of a file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FileType {
    /// Project-wide variables.
    Global,
    /// Roles.
    Roles,
    /// Skills.
    Skills,
    /// Forms.
    Forms,
    /// Rules.
    Rules,
    /// A session script.
    Session,
    /// A template (text, not parsed).
    Template,
}

impl FileType {
    /// The stored name.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Global => "global",
            Self::Roles => "roles",
            Self::Skills => "skills",
            Self::Forms => "forms",
            Self::Rules => "rules",
            Self::Session => "session",
            Self::Template => "template",
        }
    }

    /// Whether the text is YAML to parse.
    pub fn is_yaml(self) -> bool {
        self != Self::Template
    }
}

/// The files every project starts with and must keep.
pub const DEFAULT_FILES: [(FileType, &str, &str); 3] = [
    (FileType::Global, "global", "variables: {}\n"),
    (FileType::Roles, "roles", "roles: []\n"),
    (FileType::Skills, "skills", "skills: []\n"),
];

/// A `MAJOR.MINOR.PATCH` version number.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct VersionNumber {
    /// Major.
    pub major: u32,
    /// Minor.
    pub minor: u32,
    /// Patch.
    pub patch: u32,
}

impl VersionNumber {
    /// The first version of a project.
    pub const FIRST: Self = Self {
        major: 1,
        minor: 0,
        patch: 0,
    };

    /// Parses `MAJOR.MINOR.PATCH` (digits only, no leading zeros, each ≤ 2^31 − 1).
    pub fn parse(field: &str, raw: &str) -> Result<Self, FieldViolation> {
        let invalid = || FieldViolation::new(field, "must be a version like 1.2.3 (MAJOR.MINOR.PATCH)");
        let parts: Vec<&str> = raw.split('.').collect();
        let [major, minor, patch] = parts.as_slice() else {
            return Err(invalid());
        };
        let number = |part: &str| -> Result<u32, FieldViolation> {
            if part.is_empty() || !part.bytes().all(|b| b.is_ascii_digit()) || (part.len() > 1 && part.starts_with('0'))
            {
                return Err(invalid());
            }
            part.parse::<u32>()
                .ok()
                .filter(|n| *n <= i32::MAX as u32)
                .ok_or_else(invalid)
        };
        Ok(Self {
            major: number(major)?,
            minor: number(minor)?,
            patch: number(patch)?,
        })
    }

    /// The next patch version.
    pub fn next_patch(self) -> Self {
        Self {
            patch: self.patch.saturating_add(1),
            ..self
        }
    }

    /// The version a publish gets: the one asked for, which must be above the
    /// latest, or the latest's next patch (1.0.0 for the first).
    pub fn choose(requested: Option<Self>, latest: Option<Self>) -> Result<Self, FieldViolation> {
        match (requested, latest) {
            (Some(requested), Some(latest)) if requested.cmp(&latest) != Ordering::Greater => Err(FieldViolation::new(
                "version_number",
                format!("must be greater than the latest version {latest}"),
            )),
            (Some(requested), _) => Ok(requested),
            (None, Some(latest)) => Ok(latest.next_patch()),
            (None, None) => Ok(Self::FIRST),
        }
    }
}

impl fmt::Display for VersionNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}.{}.{}", self.major, self.minor, self.patch)
    }
}

/// A file of the working copy or of a snapshot.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ProjectFileData {
    /// Role.
    pub file_type: FileType,
    /// Name, unique per type.
    pub file_name: String,
    /// Path, unique when set.
    pub file_path: Option<String>,
    /// Raw text.
    pub text: String,
    /// Parsed YAML, when it parses.
    pub content: Option<serde_json::Value>,
}

impl ProjectFileData {
    /// Checks the fields of one file (supplied under `field`) and parses its text.
    pub fn parse(
        field: &str,
        file_type: FileType,
        file_name: &str,
        file_path: &str,
        text: &str,
    ) -> Result<Self, Vec<FieldViolation>> {
        let mut violations = Vec::new();
        let name_field = format!("{field}file_name");
        if file_name.trim().is_empty() {
            violations.push(FieldViolation::new(&name_field, "is required"));
        } else if let Err(v) = check_text(&name_field, file_name, MAX_NAME_CHARS) {
            violations.push(v);
        }
        if let Err(v) = check_text(&format!("{field}file_path"), file_path, MAX_PATH_CHARS) {
            violations.push(v);
        }
        if text.len() > MAX_FILE_TEXT_BYTES {
            violations.push(FieldViolation::new(
                format!("{field}text"),
                format!("must be at most {MAX_FILE_TEXT_BYTES} bytes"),
            ));
        } else if text.contains('\0') {
            violations.push(FieldViolation::new(
                format!("{field}text"),
                "must not contain NUL characters",
            ));
        }
        if !violations.is_empty() {
            return Err(violations);
        }
        // A file that does not parse is kept (the draft says what is wrong);
        // one beyond the document limits is refused.
        let content = parse_content(file_type, text).map_err(|err| {
            vec![FieldViolation::new(
                format!("{field}text"),
                format!("document (line {}, column {}): {}", err.line, err.column, err.message),
            )]
        })?;
        Ok(Self {
            file_type,
            file_name: file_name.to_owned(),
            file_path: (!file_path.is_empty()).then(|| file_path.to_owned()),
            text: text.to_owned(),
            content,
        })
    }
}

/// Parsed YAML of a YAML file whose text parses (and is free of NUL), `None`
/// when it does not parse; an error when the document is beyond the limits.
pub fn parse_content(file_type: FileType, text: &str) -> Result<Option<serde_json::Value>, yaml::SyntaxError> {
    if !file_type.is_yaml() {
        return Ok(None);
    }
    match yaml::parse(text) {
        Ok(root) => {
            let json = root.to_json();
            Ok((!json.to_string().contains("\\u0000")).then_some(json))
        }
        Err(err) if err.over_limit => Err(err),
        Err(_) => Ok(None),
    }
}

/// Checks a whole working copy: count, unique names per type and unique paths.
pub fn check_working_copy(files: &[ProjectFileData]) -> Result<(), Vec<FieldViolation>> {
    let mut violations = Vec::new();
    if files.len() > MAX_FILES {
        violations.push(FieldViolation::new(
            "files",
            format!("a project holds at most {MAX_FILES} files"),
        ));
    }
    let mut names = std::collections::HashSet::new();
    let mut paths = std::collections::HashSet::new();
    for (i, file) in files.iter().enumerate() {
        if !names.insert((file.file_type, file.file_name.as_str())) {
            violations.push(FieldViolation::new(
                format!("files[{i}].file_name"),
                format!("another {} file is named `{}`", file.file_type.as_str(), file.file_name),
            ));
        }
        if let Some(path) = &file.file_path
            && !paths.insert(path.as_str())
        {
            violations.push(FieldViolation::new(
                format!("files[{i}].file_path"),
                format!("`{path}` is used twice"),
            ));
        }
    }
    if violations.is_empty() { Ok(()) } else { Err(violations) }
}

/// A validation finding in one file (or the project, with an empty file name).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProjectIssue {
    /// The file's type.
    pub file_type: FileType,
    /// The file's name.
    pub file_name: String,
    /// The finding.
    pub issue: Issue,
}

/// The validation of a working copy.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct DraftReport {
    /// Blocking findings.
    pub errors: Vec<ProjectIssue>,
    /// Non-blocking findings.
    pub warnings: Vec<ProjectIssue>,
    /// Information (deprecated keys).
    pub notes: Vec<ProjectIssue>,
}

impl DraftReport {
    /// True when nothing blocks publishing.
    pub fn is_valid(&self) -> bool {
        self.errors.is_empty()
    }
}

/// Validates every file of a working copy: YAML parses (with line and column),
/// session files validate as session scripts with the project's globals known,
/// and the default files are present.
pub fn validate_working_copy(files: &[ProjectFileData]) -> DraftReport {
    let mut report = DraftReport::default();
    for (file_type, _, _) in DEFAULT_FILES {
        if !files.iter().any(|f| f.file_type == file_type) {
            report.errors.push(ProjectIssue {
                file_type,
                file_name: String::new(),
                issue: Issue {
                    severity: Severity::Error,
                    code: "MISSING_DEFAULT_FILE".into(),
                    path: String::new(),
                    line: 0,
                    column: 0,
                    message: format!("the project needs a {} file", file_type.as_str()),
                },
            });
        }
    }
    let globals = global_variables(files);
    for file in files {
        let mut push = |issue: Issue| {
            let issue = ProjectIssue {
                file_type: file.file_type,
                file_name: file.file_name.clone(),
                issue,
            };
            match issue.issue.severity {
                Severity::Error => report.errors.push(issue),
                Severity::Warning => report.warnings.push(issue),
                Severity::Info => report.notes.push(issue),
            }
        };
        match file.file_type {
            FileType::Template => {}
            FileType::Session => {
                let checked = validation::validate(&file.text, Some(ScriptType::Session), &globals);
                checked
                    .errors
                    .into_iter()
                    .chain(checked.warnings)
                    .chain(checked.notes)
                    .for_each(&mut push);
            }
            _ => {
                if let Err(err) = yaml::parse(&file.text) {
                    push(Issue {
                        severity: Severity::Error,
                        code: "YAML_SYNTAX".into(),
                        path: String::new(),
                        line: err.line,
                        column: err.column,
                        message: err.message,
                    });
                }
            }
        }
    }
    report
}

/// Names defined by the global files: the keys of `variables` (a mapping), or
/// its items (names, or mappings with a `name`).
pub fn global_variables(files: &[ProjectFileData]) -> Vec<String> {
    let mut names = Vec::new();
    for file in files.iter().filter(|f| f.file_type == FileType::Global) {
        match file.content.as_ref().and_then(|c| c.get("variables")) {
            Some(serde_json::Value::Object(map)) => names.extend(map.keys().cloned()),
            Some(serde_json::Value::Array(items)) => names.extend(items.iter().filter_map(|item| match item {
                serde_json::Value::String(s) => Some(s.clone()),
                other => other.get("name").and_then(|n| n.as_str()).map(str::to_owned),
            })),
            _ => {}
        }
    }
    names
}

/// Hex SHA-256 of a working copy or snapshot: its files' types, names, paths and texts, in canonical order.
pub fn snapshot_sha256(files: &[ProjectFileData]) -> String {
    let mut keyed: Vec<&ProjectFileData> = files.iter().collect();
    keyed.sort_by(|a, b| (a.file_type, &a.file_name).cmp(&(b.file_type, &b.file_name)));
    let mut digest = agentbase_platform::digest::Parts::new();
    for file in keyed {
        digest
            .part(file.file_type.as_str())
            .part(&file.file_name)
            .part(file.file_path.as_deref().unwrap_or("\u{0}"))
            .part(&file.text);
    }
    digest.hex()
}

/// How one file differs between two sides.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Change {
    /// Only in `to`.
    Added,
    /// Only in `from`.
    Removed,
    /// In both, different.
    Modified,
    /// In both, identical.
    Unchanged,
}

/// One file's difference.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileDiff {
    /// Role.
    pub file_type: FileType,
    /// Name.
    pub file_name: String,
    /// What changed.
    pub change: Change,
    /// JSON paths that differ, for modified YAML files.
    pub changed_paths: Vec<String>,
    /// Path on the `from` side.
    pub from_path: Option<String>,
    /// Path on the `to` side.
    pub to_path: Option<String>,
}

/// Compares two sides file by file, matched by (type, name).
pub fn diff(from: &[ProjectFileData], to: &[ProjectFileData]) -> Vec<FileDiff> {
    type Sides<'a> = (Option<&'a ProjectFileData>, Option<&'a ProjectFileData>);
    let mut sides: BTreeMap<(FileType, &str), Sides> = BTreeMap::new();
    for file in from {
        sides.entry((file.file_type, &file.file_name)).or_default().0 = Some(file);
    }
    for file in to {
        sides.entry((file.file_type, &file.file_name)).or_default().1 = Some(file);
    }
    sides
        .into_iter()
        .map(|((file_type, file_name), (old, new))| {
            let (change, changed_paths) = match (old, new) {
                (None, _) => (Change::Added, Vec::new()),
                (_, None) => (Change::Removed, Vec::new()),
                (Some(old), Some(new)) if old.text == new.text && old.file_path == new.file_path => {
                    (Change::Unchanged, Vec::new())
                }
                (Some(old), Some(new)) => {
                    let mut paths = Vec::new();
                    if let (Some(a), Some(b)) = (&old.content, &new.content) {
                        json_differences(a, b, "", &mut paths);
                    }
                    (Change::Modified, paths)
                }
            };
            FileDiff {
                file_type,
                file_name: file_name.to_owned(),
                change,
                changed_paths,
                from_path: old.and_then(|f| f.file_path.clone()),
                to_path: new.and_then(|f| f.file_path.clone()),
            }
        })
        .collect()
}

/// Collects the paths where two JSON values differ (`$` for the root itself).
pub fn json_differences(a: &serde_json::Value, b: &serde_json::Value, path: &str, out: &mut Vec<String>) {
    use serde_json::Value;
    let here = || {
        if path.is_empty() {
            "$".to_owned()
        } else {
            path.to_owned()
        }
    };
    match (a, b) {
        (Value::Object(x), Value::Object(y)) => {
            let keys: std::collections::BTreeSet<&String> = x.keys().chain(y.keys()).collect();
            for key in keys {
                let child = if path.is_empty() {
                    key.clone()
                } else {
                    format!("{path}.{key}")
                };
                match (x.get(key), y.get(key)) {
                    (Some(p), Some(q)) => json_differences(p, q, &child, out),
                    _ => out.push(child),
                }
            }
        }
        (Value::Array(x), Value::Array(y)) => {
            for i in 0..x.len().max(y.len()) {
                let child = format!("{path}[{i}]");
                match (x.get(i), y.get(i)) {
                    (Some(p), Some(q)) => json_differences(p, q, &child, out),
                    _ => out.push(child),
                }
            }
        }
        _ if a != b => out.push(here()),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
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
}

/// Whether a working copy validates, as stored with its draft.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DraftStatus {
    /// No errors.
    Valid,
    /// Errors.
    Invalid,
    /// Not computed.
    Unknown,
}

impl DraftReport {
    /// The status this report gives a draft.
    pub fn status(&self) -> DraftStatus {
        if self.is_valid() {
            DraftStatus::Valid
        } else {
            DraftStatus::Invalid
        }
    }
}

/// One deprecation of a project.
#[derive(Debug, Clone, PartialEq)]
pub struct Deprecation {
    /// Why.
    pub reason: String,
    /// Who.
    pub deprecated_by: String,
    /// When.
    pub deprecated_at: chrono::DateTime<chrono::Utc>,
    /// When it was restored.
    pub restored_at: Option<chrono::DateTime<chrono::Utc>>,
}

/// A stored project, as reads return it.
#[derive(Debug, Clone, PartialEq)]
pub struct Project {
    /// UUIDv7.
    pub id: uuid::Uuid,
    /// Name.
    pub name: String,
    /// Description.
    pub description: String,
    /// Engine version.
    pub engine_version: String,
    /// Oldest engine version.
    pub engine_version_min: String,
    /// Status.
    pub status: ProjectStatus,
    /// Owner.
    pub author: String,
    /// Tags.
    pub tags: Vec<String>,
    /// Metadata (a JSON object).
    pub metadata: serde_json::Value,
    /// Current version.
    pub current_version_id: Option<uuid::Uuid>,
    /// Its number.
    pub current_version_number: Option<String>,
    /// Files in the working copy.
    pub file_count: i64,
    /// Validation state of the working copy.
    pub draft_status: DraftStatus,
    /// Concurrency token.
    pub etag: String,
    /// Creation time.
    pub created_at: chrono::DateTime<chrono::Utc>,
    /// Last change.
    pub updated_at: chrono::DateTime<chrono::Utc>,
    /// Deprecation history (GetProject only).
    pub deprecations: Vec<Deprecation>,
}

/// A stored working-copy file.
#[derive(Debug, Clone, PartialEq)]
pub struct StoredFile {
    /// UUIDv7.
    pub id: uuid::Uuid,
    /// The project.
    pub project_id: uuid::Uuid,
    /// The file.
    pub data: ProjectFileData,
    /// Concurrency token.
    pub etag: String,
    /// Creation time.
    pub created_at: chrono::DateTime<chrono::Utc>,
    /// Last change.
    pub updated_at: chrono::DateTime<chrono::Utc>,
}

/// A draft: the working copy and its validation.
#[derive(Debug, Clone, PartialEq)]
pub struct Draft {
    /// The project.
    pub project_id: uuid::Uuid,
    /// Validation state.
    pub status: DraftStatus,
    /// Findings.
    pub report: DraftReport,
    /// Concurrency token of the working copy.
    pub etag: String,
    /// Last change.
    pub updated_at: chrono::DateTime<chrono::Utc>,
    /// Who changed it last.
    pub updated_by: String,
    /// The working copy.
    pub files: Vec<StoredFile>,
}

/// A published version.
#[derive(Debug, Clone, PartialEq)]
pub struct Version {
    /// UUIDv7.
    pub id: uuid::Uuid,
    /// The project.
    pub project_id: uuid::Uuid,
    /// `MAJOR.MINOR.PATCH`.
    pub version_number: String,
    /// Hex SHA-256 of the snapshot.
    pub content_sha256: String,
    /// Release note.
    pub release_note: String,
    /// Made by a rollback.
    pub is_rollback: bool,
    /// The version rolled back to.
    pub rollback_from_version_id: Option<uuid::Uuid>,
    /// When.
    pub published_at: chrono::DateTime<chrono::Utc>,
    /// Who.
    pub published_by: String,
    /// Files in the snapshot.
    pub file_count: i32,
    /// The snapshot (GetVersion only).
    pub files: Option<Vec<ProjectFileData>>,
}

/// A validated CreateProject (or the new project of a copy).
#[derive(Debug, Clone, Default)]
pub struct NewProject {
    /// Name.
    pub name: String,
    /// Description.
    pub description: String,
    /// Engine version.
    pub engine_version: String,
    /// Oldest engine version.
    pub engine_version_min: String,
    /// Owner.
    pub author: String,
    /// Tags.
    pub tags: super::Tags,
    /// Metadata object.
    pub metadata: serde_json::Map<String, serde_json::Value>,
}

/// Raw project fields as a request carries them.
#[derive(Debug, Clone, Default)]
pub struct ProjectInput {
    /// Name.
    pub name: String,
    /// Description.
    pub description: String,
    /// Engine version.
    pub engine_version: String,
    /// Oldest engine version.
    pub engine_version_min: String,
    /// Owner.
    pub author: String,
    /// Tags.
    pub tags: Vec<String>,
    /// Metadata object.
    pub metadata: serde_json::Map<String, serde_json::Value>,
}

/// The fields UpdateProject may change, by mask path.
pub const PROJECT_FIELDS: [&str; 7] = [
    "name",
    "description",
    "engine_version",
    "engine_version_min",
    "author",
    "tags",
    "metadata",
];

/// Checks one project field; `Ok` carries nothing, the caller keeps the raw value.
pub fn check_project_field(path: &str, input: &ProjectInput) -> Result<(), FieldViolation> {
    match path {
        "name" => {
            if input.name.trim().is_empty() {
                Err(FieldViolation::new("name", "is required"))
            } else {
                check_text("name", &input.name, MAX_NAME_CHARS)
            }
        }
        "description" => check_text("description", &input.description, super::MAX_DESCRIPTION_CHARS),
        "engine_version" => check_text("engine_version", &input.engine_version, 64),
        "engine_version_min" => check_text("engine_version_min", &input.engine_version_min, 64),
        "author" => check_text("author", &input.author, super::MAX_AUTHOR_CHARS),
        "tags" => super::Tags::parse("tags", &input.tags).map(|_| ()),
        "metadata" => {
            let size = serde_json::to_vec(&input.metadata).map_or(usize::MAX, |bytes| bytes.len());
            if size > MAX_METADATA_BYTES {
                Err(FieldViolation::new(
                    "metadata",
                    format!("must be at most {MAX_METADATA_BYTES} bytes as JSON"),
                ))
            } else if serde_json::Value::Object(input.metadata.clone())
                .to_string()
                .contains("\\u0000")
            {
                Err(FieldViolation::new("metadata", "must not contain NUL characters"))
            } else {
                Ok(())
            }
        }
        other => Err(FieldViolation::new(
            "update_mask",
            format!("`{other}` is not one of {}", PROJECT_FIELDS.join(", ")),
        )),
    }
}

impl NewProject {
    /// Checks every field; one violation per problem.
    pub fn parse(input: ProjectInput) -> Result<Self, Vec<FieldViolation>> {
        let violations: Vec<FieldViolation> = PROJECT_FIELDS
            .iter()
            .filter_map(|path| check_project_field(path, &input).err())
            .collect();
        if !violations.is_empty() {
            return Err(violations);
        }
        Ok(Self {
            tags: super::Tags::parse("tags", &input.tags).map_err(|v| vec![v])?,
            name: input.name,
            description: input.description,
            engine_version: input.engine_version,
            engine_version_min: input.engine_version_min,
            author: input.author,
            metadata: input.metadata,
        })
    }
}

/// Which fields an UpdateProject changes, with the new raw values.
#[derive(Debug, Clone, Default)]
pub struct ProjectPatch {
    /// Mask paths that apply.
    pub paths: Vec<String>,
    /// The values.
    pub values: ProjectInput,
}

impl ProjectPatch {
    /// Applies AIP-134 mask rules and checks each masked field.
    pub fn parse(paths: Vec<String>, values: ProjectInput) -> Result<Self, Vec<FieldViolation>> {
        let paths = if paths.is_empty() {
            let present = [
                ("name", !values.name.is_empty()),
                ("description", !values.description.is_empty()),
                ("engine_version", !values.engine_version.is_empty()),
                ("engine_version_min", !values.engine_version_min.is_empty()),
                ("author", !values.author.is_empty()),
                ("tags", !values.tags.is_empty()),
                ("metadata", !values.metadata.is_empty()),
            ];
            present
                .iter()
                .filter(|(_, set)| *set)
                .map(|(p, _)| (*p).to_owned())
                .collect()
        } else {
            paths
        };
        if paths.is_empty() {
            return Err(vec![FieldViolation::new("update_mask", "names no field to update")]);
        }
        let violations: Vec<FieldViolation> = paths
            .iter()
            .filter_map(|path| check_project_field(path, &values).err())
            .collect();
        if violations.is_empty() {
            Ok(Self { paths, values })
        } else {
            Err(violations)
        }
    }
}

/// Filters of ListProjects.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ProjectFilter {
    /// Only this status.
    pub status: Option<ProjectStatus>,
    /// With no status: include deprecated projects too.
    pub include_deprecated: bool,
    /// Only by this author.
    pub author: Option<String>,
    /// Only with this tag.
    pub tag: Option<String>,
    /// Case-folded text the name or description contains.
    pub query: Option<String>,
}

impl ProjectFilter {
    /// The parts a page token is bound to.
    pub fn fingerprint(&self) -> String {
        agentbase_platform::paging::fingerprint(&[
            "projects",
            self.status.map_or("", ProjectStatus::as_str),
            if self.include_deprecated { "1" } else { "0" },
            self.author.as_deref().unwrap_or(""),
            self.tag.as_deref().unwrap_or(""),
            self.query.as_deref().unwrap_or(""),
        ])
    }
}

/// One side of a diff.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DiffSide {
    /// A published version.
    Version(uuid::Uuid),
    /// The working copy.
    WorkingCopy,
}
