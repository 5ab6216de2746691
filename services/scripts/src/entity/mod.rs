//! SeaORM entities of the scripts context; private to this crate, used only by the stores.

pub mod label_move;
pub mod label_move_request;
pub mod project;
pub mod project_deprecation;
pub mod project_draft;
pub mod project_file;
pub mod project_version;
pub mod release_label;
pub mod script;
pub mod script_revision;
