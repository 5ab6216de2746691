//! MemoryService requests into domain commands, and memories onto the wire.

use agentbase_platform::error::{RecordViolation as _, all_ok};
use agentbase_platform::mask::{unknown_path, update_paths};
use agentbase_platform::{
    error::FieldViolation, idempotency::parse_request_id, ids::optional_etag, ids::parse_id, ids::parse_optional_id,
    time::to_timestamp,
};
use agentbase_proto::sessions::v1 as pb;

use crate::{
    domain::memory::{
        self as memory_rules, CreateMemory, Importance, Memory, MemoryFilter, MemoryPatch, MemoryRevision, NewMemory,
        SearchMemories, UpdateMemory,
    },
    domain::{MAX_NAME_CHARS, check_text},
    error::Error,
    session::convert::{object, struct_of},
};

fn importance(field: &str, raw: i32) -> Result<Option<Importance>, FieldViolation> {
    match pb::Importance::try_from(raw) {
        Ok(pb::Importance::Unspecified) => Ok(None),
        Ok(pb::Importance::Low) => Ok(Some(Importance::Low)),
        Ok(pb::Importance::Medium) => Ok(Some(Importance::Medium)),
        Ok(pb::Importance::High) => Ok(Some(Importance::High)),
        Ok(pb::Importance::Critical) => Ok(Some(Importance::Critical)),
        Err(_) => Err(FieldViolation::new(field, "is not a known Importance")),
    }
}

fn dedupe(tags: Vec<String>) -> Vec<String> {
    let mut unique: Vec<String> = Vec::with_capacity(tags.len());
    for tag in tags {
        if !unique.contains(&tag) {
            unique.push(tag);
        }
    }
    unique
}

/// A validated CreateMemory.
pub fn create_memory(request: pb::CreateMemoryRequest) -> Result<CreateMemory, Error> {
    let mut violations = Vec::new();
    let session_id = parse_optional_id("session_id", &request.session_id)
        .or_record(&mut violations)
        .flatten();
    if let Err(v) = check_text("user_id", &request.user_id, MAX_NAME_CHARS) {
        violations.push(v);
    }
    let metadata = object("metadata", request.metadata, &mut violations);
    violations.extend(memory_rules::check_fields(
        &request.memory_type,
        &request.content,
        &request.tags,
        &serde_json::Value::Null,
    ));
    let importance = importance("importance", request.importance)
        .or_record(&mut violations)
        .flatten();
    let expires_at = request
        .expire_time
        .as_ref()
        .and_then(|t| agentbase_platform::time::from_timestamp("expire_time", t).or_record(&mut violations));
    let request_id = parse_request_id(&request.request_id)
        .or_record(&mut violations)
        .flatten();
    let supersedes = parse_optional_id("supersedes_memory_id", &request.supersedes_memory_id)
        .or_record(&mut violations)
        .flatten();
    let new = NewMemory {
        session_id,
        user_id: (!request.user_id.is_empty()).then_some(request.user_id),
        memory_type: request.memory_type,
        content: request.content,
        importance: importance.unwrap_or(Importance::Medium),
        tags: dedupe(request.tags),
        metadata,
        expires_at,
        supersedes,
    };
    all_ok(Some(new), violations)
        .map(|new| CreateMemory::new(new, request_id))
        .map_err(Error::from)
}

/// Validated memory filters.
pub fn memory_filter(
    session_id: &str,
    user_id: &str,
    memory_type: &str,
    min_importance: i32,
    include_superseded: bool,
) -> Result<MemoryFilter, Error> {
    let mut violations = Vec::new();
    let session_id = parse_optional_id("session_id", session_id)
        .or_record(&mut violations)
        .flatten();
    for (field, value) in [("user_id", user_id), ("memory_type", memory_type)] {
        if let Err(v) = check_text(field, value, MAX_NAME_CHARS) {
            violations.push(v);
        }
    }
    let min_importance = importance("min_importance", min_importance)
        .or_record(&mut violations)
        .flatten();
    let filter = MemoryFilter {
        session_id,
        user_id: (!user_id.is_empty()).then(|| user_id.to_owned()),
        memory_type: (!memory_type.is_empty()).then(|| memory_type.to_owned()),
        min_importance,
        include_superseded,
    };
    all_ok(Some(filter), violations).map_err(Error::from)
}

