//! Script validation (DESIGN.md §4), shared by create, update, validate and publish.
//!
//! Errors make a script unusable: the YAML does not parse, a required id is
//! missing or repeated within its level, an action lacks its type or id.
//! Warnings never block: unknown action types and extra keys (so new engine
//! features need no service release) and `${var}` references that resolve to
//! nothing known.

use std::collections::HashSet;

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
}

/// One finding, located in the document.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Issue {
    /// Error or warning.
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

impl Issue {
    /// `path (line L, column C): message`, the form used in field violations.
    pub fn describe(&self) -> String {
        let path = if self.path.is_empty() { "document" } else { &self.path };
        format!("{path} (line {}, column {}): {}", self.line, self.column, self.message)
    }
}

/// The outcome of validating one document.
#[derive(Debug, Clone, PartialEq)]
pub struct Report {
    /// The type the document was checked as.
    pub script_type: ScriptType,
    /// Blocking problems.
    pub errors: Vec<Issue>,
    /// Non-blocking findings.
    pub warnings: Vec<Issue>,
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
    pub fn check_limits(&self, field: &str) -> Result<(), agentbase_platform::error::FieldViolation> {
        match self.errors.iter().find(|issue| issue.code == DOCUMENT_LIMIT) {
            Some(issue) => Err(agentbase_platform::error::FieldViolation::new(field, issue.describe())),
            None => Ok(()),
        }
    }

    /// True when nothing blocks the document.
    pub fn is_valid(&self) -> bool {
        self.errors.is_empty()
    }

    /// `metadata.version` of a session script, if it is a scalar.
    pub fn declared_version(&self) -> Option<String> {
        let version = self.document.as_ref()?.get("metadata")?.get("version")?;
        match version {
            serde_json::Value::String(s) => Some(s.clone()),
            serde_json::Value::Number(n) => Some(n.to_string()),
            _ => None,
        }
    }
}

/// Action types the engine is known to run.
const KNOWN_ACTION_TYPES: [&str; 3] = ["ai_say", "ai_ask", "ai_think"];

/// Validates `content` as `requested` (or as the type its shape implies when `None`).
/// `known_variables` are names defined outside the script, such as project globals.
pub fn validate(content: &str, requested: Option<ScriptType>, known_variables: &[String]) -> Report {
    let fallback_type = requested.unwrap_or(ScriptType::Session);
    let root = match yaml::parse(content) {
        Ok(root) => root,
        Err(err) => {
            let mut checker = Checker::new(known_variables);
            let code = if err.over_limit { DOCUMENT_LIMIT } else { "YAML_SYNTAX" };
            checker.error(code, "", err.line, err.column, err.message);
            return checker.finish(fallback_type, None);
        }
    };
    let mut checker = Checker::new(known_variables);
    checker.reject_nul(&root, "");
    let Value::Map(_) = root.value else {
        checker.error_at("NOT_A_MAPPING", "", &root, "the document must be a mapping".into());
        return checker.finish(fallback_type, None);
    };

    let has_session = root.get("session").is_some();
    let script_type = requested.unwrap_or(if has_session {
        ScriptType::Session
    } else {
        ScriptType::Technique
    });
    match script_type {
        ScriptType::Session => checker.session_script(&root),
        ScriptType::Technique | ScriptType::Awareness => {
            if has_session && root.get("technique_id").is_none() {
                checker.error_at(
                    "WRONG_SHAPE",
                    "",
                    &root,
                    format!(
                        "a {} script has the technique shape (technique_id, topic), not a session",
                        script_type.as_str()
                    ),
                );
            } else {
                checker.technique_script(&root);
            }
        }
    }
    let document = root.to_json();
    checker.finish(script_type, Some(document))
}

struct Checker {
    errors: Vec<Issue>,
    warnings: Vec<Issue>,
    defined: HashSet<String>,
}

impl Checker {
    fn new(known_variables: &[String]) -> Self {
        Self {
            errors: Vec::new(),
            warnings: Vec::new(),
            defined: known_variables.iter().cloned().collect(),
        }
    }

    fn finish(self, script_type: ScriptType, document: Option<serde_json::Value>) -> Report {
        Report {
            script_type,
            errors: self.errors,
            warnings: self.warnings,
            document,
        }
    }

    fn push(&mut self, severity: Severity, code: &str, path: &str, line: u32, column: u32, message: String) {
        let issue = Issue {
            severity,
            code: code.into(),
            path: path.into(),
            line,
            column,
            message,
        };
        match severity {
            Severity::Error => self.errors.push(issue),
            Severity::Warning => self.warnings.push(issue),
        }
    }

