//! Messages: appending under the session's lock, and reading pages of them.

use agentbase_platform::paging::{Direction, Keyset};
use agentbase_platform::tenant;
use agentbase_platform::write::Write;
use sea_orm::{
    ActiveEnum, Iterable,
    sea_query::{CommonTableExpression, SubQueryStatement, UpdateStatement, WithClause},
};

use super::{
    Announcer, AppendMessages, ColumnTrait, ConnectionTrait, DatabaseBackend, DatabaseTransaction, EntityTrait, Error,
    Expr, ExprTrait, FromQueryResult, HashMap, Message, Query, QueryFilter, QueryOrder, QueryTrait, ReadLane, Role,
    SessionStore, Set, Statement, Uuid, live, message, role_to_entity, session, status_from_entity, to_message,
    to_session,
};

impl SessionStore {
    /// Appends messages atomically: seq continues gap-free, message_count and
    /// last_message_at follow in the same transaction, with the audit event.
    ///
    /// On PostgreSQL the append is first tried as one statement
    /// ([`append_in_one_statement`]); when another write to the session got
    /// there between its snapshot and its update, and on SQLite, it runs
    /// under the session's row lock ([`Self::append_under_lock`]).
    pub async fn append(&self, command: AppendMessages) -> Result<Vec<Message>, Error> {
        let now = agentbase_platform::time::now();
        if self.db.get_database_backend() == DatabaseBackend::Postgres {
            let appended = match &self.appends {
                Some(lane) if !agentbase_platform::db::behind_transaction_pooler(&self.db) => {
                    append_in_one_statement(lane, &self.events, &command, now).await?
                }
                _ => {
                    let write = agentbase_platform::db::OneWrite::on(&self.db).await?;
                    let appended = append_in_one_statement(&write, &self.events, &command, now).await?;
                    write.commit().await?;
                    appended
                }
            };
            match appended {
                Optimistic::Appended { first_seq } => {
                    let id = command.session_id;
                    self.events.announce(id);
                    let appended = command.messages.into_iter().zip(first_seq..);
                    return Ok(appended.map(|(m, seq)| m.at(id, seq, now)).collect());
                }
                Optimistic::Replayed => {
                    return earlier_append(&self.db, command.session_id, command.request_id).await;
                }
                Optimistic::Refused(refusal) => return Err(refusal),
                Optimistic::Raced => {}
            }
        }
        self.append_under_lock(command, now).await
    }

    /// Three statements (docs/ARCHITECTURE.md): one UPDATE … RETURNING locks the
    /// row and moves its counters (a refusal below rolls it back), one INSERT
    /// adds the messages (on PostgreSQL with the notification in the same statement),
    /// one INSERT records the audit event. A request id adds its replay lookup.
    async fn append_under_lock(
        &self,
        command: AppendMessages,
        now: chrono::DateTime<chrono::Utc>,
    ) -> Result<Vec<Message>, Error> {
        let AppendMessages {
            session_id: id,
            messages,
            expected_last_seq,
            request_id,
            ..
        } = command;
        let count = messages.len() as i64;
        let write = Write::begin(&self.db).await?;
        let txn = write.txn();
        let row = lock_and_count(txn, id, count, now).await?;
        let last_seq = row.message_count - count;
        if request_id.is_some() {
            let earlier = earlier_append(txn, id, request_id).await?;
            if !earlier.is_empty() {
                write.rollback().await?;
                return Ok(earlier);
            }
        }
        to_session(row)
            .status
            .check_open()
            .map_err(|_| Error::SessionEnded(id.to_string()))?;
        if let Some(expected) = expected_last_seq
            && expected != last_seq
        {
            return Err(Error::LastSeqMismatch { actual: last_seq });
        }
        let appended: Vec<Message> = messages
            .into_iter()
            .zip(last_seq + 1..)
            .map(|(m, seq)| m.at(id, seq, now))
            .collect();
        insert_and_notify(&write, &self.events, &appended, request_id).await?;
        write.commit(id).await?;
        Ok(appended)
    }

