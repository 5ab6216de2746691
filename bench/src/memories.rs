//! The memory-search workloads: a corpus of users' memories seeded through
//! CreateMemory, queries of high and low frequency in English and Chinese,
//! and a check that the service's top hit is a brute-force ranking's top hit.
//!
//! Memory `i` is generated from `i` alone. Four in five are English: eight to
//! sixteen words, each a common word or a rare one (`w` and a Zipf-distributed
//! rank up to 50,000), with `tired` in about a third of them (27% of all
//! memories, as in the measurement). One in five is Chinese: four to
//! eight common two-character words, with 焦虑 in about 27% of them and 鹦鹉
//! in about 0.05%.
//!
//! A second heavy user, `notes`, holds the adversarial corpus of issue 31:
//! every memory `note N: client mentions <w1> and <w2> 最近 <w3>`, each `w`
//! one of ten English words and Chinese phrases. Every memory holds
//! `mentions` and 最近, each word of the ten is in about a quarter of them,
//! and two of them together in a few per cent: the shapes whose matches are
//! all, many, or few and far apart.

use std::sync::{
    Arc,
    atomic::{AtomicUsize, Ordering},
};

use agentbase_proto::sessions::v1::{
    CreateMemoryRequest, SearchMemoriesRequest, memory_service_client::MemoryServiceClient,
};
use agentbase_sessions::domain::memory::{CANDIDATE_WINDOW, relevance, search_text, terms};
use agentbase_testkit::corpus::{Rng, adversarial_note};
use tokio::sync::Mutex;
use tonic::transport::Channel;
use uuid::Uuid;

use crate::{load::Call, server::Connections};

/// How many memories a server is seeded with.
#[derive(Debug, Clone, Copy)]
pub struct Corpus {
    pub users: usize,
    pub per_user: usize,
    /// Memories of the one heavy user.
    pub heavy: usize,
    /// Memories of the adversarial user `notes`.
    pub notes: usize,
}

impl Corpus {
    pub fn total(&self) -> usize {
        self.users * self.per_user + self.heavy + self.notes
    }

