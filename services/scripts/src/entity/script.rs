//! The `scripts` table.

use sea_orm::entity::prelude::*;

/// `scripts.script_type`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, EnumIter, DeriveActiveEnum)]
#[sea_orm(rs_type = "String", db_type = "Enum", enum_name = "script_type")]
pub enum ScriptType {
    #[sea_orm(string_value = "session")]
    Session,
    #[sea_orm(string_value = "technique")]
    Technique,
    #[sea_orm(string_value = "awareness")]
    Awareness,
}

/// `scripts.status`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, EnumIter, DeriveActiveEnum)]
#[sea_orm(rs_type = "String", db_type = "Enum", enum_name = "script_status")]
pub enum ScriptStatus {
    #[sea_orm(string_value = "draft")]
    Draft,
    #[sea_orm(string_value = "published")]
    Published,
    #[sea_orm(string_value = "archived")]
    Archived,
}

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "scripts")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub name: String,
    pub script_type: ScriptType,
    pub status: ScriptStatus,
    pub author: String,
    pub description: String,
    /// JSON array of strings.
    pub tags: Json,
    /// Case-folded name and description, for contains search.
    pub search_text: String,
    /// Newest revision number.
    pub current_revision: i32,
    pub etag: String,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
    /// The tenant the row belongs to (`agentbase_platform::tenant`).
    pub tenant_id: String,
}

/// Relations of `scripts`.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    #[sea_orm(has_many = "super::script_revision::Entity")]
    Revisions,
}

impl Related<super::script_revision::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Revisions.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
