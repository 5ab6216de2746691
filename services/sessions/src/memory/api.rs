//! The tonic implementation of `MemoryService`: parse, call the store, map errors.

use agentbase_platform::ids::{optional_etag, parse_id};
use agentbase_platform::paging::PageRequest;
use agentbase_proto::sessions::v1::{self as pb, memory_service_server::MemoryService};
use tonic::{Request, Response, Status};
use uuid::Uuid;

use super::{convert, store::MemoryStore};
use crate::error::Error;

type RpcResult<T> = Result<Response<T>, Status>;

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

#[tonic::async_trait]
impl MemoryService for MemoryApi {
    async fn create_memory(&self, request: Request<pb::CreateMemoryRequest>) -> RpcResult<pb::Memory> {
        let command = convert::create_memory(request.into_inner())?;
        Ok(Response::new(convert::memory_to_pb(self.store.create(command).await?)))
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
            request.include_superseded,
        );
        let (filter, page) = PageRequest::<Uuid>::with_filter(
            filter,
            |filter| filter.fingerprint(),
            request.page_size,
            &request.page_token,
        )?;
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
        let search = convert::search(&request)?;
        let hits = self.store.search(&search).await?;
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

    async fn list_memory_history(
        &self,
        request: Request<pb::ListMemoryHistoryRequest>,
    ) -> RpcResult<pb::ListMemoryHistoryResponse> {
        let request = request.into_inner();
        let (id, page) = PageRequest::<i32>::with_filter(
            parse_id("memory_id", &request.memory_id).map_err(Error::from),
            |id| agentbase_platform::paging::fingerprint(&["memory history", &id.to_string()]),
            request.page_size,
            &request.page_token,
        )?;
        let (revisions, next) = self.store.history(id, page.after, page.limit).await?;
        Ok(Response::new(pb::ListMemoryHistoryResponse {
            revisions: revisions.into_iter().map(convert::revision_to_pb).collect(),
            next_page_token: page.next_token(next),
        }))
    }

    async fn update_memory(&self, request: Request<pb::UpdateMemoryRequest>) -> RpcResult<pb::Memory> {
        let command = convert::update_memory(request.into_inner())?;
        Ok(Response::new(convert::memory_to_pb(self.store.update(command).await?)))
    }

    async fn delete_memory(&self, request: Request<pb::DeleteMemoryRequest>) -> RpcResult<pb::DeleteMemoryResponse> {
        let request = request.get_ref();
        let id = parse_id("id", &request.id).map_err(Error::from)?;
        let etag = optional_etag(&request.etag);
        self.store.delete(id, etag.as_deref()).await?;
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
