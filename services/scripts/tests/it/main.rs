//! The scripts integration tests, in one binary so the whole stack links once.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod hostile_documents;
mod label_moves;
mod labels;
mod project_listing;
mod project_service;
mod script_corpus;
mod script_language;
mod script_lifecycle;
mod script_service;
