//! Memories that remember their past, against PostgreSQL and SQLite: a
//! create of content a live memory already has answers that memory, updates
//! keep what they replaced, and a superseded memory leaves searches.

use agentbase_proto::sessions::v1::{
    CreateMemoryRequest, DeleteMemoryRequest, GetMemoryRequest, Importance, ListMemoriesRequest,
    ListMemoryHistoryRequest, Memory, MemoryRevision, SearchMemoriesRequest, UpdateMemoryRequest,
};
use agentbase_testkit::{Backend, TestApp, backend_tests, errors::reason_in, spawn_app};
use prost_types::FieldMask;
use tonic::Code;

fn memory(user_id: &str, content: &str) -> CreateMemoryRequest {
    CreateMemoryRequest {
        user_id: user_id.into(),
        memory_type: "fact".into(),
        content: content.into(),
        ..Default::default()
    }
}

async fn create(app: &mut TestApp, request: CreateMemoryRequest) -> Memory {
    app.memories.create_memory(request).await.unwrap().into_inner()
}

async fn get(app: &mut TestApp, id: &str) -> Memory {
    app.memories
        .get_memory(GetMemoryRequest { id: id.into() })
        .await
        .unwrap()
        .into_inner()
}

async fn listed(app: &mut TestApp, user_id: &str, include_superseded: bool) -> Vec<String> {
    let request = ListMemoriesRequest {
        user_id: user_id.into(),
        include_superseded,
        ..Default::default()
    };
    let page = app.memories.list_memories(request).await.unwrap().into_inner();
    page.memories.into_iter().map(|m| m.content).collect()
}

async fn found(app: &mut TestApp, query: &str, include_superseded: bool) -> Vec<String> {
    let request = SearchMemoriesRequest {
        query: query.into(),
        include_superseded,
        ..Default::default()
    };
    let hits = app.memories.search_memories(request).await.unwrap().into_inner().hits;
    hits.into_iter().map(|h| h.memory.unwrap().content).collect()
}

async fn history(app: &mut TestApp, id: &str, page_size: i32, page_token: String) -> (Vec<MemoryRevision>, String) {
    let request = ListMemoryHistoryRequest {
        memory_id: id.into(),
        page_size,
        page_token,
    };
    let page = app.memories.list_memory_history(request).await.unwrap().into_inner();
    (page.revisions, page.next_page_token)
}

async fn the_same_content_twice_is_one_memory(backend: Backend) {
    let mut app = spawn_app(backend).await;
    let first = create(&mut app, memory("u1", "Likes green tea.")).await;
    let again = create(
        &mut app,
        CreateMemoryRequest {
            importance: Importance::Critical as i32,
            request_id: uuid::Uuid::now_v7().to_string(),
            ..memory("u1", "  likes GREEN tea ")
        },
    )
    .await;
    assert_eq!(again, first, "the existing memory, unchanged");
    assert_eq!(listed(&mut app, "u1", false).await, ["Likes green tea."]);

    let other_type = create(
        &mut app,
        CreateMemoryRequest {
            memory_type: "preference".into(),
            ..memory("u1", "Likes green tea.")
        },
    )
    .await;
    let other_user = create(&mut app, memory("u2", "Likes green tea.")).await;
    assert_ne!(other_type.id, first.id, "another type is another memory");
    assert_ne!(other_user.id, first.id, "another user's is another memory");

    // Creates of one content at once take turns: one memory, whoever wins.
    let racers: Vec<_> = (0..16)
        .map(|_| {
            let mut client = app.memories.clone();
            tokio::spawn(async move {
                client
                    .create_memory(memory("u3", "Walks the dog at six"))
                    .await
                    .unwrap()
                    .into_inner()
                    .id
            })
        })
        .collect();
    let mut ids = Vec::new();
    for racer in racers {
        ids.push(racer.await.unwrap());
    }
    ids.dedup();
    assert_eq!(ids.len(), 1, "16 creates at once: one memory");
    assert_eq!(listed(&mut app, "u3", false).await, ["Walks the dog at six"]);
}

