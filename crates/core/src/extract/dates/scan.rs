//! Helpers every finder shares: running a pattern over the masked sentences, reading its
//! groups, and looking at the words around a match, which is where most false friends are
//! told apart from dates.

use super::what::Part;
use super::words::{WORDS, lower_eq};
use regex::{Captures, Regex};
use std::ops::Range;

/// The matches of `re` within each of `spans` of `text`. Each search sees the text before
/// its span, so a word boundary at the span's start is judged as in the whole text.
pub(super) fn captures_in<'t>(
    re: &'t Regex,
    text: &'t str,
    spans: &'t [Range<usize>],
) -> impl Iterator<Item = Captures<'t>> + 't {
    spans.iter().flat_map(move |span| {
        crate::budget::check();
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

pub(super) fn group<'t>(c: &Captures<'t>, name: &str) -> Option<&'t str> {
    c.name(name).map(|m| m.as_str())
}

pub(super) fn starts_upper(s: &str) -> bool {
    s.chars().next().is_some_and(char::is_uppercase)
}

/// The word just before byte `pos` (skipping spaces), if any.
pub(super) fn word_before(text: &str, pos: usize) -> &str {
    let head = text[..pos].trim_end();
    let start = head
        .rfind(|c: char| !(c.is_alphanumeric() || matches!(c, '.' | '-' | '\'' | '’')))
        .map_or(0, |i| {
            i + head[i..].chars().next().map_or(1, char::len_utf8)
        });
    &head[start..]
}

/// The word just after byte `pos` (skipping spaces), if any.
pub(super) fn word_after(text: &str, pos: usize) -> &str {
    let tail = text[pos..].trim_start();
    let end = tail
        .find(|c: char| !c.is_alphanumeric())
        .unwrap_or(tail.len());
    &tail[..end]
}

pub(super) fn parse_part(s: Option<&str>) -> Part {
    let Some(s) = s else { return Part::Whole };
    let s = s.to_ascii_lowercase();
    let s: String = s.split_whitespace().collect::<Vec<_>>().join(" ");
    if let ["the", end, n, unit @ ("weeks" | "days"), "of"] =
        s.split(' ').collect::<Vec<_>>().as_slice()
    {
        let n = n
            .parse::<u16>()
            .ok()
            .or_else(|| WORDS.numbers.get(*n).map(|&v| v as u16))
            .unwrap_or(1);
        let days = if *unit == "weeks" { n * 7 } else { n };
        return if *end == "first" {
            Part::FirstDays(days)
        } else {
            Part::LastDays(days)
        };
    }
    match s.as_str() {
        "early" => Part::Early,
        "mid" => Part::Mid,
        "late" => Part::Late,
        "the end of" => Part::End,
        "the start of" | "the beginning of" => Part::Start,
        "the middle of" => Part::Mid,
        "the first half of" => Part::FirstHalf,
        "the second half of" => Part::SecondHalf,
        "the first week of" => Part::Week(1),
        "the second week of" => Part::Week(2),
        "the third week of" => Part::Week(3),
        "the fourth week of" => Part::Week(4),
        "the last week of" | "the final week of" => Part::LastWeek,
        "the first day of" => Part::FirstDay,
        "the last day of" | "the final day of" => Part::LastDay,
        "earlier" => Part::UntilPub,
        "later" | "the rest of" | "the remainder of" => Part::FromPub,
        _ => Part::Whole,
    }
}

pub(super) fn is_since(prep: Option<&str>) -> bool {
    prep.is_some_and(|p| lower_eq(p, "since") || lower_eq(p, "post"))
}

pub(super) fn norm_words(s: &str) -> String {
    s.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_ascii_lowercase()
}
