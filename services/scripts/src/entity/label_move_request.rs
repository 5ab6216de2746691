//! The `label_move_requests` table: requests to move a label that requires
//! a second person's approval.

use sea_orm::entity::prelude::*;

/// `label_move_requests.state`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, EnumIter, DeriveActiveEnum)]
#[sea_orm(rs_type = "String", db_type = "Text")]
pub enum State {
    #[sea_orm(string_value = "pending")]
    Pending,
    #[sea_orm(string_value = "approved")]
    Approved,
    #[sea_orm(string_value = "superseded")]
    Superseded,
}

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "label_move_requests")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub project_id: Option<Uuid>,
    pub script_id: Option<Uuid>,
    pub name: String,
    pub version_id: Option<Uuid>,
    pub revision: Option<i32>,
    pub reason: String,
    pub state: State,
    pub principal: String,
    pub actor: String,
    /// The label's etag when the request was made.
    pub label_etag: String,
    pub request_id: Option<Uuid>,
    pub created_at: DateTimeUtc,
    pub approver_principal: Option<String>,
    pub approver_actor: Option<String>,
    pub decided_at: Option<DateTimeUtc>,
    /// The tenant the row belongs to (`agentbase_platform::tenant`).
    pub tenant_id: String,
}

/// Relations of `label_move_requests` (none used by queries).
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
