//! Requests to move a label that requires approval, and their approval.

use super::{
    ActiveModelTrait, Approval, ColumnTrait, DatabaseTransaction, EntityTrait, Error, Label, LabelName, LabelOwner,
    LabelStore, LabelTarget, Moved, Mover, QueryFilter, Set, Uuid, check_etag, ensure_target, find, found, idempotency,
    label_move_request, label_path, lock_owner, move_label, owner_from, owner_is, protection_of, record_move,
    supersede_requests, target_from, target_of, to_label,
};
use crate::domain::label::{
    ApproveLabelMove, LabelMoveRequest, RequestLabelMove, RequestStatus, check_approval, check_request,
};
use agentbase_platform::paging::{Direction, Keyset};
use agentbase_platform::write::Write;

const REQUEST_LABEL_MOVE: &str = "RequestLabelMove";

impl LabelStore {
    /// Records a request to move a label that requires approval. The label
    /// must exist; the request stands while the label keeps the etag it had.
    pub async fn request_move(&self, command: RequestLabelMove) -> Result<LabelMoveRequest, Error> {
        let key = command.request_key();
        let write = Write::begin(&self.db).await?;
        let txn = write.txn();
        lock_owner(txn, command.owner).await?;
        if let Some(key) = &key
            && let Some(id) = idempotency::replayed::<Error>(txn, REQUEST_LABEL_MOVE, key).await?
        {
            let request = found_request(txn, id).await?;
            write.rollback().await?;
            return to_request(request);
        }
        let label = found(txn, command.owner, &command.name).await?;
        check_etag(&label.etag, command.etag.as_deref())?;
        check_request(protection_of(&label)).map_err(|refusal| Error::LabelRefused {
            label: label_path(command.owner, command.name.as_str()),
            refusal,
        })?;
        ensure_target(txn, command.owner, command.target).await?;
        let (project_id, script_id) = command.owner.ids();
        let (version_id, revision) = LabelTarget::parts(Some(command.target));
        let row = label_move_request::ActiveModel {
            id: Set(Uuid::now_v7()),
            project_id: Set(project_id),
            script_id: Set(script_id),
            name: Set(command.name.as_str().to_owned()),
            version_id: Set(version_id),
            revision: Set(revision),
            reason: Set(command.reason.as_str().to_owned()),
            state: Set(label_move_request::State::Pending),
            principal: Set(command.mover.principal.clone()),
            actor: Set(command.mover.actor.clone()),
            label_etag: Set(label.etag),
            request_id: Set(command.request_id),
            created_at: Set(agentbase_platform::time::now()),
            approver_principal: Set(None),
            approver_actor: Set(None),
            decided_at: Set(None),
            tenant_id: Set(agentbase_platform::tenant::current()),
        }
        .insert(txn)
        .await?;
        if let Some(key) = &key {
            idempotency::remember(txn, REQUEST_LABEL_MOVE, key.id, &key.fingerprint, row.id).await?;
        }
        write.commit(command.owner.id()).await?;
        to_request(row)
    }

