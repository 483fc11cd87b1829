#!/usr/bin/env python3
"""one-cause.py

One cause, one finding (issue 20): builds fixtures/one-cause.fix (a
`chmod 1777 /usr/local/sbin` host and a writable run-parts directory),
scans it, and checks that each cause is one finding whose evidence lists
its consequences, each with an id of its own that no finding has; then
that the CI gate takes those ids: a baseline of the findings as they were
before (one per consequence) and an ignore file naming every id both pass
the gate, with nothing "fixed" and no ignore entry "unused"; a baseline
missing one consequence fails it (a new consequence is new); and a
baseline made from the merged report passes.
Exit 0 pass, 1 fail, 77 skip (not root: the fixture needs owners).
"""
import copy
import importlib.util
import json
import os
import shutil
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
TOP = os.environ.get("TOP_SRCDIR") or os.path.dirname(os.path.dirname(HERE))
PRIVMAP = os.environ.get("PRIVMAP", "privmap")

spec = importlib.util.spec_from_file_location(
    "run_fixture", os.path.join(HERE, "run-fixture.py"))
rf = importlib.util.module_from_spec(spec)
spec.loader.exec_module(rf)

BANDS = {"critical": 9.5, "high": 8.0, "medium": 5.0, "low": 2.0,
         "info": 0.0}
fails = []


def ok(cond, what):
    if not cond:
        fails.append(what)
    return cond


def scan(root, tmp, *extra):
    out = os.path.join(tmp, "r.json")
    p = subprocess.run([PRIVMAP, "scan", "--root", root, "--user", "agent",
                        "--format", "json", "-o", out, "-q"] + list(extra),
                       stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                       text=True, timeout=300)
    if p.returncode == 2:
        print("FAIL privmap exited 2: " + p.stderr.strip())
        sys.exit(1)
    with open(out, encoding="utf-8") as f:
        return p.returncode, json.load(f)


def split(rep):
    """The report as an older privmap wrote it: each consequence a finding
    of its own, on the path of the finding that now stands for it."""
    old = copy.deepcopy(rep)
    old.pop("gate", None)
    F = []
    for f in rep["findings"]:
        g = copy.deepcopy(f)
        cons = g["evidence"].pop("consequences", [])
        F.append(g)
        for c in cons:
            h = copy.deepcopy(g)
            h.update(id=c["id"], check=c["check"], family=c["family"],
                     severity=c["severity"], title=c["title"],
                     score=BANDS[c["severity"]])
            F.append(h)
    old["findings"] = F
    s = old["summary"]
    s["findings"] = len(F)
    s["by_severity"] = {k: sum(1 for f in F if f["severity"] == k)
                        for k in BANDS}
    s["score"] = max([f["score"] for f in F] + [0.0])
    return old


def main():
    if os.geteuid() != 0:
        print("SKIP one-cause.py: building the fixture needs root")
        return 77
    fx = rf.parse(os.path.join(TOP, "fixtures", "one-cause.fix"))
    tmp = tempfile.mkdtemp(prefix="privmap-oc-")
    root = os.path.join(tmp, "root")
    os.mkdir(root)
    try:
        rf.build(fx, root)
        rc, rep = scan(root, tmp)
        bad = rf.check_report(os.path.join(tmp, "r.json"), root)
        ok(not bad, f"contract: {bad}")
        on = {f["path"]: f for f in rep["findings"]}
        sbin = on.get("/usr/local/sbin")
        if not ok(sbin is not None, "no finding on /usr/local/sbin"):
            return 1
        cons = sbin["evidence"].get("consequences", [])
        checks = sorted(c["check"] for c in cons)
        ok(len([f for f in rep["findings"]
                if f["path"] == "/usr/local/sbin"]) == 1,
           "more than one finding on /usr/local/sbin")
        ok("writable-path" in checks + [sbin["check"]],
           f"the PATH directory's own finding is not one of them: {checks}")
        ok(len(cons) >= 3, f"{len(cons)} consequences on /usr/local/sbin, "
           "want the PATH directory and each job's lookup")
        hourly = on.get("/etc/cron.hourly")
        ok(hourly is not None and len(hourly["evidence"].get(
            "consequences", [])) == 2,
           "/etc/cron.hourly is not one finding with its two scripts")
        ids = [f["id"] for f in rep["findings"]]
        cids = [c["id"] for f in rep["findings"]
                for c in f["evidence"].get("consequences", [])]
        ok(len(set(ids + cids)) == len(ids + cids),
           "a consequence id is not unique in the report")
        ok(all(f"write /usr/local/sbin" in f["policy"] for f in [sbin]),
           "the kept finding lost the deny entry of its consequences")
        # a baseline of the findings as they were before: nothing new,
        # nothing fixed
        old = split(rep)
        base = os.path.join(tmp, "old.json")
        with open(base, "w") as f:
            json.dump(old, f)
        rc, g = scan(root, tmp, "--baseline", base, "--fail-on", "low")
        ok(rc == 0, f"a baseline of the split findings: exit {rc}, want 0")
        ok(g["gate"]["fixed"] == [],
           f"consequences taken as fixed: {g['gate']['fixed']}")
        ok(sbin["id"] in g["gate"]["baselined"], "not baselined")
        # one consequence missing from the baseline: new
        lacking = copy.deepcopy(old)
        lacking["findings"] = [f for f in old["findings"]
                               if f["id"] != cons[-1]["id"]]
        lacking["summary"] = split({**lacking, "findings": lacking[
            "findings"]})["summary"]
        with open(base, "w") as f:
            json.dump(lacking, f)
        rc, g = scan(root, tmp, "--baseline", base, "--fail-on", "low")
        ok(rc == 1, f"a baseline lacking one consequence: exit {rc}, want 1")
        ok(sbin["id"] in g["gate"]["new"], "the finding is not new")
        # an ignore file naming every id
        ign = os.path.join(tmp, "ignore")
        with open(ign, "w") as f:
            for i in ids + cids:
                f.write(f"id={i} -- accepted in review\n")
        rc, g = scan(root, tmp, "--ignore", ign, "--fail-on", "low")
        ok(rc == 0, f"every id ignored: exit {rc}, want 0")
        ok(g["gate"]["unused_ignores"] == [],
           f"ignore entries of consequences unused: "
           f"{g['gate']['unused_ignores']}")
        # a baseline made from the merged report
        with open(base, "w") as f:
            json.dump(rep, f)
        rc, g = scan(root, tmp, "--baseline", base, "--fail-on", "low")
        ok(rc == 0 and g["gate"]["fixed"] == [],
           f"the merged report as baseline: exit {rc}")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    for f in fails:
        print("FAIL " + f)
    if not fails:
        print("PASS one-cause.py")
    return 1 if fails else 0


if __name__ == "__main__":
    sys.exit(main())
