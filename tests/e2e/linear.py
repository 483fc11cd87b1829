#!/usr/bin/env python3
"""linear.py: reading big reports, logs, baselines and ignore files costs
time in proportion to their size (issue 13, W6, W11, W12).

Each case runs privmap on an input of size N and on one of size 4N, both
made at test time by tests/bench/mkinputs.py, and compares the CPU time
(user + system, from wait4) the two runs took: linear work gives about 4,
quadratic work 16. A case fails when the ratio reaches LIMIT (8). The
smaller run's time is the lowest of RUNS runs, so that a noisy first run
cannot make the ratio look small; N is chosen so that the 4N run takes
a tenth of a second or more, well above the noise of process start-up
(and so that the quadratic code this replaced took seconds). No
absolute time is asserted. Each run must succeed and its output must
grow with its input (a run that failed early would look linear).

Cases: rules, fix and the three policy formats on one finding with N
policy entries and on N findings; events --format json on N groups;
scan --baseline with N ids; scan --ignore with N entries over a tree of N
setuid files (each entry matching one); a scan of a tree of N setuid files
the user can write (N findings, N hops to root in the escalation graph,
a cut of N) in text and JSON, each with the audit rules, the policy and
the fix script beside it (issue 19: the graph's edges and cut, text's
cut and the fix script's looked up finding by finding took 8.0 times as
long for 4N at N = 5000 before, and grew with N; N = 8000 here); rules
and fix on a report of N findings with the graph their grants make
(mkinputs.py real). Also: events --format json keeps
its peak RSS within 3x the log's size (it held every group as JSON
before), and an ignore file of 1000 bad lines prints 20 errors and a count,
and exits 2.
"""
import os
import shutil
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
TOP = os.environ.get("TOP_SRCDIR", os.path.join(HERE, "..", ".."))
sys.path.insert(0, os.path.join(TOP, "tests", "bench"))
import mkinputs  # noqa: E402

PRIVMAP = os.environ.get("PRIVMAP", "privmap")
LIMIT = 8.0
RUNS = 2

failures = []


def run(argv, stdout=subprocess.DEVNULL):
    """CPU seconds, peak RSS (KiB), exit status and stderr of one run."""
    with tempfile.TemporaryFile() as err:
        p = subprocess.Popen(argv, stdout=stdout, stderr=err)
        _, status, ru = os.wait4(p.pid, 0)
        err.seek(0)
        text = err.read().decode(errors="replace")
    return (ru.ru_utime + ru.ru_stime, ru.ru_maxrss,
            os.waitstatus_to_exitcode(status), text)


def timed(argv, out, ok=(0,)):
    best = None
    for _ in range(RUNS):
        cpu, rss, code, err = run(argv)
        if code not in ok:
            failures.append(f"{' '.join(argv)}: exit {code}: {err.strip()}")
            return None
        best = cpu if best is None else min(best, cpu)
    return best, (os.path.getsize(out) if out else 0)


def case(label, argv_of, out_of, ok=(0,)):
    """argv_of(size) runs privmap on the input of that size ('n', '4n')."""
    small = timed(argv_of("n"), out_of("n"), ok)
    big = timed(argv_of("4n"), out_of("4n"), ok)
    if small is None or big is None:
        return
    (t1, s1), (t4, s4) = small, big
    ratio = t4 / max(t1, 0.001)
    print(f"{label:40} N {t1:6.3f} s  4N {t4:6.3f} s  ratio {ratio:5.2f}")
    if ratio >= LIMIT:
        failures.append(f"{label}: 4N took {ratio:.1f}x the time of N "
                        f"(linear: ~4, limit {LIMIT})")
    if out_of("n") and s4 <= 3 * s1:
        failures.append(f"{label}: output did not grow with the input "
                        f"({s1} -> {s4} bytes)")


def make(path, fn, *args):
    with open(path, "w", encoding="utf-8") as f:
        fn(f, *args)
    return path


