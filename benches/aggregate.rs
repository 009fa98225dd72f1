//! Aggregate stage benchmark: counting the batches of a synthetic corpus of 20,000 articles
//! (built once, in memory) into the aggregates, and building the tables.
//!
//! `cargo bench --bench aggregate`

use covtrack::aggregate::{Aggregator, Vocabulary};
use covtrack::period::Period;
use covtrack::tables::{ArticleRow, Batch, FigureRow, StanceRow};
use divan::Bencher;
use std::sync::LazyLock;

fn main() {
    divan::main();
}

const ARTICLES: u64 = 20_000;
const TOPICS: [&str; 5] = [
    "security_guarantee",
    "ceasefire",
    "peacekeeping",
    "sanctions",
    "territory",
];
const ACTORS: [&str; 6] = [
    "united_states",
    "europe",
    "nato",
    "russia",
    "ukraine",
    "trump",
];

/// Batches of 1,000 articles, as the pipeline hands them to the aggregator.
static BATCHES: LazyLock<Vec<Batch>> = LazyLock::new(|| {
    let mut batches = Vec::new();
    let start = chrono::NaiveDate::from_ymd_opt(2022, 1, 1).unwrap();
    for chunk in 0..ARTICLES / 1000 {
        let mut batch = Batch::default();
        for id in chunk * 1000 + 1..=(chunk + 1) * 1000 {
            batch.articles.push(ArticleRow {
                article_id: id,
                path: format!("a{id}.txt"),
                format: "txt",
                source: Some(format!("outlet{}", id % 40)),
                url: None,
                title: String::new(),
                published: Some(start + chrono::Duration::days((id * 7919 % 1600) as i64)),
                published_from: "path",
                encoding: "UTF-8",
                chars: 5000,
                words: 900,
                sentences: 40,
                duplicate_of: (id % 50 == 0).then_some(id - 1),
                dates: 0,
                figures: 0,
                stance: 0,
            });
            for k in 0..8u64 {
                batch.stance.push(StanceRow {
                    article_id: id,
                    sentence: k as u32,
                    start: k * 100,
                    end: k * 100 + 10,
                    term: format!("term{}", (id + k) % 30),
                    topic: TOPICS[((id + k) % 5) as usize].into(),
                    negated: (id + k) % 7 == 0,
                    hedged: (id + k) % 3 == 0,
                    quoted: false,
                    actors: vec![ACTORS[((id * k) % 6) as usize].into()],
                    cue: None,
                    sentence_text:
                        "A sentence of about the usual length, kept as evidence for the reader."
                            .into(),
                });
            }
            for k in 0..3u64 {
                batch.figures.push(FigureRow {
                    article_id: id,
                    sentence: k as u32,
                    start: 0,
                    end: 5,
                    text: String::new(),
                    value: (id * (k + 1)) as f64,
                    value_high: None,
                    unit: ["troop", "USD", "percent"][k as usize].into(),
                    kind: ["count", "money", "percent"][k as usize],
                    qualifier: "exact",
                });
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
