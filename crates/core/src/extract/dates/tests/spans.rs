//! Rule families of the date extractor, continued: counted spans, durations, parts of
//! periods, schedules and quoted speech.

use super::*;

#[test]
fn counted_relative_and_durations() {
    assert_eq!(
        dates("It happened three days ago.", "2025-02-26"),
        [pair("2025-02-23", "2025-02-23")]
    );
    assert_eq!(
        dates("He left two weeks ago.", "2025-02-26"),
        [pair("2025-02-12", "2025-02-12")]
    );
    // "over", "more than", "a little more than" before "ago" reach further back.
    for text in [
        "Bessent was sent to Kyiv over a week ago.",
        "Bessent was sent to Kyiv more than a week ago.",
        "Bessent was sent to Kyiv a little more than a week ago.",
    ] {
        assert_eq!(
            dates(text, "2025-02-26"),
            [pair("2025-02-12", "2025-02-19")],
            "{text}"
        );
    }
    assert_eq!(
        dates("As promised 15 years ago.", "2023-07-08"),
        [pair("2008-01-01", "2008-12-31")]
    );
    assert_eq!(
        dates(
            "It has spent a lot over the past three years.",
            "2025-02-26"
        ),
        [pair("2022-01-01", "2025-02-26")]
    );
    assert_eq!(
        dates("Over the past year talks were held.", "2026-02-17"),
        [pair("2025-01-01", "2026-02-17")]
    );
    assert_eq!(
        dates(
            "There were 35 strikes over the past 24 hours.",
            "2022-04-26"
        ),
        [pair("2022-04-25", "2022-04-26")]
    );
    assert_eq!(
        dates("A meeting within the next 48 hours.", "2022-02-14"),
        [pair("2022-02-14", "2022-02-16")]
    );
    assert_eq!(
        dates("Not join Nato in the next 10 years.", "2022-02-14"),
        [pair("2022-02-14", "2032-12-31")]
    );
    assert_eq!(
        dates("She has held office for three months.", "2026-01-23"),
        [pair("2025-10-01", "2026-01-23")]
    );
    assert_eq!(
        dates("It ends almost four years of war.", "2026-01-26"),
        [pair("2022-01-01", "2026-01-26")]
    );
    assert_eq!(
        dates("It has fought since 2014.", "2026-02-20"),
        [pair("2014-01-01", "2026-02-20")]
    );
    assert_eq!(
        dates("Gains since early 2024.", "2026-02-05"),
        [pair("2024-01-01", "2026-02-05")]
    );
    // A prison term is not time elapsed until publication.
    assert!(dates("He was sentenced to prison for five years.", "2026-02-05").is_empty());
}

#[test]
fn false_friends() {
    let none = |s: &str| {
        assert!(
            run(s, Some("2025-02-26")).is_empty(),
            "{s:?} gave {:?}",
            run(s, Some("2025-02-26"))
        )
    };
    none("The agreement may accelerate an end to the fighting.");
    none("May I ask a question?");
    none("Protesters march on the capital.");
    none("Russia may one day restart the conflict.");
    none("It began during the Biden administration.");
    none("The force might require 100,000 troops or more.");
    none("Police detained 2,000 opposition supporters.");
    none("Article 5 protects members.");
    none("They will meet at 5 p.m. local time.");
    none("Support is available 24/7.");
    none("COVID-19 and the G7 summit.");
    none("About 2022 people came.");
    none("Shoppers queued on Black Friday.");
    none("He told USA Today that it was over.");
}

#[test]
fn names_and_stops_around_dates() {
    assert!(run("He wrote in the Sunday Times about it.", Some("2025-02-26")).is_empty());
    assert_eq!(
        one("It happened in April of 2022.", "2025-02-26"),
        (
            "in April of 2022".into(),
            "2022-04-01".into(),
            "2022-04-30".into()
        )
    );
    assert_eq!(
        one("Attacks began on 24 February.", "2022-05-01"),
        (
            "on 24 February".into(),
            "2022-02-24".into(),
            "2022-02-24".into()
        )
    );
    assert_eq!(
        dates("They arrived in the late 1980s.", "2025-02-26"),
        [pair("1986-01-01", "1989-12-31")]
    );
}

