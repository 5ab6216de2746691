//! Persistence of release labels and their history: the only user of the
//! label entities.
//!
//! Every change to a label runs under the lock of the project or script row
//! that owns it (on SQLite, the write turn): moves of one owner's labels are
//! serialized, so an etag compared under the lock is the label's current one
//! and a label's first move cannot race another's.
//!
//! Every move of any label is also serialized with every other (a
//! transaction-level advisory lock on PostgreSQL, the write turn on SQLite)
//! from the moment it takes its `sequence` to its commit: moves commit in
//! sequence order, so a watcher reading after its last sequence never passes
//! over a move that commits later.

use agentbase_platform::paging::{Direction, Keyset};
use agentbase_platform::write::Write;
use agentbase_platform::{
    db::lock_by_id,
    error::FieldViolation,
    events::Announcer,
    idempotency,
    ids::{ABSENT, check_etag, new_etag},
};
use sea_orm::{
    ActiveModelTrait,
    ActiveValue::{NotSet, Set},
    ColumnTrait, Condition, DatabaseConnection, DatabaseTransaction, EntityTrait, QueryFilter, QueryOrder, QuerySelect,
};
use uuid::Uuid;

use crate::{
    domain::label::{
        Approval, DeleteLabel, Label, LabelMove, LabelName, LabelOwner, LabelTarget, Mover, ProtectLabel, Protection,
        SetLabel, check_move, owner_parts,
    },
    entity::{
        label_move, label_move_request, project as projects, project_version, release_label, script, script_revision,
    },
    error::Error,
};

mod requests;
mod watching;

const SET_LABEL: &str = "SetLabel";

/// Reads and moves release labels.
#[derive(Clone)]
pub struct LabelStore {
    db: DatabaseConnection,
    events: agentbase_platform::events::Announcer,
}

impl LabelStore {
    /// A store over the scripts context's database, announcing moves on `events`.
    pub fn new(db: DatabaseConnection, events: agentbase_platform::events::Announcer) -> Self {
        Self { db, events }
    }

    /// The announcer watchers subscribe to.
    pub fn events(&self) -> &agentbase_platform::events::Announcer {
        &self.events
    }

    /// Points a label at a version or revision, creating it on its first
    /// move, and records the move in its history. A move to where the label
    /// already points changes nothing and records nothing.
    pub async fn set(&self, command: SetLabel) -> Result<Label, Error> {
        let key = command.request_key();
        let write = Write::begin(&self.db).await?;
        let txn = write.txn();
        lock_owner(txn, command.owner).await?;
        if let Some(key) = &key
            && idempotency::replayed::<Error>(txn, SET_LABEL, key).await?.is_some()
        {
            // The fingerprint holds owner and name: the label as it is now.
            let label = found(txn, command.owner, &command.name).await?;
            write.rollback().await?;
            return to_label(label);
        }
        ensure_target(txn, command.owner, command.target).await?;
        let now = agentbase_platform::time::now();
        let current = find(txn, command.owner, command.name.as_str()).await?;
        let (row, from) = match current {
            Some(row) => {
                check_etag(&row.etag, command.etag.as_deref())?;
                check_move(protection_of(&row), &command.mover).map_err(|refusal| Error::LabelRefused {
                    label: label_path(command.owner, command.name.as_str()),
                    refusal,
                })?;
                let from = target_of(&row)?;
                if from == command.target {
                    write.rollback().await?;
                    return to_label(row);
                }
                (move_label(txn, row, command.target, now).await?, Some(from))
            }
            None => {
                check_etag(ABSENT, command.etag.as_deref())?;
                let (project_id, script_id) = command.owner.ids();
                let mut active = release_label::ActiveModel {
                    id: Set(Uuid::now_v7()),
                    project_id: Set(project_id),
                    script_id: Set(script_id),
                    name: Set(command.name.as_str().to_owned()),
                    version_id: Set(None),
                    revision: Set(None),
                    protected: Set(false),
                    requires_approval: Set(false),
                    etag: Set(new_etag()),
                    created_at: Set(now),
                    updated_at: Set(now),
                    tenant_id: Set(agentbase_platform::tenant::current()),
                };
                set_target(&mut active, command.target);
                (active.insert(txn).await?, None)
            }
        };
        record_move(
            &write,
            &self.events,
            Moved {
                owner: command.owner,
                name: command.name.as_str(),
                from,
                to: Some(command.target),
                reason: command.reason.as_str(),
                mover: &command.mover,
                request_id: command.request_id,
                approval: None,
            },
        )
        .await?;
        supersede_requests(txn, command.owner, command.name.as_str(), None).await?;
        if let Some(key) = &key {
            idempotency::remember(txn, SET_LABEL, key.id, &key.fingerprint, row.id).await?;
        }
        // Events of label calls name the owner, as a refused call's event
        // does (`platform::audit::resource_id_of`).
        write.commit(command.owner.id()).await?;
        to_label(row)
    }

