//! Stage benchmark for the stance extractor: every topic mention, with negation, hedging,
//! quotes and actors, over real article texts. Reports bytes per second of analysed text.
//!
//! Texts come from `../shared/corpus/ukraine/**/*.txt` (or `$COVTRACK_BENCH_CORPUS`) when that
//! folder exists, else from
//! the fixtures in `tests/fixtures/`. Sentence splitting happens once, outside the timing,
//! so the figure is the extractor's own cost. `cargo bench --bench stance`.

mod common;

use covtrack_core::extract::stance;
use covtrack_core::lexicon::Lexicon;
use covtrack_core::text::Doc;
use divan::Bencher;
use divan::counter::BytesCount;
use std::sync::LazyLock;

fn main() {
    divan::main();
}

static DOCS: LazyLock<Vec<Doc>> = LazyLock::new(common::txt_docs);

#[divan::bench]
fn extract_corpus(bencher: Bencher) {
    let docs = &*DOCS;
    if docs.is_empty() {
        eprintln!("stance bench: no texts found, skipping");
        return;
    }
    let lexicon = Lexicon::default_lexicon();
    let bytes: usize = docs.iter().map(|d| d.text.len()).sum();
    bencher.counter(BytesCount::new(bytes)).bench(|| {
        docs.iter()
            .map(|d| stance::extract(divan::black_box(d), &lexicon).len())
            .sum::<usize>()
    });
}

#[divan::bench]
fn load_default_lexicon(bencher: Bencher) {
    let source = Lexicon::default_toml();
    bencher
        .counter(BytesCount::new(source.len()))
        .bench(|| Lexicon::from_toml(divan::black_box(source)).is_ok());
}
