//! The tonic implementations of `SessionService` and `MemoryService`:
//! validate, convert, call the store, map errors.

mod convert;

use std::{pin::Pin, sync::Arc, time::Duration};

use agentbase_platform::ids::parse_id;
use agentbase_platform::paging::{self, PageRequest};
use agentbase_proto::sessions::v1::{
    self as pb, memory_service_server::MemoryService, session_service_server::SessionService,
};
use tokio::sync::{Semaphore, broadcast, mpsc};
use tokio_stream::{Stream, wrappers::ReceiverStream};
use tonic::{Request, Response, Status};
use uuid::Uuid;

use agentbase_platform::error::FieldViolation;

use crate::{
    domain::memory::{MAX_QUERY_CHARS, terms},
    error::Error,
    events::SessionEvents,
    memory_store::MemoryStore,
    scripts::ScriptDirectory,
    store::{NewSession, SessionStore},
};

/// How often a watcher re-reads without a wake-up. Wake-ups are not lost (a
/// LISTEN reconnect wakes every watcher), so this is only a safety net.
const WATCH_SAFETY_POLL: Duration = Duration::from_secs(30);
/// Messages a watcher reads per query while catching up.
const WATCH_BATCH: u64 = 500;

/// `agentbase.sessions.v1.SessionService`.
pub struct SessionApi {
    store: SessionStore,
    scripts: ScriptDirectory,
    events: SessionEvents,
    watches: Arc<Semaphore>,
    max_watches: usize,
}

impl SessionApi {
    /// The service over `store`, checking scripts through `scripts`, with at
    /// most `max_watches` WatchMessages streams open at once.
    pub fn new(store: SessionStore, scripts: ScriptDirectory, events: SessionEvents, max_watches: usize) -> Self {
        Self {
            store,
            scripts,
            events,
            watches: Arc::new(Semaphore::new(max_watches)),
            max_watches,
        }
    }
}

type RpcResult<T> = Result<Response<T>, Status>;
type MessageStream = Pin<Box<dyn Stream<Item = Result<pb::WatchMessagesResponse, Status>> + Send>>;

#[tonic::async_trait]
impl SessionService for SessionApi {
    async fn list_audit_events(
        &self,
        request: Request<agentbase_proto::audit::v1::ListAuditEventsRequest>,
    ) -> RpcResult<agentbase_proto::audit::v1::ListAuditEventsResponse> {
        let query = agentbase_platform::audit::AuditQuery::parse(request.get_ref()).map_err(Error::InvalidArgument)?;
        Ok(Response::new(self.store.audit_events(&query).await?))
    }

    async fn create_session(&self, request: Request<pb::CreateSessionRequest>) -> RpcResult<pb::Session> {
        let create = convert::create_session(request.into_inner())?;
        let fingerprint = create.fingerprint();
        if let Some(request_id) = create.request_id
            && let Some(session) = self.store.replay_create(request_id, &fingerprint).await?
        {
            return Ok(Response::new(convert::session_to_pb(session)));
        }
        // Asked before anything is written: an unknown script or an unreachable
        // scripts service leaves no session behind.
        let script_revision = self.scripts.current_revision(create.script_id).await?;
        let new = NewSession {
            user_id: create.user_id,
            script_id: create.script_id,
            script_revision,
            project_version_id: create.project_version_id,
            metadata: create.metadata,
        };
        let session = self
            .store
            .create(new, create.request_id.map(|id| (id, fingerprint)))
            .await?;
        Ok(Response::new(convert::session_to_pb(session)))
    }

    async fn get_session(&self, request: Request<pb::GetSessionRequest>) -> RpcResult<pb::Session> {
        let id = parse_id("id", &request.get_ref().id).map_err(Error::from)?;
        Ok(Response::new(convert::session_to_pb(self.store.get(id, true).await?)))
    }

