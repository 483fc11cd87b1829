#!/usr/bin/env python3
"""bench.py [--sizes 100000,1000000] [--runs 5] [--trees DIR] [--live] [--privmap BIN]
bench.py --reports [--findings 200000] [--runs 3] [--work DIR] [--privmap BIN]
bench.py --graph [--sizes 1000000] [--runs 5] [--trees DIR] [--rootfs DIR] [--privmap BIN]
bench.py --images [--runs 5] [--image-cache DIR] [--privmap BIN]
bench.py --outputs [--out-findings 100000] [--runs 3] [--work DIR] [--privmap BIN]

privmap's speed against what users type today, on the same trees in the
same run: `find TREE -xdev -perm /6000` (the setuid search alone) and
`getcap -r TREE`. Trees are built with tests/bench/mktree.py (kept in
--trees for the next run). Each tool runs once to warm the cache, then the
tools run in alternation --runs times; the medians are compared.

Prints, per tree: the median wall time and CPU time (user + system) of
each, the ratios privmap/find (with the CPU times' ratio beside it: the
wall ratio moves with the machine's load, privmap's walk using every core
and find one) and privmap/getcap, privmap's peak RSS (from wait4's rusage), inodes per
second, and the targets (issue 19: privmap <= 0.50x find, 1M-file time
within 10.5x the 100k-file time; issue 7: <= 0.4x getcap, peak RSS <= 64
MB) with met/missed; then the system calls per inode of privmap and of
find by name, counted under strace -f -c in a run of their own (not a
timed one). With --live, the same on / (-xdev). Not a test: it asserts
nothing and exits 0 unless a tool could not run.

With --reports (`make bench-reports`), what issue 13 asks of the readers
of big inputs, made by mkinputs.py in --work (kept for the next run): a
report of --findings findings (200000: ~150 MB), one finding with 100k
policy entries, an audit log of --findings distinct groups, a baseline of
300k ids and an ignore file of 100k entries. For fix, rules, each policy
format, events (text and JSON), scan --baseline and scan --ignore it
prints the median wall time, CPU time and peak RSS, and the ratio of the
CPU time to that of the reference, python3's json.load of the same report
in the same run (what reading it at all costs); targets: under 10 s (of
CPU time: wall time depends on what else runs) and under 1 GB
(met/MISSED).

With --graph (`make bench-graph`, and the end of `make bench`), what the
escalation graph of issue 15 costs: the scan with the whole graph (every
identity the user reaches judged from the one walk, the paths, the cut)
against the single-user scan (--no-graph), on the trees of --sizes and on
a real root filesystem (a copy of --rootfs, /srv/rootfs-deb12 by default,
kept in --trees; skipped with a note when there is none). Each tree gets
the accounts of a small host and chains to root from the scanned user
"agent" (two hops through sudo -u svc and root's cron job, three through
two startup files and the docker group; graph_overlay), added once beside
what mktree made. Prints the medians, the ratio graph/single-user
(target <= 1.2x; of wall time, the CPU time's ratio beside it: on a busy
machine it moves less; both with met/MISSED, over the same alternated
runs, at least 21 on the root filesystem), the graph scan's peak RSS
(target <= 64 MB on the 1M tree) with met/MISSED, and the size of the
graph found.

With --images (`make bench-images`, and part of `make bench`), what
issue 19 asks of images: a real multi-layer Debian 12 image of more than
100,000 entries (tests/bench/debimage.py: debootstrap's tree and the
layers of real package installs and a clean-up, gzip and zstd, whiteouts,
an opaque directory, a capability and an ACL; cached in --image-cache),
scanned as an OCI layout and as a docker-save archive, against the floor:
`bsdtar -tvf` of each of its layer blobs in turn (decompression and
headers). Prints the image's make-up, the medians of wall and CPU time,
the ratios privmap/bsdtar (target <= 1.2x, of wall time; the CPU time's
beside it), privmap's peak RSS against 2x the largest layer's entry count
x 200 bytes, and what privmap keeps per entry (the peak RSS above that of
a scan of a one-layer image of a few entries, over the image's entries),
with met/MISSED.

With --outputs (`make bench-outputs`, and `make bench`), what issue 19
asks of the outputs: text, JSON, SARIF, rules, policies and fix script
for a report of --out-findings findings (100000) in under 2 s together.
Two sources, both made once in --work: a report as a scan writes one
(mkinputs.py real: nine families, evidence, deny entries, audit data,
grants and the graph they make; it passes check-report.py --strict),
from which rules, each policy format (generic, claude-code with its
hook, codex with its rules, and the sandbox formats) and the fix script
are written, each by its own command reading the report; and a tree in
which a scan finds that many findings (setuid files the user can write,
programs with cap_setuid, crontabs the user can write: every one a hop
to root in the graph; it needs root for the owners; removed at the end,
so that no scan of the live / finds them), scanned once per
format of the report itself (text, JSON, SARIF: a scan writes them, no
subcommand renders a saved report in them), each scan's CPU time
holding its walk and graph too. Prints each one's median wall and CPU
time, then two totals with met/MISSED against 2 s of CPU time: each
output by its own command (the sum of the above), and "together": the
same eight outputs from three scans of the tree, each writing several
at once from the one report in memory (JSON with rules, the generic
policy and the fix script; SARIF with the claude-code policy and its
hook; text with codex).
"""
import argparse
import json
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
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
    cpus = {k: [] for k in tools}
    rss = []
    for k, argv in tools.items():          # warm the cache
        _, _, code = run(argv)
        if k == "privmap" and code not in (0, 1):
            print(f"{label}: privmap failed (exit {code}): {' '.join(argv)}")
            return None
    for _ in range(runs):
        for k, argv in tools.items():
            w, c, m, _ = run_cpu(argv)
            times[k].append(w)
            cpus[k].append(c)
            if k == "privmap":
                rss.append(m)
    med = {k: statistics.median(v) for k, v in times.items()}
    cmed = {k: statistics.median(v) for k, v in cpus.items()}
    inodes = count_inodes(tree)
    print(f"== {label}: {tree} ({inodes} inodes, {runs} runs, warm cache; "
          f"load average {os.getloadavg()[0]:.1f})")
    for k in tools:
        print(f"  {k:8} median {med[k]:.3f} s  (min {min(times[k]):.3f}, max {max(times[k]):.3f})"
              f"  CPU {cmed[k]:.3f} s")
    r_find = med["privmap"] / med["find"]
    # the CPU ratio beside it: privmap's walk runs on every core, find on
    # one, so on a busy machine the wall ratio moves with the load
    print(f"  privmap/find   {r_find:.2f}x   target <= 0.50x  {'met' if r_find <= 0.5 else 'MISSED'}"
          f"   (CPU time {cmed['privmap'] / cmed['find']:.2f}x)")
    if "getcap" in med:
        r_gc = med["privmap"] / med["getcap"]
        print(f"  privmap/getcap {r_gc:.2f}x   target <= 0.40x  {'met' if r_gc <= 0.4 else 'MISSED'}")
    peak = max(rss) / 1024
    print(f"  privmap peak RSS {peak:.1f} MB   target <= 64 MB  {'met' if peak <= 64 else 'MISSED'}")
    print(f"  privmap {inodes / med['privmap']:,.0f} inodes/s")
    syscalls_per_inode({"privmap": tools["privmap"], "find": tools["find"]},
                       inodes)
    return med["privmap"]


