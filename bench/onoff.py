#!/usr/bin/env python3
"""The on/off table of one bench/costs part: medians of every measured JMH iteration of the runs named
WORK/NAME-<i>-<on|off>.json, per benchmark (and procs when it varies), and the cost of "on" over "off"."""
import glob
import json
import os
import statistics
import sys


def main():
    work, name, off_label, on_label = sys.argv[1:5]
    raw = {}
    for f in sorted(glob.glob(os.path.join(work, name + "-*-*.json"))):
        mode = f.rsplit("-", 1)[1][:-5]
        if os.path.getsize(f) == 0:
            continue
        for b in json.load(open(f)):
            params = b.get("params", {})
            key = (b["benchmark"].split(".bench.", 1)[1], params.get("procs", ""))
            raw.setdefault(key, {}).setdefault(mode, []).extend(
                x for it in b["primaryMetric"]["rawData"] for x in it)
    with_procs = any(k[1] for k in raw)
    print("| benchmark |" + (" procs |" if with_procs else "") + " %s ns/op | %s ns/op | cost |" % (off_label, on_label))
    print("|---|" + ("---|" if with_procs else "") + "---|---|---|")
    for (bench, procs), modes in sorted(raw.items()):
        if "on" not in modes or "off" not in modes:
            print("| %s |%s %s | %s | failed |" % (bench, " %s |" % procs if with_procs else "",
                                                   "-" if "off" not in modes else "ok", "-" if "on" not in modes else "ok"))
            continue
        off, on = statistics.median(modes["off"]), statistics.median(modes["on"])
        print("| %s |%s %.1f | %.1f | %+.1f %% |" % (bench, " %s |" % procs if with_procs else "", off, on,
                                                    (on - off) / off * 100))


if __name__ == "__main__":
    main()
