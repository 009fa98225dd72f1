//! Ingest stage benchmark: reading, decoding, parsing and cleaning files, on the real
//! articles of `../shared/corpus/ukraine` when present (else the fixture corpus).
//!
//! `cargo bench --bench ingest`

mod common;

use covtrack_core::ingest::{IngestOptions, MetaIndex, read_file};
use covtrack_core::source::{Found, Role};
use divan::Bencher;
use divan::counter::BytesCount;
use std::sync::LazyLock;

fn main() {
    divan::main();
}

struct Corpus {
    files: Vec<Found>,
    index: MetaIndex,
    bytes: u64,
}

static CORPUS: LazyLock<Corpus> = LazyLock::new(|| {
    let found = common::files(&common::corpus_root());
    let (index, _) = MetaIndex::load(&found, &IngestOptions::default());
    let files: Vec<Found> = found
        .into_iter()
        .filter(|f| f.role == Role::Articles)
        .collect();
    let bytes = files
        .iter()
        .map(|f| std::fs::metadata(&f.path).map_or(0, |m| m.len()))
        .sum();
    Corpus {
        files,
        index,
        bytes,
    }
});

/// Every file of the corpus, read from the page cache.
#[divan::bench(sample_count = 10)]
fn read_all_files(bencher: Bencher) {
    let corpus = &*CORPUS;
    let opts = IngestOptions::default();
    bencher.counter(BytesCount::new(corpus.bytes)).bench(|| {
        corpus
            .files
            .iter()
            .map(|f| read_file(f, &corpus.index, &opts).articles.len())
            .sum::<usize>()
    });
}
