//! The agentbase integration tests, in one binary so the whole stack links once.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod attacks;
mod audit;
mod authz;
mod cli;
mod commit_point;
mod layers;
mod metrics;
mod pooler;
mod roles;
mod schema_drift;
mod storage;
mod tenancy;
mod tls;
