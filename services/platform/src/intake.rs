//! The check every request passes before a handler sees it.
//!
//! Requests of the served contracts are decoded once here against their
//! descriptors (prost-reflect), so that whatever a caller sends — bytes that
//! are not protobuf, invalid UTF-8, nesting past the limit, NUL characters,
//! huge strings, NaN — is refused with INVALID_ARGUMENT (or
//! RESOURCE_EXHAUSTED for size) naming the field, before any handler or
//! database is involved. The limits below are the floor every field has;
//! contexts apply tighter rules of their own (names, versions, …).
//! docs/RELIABILITY.md lists them.

use std::{collections::HashMap, sync::Arc};

use prost_reflect::{DescriptorPool, DynamicMessage, FieldDescriptor, MessageDescriptor, ReflectMessage, Value};
use prost_types::value::Kind;

use crate::error::{ApiError, FieldViolation, excerpt, is_forbidden_control};

/// How deep a JSON document (`google.protobuf.Struct`, `Value`, YAML content)
/// may nest: every stock protobuf client (recursion limit 100) can decode a
/// response that carries such a document in its parsed form.
pub const MAX_DOCUMENT_DEPTH: usize = 32;

/// String fields not listed in [`max_string_bytes`] hold at most this many UTF-8 bytes.
pub const DEFAULT_MAX_STRING_BYTES: usize = 1024;

/// Strings inside a `Struct` or `Value` hold at most this many UTF-8 bytes.
pub const MAX_DOCUMENT_STRING_BYTES: usize = 256 * 1024;

/// A request message holds at most this many violations in one answer.
const MAX_VIOLATIONS: usize = 20;

/// The upper bound of a string field by its name (UTF-8 bytes).
pub fn max_string_bytes(field: &str) -> usize {
    match field {
        "content" | "text" => 1024 * 1024,
        "error" => 64 * 1024,
        "description" | "release_note" | "reason" | "message" => 16 * 1024,
        "query" | "name_contains" | "page_token" | "file_path" | "path" | "from_path" | "to_path" => 4096,
        _ => DEFAULT_MAX_STRING_BYTES,
    }
}

/// A method this process serves, as the edge sees it.
#[derive(Clone)]
pub struct Method {
    /// `/package.Service/Method`.
    pub path: String,
    /// The request message.
    pub input: MessageDescriptor,
    /// Whether the response is a stream (watches are limited apart from unary calls).
    pub server_streaming: bool,
    /// Whether the request is a stream (never buffered).
    pub client_streaming: bool,
    /// The labels its calls are counted under.
    pub metric_labels: crate::metrics::MethodLabels,
}

impl Method {
    /// The method's own name, e.g. `GetScript`.
    pub fn name(&self) -> &str {
        self.path.rsplit('/').next().unwrap_or_default()
    }
}

/// The served methods, by path, and how their requests are checked.
#[derive(Clone)]
pub struct Intake {
    methods: HashMap<String, Arc<Method>>,
}

/// Why a request was refused at the edge.
#[derive(Debug)]
pub enum Rejection {
    /// The message is larger than the inbound limit.
    TooLarge {
        /// The size the caller announced.
        bytes: usize,
        /// The limit.
        limit: usize,
    },
    /// The body is not one well-formed message of the method's request type.
    Malformed(&'static str),
    /// The message decodes but breaks field rules.
    Invalid(Vec<FieldViolation>),
}

impl From<Rejection> for ApiError {
    fn from(rejection: Rejection) -> Self {
        match rejection {
            Rejection::TooLarge { bytes, limit } => ApiError::new(
                tonic::Code::ResourceExhausted,
                "MESSAGE_TOO_LARGE",
                format!("the request is {bytes} bytes; the limit is {limit} bytes"),
            ),
            Rejection::Malformed(why) => ApiError::new(
                tonic::Code::InvalidArgument,
                "MALFORMED_REQUEST",
                format!("the request could not be decoded: {why}"),
            ),
            Rejection::Invalid(violations) => ApiError::invalid_argument(violations),
        }
    }
}

impl Intake {
    /// The methods of every service in `descriptor_sets`.
    pub fn new(descriptor_sets: &[&[u8]]) -> Result<Self, prost_reflect::DescriptorError> {
        let mut pool = DescriptorPool::new();
        for set in descriptor_sets {
            pool.decode_file_descriptor_set(*set)?;
        }
        let methods = pool
            .services()
            .flat_map(|service| service.methods().collect::<Vec<_>>())
            .map(|method| {
                let path = format!("/{}/{}", method.parent_service().full_name(), method.name());
                let entry = Method {
                    metric_labels: crate::metrics::MethodLabels::of(
                        &path,
                        method.is_client_streaming(),
                        method.is_server_streaming(),
                    ),
                    path: path.clone(),
                    input: method.input(),
                    server_streaming: method.is_server_streaming(),
                    client_streaming: method.is_client_streaming(),
                };
                (path, Arc::new(entry))
            })
            .collect();
        Ok(Self { methods })
    }

