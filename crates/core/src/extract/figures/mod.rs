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
//! Word lists live in `figures/words.toml`; the number words and month names this stage
//! shares with the dates stage in `text/words.toml`.
//!
//! The reading is split by what each part recognises: `tokens` cuts a sentence and `scan`
//! walks its tokens, trying in turn the rough amounts and "twice" of `vague`, the
//! `fractions`, and the `amount`s of digits or `numbers` in words; `units` finds what a
//! number counts, `qualifiers` how exact it is, and `rejects` the numbers that are no
//! figure. `words` and `phrases` load the word lists.

mod amount;
mod fractions;
mod numbers;
mod phrases;
mod qualifiers;
mod rejects;
mod scan;
mod tokens;
mod units;
mod vague;
mod words;

use super::{DateMention, Figure};
use crate::text::Doc;
use regex::Regex;
use scan::{Scanner, may_hold_figure};
use std::ops::Range;
use std::sync::LazyLock;
use tokens::tokenize;

/// Finds every figure in `doc`, skipping the spans already taken by `dates`.
pub fn extract(doc: &Doc, dates: &[DateMention]) -> Vec<Figure> {
    let mut blocked: Vec<Range<usize>> = dates.iter().map(|d| d.span.clone()).collect();
    blocked.extend(URL.find_iter(&doc.text).map(|m| m.range()));
    let blocked = Blocked::new(blocked);
    let mut out = Vec::new();
    let mut word = String::new();
    for (si, sentence) in doc.sentences.iter().enumerate() {
        crate::budget::check();
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
            if blocked.overlaps(&core) || footnote_marker(&doc.text, &toks[c.core.start].span) {
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

/// Whether the number at `num` is a footnote or reference marker a scraped page kept in
/// its text: one to three digits glued to the end of a sentence ("a stalemate.4 Ukrainian
/// officials…", "…a betrayal.”12 Officials…") with white space after. A figure is never
/// written glued to the full stop before it; the sentence splitter may still have put
/// the marker at the start of the next sentence, so the text before it is read from the
/// whole document.
fn footnote_marker(text: &str, num: &Range<usize>) -> bool {
    let digits = &text[num.clone()];
    if !(1..=3).contains(&digits.len()) || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return false;
    }
    if !text[num.end..]
        .chars()
        .next()
        .is_none_or(char::is_whitespace)
    {
        return false;
    }
    // Closing marks after the full stop ("betrayal.”12"), then the word that ended it.
    let mut before = text[..num.start]
        .chars()
        .rev()
        .skip_while(|c| matches!(c, '”' | '"' | '’' | ')'));
    if !matches!(before.next(), Some('.' | '!' | '?')) {
        return false;
    }
    before
        .next()
        .is_some_and(|c| c.is_alphabetic() || matches!(c, ')' | '”' | '"'))
}

/// Spans figures may not overlap (dates, URLs), merged and sorted so that a check is a
/// binary search, not a pass over every date of the article.
struct Blocked(Vec<Range<usize>>);

impl Blocked {
    fn new(mut spans: Vec<Range<usize>>) -> Blocked {
        spans.sort_by_key(|s| s.start);
        let mut merged: Vec<Range<usize>> = Vec::with_capacity(spans.len());
        for s in spans {
            match merged.last_mut() {
                Some(last) if s.start <= last.end => last.end = last.end.max(s.end),
                _ => merged.push(s),
            }
        }
        Blocked(merged)
    }

    /// Whether `span` shares a byte with a blocked span.
    fn overlaps(&self, span: &Range<usize>) -> bool {
        // The first merged span ending after `span` starts is the only one that can overlap.
        let i = self.0.partition_point(|b| b.end <= span.start);
        self.0.get(i).is_some_and(|b| b.start < span.end)
    }
}

/// URLs and e-mail addresses, whose digits are not figures. The word boundary is ASCII: a
/// Unicode one keeps the regex engine off its DFA on any non-ASCII text, and this one
/// pattern then cost a fifth of a whole run in the slow PikeVM.
static URL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?-u:\b)(?:https?://|www\.)[^\s)\]>]+|[\w.+-]+@[\w-]+\.[\w.]+")
        .expect("URL pattern compiles")
});

#[cfg(test)]
mod tests;