#[test]
fn year_less_dates_follow_tense_and_relative_words() {
    // Past narration puts a year-less month before publication even when the next one is
    // nearer; future puts it after.
    assert_eq!(
        dates("It was discussed during a January meeting.", "2022-07-29"),
        [pair("2022-01-01", "2022-01-31")]
    );
    assert_eq!(
        dates("Elections will be held in January.", "2022-07-29"),
        [pair("2023-01-01", "2023-01-31")]
    );
    assert_eq!(
        dates("He was given an award last November.", "2022-07-26"),
        [pair("2021-11-01", "2021-11-30")]
    );
    assert_eq!(
        one("In November last year, he was banned.", "2023-07-29"),
        (
            "In November last year".into(),
            "2022-11-01".into(),
            "2022-11-30".into()
        )
    );
    // "could have been" is past.
    assert_eq!(
        dates(
            "The blast over the weekend could have been an accident.",
            "2022-06-27"
        ),
        [pair("2022-06-25", "2022-06-26")]
    );
}

#[test]
fn due_looks_ahead_only_with_a_copula() {
    assert_eq!(
        dates("The payment is due on Friday.", "2025-02-26"),
        [pair("2025-02-28", "2025-02-28")]
    );
    assert_eq!(
        dates(
            "Russia said payments originally due on 27 May were blocked.",
            "2022-06-27"
        ),
        [pair("2022-05-27", "2022-05-27")]
    );
}

#[test]
fn words_relative_to_publication_end_a_story_date() {
    let body = "The platform was launched in August 2021. This year, Ukraine plans to hold \
                the summit on August 23.";
    assert_eq!(
        dates(body, "2022-06-01"),
        [
            pair("2021-08-01", "2021-08-31"),
            pair("2022-01-01", "2022-12-31"),
            pair("2022-08-23", "2022-08-23"),
        ]
    );
}

#[test]
fn sentence_masks_never_skip_a_possible_match() {
    // Every pattern over the whole text of the fixture articles and of phrases built to
    // hit each trigger: a match inside one sentence must be in a sentence whose mask lets
    // that pattern run there.
    let mut texts: Vec<String> = [
        "Talks resumed on Feb. 26, 2025 and again on 3 March.",
        "He left on Monday's flight. She returns this morning, not tomorrow.",
        "Over the past three years, and 18 months ago, and two decades before.",
        "The next day, the same day, the following day.",
        "Last weekend, this quarter, next spring and the coming winter.",
        "In fiscal 2026 and the 1990s; on 2025-02-26 or 26/02/2025.",
        "Mid-December, late Sept. and early 2014.",
        "Prices from the \u{212A}elvin-signed wee\u{212A} and the ſeason.",
    ]
    .map(String::from)
    .into();
    // The fixtures and the bundled sample belong to the workspace, two folders up.
    let root = concat!(env!("CARGO_MANIFEST_DIR"), "/../..");
    for dir in [
        "tests/fixtures/corpus/gdelt",
        "tests/fixtures/corpus/html",
        "tests/fixtures/corpus/scraped",
        "tests/fixtures/corpus/seed",
        "input/guardian",
        "input/html",
        "input/scraped",
        "input/datasets",
    ] {
        for entry in std::fs::read_dir(format!("{root}/{dir}")).unwrap() {
            texts.push(std::fs::read_to_string(entry.unwrap().path()).unwrap_or_default());
        }
    }
    let p = &*PATTERNS;
    let patterns = [
        (MONTH_DATE, &p.month_date),
        (NUMERIC, &p.numeric),
        (YEAR, &p.year),
        (WEEKDAY, &p.weekday),
        (DAY_WORD, &p.day_word),
        (PERIOD, &p.period),
        (COUNTED, &p.counted),
        (ANAPHOR, &p.anaphor),
        (QUARTER, &p.quarter),
        (CENTURY, &p.century),
    ];
    let (mut matched, mut skipped_sentences) = (0, 0);
    for text in &texts {
        let doc = Doc::new("", text);
        let masks = sentence_masks(&doc);
        skipped_sentences += masks.iter().filter(|&&m| m == 0).count();
        for (bit, re) in patterns {
            for m in re.find_iter(&doc.text) {
                let Some(i) = doc
                    .sentences
                    .iter()
                    .position(|s| s.span.start <= m.start() && m.end() <= s.span.end)
                else {
                    continue; // across sentences: not searched any more, by design
                };
                matched += 1;
                assert!(
                    masks[i] & bit != 0,
                    "pattern {bit} matches {:?} in a sentence it skips: {:?}",
                    m.as_str(),
                    &doc.text[doc.sentences[i].span.clone()]
                );
            }
        }
    }
    // The check saw real matches, and the masks do skip sentences.
    assert!(matched > 1000, "{matched}");
    assert!(skipped_sentences > 100, "{skipped_sentences}");
}

