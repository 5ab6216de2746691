//! The `release_labels` table: named pointers to a version or a revision.

use sea_orm::entity::prelude::*;

/// One label of a project (pointing at a version) or of a script (at a revision).
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "release_labels")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub project_id: Option<Uuid>,
    pub script_id: Option<Uuid>,
    pub name: String,
    pub version_id: Option<Uuid>,
    pub revision: Option<i32>,
    pub protected: bool,
    pub requires_approval: bool,
    pub etag: String,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
    /// The tenant the row belongs to (`agentbase_platform::tenant`).
    pub tenant_id: String,
}

/// Relations of `release_labels` (declared in SQL).
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}

/// The names of the labels held by the project or script `id` (`owner` is
/// `Column::ProjectId` or `Column::ScriptId`), by name: read inside a
/// delete of the owner, under its lock, since a project or script with
/// labels is not deleted. Here because the script, project and label stores
/// all ask it.
pub(crate) async fn names_held(db: &impl ConnectionTrait, owner: Column, id: Uuid) -> Result<Vec<String>, DbErr> {
    use sea_orm::{QueryOrder, QuerySelect};
    Entity::find()
        .filter(owner.eq(id))
        .filter(agentbase_platform::tenant::confined::<Entity>())
        .select_only()
        .column(Column::Name)
        .order_by_asc(Column::Name)
        .into_tuple::<String>()
        .all(db)
        .await
}
