//! The tonic implementation of `ProjectService`: validate, convert, call the store, map errors.

use agentbase_platform::ids::{Guarded, optional_etag, parse_id};
use agentbase_platform::paging::{self, PageRequest};
use agentbase_proto::scripts::v1::{self as pb, project_service_server::ProjectService};
use tonic::{Request, Response, Status};
use uuid::Uuid;

use super::{convert, store::ProjectStore};
use crate::{
    domain::label::{LabelName, LabelOwner, LabelTarget},
    error::Error,
    label::LabelResolver,
};

/// `agentbase.scripts.v1.ProjectService` over a [`ProjectStore`].
pub struct ProjectApi {
    store: ProjectStore,
    labels: LabelResolver,
}

impl ProjectApi {
    /// The service over `store`, resolving release labels with `labels`.
    pub fn new(store: ProjectStore, labels: LabelResolver) -> Self {
        Self { store, labels }
    }
}

type RpcResult<T> = Result<Response<T>, Status>;

#[tonic::async_trait]
impl ProjectService for ProjectApi {
    async fn create_project(&self, request: Request<pb::CreateProjectRequest>) -> RpcResult<pb::Project> {
        let command = convert::create_project(request.into_inner())?;
        Ok(Response::new(convert::project_to_pb(self.store.create(command).await?)))
    }

    async fn get_project(&self, request: Request<pb::GetProjectRequest>) -> RpcResult<pb::Project> {
        let id = parse_id("id", &request.get_ref().id).map_err(Error::from)?;
        Ok(Response::new(convert::project_to_pb(self.store.get(id).await?)))
    }

    async fn list_projects(&self, request: Request<pb::ListProjectsRequest>) -> RpcResult<pb::ListProjectsResponse> {
        let request = request.into_inner();
        let (filter, page) = PageRequest::<Uuid>::with_filter(
            convert::list_filter(&request),
            |filter| filter.fingerprint(),
            request.page_size,
            &request.page_token,
        )?;
        let after = page.after;
        let (projects, next) = self.store.list(&filter, after, page.limit).await?;
        Ok(Response::new(pb::ListProjectsResponse {
            projects: projects.into_iter().map(convert::project_to_pb).collect(),
            next_page_token: page.next_token(next),
        }))
    }

    async fn update_project(&self, request: Request<pb::UpdateProjectRequest>) -> RpcResult<pb::Project> {
        let command = convert::update_project(request.into_inner())?;
        Ok(Response::new(convert::project_to_pb(self.store.update(command).await?)))
    }

    async fn copy_project(&self, request: Request<pb::CopyProjectRequest>) -> RpcResult<pb::Project> {
        let command = convert::copy_project(request.get_ref())?;
        Ok(Response::new(convert::project_to_pb(self.store.copy(command).await?)))
    }

    async fn archive_project(&self, request: Request<pb::ArchiveProjectRequest>) -> RpcResult<pb::Project> {
        let target = Guarded::parse(&request.get_ref().id, &request.get_ref().etag).map_err(Error::from)?;
        Ok(Response::new(convert::project_to_pb(
            self.store.archive(target.id, target.etag.as_deref()).await?,
        )))
    }

    async fn deprecate_project(&self, request: Request<pb::DeprecateProjectRequest>) -> RpcResult<pb::Project> {
        let command = convert::deprecate(request.get_ref())?;
        Ok(Response::new(convert::project_to_pb(
            self.store.deprecate(command).await?,
        )))
    }

    async fn restore_project(&self, request: Request<pb::RestoreProjectRequest>) -> RpcResult<pb::Project> {
        let target = Guarded::parse(&request.get_ref().id, &request.get_ref().etag).map_err(Error::from)?;
        Ok(Response::new(convert::project_to_pb(
            self.store.restore(target.id, target.etag.as_deref()).await?,
        )))
    }

    async fn delete_project(&self, request: Request<pb::DeleteProjectRequest>) -> RpcResult<pb::DeleteProjectResponse> {
        let target = Guarded::parse(&request.get_ref().id, &request.get_ref().etag).map_err(Error::from)?;
        self.store.delete(target.id, target.etag.as_deref()).await?;
        Ok(Response::new(pb::DeleteProjectResponse {}))
    }

    async fn create_project_file(&self, request: Request<pb::CreateProjectFileRequest>) -> RpcResult<pb::ProjectFile> {
        let command = convert::create_file(request.get_ref())?;
        Ok(Response::new(convert::file_to_pb(
            self.store
                .create_file(command.project_id, command.file, &command.updated_by)
                .await?,
        )))
    }

    async fn get_project_file(&self, request: Request<pb::GetProjectFileRequest>) -> RpcResult<pb::ProjectFile> {
        let file = convert::file_ref(&request.get_ref().project_id, &request.get_ref().file_id)?;
        Ok(Response::new(convert::file_to_pb(
            self.store.get_file(file.project_id, file.file_id).await?,
        )))
    }

