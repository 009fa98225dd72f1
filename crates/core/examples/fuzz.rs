//! A mutational fuzzer for the core's readers and extractors, on the stable toolchain
//! (cargo-fuzz needs a nightly compiler, which this project does not use).
//!
//! ```sh
//! cargo run --release -p covtrack-core --example fuzz -- TARGET SECONDS [SEED]
//! cargo run --release -p covtrack-core --example fuzz -- all 60
//! ```
//!
//! It starts from the fixture corpus (every file under `tests/fixtures/`), mutates inputs
//! (byte flips, inserts and deletions, splices of two inputs, runs of one piece repeated —
//! the shape that finds work growing faster than the input — and tokens the readers and
//! extractors care about), and runs each through the target of `fuzz/targets.rs`. An
//! input that panics, or that takes longer than a second, is saved to `fuzz/found/`
//! (`TARGET-crash-HASH` or `TARGET-slow-HASH`); `tests/fuzz_replay.rs` replays everything
//! saved there. The run is deterministic for a given SEED.

#[path = "../benches/common/mod.rs"]
mod common;
#[path = "../fuzz/targets.rs"]
mod targets;

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// Slower than this, an input is saved as slow (inputs stay under [`MAX_LEN`] bytes).
const SLOW: Duration = Duration::from_secs(1);
const MAX_LEN: usize = 256 * 1024;

/// Tokens worth inserting: markup, quoting, separators, numbers and words the extractors
/// act on.
const TOKENS: &[&str] = &[
    "<div>",
    "</div>",
    "<b>",
    "<!--",
    "-->",
    "<script>",
    "\"",
    "'",
    "“",
    "”",
    ",",
    ";",
    ":",
    "\n",
    "\n\n",
    "\r\n",
    "{",
    "}",
    "[",
    "]",
    "\\",
    "$",
    "€",
    "%",
    "1e308",
    "10^400",
    "1,000,000",
    "0.5",
    "March 3, 2025",
    "last week",
    "Monday",
    "between",
    " and ",
    " to ",
    "-",
    "—",
    "not",
    "if",
    "security guarantees",
    "Trump said",
    "Mr.",
    "U.S.",
    // Names with stops in them, and quotes with a speaker beside them: where a sentence
    // break can cut a name that the holder's rules then read across.
    "J.D. Vance",
    "Sen. ",
    ". ",
    "“We want",
    "” Zelensky said.",
    "\u{feff}",
    "\u{0}",
    "\u{2028}",
    "999999999999999999999",
];

/// xorshift64*: small, fast and the same on every machine.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

fn mutate(rng: &mut Rng, input: &[u8], other: &[u8]) -> Vec<u8> {
    let mut out = input.to_vec();
    for _ in 0..1 + rng.below(4) {
        let at = rng.below(out.len() + 1);
        match rng.below(7) {
            0 if !out.is_empty() => {
                let i = rng.below(out.len());
                out[i] ^= 1 << rng.below(8);
            }
            1 => out.insert(at, rng.next() as u8),
            2 if !out.is_empty() => {
                let len = rng.below(64).min(out.len() - at.min(out.len()));
                out.drain(at.min(out.len())..at.min(out.len()) + len);
            }
            3 => {
                let token = TOKENS[rng.below(TOKENS.len())].as_bytes();
                out.splice(at..at, token.iter().copied());
            }
            4 if !other.is_empty() => {
                let from = rng.below(other.len());
                let len = rng.below(512).min(other.len() - from);
                out.splice(at..at, other[from..from + len].iter().copied());
            }
            5 if !out.is_empty() => {
                // A piece repeated many times: where quadratic work shows.
                let from = rng.below(out.len());
                let len = (1 + rng.below(16)).min(out.len() - from);
                let piece = out[from..from + len].to_vec();
                let times = 1 + rng.below(MAX_LEN / 2 / len.max(1));
                let run: Vec<u8> = piece.iter().copied().cycle().take(len * times).collect();
                out.splice(at..at, run);
            }
            _ => out.truncate(at),
        }
    }
    out.truncate(MAX_LEN);
    out
}

/// Every file under `root` (listed as the benchmarks list their corpus), cut to
/// [`MAX_LEN`].
fn seeds(root: &Path) -> Vec<Vec<u8>> {
    common::files(root)
        .iter()
        .filter_map(|f| std::fs::read(&f.path).ok())
        .map(|mut b| {
            b.truncate(MAX_LEN);
            b
        })
        .collect()
}

fn save(found: &Path, target: &str, what: &str, input: &[u8]) -> PathBuf {
    let hash = xxhash_rust::xxh3::xxh3_64(input);
    let path = found.join(format!("{target}-{what}-{hash:016x}"));
    std::fs::write(&path, input).expect("fuzz/found is writable");
    path
}

fn fuzz(target: &str, seconds: u64, seed: u64, found: &Path, corpus: &[Vec<u8>]) -> (u64, u64) {
    let scratch = tempfile::tempdir().expect("a scratch folder");
    let mut rng = Rng(seed ^ xxhash_rust::xxh3::xxh3_64(target.as_bytes()) | 1);
    let mut pool: Vec<Vec<u8>> = corpus.to_vec();
    let end = Instant::now() + Duration::from_secs(seconds);
    let (mut runs, mut saved) = (0u64, 0u64);
    while Instant::now() < end {
        let a = rng.below(pool.len());
        let b = rng.below(pool.len());
        let input = mutate(&mut rng, &pool[a], &pool[b]);
        let started = Instant::now();
        let outcome = catch_unwind(AssertUnwindSafe(|| {
            targets::run(target, &input, scratch.path())
        }));
        let took = started.elapsed();
        runs += 1;
        if outcome.is_err() {
            let path = save(found, target, "crash", &input);
            eprintln!("{target}: panic, saved {}", path.display());
            saved += 1;
        } else if took > SLOW {
            let path = save(found, target, "slow", &input);
            eprintln!(
                "{target}: {:.1} s for {} bytes, saved {}",
                took.as_secs_f64(),
                input.len(),
                path.display()
            );
            saved += 1;
        } else if pool.len() < 4096 && rng.below(8) == 0 {
            // Keep some mutants to mutate further.
            pool.push(input);
        }
    }
    (runs, saved)
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (Some(target), Some(seconds)) = (args.first(), args.get(1).and_then(|s| s.parse().ok()))
    else {
        eprintln!(
            "usage: fuzz TARGET|all SECONDS [SEED]   targets: {}",
            targets::TARGETS.join(" ")
        );
        std::process::exit(2);
    };
    let seed: u64 = args.get(2).and_then(|s| s.parse().ok()).unwrap_or(1);
    let crate_dir = Path::new(env!("CARGO_MANIFEST_DIR"));
    let found = crate_dir.join("fuzz/found");
    std::fs::create_dir_all(&found).expect("fuzz/found");
    let corpus = seeds(&crate_dir.join("../../tests/fixtures"));
    assert!(!corpus.is_empty(), "no seed inputs under tests/fixtures");
    // Panics are caught and saved; the default hook's message for each would drown the
    // summary.
    std::panic::set_hook(Box::new(|_| {}));
    let names: Vec<&str> = if target == "all" {
        targets::TARGETS.to_vec()
    } else {
        vec![target.as_str()]
    };
    let mut failed = false;
    for name in names {
        let (runs, saved) = fuzz(name, seconds, seed, &found, &corpus);
        println!("{name:8} {runs:8} inputs in {seconds} s, {saved} saved");
        failed |= saved > 0;
    }
    std::process::exit(failed as i32);
}
