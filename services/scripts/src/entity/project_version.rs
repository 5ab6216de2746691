//! The `project_versions` table: immutable snapshots.

use sea_orm::entity::prelude::*;

/// One published version.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "project_versions")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub project_id: Uuid,
    /// `MAJOR.MINOR.PATCH`.
    pub version_number: String,
    /// Major, for ordering.
    pub version_major: i32,
    /// Minor, for ordering.
    pub version_minor: i32,
    /// Patch, for ordering.
    pub version_patch: i32,
    /// JSON array: the snapshot.
    pub files: Json,
    /// Files in the snapshot.
    pub file_count: i32,
    /// Hex SHA-256 of the snapshot.
    pub content_sha256: String,
    pub release_note: String,
    /// Made by a rollback.
    pub is_rollback: bool,
    /// The version rolled back to.
    pub rollback_from_version_id: Option<Uuid>,
    pub published_at: DateTimeUtc,
    pub published_by: String,
    /// The tenant the row belongs to (`agentbase_platform::tenant`).
    pub tenant_id: String,
}

/// Relations of `project_versions` (declared in SQL).
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
