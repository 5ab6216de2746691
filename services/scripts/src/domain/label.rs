//! Rules of release labels: a label is a named pointer (`production`,
//! `staging`, …) to one version of a project or one revision of a script.
//! It moves with a reason; a protected label moves only for callers granted
//! `scripts.promote`, and a label that requires approval moves only when a
//! second, different person approves the request to move it. No tonic, no
//! sea-orm.

pub use agentbase_platform::ids::LabelName;
use agentbase_platform::{error::FieldViolation, idempotency::RequestKey};
use chrono::{DateTime, Utc};
use uuid::Uuid;

use super::check_text;

/// Longest reason of a move or of a decision on a request, in characters.
pub const MAX_REASON_CHARS: usize = 1024;
/// The scope that moving a protected label needs.
pub const PROMOTE_SCOPE: &str = "scripts.promote";

/// Why a label moves (or why a request to move it was decided): required,
/// 1–1024 characters, no control characters.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reason(String);

impl Reason {
    /// Checks `raw` as the reason in `field`.
    pub fn parse(field: &str, raw: &str) -> Result<Self, FieldViolation> {
        if raw.trim().is_empty() {
            return Err(FieldViolation::new(field, "is required"));
        }
        check_text(field, raw, MAX_REASON_CHARS)?;
        Ok(Self(raw.to_owned()))
    }

    /// The reason as written.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// What a label belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum LabelOwner {
    /// A project: the label points at one of its versions.
    Project(Uuid),
    /// A script: the label points at one of its revisions.
    Script(Uuid),
}

impl LabelOwner {
    /// The project's or script's id.
    pub fn id(self) -> Uuid {
        match self {
            Self::Project(id) | Self::Script(id) => id,
        }
    }

    /// (project id, script id): the one this owner is.
    pub fn ids(self) -> (Option<Uuid>, Option<Uuid>) {
        match self {
            Self::Project(id) => (Some(id), None),
            Self::Script(id) => (None, Some(id)),
        }
    }
}

/// Where a label points.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum LabelTarget {
    /// A project version, by id.
    Version(Uuid),
    /// A script revision, by number.
    Revision(i32),
}

impl LabelTarget {
    /// (version id, revision) of `target`: the one it is, neither for none.
    pub fn parts(target: Option<Self>) -> (Option<Uuid>, Option<i32>) {
        match target {
            Some(Self::Version(id)) => (Some(id), None),
            Some(Self::Revision(revision)) => (None, Some(revision)),
            None => (None, None),
        }
    }

    /// Whether this target can belong to `owner` (a version to a project, a
    /// revision to a script).
    pub fn fits(self, owner: LabelOwner) -> bool {
        matches!(
            (owner, self),
            (LabelOwner::Project(_), Self::Version(_)) | (LabelOwner::Script(_), Self::Revision(_))
        )
    }
}

/// Who moves or approves: the authenticated caller, the person it acts for,
/// and whether its token grants [`PROMOTE_SCOPE`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mover {
    /// The calling service (the token's subject), or `anonymous`.
    pub principal: String,
    /// The end user the caller acts for, or empty.
    pub actor: String,
    /// Whether the caller may move protected labels.
    pub may_promote: bool,
}

impl Mover {
    /// The person behind the call: the actor when one is named, else the
    /// principal.
    pub fn person(&self) -> &str {
        if self.actor.is_empty() {
            &self.principal
        } else {
            &self.actor
        }
    }

    /// Whether `self` and `other` may be the same person. A verified
    /// principal (a token's subject, a certificate's identity) is one person
    /// whatever actor it names, since an actor is only the caller's word; and
    /// the same named person through two principals is one person too. With
    /// authentication off there are no principals, only named persons.
    pub fn same_person(&self, other: &Mover) -> bool {
        let verified = self.principal != UNVERIFIED && other.principal != UNVERIFIED;
        (verified && self.principal == other.principal) || as_compared(self.person()) == as_compared(other.person())
    }
}

