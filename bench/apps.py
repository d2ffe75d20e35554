#!/usr/bin/env python3
"""The table of bench/costs' apps part: real services (Spring Boot, Helidon SE) under the same load with no agent,
the agent with virtualthreads=jdk and the agent with virtualthreads=gmp, from ServerBench apps' tab-separated
output (one line per service, endpoint, round and setup).

Each round runs a service's three setups back to back, in an order rotated from round to round, so the setups of
one round share the machine's load of that minute. Each comparison is therefore paired: one log ratio per round
(agent+jdk over no agent, gmp over agent+jdk), their geometric mean, and a 90 % interval that resamples the rounds
(bench/paired.py's bootstrap, each round a block of its own). The spread between rounds, which on a shared machine
is far larger than the effect, cancels in each ratio.

    apps.py FILE"""
import math
import random
import statistics
import sys

from onoff import geomean_cost
from paired import interval

SETUPS = ("no agent", "agent, virtualthreads=jdk", "agent, virtualthreads=gmp")


def paired(rows, num, den, field, rng):
    """The geometric-mean change of FIELD from setup DEN to setup NUM over the rounds that have both, in per cent,
    and its 90 % interval: (cost, low, high, rounds)."""
    logs = [math.log(r[num][field] / r[den][field]) for r in rows.values()
            if num in r and den in r and r[num][field] > 0 and r[den][field] > 0]
    if not logs:
        return None
    low, high = interval([[x] for x in logs], rng)
    return geomean_cost(logs), low, high, len(logs)


def cell(p):
    return "-" if p is None else "**%+.1f %%** (%+.1f to %+.1f)" % p[:3]


def main():
    params = {}
    data = {}  # (app, endpoint) -> round -> setup -> {field: value}
    order = []
    for line in open(sys.argv[1]):
        line = line.rstrip("\n")
        if line.startswith("#"):
            params = dict(x.split("=") for x in line[1:].split())
            continue
        if not line or line.startswith("app\t"):
            continue
        app, endpoint, rnd, setup, rps, p50, p99, errors = line.split("\t")
        key = (app, endpoint)
        if key not in data:
            order.append(key)
        data.setdefault(key, {}).setdefault(int(rnd), {})[int(setup)] = {
            "rps": float(rps), "p50": float(p50), "p99": float(p99), "errors": int(errors)}
    rng = random.Random(1)
    print("### Spring Boot and Helidon SE: %s keep-alive connections, %s s measured after %s s warm-up per "
          "endpoint, %s rounds (paired)" % (params.get("conns"), params.get("measure_s"), params.get("warmup_s"),
                                            params.get("rounds")))
    print()
    print("Throughput and p99 latency are medians over the rounds. The changes are geometric means of each round's "
          "ratio, with a 90 % interval from resampling the rounds.")
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
            med(2, "p99"), errors, cell(paired(rows, 1, 0, "rps", rng)), cell(paired(rows, 2, 1, "rps", rng)),
            cell(paired(rows, 2, 1, "p99", rng))))


if __name__ == "__main__":
    main()
