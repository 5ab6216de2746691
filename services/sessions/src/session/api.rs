//! The tonic implementation of `SessionService`: parse, call the store, map errors.

use agentbase_platform::error::RecordViolation as _;
use std::pin::Pin;

use agentbase_platform::events::WatchSlots;
use agentbase_platform::ids::{optional_etag, parse_id};
use agentbase_platform::paging::{self, PageRequest};
use agentbase_proto::sessions::v1::{self as pb, session_service_server::SessionService};
use tokio::sync::mpsc;
use tokio_stream::{Stream, wrappers::ReceiverStream};
use tonic::{Request, Response, Status};
use uuid::Uuid;

use super::{convert, store::SessionStore, watch::watch};
use crate::{error::Error, scripts::ScriptDirectory};
use agentbase_platform::events::Announcer;

/// `agentbase.sessions.v1.SessionService`.
pub struct SessionApi {
    store: SessionStore,
    scripts: ScriptDirectory,
    events: Announcer,
    watches: WatchSlots,
}

impl SessionApi {
    /// The service over `store`, checking scripts through `scripts`, with
    /// WatchMessages streams taking their slots from `watches`.
    pub fn new(store: SessionStore, scripts: ScriptDirectory, events: Announcer, watches: WatchSlots) -> Self {
        Self {
            store,
            scripts,
            events,
            watches,
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
        let query = agentbase_platform::audit::AuditQuery::parse(request.get_ref()).map_err(Error::invalid_argument)?;
        Ok(Response::new(self.store.audit_events(&query).await?))
    }

    async fn create_session(&self, request: Request<pb::CreateSessionRequest>) -> RpcResult<pb::Session> {
        let create = convert::create_session(request.into_inner())?;
        if let Some(session) = self.store.replay_create(create.request.as_ref()).await? {
            return Ok(Response::new(convert::session_to_pb(session)));
        }
        // Asked before anything is written: an unknown script or an unreachable
        // scripts service leaves no session behind.
        let script_revision = self
            .scripts
            .revision_to_pin(create.script_id, create.script_label.as_ref())
            .await?;
        let request = create.request.clone();
        let session = self
            .store
            .create(create.pinned_to(script_revision), request.as_ref())
            .await?;
        Ok(Response::new(convert::session_to_pb(session)))
    }

    async fn get_session(&self, request: Request<pb::GetSessionRequest>) -> RpcResult<pb::Session> {
        let id = parse_id("id", &request.get_ref().id).map_err(Error::from)?;
        Ok(Response::new(convert::session_to_pb(self.store.get(id, true).await?)))
    }

    async fn list_sessions(&self, request: Request<pb::ListSessionsRequest>) -> RpcResult<pb::ListSessionsResponse> {
        let request = request.into_inner();
        let (filter, page) = PageRequest::<Uuid>::with_filter(
            convert::list_filter(&request),
            |filter| filter.fingerprint(),
            request.page_size,
            &request.page_token,
        )?;
        let before = page.after;
        let (sessions, next) = self.store.list(&filter, before, page.limit).await?;
        Ok(Response::new(pb::ListSessionsResponse {
            sessions: sessions.into_iter().map(convert::session_to_pb).collect(),
            next_page_token: page.next_token(next),
        }))
    }

    async fn update_session(&self, request: Request<pb::UpdateSessionRequest>) -> RpcResult<pb::Session> {
        let command = convert::update_session(request.into_inner())?;
        Ok(Response::new(convert::session_to_pb(self.store.update(command).await?)))
    }

    async fn delete_session(&self, request: Request<pb::DeleteSessionRequest>) -> RpcResult<pb::DeleteSessionResponse> {
        let request = request.get_ref();
        let id = parse_id("id", &request.id).map_err(Error::from)?;
        let etag = optional_etag(&request.etag);
        self.store.delete(id, etag.as_deref()).await?;
        Ok(Response::new(pb::DeleteSessionResponse {}))
    }

    async fn fork_session(&self, request: Request<pb::ForkSessionRequest>) -> RpcResult<pb::Session> {
        let command = convert::fork_session(request.get_ref())?;
        Ok(Response::new(convert::session_to_pb(self.store.fork(command).await?)))
    }

    async fn purge_expired_sessions(
        &self,
        request: Request<pb::PurgeExpiredSessionsRequest>,
    ) -> RpcResult<pb::PurgeExpiredSessionsResponse> {
        let purged = if request.get_ref().dry_run {
            self.store.count_expired().await?
        } else {
            self.store.purge_expired().await?
        };
        Ok(Response::new(convert::purged_to_pb(purged)))
    }

    async fn erase_user_data(
        &self,
        request: Request<pb::EraseUserDataRequest>,
    ) -> RpcResult<pb::EraseUserDataResponse> {
        let erase = convert::erase_user_data(request.get_ref())?;
        let receipt = self.store.erase_user(&erase).await?;
        Ok(Response::new(pb::EraseUserDataResponse {
            receipt: Some(convert::receipt_to_pb(receipt, erase.dry_run())),
        }))
    }

    async fn append_messages(
        &self,
        request: Request<pb::AppendMessagesRequest>,
    ) -> RpcResult<pb::AppendMessagesResponse> {
        let command = convert::append(request.into_inner())?;
        let appended = self.store.append(command).await?;
        Ok(Response::new(pb::AppendMessagesResponse {
            messages: appended.into_iter().map(convert::message_to_pb).collect(),
        }))
    }

    async fn list_messages(&self, request: Request<pb::ListMessagesRequest>) -> RpcResult<pb::ListMessagesResponse> {
        let request = request.into_inner();
        let mut violations = Vec::new();
        let id = parse_id("session_id", &request.session_id).or_record(&mut violations);
        let role = convert::role("role", request.role, false).or_record(&mut violations);
        let query = match (id, role) {
            (Some(id), Some(role)) if violations.is_empty() => Ok((id, role)),
            _ => Err(Error::invalid_argument(violations)),
        };
        let ((id, role), page) = PageRequest::<i64>::with_filter(
            query,
            |(id, _)| {
                paging::fingerprint(&[
                    "messages",
                    &id.to_string(),
                    if request.descending { "desc" } else { "asc" },
                    &request.role.to_string(),
                ])
            },
            request.page_size,
            &request.page_token,
        )?;
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
        let permit = self.watches.take().map_err(Error::from)?;
        self.store.ensure_session(id).await?;
        // Subscribe before the first read, so nothing appended in between is missed.
        let wakeups = self.events.subscribe();
        let (sender, receiver) = mpsc::channel(64);
        let store = self.store.clone();
        agentbase_platform::tenant::spawn(async move {
            watch(store, id, request.after_seq, wakeups, sender).await;
            drop(permit);
        });
        Ok(Response::new(Box::pin(ReceiverStream::new(receiver))))
    }

    async fn set_variables(&self, request: Request<pb::SetVariablesRequest>) -> RpcResult<pb::SetVariablesResponse> {
        let command = convert::set_variables(request.into_inner())?;
        let variables = self.store.set_variables(command).await?;
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
