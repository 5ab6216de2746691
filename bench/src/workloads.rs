//! The workloads: what each one seeds, and its one call.

use std::sync::Arc;

use agentbase_proto::{
    scripts::v1::{
        CreateProjectFileRequest, CreateProjectRequest, CreateScriptRequest, DraftFile, GetDraftRequest,
        ListProjectsRequest, ProjectFileType, SaveDraftRequest, project_service_client::ProjectServiceClient,
        script_service_client::ScriptServiceClient,
    },
    sessions::v1::{
        AppendMessagesRequest, CreateSessionRequest, GetSessionRequest, ListMessagesRequest, MessageRole, NewMessage,
        SetVariablesRequest, VariableInput, VariableScope, session_service_client::SessionServiceClient,
    },
};
use agentbase_testkit::fixtures::TECHNIQUE;
use tokio::sync::{Mutex, OnceCell};
use tonic::transport::Channel;

use crate::{
    load::Call,
    memories::{self, Corpus, Scope, Seeded},
    server::Connections,
};

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
    AppendMessages {
        request_ids: bool,
    },
    ListProjects,
    ReadWholeSession,
    KeysetPage {
        deep: bool,
    },
    SaveDraft,
    CreateProjectFile,
    SearchMemories {
        scope: Scope,
        queries: &'static [&'static str],
    },
}

const fn search(name: &'static str, scope: Scope, queries: &'static [&'static str]) -> Workload {
    Workload {
        name,
        concurrency: 16,
        schema: "sessions",
        replayable: true,
        kind: Kind::SearchMemories { scope, queries },
    }
}

pub const SEARCH_PER_USER: Workload = search(
    "SearchMemories per user (~100 each): tired, w977, 焦虑, 鹦鹉",
    Scope::PerUser,
    &["tired", "w977", "焦虑", "鹦鹉"],
);
pub const SEARCH_HEAVY_USER_WORD: Workload =
    search("SearchMemories, the heavy user: tired", Scope::HeavyUser, &["tired"]);
pub const SEARCH_HEAVY_USER_CHINESE: Workload =
    search("SearchMemories, the heavy user: 焦虑", Scope::HeavyUser, &["焦虑"]);
pub const SEARCH_EVERYONE_WORD: Workload = search("SearchMemories, everyone: tired", Scope::Everyone, &["tired"]);
pub const SEARCH_EVERYONE_CHINESE: Workload = search("SearchMemories, everyone: 焦虑", Scope::Everyone, &["焦虑"]);
pub const SEARCH_EVERYONE_RARE: Workload = search(
    "SearchMemories, everyone: w977, 鹦鹉 (rare)",
    Scope::Everyone,
    &["w977", "鹦鹉"],
);
pub const SEARCH_EVERYONE_RANKED_WINDOW: Workload = search(
    "SearchMemories, everyone: tired work, 焦虑 睡眠质量 (ranked window)",
    Scope::Everyone,
    &["tired work", "焦虑 睡眠质量"],
);

pub const SEARCH_NOTES_PHRASE: Workload = search(
    "SearchMemories, the adversarial user: 工作压力 (in a quarter)",
    Scope::NotesUser,
    &["工作压力"],
);
pub const SEARCH_NOTES_EVERY: Workload = search(
    "SearchMemories, the adversarial user: mentions, note client mentions 最近 (in every memory)",
    Scope::NotesUser,
    &["mentions", "note client mentions 最近"],
);
pub const SEARCH_NOTES_PAIRS: Workload = search(
    "SearchMemories, the adversarial user: sleep family, 失眠 工作压力 (two common terms together in few)",
    Scope::NotesUser,
    &["sleep family", "失眠 工作压力"],
);
pub const SEARCH_NOTES_MANY_TERMS: Workload = search(
    "SearchMemories, the adversarial user: ten terms, a long CJK phrase (no match)",
    Scope::NotesUser,
    &[
        "anxiety sleep work family exercise 抑郁 焦虑 失眠 工作压力 家庭",
        "抑郁焦虑失眠工作压力家庭",
    ],
);
pub const SEARCH_EVERYONE_NOTES: Workload = search(
    "SearchMemories, everyone: 工作压力, sleep family",
    Scope::Everyone,
    &["工作压力", "sleep family"],
);

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
    kind: Kind::AppendMessages { request_ids: false },
};

