//! `covtrack eval` on a small gold file (`tests/fixtures/seed_gold.jsonl`: four dates,
//! four figures and two stance mentions of the seed article, a subset of its full gold),
//! with its scores by class of mention.

use super::util::covtrack;
use std::path::Path;

#[test]
fn scores_and_classes_of_a_gold_subset() {
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    let out = covtrack()
        .arg("eval")
        .arg(fixtures.join("seed_gold.jsonl"))
        .arg("--root")
        .arg(&fixtures)
        .arg("--by-class")
        .output()
        .success();
    let line = |start: &str| {
        out.stdout
            .lines()
            .find(|l| l.starts_with(start))
            .unwrap_or_else(|| panic!("no line {start:?} in\n{}", out.stdout))
            .split_whitespace()
            .map(str::to_string)
            .collect::<Vec<_>>()
    };
    // Every gold item is found: recall 1 for dates and figures.
    assert_eq!(line("dates ")[1..4], ["4", "9", "4"]);
    assert_eq!(line("figures ")[1..4], ["4", "5", "4"]);
    // By class: the three weekdays of the gold, all right; the predictions the subset's
    // gold does not list show as wrong answers of their class.
    assert_eq!(line("dates    weekday")[2..6], ["3", "3", "4", "3"]);
    assert_eq!(line("figures  money")[2..6], ["2", "2", "2", "2"]);
    assert!(
        out.stdout
            .contains("dates / year: 2 misses and wrong answers"),
        "{}",
        out.stdout
    );
    assert!(out.stdout.contains("WRONG \"in 2014\""), "{}", out.stdout);
}