# the calls a walk makes per entry, in the order they are printed; the
# rest are summed as "other"
WALK_CALLS = ["newfstatat", "statx", "getdents64", "openat", "openat2",
              "close", "fcntl", "fchdir", "lgetxattr", "getxattr",
              "fgetxattr", "getxattrat", "readlinkat", "read"]


def strace_counts(argv):
    """{syscall: calls} of one run under strace -f -c, or None."""
    with tempfile.NamedTemporaryFile(suffix=".strace") as t:
        r = subprocess.run(["strace", "-f", "-c", "-o", t.name] + argv,
                           stdout=subprocess.DEVNULL,
                           stderr=subprocess.DEVNULL)
        if r.returncode not in (0, 1):
            return None
        counts = {}
        # strace -c's table: % time, seconds, usecs/call, calls,
        # [errors,] syscall; the "total" row ends it
        for line in open(t.name, encoding="utf-8", errors="replace"):
            f = line.split()
            if len(f) < 5 or not f[3].isdigit() or f[-1] == "total":
                continue
            counts[f[-1]] = counts.get(f[-1], 0) + int(f[3])
    return counts


def syscalls_per_inode(tools, inodes):
    """Print each tool's system calls per inode, by name (issue 19): one
    run under strace -f -c each, apart from the timed runs (strace slows
    a run several times over; the counts do not depend on it)."""
    if not shutil.which("strace"):
        print("  syscalls per inode: strace is not installed: not counted")
        return
    got = {}
    for k, argv in tools.items():
        c = strace_counts(argv)
        if c is None:
            print(f"  syscalls per inode: {k} failed under strace: not counted")
            return
        got[k] = c
    names = [n for n in WALK_CALLS if any(c.get(n) for c in got.values())]
    print(f"  syscalls per inode (strace -f -c, a run of its own each): "
          + "  ".join(f"{k} {sum(c.values()) / inodes:.3f}"
                      for k, c in got.items()))
    for n in names + ["other"]:
        row = []
        for k, c in got.items():
            v = c.get(n, 0) if n != "other" else \
                sum(x for m, x in c.items() if m not in WALK_CALLS)
            row.append(f"{k} {v / inodes:7.4f} ({v:>8})")
        print(f"    {n:12} " + "   ".join(row))


