//! Conversions between the wire types of `agentbase.sessions.v1` and the domain.

use agentbase_platform::error::RecordViolation as _;
use agentbase_platform::error::{all_ok, check_required_text};
use agentbase_platform::ids::LabelName;
use agentbase_platform::mask::{unknown_path, update_paths};
use agentbase_platform::{
    error::FieldViolation, idempotency::parse_request_id, ids::optional_etag, ids::parse_id, ids::parse_optional_id,
    json, time::to_timestamp,
};
use agentbase_proto::sessions::v1 as pb;

use crate::{
    domain::{
        AppendMessages, CreateSession, EraseUserData, ErasureReceipt, ExecutionStatus, ForkSession,
        MAX_MESSAGES_PER_APPEND, MAX_NAME_CHARS, MAX_VARIABLES_PER_SET, Message, NewMessage, Position, Purged, Role,
        Scope, Session, SessionFilter, SessionPatch, SessionStatus, SetVariables, UpdateSession, Variable,
        VariableInput, check_expire_at, check_json, check_text,
    },
    error::Error,
};

pub(crate) fn object(
    field: &str,
    value: Option<prost_types::Struct>,
    violations: &mut Vec<FieldViolation>,
) -> serde_json::Value {
    let value = value.map_or_else(|| serde_json::json!({}), |s| json::from_struct(&s));
    if let Err(v) = check_json(field, &value) {
        violations.push(v);
    }
    value
}

fn status(field: &str, raw: i32) -> Result<Option<SessionStatus>, FieldViolation> {
    match pb::SessionStatus::try_from(raw) {
        Ok(pb::SessionStatus::Unspecified) => Ok(None),
        Ok(pb::SessionStatus::Active) => Ok(Some(SessionStatus::Active)),
        Ok(pb::SessionStatus::Paused) => Ok(Some(SessionStatus::Paused)),
        Ok(pb::SessionStatus::Completed) => Ok(Some(SessionStatus::Completed)),
        Ok(pb::SessionStatus::Failed) => Ok(Some(SessionStatus::Failed)),
        Err(_) => Err(FieldViolation::new(field, "is not a known SessionStatus")),
    }
}

fn execution_status(field: &str, raw: i32) -> Result<Option<ExecutionStatus>, FieldViolation> {
    match pb::ExecutionStatus::try_from(raw) {
        Ok(pb::ExecutionStatus::Unspecified) => Ok(None),
        Ok(pb::ExecutionStatus::Running) => Ok(Some(ExecutionStatus::Running)),
        Ok(pb::ExecutionStatus::WaitingInput) => Ok(Some(ExecutionStatus::WaitingInput)),
        Ok(pb::ExecutionStatus::Paused) => Ok(Some(ExecutionStatus::Paused)),
        Ok(pb::ExecutionStatus::Completed) => Ok(Some(ExecutionStatus::Completed)),
        Ok(pb::ExecutionStatus::Error) => Ok(Some(ExecutionStatus::Error)),
        Err(_) => Err(FieldViolation::new(field, "is not a known ExecutionStatus")),
    }
}

/// Parses a role; unspecified is refused when `required`.
pub fn role(field: &str, raw: i32, required: bool) -> Result<Option<Role>, FieldViolation> {
    match pb::MessageRole::try_from(raw) {
        Ok(pb::MessageRole::Unspecified) if required => Err(FieldViolation::new(field, "is required")),
        Ok(pb::MessageRole::Unspecified) => Ok(None),
        Ok(pb::MessageRole::User) => Ok(Some(Role::User)),
        Ok(pb::MessageRole::Assistant) => Ok(Some(Role::Assistant)),
        Ok(pb::MessageRole::System) => Ok(Some(Role::System)),
        Err(_) => Err(FieldViolation::new(field, "is not a known MessageRole")),
    }
}

/// Parses a scope; unspecified is refused when `required`.
pub fn scope(field: &str, raw: i32, required: bool) -> Result<Option<Scope>, FieldViolation> {
    match pb::VariableScope::try_from(raw) {
        Ok(pb::VariableScope::Unspecified) if required => Err(FieldViolation::new(field, "is required")),
        Ok(pb::VariableScope::Unspecified) => Ok(None),
        Ok(pb::VariableScope::Global) => Ok(Some(Scope::Global)),
        Ok(pb::VariableScope::Session) => Ok(Some(Scope::Session)),
        Ok(pb::VariableScope::Phase) => Ok(Some(Scope::Phase)),
        Ok(pb::VariableScope::Topic) => Ok(Some(Scope::Topic)),
        Err(_) => Err(FieldViolation::new(field, "is not a known VariableScope")),
    }
}

