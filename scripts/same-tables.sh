#!/usr/bin/env bash
# Runs two covtrack binaries over the same input and says whether every table and the
# report come out byte-identical (run.json, which holds timings, is left out).
#
#   scripts/same-tables.sh OLD_BINARY NEW_BINARY INPUT [RUN OPTIONS...]
set -euo pipefail
old=$1 new=$2 input=$3
shift 3
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
"$old" run "$input" --out "$work/old" --quiet "$@"
"$new" run "$input" --out "$work/new" --quiet "$@"
status=0
for f in "$work"/old/* "$work"/new/*; do
    name=$(basename "$f")
    [ "$name" = run.json ] && continue
    if ! cmp -s "$work/old/$name" "$work/new/$name"; then
        echo "differs: $name"
        status=1
    fi
done
[ $status = 0 ] && echo "identical: $(ls "$work/old" | grep -vc run.json) files from $input"
exit $status