    fn error(&mut self, code: &str, path: &str, line: u32, column: u32, message: String) {
        self.push(Severity::Error, code, path, line, column, message);
    }

    fn error_at(&mut self, code: &str, path: &str, node: &Node, message: String) {
        self.push(Severity::Error, code, path, node.line, node.column, message);
    }

    fn warn_at(&mut self, code: &str, path: &str, node: &Node, message: String) {
        self.push(Severity::Warning, code, path, node.line, node.column, message);
    }

    /// PostgreSQL cannot store NUL characters in text or jsonb.
    fn reject_nul(&mut self, node: &Node, path: &str) {
        match &node.value {
            Value::Str(s) if s.contains('\0') => {
                self.error_at("INVALID_CHARACTER", path, node, "NUL characters are not allowed".into());
            }
            Value::Seq(items) => {
                for (i, item) in items.iter().enumerate() {
                    self.reject_nul(item, &format!("{path}[{i}]"));
                }
            }
            Value::Map(entries) => {
                for (key, value) in entries {
                    if key.contains('\0') {
                        self.error_at(
                            "INVALID_CHARACTER",
                            path,
                            value,
                            "NUL characters are not allowed in keys".into(),
                        );
                    }
                    self.reject_nul(value, &join(path, key));
                }
            }
            _ => {}
        }
    }

    fn unknown_keys(&mut self, node: &Node, path: &str, allowed: &[&str]) {
        if let Value::Map(entries) = &node.value {
            for (key, value) in entries {
                if !allowed.contains(&key.as_str()) {
                    self.warn_at("UNKNOWN_KEY", &join(path, key), value, format!("unknown key `{key}`"));
                }
            }
        }
    }

