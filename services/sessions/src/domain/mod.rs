//! Rules of the sessions context: session lifecycle, positions and the
//! variables they clear, messages, variables and memories, and the commands
//! each RPC carries. No tonic, no sea-orm.

mod erasure;
pub mod memory;
mod session;

pub use agentbase_platform::error::check_text;
pub use erasure::*;
pub use session::*;
