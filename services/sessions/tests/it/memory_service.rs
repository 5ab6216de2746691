//! MemoryService through the generated client against PostgreSQL and SQLite.

use std::time::Duration;

use agentbase_proto::sessions::v1::{
    CreateMemoryRequest, DeleteMemoryRequest, DeleteSessionRequest, GetMemoryRequest, Importance, ListMemoriesRequest,
    Memory, PurgeExpiredMemoriesRequest, SearchMemoriesRequest, UpdateMemoryRequest,
};
use agentbase_testkit::{
    AppOptions, Backend, TestApp, backend_tests,
    errors::{reason_in, violated_fields},
    spawn_app, spawn_app_with,
};
use prost_types::{FieldMask, Timestamp};
use tonic::{Code, Status};

fn reason(status: &Status) -> String {
    reason_in(status, "sessions.agentbase")
}

fn at(offset_seconds: i64) -> Option<Timestamp> {
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs() as i64;
    Some(Timestamp {
        seconds: now + offset_seconds,
        nanos: 0,
    })
}

fn memory(content: &str) -> CreateMemoryRequest {
    CreateMemoryRequest {
        user_id: "u1".into(),
        memory_type: "fact".into(),
        content: content.into(),
        ..Default::default()
    }
}

async fn create(app: &mut TestApp, request: CreateMemoryRequest) -> Memory {
    app.memories.create_memory(request).await.unwrap().into_inner()
}

async fn search(app: &mut TestApp, query: &str) -> Vec<String> {
    ranked(app, query, 0, "").await
}

/// Contents of the hits of `query`, best first (`page_size` 0 is the
/// default; `user_id` "" is every user).
async fn ranked(app: &mut TestApp, query: &str, page_size: i32, user_id: &str) -> Vec<String> {
    let request = SearchMemoriesRequest {
        query: query.into(),
        page_size,
        user_id: user_id.into(),
        ..Default::default()
    };
    let hits = app
        .memories
        .search_memories(request)
        .await
        .unwrap_or_else(|s| panic!("{query:?}: {s:?}"))
        .into_inner()
        .hits;
    hits.into_iter().map(|h| h.memory.unwrap().content).collect()
}

async fn session_id(app: &mut TestApp) -> String {
    agentbase_testkit::fixtures::session(app).await.id
}

async fn memories_are_created_read_updated_and_deleted(backend: Backend) {
    let mut app = spawn_app(backend).await;
    let session = session_id(&mut app).await;
    let request = CreateMemoryRequest {
        session_id: session.clone(),
        importance: Importance::High as i32,
        tags: vec!["mood".into(), "mood".into()],
        request_id: uuid::Uuid::now_v7().to_string(),
        ..memory("Prefers morning sessions")
    };
    let created = create(&mut app, request.clone()).await;
    assert_eq!(
        (created.importance, created.tags.as_slice()),
        (Importance::High as i32, &["mood".to_owned()][..])
    );
    assert_eq!(create(&mut app, request).await.id, created.id, "idempotent");

    let read = app
        .memories
        .get_memory(GetMemoryRequest { id: created.id.clone() })
        .await
        .unwrap()
        .into_inner();
    assert_eq!(read.access_count, 1);
    assert!(read.access_time.is_some());

    let update = UpdateMemoryRequest {
        id: created.id.clone(),
        content: "Prefers evening sessions".into(),
        importance: Importance::Critical as i32,
        update_mask: Some(FieldMask {
            paths: vec!["content".into(), "importance".into()],
        }),
        etag: read.etag.clone(),
        ..Default::default()
    };
    let updated = app.memories.update_memory(update.clone()).await.unwrap().into_inner();
    assert_eq!(
        (updated.content.as_str(), updated.importance),
        ("Prefers evening sessions", Importance::Critical as i32)
    );
    assert_eq!(
        reason(&app.memories.update_memory(update).await.unwrap_err()),
        "ETAG_MISMATCH"
    );
    assert_eq!(
        search(&mut app, "evening").await,
        ["Prefers evening sessions"],
        "search follows updates"
    );
    assert!(search(&mut app, "morning").await.is_empty());

    for (bad, field) in [
        (memory(""), "content"),
        (
            CreateMemoryRequest {
                memory_type: String::new(),
                ..memory("x")
            },
            "memory_type",
        ),
        (memory(&"x".repeat(64 * 1024 + 1)), "content"),
        (
            CreateMemoryRequest {
                session_id: "nope".into(),
                ..memory("x")
            },
            "session_id",
        ),
    ] {
        assert_eq!(
            violated_fields(&app.memories.create_memory(bad).await.unwrap_err()),
            [field]
        );
    }
    let orphan = CreateMemoryRequest {
        session_id: uuid::Uuid::now_v7().to_string(),
        ..memory("x")
    };
    assert_eq!(
        reason(&app.memories.create_memory(orphan).await.unwrap_err()),
        "SESSION_NOT_FOUND"
    );

    app.memories
        .delete_memory(DeleteMemoryRequest {
            id: created.id.clone(),
            etag: String::new(),
        })
        .await
        .unwrap();
    let status = app
        .memories
        .get_memory(GetMemoryRequest { id: created.id.clone() })
        .await
        .unwrap_err();
    assert_eq!(
        (status.code(), reason(&status).as_str()),
        (Code::NotFound, "MEMORY_NOT_FOUND")
    );
}

