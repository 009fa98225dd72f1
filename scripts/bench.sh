#!/usr/bin/env bash
# Whole-pipeline benchmark, every file read and analysed (--no-cache): generated corpora
# of 10k, 100k and 1M articles (override with
# SIZES="10000 100000"), each run through `covtrack run` under /usr/bin/time -v, next to the
# time `rg -c -i -F -f TERMS` takes merely to count the lexicon's terms in the same files.
#
# Needs ripgrep and GNU time (Debian: apt-get install ripgrep time). Corpora are generated
# once into $BENCH_DIR (default /var/tmp/covtrack-bench) and reused.
set -euo pipefail
cd "$(dirname "$0")/.."

SIZES=${SIZES:-"10000 100000 1000000"}
WORK=${BENCH_DIR:-/var/tmp/covtrack-bench}
TARGET=${CARGO_TARGET_DIR:-target}
for tool in rg /usr/bin/time; do
    command -v "$tool" >/dev/null || { echo "bench: $tool not found (apt-get install ripgrep time)" >&2; exit 2; }
done

cargo build --release --bin covtrack --example gen_corpus
BIN="$TARGET/release/covtrack"
GEN="$TARGET/release/examples/gen_corpus"
mkdir -p "$WORK"
"$BIN" lexicon --terms > "$WORK/terms.txt"

# Reads "Elapsed (wall clock) time (h:mm:ss or m:ss): 1:02.03" as seconds.
wall_seconds() {
    awk -F': ' '/Elapsed \(wall clock\)/ {
        n = split($2, p, ":"); s = 0; for (i = 1; i <= n; i++) s = s * 60 + p[i]; print s }' "$1"
}
field() { awk -F': ' -v k="$2" 'index($0, k) { print $2 }' "$1"; }

printf '%-9s %10s %9s %9s %8s %10s %6s %9s %7s\n' \
    articles "articles/s" "MB/s" "wall s" "CPU" "peak MB" "files" "rg s" "ratio"
for n in $SIZES; do
    corpus="$WORK/corpus-$n"
    if [ ! -f "$corpus/.complete" ]; then
        rm -rf "$corpus"
        "$GEN" "$n" "$corpus" >&2
        touch "$corpus/.complete"
    fi
    bytes=$(du -sb --exclude=.complete "$corpus" | cut -f1)
    files=$(find "$corpus" -type f ! -name .complete | wc -l)

    # rg first also brings the files into the page cache, so both read from memory.
    rg -c -i -F -f "$WORK/terms.txt" "$corpus" > /dev/null || true
    /usr/bin/time -v -o "$WORK/rg-$n.time" rg -c -i -F -f "$WORK/terms.txt" "$corpus" > /dev/null || true
    rg_s=$(wall_seconds "$WORK/rg-$n.time")

    /usr/bin/time -v -o "$WORK/run-$n.time" "$BIN" run "$corpus" --out "$WORK/out-$n" --quiet --no-cache
    s=$(wall_seconds "$WORK/run-$n.time")
    rss_kb=$(field "$WORK/run-$n.time" "Maximum resident set size")
    cpu=$(field "$WORK/run-$n.time" "Percent of CPU")
    articles=$(python3 -c "import json,sys; print(json.load(open(sys.argv[1]))['counts']['articles'])" "$WORK/out-$n/run.json")
    awk -v n="$articles" -v b="$bytes" -v s="$s" -v rss="$rss_kb" -v cpu="$cpu" -v f="$files" -v rg="$rg_s" 'BEGIN {
        printf "%-9d %10.0f %9.1f %9.1f %8s %10.0f %6d %9.2f %7.2f\n",
            n, n / s, b / 1e6 / s, s, cpu, rss / 1024, f, rg, s / rg }'
done
echo "seconds per stage (run.json of the largest corpus):"
python3 -c "import json,sys; print(json.dumps(json.load(open(sys.argv[1]))['seconds'], indent=1))" "$WORK/out-${n}/run.json"