/// A named person as approvals compare names: without spaces or hidden
/// characters, in lower case, so that `Alice`, ` alice` and `alice` with a
/// zero-width joiner are one person.
fn as_compared(person: &str) -> String {
    person
        .chars()
        .filter(|c| !c.is_whitespace() && !agentbase_platform::auth::is_hidden(*c))
        .flat_map(char::to_lowercase)
        .collect()
}

/// The principal of every call while authentication is off.
const UNVERIFIED: &str = agentbase_platform::audit::ANONYMOUS;

/// How a label guards its moves.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Protection {
    /// Moving it needs [`PROMOTE_SCOPE`].
    pub protected: bool,
    /// Moving it needs a request approved by a different person.
    pub requires_approval: bool,
}

/// Why a move is refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MoveRefusal {
    /// The label is protected and the caller lacks [`PROMOTE_SCOPE`].
    NeedsPromote,
    /// The label moves only through an approved request.
    NeedsApproval,
    /// The request was decided already.
    NotPending,
    /// The person who asked for the move cannot approve it.
    SelfApproval,
    /// The label moves directly: there is nothing to approve.
    ApprovalNotRequired,
}

/// Whether `mover` may move a label guarded by `protection` directly.
pub fn check_move(protection: Protection, mover: &Mover) -> Result<(), MoveRefusal> {
    if protection.protected && !mover.may_promote {
        return Err(MoveRefusal::NeedsPromote);
    }
    if protection.requires_approval {
        return Err(MoveRefusal::NeedsApproval);
    }
    Ok(())
}

/// Whether a label guarded by `protection` moves by request: anyone who may
/// write may ask; approving is the guarded step.
pub fn check_request(protection: Protection) -> Result<(), MoveRefusal> {
    if protection.requires_approval {
        Ok(())
    } else {
        // A request would wait for a decision nobody needs to take.
        Err(MoveRefusal::ApprovalNotRequired)
    }
}

/// The state of a request to move a label.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RequestStatus {
    /// Waiting for a decision.
    Pending,
    /// Approved: the label moved.
    Approved,
    /// Another move of the label made it stale before anyone approved it.
    Superseded,
}

/// Whether `approver` may approve a request in `status` that `requester`
/// made, on a label guarded by `protection`.
pub fn check_approval(
    status: RequestStatus,
    requester: &Mover,
    approver: &Mover,
    protection: Protection,
) -> Result<(), MoveRefusal> {
    if status != RequestStatus::Pending {
        return Err(MoveRefusal::NotPending);
    }
    if protection.protected && !approver.may_promote {
        return Err(MoveRefusal::NeedsPromote);
    }
    if approver.same_person(requester) {
        return Err(MoveRefusal::SelfApproval);
    }
    Ok(())
}

