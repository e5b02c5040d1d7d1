#!/usr/bin/env bash
# Pathological inputs (issue #8): time and memory must stay linear in the size
# of a document. For each kind of input this generates one file at two sizes
# (the second 4x the first) in a temporary directory, runs
# `newsx extract FILE --jobs 1` on each, and prints seconds per MB and peak
# memory. A linear step keeps s/MB flat across the two sizes; a quadratic one
# makes it grow about 4x (the "growth" column).
#
#   cargo build --release && scripts/pathological.sh
#   SCALE=2 scripts/pathological.sh          # every size doubled
#   DIV=16 scripts/pathological.sh           # every size /16: a quick look
#   ONLY=mou,digits scripts/pathological.sh  # some kinds only
#   NEWSX=path/to/newsx TIMEOUT=900 KEEP=1 scripts/pathological.sh
#
# A run over TIMEOUT seconds (default 600) prints "timeout": that is the finding.
# The 64 MiB file with no newline is exactly --max-bytes' default; it is read
# as one document.
set -euo pipefail
cd "$(dirname "$0")/.."

NEWSX=${NEWSX:-target/release/newsx}
SCALE=${SCALE:-1}
DIV=${DIV:-1}
TIMEOUT=${TIMEOUT:-600}
ONLY=${ONLY:-}
[[ -x $NEWSX ]] || { echo "no $NEWSX; run: cargo build --release" >&2; exit 2; }

WORK=$(mktemp -d "${TMPDIR:-/tmp}/newsx-pathological.XXXXXX")
[[ -n ${KEEP:-} ]] || trap 'rm -rf "$WORK"' EXIT