async fn updates_keep_what_they_replaced(backend: Backend) {
    let mut app = spawn_app(backend).await;
    let created = create(
        &mut app,
        CreateMemoryRequest {
            tags: vec!["sleep".into()],
            ..memory("u1", "Sleeps five hours")
        },
    )
    .await;
    let update = |content: &str, importance: Importance, tags: &[&str]| UpdateMemoryRequest {
        id: created.id.clone(),
        content: content.into(),
        importance: importance as i32,
        tags: tags.iter().map(|t| (*t).to_owned()).collect(),
        update_mask: Some(FieldMask {
            paths: vec!["content".into(), "importance".into(), "tags".into()],
        }),
        ..Default::default()
    };
    for request in [
        update("Sleeps six hours", Importance::Medium, &["sleep"]),
        update("Sleeps six hours", Importance::High, &["sleep"]),
        update("Sleeps six hours", Importance::High, &["sleep", "better"]),
    ] {
        app.memories.update_memory(request).await.unwrap();
    }
    // Metadata alone is not part of a revision.
    app.memories
        .update_memory(UpdateMemoryRequest {
            id: created.id.clone(),
            metadata: Some(prost_types::Struct::default()),
            update_mask: Some(FieldMask {
                paths: vec!["metadata".into()],
            }),
            ..Default::default()
        })
        .await
        .unwrap();

    let (first_page, token) = history(&mut app, &created.id, 2, String::new()).await;
    let (second_page, end) = history(&mut app, &created.id, 2, token).await;
    assert!(end.is_empty());
    let revisions: Vec<_> = first_page
        .iter()
        .chain(&second_page)
        .map(|r| (r.version, r.content.as_str(), r.importance, r.tags.clone()))
        .collect();
    assert_eq!(
        revisions,
        [
            (3, "Sleeps six hours", Importance::High as i32, vec!["sleep".to_owned()]),
            (
                2,
                "Sleeps six hours",
                Importance::Medium as i32,
                vec!["sleep".to_owned()]
            ),
            (
                1,
                "Sleeps five hours",
                Importance::Medium as i32,
                vec!["sleep".to_owned()]
            ),
        ],
        "newest first, each the state an update replaced"
    );
    let current = get(&mut app, &created.id).await;
    assert_eq!(current.tags, ["sleep", "better"]);

    // The content key follows the content: the old text is free again, the new one taken.
    let old_text = create(&mut app, memory("u1", "Sleeps five hours")).await;
    assert_ne!(old_text.id, created.id);
    assert_eq!(create(&mut app, memory("u1", "sleeps SIX hours")).await.id, created.id);

    let unknown = app
        .memories
        .list_memory_history(ListMemoryHistoryRequest {
            memory_id: uuid::Uuid::now_v7().to_string(),
            ..Default::default()
        })
        .await
        .unwrap_err();
    assert_eq!(unknown.code(), Code::NotFound);
}

async fn a_superseded_memory_leaves_searches(backend: Backend) {
    let mut app = spawn_app(backend).await;
    let old = create(&mut app, memory("u1", "Lives in Beijing")).await;
    let new = create(
        &mut app,
        CreateMemoryRequest {
            supersedes_memory_id: old.id.clone(),
            ..memory("u1", "Moved to Shanghai, lives there now")
        },
    )
    .await;
    assert_eq!(new.supersedes_memory_id, old.id);
    let old_now = get(&mut app, &old.id).await;
    assert_eq!(old_now.superseded_by_memory_id, new.id);
    assert_ne!(old_now.etag, old.etag, "superseding changes the memory");

    assert!(
        found(&mut app, "lives", false)
            .await
            .iter()
            .all(|c| c != "Lives in Beijing")
    );
    assert!(
        found(&mut app, "beijing", true)
            .await
            .contains(&"Lives in Beijing".to_owned())
    );
    assert_eq!(
        listed(&mut app, "u1", false).await,
        ["Moved to Shanghai, lives there now"]
    );
    assert_eq!(listed(&mut app, "u1", true).await.len(), 2);

    let twice = app
        .memories
        .create_memory(CreateMemoryRequest {
            supersedes_memory_id: old.id.clone(),
            ..memory("u1", "Lives in Hangzhou")
        })
        .await
        .unwrap_err();
    assert_eq!(
        (twice.code(), reason_in(&twice, "sessions.agentbase").as_str()),
        (Code::FailedPrecondition, "MEMORY_SUPERSEDED")
    );
    let others = create(&mut app, memory("u2", "Lives in Xi'an")).await;
    let foreign = app
        .memories
        .create_memory(CreateMemoryRequest {
            supersedes_memory_id: others.id.clone(),
            ..memory("u1", "Lives in Chengdu")
        })
        .await
        .unwrap_err();
    assert_eq!(
        foreign.code(),
        Code::NotFound,
        "another user's memory cannot be superseded"
    );
    assert!(
        get(&mut app, &others.id).await.superseded_by_memory_id.is_empty(),
        "and the refused create left it alone"
    );

    // A superseded memory is not live: its content may be created again.
    let back = create(&mut app, memory("u1", "Lives in Beijing")).await;
    assert_ne!(back.id, old.id);

    // Without what superseded it, the old memory is live again.
    app.memories
        .delete_memory(DeleteMemoryRequest {
            id: new.id.clone(),
            ..Default::default()
        })
        .await
        .unwrap();
    assert!(get(&mut app, &old.id).await.superseded_by_memory_id.is_empty());
}

backend_tests!(
    the_same_content_twice_is_one_memory,
    updates_keep_what_they_replaced,
    a_superseded_memory_leaves_searches,
);
