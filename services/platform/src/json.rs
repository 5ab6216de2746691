//! Conversions between JSON values and `google.protobuf.Struct` / `Value`.

use prost_types::{ListValue, Struct, Value, value::Kind};

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
    fn round_trip() {
        let json = serde_json::json!({"a": [1.5, "x", null, true], "b": {"c": {}}});
        let serde_json::Value::Object(map) = &json else {
            unreachable!()
        };
        assert_eq!(from_struct(&to_struct(map)), json);
    }
}