/// Early and late parts of a year are its first and last quarters; the beginning, middle
/// and end of a season are one of its months.
#[test]
fn parts_of_years_and_seasons() {
    let cases = [
        // (sentence, published, mention, start, end)
        (
            "Talks could resume in early 2026.",
            "2025-11-03",
            "in early 2026",
            "2026-01-01",
            "2026-03-31",
        ),
        (
            "The plant was shut in late 2024.",
            "2025-11-03",
            "in late 2024",
            "2024-10-01",
            "2024-12-31",
        ),
        (
            "Early next year, the fund opens.",
            "2025-11-03",
            "Early next year",
            "2026-01-01",
            "2026-03-31",
        ),
        (
            "They want a deal by the beginning of this summer.",
            "2026-02-08",
            "by the beginning of this summer",
            "2026-06-01",
            "2026-06-30",
        ),
        (
            "The offensive began in late spring 2023.",
            "2024-01-10",
            "in late spring 2023",
            "2023-05-01",
            "2023-05-31",
        ),
        (
            "Prices peaked at the end of last winter.",
            "2025-06-10",
            "at the end of last winter",
            "2025-02-01",
            "2025-02-28",
        ),
        (
            "Fighting slowed in early autumn.",
            "2025-12-01",
            "in early autumn",
            "2025-09-01",
            "2025-09-30",
        ),
        (
            "Exports fell by mid-summer 2022.",
            "2023-01-10",
            "by mid-summer 2022",
            "2022-07-01",
            "2022-07-31",
        ),
        (
            "Next spring the troops rotate.",
            "2025-11-03",
            "Next spring",
            "2026-03-01",
            "2026-05-31",
        ),
    ];
    for (body, published, text, start, end) in cases {
        assert_mention(body, published, text, start, end);
    }
}

/// A bare month before a noun of something still to come is the next such month, even
/// in a clause told in the past.
#[test]
fn months_before_forward_nouns() {
    let cases = [
        (
            "The U.S. has given both sides a June deadline.",
            "2026-02-08",
            "June",
            "2026-06-01",
            "2026-06-30",
        ),
        (
            "If the June deadline is not met, pressure will grow.",
            "2026-02-08",
            "June",
            "2026-06-01",
            "2026-06-30",
        ),
        (
            "Brussels set a March target for the loan.",
            "2025-11-20",
            "March",
            "2026-03-01",
            "2026-03-31",
        ),
        (
            "Kyiv rejected the December ultimatum.",
            "2025-10-02",
            "December",
            "2025-12-01",
            "2025-12-31",
        ),
        // Without such a noun the clause's tense decides.
        (
            "Talks stalled in June.",
            "2026-02-08",
            "in June",
            "2025-06-01",
            "2025-06-30",
        ),
    ];
    for (body, published, text, start, end) in cases {
        let got = run(body, Some(published));
        let m = got
            .iter()
            .find(|(t, _, _)| t.contains(text))
            .unwrap_or_else(|| panic!("{body}: {got:?}"));
        assert_eq!(
            (m.1.as_deref(), m.2.as_deref()),
            (Some(start), Some(end)),
            "{body}"
        );
    }
}

