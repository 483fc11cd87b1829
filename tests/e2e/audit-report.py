#!/usr/bin/env python3
"""audit-report.py: `privmap rules REPORT` on hostile reports (issue 13, W2).

A report is a CI artefact anyone who can write to the pipeline can craft,
and the rules it gives are loaded by root. The rules must come from the
findings' typed audit_data, never from the text of their audit member:
only rules privmap itself writes (always,exit, scoped to the user's uid or
login uid, keyed privmap-) may come out, whatever the report says.

- A genuine report (the audit-anchor fixture, scanned): `rules REPORT` is
  byte-identical to `scan --audit-rules`.
- Hostile rule text in the audit member (never rules, -S all, dir=/,
  another uid, no key): none of it is written; each finding says in a
  comment how many of its rules were left out; exit 0.
- A report with audit rule text but no audit_data (what an older privmap
  wrote, or a crafted one): no rule from the text, a note says so.
- Hostile audit_data (a watch on /, .. in a path, an anchor that is not
  above the path or is /, -S all, an unknown perm or kind, euid other than
  0, a non-array): that entry gives no rule, a comment names its member,
  every other rule is written; exit 0 (policy and fix are not affected).
- Typed syscall entries come out once per architecture, scoped and keyed.

Needs root (the fixture's owners and setuid bits), as the fixtures do.
"""
import copy
import json
import os
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
TOP = os.environ.get("TOP_SRCDIR") or os.path.join(HERE, "..", "..")
PRIVMAP = os.environ.get("PRIVMAP", "privmap")
fails = []


def fail(msg):
    fails.append(msg)
    print("FAIL: " + msg)


def rules(path):
    p = subprocess.run([PRIVMAP, "rules", path], stdout=subprocess.PIPE,
                       stderr=subprocess.PIPE, timeout=60)
    return p.returncode, p.stdout.decode("utf-8", "replace"), \
        p.stderr.decode("utf-8", "replace")


def rule_lines(text):
    return [l for l in text.splitlines() if l and not l.startswith("#")]


def own_rule(line, uid):
    """a rule privmap itself would write for uid"""
    w = line.split()
    if w[:2] != ["-a", "always,exit"]:
        return "not -a always,exit"
    fields = [w[i + 1] for i in range(len(w) - 1) if w[i] == "-F"]
    calls = [w[i + 1] for i in range(len(w) - 1) if w[i] == "-S"]
    if "all" in calls:
        return "-S all"
    if f"uid={uid}" not in fields and f"auid={uid}" not in fields:
        return "not scoped to the user"
    if any(f.startswith(("uid=", "auid=")) and
           f not in (f"uid={uid}", f"auid={uid}") for f in fields):
        return "scoped to another user"
    if not any(f.startswith("key=privmap-") for f in fields):
        return "no privmap- key"
    if "dir=/" in fields or "path=/" in fields:
        return "a watch on /"
    return None


def check_own(name, text, uid):
    bad = [(l, own_rule(l, uid)) for l in rule_lines(text)
           if own_rule(l, uid)]
    for l, why in bad:
        fail(f"{name}: a rule privmap does not write ({why}): {l}")
    return not bad


def main():
    if os.geteuid() != 0:
        what = "building the fixture needs root (owners, setuid bits)"
        if os.environ.get("CI") == "true":
            print("FAIL: " + what)
            return 1
        print("SKIP: " + what)
        return 77
    t = tempfile.mkdtemp()
    os.chmod(t, 0o755)
    try:
        return run(t)
    finally:
        subprocess.run(["rm", "-rf", t])


def write(t, name, rep):
    p = os.path.join(t, name + ".json")
    with open(p, "w", encoding="utf-8") as f:
        json.dump(rep, f)
    return p