/// Checks a CreateSession request.
pub fn create_session(request: pb::CreateSessionRequest) -> Result<CreateSession, Error> {
    let mut violations = Vec::new();
    if let Err(v) = check_required_text("user_id", &request.user_id, MAX_NAME_CHARS) {
        violations.push(v);
    }
    let script_id = parse_id("script_id", &request.script_id).or_record(&mut violations);
    let project_version_id = parse_optional_id("project_version_id", &request.project_version_id)
        .or_record(&mut violations)
        .flatten();
    let metadata = object("metadata", request.metadata, &mut violations);
    let expire_at = request
        .expire_time
        .as_ref()
        .and_then(|t| expire_at(t).or_record(&mut violations));
    let request_id = parse_request_id(&request.request_id)
        .or_record(&mut violations)
        .flatten();
    let script_label = (!request.script_label.is_empty())
        .then(|| LabelName::parse("script_label", &request.script_label).or_record(&mut violations))
        .flatten();
    all_ok(script_id, violations).map_err(Error::from).map(|script_id| {
        CreateSession::new(
            request.user_id,
            script_id,
            project_version_id,
            metadata,
            expire_at,
            script_label,
            request_id,
        )
    })
}

/// A requested expiry: a valid time, in the future.
fn expire_at(time: &prost_types::Timestamp) -> Result<chrono::DateTime<chrono::Utc>, FieldViolation> {
    let at = agentbase_platform::time::from_timestamp("expire_time", time)?;
    check_expire_at("expire_time", at, agentbase_platform::time::now())
}

/// A validated ForkSession.
pub fn fork_session(request: &pb::ForkSessionRequest) -> Result<ForkSession, Error> {
    let mut violations = Vec::new();
    let session_id = parse_id("session_id", &request.session_id).or_record(&mut violations);
    let at_seq = ForkSession::check_at_seq(request.at_seq).or_record(&mut violations);
    let request_id = parse_request_id(&request.request_id)
        .or_record(&mut violations)
        .flatten();
    let fork = session_id
        .zip(at_seq)
        .map(|(session_id, at_seq)| ForkSession::new(session_id, at_seq, request_id));
    all_ok(fork, violations).map_err(Error::from)
}

/// Validated ListSessions filters.
pub fn list_filter(request: &pb::ListSessionsRequest) -> Result<SessionFilter, Error> {
    let mut violations = Vec::new();
    let status = status("status", request.status).or_record(&mut violations).flatten();
    let script_id = parse_optional_id("script_id", &request.script_id)
        .or_record(&mut violations)
        .flatten();
    if let Err(v) = check_text("user_id", &request.user_id, MAX_NAME_CHARS) {
        violations.push(v);
    }
    let time = |field: &str, t: &Option<prost_types::Timestamp>, violations: &mut Vec<FieldViolation>| {
        t.as_ref()
            .and_then(|t| agentbase_platform::time::from_timestamp(field, t).or_record(violations))
    };
    let created_after = time("created_after", &request.created_after, &mut violations);
    let created_before = time("created_before", &request.created_before, &mut violations);
    let parent_session_id = parse_optional_id("parent_session_id", &request.parent_session_id)
        .or_record(&mut violations)
        .flatten();
    let filter = SessionFilter {
        user_id: (!request.user_id.is_empty()).then(|| request.user_id.clone()),
        status,
        script_id,
        created_after,
        created_before,
        parent_session_id,
    };
    all_ok(Some(filter), violations).map_err(Error::from)
}

/// A validated UpdateSession: id, patch, etag.
pub fn update_session(mut request: pb::UpdateSessionRequest) -> Result<UpdateSession, Error> {
    let mut violations = Vec::new();
    let id = parse_id("id", &request.id).or_record(&mut violations);
    let present = [
        ("status", request.status != 0),
        ("execution_status", request.execution_status != 0),
        ("position", request.position.is_some()),
        ("metadata", request.metadata.is_some()),
        ("expire_time", request.expire_time.is_some()),
    ];
    let mask = request.update_mask.take().map(|mask| mask.paths).unwrap_or_default();
    let paths = update_paths(mask, &present)
        .or_record(&mut violations)
        .unwrap_or_default();
    let mut patch = SessionPatch::default();
    for path in paths {
        match path.as_str() {
            "status" => match status("status", request.status) {
                Ok(Some(s)) => patch.status = Some(s),
                Ok(None) => violations.push(FieldViolation::new("status", "is required when masked")),
                Err(v) => violations.push(v),
            },
            "execution_status" => match execution_status("execution_status", request.execution_status) {
                Ok(Some(s)) => patch.execution_status = Some(s),
                Ok(None) => violations.push(FieldViolation::new("execution_status", "is required when masked")),
                Err(v) => violations.push(v),
            },
            "position" => {
                let p = request.position.clone().unwrap_or_default();
                let position = Position {
                    phase_index: p.phase_index,
                    topic_index: p.topic_index,
                    action_index: p.action_index,
                    action_id: p.action_id,
                };
                match position.check() {
                    Ok(()) => patch.position = Some(position),
                    Err(v) => violations.push(v),
                }
            }
            "metadata" => patch.metadata = Some(object("metadata", request.metadata.clone(), &mut violations)),
            "expire_time" => match request.expire_time.as_ref().map(expire_at).transpose() {
                Ok(at) => patch.expire_at = Some(at),
                Err(v) => violations.push(v),
            },
            other => violations.push(unknown_path(
                other,
                &["status", "execution_status", "position", "metadata", "expire_time"],
            )),
        }
    }
    let etag = optional_etag(&request.etag);
    all_ok(id, violations)
        .map(|id| UpdateSession::new(id, patch, etag))
        .map_err(Error::from)
}

