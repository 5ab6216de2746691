//! The script language as the HeartRule engine speaks it: the keys each
//! level of each script shape takes, the action types, and what each action
//! config key holds. Validation reads these tables and nothing else, so a
//! change of the language is a change here.
//!
//! Keys outside the tables are reported as `UNKNOWN_KEY` warnings, never
//! errors: a newer engine's scripts still store. Deprecated keys still work
//! and get a `DEPRECATED_KEY` note naming what replaces them.
//!
//! Every entry follows a file of the engine (the HeartRule repository,
//! `packages/core-engine` and `packages/api-server`); docs/SCRIPT_LANGUAGE.md
//! names the file for each, so the table can be re-checked when it changes.
//! Where the engine reads a key, or its schema or its own scripts carry one
//! without complaint, the key is here.

/// The version of the language these tables describe (the engine release
/// they were taken from, as year.month).
pub const LANGUAGE_VERSION: &str = "2026.12";

/// What a config key holds, as far as validation cares.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Holds {
    /// Text whose `${name}` and `{{name}}` references must name variables
    /// defined before the action.
    Template,
    /// A setting or free text that references nothing: goals, tone, flags,
    /// numbers, exit conditions.
    Setting,
    /// The name of a variable the action defines (`target_variable`).
    DefinedVariable,
    /// `[{get: name, define: how}]`: each `get` is a variable the action defines.
    Outputs,
    /// Names of variables the action reads; each must already be defined.
    InputVariables,
    /// Names of variables the action defines.
    OutputVariables,
}

/// One config key of an action type.
#[derive(Debug, Clone, Copy)]
pub struct ConfigKey {
    pub name: &'static str,
    /// What it holds.
    pub holds: Holds,
    /// Whether it is deprecated, and what to write instead.
    pub status: KeyStatus,
}

/// Whether a key is current.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KeyStatus {
    Current,
    /// Still read; this replaces it.
    ReplacedBy(&'static str),
    /// Still accepted; it has no effect and can go.
    NoEffect,
}

const fn key(name: &'static str, holds: Holds) -> ConfigKey {
    ConfigKey {
        name,
        holds,
        status: KeyStatus::Current,
    }
}

const fn deprecated(name: &'static str, holds: Holds, replaced_by: &'static str) -> ConfigKey {
    ConfigKey {
        name,
        holds,
        status: KeyStatus::ReplacedBy(replaced_by),
    }
}

const fn no_effect(name: &'static str) -> ConfigKey {
    ConfigKey {
        name,
        holds: Holds::Setting,
        status: KeyStatus::NoEffect,
    }
}

/// An action type the engine runs, with the config keys it reads.
#[derive(Debug, Clone, Copy)]
pub struct ActionType {
    /// The `action_type` value.
    pub name: &'static str,
    /// Its config keys.
    pub config: &'static [ConfigKey],
}

/// The action types, with their config vocabulary: the keys of each type's
/// config schema (`script-schema/actions/*.schema.json`), the keys its action
/// class reads (`domain/actions/*-action.ts`, `getConfig`), the keys the
/// topic planner writes (`shared-types/src/domain/topic-decision-v2.ts`), and
/// the deprecated ones (`validators/deprecated-fields-registry.ts`).
pub const ACTION_TYPES: [ActionType; 4] = [
    ActionType {
        name: "ai_say",
        config: &[
            key("content", Holds::Template),
            deprecated("content_template", Holds::Template, "content"),
            key("say_goal", Holds::Setting),
            key("tone", Holds::Setting),
            key("exit", Holds::Setting),
            key("exit_criteria", Holds::Setting),
            key("ai_role", Holds::Setting),
            key("require_acknowledgment", Holds::Setting),
            key("max_rounds", Holds::Setting),
        ],
    },
    ActionType {
        name: "ai_ask",
        config: &[
            key("content", Holds::Template),
            deprecated("question_template", Holds::Template, "content"),
            deprecated("prompt_template", Holds::Template, "content"),
            deprecated("content_template", Holds::Template, "content"),
            key("output", Holds::Outputs),
            deprecated("target_variable", Holds::DefinedVariable, "output: [{get: …}]"),
            deprecated("extract_to", Holds::DefinedVariable, "output: [{get: …}]"),
            deprecated(
                "extraction_prompt",
                Holds::Template,
                "output: [{get: …, define: …}] (the engine's registry names it `instruction`)",
            ),
            no_effect("required"),
            key("tone", Holds::Setting),
            key("exit", Holds::Setting),
            key("exit_criteria", Holds::Setting),
            key("ai_role", Holds::Setting),
            key("max_rounds", Holds::Setting),
        ],
    },
    ActionType {
        name: "ai_think",
        config: &[
            key("content", Holds::Template),
            deprecated("prompt_template", Holds::Template, "content"),
            key("output", Holds::Outputs),
            key("input_variables", Holds::InputVariables),
            key("output_variables", Holds::OutputVariables),
            key("think_goal", Holds::Setting),
            key("exit_criteria", Holds::Setting),
            key("max_rounds", Holds::Setting),
        ],
    },
    // In the engine's schema; its action registry does not run it yet.
    ActionType {
        name: "use_skill",
        config: &[
            key("skill", Holds::Setting),
            key("input", Holds::Setting),
            key("output", Holds::Outputs),
        ],
    },
];

