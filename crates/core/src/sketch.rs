//! A text's MinHash sketch: a fixed-size summary of its word 5-gram shingles from which
//! the Jaccard similarity of two texts can be estimated, so near copies of one story (a
//! wire story under another headline, trimmed, with a dateline and a credit added) are
//! found without keeping the texts.
//!
//! The sketch is one-permutation hashing with optimal densification: each shingle's hash
//! picks one of [`SKETCH_LEN`] bins and the bin keeps its smallest value, one hash per
//! shingle instead of one per shingle and bin (classic MinHash with 64 hash functions cost
//! about 45 µs on a 1,000-word article; this costs a few). A bin no shingle fell into
//! borrows the value of another bin, chosen by a hash of the bin number and the attempt
//! alone, so two texts borrow alike and equal bins still estimate the Jaccard similarity.
//!
//! Words are compared case-blind and without punctuation, so "Kyiv," and "kyiv" are one
//! word; shingles span line and paragraph breaks, since a copy re-wraps them.

/// Bins in a sketch. 64 gives a similarity estimate within about ±0.06 (one standard
/// deviation at a similarity of 0.5) for 256 bytes per article.
pub const SKETCH_LEN: usize = 64;

/// Words per shingle: five, the usual choice for near-duplicate news (shorter shingles make
/// stories on one topic look alike; longer ones let one edited word hide a whole run).
pub const SHINGLE_WORDS: usize = 5;

/// The sketch of a text. [`Sketch::EMPTY`] for a text without words.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Sketch(pub [u32; SKETCH_LEN]);

impl Sketch {
    /// The sketch of a text without words: similar to nothing, itself included.
    pub const EMPTY: Sketch = Sketch([u32::MAX; SKETCH_LEN]);

    /// The sketch of `text`'s word shingles; a text shorter than a shingle is one shingle.
    pub fn of(text: &str) -> Sketch {
        let mut window = [0u64; SHINGLE_WORDS];
        let mut words = 0usize;
        let mut bins = [u32::MAX; SKETCH_LEN];
        let mut filled = 0u64;
        for word in words_of(text) {
            window[words % SHINGLE_WORDS] = word;
            words += 1;
            if words >= SHINGLE_WORDS {
                add(&mut bins, &mut filled, shingle(&window, words));
            }
        }
        if words == 0 {
            return Sketch::EMPTY;
        }
        if words < SHINGLE_WORDS {
            add(&mut bins, &mut filled, shingle(&window[..words], words));
        }
        densify(&mut bins, filled);
        Sketch(bins)
    }

    pub fn is_empty(&self) -> bool {
        *self == Sketch::EMPTY
    }

    /// The estimated Jaccard similarity of the two texts' shingle sets: the share of bins
    /// that agree. 0 when either text had no words.
    pub fn similarity(&self, other: &Sketch) -> f64 {
        if self.is_empty() || other.is_empty() {
            return 0.0;
        }
        let same = self.0.iter().zip(&other.0).filter(|(a, b)| a == b).count();
        same as f64 / SKETCH_LEN as f64
    }
}

/// Hashes of the text's words, lowercased, letters and digits only.
fn words_of(text: &str) -> impl Iterator<Item = u64> + '_ {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(|w| {
            // FNV-1a over the lowercased characters: cheap, and mixed again per shingle.
            let mut h = 0xcbf2_9ce4_8422_2325u64;
            for c in w.chars().flat_map(char::to_lowercase) {
                h = (h ^ c as u64).wrapping_mul(0x0100_0000_01b3);
            }
            h
        })
}

/// The hash of the shingle whose last word is number `end` (1-based) of the text, from the
/// ring `window` of word hashes; the words are combined in text order.
fn shingle(window: &[u64], end: usize) -> u64 {
    let n = window.len();
    let mut h = 0u64;
    for i in 0..n {
        let w = window[(end + i) % n];
        h = (h.rotate_left(23) ^ w).wrapping_mul(0x9E37_79B9_7F4A_7C15);
    }
    mix(h)
}

