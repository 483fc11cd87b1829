#!/usr/bin/env python3
"""selftest.py: the contract checker must say no.

tests/contract/check-report.py is what every end-to-end test trusts to
find a broken report; this proves it can. A good report (every member the
contract has, a tcp:// finding, a gate) must pass; each report of the
table below, the good one with one thing broken, must be rejected with
exit 1 and a message naming the broken part. The checker must also end
with exit 2, never 0, when python3-jsonschema cannot be imported, when
the schema is not valid, and when the file is not JSON.

Environment: TOP_SRCDIR (else found from this file). Exit 0 pass, 1 fail.
"""
import copy
import json
import os
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
CHECKER = os.path.join(HERE, "check-report.py")
ROOT = "/srv/scanned-root"

F1 = {
    "id": "PM-0123456789abcdef", "check": "group-membership",
    "family": "group-membership", "severity": "critical", "score": 9.8,
    "title": "agent is in group docker", "path": "/etc/group",
    "evidence": {"group": "docker", "gid": 998},
    "remediation": "gpasswd -d agent docker",
    "policy": ["group docker"],
    "sandbox": {"contained": False, "open": [
        "group docker: a sandbox keeps the user's supplementary groups"]},
    "audit": ["-a always,exit -F arch=b64 -S connect -F uid=1001 "
              "-F key=privmap-container-socket"],
    "audit_data": [
        {"kind": "file", "path": "/etc/group", "perm": "wa"},
        {"kind": "connect", "path": "/run/user/1001/docker.sock",
         "anchor": "/run/user"},
        {"kind": "dir", "path": "/srv/app/conf", "perm": "wa",
         "anchor": "/srv"},
        {"kind": "exec", "path": "/home/agent/bin/tool",
         "unanchored": True},
        {"kind": "syscall", "syscalls": ["setuid", "setresuid"],
         "euid": 0}],
}
F2 = {
    "id": "PM-fedcba9876543210", "check": "localhost-service",
    "family": "localhost-service", "severity": "high", "score": 7.5,
    "title": "the Docker API listens on loopback",
    "path": "tcp://127.0.0.1:2375", "evidence": {}, "remediation": None,
    "policy": ["port 127.0.0.1:2375"], "audit": [], "audit_data": [],
    "gate": "baselined",
}
F3 = {
    "id": "PM-00000000000000ff", "check": "setuid", "family": "setuid",
    "severity": "info", "score": 0.0, "title": "setuid /usr/bin/passwd",
    "path": "/usr/bin/passwd", "evidence": {"mode": "4755"},
    "remediation": None, "policy": [], "audit": [], "audit_data": [],
    "sandbox": {"contained": True, "by": ["inert: NoNewPrivileges=yes"],
                "severity": "high", "score": 7.2},
}
GOOD = {
    "schema": "privmap.report/1",
    "tool": {"name": "privmap", "version": "0.1.0"},
    "target": {"kind": "rootfs", "root": ROOT, "arch": "x86_64",
               "user": {"name": "agent", "uid": 1001, "gid": 1001,
                        "groups": [{"name": "docker", "gid": 998},
                                   {"name": None, "gid": 4242}]}},
    "summary": {"score": 9.8, "findings": 3,
                "by_severity": {"critical": 1, "high": 1, "medium": 0,
                                "low": 0, "info": 1}},
    "findings": [F1, F2, F3],
    "errors": [{"path": "/etc/sudoers.d", "error": "permission denied"}],
    "notes": ["a note"],
    "sandbox": {"spec": "agent.service", "kind": "systemd",
                "name": "agent.service", "contained": 1, "open": 1,
                "open_findings": ["PM-0123456789abcdef"],
                "layers": ["nnp NoNewPrivileges=yes"]},
    "gate": {"fail_on": "high", "failed": True, "counted": 1,
             "new": ["PM-0123456789abcdef", "PM-00000000000000ff"],
             "baselined": ["PM-fedcba9876543210"], "ignored": [],
             "fixed": [{"id": "PM-1111111111111111", "check": "setuid",
                        "path": "/usr/bin/find", "title": "gone",
                        "severity": "critical"}],
             "expired_ignores": [], "unused_ignores": [
                 {"line": 3, "id": "PM-2222222222222222",
                  "reason": "kept for later"}]},
}


