//! Word lists more than one extractor reads: number words and month names, from
//! `text/words.toml`, parsed once per process.
//!
//! The date and figures extractors both need to know that "forty" is 40 and that "Sept" is
//! September; one list means a spelling added for one is seen by the other. What only one
//! of them reads (the dates' "a couple of", the figures' "zero") stays in that extractor's
//! own word file.

use rustc_hash::FxHashMap as HashMap;
use serde::Deserialize;
use std::sync::LazyLock;

/// A month's full name and the abbreviations news text uses for it.
#[derive(Debug, Deserialize)]
pub struct Month {
    pub full: String,
    pub abbr: Vec<String>,
}

/// The shared word lists, every form in lower case.
#[derive(Debug, Deserialize)]
pub struct Words {
    /// Cardinal number words up to ninety and their values.
    pub numbers: HashMap<String, u32>,
    /// In calendar order: January first.
    pub months: Vec<Month>,
}

pub static WORDS: LazyLock<Words> =
    LazyLock::new(|| toml::from_str(include_str!("words.toml")).expect("text/words.toml is valid"));
