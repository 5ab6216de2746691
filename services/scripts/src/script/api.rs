//! The tonic implementation of `ScriptService`: parse, call the store, map errors.

use agentbase_platform::ids::Guarded;
use agentbase_platform::paging::{self, PageRequest};
use agentbase_proto::scripts::v1::{self as pb, script_service_server::ScriptService};
use tonic::{Request, Response, Status};
use uuid::Uuid;

use super::{convert, store::ScriptStore};
use crate::{
    domain::{
        ListRevisions, ListScripts, ScriptSelector, View,
        label::{LabelOwner, LabelTarget},
        validation,
    },
    error::Error,
    label::LabelResolver,
};

/// The largest ListScripts page in the FULL view.
const MAX_FULL_PAGE_SIZE: u64 = 50;

/// `agentbase.scripts.v1.ScriptService` over a [`ScriptStore`].
pub struct ScriptApi {
    store: ScriptStore,
    labels: LabelResolver,
}

impl ScriptApi {
    /// The service over `store`, resolving release labels with `labels`.
    pub fn new(store: ScriptStore, labels: LabelResolver) -> Self {
        Self { store, labels }
    }
}

type RpcResult<T> = Result<Response<T>, Status>;

#[tonic::async_trait]
impl ScriptService for ScriptApi {
    async fn list_audit_events(
        &self,
        request: Request<agentbase_proto::audit::v1::ListAuditEventsRequest>,
    ) -> RpcResult<agentbase_proto::audit::v1::ListAuditEventsResponse> {
        let query = agentbase_platform::audit::AuditQuery::parse(request.get_ref()).map_err(Error::invalid_argument)?;
        Ok(Response::new(self.store.audit_events(&query).await?))
    }

    async fn create_script(&self, request: Request<pb::CreateScriptRequest>) -> RpcResult<pb::Script> {
        let command = convert::create_request(request.into_inner())?;
        let script = self.store.create(command).await?;
        Ok(Response::new(convert::script_to_pb(script)))
    }

    async fn get_script(&self, request: Request<pb::GetScriptRequest>) -> RpcResult<pb::Script> {
        let query = convert::get_request(request.get_ref())?;
        let (selector, revision) = match &query.label {
            None => (query.selector, query.revision),
            Some(label) => {
                let id = match query.selector {
                    ScriptSelector::Id(id) => id,
                    named => self.store.get(&named, None, View::Basic).await?.id,
                };
                match self.labels.resolve(LabelOwner::Script(id), label).await? {
                    LabelTarget::Revision(revision) => (ScriptSelector::Id(id), Some(revision)),
                    LabelTarget::Version(_) => return Err(Error::corrupt("a script label points at a version").into()),
                }
            }
        };
        let script = self.store.get(&selector, revision, query.view).await?;
        Ok(Response::new(convert::script_to_pb(script)))
    }

    async fn list_scripts(&self, request: Request<pb::ListScriptsRequest>) -> RpcResult<pb::ListScriptsResponse> {
        let request = request.into_inner();
        let (ListScripts { filter, view }, mut page) = PageRequest::<Uuid>::with_filter(
            convert::list_filter(&request),
            |listed| listed.filter.fingerprint(),
            request.page_size,
            &request.page_token,
        )?;
        // Content can reach 1 MiB a script: FULL pages stay small enough to send.
        if view == View::Full {
            page = page.at_most(MAX_FULL_PAGE_SIZE);
        }
        let after = page.after;
        let (scripts, next) = self.store.list(&filter, after, page.limit, view).await?;
        Ok(Response::new(pb::ListScriptsResponse {
            scripts: scripts.into_iter().map(convert::script_to_pb).collect(),
            next_page_token: page.next_token(next),
        }))
    }

    async fn update_script(&self, request: Request<pb::UpdateScriptRequest>) -> RpcResult<pb::Script> {
        let command = convert::update_request(request.into_inner())?;
        let script = self.store.update(command).await?;
        Ok(Response::new(convert::script_to_pb(script)))
    }

    async fn publish_script(&self, request: Request<pb::PublishScriptRequest>) -> RpcResult<pb::Script> {
        let target = Guarded::parse(&request.get_ref().id, &request.get_ref().etag).map_err(Error::from)?;
        let script = self.store.publish(&target).await?;
        Ok(Response::new(convert::script_to_pb(script)))
    }

    async fn archive_script(&self, request: Request<pb::ArchiveScriptRequest>) -> RpcResult<pb::Script> {
        let target = Guarded::parse(&request.get_ref().id, &request.get_ref().etag).map_err(Error::from)?;
        let script = self.store.archive(&target).await?;
        Ok(Response::new(convert::script_to_pb(script)))
    }

    async fn delete_script(&self, request: Request<pb::DeleteScriptRequest>) -> RpcResult<pb::DeleteScriptResponse> {
        let target = Guarded::parse(&request.get_ref().id, &request.get_ref().etag).map_err(Error::from)?;
        self.store.delete(&target).await?;
        Ok(Response::new(pb::DeleteScriptResponse {}))
    }

    async fn validate_script(
        &self,
        request: Request<pb::ValidateScriptRequest>,
    ) -> RpcResult<pb::ValidateScriptResponse> {
        let request = request.into_inner();
        let script_type = convert::validate_request(&request)?;
        let report = validation::validate(&request.content, script_type, &request.known_variables);
        report.check_limits("content").map_err(Error::from)?;
        Ok(Response::new(convert::report_to_pb(report)))
    }

    async fn list_script_revisions(
        &self,
        request: Request<pb::ListScriptRevisionsRequest>,
    ) -> RpcResult<pb::ListScriptRevisionsResponse> {
        let request = request.into_inner();
        let (ListRevisions { script_id, view }, page) = PageRequest::<i32>::with_filter(
            convert::list_revisions_request(&request),
            |listed| paging::fingerprint(&["revisions", &listed.script_id.to_string()]),
            request.page_size,
            &request.page_token,
        )?;
        let after = page.after;
        let (revisions, next) = self.store.list_revisions(script_id, after, page.limit, view).await?;
        Ok(Response::new(pb::ListScriptRevisionsResponse {
            revisions: revisions.into_iter().map(convert::revision_to_pb).collect(),
            next_page_token: page.next_token(next),
        }))
    }
}
