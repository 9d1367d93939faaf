#!/usr/bin/env python3
"""Merges the per-size Google Benchmark JSON files of one `make bench` run into one file."""
import json
import sys


def main():
    out, parts = sys.argv[1], sys.argv[2:]
    merged = None
    for path in parts:
        with open(path) as f:
            data = json.load(f)
        if merged is None:
            merged = data
        else:
            merged["benchmarks"].extend(data["benchmarks"])
    with open(out, "w") as f:
        json.dump(merged, f, indent=1)


if __name__ == "__main__":
    main()
