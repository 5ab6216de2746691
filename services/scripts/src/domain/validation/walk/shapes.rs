//! The levels of each script shape — session, technique and awareness
//! scripts, their topics, actions, outputs and references — walked with the
//! checker's primitives (`walk`).

use std::collections::{HashMap, HashSet};

use super::{Checker, at, join, key_position, variable_names};
use crate::domain::validation::Severity;
use crate::domain::{
    language::{self, Holds, KeyStatus},
    yaml::{Node, Value},
};

impl Checker<'_> {
    pub(in crate::domain::validation) fn session_script(&mut self, root: &Node) {
        self.unknown_keys(root, "", language::SESSION_ROOT);
        // The engine's own generated scripts carry no metadata: it is optional.
        self.optional_map(root, "", "metadata", language::SESSION_METADATA);
        let Some(session) = self.required_map(root, "", "session") else {
            return;
        };
        self.unknown_keys(session, "session", language::SESSION);
        self.required_id(session, "session", "session_id", &mut HashSet::new());
        let phases = self.required_seq(session, "session", "phases");
        let mut phase_ids = HashSet::new();
        for (phase_path, phase) in self.items_as_maps(phases, "session.phases", "phase") {
            self.unknown_keys(phase, &phase_path, language::PHASE);
            self.required_id(phase, &phase_path, "phase_id", &mut phase_ids);
            let topics = self.required_seq(phase, &phase_path, "topics");
            let mut topic_ids = HashSet::new();
            for (topic_path, topic) in self.items_as_maps(topics, &format!("{phase_path}.topics"), "topic") {
                self.topic(topic, &topic_path, &mut topic_ids);
            }
        }
    }

    pub(in crate::domain::validation) fn technique_script(&mut self, root: &Node) {
        self.unknown_keys(root, "", language::TECHNIQUE_ROOT);
        self.optional_map(root, "", "metadata", language::TECHNIQUE_METADATA);
        self.required_id(root, "", "technique_id", &mut HashSet::new());
        match root.get("input_parameters") {
            None | Some(Node { value: Value::Null, .. }) => {}
            Some(Node {
                value: Value::Seq(params),
                ..
            }) => {
                let mut names = HashSet::new();
                for (param_path, param) in self.items_as_maps(params, "input_parameters", "input parameter") {
                    self.unknown_keys(param, &param_path, language::INPUT_PARAMETER);
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

    /// An awareness ("consciousness") script: what the engine needs to run it
    /// is an id, when to run (a trigger timing it knows) and what to run: a
    /// template file named by `loading_config.template_path` (as the engine's
    /// own `scripts/consciousness/*.yaml` do, their templates in
    /// `templates/consciousness/`), an inline `prompt_template`, or an inline
    /// `config`.
    pub(in crate::domain::validation) fn awareness_script(&mut self, root: &Node) {
        self.unknown_keys(root, "", language::AWARENESS_ROOT);
        self.optional_map(root, "", "metadata", language::AWARENESS_METADATA);
        let Some(consciousness) = self.required_map(root, "", "consciousness") else {
            return;
        };
        let path = "consciousness";
        self.unknown_keys(consciousness, path, language::CONSCIOUSNESS);
        self.required_id(consciousness, path, "consciousness_id", &mut HashSet::new());
        if let Some(trigger) = self.required_map(consciousness, path, "trigger_config") {
            let trigger_path = join(path, "trigger_config");
            self.unknown_keys(trigger, &trigger_path, language::TRIGGER_CONFIG);
            match trigger.get("trigger_timing") {
                None => self.error_at(
                    "MISSING_FIELD",
                    &trigger_path,
                    trigger,
                    "`trigger_timing` is required".into(),
                ),
                Some(timing) => {
                    let value = timing.as_scalar_text().unwrap_or_default();
                    if !language::TRIGGER_TIMINGS.contains(&value.as_str()) {
                        self.error_at(
                            "INVALID_VALUE",
                            &join(&trigger_path, "trigger_timing"),
                            timing,
                            format!(
                                "`trigger_timing` must be one of {}",
                                language::TRIGGER_TIMINGS.join(", ")
                            ),
                        );
                    }
                }
            }
        }
        let text = |node: Option<&Node>| {
            node.and_then(Node::as_scalar_text)
                .filter(|text| !text.trim().is_empty())
        };
        let loading = consciousness.get("loading_config");
        let template_path = loading.and_then(|loading| loading.get(language::TEMPLATE_PATH));
        if let Some(loading) = loading {
            self.unknown_keys(loading, &join(path, "loading_config"), language::LOADING_CONFIG);
        }
        if let Some(file) = template_path {
            self.template_path(file, &join(path, "loading_config.template_path"));
        }
        let file = template_path.filter(|file| matches!(file.value, Value::Str(_)));
        let template = text(consciousness.get("prompt_template")).or_else(|| text(file));
        let inline = matches!(
            consciousness.get("config"),
            Some(Node {
                value: Value::Map(entries),
                ..
            }) if !entries.is_empty()
        );
        if template.is_none() && !inline {
            self.error_at(
                "MISSING_FIELD",
                path,
                consciousness.get("prompt_template").unwrap_or(consciousness),
                "the template the engine runs is required: `loading_config.template_path` (a file), \
                 `prompt_template` (inline) or an inline `config`"
                    .into(),
            );
        }
    }

    /// A template file the engine loads: a relative path inside its templates
    /// directory.
    fn template_path(&mut self, file: &Node, path: &str) {
        let Value::Str(text) = &file.value else {
            self.error_at("INVALID_TYPE", path, file, "`template_path` must be a file path".into());
            return;
        };
        // Absolute (`/x`, `\\x`, `C:\x`), from home (`~/x`), a URL (`file:…`), or climbing out.
        let escapes = text.starts_with(['/', '\\', '~'])
            || text.contains(':')
            || text.split(['/', '\\']).any(|part| part == "..");
        if text.trim().is_empty() || escapes {
            self.error_at(
                "INVALID_VALUE",
                path,
                file,
                "`template_path` must be a path relative to the engine's templates directory, without `..`".into(),
            );
        }
    }

    fn topic(&mut self, topic: &Node, path: &str, topic_ids: &mut HashSet<String>) {
        self.unknown_keys(topic, path, language::TOPIC);
        self.required_id(topic, path, "topic_id", topic_ids);
        if let Some(declared) = topic.get("declare") {
            self.defined.extend(variable_names(declared));
        }
        let actions = self.required_seq(topic, path, "actions");
        let mut action_ids = HashSet::new();
        for (action_path, action) in self.items_as_maps(actions, &format!("{path}.actions"), "action") {
            self.action(action, &action_path, &mut action_ids);
        }
    }

    fn action(&mut self, action: &Node, path: &str, action_ids: &mut HashSet<String>) {
        self.unknown_keys(action, path, language::ACTION);
        self.required_id(action, path, "action_id", action_ids);
        let action_type = match action.get("action_type") {
            None | Some(Node { value: Value::Null, .. }) => {
                self.error_at("MISSING_FIELD", path, action, "`action_type` is required".into());
                None
            }
            Some(node) => match node.as_scalar_text() {
                Some(t) if !t.trim().is_empty() => Some((t, node)),
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
        let known = action_type.as_ref().and_then(|(name, _)| language::action_type(name));
        if let (Some((name, node)), None) = (&action_type, known) {
            let names: Vec<&str> = language::ACTION_TYPES.iter().map(|a| a.name).collect();
            self.warn_at(
                "UNKNOWN_ACTION_TYPE",
                &join(path, "action_type"),
                node,
                format!("action type `{name}` is not one of {}", names.join(", ")),
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
        let Some(Node {
            value: Value::Map(entries),
            ..
        }) = config
        else {
            if known.is_some_and(|a| a.name == "ai_ask") {
                self.warn_at(
                    "MISSING_OUTPUT",
                    path,
                    action,
                    "an ai_ask action should name what it collects in config.output".into(),
                );
            }
            return;
        };
        let Some(known) = known else {
            // An action type this service does not know: its templates still reference variables.
            for (key, value) in entries {
                if key.ends_with("_template") || key == "content" {
                    self.check_references(value, &join(&config_path, key));
                }
            }
            return;
        };
        // References are checked before this action's own outputs count as defined.
        let mut defines = Vec::new();
        for (key, value) in entries {
            let key_path = join(&config_path, key);
            let find = |name: &str| known.config.iter().find(|spec| spec.name == name);
            let camel = language::snake_case(key).and_then(|snake| find(&snake).map(|spec| (snake, spec)));
            let spec = match (find(key), camel) {
                (Some(spec), _) => spec,
                (None, Some((snake, spec))) => {
                    // A deprecated key's own note says enough.
                    if spec.status == KeyStatus::Current {
                        self.push(
                            Severity::Info,
                            "DEPRECATED_KEY",
                            &key_path,
                            key_position(value),
                            format!("`{key}` is read as `{snake}`; write `{snake}`, as the engine's scripts do"),
                        );
                    }
                    spec
                }
                (None, None) => {
                    self.push(
                        Severity::Warning,
                        "UNKNOWN_KEY",
                        &key_path,
                        key_position(value),
                        format!("`{key}` is not a config key of {}", known.name),
                    );
                    continue;
                }
            };
            let deprecation = match spec.status {
                KeyStatus::Current => None,
                KeyStatus::ReplacedBy(replacement) => {
                    Some(format!("`{key}` is deprecated (still read); use {replacement}"))
                }
                KeyStatus::NoEffect => Some(format!("`{key}` is deprecated and has no effect; remove it")),
            };
            if let Some(message) = deprecation {
                self.push(
                    Severity::Info,
                    "DEPRECATED_KEY",
                    &key_path,
                    key_position(value),
                    message,
                );
            }
            match spec.holds {
                Holds::Template => self.check_references(value, &key_path),
                Holds::Setting => {}
                Holds::InputVariables => {
                    for (i, name) in variable_names(value).into_iter().enumerate() {
                        if !self.defined.contains(&name) {
                            self.warn_at(
                                "UNRESOLVED_VARIABLE",
                                &format!("{key_path}[{i}]"),
                                value,
                                format!("variable `{name}` is not defined before this action"),
                            );
                        }
                    }
                }
                Holds::DefinedVariable | Holds::OutputVariables => defines.extend(variable_names(value)),
                Holds::Outputs => defines.extend(self.outputs(value, &key_path)),
            }
        }
        let collects = |key: &str| {
            let key = language::snake_case(key).unwrap_or_else(|| key.to_owned());
            matches!(key.as_str(), "output" | "target_variable" | "extract_to")
        };
        if known.name == "ai_ask" && !entries.iter().any(|(key, _)| collects(key)) {
            self.warn_at(
                "MISSING_OUTPUT",
                &config_path,
                config.unwrap_or(action),
                "an ai_ask action should name what it collects in config.output".into(),
            );
        }
        self.defined.extend(defines);
    }

    /// `output: [{get: name, define: how}]`: the names it defines.
    fn outputs(&mut self, node: &Node, path: &str) -> Vec<String> {
        let Value::Seq(items) = &node.value else {
            self.error_at(
                "INVALID_TYPE",
                path,
                node,
                "`output` must be a list of {get, define}".into(),
            );
            return Vec::new();
        };
        let mut names = Vec::new();
        let mut seen = HashSet::new();
        for (item_path, item) in self.items_as_maps(items, path, "output") {
            self.unknown_keys(item, &item_path, language::OUTPUT_ITEM);
            // `set: name` (with a `value`) defines a variable as `get` does.
            let id_key = if item.get("get").is_none() && item.get("set").is_some() {
                "set"
            } else {
                "get"
            };
            self.required_id(item, &item_path, id_key, &mut seen);
            if let Some(name) = item.get(id_key).and_then(Node::as_scalar_text) {
                names.push(name);
            }
        }
        names
    }

    fn check_references(&mut self, node: &Node, path: &str) {
        match &node.value {
            Value::Str(text) => {
                // The n-th time a reference is written in the text is its
                // n-th occurrence in the source: that is where it is.
                let mut seen: HashMap<&str, usize> = HashMap::new();
                let mut unresolved = Vec::new();
                for (name, written) in crate::domain::validation::written_references(text) {
                    let nth = seen.entry(written).or_default();
                    let position = self.source.locate(node, written, *nth).unwrap_or(at(node));
                    *nth += 1;
                    if !self.defined.contains(name) {
                        unresolved.push((position, name));
                    }
                }
                // In the order they are written, as an editor lists them.
                unresolved.sort_by_key(|(position, _)| *position);
                for (position, name) in unresolved {
                    self.push(
                        Severity::Warning,
                        "UNRESOLVED_VARIABLE",
                        path,
                        position,
                        format!(
                            "`{name}` is not an input parameter, a declared variable, an earlier action's output, or a known variable"
                        ),
                    );
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
