//! Figures: money, counts, percentages, fractions and measures, normalised with their
//! qualifiers (SPEC §3 "Figures"; conventions in `shared/gold/README.md`).
//!
//! Each sentence is cut into tokens (numbers, words, single symbols, each knowing whether
//! white space came before it), and figures are read left to right: a rough amount in words
//! ("tens of thousands"), a fraction ("two-thirds"), or an amount (currency, number, scale
//! word), possibly a range ("30 to 35,000", "between 400 and 1,000"), followed by what it
//! counts: a percent sign, a currency, a unit of measure or a counted noun phrase, whose head
//! noun is lemmatised. Qualifiers come from the words just before and after. Tokens keep
//! the number that quantifies apart from the many that do not: dates (the dates stage's
//! spans, plus years and day numbers next to a month, rejected here too so this stage does
//! not depend on that one), times, ordinals, numbers glued into names ("G7", "F-16") or
//! following a name word ("Article 5"), phone numbers, URLs, and the pronoun "one".
//!
//! A bare number ("from 300 to 969") borrows the counted noun of the figure before it in the
//! sentence, or of a noun it refers back to ("troop presence"), and is dropped otherwise:
//! a figure without a unit tells a reader nothing.
//!
//! Word lists live in `figures.toml`, next to this file.

use super::{DateMention, Figure, FigureKind, Qualifier};
use crate::text::Doc;
use regex::Regex;
use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};
use serde::Deserialize;
use std::ops::Range;
use std::sync::LazyLock;

/// Finds every figure in `doc`, skipping the spans already taken by `dates`.
pub fn extract(doc: &Doc, dates: &[DateMention]) -> Vec<Figure> {
    let mut blocked: Vec<Range<usize>> = dates.iter().map(|d| d.span.clone()).collect();
    blocked.extend(URL.find_iter(&doc.text).map(|m| m.range()));
    let mut out = Vec::new();
    let mut word = String::new();
    for (si, sentence) in doc.sentences.iter().enumerate() {
        if !may_hold_figure(&doc.text, sentence.span.clone(), &mut word) {
            continue;
        }
        let headline = si == 0 && doc.body_start > 0;
        let toks = tokenize(&doc.text, sentence.span.clone());
        let scanner = Scanner {
            toks: &toks,
            headline,
        };
        for c in scanner.scan() {
            let Some(unit) = c.unit else { continue };
            let core = toks[c.core.start].span.start..toks[c.core.end - 1].span.end;
            if blocked
                .iter()
                .any(|b| b.start < core.end && core.start < b.end)
            {
                continue;
            }
            out.push(Figure {
                span: toks[c.toks.start].span.start..toks[c.toks.end - 1].span.end,
                sentence: si,
                value: c.value,
                value_high: c.value_high,
                unit,
                kind: c.kind,
                qualifier: c.qualifier,
            });
        }
    }
    out
}

/// URLs and e-mail addresses, whose digits are not figures. The word boundary is ASCII: a
/// Unicode one keeps the regex engine off its DFA on any non-ASCII text, and this one
/// pattern then cost a fifth of a whole run in the slow PikeVM.
static URL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?-u:\b)(?:https?://|www\.)[^\s)\]>]+|[\w.+-]+@[\w-]+\.[\w.]+")
        .expect("URL pattern compiles")
});

// ---------------------------------------------------------------------------------------
// Word lists

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
    months: Vec<String>,
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

/// Multi-word phrases, tokenised like the text, looked up by their first token.
struct Phrases<V> {
    by_first: HashMap<String, Vec<(Vec<String>, V)>>,
    all: Vec<(Vec<String>, V)>,
}

impl<V: Clone> Phrases<V> {
    fn new(entries: impl IntoIterator<Item = (String, V)>) -> Self {
        let mut all: Vec<(Vec<String>, V)> = entries
            .into_iter()
            .map(|(p, v)| {
                let words = tokenize(&p, 0..p.len())
                    .into_iter()
                    .map(|t| t.lower)
                    .collect();
                (words, v)
            })
            .collect();
        // Longest first, so "no more than" wins over "more than".
        all.sort_by(|a, b| b.0.len().cmp(&a.0.len()).then(a.0.cmp(&b.0)));
        let mut by_first: HashMap<String, Vec<(Vec<String>, V)>> = HashMap::default();
        for (words, v) in &all {
            by_first
                .entry(words[0].clone())
                .or_default()
                .push((words.clone(), v.clone()));
        }
        Phrases { by_first, all }
    }

    /// The longest phrase starting at token `i`: its length in tokens and value.
    fn at(&self, toks: &[Tok], i: usize) -> Option<(usize, &V)> {
        let cands = self.by_first.get(&toks.get(i)?.lower)?;
        cands.iter().find_map(|(words, v)| {
            let fits = words
                .iter()
                .enumerate()
                .all(|(k, w)| toks.get(i + k).is_some_and(|t| &t.lower == w));
            fits.then_some((words.len(), v))
        })
    }

    /// The longest phrase ending just before token `end`: its first token and value.
    fn ending_at(&self, toks: &[Tok], end: usize) -> Option<(usize, &V)> {
        self.all.iter().find_map(|(words, v)| {
            let start = end.checked_sub(words.len())?;
            let fits = words
                .iter()
                .enumerate()
                .all(|(k, w)| toks[start + k].lower == *w);
            fits.then_some((start, v))
        })
    }
}

struct Vague {
    value: f64,
    qualifier: Qualifier,
    unit: String,
}

struct Data {
    numbers: HashMap<String, f64>,
    scales: HashMap<String, f64>,
    scale_abbreviations: HashMap<String, f64>,
    short_scale_abbreviations: HashMap<String, f64>,
    vague: Phrases<std::sync::Arc<Vague>>,
    multiplicatives: HashMap<String, f64>,
    fractions: HashMap<String, f64>,
    currency_symbols: HashMap<String, String>,
    currency_prefixed: HashMap<String, String>,
    currency_codes: HashMap<String, String>,
    currency_names: Phrases<String>,
    units: Phrases<String>,
    percent: Phrases<&'static str>,
    before: Phrases<Qualifier>,
    after: Phrases<Qualifier>,
    irregular: HashMap<String, String>,
    collective: HashSet<String>,
    not_plural: HashSet<String>,
    anchors: HashMap<String, String>,
    stop: HashSet<String>,
    name_before: HashSet<String>,
    name_before_any_case: HashSet<String>,
    one_counts: HashSet<String>,
    relative_after: HashSet<String>,
    anchored_before: HashSet<String>,
    time_units: HashSet<String>,
    time_after: HashSet<String>,
    ordinal_suffix: HashSet<String>,
    compound_reject: HashSet<String>,
    idioms: Phrases<()>,
    age_after: HashSet<String>,
    months: HashSet<String>,
    /// Words a figure can start with; every other word is skipped at once.
    starters: HashSet<String>,
    /// Words after "a"/"an" that can make the article start a figure ("a dozen", "a third
    /// of", "a million", "over an hour"); only for the sentence pre-check.
    after_article: HashSet<String>,
}

fn qualifier(name: &str) -> Qualifier {
    match name {
        "approx" => Qualifier::Approx,
        "at_least" => Qualifier::AtLeast,
        "at_most" => Qualifier::AtMost,
        "range" => Qualifier::Range,
        "exact" => Qualifier::Exact,
        other => panic!("figures.toml: unknown qualifier {other:?}"),
    }
}

fn set(words: Vec<String>) -> HashSet<String> {
    words.into_iter().collect()
}

static DATA: LazyLock<Data> = LazyLock::new(|| {
    let raw: RawData = toml::from_str(include_str!("figures.toml")).expect("figures.toml is valid");
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
        months: set(raw.words.months),
    }
});

// ---------------------------------------------------------------------------------------
// Tokens

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Num,
    Word,
    Sym,
}

