//! The `project_files` table: the working copy.

use sea_orm::entity::prelude::*;

/// `project_files.file_type`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, EnumIter, DeriveActiveEnum)]
#[sea_orm(rs_type = "String", db_type = "Enum", enum_name = "project_file_type")]
pub enum FileType {
    #[sea_orm(string_value = "global")]
    Global,
    #[sea_orm(string_value = "roles")]
    Roles,
    #[sea_orm(string_value = "skills")]
    Skills,
    #[sea_orm(string_value = "forms")]
    Forms,
    #[sea_orm(string_value = "rules")]
    Rules,
    #[sea_orm(string_value = "session")]
    Session,
    #[sea_orm(string_value = "template")]
    Template,
}

/// One file of a project's working copy.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "project_files")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub project_id: Uuid,
    pub file_type: FileType,
    pub file_name: String,
    pub file_path: Option<String>,
    pub text: String,
    /// Parsed YAML.
    pub content: Option<Json>,
    pub etag: String,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
    /// The tenant the row belongs to (`agentbase_platform::tenant`).
    pub tenant_id: String,
}

/// Relations of `project_files` (declared in SQL).
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
