//! Generated memory text that tests and the bench share: a fixed generator,
//! so that memory `i` is the same every run, and issue 31's adversarial notes.

/// splitmix64: a small, fixed generator.
pub struct Rng(pub u64);

impl Rng {
    /// The next 64 bits.
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number below `n`.
    pub fn below(&mut self, n: u64) -> u64 {
        self.next_u64() % n
    }

    /// True with probability `per_10000` / 10,000.
    pub fn chance(&mut self, per_10000: u64) -> bool {
        self.below(10_000) < per_10000
    }
}

/// The ten words of the adversarial notes.
pub const NOTE_WORDS: [&str; 10] = [
    "anxiety",
    "sleep",
    "work",
    "family",
    "exercise",
    "抑郁",
    "焦虑",
    "失眠",
    "工作压力",
    "家庭",
];

/// Adversarial note `i`: `note i: client mentions <w1> and <w2> 最近 <w3>`,
/// each `w` one of [`NOTE_WORDS`]. Every note holds `mentions` and 最近, each
/// word is in about a quarter of them, and two words together in a few per
/// cent: search shapes whose matches are all, many, or few and far apart.
pub fn adversarial_note(i: usize) -> String {
    let mut rng = Rng(i as u64 ^ 0x6E6F_7465);
    let mut word = || NOTE_WORDS[rng.below(NOTE_WORDS.len() as u64) as usize];
    let (w1, w2, w3) = (word(), word(), word());
    format!("note {i}: client mentions {w1} and {w2} 最近 {w3}")
}
