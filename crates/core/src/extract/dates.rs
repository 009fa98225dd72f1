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
//!    candidate holding *what* it says ([`What`]), not yet a date. Word lists (months,
//!    number words, tense cues, false friends) live in `dates/words.toml`.
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

use super::{DateKind, DateMention, Granularity};
use crate::text::Doc;
use aho_corasick::{AhoCorasick, AhoCorasickKind};
use chrono::{Datelike, Days, Months, NaiveDate, Weekday};
use regex::{Captures, Regex};
use rustc_hash::FxHashMap as HashMap;
use serde::Deserialize;
use std::ops::Range;
use std::sync::LazyLock;

// ---------------------------------------------------------------------------------------
// Word lists
// ---------------------------------------------------------------------------------------

#[derive(Deserialize)]
struct MonthNames {
    full: String,
    abbr: Vec<String>,
}

#[derive(Deserialize)]
struct MiscWords {
    weekdays: Vec<String>,
    ambiguous_months: Vec<String>,
    weekday_names: Vec<String>,
    weekday_followers: Vec<String>,
    today_names: Vec<String>,
}

#[derive(Deserialize)]
struct TenseWords {
    future: Vec<String>,
    past: Vec<String>,
}

#[derive(Deserialize)]
struct FigureWords {
    count_nouns: Vec<String>,
    quantity_before: Vec<String>,
    duration_blockers: Vec<String>,
}

#[derive(Deserialize)]
struct Words {
    months: Vec<MonthNames>,
    words: MiscWords,
    numbers: HashMap<String, u32>,
    seasons: HashMap<String, [u32; 2]>,
    tense: TenseWords,
    figures: FigureWords,
}

static WORDS: LazyLock<Words> = LazyLock::new(|| {
    toml::from_str(include_str!("dates/words.toml")).expect("dates/words.toml is valid")
});

/// ASCII word boundary: the Unicode one makes the regex engine leave its fast DFA on
/// non-ASCII text, and every boundary here sits next to ASCII letters or digits anyway.
const B: &str = r"(?-u:\b)";

fn alternation<'a>(words: impl IntoIterator<Item = &'a str>) -> String {
    let mut words: Vec<&str> = words.into_iter().collect();
    // Longest first so "sept" is tried before "sep".
    words.sort_by_key(|w| std::cmp::Reverse(w.len()));
    words
        .iter()
        .map(|w| regex::escape(w).replace(' ', r"\s+"))
        .collect::<Vec<_>>()
        .join("|")
}

/// Calendar periods ("last week", "the coming quarter"), besides the seasons.
const PERIOD_UNITS: [&str; 6] = ["weekend", "week", "month", "year", "decade", "quarter"];
/// Units a number of them can count ("three years ago"), each also with a plural "s".
const COUNTED_UNITS: [&str; 6] = ["hour", "day", "week", "month", "year", "decade"];
/// The words every today/yesterday expression contains.
const DAY_WORDS: [&str; 7] = [
    "today",
    "tonight",
    "yesterday",
    "tomorrow",
    "morning",
    "afternoon",
    "evening",
];

struct Patterns {
    month_date: Regex,
    numeric: Regex,
    year: Regex,
    weekday: Regex,
    day_word: Regex,
    period: Regex,
    counted: Regex,
    anaphor: Regex,
}

static PATTERNS: LazyLock<Patterns> = LazyLock::new(|| {
    let w = &*WORDS;
    let months =
        alternation(w.months.iter().flat_map(|m| {
            std::iter::once(m.full.as_str()).chain(m.abbr.iter().map(|s| s.as_str()))
        }));
    let weekdays = w
        .words
        .weekdays
        .iter()
        .map(|d| {
            let mut c = d.chars();
            let first = c.next().map(|f| f.to_ascii_uppercase()).unwrap_or('M');
            format!("{first}{}", c.as_str())
        })
        .collect::<Vec<_>>()
        .join("|");
    let numbers = alternation(w.numbers.keys().map(String::as_str));
    let seasons = alternation(w.seasons.keys().map(String::as_str));
    let period_units = PERIOD_UNITS.join("|");
    let counted_units = COUNTED_UNITS.map(|u| format!("{u}s?")).join("|");
    let ord = "(?:st|nd|rd|th)?";
    let year = "(?:1[89]|20)[0-9][0-9]";
    let part = r"early|mid|late|the\s+end\s+of|the\s+start\s+of|the\s+beginning\s+of|the\s+middle\s+of|the\s+first\s+half\s+of|the\s+second\s+half\s+of";
    let build = |s: String| Regex::new(&s).expect("date pattern compiles");
    Patterns {
        month_date: build(format!(
            r"(?i){B}(?:(?P<prep>since|on|in|by|until|till|from|between|before|after|during|through|as\s+of)\s+)?(?:(?P<part>{part})[\s-]+)?(?:(?P<mrel>last|next|this\s+past|this\s+coming|this)\s+)?(?:the\s+)?(?:(?P<d1>[0-9]{{1,2}}){ord}(?:\s*(?:-|–|to|and)\s*(?P<d1b>[0-9]{{1,2}}){ord})?\s+(?:of\s+)?)?(?P<mon>{months}){B}(?P<dot>\.)?(?:\s+(?P<d2>[0-9]{{1,2}}){ord}{B}(?:\s*(?:-|–|to|and|through|until)\s*(?:(?P<mon2>{months})\.?\s+)?(?P<d2b>[0-9]{{1,2}}){ord}{B})?)?(?:,?\s+(?:of\s+)?(?P<year>{year}){B}|\s+(?P<yrel>last|next|this)\s+year{B})?"
        )),
        numeric: build(format!(
            r"{B}(?:(?P<y>{year})[-/](?P<m>0[1-9]|1[0-2])[-/](?P<d>0[1-9]|[12][0-9]|3[01])|(?P<a>[0-9]{{1,2}})[./](?P<b>[0-9]{{1,2}})[./](?P<y2>{year})){B}"
        )),
        year: build(format!(
            r"(?i){B}(?:(?P<prep>since|in|by|until|till|from|between|before|after|during|through|of|as\s+of|post)[\s-]+)?(?:(?P<part>{part})[\s-]+)?(?:(?P<fiscal>fiscal|fy)\s*)?(?:the\s+)?(?P<y1>{year})(?P<s>'?s)?(?:\s*(?P<sep>-|–|to|and|through|until)\s*(?P<y2>{year}|[0-9][0-9]){B})?{B}"
        )),
        weekday: build(format!(
            r"{B}(?:(?P<pre>(?i:earlier\s+on|later\s+on|early\s+on|late\s+on|on\s+the\s+night\s+of|overnight\s+on|overnight|on|by|until|till|before|after|since|from|as\s+soon\s+as|earlier|later|early|late|last|next|this\s+coming|this\s+past|this|coming))\s+)?(?P<wd>{weekdays})(?:'s|’s)?{B}(?:\s+(?P<part>(?i:morning|afternoon|evening|night)){B})?"
        )),
        day_word: build(format!(
            r"(?i){B}(?:(?P<pre>as\s+of|until|till|by|since|from|earlier|later|early|late)\s+)?(?P<w>the\s+day\s+before\s+yesterday|the\s+day\s+after\s+tomorrow|today|tonight|yesterday|tomorrow|this\s+morning|this\s+afternoon|this\s+evening){B}"
        )),
        period: build(format!(
            r"(?i){B}(?:(?P<prep>since|until|till|by|over|in|during|for|from|through|throughout|as\s+of|before|after|at|of)\s+)?(?:(?P<part>earlier|later|{part}|the\s+rest\s+of|the\s+remainder\s+of)[\s-]+)?(?P<rel>the\s+past|the\s+last|the\s+previous|the\s+coming|the\s+next|the\s+following|this\s+past|this\s+coming|last|this|next|past|coming|previous|the)\s+(?P<unit>{period_units}|{seasons}){B}(?P<and_next>\s+and\s+(?:the\s+)?next{B})?(?:\s+of\s+(?P<year>{year}){B})?"
        )),
        counted: build(format!(
            r"(?i){B}(?:(?P<prep>over\s+the\s+course\s+of|in\s+each\s+of|for|in|over|after|within|during|since|throughout)\s+)?(?:(?P<dir>the\s+past|the\s+last|the\s+previous|the\s+next|the\s+coming|the\s+following|past|last|next|coming|previous)\s+)?(?:(?P<q>a\s+little\s+more\s+than|a\s+little\s+over|a\s+little\s+less\s+than|little\s+more\s+than|just\s+over|just\s+under|more\s+than|less\s+than|fewer\s+than|nearly|almost|about|around|roughly|some|over|under|at\s+least|only|barely|just)\s+)?(?P<n>[0-9]{{1,3}}|{numbers})\s+(?P<unit>{counted_units}){B}(?:\s+(?P<post>ago|earlier|later|before|after|from\s+now|in\s+advance|of|old|in\s+prison|in\s+jail)(?-u:\b))?"
        )),
        anaphor: build(format!(
            r"(?i){B}(?:(?P<pre>later|earlier)\s+)?(?:(?:on|by)\s+)?(?P<w>(?:that\s+|the\s+)same\s+day|the\s+next\s+day|the\s+following\s+day|the\s+previous\s+day){B}"
        )),
    }
});

