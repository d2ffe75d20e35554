#!/usr/bin/env python3
"""The tables of bench/costs' apps part: real services (Spring Boot, Helidon SE) under the same load with no agent,
the agent with virtualthreads=jdk and the agent with virtualthreads=gmp, from ServerBench apps' tab-separated
output (one line per service, endpoint, fork, round and setup).

In each round of a fork the three setups (three JVMs side by side) are loaded in turn, seconds apart, in an order
rotated from round to round, so they share the machine's load of that moment. Each comparison is therefore paired:
one log ratio per round (agent+jdk over no agent, gmp over agent+jdk), their geometric mean, and a 90 % interval
from bench/paired.py's bootstrap, which resamples the forks (new JVMs: the spread of JIT decisions) and the rounds
within each. The spread between rounds, which on a shared machine is far larger than the effect, cancels in each
ratio. A second table gives the same changes without each fork's first round, which follows the warm-up at once.

    apps.py FILE"""
import math
import random
import statistics
import sys

from onoff import geomean_cost
from paired import interval

SETUPS = ("no agent", "agent, virtualthreads=jdk", "agent, virtualthreads=gmp")


def paired(rows, num, den, field, rng, first=0):
    """The geometric-mean change of FIELD from setup DEN to setup NUM over the rounds from FIRST on that have both,
    in per cent, and its 90 % interval: (cost, low, high, rounds)."""
    forks = {}
    for (fork, rnd), r in sorted(rows.items()):
        if rnd >= first and num in r and den in r and r[num][field] > 0 and r[den][field] > 0:
            forks.setdefault(fork, []).append(math.log(r[num][field] / r[den][field]))
    logs = [x for f in forks.values() for x in f]
    if not logs:
        return None
    low, high = interval(list(forks.values()), rng)
    return geomean_cost(logs), low, high, len(logs)


def changes(rows, rng, first=0):
    """The table's three paired changes over the rounds from FIRST on: throughput of agent+jdk over no agent, and
    throughput and p99 of gmp over agent+jdk."""
    return (paired(rows, 1, 0, "rps", rng, first), paired(rows, 2, 1, "rps", rng, first),
            paired(rows, 2, 1, "p99", rng, first))


def cell(p):
    return "-" if p is None else "**%+.1f %%** (%+.1f to %+.1f)" % p[:3]


def main():
    params = {}
    data = {}  # (app, endpoint) -> (fork, round) -> setup -> {field: value}
    order = []
    shares = []  # ServerBench's sentences on the agent's own share of each service's CPU samples
    for line in open(sys.argv[1]):
        line = line.rstrip("\n")
        if line.startswith("## "):
            shares.append(line[3:])
            continue
        if line.startswith("#"):
            params = dict(x.split("=") for x in line[1:].split())
            continue
        if not line or line.startswith("app\t"):
            continue
        app, endpoint, fork, rnd, setup, rps, p50, p99, errors = line.split("\t")
        key = (app, endpoint)
        if key not in data:
            order.append(key)
        data.setdefault(key, {}).setdefault((int(fork), int(rnd)), {})[int(setup)] = {
            "rps": float(rps), "p50": float(p50), "p99": float(p99), "errors": int(errors)}
    rng = random.Random(1)
    print("### Spring Boot and Helidon SE: %s keep-alive connections, %s forks of %s rounds, %s ms slices (paired)"
          % (params.get("conns"), params.get("forks"), params.get("rounds"), params.get("slice_ms")))
    print()
    settle = (", then until its JIT compilers settle (below)" if params.get("settle_max_s", "0") != "0" else "")
    print("Each fork starts the three setups side by side and warms each up for %s s per endpoint%s; each round then "
          "loads every endpoint on the three in turn for %s ms (after 300 ms of new connections), in an order "
          "rotated from round to round. Throughput and p99 latency are medians over the slices. The changes are "
          "geometric means of each round's ratio, with a 90 %% interval from resampling forks and rounds."
          % (params.get("warmup_s"), settle, params.get("slice_ms")))
    print()
    print("| service | endpoint | req/s no agent / jdk / gmp | p99 us no agent / jdk / gmp | errors "
          "| throughput, agent+jdk vs no agent | throughput, gmp vs agent+jdk | p99, gmp vs agent+jdk |")
    print("|---|---|---|---|---|---|---|---|")
    for key in order:
        rows = data[key]

        def med(s, f):
            v = [r[s][f] for r in rows.values() if s in r]
            return statistics.median(v) if v else float("nan")

        errors = sum(r[s]["errors"] for r in rows.values() for s in r)
        print("| %s | `%s` | %.0f / %.0f / %.0f | %.0f / %.0f / %.0f | %d | %s | %s | %s |" % (
            key[0], key[1], med(0, "rps"), med(1, "rps"), med(2, "rps"), med(0, "p99"), med(1, "p99"),
            med(2, "p99"), errors, *map(cell, changes(rows, rng))))
    print()
    print("A fork's first round follows its warm-up at once. The same changes without each fork's first round:")
    print()
    print("| service | endpoint | rounds | throughput, agent+jdk vs no agent | throughput, gmp vs agent+jdk "
          "| p99, gmp vs agent+jdk |")
    print("|---|---|---|---|---|---|")
    for key in order:
        rows = data[key]
        later = changes(rows, rng, first=1)
        print("| %s | `%s` | %s | %s | %s | %s |" % (
            key[0], key[1], later[1][3] if later[1] else 0, *map(cell, later)))
    for share in shares:
        print()
        print(share)


if __name__ == "__main__":
    main()
