#!/usr/bin/env python3
"""bench/compare's reporter: joins Go's `go test -bench` output with JMH's JSON results of the same run into one
table (workload | procs | Go | GMP | JDK | peer | GMP/Go | GMP/JDK), and writes latest.csv, latest.md and
latest.svg (ratio chart) under bench/results. Medians of the measured iterations (JMH) and counts (Go)."""
import argparse
import csv
import glob
import json
import os
import re
import statistics
import sys

import ratiochart

# Workloads in report order, with the GMP/Go target (GMP/JDK target is 1.0 everywhere).
ORDER = ["SpawnJoin", "NestedSpawn", "PingPong", "Gosched", "FanOutFanIn", "Syscall",
         "ChanSync", "ChanProdCons0", "ChanProdCons10", "ChanProdCons100", "ChanNonblocking",
         "SelectUncontended", "SelectProdCons", "ChanContended", "Sieve", "BlockingReads"]
GO_TARGET = {"SpawnJoin": 1.5, "PingPong": 1.5, "ChanProdCons100": 1.5}
PEER_IMPLS = ("jox", "platform")


def go_results(path, procs):
    """name -> median ns/op from `go test -bench` output; the -N suffix is GOMAXPROCS (absent when it is 1)."""
    runs = {}
    if not os.path.exists(path):
        return {}
    for line in open(path):
        m = re.match(r"^Benchmark(\w+?)(?:-(\d+))?\s+\d+\s+([\d.]+) ns/op", line)
        if m and int(m.group(2) or 1) == procs:
            runs.setdefault(m.group(1), []).append(float(m.group(3)))
    return {k: statistics.median(v) for k, v in runs.items()}


def jmh_results(path):
    """(workload, impl) -> median ns/op over every measured iteration of every fork."""
    out = {}
    if not os.path.exists(path) or os.path.getsize(path) == 0:
        return out
    for r in json.load(open(path)):
        cls = r["benchmark"].split(".")[-2]
        params = dict(r.get("params", {}))
        impl = params.pop("impl")
        params.pop("procs", None)
        workload = cls + "".join(str(v) for _, v in sorted(params.items()))
        raw = [x for fork in r["primaryMetric"].get("rawData", []) for x in fork]
        out[(workload, impl)] = statistics.median(raw) if raw else r["primaryMetric"]["score"]
    return out


def failed_jmh(log):
    """(workload, impl) pairs whose JMH run failed: an exception, a stall or a runtime fatal error in the fork."""
    failed = set()
    if not os.path.exists(log):
        return failed
    cls, key = None, None
    for line in open(log, errors="replace"):
        m = re.match(r"# Benchmark: dev\.gmp\.bench\.(?:\w+\.)*?([A-Z]\w*)\.\w+$", line.strip())
        if m:
            cls = m.group(1)
            continue
        m = re.match(r"# Parameters: \((.*)\)", line)
        if m and cls:
            params = dict(kv.split(" = ", 1) for kv in m.group(1).split(", "))
            impl = params.pop("impl", "?")
            params.pop("procs", None)
            key = (cls + "".join(v for _, v in sorted(params.items())), impl)
            continue
        if key and ("<failure" in line or "<forked VM failed" in line or "fatal error" in line or line.startswith("panic:")
                    or "Exception:" in line):
            failed.add(key)
    return failed


def ratio(a, b):
    return a / b if a and b else None


def fmt(x, digits=1):
    if x is None:
        return "-"
    return f"{x:,.{digits}f}" if x < 100000 else f"{x:,.0f}"


def c2c_values(words):
    """CoreProbe's round trips as numbers; None for '-' (no second CPU)."""
    return tuple(float(v) if re.fullmatch(r"[\d.]+", v) else None for v in words)


def probes(work, procs):
    """JMH class name -> core-to-core round trip ns (before Go, between Go and JMH, after JMH)."""
    out = {}
    for f in glob.glob(os.path.join(work, f"probe-{procs}-*.txt")):
        vals = open(f).read().split()
        if len(vals) == 3:
            out[os.path.basename(f)[len(f"probe-{procs}-"):-4]] = c2c_values(vals)
    return out


