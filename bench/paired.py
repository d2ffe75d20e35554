#!/usr/bin/env python3
"""The table of bench/costs' paired statistics run: JMH forks under -Dgmp.stats=paired, where each fork's
iterations (warm-up included) run with statistics on, off, off, on, and again (RunnerBench.pairStatistics).

Both sides of a comparison run in the same JVM on the same compiled code, so the spread between forks (JIT
decisions, placement), which swamps a few per cent, cancels. Each block of four iterations gives one ratio,
(on + on) / (off + off), whose on, off, off, on order also cancels a steady drift within the block. The cost is the
geometric mean of the blocks' ratios; the 90 % interval resamples forks, and the blocks within each resampled fork,
2,000 rounds with a fixed seed.

    paired.py WORK NAME WARMUP: reads WORK/NAME-<i>.json; WARMUP, the warm-up iterations, is a multiple of 4."""
import glob
import math
import os
import random
import statistics
import sys

from onoff import ROUNDS, geomean_cost, ninety, runs


def blocks(iterations):
    """The log ratio on/off of each complete block of four measured iterations (on, off, off, on)."""
    out = []
    for k in range(0, len(iterations) - 3, 4):
        on1, off1, off2, on2 = iterations[k:k + 4]
        out.append(math.log((on1 + on2) / (off1 + off2)))
    return out


def interval(forks, rng):
    costs = []
    for _ in range(ROUNDS):
        logs = []
        for f in rng.choices(forks, k=len(forks)):
            logs.extend(rng.choices(f, k=len(f)))
        costs.append(geomean_cost(logs))
    return ninety(costs)


def main():
    work, name, warmup = sys.argv[1], sys.argv[2], int(sys.argv[3])
    if warmup % 4:
        sys.exit("paired.py: the warm-up iterations must be a multiple of 4, so that measuring starts a block")
    forks = {}  # (bench, procs) -> [[block log ratios of one fork]]
    on_off = {}  # (bench, procs) -> ([on iterations], [off iterations])
    for f in sorted(glob.glob(os.path.join(work, name + "-*.json"))):
        for key, iterations in runs(f):
            forks.setdefault(key, []).append(blocks(iterations))
            on, off = on_off.setdefault(key, ([], []))
            for m, x in enumerate(iterations):
                (on if m % 4 in (0, 3) else off).append(x)
    rng = random.Random(1)
    print("| benchmark | procs | stats off ns/op | stats on ns/op | cost | 90 % interval | forks, blocks |")
    print("|---|---|---|---|---|---|---|")
    for (bench, procs), fs in sorted(forks.items()):
        logs = [x for f in fs for x in f]
        low, high = interval(fs, rng)
        on, off = on_off[(bench, procs)]
        print("| %s | %s | %.1f | %.1f | %+.2f %% | %+.2f to %+.2f %% | %d, %d |" % (
            bench, procs, statistics.median(off), statistics.median(on), geomean_cost(logs), low, high, len(fs),
            len(logs)))


if __name__ == "__main__":
    main()
