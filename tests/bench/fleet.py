#!/usr/bin/env python3
"""fleet.py [--reports 1000] [--count 100000] [--runs 3] [--work DIR] [--privmap BIN]

`make bench-fleet`: privmap fleet over --reports reports of the planted
size (issue 18's target: 1,000 reports in under 5 s). The report is
privmap's scan of the benchmark's planted tree (tests/bench/mktree.py,
--count entries: its setuid, setgid, capability, world-writable and ACL
entries at their fixed rates) as uid 65534; --reports copies of it (hard
links) are the fleet, in one directory, each its own host. Prints the
report's size and findings, then the median wall time, CPU time and peak
RSS of `privmap fleet --format json DIR` and of the same with --baseline
(the view of the first run), and met/MISSED against 5 s of wall time.
Not a test: it asserts nothing, and exits 0 unless a run fails. The tree
and the reports stay in --work for the next run.
"""
import argparse
import json
import os
import statistics
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))


def timed(argv):
    t0 = time.monotonic()
    pid = os.fork()
    if pid == 0:
        fd = os.open(os.devnull, os.O_WRONLY)
        os.dup2(fd, 1)
        os.execv(argv[0], argv)
    _, status, ru = os.wait4(pid, 0)
    wall = time.monotonic() - t0
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"{' '.join(argv)}: exit "
                         f"{os.waitstatus_to_exitcode(status)}")
    return wall, ru.ru_utime + ru.ru_stime, ru.ru_maxrss / 1024.0


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--reports", type=int, default=1000)
    ap.add_argument("--count", type=int, default=100000)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--work", default="/tmp/privmap-bench-fleet")
    ap.add_argument("--privmap", default="privmap")
    a = ap.parse_args()
    os.makedirs(a.work, exist_ok=True)
    tree = os.path.join(a.work, f"tree-{a.count}")
    if not os.path.isdir(tree):
        subprocess.run([sys.executable, os.path.join(HERE, "mktree.py"),
                        "-q", tree, str(a.count)], check=True)
    rep = os.path.join(a.work, f"report-{a.count}.json")
    subprocess.run([a.privmap, "scan", "--root", tree, "--user", "65534",
                    "--format", "json", "-o", rep, "-q", "--fail-on",
                    "none"], check=True)
    with open(rep) as f:
        n = len(json.load(f)["findings"])
    fleet = os.path.join(a.work, f"fleet-{a.reports}")
    os.makedirs(fleet, exist_ok=True)
    for i in range(a.reports):
        p = os.path.join(fleet, f"host{i:05d}.json")
        if os.path.exists(p):
            os.unlink(p)
        os.link(rep, p)
    base = os.path.join(a.work, "fleet-view.json")
    subprocess.run([a.privmap, "fleet", "-q", "--json", base, "-o",
                    os.devnull, fleet], check=True)
    print(f"report: {os.path.getsize(rep)} bytes, {n} findings "
          f"(the planted tree of {a.count} entries); {a.reports} reports")
    for what, argv in (
            ("fleet --format json", [a.privmap, "fleet", "-q", "--format",
                                     "json", fleet]),
            ("fleet --baseline", [a.privmap, "fleet", "-q", "--format",
                                  "json", "--baseline", base, fleet])):
        runs = [timed(argv) for _ in range(a.runs)]
        wall = statistics.median(r[0] for r in runs)
        cpu = statistics.median(r[1] for r in runs)
        rss = max(r[2] for r in runs)
        print(f"{what:22} wall {wall:6.2f}s  cpu {cpu:6.2f}s  peak RSS "
              f"{rss:7.1f} MB  target < 5 s: "
              f"{'met' if wall < 5.0 else 'MISSED'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
