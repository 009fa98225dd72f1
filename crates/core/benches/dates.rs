//! Dates stage benchmark: `extract::dates::extract` alone, over the analysed text of every
//! article of `../shared/corpus/ukraine` (or `$COVTRACK_BENCH_CORPUS`, else the fixture
//! corpus). Ingestion and sentence splitting happen once, outside the timed loop.
//!
//! `cargo bench --bench dates`

mod common;

use covtrack_core::extract::dates;
use covtrack_core::text::Doc;
use divan::Bencher;
use divan::counter::BytesCount;
use std::sync::LazyLock;

fn main() {
    divan::main();
}

struct Corpus {
    docs: Vec<(Doc, Option<chrono::NaiveDate>)>,
    bytes: u64,
}

static CORPUS: LazyLock<Corpus> = LazyLock::new(|| {
    let docs: Vec<_> = common::articles()
        .iter()
        .map(|a| (Doc::new(&a.title, &a.body), a.published))
        .collect();
    let bytes = docs.iter().map(|(d, _)| d.text.len() as u64).sum();
    Corpus { docs, bytes }
});

/// Date mentions of every article, resolved against its publication date.
#[divan::bench(sample_count = 10)]
fn extract_dates(bencher: Bencher) {
    let corpus = &*CORPUS;
    if corpus.docs.is_empty() {
        return;
    }
    bencher.counter(BytesCount::new(corpus.bytes)).bench(|| {
        corpus
            .docs
            .iter()
            .map(|(doc, published)| dates::extract(doc, *published).len())
            .sum::<usize>()
    });
}
