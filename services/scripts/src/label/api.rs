//! The tonic implementation of `LabelService`: validate, convert, call the store, map errors.

use std::sync::Arc;

use agentbase_platform::{auth::Principal, paging::PageRequest};
use agentbase_proto::scripts::v1::{self as pb, label_service_server::LabelService};
use tonic::{Request, Response, Status};
use uuid::Uuid;

use super::{convert, store::LabelStore};
use crate::{
    domain::label::{Mover, PROMOTE_SCOPE, owner_parts},
    error::Error,
};

/// `agentbase.scripts.v1.LabelService` over a [`LabelStore`].
pub struct LabelApi {
    store: LabelStore,
}

impl LabelApi {
    /// The service over `store`.
    pub fn new(store: LabelStore) -> Self {
        Self { store }
    }
}

type RpcResult<T> = Result<Response<T>, Status>;

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
        let owner = convert::list_labels(&request)?;
        let (kind, id) = owner_parts(owner);
        let fingerprint = agentbase_platform::paging::fingerprint(&["labels", kind, &id]);
        let page = PageRequest::<Uuid>::parse(request.page_size, &request.page_token, fingerprint)
            .map_err(Error::invalid_argument)?;
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
        let (owner, name) = convert::history(&request)?;
        let (kind, id) = owner_parts(owner);
        let fingerprint = agentbase_platform::paging::fingerprint(&["label-moves", kind, &id, name.as_str()]);
        let page = PageRequest::<i64>::parse(request.page_size, &request.page_token, fingerprint)
            .map_err(Error::invalid_argument)?;
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
}