/// A validated SearchMemories.
pub fn search(request: &pb::SearchMemoriesRequest) -> Result<SearchMemories, Error> {
    let filter = memory_filter(
        &request.session_id,
        &request.user_id,
        &request.memory_type,
        request.min_importance,
        request.include_superseded,
    )?;
    Ok(SearchMemories::parse(&request.query, filter, request.page_size)?)
}

/// A validated UpdateMemory.
pub fn update_memory(mut request: pb::UpdateMemoryRequest) -> Result<UpdateMemory, Error> {
    let mut violations = Vec::new();
    let id = parse_id("id", &request.id).or_record(&mut violations);
    let present = [
        ("content", !request.content.is_empty()),
        ("importance", request.importance != 0),
        ("tags", !request.tags.is_empty()),
        ("metadata", request.metadata.is_some()),
        ("memory_type", !request.memory_type.is_empty()),
        ("expire_time", request.expire_time.is_some()),
    ];
    let mask = request.update_mask.take().map(|mask| mask.paths).unwrap_or_default();
    let paths = update_paths(mask, &present)
        .or_record(&mut violations)
        .unwrap_or_default();
    let mut patch = MemoryPatch::default();
    for path in &paths {
        match path.as_str() {
            "content" => {
                violations.extend(memory_rules::check_fields(
                    "x",
                    &request.content,
                    &[],
                    &serde_json::Value::Null,
                ));
                patch.content = Some(request.content.clone());
            }
            "importance" => match importance("importance", request.importance) {
                Ok(Some(i)) => patch.importance = Some(i),
                Ok(None) => violations.push(FieldViolation::new("importance", "is required when masked")),
                Err(v) => violations.push(v),
            },
            "tags" => {
                violations.extend(memory_rules::check_fields(
                    "x",
                    "x",
                    &request.tags,
                    &serde_json::Value::Null,
                ));
                patch.tags = Some(dedupe(request.tags.clone()));
            }
            "metadata" => patch.metadata = Some(object("metadata", request.metadata.clone(), &mut violations)),
            "memory_type" => {
                violations.extend(memory_rules::check_fields(
                    &request.memory_type,
                    "x",
                    &[],
                    &serde_json::Value::Null,
                ));
                patch.memory_type = Some(request.memory_type.clone());
            }
            "expire_time" => {
                patch.expires_at = Some(match &request.expire_time {
                    None => None,
                    Some(t) => agentbase_platform::time::from_timestamp("expire_time", t).or_record(&mut violations),
                });
            }
            other => violations.push(unknown_path(
                other,
                &[
                    "content",
                    "importance",
                    "tags",
                    "metadata",
                    "memory_type",
                    "expire_time",
                ],
            )),
        }
    }
    let etag = optional_etag(&request.etag);
    all_ok(id, violations)
        .map(|id| UpdateMemory::new(id, patch, etag))
        .map_err(Error::from)
}

fn importance_to_pb(importance: Importance) -> pb::Importance {
    match importance {
        Importance::Low => pb::Importance::Low,
        Importance::Medium => pb::Importance::Medium,
        Importance::High => pb::Importance::High,
        Importance::Critical => pb::Importance::Critical,
    }
}

/// An earlier state of a memory on the wire.
pub fn revision_to_pb(revision: MemoryRevision) -> pb::MemoryRevision {
    pb::MemoryRevision {
        version: revision.version,
        content: revision.content,
        importance: importance_to_pb(revision.importance) as i32,
        tags: revision.tags,
        replace_time: Some(to_timestamp(revision.replaced_at)),
    }
}

/// A memory on the wire.
pub fn memory_to_pb(memory: Memory) -> pb::Memory {
    pb::Memory {
        id: memory.id.to_string(),
        session_id: memory.session_id.map(|s| s.to_string()).unwrap_or_default(),
        user_id: memory.user_id.unwrap_or_default(),
        memory_type: memory.memory_type,
        content: memory.content,
        importance: importance_to_pb(memory.importance) as i32,
        tags: memory.tags,
        metadata: struct_of(memory.metadata),
        access_count: memory.access_count,
        access_time: memory.accessed_at.map(to_timestamp),
        expire_time: memory.expires_at.map(to_timestamp),
        etag: memory.etag,
        create_time: Some(to_timestamp(memory.created_at)),
        update_time: Some(to_timestamp(memory.updated_at)),
        supersedes_memory_id: memory.supersedes.map(|id| id.to_string()).unwrap_or_default(),
        superseded_by_memory_id: memory.superseded_by.map(|id| id.to_string()).unwrap_or_default(),
    }
}
