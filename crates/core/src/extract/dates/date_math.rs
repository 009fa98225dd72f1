//! Calendar arithmetic for resolution: month ends, weeks, the period of a unit containing
//! a day, moving by whole periods, and the part of a period a modifier names ("early",
//! "the end of"). Every step returns `None` rather than panicking at the edges of the
//! calendar, so a far-fetched year in the text drops one mention and nothing else.

use super::what::{Part, Unit};
use crate::extract::Granularity;
use chrono::{Datelike, Days, Months, NaiveDate};

pub(super) fn ymd(y: i32, m: u32, d: u32) -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(y, m, d)
}

pub(super) fn month_first(y: i32, m: u32) -> Option<NaiveDate> {
    ymd(y, m, 1)
}

pub(super) fn month_last(y: i32, m: u32) -> Option<NaiveDate> {
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

pub(super) fn add_days(d: NaiveDate, n: i64) -> Option<NaiveDate> {
    if n >= 0 {
        d.checked_add_days(Days::new(n as u64))
    } else {
        d.checked_sub_days(Days::new(n.unsigned_abs()))
    }
}

pub(super) fn week_monday(d: NaiveDate) -> Option<NaiveDate> {
    add_days(d, -(d.weekday().num_days_from_monday() as i64))
}

/// Narrows a period to the part a modifier names.
pub(super) fn apply_part(
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
        (Part::Week(n), _) => {
            let s = add_days(start, 7 * (n as i64 - 1))?;
            (s, add_days(s, 6)?.min(end))
        }
        (Part::LastWeek, _) => (add_days(end, -6)?.max(start), end),
        (Part::FirstDays(n), _) => (start, add_days(start, n as i64 - 1)?.min(end)),
        (Part::LastDays(n), _) => (add_days(end, 1 - n as i64)?.max(start), end),
        (Part::FirstDay, _) => (start, start),
        (Part::LastDay, _) => (end, end),
        (Part::UntilPub, _) => (start, published?.clamp(start, end)),
        (Part::FromPub, _) => (published?.clamp(start, end), end),
        (Part::End, Unit::Month) => (add_days(end, -6)?, end),
        (Part::End, Unit::Year) => (month_first(end.year(), 12)?, end),
        (Part::Start, Unit::Month) => (start, add_days(start, 6)?),
        (Part::Start, Unit::Year) => (start, month_last(start.year(), 1)?),
        // "early 2026" is its first quarter, "late 2025" its last.
        (Part::Early, Unit::Year) => (start, month_last(start.year(), 3)?),
        (Part::Mid, Unit::Year) => (month_first(start.year(), 5)?, month_last(start.year(), 8)?),
        (Part::Late, Unit::Year) => (month_first(start.year(), 10)?, end),
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
        (Part::Week(_) | Part::LastWeek, _) => Granularity::Week,
        (Part::FirstDay | Part::LastDay, _) => Granularity::Day,
        (Part::FirstDays(n) | Part::LastDays(n), _) if n % 7 == 0 => Granularity::Week,
        (Part::FirstDays(_) | Part::LastDays(_), _) => Granularity::Day,
        (Part::Early | Part::Late, Unit::Year) => Granularity::Quarter,
        (_, Unit::Year) => Granularity::Month,
        (_, Unit::Month) if part == Part::End || part == Part::Start => Granularity::Week,
        (_, Unit::Month) => Granularity::Day,
        (_, Unit::Decade) => Granularity::Year,
        _ => gran,
    };
    Some((s, e, gran))
}

/// The part of a season a modifier names: its first month for "early" and "the
/// beginning of", its last for "late" and "the end of", its middle one for "mid"; the
/// whole season otherwise.
pub(super) fn season_part(
    start: NaiveDate,
    end: NaiveDate,
    part: Part,
) -> Option<(NaiveDate, NaiveDate, Granularity)> {
    let month = |d: NaiveDate| Some((d, month_last(d.year(), d.month())?, Granularity::Month));
    match part {
        Part::Early | Part::Start => month(start),
        Part::Late | Part::End => month(month_first(end.year(), end.month())?),
        Part::Mid => month(add_days(start, 40)?.with_day(1)?),
        _ => Some((start, end, Granularity::Quarter)),
    }
}

pub(super) fn granularity_of(unit: Unit) -> Granularity {
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
pub(super) fn period_of(d: NaiveDate, unit: Unit) -> Option<(NaiveDate, NaiveDate)> {
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
pub(super) fn shift(d: NaiveDate, unit: Unit, n: i64) -> Option<NaiveDate> {
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
