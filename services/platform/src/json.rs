//! Conversions between JSON values and `google.protobuf.Struct` / `Value`.

use prost_types::{ListValue, Struct, Value, value::Kind};

/// A JSON document as stored, read without being built: a nested value is
/// skipped by serde_json without recursion, so any depth decodes and a row
/// stored before the depth limit existed can still be served.
#[derive(Debug, Clone, serde::Deserialize)]
#[serde(transparent)]
pub struct StoredDocument(Box<serde_json::value::RawValue>);

impl sea_orm::TryGetableFromJson for StoredDocument {}

impl StoredDocument {
    /// The document when it nests at most `max_depth` levels; `None` beyond.
    pub fn within(&self, max_depth: usize) -> Option<serde_json::Value> {
        if depth(self.0.get()) > max_depth {
            return None;
        }
        serde_json::from_str(self.0.get()).ok()
    }
}

/// How deep arrays and objects nest in the JSON `text` (0 for a scalar),
/// found in one pass without recursion.
pub fn depth(text: &str) -> usize {
    let (mut depth, mut deepest) = (0usize, 0usize);
    let (mut in_string, mut escaped) = (false, false);
    for byte in text.bytes() {
        if in_string {
            match byte {
                _ if escaped => escaped = false,
                b'\\' => escaped = true,
                b'"' => in_string = false,
                _ => {}
            }
            continue;
        }
        match byte {
            b'"' => in_string = true,
            b'[' | b'{' => {
                depth += 1;
                deepest = deepest.max(depth);
            }
            b']' | b'}' => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    deepest
}

/// Converts JSON to a protobuf `Value`. Numbers become doubles, as the wire type requires.
pub fn to_value(json: &serde_json::Value) -> Value {
    let kind = match json {
        serde_json::Value::Null => Kind::NullValue(0),
        serde_json::Value::Bool(b) => Kind::BoolValue(*b),
        serde_json::Value::Number(n) => Kind::NumberValue(n.as_f64().unwrap_or_default()),
        serde_json::Value::String(s) => Kind::StringValue(s.clone()),
        serde_json::Value::Array(items) => Kind::ListValue(ListValue {
            values: items.iter().map(to_value).collect(),
        }),
        serde_json::Value::Object(map) => Kind::StructValue(to_struct(map)),
    };
    Value { kind: Some(kind) }
}

/// Converts a JSON object to a protobuf `Struct`.
pub fn to_struct(map: &serde_json::Map<String, serde_json::Value>) -> Struct {
    Struct {
        fields: map.iter().map(|(k, v)| (k.clone(), to_value(v))).collect(),
    }
}

/// Converts a protobuf `Value` to JSON; non-finite numbers become null.
pub fn from_value(value: &Value) -> serde_json::Value {
    match &value.kind {
        None | Some(Kind::NullValue(_)) => serde_json::Value::Null,
        Some(Kind::BoolValue(b)) => serde_json::Value::Bool(*b),
        Some(Kind::NumberValue(n)) => {
            serde_json::Number::from_f64(*n).map_or(serde_json::Value::Null, serde_json::Value::Number)
        }
        Some(Kind::StringValue(s)) => serde_json::Value::String(s.clone()),
        Some(Kind::ListValue(list)) => serde_json::Value::Array(list.values.iter().map(from_value).collect()),
        Some(Kind::StructValue(s)) => from_struct(s),
    }
}

/// Converts a protobuf `Struct` to a JSON object.
pub fn from_struct(value: &Struct) -> serde_json::Value {
    serde_json::Value::Object(value.fields.iter().map(|(k, v)| (k.clone(), from_value(v))).collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn depth_ignores_brackets_in_strings() {
        assert_eq!(depth("1"), 0);
        assert_eq!(depth(r#"{"a": [1, {"b": "[[[{"}]}"#), 3);
        assert_eq!(depth(r#"["\\", "\"[", [[]]]"#), 3);
        let deep = format!("{}{}", "[".repeat(5_000), "]".repeat(5_000));
        assert_eq!(depth(&deep), 5_000);
        let stored: StoredDocument = serde_json::from_str(&deep).unwrap();
        assert_eq!(stored.within(32), None);
        let shallow: StoredDocument = serde_json::from_str(r#"{"a": [1]}"#).unwrap();
        assert_eq!(shallow.within(32), Some(serde_json::json!({"a": [1]})));
    }

    #[test]
    fn round_trip() {
        let json = serde_json::json!({"a": [1.5, "x", null, true], "b": {"c": {}}});
        let serde_json::Value::Object(map) = &json else {
            unreachable!()
        };
        assert_eq!(from_struct(&to_struct(map)), json);
    }
}
