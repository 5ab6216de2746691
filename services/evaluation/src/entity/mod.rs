//! SeaORM entities of the evaluation context; private to this crate, used only by the store.

pub mod run;
pub mod run_event;
pub mod task;
pub mod task_attempt;
pub mod task_metrics;
pub mod tool_error;
