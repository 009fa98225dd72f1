//! Numbers that are no figure (years, dates, times, names, idioms), and the sentence
//! pre-check, which must never skip a sentence the scanner would find a figure in.

use super::*;

#[test]
fn years_and_date_parts_are_not_figures() {
    for text in [
        "Russia seized Crimea in 2014.",
        "He came back on 20 February with aides.",
        "It happened on Feb. 28 at the border.",
        "Talks ran between March 13 and 17 in Istanbul.",
        "Flights stopped from 14 to 19 February.",
        "The 2022 invasion changed that.",
        "Sales were flat in 2022-23 overall.",
        "It was the 1990s that mattered.",
    ] {
        assert!(figures(text).is_empty(), "{text}: {:?}", figures(text));
    }
    // Spans the dates stage found are skipped too.
    assert!(figures_with("It ended three days later.", &["three days later"]).is_empty());
}

/// Numbers an f64 cannot hold as written, and powers: either read right or not figures,
/// never a part of them read as the whole.
#[test]
fn scientific_powers_and_overlong_numbers_are_not_figures() {
    for text in [
        "The bill came to $1e308 in the model.",
        "It would take 10^400 shells to do that.",
        "Only 2^10 combinations exist.",
        "A count of 123456789012345678901234 people was reported.",
        "Error code 9999999999999999 was shown.",
    ] {
        assert!(figures(text).is_empty(), "{text}: {:?}", figures(text));
    }
    // Fifteen digits still read exactly.
    let got = figures("The fund held $123,456,789,012,345 in all.");
    assert_eq!(got.len(), 1, "{got:?}");
    assert_eq!(got[0].1, 123_456_789_012_345.0);
}

#[test]
fn times_ordinals_and_names_are_not_figures() {
    for text in [
        "The meeting starts at 10:30 in Kyiv.",
        "Sirens sounded at 9 p.m. in the capital.",
        "It was his 2nd visit in the 21st century.",
        "NATO's Article 5 protects members.",
        "Leaders of the G7 met in Italy.",
        "Kyiv wants F-16 jets and Su-35 parts.",
        "The COVID-19 pandemic slowed trade.",
        "They returned to the Minsk II accords.",
        "After World War Two the order changed.",
        "Call +380 44 123 4567 for details.",
        "See https://example.com/2024/10/5-things for more.",
        "He said one day the war would end.",
        "One of the mediators said so.",
        "It was one more reminiscent of tribute, even if one includes the cost.",
        "Officials said it is a 47-year-old man.",
        "Published 3 hours ago by staff.",
        "Worldcategory · February 23, 2026 · 7:54 PM UTC · 2 mins ago",
        "Who is the number one power, he asked.",
        "He gave a one-on-one interview.",
        "Bad actors may think twice before attacking.",
        "Item 1 of 5 Ukrainian prisoners pose for a picture.",
        "Deals were agreed; one insider reckons a package is ready.",
        "Less than a week after the start of the war it changed.",
        "Understanding the conflict three years on.",
        "It has spent that over the past three years.",
        "They must answer within the next 48 hours.",
    ] {
        assert!(figures(text).is_empty(), "{text}: {:?}", figures(text));
    }
}

/// Reference markers a scraped page kept glued to a sentence's end: never figures, and
/// the figures around them still are.
#[test]
fn footnote_markers_are_not_figures() {
    for text in [
        "Talks ended in a stalemate.4 Ukrainian officials disagreed.",
        "The plan was agreed in Geneva.1 Furthermore, it holds.",
        "He called it \u{201c}a betrayal.\u{201d}12 Officials denied it.",
        "It was rejected (see the annex).2 Talks resumed.",
        "Nobody expected it!3 Ministers left.",
    ] {
        assert!(figures(text).is_empty(), "{text}: {:?}", figures(text));
    }
    for (text, value) in [
        ("Costs rose 3.5 percent in March.", 3.5),
        ("It was agreed.1 Europe will send 30,000 troops.", 30_000.0),
        ("Prices were up by .5 percent.", 0.5),
        ("The fund held $1.5 billion.", 1.5e9),
    ] {
        let got = figures(text);
        assert_eq!(got.len(), 1, "{text}: {got:?}");
        assert_eq!(got[0].1, value, "{text}");
    }
}

#[test]
fn the_sentence_precheck_never_skips_a_possible_figure() {
    // Every sentence of the fixture articles plus phrases that start a figure with "a",
    // a symbol or a word: where the pre-check says no, the scanner must find nothing.
    let mut texts: Vec<String> = [
        "A dozen soldiers left.",
        "It cost A$5 each.",
        "The talks took over an hour.",
        "A third of the aid arrived.",
        "Half the money is gone.",
        "Every third shell was a dud.",
        "A few hundred people marched.",
        "He called it a disgrace.",
        "Prices rose by a percentage point.",
    ]
    .map(String::from)
    .into();
    let root = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../tests/fixtures/corpus/gdelt"
    );
    for entry in std::fs::read_dir(root).unwrap() {
        texts.push(std::fs::read_to_string(entry.unwrap().path()).unwrap_or_default());
    }
    let mut word = String::new();
    let (mut checked, mut skipped) = (0, 0);
    for text in &texts {
        let doc = Doc::new("", text);
        for sentence in &doc.sentences {
            checked += 1;
            if may_hold_figure(&doc.text, sentence.span.clone(), &mut word) {
                continue;
            }
            skipped += 1;
            let toks = tokenize(&doc.text, sentence.span.clone());
            let scanner = Scanner {
                toks: &toks,
                headline: false,
            };
            let cands = scanner.scan();
            assert!(
                cands.is_empty(),
                "skipped {:?}",
                &doc.text[sentence.span.clone()]
            );
        }
    }
    assert!(skipped > 0 && skipped < checked, "{skipped} of {checked}");
}
