#!/usr/bin/env bash
# Regenerates docs/report.png: covtrack run over the given folders (copied side by side
# into one input folder), weekly, and the report shot with headless Chromium.
# Usage: scripts/screenshot.sh DIR [DIR ...]   (needs chromium: apt-get install chromium)
set -euo pipefail
cd "$(dirname "$0")/.."
[ $# -ge 1 ] || { echo "usage: $0 DIR [DIR ...]" >&2; exit 2; }
command -v chromium >/dev/null || { echo "screenshot: chromium not found (apt-get install chromium)" >&2; exit 2; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
for dir in "$@"; do
    cp -r "$dir" "$work/input-$(basename "$dir")"
done
mkdir "$work/input"
mv "$work"/input-* "$work/input/"
cargo run --release --quiet -- run "$work/input" --out "$work/out" --quiet
chromium --headless --no-sandbox --disable-gpu --hide-scrollbars --user-data-dir="$work/profile" \
    --window-size=1200,4600 --screenshot="$PWD/docs/report.png" "file://$work/out/report.html" 2>/dev/null
echo "docs/report.png from $work/out/report.html"
