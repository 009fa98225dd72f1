//! The corpus every stage benchmark reads: `$COVTRACK_BENCH_CORPUS`, else the development
//! corpus's Ukraine sets beside the repository (`../shared/corpus/ukraine`), else the
//! fixture corpus a clone has. Files are listed in the pipeline's order (byte-wise
//! relative paths, hidden entries skipped).

#![allow(dead_code)] // each benchmark uses part of this

use covtrack_core::Article;
use covtrack_core::ingest::{IngestOptions, MetaIndex, read_file};
use covtrack_core::source::{Found, Role};
use covtrack_core::text::Doc;
use std::path::{Path, PathBuf};

/// The folder the benchmarks read.
pub fn corpus_root() -> PathBuf {
    let workspace = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    std::env::var_os("COVTRACK_BENCH_CORPUS")
        .map(PathBuf::from)
        .filter(|p| p.is_dir())
        .or_else(|| Some(workspace.join("../shared/corpus/ukraine")).filter(|p| p.is_dir()))
        .unwrap_or_else(|| workspace.join("tests/fixtures/corpus"))
}

/// Every file under `root`, as discovery finds them.
pub fn files(root: &Path) -> Vec<Found> {
    fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
        let Ok(entries) = std::fs::read_dir(dir) else {
            return;
        };
        for e in entries.flatten() {
            if e.file_name().to_string_lossy().starts_with('.') {
                continue;
            }
            let p = e.path();
            if p.is_dir() {
                walk(&p, out);
            } else if p.is_file() {
                out.push(p);
            }
        }
    }
    let mut paths = Vec::new();
    walk(root, &mut paths);
    let mut found: Vec<Found> = paths
        .into_iter()
        .map(|p| {
            let rel = p
                .strip_prefix(root)
                .unwrap_or(&p)
                .to_string_lossy()
                .replace('\\', "/");
            Found::new(rel, p)
        })
        .collect();
    found.sort_by(|a, b| a.rel.cmp(&b.rel));
    found
}

/// Every article of the corpus, read as the pipeline reads it.
pub fn articles() -> Vec<Article> {
    let found = files(&corpus_root());
    let opts = IngestOptions::default();
    let (index, _) = MetaIndex::load(&found, &opts);
    found
        .iter()
        .filter(|f| f.role == Role::Articles)
        .flat_map(|f| read_file(f, &index, &opts).articles)
        .collect()
}

/// The corpus's `.txt` files as documents: first non-empty line the title, the rest the
/// body (no cleaning, so only the stage itself is timed).
pub fn txt_docs() -> Vec<Doc> {
    files(&corpus_root())
        .iter()
        .filter(|f| f.rel.ends_with(".txt"))
        .filter_map(|f| std::fs::read_to_string(&f.path).ok())
        .map(|text| {
            let text = text.trim_start();
            let (title, body) = text.split_once('\n').unwrap_or((text, ""));
            Doc::new(title, body)
        })
        .collect()
}
