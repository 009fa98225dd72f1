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
pub struct Sketch {
    /// The smallest shingle hash of each bin.
    pub bins: [u32; SKETCH_LEN],
    /// How many shingles the text has: with two sketches' similarity, how much of the
    /// shorter text the longer one holds.
    pub shingles: u32,
}

impl Sketch {
    /// The sketch of a text without words: similar to nothing, itself included.
    pub const EMPTY: Sketch = Sketch {
        bins: [u32::MAX; SKETCH_LEN],
        shingles: 0,
    };

    /// The sketch of `text`'s word shingles; a text shorter than a shingle is one shingle.
    pub fn of(text: &str) -> Sketch {
        let mut window = [0u64; SHINGLE_WORDS];
        let mut words = 0usize;
        let mut rolling = 0u64;
        let mut bins = [u32::MAX; SKETCH_LEN];
        let mut filled = 0u64;
        each_word(text, |word| {
            // The shingle's hash rolls: the word leaving the window taken out, the new one
            // added, two multiplications a word whatever the shingle's length.
            let slot = words % SHINGLE_WORDS;
            rolling = rolling
                .wrapping_sub(window[slot].wrapping_mul(BASE_POW))
                .wrapping_mul(BASE)
                .wrapping_add(word);
            window[slot] = word;
            words += 1;
            if words >= SHINGLE_WORDS {
                add(&mut bins, &mut filled, mix(rolling));
            }
        });
        if words == 0 {
            return Sketch::EMPTY;
        }
        if words < SHINGLE_WORDS {
            add(&mut bins, &mut filled, mix(rolling));
        }
        densify(&mut bins, filled);
        Sketch {
            bins,
            shingles: words.saturating_sub(SHINGLE_WORDS - 1).max(1) as u32,
        }
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
        let same = (self.bins.iter().zip(&other.bins))
            .filter(|(a, b)| a == b)
            .count();
        same as f64 / SKETCH_LEN as f64
    }

    /// The estimated share of the shorter text's shingles that the other text holds: a
    /// trimmed copy is contained in its original though their Jaccard similarity is low.
    /// From the similarity J and the sizes: the shared shingles are J / (1 + J) of both
    /// texts' shingles together. At most 1.
    pub fn containment(&self, other: &Sketch) -> f64 {
        let j = self.similarity(other);
        let (a, b) = (self.shingles as f64, other.shingles as f64);
        if j == 0.0 || a == 0.0 || b == 0.0 {
            return 0.0;
        }
        (j / (1.0 + j) * (a + b) / a.min(b)).min(1.0)
    }
}

/// The rolling hash's base (odd, well mixed), and its power that the word leaving a
/// shingle carries.
const BASE: u64 = 0x9E37_79B9_7F4A_7C15;
const BASE_POW: u64 = BASE.wrapping_pow(SHINGLE_WORDS as u32 - 1);

/// Calls `f` with the hash of each of the text's words, lowercased, letters and digits
/// only. Bytes are read directly, ASCII without decoding (most of any English text); a
/// character beyond ASCII is decoded and lowercased as Unicode says. Within a word the
/// hash is a rotate and an exclusive or per character (one word of up to nine ASCII
/// letters maps to one value), mixed once at the word's end.
fn each_word(text: &str, mut f: impl FnMut(u64)) {
    let bytes = text.as_bytes();
    let mut h = 0u64;
    let mut in_word = false;
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        let letter_or_digit = if b < 0x80 {
            i += 1;
            if b.is_ascii_alphanumeric() {
                h = h.rotate_left(7) ^ b.to_ascii_lowercase() as u64;
                true
            } else {
                false
            }
        } else {
            let c = text[i..]
                .chars()
                .next()
                .expect("i is on a character boundary");
            i += c.len_utf8();
            if c.is_alphanumeric() {
                for lower in c.to_lowercase() {
                    h = h.rotate_left(7) ^ lower as u64;
                }
                true
            } else {
                false
            }
        };
        if letter_or_digit {
            in_word = true;
        } else if in_word {
            f(mix(h));
            h = 0;
            in_word = false;
        }
    }
    if in_word {
        f(mix(h));
    }
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

    /// The edits a copy makes, anywhere in the text: each changes only the shingles that
    /// span it, so the copy stays close to the exact similarity.
    #[test]
    fn edits_anywhere_change_only_their_own_shingles() {
        let story = text(6, 500);
        let words: Vec<&str> = story.split(' ').collect();
        let cases: [(&str, String); 5] = [
            ("dateline before", format!("KYIV, Ukraine (AP) — {story}")),
            (
                "credit after",
                format!("{story} Reporting by Jane Doe; editing by John Roe."),
            ),
            (
                "paragraph dropped",
                [&words[..200], &words[260..]].concat().join(" "),
            ),
            (
                "word changed",
                [&words[..250], &["changed"], &words[251..]]
                    .concat()
                    .join(" "),
            ),
            (
                "furniture inserted",
                [&words[..100], &["Advertisement"], &words[100..]]
                    .concat()
                    .join(" "),
            ),
        ];
        for (edit, copy) in cases {
            let exact = exact_jaccard(&story, &copy);
            let estimate = Sketch::of(&story).similarity(&Sketch::of(&copy));
            assert!(exact > 0.85, "{edit}: exact {exact:.2}");
            assert!(
                (estimate - exact).abs() < 0.15,
                "{edit}: exact {exact:.2}, estimate {estimate:.2}"
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

    /// A copy cut to two thirds or half of its original is still held whole by it: lower
    /// similarity, containment near 1 (within the estimate's noise, about ±0.1 at half);
    /// unrelated texts are held by neither.
    #[test]
    fn containment_sees_a_cut_copy_inside_its_original() {
        let story = text(7, 900);
        for keep in [600, 450] {
            let cut: String = story.split(' ').take(keep).collect::<Vec<_>>().join(" ");
            let (a, b) = (Sketch::of(&story), Sketch::of(&cut));
            let c = a.containment(&b);
            assert!(c > 0.8 && c <= 1.0, "{keep} words kept: containment {c:.2}");
            assert_eq!(c, b.containment(&a));
        }
        let other = Sketch::of(&text(8, 300));
        assert!(Sketch::of(&story).containment(&other) < 0.15);
        assert_eq!(Sketch::EMPTY.containment(&other), 0.0);
    }
}
