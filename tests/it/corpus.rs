//! Checks over the whole development corpus (`../shared/corpus`, or
//! `$COVTRACK_SHARED/corpus`), which a clone of the repository does not have: ignored by
//! default, run with `just corpus-check`
//! (`cargo test --test tests corpus -- --ignored --nocapture`).

use super::util::{Dir, articles_by_path, covtrack, files_under, json};
use serde_json::Value;
use std::fs;
use std::path::{Path, PathBuf};

fn shared() -> Option<PathBuf> {
    let dir = std::env::var_os("COVTRACK_SHARED")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared"));
    dir.join("corpus").is_dir().then_some(dir)
}

/// A run with the default limits: the corpus is what real input looks like, so the
/// fixtures' small file limit and batches do not apply.
fn run_on(input: &Path) -> (Dir, PathBuf) {
    let dir = Dir::new();
    let out = dir.out();
    let result = covtrack()
        .arg("run")
        .arg(input)
        .arg("--out")
        .arg(&out)
        .arg("--quiet")
        .output();
    assert_eq!(
        result.code,
        Some(0),
        "run failed on {}: {}",
        input.display(),
        result.stderr
    );
    (dir, out)
}

#[test]
#[ignore = "needs ../shared/corpus"]
fn whole_corpus_accounts_for_every_file() {
    let Some(shared) = shared() else { return };
    let (_dir, out) = run_on(&shared.join("corpus"));
    let run = json(&out.join("run.json"));
    let c = &run["counts"];
    let n = |k: &str| c[k].as_u64().unwrap();
    let files = files_under(&shared.join("corpus")).len() as u64;
    assert_eq!(n("files_found"), files);
    assert_eq!(
        n("article_files") + n("failed_files") + n("metadata_files"),
        files
    );
    println!("{}", serde_json::to_string_pretty(c).unwrap());
}

#[test]
#[ignore = "needs ../shared/corpus"]
fn html_publication_dates_match_expected() {
    let Some(shared) = shared() else { return };
    let root = shared.join("corpus/html-dated");
    let (_dir, out) = run_on(&root);
    let by_path = articles_by_path(&out);
    let expected = json(&root.join("expected_dates.json"));
    let entries = expected["entries"].as_array().unwrap();
    let right = entries
        .iter()
        .filter(|e| {
            by_path
                .get(e["page"].as_str().unwrap())
                .is_some_and(|a| a["published"] == e["expected_date"])
        })
        .count();
    let share = right as f64 / entries.len() as f64;
    println!("html-dated: {right} of {} ({share:.3})", entries.len());
    assert!(share >= 0.90, "only {share:.3} of pages dated right");
}

#[test]
#[ignore = "needs ../shared/corpus"]
fn ukraine_sets_match_their_manifests() {
    let Some(shared) = shared() else { return };
    for set in [
        "gdelt-5country-2022-2024",
        "nyt-guardian-2022",
        "scraped-pages-2026",
    ] {
        let root = shared.join("corpus/ukraine").join(set);
        let (_dir, out) = run_on(&root);
        let by_path = articles_by_path(&out);
        let (mut right, mut total) = (0, 0);
        for line in fs::read_to_string(root.join("metadata.jsonl"))
            .unwrap()
            .lines()
        {
            let row: Value = serde_json::from_str(line).unwrap();
            let date = row["date"]
                .as_str()
                .or(row["gdelt_seendate_utc"].as_str())
                .filter(|d| d.len() >= 10 && *d != "unknown");
            let Some(date) = date else { continue };
            total += 1;
            let file = row["file"].as_str().unwrap();
            if by_path
                .get(file)
                .is_some_and(|a| a["published"] == date[..10])
            {
                right += 1;
            }
        }
        let share = right as f64 / total as f64;
        println!("{set}: {right} of {total} ({share:.3})");
        assert!(share >= 0.99, "{set}: only {share:.3}");
    }
}
