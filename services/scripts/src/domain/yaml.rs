//! A YAML document as a tree whose every node knows its line and column, so
//! validation findings can point at the place in the source they concern.

use std::collections::{HashMap, HashSet};

use yaml_rust2::{
    Yaml,
    parser::{Event, MarkedEventReceiver, Parser},
    scanner::{Marker, TScalarStyle},
};

/// Aliases may not expand a document beyond this many nodes ("billion laughs").
pub const MAX_NODES: usize = 200_000;

/// How deep mappings and sequences may nest: the parsed form of the document
/// is returned as a `google.protobuf.Struct`, which every stock client must
/// be able to decode.
pub const MAX_DEPTH: usize = agentbase_platform::intake::MAX_DOCUMENT_DEPTH;

/// A YAML value with its position (1-based line and column).
#[derive(Debug, Clone, PartialEq)]
pub struct Node {
    pub value: Value,
    /// 1-based line where the node starts.
    pub line: u32,
    /// 1-based column where the node starts.
    pub column: u32,
    /// Where the key of this node starts (line, column), when it is a
    /// mapping's value: findings about the key itself (unknown, deprecated)
    /// point there.
    pub key_at: Option<(u32, u32)>,
    /// Where a scalar is written: findings about text inside it (a variable
    /// reference) are located there.
    pub written: Option<Written>,
}

/// Where a scalar's text is written in the source: from its first character
/// (the opening quote, or the first line of a block scalar's content) to the
/// line of whatever follows it. Lines are the scanner's, which are right;
/// its columns and indexes count bytes after some non-ASCII text, so the
/// search below counts characters itself.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Written {
    pub line: u32,
    pub column: u32,
    pub last_line: u32,
}

/// The source of a document, to locate text inside its scalars.
pub struct Source<'a> {
    lines: Vec<&'a str>,
}

impl<'a> Source<'a> {
    /// The document's lines, ended by LF, CR LF or a lone CR, as YAML's
    /// line breaks are.
    pub fn new(text: &'a str) -> Self {
        let mut lines = Vec::new();
        let mut start = 0;
        let bytes = text.as_bytes();
        let mut at = 0;
        while at < bytes.len() {
            match bytes[at] {
                b'\n' => {
                    lines.push(&text[start..at]);
                    start = at + 1;
                }
                b'\r' => {
                    lines.push(&text[start..at]);
                    if bytes.get(at + 1) == Some(&b'\n') {
                        at += 1;
                    }
                    start = at + 1;
                }
                _ => {}
            }
            at += 1;
        }
        lines.push(&text[start..]);
        Self { lines }
    }

    /// Where the `nth` (from 0) occurrence of `needle` inside `node`'s text
    /// is written, as (line, column), 1-based, columns in characters; `None`
    /// when the node is not a written scalar or the text is not written as
    /// is (an escape sequence spells it).
    pub fn locate(&self, node: &Node, needle: &str, nth: usize) -> Option<(u32, u32)> {
        let written = node.written?;
        let mut left = nth;
        for number in written.line..=written.last_line {
            let line = self.lines.get(usize::try_from(number).ok()?.checked_sub(1)?)?;
            // On the scalar's first line, only what follows its start.
            let skip = if number == written.line {
                line.char_indices()
                    .nth(usize::try_from(written.column).ok()?.saturating_sub(1))
                    .map_or(line.len(), |(at, _)| at)
            } else {
                0
            };
            for (at, _) in line[skip..].match_indices(needle) {
                if left == 0 {
                    let column = line[..skip + at].chars().count() + 1;
                    return Some((number, u32::try_from(column).ok()?));
                }
                left -= 1;
            }
        }
        None
    }
}

/// The value of a [`Node`].
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    /// `null`, `~` or empty.
    Null,
    /// `true` / `false`.
    Bool(bool),
    Int(i64),
    /// A floating-point number, kept as written.
    Float(String),
    /// A string.
    Str(String),
    /// A sequence.
    Seq(Vec<Node>),
    /// A mapping, in document order; keys are unique.
    Map(Vec<(String, Node)>),
}

/// A document that is not well-formed YAML, or is beyond what is accepted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SyntaxError {
    /// 1-based line of the problem.
    pub line: u32,
    /// 1-based column of the problem.
    pub column: u32,
    /// What is wrong.
    pub message: String,
    /// The document nests too deep or expands to too many nodes: it is
    /// refused outright, never stored.
    pub over_limit: bool,
}

