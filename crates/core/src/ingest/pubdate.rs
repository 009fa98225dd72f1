//! Publication dates from metadata values, paths and datelines.
//!
//! Metadata dates come in every shape feeds and scrapers produce (ISO 8601 with or without
//! time and zone, `2022/05/10`, RFC 2822, "February 26, 2025", `27.02.2026`,
//! `20220125T090000Z`). The day is taken as written, in the zone the value was written in,
//! which is the day a reader of that outlet saw on the page.

use chrono::{DateTime, NaiveDate};
use regex::Regex;
use std::sync::LazyLock;

/// Dates outside this window are not publication dates of news articles (a `0001-01-01`
/// placeholder, a typo'd year).
fn plausible(d: NaiveDate) -> Option<NaiveDate> {
    let year = chrono::Datelike::year(&d);
    (1990..=2100).contains(&year).then_some(d)
}

static ISO: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^\s*(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:$|[T\s_,]|[^\d])").unwrap()
});
static COMPACT: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^\s*(\d{4})(\d{2})(\d{2})(?:T\d{4,6}Z?)?\s*$").unwrap());
static DAY_FIRST: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^\s*(\d{1,2})[./](\d{1,2})[./](\d{4})\b").unwrap());
static MONTH_NAME_FIRST: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b([a-z]{3,9})\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})\b").unwrap()
});
static DAY_FIRST_NAME: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(\d{1,2})(?:st|nd|rd|th)?\s+(?:of\s+)?([a-z]{3,9})\.?,?\s+(\d{4})\b")
        .unwrap()
});

/// Month number of an English month name or abbreviation ("Feb", "Sept", "February").
pub fn month_number(name: &str) -> Option<u32> {
    const MONTHS: [&str; 12] = [
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
    ];
    let lower = name.to_ascii_lowercase();
    if lower.len() < 3 {
        return None;
    }
    let lower = if lower == "sept" {
        "sep".to_string()
    } else {
        lower
    };
    MONTHS
        .iter()
        .position(|m| m.starts_with(lower.as_str()))
        .map(|i| i as u32 + 1)
}

fn ymd(y: &str, m: &str, d: &str) -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(y.parse().ok()?, m.parse().ok()?, d.parse().ok()?).and_then(plausible)
}

/// Parses a metadata date value in any common form; `None` for "unknown", times only, etc.
pub fn parse_date(value: &str) -> Option<NaiveDate> {
    let value = value.trim();
    if value.is_empty() {
        return None;
    }
    if let Some(c) = ISO.captures(value) {
        return ymd(&c[1], &c[2], &c[3]);
    }
    if let Some(c) = COMPACT.captures(value) {
        return ymd(&c[1], &c[2], &c[3]);
    }
    if let Ok(dt) = DateTime::parse_from_rfc2822(value) {
        return plausible(dt.date_naive());
    }
    if let Some(c) = DAY_FIRST.captures(value) {
        return ymd(&c[3], &c[2], &c[1]);
    }
    find_named_date(value)
}

/// The first "February 26, 2025" or "26 February 2025" style date in `text`.
fn find_named_date(text: &str) -> Option<NaiveDate> {
    let a = MONTH_NAME_FIRST.captures_iter(text).find_map(|c| {
        let m = month_number(&c[1])?;
        Some((c.get(0)?.start(), ymd(&c[3], &m.to_string(), &c[2])?))
    });
    let b = DAY_FIRST_NAME.captures_iter(text).find_map(|c| {
        let m = month_number(&c[2])?;
        Some((c.get(0)?.start(), ymd(&c[3], &m.to_string(), &c[1])?))
    });
    match (a, b) {
        (Some(a), Some(b)) => Some(if a.0 <= b.0 { a.1 } else { b.1 }),
        (a, b) => a.or(b).map(|x| x.1),
    }
}

static TIME_OF_DAY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"T(\d{2}):\d{2}(?::\d{2}(?:\.\d+)?)?(Z|[+-]00:?00)?\s*$").unwrap()
});

/// Whether a timestamp is written in UTC within eight hours of midnight, where the day it
/// names may not be the day the outlet printed in its own zone.
pub fn utc_near_midnight(value: &str) -> bool {
    TIME_OF_DAY.captures(value.trim()).is_some_and(|c| {
        let hour: u32 = c[1].parse().unwrap_or(12);
        c.get(2).is_some() && !(8..20).contains(&hour)
    })
}

static PATH_DATE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?x)
        (?:^|[^\d])(?P<y1>(?:19|20)\d{2})-(?P<m1>\d{2})-(?P<d1>\d{2})(?:[^\d]|$)
        | (?:^|[^\d])(?P<y2>(?:19|20)\d{2})(?P<m2>\d{2})(?P<d2>\d{2})(?:T\d{4,6}Z?)?(?:[^\d]|$)
        | (?:^|/)(?P<y3>(?:19|20)\d{2})/(?P<m3>\d{1,2})/(?P<d3>\d{1,2})(?:/|$)
        | (?:^|[^\d])(?P<y4>(?:19|20)\d{2})_(?P<m4>\d{2})_(?P<d4>\d{2})(?:[^\d]|$)",
    )
    .unwrap()
});

/// A date written in a path or file name: `2025-02-26`, `20220125T090000Z`, `2025/02/26`.
/// The file name is tried before the folders, since it is the most specific.
pub fn date_in_path(path: &str) -> Option<NaiveDate> {
    let (dir, name) = path.rsplit_once('/').unwrap_or(("", path));
    date_in(name)
        .or_else(|| date_in(path))
        .or_else(|| date_in(dir))
}

