//! The figures extractor's word lists: its own from `figures/words.toml` (scales,
//! currencies, units, qualifiers, noun rules, the words that make a number a name or a
//! time), joined once per process with the number words and month names it shares with
//! the dates extractor (`text/words.toml`), and indexed for the scanner: sets for single
//! words, [`Phrases`] for multi-word entries.

use super::phrases::Phrases;
use super::tokens::{lower, tokenize};
use crate::extract::Qualifier;
use crate::text::words as shared;
use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};
use serde::Deserialize;
use std::sync::LazyLock;

#[derive(Deserialize)]
struct RawVague {
    phrase: String,
    value: f64,
    qualifier: String,
    unit: String,
}

#[derive(Deserialize)]
struct RawCurrency {
    symbols: HashMap<String, String>,
    prefixed: HashMap<String, String>,
    codes: HashMap<String, String>,
    names: HashMap<String, String>,
    subunits: HashMap<String, Subunit>,
}

/// A coin of a currency: `per` of them make one unit of `currency`.
#[derive(Debug, Clone, Deserialize)]
pub(super) struct Subunit {
    pub(super) currency: String,
    pub(super) per: f64,
}

#[derive(Deserialize)]
struct RawPercent {
    words: Vec<String>,
    points: Vec<String>,
}

#[derive(Deserialize)]
struct RawQualifiers {
    before: HashMap<String, String>,
    after: HashMap<String, String>,
}

#[derive(Deserialize)]
struct RawNouns {
    irregular: HashMap<String, String>,
    collective: Vec<String>,
    not_plural: Vec<String>,
    anchors: HashMap<String, String>,
}

#[derive(Deserialize)]
struct RawWords {
    stop: Vec<String>,
    name_before: Vec<String>,
    name_before_any_case: Vec<String>,
    one_counts: Vec<String>,
    relative_after: Vec<String>,
    anchored_before: Vec<String>,
    time_units: Vec<String>,
    time_after: Vec<String>,
    ordinal_suffix: Vec<String>,
    compound_reject: Vec<String>,
    idioms: Vec<String>,
    age_after: Vec<String>,
}

#[derive(Deserialize)]
struct RawData {
    numbers: HashMap<String, f64>,
    scales: HashMap<String, f64>,
    scale_abbreviations: HashMap<String, f64>,
    short_scale_abbreviations: HashMap<String, f64>,
    vague: Vec<RawVague>,
    multiplicatives: HashMap<String, f64>,
    fractions: HashMap<String, f64>,
    currency: RawCurrency,
    units: HashMap<String, String>,
    percent: RawPercent,
    qualifiers: RawQualifiers,
    nouns: RawNouns,
    words: RawWords,
}

pub(super) struct Vague {
    pub(super) value: f64,
    pub(super) qualifier: Qualifier,
    pub(super) unit: String,
}

pub(super) struct Data {
    pub(super) numbers: HashMap<String, f64>,
    pub(super) scales: HashMap<String, f64>,
    pub(super) scale_abbreviations: HashMap<String, f64>,
    pub(super) short_scale_abbreviations: HashMap<String, f64>,
    pub(super) vague: Phrases<std::sync::Arc<Vague>>,
    pub(super) multiplicatives: HashMap<String, f64>,
    pub(super) fractions: HashMap<String, f64>,
    pub(super) currency_symbols: HashMap<String, String>,
    pub(super) currency_prefixed: HashMap<String, String>,
    pub(super) currency_codes: HashMap<String, String>,
    pub(super) currency_names: Phrases<String>,
    pub(super) currency_subunits: Phrases<Subunit>,
    pub(super) units: Phrases<String>,
    pub(super) percent: Phrases<&'static str>,
    pub(super) before: Phrases<Qualifier>,
    pub(super) after: Phrases<Qualifier>,
    pub(super) irregular: HashMap<String, String>,
    pub(super) collective: HashSet<String>,
    pub(super) not_plural: HashSet<String>,
    pub(super) anchors: HashMap<String, String>,
    pub(super) stop: HashSet<String>,
    pub(super) name_before: HashSet<String>,
    pub(super) name_before_any_case: HashSet<String>,
    pub(super) one_counts: HashSet<String>,
    pub(super) relative_after: HashSet<String>,
    pub(super) anchored_before: HashSet<String>,
    pub(super) time_units: HashSet<String>,
    pub(super) time_after: HashSet<String>,
    pub(super) ordinal_suffix: HashSet<String>,
    pub(super) compound_reject: HashSet<String>,
    pub(super) idioms: Phrases<()>,
    pub(super) age_after: HashSet<String>,
    pub(super) months: HashSet<String>,
    /// Words a figure can start with; every other word is skipped at once.
    pub(super) starters: HashSet<String>,
    /// Words after "a"/"an" that can make the article start a figure ("a dozen", "a third
    /// of", "a million", "over an hour"); only for the sentence pre-check.
    pub(super) after_article: HashSet<String>,
}

