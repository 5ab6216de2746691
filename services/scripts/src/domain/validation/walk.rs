//! The walk over a parsed document: each shape's levels, checked against
//! the language tables, collecting findings with their positions.

use std::collections::HashSet;

use super::{Issue, Report, Severity};
use crate::domain::{
    ScriptType,
    yaml::{Node, Source, Value},
};

pub(super) struct Checker<'a> {
    errors: Vec<Issue>,
    warnings: Vec<Issue>,
    notes: Vec<Issue>,
    defined: HashSet<String>,
    /// The document as written, to locate text inside scalars.
    source: Source<'a>,
}

/// Where a finding about the key of `node` belongs: the key, when `node` is a
/// mapping's value.
fn key_position(node: &Node) -> (u32, u32) {
    node.key_at.unwrap_or((node.line, node.column))
}

fn at(node: &Node) -> (u32, u32) {
    (node.line, node.column)
}

impl<'a> Checker<'a> {
    pub(super) fn new(known_variables: &[String], source: Source<'a>) -> Self {
        Self {
            errors: Vec::new(),
            warnings: Vec::new(),
            notes: Vec::new(),
            defined: known_variables.iter().cloned().collect(),
            source,
        }
    }

    pub(super) fn finish(self, script_type: ScriptType, document: Option<serde_json::Value>) -> Report {
        Report {
            script_type,
            errors: self.errors,
            warnings: self.warnings,
            notes: self.notes,
            document,
        }
    }

    fn push(&mut self, severity: Severity, code: &str, path: &str, (line, column): (u32, u32), message: String) {
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
            Severity::Info => self.notes.push(issue),
        }
    }

    pub(super) fn error(&mut self, code: &str, path: &str, position: (u32, u32), message: String) {
        self.push(Severity::Error, code, path, position, message);
    }

    pub(super) fn error_at(&mut self, code: &str, path: &str, node: &Node, message: String) {
        self.push(Severity::Error, code, path, at(node), message);
    }

    fn warn_at(&mut self, code: &str, path: &str, node: &Node, message: String) {
        self.push(Severity::Warning, code, path, at(node), message);
    }

    /// PostgreSQL cannot store NUL characters in text or jsonb.
    pub(super) fn reject_nul(&mut self, node: &Node, path: &str) {
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
                        self.error(
                            "INVALID_CHARACTER",
                            path,
                            key_position(value),
                            "NUL characters are not allowed in keys".into(),
                        );
                    }
                    self.reject_nul(value, &join(path, key));
                }
            }
            _ => {}
        }
    }

    /// Warns at each key of `node` outside `allowed`.
    fn unknown_keys(&mut self, node: &Node, path: &str, allowed: &[&str]) {
        if let Value::Map(entries) = &node.value {
            for (key, value) in entries {
                if !allowed.contains(&key.as_str()) {
                    self.push(
                        Severity::Warning,
                        "UNKNOWN_KEY",
                        &join(path, key),
                        key_position(value),
                        format!("unknown key `{key}`"),
                    );
                }
            }
        }
    }

    /// An optional mapping at `key` of `parent` whose keys are `allowed`.
    fn optional_map<'n>(
        &mut self,
        parent: &'n Node,
        parent_path: &str,
        key: &str,
        allowed: &[&str],
    ) -> Option<&'n Node> {
        match parent.get(key) {
            None | Some(Node { value: Value::Null, .. }) => None,
            Some(
                node @ Node {
                    value: Value::Map(_), ..
                },
            ) => {
                self.unknown_keys(node, &join(parent_path, key), allowed);
                Some(node)
            }
            Some(node) => {
                let path = join(parent_path, key);
                self.error_at("INVALID_TYPE", &path, node, format!("`{key}` must be a mapping"));
                None
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
}

mod shapes;

/// Names in a variable list: strings, or mappings naming one with `name`,
/// `get` or `var`; a mapping of names to definitions names its keys.
fn variable_names(node: &Node) -> Vec<String> {
    match &node.value {
        Value::Seq(items) => items
            .iter()
            .filter_map(|item| {
                item.as_scalar_text().or_else(|| {
                    ["name", "get", "var"]
                        .iter()
                        .find_map(|key| item.get(key).and_then(Node::as_scalar_text))
                })
            })
            .collect(),
        Value::Map(entries) => entries.iter().map(|(key, _)| key.clone()).collect(),
        _ => node.as_scalar_text().into_iter().collect(),
    }
}

fn join(path: &str, key: &str) -> String {
    if path.is_empty() {
        key.to_owned()
    } else {
        format!("{path}.{key}")
    }
}