def build_rows(work, cpus):
    rows = []
    for n in cpus:
        go = go_results(os.path.join(work, f"go-{n}.txt"), n)
        jmh, failed = {}, set()
        c2c = probes(work, n)
        for f in sorted(glob.glob(os.path.join(work, f"jmh-{n}-*.json"))):
            jmh.update(jmh_results(f))
        for f in sorted(glob.glob(os.path.join(work, f"jmh-{n}-*.log"))):
            failed |= failed_jmh(f)
        names = {w for (w, _) in jmh} | {w for (w, _) in failed}
        names |= {w for w in go if w in ORDER}
        for w in sorted(names, key=lambda w: (ORDER.index(w) if w in ORDER else len(ORDER), w)):
            peer = next(((p, jmh.get((w, p))) for p in PEER_IMPLS if (w, p) in jmh or (w, p) in failed),
                        (None, None))
            row = {
                "workload": w, "procs": n, "go_ns": go.get(w), "gmp_ns": jmh.get((w, "gmp")),
                "jdk_ns": jmh.get((w, "jdk")), "peer": peer[0], "peer_ns": peer[1],
                "target_go": GO_TARGET.get(w, 2.0), "target_jdk": 1.0,
                "failed": {i for (x, i) in failed if x == w},
                # the probe of the workload's JMH class: ChanProdCons0 is class ChanProdCons with cap = 0
                "c2c": next((v for c, v in c2c.items() if re.fullmatch(re.escape(c) + r"\d*", w)), (None,) * 3),
            }
            row["gmp_go"] = ratio(row["gmp_ns"], row["go_ns"])
            row["gmp_jdk"] = ratio(row["gmp_ns"], row["jdk_ns"])
            rows.append(row)
    return rows


def verdict(r):
    misses = []
    if r["gmp_go"] is not None and r["gmp_go"] > r["target_go"]:
        misses.append(f"Go {r['gmp_go'] / r['target_go']:.2f}x over")
    if r["gmp_jdk"] is not None and r["gmp_jdk"] > r["target_jdk"]:
        misses.append(f"JDK {r['gmp_jdk'] / r['target_jdk']:.2f}x over")
    if r["gmp_ns"] is None:
        return "ERR" if "gmp" in r["failed"] else "n/a"
    return "ok" if not misses else "MISS (" + ", ".join(misses) + ")"


HEAD = ["workload", "procs", "Go ns/op", "GMP ns/op", "JDK vthreads ns/op", "other peer ns/op", "GMP/Go",
        "GMP/JDK", "target Go/JDK", "verdict", "core-to-core ns"]


# Core-to-core round trips this far apart mean the machine changed state (bench/compare runs such a workload again).
STATE_CHANGE = 1.5


def state_changed(c2c):
    """Whether one round trip is over STATE_CHANGE times another; never without all three probes."""
    return None not in c2c and max(c2c) > STATE_CHANGE * min(c2c)


def c2c_cell(r):
    """The machine's core-to-core round trips around the workload's Go and JMH halves; '*' marks a change of
    state."""
    if None in r["c2c"]:
        return "-"
    return ", ".join(f"{v:.0f}" for v in r["c2c"]) + (" *" if state_changed(r["c2c"]) else "")


def cell(r, impl, ns):
    return fmt(ns) if ns is not None else ("ERR" if impl in r["failed"] else "-")


def table_cells(r):
    peer = f"{cell(r, r['peer'], r['peer_ns'])} ({r['peer']})" if r["peer"] else "-"
    return [r["workload"], str(r["procs"]), fmt(r["go_ns"]), cell(r, "gmp", r["gmp_ns"]),
            cell(r, "jdk", r["jdk_ns"]), peer,
            fmt(r["gmp_go"], 2), fmt(r["gmp_jdk"], 2), f"{r['target_go']:g} / {r['target_jdk']:g}", verdict(r),
            c2c_cell(r)]


def print_table(rows):
    cells = [HEAD] + [table_cells(r) for r in rows]
    widths = [max(len(c[i]) for c in cells) for i in range(len(HEAD))]
    lines = []
    for i, c in enumerate(cells):
        lines.append(" | ".join(x.ljust(widths[j]) if j in (0, 9) else x.rjust(widths[j]) for j, x in enumerate(c)))
        if i == 0:
            lines.append("-+-".join("-" * w for w in widths))
    print("\n".join(lines))


def markdown(rows, meta, parked):
    out = [f"Run {meta['started']} ({meta['mode']} mode) on {meta['machine']}; {meta['versions']}; "
           f"load average (1/5/15 min) at start -> end: {meta['load']}. Core-to-core ns: the machine's round trip "
           "between two cores before Go, between Go and JMH, and after JMH (bench CoreProbe); * marks a change "
           "of state during the workload.",
           "",
           "| " + " | ".join(HEAD) + " |", "|" + "|".join("---" for _ in HEAD) + "|"]
    out += ["| " + " | ".join(table_cells(r)) + " |" for r in rows]
    if parked:
        out += ["", "| runtime | parked units | heap bytes/unit | RSS bytes/unit |", "|---|---|---|---|"]
        out += [f"| {p['impl']} | {p['n']:,} | {fmt(p['heap'], 0)} | {fmt(p['rss'], 0)} |" for p in parked]
    return "\n".join(out) + "\n"


