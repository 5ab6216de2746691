//! The `memory_history` table: earlier states of a memory that updates replaced.

use sea_orm::entity::prelude::*;

use super::memory::Importance;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "memory_history")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub memory_id: Uuid,
    /// 1 for the state the memory was created with.
    #[sea_orm(primary_key, auto_increment = false)]
    pub version: i32,
    pub content: String,
    pub importance: Importance,
    /// JSON array of strings.
    pub tags: Json,
    /// When an update replaced this state.
    pub replaced_at: DateTimeUtc,
    /// The tenant the row belongs to (`agentbase_platform::tenant`).
    pub tenant_id: String,
}

/// The foreign key is declared in SQL.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