impl Node {
    /// The entry `key` of a mapping.
    pub fn get(&self, key: &str) -> Option<&Node> {
        match &self.value {
            Value::Map(entries) => entries.iter().find(|(k, _)| k == key).map(|(_, v)| v),
            _ => None,
        }
    }

    /// The node as a scalar rendered to text (strings, numbers, booleans); `None` otherwise.
    pub fn as_scalar_text(&self) -> Option<String> {
        match &self.value {
            Value::Str(s) => Some(s.clone()),
            Value::Int(i) => Some(i.to_string()),
            Value::Float(f) => Some(f.clone()),
            Value::Bool(b) => Some(b.to_string()),
            Value::Null | Value::Seq(_) | Value::Map(_) => None,
        }
    }

    /// The node as JSON; non-finite floats become strings.
    pub fn to_json(&self) -> serde_json::Value {
        match &self.value {
            Value::Null => serde_json::Value::Null,
            Value::Bool(b) => serde_json::Value::Bool(*b),
            Value::Int(i) => serde_json::Value::from(*i),
            Value::Float(raw) => raw
                .parse::<f64>()
                .ok()
                .and_then(serde_json::Number::from_f64)
                .map_or_else(|| serde_json::Value::String(raw.clone()), serde_json::Value::Number),
            Value::Str(s) => serde_json::Value::String(s.clone()),
            Value::Seq(items) => serde_json::Value::Array(items.iter().map(Node::to_json).collect()),
            Value::Map(entries) => {
                serde_json::Value::Object(entries.iter().map(|(k, v)| (k.clone(), v.to_json())).collect())
            }
        }
    }
}

/// Parses exactly one YAML document.
pub fn parse(text: &str) -> Result<Node, SyntaxError> {
    let mut builder = TreeBuilder {
        source: text,
        ..TreeBuilder::default()
    };
    let mut parser = Parser::new_from_str(text);
    if let Err(err) = parser.load(&mut builder, true) {
        let mark = err.marker();
        return Err(SyntaxError {
            line: line_of(mark),
            column: column_of(mark),
            message: err.info().to_owned(),
            over_limit: false,
        });
    }
    if let Some(err) = builder.error {
        return Err(err);
    }
    match (builder.documents, builder.root) {
        (1, Some(root)) => Ok(root),
        (0, _) | (_, None) => Err(SyntaxError {
            line: 1,
            column: 1,
            message: "the document is empty".into(),
            over_limit: false,
        }),
        (_, Some(_)) => Err(SyntaxError {
            line: builder.second_document_line,
            column: 1,
            message: "expected a single YAML document, found several".into(),
            over_limit: false,
        }),
    }
}

fn line_of(mark: &Marker) -> u32 {
    u32::try_from(mark.line()).unwrap_or(u32::MAX).max(1)
}

fn column_of(mark: &Marker) -> u32 {
    u32::try_from(mark.col()).unwrap_or(u32::MAX).saturating_add(1)
}

enum Frame {
    Seq {
        start: Marker,
        anchor: usize,
        items: Vec<Node>,
    },
    Map {
        start: Marker,
        anchor: usize,
        entries: Vec<(String, Node)>,
        seen: HashSet<String>,
        key: Option<String>,
        /// Where the first key starts: block mapping start events are reported
        /// one column late, so a mapping is located at its first key instead.
        first_key: Option<(u32, u32)>,
        /// Where the key waiting for its value starts.
        key_at: (u32, u32),
    },
}

/// An anchored node with its size and depth, known before any alias copies it.
struct Anchored {
    node: Node,
    nodes: usize,
    depth: usize,
}

#[derive(Default)]
struct TreeBuilder<'a> {
    /// The document, to locate block scalar indicators.
    source: &'a str,
    /// Its lines, split on first use, as the scanner counts them.
    lines: Option<Source<'a>>,
    stack: Vec<Frame>,
    anchors: HashMap<usize, Anchored>,
    root: Option<Node>,
    documents: usize,
    second_document_line: u32,
    nodes: usize,
    error: Option<SyntaxError>,
    /// The last node finished is a scalar value whose last line is the line
    /// of the next event.
    open_scalar: bool,
}