    async fn list_sessions(&self, request: Request<pb::ListSessionsRequest>) -> RpcResult<pb::ListSessionsResponse> {
        let request = request.into_inner();
        let filter = convert::list_filter(&request)?;
        let fingerprint = filter.fingerprint();
        let page = PageRequest::<Uuid>::parse(request.page_size, &request.page_token, fingerprint)
            .map_err(Error::InvalidArgument)?;
        let before = page.after;
        let (sessions, next) = self.store.list(&filter, before, page.limit).await?;
        Ok(Response::new(pb::ListSessionsResponse {
            sessions: sessions.into_iter().map(convert::session_to_pb).collect(),
            next_page_token: page.next_token(next),
        }))
    }

    async fn update_session(&self, request: Request<pb::UpdateSessionRequest>) -> RpcResult<pb::Session> {
        let (id, patch, etag) = convert::update_session(request.into_inner())?;
        Ok(Response::new(convert::session_to_pb(
            self.store.update(id, patch, etag.as_deref()).await?,
        )))
    }

    async fn delete_session(&self, request: Request<pb::DeleteSessionRequest>) -> RpcResult<pb::DeleteSessionResponse> {
        let request = request.get_ref();
        let id = parse_id("id", &request.id).map_err(Error::from)?;
        let etag = (!request.etag.is_empty()).then_some(request.etag.as_str());
        self.store.delete(id, etag).await?;
        Ok(Response::new(pb::DeleteSessionResponse {}))
    }

    async fn append_messages(
        &self,
        request: Request<pb::AppendMessagesRequest>,
    ) -> RpcResult<pb::AppendMessagesResponse> {
        let append = convert::append(request.into_inner())?;
        let appended = self
            .store
            .append(
                append.session_id,
                append.messages,
                append.expected_last_seq,
                append.request_id,
            )
            .await?;
        Ok(Response::new(pb::AppendMessagesResponse {
            messages: appended.into_iter().map(convert::message_to_pb).collect(),
        }))
    }

    async fn list_messages(&self, request: Request<pb::ListMessagesRequest>) -> RpcResult<pb::ListMessagesResponse> {
        let request = request.into_inner();
        let id = parse_id("session_id", &request.session_id).map_err(Error::from)?;
        let role = convert::role("role", request.role, false).map_err(Error::from)?;
        let fingerprint = paging::fingerprint(&[
            "messages",
            &id.to_string(),
            if request.descending { "desc" } else { "asc" },
            &request.role.to_string(),
        ]);
        let page = PageRequest::<i64>::parse(request.page_size, &request.page_token, fingerprint)
            .map_err(Error::InvalidArgument)?;
        let cursor = page.after;
        let (messages, next) = self
            .store
            .messages(id, cursor, request.descending, role, page.limit)
            .await?;
        Ok(Response::new(pb::ListMessagesResponse {
            messages: messages.into_iter().map(convert::message_to_pb).collect(),
            next_page_token: page.next_token(next),
        }))
    }

    type WatchMessagesStream = MessageStream;

    async fn watch_messages(&self, request: Request<pb::WatchMessagesRequest>) -> RpcResult<Self::WatchMessagesStream> {
        let request = request.into_inner();
        let id = parse_id("session_id", &request.session_id).map_err(Error::from)?;
        if request.after_seq < 0 {
            return Err(Error::from(agentbase_platform::error::FieldViolation::new(
                "after_seq",
                "must not be negative",
            ))
            .into());
        }
        let permit = self
            .watches
            .clone()
            .try_acquire_owned()
            .map_err(|_| Error::TooManyWatches(self.max_watches))?;
        self.store.ensure_session(id).await?;
        // Subscribe before the first read, so nothing appended in between is missed.
        let wakeups = self.events.subscribe();
        let (sender, receiver) = mpsc::channel(64);
        let store = self.store.clone();
        tokio::spawn(async move {
            watch(store, id, request.after_seq, wakeups, sender).await;
            drop(permit);
        });
        Ok(Response::new(Box::pin(ReceiverStream::new(receiver))))
    }

    async fn set_variables(&self, request: Request<pb::SetVariablesRequest>) -> RpcResult<pb::SetVariablesResponse> {
        let (id, inputs) = convert::set_variables(request.into_inner())?;
        let variables = self.store.set_variables(id, inputs).await?;
        Ok(Response::new(pb::SetVariablesResponse {
            variables: variables.into_iter().map(convert::variable_to_pb).collect(),
        }))
    }