    /// One page of messages by seq, after (or, descending, before) `cursor`;
    /// one statement. On PostgreSQL, pages asked for while another batch of
    /// them is being read are read together ([`read_pages`]).
    pub async fn messages(
        &self,
        id: Uuid,
        cursor: Option<i64>,
        descending: bool,
        role: Option<Role>,
        limit: u64,
    ) -> Result<(Vec<Message>, Option<i64>), Error> {
        let page = PageQuery {
            session_id: id,
            cursor,
            descending,
            role,
            limit,
        };
        let rows = match &self.batched_pages {
            // A batch's statement confines to the tenant; an end user's
            // pages are read alone, confined to the user as well.
            Some(batched) if limit <= MAX_BATCHED_PAGE && tenant::end_user().is_none() => {
                batched
                    .get(
                        page,
                        |pages| read_pages(&self.reads, pages),
                        |page| self.read_page(page),
                    )
                    .await?
            }
            _ => self.read_page(page).await?,
        };
        let mut rows = rows.ok_or_else(|| Error::SessionNotFound(id.to_string()))?;
        let next = agentbase_platform::paging::trim_page(&mut rows, limit, |m| m.seq);
        Ok((rows, next))
    }

    /// One page alone, with `limit + 1` rows at most; `None` when the session
    /// does not exist or has expired.
    async fn read_page(&self, page: PageQuery) -> Result<Option<Vec<Message>>, Error> {
        let id = page.session_id;
        // Only a live session's messages, and only the caller's: one probe
        // of the session's key. An expired session's messages are hidden at
        // once, before the sweeper deletes them.
        let visible = Query::select()
            .expr(Expr::val(1))
            .from(session::Entity)
            .and_where(session::Column::Id.eq(id))
            .cond_where(tenant::confined::<session::Entity>())
            .cond_where(live(agentbase_platform::time::now()))
            .to_owned();
        let direction = if page.descending {
            Direction::Descending
        } else {
            Direction::Ascending
        };
        let mut query = message::Entity::find()
            .filter(message::Column::SessionId.eq(id))
            .filter(tenant::confined::<message::Entity>())
            .filter(Expr::exists(visible))
            .keyset(message::Column::Seq, direction, page.cursor, page.limit);
        if let Some(role) = page.role {
            query = query.filter(message::Column::Role.eq(role_to_entity(role)));
        }
        let rows = query.all(&self.reads).await?;
        // Messages exist only while their session does (foreign key, cascade):
        // only an empty page needs a second look to tell NOT_FOUND apart.
        if rows.is_empty() && self.status(id).await?.is_none() {
            return Ok(None);
        }
        Ok(Some(rows.into_iter().map(to_message).collect()))
    }
}

/// The largest page read in a batch. A small page's cost is mostly per
/// statement, which a batch shares; a large one's is per row, and a batch of
/// large pages runs on one PostgreSQL backend where pages read alone spread
/// over every core: pages of 500 @16 served half the calls batched.
const MAX_BATCHED_PAGE: u64 = 100;

/// What one ListMessages page asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(super) struct PageQuery {
    session_id: Uuid,
    cursor: Option<i64>,
    descending: bool,
    role: Option<Role>,
    limit: u64,
}