    /// A required mapping at `key` of `parent`.
    fn required_map<'n>(&mut self, parent: &'n Node, parent_path: &str, key: &str) -> Option<&'n Node> {
        let path = join(parent_path, key);
        match parent.get(key) {
            None => {
                self.error_at("MISSING_FIELD", parent_path, parent, format!("`{key}` is required"));
                None
            }
            Some(
                node @ Node {
                    value: Value::Map(_), ..
                },
            ) => Some(node),
            Some(node) => {
                self.error_at("INVALID_TYPE", &path, node, format!("`{key}` must be a mapping"));
                None
            }
        }
    }

    /// A required sequence at `key` of `parent`.
    fn required_seq<'n>(&mut self, parent: &'n Node, parent_path: &str, key: &str) -> &'n [Node] {
        let path = join(parent_path, key);
        match parent.get(key) {
            None => {
                self.error_at("MISSING_FIELD", parent_path, parent, format!("`{key}` is required"));
                &[]
            }
            Some(
                node @ Node {
                    value: Value::Seq(items),
                    ..
                },
            ) => {
                if items.is_empty() {
                    self.warn_at("EMPTY_LIST", &path, node, format!("`{key}` is empty"));
                }
                items
            }
            Some(node) => {
                self.error_at("INVALID_TYPE", &path, node, format!("`{key}` must be a list"));
                &[]
            }
        }
    }

    /// A required id at `key` of `node`; checks it is a non-empty scalar unique among `seen`.
    fn required_id(&mut self, node: &Node, path: &str, key: &str, seen: &mut HashSet<String>) {
        match node.get(key) {
            None | Some(Node { value: Value::Null, .. }) => {
                self.error_at("MISSING_FIELD", path, node, format!("`{key}` is required"));
            }
            Some(id_node) => match id_node.as_scalar_text() {
                None => self.error_at(
                    "INVALID_TYPE",
                    &join(path, key),
                    id_node,
                    format!("`{key}` must be a string"),
                ),
                Some(id) if id.trim().is_empty() => {
                    self.error_at(
                        "MISSING_FIELD",
                        &join(path, key),
                        id_node,
                        format!("`{key}` must not be empty"),
                    );
                }
                Some(id) => {
                    if !seen.insert(id.clone()) {
                        self.error_at(
                            "DUPLICATE_ID",
                            &join(path, key),
                            id_node,
                            format!("{key} `{id}` is used more than once at this level"),
                        );
                    }
                }
            },
        }
    }

    fn items_as_maps<'n>(&mut self, items: &'n [Node], path: &str, what: &str) -> Vec<(String, &'n Node)> {
        let mut maps = Vec::with_capacity(items.len());
        for (i, item) in items.iter().enumerate() {
            let item_path = format!("{path}[{i}]");
            if matches!(item.value, Value::Map(_)) {
                maps.push((item_path, item));
            } else {
                self.error_at(
                    "INVALID_TYPE",
                    &item_path,
                    item,
                    format!("each {what} must be a mapping"),
                );
            }
        }
        maps
    }

    fn session_script(&mut self, root: &Node) {
        self.unknown_keys(root, "", &["metadata", "session"]);
        match root.get("metadata") {
            None => self.warn_at(
                "MISSING_METADATA",
                "",
                root,
                "`metadata` (name, version, author, description) is missing".into(),
            ),
            Some(
                meta @ Node {
                    value: Value::Map(_), ..
                },
            ) => {
                self.unknown_keys(meta, "metadata", &["name", "version", "author", "description"]);
            }
            Some(meta) => self.error_at("INVALID_TYPE", "metadata", meta, "`metadata` must be a mapping".into()),
        }
        let Some(session) = self.required_map(root, "", "session") else {
            return;
        };
        self.unknown_keys(
            session,
            "session",
            &["session_id", "session_name", "phases", "description"],
        );
        self.required_id(session, "session", "session_id", &mut HashSet::new());
        let phases = self.required_seq(session, "session", "phases");
        let mut phase_ids = HashSet::new();
        for (phase_path, phase) in self.items_as_maps(phases, "session.phases", "phase") {
            self.unknown_keys(
                phase,
                &phase_path,
                &["phase_id", "phase_name", "phase_goal", "topics", "description"],
            );
            self.required_id(phase, &phase_path, "phase_id", &mut phase_ids);
            let topics = self.required_seq(phase, &phase_path, "topics");
            let mut topic_ids = HashSet::new();
            for (topic_path, topic) in self.items_as_maps(topics, &format!("{phase_path}.topics"), "topic") {
                self.topic(topic, &topic_path, &mut topic_ids);
            }
        }
    }

    fn technique_script(&mut self, root: &Node) {
        self.unknown_keys(
            root,
            "",
            &[
                "metadata",
                "technique_id",
                "technique_name",
                "description",
                "input_parameters",
                "output_variables",
                "topic",
            ],
        );
        self.required_id(root, "", "technique_id", &mut HashSet::new());
        match root.get("input_parameters") {
            None | Some(Node { value: Value::Null, .. }) => {}
            Some(Node {
                value: Value::Seq(params),
                ..
            }) => {
                let mut names = HashSet::new();
                for (param_path, param) in self.items_as_maps(params, "input_parameters", "input parameter") {
                    self.unknown_keys(
                        param,
                        &param_path,
                        &["name", "required", "description", "type", "default"],
                    );
                    self.required_id(param, &param_path, "name", &mut names);
                }
                self.defined.extend(names);
            }
            Some(node) => self.error_at(
                "INVALID_TYPE",
                "input_parameters",
                node,
                "`input_parameters` must be a list".into(),
            ),
        }
        if let Some(outputs) = root.get("output_variables")
            && !matches!(outputs.value, Value::Seq(_) | Value::Null)
        {
            self.error_at(
                "INVALID_TYPE",
                "output_variables",
                outputs,
                "`output_variables` must be a list".into(),
            );
        }
        if let Some(topic) = self.required_map(root, "", "topic") {
            self.topic(topic, "topic", &mut HashSet::new());
        }
    }

    fn topic(&mut self, topic: &Node, path: &str, topic_ids: &mut HashSet<String>) {
        self.unknown_keys(
            topic,
            path,
            &["topic_id", "topic_name", "topic_goal", "actions", "description"],
        );
        self.required_id(topic, path, "topic_id", topic_ids);
        let actions = self.required_seq(topic, path, "actions");
        let mut action_ids = HashSet::new();
        for (action_path, action) in self.items_as_maps(actions, &format!("{path}.actions"), "action") {
            self.action(action, &action_path, &mut action_ids);
        }
    }

    fn action(&mut self, action: &Node, path: &str, action_ids: &mut HashSet<String>) {
        self.unknown_keys(action, path, &["action_type", "action_id", "config"]);
        self.required_id(action, path, "action_id", action_ids);
        let action_type = match action.get("action_type") {
            None | Some(Node { value: Value::Null, .. }) => {
                self.error_at("MISSING_FIELD", path, action, "`action_type` is required".into());
                None
            }
            Some(node) => match node.as_scalar_text() {
                Some(t) if !t.trim().is_empty() => Some(t),
                _ => {
                    self.error_at(
                        "INVALID_TYPE",
                        &join(path, "action_type"),
                        node,
                        "`action_type` must be a non-empty string".into(),
                    );
                    None
                }
            },
        };
        if let Some(t) = &action_type
            && !KNOWN_ACTION_TYPES.contains(&t.as_str())
            && let Some(node) = action.get("action_type")
        {
            self.warn_at(
                "UNKNOWN_ACTION_TYPE",
                &join(path, "action_type"),
                node,
                format!("action type `{t}` is not one of {}", KNOWN_ACTION_TYPES.join(", ")),
            );
        }
        let config_path = join(path, "config");
        let config = match action.get("config") {
            None | Some(Node { value: Value::Null, .. }) => None,
            Some(
                node @ Node {
                    value: Value::Map(_), ..
                },
            ) => Some(node),
            Some(node) => {
                self.error_at("INVALID_TYPE", &config_path, node, "`config` must be a mapping".into());
                None
            }
        };
        let Some(config) = config else {
            return;
        };
        // References are checked before this action's own outputs count as defined.
        if let Value::Map(entries) = &config.value {
            for (key, value) in entries {
                if key.ends_with("_template") {
                    self.check_references(value, &join(&config_path, key));
                }
            }
        }
        if let Some(inputs) = config.get("input_variables") {
            for (i, name) in variable_names(inputs).into_iter().enumerate() {
                if !self.defined.contains(&name) {
                    self.warn_at(
                        "UNRESOLVED_VARIABLE",
                        &format!("{config_path}.input_variables[{i}]"),
                        inputs,
                        format!("variable `{name}` is not defined before this action"),
                    );
                }
            }
        }
        match action_type.as_deref() {
            Some("ai_ask") => match config.get("target_variable").and_then(Node::as_scalar_text) {
                Some(name) if !name.trim().is_empty() => {
                    self.defined.insert(name);
                }
                _ => self.warn_at(
                    "MISSING_TARGET_VARIABLE",
                    &config_path,
                    config,
                    "an ai_ask action should name its config.target_variable".into(),
                ),
            },
            Some("ai_think") => {
                if let Some(outputs) = config.get("output_variables") {
                    self.defined.extend(variable_names(outputs));
                }
            }
            _ => {}
        }
    }

    fn check_references(&mut self, node: &Node, path: &str) {
        match &node.value {
            Value::Str(text) => {
                for name in references(text) {
                    if !self.defined.contains(name) {
                        self.warn_at(
                            "UNRESOLVED_VARIABLE",
                            path,
                            node,
                            format!("`${{{name}}}` is not an input parameter, an earlier ai_ask or ai_think output, or a known variable"),
                        );
                    }
                }
            }
            Value::Seq(items) => {
                for (i, item) in items.iter().enumerate() {
                    self.check_references(item, &format!("{path}[{i}]"));
                }
            }
            _ => {}
        }
    }
}

