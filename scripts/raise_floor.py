#!/usr/bin/env python3
"""Raise the floor of one annotated set in corpus/quality.json to the current
scores (never lowers a floor; a set not yet there starts at what it measures).

Usage: cargo run --release -- eval --gold corpus/SET --json | scripts/raise_floor.py SET
"""
import json
import math
import sys

if len(sys.argv) != 2:
    sys.exit("usage: newsx eval --gold corpus/SET --json | scripts/raise_floor.py SET")
name = sys.argv[1]
report = json.load(sys.stdin)
path = "corpus/quality.json"
floors = json.load(open(path))
floor = floors["sets"].setdefault(name, {"f1": {}})


def down(x):
    # Truncate to 3 decimals so the floor never exceeds the measured value.
    return math.floor(x * 1000 + 1e-9) / 1000


current = {k: v["f1"] for k, v in report["fields"].items()}
current["overall"] = report["overall"]["f1"]
for k, v in current.items():
    floor["f1"][k] = max(floor["f1"].get(k, 0.0), down(v))
for k in ("roles_acc", "published_acc"):
    if report.get(k) is not None:
        floor[k] = max(floor.get(k, 0.0), down(report[k]))
json.dump(floors, open(path, "w"), indent=2)
open(path, "a").write("\n")
print(json.dumps(floor, indent=2))
