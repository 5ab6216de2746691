//! The tonic implementation of `LabelService`: validate, convert, call the store, map errors.

use std::{pin::Pin, sync::Arc};

use agentbase_platform::{auth::Principal, events::WatchSlots, paging::PageRequest};
use agentbase_proto::scripts::v1::{self as pb, label_service_server::LabelService};
use tokio::sync::mpsc;
use tokio_stream::{Stream, wrappers::ReceiverStream};
use tonic::{Request, Response, Status};
use uuid::Uuid;

use super::{convert, store::LabelStore, watch::watch};
use crate::{
    domain::label::{Mover, PROMOTE_SCOPE, owner_parts},
    error::Error,
};

/// `agentbase.scripts.v1.LabelService` over a [`LabelStore`].
pub struct LabelApi {
    store: LabelStore,
    watches: WatchSlots,
}

impl LabelApi {
    /// The service over `store`, WatchLabels streams taking their slots from `watches`.
    pub fn new(store: LabelStore, watches: WatchSlots) -> Self {
        Self { store, watches }
    }
}

type RpcResult<T> = Result<Response<T>, Status>;
type MoveStream = Pin<Box<dyn Stream<Item = Result<pb::WatchLabelsResponse, Status>> + Send>>;

/// Who makes `request`: the audit trail's principal and actor, and whether
/// the token grants `scripts.promote` (without authentication every scope is
/// granted).
fn mover<T>(request: &Request<T>) -> Mover {
    let call = agentbase_platform::audit::current();
    Mover {
        principal: call.as_ref().map_or_else(
            || agentbase_platform::audit::ANONYMOUS.to_owned(),
            |call| call.principal.clone(),
        ),
        actor: call.map(|call| call.actor.clone()).unwrap_or_default(),
        may_promote: request
            .extensions()
            .get::<Arc<Principal>>()
            .is_none_or(|principal| principal.has(PROMOTE_SCOPE)),
    }
}

#[tonic::async_trait]
impl LabelService for LabelApi {
    async fn set_label(&self, request: Request<pb::SetLabelRequest>) -> RpcResult<pb::Label> {
        let command = convert::set_label(request.get_ref(), mover(&request))?;
        Ok(Response::new(convert::label_to_pb(self.store.set(command).await?)))
    }

    async fn get_label(&self, request: Request<pb::GetLabelRequest>) -> RpcResult<pb::Label> {
        let (owner, name) = convert::get_label(request.get_ref())?;
        Ok(Response::new(convert::label_to_pb(self.store.get(owner, &name).await?)))
    }

    async fn list_labels(&self, request: Request<pb::ListLabelsRequest>) -> RpcResult<pb::ListLabelsResponse> {
        let request = request.into_inner();
        let (owner, page) = PageRequest::<Uuid>::with_filter(
            convert::list_labels(&request),
            |owner| {
                let (kind, id) = owner_parts(*owner);
                agentbase_platform::paging::fingerprint(&["labels", kind, &id])
            },
            request.page_size,
            &request.page_token,
        )?;
        let (labels, next) = self.store.list(owner, page.after, page.limit).await?;
        Ok(Response::new(pb::ListLabelsResponse {
            labels: labels.into_iter().map(convert::label_to_pb).collect(),
            next_page_token: page.next_token(next),
        }))
    }

    async fn list_label_history(
        &self,
        request: Request<pb::ListLabelHistoryRequest>,
    ) -> RpcResult<pb::ListLabelHistoryResponse> {
        let request = request.into_inner();
        let ((owner, name), page) = PageRequest::<i64>::with_filter(
            convert::history(&request),
            |(owner, name)| {
                let (kind, id) = owner_parts(*owner);
                agentbase_platform::paging::fingerprint(&["label-moves", kind, &id, name.as_str()])
            },
            request.page_size,
            &request.page_token,
        )?;
        let (moves, next) = self.store.history(owner, &name, page.after, page.limit).await?;
        Ok(Response::new(pb::ListLabelHistoryResponse {
            moves: moves.into_iter().map(convert::move_to_pb).collect(),
            next_page_token: page.next_token(next),
        }))
    }

    async fn protect_label(&self, request: Request<pb::ProtectLabelRequest>) -> RpcResult<pb::Label> {
        let command = convert::protect_label(request.get_ref())?;
        Ok(Response::new(convert::label_to_pb(self.store.protect(command).await?)))
    }

    async fn delete_label(&self, request: Request<pb::DeleteLabelRequest>) -> RpcResult<pb::DeleteLabelResponse> {
        let command = convert::delete_label(request.get_ref(), mover(&request))?;
        self.store.delete(command).await?;
        Ok(Response::new(pb::DeleteLabelResponse {}))
    }

    async fn request_label_move(
        &self,
        request: Request<pb::RequestLabelMoveRequest>,
    ) -> RpcResult<pb::LabelMoveRequest> {
        let command = convert::request_label_move(request.get_ref(), mover(&request))?;
        Ok(Response::new(convert::request_to_pb(
            self.store.request_move(command).await?,
        )))
    }

    async fn approve_label_move(&self, request: Request<pb::ApproveLabelMoveRequest>) -> RpcResult<pb::Label> {
        let command = convert::approve_label_move(request.get_ref(), mover(&request))?;
        Ok(Response::new(convert::label_to_pb(
            self.store.approve_move(command).await?,
        )))
    }

    async fn list_label_move_requests(
        &self,
        request: Request<pb::ListLabelMoveRequestsRequest>,
    ) -> RpcResult<pb::ListLabelMoveRequestsResponse> {
        let request = request.into_inner();
        let ((owner, state), page) = PageRequest::<Uuid>::with_filter(
            convert::list_requests(&request),
            |(owner, _)| {
                let (kind, id) = owner_parts(*owner);
                agentbase_platform::paging::fingerprint(&["label-move-requests", kind, &id, &request.state.to_string()])
            },
            request.page_size,
            &request.page_token,
        )?;
        let (requests, next) = self.store.requests(owner, state, page.after, page.limit).await?;
        Ok(Response::new(pb::ListLabelMoveRequestsResponse {
            requests: requests.into_iter().map(convert::request_to_pb).collect(),
            next_page_token: page.next_token(next),
        }))
    }

    type WatchLabelsStream = MoveStream;

    async fn watch_labels(&self, request: Request<pb::WatchLabelsRequest>) -> RpcResult<Self::WatchLabelsStream> {
        let (owner, start) = convert::watch_labels(request.get_ref())?;
        let permit = self.watches.take().map_err(Error::from)?;
        if let Some(owner) = owner {
            self.store.ensure_owner(owner).await?;
        }
        // Subscribe before the first read, so nothing committed in between is missed.
        let wakeups = self.store.events().subscribe();
        let after = match start {
            Some(after) => after,
            None => self.store.last_sequence().await?,
        };
        let (sender, receiver) = mpsc::channel(64);
        let store = self.store.clone();
        agentbase_platform::tenant::spawn(async move {
            watch(store, owner, after, wakeups, sender).await;
            drop(permit);
        });
        Ok(Response::new(Box::pin(ReceiverStream::new(receiver))))
    }
}
