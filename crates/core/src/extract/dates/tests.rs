//! Rule families of the date extractor, each checked on a sentence in gold conventions.

use super::masks::{
    ANAPHOR, CENTURY, COUNTED, DAY_WORD, MONTH_DATE, NUMERIC, PERIOD, QUARTER, WEEKDAY, YEAR,
};
use super::patterns::PATTERNS;
use super::*;

fn d(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

/// Extracts from `body` (with a headline) published on `published`.
fn run(body: &str, published: Option<&str>) -> Vec<(String, Option<String>, Option<String>)> {
    let doc = Doc::new("Headline", body);
    extract(&doc, published.map(d))
        .into_iter()
        .map(|m| {
            (
                doc.text[m.span].to_string(),
                m.date_start.map(|x| x.to_string()),
                m.date_end.map(|x| x.to_string()),
            )
        })
        .collect()
}

/// The single mention found in `body`, as (text, start, end).
fn one(body: &str, published: &str) -> (String, String, String) {
    let found = run(body, Some(published));
    assert_eq!(
        found.len(),
        1,
        "expected one mention in {body:?}, got {found:?}"
    );
    let (t, s, e) = found.into_iter().next().unwrap();
    (t, s.unwrap_or_default(), e.unwrap_or_default())
}

fn dates(body: &str, published: &str) -> Vec<(String, String)> {
    run(body, Some(published))
        .into_iter()
        .map(|(_, s, e)| (s.unwrap_or_default(), e.unwrap_or_default()))
        .collect()
}

/// Asserts that `body`, published on `published`, yields a mention written `text` that
/// resolves to `start..end`.
fn assert_mention(body: &str, published: &str, text: &str, start: &str, end: &str) {
    let got = run(body, Some(published));
    let m = got
        .iter()
        .find(|(t, _, _)| t == text)
        .unwrap_or_else(|| panic!("{body}: {got:?}"));
    assert_eq!(
        (m.1.as_deref(), m.2.as_deref()),
        (Some(start), Some(end)),
        "{body}"
    );
}

fn pair(a: &str, b: &str) -> (String, String) {
    (a.to_string(), b.to_string())
}

#[test]
fn seed_article_dates() {
    let body = include_str!("seed_fixture.txt");
    let (title, rest) = body.split_once('\n').unwrap();
    let doc = Doc::new(title, rest);
    let got: Vec<(String, String, String)> = extract(&doc, Some(d("2025-02-26")))
        .into_iter()
        .map(|m| {
            (
                doc.text[m.span].to_string(),
                m.date_start.unwrap().to_string(),
                m.date_end.unwrap().to_string(),
            )
        })
        .collect();
    let want = [
        ("on Wednesday", "2025-02-26", "2025-02-26"),
        ("on Monday", "2025-02-24", "2025-02-24"),
        ("last weekend", "2025-02-22", "2025-02-23"),
        ("over the past three years", "2022-01-01", "2025-02-26"),
        ("a little more than a week ago", "2025-02-12", "2025-02-19"),
        ("on Friday", "2025-02-28", "2025-02-28"),
        ("In December 1994", "1994-12-01", "1994-12-31"),
        ("in 2014", "2014-01-01", "2014-12-31"),
        ("in 2022", "2022-01-01", "2022-12-31"),
    ];
    let want: Vec<(String, String, String)> = want
        .iter()
        .map(|(a, b, c)| (a.to_string(), b.to_string(), c.to_string()))
        .collect();
    assert_eq!(got, want);
}

#[test]
fn absolute_dates() {
    assert_eq!(
        one("It was signed on February 26, 2025 in Kyiv.", "2025-03-01"),
        (
            "on February 26, 2025".into(),
            "2025-02-26".into(),
            "2025-02-26".into()
        )
    );
    assert_eq!(
        dates("Talks opened 26 Feb 2025.", "2025-03-01"),
        [pair("2025-02-26", "2025-02-26")]
    );
    assert_eq!(
        dates("Filed 2025-02-26.", "2025-03-01"),
        [pair("2025-02-26", "2025-02-26")]
    );
    assert_eq!(
        dates(
            "MINSK, 16 February (BelTA) – The minister spoke.",
            "2022-02-16"
        ),
        [pair("2022-02-16", "2022-02-16")]
    );
}

#[test]
fn partial_dates() {
    assert_eq!(
        dates("In December 1994 they agreed.", "2025-02-26"),
        [pair("1994-12-01", "1994-12-31")]
    );
    assert_eq!(
        dates("It began in 2014.", "2025-02-26"),
        [pair("2014-01-01", "2014-12-31")]
    );
    // Year-less dates take the year nearest publication.
    assert_eq!(
        dates("Elections are set for Feb. 8.", "2026-01-23"),
        [pair("2026-02-08", "2026-02-08")]
    );
    assert_eq!(
        dates("She made waves in November.", "2026-01-23"),
        [pair("2025-11-01", "2025-11-30")]
    );
    assert_eq!(
        dates("Reforms since the 1990s stalled.", "2026-01-23"),
        [pair("1990-01-01", "2026-01-23")]
    );
    assert_eq!(
        dates("the summer of 2022 was hot.", "2024-01-01"),
        [pair("2022-06-01", "2022-08-31")]
    );
    assert_eq!(
        dates("the 2014 annexation of Crimea", "2024-01-01"),
        [pair("2014-01-01", "2014-12-31")]
    );
}

#[test]
fn year_less_dates_follow_the_story() {
    let body = "Peace talks began in February 2022. The first round was held on Feb. 28. \
                Three days later they met again. On March 7 the sides met in Brest.";
    assert_eq!(
        dates(body, "2024-04-19"),
        [
            pair("2022-02-01", "2022-02-28"),
            pair("2022-02-28", "2022-02-28"),
            pair("2022-03-03", "2022-03-03"),
            pair("2022-03-07", "2022-03-07"),
        ]
    );
}

#[test]
fn ranges() {
    assert_eq!(
        dates("It grew between 2014 and 2022.", "2025-01-01"),
        [pair("2014-01-01", "2022-12-31")]
    );
    assert_eq!(
        dates("Talks ran between March 13 and 17.", "2022-04-01"),
        [pair("2022-03-13", "2022-03-17")]
    );
    assert_eq!(
        dates(
            "Drafts were made between March 29 and April 15.",
            "2022-05-01"
        ),
        [pair("2022-03-29", "2022-04-15")]
    );
    assert_eq!(
        dates("Avoid the sea from 14 to 19 February.", "2022-02-14"),
        [pair("2022-02-14", "2022-02-19")]
    );
}

#[test]
fn weekdays_past_and_future() {
    // Past narration: the most recent such day, the publication day included.
    assert_eq!(
        dates(
            "Trump told his cabinet on Wednesday that he would sign.",
            "2025-02-26"
        ),
        [pair("2025-02-26", "2025-02-26")]
    );
    assert_eq!(
        dates("He stood in silence on Monday.", "2025-02-26"),
        [pair("2025-02-24", "2025-02-24")]
    );
    assert_eq!(
        dates("On Sunday, Zelenskiy urged Biden to visit.", "2022-02-14"),
        [pair("2022-02-13", "2022-02-13")]
    );
    // Future: the next one, the publication day included.
    assert_eq!(
        dates("Scholz will travel to Kyiv on Monday.", "2022-02-14"),
        [pair("2022-02-14", "2022-02-14")]
    );
    assert_eq!(
        dates(
            "On Tuesday Scholz is expected to go to Moscow.",
            "2022-02-14"
        ),
        [pair("2022-02-15", "2022-02-15")]
    );
    assert_eq!(
        dates(
            "An invasion could happen as soon as Wednesday.",
            "2022-02-12"
        ),
        [pair("2022-02-16", "2022-02-16")]
    );
    assert_eq!(
        dates("His hope is to sign something on Friday.", "2025-02-26"),
        [pair("2025-02-28", "2025-02-28")]
    );
    assert_eq!(
        dates("A campaign begins next Tuesday.", "2026-01-23"),
        [pair("2026-01-27", "2026-01-27")]
    );
    assert_eq!(
        dates("A convoy drove by last Sunday afternoon.", "2022-04-12"),
        [pair("2022-04-10", "2022-04-10")]
    );
    // Without a publication date nothing is guessed.
    assert_eq!(
        run("He spoke on Monday.", None),
        [("on Monday".to_string(), None, None)]
    );
}

/// Prints what the extractor makes of `PROBE` (sentences separated by `|`, published on
/// `PROBE_DATE`, default 2025-02-26): `PROBE=… cargo test -p covtrack-core dates::tests::probe
/// -- --ignored --nocapture`.
#[test]
#[ignore]
fn probe() {
    let date = std::env::var("PROBE_DATE").unwrap_or_else(|_| "2025-02-26".into());
    for t in std::env::var("PROBE").unwrap_or_default().split('|') {
        eprintln!("{t:?} -> {:?}", run(t, Some(&date)));
    }
}

/// Class: centuries by ordinal, whole or in part.
#[test]
fn centuries() {
    let cases: &[(&str, &str, &str, &str)] = &[
        (
            "The 20th century saw two world wars.",
            "The 20th century",
            "1900-01-01",
            "1999-12-31",
        ),
        (
            "Borders drawn in the nineteenth century held.",
            "in the nineteenth century",
            "1800-01-01",
            "1899-12-31",
        ),
        (
            "It is the worst war of the 21st century.",
            "of the 21st century",
            "2000-01-01",
            "2099-12-31",
        ),
        (
            "In the early twentieth century, Kyiv grew.",
            "In the early twentieth century",
            "1900-01-01",
            "1932-12-31",
        ),
        (
            "A late-20th-century treaty still binds them.",
            "late-20th-century",
            "1967-01-01",
            "1999-12-31",
        ),
    ];
    for &(body, text, start, end) in cases {
        assert_mention(body, "2025-02-26", text, start, end);
    }
}

/// Class: "the day before" and "the day after" alone point at the story's day; before a
/// noun they name a day relative to something else and are left out.
#[test]
fn the_day_before_and_after() {
    let got = run(
        "On Monday talks began. The day before, he resigned.",
        Some("2025-02-26"),
    );
    assert!(
        got.iter().any(|m| m
            == &(
                "The day before".to_string(),
                Some("2025-02-23".into()),
                Some("2025-02-23".into())
            )),
        "{got:?}"
    );
    let got = run(
        "On March 3, 2025 talks began. The day after, he resigned.",
        Some("2025-03-10"),
    );
    assert!(
        got.iter().any(|m| m
            == &(
                "The day after".to_string(),
                Some("2025-03-04".into()),
                Some("2025-03-04".into())
            )),
        "{got:?}"
    );
    let got = run("He spoke the day before the vote.", Some("2025-03-10"));
    assert!(got.is_empty(), "{got:?}");
}

/// Class: a week of a month or year ("the last week of 2018" is that week, not last
/// week).
#[test]
fn week_of_phrases() {
    let cases: &[(&str, &str, &str, &str)] = &[
        (
            "It ended on the last day of the 20th century.",
            "on the last day of the 20th century",
            "1999-12-31",
            "1999-12-31",
        ),
        (
            "Talks open on the first day of March 2025.",
            "on the first day of March 2025",
            "2025-03-01",
            "2025-03-01",
        ),
        (
            "In the last week of 2018 the deal collapsed.",
            "In the last week of 2018",
            "2018-12-25",
            "2018-12-31",
        ),
        (
            "Shipments fell by 30% in the first three weeks of April.",
            "in the first three weeks of April",
            "2024-04-01",
            "2024-04-21",
        ),
        (
            "Strikes doubled in the last ten days of March 2022.",
            "in the last ten days of March 2022",
            "2022-03-22",
            "2022-03-31",
        ),
        (
            "Aid stalled in the first 2 weeks of 2023.",
            "in the first 2 weeks of 2023",
            "2023-01-01",
            "2023-01-14",
        ),
        (
            "They met in the first week of March 2022.",
            "in the first week of March 2022",
            "2022-03-01",
            "2022-03-07",
        ),
        (
            "Talks resume in the second week of January 2023.",
            "in the second week of January 2023",
            "2023-01-08",
            "2023-01-14",
        ),
        (
            "It ended in the last week of February 2024.",
            "in the last week of February 2024",
            "2024-02-23",
            "2024-02-29",
        ),
        (
            "A vote is due in the first week of next month.",
            "in the first week of next month",
            "2025-03-01",
            "2025-03-07",
        ),
        (
            "The pact lapses in the final week of this year.",
            "in the final week of this year",
            "2025-12-25",
            "2025-12-31",
        ),
    ];
    for &(body, text, start, end) in cases {
        assert_mention(body, "2025-02-26", text, start, end);
    }
    // Without "of", "the last week" is still the span up to publication.
    assert_eq!(
        one("He travelled a lot in the last week.", "2025-02-26"),
        (
            "in the last week".into(),
            "2025-02-19".into(),
            "2025-02-26".into()
        )
    );
}

/// Class: quarters by number, as business and budget news writes them. Without a year, the
/// quarter nearest publication (the one just ended or under way).
#[test]
fn numbered_quarters() {
    let cases: &[(&str, &str, &str, &str, &str)] = &[
        (
            "Profit rose in the third quarter.",
            "1989-10-26",
            "in the third quarter",
            "1989-07-01",
            "1989-09-30",
        ),
        (
            "Third-quarter earnings fell.",
            "1989-10-26",
            "Third-quarter",
            "1989-07-01",
            "1989-09-30",
        ),
        (
            "Sales in the fourth quarter were flat.",
            "1990-01-15",
            "in the fourth quarter",
            "1989-10-01",
            "1989-12-31",
        ),
        (
            "It expects a loss in the first quarter.",
            "1990-01-15",
            "in the first quarter",
            "1990-01-01",
            "1990-03-31",
        ),
        (
            "Output grew in the second quarter of 2024.",
            "2025-02-26",
            "in the second quarter of 2024",
            "2024-04-01",
            "2024-06-30",
        ),
        (
            "Revenue for the 1997 fourth quarter doubled.",
            "1998-03-01",
            "for the 1997 fourth quarter",
            "1997-10-01",
            "1997-12-31",
        ),
        (
            "Deliveries start in Q3 2025.",
            "2025-02-26",
            "in Q3 2025",
            "2025-07-01",
            "2025-09-30",
        ),
        (
            "GDP shrank 2% in Q1.",
            "2025-05-10",
            "in Q1",
            "2025-01-01",
            "2025-03-31",
        ),
    ];
    for &(body, published, text, start, end) in cases {
        assert_mention(body, published, text, start, end);
    }
    // "a quarter of the budget" is a fraction, "quarterback" a word: no quarter dates.
    for body in [
        "A quarter of the budget went to arms.",
        "The quarterback threw twice.",
        "Q7 is a road.",
    ] {
        assert!(run(body, Some("2025-02-26")).is_empty(), "{body}");
    }
}

#[test]
fn calendar_periods() {
    assert_eq!(
        dates("Kallas said last week.", "2023-07-08"),
        [pair("2023-06-26", "2023-07-02")]
    );
    assert_eq!(
        dates("A summit this week.", "2023-07-08"),
        [pair("2023-07-03", "2023-07-09")]
    );
    assert_eq!(
        dates("Another round next week.", "2026-01-26"),
        [pair("2026-02-02", "2026-02-08")]
    );
    assert_eq!(
        dates("They met last month.", "2023-07-08"),
        [pair("2023-06-01", "2023-06-30")]
    );
    assert_eq!(
        dates("Aid rose this year.", "2026-02-20"),
        [pair("2026-01-01", "2026-12-31")]
    );
    assert_eq!(
        dates("Talks resume next year.", "2026-02-20"),
        [pair("2027-01-01", "2027-12-31")]
    );
    assert_eq!(
        dates("Aid for this year and next.", "2026-02-20"),
        [pair("2026-01-01", "2027-12-31")]
    );
    assert_eq!(
        dates("Carney earlier this month went to Beijing.", "2026-01-23"),
        [pair("2026-01-01", "2026-01-23")]
    );
    assert_eq!(
        dates("Late last year, Russia seized Luhansk.", "2026-02-20"),
        [pair("2025-10-01", "2025-12-31")]
    );
    assert_eq!(
        dates("He said that last weekend.", "2025-02-26"),
        [pair("2025-02-22", "2025-02-23")]
    );
    assert_eq!(
        dates("Intelligence over the weekend claimed it.", "2022-02-14"),
        [pair("2022-02-12", "2022-02-13")]
    );
    assert_eq!(
        dates("He was rocked last autumn by a scandal.", "2025-02-28"),
        [pair("2024-09-01", "2024-11-30")]
    );
    assert_eq!(
        dates("Diplomats said so since last summer.", "2025-02-28"),
        [pair("2024-06-01", "2025-02-28")]
    );
    assert_eq!(
        dates("He said it yesterday.", "2026-01-23"),
        [pair("2026-01-22", "2026-01-22")]
    );
    assert_eq!(
        dates("We may fall tomorrow.", "2022-02-19"),
        [pair("2022-02-20", "2022-02-20")]
    );
}

mod joined;
mod spans;
