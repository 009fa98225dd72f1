//! Replays every input the fuzzer saved (`fuzz/found/TARGET-…`) through its target, plus
//! small forms of the inputs that once made a stage's work grow faster than its size, so a
//! fixed crash or slowdown stays fixed. Each must finish without a panic; the time bound
//! is loose (debug build) and only guards against a return of the runaway cases.

#[path = "../fuzz/targets.rs"]
mod targets;

use std::path::Path;
use std::time::{Duration, Instant};

/// Far above what any of these takes in a debug build, far below what the runaway cases
/// took before they were fixed.
const BOUND: Duration = Duration::from_secs(20);

fn replay(target: &str, input: &[u8], what: &str) {
    let scratch = tempfile::tempdir().unwrap();
    let started = Instant::now();
    targets::run(target, input, scratch.path());
    let took = started.elapsed();
    eprintln!(
        "{what:?} ({target}, {} bytes): {:.3} s",
        input.len(),
        took.as_secs_f64()
    );
    assert!(
        took < BOUND,
        "{what} ({target}) took {:.1} s",
        took.as_secs_f64()
    );
}

#[test]
fn saved_fuzz_inputs_run_clean() {
    let found = Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz/found");
    let mut entries: Vec<_> = std::fs::read_dir(&found)
        .map(|d| d.flatten().map(|e| e.path()).collect())
        .unwrap_or_default();
    entries.sort();
    for path in entries {
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let Some(target) = targets::TARGETS
            .iter()
            .find(|t| name.starts_with(&format!("{t}-")))
        else {
            continue;
        };
        replay(target, &std::fs::read(&path).unwrap(), &name);
    }
}

#[test]
fn once_runaway_inputs_stay_linear() {
    let quotes: String = (0..60_000)
        .map(|i| ["\"", ":", " 7", "'", " 12:", "“", " 3"][i % 7])
        .collect();
    let cases: [(&str, String); 6] = [
        ("dates", "Talks were on March 3, 2025. ".repeat(20_000)),
        // Hyphenated counts with no space: each one's look for the noun after it read on
        // to the end of the text.
        ("dates", format!("A {}year war.", "1-year-".repeat(30_000))),
        ("figures", "x 5. ".repeat(40_000)),
        ("figures", quotes.clone()),
        ("stance", quotes),
        ("html", format!("<html><body>{}t", "<b><i>".repeat(15_000))),
    ];
    for (target, input) in cases {
        replay(target, input.as_bytes(), &input[..20.min(input.len())]);
    }
}