def mutate(fn):
    r = copy.deepcopy(GOOD)
    fn(r)
    return r


def setk(path, value):
    """A mutation setting the member at path (a list of keys) to value."""
    def fn(r):
        o = r
        for k in path[:-1]:
            o = o[k]
        o[path[-1]] = value
    return fn


def delk(path):
    def fn(r):
        o = r
        for k in path[:-1]:
            o = o[k]
        del o[path[-1]]
    return fn


def both(*fns):
    def fn(r):
        for f in fns:
            f(r)
    return fn


# (what is broken, mutation, a word the checker's message must carry)
BAD = [
    ("unknown severity", setk(["findings", 0, "severity"], "severe"),
     "severity"),
    ("severity in capitals", setk(["findings", 0, "severity"], "Critical"),
     "severity"),
    ("critical score below its band", setk(["findings", 0, "score"], 8.9),
     "band"),
    ("high score above its band", setk(["findings", 1, "score"], 9.0),
     "band"),
    ("info score not 0.0", setk(["findings", 2, "score"], 0.1), "band"),
    ("score over 10", setk(["findings", 0, "score"], 10.5), "score"),
    ("score as a string", setk(["findings", 0, "score"], "9.8"), "score"),
    ("unknown family", setk(["findings", 0, "family"], "docker"),
     "family"),
    ("relative path", setk(["findings", 0, "path"], "etc/group"), "path"),
    ("path with another scheme",
     setk(["findings", 1, "path"], "http://127.0.0.1:2375/"), "path"),
    ("finding without an id", delk(["findings", 0, "id"]), "id"),
    ("finding without evidence", delk(["findings", 0, "evidence"]),
     "evidence"),
    ("finding without a path", delk(["findings", 2, "path"]), "path"),
    ("malformed id", setk(["findings", 0, "id"], "docker-group"), "id"),
    ("duplicate id", setk(["findings", 2, "id"], "PM-0123456789abcdef"),
     "id"),
    ("no summary", delk(["summary"]), "summary"),
    ("no errors member", delk(["errors"]), "errors"),
    ("no notes member", delk(["notes"]), "notes"),
    ("wrong schema name", setk(["schema"], "privmap.report/2"), "schema"),
    ("unknown target kind", setk(["target", "kind"], "container"), "kind"),
    ("uid as a string", setk(["target", "user", "uid"], "1001"), "uid"),
    ("uid -1 (no change to chown)",
     setk(["target", "user", "uid"], 4294967295), "uid"),
    ("a rootfs root that is relative", setk(["target", "root"], "srv/x"),
     "target.root"),
    ("a host report whose root is not /",
     both(setk(["target", "kind"], "host"), setk(["target", "root"], "/srv")),
     "target.root"),
    ("a finding path with ..",
     setk(["findings", 0, "path"], "/etc/../etc/group"), "normal form"),
    ("user without groups", delk(["target", "user", "groups"]), "groups"),
    ("arch in the OCI spelling", setk(["target", "arch"], "amd64"), "arch"),
    ("arch in capitals", setk(["target", "arch"], "X86_64"), "arch"),
    ("summary.findings miscounted", setk(["summary", "findings"], 2),
     "summary.findings"),
    ("by_severity miscounted",
     setk(["summary", "by_severity", "high"], 2), "by_severity"),
    ("by_severity missing a severity",
     delk(["summary", "by_severity", "low"]), "low"),
    ("summary.score not the highest", setk(["summary", "score"], 7.5),
     "summary.score"),
    ("error entry without a path", setk(["errors", 0], {"error": "x"}),
     "path"),
    ("error entry without an error",
     setk(["errors", 0], {"path": "/etc"}), "error"),
    ("policy entry not a string", setk(["findings", 0, "policy"], [1]),
     "policy"),
    ("audit entry not a rule", setk(["findings", 0, "audit"], ["watch"]),
     "audit"),
    ("finding without audit_data", delk(["findings", 1, "audit_data"]),
     "audit_data"),
    ("audit entry of an unknown kind",
     setk(["findings", 0, "audit_data", 0, "kind"], "socket"), "kind"),
    ("watch without perm", delk(["findings", 0, "audit_data", 0, "perm"]),
     "perm"),
    ("perm with a letter twice",
     setk(["findings", 0, "audit_data", 0, "perm"], "ww"), "perm"),
    ("perm with another letter",
     setk(["findings", 0, "audit_data", 0, "perm"], "wq"), "perm"),
    ("watch of a relative path",
     setk(["findings", 0, "audit_data", 0, "path"], "etc/group"), "path"),
    ("watch of a path with a blank",
     setk(["findings", 0, "audit_data", 0, "path"], "/etc/my group"),
     "path"),
    ("watch of a path with ..",
     setk(["findings", 0, "audit_data", 0, "path"], "/etc/../group"),
     "path"),
    ("an anchor below the path",
     setk(["findings", 0, "audit_data", 2, "anchor"], "/srv/app/conf/x"),
     "anchor"),
    ("an anchor beside the path",
     setk(["findings", 0, "audit_data", 1, "anchor"], "/var/run"),
     "anchor"),
    ("an anchor with unanchored",
     setk(["findings", 0, "audit_data", 3, "anchor"], "/home"),
     "anchor"),
    ("a syscall privmap writes no rule for",
     setk(["findings", 0, "audit_data", 4, "syscalls"], ["ptrace"]),
     "syscalls"),
    ("a syscall entry without syscalls",
     delk(["findings", 0, "audit_data", 4, "syscalls"]), "syscalls"),
    ("euid other than 0",
     setk(["findings", 0, "audit_data", 4, "euid"], 1001), "euid"),
    ("unknown gate state", setk(["findings", 1, "gate"], "accepted"),
     "gate"),
    ("gate state without a gate", both(delk(["gate"])), "gate"),
    ("gate counted wrong", setk(["gate", "counted"], 2), "counted"),
    ("gate failed wrong", setk(["gate", "failed"], False), "failed"),
    ("gate fail_on unknown", setk(["gate", "fail_on"], "severe"),
     "fail_on"),
    ("gate lists an id that is no finding",
     setk(["gate", "new"], ["PM-0123456789abcdef", "PM-3333333333333333"]),
     "not a finding"),
    ("ignore entry without a reason",
     setk(["gate", "unused_ignores"], [{"line": 3, "id": "PM-2"}]),
     "reason"),
    ("the scanned root in a finding path",
     setk(["findings", 0, "path"], ROOT + "/etc/group"), "scanned"),
    ("the scanned root in an error path",
     setk(["errors", 0, "path"], ROOT + "/etc/sudoers.d"), "scanned"),
    ("the scanned root in evidence",
     setk(["findings", 0, "evidence", "file"], ROOT + "/etc/group"),
     "scanned"),
    ("a contained finding above info",
     both(setk(["findings", 2, "severity"], "low"),
          setk(["findings", 2, "score"], 1.0),
          setk(["summary", "by_severity", "low"], 1),
          setk(["summary", "by_severity", "info"], 0)), "contained"),
    ("a contained finding that kept no severity",
     delk(["findings", 2, "sandbox", "severity"]), "severity"),
    ("sandbox counted wrong", setk(["sandbox", "contained"], 2), "sandbox"),
    ("sandbox open findings wrong", setk(["sandbox", "open_findings"], []),
     "open_findings"),
    ("a sandbox verdict without the summary", delk(["sandbox"]), "sandbox"),
    ("not an object", lambda r: r.clear(), "schema"),
]