def run_cpu(argv):
    """Wall time, CPU time (user + system) and peak RSS (KiB) of one run."""
    t0 = time.perf_counter()
    p = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, ru = os.wait4(p.pid, 0)
    wall = time.perf_counter() - t0
    return wall, ru.ru_utime + ru.ru_stime, ru.ru_maxrss, \
        os.waitstatus_to_exitcode(status)


def reports(a):
    sys.path.insert(0, HERE)
    import mkinputs
    os.makedirs(a.work, exist_ok=True)
    n = a.findings

    def inp(name, fn, *args):
        path = os.path.join(a.work, name)
        if not os.path.exists(path):
            print(f"making {path}...", flush=True)
            with open(path + ".tmp", "w", encoding="utf-8") as f:
                fn(f, *args)
            os.rename(path + ".tmp", path)
        return path

    rep = inp(f"report-{n}.json", mkinputs.write_report, n)
    pol = inp("policy-100000.json", mkinputs.write_policy_report, 100000)
    log = inp(f"audit-{n}.log", mkinputs.write_auditlog, n)
    base = inp("baseline-300000.json", mkinputs.write_baseline, 300000)
    ign = inp("ignore-100000", mkinputs.write_ignore, 100000, False)
    tree = os.path.join(a.work, "tree")
    if not os.path.isdir(tree):
        os.makedirs(os.path.join(tree, "etc"))
        with open(os.path.join(tree, "etc", "passwd"), "w") as f:
            f.write("root:x:0:0::/root:/bin/sh\n"
                    "agent:x:1001:1001::/home/agent:/bin/sh\n")
        with open(os.path.join(tree, "etc", "group"), "w") as f:
            f.write("root:x:0:\nagent:x:1001:\n")
    out = os.devnull
    P = a.privmap
    ref = [sys.executable, "-c", "import json, sys; json.load(open(sys.argv[1]))", rep]
    cases = [
        (f"fix ({n} findings)", [P, "fix", rep, "-o", out]),
        (f"rules ({n} findings)", [P, "rules", rep, "-o", out]),
        (f"policy generic ({n})", [P, "policy", rep, "-o", out]),
        (f"policy claude-code ({n})", [P, "policy", "--policy-format",
                                       "claude-code", "--policy-hook", rep, "-o", out]),
        (f"policy codex ({n})", [P, "policy", "--policy-format", "codex",
                                 rep, "-o", os.path.join(a.work, "codex.toml")]),
        ("fix (1 finding, 100k entries)", [P, "fix", pol, "-o", out]),
        ("rules (1 finding, 100k entries)", [P, "rules", pol, "-o", out]),
        ("policy (1 finding, 100k entries)", [P, "policy", pol, "-o", out]),
        (f"events text ({n} groups)", [P, "events", log, "-o", out]),
        (f"events json ({n} groups)", [P, "events", "--format", "json", log, "-o", out]),
        ("scan --baseline (300k ids)", [P, "scan", "--root", tree, "--user", "agent",
                                        "-q", "--format", "json", "--baseline", base,
                                        "-o", out]),
        ("scan --ignore (100k entries)", [P, "scan", "--root", tree, "--user", "agent",
                                          "-q", "--ignore", ign, "-o", out]),
    ]
    refcpu = []
    for _ in range(a.runs):
        _, c, _, _ = run_cpu(ref)
        refcpu.append(c)
    rc = statistics.median(refcpu)
    print(f"== reference: python3 json.load of {os.path.basename(rep)} "
          f"({os.path.getsize(rep) >> 20} MB): median CPU {rc:.2f} s; "
          f"load average {os.getloadavg()[0]:.1f} (wall times grow with it, "
          "CPU times hardly)")
    for label, argv in cases:
        walls, cpus, rss, codes = [], [], [], set()
        for _ in range(a.runs):
            w, c, m, code = run_cpu(argv)
            walls.append(w)
            cpus.append(c)
            rss.append(m)
            codes.add(code)
        if codes - {0, 1}:
            print(f"{label}: privmap failed (exit {sorted(codes)}): {' '.join(argv)}")
            return 1
        w, c, m = statistics.median(walls), statistics.median(cpus), max(rss) / 1024
        print(f"  {label:34} wall {w:6.2f} s  cpu {c:6.2f} s ({c / rc:4.2f}x ref)  "
              f"peak RSS {m:7.1f} MB  <10 s CPU {'met' if c < 10 else 'MISSED'}  "
              f"<1 GB {'met' if m < 1024 else 'MISSED'}")
    return 0


