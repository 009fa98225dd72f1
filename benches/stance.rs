//! Stage benchmark for the stance extractor: every topic mention, with negation, hedging,
//! quotes and actors, over real article texts. Reports bytes per second of analysed text.
//!
//! Texts come from `../shared/corpus/ukraine/**/*.txt` (or `$COVTRACK_BENCH_CORPUS`) when that
//! folder exists, else from
//! the fixtures in `tests/fixtures/`. Sentence splitting happens once, outside the timing,
//! so the figure is the extractor's own cost. `cargo bench --bench stance`.

use covtrack::extract::stance;
use covtrack::lexicon::Lexicon;
use covtrack::text::Doc;
use divan::Bencher;
use divan::counter::BytesCount;
use std::path::Path;
use std::sync::LazyLock;

fn main() {
    divan::main();
}

/// The texts, as `.txt` articles are read: first non-empty line the title, the rest the body.
static DOCS: LazyLock<Vec<Doc>> = LazyLock::new(|| {
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
    let corpus = std::env::var_os("COVTRACK_BENCH_CORPUS")
        .map(std::path::PathBuf::from)
        .unwrap_or_else(|| manifest.join("../shared/corpus/ukraine"));
    let root = if corpus.is_dir() {
        corpus
    } else {
        manifest.join("tests/fixtures")
    };
    let mut paths: Vec<_> = walkdir::WalkDir::new(&root)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| e.into_path())
        .filter(|p| p.extension().is_some_and(|x| x == "txt"))
        .collect();
    paths.sort();
    paths
        .iter()
        .filter_map(|p| std::fs::read_to_string(p).ok())
        .map(|text| {
            let text = text.trim_start();
            let (title, body) = text.split_once('\n').unwrap_or((text, ""));
            Doc::new(title, body)
        })
        .collect()
});

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