def run(args, env=None):
    p = subprocess.run([sys.executable, CHECKER] + args,
                       stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                       text=True, env=env, timeout=60)
    return p.returncode, p.stdout


def main():
    fails = []
    tmp = tempfile.mkdtemp(prefix="privmap-contract-")
    try:
        good = os.path.join(tmp, "good.json")
        with open(good, "w") as f:
            json.dump(GOOD, f)
        rc, out = run(["--root", ROOT, good])
        if rc != 0:
            fails.append(f"the good report is rejected (exit {rc}):\n{out}")
        # the same report with an extra member anywhere open is accepted
        grown = mutate(both(setk(["future"], {"x": 1}),
                            setk(["findings", 0, "future"], [1]),
                            setk(["target", "future"], "x")))
        gp = os.path.join(tmp, "grown.json")
        with open(gp, "w") as f:
            json.dump(grown, f)
        rc, out = run(["--root", ROOT, gp])
        if rc != 0:
            fails.append(f"new members are refused (exit {rc}):\n{out}")
        # --strict (the suite's mode): every member the schema names, an
        # ignored finding's entry and free evidence keys pass; each of
        # the three undocumented ones is named
        ign = mutate(both(
            setk(["findings", 2, "gate"], "ignored"),
            setk(["gate", "new"], ["PM-0123456789abcdef"]),
            setk(["gate", "ignored"], [{
                "line": 2, "check": "setuid", "path": "/usr/bin/*",
                "expires": "2030-01-31", "reason": "the distribution's",
                "finding": "PM-00000000000000ff"}]),
            setk(["findings", 0, "evidence", "anything"], {"x": [1]})))
        ip = os.path.join(tmp, "ignored.json")
        with open(ip, "w") as f:
            json.dump(ign, f)
        for p in (good, ip):
            rc, out = run(["--strict", "--root", ROOT, p])
            if rc != 0:
                fails.append(f"--strict refuses {os.path.basename(p)} "
                             f"(exit {rc}):\n{out}")
        rc, out = run(["--strict", "--root", ROOT, gp])
        want = ["$.future", "$.findings[0].future", "$.target.future"]
        if rc != 1 or not all(w + ":" in out for w in want):
            fails.append(f"--strict does not name each undocumented member "
                         f"(exit {rc}):\n{out}")
        else:
            print("ok: --strict names undocumented members")
        for i, (what, fn, word) in enumerate(BAD):
            if what == "not an object":
                doc = []
            else:
                doc = mutate(fn)
            p = os.path.join(tmp, f"bad{i}.json")
            with open(p, "w") as f:
                json.dump(doc, f)
            rc, out = run(["--root", ROOT, p])
            if rc != 1:
                fails.append(f"{what}: exit {rc}, expected 1:\n{out}")
            elif word.lower() not in out.lower():
                fails.append(f"{what}: the message does not name "
                             f"{word!r}:\n{out}")
            else:
                print(f"ok: rejected: {what}")
        # exit 2, never 0: no jsonschema, a broken schema, not JSON
        shadow = os.path.join(tmp, "shadow")
        os.mkdir(shadow)
        with open(os.path.join(shadow, "jsonschema.py"), "w") as f:
            f.write("raise ImportError('hidden by selftest.py')\n")
        env = dict(os.environ, PYTHONPATH=shadow)
        rc, out = run([good], env=env)
        if rc != 2:
            fails.append(f"without jsonschema: exit {rc}, expected 2:\n{out}")
        else:
            print("ok: no jsonschema is an error, not a pass")
        broken = os.path.join(tmp, "broken-schema.json")
        with open(broken, "w") as f:
            f.write('{"type": 12}')
        rc, out = run(["--schema", broken, good])
        if rc != 2:
            fails.append(f"an invalid schema: exit {rc}, expected 2:\n{out}")
        notjson = os.path.join(tmp, "not.json")
        with open(notjson, "w") as f:
            f.write("{ not json")
        rc, out = run([notjson])
        if rc != 2:
            fails.append(f"a file that is not JSON: exit {rc}, expected 2")
        rc, out = run([])
        if rc != 2:
            fails.append(f"no argument: exit {rc}, expected 2")
    finally:
        subprocess.run(["rm", "-rf", tmp])
    for f in fails:
        print("FAIL: " + f)
    if fails:
        return 1
    print(f"PASS: the good report accepted, {len(BAD)} bad ones rejected")
    return 0


if __name__ == "__main__":
    sys.exit(main())