# graph_overlay: the accounts of a small host, and its chains to root
GRAPH_USERS = [("agent", 1001), ("alice", 1002), ("bob", 1003),
               ("svc", 900), ("nobody", 65534)] + \
    [(f"user{i}", 2000 + i) for i in range(24)]
GRAPH_FILES = [
    # path, mode, uid, gid, content (None: a directory)
    ("etc/sudoers.d", 0o755, 0, 0, None),
    ("etc/sudoers.d/privmap-bench", 0o440, 0, 0,
     "agent ALL=(svc) NOPASSWD: /usr/bin/find\n"),
    ("etc/cron.d", 0o755, 0, 0, None),
    ("etc/cron.d/privmap-bench", 0o644, 0, 0,
     "* * * * * root /srv/svc/backup.sh\n"),
    ("srv/svc", 0o755, 900, 900, None),
    ("srv/svc/backup.sh", 0o755, 900, 900, "#!/bin/sh\n"),
    ("home/agent", 0o755, 1001, 1001, None),
    ("home/agent/.bashrc", 0o644, 1001, 1001, ""),
    ("home/alice", 0o755, 1002, 1002, None),
    ("home/alice/.bashrc", 0o666, 1002, 1002, ""),
    ("home/bob", 0o755, 1003, 1003, None),
    ("home/bob/.bashrc", 0o664, 1003, 1002, ""),
]


def graph_overlay(tree):
    """Add the accounts and chains once (marked by etc/privmap-bench)."""
    mark = os.path.join(tree, "etc", "privmap-bench")
    if os.path.exists(mark):
        return
    os.makedirs(os.path.join(tree, "etc"), exist_ok=True)
    pw = os.path.join(tree, "etc", "passwd")
    gr = os.path.join(tree, "etc", "group")
    have = open(pw).read() if os.path.exists(pw) else ""
    with open(pw, "a") as f:
        if "root:" not in have:
            f.write("root:x:0:0:root:/root:/bin/bash\n")
        for name, uid in GRAPH_USERS:
            if f"\n{name}:" not in "\n" + have:
                f.write(f"{name}:x:{uid}:{uid}::/home/{name}:/bin/bash\n")
    have = open(gr).read() if os.path.exists(gr) else ""
    with open(gr, "a") as f:
        if "root:" not in have:
            f.write("root:x:0:\n")
        for name, uid in GRAPH_USERS:
            if f"\n{name}:" not in "\n" + have:
                f.write(f"{name}:x:{uid}:\n")
        if "\ndocker:" not in "\n" + have:
            f.write("docker:x:998:bob\n")
    for rel, mode, uid, gid, content in GRAPH_FILES:
        p = os.path.join(tree, rel)
        if content is None:
            os.makedirs(p, exist_ok=True)
        else:
            with open(p, "w") as f:
                f.write(content)
        os.chown(p, uid, gid)
        os.chmod(p, mode)
    for prog, mode in (("usr/bin/sudo", 0o4755), ("usr/bin/find", 0o755)):
        p = os.path.join(tree, prog)
        if not os.path.exists(p):
            os.makedirs(os.path.dirname(p), exist_ok=True)
            open(p, "w").close()
            os.chmod(p, mode)
    # the docker daemon's socket, for its group
    sock = os.path.join(tree, "run", "docker.sock")
    if not os.path.exists(sock):
        os.makedirs(os.path.dirname(sock), exist_ok=True)
        s = socket.socket(socket.AF_UNIX)
        s.bind(sock)
        s.close()
        os.chown(sock, 0, 998)
        os.chmod(sock, 0o660)
    with open(mark, "w") as f:
        f.write("accounts and chains added by tests/bench/bench.py --graph\n")


