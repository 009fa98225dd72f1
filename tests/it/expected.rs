//! The fixture corpus checked against `tests/fixtures/EXPECTED.md`, which states for every
//! file what a run makes of it. The expectations live in a table a person reads rather than
//! in assertions, so adding a fixture means adding a row, and a fixture nobody described
//! fails the test.

use super::util::{Dir, articles_by_path, covtrack_run, files_under, json, rows};
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::Path;

/// One table row: column name to cell, with code quotes taken off.
pub(super) type Row = BTreeMap<String, String>;

/// The tables of EXPECTED.md under their `## ` headings. Only what this file writes is
/// read: pipe tables with a header row and a `|---|` row, no pipes inside cells.
pub(super) fn tables(markdown: &str) -> BTreeMap<String, Vec<Row>> {
    let mut tables: BTreeMap<String, Vec<Row>> = BTreeMap::new();
    let mut heading = None;
    let mut header: Option<Vec<String>> = None;
    for (n, line) in markdown.lines().enumerate() {
        if let Some(h) = line.strip_prefix("## ") {
            heading = Some(h.trim().to_string());
            header = None;
            continue;
        }
        let Some(inner) = line.trim().strip_prefix('|') else {
            header = None;
            continue;
        };
        let cells: Vec<String> = inner
            .trim_end_matches('|')
            .split('|')
            .map(|c| c.trim().trim_matches('`').to_string())
            .collect();
        if cells
            .iter()
            .all(|c| c.chars().all(|ch| ch == '-' || ch == ':'))
        {
            continue;
        }
        match &header {
            None => header = Some(cells),
            Some(names) => {
                assert_eq!(cells.len(), names.len(), "EXPECTED.md line {}", n + 1);
                let heading = heading.clone().expect("a table under a heading");
                let row = names.iter().cloned().zip(cells).collect();
                tables.entry(heading).or_default().push(row);
            }
        }
    }
    tables
}

/// A cell as the JSON value it stands for: `-` is null.
fn cell(row: &Row, column: &str) -> Value {
    match row
        .get(column)
        .unwrap_or_else(|| panic!("no column {column:?}"))
        .as_str()
    {
        "-" => Value::Null,
        text => Value::from(text),
    }
}

/// The file a row's path belongs to: a record `FILE#N` belongs to FILE.
fn file_of(path: &str) -> &str {
    path.split_once('#').map_or(path, |(file, _)| file)
}

#[test]
fn every_fixture_gives_what_expected_md_says() {
    let expected_md = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/EXPECTED.md");
    let tables = tables(&fs::read_to_string(expected_md).unwrap());
    let table = |name: &str| {
        tables
            .get(name)
            .unwrap_or_else(|| panic!("EXPECTED.md has no {name} table"))
    };
    let (articles, errors, metadata) = (table("Articles"), table("Errors"), table("Metadata"));

    let dir = Dir::with_corpus();
    let out = dir.out();
    covtrack_run(&dir.input(), &out).output().success();

    // The scratch copy holds the committed fixtures plus the files made by the test, so
    // this compares EXPECTED.md with both.
    let described: BTreeSet<&str> = [articles, errors, metadata]
        .into_iter()
        .flatten()
        .map(|row| file_of(&row["path"]))
        .collect();
    let on_disk = files_under(&dir.input());
    let on_disk: BTreeSet<&str> = on_disk.iter().map(String::as_str).collect();
    let undescribed: Vec<_> = on_disk.difference(&described).collect();
    assert!(
        undescribed.is_empty(),
        "not in EXPECTED.md: {undescribed:?}"
    );
    let missing: Vec<_> = described.difference(&on_disk).collect();
    assert!(
        missing.is_empty(),
        "in EXPECTED.md, not in corpus/: {missing:?}"
    );

    let made_articles = articles_by_path(&out);
    let path_of_id: BTreeMap<u64, &str> = made_articles
        .iter()
        .map(|(path, a)| (a["article_id"].as_u64().unwrap(), path.as_str()))
        .collect();
    assert_eq!(
        made_articles
            .keys()
            .map(String::as_str)
            .collect::<BTreeSet<_>>(),
        articles.iter().map(|r| r["path"].as_str()).collect(),
        "articles made vs the Articles table"
    );
    for row in articles {
        let path = row["path"].as_str();
        let a = &made_articles[path];
        for (column, field) in [
            ("format", "format"),
            ("encoding", "encoding"),
            ("published", "published"),
            ("published from", "published_from"),
            ("source", "source"),
        ] {
            assert_eq!(a[field], cell(row, column), "{path}: {field}");
        }
        let title = a["title"].as_str().unwrap_or_default();
        assert!(
            title.starts_with(&row["title starts with"]),
            "{path}: title {title:?}"
        );
        let duplicate_of = match a["duplicate_of"].as_u64() {
            Some(id) => Value::from(path_of_id[&id]),
            None => Value::Null,
        };
        assert_eq!(
            duplicate_of,
            cell(row, "duplicate of"),
            "{path}: duplicate_of"
        );
    }

    let errors_json = json(&out.join("errors.json"));
    let made_errors: BTreeMap<&str, &Value> = rows(&errors_json)
        .iter()
        .map(|e| (e["path"].as_str().unwrap(), e))
        .collect();
    assert_eq!(
        made_errors.keys().copied().collect::<BTreeSet<_>>(),
        errors.iter().map(|r| r["path"].as_str()).collect(),
        "error rows vs the Errors table"
    );
    for row in errors {
        let path = row["path"].as_str();
        assert_eq!(
            made_errors[path]["stage"],
            cell(row, "stage"),
            "{path}: stage"
        );
        assert_eq!(made_errors[path]["kind"], cell(row, "kind"), "{path}: kind");
    }

    for row in metadata {
        let path = row["path"].as_str();
        assert!(
            !made_articles.contains_key(path) && !made_errors.contains_key(path),
            "{path} is metadata, not an article or an error"
        );
        let article = &made_articles[row["for"].as_str()];
        assert_eq!(
            article["published_from"],
            cell(row, "kind"),
            "{path} dates {}",
            row["for"]
        );
    }
    let run = json(&out.join("run.json"));
    assert_eq!(run["counts"]["metadata_files"], metadata.len());
}