impl TreeBuilder<'_> {
    /// Gives the scalar value finished last its last line.
    fn close_scalar(&mut self, line: u32) {
        let last = match self.stack.last_mut() {
            Some(Frame::Seq { items, .. }) => items.last_mut(),
            Some(Frame::Map { entries, .. }) => entries.last_mut().map(|(_, node)| node),
            None => self.root.as_mut(),
        };
        if let Some(Node {
            written: Some(written), ..
        }) = last
        {
            written.last_line = line.max(written.line);
        }
    }

    fn fail(&mut self, mark: &Marker, message: String) {
        self.fail_as(mark, message, false);
    }

    fn fail_as(&mut self, mark: &Marker, message: String, over_limit: bool) {
        if self.error.is_none() {
            self.error = Some(SyntaxError {
                line: line_of(mark),
                column: column_of(mark),
                message,
                over_limit,
            });
        }
    }

    /// Admits `nodes` more nodes reaching `depth` levels below the current
    /// frame; refuses the document past either limit.
    fn admit(&mut self, nodes: usize, depth: usize, mark: &Marker) -> bool {
        self.nodes += nodes;
        if self.nodes > MAX_NODES {
            self.fail_as(
                mark,
                format!("the document expands to more than {MAX_NODES} nodes"),
                true,
            );
            return false;
        }
        if self.stack.len() + depth > MAX_DEPTH {
            self.fail_as(mark, format!("the document nests deeper than {MAX_DEPTH} levels"), true);
            return false;
        }
        true
    }

    fn finish(&mut self, node: Node, anchor: usize, mark: &Marker) {
        if anchor > 0 {
            let (nodes, depth) = (count_nodes(&node), depth_of(&node));
            self.anchors.insert(
                anchor,
                Anchored {
                    node: node.clone(),
                    nodes,
                    depth,
                },
            );
        }
        match self.stack.last_mut() {
            None => {
                if self.documents == 1 {
                    self.root = Some(node);
                }
            }
            Some(Frame::Seq { items, .. }) => items.push(node),
            Some(Frame::Map {
                entries,
                seen,
                key,
                key_at,
                ..
            }) => match key.take() {
                None => {
                    let text = node.as_scalar_text().unwrap_or_else(|| node.to_json().to_string());
                    if !seen.insert(text.clone()) {
                        let message = format!("duplicate key `{text}`");
                        self.fail(mark, message);
                    }
                    if let Some(Frame::Map {
                        key, first_key, key_at, ..
                    }) = self.stack.last_mut()
                    {
                        *key = Some(text);
                        *key_at = (node.line, node.column);
                        first_key.get_or_insert((node.line, node.column));
                    }
                }
                Some(k) => {
                    let mut node = node;
                    node.key_at = Some(*key_at);
                    entries.push((k, node));
                }
            },
        }
    }
}

/// Where the `|` or `>` header of a block scalar whose content starts on
/// `content_line` is: the scanner reports the content, but a finding about
/// the value belongs where the value is written. Only blank lines can stand
/// between the header and the content.
fn block_indicator(lines: &[&str], content_line: u32) -> Option<(u32, u32)> {
    let before = lines.get(..(content_line as usize).saturating_sub(1))?;
    let (index, line) = before
        .iter()
        .enumerate()
        .rev()
        .find(|(_, line)| !line.trim().is_empty())?;
    let header = match line.find(" #") {
        Some(comment) => &line[..comment],
        None => line,
    }
    .trim_end();
    let start = header.rfind(|c: char| c.is_whitespace()).map_or(0, |i| i + 1);
    let token = &header[start..];
    if !token.starts_with(['|', '>']) {
        return None;
    }
    let column = header[..start].chars().count() + 1;
    Some((u32::try_from(index + 1).ok()?, u32::try_from(column).ok()?))
}

/// A mapping with its merge keys (`<<: *defaults`, or a list of them)
/// applied, as the engine's parser (js-yaml) applies them: the merged
/// mappings' entries join it, and a key the mapping writes itself wins, as
/// does an earlier merged mapping over a later one. A `<<` whose value is no
/// mapping stays a key (and is reported as unknown).
fn merged(entries: Vec<(String, Node)>) -> Vec<(String, Node)> {
    if !entries.iter().any(|(key, _)| key == "<<") {
        return entries;
    }
    let (merges, mut own): (Vec<_>, Vec<_>) = entries.into_iter().partition(|(key, node)| {
        key == "<<"
            && match &node.value {
                Value::Map(_) => true,
                Value::Seq(items) => items.iter().all(|item| matches!(item.value, Value::Map(_))),
                _ => false,
            }
    });
    for (_, merge) in merges {
        let sources = match merge.value {
            Value::Map(entries) => vec![entries],
            Value::Seq(items) => items
                .into_iter()
                .filter_map(|item| match item.value {
                    Value::Map(entries) => Some(entries),
                    _ => None,
                })
                .collect(),
            _ => Vec::new(),
        };
        for source in sources {
            for (key, node) in source {
                if !own.iter().any(|(existing, _)| *existing == key) {
                    own.push((key, node));
                }
            }
        }
    }
    own
}