/// A stored label.
#[derive(Debug, Clone, PartialEq)]
pub struct Label {
    pub id: Uuid,
    pub owner: LabelOwner,
    pub name: String,
    pub target: LabelTarget,
    pub protection: Protection,
    pub etag: String,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// One move of a label, as its history keeps it.
#[derive(Debug, Clone, PartialEq)]
pub struct LabelMove {
    pub sequence: i64,
    pub owner: LabelOwner,
    pub name: String,
    /// None on the label's first move.
    pub from: Option<LabelTarget>,
    /// None when the move deleted the label.
    pub to: Option<LabelTarget>,
    pub reason: String,
    pub principal: String,
    pub actor: String,
    pub request_id: Option<Uuid>,
    pub moved_at: DateTime<Utc>,
    /// Set when the move was an approved request: then `principal` and
    /// `actor` asked for it.
    pub approval: Option<Approval>,
}

/// Who approved a move, and which request it was.
#[derive(Debug, Clone, PartialEq)]
pub struct Approval {
    pub move_request_id: Uuid,
    pub principal: String,
    pub actor: String,
}

/// A request to move a label that requires approval.
#[derive(Debug, Clone, PartialEq)]
pub struct LabelMoveRequest {
    pub id: Uuid,
    pub owner: LabelOwner,
    pub name: String,
    pub target: LabelTarget,
    pub reason: String,
    pub status: RequestStatus,
    pub principal: String,
    pub actor: String,
    pub request_id: Option<Uuid>,
    pub created_at: DateTime<Utc>,
    /// Who approved it (approved requests).
    pub approver: Option<(String, String)>,
    /// When it was approved or superseded.
    pub decided_at: Option<DateTime<Utc>>,
}

impl LabelMoveRequest {
    /// The person who asked, as approval rules compare people.
    pub fn requester(&self) -> Mover {
        Mover {
            principal: self.principal.clone(),
            actor: self.actor.clone(),
            may_promote: false,
        }
    }
}

/// A checked ApproveLabelMove.
#[derive(Debug, Clone, PartialEq)]
pub struct ApproveLabelMove {
    pub id: Uuid,
    pub approver: Mover,
    /// Only this module's parser builds the command (parse, don't validate).
    _parsed: crate::domain::Parsed,
}

impl ApproveLabelMove {
    /// The one constructor: its parts come out of their own parsers.
    pub fn new(id: Uuid, approver: Mover) -> Self {
        Self {
            id,
            approver,
            _parsed: crate::domain::Parsed,
        }
    }
}

/// A checked SetLabel.
#[derive(Debug, Clone, PartialEq)]
pub struct SetLabel {
    pub owner: LabelOwner,
    pub name: LabelName,
    pub target: LabelTarget,
    pub reason: Reason,
    /// The move applies only while the label has this etag.
    pub etag: Option<String>,
    pub request_id: Option<Uuid>,
    pub mover: Mover,
    /// Only this module's parser builds the command (parse, don't validate).
    _parsed: crate::domain::Parsed,
}

impl SetLabel {
    /// The one constructor: its parts come out of their own parsers.
    pub fn new(
        owner: LabelOwner,
        name: LabelName,
        target: LabelTarget,
        reason: Reason,
        etag: Option<String>,
        request_id: Option<Uuid>,
        mover: Mover,
    ) -> Self {
        Self {
            owner,
            name,
            target,
            reason,
            etag,
            request_id,
            mover,
            _parsed: crate::domain::Parsed,
        }
    }
}

impl SetLabel {
    /// The request id with what a retry must repeat.
    pub fn request_key(&self) -> Option<RequestKey> {
        let (kind, owner) = owner_parts(self.owner);
        let target = match self.target {
            LabelTarget::Version(id) => id.to_string(),
            LabelTarget::Revision(revision) => revision.to_string(),
        };
        RequestKey::of(
            self.request_id,
            &[kind, &owner, self.name.as_str(), &target, self.reason.as_str()],
        )
    }
}

/// A checked RequestLabelMove: the move it asks for, by whom. It has the
/// fields of a SetLabel; only its outcome differs.
pub type RequestLabelMove = SetLabel;

/// A checked ProtectLabel.
#[derive(Debug, Clone, PartialEq)]
pub struct ProtectLabel {
    pub owner: LabelOwner,
    pub name: LabelName,
    pub protection: Protection,
    pub etag: Option<String>,
    /// Only this module's parser builds the command (parse, don't validate).
    _parsed: crate::domain::Parsed,
}

impl ProtectLabel {
    /// The one constructor: its parts come out of their own parsers.
    pub fn new(owner: LabelOwner, name: LabelName, protection: Protection, etag: Option<String>) -> Self {
        Self {
            owner,
            name,
            protection,
            etag,
            _parsed: crate::domain::Parsed,
        }
    }
}

/// A checked DeleteLabel.
#[derive(Debug, Clone, PartialEq)]
pub struct DeleteLabel {
    pub owner: LabelOwner,
    pub name: LabelName,
    pub reason: Reason,
    pub etag: Option<String>,
    pub mover: Mover,
    /// Only this module's parser builds the command (parse, don't validate).
    _parsed: crate::domain::Parsed,
}

impl DeleteLabel {
    /// The one constructor: its parts come out of their own parsers.
    pub fn new(owner: LabelOwner, name: LabelName, reason: Reason, etag: Option<String>, mover: Mover) -> Self {
        Self {
            owner,
            name,
            reason,
            etag,
            mover,
            _parsed: crate::domain::Parsed,
        }
    }
}

/// The kind and id of an owner, as text.
pub fn owner_parts(owner: LabelOwner) -> (&'static str, String) {
    match owner {
        LabelOwner::Project(id) => ("project", id.to_string()),
        LabelOwner::Script(id) => ("script", id.to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn mover(principal: &str, actor: &str, may_promote: bool) -> Mover {
        Mover {
            principal: principal.into(),
            actor: actor.into(),
            may_promote,
        }
    }

    #[test]
    fn a_reason_is_required_and_bounded() {
        assert!(Reason::parse("reason", "   ").is_err());
        assert!(Reason::parse("reason", "bad\0byte").is_err());
        assert!(Reason::parse("reason", &"x".repeat(MAX_REASON_CHARS + 1)).is_err());
        assert_eq!(Reason::parse("reason", "hotfix").unwrap().as_str(), "hotfix");
    }

    #[test]
    fn targets_fit_their_owners() {
        let id = Uuid::nil();
        assert!(LabelTarget::Version(id).fits(LabelOwner::Project(id)));
        assert!(LabelTarget::Revision(3).fits(LabelOwner::Script(id)));
        assert!(!LabelTarget::Revision(3).fits(LabelOwner::Project(id)));
        assert!(!LabelTarget::Version(id).fits(LabelOwner::Script(id)));
    }

    #[test]
    fn protected_labels_need_the_promote_scope() {
        let guarded = Protection {
            protected: true,
            requires_approval: false,
        };
        assert_eq!(
            check_move(guarded, &mover("ci", "", false)),
            Err(MoveRefusal::NeedsPromote)
        );
        assert_eq!(check_move(guarded, &mover("ci", "", true)), Ok(()));
        assert_eq!(check_move(Protection::default(), &mover("ci", "", false)), Ok(()));
    }

    #[test]
    fn approval_needs_a_second_person() {
        let gated = Protection {
            protected: true,
            requires_approval: true,
        };
        assert_eq!(
            check_move(gated, &mover("ci", "", true)),
            Err(MoveRefusal::NeedsApproval)
        );
        assert_eq!(check_request(gated), Ok(()));
        assert_eq!(
            check_request(Protection::default()),
            Err(MoveRefusal::ApprovalNotRequired)
        );
        let alice = mover("console", "alice", true);
        let bob = mover("cli", "bob", true);
        let alice_elsewhere = mover("cli", "alice", true);
        assert_eq!(
            check_approval(RequestStatus::Pending, &alice, &alice_elsewhere, gated),
            Err(MoveRefusal::SelfApproval),
            "the same person through another service"
        );
        assert_eq!(
            check_approval(RequestStatus::Pending, &alice, &mover("console", "bob", true), gated),
            Err(MoveRefusal::SelfApproval),
            "one principal with two names"
        );
        assert_eq!(check_approval(RequestStatus::Pending, &alice, &bob, gated), Ok(()));
        assert_eq!(
            check_approval(
                RequestStatus::Pending,
                &alice,
                &mover("cli", " Alice\u{200D}", true),
                gated
            ),
            Err(MoveRefusal::SelfApproval),
            "the same name with spaces, capitals and hidden characters"
        );
        assert_eq!(
            check_approval(
                RequestStatus::Pending,
                &mover("anonymous", "alice", true),
                &mover("anonymous", "bob", true),
                gated
            ),
            Ok(()),
            "without authentication only names can be compared"
        );
        assert_eq!(
            check_approval(RequestStatus::Pending, &alice, &mover("cli", "bob", false), gated),
            Err(MoveRefusal::NeedsPromote)
        );
        assert_eq!(
            check_approval(RequestStatus::Approved, &alice, &bob, gated),
            Err(MoveRefusal::NotPending)
        );
        let service = mover("deployer", "", true);
        assert_eq!(
            check_approval(RequestStatus::Pending, &service, &mover("deployer", "", true), gated),
            Err(MoveRefusal::SelfApproval),
            "a service without an actor is one person"
        );
    }
}
