//! The working copy's validation: which files a project needs and what each must hold.

use super::{
    DEFAULT_FILES, Deserialize, FieldViolation, FileType, Issue, MAX_FILES, ProjectFileData, ScriptType, Serialize,
    Severity, validation, yaml,
};

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
    pub issue: Issue,
}

/// The validation of a working copy.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct DraftReport {
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

/// Whether a working copy validates, as stored with its draft.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DraftStatus {
    Valid,
    Invalid,
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
