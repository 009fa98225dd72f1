//! The date patterns: one compiled regex per expression family, built from the word lists
//! so that a month or number word added to a data file is matched without touching a
//! pattern. The unit words of periods and counted spans are here too, because the sentence
//! masks must trigger on exactly the words the patterns need.

use super::words::WORDS;
use regex::Regex;
use std::sync::LazyLock;

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
pub(super) const PERIOD_UNITS: [&str; 6] =
    ["weekend", "week", "month", "year", "decade", "quarter"];
/// Units a number of them can count ("three years ago"), each also with a plural "s".
pub(super) const COUNTED_UNITS: [&str; 6] = ["hour", "day", "week", "month", "year", "decade"];
/// The words every today/yesterday expression contains.
pub(super) const DAY_WORDS: [&str; 7] = [
    "today",
    "tonight",
    "yesterday",
    "tomorrow",
    "morning",
    "afternoon",
    "evening",
];

pub(super) struct Patterns {
    pub(super) month_date: Regex,
    pub(super) numeric: Regex,
    pub(super) year: Regex,
    pub(super) weekday: Regex,
    pub(super) day_word: Regex,
    pub(super) period: Regex,
    pub(super) counted: Regex,
    pub(super) anaphor: Regex,
    pub(super) quarter: Regex,
    pub(super) century: Regex,
}

pub(super) static PATTERNS: LazyLock<Patterns> = LazyLock::new(|| {
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
    let part = r"the\s+(?:first|last|final)\s+(?:[0-9]{1,2}|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)\s+(?:weeks|days)\s+of|the\s+(?:first|second|third|fourth|last|final)\s+week\s+of|the\s+(?:first|last|final)\s+day\s+of|early|mid|late|the\s+end\s+of|the\s+start\s+of|the\s+beginning\s+of|the\s+middle\s+of|the\s+first\s+half\s+of|the\s+second\s+half\s+of";
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
            r"(?i){B}(?:(?P<prep>since|until|till|by|over|in|during|for|from|through|throughout|as\s+of|before|after|at|of)\s+)?(?:(?P<part>earlier|later|{part}|the\s+rest\s+of|the\s+remainder\s+of)[\s-]+)?(?:(?P<rel>the\s+past|the\s+last|the\s+previous|the\s+coming|the\s+next|the\s+following|this\s+past|this\s+coming|last|this|next|past|coming|previous|the)\s+(?P<unit>{period_units}|{seasons})|(?P<season>{seasons})){B}(?P<and_next>\s+and\s+(?:the\s+)?next{B})?(?:\s+(?:of\s+)?(?P<year>{year}){B})?"
        )),
        counted: build(format!(
            r"(?i){B}(?:(?P<prep>over\s+the\s+course\s+of|in\s+each\s+of|for|in|over|after|within|during|since|throughout)\s+)?(?:(?P<dir>the\s+past|the\s+last|the\s+previous|the\s+next|the\s+coming|the\s+following|past|last|next|coming|previous)\s+|the\s+)?(?:(?P<q>a\s+little\s+more\s+than|a\s+little\s+over|a\s+little\s+less\s+than|little\s+more\s+than|just\s+over|just\s+under|more\s+than|less\s+than|fewer\s+than|nearly|almost|about|around|roughly|some|over|under|at\s+least|only|barely|just)\s+)?(?P<n>[0-9]{{1,3}}|{numbers})(?:\s+|(?P<hy>[-‐‑]))(?P<unit>{counted_units}){B}(?:\s+(?P<post>ago|earlier|later|before|after|from\s+now|in\s+advance|of|old|in\s+prison|in\s+jail)(?-u:\b))?"
        )),
        century: build(format!(
            r"(?i){B}(?:(?P<prep>since|on|in|by|during|through|throughout|of|until|till|from)\s+)?(?:the\s+)?(?:(?P<part>{part})[\s-]+)?(?:the\s+)?(?:(?P<n>1[0-9]|2[0-2]|[1-9])(?:st|nd|rd|th)|(?P<w>eighteenth|nineteenth|twentieth|twenty[\s-]first))[\s-]+centur(?:y|ies){B}"
        )),
        quarter: build(format!(
            r"(?i){B}(?:(?P<prep>since|in|by|during|for|through|throughout|of|as\s+of|until|till)\s+)?(?:the\s+)?(?:(?P<y1>{year})\s+)?(?:(?P<ord>first|second|third|fourth|1st|2nd|3rd|4th)[\s-]+(?:fiscal[\s-]+)?quarter|(?-i:Q)(?P<q>[1-4])){B}(?:(?:\s+of|,)?\s+(?:fiscal\s+)?(?P<y2>{year}){B})?"
        )),
        anaphor: build(format!(
            r"(?i){B}(?:(?P<pre>later|earlier)\s+)?(?:(?:on|by)\s+)?(?P<w>(?:that\s+|the\s+)same\s+day|the\s+next\s+day|the\s+following\s+day|the\s+previous\s+day|the\s+day\s+before|the\s+day\s+after){B}"
        )),
    }
});
