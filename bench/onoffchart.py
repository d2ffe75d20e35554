#!/usr/bin/env python3
"""The chart of on/off tables (bench/onoff.py): one bar per benchmark of each named run, its time with "on" over
its time with "off" (the cost as a ratio, 1x = the same), whiskered by the table's 90 % interval, and the
geometric mean of each run last. bench/juc draws GMP over the JDK's scheduler at N = 1 and 2 with it.

    onoffchart.py OUT.svg WORK TITLE SUBTITLE LEGEND TARGET MEAN_TARGET NAME=LABEL... [--param P]

LEGEND names the ratio ("GMP ÷ JDK"); TARGET is each benchmark's target ratio, MEAN_TARGET the geometric mean's;
LABEL is appended to each row's name."""
import sys

import onoff
import ratiochart


def main():
    out, work, title, subtitle, legend, target, mean_target = sys.argv[1:8]
    args = sys.argv[8:]
    param = None
    if "--param" in args:
        i = args.index("--param")
        param = args[i + 1]
        del args[i:i + 2]
    rows = []
    for spec in args:
        name, label = spec.split("=", 1)
        table, mean = onoff.table(work, name, param, geomean=True)
        for (bench, _), _, c, low, high in table:
            if c is not None:
                rows.append((f"{bench.split(' ', 1)[-1]} {label}",
                             [(1 + c / 100, float(target), (1 + low / 100, 1 + high / 100))]))
        if mean:
            _, c, low, high, _, _ = mean
            rows.append((f"geometric mean {label}",
                         [(1 + c / 100, float(mean_target), (1 + low / 100, 1 + high / 100))]))
    ratiochart.write(out, title, subtitle, rows, [(legend, "#e76f00")], lo=1 / 8, hi=8.0)


if __name__ == "__main__":
    main()
