#!/usr/bin/env python3
"""The on/off table of one bench/costs part: medians of every measured JMH iteration of the runs named
WORK/NAME-<i>-<on|off>.json, per benchmark (and procs when it varies), and the cost of "on" over "off".

Most of this machine's spread is between forks (JIT decisions, placement), not between iterations of one fork, so
the uncertainty comes from resampling forks: the 90 % interval is a bootstrap over each side's forks (each
resampled fork keeps all its iterations), 2,000 rounds with a fixed seed, so the same files give the same table.

With --geomean, a last row gives the geometric mean of the benchmarks' on/off ratios: the cost over the whole set,
each benchmark weighing the same. Its interval resamples the forks too, the same forks for every benchmark (each
fork ran them all). With --param NAME, benchmarks that differ in that JMH parameter get a row each."""
import glob
import json
import math
import os
import random
import statistics
import sys

ROUNDS = 2000


def cost(on, off):
    return (statistics.median(on) - statistics.median(off)) / statistics.median(off) * 100


def geomean_cost(logs):
    """The cost, in per cent, of the geometric mean of on/off ratios given as their logarithms."""
    return (math.exp(statistics.fmean(logs)) - 1) * 100


def ninety(costs):
    """The 5th and 95th percentiles of bootstrap costs: a 90 % interval."""
    costs = sorted(costs)
    return costs[int(0.05 * len(costs))], costs[int(0.95 * len(costs)) - 1]


def interval(on_forks, off_forks, rng):
    """The 5th and 95th percentiles of the cost when each side's forks are resampled with replacement."""
    costs = []
    for _ in range(ROUNDS):
        on = [x for f in rng.choices(on_forks, k=len(on_forks)) for x in f]
        off = [x for f in rng.choices(off_forks, k=len(off_forks)) for x in f]
        costs.append(cost(on, off))
    return ninety(costs)


def geomean_row(forks, rng):
    """The geometric mean of the on/off ratios, and its 90 % interval, over benchmarks run in every fork."""
    keys = [k for k, m in sorted(forks.items()) if "on" in m and "off" in m]
    if not keys:
        return None
    n_on = min(len(forks[k]["on"]) for k in keys)
    n_off = min(len(forks[k]["off"]) for k in keys)
    if any(len(forks[k]["on"]) != n_on or len(forks[k]["off"]) != n_off for k in keys):
        return None  # a fork failed some benchmark: no common forks to resample

    def mean_cost(on_idx, off_idx):
        logs = []
        for k in keys:
            on = [x for i in on_idx for x in forks[k]["on"][i]]
            off = [x for i in off_idx for x in forks[k]["off"][i]]
            logs.append(math.log(statistics.median(on) / statistics.median(off)))
        return geomean_cost(logs)

    est = mean_cost(range(n_on), range(n_off))
    low, high = ninety(mean_cost(rng.choices(range(n_on), k=n_on), rng.choices(range(n_off), k=n_off))
                       for _ in range(ROUNDS))
    return len(keys), est, low, high, n_off, n_on


def runs(path, param=None):
    """(benchmark, procs) and the measured iterations of each benchmark in one JMH JSON result (one fork each);
    with PARAM, that JMH parameter's value is part of the benchmark's name."""
    if os.path.getsize(path) == 0:
        return []
    out = []
    for b in json.load(open(path)):
        params = b.get("params", {})
        name = b["benchmark"].split(".bench.", 1)[1]
        if param:
            name += " " + params.get(param, "")
        key = (name, params.get("procs", ""))
        out.append((key, [x for it in b["primaryMetric"]["rawData"] for x in it]))
    return out


def table(work, name, param=None, geomean=False):
    """The rows of one on/off table: ((bench, procs), {"on": [fork iterations], "off": [...]}, cost, low, high) per
    benchmark (cost None where a side failed), and the geometric-mean row (or None): see geomean_row."""
    forks = {}  # (bench, procs) -> mode -> [iterations of one fork]
    for f in sorted(glob.glob(os.path.join(work, name + "-*-*.json"))):
        mode = f.rsplit("-", 1)[1][:-5]
        for key, iterations in runs(f, param):
            forks.setdefault(key, {}).setdefault(mode, []).append(iterations)
    rng = random.Random(1)
    rows = []
    for key, modes in sorted(forks.items()):
        if "on" not in modes or "off" not in modes:
            rows.append((key, modes, None, None, None))
            continue
        on = [x for f in modes["on"] for x in f]
        off = [x for f in modes["off"] for x in f]
        low, high = interval(modes["on"], modes["off"], rng)
        rows.append((key, modes, cost(on, off), low, high))
    with_procs = any(k[1] for k in forks)
    return rows, (geomean_row(forks, rng) if geomean and not with_procs else None)


def main():
    work, name, off_label, on_label = sys.argv[1:5]
    geomean = "--geomean" in sys.argv[5:]
    param = sys.argv[sys.argv.index("--param") + 1] if "--param" in sys.argv[5:] else None
    rows, row = table(work, name, param, geomean)
    with_procs = any(key[1] for key, *_ in rows)
    print("| benchmark |" + (" procs |" if with_procs else "")
          + " %s ns/op | %s ns/op | cost | 90 %% interval | forks |" % (off_label, on_label))
    print("|---|" + ("---|" if with_procs else "") + "---|---|---|---|---|")
    for (bench, procs), modes, c, low, high in rows:
        cells = "| %s |%s" % (bench, " %s |" % procs if with_procs else "")
        if c is None:
            print("%s %s | %s | failed | | |" % (cells, "-" if "off" not in modes else "ok",
                                                "-" if "on" not in modes else "ok"))
            continue
        on = [x for f in modes["on"] for x in f]
        off = [x for f in modes["off"] for x in f]
        print("%s %.1f | %.1f | %+.1f %% | %+.1f to %+.1f %% | %d + %d |" % (
            cells, statistics.median(off), statistics.median(on), c, low, high,
            len(modes["off"]), len(modes["on"])))
    if row:
        print("| geometric mean of %d | | | **%+.1f %%** | %+.1f to %+.1f %% | %d + %d |" % row)


if __name__ == "__main__":
    main()