/// Checks an AppendMessages request.
pub fn append(request: pb::AppendMessagesRequest) -> Result<AppendMessages, Error> {
    let mut violations = Vec::new();
    let id = parse_id("session_id", &request.session_id).or_record(&mut violations);
    if request.messages.is_empty() || request.messages.len() > MAX_MESSAGES_PER_APPEND {
        violations.push(FieldViolation::new(
            "messages",
            format!("must hold 1 to {MAX_MESSAGES_PER_APPEND} messages"),
        ));
    }
    let mut messages = Vec::with_capacity(request.messages.len());
    for (i, m) in request.messages.into_iter().enumerate() {
        let role = role(&format!("messages[{i}].role"), m.role, true)
            .or_record(&mut violations)
            .flatten();
        let metadata = object(&format!("messages[{i}].metadata"), m.metadata, &mut violations);
        if let Some(role) = role {
            let message = NewMessage {
                role,
                content: m.content,
                action_id: m.action_id,
                metadata,
            };
            violations.extend(message.check(i));
            messages.push(message);
        }
    }
    if request.expected_last_seq.is_some_and(|s| s < 0) {
        violations.push(FieldViolation::new("expected_last_seq", "must not be negative"));
    }
    let request_id = parse_request_id(&request.request_id)
        .or_record(&mut violations)
        .flatten();
    all_ok(id, violations)
        .map_err(Error::from)
        .map(|session_id| AppendMessages::new(session_id, messages, request.expected_last_seq, request_id))
}

/// A validated SetVariables.
pub fn set_variables(request: pb::SetVariablesRequest) -> Result<SetVariables, Error> {
    let mut violations = Vec::new();
    let id = parse_id("session_id", &request.session_id).or_record(&mut violations);
    if request.variables.is_empty() || request.variables.len() > MAX_VARIABLES_PER_SET {
        violations.push(FieldViolation::new(
            "variables",
            format!("must hold 1 to {MAX_VARIABLES_PER_SET} variables"),
        ));
    }
    let mut inputs: Vec<VariableInput> = Vec::with_capacity(request.variables.len());
    for (i, v) in request.variables.into_iter().enumerate() {
        let scope = scope(&format!("variables[{i}].scope"), v.scope, true)
            .or_record(&mut violations)
            .flatten();
        let value = v.value.as_ref().map_or(serde_json::Value::Null, json::from_value);
        if let Some(scope) = scope {
            let input = VariableInput {
                scope,
                name: v.name,
                value,
                source: v.source,
            };
            violations.extend(input.check(i));
            if inputs
                .iter()
                .any(|other| other.scope == input.scope && other.name == input.name)
            {
                violations.push(FieldViolation::new(
                    format!("variables[{i}].name"),
                    "is set twice in this request",
                ));
            }
            inputs.push(input);
        }
    }
    all_ok(id, violations)
        .map(|session_id| SetVariables::new(session_id, inputs))
        .map_err(Error::from)
}

fn status_to_pb(status: SessionStatus) -> pb::SessionStatus {
    match status {
        SessionStatus::Active => pb::SessionStatus::Active,
        SessionStatus::Paused => pb::SessionStatus::Paused,
        SessionStatus::Completed => pb::SessionStatus::Completed,
        SessionStatus::Failed => pb::SessionStatus::Failed,
    }
}

fn role_to_pb(role: Role) -> pb::MessageRole {
    match role {
        Role::User => pb::MessageRole::User,
        Role::Assistant => pb::MessageRole::Assistant,
        Role::System => pb::MessageRole::System,
    }
}

fn scope_to_pb(scope: Scope) -> pb::VariableScope {
    match scope {
        Scope::Global => pb::VariableScope::Global,
        Scope::Session => pb::VariableScope::Session,
        Scope::Phase => pb::VariableScope::Phase,
        Scope::Topic => pb::VariableScope::Topic,
    }
}

