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
