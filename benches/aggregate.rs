//! Aggregate stage benchmark: counting the batches of a synthetic corpus of 20,000 articles
//! (built once, in memory) into the aggregates, and building the tables.
//!
//! `cargo bench --bench aggregate`

use common::{ACTORS, TOPICS};
use covtrack::aggregate::{Aggregator, Vocabulary};
use covtrack::period::Period;
use covtrack::tables::{Batch, samples};
use divan::Bencher;
use std::sync::LazyLock;

mod common;

fn main() {
    divan::main();
}

const ARTICLES: u64 = 20_000;

/// Batches of 1,000 articles, as the pipeline hands them to the aggregator.
static BATCHES: LazyLock<Vec<Batch>> = LazyLock::new(|| {
    let mut batches = Vec::new();
    let start = chrono::NaiveDate::from_ymd_opt(2022, 1, 1).unwrap();
    for chunk in 0..ARTICLES / 1000 {
        let mut batch = Batch::default();
        for id in chunk * 1000 + 1..=(chunk + 1) * 1000 {
            let published = Some(start + chrono::Duration::days((id * 7919 % 1600) as i64));
            let source = format!("outlet{}", id % 40);
            let duplicate_of = (id % 50 == 0).then_some(id - 1);
            batch
                .articles
                .push(samples::article(id, published, Some(&source), duplicate_of));
            for k in 0..8u64 {
                let mut m = samples::mention(
                    id,
                    TOPICS[((id + k) % 5) as usize],
                    &format!("term{}", (id + k) % 30),
                    ((id + k) % 7 == 0, (id + k) % 3 == 0),
                    &[ACTORS[((id * k) % 6) as usize]],
                );
                // Most mentions have a holder, the actor named; some have none.
                m.holder = ((id + k) % 4 != 0).then(|| m.actors[0].clone());
                m.sentence = k as u32;
                m.sentence_text =
                    "A sentence of about the usual length, kept as evidence for the reader.".into();
                batch.stance.push(m);
            }
            for k in 0..3u64 {
                batch.figures.push(samples::figure(
                    id,
                    (id * (k + 1)) as f64,
                    ["troop", "USD", "percent"][k as usize],
                    ["count", "money", "percent"][k as usize],
                ));
            }
        }
        batches.push(batch);
    }
    batches
});

#[divan::bench(args = [Period::Week, Period::Month], sample_count = 10)]
fn timelines(bencher: Bencher, period: Period) {
    let batches = &*BATCHES;
    let vocabulary = Vocabulary {
        topics: TOPICS.iter().map(|t| t.to_string()).collect(),
        terms: Vec::new(),
    };
    bencher
        .counter(divan::counter::ItemsCount::new(ARTICLES))
        .bench(|| {
            let mut aggregator = Aggregator::new(period);
            for batch in batches {
                aggregator.add(batch);
            }
            aggregator.finish(&vocabulary).unwrap().0.timeline.height()
        });
}
