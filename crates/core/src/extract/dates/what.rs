//! What a mention says, before resolution: the finders turn each match into a
//! [`Candidate`] holding a [`What`], and only resolution, which knows the publication date
//! and what the text talked about before, turns it into days.

use chrono::Weekday;
use std::ops::Range;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Unit {
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
pub(super) enum Part {
    Whole,
    Early,
    Mid,
    Late,
    Start,
    End,
    FirstHalf,
    SecondHalf,
    /// "the first (second, third, fourth) week of": week `n` of a month or year, from
    /// its first day.
    Week(u8),
    /// "the last week of": its last seven days.
    LastWeek,
    /// "the first day of", "the last day of".
    FirstDay,
    LastDay,
    /// "the first three weeks of", "the last ten days of": that many days from the start,
    /// or up to the end.
    FirstDays(u16),
    LastDays(u16),
    /// From the period's start up to publication ("earlier this month").
    UntilPub,
    /// From publication to the period's end ("later this year").
    FromPub,
}

/// Which occurrence of a weekday, weekend or period is meant.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Rel {
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
pub(super) enum Tense {
    Past,
    Future,
}

/// How to find the year of a date written without one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum YearHint {
    /// The year nearest the reference date; on the side the clause's tense says, when the
    /// reference is the publication date ("paused in February" is the last February).
    Nearest(Option<Tense>),
    /// "last November", "next March": before or after publication, whatever the tense.
    Forced(Tense),
    /// "November last year": the publication year plus this many years.
    Offset(i32),
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) enum What {
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
    /// "the 20th century": 1900 to 1999, as news counts centuries.
    Century {
        start: i32,
        part: Part,
    },
    Decade {
        start: i32,
        part: Part,
    },
    Season {
        first: u32,
        last: u32,
        year: Option<i32>,
        rel: Rel,
        /// "the beginning of this summer" is its first month, "late spring" its last.
        part: Part,
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
pub(super) struct Candidate {
    pub(super) span: Range<usize>,
    pub(super) what: What,
    /// "since 2014", "post-2014": the span runs from the date up to publication.
    pub(super) since: bool,
}
