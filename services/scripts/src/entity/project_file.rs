//! The `project_files` table: the working copy.

use sea_orm::entity::prelude::*;

/// `project_files.file_type`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, EnumIter, DeriveActiveEnum)]
#[sea_orm(rs_type = "String", db_type = "Enum", enum_name = "project_file_type")]
pub enum FileType {
    /// `global`
    #[sea_orm(string_value = "global")]
    Global,
    /// `roles`
    #[sea_orm(string_value = "roles")]
    Roles,
    /// `skills`
    #[sea_orm(string_value = "skills")]
    Skills,
    /// `forms`
    #[sea_orm(string_value = "forms")]
    Forms,
    /// `rules`
    #[sea_orm(string_value = "rules")]
    Rules,
    /// `session`
    #[sea_orm(string_value = "session")]
    Session,
    /// `template`
    #[sea_orm(string_value = "template")]
    Template,
}

/// One file of a project's working copy.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "project_files")]
pub struct Model {
    /// UUIDv7.
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// The project.
    pub project_id: Uuid,
    pub file_type: FileType,
    pub file_name: String,
    /// Optional path.
    pub file_path: Option<String>,
    /// Raw text.
    pub text: String,
    /// Parsed YAML.
    pub content: Option<Json>,
    /// Concurrency token.
    pub etag: String,
    /// Creation time.
    pub created_at: DateTimeUtc,
    /// Last change.
    pub updated_at: DateTimeUtc,
}

/// Relations of `project_files` (declared in SQL).
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