fn depth_of(node: &Node) -> usize {
    match &node.value {
        Value::Seq(items) => 1 + items.iter().map(depth_of).max().unwrap_or(0),
        Value::Map(entries) => 1 + entries.iter().map(|(_, v)| depth_of(v)).max().unwrap_or(0),
        _ => 0,
    }
}

fn count_nodes(node: &Node) -> usize {
    1 + match &node.value {
        Value::Seq(items) => items.iter().map(count_nodes).sum(),
        Value::Map(entries) => entries.iter().map(|(_, v)| count_nodes(v)).sum(),
        _ => 0,
    }
}

impl MarkedEventReceiver for TreeBuilder<'_> {
    fn on_event(&mut self, event: Event, mark: Marker) {
        if self.error.is_some() {
            return;
        }
        if self.open_scalar {
            self.open_scalar = false;
            self.close_scalar(line_of(&mark));
        }
        let position = |value| Node {
            value,
            line: line_of(&mark),
            column: column_of(&mark),
            key_at: None,
            written: None,
        };
        match event {
            Event::DocumentStart => {
                self.documents += 1;
                if self.documents == 2 {
                    self.second_document_line = line_of(&mark);
                }
            }
            Event::Scalar(text, style, anchor, _tag) => {
                let value = if style == TScalarStyle::Plain {
                    match Yaml::from_str(&text) {
                        Yaml::Null => Value::Null,
                        Yaml::Boolean(b) => Value::Bool(b),
                        Yaml::Integer(i) => Value::Int(i),
                        Yaml::Real(r) => Value::Float(r),
                        _ => Value::Str(text),
                    }
                } else {
                    Value::Str(text)
                };
                let mut node = position(value);
                node.written = Some(Written {
                    line: node.line,
                    column: node.column,
                    last_line: node.line,
                });
                // A value (not a key) gets its last line from the next event.
                let is_value = !matches!(self.stack.last(), Some(Frame::Map { key: None, .. }));
                if matches!(style, TScalarStyle::Literal | TScalarStyle::Folded)
                    && let Some((line, column)) = block_indicator(
                        &self.lines.get_or_insert_with(|| Source::new(self.source)).lines,
                        node.line,
                    )
                {
                    node.line = line;
                    node.column = column;
                }
                if self.admit(1, 0, &mark) {
                    self.finish(node, anchor, &mark);
                    self.open_scalar = is_value && anchor == 0;
                }
            }
            // Sizes are checked before the anchored node is copied, so an
            // alias bomb is refused without building what it expands to.
            Event::Alias(anchor) => match self.anchors.get(&anchor).map(|a| (a.nodes, a.depth)) {
                Some((nodes, depth)) => {
                    if self.admit(nodes, depth, &mark)
                        && let Some(anchored) = self.anchors.get(&anchor)
                    {
                        let node = anchored.node.clone();
                        self.finish(node, 0, &mark);
                    }
                }
                None => self.fail(&mark, "alias to an unknown anchor".into()),
            },
            Event::SequenceStart(anchor, _) => {
                if self.admit(0, 1, &mark) {
                    self.stack.push(Frame::Seq {
                        start: mark,
                        anchor,
                        items: Vec::new(),
                    });
                }
            }
            Event::MappingStart(anchor, _) => {
                if self.admit(0, 1, &mark) {
                    self.stack.push(Frame::Map {
                        start: mark,
                        anchor,
                        entries: Vec::new(),
                        seen: HashSet::new(),
                        key: None,
                        first_key: None,
                        key_at: (0, 0),
                    });
                }
            }
            Event::SequenceEnd | Event::MappingEnd => {
                let (start, anchor, value, first_key) = match self.stack.pop() {
                    Some(Frame::Seq { start, anchor, items }) => (start, anchor, Value::Seq(items), None),
                    Some(Frame::Map {
                        start,
                        anchor,
                        entries,
                        first_key,
                        ..
                    }) => (start, anchor, Value::Map(merged(entries)), first_key),
                    None => return,
                };
                self.nodes += 1;
                let (line, column) = first_key.unwrap_or((line_of(&start), column_of(&start)));
                let node = Node {
                    value,
                    line,
                    column,
                    key_at: None,
                    written: None,
                };
                self.finish(node, anchor, &start);
            }
            Event::Nothing | Event::StreamStart | Event::StreamEnd | Event::DocumentEnd => {}
        }
    }
}

#[cfg(test)]
mod tests;
