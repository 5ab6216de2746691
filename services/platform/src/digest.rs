//! SHA-256 digests in lower-case hex: content hashes, request fingerprints
//! and page-token filter fingerprints all come from here.

use sha2::{Digest as _, Sha256};

/// A SHA-256 over a sequence of parts, each prefixed by its length, so the
/// parts ("ab", "c") and ("a", "bc") never digest alike.
#[derive(Clone, Default)]
pub struct Parts(Sha256);

impl Parts {
    /// An empty digest.
    pub fn new() -> Self {
        Self::default()
    }

    /// The digest of every one of `parts`, in order.
    pub fn of(parts: &[&str]) -> Self {
        let mut digest = Self::new();
        for part in parts {
            digest.part(part);
        }
        digest
    }

    /// Adds one part.
    pub fn part(&mut self, part: &str) -> &mut Self {
        self.0.update((part.len() as u64).to_le_bytes());
        self.0.update(part.as_bytes());
        self
    }

    /// The digest in hex.
    pub fn hex(self) -> String {
        hex(&self.finish())
    }

    /// The digest.
    pub fn finish(self) -> [u8; 32] {
        self.0.finalize().into()
    }
}

/// The digest of `parts` (see [`Parts`]) in hex.
pub fn of_parts(parts: &[&str]) -> String {
    Parts::of(parts).hex()
}

/// A short fingerprint of `parts`: what must not change between the pages of
/// a list, or between the retries of a create.
pub fn fingerprint(parts: &[&str]) -> String {
    let mut digest = of_parts(parts);
    digest.truncate(16);
    digest
}

/// SHA-256 of `bytes`.
pub fn sha256(bytes: &[u8]) -> [u8; 32] {
    Sha256::digest(bytes).into()
}

/// Hex SHA-256 of `bytes`.
pub fn sha256_hex(bytes: &[u8]) -> String {
    hex(&Sha256::digest(bytes))
}

/// Lower-case hex of `bytes`.
pub fn hex(bytes: &[u8]) -> String {
    use std::fmt::Write;
    bytes.iter().fold(String::with_capacity(bytes.len() * 2), |mut s, b| {
        let _ = write!(s, "{b:02x}");
        s
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parts_are_length_prefixed() {
        assert_ne!(of_parts(&["ab", "c"]), of_parts(&["a", "bc"]));
        assert_eq!(of_parts(&["x"]).len(), 64);
        assert_eq!(
            sha256_hex(b""),
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
        );
    }
}