// ---------------------------------------------------------------------------------------
// What a mention says, before resolution
// ---------------------------------------------------------------------------------------

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Unit {
    Hour,
    Day,
    Week,
    Month,
    Quarter,
    Year,
    Decade,
}

/// A part of a period: "early 2024", "late last year", "earlier this month".
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Part {
    Whole,
    Early,
    Mid,
    Late,
    Start,
    End,
    FirstHalf,
    SecondHalf,
    /// From the period's start up to publication ("earlier this month").
    UntilPub,
    /// From publication to the period's end ("later this year").
    FromPub,
}

/// Which occurrence of a weekday, weekend or period is meant.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Rel {
    /// No word says: decided by tense (weekdays) or by nearness (seasons).
    Tense,
    Last,
    This,
    Next,
    /// The period the text is talking about ("the end of the month").
    Reference,
    /// "the previous year", "the following week": one before/after the reference.
    RefPrev,
    RefNext,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Tense {
    Past,
    Future,
}

/// How to find the year of a date written without one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum YearHint {
    /// The year nearest the reference date; on the side the clause's tense says, when the
    /// reference is the publication date ("paused in February" is the last February).
    Nearest(Option<Tense>),
    /// "last November", "next March": before or after publication, whatever the tense.
    Forced(Tense),
    /// "November last year": the publication year plus this many years.
    Offset(i32),
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum What {
    /// A day or range of days; `year` is `None` when the text gives none.
    Days {
        year: Option<i32>,
        hint: YearHint,
        m1: u32,
        d1: u32,
        m2: u32,
        d2: u32,
    },
    Month {
        year: Option<i32>,
        hint: YearHint,
        month: u32,
        part: Part,
    },
    Years {
        y1: i32,
        y2: i32,
        part: Part,
    },
    /// "fiscal 2026": April to September of that year, the months every common fiscal
    /// calendar (US October-September, UK/Japan/India April-March) puts in it.
    FiscalYear(i32),
    Decade {
        start: i32,
        part: Part,
    },
    Season {
        first: u32,
        last: u32,
        year: Option<i32>,
        rel: Rel,
    },
    Weekday {
        wd: Weekday,
        rel: Rel,
        tense: Option<Tense>,
    },
    Weekend {
        rel: Rel,
        tense: Option<Tense>,
    },
    /// Today (0), yesterday (-1), tomorrow (1).
    DayOffset(i64),
    /// A calendar period relative to publication ("last week", "this year and next").
    Period {
        unit: Unit,
        offset: i32,
        rel: Rel,
        part: Part,
        and_next: bool,
    },
    /// "N units ago" (negative n) or "N units from now" (positive n).
    Ago {
        n: i64,
        unit: Unit,
        more_than: bool,
    },
    /// A span ending (past) or starting (future) at publication.
    Span {
        n: i64,
        unit: Unit,
        future: bool,
    },
    /// Days after (positive) or before (negative) the last day the text named.
    Anaphor(i64),
}

#[derive(Debug, Clone)]
struct Candidate {
    span: Range<usize>,
    what: What,
    /// "since 2014", "post-2014": the span runs from the date up to publication.
    since: bool,
}

// ---------------------------------------------------------------------------------------
// Entry point
// ---------------------------------------------------------------------------------------

/// Finds every date mention in `doc`, resolved against `published` where relative.
pub fn extract(doc: &Doc, published: Option<NaiveDate>) -> Vec<DateMention> {
    let text = doc.text.as_str();
    let masks = sentence_masks(doc);
    let spans = |pattern: u8| -> Vec<Range<usize>> {
        doc.sentences
            .iter()
            .zip(&masks)
            .filter(|&(_, m)| m & pattern != 0)
            .map(|(s, _)| s.span.clone())
            .collect()
    };
    let mut cands = Vec::new();
    find_month_dates(doc, &spans(MONTH_DATE), &mut cands);
    find_numeric(text, &spans(NUMERIC), &mut cands);
    find_years(text, &spans(YEAR), &mut cands);
    find_weekdays(doc, &spans(WEEKDAY), &mut cands);
    find_day_words(text, &spans(DAY_WORD), &mut cands);
    find_periods(doc, &spans(PERIOD), &mut cands);
    find_counted(doc, &spans(COUNTED), &mut cands);
    find_anaphors(text, &spans(ANAPHOR), &mut cands);

    let chosen = choose(cands);
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
    out
}

/// Keeps the longest of overlapping candidates (earliest on ties), in text order.
fn choose(mut cands: Vec<Candidate>) -> Vec<Candidate> {
    cands.sort_by(|a, b| (b.span.len(), a.span.start).cmp(&(a.span.len(), b.span.start)));
    let mut kept: Vec<Candidate> = Vec::with_capacity(cands.len());
    for c in cands {
        if kept
            .iter()
            .all(|k| k.span.end <= c.span.start || c.span.end <= k.span.start)
        {
            kept.push(c);
        }
    }
    kept.sort_by_key(|c| c.span.start);
    kept
}

// ---------------------------------------------------------------------------------------
// Finding
// ---------------------------------------------------------------------------------------

/// Bits of the sentence masks: which pattern a sentence may match.
const MONTH_DATE: u8 = 1;
const NUMERIC: u8 = 1 << 1;
const YEAR: u8 = 1 << 2;
const WEEKDAY: u8 = 1 << 3;
const DAY_WORD: u8 = 1 << 4;
const PERIOD: u8 = 1 << 5;
const COUNTED: u8 = 1 << 6;
const ANAPHOR: u8 = 1 << 7;

/// The words each pattern cannot match without, found in one pass over the text so that
/// each pattern runs only over the sentences that contain one of its words, instead of
/// eight times over the whole text. Numeric dates and years need an ASCII digit, which is
/// looked for separately.
struct Triggers {
    words: AhoCorasick,
    /// Per word: the patterns it triggers, and whether it must also end at a word boundary
    /// (every pattern has its word start at one; weekdays may go on with "'s").
    what: Vec<(u8, bool)>,
}

