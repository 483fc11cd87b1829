#!/usr/bin/env python3
"""auditlib.py: the tree work of tests/e2e/audit-load.sh and audit-report.py.

  auditlib.py build FIXTURE ROOT
      build the fixture's tree at ROOT (run-fixture.py's builder) and
      print the privmap scan arguments it asks for, one a line
  auditlib.py watched RULES
      print every path a rule of the drop-in RULES names (path=, dir=)
  auditlib.py rename ROOT REPORT RULES
      as the report's user (its uid, gid and groups, by number), rename
      every directory on the way to a path the rules or the report's
      audit_data name that the user is allowed to rename, deepest first;
      print one line per directory renamed

Nothing here touches the kernel: the shell test loads the rules.
"""
import importlib.util
import json
import os
import sys


def fixture_module():
    here = os.path.dirname(os.path.abspath(__file__))
    spec = importlib.util.spec_from_file_location(
        "run_fixture", os.path.join(here, "run-fixture.py"))
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def rule_paths(rules):
    out = set()
    with open(rules, encoding="utf-8", errors="surrogateescape") as f:
        for line in f:
            if line.startswith("#"):
                continue
            w = line.split()
            for i in range(len(w) - 1):
                if w[i] == "-F" and w[i + 1].startswith(("path=", "dir=")):
                    out.add(w[i + 1].split("=", 1)[1])
    return out


def report_paths(report):
    out = set()
    with open(report, encoding="utf-8") as f:
        rep = json.load(f)
    for fd in rep["findings"]:
        for e in fd.get("audit_data") or []:
            for k in ("path", "anchor"):
                if isinstance(e.get(k), str):
                    out.add(e[k])
        for p in fd.get("policy") or []:
            act, _, target = p.partition(" ")
            if act in ("exec", "connect") and target.startswith("/"):
                out.add(target)
    u = rep["target"]["user"]
    ids = (u["uid"], u["gid"] if u["gid"] is not None else u["uid"],
           [g["gid"] for g in u.get("groups") or []])
    return out, ids


def try_rename(src, dst, ids):
    """rename(2) src to dst in a child holding only the user's ids, and
    put an empty file where a directory was: 0 not allowed, 1 renamed,
    2 renamed and replaced by a file"""
    pid = os.fork()
    if pid == 0:
        try:
            os.setgroups(ids[2])
            os.setgid(ids[1])
            os.setuid(ids[0])
            was_dir = os.path.isdir(src) and not os.path.islink(src)
            os.rename(src, dst)
        except OSError:
            os._exit(0)
        try:
            if was_dir:
                os.close(os.open(src, os.O_WRONLY | os.O_CREAT | os.O_EXCL,
                                 0o644))
                os._exit(2)
        except OSError:
            pass
        os._exit(1)
    _, st = os.waitpid(pid, 0)
    return os.WEXITSTATUS(st) if os.WIFEXITED(st) else 0


def rename(root, report, rules):
    paths, ids = report_paths(report)
    paths |= rule_paths(rules)
    dirs = set()
    for p in paths:
        parts = p.strip("/").split("/")
        for n in range(1, len(parts) + 1):
            dirs.add("/" + "/".join(parts[:n]))
    n = 0
    for d in sorted(dirs, key=lambda x: (-x.count("/"), x)):
        host = os.path.join(root, d.lstrip("/"))
        if not os.path.lexists(host):
            continue
        r = try_rename(host, host + ".renamed-by-user", ids)
        if r:
            print(d + (" (a file put in its place)" if r == 2 else ""))
            n += 1
    return n


def main():
    if len(sys.argv) == 4 and sys.argv[1] == "build":
        rf = fixture_module()
        fx = rf.parse(sys.argv[2])
        rf.build(fx, sys.argv[3])
        print("--user")
        print(fx["user"])
        for a in fx["args"]:
            print(a)
        return 0
    if len(sys.argv) == 3 and sys.argv[1] == "watched":
        for p in sorted(rule_paths(sys.argv[2])):
            print(p)
        return 0
    if len(sys.argv) == 5 and sys.argv[1] == "rename":
        rename(sys.argv[2], sys.argv[3], sys.argv[4])
        return 0
    print(__doc__, file=sys.stderr)
    return 99


if __name__ == "__main__":
    sys.exit(main())
