//! Ingest of whole files: formats, metadata layers, bad input as error rows.

use super::*;
use std::fs;
use std::path::PathBuf;

/// Every file under `root`, in the byte-wise order of their relative paths (the order
/// the binary's walk gives).
fn listing(root: &Path) -> Vec<Found> {
    fn files(dir: &Path, out: &mut Vec<PathBuf>) {
        for entry in fs::read_dir(dir).unwrap().flatten() {
            let p = entry.path();
            if p.is_dir() {
                files(&p, out)
            } else {
                out.push(p)
            }
        }
    }
    let mut paths = Vec::new();
    files(root, &mut paths);
    let mut found: Vec<Found> = paths
        .into_iter()
        .map(|p| {
            let rel = p
                .strip_prefix(root)
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/");
            Found::new(rel, p)
        })
        .collect();
    found.sort_by(|a, b| a.rel.cmp(&b.rel));
    found
}

fn run(files: &[(&str, &[u8])]) -> (Vec<Article>, Vec<InputError>) {
    let dir = tempfile::tempdir().unwrap();
    for (name, bytes) in files {
        let p = dir.path().join(name);
        fs::create_dir_all(p.parent().unwrap()).unwrap();
        fs::write(p, bytes).unwrap();
    }
    let found = listing(dir.path());
    let opts = IngestOptions {
        max_file_bytes: 1000,
        ..Default::default()
    };
    let (index, mut errors) = MetaIndex::load(&found, &opts);
    let mut articles = Vec::new();
    for f in found.iter().filter(|f| f.role == Role::Articles) {
        let r = read_file(f, &index, &opts);
        articles.extend(r.articles);
        errors.extend(r.errors);
    }
    (articles, errors)
}

/// A file replaced by a named pipe after it was listed is reported, not waited on.
#[cfg(unix)]
#[test]
fn a_named_pipe_is_not_read() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("story.txt");
    let made = std::process::Command::new("mkfifo")
        .arg(&path)
        .status()
        .unwrap();
    assert!(made.success());
    let found = Found::new("story.txt".into(), path);
    let r = read_file(&found, &MetaIndex::default(), &IngestOptions::default());
    assert!(r.articles.is_empty());
    assert_eq!(r.errors.len(), 1);
    assert_eq!(
        (r.errors[0].stage, r.errors[0].kind),
        ("read", "not_regular")
    );
}

/// Metadata that cannot be used is an error row naming the metadata file (or manifest
/// line), never silently dropped; the article still comes out, dated from elsewhere.
#[test]
fn unusable_metadata_is_reported() {
    let (articles, errors) = run(&[
        ("d/2020-01-01_a.txt", b"A\n\nBody."),
        ("d/2020-01-01_a.txt.meta.json", b"{\"date\": \"banana\"}"),
        ("d/b.txt", b"B\n\nBody."),
        ("d/gone.txt.meta.json", b"{\"date\": \"2025-02-26\"}"),
        (
            "d/metadata.jsonl",
            b"{\"file\": \"b.txt\", \"date\": \"2025-02-30\"}\n\
              {\"file\": \"missing.txt\", \"date\": \"2025-01-01\"}\n\
              {\"file\": \"../outside.txt\"}\n\
              {\"file\": \"/etc/passwd\"}\n\
              {\"file\": \"b.txt\", \"date\": \"99999-01-01\"}\n",
        ),
    ]);
    let got: Vec<(&str, &str)> = errors.iter().map(|e| (e.path.as_str(), e.kind)).collect();
    assert_eq!(
        got,
        [
            ("d/gone.txt.meta.json", "orphan"),
            ("d/metadata.jsonl#2", "missing_file"),
            ("d/metadata.jsonl#3", "outside_input"),
            ("d/metadata.jsonl#4", "outside_input"),
            ("d/2020-01-01_a.txt.meta.json", "bad_date"),
            ("d/metadata.jsonl#5", "bad_date"),
        ],
        "{errors:#?}"
    );
    assert!(errors.iter().all(|e| e.stage == "metadata"));
    assert_eq!(articles.len(), 2);
    assert_eq!(articles[0].published_from, PublishedFrom::Path);
    assert_eq!(articles[1].published_from, PublishedFrom::None);
}

#[test]
fn sidecar_beats_manifest_beats_file() {
    let (articles, errors) = run(&[
        ("d/2020-01-01_story.txt", b"Title\n\nBody text."),
        ("d/2020-01-01_story.txt.meta.json", b"{\"date\": \"2025-02-26\", \"source\": \"NYT\"}"),
        ("d/metadata.jsonl", b"{\"file\": \"2020-01-01_story.txt\", \"date\": \"2024-01-01\", \"outlet\": \"X\", \"url\": \"https://x.example/a\"}\n{\"file\": \"other.txt\", \"date\": \"2023-03-03\"}\nnot json\n"),
        ("d/other.txt", b"Other\n\nBody."),
        ("d/plain_2022-04-05.txt", b"Plain\n\nBody."),
    ]);
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert_eq!(errors[0].path, "d/metadata.jsonl#3");
    let story = &articles[0];
    assert_eq!(story.path, "d/2020-01-01_story.txt");
    assert_eq!(story.published.unwrap().to_string(), "2025-02-26");
    assert_eq!(story.published_from, PublishedFrom::Sidecar);
    assert_eq!(story.source.as_deref(), Some("NYT"));
    assert_eq!(story.url.as_deref(), Some("https://x.example/a"));
    assert_eq!(articles[1].published_from, PublishedFrom::Manifest);
    assert_eq!(articles[2].published.unwrap().to_string(), "2022-04-05");
    assert_eq!(articles[2].published_from, PublishedFrom::Path);
}

#[test]
fn bad_files_are_error_rows() {
    let (articles, errors) = run(&[
        ("empty.txt", b""),
        ("binary.txt", b"\x7fELF\x02\x01\x01\0\0\0\0"),
        ("big.txt", &[b'a'; 2000]),
        ("truncated.json", b"{\"title\": \"T\", \"text\": \"Bo"),
        ("data.csv", b"title,text\nA,Body a\nB\n"),
        ("notes.pdf", b"%PDF-1.4"),
        (
            "latin.txt",
            b"Caf\xe9 talks\n\nNegotiators met at the caf\xe9.",
        ),
    ]);
    let kinds: Vec<(&str, &str)> = errors.iter().map(|e| (e.path.as_str(), e.kind)).collect();
    assert_eq!(
        kinds,
        [
            ("big.txt", "too_large"),
            ("binary.txt", "binary"),
            ("data.csv#2", "bad_record"),
            ("empty.txt", "empty"),
            ("notes.pdf", "unsupported"),
            ("truncated.json", "malformed"),
        ]
    );
    let titles: Vec<&str> = articles.iter().map(|a| a.title.as_str()).collect();
    assert_eq!(titles, ["A", "Café talks"]);
}
