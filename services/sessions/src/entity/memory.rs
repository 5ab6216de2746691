//! The `memories` table.

use sea_orm::entity::prelude::*;

/// `memories.importance`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, EnumIter, DeriveActiveEnum)]
#[sea_orm(rs_type = "String", db_type = "Enum", enum_name = "memory_importance")]
pub enum Importance {
    #[sea_orm(string_value = "low")]
    Low,
    #[sea_orm(string_value = "medium")]
    Medium,
    #[sea_orm(string_value = "high")]
    High,
    #[sea_orm(string_value = "critical")]
    Critical,
}

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "memories")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub session_id: Option<Uuid>,
    pub user_id: Option<String>,
    pub memory_type: String,
    pub content: String,
    pub importance: Importance,
    /// 1 (low) … 4 (critical).
    pub importance_rank: i16,
    /// JSON array of strings.
    pub tags: Json,
    /// JSON object.
    pub metadata: Json,
    /// Normalised content and tags.
    pub search_text: String,
    pub access_count: i64,
    pub accessed_at: Option<DateTimeUtc>,
    pub expires_at: Option<DateTimeUtc>,
    pub etag: String,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
    /// SHA-256 of the normalised content: how a duplicate is found.
    pub content_key: Option<String>,
    /// The memory this one replaced.
    pub supersedes: Option<Uuid>,
    /// The memory that replaced this one.
    pub superseded_by: Option<Uuid>,
    /// `domain::memory::search_keys` of `search_text`: what the text index holds.
    pub search_keys: String,
    /// `domain::memory::search_scope`: the user, session and type tokens the
    /// text index holds. (`search_seq`, the place in creation order, is the
    /// database's to give: a sequence, or a trigger on SQLite.)
    pub search_scope: String,
    /// The tenant the row belongs to (`agentbase_platform::tenant`).
    pub tenant_id: String,
}

/// Relations (declared in SQL).
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
