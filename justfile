# covtrack tasks. Install just with `pip install rust-just` (about a second) or
# `cargo install just --locked` (about two minutes). Nothing here is needed to build or
# test: the README's two commands do that on their own.

# Run the pipeline on the bundled sample: input/ -> output/
run *ARGS:
    cargo run --release -- run {{ARGS}}

# Every test (Rust, then the Python package), exactly as CI runs them
test:
    scripts/test.sh

# Everything CI checks (.ci/run): formatting, lints, tests
check:
    cargo fmt --all --check
    cargo clippy --all-targets -- -D warnings
    cargo clippy -p covtrack-python --all-targets -- -D warnings
    scripts/test.sh

# Checks over the whole development corpus in ../shared (not part of a clone)
corpus-check:
    cargo test --test tests corpus -- --ignored --nocapture

# Score extraction against the development gold annotations
eval *ARGS:
    cargo run --release -- eval ../shared/gold/dev.jsonl --root ../shared {{ARGS}}

# Whole pipeline on generated corpora of 10k, 100k and 1M articles, against rg
bench:
    scripts/bench.sh

# Incremental runs on a generated corpus (N=100000 by default): nothing changed, files
# touched, 1% added, each against a full run
bench-incremental N="100000":
    N={{N}} scripts/bench_incremental.sh

# Per-stage micro-benchmarks (divan; optimised build)
bench-stages:
    cargo bench

# Fuzz every reader and extractor for SECONDS each (default 60); finds land in
# crates/core/fuzz/found/, which the test suite replays
fuzz SECONDS="60" TARGET="all":
    cargo run --release -p covtrack-core --example fuzz -- {{TARGET}} {{SECONDS}}

# Generate a benchmark corpus of N articles from the development corpus
corpus N DIR:
    cargo run --release --example gen_corpus -- {{N}} {{DIR}}
