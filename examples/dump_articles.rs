//! Prints every article of a folder as covtrack reads it, one JSON object per line: its
//! path (as the `articles` table names it), headline, publication date, outlet, cleaned
//! body and story sketch. For building and checking labelled data such as the same-story
//! pairs in `tests/fixtures/stories`, where similarities must be those of the text covtrack
//! compares, not of the raw file.
//!
//! ```sh
//! cargo run --release --example dump_articles -- DIR > articles.jsonl
//! ```

use covtrack::discover::{Role, discover};
use covtrack_core::ingest::{IngestOptions, MetaIndex, read_file};
use covtrack_core::sketch::Sketch;
use std::io::Write as _;
use std::path::PathBuf;

fn main() {
    let Some(dir) = std::env::args().nth(1).map(PathBuf::from) else {
        eprintln!("usage: dump_articles DIR");
        std::process::exit(2);
    };
    let (found, _) = discover(&dir, None);
    let opts = IngestOptions::default();
    let (index, _) = MetaIndex::load(&found, &opts);
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    for f in found.iter().filter(|f| f.role == Role::Articles) {
        for a in read_file(f, &index, &opts).articles {
            let text = if a.body.trim().is_empty() {
                &a.title
            } else {
                &a.body
            };
            let line = serde_json::json!({
                "path": a.path,
                "title": a.title,
                "published": a.published.map(|d| d.to_string()),
                "source": a.source,
                "body": a.body,
                "sketch": Sketch::of(text).bins.to_vec(),
            });
            writeln!(out, "{line}").expect("stdout");
        }
    }
}
