//! Rules of the scripts context: script types and statuses, the newtypes
//! and commands that make a request valid by construction, and content
//! validation. Free of tonic and sea-orm: it neither knows the wire nor the tables.

pub mod label;
pub mod language;
pub mod project;
mod script;
pub mod validation;
pub mod yaml;

pub use agentbase_platform::error::check_text;
pub use script::*;

#[cfg(test)]
mod tests;

/// The mark every command carries in a private field: only the command's
/// own parser (in its module) puts it there, so the stores receive commands
/// that passed their rules and nothing builds one field by field.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Parsed;
