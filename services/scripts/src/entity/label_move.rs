//! The `label_moves` table: every move of every label, kept for ever.

use sea_orm::entity::prelude::*;

/// One move; owner and label are named by value, so the row outlives them.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "label_moves")]
pub struct Model {
    /// Increasing across the context's labels (identity / AUTOINCREMENT).
    #[sea_orm(primary_key)]
    pub sequence: i64,
    pub project_id: Option<Uuid>,
    pub script_id: Option<Uuid>,
    pub name: String,
    pub from_version_id: Option<Uuid>,
    pub to_version_id: Option<Uuid>,
    pub from_revision: Option<i32>,
    pub to_revision: Option<i32>,
    pub reason: String,
    pub principal: String,
    pub actor: String,
    pub request_id: Option<Uuid>,
    pub moved_at: DateTimeUtc,
    pub move_request_id: Option<Uuid>,
    pub approver_principal: Option<String>,
    pub approver_actor: Option<String>,
    /// The tenant the row belongs to (`agentbase_platform::tenant`).
    pub tenant_id: String,
}

/// Relations of `label_moves` (none: the history outlives what it names).
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
