//! SeaORM entities of the sessions context; private to this crate, used only by the store.

pub mod memory;
pub mod memory_history;
pub mod message;
pub mod session;
pub mod variable;
