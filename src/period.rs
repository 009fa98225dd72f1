//! Periods of the timelines: a day, a week starting on Monday, or a calendar month, and
//! the arithmetic every aggregate and the report use to place a date in one.

use chrono::{Datelike, Duration, Months, NaiveDate};
use serde::{Deserialize, Serialize};

/// The length of a timeline period (`--period`).
#[derive(
    Copy, Clone, Debug, PartialEq, Eq, Hash, Default, Serialize, Deserialize, clap::ValueEnum,
)]
#[serde(rename_all = "lowercase")]
pub enum Period {
    Day,
    /// Monday to Sunday.
    #[default]
    Week,
    Month,
}

impl Period {
    pub fn as_str(self) -> &'static str {
        match self {
            Period::Day => "day",
            Period::Week => "week",
            Period::Month => "month",
        }
    }

    /// The first day of the period containing `d`.
    pub fn start(self, d: NaiveDate) -> NaiveDate {
        match self {
            Period::Day => d,
            Period::Week => d - Duration::days(d.weekday().num_days_from_monday() as i64),
            Period::Month => d.with_day(1).expect("day 1 exists"),
        }
    }

    /// The first day of the period after the one starting on `start`.
    pub fn next(self, start: NaiveDate) -> NaiveDate {
        match self {
            Period::Day => start + Duration::days(1),
            Period::Week => start + Duration::days(7),
            Period::Month => start + Months::new(1),
        }
    }

    /// Every period start from the one containing `first` to the one containing `last`.
    pub fn range(self, first: NaiveDate, last: NaiveDate) -> Vec<NaiveDate> {
        let mut out = Vec::new();
        let mut d = self.start(first);
        let end = self.start(last);
        while d <= end {
            out.push(d);
            d = self.next(d);
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn weeks_start_on_monday_and_months_on_the_first() {
        assert_eq!(Period::Week.start(d("2025-02-26")), d("2025-02-24"));
        assert_eq!(Period::Week.start(d("2025-02-24")), d("2025-02-24"));
        assert_eq!(Period::Week.start(d("2025-03-02")), d("2025-02-24"));
        assert_eq!(Period::Month.start(d("2025-02-26")), d("2025-02-01"));
        assert_eq!(Period::Day.start(d("2025-02-26")), d("2025-02-26"));
    }

    #[test]
    fn ranges_cover_every_period_between_first_and_last() {
        assert_eq!(
            Period::Month.range(d("2025-01-30"), d("2025-03-02")),
            vec![d("2025-01-01"), d("2025-02-01"), d("2025-03-01")]
        );
        assert_eq!(
            Period::Week.range(d("2025-02-26"), d("2025-03-04")),
            vec![d("2025-02-24"), d("2025-03-03")]
        );
        assert_eq!(
            Period::Day.range(d("2025-02-26"), d("2025-02-26")),
            vec![d("2025-02-26")]
        );
    }

    #[test]
    fn names_round_trip_through_json() {
        for p in [Period::Day, Period::Week, Period::Month] {
            let json = serde_json::to_string(&p).unwrap();
            assert_eq!(json, format!("\"{}\"", p.as_str()));
            assert_eq!(serde_json::from_str::<Period>(&json).unwrap(), p);
        }
    }
}