    /// Approves a pending request: the label moves, its history names who
    /// asked and who approved, and the label's other pending requests are
    /// superseded. Approving again as the person who approved returns the
    /// label as it is.
    pub async fn approve_move(&self, command: ApproveLabelMove) -> Result<Label, Error> {
        let write = Write::begin(&self.db).await?;
        let txn = write.txn();
        let owner = to_request(found_request(txn, command.id).await?)?.owner;
        lock_owner(txn, owner).await?;
        // Read again under the owner's lock: what it says now is what counts.
        let request = to_request(found_request(txn, command.id).await?)?;
        let name = LabelName::parse("name", &request.name).map_err(|_| Error::corrupt("a stored label name"))?;
        let label = find(txn, owner, name.as_str()).await?;
        let already_approved = request.status == RequestStatus::Approved
            && request.approver.as_ref().is_some_and(|(principal, actor)| {
                let earlier = Mover {
                    principal: principal.clone(),
                    actor: actor.clone(),
                    may_promote: false,
                };
                earlier.principal == command.approver.principal && earlier.same_person(&command.approver)
            });
        if already_approved {
            let label = label.ok_or_else(|| Error::LabelNotFound(label_path(owner, name.as_str())))?;
            write.rollback().await?;
            return to_label(label);
        }
        let refused = |refusal| Error::LabelRefused {
            label: label_path(owner, name.as_str()),
            refusal,
        };
        let Some(label) = label else {
            return Err(refused(crate::domain::label::MoveRefusal::NotPending));
        };
        check_approval(
            request.status,
            &request.requester(),
            &command.approver,
            protection_of(&label),
        )
        .map_err(refused)?;
        ensure_target(txn, owner, request.target).await?;
        let now = agentbase_platform::time::now();
        let from = target_of(&label)?;
        let row = if from == request.target {
            label
        } else {
            let row = move_label(txn, label, request.target, now).await?;
            record_move(
                &write,
                &self.events,
                Moved {
                    owner,
                    name: name.as_str(),
                    from: Some(from),
                    to: Some(request.target),
                    reason: &request.reason,
                    mover: &request.requester(),
                    request_id: request.request_id,
                    approval: Some(Approval {
                        move_request_id: request.id,
                        principal: command.approver.principal.clone(),
                        actor: command.approver.actor.clone(),
                    }),
                },
            )
            .await?;
            row
        };
        label_move_request::ActiveModel {
            id: Set(request.id),
            state: Set(label_move_request::State::Approved),
            approver_principal: Set(Some(command.approver.principal.clone())),
            approver_actor: Set(Some(command.approver.actor.clone())),
            decided_at: Set(Some(now)),
            ..Default::default()
        }
        .update(txn)
        .await?;
        supersede_requests(txn, owner, name.as_str(), Some(request.id)).await?;
        write.commit(owner.id()).await?;
        to_label(row)
    }

    /// One page of an owner's requests, newest first, in `state` if given.
    pub async fn requests(
        &self,
        owner: LabelOwner,
        state: Option<RequestStatus>,
        before: Option<Uuid>,
        limit: u64,
    ) -> Result<(Vec<LabelMoveRequest>, Option<Uuid>), Error> {
        let mut query = label_move_request::Entity::find()
            .filter(agentbase_platform::tenant::confined::<label_move_request::Entity>())
            .filter(owner_is(
                owner,
                label_move_request::Column::ProjectId,
                label_move_request::Column::ScriptId,
            ))
            .keyset(label_move_request::Column::Id, Direction::Descending, before, limit);
        if let Some(state) = state {
            query = query.filter(label_move_request::Column::State.eq(state_to_entity(state)));
        }
        let mut rows = query.all(&self.db).await?;
        let next = agentbase_platform::paging::trim_page(&mut rows, limit, |row| row.id);
        Ok((rows.into_iter().map(to_request).collect::<Result<_, _>>()?, next))
    }
}

async fn found_request(txn: &DatabaseTransaction, id: Uuid) -> Result<label_move_request::Model, Error> {
    label_move_request::Entity::find_by_id(id)
        .filter(agentbase_platform::tenant::confined::<label_move_request::Entity>())
        .one(txn)
        .await?
        .ok_or_else(|| Error::LabelMoveRequestNotFound(id.to_string()))
}

fn state_to_entity(state: RequestStatus) -> label_move_request::State {
    match state {
        RequestStatus::Pending => label_move_request::State::Pending,
        RequestStatus::Approved => label_move_request::State::Approved,
        RequestStatus::Superseded => label_move_request::State::Superseded,
    }
}

fn to_request(row: label_move_request::Model) -> Result<LabelMoveRequest, Error> {
    let owner = owner_from(row.project_id, row.script_id, "a label move request")?;
    let target = target_from(row.version_id, row.revision)
        .ok_or_else(|| Error::corrupt("a label move request asks for neither a version nor a revision"))?;
    Ok(LabelMoveRequest {
        id: row.id,
        owner,
        name: row.name,
        target,
        reason: row.reason,
        status: match row.state {
            label_move_request::State::Pending => RequestStatus::Pending,
            label_move_request::State::Approved => RequestStatus::Approved,
            label_move_request::State::Superseded => RequestStatus::Superseded,
        },
        principal: row.principal,
        actor: row.actor,
        request_id: row.request_id,
        created_at: row.created_at,
        approver: row
            .approver_principal
            .map(|principal| (principal, row.approver_actor.unwrap_or_default())),
        decided_at: row.decided_at,
    })
}
