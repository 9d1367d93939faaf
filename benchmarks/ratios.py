#!/usr/bin/env python3
"""Reads Google Benchmark JSON and prints the ratios airgap's performance goals are stated in."""
import json
import sys

SIZES = {0: "S", 1: "M", 2: "L", 3: "XL"}


def load(path):
    with open(path) as f:
        data = json.load(f)
    times, counters, medians = {}, {}, {}
    for b in data["benchmarks"]:
        name, size, distinct = b["name"].split("/")[:3]
        unit = {"ms": 1e-3, "us": 1e-6, "ns": 1e-9, "s": 1.0}[b["time_unit"]]
        key = (name, int(size), int(distinct))
        if b.get("run_type") == "aggregate":  # a repeated benchmark's statistics
            if b.get("aggregate_name") == "median":
                medians[key] = (b["real_time"] * unit, b.get("repetitions"))
            continue
        times[key] = b["real_time"] * unit
        counters[key] = {k: v for k, v in b.items() if isinstance(v, (int, float))}
    return data.get("context", {}), times, counters, medians


def ratio(times, a, b, size, distinct):
    ta, tb = times.get((a, size, distinct)), times.get((b, size, distinct))
    if ta is None or tb is None:
        return None
    return ta / tb


def fmt(x, digits=2):
    return "-" if x is None else f"{x:.{digits}f}"


def main():
    context, times, counters, medians = load(sys.argv[1])
    print(f"\nmachine: {context.get('host_name', '?')}, {context.get('num_cpus', '?')} CPUs, "
          f"{context.get('mhz_per_cpu', '?')} MHz, date {context.get('date', '?')}")
    # prove s: on a warm heap, as load s is; 1st prove s: the process's first proof, which also
    # faults in the memory it uses (bench_main.cpp, bm_prove).
    print(f"{'design':<16}{'MB':>7}{'load s':>9}{'prove s':>9}{'proof/load':>12}{'1st prove s':>13}"
          f"{'sweep/one':>11}{'diff/2 loads':>14}{'peak MiB':>10}{'RSS/byte':>10}")
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
            c = counters.get(("bm_prove", size, distinct), {})
            rss, size_b = c.get("peak_rss"), c.get("bytes")
            per_byte = rss / size_b if rss and size_b else None
            name = f"{SIZES[size]} {'distinct' if distinct else 'templated'}"
            print(f"{name:<16}{fmt(size_b / 1e6 if size_b else None, 1):>7}{load_t:>9.3f}{fmt(prove, 3):>9}"
                  f"{fmt(pr):>12}{fmt(c.get('first_s'), 3):>13}{fmt(sw):>11}{fmt(df):>14}{fmt(rss / 2**20 if rss else None, 0):>10}"
                  f"{fmt(per_byte, 1):>10}")
    print("\nscaling, proof only (goal: L/M <= 11, XL/L <= 5.5):")
    for distinct in (0, 1):
        lm = ratio2(times, ("bm_prove", 2, distinct), ("bm_prove", 1, distinct))
        xl = ratio2(times, ("bm_prove", 3, distinct), ("bm_prove", 2, distinct))
        print(f"  {'distinct' if distinct else 'templated':<10} L/M {fmt(lm)}   XL/L {fmt(xl)}")
    print("\nloading L with the default parse threads against one (bm_load, bm_load_one_thread):")
    for distinct in (0, 1):
        one = times.get(("bm_load_one_thread", 2, distinct))
        speedup = ratio2(times, ("bm_load_one_thread", 2, distinct), ("bm_load", 2, distinct))
        proof = ratio2(times, ("bm_prove", 2, distinct), ("bm_load_one_thread", 2, distinct))
        print(f"  {'distinct' if distinct else 'templated':<10} one thread {fmt(one, 3)} s   "
              f"speed-up {fmt(speedup)}   proof / one-thread load {fmt(proof)}")
    repeated(medians)
    print("\ntwo worker processes / one (goal >= 1.6), L:")
    for distinct in (0, 1):
        one = ratio2(times, ("bm_one_variant_one_worker", 2, distinct), ("bm_one_variant_two_workers", 2, distinct))
        sw = ratio2(times, ("bm_sweep_one_worker", 2, distinct), ("bm_sweep_two_workers", 2, distinct))
        print(f"  {'distinct' if distinct else 'templated':<10} one variant {fmt(one)}   sweep {fmt(sw)}")
    incremental(counters)


# The incremental families' counters (bench_main.cpp, EditTimes): to the answers of the pools an
# edit names (the re-proof), and to the explanations of the answers that changed.
INCREMENTAL = (("bm_incremental", "NSG rule edit", "us", "goal: median <= 100 us, p99 <= 1 ms"),
               ("bm_incremental_whole_nsg", "NSG rule edit handed over as the whole NSG", "us", ""),
               ("bm_hub_incremental", "hub firewall edit", "ms", "goal: <= 10 us per affected spoke"),
               ("bm_route_incremental", "spoke route edit", "us", ""))


def incremental(counters):
    for name, what, unit, goal in INCREMENTAL:
        rows = [(k, c) for k, c in sorted(counters.items()) if k[0] == name]
        if not rows:
            continue
        print(f"\n{what} ({goal}):" if goal else f"\n{what}:")
        for (_, size, distinct), c in rows:
            line = f"  {SIZES[size]} {'distinct' if distinct else 'templated':<10}"
            # (runs before the answered/explained split timed every re-proof explained)
            label = "answered median" if "explained_median_" + unit in c else "median (all explained)"
            line += f" {label} {fmt(c.get('median_' + unit))} {unit}, p99 {fmt(c.get('p99_' + unit))} {unit}"
            if "explained_median_" + unit in c:
                line += (f"; explained median {fmt(c.get('explained_median_' + unit))} {unit},"
                         f" p99 {fmt(c.get('explained_p99_' + unit))} {unit}")
            if "per_spoke_us" in c and name == "bm_hub_incremental":
                line += f"; {fmt(c['per_spoke_us'], 1)} us per spoke"
            if "changed_per_edit" in c:
                line += f"; {fmt(c['changed_per_edit'], 0)} answers changed per edit"
            print(line)


def repeated(medians):
    """Proof / load on L from the medians of repeated runs (`make bench`'s repeated-load and
    repeated-prove processes): a single run on a shared VM moves either figure by a third."""
    rows = [d for d in (0, 1) if ("bm_load", 2, d) in medians and ("bm_prove", 2, d) in medians]
    if not rows:
        return
    print("\nproof / load on L, medians of repeated runs (goal <= 0.5):")
    for distinct in rows:
        load_t, n = medians[("bm_load", 2, distinct)]
        prove, _ = medians[("bm_prove", 2, distinct)]
        print(f"  {'distinct' if distinct else 'templated':<10} {prove / load_t:.2f}   "
              f"(prove {prove:.3f} s, load {load_t:.3f} s, medians of {n} runs)")


def ratio2(times, a, b):
    return times[a] / times[b] if a in times and b in times else None


if __name__ == "__main__":
    main()
