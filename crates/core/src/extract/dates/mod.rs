//! Date mentions in running text (SPEC §3 "Dates"): finds every expression that places
//! something in time and resolves it to inclusive start and end days against the
//! publication date.
//!
//! No crate finds dates inside news prose well, so this is a small rule-based tagger in
//! three steps:
//!
//! 1. **Find.** One compiled regex per expression family (calendar dates with month names,
//!    numeric dates, years and decades, weekdays, today/yesterday, calendar periods such as
//!    "last week", counted spans such as "over the past three years" or "a week ago", and
//!    anaphors such as "the same day") runs over the sentences that contain a word it
//!    cannot match without (a month name, a digit, "day" ...; all found in one pass), so a
//!    mention never runs across two sentences or paragraphs. Each match becomes a
//!    candidate holding *what* it says ([`What`](what::What)), not yet a date. Word lists
//!    (tense cues, false friends) live in `dates/words.toml`; the month names and number
//!    words it shares with the figures stage in `text/words.toml`.
//! 2. **Choose.** Overlapping candidates are resolved longest first, so "In December 1994"
//!    wins over "December" and "1994".
//! 3. **Resolve**, in text order, against the publication date and a running *reference
//!    date*: year-less dates ("on March 7", "in November") take the year that puts them
//!    nearest the last date the text talked about, which is the publication date in news
//!    but the story's own time in a retrospective ("In February 2022 ... on Feb. 28").
//!    Weekdays look at the tense of the words around them: past narration takes the most
//!    recent such day on or before publication, future ("will meet on Friday", "as soon as
//!    Wednesday") the next one on or after it.
//!
//! Without a publication date, mentions that need one keep null dates: nothing is guessed.
//! The headline is searched too: for plain-text files it is often the lede paragraph.
//!
//! Each step has its own module: `patterns` holds the regexes and `masks` the words that
//! let a sentence skip them; `calendar`, `relative` and `counted` find candidates by family
//! (with `scan`'s helpers and `tense`'s cue words) as the types in `what`; `resolve` turns
//! them into days with the arithmetic in `date_math`; `words` loads the word lists.

mod calendar;
mod counted;
mod date_math;
mod masks;
mod patterns;
mod relative;
mod resolve;
mod scan;
mod tense;
mod what;
mod words;

use super::{DateMention, Granularity};
use crate::text::Doc;
use chrono::NaiveDate;
use masks::{
    ANAPHOR, CENTURY, COUNTED, DAY_WORD, MONTH_DATE, NUMERIC, PERIOD, QUARTER, WEEKDAY, YEAR,
    sentence_masks,
};
use resolve::Context;
use std::collections::BTreeMap;
use std::ops::Range;
use what::{Candidate, What};

/// Finds every date mention in `doc`, resolved against `published` where relative.
pub fn extract(doc: &Doc, published: Option<NaiveDate>) -> Vec<DateMention> {
    let text = doc.text.as_str();
    let masks = sentence_masks(doc);
    let spans = |pattern: u16| -> Vec<Range<usize>> {
        doc.sentences
            .iter()
            .zip(&masks)
            .filter(|&(_, m)| m & pattern != 0)
            .map(|(s, _)| s.span.clone())
            .collect()
    };
    let mut cands = Vec::new();
    calendar::find_month_dates(doc, &spans(MONTH_DATE), &mut cands);
    calendar::find_numeric(text, &spans(NUMERIC), &mut cands);
    calendar::find_years(text, &spans(YEAR), &mut cands);
    calendar::find_centuries(text, &spans(CENTURY), &mut cands);
    relative::find_weekdays(doc, &spans(WEEKDAY), &mut cands);
    relative::find_day_words(text, &spans(DAY_WORD), &mut cands);
    relative::find_periods(doc, &spans(PERIOD), &mut cands);
    relative::find_quarters(text, &spans(QUARTER), &mut cands);
    counted::find_counted(doc, &spans(COUNTED), &mut cands);
    counted::find_anaphors(text, &spans(ANAPHOR), &mut cands);

    let chosen = join_weekday_dates(text, choose(cands));
    let mut out = Vec::with_capacity(chosen.len());
    let mut ctx = Context {
        published,
        reference: None,
        last_day: None,
    };
    for c in chosen {
        let sentence = doc.sentence_at(c.span.start);
        let Some(r) = ctx.resolve(&c, sentence) else {
            continue;
        };
        out.push(DateMention {
            sentence,
            span: c.span,
            kind: r.kind,
            granularity: r.granularity,
            date_start: r.start,
            date_end: r.end,
        });
    }
    date_quoted_today(doc, &mut out);
    out
}

