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

/// Real articles and wire copies of them made by [`covtrack::wire`], all published within
/// three days by different outlets. Two copies of each article make a random mix of edits
/// (headline, dateline, credit, ending trimmed, a paragraph cut or added, site furniture,
/// each with even odds): at least 90% of them must join their original's story. A third
/// makes every edit at once, the hardest copy; at least half of those must. No two
/// originals may share a story.
#[test]
fn generated_wire_copies_join_their_story_and_nothing_else() {
    use covtrack::wire::{Edits, Story, copy};
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in");
    std::fs::create_dir_all(&input).unwrap();
    // One original per story: of two labelled copies of one story, the second is left
    // out, and so is a GDELT capture sharing another's id (after the last underscore).
    let second_copies: std::collections::HashSet<String> = pairs()
        .into_iter()
        .filter(|p| p.same)
        .map(|p| p.b)
        .collect();
    let mut seen = std::collections::HashSet::new();
    let mut ledes = std::collections::HashSet::new();
    let mut originals = Vec::new();
    let corpus = stories_fixture().join("corpus");
    for folder in [
        "gdelt-5country-2022-2024/articles",
        "nyt-guardian-2022/articles/guardian",
        "nyt-guardian-2022/articles/nyt",
    ] {
        let mut names: Vec<_> = std::fs::read_dir(corpus.join(folder))
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().to_string())
            .collect();
        names.sort();
        for name in names {
            let id = name.rsplit('_').next().unwrap().to_string();
            let path = format!("{folder}/{name}");
            let copy_of_an_original = second_copies.contains(&path)
                && pairs().iter().any(|p| p.b == path && !p.a.contains('#'));
            if copy_of_an_original || !seen.insert(id) {
                continue;
            }
            let text = std::fs::read_to_string(corpus.join(&path)).unwrap();
            let paragraphs: Vec<String> = text
                .split("\n\n")
                .map(|p| p.trim().replace('\n', " "))
                .filter(|p| !p.is_empty())
                .collect();
            // Two captures under different ids still open with the same paragraph.
            if paragraphs.len() >= 4 && ledes.insert(paragraphs[0].clone()) {
                originals.push(Story {
                    title: paragraphs[0].chars().take(80).collect(),
                    paragraphs,
                });
            }
        }
    }
    assert!(originals.len() >= 20, "{} originals", originals.len());
    let write = |name: &str, story: &Story, day: usize, outlet: &str| {
        let text = format!(
            "---\ntitle: \"{}\"\ndate: 2025-03-0{}\nsource: {outlet}\n---\n\n{}\n",
            story.title.replace('"', "'"),
            1 + day,
            story.paragraphs.join("\n\n")
        );
        std::fs::write(input.join(format!("{name}.md")), text).unwrap();
    };
    let edits = |k: usize, c: usize| -> (Edits, u64) {
        let seed = (k * 10 + c) as u64;
        (
            if c < 2 {
                Edits::random(seed)
            } else {
                Edits::all()
            },
            seed,
        )
    };
    for (k, original) in originals.iter().enumerate() {
        write(&format!("s{k:02}-original"), original, k % 3, "Wire Agency");
        for c in 0..3 {
            let (e, seed) = edits(k, c);
            let outlet = format!("Outlet {}", (k + c) % 7);
            write(
                &format!("s{k:02}-copy{c}"),
                &copy(original, &e, seed),
                k % 3 + c % 2,
                &outlet,
            );
        }
    }
    let out = dir.path().join("out");
    covtrack_run(&input, &out).output().success();
    let articles = articles_by_path(&out);
    let story = |name: &str| {
        articles[&format!("{name}.md")]["story_id"]
            .as_u64()
            .unwrap()
    };
    let (mut mixed, mut every) = (0, 0);
    for k in 0..originals.len() {
        for c in 0..3 {
            let joined = story(&format!("s{k:02}-copy{c}")) == story(&format!("s{k:02}-original"));
            if !joined {
                eprintln!("not joined: s{k:02}-copy{c}, {:?}", edits(k, c).0);
            }
            match c {
                2 => every += joined as usize,
                _ => mixed += joined as usize,
            }
        }
    }
    let firsts: std::collections::HashSet<u64> = (0..originals.len())
        .map(|k| story(&format!("s{k:02}-original")))
        .collect();
    let n = originals.len();
    let mut first_of: BTreeMap<u64, usize> = BTreeMap::new();
    for k in 0..n {
        if let Some(other) = first_of.insert(story(&format!("s{k:02}-original")), k) {
            eprintln!(
                "one story: s{other:02} and s{k:02}: {:?} / {:?}",
                originals[other].title, originals[k].title
            );
        }
    }
    let (mixed_recall, every_recall) = (mixed as f64 / (2 * n) as f64, every as f64 / n as f64);
    eprintln!(
        "wire copies joined: {mixed} of {} with a mix of edits, {every} of {n} with every edit; {n} originals in {} stories",
        2 * n,
        firsts.len()
    );
    assert!(
        mixed_recall >= 0.90,
        "mixed edits: recall {mixed_recall:.3}"
    );
    assert!(every_recall >= 0.5, "every edit: recall {every_recall:.3}");
    assert_eq!(firsts.len(), n, "two originals in one story");
}