/// Pages of messages, each of `limit + 1` rows at most, for every page asked
/// for, in one statement (PostgreSQL). The pages travel as one JSON array of
/// arrays (no object keys: pgbench would read `"key":name` as a variable when
/// the bench replays the statement), so the statement's text is the same for
/// any number of them (`OFFSET 0` keeps the asked values from being
/// re-extracted from the JSON for every row). Each page is a LATERAL read of
/// the `(session_id, seq)` key, joined to its live session's row: a missing
/// or expired session has no row and stays out of the map, and an empty page
/// of a live one is a row of NULLs. Raw SQL: sea-query builds neither a
/// LATERAL join over `jsonb_array_elements` nor one text for any number of
/// pages, which is what lets the lane prepare it once.
async fn read_pages(reads: &ReadLane, pages: Vec<PageQuery>) -> Result<HashMap<PageQuery, Vec<Message>>, Error> {
    const PAGES: &str = r#"SELECT "asked"."position",
  "page"."session_id" AS "B_session_id", "page"."seq" AS "B_seq", CAST("page"."role" AS text) AS "B_role",
  "page"."content" AS "B_content", "page"."action_id" AS "B_action_id", "page"."metadata" AS "B_metadata",
  "page"."request_id" AS "B_request_id", "page"."created_at" AS "B_created_at", "page"."tenant_id" AS "B_tenant_id"
FROM (SELECT CAST("page" ->> 0 AS integer) AS "position", CAST("page" ->> 1 AS uuid) AS "session_id",
    CAST("page" ->> 2 AS bigint) AS "after", CAST("page" ->> 3 AS boolean) AS "descending",
    "page" ->> 4 AS "role", CAST("page" ->> 5 AS bigint) AS "rows"
  FROM jsonb_array_elements(CAST($1 AS jsonb)) AS "page" OFFSET 0) AS "asked"
JOIN "sessions" ON "sessions"."id" = "asked"."session_id" AND "sessions"."tenant_id" = $3
  AND ("sessions"."expire_at" IS NULL OR "sessions"."expire_at" > $2)
LEFT JOIN LATERAL (
  (SELECT "messages"."session_id", "messages"."seq", "messages"."role", "messages"."content",
      "messages"."action_id", "messages"."metadata", "messages"."request_id", "messages"."created_at",
      "messages"."tenant_id"
    FROM "messages"
    WHERE "messages"."session_id" = "sessions"."id" AND "messages"."tenant_id" = $3 AND NOT "asked"."descending" AND "messages"."seq" > "asked"."after"
      AND ("asked"."role" IS NULL OR CAST("messages"."role" AS text) = "asked"."role")
    ORDER BY "messages"."seq" ASC LIMIT "asked"."rows")
  UNION ALL
  (SELECT "messages"."session_id", "messages"."seq", "messages"."role", "messages"."content",
      "messages"."action_id", "messages"."metadata", "messages"."request_id", "messages"."created_at",
      "messages"."tenant_id"
    FROM "messages"
    WHERE "messages"."session_id" = "sessions"."id" AND "messages"."tenant_id" = $3 AND "asked"."descending" AND "messages"."seq" < "asked"."after"
      AND ("asked"."role" IS NULL OR CAST("messages"."role" AS text) = "asked"."role")
    ORDER BY "messages"."seq" DESC LIMIT "asked"."rows")
) AS "page" ON true"#;
    let mut seen = std::collections::HashSet::with_capacity(pages.len());
    let unique: Vec<PageQuery> = pages.into_iter().filter(|page| seen.insert(*page)).collect();
    let asked = serde_json::Value::Array(
        unique
            .iter()
            .enumerate()
            .map(|(position, page)| {
                serde_json::json!([
                    position,
                    page.session_id,
                    // Seqs start at 1: 0 and i64::MAX bound a first page.
                    page.cursor.unwrap_or(if page.descending { i64::MAX } else { 0 }),
                    page.descending,
                    page.role.map(|role| role_to_entity(role).to_value()),
                    page.limit + 1,
                ])
            })
            .collect(),
    )
    .to_string();
    let now = agentbase_platform::time::now();
    let rows = reads
        .query_all_raw(Statement::from_sql_and_values(
            DatabaseBackend::Postgres,
            PAGES,
            [asked.into(), now.into(), tenant::current().into()],
        ))
        .await?;
    let mut found: HashMap<PageQuery, Vec<Message>> = HashMap::with_capacity(unique.len());
    for row in &rows {
        let position: i32 = row.try_get("", "position")?;
        let page = usize::try_from(position)
            .ok()
            .and_then(|position| unique.get(position))
            .ok_or_else(|| Error::corrupt(format!("a page read answered for position {position}")))?;
        let messages = found.entry(*page).or_default();
        messages.extend(message::Model::from_query_result_optional(row, "B_")?.map(to_message));
    }
    for (page, messages) in &mut found {
        if page.descending {
            messages.sort_unstable_by_key(|m| std::cmp::Reverse(m.seq));
        } else {
            messages.sort_unstable_by_key(|m| m.seq);
        }
    }
    Ok(found)
}