#[derive(Debug, Clone)]
struct Tok {
    span: Range<usize>,
    kind: Kind,
    /// No white space between this token and the one before it.
    glued: bool,
    lower: String,
    /// The token as written starts with an upper-case letter.
    capital: bool,
    /// No lower-case letter in it ("USD", "NATO").
    all_caps: bool,
}

fn is_hyphen(s: &str) -> bool {
    matches!(s, "-" | "‑" | "–" | "—")
}

/// A token's lower-case form with typographic apostrophes made straight, in one allocation
/// (this runs for every token of every sentence).
fn lower(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    lower_into(s, &mut out);
    out
}

fn lower_into(s: &str, out: &mut String) {
    for c in s.chars() {
        match c {
            '’' => out.push('\''),
            c if c.is_ascii() => out.push(c.to_ascii_lowercase()),
            c => out.extend(c.to_lowercase()),
        }
    }
}

/// Cuts `text[range]` into numbers ("1,200", "44.7"), words (letters, with inner
/// apostrophes and dots: "Zelensky’s", "U.S") and single symbols.
fn tokenize(text: &str, range: Range<usize>) -> Vec<Tok> {
    Spans::new(text, range)
        .map(|(span, kind, glued, first)| {
            let s = &text[span.clone()];
            Tok {
                span,
                kind,
                glued,
                lower: lower(s),
                capital: first.is_uppercase(),
                all_caps: !s.chars().any(char::is_lowercase),
            }
        })
        .collect()
}

/// The token boundaries of [`tokenize`], without building tokens: each token's span, kind,
/// whether it is glued to the one before, and its first character.
struct Spans<'t> {
    base: usize,
    len: usize,
    chars: std::str::CharIndices<'t>,
    space: bool,
}

impl<'t> Spans<'t> {
    fn new(text: &'t str, range: Range<usize>) -> Self {
        Spans {
            base: range.start,
            len: range.len(),
            chars: text[range].char_indices(),
            space: true,
        }
    }

    /// The next two characters, without consuming them.
    fn peek2(&self) -> (Option<char>, Option<char>) {
        let mut ahead = self.chars.clone().map(|(_, c)| c);
        (ahead.next(), ahead.next())
    }
}

impl Iterator for Spans<'_> {
    type Item = (Range<usize>, Kind, bool, char);

    fn next(&mut self) -> Option<Self::Item> {
        loop {
            let (start, c) = self.chars.next()?;
            if c.is_whitespace() {
                self.space = true;
                continue;
            }
            let kind = if c.is_ascii_digit() {
                loop {
                    match self.peek2() {
                        (Some(d), _) if d.is_ascii_digit() => {
                            self.chars.next();
                        }
                        (Some(',' | '.'), Some(d)) if d.is_ascii_digit() => {
                            self.chars.next();
                            self.chars.next();
                        }
                        _ => break,
                    }
                }
                Kind::Num
            } else if c.is_alphabetic() {
                loop {
                    match self.peek2() {
                        (Some(l), _) if l.is_alphabetic() => {
                            self.chars.next();
                        }
                        (Some('\'' | '’' | '.'), Some(l)) if l.is_alphabetic() => {
                            self.chars.next();
                            self.chars.next();
                        }
                        _ => break,
                    }
                }
                Kind::Word
            } else {
                Kind::Sym
            };
            let end = self.chars.clone().next().map_or(self.len, |(e, _)| e);
            let glued = !self.space;
            self.space = false;
            return Some((self.base + start..self.base + end, kind, glued, c));
        }
    }
}

/// Whether `text[range]` has a token a figure can start with, checked without building
/// tokens: most sentences of a news story hold no figure, and tokenizing them was the
/// largest cost of this stage. Exact with respect to [`Scanner::scan`]: a sentence it
/// rejects has no token that scan would try. `word` is a reused buffer.
fn may_hold_figure(text: &str, range: Range<usize>, word: &mut String) -> bool {
    let mut after_article = false;
    for (span, kind, _, _) in Spans::new(text, range) {
        if kind == Kind::Num {
            return true;
        }
        word.clear();
        lower_into(&text[span], word);
        if after_article && (kind == Kind::Sym || DATA.after_article.contains(word.as_str())) {
            return true;
        }
        after_article = kind == Kind::Word && matches!(word.as_str(), "a" | "an");
        let starts = match kind {
            Kind::Word => !after_article && DATA.starters.contains(word.as_str()),
            _ => DATA.currency_symbols.contains_key(word.as_str()),
        };
        if starts {
            return true;
        }
    }
    false
}

// ---------------------------------------------------------------------------------------
// Scanning

/// A figure found in one sentence, in token indices; `unit` is `None` while it is bare.
#[derive(Debug, Clone)]
struct Cand {
    toks: Range<usize>,
    core: Range<usize>,
    value: f64,
    value_high: Option<f64>,
    unit: Option<String>,
    kind: FigureKind,
    qualifier: Qualifier,
    /// "from X to Y": X takes Y's unit when it has none.
    links_next: bool,
    /// May borrow a unit from context (a bare number other than the pronoun "one").
    may_borrow: bool,
}

/// An amount: optional currency, a number, optional scale and percent.
#[derive(Debug, Clone)]
struct Amount {
    end: usize,
    /// Token range of the number itself (no currency or percent).
    num: Range<usize>,
    value: f64,
    words: bool,
    currency: Option<String>,
    percent: Option<&'static str>,
    /// Scale factor applied by a scale word or abbreviation, if any.
    scale: Option<f64>,
    /// Digits only, no separators or decimals: may be a year.
    plain_int: bool,
}

enum UnitFound {
    Unit {
        unit: String,
        kind: FigureKind,
        end: usize,
        singular_noun: bool,
    },
    Bare,
    Reject,
}

struct Scanner<'a> {
    toks: &'a [Tok],
    headline: bool,
}

