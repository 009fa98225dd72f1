#!/usr/bin/env bash
# Every test: the Rust workspace (`cargo test`), then the Python package built into a
# virtualenv and its tests (pytest), which compare it with the CLI built by the first step.
#
# The virtualenv is $COVTRACK_VENV (default .venv); it is made and filled on first use
# (maturin, pyarrow, pytest, pandas, polars, pyspark, duckdb; PyPI must be reachable; Spark needs
# Java 17 or newer, and its tests skip without Java) and reused after.
set -euo pipefail
cd "$(dirname "$0")/.."
TARGET=${CARGO_TARGET_DIR:-target}

cargo test

VENV=${COVTRACK_VENV:-.venv}
if [ ! -x "$VENV/bin/python" ]; then
    python3 -m venv "$VENV"
fi
"$VENV/bin/python" -m pip install -q --disable-pip-version-check \
    "maturin>=1.16,<2" "pyarrow>=14" "pytest>=8" "pandas>=2,<3" "polars>=1" "pyspark>=4.1,<4.3" "duckdb>=1.1"
# The wheel is built with the workspace's target folder, so its Rust is compiled once.
rm -rf "$TARGET/wheels"
"$VENV/bin/maturin" build --quiet -m crates/python/Cargo.toml --out "$TARGET/wheels"
"$VENV/bin/python" -m pip install -q --disable-pip-version-check --force-reinstall --no-deps "$TARGET"/wheels/covtrack-*.whl
COVTRACK_BIN="$TARGET/debug/covtrack" "$VENV/bin/python" -m pytest -q crates/python/tests
