#!/usr/bin/env bash
# Incremental-run benchmark: a generated corpus of N articles (default 100000; N=10000 for a
# quick look) run without the cache, then with it: a first run into an empty cache, a run
# with nothing changed, a run after every file was touched (new times, same bytes), and a
# run after 1% new files were added. Prints each run's wall time, its share of the full
# run's, the files reused and extracted, the table rows copied from the previous run, and
# peak memory.
#
# Needs GNU time (Debian: apt-get install time). The corpus is generated once, as N + N/100
# articles, into $BENCH_DIR (default /var/tmp/covtrack-bench); its last folder of files is
# the 1% added, linked in and out of a copy of the rest.
set -euo pipefail
cd "$(dirname "$0")/.."

N=${N:-100000}
WORK=${BENCH_DIR:-/var/tmp/covtrack-bench}
TARGET=${CARGO_TARGET_DIR:-target}
command -v /usr/bin/time >/dev/null || { echo "bench: /usr/bin/time not found (apt-get install time)" >&2; exit 2; }

cargo build --release --bin covtrack --example gen_corpus
BIN="$TARGET/release/covtrack"
GEN="$TARGET/release/examples/gen_corpus"
mkdir -p "$WORK"

grown="$WORK/incremental-$N-grown"
if [ ! -f "$grown/.complete" ]; then
    rm -rf "$grown"
    "$GEN" $((N + N / 100)) "$grown" >&2
    touch "$grown/.complete"
fi
last=$(find "$grown" -mindepth 1 -maxdepth 1 -type d | sort | tail -1)
corpus="$WORK/incremental-$N"
rm -rf "$corpus" "$WORK/incremental-out-$N" "$WORK/incremental-clean-$N"
# Hard links: the copy costs no space, and touching it touches the grown corpus too.
cp -al "$grown" "$corpus"
rm -f "$corpus/.complete"
rm -rf "$corpus/$(basename "$last")"

full=""
run() {
    local name=$1 out=$2
    shift 2
    /usr/bin/time -f "%e %M" -o "$WORK/incremental.time" "$BIN" run "$corpus" --out "$out" --quiet "$@"
    read -r wall kb < "$WORK/incremental.time"
    [ -z "$full" ] && full=$wall
    python3 - "$out/run.json" "$name" "$wall" "$kb" "$full" <<'EOF'
import json, sys
r = json.load(open(sys.argv[1]))
c = r["counts"]
name, wall, kb, full = sys.argv[2], float(sys.argv[3]), int(sys.argv[4]), float(sys.argv[5])
print(f"{name:<22} {wall:8.2f} {100 * wall / full:7.1f}% {c['files_reused']:9d} {c['files_extracted']:10d} {c.get('rows_copied', 0):11d} {kb / 1024:8.0f}")
EOF
}

printf '%-22s %8s %8s %9s %10s %11s %8s\n' run "wall s" "of full" reused extracted "rows copied" "peak MB"
run "full, no cache" "$WORK/incremental-clean-$N" --no-cache
# Files newer than two seconds are compared by hash, not time: let the copy age first.
sleep 3
run "first, empty cache" "$WORK/incremental-out-$N"
run "nothing changed" "$WORK/incremental-out-$N"
find "$corpus" -type f -exec touch -d "1 hour ago" {} +
run "all touched" "$WORK/incremental-out-$N"
cp -al "$last" "$corpus/"
sleep 3
run "1% added" "$WORK/incremental-out-$N"