pub(crate) fn struct_of(value: serde_json::Value) -> Option<prost_types::Struct> {
    match value {
        serde_json::Value::Object(map) => Some(json::to_struct(&map)),
        _ => None,
    }
}

/// A session on the wire.
pub fn purged_to_pb(purged: Purged) -> pb::PurgeExpiredSessionsResponse {
    let count = |n: u64| i64::try_from(n).unwrap_or(i64::MAX);
    pb::PurgeExpiredSessionsResponse {
        session_count: count(purged.sessions),
        message_count: count(purged.messages),
        batch_count: count(purged.batches),
        longest_batch: prost_types::Duration::try_from(purged.longest_batch).ok(),
    }
}

/// Checks an EraseUserData request.
pub fn erase_user_data(request: &pb::EraseUserDataRequest) -> Result<EraseUserData, Error> {
    let mut violations = Vec::new();
    let request_id = parse_request_id(&request.request_id)
        .or_record(&mut violations)
        .flatten();
    let erase = EraseUserData::parse(&request.user_id, request.dry_run, request_id).or_record(&mut violations);
    all_ok(erase, violations).map_err(Error::from)
}

pub fn receipt_to_pb(receipt: ErasureReceipt, dry_run: bool) -> pb::ErasureReceipt {
    let count = |n: u64| i64::try_from(n).unwrap_or(i64::MAX);
    let counts = receipt.counts;
    let recorded = receipt.recorded;
    pb::ErasureReceipt {
        user_id: receipt.user_id,
        dry_run,
        session_count: count(counts.sessions),
        message_count: count(counts.messages),
        variable_count: count(counts.variables),
        memory_count: count(counts.memories),
        memory_revision_count: count(counts.memory_revisions),
        erased_at: recorded
            .as_ref()
            .map(|recorded| agentbase_platform::time::to_timestamp(recorded.occurred_at)),
        erased_by: recorded
            .as_ref()
            .map(|recorded| recorded.principal.clone())
            .unwrap_or_default(),
        audit_event_id: recorded.map(|recorded| recorded.id.to_string()).unwrap_or_default(),
        request_id: receipt.request_id.map(|id| id.to_string()).unwrap_or_default(),
    }
}

pub fn session_to_pb(session: Session) -> pb::Session {
    pb::Session {
        id: session.id.to_string(),
        user_id: session.user_id,
        script_id: session.script_id.to_string(),
        script_revision: session.script_revision,
        project_version_id: session.project_version_id.map(|v| v.to_string()).unwrap_or_default(),
        status: status_to_pb(session.status) as i32,
        execution_status: match session.execution_status {
            ExecutionStatus::Running => pb::ExecutionStatus::Running,
            ExecutionStatus::WaitingInput => pb::ExecutionStatus::WaitingInput,
            ExecutionStatus::Paused => pb::ExecutionStatus::Paused,
            ExecutionStatus::Completed => pb::ExecutionStatus::Completed,
            ExecutionStatus::Error => pb::ExecutionStatus::Error,
        } as i32,
        position: Some(pb::Position {
            phase_index: session.position.phase_index,
            topic_index: session.position.topic_index,
            action_index: session.position.action_index,
            action_id: session.position.action_id,
        }),
        metadata: struct_of(session.metadata),
        message_count: session.message_count,
        last_message_time: session.last_message_at.map(to_timestamp),
        etag: session.etag,
        create_time: Some(to_timestamp(session.created_at)),
        update_time: Some(to_timestamp(session.updated_at)),
        complete_time: session.completed_at.map(to_timestamp),
        expire_time: session.expire_at.map(to_timestamp),
        script_label: session.script_label.unwrap_or_default(),
        variables: session.variables.into_iter().map(variable_to_pb).collect(),
        parent_session_id: session
            .fork
            .map(|fork| fork.parent_session_id.to_string())
            .unwrap_or_default(),
        forked_at_seq: session.fork.map_or(0, |fork| fork.at_seq),
    }
}

/// A message on the wire.
pub fn message_to_pb(message: Message) -> pb::Message {
    pb::Message {
        session_id: message.session_id.to_string(),
        seq: message.seq,
        role: role_to_pb(message.role) as i32,
        content: message.content,
        action_id: message.action_id,
        metadata: struct_of(message.metadata),
        create_time: Some(to_timestamp(message.created_at)),
    }
}

/// A variable on the wire.
pub fn variable_to_pb(variable: Variable) -> pb::Variable {
    pb::Variable {
        scope: scope_to_pb(variable.scope) as i32,
        name: variable.name,
        value: Some(json::to_value(&variable.value)),
        value_type: variable.value_type,
        source: variable.source,
        create_time: Some(to_timestamp(variable.created_at)),
        update_time: Some(to_timestamp(variable.updated_at)),
    }
}
