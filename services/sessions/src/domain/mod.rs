//! Rules of the sessions context: session lifecycle, positions and the
//! variables they clear, messages, variables and memories, and the commands
//! each RPC carries. No tonic, no sea-orm.

mod erasure;
pub mod memory;
mod session;

pub use agentbase_platform::error::check_text;
pub use erasure::*;
pub use session::*;

/// The mark every command carries in a private field: only the command's
/// own parser (in its module) puts it there, so the stores receive commands
/// that passed their rules and nothing builds one field by field.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Parsed;
