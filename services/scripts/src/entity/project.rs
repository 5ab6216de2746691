//! The `projects` table.

use sea_orm::entity::prelude::*;

/// `projects.status`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, EnumIter, DeriveActiveEnum)]
#[sea_orm(rs_type = "String", db_type = "Enum", enum_name = "project_status")]
pub enum ProjectStatus {
    #[sea_orm(string_value = "draft")]
    Draft,
    #[sea_orm(string_value = "published")]
    Published,
    #[sea_orm(string_value = "archived")]
    Archived,
    #[sea_orm(string_value = "deprecated")]
    Deprecated,
}

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "projects")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub name: String,
    pub description: String,
    pub engine_version: String,
    /// Oldest engine version.
    pub engine_version_min: String,
    pub status: ProjectStatus,
    pub author: String,
    /// JSON array of strings.
    pub tags: Json,
    /// JSON object.
    pub metadata: Json,
    /// Case-folded name and description.
    pub search_text: String,
    /// Current published version.
    pub current_version_id: Option<Uuid>,
    pub etag: String,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
    /// Files of the working copy, set with the draft.
    pub file_count: i32,
    /// The draft's validation status, set with the draft.
    pub draft_status: super::project_draft::ValidationStatus,
    /// Number of the current published version, set with it.
    pub current_version_number: Option<String>,
    /// The tenant the row belongs to (`agentbase_platform::tenant`).
    pub tenant_id: String,
}

/// Relations of `projects` (declared in SQL; queries join explicitly).
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