async fn concurrent_reads_each_count(backend: Backend) {
    let mut app = spawn_app(backend).await;
    let created = create(&mut app, memory("counted")).await;
    let readers: Vec<_> = (0..100)
        .map(|_| {
            let mut client = app.memories.clone();
            let id = created.id.clone();
            tokio::spawn(async move { client.get_memory(GetMemoryRequest { id }).await.unwrap() })
        })
        .collect();
    for reader in readers {
        reader.await.unwrap();
    }
    let list = app
        .memories
        .list_memories(ListMemoriesRequest::default())
        .await
        .unwrap()
        .into_inner();
    assert_eq!(list.memories[0].access_count, 100, "every read counted exactly once");
}

async fn search_finds_chinese_substrings_and_english_words(backend: Backend) {
    let mut app = spawn_app(backend).await;
    create(&mut app, memory("最近情绪低落，有抑郁倾向")).await;
    create(&mut app, memory("Feeling sad today; sad again tonight")).await;
    create(
        &mut app,
        CreateMemoryRequest {
            importance: Importance::Critical as i32,
            ..memory("A sad story")
        },
    )
    .await;
    create(&mut app, memory("Bought a new saddle")).await;
    create(
        &mut app,
        CreateMemoryRequest {
            tags: vec!["睡眠".into()],
            ..memory("Sleeps badly")
        },
    )
    .await;
    create(
        &mut app,
        CreateMemoryRequest {
            expire_time: at(-60),
            ..memory("sad but expired")
        },
    )
    .await;

    assert_eq!(search(&mut app, "抑郁").await, ["最近情绪低落，有抑郁倾向"]);
    assert_eq!(search(&mut app, "情绪 低落").await, ["最近情绪低落，有抑郁倾向"]);
    assert_eq!(search(&mut app, "睡眠").await, ["Sleeps badly"], "tags are searched");
    assert_eq!(
        search(&mut app, "SAD").await,
        ["Feeling sad today; sad again tonight", "A sad story"],
        "whole words only (not saddle), more occurrences first, expired never"
    );
    assert_eq!(
        search(&mut app, "sad story").await,
        ["A sad story"],
        "every word must match"
    );
    for hostile in [
        "\"",
        "*",
        "OR (",
        "'; DROP TABLE memories; --",
        "%",
        "_",
        "\\",
        "NEAR(a b)",
        "sad*",
        "a\"b",
        "",
    ] {
        let found = search(&mut app, hostile).await;
        assert!(found.len() <= 6, "{hostile:?} is just text: {found:?}");
    }
    assert_eq!(search(&mut app, "sad*").await.len(), 2, "sad* is the word sad");
    let filtered = SearchMemoriesRequest {
        query: "sad".into(),
        min_importance: Importance::High as i32,
        ..Default::default()
    };
    let hits = app.memories.search_memories(filtered).await.unwrap().into_inner().hits;
    assert_eq!(hits.len(), 1);
    assert!(hits[0].score > 0.0);
    let other_user = SearchMemoriesRequest {
        query: "sad".into(),
        user_id: "u2".into(),
        ..Default::default()
    };
    assert!(
        app.memories
            .search_memories(other_user)
            .await
            .unwrap()
            .into_inner()
            .hits
            .is_empty()
    );
}

