//! Snapshot of what a person reads from `covtrack inspect` on the seed article: every stance
//! mention with its flags, actors, cue and sentence. Only the stance section is pinned, so
//! changes to the date and figure extractors do not disturb it.

use std::path::Path;
use std::process::Command;

#[test]
fn inspect_seed_stance_section() {
    let seed = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/corpus/seed/trump-ukraine-europe-security-guarantees.txt");
    let out = Command::new(env!("CARGO_BIN_EXE_covtrack"))
        .arg("inspect")
        .arg(&seed)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8(out.stdout).unwrap();
    let stance = text
        .find("\nstance (")
        .map(|i| &text[i + 1..])
        .expect("inspect prints a stance section");
    insta::assert_snapshot!(stance);
}
