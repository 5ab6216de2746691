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
}

/// Relations of `release_labels` (declared in SQL).
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
