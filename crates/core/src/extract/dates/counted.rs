//! Finding counted spans of time ("three years ago", "over the past 18 months", "for
//! five days", "two days later") and anaphors ("the same day", "the following day"),
//! which place something relative to publication or to the last day the text named.

use super::patterns::PATTERNS;
use super::scan::{captures_in, group, norm_words, word_after};
use super::tense::sentence_tense;
use super::what::{Candidate, Tense, Unit, What};
use super::words::{WORDS, in_list, lower_eq};
use crate::text::Doc;
use std::ops::Range;

fn parse_count(s: &str) -> Option<i64> {
    if let Ok(n) = s.parse::<i64>() {
        return Some(n);
    }
    let key = norm_words(s);
    WORDS.numbers.get(&key).map(|&n| n as i64)
}

pub(super) fn find_counted(doc: &Doc, spans: &[Range<usize>], out: &mut Vec<Candidate>) {
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
        // "the nearly four-year war": a number joined to its unit is an adjective, a span
        // of time only as the age of something still going on.
        if c.name("hy").is_some() {
            let Some(end) = ongoing_age(text, q.as_deref(), c.name("unit").expect("unit").end())
            else {
                continue;
            };
            span.end = end;
            out.push(Candidate {
                span,
                what: What::Span {
                    n,
                    unit,
                    future: false,
                },
                since: false,
            });
            continue;
        }
        // The trailing word is part of the mention only where it carries meaning.
        if let (Some(p), Some(pm)) = (post.as_deref(), c.name("post"))
            && matches!(p, "of")
        {
            span.end = pm.start();
            span.end = text[..span.end].trim_end().len();
        }
        // "over a week ago": the pattern reads "over" as a preposition, but before "ago" it
        // says "more than".
        let more_than = q
            .as_deref()
            .is_some_and(|q| q.contains("more than") || q.contains("over") || q == "at least")
            || (prep.as_deref() == Some("over") && post.as_deref() == Some("ago"));
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
                    if blocked_duration(doc, whole.start())
                        || !runs_to_now(doc, prep.as_deref(), post.as_deref(), whole.range())
                    {
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

/// Whether "for", "in" or "after" N units is time elapsed up to publication rather than
/// how long some event lasted ("halted strikes for a week", "was violated after just four
/// days", "to be in Kyiv in three days"): "for" needs the perfect before it ("has held
/// office for three months"), "in" a record ("the first swap in five months") or "of"
/// after it ("in nearly four years of war"), "after" a clause not told in the past ("after
/// more than two years the war is going nowhere") or an anchor after it ("after 500 days
/// of war", "from the start").
fn runs_to_now(doc: &Doc, prep: Option<&str>, post: Option<&str>, span: Range<usize>) -> bool {
    let words = &WORDS.figures;
    let anchored_after = post == Some("of")
        || ["from", "since"]
            .iter()
            .any(|w| lower_eq(w, word_after(&doc.text, span.end)));
    let before =
        |list: &[String], n: usize| words_before(doc, span.start, n).any(|w| in_list(w, list));
    match prep {
        Some("for") => anchored_after || before(&words.perfect, 6),
        Some("in") => anchored_after || before(&words.record_words, 8) || before(&words.perfect, 6),
        Some("after") => {
            anchored_after || sentence_tense(doc, span.start, span.end) != Some(Tense::Past)
        }
        _ => true,
    }
}

/// The end of an age adjective ("four-year", "18-month-old") when it gives the age of
/// something still going on: an ongoing noun must follow, and the age must be "-old"
/// ("the 2-year-old war") or approximate ("to end the nearly four-year war"), as an age
/// is told while it still grows; "the 12-day war" or "a 30-day truce" is a length, not a
/// span up to now.
fn ongoing_age(text: &str, q: Option<&str>, unit_end: usize) -> Option<usize> {
    let rest = &text[unit_end..];
    let after_hyphen = rest.strip_prefix(['-', '‐', '‑']);
    let old =
        after_hyphen.is_some_and(|r| r.get(..3).is_some_and(|w| w.eq_ignore_ascii_case("old")));
    let at = match after_hyphen {
        Some(r) if old => text.len() - r.len() + 3,
        _ => unit_end,
    };
    // The noun is among the next few words: a bounded look, as a run of hyphenated
    // counts ("1-year-1-year-…") with no space in it would make each match read the rest.
    let rest = &text[at..];
    let window = rest.char_indices().nth(96).map_or(rest.len(), |(i, _)| i);
    let mut words = rest[..window].split_whitespace();
    let mut noun = words.next()?;
    if ["full-scale", "long", "civil"]
        .iter()
        .any(|w| lower_eq(w, noun))
    {
        noun = words.next()?;
    }
    let noun = noun.trim_end_matches(|c: char| !c.is_alphanumeric());
    let approximate = q.is_some_and(|q| {
        ["nearly", "almost", "more than", "over", "about", "roughly"].contains(&q)
    });
    (in_list(noun, &WORDS.figures.ongoing_nouns) && (old || approximate)).then_some(at)
}

/// Whether the words before `pos` make a span a term or a plan rather than time elapsed
/// until publication ("jailed for 15 years", "set to continue for two days").
fn blocked_duration(doc: &Doc, pos: usize) -> bool {
    words_before(doc, pos, 6)
        .any(|w| in_list(w, &WORDS.figures.duration_blockers) || in_list(w, &WORDS.tense.future))
}

/// Up to `n` words of the sentence before `pos`, nearest first.
fn words_before(doc: &Doc, pos: usize, n: usize) -> impl Iterator<Item = &str> {
    let s = &doc.sentences[doc.sentence_at(pos)].span;
    doc.text[s.start.min(pos)..pos]
        .rsplit(|c: char| !(c.is_alphanumeric() || c == '\'' || c == '’'))
        .filter(|w| !w.is_empty())
        .take(n)
}

pub(super) fn find_anaphors(text: &str, spans: &[Range<usize>], out: &mut Vec<Candidate>) {
    for c in captures_in(&PATTERNS.anaphor, text, spans) {
        let whole = c.get(0).expect("match");
        let w = norm_words(group(&c, "w").expect("w"));
        // "The day before, he resigned" points at the day before the story's; "the day
        // before the vote" at a day before something else, which is not resolved here.
        if w.starts_with("the day ")
            && text[whole.end()..]
                .trim_start()
                .chars()
                .next()
                .is_some_and(|c| c.is_alphanumeric())
        {
            continue;
        }
        let days = if w.ends_with("same day") {
            0
        } else if w.contains("previous") || w.ends_with("before") {
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