/// A date in a URL's path, as news sites write it (`/2026/02/23/slug`, `-20220412-`).
pub fn date_in_url(url: &str) -> Option<NaiveDate> {
    let path = url
        .split_once("://")
        .map_or(url, |(_, rest)| rest.split_once('/').map_or("", |(_, p)| p));
    date_in(path)
}

fn date_in(s: &str) -> Option<NaiveDate> {
    PATH_DATE.captures_iter(s).find_map(|c| {
        for i in 1..=4 {
            if let (Some(y), Some(m), Some(d)) = (
                c.name(&format!("y{i}")),
                c.name(&format!("m{i}")),
                c.name(&format!("d{i}")),
            ) {
                return ymd(y.as_str(), m.as_str(), d.as_str());
            }
        }
        None
    })
}

static DATELINE_NUMERIC: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\b(\d{1,2})\.(\d{1,2})\.(\d{4})\b|\b(\d{4})-(\d{2})-(\d{2})\b").unwrap()
});

/// A dateline: a full date on one of the first short lines of the text ("February 26,
/// 2025", "Published 27.02.2026 - Update: 27.02.2026"). Long lines are prose, whose dates
/// are what the story is about, so only short lines count.
pub fn dateline(body: &str) -> Option<NaiveDate> {
    date_on_short_lines(body, 12)
}

/// The first full date on a short line among the first `max_lines` non-empty lines.
///
/// Read for every article, so the patterns run only on lines that can hold a full date:
/// short (a line of over 360 bytes has over 90 characters) and with a digit for its year.
pub fn date_on_short_lines(text: &str, max_lines: usize) -> Option<NaiveDate> {
    const MAX_CHARS: usize = 90;
    let short = |l: &str| {
        l.len() <= MAX_CHARS || (l.len() <= 4 * MAX_CHARS && l.chars().count() <= MAX_CHARS)
    };
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .take(max_lines)
        .filter(|l| short(l) && l.bytes().any(|b| b.is_ascii_digit()))
        .find_map(|line| {
            if let Some(c) = DATELINE_NUMERIC.captures(line) {
                let d = if c.get(1).is_some() {
                    ymd(&c[3], &c[2], &c[1])
                } else {
                    ymd(&c[4], &c[5], &c[6])
                };
                if d.is_some() {
                    return d;
                }
            }
            find_named_date(line)
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Option<NaiveDate> {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").ok()
    }

    #[test]
    fn metadata_values() {
        assert_eq!(parse_date("2022-08-01T16:23:25Z"), d("2022-08-01"));
        assert_eq!(parse_date("2022/05/10"), d("2022-05-10"));
        assert_eq!(parse_date("2023-11-09T23:30:00-05:00"), d("2023-11-09"));
        assert_eq!(parse_date("Wed, 26 Feb 2025 10:00:00 GMT"), d("2025-02-26"));
        assert_eq!(parse_date("February 26, 2025"), d("2025-02-26"));
        assert_eq!(parse_date("Feb. 26, 2025 5:00 PM ET"), d("2025-02-26"));
        assert_eq!(parse_date("26 February 2025"), d("2025-02-26"));
        assert_eq!(parse_date("27.02.2026"), d("2026-02-27"));
        assert_eq!(parse_date("20220125T090000Z"), d("2022-01-25"));
        assert_eq!(parse_date("unknown"), None);
        assert_eq!(parse_date("0001-01-01"), None);
        assert_eq!(parse_date("2025-13-40"), None);
    }

    #[test]
    fn paths_and_urls() {
        assert_eq!(
            date_in_path("gdelt/articles/20220125T090000Z_GB_en_7d015e6984.txt"),
            d("2022-01-25")
        );
        assert_eq!(
            date_in_path("guardian/2022-08-01_sanctions.txt"),
            d("2022-08-01")
        );
        assert_eq!(date_in_path("archive/2025/02/26/story.md"), d("2025-02-26"));
        assert_eq!(date_in_path("pages/crawl_4aacda34bc18.md"), None);
        assert_eq!(date_in_path("report-1234567890.txt"), None);
        assert_eq!(
            date_in_url("https://example.com/2026/02/23/russia-ukraine/"),
            d("2026-02-23")
        );
        assert_eq!(
            date_in_url("https://example.com/news/2026/2/27/x"),
            d("2026-02-27")
        );
    }

    #[test]
    fn utc_midnight_timestamps() {
        assert!(utc_near_midnight("2023-11-09T01:49:09Z"));
        assert!(utc_near_midnight("2023-11-01T23:01:00+00:00"));
        assert!(!utc_near_midnight("2020-07-09T10:04:04Z"));
        assert!(!utc_near_midnight("2020-02-19T00:37:32+01:00"));
        assert!(!utc_near_midnight("2020-02-19"));
    }

    #[test]
    fn datelines_only_on_short_lines() {
        assert_eq!(
            dateline("Title\nBy Someone |\n27.02.2026 - Update : 27.02.2026\nMOSCOW\nText."),
            d("2026-02-27")
        );
        assert_eq!(
            dateline(
                "Russia has managed to keep its economy afloat since launching its invasion of Ukraine on Feb. 24, 2022, despite sanctions."
            ),
            None
        );
        assert_eq!(
            dateline("KYIV, March 3, 2022 (Reuters)\nText."),
            d("2022-03-03")
        );
    }
}
