//! The release-label aggregate: named pointers to a project version or a
//! script revision, their history, requests to move them and the stream of
//! their moves.

pub mod api;
pub(crate) mod convert;
pub mod store;
mod watch;

use crate::{
    domain::label::{LabelName, LabelOwner, LabelTarget},
    error::Error,
};

/// Where a label points: the one read of this aggregate that the script and
/// project aggregates use (GetScript and GetVersion take a label as a
/// selector), so they depend on it and not on the label store.
#[derive(Clone)]
pub struct LabelResolver(store::LabelStore);

impl LabelResolver {
    /// A resolver reading through `labels`.
    pub fn new(labels: store::LabelStore) -> Self {
        Self(labels)
    }

    /// Where `owner`'s label `name` points.
    pub async fn resolve(&self, owner: LabelOwner, name: &LabelName) -> Result<LabelTarget, Error> {
        self.0.resolve(owner, name).await
    }
}

/// The announcer of label moves: "a label of project or script X moved", for WatchLabels; its PostgreSQL channel is
/// `agentbase_<context>_labels` (`platform::events`).
pub fn events() -> agentbase_platform::events::Announcer {
    agentbase_platform::events::Announcer::new(crate::CONTEXT, "labels")
}
