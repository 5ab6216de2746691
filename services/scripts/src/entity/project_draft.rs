//! The `project_drafts` table: validation state of the working copy.

use sea_orm::entity::prelude::*;

/// `project_drafts.validation_status`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, EnumIter, DeriveActiveEnum)]
#[sea_orm(rs_type = "String", db_type = "Enum", enum_name = "draft_validation_status")]
pub enum ValidationStatus {
    #[sea_orm(string_value = "valid")]
    Valid,
    #[sea_orm(string_value = "invalid")]
    Invalid,
    #[sea_orm(string_value = "unknown")]
    Unknown,
}

/// The draft of one project.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "project_drafts")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub project_id: Uuid,
    /// Whether the working copy validates.
    pub validation_status: ValidationStatus,
    /// JSON array of errors.
    pub validation_errors: Json,
    /// JSON array of warnings.
    pub validation_warnings: Json,
    /// Concurrency token of the working copy.
    pub etag: String,
    pub updated_at: DateTimeUtc,
    /// Who changed it last.
    pub updated_by: String,
    /// The tenant the row belongs to (`agentbase_platform::tenant`).
    pub tenant_id: String,
}

/// Relations of `project_drafts` (declared in SQL).
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
