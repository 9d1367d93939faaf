#!/usr/bin/env python3
"""Plots proof time, load time and peak memory against spoke count from `make bench` JSON.

Writes a self-contained SVG (no plotting library needed: the machines have no PyPI access).
Usage: plot.py bench.json out.svg
"""
import json
import math
import sys

W, H, PAD = 460, 300, 55
COLORS = {("bm_prove", 0): "#2563eb", ("bm_prove", 1): "#1e3a8a",
          ("bm_load", 0): "#16a34a", ("bm_load", 1): "#14532d"}


def series(data):
    out = {}
    for b in data["benchmarks"]:
        name, size, distinct = b["name"].split("/")[:3]
        if name not in ("bm_prove", "bm_load") or b.get("run_type") == "aggregate":
            continue  # (the repeated L runs' medians are ratios.py's)
        unit = {"ms": 1e-3, "us": 1e-6, "ns": 1e-9, "s": 1.0}[b["time_unit"]]
        out.setdefault((name, int(distinct)), []).append(
            (b["spokes"], b["real_time"] * unit, b.get("peak_rss", 0) / 2**20))
    return {k: sorted(v) for k, v in out.items()}


def panel(x0, title, ylabel, lines, value):
    pts = [p for _, ps in lines for p in ps]
    if not pts:
        return ""
    xs = [math.log10(p[0]) for p in pts]
    ys = [math.log10(max(value(p), 1e-4)) for p in pts]
    xmin, xmax = min(xs), max(xs) if max(xs) > min(xs) else min(xs) + 1
    ymin, ymax = math.floor(min(ys)), math.ceil(max(ys)) if math.ceil(max(ys)) > math.floor(min(ys)) else math.floor(min(ys)) + 1
    sx = lambda x: x0 + PAD + (x - xmin) / (xmax - xmin) * (W - 2 * PAD)
    sy = lambda y: H - PAD - (y - ymin) / (ymax - ymin) * (H - 2 * PAD)
    svg = [f'<text x="{x0 + W / 2}" y="20" text-anchor="middle" font-weight="bold">{title}</text>',
           f'<line x1="{x0 + PAD}" y1="{H - PAD}" x2="{x0 + W - PAD}" y2="{H - PAD}" stroke="black"/>',
           f'<line x1="{x0 + PAD}" y1="{PAD}" x2="{x0 + PAD}" y2="{H - PAD}" stroke="black"/>',
           f'<text x="{x0 + W / 2}" y="{H - 12}" text-anchor="middle">spokes (log)</text>',
           f'<text x="{x0 + 14}" y="{H / 2}" transform="rotate(-90 {x0 + 14} {H / 2})" '
           f'text-anchor="middle">{ylabel} (log)</text>']
    for decade in range(int(ymin), int(ymax) + 1):
        y = sy(decade)
        svg.append(f'<line x1="{x0 + PAD - 4}" y1="{y}" x2="{x0 + W - PAD}" y2="{y}" stroke="#ddd"/>')
        svg.append(f'<text x="{x0 + PAD - 6}" y="{y + 4}" text-anchor="end" font-size="10">{10 ** decade:g}</text>')
    for x in sorted({p[0] for p in pts}):
        svg.append(f'<text x="{sx(math.log10(x))}" y="{H - PAD + 14}" text-anchor="middle" font-size="10">{x:g}</text>')
    for (name, distinct), ps in lines:
        color = COLORS.get((name, distinct), "gray")
        coords = " ".join(f"{sx(math.log10(p[0]))},{sy(math.log10(max(value(p), 1e-4)))}" for p in ps)
        dash = ' stroke-dasharray="5,3"' if distinct else ""
        svg.append(f'<polyline points="{coords}" fill="none" stroke="{color}" stroke-width="2"{dash}/>')
        for p in ps:
            svg.append(f'<circle cx="{sx(math.log10(p[0]))}" cy="{sy(math.log10(max(value(p), 1e-4)))}" r="3" fill="{color}"/>')
    return "\n".join(svg)


def main():
    with open(sys.argv[1]) as f:
        data = json.load(f)
    s = series(data)
    time_lines = sorted(s.items())
    mem_lines = [(k, v) for k, v in sorted(s.items()) if k[0] == "bm_prove"]
    legend = []
    for i, ((name, distinct), _) in enumerate(time_lines):
        label = f"{'proof' if name == 'bm_prove' else 'load'} {'distinct' if distinct else 'templated'}"
        legend.append(f'<text x="{PAD + i * 150}" y="{H + 20}" fill="{COLORS.get((name, distinct), "gray")}">'
                      f'{"- - " if distinct else "—— "}{label}</text>')
    ctx = data.get("context", {})
    svg = (f'<svg xmlns="http://www.w3.org/2000/svg" width="{2 * W}" height="{H + 50}" '
           f'font-family="sans-serif" font-size="12">\n<rect width="100%" height="100%" fill="white"/>\n'
           + panel(0, "time (s)", "seconds", time_lines, lambda p: p[1]) + "\n"
           + panel(W, "peak resident memory after proof (MiB)", "MiB", mem_lines, lambda p: p[2]) + "\n"
           + "\n".join(legend)
           + f'\n<text x="{PAD}" y="{H + 40}" font-size="10">{ctx.get("date", "")} · {ctx.get("host_name", "")} · '
             f'{ctx.get("num_cpus", "?")} CPUs · airgap make bench</text>\n</svg>\n')
    with open(sys.argv[2], "w") as f:
        f.write(svg)


if __name__ == "__main__":
    main()
