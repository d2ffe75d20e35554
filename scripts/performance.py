#!/usr/bin/env python3
"""Regenerates docs/performance.md from scripts/performance.tmpl.md and the results under bench/results, so the
page's tables are the results files' own: a line @@bench/results/FILE@@ in the template is replaced by that file.

Run from anywhere after a benchmark run: python3 scripts/performance.py. DocsInStepTest fails when the page and
the results files disagree.
"""
import pathlib
import re
import sys

root = pathlib.Path(__file__).resolve().parent.parent


def render(template):
    return re.sub(r"^@@(bench/results/[^@]+)@@$",
                  lambda m: (root / m.group(1)).read_text().rstrip(), template, flags=re.M)


(root / "docs/performance.md").write_text(render((root / "scripts/performance.tmpl.md").read_text()))
sys.stdout.write("docs/performance.md written\n")