    /// Changes how a label guards its moves.
    pub async fn protect(&self, command: ProtectLabel) -> Result<Label, Error> {
        let write = Write::begin(&self.db).await?;
        let txn = write.txn();
        lock_owner(txn, command.owner).await?;
        let row = found(txn, command.owner, &command.name).await?;
        check_etag(&row.etag, command.etag.as_deref())?;
        if protection_of(&row) == command.protection {
            write.rollback().await?;
            return to_label(row);
        }
        let mut active: release_label::ActiveModel = row.into();
        active.protected = Set(command.protection.protected);
        active.requires_approval = Set(command.protection.requires_approval);
        active.etag = Set(new_etag());
        active.updated_at = Set(agentbase_platform::time::now());
        let row = active.update(txn).await?;
        // A request made under the old protection is no longer the question.
        supersede_requests(txn, command.owner, command.name.as_str(), None).await?;
        write.commit(command.owner.id()).await?;
        to_label(row)
    }

    /// Deletes a label, guarded like a move; its history records the deletion.
    pub async fn delete(&self, command: DeleteLabel) -> Result<(), Error> {
        let write = Write::begin(&self.db).await?;
        let txn = write.txn();
        lock_owner(txn, command.owner).await?;
        let row = found(txn, command.owner, &command.name).await?;
        check_etag(&row.etag, command.etag.as_deref())?;
        check_move(protection_of(&row), &command.mover).map_err(|refusal| Error::LabelRefused {
            label: label_path(command.owner, command.name.as_str()),
            refusal,
        })?;
        let from = target_of(&row)?;
        release_label::Entity::delete_by_id(row.id)
            .filter(agentbase_platform::tenant::confined::<release_label::Entity>())
            .exec(txn)
            .await?;
        record_move(
            &write,
            &self.events,
            Moved {
                owner: command.owner,
                name: command.name.as_str(),
                from: Some(from),
                to: None,
                reason: command.reason.as_str(),
                mover: &command.mover,
                request_id: None,
                approval: None,
            },
        )
        .await?;
        supersede_requests(txn, command.owner, command.name.as_str(), None).await?;
        // Events of label calls name the owner, as a refused call's event
        // does (`platform::audit::resource_id_of`).
        write.commit(command.owner.id()).await?;
        Ok(())
    }

    /// One label.
    pub async fn get(&self, owner: LabelOwner, name: &LabelName) -> Result<Label, Error> {
        to_label(found(&self.db, owner, name).await?)
    }

    /// Where a label points.
    pub async fn resolve(&self, owner: LabelOwner, name: &LabelName) -> Result<LabelTarget, Error> {
        target_of(&found(&self.db, owner, name).await?)
    }

    /// One page of an owner's labels, oldest first.
    pub async fn list(
        &self,
        owner: LabelOwner,
        after: Option<Uuid>,
        limit: u64,
    ) -> Result<(Vec<Label>, Option<Uuid>), Error> {
        let query = release_label::Entity::find()
            .filter(agentbase_platform::tenant::confined::<release_label::Entity>())
            .filter(owned_by(owner))
            .keyset(release_label::Column::Id, Direction::Ascending, after, limit);
        let mut rows = query.all(&self.db).await?;
        let next = agentbase_platform::paging::trim_page(&mut rows, limit, |row| row.id);
        Ok((rows.into_iter().map(to_label).collect::<Result<_, _>>()?, next))
    }

    /// One page of a label's moves, newest first; kept after the label, its
    /// versions and its owner are gone.
    pub async fn history(
        &self,
        owner: LabelOwner,
        name: &LabelName,
        before: Option<i64>,
        limit: u64,
    ) -> Result<(Vec<LabelMove>, Option<i64>), Error> {
        let query = label_move::Entity::find()
            .filter(agentbase_platform::tenant::confined::<label_move::Entity>())
            .filter(owner_is(
                owner,
                label_move::Column::ProjectId,
                label_move::Column::ScriptId,
            ))
            .filter(label_move::Column::Name.eq(name.as_str()))
            .keyset(label_move::Column::Sequence, Direction::Descending, before, limit);
        let mut rows = query.all(&self.db).await?;
        let next = agentbase_platform::paging::trim_page(&mut rows, limit, |row| row.sequence);
        Ok((rows.into_iter().map(to_move).collect::<Result<_, _>>()?, next))
    }
}

