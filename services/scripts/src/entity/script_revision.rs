//! The `script_revisions` table.

use sea_orm::entity::prelude::*;

/// One immutable revision of a script's content.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "script_revisions")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub script_id: Uuid,
    /// 1, 2, 3… per script.
    #[sea_orm(primary_key, auto_increment = false)]
    pub revision: i32,
    /// Author's version string.
    pub version: String,
    /// YAML as submitted.
    pub content: String,
    /// YAML as JSON.
    pub parsed_content: Json,
    /// Hex SHA-256 of content.
    pub content_sha256: String,
    /// Validation warnings (JSON array).
    pub warnings: Json,
    /// Who wrote the revision.
    pub author: String,
    pub created_at: DateTimeUtc,
    /// The tenant the row belongs to (`agentbase_platform::tenant`).
    pub tenant_id: String,
}

/// Relations of `script_revisions`.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    /// The script it belongs to.
    #[sea_orm(
        belongs_to = "super::script::Entity",
        from = "Column::ScriptId",
        to = "super::script::Column::Id",
        on_delete = "Cascade"
    )]
    Script,
}

impl Related<super::script::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Script.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
