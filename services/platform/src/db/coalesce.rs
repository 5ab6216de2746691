//! Reads by key that arrive together share one statement.
//!
//! Under load most of a hot read's cost is per statement, not per row: the
//! round trip, the wake-ups on both sides of it, the executor's start-up
//! (docs/ARCHITECTURE.md). A caller leaves its key in a queue and either gets
//! its answer from a batch another caller is running or, once a turn is free,
//! runs one statement for every key waiting (its own among them). Nothing
//! waits for company: a caller that finds a free turn reads at once, alone if
//! nobody else is queued, so an idle service answers as fast as before.
//!
//! A batch that fails or is cancelled drops its waiters' answers, and each of
//! them then reads alone: the error a caller sees is always its own.
//!
//! A batch holds keys of one confinement only, its runner's (its tenant and
//! end user: `crate::tenant`): its statement runs confined as that caller
//! is, and so does what it reads.

use std::{collections::HashMap, hash::Hash, sync::Mutex};

use tokio::sync::{Semaphore, oneshot};

/// Batches reads of `V` by `K`, at most `turns` statements at once and at most
/// `max_batch` keys per statement.
pub struct Coalescer<K, V> {
    queue: Mutex<Vec<Waiting<K, V>>>,
    turns: Semaphore,
    max_batch: usize,
}

struct Waiting<K, V> {
    key: K,
    confinement: Option<std::sync::Arc<crate::tenant::Confinement>>,
    answer: oneshot::Sender<Option<V>>,
}

impl<K: Eq + Hash + Clone, V: Clone> Coalescer<K, V> {
    /// A coalescer running at most `turns` batches at once.
    pub fn new(turns: usize, max_batch: usize) -> Self {
        Self {
            queue: Mutex::new(Vec::new()),
            turns: Semaphore::new(turns.max(1)),
            max_batch: max_batch.max(1),
        }
    }

