#!/usr/bin/env bash
# Times `newsx extract` over a corpus: MB/s, documents/s and peak memory, for
# each --jobs value, best of REPEAT runs (other work on the machine only ever
# makes a run slower, so the best run is the closest to the true figure).
#
# Usage: scripts/bench.sh CORPUS_DIR [JOBS...]      (JOBS default: 1 2)
# Environment:
#   NEWSX   the binary to time (default: target/release/newsx, built first)
#   REPEAT  runs per --jobs value (default 3)
#
# Example:
#   scripts/make_bench_corpus.sh /tmp/bench50 50 && scripts/bench.sh /tmp/bench50
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
corpus="${1:?usage: bench.sh CORPUS_DIR [JOBS...]}"
shift
jobs=("$@")
(( ${#jobs[@]} > 0 )) || jobs=(1 2)
repeat="${REPEAT:-3}"
if [[ -z "${NEWSX:-}" ]]; then
  (cd "$root" && cargo build --release --quiet)
  NEWSX="$root/target/release/newsx"
fi
[[ -x /usr/bin/time ]] || { echo "bench.sh: needs /usr/bin/time (GNU time) for peak memory" >&2; exit 1; }

read -r files bytes < <(find "$corpus" -type f -name '*.txt' -printf '%s\n' | awk '{n++; s += $1} END {print n + 0, s + 0}')
(( files > 0 )) || { echo "bench.sh: no *.txt under $corpus" >&2; exit 1; }
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT

printf 'corpus: %s: %d files, %.1f MB; %s\n' "$corpus" "$files" "$(awk -v b="$bytes" 'BEGIN { print b / 1e6 }')" "$NEWSX"
printf '%6s %10s %10s %10s %12s\n' jobs seconds 'MB/s' 'docs/s' 'peak MB'
for j in "${jobs[@]}"; do
  best=""; peak=0
  for (( r = 0; r < repeat; r++ )); do
    # The last run's records go first: replacing a 130 MB file makes the rename
    # that commits the output free the old one's blocks, 20-25 ms of a run.
    rm -f "$out/records.jsonl"
    /usr/bin/time -f '%e %M' -o "$out/time" "$NEWSX" extract "$corpus" --jobs "$j" --quiet -o "$out/records.jsonl" \
      || { status=$?; (( status == 1 )) || exit "$status"; }
    read -r secs kb < "$out/time"
    best=$(awk -v s="$secs" -v b="${best:-inf}" 'BEGIN { print (b == "inf" || s + 0 < b + 0) ? s : b }')
    (( kb > peak )) && peak="$kb"
  done
  # Peak memory is the highest of the runs, time the best.
  awk -v j="$j" -v s="$best" -v b="$bytes" -v n="$files" -v kb="$peak" \
    'BEGIN { if (s <= 0) s = 0.01; printf "%6d %10.2f %10.1f %10.0f %12.1f\n", j, s, b / 1e6 / s, n / s, kb / 1024 }'
done
