//! Messages: appending under the session's lock, and reading pages of them.

use super::*;

impl SessionStore {
    /// Appends messages atomically under the session's row lock: seq continues
    /// gap-free, message_count and last_message_at follow in the same transaction.
    ///
    /// Three statements (docs/ARCHITECTURE.md): one UPDATE … RETURNING locks the
    /// row and moves its counters (a refusal below rolls it back), one INSERT
    /// adds the messages (on PostgreSQL with the NOTIFY in the same statement),
    /// one INSERT records the audit event. A request id adds its replay lookup.
    pub async fn append(&self, command: AppendMessages) -> Result<Vec<Message>, Error> {
        let AppendMessages {
            session_id: id,
            messages,
            expected_last_seq,
            request_id,
        } = command;
        let count = messages.len() as i64;
        let now = agentbase_platform::time::now();
        let _turn = agentbase_platform::db::write_turn(&self.db).await;
        let txn = self.db.begin().await?;
        let row = lock_and_count(&txn, id, count, now).await?;
        let last_seq = row.message_count - count;
        if let Some(request_id) = request_id {
            let earlier = message::Entity::find()
                .filter(message::Column::SessionId.eq(id))
                .filter(message::Column::RequestId.eq(request_id))
                .order_by_asc(message::Column::Seq)
                .all(&txn)
                .await?;
            if !earlier.is_empty() {
                txn.rollback().await?;
                return Ok(earlier.into_iter().map(to_message).collect());
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
            .map(|(m, seq)| Message {
                session_id: id,
                seq,
                role: m.role,
                content: m.content,
                action_id: m.action_id,
                metadata: m.metadata,
                created_at: now,
            })
            .collect();
        insert_and_notify(&txn, &appended, request_id).await?;
        agentbase_platform::audit::commit(txn, id).await?;
        self.events.announce(id);
        Ok(appended)
    }

    /// One page of messages by seq, after (or, descending, before) `cursor`.
    pub async fn messages(
        &self,
        id: Uuid,
        cursor: Option<i64>,
        descending: bool,
        role: Option<Role>,
        limit: u64,
    ) -> Result<(Vec<Message>, Option<i64>), Error> {
        let mut query = message::Entity::find()
            .filter(message::Column::SessionId.eq(id))
            .limit(limit + 1);
        query = if descending {
            let query = query.order_by_desc(message::Column::Seq);
            match cursor {
                Some(cursor) => query.filter(message::Column::Seq.lt(cursor)),
                None => query,
            }
        } else {
            let query = query.order_by_asc(message::Column::Seq);
            match cursor {
                Some(cursor) => query.filter(message::Column::Seq.gt(cursor)),
                None => query,
            }
        };
        if let Some(role) = role {
            query = query.filter(message::Column::Role.eq(role_to_entity(role)));
        }
        let mut rows = query.all(&self.db).await?;
        // Messages exist only while their session does (foreign key, cascade):
        // only an empty page needs a second look to tell NOT_FOUND apart.
        if rows.is_empty() {
            self.ensure_session(id).await?;
        }
        let next = agentbase_platform::paging::trim_page(&mut rows, limit, |m| m.seq);
        Ok((rows.into_iter().map(to_message).collect(), next))
    }
}

/// Locks the session's row and adds `count` to its messages, in one
/// statement; the row as it is after.
async fn lock_and_count(
    txn: &DatabaseTransaction,
    id: Uuid,
    count: i64,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<session::Model, Error> {
    let update = Query::update()
        .table(session::Entity)
        .value(
            session::Column::MessageCount,
            Expr::col(session::Column::MessageCount).add(count),
        )
        .value(session::Column::LastMessageAt, now)
        .value(session::Column::UpdatedAt, now)
        .and_where(session::Column::Id.eq(id))
        .returning_all()
        .to_owned();
    let statement = txn.get_database_backend().build(&update);
    session::Model::find_by_statement(statement)
        .one(txn)
        .await?
        .ok_or_else(|| Error::SessionNotFound(id.to_string()))
}

/// Inserts `messages`; on PostgreSQL the same statement announces the
/// session on its NOTIFY channel (delivered at commit, like the rows).
async fn insert_and_notify(
    txn: &DatabaseTransaction,
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
    });
    let insert = message::Entity::insert_many(rows).into_query();
    let backend = txn.get_database_backend();
    let statement = backend.build(&insert);
    if backend != DatabaseBackend::Postgres {
        txn.execute_raw(statement).await?;
        return Ok(());
    }
    let mut values = statement.values.map(|v| v.0).unwrap_or_default();
    let sql = format!(
        "WITH inserted AS ({} RETURNING 1) SELECT pg_notify(${}, ${})",
        statement.sql,
        values.len() + 1,
        values.len() + 2
    );
    values.push(channel_for(crate::CONTEXT).into());
    values.push(first.session_id.to_string().into());
    txn.execute_raw(Statement::from_sql_and_values(backend, sql, values))
        .await?;
    Ok(())
}