/// Points `row` at `target`, with a new etag.
async fn move_label(
    txn: &DatabaseTransaction,
    row: release_label::Model,
    target: LabelTarget,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<release_label::Model, Error> {
    let mut active: release_label::ActiveModel = row.into();
    set_target(&mut active, target);
    active.etag = Set(new_etag());
    active.updated_at = Set(now);
    Ok(active.update(txn).await?)
}

/// Marks the label's pending requests superseded (all but `except`): the
/// label moved, was deleted or changed its protection.
async fn supersede_requests(
    txn: &DatabaseTransaction,
    owner: LabelOwner,
    name: &str,
    except: Option<Uuid>,
) -> Result<(), Error> {
    let owned = owner_is(
        owner,
        label_move_request::Column::ProjectId,
        label_move_request::Column::ScriptId,
    );
    let mut update = label_move_request::Entity::update_many()
        .filter(agentbase_platform::tenant::confined::<label_move_request::Entity>())
        .col_expr(
            label_move_request::Column::State,
            sea_orm::sea_query::Expr::value(label_move_request::State::Superseded),
        )
        .col_expr(
            label_move_request::Column::DecidedAt,
            sea_orm::sea_query::Expr::value(agentbase_platform::time::now()),
        )
        .filter(owned)
        .filter(label_move_request::Column::Name.eq(name))
        .filter(label_move_request::Column::State.eq(label_move_request::State::Pending));
    if let Some(except) = except {
        update = update.filter(label_move_request::Column::Id.ne(except));
    }
    update.exec(txn).await?;
    Ok(())
}

async fn lock_owner(txn: &DatabaseTransaction, owner: LabelOwner) -> Result<(), Error> {
    match owner {
        LabelOwner::Project(id) => lock_by_id::<projects::Entity>(txn, projects::Column::Id, id)
            .await?
            .map(|_| ())
            .ok_or_else(|| Error::ProjectNotFound(id.to_string())),
        LabelOwner::Script(id) => lock_by_id::<script::Entity>(txn, script::Column::Id, id)
            .await?
            .map(|_| ())
            .ok_or_else(|| Error::ScriptNotFound(id.to_string())),
    }
}

/// Fails unless `target` is a version of the project or a revision of the
/// script that owns the label.
async fn ensure_target(txn: &DatabaseTransaction, owner: LabelOwner, target: LabelTarget) -> Result<(), Error> {
    match (owner, target) {
        (LabelOwner::Project(project_id), LabelTarget::Version(version_id)) => {
            project_version::Entity::find_by_id(version_id)
                .filter(agentbase_platform::tenant::confined::<project_version::Entity>())
                .filter(project_version::Column::ProjectId.eq(project_id))
                .select_only()
                .column(project_version::Column::Id)
                .into_tuple::<Uuid>()
                .one(txn)
                .await?
                .map(|_| ())
                .ok_or_else(|| Error::VersionNotFound(version_id.to_string()))
        }
        (LabelOwner::Script(script_id), LabelTarget::Revision(revision)) => script_revision::Entity::find()
            .filter(agentbase_platform::tenant::confined::<script_revision::Entity>())
            .filter(script_revision::Column::ScriptId.eq(script_id))
            .filter(script_revision::Column::Revision.eq(revision))
            .select_only()
            .column(script_revision::Column::Revision)
            .into_tuple::<i32>()
            .one(txn)
            .await?
            .map(|_| ())
            .ok_or_else(|| Error::RevisionNotFound {
                script_id: script_id.to_string(),
                revision,
            }),
        _ => Err(Error::invalid_argument(vec![FieldViolation::new(
            "version_id",
            "a project label points at a version_id, a script label at a revision",
        )])),
    }
}

async fn find(
    db: &impl sea_orm::ConnectionTrait,
    owner: LabelOwner,
    name: &str,
) -> Result<Option<release_label::Model>, Error> {
    Ok(release_label::Entity::find()
        .filter(agentbase_platform::tenant::confined::<release_label::Entity>())
        .filter(owned_by(owner))
        .filter(release_label::Column::Name.eq(name))
        .one(db)
        .await?)
}

async fn found(
    db: &impl sea_orm::ConnectionTrait,
    owner: LabelOwner,
    name: &LabelName,
) -> Result<release_label::Model, Error> {
    find(db, owner, name.as_str())
        .await?
        .ok_or_else(|| Error::LabelNotFound(label_path(owner, name.as_str())))
}

/// One row of a label's history, as a move or a deletion writes it.
struct Moved<'a> {
    owner: LabelOwner,
    name: &'a str,
    from: Option<LabelTarget>,
    /// None when the label is deleted.
    to: Option<LabelTarget>,
    reason: &'a str,
    mover: &'a Mover,
    request_id: Option<Uuid>,
    approval: Option<Approval>,
}