/// As callers should append: each call with a request id of its own.
pub const APPEND_MESSAGES_WITH_REQUEST_ID: Workload = Workload {
    name: "AppendMessages 1 msg with a request id (own session each)",
    concurrency: 32,
    schema: "sessions",
    replayable: false,
    kind: Kind::AppendMessages { request_ids: true },
};

pub const LIST_PROJECTS: Workload = Workload {
    name: "ListProjects 200 × 5 files",
    concurrency: 16,
    schema: "scripts",
    replayable: true,
    kind: Kind::ListProjects,
};

pub const READ_WHOLE_SESSION: Workload = Workload {
    name: "ListMessages 500 × 10 pages (a 5,000-message session)",
    concurrency: 16,
    schema: "sessions",
    replayable: true,
    kind: Kind::ReadWholeSession,
};

pub const SHALLOW_PAGE: Workload = Workload {
    name: "ListMessages 50 at row 1,000",
    concurrency: 16,
    schema: "sessions",
    replayable: true,
    kind: Kind::KeysetPage { deep: false },
};

pub const DEEP_PAGE: Workload = Workload {
    name: "ListMessages 50 at the deep row",
    concurrency: 16,
    schema: "sessions",
    replayable: true,
    kind: Kind::KeysetPage { deep: true },
};

pub const SAVE_DRAFT: Workload = Workload {
    name: "SaveDraft 5 files (own project each)",
    concurrency: 16,
    schema: "scripts",
    replayable: false,
    kind: Kind::SaveDraft,
};

pub const CREATE_PROJECT_FILE: Workload = Workload {
    name: "CreateProjectFile (own project each)",
    concurrency: 16,
    schema: "scripts",
    replayable: false,
    kind: Kind::CreateProjectFile,
};

/// Projects ListProjects reads, each with its three default files and two more.
const PROJECTS: usize = 200;

/// Messages of the session read whole in pages of 500.
const WHOLE_SESSION: usize = 5_000;

/// The row of the shallow keyset page.
const SHALLOW_ROW: usize = 1_000;

/// Files a CreateProjectFile worker adds to one project before it starts another
/// (a project holds at most 200, three of them the defaults).
const FILES_PER_PROJECT: usize = 190;

/// What several workloads of one server share: the long session the keyset
/// pages read, seeded once.
pub struct Seeds {
    /// The row of the deep keyset page (1,000,000 in a full run).
    pub deep_row: usize,
    long_session: OnceCell<LongSession>,
    /// The memories the search workloads read.
    pub corpus: Corpus,
    /// Where the server stores them.
    store: memories::Store,
    memories: OnceCell<Seeded>,
}

struct LongSession {
    id: String,
    shallow_token: String,
    deep_token: String,
}

impl Seeds {
    pub fn new(deep_row: usize, corpus: Corpus, store: memories::Store) -> Self {
        Self {
            deep_row,
            long_session: OnceCell::new(),
            corpus,
            store,
            memories: OnceCell::new(),
        }
    }

    async fn memories(&self, channel: &Channel) -> Result<&Seeded, tonic::Status> {
        self.memories
            .get_or_try_init(|| memories::seed(channel, self.corpus, &self.store))
            .await
    }

    /// The memory-search quality check, if a search workload seeded memories.
    pub async fn memory_quality(&self, channel: &Channel) -> Result<Option<memories::Quality>, tonic::Status> {
        match self.memories.get() {
            Some(seeded) => memories::quality(channel, seeded).await.map(Some),
            None => Ok(None),
        }
    }

    async fn long_session(&self, channel: &Channel) -> Result<&LongSession, tonic::Status> {
        self.long_session
            .get_or_try_init(|| async {
                let id = new_session(channel).await?;
                append(channel, &id, self.deep_row + SHALLOW_ROW).await?;
                let shallow_token = token_at(channel, &id, SHALLOW_ROW).await?;
                let deep_token = token_at(channel, &id, self.deep_row).await?;
                Ok(LongSession {
                    id,
                    shallow_token,
                    deep_token,
                })
            })
            .await
    }
}

