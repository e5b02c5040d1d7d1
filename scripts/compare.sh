#!/usr/bin/env bash
# Times several newsx binaries over one corpus with their runs interleaved
# (A B C, A B C, ...), and prints each one's best wall time, best CPU time
# (user + system) and highest peak memory. On a machine whose speed drifts
# from one minute to the next, interleaving is what makes two binaries
# comparable; scripts/bench.sh times one binary.
#
# Usage: scripts/compare.sh CORPUS_DIR BIN...
# Environment:
#   JOBS    --jobs for every run (default 2)
#   ROUNDS  runs per binary (default 5)
#
# Example:
#   JOBS=1 ROUNDS=7 scripts/compare.sh /tmp/bench50 /tmp/newsx-old target/release/newsx
set -euo pipefail

corpus="${1:?usage: compare.sh CORPUS_DIR BIN...}"
shift
(( $# > 0 )) || { echo "compare.sh: name at least one binary" >&2; exit 2; }
jobs="${JOBS:-2}"
rounds="${ROUNDS:-5}"
[[ -x /usr/bin/time ]] || { echo "compare.sh: needs /usr/bin/time (GNU time)" >&2; exit 1; }
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT

for (( r = 0; r < rounds; r++ )); do
  for (( i = 1; i <= $#; i++ )); do
    bin="${!i}"
    # The last run's records go first: replacing a 130 MB file makes the rename
    # that commits the output free the old one's blocks, 20-25 ms of a run.
    rm -f "$out/records.jsonl"
    /usr/bin/time -f '%e %U %S %M' -o "$out/time" "$bin" extract "$corpus" --jobs "$jobs" --quiet -o "$out/records.jsonl" \
      || { status=$?; (( status == 1 )) || exit "$status"; }
    read -r wall user sys kb < "$out/time"
    echo "$i $wall $user $sys $kb" >> "$out/all"
  done
done
printf 'corpus: %s, --jobs %s, best of %s\n' "$corpus" "$jobs" "$rounds"
printf '%10s %10s %10s  %s\n' 'wall s' 'CPU s' 'peak MB' binary
for (( i = 1; i <= $#; i++ )); do
  awk -v i="$i" -v bin="${!i}" '$1 == i {
      if (w == "" || $2 < w) w = $2
      c = $3 + $4; if (cpu == "" || c < cpu) cpu = c
      if ($5 > kb) kb = $5
    } END { printf "%10.2f %10.2f %10.1f  %s\n", w, cpu, kb / 1024, bin }' "$out/all"
done
