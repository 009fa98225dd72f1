//! Table-writing benchmark: the rows of 4,000 synthetic articles (eight stance mentions
//! each, with their actors and sentences) turned into a DataFrame, and that written as a
//! Parquet file, the work a run does for every batch it writes (the stance table is the
//! largest).
//!
//! `cargo bench --bench tables`

use common::ACTORS;
use covtrack::output::TableFiles;
use covtrack::tables::{StanceRow, samples, to_frame};
use divan::Bencher;
use std::sync::LazyLock;

mod common;

fn main() {
    divan::main();
}

const ARTICLES: u64 = 4_000;

static ROWS: LazyLock<Vec<StanceRow>> = LazyLock::new(|| {
    let mut rows = Vec::new();
    for id in 1..=ARTICLES {
        for k in 0..8u64 {
            // Zero to three actors, as in real text.
            let actors: Vec<&str> = (0..(id + k) % 4)
                .map(|a| ACTORS[((id * (k + 1) + a) % 6) as usize])
                .collect();
            let mut m = samples::mention(
                id,
                "security_guarantee",
                &format!("term{}", (id + k) % 30),
                ((id + k) % 7 == 0, (id + k) % 3 == 0),
                &actors,
            );
            m.holder = m.actors.first().cloned();
            m.sentence = k as u32;
            m.sentence_text = format!(
                "Sentence {k} of article {id}, of about the usual length, kept as evidence."
            );
            rows.push(m);
        }
    }
    rows
});

#[divan::bench(sample_count = 20)]
fn stance_frame(bencher: Bencher) {
    let rows = &*ROWS;
    bencher
        .counter(divan::counter::ItemsCount::new(rows.len()))
        .bench(|| to_frame(rows).unwrap().height());
}

#[divan::bench(sample_count = 20)]
fn stance_parquet(bencher: Bencher) {
    let rows = &*ROWS;
    let dir = tempfile::tempdir().unwrap();
    bencher
        .counter(divan::counter::ItemsCount::new(rows.len()))
        .bench(|| {
            let mut t = TableFiles::parquet_only(dir.path(), "stance");
            for batch in rows.chunks(4_096) {
                t.write_rows(batch).unwrap();
            }
            t.finish().unwrap()
        });
}