/// Locks the session's row and adds `count` to its messages, in one
/// statement; the row as it is after.
async fn lock_and_count(
    txn: &DatabaseTransaction,
    id: Uuid,
    count: i64,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<session::Model, Error> {
    // The columns are named, never `*`: a statement prepared while the table
    // had fewer columns (a connection older than a migration) must not
    // answer more columns than it was prepared for (docs/RELIABILITY.md).
    let update = add_messages(id, count, now)
        .returning(Query::returning().columns(session::Column::iter()))
        .to_owned();
    let statement = txn.get_database_backend().build(&update);
    session::Model::find_by_statement(statement)
        .one(txn)
        .await?
        .ok_or_else(|| Error::SessionNotFound(id.to_string()))
}

/// `UPDATE sessions` adding `count` messages at `now` to session `id`: the
/// counters both ways of appending move.
fn add_messages(id: Uuid, count: i64, now: chrono::DateTime<chrono::Utc>) -> UpdateStatement {
    Query::update()
        .table(session::Entity)
        .value(
            session::Column::MessageCount,
            Expr::col(session::Column::MessageCount).add(count),
        )
        .value(session::Column::LastMessageAt, now)
        .value(session::Column::UpdatedAt, now)
        .and_where(session::Column::Id.eq(id))
        .cond_where(tenant::confined::<session::Entity>())
        .cond_where(live(now))
        .to_owned()
}

/// Inserts `messages` and announces their session at commit; on PostgreSQL
/// the same statement notifies other replicas (delivered at commit, like the rows).
async fn insert_and_notify(
    write: &Write,
    events: &Announcer,
    messages: &[Message],
    request_id: Option<Uuid>,
) -> Result<(), Error> {
    let Some(first) = messages.first() else {
        return Ok(());
    };
    let rows = messages.iter().map(|m| message::ActiveModel {
        session_id: Set(m.session_id),
        seq: Set(m.seq),
        role: Set(role_to_entity(m.role)),
        content: Set(m.content.clone()),
        action_id: Set(m.action_id.clone()),
        metadata: Set(m.metadata.clone()),
        request_id: Set(request_id),
        created_at: Set(m.created_at),
        tenant_id: Set(tenant::current()),
    });
    let insert = message::Entity::insert_many(rows).into_query();
    let txn = write.txn();
    write.announce_at_commit(events, first.session_id);
    let backend = txn.get_database_backend();
    if backend != DatabaseBackend::Postgres {
        txn.execute(&insert).await?;
        return Ok(());
    }
    let notified = Query::select()
        .expr(events.notify_expr(Expr::val(first.session_id.to_string())))
        .to_owned();
    let mut with = WithClause::new();
    with.cte(cte("inserted", insert));
    txn.execute_raw(backend.build(&with.query(notified))).await?;
    Ok(())
}

/// The messages an earlier append with `request_id` wrote, by seq.
async fn earlier_append<C: ConnectionTrait>(
    conn: &C,
    id: Uuid,
    request_id: Option<Uuid>,
) -> Result<Vec<Message>, Error> {
    let Some(request_id) = request_id else {
        return Ok(Vec::new());
    };
    let rows = message::Entity::find()
        .filter(message::Column::SessionId.eq(id))
        .filter(tenant::confined::<message::Entity>())
        .filter(message::Column::RequestId.eq(request_id))
        .order_by_asc(message::Column::Seq)
        .all(conn)
        .await?;
    Ok(rows.into_iter().map(to_message).collect())
}

/// `name AS (query)` of a WITH clause.
fn cte(name: &'static str, query: impl Into<SubQueryStatement>) -> CommonTableExpression {
    CommonTableExpression::new().query(query).table_name(name).to_owned()
}

/// What the one-statement append did.
enum Optimistic {
    /// Written, the first message at this seq.
    Appended {
        first_seq: i64,
    },
    /// An earlier append carried the request id; nothing was written.
    Replayed,
    Refused(Error),
    /// The session changed after the statement's snapshot; nothing was written.
    Raced,
}

/// The append as one PostgreSQL statement, committed on its own: it reads
/// the session as of its snapshot (`seen`) and updates the row only if its
/// message_count is still the one seen — a concurrent append makes the
/// update re-check that against the newer row and skip it, so a replay
/// lookup or a seq computed from a stale snapshot never writes. The
/// messages, the audit event and the notification depend on the update's row.
/// One round trip instead of the five of a locked transaction.
async fn append_in_one_statement<C: ConnectionTrait>(
    db: &C,
    events: &Announcer,
    command: &AppendMessages,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<Optimistic, Error> {
    let id = command.session_id;
    let count = command.messages.len() as i64;
    let seen = Query::select()
        .column(session::Column::MessageCount)
        .expr_as(Expr::col(session::Column::Status).cast_as("text"), "status")
        .from(session::Entity)
        .and_where(session::Column::Id.eq(id))
        .cond_where(tenant::confined::<session::Entity>())
        .cond_where(live(now))
        .to_owned();
    let terminal: Vec<session::Status> = session::Status::iter()
        .filter(|status| status_from_entity(*status).is_terminal())
        .collect();
    let mut update = add_messages(id, count, now);
    update
        .and_where(Expr::col(session::Column::MessageCount).eq(Expr::cust(r#"(SELECT "message_count" FROM "seen")"#)))
        .and_where(session::Column::Status.is_not_in(terminal))
        .returning_col(session::Column::MessageCount);
    if let Some(expected) = command.expected_last_seq {
        update.and_where(Expr::col(session::Column::MessageCount).eq(expected));
    }
    let mut with = WithClause::new();
    with.cte(cte("seen", seen));
    if let Some(request_id) = command.request_id {
        let earlier = Query::select()
            .expr(Expr::val(1))
            .from(message::Entity)
            .and_where(message::Column::SessionId.eq(id))
            .cond_where(tenant::confined::<message::Entity>())
            .and_where(message::Column::RequestId.eq(request_id))
            .limit(1)
            .to_owned();
        with.cte(cte("earlier", earlier));
        update.and_where(Expr::cust(r#"NOT EXISTS (SELECT 1 FROM "earlier")"#));
    }
    with.cte(cte("appended", update));
    let tenant = tenant::current();
    // Each message's seq counts back from the count the update returned.
    let mut rows = command.messages.iter().enumerate().map(|(i, m)| {
        Query::select()
            .expr(Expr::val(id))
            .expr(Expr::cust_with_values(
                r#""appended"."message_count" - $1"#,
                [count - 1 - i as i64],
            ))
            .expr(Expr::val(role_to_entity(m.role).to_value()).as_enum(message::Role::name()))
            .expr(Expr::val(m.content.as_str()))
            .expr(Expr::val(m.action_id.as_str()))
            .expr(Expr::val(m.metadata.clone()))
            .expr(Expr::val(command.request_id))
            .expr(Expr::val(now))
            .expr(Expr::val(tenant.as_str()))
            .from("appended")
            .to_owned()
    });
    let Some(mut messages) = rows.next() else {
        return Ok(Optimistic::Appended { first_seq: 0 });
    };
    for row in rows {
        messages.union(sea_orm::sea_query::UnionType::All, row);
    }
    let insert = Query::insert()
        .into_table(message::Entity)
        .columns([
            message::Column::SessionId,
            message::Column::Seq,
            message::Column::Role,
            message::Column::Content,
            message::Column::ActionId,
            message::Column::Metadata,
            message::Column::RequestId,
            message::Column::CreatedAt,
            message::Column::TenantId,
        ])
        .select_from(messages)
        .map_err(|e| sea_orm::DbErr::Custom(e.to_string()))?
        .to_owned();
    with.cte(cte("inserted", insert));
    if let Some(audited) = agentbase_platform::audit::insert_when("appended", id) {
        with.cte(cte("audited", audited));
    }
    // A SELECT in WITH runs only if read, so the outcome reads the notification's.
    let notified = Query::select()
        .expr(events.notify_expr(Expr::val(id.to_string())))
        .from("appended")
        .to_owned();
    with.cte(cte("notified", notified));
    let replayed = if command.request_id.is_some() {
        r#"EXISTS (SELECT 1 FROM "earlier")"#
    } else {
        "FALSE"
    };
    let outcome = Query::select()
        .expr_as(
            Expr::cust(r#"(SELECT "message_count" FROM "appended")"#),
            "appended_count",
        )
        .expr_as(Expr::cust(r#"(SELECT "message_count" FROM "seen")"#), "seen_count")
        .expr_as(Expr::cust(r#"(SELECT "status" FROM "seen")"#), "seen_status")
        .expr_as(Expr::cust(replayed), "replayed")
        .expr_as(Expr::cust(r#"(SELECT COUNT(*) FROM "notified")"#), "notified")
        .to_owned();
    let statement = db.get_database_backend().build(&with.query(outcome));
    let row = db
        .query_one_raw(statement)
        .await?
        .ok_or_else(|| sea_orm::DbErr::RecordNotFound("the append's outcome".into()))?;
    let appended_count: Option<i64> = row.try_get("", "appended_count")?;
    if let Some(total) = appended_count {
        return Ok(Optimistic::Appended {
            first_seq: total - count + 1,
        });
    }
    // An expired session is not seen: NOT_FOUND, even to a replay.
    let Some(seen_count) = row.try_get::<Option<i64>>("", "seen_count")? else {
        return Ok(Optimistic::Refused(Error::SessionNotFound(id.to_string())));
    };
    if row.try_get::<bool>("", "replayed")? {
        return Ok(Optimistic::Replayed);
    }
    let status: Option<String> = row.try_get("", "seen_status")?;
    let ended = status
        .and_then(|s| session::Status::try_from_value(&s).ok())
        .is_some_and(|s| status_from_entity(s).is_terminal());
    if ended {
        return Ok(Optimistic::Refused(Error::SessionEnded(id.to_string())));
    }
    if let Some(expected) = command.expected_last_seq
        && expected != seen_count
    {
        return Ok(Optimistic::Refused(Error::LastSeqMismatch { actual: seen_count }));
    }
    Ok(Optimistic::Raced)
}