impl Scanner<'_> {
    fn tok(&self, i: usize) -> Option<&Tok> {
        self.toks.get(i)
    }

    fn word(&self, i: usize) -> Option<&str> {
        self.tok(i)
            .filter(|t| t.kind == Kind::Word)
            .map(|t| t.lower.as_str())
    }

    fn is(&self, i: usize, s: &str) -> bool {
        self.tok(i).is_some_and(|t| t.lower == s)
    }

    fn scan(&self) -> Vec<Cand> {
        let mut cands: Vec<Cand> = Vec::new();
        let mut i = 0;
        while i < self.toks.len() {
            let t = &self.toks[i];
            let may_start = match t.kind {
                Kind::Num => true,
                Kind::Word => DATA.starters.contains(&t.lower),
                Kind::Sym => DATA.currency_symbols.contains_key(&t.lower),
            };
            if !may_start {
                i += 1;
                continue;
            }
            let found = self
                .vague(i)
                .or_else(|| self.fraction(i))
                .or_else(|| self.amount_figure(i))
                .or_else(|| self.multiplicative(i))
                .or_else(|| self.article_unit(i));
            match found {
                Some((next, cand)) => {
                    if let Some(c) = cand {
                        cands.push(c);
                    }
                    i = next.max(i + 1);
                }
                None => i += 1,
            }
        }
        self.resolve(&mut cands);
        cands
    }

    /// Gives bare numbers a unit from context, and a conversion in brackets the qualifier
    /// of the figure it converts ("at least 5 billion euros ($5.8bn)").
    fn resolve(&self, cands: &mut [Cand]) {
        for k in 0..cands.len() {
            if cands[k].unit.is_none() && cands[k].may_borrow {
                let borrowed = if cands[k].links_next {
                    cands
                        .get(k + 1)
                        .and_then(|n| n.unit.clone().map(|u| (u, n.kind)))
                } else {
                    None
                };
                let borrowed = borrowed
                    .or_else(|| {
                        cands[..k]
                            .iter()
                            .rev()
                            .find(|p| {
                                p.kind == FigureKind::Count
                                    && p.unit.as_deref().is_some_and(|u| u != "time")
                            })
                            .map(|p| (p.unit.clone().unwrap_or_default(), p.kind))
                    })
                    .or_else(|| {
                        self.toks[..cands[k].toks.start]
                            .iter()
                            .rev()
                            .find_map(|t| DATA.anchors.get(&t.lower))
                            .map(|u| (u.clone(), FigureKind::Count))
                    });
                if let Some((unit, kind)) = borrowed {
                    cands[k].unit = Some(unit);
                    cands[k].kind = kind;
                }
            }
            if k > 0 {
                let start = cands[k].toks.start;
                let prev_end = cands[k - 1].toks.end;
                if start == prev_end + 1
                    && self.is(prev_end, "(")
                    && cands[k].qualifier == Qualifier::Exact
                {
                    cands[k].qualifier = cands[k - 1].qualifier;
                }
            }
        }
    }

    /// "tens of thousands of troops", "dozens", "a couple of years".
    fn vague(&self, i: usize) -> Option<(usize, Option<Cand>)> {
        let (len, v) = DATA.vague.at(self.toks, i)?;
        if i > 0 && self.toks[i - 1].kind == Kind::Num {
            return None;
        }
        let mut e = i + len;
        let (qual_start, qual) = self.qualifier_before(i);
        let mut qualifier = qual.unwrap_or(v.qualifier);
        let plural = v.value != 1.0;
        let mut found = None;
        if self.is(e, "of") && !self.is(i + len - 1, "of") {
            if let Some((n, cur)) = DATA.currency_names.at(self.toks, e + 1) {
                found = Some((cur.clone(), FigureKind::Money, e + 1 + n));
            } else if let Some((n, unit)) = DATA.units.at(self.toks, e + 1) {
                // "tens of millions of tonnes"
                found = Some((unit.clone(), FigureKind::Measure, e + 1 + n));
            } else {
                let mut j = e + 1;
                if self
                    .word(j)
                    .is_some_and(|w| matches!(w, "the" | "our" | "their" | "his" | "her" | "its"))
                {
                    j += 1;
                }
                if let UnitFound::Unit {
                    unit, kind, end, ..
                } = self.noun_phrase(j, plural)
                {
                    found = Some((unit, kind, end));
                }
            }
        } else if let Some((n, unit)) = DATA.units.at(self.toks, e) {
            found = Some((unit.clone(), FigureKind::Measure, e + n));
        } else if !self.toks[i + len - 1].lower.ends_with('s')
            && let UnitFound::Unit {
                unit, kind, end, ..
            } = self.noun_phrase(e, plural)
        {
            // "several thousand Ukrainians"; "spending billions buying" counts no buyers.
            found = Some((unit, kind, end));
        }
        let (unit, kind) = match found {
            Some((unit, kind, end)) => {
                e = end;
                (unit, kind)
            }
            None if v.unit.is_empty() => return Some((e, None)),
            None => {
                let money = DATA.currency_codes.contains_key(&v.unit);
                let kind = if money {
                    FigureKind::Money
                } else {
                    FigureKind::Count
                };
                (v.unit.clone(), kind)
            }
        };
        let (after_end, after) = self.qualifier_after(e);
        if let Some(q) = after {
            qualifier = q;
        }
        Some((
            e,
            Some(Cand {
                toks: qual_start.unwrap_or(i)..after_end,
                core: i..i + len,
                value: v.value,
                value_high: None,
                unit: Some(unit),
                kind,
                qualifier,
                links_next: false,
                may_borrow: false,
            }),
        ))
    }

    /// "half", "two-thirds", "a third of", "every third".
    fn fraction(&self, i: usize) -> Option<(usize, Option<Cand>)> {
        let w = self.word(i)?;
        let denominator = |k: usize| self.word(k).and_then(|w| DATA.fractions.get(w)).copied();
        let (value, end) = if w == "one"
            && self.is(i + 1, "in")
            && let Some(n) = self
                .amount(i + 2)
                .filter(|a| a.value > 1.0 && a.currency.is_none())
        {
            // "one in five Ukrainians"
            (1.0 / n.value, n.end)
        } else if w == "every" {
            let d = denominator(i + 1).filter(|&d| d > 2.0)?;
            (1.0 / d, i + 2)
        } else if w == "half" {
            if self.half_is_not_fraction(i) {
                return Some((i + 1, None));
            }
            (0.5, i + 1)
        } else if w == "a" || w == "one" {
            // "a third of", "one-fifth", "one third".
            let hyphen = self
                .tok(i + 1)
                .is_some_and(|t| is_hyphen(&t.lower) && t.glued);
            let k = if hyphen { i + 2 } else { i + 1 };
            let d = denominator(k).filter(|&d| d > 2.0)?;
            if !hyphen && !self.is(k + 1, "of") {
                return None;
            }
            (1.0 / d, k + 1)
        } else {
            let n = *DATA.numbers.get(w)?;
            let hyphen = self
                .tok(i + 1)
                .is_some_and(|t| is_hyphen(&t.lower) && t.glued);
            let k = if hyphen { i + 2 } else { i + 1 };
            let d = denominator(k).filter(|&d| d > 2.0 || n == 1.0)?;
            // "two thirds" needs the plural; "two third" is not a fraction.
            if n > 1.0 && !self.word(k).is_some_and(|w| w.ends_with('s')) {
                return None;
            }
            (n / d, k + 1)
        };
        let (qual_start, qual) = self.qualifier_before(i);
        Some((
            end,
            Some(Cand {
                toks: qual_start.unwrap_or(i)..end,
                core: i..end,
                value,
                value_high: None,
                unit: Some("fraction".into()),
                kind: FigureKind::Fraction,
                qualifier: qual.unwrap_or(Qualifier::Exact),
                links_next: false,
                may_borrow: false,
            }),
        ))
    }

    /// "the first half of 2025", "half-hearted", "a year and a half", "on behalf".
    fn half_is_not_fraction(&self, i: usize) -> bool {
        let prev = i.checked_sub(1).and_then(|p| self.word(p));
        let ordinal = prev.is_some_and(|p| {
            matches!(
                p,
                "first" | "second" | "latter" | "last" | "a" | "and" | "one"
            )
        });
        let glued_on = self
            .tok(i + 1)
            .is_some_and(|t| t.glued && is_hyphen(&t.lower))
            || self.tok(i).is_some_and(|t| t.glued) && i > 0 && is_hyphen(&self.toks[i - 1].lower);
        ordinal || glued_on
    }

    /// "twice".
    fn multiplicative(&self, i: usize) -> Option<(usize, Option<Cand>)> {
        let value = *DATA.multiplicatives.get(self.word(i)?)?;
        if DATA.idioms.ending_at(self.toks, i + 1).is_some() {
            return Some((i + 1, None));
        }
        Some((
            i + 1,
            Some(Cand {
                toks: i..i + 1,
                core: i..i + 1,
                value,
                value_high: None,
                unit: Some("time".into()),
                kind: FigureKind::Count,
                qualifier: Qualifier::Exact,
                links_next: false,
                may_borrow: false,
            }),
        ))
    }

    /// "over an hour": one unit, only with a qualifier (else "a year" is mostly not a figure).
    fn article_unit(&self, i: usize) -> Option<(usize, Option<Cand>)> {
        let w = self.word(i)?;
        if w != "a" && w != "an" {
            return None;
        }
        let (qual_start, qual) = self.qualifier_before(i);
        let qual = qual?;
        let (n, unit) = DATA.units.at(self.toks, i + 1)?;
        if self.word(i + 1).is_some_and(|u| u.ends_with('s'))
            || self
                .word(i + 1 + n)
                .is_some_and(|w| DATA.relative_after.contains(w))
        {
            return None;
        }
        Some((
            i + 1 + n,
            Some(Cand {
                toks: qual_start.unwrap_or(i)..i + 1 + n,
                core: i..i + 1 + n,
                value: 1.0,
                value_high: None,
                unit: Some(unit.clone()),
                kind: FigureKind::Measure,
                qualifier: qual,
                links_next: false,
                may_borrow: false,
            }),
        ))
    }

    /// A number with what it quantifies: "$350 billion", "100,000 troops or more",
    /// "between 400 and 1,000 oil tankers", "roughly 1,200-km".
    fn amount_figure(&self, i: usize) -> Option<(usize, Option<Cand>)> {
        let first = self.amount(i)?;
        let skip = Some((first.end, None));
        if self.not_a_figure(&first) {
            return skip;
        }
        // Ranges: "5-6", "30 to 35,000", "two or three", "between 5 and 6".
        let mut value = first.value;
        let mut high = None;
        let mut last = first.clone();
        let mut links_next = false;
        let between = i > 0 && self.is(i - 1, "between");
        let from = i > 0 && self.is(i - 1, "from");
        if let Some(conn) = self.tok(first.end) {
            let c = conn.lower.as_str();
            let hyphen = is_hyphen(c) && !first.words;
            let joins = hyphen
                || (c == "to" && !from)
                || (c == "or" && first.words)
                || (c == "and" && between);
            if c == "to" && from {
                links_next = true;
            }
            if joins && let Some(second) = self.amount(first.end + 1) {
                if self.not_a_figure(&second) || first.plain_int && is_year(first.value) {
                    return Some((second.end, None));
                }
                let mut low = first.value;
                if second.scale.is_some() && first.scale.is_none() {
                    low *= second.scale.unwrap_or(1.0);
                } else if first.scale.is_none()
                    && low < 1000.0
                    && second.value >= 1000.0
                    && low * 1000.0 <= second.value
                    && low * 1000.0 >= second.value / 2.0
                {
                    low *= 1000.0;
                }
                if second.value > low {
                    value = low;
                    high = Some(second.value);
                    let currency = first.currency.clone().or(second.currency.clone());
                    let percent = first.percent.or(second.percent);
                    last = Amount {
                        currency,
                        percent,
                        ..second
                    };
                } else if hyphen {
                    // "555-0100", "3-1": an identifier or a score.
                    return Some((second.end, None));
                }
            }
        }
        let mut e = last.end;
        let plus = self.tok(e).is_some_and(|t| t.lower == "+" && t.glued);
        if plus {
            e += 1;
        }
        // "40-odd nations"
        let odd =
            self.tok(e).is_some_and(|t| t.glued && is_hyphen(&t.lower)) && self.is(e + 1, "odd");
        if odd {
            e += 2;
        }
        let plural = value != 1.0 || high.is_some() || !first.words && first.value != 1.0;
        let found = if let Some(p) = last.percent {
            UnitFound::Unit {
                unit: p.into(),
                kind: FigureKind::Percent,
                end: e,
                singular_noun: false,
            }
        } else if let Some(cur) = &last.currency {
            let end = DATA
                .currency_names
                .at(self.toks, e)
                .map_or(e, |(n, _)| e + n);
            UnitFound::Unit {
                unit: cur.clone(),
                kind: FigureKind::Money,
                end,
                singular_noun: false,
            }
        } else {
            self.unit_after(e, plural)
        };
        let (unit, kind, end, singular_noun) = match found {
            UnitFound::Reject => return Some((e, None)),
            UnitFound::Bare => (None, FigureKind::Count, e, false),
            UnitFound::Unit {
                unit,
                kind,
                end,
                singular_noun,
            } => (Some(unit), kind, end, singular_noun),
        };
        if first.plain_int
            && is_year(first.value)
            && !matches!(
                kind,
                FigureKind::Money | FigureKind::Percent | FigureKind::Measure
            )
        {
            return Some((end, None));
        }
        // "over the past three years", "within the next 48 hours": a span of dates.
        let anchored = kind == FigureKind::Measure
            && unit.as_deref().is_some_and(|u| DATA.time_units.contains(u))
            && i.checked_sub(1)
                .and_then(|p| self.word(p))
                .is_some_and(|w| DATA.anchored_before.contains(w));
        if anchored {
            return Some((end, None));
        }
        if self.named_by_word_before(first.num.start, unit.is_none() || singular_noun) {
            return Some((end, None));
        }
        if first.words
            && first.value == 1.0
            && first.num.len() == 1
            && (DATA.idioms.at(self.toks, first.num.start).is_some()
                || DATA.idioms.ending_at(self.toks, first.num.end).is_some())
        {
            return Some((end, None));
        }
        // "one-on-one"; "the pronoun "one" before a noun ("one insider reckons") is kept only
        // for tolls ("One person was injured") and measures ("one inch").
        let hyphen_before = first.num.start > 0
            && self.toks[first.num.start].glued
            && is_hyphen(&self.toks[first.num.start - 1].lower);
        if first.words && hyphen_before {
            return Some((end, None));
        }
        if first.words
            && value == 1.0
            && high.is_none()
            && kind == FigureKind::Count
            && !unit
                .as_deref()
                .is_some_and(|u| DATA.one_counts.contains(&u.to_lowercase()))
        {
            return Some((end, None));
        }
        // "the two of them" and friends borrow a unit; other bare number words are dropped.
        let may_borrow = unit.is_none() && !(first.words && value == 1.0);
        let (qual_start, qual) = if between {
            (Some(i - 1), None)
        } else {
            self.qualifier_before(i)
        };
        let (after_end, after) = self.qualifier_after(end);
        let glued_plus = if plus {
            Some(Qualifier::AtLeast)
        } else {
            odd.then_some(Qualifier::Approx)
        };
        let qualifier = if high.is_some() {
            Qualifier::Range
        } else {
            after.or(glued_plus).or(qual).unwrap_or(Qualifier::Exact)
        };
        Some((
            end.max(first.end),
            Some(Cand {
                toks: qual_start.unwrap_or(i)..after_end.max(end),
                core: first.num.start..last.num.end,
                value,
                value_high: high,
                unit,
                kind,
                qualifier,
                links_next,
                may_borrow,
            }),
        ))
    }

    /// Currency, number, scale and percent starting at token `i`.
    fn amount(&self, i: usize) -> Option<Amount> {
        let t = self.tok(i)?;
        let mut j = i;
        let mut currency = None;
        if let Some(c) = DATA.currency_symbols.get(&t.lower) {
            currency = Some(c.clone());
            j += 1;
        } else if t.kind == Kind::Word
            && let Some(c) = DATA.currency_prefixed.get(&t.lower)
            && self.tok(i + 1).is_some_and(|s| s.glued && s.lower == "$")
        {
            currency = Some(c.clone());
            j += 2;
        } else if t.kind == Kind::Word
            && let Some(c) = self.code(i)
        {
            currency = Some(c.clone());
            j += 1;
        }
        let nt = self.tok(j)?;
        if currency.is_some() && j > i && nt.kind != Kind::Num && !self.is_number_word(j) {
            return None;
        }
        let (mut value, mut k, words, plain_int) = match nt.kind {
            Kind::Num => {
                let digits: String = nt.lower.chars().filter(|&c| c != ',').collect();
                let plain = nt.lower.chars().all(|c| c.is_ascii_digit());
                (digits.parse::<f64>().ok()?, j + 1, false, plain)
            }
            Kind::Word => {
                if nt.lower == "half" && self.is(j + 1, "a") {
                    let s = *self.word(j + 2).and_then(|w| DATA.scales.get(w))?;
                    (0.5 * s, j + 3, true, false)
                } else {
                    let (v, k) = self.number_words(j)?;
                    (v, k, true, false)
                }
            }
            Kind::Sym => return None,
        };
        let num_start = j;
        // "one and a half", "one-and-a-half-hour".
        let sep = |k: usize| {
            self.tok(k)
                .is_some_and(|t| t.kind == Kind::Sym && is_hyphen(&t.lower) && t.glued)
        };
        let mut p = k;
        let step = |p: &mut usize, w: &str| {
            if sep(*p) {
                *p += 1;
            }
            if self.is(*p, w) {
                *p += 1;
                true
            } else {
                false
            }
        };
        if step(&mut p, "and") && step(&mut p, "a") && step(&mut p, "half") {
            value += 0.5;
            k = p;
        }
        let mut scale = None;
        if let Some(s) = self.word(k).and_then(|w| DATA.scales.get(w))
            && (!words || !self.is(k - 1, "and"))
        {
            scale = Some(*s);
            k += 1;
        } else if let Some(st) = self.tok(k).filter(|t| t.kind == Kind::Word && !words) {
            let next_is_currency =
                DATA.currency_names.at(self.toks, k + 1).is_some() || self.code(k + 1).is_some();
            if let Some(s) = DATA.scale_abbreviations.get(&st.lower) {
                scale = Some(*s);
                k += 1;
            } else if let Some(s) = DATA.short_scale_abbreviations.get(&st.lower)
                && st.glued
                && (currency.is_some() || next_is_currency)
            {
                scale = Some(*s);
                k += 1;
            }
        }
        if let Some(s) = scale {
            value *= s;
        }
        let num_end = k;
        let mut percent = None;
        if self.is(k, "%") {
            percent = Some("percent");
            k += 1;
        } else if let Some((n, p)) = DATA.percent.at(self.toks, k) {
            percent = Some(*p);
            k += n;
        }
        if currency.is_none()
            && let Some(c) = self.code(k)
        {
            currency = Some(c.clone());
            k += 1;
        }
        if currency.is_none()
            && let Some((n, c)) = DATA.currency_names.at(self.toks, k)
        {
            currency = Some(c.clone());
            k += n;
        }
        Some(Amount {
            end: k,
            num: num_start..num_end,
            value,
            words,
            currency,
            percent,
            scale,
            plain_int: plain_int && scale.is_none(),
        })
    }

    /// The ISO code a token spells in capitals ("USD", "EUR"); lower-case words never are.
    fn code(&self, i: usize) -> Option<&'static String> {
        let t = self.tok(i).filter(|t| t.kind == Kind::Word && t.all_caps)?;
        DATA.currency_codes.get(&t.lower.to_uppercase())
    }

    fn is_number_word(&self, i: usize) -> bool {
        self.word(i).is_some_and(|w| DATA.numbers.contains_key(w))
    }

    /// "forty-two", "one hundred and five", "a million", "three hundred thousand".
    fn number_words(&self, i: usize) -> Option<(f64, usize)> {
        #[derive(PartialEq, Clone, Copy)]
        enum Last {
            None,
            Small,
            Tens,
            Hundred,
            Scale,
        }
        let mut total = 0.0;
        let mut current = 0.0;
        let mut last = Last::None;
        let mut j = i;
        let mut end = i;
        if self.word(i).is_some_and(|w| w == "a" || w == "an")
            && self
                .word(i + 1)
                .is_some_and(|w| DATA.scales.contains_key(w))
        {
            current = 1.0;
            last = Last::Small;
            j = i + 1;
        }
        while let Some(w) = self.word(j) {
            if let Some(&v) = DATA.numbers.get(w) {
                let fits = match last {
                    Last::None | Last::Hundred | Last::Scale => true,
                    Last::Tens => v < 10.0 && v > 0.0,
                    Last::Small => false,
                };
                if !fits {
                    break;
                }
                current += v;
                last = if v >= 20.0 && v % 10.0 == 0.0 {
                    Last::Tens
                } else {
                    Last::Small
                };
            } else if let Some(&s) = DATA.scales.get(w) {
                if last == Last::None || last == Last::Scale && s >= 1000.0 && current == 0.0 {
                    break;
                }
                if s == 100.0 {
                    current = current.max(1.0) * 100.0;
                    last = Last::Hundred;
                } else {
                    total += current.max(1.0) * s;
                    current = 0.0;
                    last = Last::Scale;
                }
            } else {
                break;
            }
            j += 1;
            end = j;
            // Connectors: "forty-two", "one hundred and five".
            let hyphen = self.tok(j).is_some_and(|t| t.glued && is_hyphen(&t.lower));
            let joined_tens =
                hyphen && last == Last::Tens && self.tok(j + 1).is_some_and(|t| t.glued);
            let joined_and = self.is(j, "and")
                && matches!(last, Last::Hundred | Last::Scale)
                && self.is_number_word(j + 1);
            if joined_tens || joined_and {
                j += 1;
            }
        }
        (last != Last::None && end > i).then_some((total + current, end))
    }

    /// Dates, times, ordinals, phone numbers and numbers glued into names.
    fn not_a_figure(&self, a: &Amount) -> bool {
        let s = a.num.start;
        let t = &self.toks[s];
        if a.words {
            return false;
        }
        let prev = s.checked_sub(1).map(|p| &self.toks[p]);
        let prev2 = s.checked_sub(2).map(|p| &self.toks[p]);
        // "G7", "MH17", "F-16", "COVID-19"; "+380"; "#5"; "24/7"; "10:30".
        if t.glued
            && let Some(p) = prev
        {
            if p.kind == Kind::Word && a.currency.is_none() {
                return true;
            }
            if is_hyphen(&p.lower) && prev2.is_some_and(|q| p.glued && q.kind == Kind::Word) {
                return true;
            }
            if matches!(p.lower.as_str(), "+" | "#" | "/" | ":" | "№") {
                return true;
            }
        }
        // "Item 1 of 5": a position in a gallery or list.
        if prev.is_some_and(|p| p.lower == "of") && prev2.is_some_and(|q| q.kind == Kind::Num) {
            return true;
        }
        let after = &self.toks.get(a.num.end.min(a.end));
        let next = self.tok(s + 1);
        if let Some(n) = next
            && n.glued
        {
            if matches!(n.lower.as_str(), "/" | ":")
                && self
                    .tok(s + 2)
                    .is_some_and(|m| m.glued && m.kind == Kind::Num)
            {
                return true;
            }
            if n.kind == Kind::Word
                && (DATA.ordinal_suffix.contains(&n.lower) || DATA.time_after.contains(&n.lower))
            {
                return true;
            }
            // "5G", "1990s": letters glued on that are no scale, unit or currency.
            if n.kind == Kind::Word
                && a.scale.is_none()
                && a.percent.is_none()
                && a.currency.is_none()
                && DATA.units.at(self.toks, s + 1).is_none()
                && !self.is_number_word(s + 1)
            {
                return true;
            }
        }
        if let Some(n) = after
            && n.kind == Kind::Word
            && DATA.time_after.contains(&n.lower)
            && a.percent.is_none()
        {
            return true;
        }
        // A run of numbers with only spaces between them: a phone number or an identifier.
        if next.is_some_and(|n| n.kind == Kind::Num && !n.glued)
            || prev.is_some_and(|p| p.kind == Kind::Num && !t.glued)
        {
            return true;
        }
        // Day numbers next to a month: "20 February", "Feb. 28", "March 13 and 17".
        let day = a.plain_int && a.value >= 1.0 && a.value <= 31.0;
        if day && a.currency.is_none() && a.percent.is_none() {
            let month = |i: usize| {
                self.tok(i)
                    .is_some_and(|t| t.capital && DATA.months.contains(&t.lower))
            };
            let mut p = s;
            if p > 0 && self.is(p - 1, ".") {
                p -= 1;
            }
            if p > 0 && month(p - 1) || month(a.end) || self.is(a.end, "of") && month(a.end + 1) {
                return true;
            }
            // "between March 13 and 17", "from 14 to 19 February".
            if p >= 3
                && matches!(self.toks[p - 1].lower.as_str(), "and" | "to" | "-" | "–")
                && self.toks[p - 2].kind == Kind::Num
                && month(p - 3)
            {
                return true;
            }
            if matches!(
                self.tok(a.end).map(|t| t.lower.as_str()),
                Some("and" | "to" | "-" | "–")
            ) && self.tok(a.end + 1).is_some_and(|t| t.kind == Kind::Num)
                && month(a.end + 2)
            {
                return true;
            }
        }
        false
    }

    /// "Article 5", "Leopard 2 tanks", "World War Two": a number named by the word before.
    fn named_by_word_before(&self, s: usize, weak: bool) -> bool {
        let Some(p) = s.checked_sub(1).map(|p| &self.toks[p]) else {
            return false;
        };
        if DATA.name_before_any_case.contains(&p.lower) {
            return true;
        }
        if p.kind != Kind::Word || !p.capital || self.headline {
            return false;
        }
        if DATA.name_before.contains(&p.lower) {
            return true;
        }
        // Any other capitalised word, unless it starts the sentence or is a possessive.
        let initial = self.toks[..s - 1].iter().all(|t| t.kind == Kind::Sym);
        let possessive = p.lower.ends_with("'s") || p.lower.ends_with('\'');
        weak && !initial
            && !possessive
            && !DATA.stop.contains(&p.lower)
            && DATA.before.ending_at(self.toks, s).is_none()
            && !DATA.months.contains(&p.lower)
    }

    /// What the number at `e` quantifies: a unit, a compound ("seven-year"), or a noun.
    fn unit_after(&self, e: usize, plural: bool) -> UnitFound {
        let Some(t) = self.tok(e) else {
            return UnitFound::Bare;
        };
        // "seven-year high", "1,200-km", "15-point plan", "47-year-old" (an age).
        if is_hyphen(&t.lower) && t.glued && self.tok(e + 1).is_some_and(|n| n.glued) {
            if let Some((n, unit)) = DATA.units.at(self.toks, e + 1) {
                let end = e + 1 + n;
                if self
                    .tok(end)
                    .is_some_and(|h| is_hyphen(&h.lower) && h.glued)
                    && self.is(end + 1, "old")
                {
                    return UnitFound::Reject;
                }
                return UnitFound::Unit {
                    unit: unit.clone(),
                    kind: FigureKind::Measure,
                    end,
                    singular_noun: false,
                };
            }
            let Some(w) = self.word(e + 1) else {
                return UnitFound::Reject;
            };
            if DATA.compound_reject.contains(w)
                || DATA.stop.contains(w)
                || self
                    .tok(e + 2)
                    .is_some_and(|h| is_hyphen(&h.lower) && h.glued)
            {
                return UnitFound::Reject;
            }
            return UnitFound::Unit {
                unit: w.to_string(),
                kind: FigureKind::Count,
                end: e + 2,
                singular_noun: false,
            };
        }
        if let Some((n, unit)) = DATA.units.at(self.toks, e) {
            let end = e + n;
            let age = self
                .word(end)
                .is_some_and(|w| DATA.age_after.contains(w) || w == "old");
            // "the conflict three years on": a point in time, not a length.
            let on = self.is(end, "on") && self.tok(end + 1).is_none_or(|t| t.kind == Kind::Sym);
            if age || on {
                return UnitFound::Reject;
            }
            return UnitFound::Unit {
                unit: unit.clone(),
                kind: FigureKind::Measure,
                end,
                singular_noun: false,
            };
        }
        // "two of those tankers"; "110 of which", "21 of them" borrow.
        if plural && self.is(e, "of") {
            if self
                .word(e + 1)
                .is_some_and(|w| matches!(w, "those" | "these" | "the"))
            {
                return match self.noun_phrase(e + 2, true) {
                    UnitFound::Unit { .. } if self.is(e + 1, "the") => UnitFound::Bare,
                    found => found,
                };
            }
            return UnitFound::Bare;
        }
        self.noun_phrase(e, plural)
    }

    /// The counted noun: the first plural noun within a few words ("40 Ukrainian drones"),
    /// or for one thing the last word before a verb or function word ("one senior
    /// Ukrainian official").
    fn noun_phrase(&self, e: usize, plural: bool) -> UnitFound {
        let mut j = e;
        let mut words = 0;
        let mut head: Option<usize> = None;
        while j < self.toks.len() && words < 5 {
            let t = &self.toks[j];
            match t.kind {
                Kind::Sym if t.lower == "(" && words > 0 => {
                    // "30 National Unity Platform (NUP) members"
                    match (j + 1..(j + 5).min(self.toks.len())).find(|&k| self.is(k, ")")) {
                        Some(k) => j = k + 1,
                        None => break,
                    }
                    continue;
                }
                Kind::Sym
                    if is_hyphen(&t.lower)
                        && t.glued
                        && words > 0
                        && self
                            .tok(j + 1)
                            .is_some_and(|n| n.glued && n.kind == Kind::Word) =>
                {
                    // "long-range missiles"
                    j += 1;
                    continue;
                }
                Kind::Sym
                    if t.lower == "."
                        && t.glued
                        && words > 0
                        && self.toks[j - 1].lower.contains('.') =>
                {
                    // "three U.S. representatives"
                    j += 1;
                    continue;
                }
                Kind::Word => {}
                _ => break,
            }
            let w = t.lower.as_str();
            if DATA.stop.contains(w) && !(words == 0 && w == "others") {
                break;
            }
            // "armoured personnel carriers": a collective noun that modifies a plural.
            let modifies_next = DATA.collective.contains(w)
                && self
                    .tok(j + 1)
                    .is_some_and(|n| self.plural_lemma(n).is_some());
            if plural {
                if !modifies_next && let Some(lemma) = self.plural_lemma(t) {
                    return UnitFound::Unit {
                        unit: lemma,
                        kind: FigureKind::Count,
                        end: j + 1,
                        singular_noun: false,
                    };
                }
            } else {
                let verbish = w.ends_with("ed") || w.ends_with("ing") || w.ends_with("ly");
                if words > 0 && verbish
                    || (w.ends_with('s') && !w.ends_with("ss") && !w.ends_with("'s"))
                    || DATA.not_plural.contains(w)
                {
                    break;
                }
                head = Some(j);
            }
            words += 1;
            j += 1;
        }
        match head {
            Some(h) if !plural => UnitFound::Unit {
                unit: self.keep_case(&self.toks[h], self.toks[h].lower.clone()),
                kind: FigureKind::Count,
                end: h + 1,
                singular_noun: true,
            },
            _ => UnitFound::Bare,
        }
    }

    /// The singular of a plural noun, or `None` when the word is not one.
    fn plural_lemma(&self, t: &Tok) -> Option<String> {
        let w = t.lower.as_str();
        if let Some(l) = DATA.irregular.get(w) {
            return Some(l.clone());
        }
        if DATA.collective.contains(w) {
            return Some(w.to_string());
        }
        if w.chars().count() < 3
            || !w.ends_with('s')
            || w.ends_with("ss")
            || w.ends_with("us")
            || w.ends_with("is")
            || w.ends_with("'s")
            || w.contains('.')
            || DATA.not_plural.contains(w)
        {
            return None;
        }
        let lemma = if let Some(stem) = w.strip_suffix("ies") {
            format!("{stem}y")
        } else if ["sses", "xes", "ches", "shes", "zes"]
            .iter()
            .any(|s| w.ends_with(s))
        {
            w[..w.len() - 2].to_string()
        } else {
            w[..w.len() - 1].to_string()
        };
        Some(self.keep_case(t, lemma))
    }

    /// Proper nouns keep their capital ("Ukrainians" -> "Ukrainian"), except in a headline,
    /// where every word has one.
    fn keep_case(&self, t: &Tok, lemma: String) -> String {
        if t.capital && !self.headline && t.lower.len() > 1 {
            let mut c = lemma.chars();
            c.next()
                .map(|f| f.to_uppercase().chain(c).collect())
                .unwrap_or(lemma)
        } else {
            lemma
        }
    }

    /// The qualifier phrase ending just before token `i`, with where it starts.
    fn qualifier_before(&self, i: usize) -> (Option<usize>, Option<Qualifier>) {
        match DATA.before.ending_at(self.toks, i) {
            Some((start, &q)) => (Some(start), Some(q)),
            None => (None, None),
        }
    }

    /// The qualifier phrase starting at token `e` ("or so", "or more", "+"), with its end.
    fn qualifier_after(&self, e: usize) -> (usize, Option<Qualifier>) {
        match DATA.after.at(self.toks, e) {
            Some((n, &q)) if e < self.toks.len() => {
                // "+" must be glued ("100+"); words follow a space.
                if self.toks[e].kind == Kind::Sym && !self.toks[e].glued {
                    return (e, None);
                }
                (e + n, Some(q))
            }
            _ => (e, None),
        }
    }
}