# gen KIND BYTES FILE: writes about BYTES bytes of input KIND to FILE.
gen() {
    python3 - "$1" "$2" "$3" <<'EOF'
import glob, itertools, random, sys

kind, size, path = sys.argv[1], int(sys.argv[2]), sys.argv[3]
rng = random.Random(8)

def directory(entry: str) -> bytes:
    # `entry` once per distinct made-up name {w}, up to `size` bytes.
    syl = ["ka", "zem", "ja", "la", "li", "vla", "di", "mir", "mo", "ro", "sen", "ta", "bo", "ri"]
    parts = []
    total, i = 0, 0
    while total < size:
        w = "".join(syl[(i // 14 ** k) % 14] for k in range(4)).capitalize()
        parts.append(entry.format(w=w))
        total += len(parts[-1])
        i += 1
    return "".join(parts).encode()[:size]

def fill(unit: bytes) -> bytes:
    # Whole units only, so that a multi-byte character is never cut (the file
    # would then not be UTF-8 and be decoded as Windows-1252).
    return unit * max(1, size // len(unit))

if kind == "no-newline":
    # Real articles, joined into one line: the whole file is one paragraph.
    text = b" ".join(open(p, "rb").read() for p in sorted(glob.glob("corpus/seeds/*.txt")))
    data = fill(b" ".join(text.split()) + b" ")
elif kind == "one-word-lines":
    words = [b"Moscow", b"signed", b"the", b"President", b"MOU", b"2025", b"Iran", b"agreement", b"Ministry"]
    n = size // 7
    data = b"\n".join(words[i % len(words)] for i in range(n)) + b"\n"
elif kind == "mou":
    data = fill(b"MOU ")
elif kind == "digits":
    # 10,000-digit numbers where counts, days and years are expected.
    digits = "".join(rng.choice("0123456789") for _ in range(10_000)).encode()
    data = fill(b"On " + digits + b" July " + digits + b", Iran and Russia signed " + digits
                + b" MOUs worth $" + digits + b" million.\n")
elif kind == "nested":
    # Brackets and quotes nested 10,000 deep around a sentence, then closed.
    opens = ["(", "[", "{", "\u201c", "\u2018", "\u00ab", '"', "'"]
    closes = [")", "]", "}", "\u201d", "\u2019", "\u00bb", '"', "'"]
    depth = 10_000
    inner = " President Vladimir Putin signed an MOU with Iran in Moscow on 5 May 2025. "
    block = "".join(opens[i % 8] for i in range(depth)) + inner + "".join(closes[i % 8] for i in reversed(range(depth)))
    data = fill(block.encode() + b"\n")
elif kind == "capitalized":
    # One run of capitalized words with no punctuation, now and then a title or head word.
    syl = ["ka", "zem", "ja", "la", "li", "vla", "di", "mir", "mo", "ro", "sen", "ta", "bo", "ri"]
    extra = ["President", "Minister", "Ministry", "University", "Company", "Deputy", "Iran", "Moscow"]
    words = []
    total = 0
    while total < size:
        w = rng.choice(extra) if rng.random() < 0.05 else "".join(rng.choice(syl) for _ in range(rng.randint(1, 3))).capitalize()
        words.append(w)
        total += len(w) + 1
    data = " ".join(words).encode()[:size]
elif kind == "bodies":
    # Thousands of distinct organizations, each named twice, field first and
    # after its office: a directory, not an article.
    data = directory("The {w} Ministry met the Ministry of {w}. Then {w} Holdings met the Ministry of {w} again. ")
elif kind == "people":
    # Thousands of distinct people, each named in full after a title and
    # then by surname: a directory, not an article.
    data = directory("Minister John {w} met President Ali {w}ov in Moscow. {w} said {w}ov agreed. ")
else:
    sys.exit(f"unknown kind {kind}")
open(path, "wb").write(data)
EOF
}

MIB=$((1024 * 1024))
# kind, small size in bytes (the large one is 4x); sizes scale with SCALE.
KINDS=(
    "no-newline $((16 * MIB))"
    "one-word-lines $((7 * 1000 * 1000 / 4))"
    "mou $((4 * MIB))"
    "digits $((4 * MIB))"
    "nested $((4 * MIB))"
    "capitalized $((4 * MIB))"
    "bodies $((MIB / 2))"
    "people $((MIB / 2))"
)

# Start-up (rule compilation) is timed once on an empty file and taken off
# every run, so that s/MB is the per-byte cost even for small files.
: >"$WORK/empty.txt"
/usr/bin/time -f "%e" -o "$WORK/time" "$NEWSX" extract "$WORK/empty.txt" --quiet >/dev/null
startup=$(cat "$WORK/time")
echo "start-up: $startup s (subtracted); newsx extract FILE --jobs 1"
printf "%-15s %9s %9s %8s %9s %9s %8s\n" kind MB seconds s/MB peak_MB values growth
for entry in "${KINDS[@]}"; do
    read -r kind small <<<"$entry"
    if [[ -n $ONLY && ",$ONLY," != *",$kind,"* ]]; then continue; fi
    first=""
    for mult in 1 4; do
        bytes=$((small * mult * SCALE / DIV))
        file="$WORK/$kind-$mult.txt"
        gen "$kind" "$bytes" "$file"
        actual=$(stat -c %s "$file")
        # --max-bytes is raised so that SCALE > 1 still reads the file as one document.
        if timeout "$TIMEOUT" /usr/bin/time -f "%e %M" -o "$WORK/time" \
            "$NEWSX" extract "$file" --jobs 1 --quiet --max-bytes $((actual + 1)) -o "$WORK/out.jsonl"; then
            read -r secs kb <"$WORK/time"
            values=$(python3 -c 'import json,sys; r=json.loads(open(sys.argv[1]).readline()); print("error:" + r["error"]["kind"] if "error" in r else sum(len(r.get(k) or []) for k in ("people","organizations","locations","dates","agreements","domains")))' "$WORK/out.jsonl")
            mb=$(awk -v b="$actual" 'BEGIN { printf "%.2f", b / 1e6 }')
            per=$(awk -v s="$secs" -v t="$startup" -v b="$actual" 'BEGIN { d = s - t; if (d < 0) d = 0; printf "%.3f", d / (b / 1e6) }')
            growth=""
            if [[ -z $first ]]; then first=$per; else growth=$(awk -v a="$first" -v b="$per" 'BEGIN { printf "x%.2f", (a > 0 ? b / a : 0) }'); fi
            printf "%-15s %9s %9s %8s %9d %9s %8s\n" "$kind" "$mb" "$secs" "$per" $((kb / 1024)) "$values" "$growth"
        else
            printf "%-15s %9s %9s\n" "$kind" "$(awk -v b="$actual" 'BEGIN { printf "%.2f", b / 1e6 }')" "timeout (> $TIMEOUT s) or failure"
            break
        fi
        rm -f "$file"
    done
done
