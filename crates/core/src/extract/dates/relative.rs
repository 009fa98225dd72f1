//! Finding dates relative to publication by name: weekdays ("on Wednesday", "last
//! Friday"), today and its neighbours ("yesterday", "this morning"), and calendar periods
//! and seasons ("last week", "the end of the month", "next spring"). Which occurrence is
//! meant is read from the words before them or, for weekdays, from the clause's tense.

use super::patterns::PATTERNS;
use super::scan::{
    captures_in, group, is_since, norm_words, parse_part, starts_upper, word_after, word_before,
};
use super::tense::sentence_tense;
use super::what::{Candidate, Part, Rel, Tense, Unit, What};
use super::words::{WORDS, in_list, lower_eq};
use crate::text::Doc;
use chrono::Weekday;
use std::ops::Range;

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

pub(super) fn find_weekdays(doc: &Doc, spans: &[Range<usize>], out: &mut Vec<Candidate>) {
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

pub(super) fn find_day_words(text: &str, spans: &[Range<usize>], out: &mut Vec<Candidate>) {
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

/// Quarters of a year by number: "the third quarter", "third-quarter profit", "the first
/// quarter of 2024", "Q3 2024". A quarter is three months, resolved as a season is: in the
/// year written, else the one nearest publication (earnings news reports the quarter just
/// ended, or the one under way).
pub(super) fn find_quarters(text: &str, spans: &[Range<usize>], out: &mut Vec<Candidate>) {
    for c in captures_in(&PATTERNS.quarter, text, spans) {
        let whole = c.get(0).expect("match");
        let q: u32 = match (group(&c, "ord"), group(&c, "q")) {
            (Some(o), _) => match o.to_ascii_lowercase().as_str() {
                "first" | "1st" => 1,
                "second" | "2nd" => 2,
                "third" | "3rd" => 3,
                _ => 4,
            },
            (None, Some(n)) => n.parse().unwrap_or(1),
            (None, None) => continue,
        };
        let year = group(&c, "y1")
            .or_else(|| group(&c, "y2"))
            .and_then(|y| y.parse::<i32>().ok());
        out.push(Candidate {
            span: whole.range(),
            what: What::Season {
                first: 3 * q - 2,
                last: 3 * q,
                year,
                rel: Rel::Tense,
                part: Part::Whole,
            },
            since: is_since(group(&c, "prep")),
        });
    }
}

pub(super) fn find_periods(doc: &Doc, spans: &[Range<usize>], out: &mut Vec<Candidate>) {
    let text = doc.text.as_str();
    for c in captures_in(&PATTERNS.period, text, spans) {
        let whole = c.get(0).expect("match");
        // Without a relative word only a season with a part or a year is a date ("late
        // spring", "summer 2022"); "spring" alone is as often the verb. The pattern
        // matches a bare unit only when it is a season, so plain "year" costs nothing.
        let um = c
            .name("unit")
            .or_else(|| c.name("season"))
            .expect("unit group");
        let Some(rel) = group(&c, "rel").map(norm_words).or_else(|| {
            let qualified = group(&c, "part").is_some() || group(&c, "year").is_some();
            qualified.then(String::new)
        }) else {
            continue;
        };
        let unit_word = um.as_str().to_ascii_lowercase();
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
                    part,
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
        let span_future = match rel.as_str() {
            "the past" | "the last" | "past" | "this past" => Some(false),
            "the next" | "the coming" | "coming" | "this coming" => Some(true),
            _ => None,
        };
        if let Some(future) = span_future {
            if part == Part::Whole {
                out.push(Candidate {
                    span: whole.range(),
                    what: What::Span { n: 1, unit, future },
                    since: false,
                });
            }
            continue;
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
