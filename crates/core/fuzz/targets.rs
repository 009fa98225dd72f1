//! The fuzz targets: each reader and extractor of the core as a function of raw bytes.
//! Shared by the fuzzer (`examples/fuzz.rs`) and the test that replays what it found
//! (`tests/fuzz_replay.rs`).

use covtrack_core::Lexicon;
use covtrack_core::extract::{dates, figures, stance};
use covtrack_core::ingest::{IngestOptions, MetaIndex, read_file};
use covtrack_core::source::Found;
use covtrack_core::text::Doc;
use std::path::Path;
use std::sync::LazyLock;

/// Every target's name, as the fuzzer and the saved inputs call it.
pub const TARGETS: [&str; 10] = [
    "txt", "md", "html", "json", "jsonl", "csv", "sidecar", "dates", "figures", "stance",
];

static LEXICON: LazyLock<Lexicon> = LazyLock::new(Lexicon::default_lexicon);

/// Runs `target` on `input`, with `scratch` a folder the file readers may write into.
pub fn run(target: &str, input: &[u8], scratch: &Path) {
    match target {
        "txt" | "md" | "html" | "json" | "jsonl" | "csv" => {
            let path = scratch.join(format!("input.{target}"));
            std::fs::write(&path, input).expect("scratch is writable");
            read(&[path], scratch);
        }
        "sidecar" => {
            let article = scratch.join("article.txt");
            let sidecar = scratch.join("article.txt.meta.json");
            std::fs::write(&article, "A title\n\nA body on Monday.").expect("scratch is writable");
            std::fs::write(&sidecar, input).expect("scratch is writable");
            read(&[article, sidecar], scratch);
        }
        "dates" | "figures" | "stance" => {
            let text = String::from_utf8_lossy(input);
            let (title, body) = text.split_once('\n').unwrap_or(("", &text));
            let doc = Doc::new(title, body);
            let published = chrono::NaiveDate::from_ymd_opt(2025, 2, 26);
            match target {
                "dates" => {
                    dates::extract(&doc, published);
                }
                "figures" => {
                    figures::extract(&doc, &dates::extract(&doc, published));
                }
                _ => {
                    stance::extract(&doc, &LEXICON);
                }
            }
        }
        other => panic!("no fuzz target {other:?}"),
    }
}

fn read(paths: &[std::path::PathBuf], scratch: &Path) {
    let found: Vec<Found> = paths
        .iter()
        .map(|p| {
            let rel = p
                .strip_prefix(scratch)
                .unwrap_or(p)
                .to_string_lossy()
                .into_owned();
            Found::new(rel, p.clone())
        })
        .collect();
    let opts = IngestOptions::default();
    let (index, _) = MetaIndex::load(&found, &opts);
    for f in found
        .iter()
        .filter(|f| f.role == covtrack_core::source::Role::Articles)
    {
        for article in read_file(f, &index, &opts).articles {
            covtrack_core::analyse(&article, &LEXICON);
        }
    }
}
