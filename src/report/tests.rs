//! The evidence chosen as batches stream past, and the escaping of article text.

use super::charts::compact;
use super::evidence::{CANDIDATES, Candidate};
use super::*;
use crate::tables::{ArticleRow, Batch, StanceRow};

/// Many focus-topic mentions in a few weeks: more of each kind than are kept.
fn crowded_batch() -> Batch {
    let day = |i: u64| NaiveDate::from_ymd_opt(2025, 2, 3).unwrap() + chrono::Days::new(i % 20);
    let mut batch = Batch::default();
    for id in 1..=60u64 {
        batch.articles.push(ArticleRow {
            article_id: id,
            path: format!("a{id}.txt"),
            format: "txt",
            source: (id % 3 != 0).then(|| format!("outlet{}", id % 4)),
            url: (id % 2 == 0).then(|| format!("https://example.org/{id}")),
            title: String::new(),
            published: (id % 11 != 0).then(|| day(id * 7)),
            published_from: "path",
            encoding: "UTF-8",
            chars: 0,
            words: 0,
            sentences: 0,
            duplicate_of: (id % 13 == 0).then_some(1),
            dates: 0,
            figures: 0,
            stance: 0,
        });
        for k in 0..4u64 {
            batch.stance.push(StanceRow {
                article_id: id,
                sentence: k as u32,
                start: 0,
                end: 1,
                term: "security guarantees".into(),
                topic: if k == 3 {
                    "ceasefire"
                } else {
                    "security_guarantee"
                }
                .into(),
                negated: (id + k) % 3 == 0,
                hedged: (id + k) % 4 == 0,
                quoted: k == 1,
                actors: vec!["europe".to_string(); ((id * k) % 4) as usize],
                holder: ((id * k) % 4 > 0).then(|| "europe".to_string()),
                cue: None,
                // Some sentences repeat across articles.
                sentence_text: format!("Sentence {}.", (id * 5 + k) % 70),
            });
        }
    }
    batch
}

#[test]
fn evidence_skips_only_what_it_would_drop() {
    // `add` leaves out candidates it can tell will not be kept before copying them;
    // offering every candidate must choose exactly the same sentences.
    let batch = crowded_batch();
    let mut pruned = Evidence::new("security_guarantee", Period::Week);
    pruned.add(&batch);
    let mut all = Evidence::new("security_guarantee", Period::Week);
    for m in batch
        .stance
        .iter()
        .filter(|m| m.topic == "security_guarantee")
    {
        let a = &batch.articles[(m.article_id - 1) as usize];
        let (Some(published), None) = (a.published, a.duplicate_of) else {
            continue;
        };
        all.offer(Candidate::of(a, m, published));
    }
    let chosen = |e: &Evidence| -> Vec<(NaiveDate, String, usize)> {
        e.by_period
            .iter()
            .flat_map(|(p, list)| list.iter().map(|c| (*p, c.sentence.clone(), c.actors)))
            .collect()
    };
    assert_eq!(chosen(&pruned), chosen(&all));
    // Three weeks, each full: CANDIDATES of each of the three kinds.
    assert_eq!(pruned.by_period.len(), 3);
    assert!(pruned.by_period.values().all(|l| l.len() == 3 * CANDIDATES));
}

#[test]
fn escaping_and_numbers() {
    assert_eq!(
        esc("<script>alert(\"x\")</script> & 'y'"),
        "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;y&#39;"
    );
    assert_eq!(compact(350e9), "350bn");
    assert_eq!(compact(12_500.0), "12.5k");
    assert_eq!(compact(0.5), "0.5");
}
