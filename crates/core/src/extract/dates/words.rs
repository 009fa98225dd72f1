//! The date extractor's word lists: its own from `dates/words.toml` (weekdays, tense cues,
//! false friends, seasons, the counting words only dates read), joined once per process
//! with the month names and number words it shares with the figures extractor
//! (`text/words.toml`), plus the lookups the finders make in them.

use crate::text::words::{self as shared, Month};
use rustc_hash::FxHashMap as HashMap;
use serde::Deserialize;
use std::sync::LazyLock;

#[derive(Deserialize)]
pub(super) struct MiscWords {
    pub(super) weekdays: Vec<String>,
    pub(super) ambiguous_months: Vec<String>,
    pub(super) weekday_names: Vec<String>,
    pub(super) weekday_followers: Vec<String>,
    pub(super) today_names: Vec<String>,
}

#[derive(Deserialize)]
pub(super) struct TenseWords {
    pub(super) future: Vec<String>,
    pub(super) past: Vec<String>,
    pub(super) forward_nouns: Vec<String>,
}

#[derive(Deserialize)]
pub(super) struct FigureWords {
    pub(super) count_nouns: Vec<String>,
    pub(super) quantity_before: Vec<String>,
    pub(super) duration_blockers: Vec<String>,
    pub(super) perfect: Vec<String>,
    pub(super) record_words: Vec<String>,
    pub(super) ongoing_nouns: Vec<String>,
}

/// `dates/words.toml` as written.
#[derive(Deserialize)]
struct OwnWords {
    words: MiscWords,
    numbers: HashMap<String, u32>,
    seasons: HashMap<String, [u32; 2]>,
    tense: TenseWords,
    figures: FigureWords,
}

/// Everything the finders look words up in.
pub(super) struct Words {
    /// The shared month names, in calendar order.
    pub(super) months: &'static [Month],
    pub(super) words: MiscWords,
    /// The shared number words and the date extractor's own.
    pub(super) numbers: HashMap<String, u32>,
    pub(super) seasons: HashMap<String, [u32; 2]>,
    pub(super) tense: TenseWords,
    pub(super) figures: FigureWords,
}

pub(super) static WORDS: LazyLock<Words> = LazyLock::new(|| {
    let own: OwnWords =
        toml::from_str(include_str!("words.toml")).expect("dates/words.toml is valid");
    let shared = &*shared::WORDS;
    let mut numbers = own.numbers;
    for (word, &n) in &shared.numbers {
        // A word in both files would have one value silently win over the other.
        let before = numbers.insert(word.clone(), n);
        assert!(
            before.is_none(),
            "{word:?} is in dates/words.toml and text/words.toml"
        );
    }
    Words {
        months: &shared.months,
        words: own.words,
        numbers,
        seasons: own.seasons,
        tense: own.tense,
        figures: own.figures,
    }
});

pub(super) fn lower_eq(a: &str, b: &str) -> bool {
    a.eq_ignore_ascii_case(b)
}

pub(super) fn in_list(word: &str, list: &[String]) -> bool {
    list.iter().any(|w| lower_eq(w, word))
}

/// Month number (1-12) of a month name or abbreviation.
pub(super) fn month_number(name: &str) -> Option<u32> {
    WORDS
        .months
        .iter()
        .position(|m| lower_eq(&m.full, name) || m.abbr.iter().any(|a| lower_eq(a, name)))
        .map(|i| i as u32 + 1)
}
