//! Finding dates written on the calendar: month names with or without a day and year
//! ("Feb. 28", "In December 1994", "March 13 and 17"), numeric dates ("2025-02-26",
//! "26/02/2025"), and years, year ranges and decades ("since 2014", "2022-23", "the
//! 1990s"). Most of the work is telling them from the numbers and names that look alike.

use super::patterns::PATTERNS;
use super::scan::{
    captures_in, group, is_since, norm_words, parse_part, starts_upper, word_after, word_before,
};
use super::tense::sentence_tense;
use super::what::{Candidate, Tense, What, YearHint};
use super::words::{WORDS, in_list, lower_eq, month_number};
use crate::text::Doc;
use chrono::NaiveDate;
use std::ops::Range;

pub(super) fn find_month_dates(doc: &Doc, spans: &[Range<usize>], out: &mut Vec<Candidate>) {
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
                    && !in_list(word_after(text, whole.end()), &WORDS.tense.forward_nouns)
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
            _ if year.is_none()
                && !has_day
                && in_list(word_after(text, whole.end()), &WORDS.tense.forward_nouns) =>
            {
                YearHint::Nearest(Some(Tense::Future))
            }
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

pub(super) fn find_numeric(text: &str, spans: &[Range<usize>], out: &mut Vec<Candidate>) {
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

/// Centuries by ordinal: "the 20th century", "the early twenty-first century".
pub(super) fn find_centuries(text: &str, spans: &[Range<usize>], out: &mut Vec<Candidate>) {
    for c in captures_in(&PATTERNS.century, text, spans) {
        let whole = c.get(0).expect("match");
        let n: i32 = match (group(&c, "n"), group(&c, "w")) {
            (Some(n), _) => n.parse().unwrap_or(0),
            (None, Some(w)) => match w.to_ascii_lowercase().chars().next() {
                Some('e') => 18,
                Some('n') => 19,
                _ if w.to_ascii_lowercase().starts_with("twentieth") => 20,
                _ => 21,
            },
            (None, None) => continue,
        };
        if n == 0 {
            continue;
        }
        out.push(Candidate {
            span: whole.range(),
            what: What::Century {
                start: (n - 1) * 100,
                part: parse_part(group(&c, "part")),
            },
            since: is_since(group(&c, "prep")),
        });
    }
}

pub(super) fn find_years(text: &str, spans: &[Range<usize>], out: &mut Vec<Candidate>) {
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