/// The action type named `name`, if the engine knows it.
pub fn action_type(name: &str) -> Option<&'static ActionType> {
    ACTION_TYPES.iter().find(|action| action.name == name)
}

/// Keys of a session script's root.
pub const SESSION_ROOT: &[&str] = &["metadata", "session"];
/// Keys of a session script's optional `metadata`.
pub const SESSION_METADATA: &[&str] = &[
    "name",
    "version",
    "author",
    "description",
    "target_audience",
    "estimated_duration",
];
/// Keys of `session`.
pub const SESSION: &[&str] = &[
    "session_id",
    "session_name",
    "description",
    "version",
    "phases",
    "template_scheme",
];
/// Keys of a phase.
pub const PHASE: &[&str] = &[
    "phase_id",
    "phase_name",
    "phase_goal",
    "description",
    "entry_condition",
    "topics",
];
/// Keys of a topic (`declare` lists the variables the topic introduces;
/// `strategy` is free text for the model).
pub const TOPIC: &[&str] = &[
    "topic_id",
    "topic_name",
    "topic_goal",
    "description",
    "actions",
    "declare",
    "strategy",
];
/// Keys of an action (`condition`: when it runs).
pub const ACTION: &[&str] = &["action_type", "action_id", "condition", "config"];
/// Keys of an `output` item: `get` (a variable the model extracts, as
/// `define` says) or `set` (a variable set to `value`); `instruction` is the
/// extraction's wording in the engine's newer docs.
pub const OUTPUT_ITEM: &[&str] = &["get", "set", "define", "value", "instruction"];

/// Keys of a technique script's root; `name`, `version`, `author` and
/// `description` at the root are the technique's own metadata.
pub const TECHNIQUE_ROOT: &[&str] = &[
    "metadata",
    "technique_id",
    "technique_name",
    "technique_type",
    "name",
    "version",
    "author",
    "description",
    "input_parameters",
    "output_variables",
    "topic",
];
/// Keys of a technique's `metadata`.
pub const TECHNIQUE_METADATA: &[&str] = &["name", "version", "author", "description"];
/// Keys of a technique's input parameter.
pub const INPUT_PARAMETER: &[&str] = &["name", "required", "description", "type", "default"];

/// Keys of an awareness ("consciousness") script's root.
pub const AWARENESS_ROOT: &[&str] = &["metadata", "consciousness", "examples"];
/// Keys of an awareness script's `metadata`.
pub const AWARENESS_METADATA: &[&str] = &[
    "name",
    "version",
    "author",
    "description",
    "consciousness_type",
    "trigger_priority",
];
/// Keys of `consciousness`.
pub const CONSCIOUSNESS: &[&str] = &[
    "consciousness_id",
    "consciousness_name",
    "description",
    "prompt_template",
    "trigger_config",
    "loading_config",
    "detection_config",
    "config",
    "recall",
    "intervention",
    "context_window",
    "performance_config",
    "output_config",
    "safety_baseline",
];
/// Keys of `consciousness.trigger_config`.
pub const TRIGGER_CONFIG: &[&str] = &["trigger_timing", "cooldown_rounds", "min_rounds", "context_window"];
/// The key of `consciousness.loading_config` naming the template file the
/// engine runs (relative to its `templates/` directory).
pub const TEMPLATE_PATH: &str = "template_path";
/// Keys of `consciousness.loading_config`.
pub const LOADING_CONFIG: &[&str] = &["template_path", "model_config", "batch_config", "cache_config"];

/// The snake_case spelling of a camelCase key (`maxRounds` → `max_rounds`):
/// the engine's `getConfig` and its action classes read both, so a
/// camelCase key whose snake_case form is known is that key.
pub fn snake_case(key: &str) -> Option<String> {
    if !key.chars().any(|c| c.is_ascii_uppercase()) {
        return None;
    }
    let mut snake = String::with_capacity(key.len() + 4);
    for c in key.chars() {
        if c.is_ascii_uppercase() {
            snake.push('_');
            snake.push(c.to_ascii_lowercase());
        } else {
            snake.push(c);
        }
    }
    Some(snake)
}
/// When the engine runs an awareness script.
pub const TRIGGER_TIMINGS: &[&str] = &["after_user_message", "after_ai_response", "periodic"];