fn is_year(v: f64) -> bool {
    (1000.0..=2100.0).contains(&v)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    #[ignore]
    fn probe() {
        for t in std::env::var("PROBE").unwrap_or_default().split('|') {
            eprintln!("{t:?} -> {:?}", figures(t));
        }
    }
    use crate::extract::{DateKind, Granularity};

    fn figures(body: &str) -> Vec<(String, f64, Option<f64>, String, FigureKind, Qualifier)> {
        figures_with(body, &[])
    }

    fn figures_with(
        body: &str,
        date_texts: &[&str],
    ) -> Vec<(String, f64, Option<f64>, String, FigureKind, Qualifier)> {
        let doc = Doc::new("", body);
        let dates: Vec<DateMention> = date_texts
            .iter()
            .map(|d| {
                let start = doc.text.find(d).expect("date text in body");
                DateMention {
                    span: start..start + d.len(),
                    sentence: doc.sentence_at(start),
                    kind: DateKind::Relative,
                    granularity: Granularity::Day,
                    date_start: None,
                    date_end: None,
                }
            })
            .collect();
        extract(&doc, &dates)
            .into_iter()
            .map(|f| {
                (
                    doc.text[f.span].to_string(),
                    f.value,
                    f.value_high,
                    f.unit,
                    f.kind,
                    f.qualifier,
                )
            })
            .collect()
    }

    /// The one figure in `body`: (value, unit, kind, qualifier).
    fn one(body: &str) -> (f64, String, FigureKind, Qualifier) {
        let found = figures(body);
        assert_eq!(found.len(), 1, "{body}: {found:?}");
        let (_, v, _, u, k, q) = found.into_iter().next().unwrap();
        (v, u, k, q)
    }

    fn close(a: f64, b: f64) -> bool {
        (a - b).abs() <= b.abs() * 1e-6
    }

    use FigureKind::*;
    use Qualifier::*;

    #[test]
    fn money_symbols_codes_names_and_scales() {
        let cases: &[(&str, f64, &str)] = &[
            ("It cost $350 billion in all.", 350e9, "USD"),
            ("Allies pledged €1.5bn to Kyiv.", 1.5e9, "EUR"),
            ("They voted to spend $400m on it.", 400e6, "USD"),
            ("Deals worth $12trn were offered.", 12e12, "USD"),
            ("It borrowed 90 billion euros for aid.", 90e9, "EUR"),
            ("Britain gave £2.26bn in loans.", 2.26e9, "GBP"),
            ("The fund holds US$5 million now.", 5e6, "USD"),
            ("Kyiv allotted ₴40 billion to it.", 40e9, "UAH"),
            ("They seized 300 billion rubles of assets.", 300e9, "RUB"),
            ("It paid USD 2.5 million for that.", 2.5e6, "USD"),
            ("Kyiv got 1.2 billion EUR in June.", 1.2e9, "EUR"),
            ("A fee of 15 billion hryvnias was set.", 15e9, "UAH"),
            ("Brent rose to $95.46 a barrel.", 95.46, "USD"),
            ("He offered five billion dollars to them.", 5e9, "USD"),
            ("Startups raised $50k each.", 50e3, "USD"),
        ];
        for &(text, value, unit) in cases {
            let (v, u, k, q) = one(text);
            assert!(close(v, value), "{text}: {v}");
            assert_eq!((u.as_str(), k, q), (unit, Money, Exact), "{text}");
        }
    }

    #[test]
    fn counts_with_lemmatised_nouns() {
        let cases: &[(&str, f64, &str)] = &[
            ("Russia massed 100,000 troops there.", 1e5, "troop"),
            ("It has 3 million Ukrainians abroad.", 3e6, "Ukrainian"),
            (
                "Officials said 31,680 casualties were counted.",
                31680.0,
                "casualty",
            ),
            ("It left 100,000 families in the dark.", 1e5, "family"),
            (
                "Russia launched 396 attack drones overnight.",
                396.0,
                "drone",
            ),
            (
                "He met three U.S. representatives there.",
                3.0,
                "representative",
            ),
            (
                "The swap freed 314 prisoners of war last week.",
                314.0,
                "prisoner",
            ),
            (
                "They killed 30 National Unity Platform (NUP) members.",
                30.0,
                "member",
            ),
            ("Forty-two tanks were sent.", 42.0, "tank"),
            ("Officials said one person was injured.", 1.0, "person"),
            (
                "There are over one hundred thousand Russian soldiers.",
                1e5,
                "soldier",
            ),
            ("Two people had been killed, police said.", 2.0, "person"),
        ];
        for &(text, value, unit) in cases {
            let (v, u, k, _) = one(text);
            assert!(close(v, value), "{text}: {v}");
            assert_eq!((u.as_str(), k), (unit, Count), "{text}");
        }
    }

    #[test]
    fn numbers_in_words_and_rough_amounts() {
        let (v, u, _, q) = one("Russia amassed tens of thousands of troops.");
        assert_eq!((v, u.as_str(), q), (1e4, "troop", AtLeast));
        let (v, u, _, q) = one("It abandons hundreds of thousands of our people.");
        assert_eq!((v, u.as_str(), q), (1e5, "person", AtLeast));
        let (v, u, _, q) = one("A video showed dozens of Ukrainian prisoners.");
        assert_eq!((v, u.as_str(), q), (12.0, "prisoner", AtLeast));
        let (v, u, _, q) = one("They sent a dozen tanks.");
        assert_eq!((v, u.as_str(), q), (12.0, "tank", Exact));
        let (v, u, k, q) = one("Europe is spending billions on arms.");
        assert_eq!((v, u.as_str(), k, q), (1e9, "USD", Money, AtLeast));
        let (v, u, _, q) = one("It was watched by millions around the world.");
        assert_eq!((v, u.as_str(), q), (1e6, "person", AtLeast));
        let (v, u, _, _) = one("They held hundreds of meetings.");
        assert_eq!((v, u.as_str()), (100.0, "meeting"));
        let (v, u, k, _) = one("It exports tens of millions of tonnes of grain.");
        assert_eq!((v, u.as_str(), k), (1e7, "ton", Measure));
        let (_, u, _, _) = one("Australia sent 14 armoured personnel carriers.");
        assert_eq!(u, "carrier");
        let (v, u, k, q) = one("He could recover in no more than a couple of years.");
        assert_eq!((v, u.as_str(), k, q), (2.0, "year", Measure, AtMost));
    }

    #[test]
    fn percentages() {
        for text in [
            "Support fell to 45% this spring.",
            "Support fell to 45 per cent this spring.",
            "Support fell to 45 percent this spring.",
        ] {
            assert_eq!(
                one(text),
                (45.0, "percent".into(), Percent, Exact),
                "{text}"
            );
        }
        assert_eq!(
            one("Russia occupies about 20% of Ukraine."),
            (20.0, "percent".into(), Percent, Approx)
        );
    }

    #[test]
    fn fractions() {
        let cases: &[(&str, f64, Qualifier)] = &[
            ("Spending is roughly half of that.", 0.5, Approx),
            (
                "Russia holds roughly two-thirds of Donetsk.",
                2.0 / 3.0,
                Approx,
            ),
            ("Ceding the remaining one-fifth of the region.", 0.2, Exact),
            ("Two-thirds of respondents disagreed.", 2.0 / 3.0, Exact),
            ("A third of the budget goes there.", 1.0 / 3.0, Exact),
            ("Every third Ukrainian has moved.", 1.0 / 3.0, Exact),
            ("Turkey is taking half a step towards Kyiv.", 0.5, Exact),
            ("More than half of voters agree.", 0.5, AtLeast),
            ("One in five Ukrainians left.", 0.2, Exact),
        ];
        for &(text, value, q) in cases {
            let (v, u, k, got) = one(text);
            assert!(close(v, value), "{text}: {v}");
            assert_eq!((u.as_str(), k, got), ("fraction", Fraction, q), "{text}");
        }
        assert!(figures("In the first half of the year it grew.").is_empty());
        assert!(figures("A third round of talks began.").is_empty());
        assert!(figures("They acted on behalf of Kyiv, half-heartedly.").is_empty());
    }

    #[test]
    fn measures_with_units() {
        let cases: &[(&str, f64, &str, Qualifier)] = &[
            (
                "Troops withdrew by up to 25 miles there.",
                25.0,
                "mile",
                AtMost,
            ),
            (
                "Forces gained 201sq km of territory.",
                201.0,
                "square kilometre",
                Exact,
            ),
            (
                "The front is roughly 1,200-km long.",
                1200.0,
                "kilometre",
                Approx,
            ),
            ("It was the talks' seven-year high.", 7.0, "year", Exact),
            ("They held a 50-minute call.", 50.0, "minute", Exact),
            ("Exports reached 3 million tonnes.", 3e6, "ton", Exact),
            (
                "The talks lasted more than five hours.",
                5.0,
                "hour",
                AtLeast,
            ),
            ("The call lasted over an hour.", 1.0, "hour", AtLeast),
            (
                "Kyiv offered a one-and-a-half-hour meeting.",
                1.5,
                "hour",
                Exact,
            ),
            ("They occupy one inch of land.", 1.0, "inch", Exact),
            (
                "It could take three to five years to rebuild.",
                3.0,
                "year",
                Range,
            ),
        ];
        for &(text, value, unit, q) in cases {
            let (v, u, k, got) = one(text);
            assert!(close(v, value), "{text}: {v}");
            assert_eq!((u.as_str(), k, got), (unit, Measure, q), "{text}");
        }
    }

    #[test]
    fn qualifiers_around_the_number() {
        let q = |t: &str| one(t).3;
        assert_eq!(q("It might require 100,000 troops or more."), AtLeast);
        assert_eq!(q("Officials say 10,000 troops or so would do."), Approx);
        assert_eq!(q("It has more than 100,000 troops near Ukraine."), AtLeast);
        assert_eq!(q("Ireland hosts some 20,000 refugees."), Approx);
        assert_eq!(q("There are nearly 1.2 million casualties."), Approx);
        assert_eq!(
            q("There are an estimated 1,000 Ukrainian soldiers inside."),
            Approx
        );
        assert_eq!(
            q("Europe pledged at least 5 billion euros this year."),
            AtLeast
        );
        assert_eq!(q("Fewer than 40 countries came."), AtMost);
        assert_eq!(q("He wants 100+ drones a day."), AtLeast);
        assert_eq!(q("Some 40-odd nations came."), Approx);
        let found = figures("A fleet of between 400 and 1,000 oil tankers sails.");
        assert_eq!(found.len(), 1);
        assert_eq!(
            (found[0].1, found[0].2, found[0].3.as_str(), found[0].5),
            (400.0, Some(1000.0), "tanker", Range)
        );
        let found = figures("He said there are 30 to 35,000 troops there.");
        assert_eq!(
            (found[0].1, found[0].2, found[0].5),
            (30000.0, Some(35000.0), Range)
        );
        let found = figures("Turnout was 5-6% lower.");
        assert_eq!(
            (found[0].1, found[0].2, found[0].5),
            (5.0, Some(6.0), Range)
        );
    }

    #[test]
    fn bare_numbers_borrow_a_unit_from_context() {
        let found = figures("France's troop presence rose from 300 to 969 this year.");
        let got: Vec<_> = found.iter().map(|f| (f.1, f.3.as_str())).collect();
        assert_eq!(got, [(300.0, "troop"), (969.0, "troop")]);
        let found = figures("Russia launched 138 drones at Ukraine, 110 of which were shot down.");
        let got: Vec<_> = found.iter().map(|f| (f.1, f.3.as_str())).collect();
        assert_eq!(got, [(138.0, "drone"), (110.0, "drone")]);
        let found = figures("Two people were killed and six others wounded.");
        assert_eq!(found[1].3, "person");
        // A conversion in brackets keeps the qualifier of what it converts.
        let found = figures("They pledged at least 5 billion euros ($5.8bn) on arms.");
        assert_eq!(found[1].5, AtLeast);
        // A bare number with nothing to count is no figure.
        assert!(figures("The vote was won 52 to 48 in the end.").is_empty());
    }

    #[test]
    fn years_and_date_parts_are_not_figures() {
        for text in [
            "Russia seized Crimea in 2014.",
            "He came back on 20 February with aides.",
            "It happened on Feb. 28 at the border.",
            "Talks ran between March 13 and 17 in Istanbul.",
            "Flights stopped from 14 to 19 February.",
            "The 2022 invasion changed that.",
            "Sales were flat in 2022-23 overall.",
            "It was the 1990s that mattered.",
        ] {
            assert!(figures(text).is_empty(), "{text}: {:?}", figures(text));
        }
        // Spans the dates stage found are skipped too.
        assert!(figures_with("It ended three days later.", &["three days later"]).is_empty());
    }

    #[test]
    fn times_ordinals_and_names_are_not_figures() {
        for text in [
            "The meeting starts at 10:30 in Kyiv.",
            "Sirens sounded at 9 p.m. in the capital.",
            "It was his 2nd visit in the 21st century.",
            "NATO's Article 5 protects members.",
            "Leaders of the G7 met in Italy.",
            "Kyiv wants F-16 jets and Su-35 parts.",
            "The COVID-19 pandemic slowed trade.",
            "They returned to the Minsk II accords.",
            "After World War Two the order changed.",
            "Call +380 44 123 4567 for details.",
            "See https://example.com/2024/10/5-things for more.",
            "He said one day the war would end.",
            "One of the mediators said so.",
            "It was one more reminiscent of tribute, even if one includes the cost.",
            "Officials said it is a 47-year-old man.",
            "Published 3 hours ago by staff.",
            "Worldcategory · February 23, 2026 · 7:54 PM UTC · 2 mins ago",
            "Who is the number one power, he asked.",
            "He gave a one-on-one interview.",
            "Bad actors may think twice before attacking.",
            "Item 1 of 5 Ukrainian prisoners pose for a picture.",
            "Deals were agreed; one insider reckons a package is ready.",
            "Less than a week after the start of the war it changed.",
            "Understanding the conflict three years on.",
            "It has spent that over the past three years.",
            "They must answer within the next 48 hours.",
        ] {
            assert!(figures(text).is_empty(), "{text}: {:?}", figures(text));
        }
    }

    #[test]
    fn the_sentence_precheck_never_skips_a_possible_figure() {
        // Every sentence of the fixture articles plus phrases that start a figure with "a",
        // a symbol or a word: where the pre-check says no, the scanner must find nothing.
        let mut texts: Vec<String> = [
            "A dozen soldiers left.",
            "It cost A$5 each.",
            "The talks took over an hour.",
            "A third of the aid arrived.",
            "Half the money is gone.",
            "Every third shell was a dud.",
            "A few hundred people marched.",
            "He called it a disgrace.",
            "Prices rose by a percentage point.",
        ]
        .map(String::from)
        .into();
        let root = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/corpus/gdelt");
        for entry in std::fs::read_dir(root).unwrap() {
            texts.push(std::fs::read_to_string(entry.unwrap().path()).unwrap_or_default());
        }
        let mut word = String::new();
        let (mut checked, mut skipped) = (0, 0);
        for text in &texts {
            let doc = Doc::new("", text);
            for sentence in &doc.sentences {
                checked += 1;
                if may_hold_figure(&doc.text, sentence.span.clone(), &mut word) {
                    continue;
                }
                skipped += 1;
                let toks = tokenize(&doc.text, sentence.span.clone());
                let scanner = Scanner {
                    toks: &toks,
                    headline: false,
                };
                let cands = scanner.scan();
                assert!(
                    cands.is_empty(),
                    "skipped {:?}",
                    &doc.text[sentence.span.clone()]
                );
            }
        }
        assert!(skipped > 0 && skipped < checked, "{skipped} of {checked}");
    }
}
