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

use std::sync::{
    Arc,
    atomic::{AtomicUsize, Ordering},
};

use agentbase_proto::sessions::v1::{
    CreateMemoryRequest, SearchMemoriesRequest, memory_service_client::MemoryServiceClient,
};
use agentbase_sessions::domain::memory::{relevance, search_text, terms};
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
}

impl Corpus {
    pub fn total(&self) -> usize {
        self.users * self.per_user + self.heavy
    }

    fn owner(&self, memory: usize) -> Owner {
        if memory < self.heavy {
            Owner::Heavy
        } else {
            Owner::User((memory - self.heavy) / self.per_user)
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Owner {
    Heavy,
    User(usize),
}

impl Owner {
    fn user_id(self) -> String {
        match self {
            Self::Heavy => "heavy".into(),
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

/// splitmix64: a small, fixed generator so that memory `i` is the same every run.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }

    /// True with probability `per_10000` / 10,000.
    fn chance(&mut self, per_10000: u64) -> bool {
        self.below(10_000) < per_10000
    }
}

/// The content and importance (1–4) of memory `i`.
fn generate(i: usize) -> (String, i32) {
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
pub async fn seed(channel: &Channel, corpus: Corpus) -> Result<Seeded, tonic::Status> {
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
                    let (content, importance) = generate(i);
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
    let memories = std::mem::take(&mut *created.lock().await);
    Ok(Seeded { corpus, memories })
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
const CHECKED_QUERIES: [&str; 7] = [
    "tired",
    "焦虑",
    "w977",
    "鹦鹉",
    "睡眠质量",
    "tired work",
    "焦虑 睡眠质量",
];

/// How often the service's top hit was the brute-force ranking's top hit.
pub struct Quality {
    pub checked: usize,
    pub equal: usize,
    pub differing: Vec<String>,
}

/// Compares the service's top hit with a brute-force ranking of the whole
/// corpus (relevance, importance, newer id) for every checked query, for
/// everyone, the heavy user and three ordinary users.
pub async fn quality(channel: &Channel, seeded: &Seeded) -> Result<Quality, tonic::Status> {
    let mut memories = MemoryServiceClient::new(channel.clone());
    let mut owners = vec![None, Some(Owner::Heavy)];
    owners.extend((0..3).map(|k| Some(Owner::User(k * seeded.corpus.users / 3))));
    let mut quality = Quality {
        checked: 0,
        equal: 0,
        differing: Vec::new(),
    };
    for owner in owners {
        for query in CHECKED_QUERIES {
            let terms = terms(query);
            let best = seeded
                .memories
                .iter()
                .enumerate()
                .filter(|(i, _)| owner.is_none_or(|o| seeded.corpus.owner(*i) == o))
                .filter_map(|(_, m)| {
                    let text = &m.search_text;
                    terms
                        .iter()
                        .all(|t| text.contains(&t.needle))
                        .then(|| (relevance(text, &terms), m.importance_rank, m.id))
                })
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