async fn lists_filter_and_hide_expired_memories(backend: Backend) {
    let mut app = spawn_app(backend).await;
    let session = session_id(&mut app).await;
    create(
        &mut app,
        CreateMemoryRequest {
            session_id: session.clone(),
            ..memory("in session")
        },
    )
    .await;
    create(
        &mut app,
        CreateMemoryRequest {
            memory_type: "preference".into(),
            importance: Importance::Low as i32,
            ..memory("likes tea")
        },
    )
    .await;
    create(
        &mut app,
        CreateMemoryRequest {
            user_id: "u2".into(),
            ..memory("other user")
        },
    )
    .await;
    create(
        &mut app,
        CreateMemoryRequest {
            expire_time: at(-1),
            ..memory("gone")
        },
    )
    .await;
    let contents = |memories: Vec<Memory>| memories.into_iter().map(|m| m.content).collect::<Vec<_>>();
    let client = app.memories.clone();
    let list = |request: ListMemoriesRequest| {
        let mut client = client.clone();
        async move { contents(client.list_memories(request).await.unwrap().into_inner().memories) }
    };
    assert_eq!(
        list(ListMemoriesRequest::default()).await,
        ["other user", "likes tea", "in session"]
    );
    assert_eq!(
        list(ListMemoriesRequest {
            session_id: session.clone(),
            ..Default::default()
        })
        .await,
        ["in session"]
    );
    assert_eq!(
        list(ListMemoriesRequest {
            user_id: "u2".into(),
            ..Default::default()
        })
        .await,
        ["other user"]
    );
    assert_eq!(
        list(ListMemoriesRequest {
            memory_type: "preference".into(),
            ..Default::default()
        })
        .await,
        ["likes tea"]
    );
    assert_eq!(
        list(ListMemoriesRequest {
            min_importance: Importance::Medium as i32,
            ..Default::default()
        })
        .await
        .len(),
        2
    );
    let first = app
        .memories
        .list_memories(ListMemoriesRequest {
            page_size: 2,
            ..Default::default()
        })
        .await
        .unwrap()
        .into_inner();
    let rest = ListMemoriesRequest {
        page_size: 2,
        page_token: first.next_page_token,
        ..Default::default()
    };
    assert_eq!(list(rest).await, ["in session"]);

    let dry = app
        .memories
        .purge_expired_memories(PurgeExpiredMemoriesRequest { dry_run: true })
        .await
        .unwrap();
    assert_eq!(dry.into_inner().count, 1);
    let purged = app
        .memories
        .purge_expired_memories(PurgeExpiredMemoriesRequest { dry_run: false })
        .await
        .unwrap();
    assert_eq!(purged.into_inner().count, 1);
    let again = app
        .memories
        .purge_expired_memories(PurgeExpiredMemoriesRequest { dry_run: true })
        .await
        .unwrap();
    assert_eq!(again.into_inner().count, 0);

    app.sessions
        .delete_session(DeleteSessionRequest {
            id: session.clone(),
            etag: String::new(),
        })
        .await
        .unwrap();
    assert_eq!(
        list(ListMemoriesRequest::default()).await,
        ["other user", "likes tea"],
        "the session's memories went with it"
    );
}

