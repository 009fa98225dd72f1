//! Stage benchmark for the story sketch: the MinHash of each article's word 5-grams that
//! the run uses to find copies of one story. Reports bytes per second of text.
//!
//! Texts as for the other stage benches (`$COVTRACK_BENCH_CORPUS`, else
//! `../shared/corpus/ukraine`, else the fixtures). `cargo bench --bench sketch`.

mod common;

use covtrack_core::sketch::Sketch;
use covtrack_core::text::Doc;
use divan::Bencher;
use divan::counter::BytesCount;
use std::sync::LazyLock;

fn main() {
    divan::main();
}

static DOCS: LazyLock<Vec<Doc>> = LazyLock::new(common::txt_docs);

#[divan::bench]
fn sketch_corpus(bencher: Bencher) {
    let docs = &*DOCS;
    if docs.is_empty() {
        eprintln!("sketch bench: no texts found, skipping");
        return;
    }
    let bytes: usize = docs.iter().map(|d| d.text.len()).sum();
    bencher.counter(BytesCount::new(bytes)).bench(|| {
        docs.iter()
            .map(|d| Sketch::of(divan::black_box(&d.text)).bins[0] as usize)
            .sum::<usize>()
    });
}
