//! The `messages` table.

use sea_orm::entity::prelude::*;

/// `messages.role`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, EnumIter, DeriveActiveEnum)]
#[sea_orm(rs_type = "String", db_type = "Enum", enum_name = "message_role")]
pub enum Role {
    /// `user`
    #[sea_orm(string_value = "user")]
    User,
    /// `assistant`
    #[sea_orm(string_value = "assistant")]
    Assistant,
    /// `system`
    #[sea_orm(string_value = "system")]
    System,
}

/// One message.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "messages")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub session_id: Uuid,
    /// 1, 2, 3…
    #[sea_orm(primary_key, auto_increment = false)]
    pub seq: i64,
    pub role: Role,
    pub content: String,
    /// Action id.
    pub action_id: String,
    /// Metadata object.
    pub metadata: Json,
    /// Idempotency key of the append that wrote it.
    pub request_id: Option<Uuid>,
    pub created_at: DateTimeUtc,
}

/// Relations (declared in SQL).
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