async fn the_background_sweep_purges_expired_memories(backend: Backend) {
    let options = AppOptions {
        env: vec![("AGENTBASE_MEMORY_SWEEP_INTERVAL_MS".into(), "200".into())],
        ..Default::default()
    };
    let mut app = spawn_app_with(backend, options).await;
    create(
        &mut app,
        CreateMemoryRequest {
            expire_time: at(1),
            ..memory("short-lived")
        },
    )
    .await;
    create(&mut app, memory("kept")).await;
    // Past the expiry, nobody calls PurgeExpiredMemories: only the sweep can remove it.
    tokio::time::sleep(Duration::from_millis(1500)).await;
    let deadline = tokio::time::Instant::now() + Duration::from_secs(15);
    loop {
        let dry = app
            .memories
            .purge_expired_memories(PurgeExpiredMemoriesRequest { dry_run: true })
            .await
            .unwrap();
        if dry.into_inner().count == 0 {
            break;
        }
        assert!(tokio::time::Instant::now() < deadline, "the sweep did not purge");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let remaining = app
        .memories
        .list_memories(ListMemoriesRequest::default())
        .await
        .unwrap()
        .into_inner()
        .memories;
    assert_eq!(remaining.len(), 1, "unexpired memories stay");
}

/// Search ranks the first matches the engine hands over (docs/ARCHITECTURE.md):
/// relevance, then importance, then recency; the index follows updates and
/// deletes; a search is one statement, or two on PostgreSQL when matches are
/// few.
async fn search_ranks_from_the_index_and_follows_writes(backend: Backend) {
    let mut app = spawn_app(backend).await;
    let important = |content: &str, importance: Importance| CreateMemoryRequest {
        importance: importance as i32,
        ..memory(content)
    };
    create(&mut app, memory("tired")).await;
    let twice = create(&mut app, memory("tired and tired")).await;
    create(
        &mut app,
        important("tired, said the critical one", Importance::Critical),
    )
    .await;
    // The same text again, of another type: another memory (the same type would be answered by the first).
    create(
        &mut app,
        CreateMemoryRequest {
            memory_type: "observation".into(),
            ..memory("tired")
        },
    )
    .await;
    create(&mut app, memory("tired tired tired of work")).await;
    create(&mut app, memory("焦虑焦虑，睡眠质量差")).await;
    create(&mut app, memory("睡眠质量很好，不焦虑")).await;
    create(&mut app, memory("睡眠很差")).await;
    create(
        &mut app,
        CreateMemoryRequest {
            user_id: "u2".into(),
            ..memory("tired tired tired tired")
        },
    )
    .await;

    assert_eq!(
        ranked(&mut app, "tired", 3, "u1").await,
        [
            "tired tired tired of work",
            "tired and tired",
            "tired, said the critical one"
        ],
        "more occurrences first, then importance"
    );
    assert_eq!(
        ranked(&mut app, "tired", 0, "").await[0],
        "tired tired tired tired",
        "every user"
    );
    assert_eq!(
        ranked(&mut app, "tired", 0, "u1").await[3..],
        ["tired", "tired"],
        "then the newer"
    );
    assert_eq!(
        ranked(&mut app, "work tired", 0, "u1").await,
        ["tired tired tired of work"],
        "every term must match; the longest drives"
    );
    assert_eq!(
        ranked(&mut app, "焦虑", 0, "u1").await,
        ["焦虑焦虑，睡眠质量差", "睡眠质量很好，不焦虑"]
    );
    assert_eq!(ranked(&mut app, "虑", 0, "u1").await.len(), 2, "one character");
    assert_eq!(
        ranked(&mut app, "睡眠质量", 0, "u1").await,
        ["睡眠质量很好，不焦虑", "焦虑焦虑，睡眠质量差"],
        "a long substring: equal relevance, the newer first"
    );
    assert_eq!(
        ranked(&mut app, "焦虑 睡眠质量", 0, "u1").await,
        ["焦虑焦虑，睡眠质量差", "睡眠质量很好，不焦虑"],
        "relevance sums every term"
    );

    let promote = UpdateMemoryRequest {
        id: twice.id.clone(),
        importance: Importance::Critical as i32,
        content: "tired? no: rested".into(),
        update_mask: Some(FieldMask {
            paths: vec!["importance".into(), "content".into()],
        }),
        ..Default::default()
    };
    app.memories.update_memory(promote).await.unwrap();
    assert_eq!(
        ranked(&mut app, "tired", 3, "u1").await,
        [
            "tired tired tired of work",
            "tired, said the critical one",
            "tired? no: rested"
        ],
        "an update re-indexes content and importance"
    );
    assert_eq!(ranked(&mut app, "rested", 0, "u1").await, ["tired? no: rested"]);
    let retag = UpdateMemoryRequest {
        id: twice.id.clone(),
        memory_type: "note".into(),
        update_mask: Some(FieldMask {
            paths: vec!["memory_type".into()],
        }),
        ..Default::default()
    };
    app.memories.update_memory(retag).await.unwrap();
    assert_eq!(
        ranked(&mut app, "rested", 0, "u1").await,
        ["tired? no: rested"],
        "a patch that leaves the text alone keeps its index rows"
    );
    app.memories
        .delete_memory(DeleteMemoryRequest {
            id: twice.id.clone(),
            ..Default::default()
        })
        .await
        .unwrap();
    assert!(ranked(&mut app, "rested", 0, "u1").await.is_empty(), "deleted");

    // One FTS5 statement on SQLite. On PostgreSQL one when the first 8,000
    // memories of the scope hold a window of matches, else a second asks
    // the GIN index (here: two matches).
    let before = app.statements.get();
    ranked(&mut app, "焦虑 睡眠质量", 0, "u1").await;
    let expected = if backend.is_postgres() { 2 } else { 1 };
    assert_eq!(
        app.statements.get() - before,
        expected,
        "statements of one SearchMemories"
    );
}

backend_tests!(
    memories_are_created_read_updated_and_deleted,
    search_ranks_from_the_index_and_follows_writes,
    concurrent_reads_each_count,
    search_finds_chinese_substrings_and_english_words,
    lists_filter_and_hide_expired_memories,
    the_background_sweep_purges_expired_memories,
);

// Through PgBouncer in transaction mode too (docs/OPERATIONS.md, "Transaction pooling").
agentbase_testkit::pooled_tests!(
    memories_are_created_read_updated_and_deleted,
    search_ranks_from_the_index_and_follows_writes,
    concurrent_reads_each_count,
    the_background_sweep_purges_expired_memories
);