    /// The value of `key` (`None` when there is none): read by `many` together
    /// with the keys waiting beside it, or by `one` alone when the batch it
    /// was in failed.
    pub async fn get<E, Many, One>(
        &self,
        key: K,
        many: impl Fn(Vec<K>) -> Many,
        one: impl FnOnce(K) -> One,
    ) -> Result<Option<V>, E>
    where
        Many: Future<Output = Result<HashMap<K, V>, E>>,
        One: Future<Output = Result<Option<V>, E>>,
    {
        let (answer, mut answered) = oneshot::channel();
        let confinement = crate::tenant::confinement();
        self.lock().push(Waiting {
            key: key.clone(),
            confinement: confinement.clone(),
            answer,
        });
        loop {
            tokio::select! {
                biased;
                answer = &mut answered => {
                    return match answer {
                        Ok(value) => Ok(value),
                        Err(_) => one(key).await,
                    };
                }
                turn = self.turns.acquire() => {
                    let Ok(_turn) = turn else { return one(key).await };
                    let batch: Vec<Waiting<K, V>> = {
                        let mut queue = self.lock();
                        let (mut batch, mut others) = (Vec::new(), Vec::new());
                        for waiting in queue.drain(..) {
                            if batch.len() < self.max_batch && waiting.confinement == confinement {
                                batch.push(waiting);
                            } else {
                                others.push(waiting);
                            }
                        }
                        *queue = others;
                        batch
                    };
                    if batch.is_empty() {
                        // Our key is in a batch another caller is running.
                        continue;
                    }
                    let keys = batch.iter().map(|w| w.key.clone()).collect();
                    // On an error the batch's answers are dropped, ours with them:
                    // every waiter, this caller too, then reads alone.
                    if let Ok(mut values) = many(keys).await {
                        // A value is cloned only for a key asked for twice;
                        // its last asker takes it.
                        let mut askers: HashMap<&K, usize> = HashMap::new();
                        for waiting in &batch {
                            *askers.entry(&waiting.key).or_default() += 1;
                        }
                        let mut last = Vec::with_capacity(batch.len());
                        for waiting in &batch {
                            let left = askers.get_mut(&waiting.key).map_or(0, |n| {
                                *n -= 1;
                                *n
                            });
                            last.push(left == 0);
                        }
                        for (waiting, last) in batch.into_iter().zip(last) {
                            let value = if last {
                                values.remove(&waiting.key)
                            } else {
                                values.get(&waiting.key).cloned()
                            };
                            let _ = waiting.answer.send(value);
                        }
                    }
                }
            }
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Vec<Waiting<K, V>>> {
        self.queue.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use super::*;

    /// Batches of keys `many` was called with, and keys `one` was called with.
    #[derive(Default)]
    struct Calls {
        batches: Mutex<Vec<Vec<u32>>>,
        alone: Mutex<Vec<u32>>,
    }

    async fn wait_until_queued(coalescer: &Coalescer<u32, String>, count: usize) {
        while coalescer.lock().len() < count {
            tokio::task::yield_now().await;
        }
    }

    /// Spawns a caller of `key` whose batches fail when `fail` is set and
    /// wait for `gate` (when given) before answering.
    fn caller(
        coalescer: &Arc<Coalescer<u32, String>>,
        calls: &Arc<Calls>,
        key: u32,
        gate: Option<Arc<tokio::sync::Notify>>,
        fail: bool,
    ) -> tokio::task::JoinHandle<Result<Option<String>, &'static str>> {
        let (coalescer, calls) = (coalescer.clone(), calls.clone());
        tokio::spawn(async move {
            coalescer
                .get(
                    key,
                    |keys: Vec<u32>| {
                        let (calls, gate) = (calls.clone(), gate.clone());
                        async move {
                            calls.batches.lock().unwrap().push(keys.clone());
                            if let Some(gate) = gate {
                                gate.notified().await;
                            }
                            if fail {
                                return Err("the batch failed");
                            }
                            // Odd keys have no value.
                            Ok(keys
                                .into_iter()
                                .filter(|k| k % 2 == 0)
                                .map(|k| (k, format!("v{k}")))
                                .collect())
                        }
                    },
                    |key| {
                        let calls = calls.clone();
                        async move {
                            calls.alone.lock().unwrap().push(key);
                            Ok((key % 2 == 0).then(|| format!("alone {key}")))
                        }
                    },
                )
                .await
        })
    }

    type Answer = tokio::task::JoinHandle<Result<Option<String>, &'static str>>;

    /// Key 0 leads a batch that waits until keys `1..queued + 1` are queued
    /// behind it, then answers; every batch fails when `fail` is set.
    async fn leader_and_queue(
        coalescer: &Arc<Coalescer<u32, String>>,
        calls: &Arc<Calls>,
        queued: u32,
        fail: bool,
    ) -> (Answer, Vec<Answer>) {
        let gate = Arc::new(tokio::sync::Notify::new());
        let first = caller(coalescer, calls, 0, Some(gate.clone()), fail);
        while calls.batches.lock().unwrap().is_empty() {
            tokio::task::yield_now().await;
        }
        let rest = (1..=queued)
            .map(|key| caller(coalescer, calls, key, None, fail))
            .collect();
        wait_until_queued(coalescer, queued as usize).await;
        gate.notify_one();
        (first, rest)
    }

    #[tokio::test]
    async fn callers_waiting_for_a_turn_share_one_batch() {
        let coalescer = Arc::new(Coalescer::new(1, 64));
        let calls = Arc::new(Calls::default());
        let (first, rest) = leader_and_queue(&coalescer, &calls, 9, false).await;
        assert_eq!(first.await.unwrap(), Ok(Some("v0".into())));
        for (key, answer) in (1..10).zip(rest) {
            let expected = (key % 2 == 0).then(|| format!("v{key}"));
            assert_eq!(answer.await.unwrap(), Ok(expected), "key {key}");
        }
        assert_eq!(
            *calls.batches.lock().unwrap(),
            vec![vec![0], (1..10).collect::<Vec<_>>()]
        );
        assert!(calls.alone.lock().unwrap().is_empty());
    }

    #[tokio::test]
    async fn every_caller_of_a_key_asked_twice_gets_its_value() {
        let coalescer = Arc::new(Coalescer::new(1, 64));
        let calls = Arc::new(Calls::default());
        let gate = Arc::new(tokio::sync::Notify::new());
        let first = caller(&coalescer, &calls, 0, Some(gate.clone()), false);
        while calls.batches.lock().unwrap().is_empty() {
            tokio::task::yield_now().await;
        }
        let rest: Vec<(u32, Answer)> = [2, 3, 2, 2, 3]
            .into_iter()
            .map(|key| (key, caller(&coalescer, &calls, key, None, false)))
            .collect();
        wait_until_queued(&coalescer, 5).await;
        gate.notify_one();
        assert_eq!(first.await.unwrap(), Ok(Some("v0".into())));
        for (key, answer) in rest {
            let expected = (key % 2 == 0).then(|| format!("v{key}"));
            assert_eq!(answer.await.unwrap(), Ok(expected), "key {key}");
        }
        assert_eq!(calls.batches.lock().unwrap().len(), 2, "one batch after the leader's");
    }

    #[tokio::test]
    async fn a_batch_holds_keys_of_its_runners_confinement_only() {
        let coalescer = Arc::new(Coalescer::new(1, 64));
        let calls = Arc::new(Calls::default());
        let gate = Arc::new(tokio::sync::Notify::new());
        let first = caller(&coalescer, &calls, 0, Some(gate.clone()), false);
        while calls.batches.lock().unwrap().is_empty() {
            tokio::task::yield_now().await;
        }
        // Keys below 5 are tenant a's, 5 to 9 tenant b's, 10 and up those of
        // tenant a's end user u.
        let of_tenant = |key: u32, tenant: &'static str, end_user: Option<&'static str>| {
            let (coalescer, calls) = (coalescer.clone(), calls.clone());
            let confinement = crate::tenant::Confinement {
                tenant: tenant.into(),
                end_user: end_user.map(Into::into),
            };
            tokio::spawn(crate::tenant::within_confinement(confinement, async move {
                coalescer
                    .get(
                        key,
                        |keys: Vec<u32>| {
                            let calls = calls.clone();
                            async move {
                                let (tenant, user) = (crate::tenant::current(), crate::tenant::end_user());
                                assert!(
                                    keys.iter().all(|k| (*k < 5) == (tenant == "a" && user.is_none())
                                        && (*k >= 10) == user.is_some()),
                                    "{tenant} {user:?}: {keys:?}"
                                );
                                calls.batches.lock().unwrap().push(keys.clone());
                                Ok::<_, &'static str>(keys.into_iter().map(|k| (k, format!("v{k}"))).collect())
                            }
                        },
                        |key| async move { Ok(Some(format!("alone {key}"))) },
                    )
                    .await
            }))
        };
        let answers: Vec<(u32, Answer)> = [
            (1, "a", None),
            (6, "b", None),
            (11, "a", Some("u")),
            (2, "a", None),
            (7, "b", None),
            (12, "a", Some("u")),
        ]
        .into_iter()
        .map(|(key, tenant, user)| (key, of_tenant(key, tenant, user)))
        .collect();
        wait_until_queued(&coalescer, 6).await;
        gate.notify_one();
        first.await.unwrap().unwrap();
        for (key, answer) in answers {
            assert_eq!(answer.await.unwrap(), Ok(Some(format!("v{key}"))), "key {key}");
        }
        let batches = calls.batches.lock().unwrap().clone();
        assert_eq!(
            batches.len(),
            4,
            "the leader's, then one per tenant and end user: {batches:?}"
        );
    }

    #[tokio::test]
    async fn batches_are_capped() {
        let coalescer = Arc::new(Coalescer::new(1, 4));
        let calls = Arc::new(Calls::default());
        let (first, rest) = leader_and_queue(&coalescer, &calls, 9, false).await;
        first.await.unwrap().unwrap();
        for answer in rest {
            answer.await.unwrap().unwrap();
        }
        let batches = calls.batches.lock().unwrap();
        assert!(batches.iter().all(|batch| batch.len() <= 4), "{batches:?}");
        let mut keys: Vec<u32> = batches.iter().flatten().copied().collect();
        keys.sort_unstable();
        assert_eq!(keys, (0..10).collect::<Vec<_>>(), "each key read once");
    }

    #[tokio::test]
    async fn a_failed_batch_sends_each_caller_to_read_alone() {
        let coalescer = Arc::new(Coalescer::new(1, 64));
        let calls = Arc::new(Calls::default());
        // Queued behind the failing batch, the others are taken by the next
        // leader, whose batch also fails.
        let (failing, rest) = leader_and_queue(&coalescer, &calls, 3, true).await;
        assert_eq!(failing.await.unwrap(), Ok(Some("alone 0".into())));
        for (key, answer) in (1..4).zip(rest) {
            let expected = (key % 2 == 0).then(|| format!("alone {key}"));
            assert_eq!(answer.await.unwrap(), Ok(expected), "key {key}");
        }
        let mut alone = calls.alone.lock().unwrap().clone();
        alone.sort_unstable();
        assert_eq!(alone, vec![0, 1, 2, 3]);
    }

    #[tokio::test]
    async fn a_cancelled_leader_sends_its_batch_to_read_alone() {
        let coalescer = Arc::new(Coalescer::new(1, 64));
        let calls = Arc::new(Calls::default());
        let never = Arc::new(tokio::sync::Notify::new());
        let leader = caller(&coalescer, &calls, 0, Some(never), false);
        while calls.batches.lock().unwrap().is_empty() {
            tokio::task::yield_now().await;
        }
        let second = caller(&coalescer, &calls, 2, Some(Arc::new(tokio::sync::Notify::new())), false);
        let third = caller(&coalescer, &calls, 4, None, false);
        wait_until_queued(&coalescer, 2).await;
        leader.abort();
        let _ = leader.await;
        // The second caller now leads a batch of 2 and 4; cancel it mid-way too.
        while calls.batches.lock().unwrap().len() < 2 {
            tokio::task::yield_now().await;
        }
        second.abort();
        let _ = second.await;
        assert_eq!(third.await.unwrap(), Ok(Some("alone 4".into())));
        assert_eq!(*calls.batches.lock().unwrap(), vec![vec![0], vec![2, 4]]);
        assert_eq!(*calls.alone.lock().unwrap(), vec![4]);
    }
}
