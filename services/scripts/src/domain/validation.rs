//! Script validation (docs/SCRIPT_LANGUAGE.md), shared by create, update, validate and publish.
//!
//! Errors make a script unusable: the YAML does not parse, its root matches no
//! script shape, a required id is missing or repeated within its level, an
//! action lacks its type or id. Warnings never block: unknown action types and
//! keys (so new engine features need no service release) and `${var}` or
//! `{{var}}` references that resolve to nothing known. Notes are information
//! only: a deprecated key that still works. What the language contains is in
//! [`super::language`].

mod walk;

use agentbase_platform::error::FieldViolation;

use super::{
    ScriptType,
    yaml::{self, Node, Value},
};

/// How serious a finding is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    /// Blocks storing and publishing.
    Error,
    /// Reported, never blocking.
    Warning,
    /// Information only (a deprecated key that still works).
    Info,
}

/// One finding, located in the document.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Issue {
    /// Error, warning or note.
    pub severity: Severity,
    /// Stable UPPER_SNAKE code.
    pub code: String,
    /// Path in the document, e.g. `session.phases[1].topics[0].actions[2]`.
    pub path: String,
    /// 1-based line.
    pub line: u32,
    /// 1-based column.
    pub column: u32,
    /// Human-readable explanation.
    pub message: String,
}

/// The code of a document whose root matches no script shape.
pub const UNKNOWN_SCRIPT_SHAPE: &str = "UNKNOWN_SCRIPT_SHAPE";

impl Issue {
    /// `path (line L, column C): message`, the form used in field violations.
    pub fn describe(&self) -> String {
        let path = if self.path.is_empty() { "document" } else { &self.path };
        format!("{path} (line {}, column {}): {}", self.line, self.column, self.message)
    }

    /// This error as a violation of the request field `field`; a document of
    /// no known shape is answered with its own reason.
    pub fn to_violation(&self, field: &str) -> FieldViolation {
        let violation = FieldViolation::new(field, self.describe());
        if self.code == UNKNOWN_SCRIPT_SHAPE {
            violation.with_reason(UNKNOWN_SCRIPT_SHAPE)
        } else {
            violation
        }
    }
}

/// The outcome of validating one document.
#[derive(Debug, Clone, PartialEq)]
pub struct Report {
    /// The type the document was checked as.
    pub script_type: ScriptType,
    pub errors: Vec<Issue>,
    /// Non-blocking findings.
    pub warnings: Vec<Issue>,
    /// Information (deprecated keys).
    pub notes: Vec<Issue>,
    /// The document as JSON, when it parsed.
    pub document: Option<serde_json::Value>,
}

/// The warning on a stored document whose parsed form nests too deep to be
/// served (stored before the limit existed); its text is served as is.
pub fn too_deep_to_serve() -> Issue {
    Issue {
        severity: Severity::Warning,
        code: "DOCUMENT_TOO_DEEP".into(),
        path: String::new(),
        line: 1,
        column: 1,
        message: format!(
            "the document nests deeper than {} levels, so its parsed form is not served",
            super::yaml::MAX_DEPTH
        ),
    }
}

/// The issue code of a document refused for its size or depth, not its content.
pub const DOCUMENT_LIMIT: &str = "DOCUMENT_LIMIT";

impl Report {
    /// The document nests too deep or expands to too many nodes: the request
    /// carrying it is refused as a whole (`field` names the text), whatever
    /// else the report says.
    pub fn check_limits(&self, field: &str) -> Result<(), FieldViolation> {
        match self.errors.iter().find(|issue| issue.code == DOCUMENT_LIMIT) {
            Some(issue) => Err(FieldViolation::new(field, issue.describe())),
            None => Ok(()),
        }
    }

    /// True when nothing blocks the document.
    pub fn is_valid(&self) -> bool {
        self.errors.is_empty()
    }

    /// The version the document declares: `metadata.version`, or a
    /// technique's own top-level `version`, if it is a scalar.
    pub fn declared_version(&self) -> Option<String> {
        let document = self.document.as_ref()?;
        let version = document
            .get("metadata")
            .and_then(|metadata| metadata.get("version"))
            .or_else(|| {
                (self.script_type != ScriptType::Session)
                    .then(|| document.get("version"))
                    .flatten()
            })?;
        match version {
            serde_json::Value::String(s) => Some(s.clone()),
            serde_json::Value::Number(n) => Some(n.to_string()),
            _ => None,
        }
    }

    /// Warnings and notes, as stored with a revision or a draft.
    pub fn findings(&self) -> Vec<Issue> {
        self.warnings.iter().chain(&self.notes).cloned().collect()
    }
}

/// Splits stored findings into warnings and notes.
pub fn split_findings(findings: Vec<Issue>) -> (Vec<Issue>, Vec<Issue>) {
    findings.into_iter().partition(|issue| issue.severity != Severity::Info)
}