def graph_size(argv):
    """nodes, edges, paths of the graph one scan finds"""
    with tempfile.NamedTemporaryFile(suffix=".json") as t:
        a = [x if x != os.devnull else t.name for x in argv]
        subprocess.run(a, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            g = json.load(open(t.name)).get("graph") or {}
        except ValueError:
            g = {}
    return (len(g.get("nodes", [])), len(g.get("edges", [])),
            g.get("paths_total", len(g.get("paths", []))),
            len(g.get("cut", {}).get("findings", [])))


def graph_one(label, tree, privmap, runs):
    base = [privmap, "scan", "--root", tree, "--user", "agent", "-q",
            "--fail-on", "none", "--format", "json", "-o", os.devnull]
    tools = {"graph": base, "single": base + ["--no-graph"]}
    times = {k: [] for k in tools}
    cpus = {k: [] for k in tools}
    rss = {k: [] for k in tools}
    for k, argv in tools.items():          # warm the cache
        _, _, code = run(argv)
        if code not in (0, 1):
            print(f"{label}: privmap failed (exit {code}): {' '.join(argv)}")
            return 1
    for _ in range(runs):
        for k, argv in tools.items():
            w, c, m, _ = run_cpu(argv)
            times[k].append(w)
            cpus[k].append(c)
            rss[k].append(m)
    med = {k: statistics.median(v) for k, v in times.items()}
    cmed = {k: statistics.median(v) for k, v in cpus.items()}
    n, e, p, c = graph_size(base)
    ratio = med["graph"] / med["single"]
    cratio = cmed["graph"] / cmed["single"] if cmed["single"] else 0
    peak = max(rss["graph"]) / 1024
    print(f"== graph: {label}: {tree} ({runs} runs, warm cache; the graph: "
          f"{n} nodes, {e} edges, {p} paths to root, a cut of {c}; load "
          f"average {os.getloadavg()[0]:.1f})")
    for k in tools:
        print(f"  {k:8} median {med[k]:.3f} s  (min {min(times[k]):.3f}, "
              f"max {max(times[k]):.3f})  CPU {cmed[k]:.3f} s  peak RSS "
              f"{max(rss[k]) / 1024:.1f} MB")
    print(f"  graph/single-user {ratio:.2f}x   target <= 1.20x  "
          f"{'met' if ratio <= 1.2 else 'MISSED'}   (wall time, "
          f"median of {runs})")
    print(f"  graph/single-user {cratio:.2f}x   target <= 1.20x  "
          f"{'met' if cratio <= 1.2 else 'MISSED'}   (CPU time, "
          f"median of {runs}: what load moves least)")
    print(f"  graph scan peak RSS {peak:.1f} MB   target <= 64 MB  "
          f"{'met' if peak <= 64 else 'MISSED'}")
    return 0


def graph_bench(a):
    rc = 0
    for n in [int(x) for x in a.sizes.split(",") if x]:
        tree = os.path.join(a.trees, f"t{n}")
        if not os.path.isdir(tree) or not os.listdir(tree):
            print(f"building {tree} with mktree ({n} files)...", flush=True)
            os.makedirs(a.trees, exist_ok=True)
            subprocess.run([sys.executable, a.mktree, "-q", tree, str(n)],
                           check=True, stdout=subprocess.DEVNULL)
        graph_overlay(tree)
        rc |= graph_one(f"{n} files", tree, a.privmap, a.runs)
    if not os.path.isdir(os.path.join(a.rootfs, "etc")):
        print(f"== graph: no root filesystem at {a.rootfs} (give --rootfs "
              "DIR, e.g. one debootstrap made): not measured")
        return rc
    copy = os.path.join(a.trees, os.path.basename(os.path.normpath(
        a.rootfs)) or "rootfs")
    if not os.path.isdir(copy):
        print(f"copying {a.rootfs} to {copy}...", flush=True)
        subprocess.run(["cp", "-a", a.rootfs, copy], check=True)
    graph_overlay(copy)
    # a scan of a small root filesystem takes a tenth of a second:
    # more runs keep the medians steady
    rc |= graph_one("real root filesystem", copy, a.privmap,
                    max(a.runs, 21))
    return rc


def run_peak(argv):
    """As run_cpu, the peak RSS (KiB) measured by GNU time(1) when it is
    here: wait4's ru_maxrss of a child forked from this Python process
    starts at the RSS Python had (the high-water mark is kept across
    exec), some 15-20 MB; time forks from a process of a few hundred KiB."""
    tm = "/usr/bin/time"
    if not os.access(tm, os.X_OK):
        return run_cpu(argv)
    with tempfile.NamedTemporaryFile("r") as f:
        wall, cpu, _, code = run_cpu([tm, "-f", "%M", "-o", f.name] + argv)
        try:
            peak = int(f.read().split()[-1])
        except (ValueError, IndexError):
            peak = 0
    return wall, cpu, peak, code


def tiny_image(dest):
    """A one-layer OCI layout of a few entries: the reference for what a
    scan holds before any entry of an image."""
    sys.path.insert(0, os.path.join(HERE, "..", "e2e"))
    import imagelib as il
    if not os.path.isdir(dest):
        layer = il.Layer().dir("etc").file(
            "etc/passwd", "root:x:0:0::/root:/bin/sh\n"
            "agent:x:1001:1001::/home/agent:/bin/sh\n").file(
            "etc/group", "root:x:0:\nagent:x:1001:\n")
        img = il.Image([(layer, "gzip")], config={"User": "agent"})
        os.makedirs(dest)
        il.write_dir(img.oci_members(), dest)
    return dest


def images_bench(a):
    sys.path.insert(0, HERE)
    import debimage
    if not shutil.which("bsdtar"):
        print("== images: no bsdtar (Debian: libarchive-tools; "
              "tools/setup.sh installs it): not measured")
        return 1
    print(f"making or reusing the image in {a.image_cache}...", flush=True)
    cache, secs = debimage.image(a.image_cache)
    with open(os.path.join(cache, "meta.json")) as f:
        meta = json.load(f)
    oci = os.path.join(cache, "oci")
    dsave = os.path.join(cache, "docker-save.tar")
    blobs = [os.path.join(oci, "blobs", "sha256", m["digest"])
             for m in meta["layers"]]
    largest = max(m["entries"] for m in meta["layers"])
    total = meta["merged_entries"]
    print(f"== images: a real Debian 12 image, {len(blobs)} layers, "
          f"{total} entries merged{f' (built in {secs:.0f} s)' if secs else ''}")
    for i, m in enumerate(meta["layers"]):
        print(f"  layer {i + 1}: {m['entries']:7d} entries  "
              f"{m['tar_bytes'] / 1048576:7.1f} MiB tar  "
              f"{m['blob_bytes'] / 1048576:6.1f} MiB {m['compression']:4}  "
              f"{m['step']}")
    floor = [["bsdtar", "-tvf", b] for b in blobs]
    base = ["-q", "--fail-on", "none", "--format", "json", "-o", os.devnull]
    tiny = tiny_image(os.path.join(a.image_cache + ".tiny", "oci"))
    tools = {
        "oci": [a.privmap, "scan", "--image", oci] + base,
        "docker-save": [a.privmap, "scan", "--image", dsave] + base,
        "tiny": [a.privmap, "scan", "--image", tiny] + base,
    }
    walls = {k: [] for k in list(tools) + ["bsdtar"]}
    cpus = {k: [] for k in walls}
    rss = {k: [] for k in walls}
    for k, argv in tools.items():          # warm the cache
        _, _, _, code = run_cpu(argv)
        if code not in (0, 1):
            print(f"images: privmap failed (exit {code}): {' '.join(argv)}")
            return 1
    for argv in floor:
        run_cpu(argv)
    for _ in range(a.runs):
        w = c = 0.0
        for argv in floor:
            w1, c1, _, code = run_cpu(argv)
            if code != 0:
                print(f"images: bsdtar failed (exit {code}): {' '.join(argv)}")
                return 1
            w += w1
            c += c1
        walls["bsdtar"].append(w)
        cpus["bsdtar"].append(c)
        rss["bsdtar"].append(0)
        for k, argv in tools.items():
            w, c, m, _ = run_peak(argv)
            walls[k].append(w)
            cpus[k].append(c)
            rss[k].append(m)
    med = {k: statistics.median(v) for k, v in walls.items()}
    cmed = {k: statistics.median(v) for k, v in cpus.items()}
    print(f"  ({a.runs} runs, warm cache; load average "
          f"{os.getloadavg()[0]:.1f})")
    for k in ("bsdtar", "oci", "docker-save"):
        extra = f"  peak RSS {max(rss[k]) * 1024 / 1e6:.1f} MB" \
            if k != "bsdtar" \
            else "  (bsdtar -tvf of each layer blob in turn)"
        print(f"  {k:12} median {med[k]:.3f} s  (min {min(walls[k]):.3f}, "
              f"max {max(walls[k]):.3f})  CPU {cmed[k]:.3f} s{extra}")
    bound = 2 * largest * 200
    base_rss = max(rss["tiny"]) * 1024
    for k in ("oci", "docker-save"):
        r, cr = med[k] / med["bsdtar"], cmed[k] / cmed["bsdtar"]
        print(f"  {k}/bsdtar {r:.2f}x   target <= 1.20x  "
              f"{'met' if r <= 1.2 else 'MISSED'}   (CPU time {cr:.2f}x)")
    print(f"  memory (peak RSS by GNU time): a scan of a one-layer image "
          f"of 3 entries peaks at {base_rss / 1e6:.1f} MB; what the image "
          f"adds to it:")
    for k in ("oci", "docker-save"):
        peak = max(rss[k]) * 1024
        img = peak - base_rss
        print(f"  {k} peak RSS {peak / 1e6:.1f} MB, the image's "
              f"{img / 1e6:.1f} MB = {img / total:.0f} bytes per entry "
              f"({total} entries)   target <= 2 x {largest} entries "
              f"(the largest layer) x 200 B = {bound / 1e6:.1f} MB  "
              f"{'met' if img <= bound else 'MISSED'}")
# --- issue 19: every output of a 100k-finding report -------------------

def outputs_tree(tree, n):
    """A target in which a scan finds n findings, each a hop to root:
    setuid root programs the user can write (8 in 10), programs with
    cap_setuid (1 in 10) and crontabs the user can write (1 in 10)."""
    if os.path.exists(os.path.join(tree, "etc", "privmap-bench")):
        return
    import struct
    print(f"making {tree} ({n} findings)...", flush=True)
    os.makedirs(os.path.join(tree, "etc", "cron.d"), exist_ok=True)
    with open(os.path.join(tree, "etc", "passwd"), "w") as f:
        f.write("root:x:0:0:root:/root:/bin/sh\n"
                "agent:x:1001:1001::/home/agent:/bin/sh\n")
    with open(os.path.join(tree, "etc", "group"), "w") as f:
        f.write("root:x:0:\nagent:x:1001:\n")
    # a version 2 security.capability value: cap_setuid (7), effective
    # (linux/capability.h: VFS_CAP_REVISION_2, VFS_CAP_FLAGS_EFFECTIVE)
    cap = struct.pack("<IIIII", 0x02000001, 1 << 7, 0, 0, 0)
    for i in range(n):
        d = os.path.join(tree, "opt", "app%03d" % (i // 1000), "bin")
        if i % 1000 == 0:
            os.makedirs(d, exist_ok=True)
        if i % 10 == 9:
            p = os.path.join(tree, "etc", "cron.d", "job%d" % i)
            with open(p, "w") as f:
                f.write("0 3 * * * root /usr/local/bin/job%d\n" % i)
            os.chmod(p, 0o666)
            continue
        p = os.path.join(d, "tool%d" % i)
        open(p, "w").close()
        if i % 10 == 8:
            os.chmod(p, 0o755)
            os.setxattr(p, "security.capability", cap)
        else:
            os.chmod(p, 0o4777)
    with open(os.path.join(tree, "etc", "privmap-bench"), "w") as f:
        f.write("made by tests/bench/bench.py --outputs\n")


def median_run(argv, runs):
    """Median wall and CPU time of runs runs; None if privmap failed."""
    walls, cpus = [], []
    for _ in range(runs):
        w, c, _, code = run_cpu(argv)
        if code not in (0, 1):
            print(f"  privmap failed (exit {code}): {' '.join(argv)}")
            return None
        walls.append(w)
        cpus.append(c)
    return statistics.median(walls), statistics.median(cpus)


def outputs_bench(a):
    sys.path.insert(0, HERE)
    import mkinputs
    n = a.out_findings
    work = os.path.join(a.work, "outputs")
    os.makedirs(work, exist_ok=True)
    rep = os.path.join(work, f"real-{n}.json")
    if not os.path.exists(rep):
        print(f"making {rep}...", flush=True)
        with open(rep + ".tmp", "w", encoding="utf-8") as f:
            mkinputs.write_real_report(f, n)
        os.rename(rep + ".tmp", rep)
    o = lambda name: os.path.join(work, "out", name)
    os.makedirs(o(""), exist_ok=True)
    P = a.privmap
    sep = [("rules", [P, "rules", rep, "-o", o("audit.rules")]),
           ("policy generic", [P, "policy", rep, "-o", o("generic.json")]),
           ("policy claude-code --policy-hook",
            [P, "policy", "--policy-format", "claude-code", "--policy-hook",
             rep, "-o", o("claude.json")]),
           ("policy codex (settings and rules)",
            [P, "policy", "--policy-format", "codex", rep, "-o",
             o("codex.toml")])]
    for fmt in ("systemd", "docker", "compose", "seccomp", "bwrap"):
        sep.append((f"policy {fmt}", [P, "policy", "--policy-format", fmt,
                                      "--workspace", "/srv/work", rep, "-o",
                                      o(f"sandbox-{fmt}")]))
    sep.append(("fix", [P, "fix", rep, "-o", o("fix.sh")]))
    print(f"== outputs (issue 19): a report of {n} findings "
          f"({os.path.getsize(rep) >> 20} MB, {os.path.basename(rep)}), "
          f"{a.runs} runs, median; load average {os.getloadavg()[0]:.1f}")
    total = 0.0
    for label, argv in sep:
        m = median_run(argv, a.runs)
        if m is None:
            return 1
        total += m[1]
        print(f"  {label:36} wall {m[0]:6.2f} s  cpu {m[1]:6.2f} s")
    tree = os.path.join(work, f"tree-{n}")
    if os.geteuid() != 0:
        print("  text, JSON, SARIF: not measured (the tree of findings "
              "needs root for its owners)")
        return 0
    outputs_tree(tree, n)
    try:
        return outputs_scans(a, tree, o, total)
    finally:
        shutil.rmtree(tree, ignore_errors=True)


def outputs_scans(a, tree, o, total):
    P = a.privmap
    scan = [P, "scan", "--root", tree, "--user", "agent", "-q",
            "--fail-on", "none"]
    for fmt in ("text", "json", "sarif"):
        m = median_run(scan + ["--format", fmt, "-o", o("scan." + fmt)],
                       a.runs)
        if m is None:
            return 1
        total += m[1]
        print(f"  {'scan --format ' + fmt + ' (walk, graph too)':36} "
              f"wall {m[0]:6.2f} s  cpu {m[1]:6.2f} s")
    print(f"  each by its own command: cpu {total:6.2f} s   target < 2 s  "
          f"{'met' if total < 2 else 'MISSED'}")
    together = [
        scan + ["--format", "json", "-o", o("t.json"), "--audit-rules",
                o("t.rules"), "--policy", o("t-generic.json"),
                "--fix-script", o("t-fix.sh")],
        scan + ["--format", "sarif", "-o", o("t.sarif"), "--policy",
                o("t-claude.json"), "--policy-format", "claude-code",
                "--policy-hook"],
        scan + ["--format", "text", "-o", o("t.txt"), "--policy",
                o("t-codex.toml"), "--policy-format", "codex"],
    ]
    tw = tc = 0.0
    for argv in together:
        m = median_run(argv, a.runs)
        if m is None:
            return 1
        tw += m[0]
        tc += m[1]
    print(f"  together (three scans of the tree, each writing several): "
          f"wall {tw:6.2f} s  cpu {tc:6.2f} s   target < 2 s  "
          f"{'met' if tc < 2 else 'MISSED'}")
    return 0


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--sizes", default="100000,1000000")
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--trees", default="/var/tmp/privmap-bench")
    ap.add_argument("--privmap", default=os.environ.get("PRIVMAP", "privmap"))
    ap.add_argument("--user", default="65534")
    ap.add_argument("--live", action="store_true", help="also bench / (-xdev)")
    ap.add_argument("--mktree", default=os.path.join(HERE, "mktree.py"))
    ap.add_argument("--reports", action="store_true",
                    help="bench the readers of big reports, logs, baselines")
    ap.add_argument("--findings", type=int, default=200000)
    ap.add_argument("--work", default="/var/tmp/privmap-bench/reports")
    ap.add_argument("--graph", action="store_true",
                    help="the escalation graph against a single-user scan")
    ap.add_argument("--rootfs", default="/srv/rootfs-deb12")
    ap.add_argument("--images", action="store_true",
                    help="images against bsdtar -tvf of their layers")
    ap.add_argument("--image-cache", default="/var/tmp/privmap-bench-image")
    ap.add_argument("--outputs", action="store_true",
                    help="every output of a 100k-finding report (issue 19)")
    ap.add_argument("--out-findings", type=int, default=100000)
    a = ap.parse_args()
    if a.images:
        return images_bench(a)
    if a.outputs:
        return outputs_bench(a)
    if a.reports:
        return reports(a)
    if a.graph:
        return graph_bench(a)
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
              f"target <= 10.5x  {'met' if g <= 10.5 else 'MISSED'}")
    if a.live:
        tools_live = bench("live /", "/", a.privmap, a.runs, "nobody")
        if tools_live is None:
            return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