fn add(bins: &mut [u32; SKETCH_LEN], filled: &mut u64, h: u64) {
    let bin = (h >> 58) as usize;
    let value = h as u32;
    if value < bins[bin] {
        bins[bin] = value;
    }
    *filled |= 1 << bin;
}

/// Fills each empty bin from a non-empty one, probed in an order fixed by the bin's number,
/// so that two texts fill the same empty bin from the same place.
fn densify(bins: &mut [u32; SKETCH_LEN], filled: u64) {
    if filled == u64::MAX {
        return;
    }
    let source = *bins;
    for (i, bin) in bins.iter_mut().enumerate() {
        if filled & (1 << i) != 0 {
            continue;
        }
        for attempt in 1u64.. {
            let j = (mix(((i as u64) << 32) | attempt) >> 58) as usize;
            if filled & (1 << j) != 0 {
                *bin = source[j];
                break;
            }
        }
    }
}

/// splitmix64's finaliser: spreads every input bit over the output.
fn mix(mut z: u64) -> u64 {
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn exact_jaccard(a: &str, b: &str) -> f64 {
        let set = |t: &str| {
            let words: Vec<String> = t
                .split(|c: char| !c.is_alphanumeric())
                .filter(|w| !w.is_empty())
                .map(str::to_lowercase)
                .collect();
            words
                .windows(SHINGLE_WORDS)
                .map(|w| w.join(" "))
                .collect::<std::collections::HashSet<_>>()
        };
        let (a, b) = (set(a), set(b));
        a.intersection(&b).count() as f64 / a.union(&b).count() as f64
    }

    /// Invented paragraphs of distinct words, so shingles do not repeat by accident.
    fn text(seed: usize, words: usize) -> String {
        (0..words)
            .map(|i| format!("w{}x{}", (i * 7919 + seed * 104_729) % 100_003, i % 13))
            .collect::<Vec<_>>()
            .join(" ")
    }

    #[test]
    fn same_text_whatever_its_case_punctuation_and_wrapping() {
        let a = "Kyiv said on Monday that the guarantees were not enough.";
        let b = "KYIV said, on Monday,\nthat the guarantees were not enough";
        assert_eq!(Sketch::of(a), Sketch::of(b));
        assert_eq!(Sketch::of(a).similarity(&Sketch::of(b)), 1.0);
    }

    #[test]
    fn empty_text_is_similar_to_nothing() {
        assert!(Sketch::of("").is_empty());
        assert!(Sketch::of(" — … ").is_empty());
        assert_eq!(Sketch::EMPTY.similarity(&Sketch::EMPTY), 0.0);
        assert_eq!(Sketch::of("one two").similarity(&Sketch::EMPTY), 0.0);
    }

    #[test]
    fn short_texts_are_one_shingle() {
        assert_eq!(
            Sketch::of("Peace talks").similarity(&Sketch::of("peace talks")),
            1.0
        );
        assert!(Sketch::of("Peace talks").similarity(&Sketch::of("peace deal")) < 0.2);
    }

    /// The estimate follows the exact Jaccard similarity across its range: shared prefixes
    /// of invented texts, from nothing shared to nearly all.
    #[test]
    fn estimate_follows_exact_jaccard() {
        for (shared, own) in [(0, 400), (100, 300), (200, 200), (300, 100), (380, 20)] {
            let common = text(1, shared);
            let a = format!("{common} {}", text(2, own));
            let b = format!("{common} {}", text(3, own));
            let exact = exact_jaccard(&a, &b);
            let estimate = Sketch::of(&a).similarity(&Sketch::of(&b));
            assert!(
                (estimate - exact).abs() < 0.2,
                "{shared} shared words: exact {exact:.2}, estimate {estimate:.2}"
            );
        }
    }

    #[test]
    fn a_trimmed_copy_stays_close_and_another_story_does_not() {
        let story = text(4, 600);
        let trimmed: String = story.split(' ').take(480).collect::<Vec<_>>().join(" ");
        let other = text(5, 600);
        let s = Sketch::of(&story);
        assert!(s.similarity(&Sketch::of(&trimmed)) > 0.6);
        assert!(s.similarity(&Sketch::of(&other)) < 0.1);
    }
}
