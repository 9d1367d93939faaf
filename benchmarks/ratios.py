#!/usr/bin/env python3
"""Reads Google Benchmark JSON and prints the ratios airgap's performance goals are stated in."""
import json
import sys

SIZES = {0: "S", 1: "M", 2: "L", 3: "XL"}


def load(path):
    with open(path) as f:
        data = json.load(f)
    times = {}
    for b in data["benchmarks"]:
        name, size, distinct = b["name"].split("/")[:3]
        unit = {"ms": 1e-3, "us": 1e-6, "ns": 1e-9, "s": 1.0}[b["time_unit"]]
        times[(name, int(size), int(distinct))] = b["real_time"] * unit
    return data.get("context", {}), times


def ratio(times, a, b, size, distinct):
    ta, tb = times.get((a, size, distinct)), times.get((b, size, distinct))
    if ta is None or tb is None:
        return None
    return ta / tb


def main():
    context, times = load(sys.argv[1])
    print(f"\nmachine: {context.get('host_name', '?')}, {context.get('num_cpus', '?')} CPUs, "
          f"{context.get('mhz_per_cpu', '?')} MHz, date {context.get('date', '?')}")
    print(f"{'design':<16}{'load s':>9}{'prove s':>9}{'proof/load':>12}{'sweep/one':>11}{'diff/2 loads':>14}")
    for size in sorted({k[1] for k in times}):
        for distinct in (0, 1):
            load_t = times.get(("bm_load", size, distinct))
            if load_t is None:
                continue
            prove = times.get(("bm_prove", size, distinct))
            pr = ratio(times, "bm_prove", "bm_load", size, distinct)
            sw = ratio(times, "bm_sweep", "bm_one_variant", size, distinct)
            diff = times.get(("bm_diff", size, distinct))
            df = diff / (2 * load_t) if diff is not None else None
            fmt = lambda x: "-" if x is None else f"{x:.2f}"
            name = f"{SIZES[size]} {'distinct' if distinct else 'templated'}"
            print(f"{name:<16}{load_t:>9.3f}{fmt(prove):>9}{fmt(pr):>12}{fmt(sw):>11}{fmt(df):>14}")


if __name__ == "__main__":
    main()