def write_csv(rows, path):
    keys = ["workload", "procs", "go_ns", "gmp_ns", "jdk_ns", "peer", "peer_ns", "gmp_go", "gmp_jdk", "target_go",
            "target_jdk", "failed", "c2c_before_ns", "c2c_between_ns", "c2c_after_ns"]
    with open(path, "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(keys)
        for r in rows:
            r = dict(r, c2c_before_ns=r["c2c"][0], c2c_between_ns=r["c2c"][1], c2c_after_ns=r["c2c"][2])
            w.writerow(["" if r[k] is None else (f"{r[k]:.3f}" if isinstance(r[k], float)
                        else (" ".join(sorted(r[k])) if isinstance(r[k], set) else r[k])) for k in keys])


def svg_chart(rows, meta, path):
    """Horizontal bars of GMP/Go and GMP/JDK per workload and procs, log2 scale, 1.0 line and target ticks."""
    ratiochart.write(path, "GMP time per op ÷ Go and ÷ JDK default scheduler (lower is better; 1x = parity)",
                     f'{meta["started"]}, {meta["mode"]} run, {meta["machine"]}',
                     [(f'{r["workload"]} @{r["procs"]}', [(r["gmp_go"], r["target_go"], None),
                                                          (r["gmp_jdk"], r["target_jdk"], None)])
                      for r in rows if r["gmp_go"] or r["gmp_jdk"]],
                     [("GMP/Go", "#00add8"), ("GMP/JDK", "#e76f00")])


def parked_results(path):
    out = []
    if path and os.path.exists(path):
        for line in open(path):
            m = re.match(r"parked impl=(\S+) n=(\d+) heap_bytes_per_unit=([\d.]+) rss_bytes_per_unit=([\d.]+)", line)
            if m:
                out.append({"impl": m.group(1), "n": int(m.group(2)), "heap": float(m.group(3)),
                            "rss": float(m.group(4))})
    return out


def max_parked_results(path):
    out = []
    if path and os.path.exists(path):
        for line in open(path):
            m = re.match(r"maxparked impl=(\S+) n=(\d+).*? rss=(\d+)", line)
            if m:
                out.append({"impl": m.group(1), "n": int(m.group(2)), "rss": int(m.group(3))})
    return out


def main():
    if sys.argv[1:2] == ["--state-changed"]:  # bench/compare: report.py --state-changed BEFORE BETWEEN AFTER
        sys.exit(0 if state_changed(c2c_values(sys.argv[2:5])) else 1)
    ap = argparse.ArgumentParser()
    ap.add_argument("--results", required=True)
    ap.add_argument("--work", required=True)
    ap.add_argument("--cpus", required=True)
    ap.add_argument("--started", required=True)
    ap.add_argument("--machine", required=True)
    ap.add_argument("--versions", required=True)
    ap.add_argument("--mode", required=True)
    ap.add_argument("--parked")
    ap.add_argument("--load", default="?")
    a = ap.parse_args()
    meta = vars(a)
    rows = build_rows(a.work, [int(c) for c in a.cpus.split(",")])
    parked = parked_results(a.parked)
    maxed = max_parked_results(a.parked)
    print()
    print(f"{a.started}  {a.mode} run  {a.machine}  {a.versions}  load average {a.load}")
    print("peer: platform threads for scheduler workloads, Jox (JDK virtual threads) for channel workloads;")
    print("JDK column for channel workloads: java.util.concurrent queues on JDK virtual threads.")
    print()
    print_table(rows)
    if parked:
        print()
        print("bytes per parked unit (heap delta / RSS delta over N parked units)")
        for p in parked:
            print(f"  {p['impl']:9} n={p['n']:>9,}  heap {p['heap']:9,.0f}  rss {p['rss']:9,.0f}")
    if maxed:
        print()
        print("largest number of parked units: JVM with -Xmx2g filled to 90%; Go given the JVM's RSS")
        for p in maxed:
            print(f"  {p['impl']:9} n={p['n']:>11,}  rss {p['rss'] / 2**20:9,.0f} MiB")
    os.makedirs(a.results, exist_ok=True)
    write_csv(rows, os.path.join(a.results, "latest.csv"))
    md = markdown(rows, meta, parked)
    if maxed:
        md += "\n| runtime | most parked units reached | RSS MiB |\n|---|---|---|\n"
        md += "".join(f"| {p['impl']} | {p['n']:,} | {p['rss'] / 2**20:,.0f} |\n" for p in maxed)
    open(os.path.join(a.results, "latest.md"), "w").write(md)
    svg_chart(rows, meta, os.path.join(a.results, "latest.svg"))
    if parked:
        with open(os.path.join(a.results, "parked.csv"), "w", newline="") as f:
            w = csv.writer(f)
            w.writerow(["impl", "n", "heap_bytes_per_unit", "rss_bytes_per_unit"])
            for p in parked:
                w.writerow([p["impl"], p["n"], f"{p['heap']:.0f}", f"{p['rss']:.0f}"])
    print()
    print("wrote " + ", ".join(os.path.join(a.results, f) for f in ("latest.csv", "latest.md", "latest.svg")))


if __name__ == "__main__":
    main()
