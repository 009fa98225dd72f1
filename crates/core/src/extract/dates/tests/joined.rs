//! Mentions written as one phrase out of parts the finders see apart: a weekday set before
//! a calendar date, and the age of something still going on written as an adjective.

use super::*;

/// Class: a weekday in apposition to a calendar date names one day, with the date's value.
#[test]
fn weekday_before_a_date_is_one_mention() {
    let cases: &[(&str, &str, &str, &str)] = &[
        (
            "The document was adopted on Friday, February 4, with 92 votes.",
            "2022-02-04",
            "on Friday, February 4",
            "2022-02-04",
        ),
        (
            "It was signed on Monday, 3 March 2025, in London.",
            "2025-03-05",
            "on Monday, 3 March 2025",
            "2025-03-03",
        ),
        (
            "They met Tuesday, Feb. 1, in Kyiv.",
            "2022-02-04",
            "Tuesday, Feb. 1",
            "2022-02-01",
        ),
        (
            "The summit opens Thursday 12 June in The Hague.",
            "2025-06-01",
            "Thursday 12 June",
            "2025-06-12",
        ),
    ];
    for &(body, published, text, day) in cases {
        assert_eq!(
            run(body, Some(published)),
            [(
                text.to_string(),
                Some(day.to_string()),
                Some(day.to_string())
            )],
            "{body}"
        );
    }
    // A sentence break, or a month without a day, keeps them apart.
    for (body, n) in [
        ("They met on Tuesday. February 1 was cold.", 2),
        ("They met on Tuesday, February and March being busy.", 2),
    ] {
        assert_eq!(run(body, Some("2022-02-04")).len(), n, "{body}");
    }
}

/// Class: an approximate or "-old" age of a war, conflict or siege is a span up to now; an
/// exact length ("the 12-day war") or a term ("a 30-day ceasefire") is not a date.
#[test]
fn age_of_something_still_going_on() {
    let cases: &[(&str, &str, &str, &str, &str)] = &[
        (
            "They were given a June deadline to end the nearly four-year war.",
            "2026-02-07",
            "the nearly four-year",
            "2022-01-01",
            "2026-02-07",
        ),
        (
            "A deal to end the nearly four\u{2011}year war is near.",
            "2026-02-08",
            "the nearly four\u{2011}year",
            "2022-01-01",
            "2026-02-08",
        ),
        (
            "Guarantees are key to ending Russia's four-year-old invasion.",
            "2026-02-20",
            "four-year-old",
            "2022-01-01",
            "2026-02-20",
        ),
        (
            "China says it is neutral in the 18-month-old war.",
            "2023-07-31",
            "in the 18-month-old",
            "2022-01-01",
            "2023-07-31",
        ),
        (
            "Ukraine has endured an almost four-month siege.",
            "2022-06-16",
            "almost four-month",
            "2022-02-01",
            "2022-06-16",
        ),
    ];
    for &(body, published, text, start, end) in cases {
        assert_mention(body, published, text, start, end);
    }
    for body in [
        "Iran was shaken after the 12-day war with Israel.",
        "Both sides agreed a 30-day ceasefire.",
        "They signed a two-year deal.",
        "A 10-year-old boy was hurt.",
        "The five-year plan was never met.",
    ] {
        assert_eq!(run(body, Some("2025-09-08")), [], "{body}");
    }
}