/// Appends `count` messages to session `id`, 100 per call.
async fn append(channel: &Channel, id: &str, count: usize) -> Result<(), tonic::Status> {
    let mut sessions = SessionServiceClient::new(channel.clone());
    let mut done = 0;
    while done < count {
        let batch = (count - done).min(100);
        let messages = (0..batch).map(|i| message(&format!("message {}", done + i))).collect();
        sessions
            .append_messages(AppendMessagesRequest {
                session_id: id.to_owned(),
                messages,
                ..Default::default()
            })
            .await?;
        done += batch;
    }
    Ok(())
}

/// The page token that continues after the first `row` messages of session `id`.
async fn token_at(channel: &Channel, id: &str, row: usize) -> Result<String, tonic::Status> {
    let mut sessions = SessionServiceClient::new(channel.clone());
    let (mut seen, mut token) = (0, String::new());
    while seen < row {
        let page = sessions
            .list_messages(ListMessagesRequest {
                session_id: id.to_owned(),
                page_size: (row - seen).min(500) as i32,
                page_token: token,
                ..Default::default()
            })
            .await?
            .into_inner();
        seen += page.messages.len();
        token = page.next_page_token;
        if token.is_empty() {
            return Err(tonic::Status::failed_precondition(format!(
                "the session ended at row {seen}"
            )));
        }
    }
    Ok(token)
}

