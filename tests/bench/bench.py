#!/usr/bin/env python3
"""bench.py [--sizes 100000,1000000] [--runs 5] [--trees DIR] [--live] [--privmap BIN]

privmap's speed against what users type today, on the same trees in the
same run: `find TREE -xdev -perm /6000` (the setuid search alone) and
`getcap -r TREE`. Trees are built with tests/bench/mktree.py (kept in
--trees for the next run). Each tool runs once to warm the cache, then the
tools run in alternation --runs times; the medians are compared.

Prints, per tree: the median wall time of each, the ratios privmap/find
and privmap/getcap, privmap's peak RSS (from wait4's rusage), inodes per
second, and the targets of issue 7 (privmap <= 0.6x find, <= 0.4x getcap,
peak RSS <= 64 MB, 1M-file time within 12x the 100k-file time) with
met/missed. With --live, the same on / (-xdev). Not a test: it asserts
nothing and exits 0 unless a tool could not run.
"""
import argparse
import os
import shutil
import statistics
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))


def run(argv):
    """Wall time and peak RSS (KiB) of one run; output discarded."""
    t0 = time.perf_counter()
    p = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, ru = os.wait4(p.pid, 0)
    wall = time.perf_counter() - t0
    code = os.waitstatus_to_exitcode(status)
    return wall, ru.ru_maxrss, code


def count_inodes(tree, xdev=True):
    n = 0
    dev = os.lstat(tree).st_dev
    stack = [tree]
    while stack:
        d = stack.pop()
        try:
            with os.scandir(d) as it:
                for e in it:
                    n += 1
                    try:
                        if e.is_dir(follow_symlinks=False):
                            if not xdev or e.stat(follow_symlinks=False).st_dev == dev:
                                stack.append(e.path)
                    except OSError:
                        pass
        except OSError:
            pass
    return n


def bench(label, tree, privmap, runs, user, extra=()):
    tools = {
        "privmap": [privmap, "scan"] + (["--root", tree] if tree != "/" else []) +
                   ["--user", user, "-q", "--fail-on", "none", "--format", "json",
                    "-o", os.devnull] + list(extra),
        "find": ["find", tree, "-xdev", "-perm", "/6000"],
    }
    if shutil.which("getcap"):
        tools["getcap"] = ["getcap", "-r", tree]
    times = {k: [] for k in tools}
    rss = []
    for k, argv in tools.items():          # warm the cache
        _, _, code = run(argv)
        if k == "privmap" and code not in (0, 1):
            print(f"{label}: privmap failed (exit {code}): {' '.join(argv)}")
            return None
    for _ in range(runs):
        for k, argv in tools.items():
            w, m, _ = run(argv)
            times[k].append(w)
            if k == "privmap":
                rss.append(m)
    med = {k: statistics.median(v) for k, v in times.items()}
    inodes = count_inodes(tree)
    print(f"== {label}: {tree} ({inodes} inodes, {runs} runs, warm cache)")
    for k in tools:
        print(f"  {k:8} median {med[k]:.3f} s  (min {min(times[k]):.3f}, max {max(times[k]):.3f})")
    r_find = med["privmap"] / med["find"]
    print(f"  privmap/find   {r_find:.2f}x   target <= 0.60x  {'met' if r_find <= 0.6 else 'MISSED'}")
    if "getcap" in med:
        r_gc = med["privmap"] / med["getcap"]
        print(f"  privmap/getcap {r_gc:.2f}x   target <= 0.40x  {'met' if r_gc <= 0.4 else 'MISSED'}")
    peak = max(rss) / 1024
    print(f"  privmap peak RSS {peak:.1f} MB   target <= 64 MB  {'met' if peak <= 64 else 'MISSED'}")
    print(f"  privmap {inodes / med['privmap']:,.0f} inodes/s")
    return med["privmap"]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--sizes", default="100000,1000000")
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--trees", default="/var/tmp/privmap-bench")
    ap.add_argument("--privmap", default=os.environ.get("PRIVMAP", "privmap"))
    ap.add_argument("--user", default="65534")
    ap.add_argument("--live", action="store_true", help="also bench / (-xdev)")
    ap.add_argument("--mktree", default=os.path.join(HERE, "mktree.py"))
    a = ap.parse_args()
    med = {}
    for n in [int(x) for x in a.sizes.split(",") if x]:
        tree = os.path.join(a.trees, f"t{n}")
        if not os.path.isdir(tree) or not os.listdir(tree):
            print(f"building {tree} with mktree ({n} files)...", flush=True)
            os.makedirs(a.trees, exist_ok=True)
            subprocess.run([sys.executable, a.mktree, "-q", tree, str(n)],
                           check=True, stdout=subprocess.DEVNULL)
        # a rootfs needs users: the tree's own etc/passwd is absent, so
        # the user is given by uid (scanned with no groups)
        m = bench(f"{n} files", tree, a.privmap, a.runs, a.user)
        if m is None:
            return 1
        med[n] = m
    if 100000 in med and 1000000 in med:
        g = med[1000000] / med[100000]
        print(f"== growth: 1M-file time / 100k-file time = {g:.1f}x  "
              f"target <= 12x  {'met' if g <= 12 else 'MISSED'}")
    if a.live:
        tools_live = bench("live /", "/", a.privmap, a.runs, "nobody")
        if tools_live is None:
            return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
