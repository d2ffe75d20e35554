#!/usr/bin/env python3
"""Regenerates README.md's tables from the area docs, so the README never drifts from them.

Run from the repository root: python3 scripts/readme.py. DocsInStepTest checks both against the code.
"""
import pathlib
import sys

root = pathlib.Path(__file__).resolve().parent.parent
agent = (root / "docs/agent.md").read_text()
obs = (root / "docs/observability.md").read_text()
tmpl = (root / "scripts/README.tmpl.md").read_text()
summary_file = root / "docs/tour-summary.txt"


def table(text, header):
    i = text.index(header)
    j = text.index("\n\n", i)
    return text[i:j]


out = (tmpl
       .replace("@@OPTIONS@@", table(agent, "| key | default | example | meaning |"))
       .replace("@@METRICS@@", table(obs, "| Prometheus name | Type | Labels | Meaning | Healthy |"))
       .replace("@@JFR@@", table(obs, "| Event | Fields | Default"))
       .replace("@@ENDPOINTS@@", table(obs, "| Path | When | Returns |"))
       .replace("@@SUMMARY@@", summary_file.read_text().rstrip("\n")))
(root / "README.md").write_text(out)
sys.stdout.write("README.md written\n")
