//! Builds a large corpus for benchmarks, deterministically, from real articles.
//!
//! ```sh
//! cargo run --release --example gen_corpus -- N OUT_DIR [SOURCE_DIR]
//! ```
//!
//! Real texts are read with covtrack's own ingestion from SOURCE_DIR (default
//! `../shared/corpus/ukraine`, else `tests/fixtures/corpus`). Each generated article takes
//! one real article's headline and paragraphs and mixes in one to three paragraphs of
//! others, so articles are not exact copies of each other and every extractor does real
//! work. Publication dates are spread over 2022-01-01..2026-08-31 and outlets over a fixed
//! list; formats are mostly `.txt` (date in the file name) and `.md` (front matter), with
//! some `.html` pages and `.jsonl` files of 100 records. Files go into folders of 1,000.
//! The same N always gives the same files.

use covtrack::discover::{Role, discover};
use covtrack_core::ingest::{IngestOptions, MetaIndex, read_file};
use std::fmt::Write as _;
use std::fs;
use std::io::Write as _;
use std::path::{Path, PathBuf};

/// splitmix64: a tiny, well-mixed deterministic generator (no dependency needed for this).
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

const OUTLETS: &[&str] = &[
    "Reuters",
    "Associated Press",
    "BBC News",
    "The Guardian",
    "The New York Times",
    "The Washington Post",
    "CNN",
    "Al Jazeera",
    "Politico",
    "Financial Times",
    "Kyiv Post",
    "Kyiv Independent",
    "Ukrinform",
    "Deutsche Welle",
    "France 24",
    "Euronews",
    "Sky News",
    "The Telegraph",
    "Bloomberg",
    "Axios",
    "NPR",
    "CBS News",
    "NBC News",
    "Fox News",
    "The Economist",
    "Foreign Policy",
    "Le Monde",
    "Der Spiegel",
    "El País",
    "Meduza",
    "Radio Free Europe",
    "TASS",
    "Notes from Poland",
    "LRT",
    "ERR News",
    "Yle",
    "The Times",
    "Times of India",
    "South China Morning Post",
    "ABC News",
];

struct Source {
    title: String,
    paragraphs: Vec<String>,
}

fn load_sources(dir: &Path) -> Vec<Source> {
    let (found, _) = discover(dir, None);
    let opts = IngestOptions::default();
    let (index, _) = MetaIndex::load(&found, &opts);
    let mut out = Vec::new();
    for f in found.iter().filter(|f| f.role == Role::Articles) {
        for a in read_file(f, &index, &opts).articles {
            let paragraphs: Vec<String> = a
                .body
                .lines()
                .map(str::trim)
                .filter(|l| l.len() > 40)
                .map(String::from)
                .collect();
            if paragraphs.len() >= 2 && !a.title.is_empty() {
                out.push(Source {
                    title: a.title,
                    paragraphs,
                });
            }
        }
    }
    out
}

fn slug(title: &str) -> String {
    let s: String = title
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                c.to_ascii_lowercase()
            } else {
                '-'
            }
        })
        .collect();
    let s: Vec<&str> = s.split('-').filter(|w| !w.is_empty()).take(6).collect();
    s.join("-")
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.len() < 2 {
        eprintln!("usage: gen_corpus N OUT_DIR [SOURCE_DIR]");
        std::process::exit(2);
    }
    let n: usize = args[0].replace('_', "").parse().expect("N is a number");
    let out = PathBuf::from(&args[1]);
    let source = args.get(2).map(PathBuf::from).unwrap_or_else(|| {
        let shared = PathBuf::from("../shared/corpus/ukraine");
        if shared.is_dir() {
            shared
        } else {
            PathBuf::from("tests/fixtures/corpus")
        }
    });
    let sources = load_sources(&source);
    assert!(
        !sources.is_empty(),
        "no usable articles in {}",
        source.display()
    );
    eprintln!(
        "gen_corpus: {} source articles from {}; writing {n} articles to {}",
        sources.len(),
        source.display(),
        out.display()
    );
    let start = chrono::NaiveDate::from_ymd_opt(2022, 1, 1).unwrap();
    let days = (chrono::NaiveDate::from_ymd_opt(2026, 8, 31).unwrap() - start).num_days() as usize;
    let mut rng = Rng(0x00C0_7EAC_u64);
    let mut jsonl: Option<(fs::File, usize)> = None;
    let mut bytes = 0u64;
    for i in 0..n {
        let base = &sources[rng.below(sources.len())];
        let mut paragraphs = base.paragraphs.clone();
        for _ in 0..1 + rng.below(3) {
            let other = &sources[rng.below(sources.len())];
            let p = other.paragraphs[rng.below(other.paragraphs.len())].clone();
            let at = rng.below(paragraphs.len() + 1);
            paragraphs.insert(at, p);
        }
        let date = start + chrono::Duration::days(rng.below(days + 1) as i64);
        let outlet = OUTLETS[rng.below(OUTLETS.len())];
        let dir = out.join(format!("shard-{:04}", i / 1000));
        fs::create_dir_all(&dir).unwrap();
        let body = paragraphs.join("\n\n");
        let name = format!("{date}_{}-{i}", slug(&base.title));
        let roll = rng.below(100);
        let text = if roll < 50 {
            let path = dir.join(format!("{name}.txt"));
            let t = format!("{}\n\n{body}\n", base.title);
            fs::write(path, &t).unwrap();
            t.len()
        } else if roll < 80 {
            let path = dir.join(format!("{name}.md"));
            let t = format!(
                "---\ntitle: \"{}\"\ndate: {date}\nsource: {outlet}\nurl: https://news.example/{i}\n---\n\n{body}\n",
                base.title.replace('"', "'")
            );
            fs::write(path, &t).unwrap();
            t.len()
        } else if roll < 90 {
            let path = dir.join(format!("{name}.html"));
            let mut t = String::new();
            let _ = write!(
                t,
                "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>{} | {outlet}</title>\
                 <meta property=\"og:site_name\" content=\"{outlet}\">\
                 <meta property=\"article:published_time\" content=\"{date}T09:30:00Z\"></head>\
                 <body><nav><a href=\"/\">Home</a> <a href=\"/world\">World</a> <a href=\"/europe\">Europe</a></nav>\
                 <article><h1>{}</h1>",
                html_escape(&base.title),
                html_escape(&base.title)
            );
            for p in &paragraphs {
                let _ = writeln!(t, "<p>{}</p>", html_escape(p));
            }
            t.push_str("</article><footer>Share this article. Subscribe to our newsletter.</footer></body></html>\n");
            fs::write(path, &t).unwrap();
            t.len()
        } else {
            if jsonl.as_ref().is_none_or(|(_, k)| *k >= 100) {
                let path = dir.join(format!("{date}_export-{i}.jsonl"));
                jsonl = Some((fs::File::create(path).unwrap(), 0));
            }
            let (file, count) = jsonl.as_mut().unwrap();
            let line = serde_json::json!({
                "title": base.title, "text": body, "published": date.to_string(),
                "outlet": outlet, "url": format!("https://news.example/{i}"),
            })
            .to_string();
            writeln!(file, "{line}").unwrap();
            *count += 1;
            line.len() + 1
        };
        bytes += text as u64;
        if (i + 1) % 100_000 == 0 {
            eprintln!(
                "gen_corpus: {} articles, {:.1} MB",
                i + 1,
                bytes as f64 / 1e6
            );
        }
    }
    eprintln!(
        "gen_corpus: done, {n} articles, {:.1} MB",
        bytes as f64 / 1e6
    );
}

fn html_escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}
