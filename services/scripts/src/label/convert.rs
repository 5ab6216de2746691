//! Conversions between the wire types of `LabelService` and the domain.

use agentbase_platform::error::RecordViolation as _;
use agentbase_platform::{
    error::FieldViolation, idempotency::parse_request_id, ids::optional_etag, ids::parse_id, time::to_timestamp,
};
use agentbase_proto::scripts::v1 as pb;

use crate::{
    domain::{
        check_text,
        label::{
            ApproveLabelMove, DeleteLabel, Label, LabelMove, LabelMoveRequest, LabelName, LabelOwner, LabelTarget,
            Mover, ProtectLabel, Protection, Reason, RequestLabelMove, RequestStatus, SetLabel,
        },
        project::MAX_ACTOR_CHARS,
    },
    error::Error,
};

/// The owner a request names, whichever of its fields it set.
pub enum OwnerField<'a> {
    Project(&'a str),
    Script(&'a str),
}

/// Checks the owner of a label request (`project_id` or `script_id`).
pub fn owner(field: Option<OwnerField<'_>>) -> Result<LabelOwner, FieldViolation> {
    match field {
        Some(OwnerField::Project(id)) => Ok(LabelOwner::Project(parse_id("project_id", id)?)),
        Some(OwnerField::Script(id)) => Ok(LabelOwner::Script(parse_id("script_id", id)?)),
        None => Err(FieldViolation::new(
            "project_id",
            "one of project_id and script_id is required",
        )),
    }
}

macro_rules! owner_of {
    ($request:expr, $module:ident) => {
        owner($request.owner.as_ref().map(|owner| match owner {
            pb::$module::Owner::ProjectId(id) => OwnerField::Project(id),
            pb::$module::Owner::ScriptId(id) => OwnerField::Script(id),
        }))
    };
}

/// A checked SetLabel, moved by `mover`.
pub fn set_label(request: &pb::SetLabelRequest, mover: Mover) -> Result<SetLabel, Error> {
    move_command!(request, set_label_request, mover)
}

/// A checked RequestLabelMove, asked by `mover`.
pub fn request_label_move(request: &pb::RequestLabelMoveRequest, mover: Mover) -> Result<RequestLabelMove, Error> {
    move_command!(request, request_label_move_request, mover)
}

/// A checked ApproveLabelMove, by `approver`.
pub fn approve_label_move(request: &pb::ApproveLabelMoveRequest, approver: Mover) -> Result<ApproveLabelMove, Error> {
    let mut violations = Vec::new();
    let id = parse_id("id", &request.id).or_record(&mut violations);
    check_text("updated_by", &request.updated_by, MAX_ACTOR_CHARS).or_record(&mut violations);
    match id {
        Some(id) if violations.is_empty() => Ok(ApproveLabelMove::new(id, approver)),
        _ => Err(Error::invalid_argument(violations)),
    }
}

/// A checked ListLabelMoveRequests: owner and state filter.
pub fn list_requests(request: &pb::ListLabelMoveRequestsRequest) -> Result<(LabelOwner, Option<RequestStatus>), Error> {
    let mut violations = Vec::new();
    let owner = owner_of!(request, list_label_move_requests_request).or_record(&mut violations);
    let state = match pb::LabelMoveRequestState::try_from(request.state) {
        Ok(pb::LabelMoveRequestState::Unspecified) => None,
        Ok(pb::LabelMoveRequestState::Pending) => Some(RequestStatus::Pending),
        Ok(pb::LabelMoveRequestState::Approved) => Some(RequestStatus::Approved),
        Ok(pb::LabelMoveRequestState::Superseded) => Some(RequestStatus::Superseded),
        Err(_) => {
            violations.push(FieldViolation::new("state", "is not a known state"));
            None
        }
    };
    match owner {
        Some(owner) if violations.is_empty() => Ok((owner, state)),
        _ => Err(Error::invalid_argument(violations)),
    }
}

/// A checked WatchLabels: the owner watched (None: every label) and the
/// sequence to start after (None: from now).
pub fn watch_labels(request: &pb::WatchLabelsRequest) -> Result<(Option<LabelOwner>, Option<i64>), Error> {
    let owner = match request.owner {
        None => None,
        Some(_) => Some(owner_of!(request, watch_labels_request)?),
    };
    let start = match request.start {
        None => Some(0),
        Some(pb::watch_labels_request::Start::AfterSequence(after)) if after < 0 => {
            return Err(FieldViolation::new("after_sequence", "must not be negative").into());
        }
        Some(pb::watch_labels_request::Start::AfterSequence(after)) => Some(after),
        Some(pb::watch_labels_request::Start::FromNow(true)) => None,
        Some(pb::watch_labels_request::Start::FromNow(false)) => Some(0),
    };
    Ok((owner, start))
}

/// The checked move of a SetLabel or a RequestLabelMove, which share their fields.
macro_rules! move_command {
    ($request:expr, $module:ident, $mover:expr) => {{
        let request = $request;
        let mut violations = Vec::new();
        let owner = owner_of!(request, $module).or_record(&mut violations);
        let name = LabelName::parse("name", &request.name).or_record(&mut violations);
        let reason = Reason::parse("reason", &request.reason).or_record(&mut violations);
        let request_id = parse_request_id(&request.request_id)
            .or_record(&mut violations)
            .flatten();
        check_text("updated_by", &request.updated_by, MAX_ACTOR_CHARS).or_record(&mut violations);
        let target =
            owner.and_then(|owner| target(owner, &request.version_id, request.revision).or_record(&mut violations));
        match (owner, name, reason, target) {
            (Some(owner), Some(name), Some(reason), Some(target)) if violations.is_empty() => Ok(SetLabel::new(
                owner,
                name,
                target,
                reason,
                optional_etag(&request.etag),
                request_id,
                $mover,
            )),
            _ => Err(Error::invalid_argument(violations)),
        }
    }};
}
use move_command;

/// The version (project labels) or revision (script labels) a move names.
fn target(owner: LabelOwner, version_id: &str, revision: i32) -> Result<LabelTarget, FieldViolation> {
    match owner {
        LabelOwner::Project(_) => {
            if revision != 0 {
                return Err(FieldViolation::new(
                    "revision",
                    "a project label points at a version_id",
                ));
            }
            Ok(LabelTarget::Version(parse_id("version_id", version_id)?))
        }
        LabelOwner::Script(_) => {
            if !version_id.is_empty() {
                return Err(FieldViolation::new("version_id", "a script label points at a revision"));
            }
            if revision < 1 {
                return Err(FieldViolation::new("revision", "must be 1 or more"));
            }
            Ok(LabelTarget::Revision(revision))
        }
    }
}

/// A checked GetLabel: owner and name.
pub fn get_label(request: &pb::GetLabelRequest) -> Result<(LabelOwner, LabelName), Error> {
    named(owner_of!(request, get_label_request), &request.name)
}

/// A checked ListLabelHistory: owner and name.
pub fn history(request: &pb::ListLabelHistoryRequest) -> Result<(LabelOwner, LabelName), Error> {
    named(owner_of!(request, list_label_history_request), &request.name)
}

/// A checked ListLabels: its owner.
pub fn list_labels(request: &pb::ListLabelsRequest) -> Result<LabelOwner, Error> {
    Ok(owner_of!(request, list_labels_request)?)
}

/// A checked ProtectLabel.
pub fn protect_label(request: &pb::ProtectLabelRequest) -> Result<ProtectLabel, Error> {
    let (owner, name) = named(owner_of!(request, protect_label_request), &request.name)?;
    Ok(ProtectLabel::new(
        owner,
        name,
        Protection {
            protected: request.protected,
            requires_approval: request.requires_approval,
        },
        optional_etag(&request.etag),
    ))
}

/// A checked DeleteLabel, by `mover`.
pub fn delete_label(request: &pb::DeleteLabelRequest, mover: Mover) -> Result<DeleteLabel, Error> {
    let mut violations = Vec::new();
    let owner = owner_of!(request, delete_label_request).or_record(&mut violations);
    let name = LabelName::parse("name", &request.name).or_record(&mut violations);
    let reason = Reason::parse("reason", &request.reason).or_record(&mut violations);
    check_text("updated_by", &request.updated_by, MAX_ACTOR_CHARS).or_record(&mut violations);
    match (owner, name, reason) {
        (Some(owner), Some(name), Some(reason)) if violations.is_empty() => Ok(DeleteLabel::new(
            owner,
            name,
            reason,
            optional_etag(&request.etag),
            mover,
        )),
        _ => Err(Error::invalid_argument(violations)),
    }
}

fn named(owner: Result<LabelOwner, FieldViolation>, name: &str) -> Result<(LabelOwner, LabelName), Error> {
    let mut violations = Vec::new();
    let owner = owner.or_record(&mut violations);
    let name = LabelName::parse("name", name).or_record(&mut violations);
    match (owner, name) {
        (Some(owner), Some(name)) => Ok((owner, name)),
        _ => Err(Error::invalid_argument(violations)),
    }
}

/// A label on the wire.
pub fn label_to_pb(label: Label) -> pb::Label {
    let (project_id, script_id) = owner_ids(label.owner);
    let (version_id, revision) = target_fields(Some(label.target));
    pb::Label {
        project_id,
        script_id,
        name: label.name,
        version_id,
        revision,
        protected: label.protection.protected,
        requires_approval: label.protection.requires_approval,
        etag: label.etag,
        create_time: Some(to_timestamp(label.created_at)),
        update_time: Some(to_timestamp(label.updated_at)),
    }
}

/// A move on the wire.
pub fn move_to_pb(moved: LabelMove) -> pb::LabelMove {
    let (project_id, script_id) = owner_ids(moved.owner);
    let (from_version_id, from_revision) = target_fields(moved.from);
    let (to_version_id, to_revision) = target_fields(moved.to);
    pb::LabelMove {
        sequence: moved.sequence,
        project_id,
        script_id,
        name: moved.name,
        from_version_id,
        to_version_id,
        from_revision,
        to_revision,
        reason: moved.reason,
        principal: moved.principal,
        actor: moved.actor,
        move_time: Some(to_timestamp(moved.moved_at)),
        request_id: moved.request_id.map(|id| id.to_string()).unwrap_or_default(),
        move_request_id: moved
            .approval
            .as_ref()
            .map(|approval| approval.move_request_id.to_string())
            .unwrap_or_default(),
        approver_principal: moved
            .approval
            .as_ref()
            .map(|approval| approval.principal.clone())
            .unwrap_or_default(),
        approver_actor: moved.approval.map(|approval| approval.actor).unwrap_or_default(),
    }
}

/// A request to move a label on the wire.
pub fn request_to_pb(request: LabelMoveRequest) -> pb::LabelMoveRequest {
    let (project_id, script_id) = owner_ids(request.owner);
    let (version_id, revision) = target_fields(Some(request.target));
    let state = match request.status {
        RequestStatus::Pending => pb::LabelMoveRequestState::Pending,
        RequestStatus::Approved => pb::LabelMoveRequestState::Approved,
        RequestStatus::Superseded => pb::LabelMoveRequestState::Superseded,
    };
    let (approver_principal, approver_actor) = request.approver.unwrap_or_default();
    pb::LabelMoveRequest {
        id: request.id.to_string(),
        project_id,
        script_id,
        name: request.name,
        version_id,
        revision,
        reason: request.reason,
        state: state as i32,
        principal: request.principal,
        actor: request.actor,
        create_time: Some(to_timestamp(request.created_at)),
        approver_principal,
        approver_actor,
        decide_time: request.decided_at.map(to_timestamp),
        request_id: request.request_id.map(|id| id.to_string()).unwrap_or_default(),
    }
}

fn owner_ids(owner: LabelOwner) -> (String, String) {
    match owner {
        LabelOwner::Project(id) => (id.to_string(), String::new()),
        LabelOwner::Script(id) => (String::new(), id.to_string()),
    }
}

fn target_fields(target: Option<LabelTarget>) -> (String, i32) {
    match target {
        Some(LabelTarget::Version(id)) => (id.to_string(), 0),
        Some(LabelTarget::Revision(revision)) => (String::new(), revision),
        None => (String::new(), 0),
    }
}
