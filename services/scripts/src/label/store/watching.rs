//! Reads of WatchLabels: the moves after a cursor, in sequence order.

use super::{
    ColumnTrait, EntityTrait, Error, LabelMove, LabelOwner, LabelStore, QueryFilter, QueryOrder, QuerySelect, Uuid,
    label_move, owner_is, projects, script, to_move,
};

impl LabelStore {
    /// Up to `limit` moves after `after`, oldest first: of `owner`'s labels,
    /// or of every label when `owner` is None.
    pub async fn moves_after(
        &self,
        owner: Option<LabelOwner>,
        after: i64,
        limit: u64,
    ) -> Result<Vec<LabelMove>, Error> {
        let mut query = label_move::Entity::find()
            .filter(agentbase_platform::tenant::confined::<label_move::Entity>())
            .filter(label_move::Column::Sequence.gt(after))
            .order_by_asc(label_move::Column::Sequence)
            .limit(limit);
        if let Some(owner) = owner {
            query = query.filter(owner_is(
                owner,
                label_move::Column::ProjectId,
                label_move::Column::ScriptId,
            ));
        }
        query.all(&self.db).await?.into_iter().map(to_move).collect()
    }

    /// The sequence of the latest move committed, or 0: where a stream that
    /// starts from now begins.
    pub async fn last_sequence(&self) -> Result<i64, Error> {
        Ok(label_move::Entity::find()
            .filter(agentbase_platform::tenant::confined::<label_move::Entity>())
            .select_only()
            .column_as(label_move::Column::Sequence.max(), "last")
            .into_tuple::<Option<i64>>()
            .one(&self.db)
            .await?
            .flatten()
            .unwrap_or(0))
    }

    /// Fails unless `owner` exists (a watch of an unknown owner is NOT_FOUND).
    pub async fn ensure_owner(&self, owner: LabelOwner) -> Result<(), Error> {
        let exists = match owner {
            LabelOwner::Project(id) => projects::Entity::find_by_id(id)
                .filter(agentbase_platform::tenant::confined::<projects::Entity>())
                .select_only()
                .column(projects::Column::Id)
                .into_tuple::<Uuid>()
                .one(&self.db)
                .await?
                .is_some(),
            LabelOwner::Script(id) => script::Entity::find_by_id(id)
                .filter(agentbase_platform::tenant::confined::<script::Entity>())
                .select_only()
                .column(script::Column::Id)
                .into_tuple::<Uuid>()
                .one(&self.db)
                .await?
                .is_some(),
        };
        match (exists, owner) {
            (true, _) => Ok(()),
            (false, LabelOwner::Project(id)) => Err(Error::ProjectNotFound(id.to_string())),
            (false, LabelOwner::Script(id)) => Err(Error::ScriptNotFound(id.to_string())),
        }
    }
}
