#!/usr/bin/env python3
"""layers.py: the floors of the house (docs/design.md) hold.

Every C file names its includes by folder ("engine/report.h"). A folder
may include its own headers and those of the floors below it, never a
floor above or a folder beside it on the same floor:

  6  privmap.c      main and the command table
  5  cli/           the subcommands
  4  watch/         events, replay, hook (judge with output's deny lists)
  3  checks/ output/
  2  engine/        target views, identity, access, walk, report model
  1  parse/ known/  parsers of untrusted text; knowledge tables
  0  lib/           allocation, the hash map, helpers

and no header includes another in a circle. Exit 0 pass, 1 fail.
"""
import os
import re
import sys

TOP = os.environ.get("TOP_SRCDIR") or os.path.dirname(os.path.dirname(
    os.path.dirname(os.path.abspath(__file__))))
FLOOR = {"lib": 0, "parse": 1, "known": 1, "engine": 2, "checks": 3,
         "output": 3, "watch": 4, "cli": 5, ".": 6}
INC = re.compile(r'^\s*#\s*include\s+"([^"]+)"', re.M)


def main():
    bad = []
    files = ["privmap.c"]
    for d in FLOOR:
        if d != "." and os.path.isdir(os.path.join(TOP, d)):
            files += [os.path.join(d, f) for f in
                      sorted(os.listdir(os.path.join(TOP, d)))
                      if f.endswith((".c", ".h"))]
    graph = {}
    for f in files:
        with open(os.path.join(TOP, f), encoding="utf-8",
                  errors="replace") as fh:
            text = fh.read()
        here = os.path.dirname(f) or "."
        for inc in INC.findall(text):
            d = os.path.dirname(inc)
            if d not in FLOOR or d == ".":
                bad.append(f"{f}: includes \"{inc}\" without its folder")
                continue
            if d != here and FLOOR[d] >= FLOOR[here]:
                bad.append(f"{f}: {here}/ (floor {FLOOR[here]}) includes "
                           f"{inc} (floor {FLOOR[d]})")
            if f.endswith(".h"):
                graph.setdefault(f, []).append(inc)
    # circles among headers
    state = {}

    def visit(h, stack):
        state[h] = 1
        for n in graph.get(h, []):
            if state.get(n) == 1:
                bad.append("circle: " + " -> ".join(stack + [h, n]))
            elif n not in state:
                visit(n, stack + [h])
        state[h] = 2
    for h in sorted(graph):
        if h not in state:
            visit(h, [])
    for b in bad:
        print("FAIL " + b)
    n = len(files)
    if bad:
        print(f"FAIL layers: {len(bad)} includes against the floors, "
              f"in {n} files")
        return 1
    print(f"PASS layers: {n} files, every include by folder, pointing down "
          f"or within its folder, no circle among headers")
    return 0


if __name__ == "__main__":
    sys.exit(main())