    async fn list_project_files(
        &self,
        request: Request<pb::ListProjectFilesRequest>,
    ) -> RpcResult<pb::ListProjectFilesResponse> {
        let request = request.into_inner();
        let project_id = parse_id("project_id", &request.project_id).map_err(Error::from)?;
        let file_type = convert::file_type("file_type", request.file_type, false).map_err(Error::from)?;
        let files = self.store.list_files(project_id, file_type, request.names_only).await?;
        Ok(Response::new(pb::ListProjectFilesResponse {
            files: files.into_iter().map(convert::file_to_pb).collect(),
        }))
    }

    async fn update_project_file(&self, request: Request<pb::UpdateProjectFileRequest>) -> RpcResult<pb::ProjectFile> {
        let command = convert::update_file(request.into_inner())?;
        let file = self
            .store
            .update_file(
                command.file.project_id,
                command.file.file_id,
                command.change,
                command.etag.as_deref(),
                &command.updated_by,
            )
            .await?;
        Ok(Response::new(convert::file_to_pb(file)))
    }

    async fn delete_project_file(
        &self,
        request: Request<pb::DeleteProjectFileRequest>,
    ) -> RpcResult<pb::DeleteProjectFileResponse> {
        let request = request.into_inner();
        let file = convert::file_ref(&request.project_id, &request.file_id)?;
        let etag = optional_etag(&request.etag);
        self.store
            .delete_file(file.project_id, file.file_id, etag.as_deref(), &request.updated_by)
            .await?;
        Ok(Response::new(pb::DeleteProjectFileResponse {}))
    }

    async fn get_draft(&self, request: Request<pb::GetDraftRequest>) -> RpcResult<pb::Draft> {
        let project_id = parse_id("project_id", &request.get_ref().project_id).map_err(Error::from)?;
        Ok(Response::new(convert::draft_to_pb(
            self.store.get_draft(project_id).await?,
        )))
    }

    async fn save_draft(&self, request: Request<pb::SaveDraftRequest>) -> RpcResult<pb::Draft> {
        let command = convert::save_draft(request.into_inner())?;
        Ok(Response::new(convert::draft_to_pb(
            self.store
                .save_draft(
                    command.project_id,
                    command.files,
                    command.etag.as_deref(),
                    &command.updated_by,
                )
                .await?,
        )))
    }

    async fn publish_version(&self, request: Request<pb::PublishVersionRequest>) -> RpcResult<pb::ProjectVersion> {
        let command = convert::publish(request.into_inner())?;
        Ok(Response::new(convert::version_to_pb(
            self.store.publish(command).await?,
        )))
    }

    async fn list_versions(&self, request: Request<pb::ListVersionsRequest>) -> RpcResult<pb::ListVersionsResponse> {
        let request = request.into_inner();
        let (project_id, page) = PageRequest::<Uuid>::with_filter(
            parse_id("project_id", &request.project_id).map_err(Error::from),
            |project_id| paging::fingerprint(&["versions", &project_id.to_string()]),
            request.page_size,
            &request.page_token,
        )?;
        let before = page.after;
        let (versions, next) = self.store.list_versions(project_id, before, page.limit).await?;
        Ok(Response::new(pb::ListVersionsResponse {
            versions: versions.into_iter().map(convert::version_to_pb).collect(),
            next_page_token: page.next_token(next),
        }))
    }

    async fn get_version(&self, request: Request<pb::GetVersionRequest>) -> RpcResult<pb::ProjectVersion> {
        let request = request.get_ref();
        let project_id = parse_id("project_id", &request.project_id).map_err(Error::from)?;
        let version_id = if request.label.is_empty() {
            parse_id("version_id", &request.version_id).map_err(Error::from)?
        } else {
            if !request.version_id.is_empty() {
                return Err(Error::from(agentbase_platform::error::FieldViolation::new(
                    "label",
                    "set either version_id or label, not both",
                ))
                .into());
            }
            let label = LabelName::parse("label", &request.label).map_err(Error::from)?;
            match self.labels.resolve(LabelOwner::Project(project_id), &label).await? {
                LabelTarget::Version(version_id) => version_id,
                LabelTarget::Revision(_) => return Err(Error::corrupt("a project label points at a revision").into()),
            }
        };
        Ok(Response::new(convert::version_to_pb(
            self.store.get_version(project_id, version_id, true).await?,
        )))
    }

    async fn rollback_to_version(
        &self,
        request: Request<pb::RollbackToVersionRequest>,
    ) -> RpcResult<pb::ProjectVersion> {
        let command = convert::rollback(request.into_inner())?;
        Ok(Response::new(convert::version_to_pb(
            self.store
                .rollback(
                    command.project_id,
                    command.version_id,
                    command.published_by,
                    command.release_note,
                )
                .await?,
        )))
    }

    async fn diff_versions(&self, request: Request<pb::DiffVersionsRequest>) -> RpcResult<pb::DiffVersionsResponse> {
        let command = convert::diff(request.get_ref())?;
        Ok(Response::new(convert::diff_to_pb(
            self.store.diff(command.project_id, command.from, command.to).await?,
        )))
    }
}