fn qualifier(name: &str) -> Qualifier {
    match name {
        "approx" => Qualifier::Approx,
        "at_least" => Qualifier::AtLeast,
        "at_most" => Qualifier::AtMost,
        "range" => Qualifier::Range,
        "exact" => Qualifier::Exact,
        other => panic!("figures/words.toml: unknown qualifier {other:?}"),
    }
}

fn set(words: Vec<String>) -> HashSet<String> {
    words.into_iter().collect()
}

pub(super) static DATA: LazyLock<Data> = LazyLock::new(|| {
    let mut raw: RawData =
        toml::from_str(include_str!("words.toml")).expect("figures/words.toml is valid");
    let shared = &*shared::WORDS;
    for (word, &n) in &shared.numbers {
        // A word in both files would have one value silently win over the other.
        let before = raw.numbers.insert(word.clone(), f64::from(n));
        assert!(
            before.is_none(),
            "{word:?} is in figures/words.toml and text/words.toml"
        );
    }
    let quals =
        |m: HashMap<String, String>| Phrases::new(m.into_iter().map(|(p, q)| (p, qualifier(&q))));
    let mut starters: HashSet<String> = ["every", "half", "a", "an"]
        .into_iter()
        .map(String::from)
        .collect();
    starters.extend(raw.numbers.keys().cloned());
    starters.extend(raw.multiplicatives.keys().cloned());
    starters.extend(raw.currency.prefixed.keys().cloned());
    starters.extend(raw.currency.codes.keys().map(|c| c.to_lowercase()));
    starters.extend(
        raw.vague
            .iter()
            .filter_map(|v| v.phrase.split_whitespace().next().map(String::from)),
    );
    let mut after_article: HashSet<String> = raw
        .vague
        .iter()
        .filter_map(|v| {
            let mut words = v.phrase.split_whitespace();
            let first = words.next()?;
            matches!(first, "a" | "an").then(|| words.next().map(str::to_lowercase))?
        })
        .collect();
    for keys in [
        &raw.fractions,
        &raw.scales,
        &raw.scale_abbreviations,
        &raw.short_scale_abbreviations,
        &raw.numbers,
        &raw.multiplicatives,
    ] {
        after_article.extend(keys.keys().map(|k| lower(k)));
    }
    let first_words = raw
        .units
        .keys()
        .chain(raw.currency.names.keys())
        .chain(raw.percent.words.iter())
        .chain(raw.percent.points.iter())
        .filter_map(|p| tokenize(p, 0..p.len()).into_iter().next().map(|t| t.lower));
    after_article.extend(first_words);
    Data {
        starters,
        after_article,
        numbers: raw.numbers,
        scales: raw.scales,
        scale_abbreviations: raw.scale_abbreviations,
        short_scale_abbreviations: raw.short_scale_abbreviations,
        vague: Phrases::new(raw.vague.into_iter().map(|v| {
            (
                v.phrase,
                std::sync::Arc::new(Vague {
                    value: v.value,
                    qualifier: qualifier(&v.qualifier),
                    unit: v.unit,
                }),
            )
        })),
        multiplicatives: raw.multiplicatives,
        fractions: raw.fractions,
        currency_symbols: raw.currency.symbols,
        currency_prefixed: raw.currency.prefixed,
        currency_codes: raw.currency.codes,
        currency_names: Phrases::new(raw.currency.names),
        currency_subunits: Phrases::new(raw.currency.subunits),
        units: Phrases::new(raw.units),
        percent: Phrases::new(
            raw.percent.words.into_iter().map(|w| (w, "percent")).chain(
                raw.percent
                    .points
                    .into_iter()
                    .map(|w| (w, "percentage point")),
            ),
        ),
        before: quals(raw.qualifiers.before),
        after: quals(raw.qualifiers.after),
        irregular: raw.nouns.irregular,
        collective: set(raw.nouns.collective),
        not_plural: set(raw.nouns.not_plural),
        anchors: raw.nouns.anchors,
        stop: set(raw.words.stop),
        name_before: set(raw.words.name_before),
        name_before_any_case: set(raw.words.name_before_any_case),
        one_counts: set(raw.words.one_counts),
        relative_after: set(raw.words.relative_after),
        anchored_before: set(raw.words.anchored_before),
        time_units: set(raw.words.time_units),
        time_after: set(raw.words.time_after),
        ordinal_suffix: set(raw.words.ordinal_suffix),
        compound_reject: set(raw.words.compound_reject),
        idioms: Phrases::new(raw.words.idioms.into_iter().map(|p| (p, ()))),
        age_after: set(raw.words.age_after),
        months: shared
            .months
            .iter()
            .flat_map(|m| std::iter::once(&m.full).chain(&m.abbr))
            .cloned()
            .collect(),
    }
});