    fn owner(&self, memory: usize) -> Owner {
        if memory < self.heavy {
            Owner::Heavy
        } else if memory < self.heavy + self.notes {
            Owner::Notes
        } else {
            Owner::User((memory - self.heavy - self.notes) / self.per_user)
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Owner {
    Heavy,
    Notes,
    User(usize),
}

impl Owner {
    fn user_id(self) -> String {
        match self {
            Self::Heavy => "heavy".into(),
            Self::Notes => "notes".into(),
            Self::User(n) => format!("user{n}"),
        }
    }
}

/// Whose memories a search looks in.
#[derive(Debug, Clone, Copy)]
pub enum Scope {
    /// A different ordinary user each call.
    PerUser,
    HeavyUser,
    /// The adversarial user.
    NotesUser,
    Everyone,
}

/// What the seeding stored, kept for the brute-force check.
pub struct Seeded {
    corpus: Corpus,
    /// By memory index.
    memories: Vec<SeededMemory>,
}

#[derive(Clone, Default)]
struct SeededMemory {
    id: Uuid,
    importance_rank: i16,
    search_text: String,
    /// Its place in the order the service stored memories (`search_seq`),
    /// read back from the database after seeding.
    seq: i64,
}

/// Concurrent CreateMemory calls while seeding.
const SEEDERS: usize = 64;

const COMMON_WORDS: [&str; 24] = [
    "feel", "work", "sleep", "family", "today", "anxious", "friend", "talk", "better", "week", "night", "mother",
    "stress", "walk", "happy", "school", "money", "worry", "doctor", "food", "again", "morning", "calm", "hard",
];

const CHINESE_WORDS: [&str; 16] = [
    "睡眠", "情绪", "工作", "压力", "家人", "朋友", "学习", "失眠", "开心", "难过", "担心", "孤独", "运动", "饮食",
    "医生", "质量",
];

/// The content and importance (1–4) of memory `i` of `corpus`.
fn generate(corpus: &Corpus, i: usize) -> (String, i32) {
    if corpus.owner(i) == Owner::Notes {
        return (adversarial_note(i), 1 + (i % 4) as i32);
    }
    let mut rng = Rng(i as u64);
    let importance = 1 + rng.below(4) as i32;
    let mut words: Vec<String> = Vec::new();
    if rng.below(5) > 0 {
        for _ in 0..8 + rng.below(9) {
            if rng.below(2) == 0 {
                words.push(COMMON_WORDS[rng.below(COMMON_WORDS.len() as u64) as usize].into());
            } else {
                // exp(u · ln 50,000) is Zipf-like: rank r drawn with probability ∝ 1/r.
                let u = rng.below(1_000_000) as f64 / 1_000_000.0;
                words.push(format!("w{}", (u * 50_000f64.ln()).exp() as u64));
            }
        }
        if rng.chance(3_375) {
            for _ in 0..1 + rng.below(3) {
                let at = rng.below(words.len() as u64 + 1) as usize;
                words.insert(at, "tired".into());
            }
        }
        return (words.join(" "), importance);
    }
    for _ in 0..4 + rng.below(5) {
        words.push(CHINESE_WORDS[rng.below(CHINESE_WORDS.len() as u64) as usize].into());
    }
    if rng.chance(2_700) {
        let at = rng.below(words.len() as u64 + 1) as usize;
        words.insert(at, "焦虑".into());
    }
    if rng.chance(5) {
        words.push("鹦鹉".into());
    }
    // Chinese runs on without spaces; a comma now and then splits it.
    let joiner = if rng.below(2) == 0 { "" } else { "，" };
    (words.join(joiner), importance)
}

/// Seeds `corpus` through CreateMemory.
pub async fn seed(channel: &Channel, corpus: Corpus, storage: &Store) -> Result<Seeded, tonic::Status> {
    let total = corpus.total();
    let next = Arc::new(AtomicUsize::new(0));
    let created = Arc::new(Mutex::new(vec![SeededMemory::default(); total]));
    let started = std::time::Instant::now();
    let workers: Vec<_> = (0..SEEDERS)
        .map(|_| {
            let mut memories = MemoryServiceClient::new(channel.clone());
            let (next, created) = (Arc::clone(&next), Arc::clone(&created));
            tokio::spawn(async move {
                loop {
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    if i >= total {
                        return Ok::<_, tonic::Status>(());
                    }
                    let (content, importance) = generate(&corpus, i);
                    let search_text = search_text(&content, &[]);
                    let memory = memories
                        .create_memory(CreateMemoryRequest {
                            user_id: corpus.owner(i).user_id(),
                            memory_type: "fact".into(),
                            content,
                            importance,
                            ..Default::default()
                        })
                        .await?
                        .into_inner();
                    let id = Uuid::parse_str(&memory.id).map_err(|e| tonic::Status::internal(e.to_string()))?;
                    // A create of content the user already has answers that
                    // memory, with the importance it was stored with.
                    created.lock().await[i] = SeededMemory {
                        id,
                        importance_rank: memory.importance as i16,
                        search_text,
                        seq: 0,
                    };
                    if i % 100_000 == 0 && i > 0 {
                        eprintln!("seeded {i} memories in {:.0?}", started.elapsed());
                    }
                }
            })
        })
        .collect();
    for worker in workers {
        worker.await.map_err(|e| tonic::Status::internal(e.to_string()))??;
    }
    eprintln!("seeded {total} memories in {:.0?}", started.elapsed());
    let mut memories = std::mem::take(&mut *created.lock().await);
    let places = stored_order(storage).await.map_err(tonic::Status::internal)?;
    for memory in &mut memories {
        memory.seq = places.get(&memory.id).copied().unwrap_or_default();
    }
    Ok(Seeded { corpus, memories })
}

/// Where the memories' store is, to read back the order it stored them in.
#[derive(Debug, Clone)]
pub enum Store {
    Sqlite(std::path::PathBuf),
    Postgres(String),
}

/// Each memory's place in the order the service stored them (`search_seq`):
/// what the brute-force ranking needs beside what the API answers.
async fn stored_order(store: &Store) -> Result<std::collections::HashMap<Uuid, i64>, String> {
    use sea_orm::{ConnectionTrait, Statement};
    let (url, table) = match store {
        Store::Sqlite(dir) => (
            format!("sqlite://{}?mode=ro", dir.join("sessions.db").display()),
            "memories",
        ),
        Store::Postgres(url) => (url.clone(), "sessions.memories"),
    };
    let db = sea_orm::Database::connect(url).await.map_err(|e| e.to_string())?;
    let rows = db
        .query_all_raw(Statement::from_string(
            db.get_database_backend(),
            format!("SELECT id, search_seq FROM {table}"),
        ))
        .await
        .map_err(|e| e.to_string())?;
    let mut places = std::collections::HashMap::with_capacity(rows.len());
    for row in rows {
        let id: Uuid = row.try_get("", "id").map_err(|e| e.to_string())?;
        let seq: i64 = row.try_get("", "search_seq").map_err(|e| e.to_string())?;
        places.insert(id, seq);
    }
    db.close().await.ok();
    Ok(places)
}

/// SearchMemories over `scope`, the queries taken in turn.
pub fn search_call(connections: &Connections, seeded: &Seeded, scope: Scope, queries: &'static [&'static str]) -> Call {
    let connections = connections.clone();
    let turn = Arc::new(AtomicUsize::new(0));
    let users = seeded.corpus.users;
    Arc::new(move |worker| {
        let mut memories = MemoryServiceClient::new(connections.of(worker));
        let n = turn.fetch_add(1, Ordering::Relaxed);
        let user_id = match scope {
            Scope::PerUser => Owner::User(n.wrapping_mul(7919) % users.max(1)).user_id(),
            Scope::HeavyUser => Owner::Heavy.user_id(),
            Scope::NotesUser => Owner::Notes.user_id(),
            Scope::Everyone => String::new(),
        };
        let request = SearchMemoriesRequest {
            query: queries[n % queries.len()].into(),
            user_id,
            ..Default::default()
        };
        Box::pin(async move { memories.search_memories(request).await.map(|_| ()) })
    })
}

/// Queries the quality check asks in every scope.
const CHECKED_QUERIES: [&str; 14] = [
    "tired",
    "焦虑",
    "w977",
    "鹦鹉",
    "睡眠质量",
    "tired work",
    "焦虑 睡眠质量",
    "工作压力",
    "mentions",
    "sleep family",
    "note client mentions 最近",
    "失眠 工作压力",
    "抑郁焦虑失眠工作压力家庭",
    "anxiety sleep work family exercise 抑郁 焦虑 失眠 工作压力 家庭",
];

/// How often the service's top hit was the brute-force ranking's top hit.
pub struct Quality {
    pub checked: usize,
    pub equal: usize,
    pub differing: Vec<String>,
}

/// Compares the service's top hit with a brute-force ranking of the whole
/// corpus by the documented order (docs/ARCHITECTURE.md, "Memory search"):
/// of the memories holding every term, the first `CANDIDATE_WINDOW` most
/// important then latest stored, the best by relevance, importance, newer
/// id. For every checked query, for everyone, both heavy users and three
/// ordinary users.
pub async fn quality(channel: &Channel, seeded: &Seeded) -> Result<Quality, tonic::Status> {
    let mut memories = MemoryServiceClient::new(channel.clone());
    let mut owners = vec![None, Some(Owner::Heavy), Some(Owner::Notes)];
    owners.extend((0..3).map(|k| Some(Owner::User(k * seeded.corpus.users / 3))));
    let mut quality = Quality {
        checked: 0,
        equal: 0,
        differing: Vec::new(),
    };
    for owner in owners {
        for query in CHECKED_QUERIES {
            let terms = terms(query);
            let mut matches: Vec<&SeededMemory> = seeded
                .memories
                .iter()
                .enumerate()
                .filter(|(i, _)| owner.is_none_or(|o| seeded.corpus.owner(*i) == o))
                .map(|(_, m)| m)
                .filter(|m| terms.iter().all(|t| m.search_text.contains(&t.needle)))
                .collect();
            matches.sort_by_key(|m| std::cmp::Reverse((m.importance_rank, m.seq)));
            matches.truncate(CANDIDATE_WINDOW as usize);
            let best = matches
                .iter()
                .map(|m| (relevance(&m.search_text, &terms), m.importance_rank, m.id))
                .max()
                .map(|(_, _, id)| id.to_string());
            let answer = memories
                .search_memories(SearchMemoriesRequest {
                    query: query.into(),
                    page_size: 1,
                    user_id: owner.map(Owner::user_id).unwrap_or_default(),
                    ..Default::default()
                })
                .await?
                .into_inner();
            let top = answer
                .hits
                .first()
                .and_then(|h| h.memory.as_ref())
                .map(|m| m.id.clone());
            quality.checked += 1;
            if top == best {
                quality.equal += 1;
            } else {
                let scope = owner.map_or_else(|| "everyone".into(), Owner::user_id);
                quality.differing.push(format!("{query:?} for {scope}"));
            }
        }
    }
    Ok(quality)
}
