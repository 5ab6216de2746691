//! The shape of the code, checked from its source: `platform`'s modules sit
//! in layers (leaves, storage, the call path) and import only their own
//! layer or lower, without circles; in each context no aggregate imports
//! another's store, aggregates import each other without circles, and
//! `domain` knows neither tonic nor sea-orm (docs/ARCHITECTURE.md).

use std::{
    collections::{BTreeMap, BTreeSet},
    path::{Path, PathBuf},
};

/// `platform`'s modules by layer, lowest first. A module not listed fails
/// the test: a new one must say where it belongs.
const PLATFORM_LAYERS: [(&str, &[&str]); 3] = [
    (
        "leaves",
        &[
            "digest",
            "json",
            "ids",
            "time",
            "mask",
            "error",
            "failure",
            "watched",
            "single_writes",
            "admission",
            "tenant",
            "consistency",
        ],
    ),
    ("storage", &["db", "paging", "idempotency", "audit", "events", "write"]),
    (
        "call path",
        &[
            "auth",
            "tls",
            "stream_token",
            "metrics",
            "intake",
            "call_layer",
            "config",
            "telemetry",
            "admin",
            "server",
        ],
    ),
];

fn services() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// Every `.rs` file under `dir`, with its path relative to `dir`.
fn sources(dir: &Path) -> Vec<(PathBuf, String)> {
    let mut found = Vec::new();
    let mut pending = vec![dir.to_path_buf()];
    while let Some(next) = pending.pop() {
        for entry in std::fs::read_dir(&next).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                pending.push(path);
            } else if path.extension().is_some_and(|e| e == "rs") {
                let text = std::fs::read_to_string(&path).unwrap();
                found.push((path.strip_prefix(dir).unwrap().to_path_buf(), text));
            }
        }
    }
    found.sort();
    found
}

/// The module a file belongs to: its first path component (`db/bound.rs`
/// and `db.rs` are both `db`; `label/store/requests.rs` is `label`).
fn module_of(relative: &Path) -> String {
    let first = relative.components().next().unwrap().as_os_str().to_string_lossy();
    first.trim_end_matches(".rs").to_owned()
}

/// Every `crate::…` path the code (not its comments) names, expanded from
/// use trees: `crate::{a::b, c::{d, e}}` gives `a::b`, `c::d` and `c::e`.
fn crate_paths(text: &str) -> BTreeSet<String> {
    let code: String = text
        .lines()
        .filter(|line| !line.trim_start().starts_with("//"))
        .collect::<Vec<_>>()
        .join("\n");
    let bytes = code.as_bytes();
    let mut paths = BTreeSet::new();
    let mut at = 0;
    while let Some(found) = code[at..].find("crate::") {
        let start = at + found;
        at = start + "crate::".len();
        let before = start.checked_sub(1).map(|i| bytes[i]);
        if before.is_some_and(|b| b == b'$' || b.is_ascii_alphanumeric() || b == b'_') {
            continue;
        }
        let (tree, _) = use_tree(&code[at..]);
        paths.extend(tree);
    }
    paths
}

/// Parses one use tree at the start of `text`: its expanded paths and how
/// many bytes it took.
fn use_tree(text: &str) -> (Vec<String>, usize) {
    let mut prefix = String::new();
    let mut i = 0;
    let bytes = text.as_bytes();
    loop {
        let start = i;
        while i < bytes.len() && (bytes[i].is_ascii_alphanumeric() || bytes[i] == b'_') {
            i += 1;
        }
        prefix.push_str(&text[start..i]);
        let group = if prefix.is_empty() { "{" } else { "::{" };
        if text[i..].starts_with(group) {
            i += group.len();
            let mut paths = Vec::new();
            loop {
                while i < bytes.len() && (bytes[i].is_ascii_whitespace() || bytes[i] == b',') {
                    i += 1;
                }
                if i >= bytes.len() || bytes[i] == b'}' {
                    return (paths, i + 1);
                }
                let (inner, used) = use_tree(&text[i..]);
                paths.extend(
                    inner
                        .into_iter()
                        .map(|p| if prefix.is_empty() { p } else { format!("{prefix}::{p}") }),
                );
                i += used.max(1);
            }
        }
        if text[i..].starts_with("::") && text[i + 2..].starts_with(|c: char| c.is_ascii_alphabetic() || c == '_') {
            prefix.push_str("::");
            i += 2;
            continue;
        }
        // `as` renames and whatever follows end the path.
        return (vec![prefix], i);
    }
}

/// The edges between `modules` of the files under `dir`: module → modules it names.
fn module_graph(dir: &Path) -> BTreeMap<String, BTreeSet<String>> {
    let mut graph: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for (relative, text) in sources(dir) {
        let module = module_of(&relative);
        let entry = graph.entry(module.clone()).or_default();
        for path in crate_paths(&text) {
            let target = path.split("::").next().unwrap_or_default().to_owned();
            if !target.is_empty() && target != module {
                entry.insert(target);
            }
        }
    }
    graph
}

