//! Resolution: candidates in text order become inclusive start and end days, against the
//! publication date and a running reference date (the last date the text talked about),
//! which is what places a year-less "on March 7" in the story's own year.

use super::date_math::{
    add_days, apply_part, granularity_of, month_first, month_last, period_of, season_part, shift,
    week_monday, ymd,
};
use super::what::{Candidate, Part, Rel, Tense, Unit, What, YearHint};
use crate::extract::{DateKind, Granularity};
use chrono::{Datelike, NaiveDate};

pub(super) struct Resolved {
    pub(super) kind: DateKind,
    pub(super) granularity: Granularity,
    pub(super) start: Option<NaiveDate>,
    pub(super) end: Option<NaiveDate>,
}

/// How many sentences a story date stays the reference for year-less dates; beyond it
/// the publication date takes over again (a photo caption dated 2019 should not move a
/// "Jan. 22" twenty paragraphs later).
const REFERENCE_REACH: usize = 12;

pub(super) struct Context {
    pub(super) published: Option<NaiveDate>,
    /// The date the text last talked about, and the sentence it was named in.
    pub(super) reference: Option<(NaiveDate, usize)>,
    /// The last single day named, for "the same day" and "three days later".
    pub(super) last_day: Option<NaiveDate>,
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

impl Context {
    /// Where year-less dates and "the end of the month" are placed: the story date named
    /// in the last few sentences, else the publication date.
    fn anchor(&self, sentence: usize) -> Option<NaiveDate> {
        match self.reference {
            Some((d, at)) if sentence.saturating_sub(at) <= REFERENCE_REACH => Some(d),
            _ => self.published,
        }
    }

    pub(super) fn resolve(&mut self, c: &Candidate, sentence: usize) -> Option<Resolved> {
        let reference = self.anchor(sentence);
        let mut r = self.resolve_what(&c.what, reference)?;
        if c.since {
            // "since mid-January" runs from the middle of the month, not the start of its
            // middle third.
            if let (
                What::Month {
                    part: Part::Mid, ..
                },
                Some(s),
                Some(e),
            ) = (&c.what, r.start, r.end)
            {
                r.start = add_days(s, (e - s).num_days() / 2);
            }
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
            What::Century { start, part } => {
                let (s, e) = (ymd(start, 1, 1)?, ymd(start + 99, 12, 31)?);
                // Early, mid and late thirds; a half or an end, the decades at that end.
                let (s, e, g) = match part {
                    Part::Whole => (s, e, Granularity::Century),
                    Part::Early | Part::Start | Part::FirstHalf => (
                        s,
                        ymd(
                            start + if part == Part::FirstHalf { 49 } else { 32 },
                            12,
                            31,
                        )?,
                        Granularity::Decade,
                    ),
                    Part::Mid => (
                        ymd(start + 33, 1, 1)?,
                        ymd(start + 66, 12, 31)?,
                        Granularity::Decade,
                    ),
                    Part::Late | Part::End | Part::SecondHalf => (
                        ymd(start + if part == Part::SecondHalf { 50 } else { 67 }, 1, 1)?,
                        e,
                        Granularity::Decade,
                    ),
                    Part::FirstDay => (s, s, Granularity::Day),
                    Part::LastDay => (e, e, Granularity::Day),
                    _ => (s, e, Granularity::Century),
                };
                done(Partial, g, Some(s), Some(e))
            }
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
                part,
            } => {
                let kind = if year.is_some() { Partial } else { Relative };
                let span_in = |y: i32| -> Option<(NaiveDate, NaiveDate)> {
                    // Winter of year y: December y to February y+1.
                    let ey = if last < first { y + 1 } else { y };
                    Some((month_first(y, first)?, month_last(ey, last)?))
                };
                if let Some(y) = year {
                    let (s, e) = span_in(y)?;
                    let (s, e, g) = season_part(s, e, part)?;
                    return Some(done(kind, g, Some(s), Some(e)));
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
                let (s, e, g) = season_part(s, e, part)?;
                done(kind, g, Some(s), Some(e))
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
