//! Rules of the evaluation context: run and task lifecycles, input bounds,
//! secret redaction and pass@k. No tonic, no sea-orm.

mod compare;
mod lease;
mod run;
pub mod secrets;
mod summary;
mod task;

pub use compare::*;
pub use lease::*;
pub use run::*;
pub use secrets::{REDACTED, redact};
pub use summary::*;
pub use task::*;

#[cfg(test)]
mod tests;

/// The mark every command carries in a private field: only the command's
/// own parser (in its module) puts it there, so the stores receive commands
/// that passed their rules and nothing builds one field by field.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Parsed;
