//! Sentence masks: which patterns may match in which sentence, from one pass over the text
//! for the words each pattern cannot match without. Running the regexes only where a mask
//! allows is what keeps the stage fast; the masks must never skip a sentence a pattern
//! would match in (checked by `sentence_masks_never_skip_a_possible_match`).

use super::patterns::{COUNTED_UNITS, DAY_WORDS, PERIOD_UNITS};
use super::words::WORDS;
use crate::text::Doc;
use aho_corasick::{AhoCorasick, AhoCorasickKind};
use std::sync::LazyLock;

/// Bits of the sentence masks: which pattern a sentence may match.
pub(super) const MONTH_DATE: u16 = 1;
pub(super) const NUMERIC: u16 = 1 << 1;
pub(super) const YEAR: u16 = 1 << 2;
pub(super) const WEEKDAY: u16 = 1 << 3;
pub(super) const DAY_WORD: u16 = 1 << 4;
pub(super) const PERIOD: u16 = 1 << 5;
pub(super) const COUNTED: u16 = 1 << 6;
pub(super) const ANAPHOR: u16 = 1 << 7;
pub(super) const QUARTER: u16 = 1 << 8;
pub(super) const CENTURY: u16 = 1 << 9;

/// The words each pattern cannot match without, found in one pass over the text so that
/// each pattern runs only over the sentences that contain one of its words, instead of
/// eight times over the whole text. Numeric dates and years need an ASCII digit, which is
/// looked for separately.
struct Triggers {
    words: AhoCorasick,
    /// Per word: the patterns it triggers, and whether it must also end at a word boundary
    /// (every pattern has its word start at one; weekdays may go on with "'s").
    what: Vec<(u16, bool)>,
}

static TRIGGERS: LazyLock<Triggers> = LazyLock::new(|| {
    let w = &*WORDS;
    let mut words: Vec<(String, u16, bool)> = Vec::new();
    let mut add = |word: &str, pattern: u16, ends: bool| match words
        .iter_mut()
        .find(|(w, _, e)| w == word && *e == ends)
    {
        Some((_, p, _)) => *p |= pattern,
        None => words.push((word.to_string(), pattern, ends)),
    };
    for m in w.months {
        for name in std::iter::once(&m.full).chain(&m.abbr) {
            add(name, MONTH_DATE, true);
        }
    }
    for day in &w.words.weekdays {
        add(day, WEEKDAY, false);
    }
    for word in DAY_WORDS {
        add(word, DAY_WORD, true);
    }
    for word in ["century", "centuries"] {
        add(word, CENTURY, true);
    }
    // "Q3 2024", or "quarter" written out.
    for q in ["q1", "q2", "q3", "q4"] {
        add(q, QUARTER, false);
    }
    add("quarter", QUARTER, true);
    for unit in PERIOD_UNITS
        .iter()
        .copied()
        .chain(w.seasons.keys().map(String::as_str))
    {
        add(unit, PERIOD, true);
    }
    for unit in COUNTED_UNITS {
        add(unit, COUNTED, true);
        add(&format!("{unit}s"), COUNTED, true);
    }
    add("day", ANAPHOR, true);
    // With `(?i)`, the regex engine also matches "k" and "s" by the Kelvin sign and the
    // long s; a sentence with either may match anything.
    for odd in ["\u{212A}", "\u{17F}"] {
        add(odd, u16::MAX, false);
    }
    let words_ac = AhoCorasick::builder()
        .ascii_case_insensitive(true)
        .kind(Some(AhoCorasickKind::DFA))
        .build(words.iter().map(|(w, _, _)| w))
        .expect("trigger words compile");
    Triggers {
        words: words_ac,
        what: words.iter().map(|&(_, p, e)| (p, e)).collect(),
    }
});

fn is_word_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_'
}

/// Per sentence, the patterns that may match in it (a bit set of `MONTH_DATE` ...).
pub(super) fn sentence_masks(doc: &Doc) -> Vec<u16> {
    let text = doc.text.as_bytes();
    let mut masks: Vec<u16> = doc
        .sentences
        .iter()
        .map(|s| {
            if text[s.span.clone()].iter().any(u8::is_ascii_digit) {
                NUMERIC | YEAR
            } else {
                0
            }
        })
        .collect();
    let t = &*TRIGGERS;
    let mut i = 0;
    for m in t.words.find_overlapping_iter(text) {
        let (pattern, ends) = t.what[m.pattern().as_usize()];
        let starts_word = m.start() == 0 || !is_word_byte(text[m.start() - 1]);
        let ends_word = m.end() == text.len() || !is_word_byte(text[m.end()]);
        if !(starts_word && (ends_word || !ends)) && pattern != u16::MAX {
            continue;
        }
        // Matches come in order of their end; sentences are in text order.
        while i < doc.sentences.len() && doc.sentences[i].span.end < m.end() {
            i += 1;
        }
        if let Some(s) = doc.sentences.get(i)
            && s.span.start <= m.start()
        {
            masks[i] |= pattern;
        }
    }
    masks
}
