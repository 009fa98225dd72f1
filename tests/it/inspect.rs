//! Snapshots of what a person reads from `covtrack inspect` on the seed article: the text
//! report (metadata, dates, figures, every stance mention with its flags, actors, cue and
//! sentence) and the `--json` form a script reads. A change to any extractor shows here as
//! a diff to review, accept with `INSTA_UPDATE=always cargo test` or `cargo insta review`.

use super::util::{covtrack, seed};

#[test]
fn seed_text() {
    let out = covtrack().arg("inspect").arg(seed()).output().success();
    insta::assert_snapshot!(out.stdout);
}

#[test]
fn seed_json() {
    let out = covtrack()
        .args(["inspect", "--json"])
        .arg(seed())
        .output()
        .success();
    serde_json::from_str::<serde_json::Value>(&out.stdout).expect("inspect --json prints JSON");
    insta::assert_snapshot!(out.stdout);
}
