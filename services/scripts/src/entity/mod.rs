//! SeaORM entities of the scripts context; private to this crate, used only by the store.

pub mod script;
pub mod script_revision;