static TRIGGERS: LazyLock<Triggers> = LazyLock::new(|| {
    let w = &*WORDS;
    let mut words: Vec<(String, u8, bool)> = Vec::new();
    let mut add = |word: &str, pattern: u8, ends: bool| match words
        .iter_mut()
        .find(|(w, _, e)| w == word && *e == ends)
    {
        Some((_, p, _)) => *p |= pattern,
        None => words.push((word.to_string(), pattern, ends)),
    };
    for m in &w.months {
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
        add(odd, u8::MAX, false);
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
fn sentence_masks(doc: &Doc) -> Vec<u8> {
    let text = doc.text.as_bytes();
    let mut masks: Vec<u8> = doc
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
        if !(starts_word && (ends_word || !ends)) && pattern != u8::MAX {
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

/// The matches of `re` within each of `spans` of `text`. Each search sees the text before
/// its span, so a word boundary at the span's start is judged as in the whole text.
fn captures_in<'t>(
    re: &'t Regex,
    text: &'t str,
    spans: &'t [Range<usize>],
) -> impl Iterator<Item = Captures<'t>> + 't {
    spans.iter().flat_map(move |span| {
        let hay = &text[..span.end];
        let mut at = span.start;
        std::iter::from_fn(move || {
            if at > hay.len() {
                return None;
            }
            let c = re.captures_at(hay, at)?;
            let m = c.get(0).expect("match");
            // No pattern matches the empty string; if one did, stop rather than loop.
            at = if m.is_empty() { hay.len() + 1 } else { m.end() };
            Some(c)
        })
    })
}

fn group<'t>(c: &Captures<'t>, name: &str) -> Option<&'t str> {
    c.name(name).map(|m| m.as_str())
}

fn lower_eq(a: &str, b: &str) -> bool {
    a.eq_ignore_ascii_case(b)
}

fn in_list(word: &str, list: &[String]) -> bool {
    list.iter().any(|w| lower_eq(w, word))
}

/// Month number (1-12) of a month name or abbreviation.
fn month_number(name: &str) -> Option<u32> {
    WORDS
        .months
        .iter()
        .position(|m| lower_eq(&m.full, name) || m.abbr.iter().any(|a| lower_eq(a, name)))
        .map(|i| i as u32 + 1)
}

fn starts_upper(s: &str) -> bool {
    s.chars().next().is_some_and(char::is_uppercase)
}

/// The word just before byte `pos` (skipping spaces), if any.
fn word_before(text: &str, pos: usize) -> &str {
    let head = text[..pos].trim_end();
    let start = head
        .rfind(|c: char| !(c.is_alphanumeric() || matches!(c, '.' | '-' | '\'' | '’')))
        .map_or(0, |i| {
            i + head[i..].chars().next().map_or(1, char::len_utf8)
        });
    &head[start..]
}

/// The word just after byte `pos` (skipping spaces), if any.
fn word_after(text: &str, pos: usize) -> &str {
    let tail = text[pos..].trim_start();
    let end = tail
        .find(|c: char| !c.is_alphanumeric())
        .unwrap_or(tail.len());
    &tail[..end]
}

fn parse_part(s: Option<&str>) -> Part {
    let Some(s) = s else { return Part::Whole };
    let s = s.to_ascii_lowercase();
    let s: String = s.split_whitespace().collect::<Vec<_>>().join(" ");
    match s.as_str() {
        "early" => Part::Early,
        "mid" => Part::Mid,
        "late" => Part::Late,
        "the end of" => Part::End,
        "the start of" | "the beginning of" => Part::Start,
        "the middle of" => Part::Mid,
        "the first half of" => Part::FirstHalf,
        "the second half of" => Part::SecondHalf,
        "earlier" => Part::UntilPub,
        "later" | "the rest of" | "the remainder of" => Part::FromPub,
        _ => Part::Whole,
    }
}

fn is_since(prep: Option<&str>) -> bool {
    prep.is_some_and(|p| lower_eq(p, "since") || lower_eq(p, "post"))
}

fn find_month_dates(doc: &Doc, spans: &[Range<usize>], out: &mut Vec<Candidate>) {
    let text = doc.text.as_str();
    for c in captures_in(&PATTERNS.month_date, text, spans) {
        let whole = c.get(0).expect("match");
        let mon = c.name("mon").expect("month group");
        let Some(month) = month_number(mon.as_str()) else {
            continue;
        };
        let d1 = group(&c, "d1").and_then(|d| d.parse::<u32>().ok());
        let d1b = group(&c, "d1b").and_then(|d| d.parse::<u32>().ok());
        let d2 = group(&c, "d2").and_then(|d| d.parse::<u32>().ok());
        let d2b = group(&c, "d2b").and_then(|d| d.parse::<u32>().ok());
        let year = group(&c, "year").and_then(|y| y.parse::<i32>().ok());
        let prep = group(&c, "prep");
        let part = parse_part(group(&c, "part"));
        let has_day = d1.is_some() || d2.is_some();
        let name = mon.as_str();
        let is_full = WORDS.months.iter().any(|m| lower_eq(&m.full, name));
        let ambiguous = in_list(name, &WORDS.words.ambiguous_months);
        // Abbreviations and verbs that look like months ("may", "march") need a capital
        // letter; abbreviations and bare months also need a day or a year beside them.
        if (!is_full || ambiguous) && !starts_upper(name) {
            continue;
        }
        if !is_full && !has_day && year.is_none() {
            continue;
        }
        if !has_day && year.is_none() {
            if !starts_upper(name) {
                continue;
            }
            if ambiguous && prep.is_none() && c.name("part").is_none() && c.name("mrel").is_none() {
                let before = word_before(text, whole.start());
                if ![
                    "of", "last", "next", "this", "early", "late", "mid", "since",
                ]
                .iter()
                .any(|w| lower_eq(w, before))
                {
                    continue;
                }
            }
        }
        let hint = match (
            group(&c, "yrel").map(str::to_ascii_lowercase).as_deref(),
            group(&c, "mrel").map(norm_words).as_deref(),
        ) {
            (Some("last"), _) => YearHint::Offset(-1),
            (Some("next"), _) => YearHint::Offset(1),
            (Some(_), _) | (_, Some("this")) => YearHint::Offset(0),
            (_, Some("last" | "this past")) => YearHint::Forced(Tense::Past),
            (_, Some(_)) => YearHint::Forced(Tense::Future),
            _ if year.is_none() => {
                YearHint::Nearest(sentence_tense(doc, whole.start(), whole.end()))
            }
            _ => YearHint::Nearest(None),
        };
        let what = match (d1, d2) {
            (Some(a), _) => {
                let b = d1b.unwrap_or(a);
                What::Days {
                    year,
                    hint,
                    m1: month,
                    d1: a,
                    m2: month,
                    d2: b,
                }
            }
            (None, Some(a)) => {
                let m2 = group(&c, "mon2").and_then(month_number).unwrap_or(month);
                let b = d2b.unwrap_or(a);
                What::Days {
                    year,
                    hint,
                    m1: month,
                    d1: a,
                    m2,
                    d2: b,
                }
            }
            (None, None) => What::Month {
                year,
                hint,
                month,
                part,
            },
        };
        if let What::Days { d1, d2, .. } = what
            && (d1 == 0 || d1 > 31 || d2 == 0 || d2 > 31)
        {
            continue;
        }
        // The stop after a full month name ends the sentence; it is not an abbreviation's.
        let mut span = whole.range();
        if is_full && c.name("dot").is_some_and(|d| d.end() == whole.end()) {
            span.end -= 1;
        }
        out.push(Candidate {
            span,
            what,
            since: is_since(prep),
        });
    }
}

fn find_numeric(text: &str, spans: &[Range<usize>], out: &mut Vec<Candidate>) {
    for c in captures_in(&PATTERNS.numeric, text, spans) {
        let whole = c.get(0).expect("match");
        let (y, m, d) = if let Some(y) = group(&c, "y") {
            let m = group(&c, "m").and_then(|s| s.parse().ok()).unwrap_or(0);
            let d = group(&c, "d").and_then(|s| s.parse().ok()).unwrap_or(0);
            (y.parse::<i32>().unwrap_or(0), m, d)
        } else {
            let a: u32 = group(&c, "a").and_then(|s| s.parse().ok()).unwrap_or(0);
            let b: u32 = group(&c, "b").and_then(|s| s.parse().ok()).unwrap_or(0);
            let y = group(&c, "y2").and_then(|s| s.parse().ok()).unwrap_or(0);
            // Day first, as in most of the world, unless that cannot be.
            if b > 12 { (y, a, b) } else { (y, b, a) }
        };
        if NaiveDate::from_ymd_opt(y, m, d).is_none() {
            continue;
        }
        // Dates inside URLs and file names ("talks-abu-dhabi-2026-02-05/") are not mentions.
        let before = text[..whole.start()].chars().next_back();
        let after = text[whole.end()..].chars().next();
        if before.is_some_and(|b| b.is_alphanumeric() || matches!(b, '-' | '/' | '_' | '='))
            || after.is_some_and(|a| matches!(a, '/' | '-' | '_'))
            || (after == Some('.')
                && text[whole.end() + 1..]
                    .chars()
                    .next()
                    .is_some_and(char::is_alphanumeric))
        {
            continue;
        }
        out.push(Candidate {
            span: whole.range(),
            what: What::Days {
                year: Some(y),
                hint: YearHint::Nearest(None),
                m1: m,
                d1: d,
                m2: m,
                d2: d,
            },
            since: false,
        });
    }
}

fn find_years(text: &str, spans: &[Range<usize>], out: &mut Vec<Candidate>) {
    let f = &WORDS.figures;
    for c in captures_in(&PATTERNS.year, text, spans) {
        let whole = c.get(0).expect("match");
        let y1m = c.name("y1").expect("year group");
        let prep = group(&c, "prep");
        // A number glued to other number syntax is a figure, a code or a time.
        let before = text[..whole.start()].chars().next_back();
        if before.is_some_and(|b| {
            matches!(b, '$' | '€' | '£' | '#' | '/' | '.' | ',' | '+' | '-' | '–')
                || b.is_ascii_digit()
        }) && prep.is_none()
        {
            continue;
        }
        let after = &text[whole.end()..];
        let mut ac = after.chars();
        let a0 = ac.next();
        let a1 = ac.next();
        if matches!(a0, Some('%' | '/'))
            || (matches!(a0, Some(',' | '.' | ':')) && a1.is_some_and(|c| c.is_ascii_digit()))
        {
            continue;
        }
        let next = word_after(text, whole.end());
        if in_list(next, &f.count_nouns) {
            continue;
        }
        if prep.is_none() && c.name("part").is_none() {
            let prev = word_before(text, whole.start());
            if in_list(prev, &f.quantity_before) {
                continue;
            }
            // "Allied Resolve 2022", "Euro 2024": a year after a capitalised word inside a
            // sentence is part of a name (possessives such as "Russia's 2022 invasion" are
            // not).
            let possessive = prev.ends_with("'s") || prev.ends_with("’s");
            let head = text[..whole.start()].trim_end();
            let sentence_first = head.len() < prev.len() + 1
                || head[..head.len() - prev.len()]
                    .trim_end()
                    .ends_with(['.', '!', '?', '\n', '"', '“', ':']);
            if starts_upper(prev) && !possessive && !sentence_first && month_number(prev).is_none()
            {
                continue;
            }
        }
        let y1: i32 = y1m.as_str().parse().expect("digits");
        if group(&c, "s").is_some() {
            if y1 % 10 != 0 {
                continue;
            }
            out.push(Candidate {
                span: whole.range(),
                what: What::Decade {
                    start: y1,
                    part: parse_part(group(&c, "part")),
                },
                since: is_since(prep),
            });
            continue;
        }
        let mut y2 = y1;
        let mut span = whole.range();
        if let (Some(sep), Some(y2m)) = (group(&c, "sep"), c.name("y2")) {
            let short = y2m.as_str().len() == 2;
            let dash = matches!(sep, "-" | "–");
            let between = prep.is_some_and(|p| lower_eq(p, "between") || lower_eq(p, "from"));
            let v: i32 = y2m.as_str().parse().unwrap_or(0);
            let v = if short { y1 / 100 * 100 + v } else { v };
            if (dash || between || !lower_eq(sep, "and")) && (!short || dash) && v > y1 {
                y2 = v;
            } else {
                // Not a range: the mention ends with the first year.
                span.end = y1m.end();
            }
        }
        let what = if c.name("fiscal").is_some() && y1 == y2 {
            What::FiscalYear(y1)
        } else {
            What::Years {
                y1,
                y2,
                part: parse_part(group(&c, "part")),
            }
        };
        out.push(Candidate {
            span,
            what,
            since: is_since(prep),
        });
    }
}

fn weekday_from(i: usize) -> Weekday {
    match i {
        0 => Weekday::Mon,
        1 => Weekday::Tue,
        2 => Weekday::Wed,
        3 => Weekday::Thu,
        4 => Weekday::Fri,
        5 => Weekday::Sat,
        _ => Weekday::Sun,
    }
}

fn norm_words(s: &str) -> String {
    s.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_ascii_lowercase()
}

fn find_weekdays(doc: &Doc, spans: &[Range<usize>], out: &mut Vec<Candidate>) {
    let text = doc.text.as_str();
    for c in captures_in(&PATTERNS.weekday, text, spans) {
        let whole = c.get(0).expect("match");
        let wdm = c.name("wd").expect("weekday group");
        let Some(i) = WORDS
            .words
            .weekdays
            .iter()
            .position(|d| lower_eq(d, wdm.as_str()))
        else {
            continue;
        };
        // "Black Friday", "Super Tuesday": names, not dates.
        let prev = word_before(text, wdm.start());
        if WORDS.words.weekday_names.iter().any(|n| {
            n.split_once(' ')
                .is_some_and(|(a, b)| lower_eq(a, prev) && lower_eq(b, wdm.as_str()))
        }) {
            continue;
        }
        // "Sunday Times", "Sunday schools", "Your Monday Briefing".
        let wd_end = c.name("part").map_or(whole.end(), |_| wdm.end());
        if c.name("part").is_none()
            && in_list(word_after(text, wd_end), &WORDS.words.weekday_followers)
        {
            continue;
        }
        let pre = group(&c, "pre").map(norm_words);
        let (rel, forced) = match pre.as_deref() {
            Some("last" | "this past") => (Rel::Last, None),
            Some("next" | "this coming" | "coming") => (Rel::Next, None),
            Some("as soon as") => (Rel::Tense, Some(Tense::Future)),
            Some("earlier" | "earlier on" | "since") => (Rel::Tense, Some(Tense::Past)),
            _ => (Rel::Tense, None),
        };
        let tense = forced.or_else(|| sentence_tense(doc, whole.start(), whole.end()));
        out.push(Candidate {
            span: whole.range(),
            what: What::Weekday {
                wd: weekday_from(i),
                rel,
                tense,
            },
            since: false,
        });
    }
}

fn find_day_words(text: &str, spans: &[Range<usize>], out: &mut Vec<Candidate>) {
    for c in captures_in(&PATTERNS.day_word, text, spans) {
        let whole = c.get(0).expect("match");
        let w = c.name("w").expect("word group");
        let word = norm_words(w.as_str());
        let prev = word_before(text, w.start());
        let next = word_after(text, w.end());
        if WORDS.words.today_names.iter().any(|n| {
            n.split_once(' ').is_some_and(|(a, b)| {
                (lower_eq(a, prev) && lower_eq(b, &word))
                    || (lower_eq(a, &word) && lower_eq(b, next))
            })
        }) {
            continue;
        }
        let offset = match word.as_str() {
            "yesterday" => -1,
            "tomorrow" => 1,
            "the day before yesterday" => -2,
            "the day after tomorrow" => 2,
            _ => 0,
        };
        out.push(Candidate {
            span: whole.range(),
            what: What::DayOffset(offset),
            since: is_since(group(&c, "pre")),
        });
    }
}

fn find_periods(doc: &Doc, spans: &[Range<usize>], out: &mut Vec<Candidate>) {
    let text = doc.text.as_str();
    for c in captures_in(&PATTERNS.period, text, spans) {
        let whole = c.get(0).expect("match");
        let rel = norm_words(group(&c, "rel").expect("rel group"));
        let unit_word = group(&c, "unit").expect("unit group").to_ascii_lowercase();
        let part = parse_part(group(&c, "part"));
        let prep = group(&c, "prep");
        let year = group(&c, "year").and_then(|y| y.parse::<i32>().ok());
        let and_next = c.name("and_next").is_some();
        if let Some(&[first, last]) = WORDS.seasons.get(&unit_word) {
            // "the fall of Kabul", "spring" the verb: a season needs a year or a
            // relative word; "the fall" needs a year.
            if rel == "the" && unit_word == "fall" && year.is_none() {
                continue;
            }
            // "the Winter Olympics", "the Summer Games": a capitalised season before a
            // capitalised word is a name.
            let um = c.name("unit").expect("unit group");
            if starts_upper(um.as_str()) && starts_upper(word_after(text, um.end())) {
                continue;
            }
            let r = match rel.as_str() {
                "last" | "the last" | "the past" | "this past" | "past" | "previous"
                | "the previous" => Rel::Last,
                "next" | "the next" | "coming" | "the coming" | "this coming" => Rel::Next,
                "this" => Rel::This,
                _ if prep.is_some_and(|p| lower_eq(p, "by") || lower_eq(p, "until")) => Rel::Next,
                _ => Rel::Tense,
            };
            out.push(Candidate {
                span: whole.range(),
                what: What::Season {
                    first,
                    last,
                    year,
                    rel: r,
                },
                since: is_since(prep),
            });
            continue;
        }
        let unit = match unit_word.as_str() {
            "week" => Unit::Week,
            "month" => Unit::Month,
            "year" => Unit::Year,
            "decade" => Unit::Decade,
            "quarter" => Unit::Quarter,
            _ => Unit::Day, // weekend
        };
        if unit_word == "weekend" {
            let r = match rel.as_str() {
                "last" | "this past" | "past" | "previous" => Rel::Last,
                "next" | "coming" | "this coming" | "the coming" | "the next" => Rel::Next,
                "the" | "this" => Rel::Tense,
                _ => continue,
            };
            out.push(Candidate {
                span: whole.range(),
                what: What::Weekend {
                    rel: r,
                    tense: sentence_tense(doc, whole.start(), whole.end()),
                },
                since: is_since(prep),
            });
            continue;
        }
        // "the past year", "the next decade": a span up to or from publication.
        match rel.as_str() {
            "the past" | "the last" | "past" | "this past" => {
                if part != Part::Whole {
                    continue;
                }
                out.push(Candidate {
                    span: whole.range(),
                    what: What::Span {
                        n: 1,
                        unit,
                        future: false,
                    },
                    since: false,
                });
                continue;
            }
            "the next" | "the coming" | "coming" | "this coming" => {
                if part != Part::Whole {
                    continue;
                }
                out.push(Candidate {
                    span: whole.range(),
                    what: What::Span {
                        n: 1,
                        unit,
                        future: true,
                    },
                    since: false,
                });
                continue;
            }
            _ => {}
        }
        let (offset, r) = match rel.as_str() {
            "last" | "previous" => (-1, Rel::This),
            "this" => (0, Rel::This),
            "next" => (1, Rel::This),
            "the previous" => (-1, Rel::RefPrev),
            "the following" => (1, Rel::RefNext),
            // "the month" alone is too vague; "the end of the month" is the month the
            // text is talking about.
            "the" if part != Part::Whole && part != Part::UntilPub && part != Part::FromPub => {
                (0, Rel::Reference)
            }
            _ => continue,
        };
        out.push(Candidate {
            span: whole.range(),
            what: What::Period {
                unit,
                offset,
                rel: r,
                part,
                and_next,
            },
            since: is_since(prep),
        });
    }
}

fn parse_count(s: &str) -> Option<i64> {
    if let Ok(n) = s.parse::<i64>() {
        return Some(n);
    }
    let key = norm_words(s);
    WORDS.numbers.get(&key).map(|&n| n as i64)
}

fn find_counted(doc: &Doc, spans: &[Range<usize>], out: &mut Vec<Candidate>) {
    let text = doc.text.as_str();
    for c in captures_in(&PATTERNS.counted, text, spans) {
        let whole = c.get(0).expect("match");
        let Some(n) = group(&c, "n").and_then(parse_count) else {
            continue;
        };
        if n == 0 {
            continue;
        }
        let unit_word = group(&c, "unit").expect("unit").to_ascii_lowercase();
        let unit = match unit_word.trim_end_matches('s') {
            "hour" => Unit::Hour,
            "day" => Unit::Day,
            "week" => Unit::Week,
            "month" => Unit::Month,
            "decade" => Unit::Decade,
            _ => Unit::Year,
        };
        let prep = group(&c, "prep").map(norm_words);
        let dir = group(&c, "dir").map(norm_words);
        let q = group(&c, "q").map(norm_words);
        let post = group(&c, "post").map(norm_words);
        let mut span = whole.range();
        // The trailing word is part of the mention only where it carries meaning.
        if let (Some(p), Some(pm)) = (post.as_deref(), c.name("post"))
            && matches!(p, "of")
        {
            span.end = pm.start();
            span.end = text[..span.end].trim_end().len();
        }
        let more_than = q
            .as_deref()
            .is_some_and(|q| q.contains("more than") || q.contains("over") || q == "at least");
        // "lasted over an hour": hours place something in time only counted from now.
        if unit == Unit::Hour
            && dir.is_none()
            && prep.as_deref() != Some("within")
            && !matches!(post.as_deref(), Some("ago" | "from now"))
        {
            continue;
        }
        let what = match post.as_deref() {
            Some("old" | "in prison" | "in jail" | "before" | "after") => continue,
            Some("ago") => What::Ago {
                n: -n,
                unit,
                more_than,
            },
            Some("from now") => What::Ago { n, unit, more_than },
            Some("in advance") => What::Ago {
                n: -n,
                unit,
                more_than: false,
            },
            Some("later") => What::Anaphor(n * days_in(unit)),
            Some("earlier") => What::Anaphor(-n * days_in(unit)),
            _ => {
                let future_dir = dir.as_deref().is_some_and(|d| {
                    d.contains("next") || d.contains("coming") || d.contains("following")
                });
                if dir.is_some() {
                    What::Span {
                        n,
                        unit,
                        future: future_dir,
                    }
                } else if prep.as_deref() == Some("within") {
                    What::Span {
                        n,
                        unit,
                        future: true,
                    }
                } else if prep.as_deref().is_some_and(|p| p != "since")
                    || (post.as_deref() == Some("of") && q.is_some())
                {
                    // "held for three months", "the first swap in five months", "almost
                    // four years of war": a span up to now, unless the sentence looks ahead
                    // or is about a term ("sentenced to ... for five years").
                    if blocked_duration(doc, whole.start()) {
                        continue;
                    }
                    What::Span {
                        n,
                        unit,
                        future: false,
                    }
                } else {
                    continue;
                }
            }
        };
        if let What::Anaphor(_) = what
            && !matches!(unit, Unit::Day | Unit::Week)
        {
            continue;
        }
        out.push(Candidate {
            span,
            what,
            since: false,
        });
    }
}

fn days_in(unit: Unit) -> i64 {
    match unit {
        Unit::Week => 7,
        _ => 1,
    }
}

/// Whether the words before `pos` make a span a term or a plan rather than time elapsed
/// until publication ("jailed for 15 years", "set to continue for two days").
fn blocked_duration(doc: &Doc, pos: usize) -> bool {
    let s = &doc.sentences[doc.sentence_at(pos)].span;
    let head = &doc.text[s.start.min(pos)..pos];
    head.rsplit(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .take(6)
        .any(|w| in_list(w, &WORDS.figures.duration_blockers) || in_list(w, &WORDS.tense.future))
}

fn find_anaphors(text: &str, spans: &[Range<usize>], out: &mut Vec<Candidate>) {
    for c in captures_in(&PATTERNS.anaphor, text, spans) {
        let whole = c.get(0).expect("match");
        let w = norm_words(group(&c, "w").expect("w"));
        let days = if w.ends_with("same day") {
            0
        } else if w.contains("previous") {
            -1
        } else {
            1
        };
        out.push(Candidate {
            span: whole.range(),
            what: What::Anaphor(days),
            since: false,
        });
    }
}

/// Tense of the clause around a mention, from the nearest cue word: up to eight words
/// before it, then up to six after it, within the sentence.
fn sentence_tense(doc: &Doc, start: usize, end: usize) -> Option<Tense> {
    let s = &doc.sentences[doc.sentence_at(start)].span;
    let text = doc.text.as_str();
    let before = &text[s.start.min(start)..start];
    let after = &text[end..s.end.max(end)];
    let is_word_char = |c: char| c.is_alphanumeric() || c == '\'' || c == '’';
    let words_before = before
        .rsplit(|c: char| !is_word_char(c))
        .filter(|w| !w.is_empty());
    // Walking backwards, the word seen just before is the one that follows in the text.
    let mut following = "";
    let mut words_before = words_before.take(8).peekable();
    while let Some(w) = words_before.next() {
        match cue_with_next(w, following) {
            // "will be held", "is to be signed": a participle after "be" takes its tense
            // from further back.
            Some(Tense::Past)
                if words_before
                    .peek()
                    .is_some_and(|p| lower_eq(p, "be") || lower_eq(p, "being")) => {}
            // "is due on Friday" looks ahead; "payments due in May" says nothing.
            Some(Tense::Future)
                if lower_eq(w, "due")
                    && !words_before.peek().is_some_and(|p| {
                        ["is", "are", "'s", "’s"].iter().any(|c| lower_eq(c, p))
                    }) => {}
            Some(t) => return Some(t),
            None => {}
        }
        following = w;
    }
    let mut words_after = after
        .split(|c: char| !is_word_char(c))
        .filter(|w| !w.is_empty())
        .take(7)
        .peekable();
    let mut n = 0;
    while let Some(w) = words_after.next() {
        n += 1;
        if n > 6 {
            break;
        }
        if let Some(t) = cue_with_next(w, words_after.peek().copied().unwrap_or("")) {
            return Some(t);
        }
    }
    None
}

/// A cue word, read with the word after it: "could have been" is past, not future.
fn cue_with_next(word: &str, next: &str) -> Option<Tense> {
    let t = cue(word)?;
    if t == Tense::Future && lower_eq(next, "have") {
        return Some(Tense::Past);
    }
    Some(t)
}

fn cue(word: &str) -> Option<Tense> {
    let t = &WORDS.tense;
    if in_list(word, &t.future) || word.ends_with("'ll") || word.ends_with("’ll") {
        return Some(Tense::Future);
    }
    if in_list(word, &t.past) {
        return Some(Tense::Past);
    }
    let lower_start = word.chars().next().is_some_and(char::is_lowercase);
    if lower_start && word.len() > 4 && word.ends_with("ed") {
        return Some(Tense::Past);
    }
    None
}

// ---------------------------------------------------------------------------------------
// Resolving
// ---------------------------------------------------------------------------------------

struct Resolved {
    kind: DateKind,
    granularity: Granularity,
    start: Option<NaiveDate>,
    end: Option<NaiveDate>,
}

/// How many sentences a story date stays the reference for year-less dates; beyond it
/// the publication date takes over again (a photo caption dated 2019 should not move a
/// "Jan. 22" twenty paragraphs later).
const REFERENCE_REACH: usize = 12;

struct Context {
    published: Option<NaiveDate>,
    /// The date the text last talked about, and the sentence it was named in.
    reference: Option<(NaiveDate, usize)>,
    /// The last single day named, for "the same day" and "three days later".
    last_day: Option<NaiveDate>,
}

fn ymd(y: i32, m: u32, d: u32) -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(y, m, d)
}

fn month_first(y: i32, m: u32) -> Option<NaiveDate> {
    ymd(y, m, 1)
}

fn month_last(y: i32, m: u32) -> Option<NaiveDate> {
    let (ny, nm) = if m == 12 { (y + 1, 1) } else { (y, m + 1) };
    ymd(ny, nm, 1).and_then(|d| d.pred_opt())
}

fn add_months(d: NaiveDate, n: i32) -> Option<NaiveDate> {
    if n >= 0 {
        d.checked_add_months(Months::new(n as u32))
    } else {
        d.checked_sub_months(Months::new(n.unsigned_abs()))
    }
}

fn add_days(d: NaiveDate, n: i64) -> Option<NaiveDate> {
    if n >= 0 {
        d.checked_add_days(Days::new(n as u64))
    } else {
        d.checked_sub_days(Days::new(n.unsigned_abs()))
    }
}

fn week_monday(d: NaiveDate) -> Option<NaiveDate> {
    add_days(d, -(d.weekday().num_days_from_monday() as i64))
}

/// The year that puts month/day nearest `reference`, on its `side` when one is given
/// and possible.
fn nearest_year(m: u32, d: u32, reference: NaiveDate, side: Option<Tense>) -> Option<i32> {
    let y = reference.year();
    let options = [y - 1, y, y + 1]
        .into_iter()
        .filter_map(|cy| ymd(cy, m, d.clamp(1, 28)).map(|date| (cy, date)));
    let nearest = |it: &mut dyn Iterator<Item = (i32, NaiveDate)>| {
        it.min_by_key(|(_, date)| (*date - reference).num_days().abs())
            .map(|(cy, _)| cy)
    };
    let sided = nearest(&mut options.clone().filter(|(_, date)| match side {
        Some(Tense::Past) => *date <= reference,
        Some(Tense::Future) => *date >= reference,
        None => true,
    }));
    sided.or_else(|| nearest(&mut options.clone()))
}

/// The year of a date written without one; `None` when nothing anchors it.
fn year_for(
    m: u32,
    d: u32,
    hint: YearHint,
    reference: Option<NaiveDate>,
    published: Option<NaiveDate>,
) -> Option<i32> {
    match hint {
        YearHint::Offset(off) => Some(published?.year() + off),
        YearHint::Forced(t) => nearest_year(m, d, published.or(reference)?, Some(t)),
        YearHint::Nearest(t) => {
            let r = reference?;
            // Tense only decides against the publication date: a story told in the past
            // about 2022 places its own "March 7" near its other dates.
            match (published, t) {
                (Some(p), Some(t)) if (r - p).num_days().abs() <= 31 => {
                    nearest_year(m, d, p, Some(t))
                }
                _ => nearest_year(m, d, r, None),
            }
        }
    }
}

/// Narrows a period to the part a modifier names.
fn apply_part(
    start: NaiveDate,
    end: NaiveDate,
    unit: Unit,
    part: Part,
    published: Option<NaiveDate>,
) -> Option<(NaiveDate, NaiveDate, Granularity)> {
    let gran = granularity_of(unit);
    if part == Part::Whole {
        return Some((start, end, gran));
    }
    let days = (end - start).num_days() + 1;
    let frac = |a: i64, b: i64| -> Option<(NaiveDate, NaiveDate)> {
        Some((
            add_days(start, days * a / 12)?,
            add_days(start, days * b / 12 - 1)?,
        ))
    };
    let (s, e) = match (part, unit) {
        (Part::UntilPub, _) => (start, published?.clamp(start, end)),
        (Part::FromPub, _) => (published?.clamp(start, end), end),
        (Part::End, Unit::Month) => (add_days(end, -6)?, end),
        (Part::End, Unit::Year) => (month_first(end.year(), 12)?, end),
        (Part::Start, Unit::Month) => (start, add_days(start, 6)?),
        (Part::Start, Unit::Year) => (start, month_last(start.year(), 1)?),
        (Part::Early, Unit::Year) => (start, month_last(start.year(), 4)?),
        (Part::Mid, Unit::Year) => (month_first(start.year(), 5)?, month_last(start.year(), 8)?),
        (Part::Late, Unit::Year) => (month_first(start.year(), 9)?, end),
        (Part::Early | Part::Start, Unit::Decade) => (start, ymd(start.year() + 3, 12, 31)?),
        (Part::Mid, Unit::Decade) => (ymd(start.year() + 3, 1, 1)?, ymd(start.year() + 6, 12, 31)?),
        (Part::Late | Part::End, Unit::Decade) => (ymd(start.year() + 6, 1, 1)?, end),
        (Part::Early | Part::Start, _) => frac(0, 4)?,
        (Part::Mid, _) => frac(4, 8)?,
        (Part::Late | Part::End, _) => frac(8, 12)?,
        (Part::FirstHalf, _) => frac(0, 6)?,
        (Part::SecondHalf, _) => frac(6, 12)?,
        (Part::Whole, _) => (start, end),
    };
    let gran = match (part, unit) {
        (Part::UntilPub | Part::FromPub, _) => gran,
        (_, Unit::Year) => Granularity::Month,
        (_, Unit::Month) if part == Part::End || part == Part::Start => Granularity::Week,
        (_, Unit::Month) => Granularity::Day,
        (_, Unit::Decade) => Granularity::Year,
        _ => gran,
    };
    Some((s, e, gran))
}

fn granularity_of(unit: Unit) -> Granularity {
    match unit {
        Unit::Hour | Unit::Day => Granularity::Day,
        Unit::Week => Granularity::Week,
        Unit::Month => Granularity::Month,
        Unit::Quarter => Granularity::Quarter,
        Unit::Year => Granularity::Year,
        Unit::Decade => Granularity::Decade,
    }
}

/// The calendar period of `unit` containing `d`.
fn period_of(d: NaiveDate, unit: Unit) -> Option<(NaiveDate, NaiveDate)> {
    match unit {
        Unit::Hour | Unit::Day => Some((d, d)),
        Unit::Week => {
            let mon = week_monday(d)?;
            Some((mon, add_days(mon, 6)?))
        }
        Unit::Month => Some((
            month_first(d.year(), d.month())?,
            month_last(d.year(), d.month())?,
        )),
        Unit::Quarter => {
            let q0 = (d.month() - 1) / 3 * 3 + 1;
            Some((month_first(d.year(), q0)?, month_last(d.year(), q0 + 2)?))
        }
        Unit::Year => Some((ymd(d.year(), 1, 1)?, ymd(d.year(), 12, 31)?)),
        Unit::Decade => {
            let y = d.year() - d.year().rem_euclid(10);
            Some((ymd(y, 1, 1)?, ymd(y + 9, 12, 31)?))
        }
    }
}

/// `d` moved by `n` whole periods of `unit`.
fn shift(d: NaiveDate, unit: Unit, n: i64) -> Option<NaiveDate> {
    match unit {
        Unit::Hour => add_days(d, n.signum() * ((n.abs() + 23) / 24)),
        Unit::Day => add_days(d, n),
        Unit::Week => add_days(d, 7 * n),
        Unit::Month => add_months(d, n as i32),
        Unit::Quarter => add_months(d, 3 * n as i32),
        Unit::Year => add_months(d, 12 * n as i32),
        Unit::Decade => add_months(d, 120 * n as i32),
    }
}

impl Context {
    /// Where year-less dates and "the end of the month" are placed: the story date named
    /// in the last few sentences, else the publication date.
    fn anchor(&self, sentence: usize) -> Option<NaiveDate> {
        match self.reference {
            Some((d, at)) if sentence.saturating_sub(at) <= REFERENCE_REACH => Some(d),
            _ => self.published,
        }
    }

    fn resolve(&mut self, c: &Candidate, sentence: usize) -> Option<Resolved> {
        let reference = self.anchor(sentence);
        let mut r = self.resolve_what(&c.what, reference)?;
        if c.since {
            r.kind = DateKind::Duration;
            r.end = self.published.filter(|p| r.start.is_some_and(|s| s <= *p));
            if r.end.is_none() {
                r.start = None;
            }
        }
        // Update what the text is talking about. Words relative to publication ("this
        // year", "on Monday") bring the story back to publication time.
        let pub_relative = match c.what {
            What::Weekday { .. } | What::Weekend { .. } | What::DayOffset(_) | What::Ago { .. } => {
                true
            }
            What::Period { rel, .. } => rel == Rel::This,
            What::Season { year, .. } => year.is_none(),
            _ => false,
        };
        if let (Some(s), Some(e)) = (r.start, r.end)
            && r.kind != DateKind::Duration
        {
            if pub_relative {
                self.reference = self.published.map(|p| (p, sentence));
                if r.granularity == Granularity::Day && s == e {
                    self.last_day = Some(s);
                }
                return Some(r);
            }
            match r.granularity {
                Granularity::Day => {
                    self.reference = Some((e, sentence));
                    if s == e {
                        self.last_day = Some(s);
                    }
                }
                Granularity::Week | Granularity::Month => self.reference = Some((s, sentence)),
                // A season sets the story's time only when its year is written.
                Granularity::Quarter if r.kind == DateKind::Partial => {
                    self.reference = Some((s, sentence))
                }
                _ => {}
            }
        }
        Some(r)
    }

    fn resolve_what(&self, what: &What, reference: Option<NaiveDate>) -> Option<Resolved> {
        use DateKind::*;
        let pubd = self.published;
        let unresolved = |kind, granularity| Resolved {
            kind,
            granularity,
            start: None,
            end: None,
        };
        let done = |kind, granularity, s: Option<NaiveDate>, e: Option<NaiveDate>| match (s, e) {
            (Some(s), Some(e)) if s <= e => Resolved {
                kind,
                granularity,
                start: Some(s),
                end: Some(e),
            },
            _ => Resolved {
                kind,
                granularity,
                start: None,
                end: None,
            },
        };
        Some(match *what {
            What::Days {
                year,
                hint,
                m1,
                d1,
                m2,
                d2,
            } => {
                let kind = if year.is_some() { Absolute } else { Partial };
                let y = match year {
                    Some(y) => y,
                    None => match year_for(m1, d1, hint, reference, pubd) {
                        Some(y) => y,
                        None => return Some(unresolved(Partial, Granularity::Day)),
                    },
                };
                let s = ymd(y, m1, d1);
                let mut e = ymd(y, m2, d2);
                if let (Some(s), Some(ee)) = (s, e)
                    && ee < s
                {
                    e = ymd(y + 1, m2, d2);
                }
                done(kind, Granularity::Day, s, e)
            }
            What::Month {
                year,
                hint,
                month,
                part,
            } => {
                let y = match year {
                    Some(y) => y,
                    None => match year_for(month, 15, hint, reference, pubd) {
                        Some(y) => y,
                        None => return Some(unresolved(Partial, Granularity::Month)),
                    },
                };
                let (s, e) = (month_first(y, month)?, month_last(y, month)?);
                let (s, e, g) = apply_part(s, e, Unit::Month, part, pubd)?;
                done(Partial, g, Some(s), Some(e))
            }
            What::Years { y1, y2, part } => {
                let (s, e) = (ymd(y1, 1, 1)?, ymd(y2, 12, 31)?);
                let (s, e, g) = apply_part(s, e, Unit::Year, part, pubd)?;
                done(Partial, g, Some(s), Some(e))
            }
            What::FiscalYear(y) => done(
                Partial,
                Granularity::Year,
                month_first(y, 4),
                month_last(y, 9),
            ),
            What::Decade { start, part } => {
                let (s, e) = (ymd(start, 1, 1)?, ymd(start + 9, 12, 31)?);
                let (s, e, g) = apply_part(s, e, Unit::Decade, part, pubd)?;
                done(Partial, g, Some(s), Some(e))
            }
            What::Season {
                first,
                last,
                year,
                rel,
            } => {
                let kind = if year.is_some() { Partial } else { Relative };
                let span_in = |y: i32| -> Option<(NaiveDate, NaiveDate)> {
                    // Winter of year y: December y to February y+1.
                    let ey = if last < first { y + 1 } else { y };
                    Some((month_first(y, first)?, month_last(ey, last)?))
                };
                if let Some(y) = year {
                    let (s, e) = span_in(y)?;
                    return Some(done(kind, Granularity::Quarter, Some(s), Some(e)));
                }
                let Some(p) = pubd else {
                    return Some(unresolved(kind, Granularity::Quarter));
                };
                let options: Vec<(NaiveDate, NaiveDate)> =
                    (p.year() - 2..=p.year() + 1).filter_map(span_in).collect();
                let pick = match rel {
                    Rel::Last => options.iter().rev().find(|(_, e)| *e < p),
                    Rel::Next => options.iter().find(|(s, _)| *s > p),
                    _ => options
                        .iter()
                        .find(|(s, e)| *s <= p && p <= *e)
                        .or_else(|| {
                            options.iter().min_by_key(|(s, e)| {
                                (*s - p).num_days().abs().min((*e - p).num_days().abs())
                            })
                        }),
                };
                let (s, e) = *pick?;
                done(kind, Granularity::Quarter, Some(s), Some(e))
            }
            What::Weekday { wd, rel, tense } => {
                let Some(p) = pubd else {
                    return Some(unresolved(Relative, Granularity::Day));
                };
                let back = (7 + p.weekday().num_days_from_monday() as i64
                    - wd.num_days_from_monday() as i64)
                    % 7;
                let fwd = (7 - back) % 7;
                let d = match (rel, tense) {
                    (Rel::Last, _) => add_days(p, -(if back == 0 { 7 } else { back })),
                    (Rel::Next, _) => add_days(p, if fwd == 0 { 7 } else { fwd }),
                    (_, Some(Tense::Future)) => add_days(p, fwd),
                    _ => add_days(p, -back),
                };
                done(Relative, Granularity::Day, d, d)
            }
            What::Weekend { rel, tense } => {
                let Some(p) = pubd else {
                    return Some(unresolved(Relative, Granularity::Day));
                };
                let mon = week_monday(p)?;
                let this_sat = add_days(mon, 5)?;
                let sat = match (rel, tense) {
                    (Rel::Last, _) => add_days(mon, -2)?,
                    (Rel::Next, _) => add_days(this_sat, 7)?,
                    (_, Some(Tense::Future)) => this_sat,
                    _ if p >= this_sat => this_sat,
                    _ => add_days(mon, -2)?,
                };
                done(Relative, Granularity::Day, Some(sat), add_days(sat, 1))
            }
            What::DayOffset(n) => {
                let Some(p) = pubd else {
                    return Some(unresolved(Relative, Granularity::Day));
                };
                let d = add_days(p, n);
                done(Relative, Granularity::Day, d, d)
            }
            What::Period {
                unit,
                offset,
                rel,
                part,
                and_next,
            } => {
                let anchor = match rel {
                    Rel::Reference | Rel::RefPrev | Rel::RefNext => reference,
                    _ => pubd,
                };
                let Some(a) = anchor else {
                    return Some(unresolved(Relative, granularity_of(unit)));
                };
                let (s, e) = period_of(shift(a, unit, offset as i64)?, unit)?;
                let e = if and_next {
                    period_of(shift(a, unit, offset as i64 + 1)?, unit)?.1
                } else {
                    e
                };
                let (s, e, g) = apply_part(s, e, unit, part, pubd)?;
                done(Relative, g, Some(s), Some(e))
            }
            What::Ago { n, unit, more_than } => {
                let Some(p) = pubd else {
                    return Some(unresolved(Relative, granularity_of(unit)));
                };
                let point = shift(p, unit, n)?;
                let (s, e) = match unit {
                    Unit::Hour | Unit::Day | Unit::Week => (point, point),
                    _ => period_of(point, unit)?,
                };
                let s = if more_than && n < 0 {
                    match unit {
                        Unit::Hour | Unit::Day | Unit::Week => shift(p, unit, 2 * n)?,
                        _ => period_of(shift(p, unit, n - 1)?, unit)?.0,
                    }
                } else {
                    s
                };
                done(Relative, granularity_of(unit), Some(s), Some(e))
            }
            What::Span { n, unit, future } => {
                let Some(p) = pubd else {
                    return Some(unresolved(Duration, granularity_of(unit)));
                };
                let g = match unit {
                    Unit::Hour => Granularity::Day,
                    u => granularity_of(u),
                };
                if future {
                    let e = match unit {
                        Unit::Hour | Unit::Day | Unit::Week => shift(p, unit, n)?,
                        _ => period_of(shift(p, unit, n)?, unit)?.1,
                    };
                    done(Duration, g, Some(p), Some(e))
                } else {
                    let s = match unit {
                        Unit::Hour | Unit::Day | Unit::Week => shift(p, unit, -n)?,
                        _ => period_of(shift(p, unit, -n)?, unit)?.0,
                    };
                    done(Duration, g, Some(s), Some(p))
                }
            }
            What::Anaphor(n) => match self.last_day {
                Some(d) => {
                    let d = add_days(d, n);
                    done(Relative, Granularity::Day, d, d)
                }
                None => unresolved(Relative, Granularity::Day),
            },
        })
    }
}

#[cfg(test)]
mod tests;