    /// Every served method.
    pub fn methods(&self) -> impl Iterator<Item = &Method> {
        self.methods.values().map(Arc::as_ref)
    }

    /// The method served at `path`, if any (shared: calls clone it cheaply).
    pub fn method(&self, path: &str) -> Option<&Arc<Method>> {
        self.methods.get(path)
    }

    /// Checks the gRPC-framed body of a unary request to `method`; the decoded request.
    pub fn check(&self, method: &Method, body: &[u8], limit: usize) -> Result<DynamicMessage, Rejection> {
        let message = unframe(body, limit)?;
        let decoded = DynamicMessage::decode(method.input.clone(), message).map_err(|err| {
            let text = err.to_string();
            Rejection::Malformed(if text.contains("recursion limit") {
                "it nests deeper than the protocol allows"
            } else if text.contains("UTF-8") {
                "a string field is not valid UTF-8"
            } else {
                "the bytes are not a protobuf message of this method's request type"
            })
        })?;
        let mut walk = Walk::default();
        walk.message(&decoded, "");
        if walk.violations.is_empty() {
            Ok(decoded)
        } else {
            Err(Rejection::Invalid(walk.violations))
        }
    }
}

/// `message` as the body of a unary request: uncompressed, length-prefixed.
pub fn frame(message: &[u8]) -> Vec<u8> {
    let mut body = Vec::with_capacity(message.len() + 5);
    body.push(0);
    body.extend_from_slice(&u32::try_from(message.len()).unwrap_or(u32::MAX).to_be_bytes());
    body.extend_from_slice(message);
    body
}

/// The one message of a unary request: a 5-byte header (compression flag,
/// big-endian length) and exactly that many bytes.
fn unframe(body: &[u8], limit: usize) -> Result<&[u8], Rejection> {
    let Some((header, rest)) = body.split_first_chunk::<5>() else {
        return Err(Rejection::Malformed("the request carries no message"));
    };
    let length = u32::from_be_bytes([header[1], header[2], header[3], header[4]]) as usize;
    if length > limit {
        return Err(Rejection::TooLarge { bytes: length, limit });
    }
    if header[0] != 0 {
        return Err(Rejection::Malformed("compressed requests are not accepted"));
    }
    match rest.len().cmp(&length) {
        std::cmp::Ordering::Equal => Ok(rest),
        std::cmp::Ordering::Less => Err(Rejection::Malformed("the message is truncated")),
        std::cmp::Ordering::Greater => Err(Rejection::Malformed("a unary request carries one message")),
    }
}

#[derive(Default)]
struct Walk {
    violations: Vec<FieldViolation>,
}

impl Walk {
    fn violate(&mut self, field: String, description: impl Into<String>) {
        if self.violations.len() < MAX_VIOLATIONS {
            self.violations.push(FieldViolation::new(field, description));
        }
    }

    fn message(&mut self, message: &DynamicMessage, prefix: &str) {
        for (field, value) in message.fields() {
            let path = join(prefix, field.name());
            self.value(&field, value, path);
        }
    }

    fn value(&mut self, field: &FieldDescriptor, value: &Value, path: String) {
        match value {
            Value::String(text) => self.string(&path, text, max_string_bytes(field.name())),
            Value::F64(number) => self.number(&path, *number),
            Value::F32(number) => self.number(&path, f64::from(*number)),
            Value::Message(message) => self.nested(message, &path),
            Value::List(items) => {
                for (index, item) in items.iter().enumerate() {
                    self.value(field, item, format!("{path}[{index}]"));
                }
            }
            Value::Map(entries) => {
                for (key, item) in entries {
                    if let prost_reflect::MapKey::String(key) = key {
                        self.string(&format!("{path} key"), key, DEFAULT_MAX_STRING_BYTES);
                    }
                    let entry_path = format!("{path}[{}]", excerpt_key(key));
                    if let Some(value_field) = field.kind().as_message().map(|entry| entry.map_entry_value_field()) {
                        self.value(&value_field, item, entry_path);
                    }
                }
            }
            _ => {}
        }
    }

    fn nested(&mut self, message: &DynamicMessage, path: &str) {
        match message.descriptor().full_name() {
            "google.protobuf.Struct" => {
                if let Ok(document) = message.transcode_to::<prost_types::Struct>() {
                    self.document_struct(&document, path, 1);
                }
            }
            "google.protobuf.Value" => {
                if let Ok(document) = message.transcode_to::<prost_types::Value>() {
                    self.document_value(&document, path, 0);
                }
            }
            "google.protobuf.ListValue" => {
                if let Ok(document) = message.transcode_to::<prost_types::ListValue>() {
                    self.document_list(&document, path, 1);
                }
            }
            _ => self.message(message, path),
        }
    }