def run(t):
    root = os.path.join(t, "root")
    os.mkdir(root)
    b = subprocess.run([sys.executable, os.path.join(HERE, "auditlib.py"),
                        "build", os.path.join(TOP, "fixtures",
                                              "audit-anchor.fix"), root],
                       stdout=subprocess.PIPE, text=True, check=True)
    args = b.stdout.split()
    rp = os.path.join(t, "report.json")
    sr = os.path.join(t, "scan.rules")
    s = subprocess.run([PRIVMAP, "scan", "--root", root] + args +
                       ["--format", "json", "-o", rp, "--audit-rules", sr,
                        "-q", "--fail-on", "none"], stderr=subprocess.PIPE,
                       text=True, timeout=120)
    if s.returncode != 0:
        fail(f"scan exited {s.returncode}: {s.stderr.strip()}")
        return 1
    with open(rp, encoding="utf-8") as f:
        rep = json.load(f)
    uid = rep["target"]["user"]["uid"]

    # a genuine report: the same drop-in as the scan's, all typed
    rc, out, err = rules(rp)
    with open(sr, encoding="utf-8") as f:
        if rc != 0 or out != f.read():
            fail(f"rules REPORT (exit {rc}) differs from scan "
                 f"--audit-rules {err.strip()}")
    if not any("audit_data" in f for f in rep["findings"]):
        fail("no finding of the genuine report has audit_data")
    if not any(e.get("anchor") for f in rep["findings"]
               for e in f.get("audit_data", [])):
        fail("no audit_data entry of the fixture is anchored")
    check_own("genuine", out, uid)
    n_genuine = len(rule_lines(out))

    # hostile rule text in the audit member: none of it comes out
    hostile_text = [
        "-a never,exit -F arch=b64 -S all -F key=privmap-setuid",
        "-a always,exit -F arch=b64 -S all -F key=privmap-setuid",
        "-a always,exit -F dir=/ -F perm=wa -F key=privmap-setuid",
        f"-a always,exit -F dir=/ -F perm=wa -F uid={uid} "
        "-F key=privmap-setuid",
        "-a always,exit -F path=/etc/shadow -F perm=r -F uid=0 "
        "-F key=privmap-setuid",
        "-a always,exit -F arch=b64 -S open -F uid=1001",
        "-a never,exit -F arch=b32 -S all",
    ]
    # (the first five parse with libaudit, as a privmap rule would)
    for name, text in (("hostile audit text", hostile_text[:5]),
                       ("malformed audit text", hostile_text[5:])):
        h = copy.deepcopy(rep)
        f = next((f for f in h["findings"] if f.get("audit_data")),
                 h["findings"][0])
        f["audit"] = text + f.get("audit", [])
        rc, out, err = rules(write(t, "hostile-text", h))
        if rc != 0:
            fail(f"{name}: exit {rc}, expected 0: {err.strip()}")
        check_own(name, out, uid)
        for r in text:
            if r in out.splitlines():
                fail(f"{name} was written: {r}")
        if "never" in "\n".join(rule_lines(out)):
            fail(f"{name}: a never rule was written")
        if f"{len(text)} rules of its audit member are not what its " \
                "audit_data gives: left out" not in out:
            fail(f"{name}: no note on the rules left out")
        if len(rule_lines(out)) != n_genuine:
            fail(f"{name} changed the rules: {len(rule_lines(out))} "
                 f"rules, {n_genuine} from the genuine report")

    if not any(f.get("audit_data") for f in rep["findings"]):
        print(f"{len(fails)} failures")
        return 1

    # audit text and no audit_data (an older privmap's report, or a
    # crafted one): no rule from the text
    o = copy.deepcopy(rep)
    for f in o["findings"]:
        f.pop("audit_data", None)
    o["findings"][0]["audit"] = hostile_text
    rc, out, err = rules(write(t, "no-data", o))
    if rc != 0:
        fail(f"report without audit_data: exit {rc}: {err.strip()}")
    check_own("report without audit_data", out, uid)
    if "its audit member was not read" not in out:
        fail("report without audit_data: no note that its audit text "
             "was not read")
    if any(r in out.splitlines() for r in hostile_text):
        fail("report without audit_data: its audit text was written")

    # typed syscall entries: per architecture, scoped, keyed
    y = copy.deepcopy(rep)
    y["target"]["arch"] = "x86_64"
    i = next(i for i, f in enumerate(y["findings"]) if f.get("audit_data"))
    fam = y["findings"][i]["family"]
    y["findings"][i]["audit_data"].append(
        {"kind": "syscall", "syscalls": ["execve"], "euid": 0})
    rc, out, err = rules(write(t, "syscall", y))
    want = [f"-a always,exit -F arch={a} -S execve -F uid={uid} -F euid=0 "
            f"-F key=privmap-{fam}" for a in ("x86_64", "i386")]
    if rc != 0 or not all(w in out.splitlines() for w in want):
        fail(f"typed syscall entry: exit {rc}, rules {want} not all "
             f"written {err.strip()}")
    check_own("typed syscall entry", out, uid)

    # hostile audit_data: refused, exit 2, naming the member
    j = next(i for i, f in enumerate(rep["findings"])
             if any(e.get("anchor") and e["kind"] == "file"
                    for e in f.get("audit_data", [])))
    k = next(n for n, e in enumerate(rep["findings"][j]["audit_data"])
             if e.get("anchor") and e["kind"] == "file")
    entry = rep["findings"][j]["audit_data"][k]
    cases = [
        ({"kind": "dir", "path": "/", "perm": "wa"}, "path"),
        ({"kind": "file", "path": "/etc/../etc/shadow", "perm": "r"}, "path"),
        ({"kind": "file", "path": "/etc//shadow", "perm": "r"}, "path"),
        ({"kind": "file", "path": "etc/shadow", "perm": "r"}, "path"),
        ({"kind": "file", "path": "/etc/a b", "perm": "r"}, "path"),
        ({"kind": "file", "path": "/etc/shadow", "perm": "rz"}, "perm"),
        ({"kind": "file", "path": "/etc/shadow"}, "perm"),
        (dict(entry, anchor="/"), "anchor"),
        (dict(entry, anchor="/elsewhere"), "anchor"),
        (dict(entry, anchor=entry["path"]), "anchor"),
        (dict(entry, anchor=entry["anchor"] + "/"), "anchor"),
        (dict(entry, unanchored="yes"), "unanchored"),
        ({"kind": "never", "path": "/etc/shadow", "perm": "r"}, "kind"),
        ({"kind": "syscall", "syscalls": ["all"]}, "syscalls[0]"),
        ({"kind": "syscall", "syscalls": ["execve", "open"]}, "syscalls[1]"),
        ({"kind": "syscall", "syscalls": []}, "syscalls"),
        ({"kind": "syscall", "syscalls": ["execve"], "euid": 5}, "euid"),
        ({"path": "/etc/shadow", "perm": "r"}, "kind"),
        ("-a never,exit -S all", ""),
    ]
    fid = rep["findings"][j]["id"]
    # the genuine rules without the one from the entry replaced
    y = copy.deepcopy(rep)
    del y["findings"][j]["audit_data"][k]
    y["findings"][j]["audit"] = []
    _, without, _ = rules(write(t, "without", y))
    without = rule_lines(without)
    for n, (bad, member) in enumerate(cases):
        x = copy.deepcopy(rep)
        x["findings"][j]["audit_data"][k] = bad
        x["findings"][j]["audit"] = []
        rc, out, err = rules(write(t, f"bad{n}", x))
        name = f"# {fid}: audit_data[{k}]" + \
            (f".{member}" if member else "")
        if rc != 0 or name not in out:
            fail(f"hostile audit_data {json.dumps(bad)}: exit {rc}, "
                 f"expected 0 and a note '{name}...': {err.strip()}")
        check_own(f"hostile audit_data {json.dumps(bad)}", out, uid)
        if rule_lines(out) != without:
            fail(f"hostile audit_data {json.dumps(bad)}: the rules are "
                 "not the genuine ones without that entry's")
    x = copy.deepcopy(rep)
    x["findings"][j]["audit_data"] = {"kind": "file"}
    rc, out, err = rules(write(t, "not-array", x))
    if rc != 0 or f"# {fid}: audit_data: not an array: left out" not in out:
        fail(f"audit_data not an array: exit {rc}: {err.strip()}")
    check_own("audit_data not an array", out, uid)
    # the other outputs read the report as before
    for sub in ("policy", "fix"):
        p = subprocess.run([PRIVMAP, sub, write(t, "bad0", x)],
                           stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                           text=True, timeout=60)
        if p.returncode != 0:
            fail(f"privmap {sub} on a report with hostile audit_data: "
                 f"exit {p.returncode}: {p.stderr.strip()}")

    if fails:
        print(f"{len(fails)} failures")
        return 1
    print(f"PASS: genuine report: {n_genuine} rules, the scan's own; "
          f"{len(hostile_text)} hostile audit rules left out; "
          f"{len(cases) + 1} hostile audit_data entries left out with a "
          "note")
    return 0


if __name__ == "__main__":
    sys.exit(main())
