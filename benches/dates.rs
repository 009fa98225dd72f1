//! Dates stage benchmark: `extract::dates::extract` alone, over the analysed text of every
//! article of `../shared/corpus/ukraine` (or `$COVTRACK_BENCH_CORPUS`, else the fixture
//! corpus). Ingestion and sentence splitting happen once, outside the timed loop.
//!
//! `cargo bench --bench dates`

use covtrack::discover::{Role, discover};
use covtrack::extract::dates;
use covtrack::ingest::{IngestOptions, MetaIndex, read_file};
use covtrack::text::Doc;
use divan::Bencher;
use divan::counter::BytesCount;
use std::path::PathBuf;
use std::sync::LazyLock;

fn main() {
    divan::main();
}

struct Corpus {
    docs: Vec<(Doc, Option<chrono::NaiveDate>)>,
    bytes: u64,
}

static CORPUS: LazyLock<Corpus> = LazyLock::new(|| {
    let root = std::env::var_os("COVTRACK_BENCH_CORPUS")
        .map(PathBuf::from)
        .filter(|p| p.is_dir())
        .or_else(|| Some(PathBuf::from("../shared/corpus/ukraine")).filter(|p| p.is_dir()))
        .unwrap_or_else(|| PathBuf::from("tests/fixtures/corpus"));
    let opts = IngestOptions::default();
    let (found, _) = discover(&root, None);
    let (index, _) = MetaIndex::load(&found, &opts);
    let docs: Vec<_> = found
        .iter()
        .filter(|f| f.role == Role::Articles)
        .flat_map(|f| read_file(f, &index, &opts).articles)
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
