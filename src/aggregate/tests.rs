//! The aggregates counted from hand-made batches, in one batch and in many.

use super::values::median;
use super::*;
use crate::tables::ArticleRow;
use polars::prelude::*;

fn d(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

fn article(id: u64, published: Option<&str>, source: &str, dup: Option<u64>) -> ArticleRow {
    samples::article(id, published.map(d), Some(source), dup)
}

fn mention(id: u64, topic: &str, negated: bool, hedged: bool, actors: &[&str]) -> StanceRow {
    let term = if topic == "ceasefire" {
        "ceasefire"
    } else {
        "security guarantees"
    };
    samples::mention(id, topic, term, (negated, hedged), actors)
}

use crate::tables::samples::{self, figure, held_by};

/// Five articles over three weeks, one a duplicate and one undated; every expected
/// number below is counted by hand from these rows. Most mentions have a holder: Trump
/// refuses twice in article 1 (once also hedged), while the United States is only named.
fn fixture() -> (Aggregates, Corpus) {
    fixture_in_batches(5)
}

/// The fixture's articles counted in batches of `size` articles.
fn fixture_in_batches(size: usize) -> (Aggregates, Corpus) {
    let whole = Batch {
        articles: vec![
            article(1, Some("2025-02-24"), "A", None),
            article(2, Some("2025-02-26"), "B", None),
            article(3, Some("2025-02-26"), "A", Some(2)),
            article(4, Some("2025-03-12"), "B", None),
            article(5, None, "C", None),
        ],
        stance: vec![
            held_by(
                "trump",
                mention(
                    1,
                    "security_guarantee",
                    true,
                    false,
                    &["trump", "united_states"],
                ),
            ),
            held_by(
                "europe",
                mention(1, "security_guarantee", false, true, &["europe"]),
            ),
            mention(1, "ceasefire", false, false, &[]),
            held_by(
                "trump",
                mention(1, "security_guarantee", true, true, &["trump"]),
            ),
            held_by(
                "europe",
                mention(2, "security_guarantee", false, false, &["europe"]),
            ),
            held_by(
                "trump",
                mention(3, "security_guarantee", true, false, &["trump"]),
            ),
            held_by("russia", mention(4, "ceasefire", true, false, &["russia"])),
            mention(5, "security_guarantee", false, false, &[]),
        ],
        figures: vec![
            figure(1, 100_000.0, "troop", "count"),
            figure(2, 50_000.0, "troop", "count"),
            figure(3, 1.0, "troop", "count"),
            figure(4, 350e9, "USD", "money"),
        ],
        ..Default::default()
    };
    let mut agg = Aggregator::new(Period::Week);
    for articles in whole.articles.chunks(size) {
        let ids = articles[0].article_id..=articles[articles.len() - 1].article_id;
        agg.add(&Batch {
            articles: articles.to_vec(),
            stance: (whole.stance.iter())
                .filter(|m| ids.contains(&m.article_id))
                .cloned()
                .collect(),
            figures: (whole.figures.iter())
                .filter(|f| ids.contains(&f.article_id))
                .cloned()
                .collect(),
            ..Default::default()
        });
    }
    let vocabulary = Vocabulary {
        topics: ["security_guarantee", "ceasefire", "peacekeeping"]
            .map(String::from)
            .to_vec(),
        terms: vec![
            ("ceasefire".into(), "ceasefire".into()),
            ("truce".into(), "ceasefire".into()),
        ],
    };
    agg.finish(&vocabulary).unwrap()
}

fn row(df: &DataFrame, i: usize) -> Vec<String> {
    df.columns()
        .iter()
        .map(|c| c.get(i).unwrap().to_string())
        .collect()
}

#[test]
fn timeline_by_hand() {
    let (agg, _) = fixture();
    let t = &agg.timeline;
    // 3 topics x 3 weeks (the empty week of 2025-03-03 included).
    assert_eq!(t.height(), 9);
    let header: Vec<&str> = t.get_column_names().iter().map(|c| c.as_str()).collect();
    assert_eq!(
        header,
        [
            "period",
            "topic",
            "stories",
            "articles",
            "outlets",
            "mentions",
            "negated",
            "hedged",
            "stated",
            "stories_stated",
            "stories_hedged",
            "stories_negated",
            "stories_total",
            "share",
            "negated_share",
            "share_change",
            "negated_share_change"
        ]
    );
    assert_eq!(t.column("period").unwrap().dtype(), &DataType::Date);
    assert_eq!(t.column("articles").unwrap().dtype(), &DataType::UInt32);
    // ceasefire: week 1 one of two stories, week 2 nothing, week 3 the only story, negated.
    assert_eq!(
        row(t, 0),
        [
            "2025-02-24",
            "\"ceasefire\"",
            "1",
            "1",
            "1",
            "1",
            "0",
            "0",
            "1",
            "1",
            "0",
            "0",
            "2",
            "0.5",
            "0.0",
            "null",
            "null"
        ]
    );
    assert_eq!(
        row(t, 1),
        [
            "2025-03-03",
            "\"ceasefire\"",
            "0",
            "0",
            "0",
            "0",
            "0",
            "0",
            "0",
            "0",
            "0",
            "0",
            "0",
            "0.0",
            "0.0",
            "-0.5",
            "0.0"
        ]
    );
    assert_eq!(
        row(t, 2),
        [
            "2025-03-10",
            "\"ceasefire\"",
            "1",
            "1",
            "1",
            "1",
            "1",
            "0",
            "0",
            "0",
            "0",
            "1",
            "1",
            "1.0",
            "1.0",
            "1.0",
            "1.0"
        ]
    );
    // peacekeeping is in the lexicon but never mentioned: zeros, still present.
    assert_eq!(row(t, 3)[1], "\"peacekeeping\"");
    assert_eq!(row(t, 3)[2], "0");
    // security_guarantee week 1: stories 1 and 2, printed by three articles (3 is a copy
    // of 2 in outlet A; 5 is undated) in two outlets; the mentions are the stories'.
    let sg = row(t, 6);
    assert_eq!(
        &sg[..13],
        [
            "2025-02-24",
            "\"security_guarantee\"",
            "2",
            "3",
            "2",
            "4",
            "2",
            "2",
            "1",
            // Story 1 refuses once (and hedges, and states): negated; story 2 states.
            "1",
            "0",
            "1",
            "2"
        ]
    );
    assert_eq!(sg[13], "1.0");
    assert_eq!(sg[14], "0.5");
}

#[test]
fn actors_figures_terms_sources_by_hand() {
    let (agg, corpus) = fixture();
    let a = &agg.actor_timeline;
    let header: Vec<&str> = a.get_column_names().iter().map(|c| c.as_str()).collect();
    assert_eq!(
        header,
        [
            "period", "role", "actor", "topic", "articles", "mentions", "negated", "hedged",
            "stated"
        ]
    );
    assert_eq!(a.column("stated").unwrap().dtype(), &DataType::UInt32);
    // 4 named (actor, topic) pairs and 3 holder pairs (the United States is never a
    // holder), each in all 3 weeks; named rows first within a period.
    assert_eq!(a.height(), 21);
    // Week `i`'s rows without the period, quotes dropped.
    let week = |i: usize| -> Vec<Vec<String>> {
        (7 * i..7 * i + 7)
            .map(|r| row(a, r)[1..].iter().map(|c| c.replace('"', "")).collect())
            .collect()
    };
    // role, actor, topic, articles, mentions, negated, hedged, stated. Trump's mention
    // that is negated and hedged counts in both columns but is not stated; the duplicate
    // (article 3) counts for nobody.
    let want = [
        "named europe security_guarantee 2 2 0 1 1",
        "named russia ceasefire 0 0 0 0 0",
        "named trump security_guarantee 1 2 2 1 0",
        "named united_states security_guarantee 1 1 1 0 0",
        "holder europe security_guarantee 2 2 0 1 1",
        "holder russia ceasefire 0 0 0 0 0",
        "holder trump security_guarantee 1 2 2 1 0",
    ];
    assert_eq!(
        week(0),
        want.map(|r| r.split(' ').map(String::from).collect::<Vec<_>>())
    );
    assert_eq!(row(a, 0)[0], "2025-02-24");
    // The empty week has every pair of both roles, with zeros.
    assert_eq!(row(a, 7)[0], "2025-03-03");
    assert!(week(1).iter().all(|r| r[3..].iter().all(|c| c == "0")));
    assert_eq!(week(1)[4][..3], ["holder", "europe", "security_guarantee"]);
    // The last week: Russia refuses a ceasefire, named and holder.
    assert_eq!(row(a, 14)[0], "2025-03-10");
    for (r, role) in [(1, "named"), (5, "holder")] {
        assert_eq!(
            week(2)[r],
            [role, "russia", "ceasefire", "1", "1", "1", "0", "0"]
        );
    }
    assert_eq!(week(2).iter().filter(|r| r[4] != "0").count(), 2);

    let f = &agg.figure_timeline;
    assert_eq!(f.height(), 6);
    assert_eq!(
        row(f, 0),
        [
            "2025-02-24",
            "\"count\"",
            "\"troop\"",
            "2",
            "50000.0",
            "75000.0",
            "100000.0"
        ]
    );
    assert_eq!(
        row(f, 1),
        [
            "2025-02-24",
            "\"money\"",
            "\"USD\"",
            "0",
            "null",
            "null",
            "null"
        ]
    );
    assert_eq!(
        row(f, 5)[3..],
        ["1", "3.5000e11", "3.5000e11", "3.5000e11"].map(String::from)
    );

    let t = &agg.terms;
    // Two terms seen, and "truce", declared but never used, last.
    assert_eq!(t.height(), 3);
    assert_eq!(
        row(t, 2),
        ["\"truce\"", "\"ceasefire\"", "null", "null", "0", "0"]
    );
    assert_eq!(
        row(t, 0),
        [
            "\"ceasefire\"",
            "\"ceasefire\"",
            "2025-02-24",
            "2025-03-12",
            "2",
            "2"
        ]
    );
    assert_eq!(
        row(t, 1),
        [
            "\"security guarantees\"",
            "\"security_guarantee\"",
            "2025-02-24",
            "2025-02-26",
            "2",
            "4"
        ]
    );

    let s = &agg.sources;
    // Every article an outlet printed, its first copies and its copies of stories first
    // printed before (A carries a copy of B's story 2).
    assert_eq!(s.height(), 3);
    assert_eq!(
        row(s, 0),
        ["\"A\"", "2", "1", "1", "2025-02-24", "2025-02-26", "5", "3"]
    );
    assert_eq!(
        row(s, 1),
        ["\"B\"", "2", "2", "0", "2025-02-26", "2025-03-12", "2", "1"]
    );
    assert_eq!(
        row(s, 2),
        ["\"C\"", "1", "1", "0", "null", "null", "1", "0"]
    );

    assert_eq!(
        corpus,
        Corpus {
            outlets: 3,
            first_published: Some(d("2025-02-24")),
            last_published: Some(d("2025-03-12")),
        }
    );
}

#[test]
fn batches_merge_to_the_same_tables() {
    let (whole, whole_corpus) = fixture();
    // The comparison covers both roles of actor_timeline.
    let roles = whole.actor_timeline.column("role").unwrap().str().unwrap();
    assert_eq!(roles.iter().filter(|r| *r == Some("holder")).count(), 9);
    // Batches of one to three articles split an article's holders from those of the
    // next, the duplicate from its original and the weeks across batches: distinct
    // counts and medians must still come out the same.
    for size in 1..=3 {
        let (split, split_corpus) = fixture_in_batches(size);
        for (x, y) in [
            (&whole.timeline, &split.timeline),
            (&whole.actor_timeline, &split.actor_timeline),
            (&whole.figure_timeline, &split.figure_timeline),
            (&whole.terms, &split.terms),
            (&whole.sources, &split.sources),
        ] {
            assert!(x.equals_missing(y), "batches of {size}\n{x}\n{y}");
        }
        assert_eq!(whole_corpus, split_corpus);
    }
}

#[test]
fn medians_from_counts() {
    let counts = |vals: &[f64]| {
        let mut m = Values::default();
        for v in vals {
            m.push(0, OrderedValue::of(*v));
        }
        m.merge();
        m.sorted
    };
    assert_eq!(median(&counts(&[])), None);
    assert_eq!(median(&counts(&[5.0])), Some(5.0));
    assert_eq!(median(&counts(&[1.0, 9.0])), Some(5.0));
    assert_eq!(median(&counts(&[3.0, -2.0, 3.0, 100.0])), Some(3.0));
    assert_eq!(median(&counts(&[-1.5, 0.0, 2.0])), Some(0.0));
    assert_eq!(OrderedValue::of(-7.25).value(), -7.25);
    assert!(OrderedValue::of(-1.0) < OrderedValue::of(0.5));
}

#[test]
fn values_merge_into_distinct_counts_in_order() {
    let mut v = Values::default();
    // Enough values for several merges on the way: 7 cells, each value of each cell
    // pushed five times in a scrambled order.
    let n: u32 = 50_000;
    for i in 0..5 * n {
        let j = (i * 7919) % n;
        v.push(j % 7, OrderedValue::of((j / 7) as f64 - 10.0));
    }
    v.merge();
    assert!(v.fresh.is_empty());
    assert_eq!(v.sorted.len(), n as usize);
    let got: Vec<(u32, f64, u32)> = v
        .sorted
        .iter()
        .map(|e| (e.cell, e.value.value(), e.count))
        .collect();
    let mut want: Vec<(u32, f64, u32)> =
        (0..n).map(|j| (j % 7, (j / 7) as f64 - 10.0, 5)).collect();
    want.sort_by(|a, b| (a.0, a.1).partial_cmp(&(b.0, b.1)).unwrap());
    assert_eq!(got, want);
}