def setuid_tree(root, n, mode=0o4755):
    os.makedirs(os.path.join(root, "etc"))
    os.makedirs(os.path.join(root, "srv", "bin"))
    with open(os.path.join(root, "etc", "passwd"), "w") as f:
        f.write("root:x:0:0::/root:/bin/sh\n"
                "agent:x:1001:1001::/home/agent:/bin/sh\n")
    with open(os.path.join(root, "etc", "group"), "w") as f:
        f.write("root:x:0:\nagent:x:1001:\n")
    # 100 files a directory: what is measured is the gate, not the
    # listing of one huge directory
    for i in range(n):
        d = os.path.join(root, "srv", "bin", "d%d" % (i // 100))
        if i % 100 == 0:
            os.makedirs(d)
        p = os.path.join(d, "t%d" % i)
        with open(p, "w") as f:
            f.write("#!/bin/sh\n")
        os.chmod(p, mode)


def main():
    if os.geteuid() != 0:
        print("SKIP: the setuid tree needs root (file owners)")
        return 77
    work = tempfile.mkdtemp(prefix="privmap-linear-")
    try:
        return cases(work)
    finally:
        shutil.rmtree(work, ignore_errors=True)


def cases(work):
    def w(name):
        return os.path.join(work, name)

    sizes = {"n": 1, "4n": 4}
    # one finding naming many paths; many findings
    for k, m in sizes.items():
        make(w(f"pol-{k}.json"), mkinputs.write_policy_report, 20000 * m)
        make(w(f"rep-{k}.json"), mkinputs.write_report, 5000 * m)
        make(w(f"log-{k}"), mkinputs.write_auditlog, 10000 * m)
        make(w(f"base-{k}.json"), mkinputs.write_baseline, 40000 * m)
    cmds = [
        ("rules", ["rules"]),
        ("fix", ["fix"]),
        ("policy generic", ["policy"]),
        ("policy claude-code", ["policy", "--policy-format", "claude-code",
                                "--policy-hook"]),
        ("policy codex", ["policy", "--policy-format", "codex"]),
    ]
    for inp, what in (("pol", "one finding, N policy entries"),
                      ("rep", "N findings")):
        for label, sub in cmds:
            case(f"{label}: {what}",
                 lambda k, sub=sub, inp=inp: [PRIVMAP] + sub + [
                     w(f"{inp}-{k}.json"), "-o", w(f"out-{inp}-{k}")],
                 lambda k, inp=inp: w(f"out-{inp}-{k}"))
    case("events --format json: N groups",
         lambda k: [PRIVMAP, "events", "--format", "json", w(f"log-{k}"),
                    "-o", w(f"ev-{k}")],
         lambda k: w(f"ev-{k}"))

    # a tree of setuid files for the gate: N findings
    for k, m in sizes.items():
        setuid_tree(w(f"tree-{k}"), 1500 * m)
        with open(w(f"ign-{k}"), "w") as f:
            # last finding first: the old scan went through most entries
            for i in reversed(range(1500 * m)):
                f.write("check=setuid path=/srv/bin/d%d/t%d -- accepted\n"
                        % (i // 100, i))
    case("scan --ignore: N entries, N findings",
         lambda k: [PRIVMAP, "scan", "--root", w(f"tree-{k}"), "--user",
                    "agent", "-q", "--format", "json", "--fail-on", "none",
                    "--ignore", w(f"ign-{k}"), "-o", w(f"scan-ign-{k}")],
         lambda k: w(f"scan-ign-{k}"))
    case("scan --baseline: N ids",
         lambda k: [PRIVMAP, "scan", "--root", w("tree-n"), "--user",
                    "agent", "-q", "--format", "json", "--fail-on", "none",
                    "--baseline", w(f"base-{k}.json"), "-o",
                    w(f"scan-base-{k}")],
         lambda k: w(f"scan-base-{k}"))

    # every output of a scan finding N hops to root (issue 19): the
    # graph's edges and cut, text's cut, the fix script's cut first
    for k, m in sizes.items():
        setuid_tree(w(f"hops-{k}"), 8000 * m, 0o4777)
    for fmt in ("text", "json"):
        case(f"scan --format {fmt} + artefacts: N hops",
             lambda k, fmt=fmt: [
                 PRIVMAP, "scan", "--root", w(f"hops-{k}"), "--user",
                 "agent", "-q", "--fail-on", "none", "--format", fmt, "-o",
                 w(f"hops-{k}.{fmt}"), "--audit-rules", w(f"hops-{k}.rules"),
                 "--policy", w(f"hops-{k}.policy"), "--fix-script",
                 w(f"hops-{k}.fix")],
             lambda k, fmt=fmt: w(f"hops-{k}.{fmt}"))
    # a report as a scan writes one: its graph's cut is N long
    for k, m in sizes.items():
        make(w(f"real-{k}.json"), mkinputs.write_real_report, 5000 * m)
    for label, sub in (("rules", ["rules"]), ("fix", ["fix"])):
        case(f"{label}: N findings with their graph",
             lambda k, sub=sub: [PRIVMAP] + sub + [
                 w(f"real-{k}.json"), "-o", w(f"out-real-{k}")],
             lambda k: w(f"out-real-{k}"))

    # memory of events: the groups are written as they are made (not
    # under AddressSanitizer, whose quarantine keeps what is freed)
    cpu, rss, code, err = run([PRIVMAP, "events", "--format", "json",
                               w("log-4n"), "-o", w("ev-4n")])
    size = os.path.getsize(w("log-4n"))
    with open(shutil.which(PRIVMAP) or PRIVMAP, "rb") as f:
        asan = b"__asan_init" in f.read()
    print(f"events --format json on a {size >> 20} MB log: peak RSS "
          f"{rss >> 10} MB{' (ASan build: not compared)' if asan else ''}")
    if code != 0 or (not asan and rss * 1024 > 3 * size + (16 << 20)):
        failures.append(f"events --format json: peak RSS {rss >> 10} MB "
                        f"for a {size >> 20} MB log (exit {code})")

    # 1000 malformed ignore lines: 20 shown, then a count; exit 2
    make(w("ign-bad"), mkinputs.write_ignore, 1000, True)
    _, _, code, err = run([PRIVMAP, "scan", "--root", w("tree-n"), "--user",
                           "agent", "-q", "--ignore", w("ign-bad"), "-o",
                           os.devnull])
    lines = err.strip().splitlines()
    print(f"ignore file of 1000 bad lines: exit {code}, {len(lines)} lines "
          "on stderr")
    if code != 2 or len(lines) != 21 or \
            "980 further malformed lines" not in lines[-1] or \
            not all(":%d: " % (i + 1) in lines[i] for i in range(20)):
        failures.append("ignore file of 1000 bad lines: expected exit 2, 20 "
                        f"errors and a count; got exit {code}, "
                        f"{len(lines)} lines: {lines[-1:]}")

    for f in failures:
        print("FAIL:", f)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
