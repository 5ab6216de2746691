//! Reads of sessions with their variables: one statement each, the text of
//! the hottest kept once (`StatementText`).

use super::{
    ConnectionTrait, EntityTrait, Error, Expr, FromQueryResult, HashMap, IdenStatic, QueryFilter, QueryResult,
    QueryTrait, ReadLane, Scope, SelectA, SelectB, Session, StatementText, Uuid, scope_to_entity, session, tenant,
    to_session, to_variable, variable,
};
use crate::domain::Variable;
use sea_orm::ColumnTrait;

/// One session, with its variables if asked: one statement either way (the
/// session LEFT JOINs its variables).
pub(super) async fn read_session<C: ConnectionTrait>(
    conn: &C,
    id: Uuid,
    with_variables: bool,
) -> Result<Session, Error> {
    let now = agentbase_platform::time::now();
    if !with_variables {
        let row = session::Entity::find_by_id(id)
            .filter(tenant::confined::<session::Entity>())
            .one(conn)
            .await?;
        return row
            .map(to_session)
            .filter(|session| !session.is_expired(now))
            .ok_or_else(|| Error::SessionNotFound(id.to_string()));
    }
    static WITH_VARIABLES: StatementText = StatementText::new();
    let backend = conn.get_database_backend();
    let statement = WITH_VARIABLES.bind(backend, vec![id.into(), tenant::current().into()], || {
        session::Entity::find_by_id(id)
            .filter(tenant::confined::<session::Entity>())
            .find_also_related(variable::Entity)
            .build(backend)
    });
    let rows = conn.query_all_raw(statement).await?;
    sessions_with_variables(&rows, now)?
        .remove(&id)
        .ok_or_else(|| Error::SessionNotFound(id.to_string()))
}

/// Sessions with their variables by id, in one statement (PostgreSQL: the
/// ids travel as one JSON array, so the statement's text is the same for any
/// number of them). Ids with no session are absent from the map.
pub(super) async fn read_sessions(reads: &ReadLane, ids: Vec<Uuid>) -> Result<HashMap<Uuid, Session>, Error> {
    static BY_IDS: StatementText = StatementText::new();
    let backend = reads.get_database_backend();
    let ids = serde_json::Value::Array(ids.iter().map(|id| id.to_string().into()).collect()).to_string();
    let statement = BY_IDS.bind(backend, vec![ids.clone().into(), tenant::current().into()], || {
        session::Entity::find()
            .filter(Expr::cust_with_values(
                r#""sessions"."id" IN (SELECT CAST(jsonb_array_elements_text(CAST($1 AS jsonb)) AS uuid))"#,
                [ids],
            ))
            .filter(tenant::confined::<session::Entity>())
            .find_also_related(variable::Entity)
            .build(backend)
    });
    let rows = reads.query_all_raw(statement).await?;
    sessions_with_variables(&rows, agentbase_platform::time::now())
}

/// The sessions of rows where each session LEFT JOINs its variables, with
/// their variables, leaving out those expired at `now`: expiry is checked
/// here rather than in the statements, whose text stays the same for every
/// call (`StatementText`). A session's columns repeat on each of its rows and
/// are decoded from its first.
fn sessions_with_variables(
    rows: &[QueryResult],
    now: chrono::DateTime<chrono::Utc>,
) -> Result<HashMap<Uuid, Session>, Error> {
    let mut found: HashMap<Uuid, (Session, Vec<variable::Model>)> = HashMap::new();
    for row in rows {
        let id: Uuid = row.try_get(SelectA.as_str(), session::Column::Id.as_str())?;
        let entry = match found.entry(id) {
            std::collections::hash_map::Entry::Occupied(entry) => entry.into_mut(),
            std::collections::hash_map::Entry::Vacant(entry) => entry.insert((
                to_session(session::Model::from_query_result(row, SelectA.as_str())?),
                Vec::new(),
            )),
        };
        entry
            .1
            .extend(variable::Model::from_query_result_optional(row, SelectB.as_str())?);
    }
    Ok(found
        .into_iter()
        .filter(|(_, (session, _))| !session.is_expired(now))
        .map(|(id, (mut session, variables))| {
            session.variables = sorted_variables(variables);
            (id, session)
        })
        .collect())
}

/// A session's variables by scope then name.
pub(super) async fn read_variables<C: ConnectionTrait>(
    conn: &C,
    id: Uuid,
    scope: Option<Scope>,
) -> Result<Vec<Variable>, Error> {
    let mut query = variable::Entity::find()
        .filter(variable::Column::SessionId.eq(id))
        .filter(tenant::confined::<variable::Entity>());
    if let Some(scope) = scope {
        query = query.filter(variable::Column::Scope.eq(scope_to_entity(scope)));
    }
    Ok(sorted_variables(query.all(conn).await?))
}

/// Variables by scope, then name.
fn sorted_variables(rows: Vec<variable::Model>) -> Vec<Variable> {
    let mut variables: Vec<Variable> = rows.into_iter().map(to_variable).collect();
    variables.sort_by(|a, b| (a.scope, &a.name).cmp(&(b.scope, &b.name)));
    variables
}
