//! The workloads: what each one seeds, and its one call.

use std::sync::Arc;

use agentbase_proto::{
    scripts::v1::{
        CreateProjectFileRequest, CreateProjectRequest, CreateScriptRequest, ListProjectsRequest, ProjectFileType,
        project_service_client::ProjectServiceClient, script_service_client::ScriptServiceClient,
    },
    sessions::v1::{
        AppendMessagesRequest, CreateSessionRequest, GetSessionRequest, ListMessagesRequest, MessageRole, NewMessage,
        SetVariablesRequest, VariableInput, VariableScope, session_service_client::SessionServiceClient,
    },
};
use agentbase_testkit::fixtures::TECHNIQUE;
use tonic::transport::Channel;

use crate::load::Call;

/// A workload: its name in the report, its concurrency, the schema its
/// statements run in (for pgbench), and whether pgbench can replay it.
#[derive(Debug, Clone, Copy)]
pub struct Workload {
    pub name: &'static str,
    pub concurrency: usize,
    pub schema: &'static str,
    /// Writes repeat their keys when replayed verbatim, so only reads are.
    pub replayable: bool,
    kind: Kind,
}

#[derive(Debug, Clone, Copy)]
enum Kind {
    GetSession,
    ListMessages,
    AppendMessages,
    ListProjects,
}

pub const GET_SESSION: Workload = Workload {
    name: "GetSession",
    concurrency: 16,
    schema: "sessions",
    replayable: true,
    kind: Kind::GetSession,
};

pub const LIST_MESSAGES: Workload = Workload {
    name: "ListMessages 50",
    concurrency: 16,
    schema: "sessions",
    replayable: true,
    kind: Kind::ListMessages,
};

pub const APPEND_MESSAGES: Workload = Workload {
    name: "AppendMessages 1 msg (own session each)",
    concurrency: 32,
    schema: "sessions",
    replayable: false,
    kind: Kind::AppendMessages,
};

pub const LIST_PROJECTS: Workload = Workload {
    name: "ListProjects 200 × 5 files",
    concurrency: 16,
    schema: "scripts",
    replayable: true,
    kind: Kind::ListProjects,
};

/// Projects ListProjects reads, each with its three default files and two more.
const PROJECTS: usize = 200;

impl Workload {
    /// Seeds what the workload reads or writes and returns its call.
    pub async fn prepare(&self, channel: &Channel, concurrency: usize) -> Result<Call, tonic::Status> {
        let mut sessions = SessionServiceClient::new(channel.clone());
        match self.kind {
            Kind::GetSession => {
                let id = new_session(channel).await?;
                let variables = (0..5)
                    .map(|i| VariableInput {
                        scope: VariableScope::Session as i32,
                        name: format!("v{i}"),
                        value: Some(prost_string("a value")),
                        source: "bench".into(),
                    })
                    .collect();
                sessions
                    .set_variables(SetVariablesRequest {
                        session_id: id.clone(),
                        variables,
                    })
                    .await?;
                Ok(Arc::new(move |_| {
                    let mut sessions = sessions.clone();
                    let id = id.clone();
                    Box::pin(async move { sessions.get_session(GetSessionRequest { id }).await.map(|_| ()) })
                }))
            }
            Kind::ListMessages => {
                let id = new_session(channel).await?;
                for _ in 0..2 {
                    let messages = (0..100).map(|i| message(&format!("message {i}"))).collect();
                    sessions
                        .append_messages(AppendMessagesRequest {
                            session_id: id.clone(),
                            messages,
                            ..Default::default()
                        })
                        .await?;
                }
                Ok(Arc::new(move |_| {
                    let mut sessions = sessions.clone();
                    let request = ListMessagesRequest {
                        session_id: id.clone(),
                        page_size: 50,
                        ..Default::default()
                    };
                    Box::pin(async move { sessions.list_messages(request).await.map(|_| ()) })
                }))
            }
            Kind::ListProjects => {
                let mut projects = ProjectServiceClient::new(channel.clone());
                let run = uuid::Uuid::now_v7().simple().to_string();
                for i in 0..PROJECTS {
                    let project = projects
                        .create_project(CreateProjectRequest {
                            name: format!("bench-{run}-{i}"),
                            ..Default::default()
                        })
                        .await?
                        .into_inner();
                    for name in ["greeting", "farewell"] {
                        projects
                            .create_project_file(CreateProjectFileRequest {
                                project_id: project.id.clone(),
                                file_type: ProjectFileType::Template as i32,
                                file_name: name.into(),
                                text: format!("{name} text"),
                                updated_by: "bench".into(),
                                ..Default::default()
                            })
                            .await?;
                    }
                }
                Ok(Arc::new(move |_| {
                    let mut projects = projects.clone();
                    let request = ListProjectsRequest {
                        page_size: PROJECTS as i32,
                        ..Default::default()
                    };
                    Box::pin(async move { projects.list_projects(request).await.map(|_| ()) })
                }))
            }
            Kind::AppendMessages => {
                let mut ids = Vec::with_capacity(concurrency);
                for _ in 0..concurrency.max(1) {
                    ids.push(new_session(channel).await?);
                }
                let ids = Arc::new(ids);
                Ok(Arc::new(move |worker| {
                    let mut sessions = sessions.clone();
                    let request = AppendMessagesRequest {
                        session_id: ids[worker % ids.len()].clone(),
                        messages: vec![message("a turn of the conversation")],
                        ..Default::default()
                    };
                    Box::pin(async move { sessions.append_messages(request).await.map(|_| ()) })
                }))
            }
        }
    }
}

async fn new_session(channel: &Channel) -> Result<String, tonic::Status> {
    let script = ScriptServiceClient::new(channel.clone())
        .create_script(CreateScriptRequest {
            name: format!("bench-{}", uuid::Uuid::now_v7()),
            content: TECHNIQUE.into(),
            ..Default::default()
        })
        .await?
        .into_inner();
    let session = SessionServiceClient::new(channel.clone())
        .create_session(CreateSessionRequest {
            user_id: "bench".into(),
            script_id: script.id,
            ..Default::default()
        })
        .await?
        .into_inner();
    Ok(session.id)
}

fn message(content: &str) -> NewMessage {
    NewMessage {
        role: MessageRole::User as i32,
        content: content.into(),
        ..Default::default()
    }
}

fn prost_string(s: &str) -> prost_types::Value {
    prost_types::Value {
        kind: Some(prost_types::value::Kind::StringValue(s.into())),
    }
}