    async fn list_variables(&self, request: Request<pb::ListVariablesRequest>) -> RpcResult<pb::ListVariablesResponse> {
        let request = request.get_ref();
        let id = parse_id("session_id", &request.session_id).map_err(Error::from)?;
        let scope = convert::scope("scope", request.scope, false).map_err(Error::from)?;
        let variables = self.store.list_variables(id, scope).await?;
        Ok(Response::new(pb::ListVariablesResponse {
            variables: variables.into_iter().map(convert::variable_to_pb).collect(),
        }))
    }

    async fn delete_variable(
        &self,
        request: Request<pb::DeleteVariableRequest>,
    ) -> RpcResult<pb::DeleteVariableResponse> {
        let request = request.get_ref();
        let id = parse_id("session_id", &request.session_id).map_err(Error::from)?;
        let scope = convert::scope("scope", request.scope, true)
            .map_err(Error::from)?
            .ok_or_else(|| Error::from(agentbase_platform::error::FieldViolation::new("scope", "is required")))?;
        self.store.delete_variable(id, scope, &request.name).await?;
        Ok(Response::new(pb::DeleteVariableResponse {}))
    }
}

/// Feeds one watcher: catch up from the database after `last`, then wait for a
/// wake-up (or the poll interval) and catch up again, until the session ends
/// or the caller goes away. Every message is read from the database in seq
/// order exactly once, so replay and live delivery can neither skip nor repeat.
async fn watch(
    store: SessionStore,
    id: Uuid,
    mut last: i64,
    mut wakeups: broadcast::Receiver<Uuid>,
    sender: mpsc::Sender<Result<pb::WatchMessagesResponse, Status>>,
) {
    loop {
        // The status is read before the messages: a session seen as ended has
        // no appends after it, so the catch-up below is the last one needed.
        let status = match store.status(id).await {
            Ok(status) => status,
            Err(err) if err.is_transient() => {
                // A busy pool or a database failover must not end every watch at
                // once (and bring every watcher back at once): try again shortly.
                if wait_or_leave(&sender).await {
                    return;
                }
                continue;
            }
            Err(err) => {
                let _ = sender.send(Err(err.into())).await;
                return;
            }
        };
        loop {
            match store.messages(id, Some(last), false, None, WATCH_BATCH).await {
                Ok((messages, next)) => {
                    for message in messages {
                        last = message.seq;
                        let event = pb::WatchMessagesResponse {
                            message: Some(convert::message_to_pb(message)),
                        };
                        if sender.send(Ok(event)).await.is_err() {
                            return;
                        }
                    }
                    if next.is_none() {
                        break;
                    }
                }
                Err(Error::SessionNotFound(_)) => return,
                Err(err) if err.is_transient() => {
                    if wait_or_leave(&sender).await {
                        return;
                    }
                }
                Err(err) => {
                    let _ = sender.send(Err(err.into())).await;
                    return;
                }
            }
        }
        if status.is_none_or(|s| s.is_terminal()) {
            return;
        }
        let wait_for_news = async {
            loop {
                match wakeups.recv().await {
                    Ok(session) if session == id || session == crate::events::EVERY_SESSION => return,
                    Ok(_) => {}
                    Err(broadcast::error::RecvError::Lagged(_)) => return,
                    Err(broadcast::error::RecvError::Closed) => std::future::pending::<()>().await,
                }
            }
        };
        tokio::select! {
            () = wait_for_news => {}
            () = tokio::time::sleep(WATCH_SAFETY_POLL) => {}
            () = sender.closed() => return,
        }
    }
}

/// Waits the retry delay before a watcher reads again; true when the caller left meanwhile.
async fn wait_or_leave(sender: &mpsc::Sender<Result<pb::WatchMessagesResponse, Status>>) -> bool {
    tokio::select! {
        () = tokio::time::sleep(agentbase_platform::error::RETRY_AFTER) => false,
        () = sender.closed() => true,
    }
}

/// `agentbase.sessions.v1.MemoryService`.
pub struct MemoryApi {
    store: MemoryStore,
}

