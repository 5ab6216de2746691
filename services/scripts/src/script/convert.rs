//! Conversions between the wire types of `agentbase.scripts.v1` and the domain.

use agentbase_platform::error::RecordViolation as _;
use agentbase_platform::{
    error::FieldViolation, idempotency::parse_request_id, ids::optional_etag, ids::parse_id, json, time::to_timestamp,
};
use agentbase_proto::scripts::v1 as pb;

use crate::{
    domain::{
        CreateScript, CreateScriptInput, GetScript, ListRevisions, ListScripts, MAX_AUTHOR_CHARS, MAX_KNOWN_VARIABLES,
        MAX_QUERY_CHARS, MAX_TAG_CHARS, MAX_VARIABLE_NAME_CHARS, NewScript, PatchInput, Revision, Script, ScriptFilter,
        ScriptName, ScriptPatch, ScriptSelector, ScriptStatus, ScriptType, UpdateScript, View, check_content,
        check_text, label::LabelName, validation,
    },
    error::Error,
};

/// A validated CreateScript request.
pub fn create_request(request: pb::CreateScriptRequest) -> Result<CreateScript, Error> {
    let mut violations = Vec::new();
    let script_type = script_type("script_type", request.script_type)
        .or_record(&mut violations)
        .flatten();
    let request_id = parse_request_id(&request.request_id)
        .or_record(&mut violations)
        .flatten();
    let parsed = NewScript::parse(CreateScriptInput {
        name: request.name,
        script_type,
        content: request.content,
        version: request.version,
        author: request.author,
        description: request.description,
        tags: request.tags,
    });
    match parsed {
        Ok(new) if violations.is_empty() => Ok(CreateScript::new(new, request_id)),
        Ok(_) => Err(Error::invalid_argument(violations)),
        Err(more) => {
            violations.extend(more);
            Err(Error::invalid_argument(violations))
        }
    }
}

/// A validated GetScript request.
pub fn get_request(request: &pb::GetScriptRequest) -> Result<GetScript, Error> {
    let selector = match &request.selector {
        Some(pb::get_script_request::Selector::Id(id)) => ScriptSelector::Id(parse_id("id", id)?),
        Some(pb::get_script_request::Selector::Name(name)) => ScriptSelector::Name(ScriptName::parse("name", name)?),
        None => return Err(FieldViolation::new("id", "either id or name is required").into()),
    };
    let revision = match request.revision {
        0 => None,
        n if n < 0 => return Err(FieldViolation::new("revision", "must be positive (0 means current)").into()),
        n => Some(n),
    };
    let label = match request.label.as_str() {
        "" => None,
        _ if revision.is_some() => {
            return Err(FieldViolation::new("label", "set either revision or label, not both").into());
        }
        name => Some(LabelName::parse("label", name)?),
    };
    Ok(GetScript {
        selector,
        revision,
        view: view("view", request.view, View::Full)?,
        label,
    })
}

/// Validated ListScripts filters and view.
pub fn list_filter(request: &pb::ListScriptsRequest) -> Result<ListScripts, Error> {
    let mut violations = Vec::new();
    let script_type = script_type("script_type", request.script_type)
        .or_record(&mut violations)
        .flatten();
    let status = match pb::ScriptStatus::try_from(request.status) {
        Ok(pb::ScriptStatus::Unspecified) => None,
        Ok(pb::ScriptStatus::Draft) => Some(ScriptStatus::Draft),
        Ok(pb::ScriptStatus::Published) => Some(ScriptStatus::Published),
        Ok(pb::ScriptStatus::Archived) => Some(ScriptStatus::Archived),
        Err(_) => {
            violations.push(FieldViolation::new("status", "is not a known ScriptStatus"));
            None
        }
    };
    for (field, value, max) in [
        ("tag", &request.tag, MAX_TAG_CHARS),
        ("author", &request.author, MAX_AUTHOR_CHARS),
        ("query", &request.query, MAX_QUERY_CHARS),
    ] {
        if let Err(v) = check_text(field, value, max) {
            violations.push(v);
        }
    }
    let view = view("view", request.view, View::Basic).or_record(&mut violations);
    let non_empty = |s: &str| (!s.is_empty()).then(|| s.to_owned());
    match view {
        Some(view) if violations.is_empty() => Ok(ListScripts {
            filter: ScriptFilter {
                script_type,
                status,
                tag: non_empty(&request.tag),
                author: non_empty(&request.author),
                query: non_empty(&request.query.to_lowercase()),
            },
            view,
        }),
        _ => Err(Error::invalid_argument(violations)),
    }
}

/// A validated UpdateScript request.
pub fn update_request(request: pb::UpdateScriptRequest) -> Result<UpdateScript, Error> {
    let id = parse_id("id", &request.id);
    let patch = ScriptPatch::parse(PatchInput {
        paths: request.update_mask.map(|mask| mask.paths).unwrap_or_default(),
        name: request.name,
        description: request.description,
        tags: request.tags,
        author: request.author,
        content: request.content,
        version: request.version,
    });
    match (id, patch) {
        (Ok(id), Ok(patch)) => Ok(UpdateScript::new(id, patch, optional_etag(&request.etag))),
        (id, patch) => {
            let mut violations: Vec<FieldViolation> = id.err().into_iter().collect();
            violations.extend(patch.err().unwrap_or_default());
            Err(Error::invalid_argument(violations))
        }
    }
}

