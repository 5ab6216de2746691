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
            DeleteLabel, Label, LabelMove, LabelName, LabelOwner, LabelTarget, Mover, ProtectLabel, Protection, Reason,
            SetLabel,
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
    let mut violations = Vec::new();
    let owner = owner_of!(request, set_label_request).or_record(&mut violations);
    let name = LabelName::parse("name", &request.name).or_record(&mut violations);
    let reason = Reason::parse("reason", &request.reason).or_record(&mut violations);
    let request_id = parse_request_id(&request.request_id)
        .or_record(&mut violations)
        .flatten();
    check_text("updated_by", &request.updated_by, MAX_ACTOR_CHARS).or_record(&mut violations);
    let target =
        owner.and_then(|owner| target(owner, &request.version_id, request.revision).or_record(&mut violations));
    match (owner, name, reason, target) {
        (Some(owner), Some(name), Some(reason), Some(target)) if violations.is_empty() => Ok(SetLabel {
            owner,
            name,
            target,
            reason,
            etag: optional_etag(&request.etag),
            request_id,
            mover,
        }),
        _ => Err(Error::invalid_argument(violations)),
    }
}

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
    Ok(ProtectLabel {
        owner,
        name,
        protection: Protection {
            protected: request.protected,
            requires_approval: request.requires_approval,
        },
        etag: optional_etag(&request.etag),
    })
}

/// A checked DeleteLabel, by `mover`.
pub fn delete_label(request: &pb::DeleteLabelRequest, mover: Mover) -> Result<DeleteLabel, Error> {
    let mut violations = Vec::new();
    let owner = owner_of!(request, delete_label_request).or_record(&mut violations);
    let name = LabelName::parse("name", &request.name).or_record(&mut violations);
    let reason = Reason::parse("reason", &request.reason).or_record(&mut violations);
    check_text("updated_by", &request.updated_by, MAX_ACTOR_CHARS).or_record(&mut violations);
    match (owner, name, reason) {
        (Some(owner), Some(name), Some(reason)) if violations.is_empty() => Ok(DeleteLabel {
            owner,
            name,
            reason,
            etag: optional_etag(&request.etag),
            mover,
        }),
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
