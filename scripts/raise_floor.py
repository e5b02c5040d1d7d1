#!/usr/bin/env python3
"""Raise corpus/quality.json to the current scores (never lowers a floor).

Usage: cargo run --release -- eval --gold corpus --json | scripts/raise_floor.py
"""
import json
import math
import sys

report = json.load(sys.stdin)
path = "corpus/quality.json"
floor = json.load(open(path))


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
json.dump(floor, open(path, "w"), indent=2)
open(path, "a").write("\n")
print(json.dumps(floor, indent=2))