/// Names in a variable list: strings, or mappings with a `name`.
fn variable_names(node: &Node) -> Vec<String> {
    match &node.value {
        Value::Seq(items) => items
            .iter()
            .filter_map(|item| {
                item.as_scalar_text()
                    .or_else(|| item.get("name").and_then(Node::as_scalar_text))
            })
            .collect(),
        _ => node.as_scalar_text().into_iter().collect(),
    }
}

/// The names referenced as `${name}` in `text`.
pub fn references(text: &str) -> Vec<&str> {
    let mut names = Vec::new();
    let mut rest = text;
    while let Some(start) = rest.find("${") {
        let after = &rest[start + 2..];
        let Some(end) = after.find('}') else {
            break;
        };
        let name = after[..end].trim();
        if !name.is_empty() {
            names.push(name);
        }
        rest = &after[end + 1..];
    }
    names
}

fn join(path: &str, key: &str) -> String {
    if path.is_empty() {
        key.to_owned()
    } else {
        format!("{path}.{key}")
    }
}

#[cfg(test)]
mod tests {
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
        assert!(report.warnings[0].message.contains("${name}"));
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
        assert_eq!(technique_as_session.errors[0].code, "MISSING_FIELD");
        assert_eq!(
            validate("a: \"x\\0y\"\n", Some(ScriptType::Technique), &[]).errors[0].code,
            "INVALID_CHARACTER"
        );
    }

    #[test]
    fn references_are_found() {
        assert_eq!(references("a ${x} b ${ y }${z}"), vec!["x", "y", "z"]);
        assert!(references("${ } ${unclosed").is_empty());
    }
}