/// The script type a document's root has the shape of, if any.
fn shape_of(root: &Node) -> Option<ScriptType> {
    if root.get("session").is_some() {
        Some(ScriptType::Session)
    } else if root.get("consciousness").is_some() {
        Some(ScriptType::Awareness)
    } else if root.get("technique_id").is_some() || root.get("topic").is_some() {
        Some(ScriptType::Technique)
    } else {
        None
    }
}

fn shape_description(script_type: ScriptType) -> &'static str {
    match script_type {
        ScriptType::Session => "the session shape (`session` with phases)",
        ScriptType::Technique => "the technique shape (`technique_id`, `topic`)",
        ScriptType::Awareness => "the awareness shape (`consciousness` with `consciousness_id`)",
    }
}

/// Validates `content` as `requested` (or as the type its shape implies when `None`).
/// `known_variables` are names defined outside the script, such as project globals.
pub fn validate(content: &str, requested: Option<ScriptType>, known_variables: &[String]) -> Report {
    let fallback_type = requested.unwrap_or(ScriptType::Session);
    // A byte order mark is not part of the document (YAML 1.2, 5.2).
    let content = content.strip_prefix('\u{feff}').unwrap_or(content);
    let mut checker = walk::Checker::new(known_variables, yaml::Source::new(content));
    let root = match yaml::parse(content) {
        Ok(root) => root,
        Err(err) => {
            let code = if err.over_limit { DOCUMENT_LIMIT } else { "YAML_SYNTAX" };
            checker.error(code, "", (err.line, err.column), err.message);
            return checker.finish(fallback_type, None);
        }
    };
    checker.reject_nul(&root, "");
    let Value::Map(entries) = &root.value else {
        checker.error_at("NOT_A_MAPPING", "", &root, "the document must be a mapping".into());
        return checker.finish(fallback_type, None);
    };
    let found = shape_of(&root);
    let script_type = match (requested, found) {
        (None, Some(found)) => found,
        // Awareness scripts written before the consciousness shape followed the technique shape.
        (Some(ScriptType::Awareness), Some(ScriptType::Technique)) => ScriptType::Awareness,
        (Some(requested), Some(found)) if requested == found => requested,
        (Some(requested), Some(found)) => {
            checker.error_at(
                "WRONG_SHAPE",
                "",
                &root,
                format!(
                    "{} {} script has {}, but this document has {}",
                    if requested == ScriptType::Awareness { "an" } else { "a" },
                    requested.as_str(),
                    shape_description(requested),
                    shape_description(found)
                ),
            );
            return checker.finish(requested, Some(root.to_json()));
        }
        (_, None) => {
            let keys: Vec<String> = entries.iter().map(|(key, _)| format!("`{key}`")).collect();
            checker.error_at(
                UNKNOWN_SCRIPT_SHAPE,
                "",
                &root,
                format!(
                    "the document's root ({}) matches no script shape: a session script has `session`, \
                     a technique `technique_id` and `topic`, an awareness script `consciousness`",
                    if keys.is_empty() {
                        "empty".to_owned()
                    } else {
                        keys.join(", ")
                    }
                ),
            );
            return checker.finish(fallback_type, Some(root.to_json()));
        }
    };
    match (script_type, found) {
        (ScriptType::Session, _) => checker.session_script(&root),
        (ScriptType::Awareness, Some(ScriptType::Awareness)) => checker.awareness_script(&root),
        _ => checker.technique_script(&root),
    }
    checker.finish(script_type, Some(root.to_json()))
}

/// The names referenced as `${name}` or `{{name}}` in `text`.
pub fn references(text: &str) -> Vec<&str> {
    written_references(text).into_iter().map(|(name, _)| name).collect()
}

/// Each reference in `text` as (name, the reference as written, braces
/// included), `${…}` ones first, each kind in order.
pub fn written_references(text: &str) -> Vec<(&str, &str)> {
    let mut found = Vec::new();
    for (open, close) in [("${", "}"), ("{{", "}}")] {
        let mut offset = 0;
        while let Some(start) = text[offset..].find(open).map(|at| offset + at) {
            let inside = start + open.len();
            let Some(end) = text[inside..].find(close).map(|at| inside + at) else {
                break;
            };
            let name = text[inside..end].trim();
            if is_variable_name(name) {
                found.push((name, &text[start..end + close.len()]));
            }
            offset = end + close.len();
        }
    }
    found
}

/// A variable name as templates write it: letters, digits, `_`, `.` and
/// `-`, not starting with a digit (so `{{#if …}}` helpers are not variables).
fn is_variable_name(name: &str) -> bool {
    let mut chars = name.chars();
    chars.next().is_some_and(|first| first.is_alphabetic() || first == '_')
        && chars.all(|c| c.is_alphanumeric() || matches!(c, '_' | '.' | '-'))
}

#[cfg(test)]
mod tests;