    fn document_struct(&mut self, document: &prost_types::Struct, path: &str, depth: usize) {
        if self.too_deep(path, depth) {
            return;
        }
        for (key, value) in &document.fields {
            self.string(&format!("{path} key"), key, DEFAULT_MAX_STRING_BYTES);
            self.document_value(value, &join(path, &excerpt(key, 32)), depth);
        }
    }

    fn document_list(&mut self, document: &prost_types::ListValue, path: &str, depth: usize) {
        if self.too_deep(path, depth) {
            return;
        }
        for (index, value) in document.values.iter().enumerate() {
            self.document_value(value, &format!("{path}[{index}]"), depth);
        }
    }

    fn document_value(&mut self, value: &prost_types::Value, path: &str, depth: usize) {
        match &value.kind {
            Some(Kind::StringValue(text)) => self.string(path, text, MAX_DOCUMENT_STRING_BYTES),
            Some(Kind::NumberValue(number)) => self.number(path, *number),
            Some(Kind::StructValue(inner)) => self.document_struct(inner, path, depth + 1),
            Some(Kind::ListValue(inner)) => self.document_list(inner, path, depth + 1),
            Some(Kind::NullValue(_) | Kind::BoolValue(_)) | None => {}
        }
    }

    fn too_deep(&mut self, path: &str, depth: usize) -> bool {
        if depth > MAX_DOCUMENT_DEPTH {
            self.violate(
                path.to_owned(),
                format!("nests deeper than {MAX_DOCUMENT_DEPTH} levels"),
            );
            return true;
        }
        false
    }

    fn string(&mut self, path: &str, text: &str, max_bytes: usize) {
        if text.len() > max_bytes {
            self.violate(path.to_owned(), format!("must be at most {max_bytes} bytes"));
        } else if text.chars().any(is_forbidden_control) {
            self.violate(path.to_owned(), "must not contain NUL or other control characters");
        }
    }

    fn number(&mut self, path: &str, number: f64) {
        if !number.is_finite() {
            self.violate(path.to_owned(), "must be a finite number (not NaN or Infinity)");
        }
    }
}

fn join(prefix: &str, name: &str) -> String {
    if prefix.is_empty() {
        name.to_owned()
    } else {
        format!("{prefix}.{name}")
    }
}

fn excerpt_key(key: &prost_reflect::MapKey) -> String {
    match key {
        prost_reflect::MapKey::String(text) => format!("\"{}\"", excerpt(text, 32)),
        other => format!("{other:?}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn frames_are_checked_before_decoding() {
        assert!(matches!(unframe(&[0, 0, 0], 10), Err(Rejection::Malformed(_))));
        assert!(matches!(
            unframe(&[0, 0, 0, 1, 0], 10),
            Err(Rejection::TooLarge { bytes: 256, limit: 10 })
        ));
        assert!(matches!(unframe(&[1, 0, 0, 0, 1, 7], 10), Err(Rejection::Malformed(_))));
        assert!(matches!(unframe(&[0, 0, 0, 0, 2, 7], 10), Err(Rejection::Malformed(_))));
        assert!(matches!(
            unframe(&[0, 0, 0, 0, 1, 7, 8], 10),
            Err(Rejection::Malformed(_))
        ));
        assert_eq!(unframe(&[0, 0, 0, 0, 1, 7], 10).ok(), Some(&[7u8][..]));
    }

    #[test]
    fn frames_round_trip() {
        let body = frame(&[7, 8]);
        assert_eq!(unframe(&body, 10).ok(), Some(&[7u8, 8][..]));
    }

    #[test]
    fn excerpts_are_short_and_printable() {
        assert_eq!(excerpt("abc", 5), "abc");
        assert_eq!(excerpt("abcdef", 3), "abc…");
        assert_eq!(excerpt("a\0b", 5), "a?b");
    }

    #[test]
    fn documents_past_the_depth_limit_are_refused() {
        let mut value = prost_types::Value {
            kind: Some(Kind::StringValue("leaf".into())),
        };
        for _ in 0..MAX_DOCUMENT_DEPTH {
            value = prost_types::Value {
                kind: Some(Kind::ListValue(prost_types::ListValue { values: vec![value] })),
            };
        }
        let mut walk = Walk::default();
        walk.document_value(&value, "value", 0);
        assert!(walk.violations.is_empty(), "{:?}", walk.violations);
        let deeper = prost_types::Value {
            kind: Some(Kind::ListValue(prost_types::ListValue { values: vec![value] })),
        };
        walk.document_value(&deeper, "value", 0);
        assert_eq!(walk.violations.len(), 1);
        assert!(walk.violations[0].description.contains("deeper"));
    }
}