/// A validated ValidateScript request: content, type and known variables.
pub fn validate_request(request: &pb::ValidateScriptRequest) -> Result<Option<ScriptType>, Error> {
    let mut violations = Vec::new();
    if let Err(v) = check_content(&request.content) {
        violations.push(v);
    }
    let script_type = script_type("script_type", request.script_type)
        .or_record(&mut violations)
        .flatten();
    if request.known_variables.len() > MAX_KNOWN_VARIABLES {
        violations.push(FieldViolation::new(
            "known_variables",
            format!("at most {MAX_KNOWN_VARIABLES} names"),
        ));
    }
    for (i, name) in request.known_variables.iter().enumerate() {
        if let Err(v) = check_text(&format!("known_variables[{i}]"), name, MAX_VARIABLE_NAME_CHARS) {
            violations.push(v);
        }
    }
    if violations.is_empty() {
        Ok(script_type)
    } else {
        Err(Error::invalid_argument(violations))
    }
}

/// The validation outcome on the wire.
pub fn report_to_pb(report: validation::Report) -> pb::ValidateScriptResponse {
    pb::ValidateScriptResponse {
        valid: report.is_valid(),
        script_type: type_to_pb(report.script_type) as i32,
        errors: report.errors.into_iter().map(issue_to_pb).collect(),
        warnings: report.warnings.into_iter().map(issue_to_pb).collect(),
        notes: report.notes.into_iter().map(issue_to_pb).collect(),
    }
}

/// A validated ListScriptRevisions request.
pub fn list_revisions_request(request: &pb::ListScriptRevisionsRequest) -> Result<ListRevisions, Error> {
    let id = parse_id("script_id", &request.script_id);
    let view = view("view", request.view, View::Basic);
    match (id, view) {
        (Ok(script_id), Ok(view)) => Ok(ListRevisions { script_id, view }),
        (id, view) => Err(Error::invalid_argument(
            id.err().into_iter().chain(view.err()).collect(),
        )),
    }
}

fn script_type(field: &str, raw: i32) -> Result<Option<ScriptType>, FieldViolation> {
    match pb::ScriptType::try_from(raw) {
        Ok(pb::ScriptType::Unspecified) => Ok(None),
        Ok(pb::ScriptType::Session) => Ok(Some(ScriptType::Session)),
        Ok(pb::ScriptType::Technique) => Ok(Some(ScriptType::Technique)),
        Ok(pb::ScriptType::Awareness) => Ok(Some(ScriptType::Awareness)),
        Err(_) => Err(FieldViolation::new(field, "is not a known ScriptType")),
    }
}

fn view(field: &str, raw: i32, default: View) -> Result<View, FieldViolation> {
    match pb::ScriptView::try_from(raw) {
        Ok(pb::ScriptView::Unspecified) => Ok(default),
        Ok(pb::ScriptView::Basic) => Ok(View::Basic),
        Ok(pb::ScriptView::Full) => Ok(View::Full),
        Err(_) => Err(FieldViolation::new(field, "is not a known ScriptView")),
    }
}

fn type_to_pb(script_type: ScriptType) -> pb::ScriptType {
    match script_type {
        ScriptType::Session => pb::ScriptType::Session,
        ScriptType::Technique => pb::ScriptType::Technique,
        ScriptType::Awareness => pb::ScriptType::Awareness,
    }
}

fn status_to_pb(status: ScriptStatus) -> pb::ScriptStatus {
    match status {
        ScriptStatus::Draft => pb::ScriptStatus::Draft,
        ScriptStatus::Published => pb::ScriptStatus::Published,
        ScriptStatus::Archived => pb::ScriptStatus::Archived,
    }
}

/// A stored script on the wire.
pub fn script_to_pb(script: Script) -> pb::Script {
    pb::Script {
        id: script.id.to_string(),
        name: script.name,
        script_type: type_to_pb(script.script_type) as i32,
        status: status_to_pb(script.status) as i32,
        author: script.author,
        description: script.description,
        tags: script.tags,
        current_revision: script.current_revision,
        etag: script.etag,
        create_time: Some(to_timestamp(script.created_at)),
        update_time: Some(to_timestamp(script.updated_at)),
        revision: script.revision.map(revision_to_pb),
    }
}

/// A stored revision on the wire.
pub fn revision_to_pb(revision: Revision) -> pb::ScriptRevision {
    pb::ScriptRevision {
        script_id: revision.script_id.to_string(),
        revision: revision.revision,
        version: revision.version,
        content: revision.content.unwrap_or_default(),
        parsed_content: revision.parsed_content.and_then(|value| match value {
            serde_json::Value::Object(map) => Some(json::to_struct(&map)),
            _ => None,
        }),
        content_sha256: revision.content_sha256,
        author: revision.author,
        create_time: Some(to_timestamp(revision.created_at)),
        warnings: revision.warnings.into_iter().map(issue_to_pb).collect(),
        notes: revision.notes.into_iter().map(issue_to_pb).collect(),
    }
}

/// A validation finding on the wire.
pub fn issue_to_pb(issue: validation::Issue) -> pb::ValidationIssue {
    pb::ValidationIssue {
        severity: match issue.severity {
            validation::Severity::Error => pb::ValidationSeverity::Error,
            validation::Severity::Warning => pb::ValidationSeverity::Warning,
            validation::Severity::Info => pb::ValidationSeverity::Info,
        } as i32,
        code: issue.code,
        path: issue.path,
        line: i32::try_from(issue.line).unwrap_or(i32::MAX),
        column: i32::try_from(issue.column).unwrap_or(i32::MAX),
        message: issue.message,
    }
}