impl Workload {
    /// Seeds what the workload reads or writes and returns its call.
    /// Seeding goes through `channel`; worker `n` calls on `connections.of(n)`.
    pub async fn prepare(
        &self,
        channel: &Channel,
        connections: &Connections,
        concurrency: usize,
        seeds: &Seeds,
    ) -> Result<Call, tonic::Status> {
        let connections = connections.clone();
        let mut sessions = SessionServiceClient::new(channel.clone());
        match self.kind {
            Kind::SearchMemories { scope, queries } => {
                let seeded = seeds.memories(channel).await?;
                Ok(memories::search_call(&connections, seeded, scope, queries))
            }
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
                Ok(Arc::new(move |worker| {
                    let mut sessions = SessionServiceClient::new(connections.of(worker));
                    let id = id.clone();
                    Box::pin(async move { sessions.get_session(GetSessionRequest { id }).await.map(|_| ()) })
                }))
            }
            Kind::ListMessages => {
                let id = new_session(channel).await?;
                append(channel, &id, 200).await?;
                Ok(Arc::new(move |worker| {
                    let mut sessions = SessionServiceClient::new(connections.of(worker));
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
                Ok(Arc::new(move |worker| {
                    let mut projects = ProjectServiceClient::new(connections.of(worker));
                    let request = ListProjectsRequest {
                        page_size: PROJECTS as i32,
                        ..Default::default()
                    };
                    Box::pin(async move { projects.list_projects(request).await.map(|_| ()) })
                }))
            }
            Kind::AppendMessages { request_ids } => {
                let mut ids = Vec::with_capacity(concurrency);
                for _ in 0..concurrency.max(1) {
                    ids.push(new_session(channel).await?);
                }
                let ids = Arc::new(ids);
                Ok(Arc::new(move |worker| {
                    let mut sessions = SessionServiceClient::new(connections.of(worker));
                    let request = AppendMessagesRequest {
                        session_id: ids[worker % ids.len()].clone(),
                        messages: vec![message("a turn of the conversation")],
                        request_id: if request_ids {
                            uuid::Uuid::now_v7().to_string()
                        } else {
                            String::new()
                        },
                        ..Default::default()
                    };
                    Box::pin(async move { sessions.append_messages(request).await.map(|_| ()) })
                }))
            }
            Kind::ReadWholeSession => {
                let id = new_session(channel).await?;
                append(channel, &id, WHOLE_SESSION).await?;
                Ok(Arc::new(move |worker| {
                    let mut sessions = SessionServiceClient::new(connections.of(worker));
                    let id = id.clone();
                    Box::pin(async move {
                        let mut token = String::new();
                        loop {
                            let page = sessions
                                .list_messages(ListMessagesRequest {
                                    session_id: id.clone(),
                                    page_size: 500,
                                    page_token: token,
                                    ..Default::default()
                                })
                                .await?
                                .into_inner();
                            token = page.next_page_token;
                            if token.is_empty() {
                                return Ok(());
                            }
                        }
                    })
                }))
            }
            Kind::KeysetPage { deep } => {
                let long = seeds.long_session(channel).await?;
                let request = ListMessagesRequest {
                    session_id: long.id.clone(),
                    page_size: 50,
                    page_token: if deep { &long.deep_token } else { &long.shallow_token }.clone(),
                    ..Default::default()
                };
                Ok(Arc::new(move |worker| {
                    let mut sessions = SessionServiceClient::new(connections.of(worker));
                    let request = request.clone();
                    Box::pin(async move { sessions.list_messages(request).await.map(|_| ()) })
                }))
            }
            Kind::SaveDraft => {
                let mut projects = ProjectServiceClient::new(channel.clone());
                let mut drafts = Vec::with_capacity(concurrency);
                for _ in 0..concurrency.max(1) {
                    let project = new_project(&mut projects).await?;
                    let draft = projects
                        .get_draft(GetDraftRequest {
                            project_id: project.clone(),
                        })
                        .await?
                        .into_inner();
                    let files: Vec<DraftFile> = draft
                        .files
                        .into_iter()
                        .map(|file| DraftFile {
                            file_type: file.file_type,
                            file_name: file.file_name,
                            file_path: file.file_path,
                            text: file.text,
                        })
                        .collect();
                    drafts.push((project, files));
                }
                let drafts = Arc::new(drafts);
                let saves = Arc::new(std::sync::atomic::AtomicUsize::new(0));
                Ok(Arc::new(move |worker| {
                    let mut projects = ProjectServiceClient::new(connections.of(worker));
                    let (project_id, files) = &drafts[worker % drafts.len()];
                    let n = saves.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                    let mut files = files.clone();
                    if let Some(last) = files.last_mut() {
                        last.text = format!("{}\n# save {n}\n", last.text);
                    }
                    let request = SaveDraftRequest {
                        project_id: project_id.clone(),
                        files,
                        updated_by: "bench".into(),
                        ..Default::default()
                    };
                    Box::pin(async move { projects.save_draft(request).await.map(|_| ()) })
                }))
            }
            Kind::CreateProjectFile => {
                // Each worker: its current project and how many files it has added to it.
                let workers: Arc<Vec<Mutex<(String, usize)>>> = Arc::new(
                    (0..concurrency.max(1))
                        .map(|_| Mutex::new((String::new(), FILES_PER_PROJECT)))
                        .collect(),
                );
                Ok(Arc::new(move |worker| {
                    let mut projects = ProjectServiceClient::new(connections.of(worker));
                    let workers = Arc::clone(&workers);
                    Box::pin(async move {
                        let mut state = workers[worker % workers.len()].lock().await;
                        if state.1 == FILES_PER_PROJECT {
                            *state = (new_project(&mut projects).await?, 0);
                        }
                        state.1 += 1;
                        let request = CreateProjectFileRequest {
                            project_id: state.0.clone(),
                            file_type: ProjectFileType::Template as i32,
                            file_name: format!("file{}", state.1),
                            text: "a template".into(),
                            updated_by: "bench".into(),
                            ..Default::default()
                        };
                        projects.create_project_file(request).await.map(|_| ())
                    })
                }))
            }
        }
    }
}

async fn new_project(projects: &mut ProjectServiceClient<Channel>) -> Result<String, tonic::Status> {
    let project = projects
        .create_project(CreateProjectRequest {
            name: format!("bench-{}", uuid::Uuid::now_v7().simple()),
            ..Default::default()
        })
        .await?
        .into_inner();
    Ok(project.id)
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
