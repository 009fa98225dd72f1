//! Stories on labelled data: pairs of real articles judged by hand as the same story or not
//! (`tests/fixtures/stories`, see its README), run through `covtrack run` as a user would,
//! and scored on whether each pair ends up in one story.

use super::util::*;
use std::collections::BTreeMap;

struct Pair {
    a: String,
    b: String,
    same: bool,
    kind: String,
}

fn pairs() -> Vec<Pair> {
    let mut reader = csv::Reader::from_path(stories_fixture().join("pairs.csv")).unwrap();
    reader
        .records()
        .map(|r| {
            let r = r.unwrap();
            Pair {
                a: r[0].to_string(),
                b: r[1].to_string(),
                same: &r[2] == "true",
                kind: r[3].to_string(),
            }
        })
        .collect()
}

#[test]
fn labelled_pairs_same_story_precision_and_recall() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    covtrack_run(&stories_fixture().join("corpus"), &out)
        .output()
        .success();
    let articles = articles_by_path(&out);
    let story = |path: &str| {
        articles
            .get(path)
            .unwrap_or_else(|| panic!("no article {path}"))["story_id"]
            .as_u64()
            .unwrap()
    };
    let pairs = pairs();
    let (mut tp, mut fp, mut fn_) = (0, 0, 0);
    let mut by_kind: BTreeMap<&str, (usize, usize)> = BTreeMap::new();
    let mut wrong = Vec::new();
    for p in &pairs {
        let found = story(&p.a) == story(&p.b);
        let k = by_kind.entry(&p.kind).or_default();
        k.0 += 1;
        k.1 += (found == p.same) as usize;
        match (p.same, found) {
            (true, true) => tp += 1,
            (false, true) => fp += 1,
            (true, false) => fn_ += 1,
            (false, false) => {}
        }
        if found != p.same {
            wrong.push(format!(
                "{} / {} ({}, labelled {})",
                p.a, p.b, p.kind, p.same
            ));
        }
    }
    let precision = tp as f64 / (tp + fp).max(1) as f64;
    let recall = tp as f64 / (tp + fn_).max(1) as f64;
    eprintln!(
        "same story: precision {precision:.3} recall {recall:.3} over {} pairs",
        pairs.len()
    );
    for (kind, (n, right)) in &by_kind {
        eprintln!("  {kind:<10} {right}/{n} right");
    }
    for w in &wrong {
        eprintln!("  wrong: {w}");
    }
    assert!(pairs.iter().filter(|p| p.same).count() >= 40);
    assert!(pairs.iter().filter(|p| !p.same).count() >= 40);
    assert!(precision >= 0.95, "precision {precision:.3}");
    assert!(recall >= 0.90, "recall {recall:.3}");
    // Different stories of one site, sharing its furniture, are never one story.
    assert!(
        pairs
            .iter()
            .filter(|p| p.kind == "same_site")
            .all(|p| story(&p.a) != story(&p.b)),
        "{wrong:?}"
    );
}

fn stories_fixture() -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/stories")
}