/// "for", "in" and "after" N units are time up to publication only when the clause says
/// so; otherwise they are how long an event lasted, which is a figure, not a date.
#[test]
fn durations_up_to_now_and_of_events() {
    let up_to_now = [
        (
            "Takaichi, who has only held office for three months, dissolved parliament.",
            "2026-01-23",
            "for three months",
        ),
        (
            "Some of the POWs had been held for nearly four years.",
            "2026-02-05",
            "for nearly four years",
        ),
        (
            "It was the first such swap in five months.",
            "2026-02-05",
            "in five months",
        ),
        (
            "Prices hit their highest level in two years.",
            "2026-02-05",
            "in two years",
        ),
        (
            "Thousands were killed in nearly four years of war.",
            "2026-02-05",
            "in nearly four years",
        ),
        (
            "After more than two years the war is going nowhere.",
            "2024-04-19",
            "After more than two years",
        ),
        (
            "Generals discussed the war after 500 days from the start of the invasion.",
            "2023-07-09",
            "after 500 days",
        ),
    ];
    for (body, published, text) in up_to_now {
        let got = run(body, Some(published));
        assert!(
            got.iter().any(|(t, s, _)| t == text && s.is_some()),
            "{body}: {got:?}"
        );
    }
    let events = [
        (
            "Putin agreed to halt strikes on energy infrastructure for a week.",
            "2026-02-07",
        ),
        ("The pause was violated after just four days.", "2026-02-08"),
        (
            "Putin boasted he would be in Kyiv in three days.",
            "2024-04-19",
        ),
        ("The talks went on for two days in Abu Dhabi.", "2026-01-24"),
    ];
    for (body, published) in events {
        let got = run(body, Some(published));
        assert!(got.is_empty(), "{body}: {got:?}");
    }
}

/// A "today" quoted from a speech the sentence dates is that day; unquoted, or with no
/// other day in the sentence, it is the publication day.
#[test]
fn quoted_today_is_the_day_of_the_speech() {
    let cases = [
        (
            "“As of today, we cannot say the outcome is sufficient,” Zelenskyy said in a Wednesday evening address.",
            "2026-02-20",
            "As of today",
            "2026-02-18",
        ),
        (
            "\"We are ready today,\" Sybiha said on Monday.",
            "2026-02-20",
            "today",
            "2026-02-16",
        ),
        (
            "“We are ready today,” Sybiha said.",
            "2026-02-20",
            "today",
            "2026-02-20",
        ),
        (
            "Zelenskyy said today that talks would resume on Monday.",
            "2026-02-20",
            "today",
            "2026-02-20",
        ),
    ];
    for (body, published, text, day) in cases {
        assert_mention(body, published, text, day, day);
    }
}

/// The present of a schedule ("goes to Moscow on Tuesday") looks ahead, as "will" does.
#[test]
fn scheduled_present_looks_ahead() {
    // Published on a Monday.
    let cases = [
        (
            "Prime Minister Viktor Orban goes to Moscow on Tuesday to talk to Putin.",
            "on Tuesday",
            "2022-02-01",
        ),
        (
            "The Security Council meets on Thursday.",
            "on Thursday",
            "2022-02-03",
        ),
        (
            "Blinken travels to Kyiv on Wednesday.",
            "on Wednesday",
            "2022-02-02",
        ),
        (
            "The summit opens on Friday in Munich.",
            "on Friday",
            "2022-02-04",
        ),
        // Told in the past, the same weekday is the one before.
        (
            "Orban went to Moscow on Tuesday.",
            "on Tuesday",
            "2022-01-25",
        ),
    ];
    for (body, text, day) in cases {
        assert_mention(body, "2022-01-31", text, day, day);
    }
}
