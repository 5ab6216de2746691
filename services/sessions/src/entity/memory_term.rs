//! The `memory_terms` table: the search index of memories.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "memory_terms")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub memory_id: Uuid,
    #[sea_orm(primary_key, auto_increment = false)]
    pub term: String,
    /// Copied from the memory, for the per-user index.
    pub user_id: Option<String>,
    /// Occurrences of `term` in the memory's search text.
    pub hits: i32,
    /// Copied from the memory: the index order is the ranking.
    pub importance_rank: i16,
    /// `domain::memory::key_signature` of all the memory's keys.
    pub key_signature: i64,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    #[sea_orm(
        belongs_to = "super::memory::Entity",
        from = "Column::MemoryId",
        to = "super::memory::Column::Id"
    )]
    Memory,
}

impl ActiveModelBehavior for ActiveModel {}
