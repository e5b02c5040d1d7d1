#!/usr/bin/env bash
# Builds a benchmark corpus: TARGET_MB of varied copies of the articles in
# SOURCE_DIR... (default: the repository's corpus/seeds), in nested folders.
#
# Usage: scripts/make_bench_corpus.sh OUT_DIR [TARGET_MB] [SOURCE_DIR...]
#   TARGET_MB   default 50 (1 MB = 1,000,000 bytes)
# Environment:
#   PER_FOLDER         files per leaf folder (default 100)
#   FOLDERS_PER_GROUP  leaf folders per top-level folder (default 10)
#
# Layout: OUT_DIR/gGG/dDDDD/cKKKKK_<name>.txt. Copy K of an article is the
# article unchanged plus a last line "[copy K]": every file hashes differently
# (doc_id is the content's sha256, so identical copies would not test what a
# real dump does), while headlines, datelines and the publication-date window
# at the top stay as written. Deterministic: same inputs, same bytes.
#
# Then: scripts/bench.sh OUT_DIR
set -euo pipefail
# Byte lengths, not character counts, in ${#var}.
export LC_ALL=C

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
out="${1:?usage: make_bench_corpus.sh OUT_DIR [TARGET_MB] [SOURCE_DIR...]}"
target_mb="${2:-50}"
shift $(( $# >= 2 ? 2 : 1 ))
sources=("$@")
(( ${#sources[@]} > 0 )) || sources=("$here/../corpus/seeds")
per_folder="${PER_FOLDER:-100}"
per_group="${FOLDERS_PER_GROUP:-10}"

shopt -s nullglob
names=(); texts=(); seed_bytes=0
for dir in "${sources[@]}"; do
  files=("$dir"/*.txt)
  for f in "${files[@]}"; do
    # `read -d ''` keeps every byte up to the first NUL (articles have none),
    # trailing newlines included.
    IFS= read -r -d '' t < "$f" || true
    names+=("$(basename "$f" .txt)")
    texts+=("$t")
    seed_bytes=$(( seed_bytes + ${#t} ))
  done
done
n=${#texts[@]}
(( n > 0 )) || { echo "make_bench_corpus: no *.txt in ${sources[*]}" >&2; exit 1; }

target=$(( target_mb * 1000000 ))
rm -rf "$out"
mkdir -p "$out"
written=0; i=0; k=0; cur=""
while (( written < target )); do
  k=$(( k + 1 ))
  for (( s = 0; s < n && written < target; s++ )); do
    folder=$(( i / per_folder ))
    printf -v d '%s/g%02d/d%04d' "$out" $(( folder / per_group )) "$folder"
    if [[ "$d" != "$cur" ]]; then mkdir -p "$d"; cur="$d"; fi
    printf -v body '%s\n[copy %d]\n' "${texts[$s]}" "$k"
    printf '%s' "$body" > "$d/$(printf 'c%05d' "$k")_${names[$s]}.txt"
    written=$(( written + ${#body} ))
    i=$(( i + 1 ))
  done
done

bytes=$(find "$out" -type f -name '*.txt' -printf '%s\n' | awk '{s += $1} END {print s}')
echo "make_bench_corpus: $out: $i files from $n articles, $k copies, $bytes bytes"
