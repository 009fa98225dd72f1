//! Benchmark of the figures stage alone: `extract::figures::extract` over the real texts of
//! `shared/corpus/ukraine/**/*.txt` (or `tests/fixtures/` when the corpus is absent), with
//! sentences split beforehand so only figure finding is timed.

mod common;

use covtrack_core::extract::figures;
use divan::counter::BytesCount;

fn main() {
    divan::main();
}

#[divan::bench]
fn figures_stage(bencher: divan::Bencher) {
    let docs = common::txt_docs();
    if docs.is_empty() {
        return;
    }
    let bytes: usize = docs.iter().map(|d| d.text.len()).sum();
    bencher.counter(BytesCount::new(bytes)).bench(|| {
        docs.iter()
            .map(|d| figures::extract(divan::black_box(d), &[]).len())
            .sum::<usize>()
    });
}
