//! The `scripts` table.

use sea_orm::entity::prelude::*;

/// `scripts.script_type`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, EnumIter, DeriveActiveEnum)]
#[sea_orm(rs_type = "String", db_type = "Enum", enum_name = "script_type")]
pub enum ScriptType {
    /// `session`
    #[sea_orm(string_value = "session")]
    Session,
    /// `technique`
    #[sea_orm(string_value = "technique")]
    Technique,
    /// `awareness`
    #[sea_orm(string_value = "awareness")]
    Awareness,
}

/// `scripts.status`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, EnumIter, DeriveActiveEnum)]
#[sea_orm(rs_type = "String", db_type = "Enum", enum_name = "script_status")]
pub enum ScriptStatus {
    /// `draft`
    #[sea_orm(string_value = "draft")]
    Draft,
    /// `published`
    #[sea_orm(string_value = "published")]
    Published,
    /// `archived`
    #[sea_orm(string_value = "archived")]
    Archived,
}

/// One script.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "scripts")]
pub struct Model {
    /// UUIDv7.
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// Unique name.
    pub name: String,
    /// Document shape.
    pub script_type: ScriptType,
    /// Lifecycle status.
    pub status: ScriptStatus,
    pub author: String,
    pub description: String,
    /// JSON array of strings.
    pub tags: Json,
    /// Case-folded name and description, for contains search.
    pub search_text: String,
    /// Newest revision number.
    pub current_revision: i32,
    /// Concurrency token.
    pub etag: String,
    /// Creation time.
    pub created_at: DateTimeUtc,
    /// Last change.
    pub updated_at: DateTimeUtc,
}

/// Relations of `scripts`.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    /// Its revisions.
    #[sea_orm(has_many = "super::script_revision::Entity")]
    Revisions,
}

impl Related<super::script_revision::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Revisions.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
