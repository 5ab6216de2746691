//! Differences between two sets of files, down to JSON paths, and the digest of a snapshot.

use super::{BTreeMap, FileType, ProjectFileData};

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
    pub file_type: FileType,
    pub file_name: String,
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

/// One side of a diff.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DiffSide {
    /// A published version.
    Version(uuid::Uuid),
    /// The working copy.
    WorkingCopy,
}