/// "“As of today, we cannot say…,” Zelenskyy said in a Wednesday evening address": a
/// "today" inside a quotation is the day the words were spoken, when the sentence dates
/// them outside the quotation; otherwise it stays the publication day.
fn date_quoted_today(doc: &Doc, out: &mut [DateMention]) {
    let text = doc.text.as_str();
    let quoted = |pos: usize, sentence: usize| {
        let s = &doc.sentences[sentence].span;
        let before = &text[s.start.min(pos)..pos];
        let opens = before.matches('“').count();
        let closes = before.matches('”').count();
        opens > closes || before.matches('"').count() % 2 == 1
    };
    for i in 0..out.len() {
        let m = &out[i];
        let word = text[m.span.clone()].as_bytes();
        let ends = |w: &str| {
            word.len() >= w.len() && word[word.len() - w.len()..].eq_ignore_ascii_case(w.as_bytes())
        };
        if !(ends("today") || ends("tonight")) || !quoted(m.span.start, m.sentence) {
            continue;
        }
        let said = out.iter().find(|o| {
            o.sentence == m.sentence
                && o.granularity == Granularity::Day
                && o.date_start.is_some()
                && o.date_start == o.date_end
                && o.date_start != m.date_start
                && !quoted(o.span.start, o.sentence)
        });
        if let Some(day) = said.and_then(|o| o.date_start) {
            out[i].date_start = Some(day);
            out[i].date_end = Some(day);
        }
    }
}

/// "on Friday, February 4", "Monday 3 March 2025": a weekday set before a calendar date
/// names the same day, so the two are one mention, and the date, which says more, gives
/// its value. Only a comma or spaces may stand between them.
fn join_weekday_dates(text: &str, chosen: Vec<Candidate>) -> Vec<Candidate> {
    let mut out: Vec<Candidate> = Vec::with_capacity(chosen.len());
    for c in chosen {
        if let Some(prev) = out.last_mut()
            && matches!(prev.what, What::Weekday { .. })
            && matches!(c.what, What::Days { m1, d1, m2, d2, .. } if (m1, d1) == (m2, d2))
            && text[prev.span.end..c.span.start]
                .chars()
                .all(|ch| ch == ',' || ch.is_whitespace())
            && c.span.start - prev.span.end <= 3
        {
            let start = prev.span.start;
            *prev = Candidate {
                span: start..c.span.end,
                ..c
            };
            continue;
        }
        out.push(c);
    }
    out
}

/// Keeps the longest of overlapping candidates (earliest on ties), in text order.
///
/// The kept spans never overlap, so they are ordered by start and by end alike, and a new
/// candidate can only overlap the kept span that starts last before it ends: one lookup
/// in an ordered map per candidate, not a comparison with every kept one.
fn choose(mut cands: Vec<Candidate>) -> Vec<Candidate> {
    cands.sort_by(|a, b| (b.span.len(), a.span.start).cmp(&(a.span.len(), b.span.start)));
    let mut kept: BTreeMap<usize, Candidate> = BTreeMap::new();
    for c in cands {
        let clear = kept
            .range(..c.span.end)
            .next_back()
            .is_none_or(|(_, k)| k.span.end <= c.span.start);
        if clear && !kept.contains_key(&c.span.start) {
            kept.insert(c.span.start, c);
        }
    }
    kept.into_values().collect()
}

#[cfg(test)]
mod tests;