/// Writes one row of the history, after taking the context's move lock
/// (moves commit in sequence order), and notifies the owner's watchers at
/// commit.
async fn record_move(write: &Write, events: &Announcer, moved: Moved<'_>) -> Result<(), Error> {
    let txn = write.txn();
    let Moved {
        owner,
        name,
        from,
        to,
        reason,
        mover,
        request_id,
        approval,
    } = moved;
    // Moves commit in sequence order: one lock for every move of the context.
    agentbase_platform::db::lock_key(txn, &["label_moves"]).await?;
    write.notify(events, owner.id()).await?;
    let (project_id, script_id) = owner.ids();
    let (from_version_id, from_revision) = LabelTarget::parts(from);
    let (to_version_id, to_revision) = LabelTarget::parts(to);
    label_move::ActiveModel {
        sequence: NotSet,
        project_id: Set(project_id),
        script_id: Set(script_id),
        name: Set(name.to_owned()),
        from_version_id: Set(from_version_id),
        to_version_id: Set(to_version_id),
        from_revision: Set(from_revision),
        to_revision: Set(to_revision),
        reason: Set(reason.to_owned()),
        principal: Set(mover.principal.clone()),
        actor: Set(mover.actor.clone()),
        request_id: Set(request_id),
        moved_at: Set(agentbase_platform::time::now()),
        move_request_id: Set(approval.as_ref().map(|approval| approval.move_request_id)),
        approver_principal: Set(approval.as_ref().map(|approval| approval.principal.clone())),
        approver_actor: Set(approval.map(|approval| approval.actor)),
        tenant_id: Set(agentbase_platform::tenant::current()),
    }
    .insert(txn)
    .await?;
    Ok(())
}

fn owned_by(owner: LabelOwner) -> Condition {
    owner_is(owner, release_label::Column::ProjectId, release_label::Column::ScriptId)
}

/// The rows of `owner`, in a table naming owners by these two columns.
fn owner_is<C: ColumnTrait>(owner: LabelOwner, project_id: C, script_id: C) -> Condition {
    match owner {
        LabelOwner::Project(id) => Condition::all().add(project_id.eq(id)),
        LabelOwner::Script(id) => Condition::all().add(script_id.eq(id)),
    }
}

/// The owner a row names by its project and script columns (`what` names
/// the row in the error if it names neither or both).
fn owner_from(project_id: Option<Uuid>, script_id: Option<Uuid>, what: &str) -> Result<LabelOwner, Error> {
    match (project_id, script_id) {
        (Some(id), None) => Ok(LabelOwner::Project(id)),
        (None, Some(id)) => Ok(LabelOwner::Script(id)),
        _ => Err(Error::corrupt(format!(
            "{what} belongs to neither a project nor a script"
        ))),
    }
}

/// Where a row points by its version and revision columns; None if neither.
fn target_from(version_id: Option<Uuid>, revision: Option<i32>) -> Option<LabelTarget> {
    match (version_id, revision) {
        (Some(id), _) => Some(LabelTarget::Version(id)),
        (None, Some(revision)) => Some(LabelTarget::Revision(revision)),
        (None, None) => None,
    }
}

fn set_target(active: &mut release_label::ActiveModel, target: LabelTarget) {
    let (version_id, revision) = LabelTarget::parts(Some(target));
    active.version_id = Set(version_id);
    active.revision = Set(revision);
}

fn label_path(owner: LabelOwner, name: &str) -> String {
    let (kind, id) = owner_parts(owner);
    format!("{kind}s/{id}/labels/{name}")
}

fn protection_of(row: &release_label::Model) -> Protection {
    Protection {
        protected: row.protected,
        requires_approval: row.requires_approval,
    }
}

fn target_of(row: &release_label::Model) -> Result<LabelTarget, Error> {
    target_from(row.version_id, row.revision)
        .ok_or_else(|| Error::corrupt("a label points at neither a version nor a revision"))
}

fn to_label(row: release_label::Model) -> Result<Label, Error> {
    let owner = owner_from(row.project_id, row.script_id, "a label")?;
    Ok(Label {
        target: target_of(&row)?,
        protection: protection_of(&row),
        id: row.id,
        owner,
        name: row.name,
        etag: row.etag,
        created_at: row.created_at,
        updated_at: row.updated_at,
    })
}

fn to_move(row: label_move::Model) -> Result<LabelMove, Error> {
    Ok(LabelMove {
        sequence: row.sequence,
        owner: owner_from(row.project_id, row.script_id, "a label move")?,
        from: target_from(row.from_version_id, row.from_revision),
        to: target_from(row.to_version_id, row.to_revision),
        name: row.name,
        reason: row.reason,
        principal: row.principal,
        actor: row.actor,
        request_id: row.request_id,
        moved_at: row.moved_at,
        approval: row.move_request_id.map(|move_request_id| Approval {
            move_request_id,
            principal: row.approver_principal.unwrap_or_default(),
            actor: row.approver_actor.unwrap_or_default(),
        }),
    })
}
