//! Benchmark of the figures stage alone: `extract::figures::extract` over the real texts of
//! `shared/corpus/ukraine/**/*.txt` (or `tests/fixtures/` when the corpus is absent), with
//! sentences split beforehand so only figure finding is timed.

use covtrack::extract::figures;
use covtrack::text::Doc;
use divan::counter::BytesCount;
use std::path::{Path, PathBuf};

fn main() {
    divan::main();
}

fn txt_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let mut paths: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
    paths.sort();
    for p in paths {
        if p.is_dir() {
            txt_files(&p, out);
        } else if p.extension().is_some_and(|e| e == "txt") {
            out.push(p);
        }
    }
}

/// Every text as a `Doc`: the first non-empty line is the title, the rest the body.
fn docs() -> Vec<Doc> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    // The development corpus beside the repository, as the other stage benchmarks use.
    let corpus = std::env::var_os("COVTRACK_BENCH_CORPUS")
        .map(std::path::PathBuf::from)
        .unwrap_or_else(|| root.join("../shared/corpus/ukraine"));
    let mut files = Vec::new();
    txt_files(&corpus, &mut files);
    if files.is_empty() {
        txt_files(&root.join("tests/fixtures"), &mut files);
    }
    files
        .iter()
        .filter_map(|p| std::fs::read_to_string(p).ok())
        .map(|text| {
            let text = text.trim_start();
            let (title, body) = text.split_once('\n').unwrap_or((text, ""));
            Doc::new(title, body)
        })
        .collect()
}

#[divan::bench]
fn figures_stage(bencher: divan::Bencher) {
    let docs = docs();
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