/// A circle in `graph`, if there is one, as the modules along it.
fn circle(graph: &BTreeMap<String, BTreeSet<String>>) -> Option<Vec<String>> {
    fn visit(
        node: &str,
        graph: &BTreeMap<String, BTreeSet<String>>,
        path: &mut Vec<String>,
        done: &mut BTreeSet<String>,
    ) -> Option<Vec<String>> {
        if let Some(at) = path.iter().position(|n| n == node) {
            let mut found = path[at..].to_vec();
            found.push(node.to_owned());
            return Some(found);
        }
        if done.contains(node) {
            return None;
        }
        path.push(node.to_owned());
        for next in graph.get(node).into_iter().flatten() {
            if let Some(found) = visit(next, graph, path, done) {
                return Some(found);
            }
        }
        path.pop();
        done.insert(node.to_owned());
        None
    }
    let mut done = BTreeSet::new();
    graph
        .keys()
        .find_map(|node| visit(node, graph, &mut Vec::new(), &mut done))
}

#[test]
fn the_parser_expands_use_trees() {
    let text = "use crate::{a::b, c::{d, e::F}};\n// crate::ignored\nlet x = crate::g::h(); $crate::m::n; my_crate::z";
    let paths: Vec<String> = crate_paths(text).into_iter().collect();
    assert_eq!(paths, ["a::b", "c::d", "c::e::F", "g::h"]);
    let mut graph = BTreeMap::new();
    graph.insert("a".to_owned(), BTreeSet::from(["b".to_owned()]));
    graph.insert("b".to_owned(), BTreeSet::from(["a".to_owned()]));
    assert_eq!(
        circle(&graph),
        Some(vec!["a".to_owned(), "b".to_owned(), "a".to_owned()])
    );
}

#[test]
fn platform_modules_form_layers_without_circles() {
    let graph = module_graph(&services().join("platform/src"));
    let layer_of = |module: &str| {
        PLATFORM_LAYERS
            .iter()
            .position(|(_, modules)| modules.contains(&module))
    };
    let mut problems = Vec::new();
    for (module, imports) in &graph {
        if module == "lib" {
            continue;
        }
        let Some(layer) = layer_of(module) else {
            problems.push(format!("platform::{module} is in no layer (add it to PLATFORM_LAYERS)"));
            continue;
        };
        for import in imports {
            match layer_of(import) {
                Some(below) if below <= layer => {}
                Some(above) => problems.push(format!(
                    "platform::{module} ({}) imports {import} ({})",
                    PLATFORM_LAYERS[layer].0, PLATFORM_LAYERS[above].0
                )),
                // A macro or item at the crate root.
                None => {}
            }
        }
    }
    if let Some(found) = circle(&graph) {
        problems.push(format!("import circle: {}", found.join(" → ")));
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn context_aggregates_import_no_other_store_and_no_circle() {
    let mut problems = Vec::new();
    for context in ["scripts", "sessions", "evaluation"] {
        let src = services().join(context).join("src");
        // An aggregate is a module with an `api.rs`.
        let aggregates: BTreeSet<String> = std::fs::read_dir(&src)
            .unwrap()
            .map(|entry| entry.unwrap().path())
            .filter(|path| path.join("api.rs").exists())
            .map(|path| path.file_name().unwrap().to_string_lossy().into_owned())
            .collect();
        assert!(!aggregates.is_empty(), "{context} has aggregates");
        let mut graph: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
        for (relative, text) in sources(&src) {
            let module = module_of(&relative);
            let in_domain = module == "domain";
            if in_domain {
                for (line_number, line) in text.lines().enumerate() {
                    let code = line.split("//").next().unwrap_or_default();
                    if code.contains("sea_orm") || code.contains("tonic") || code.contains("agentbase_proto") {
                        problems.push(format!(
                            "{context}/src/{}:{}: domain names the wire or the tables",
                            relative.display(),
                            line_number + 1
                        ));
                    }
                }
            }
            for path in crate_paths(&text) {
                let mut parts = path.split("::");
                let target = parts.next().unwrap_or_default().to_owned();
                if target == module {
                    continue;
                }
                if aggregates.contains(&target) {
                    if parts.next() == Some("store") {
                        problems.push(format!(
                            "{context}/src/{} imports crate::{path}: another aggregate's store",
                            relative.display()
                        ));
                    }
                    if !aggregates.contains(&module) && matches!(module.as_str(), "domain" | "entity") {
                        problems.push(format!("{context}::{module} imports the aggregate {target}"));
                    }
                    if aggregates.contains(&module) {
                        graph.entry(module.clone()).or_default().insert(target);
                    }
                }
            }
        }
        if let Some(found) = circle(&graph) {
            problems.push(format!(
                "{context}: aggregates import each other: {}",
                found.join(" → ")
            ));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// Files stay readable: no source file outside tests passes 600 lines
/// (docs/ARCHITECTURE.md); one that grows is split along its seams.
#[test]
fn no_source_file_passes_600_lines() {
    let root = services().join("..");
    let mut long = Vec::new();
    for dir in [
        "services/platform/src",
        "services/scripts/src",
        "services/sessions/src",
        "services/evaluation/src",
        "services/agentbase/src",
        "services/testkit/src",
        "migration/src",
        "proto/src",
        "bench/src",
    ] {
        for (relative, text) in sources(&root.join(dir)) {
            let lines = text.lines().count();
            if lines > 600 && relative.file_name().is_some_and(|name| name != "tests.rs") {
                long.push(format!("{dir}/{}: {lines} lines", relative.display()));
            }
        }
    }
    assert!(long.is_empty(), "{}", long.join("\n"));
}
