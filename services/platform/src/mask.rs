//! Update masks (AIP-134): which fields an `Update*` request changes.

use crate::error::FieldViolation;

/// The paths an update changes: the mask's when it names any, else the
/// fields the request sets (`present`: each path with whether it is set).
/// An update that names nothing is refused on `update_mask`.
pub fn update_paths(mask: Vec<String>, present: &[(&str, bool)]) -> Result<Vec<String>, FieldViolation> {
    let paths: Vec<String> = if mask.is_empty() {
        present
            .iter()
            .filter(|(_, set)| *set)
            .map(|(path, _)| (*path).to_owned())
            .collect()
    } else {
        mask
    };
    if paths.is_empty() {
        return Err(FieldViolation::new("update_mask", "names no field to update"));
    }
    Ok(paths)
}

/// The violation for a mask path that names no field the update may change.
pub fn unknown_path(path: &str, allowed: &[&str]) -> FieldViolation {
    FieldViolation::new("update_mask", format!("`{path}` is not one of {}", allowed.join(", ")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_mask_wins_else_the_set_fields() {
        let present = [("name", true), ("description", false)];
        assert_eq!(update_paths(vec![], &present).unwrap(), vec!["name"]);
        assert_eq!(
            update_paths(vec!["description".into()], &present).unwrap(),
            vec!["description"]
        );
        assert_eq!(
            update_paths(vec![], &[("name", false)]).unwrap_err().field,
            "update_mask"
        );
        assert!(unknown_path("x", &["a", "b"]).description.contains("a, b"));
    }
}
