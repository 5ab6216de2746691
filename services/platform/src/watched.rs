//! A value built from files that Kubernetes may replace in place (mounted
//! Secrets): it is rebuilt when one of its files changes, checked at most
//! once a second, and a change that does not build (a half-written
//! rotation) keeps the last good value.
//!
//! A change is a change of content: each check reads the files (keys and
//! certificates, a few KiB) and compares their digest. Modification times
//! alone miss a swap that keeps them (`cp -p`, `rsync -t`, archives with
//! fixed times) and sizes miss a same-length key.

use std::{
    fmt::Display,
    path::PathBuf,
    sync::{Mutex, PoisonError},
    time::{Duration, Instant},
};

/// How often the files are checked for changes.
const CHECK_INTERVAL: Duration = Duration::from_secs(1);

/// A value and the files it was built from.
pub struct Watched<T> {
    what: &'static str,
    files: Vec<PathBuf>,
    state: Mutex<State<T>>,
}

struct State<T> {
    value: T,
    stamps: Vec<Option<[u8; 32]>>,
    checked: Instant,
}

impl<T: Clone> Watched<T> {
    /// `value`, built just now from `files`; `what` names it in logs.
    pub fn new(what: &'static str, files: Vec<PathBuf>, value: T) -> Self {
        let stamps = stamps(&files);
        Self {
            what,
            files,
            state: Mutex::new(State {
                value,
                stamps,
                checked: Instant::now(),
            }),
        }
    }

    /// The current value, rebuilt with `build` first when a file changed;
    /// whether it was rebuilt.
    pub fn current<E: Display>(&self, build: impl FnOnce() -> Result<T, E>) -> (T, bool) {
        // Each field is replaced whole, so a panic elsewhere cannot leave it half-updated.
        let mut state = self.state.lock().unwrap_or_else(PoisonError::into_inner);
        let mut rebuilt = false;
        if state.checked.elapsed() >= CHECK_INTERVAL {
            state.checked = Instant::now();
            let now = stamps(&self.files);
            if now != state.stamps {
                match build() {
                    Ok(value) => {
                        tracing::info!(what = self.what, "files changed; reloaded");
                        state.value = value;
                        state.stamps = now;
                        rebuilt = true;
                    }
                    Err(err) => {
                        tracing::warn!(what = self.what, error = %err, "files changed but do not load; keeping the last good ones")
                    }
                }
            }
        }
        (state.value.clone(), rebuilt)
    }
}

/// The digest of each file's content; `None` for a file that cannot be read.
fn stamps(files: &[PathBuf]) -> Vec<Option<[u8; 32]>> {
    files
        .iter()
        .map(|path| std::fs::read(path).ok().map(|bytes| crate::digest::sha256(&bytes)))
        .collect()
}