impl MemoryApi {
    /// The service over `store`.
    pub fn new(store: MemoryStore) -> Self {
        Self { store }
    }
}

/// Search hits when the caller asks for 0.
const DEFAULT_HITS: u64 = 20;
/// Most search hits in one response.
const MAX_HITS: u64 = 100;

#[tonic::async_trait]
impl MemoryService for MemoryApi {
    async fn create_memory(&self, request: Request<pb::CreateMemoryRequest>) -> RpcResult<pb::Memory> {
        let (new, request_id) = convert::create_memory(request.into_inner())?;
        Ok(Response::new(convert::memory_to_pb(
            self.store.create(new, request_id).await?,
        )))
    }

    async fn get_memory(&self, request: Request<pb::GetMemoryRequest>) -> RpcResult<pb::Memory> {
        let id = parse_id("id", &request.get_ref().id).map_err(Error::from)?;
        Ok(Response::new(convert::memory_to_pb(self.store.get(id).await?)))
    }

    async fn list_memories(&self, request: Request<pb::ListMemoriesRequest>) -> RpcResult<pb::ListMemoriesResponse> {
        let request = request.into_inner();
        let filter = convert::memory_filter(
            &request.session_id,
            &request.user_id,
            &request.memory_type,
            request.min_importance,
        )?;
        let fingerprint = filter.fingerprint();
        let page = PageRequest::<Uuid>::parse(request.page_size, &request.page_token, fingerprint)
            .map_err(Error::InvalidArgument)?;
        let before = page.after;
        let (memories, next) = self.store.list(&filter, before, page.limit).await?;
        Ok(Response::new(pb::ListMemoriesResponse {
            memories: memories.into_iter().map(convert::memory_to_pb).collect(),
            next_page_token: page.next_token(next),
        }))
    }

    async fn search_memories(
        &self,
        request: Request<pb::SearchMemoriesRequest>,
    ) -> RpcResult<pb::SearchMemoriesResponse> {
        let request = request.into_inner();
        let filter = convert::memory_filter(
            &request.session_id,
            &request.user_id,
            &request.memory_type,
            request.min_importance,
        )?;
        if request.query.chars().count() > MAX_QUERY_CHARS {
            return Err(Error::from(FieldViolation::new(
                "query",
                format!("must be at most {MAX_QUERY_CHARS} characters"),
            ))
            .into());
        }
        let limit = paging::page_size_within(request.page_size, DEFAULT_HITS, MAX_HITS).map_err(Error::from)?;
        let hits = self.store.search(&terms(&request.query), &filter, limit).await?;
        Ok(Response::new(pb::SearchMemoriesResponse {
            hits: hits
                .into_iter()
                .map(|(memory, score)| pb::MemoryHit {
                    memory: Some(convert::memory_to_pb(memory)),
                    score,
                })
                .collect(),
        }))
    }

    async fn update_memory(&self, request: Request<pb::UpdateMemoryRequest>) -> RpcResult<pb::Memory> {
        let (id, patch, etag) = convert::update_memory(request.into_inner())?;
        Ok(Response::new(convert::memory_to_pb(
            self.store.update(id, patch, etag.as_deref()).await?,
        )))
    }

    async fn delete_memory(&self, request: Request<pb::DeleteMemoryRequest>) -> RpcResult<pb::DeleteMemoryResponse> {
        let request = request.get_ref();
        let id = parse_id("id", &request.id).map_err(Error::from)?;
        let etag = (!request.etag.is_empty()).then_some(request.etag.as_str());
        self.store.delete(id, etag).await?;
        Ok(Response::new(pb::DeleteMemoryResponse {}))
    }

    async fn purge_expired_memories(
        &self,
        request: Request<pb::PurgeExpiredMemoriesRequest>,
    ) -> RpcResult<pb::PurgeExpiredMemoriesResponse> {
        let count = self.store.purge_expired(request.get_ref().dry_run).await?;
        Ok(Response::new(pb::PurgeExpiredMemoriesResponse {
            count: i64::try_from(count).unwrap_or(i64::MAX),
        }))
    }
}
