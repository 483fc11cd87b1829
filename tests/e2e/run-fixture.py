#!/usr/bin/env python3
"""run-fixture.py FIXTURE.fix

Builds the test host a fixture describes as a directory (owners, modes,
setuid bits, capabilities, ACLs, sockets: what git cannot keep), scans it
with privmap as the fixture's user, checks the JSON report against the
report contract (tests/contract/check-report.py: docs/report.schema.json
and the contract's rules), and checks the fixture's
expectations: every `expect` finding present at its severity, every
`decoy` path without a finding at medium or above, every `absent` pair
missing, every `expect-error` present.

Exit status: 0 pass, 1 fail, 77 skip (not root: owners and setuid bits
need root), 99 a malformed fixture (a hard error: malformed fixtures fail
the run). Environment: PRIVMAP (the binary), TOP_SRCDIR (the source tree,
for the contract checker; else found from this file).

The format, one directive a line ('#' comments, blank lines ignored):

  user NAME UID GID [HOME [SHELL]]    an etc/passwd entry (root is implied)
  group NAME GID [MEMBER,...]         an etc/group entry (root is implied)
  passwd-line TEXT | group-line TEXT  a raw line, e.g. a malformed one
  scan-user NAME|UID                  the --user to scan as (required)
  scan-args ARG...                    more arguments for privmap scan
  dir PATH MODE OWNER[:GROUP]
  file PATH MODE OWNER[:GROUP]        content follows on lines "| text"
  socket PATH MODE OWNER[:GROUP]      a bound unix socket
  fifo PATH MODE OWNER[:GROUP]
  symlink PATH TARGET
  hardlink PATH EXISTING-PATH
  sparse PATH SIZE                    a sparse file of SIZE bytes (root-owned 0644)
  cap PATH CAPTEXT                    setcap CAPTEXT PATH
  acl PATH SPEC                       setfacl -m SPEC PATH (names: the fixture's)
  expect SEVERITY CHECK PATH [K=V...] a finding of CHECK on PATH at SEVERITY
                                      (K=V: its evidence has K equal to V;
                                      grants.node=user:X and the like: its
                                      grant)
  expect-family FAMILY SEVERITY PATH [K=V...]  the same, by family
  decoy PATH [K=V...]                 no finding at medium or above on PATH
  absent CHECK PATH [K=V...]          no finding of CHECK on PATH at all
  expect-error PATH-PREFIX TEXT       an errors entry whose path starts with
                                      PATH-PREFIX and whose error contains TEXT
  expect-exit N                       privmap's exit status (default: not 2)
  expect-note TEXT                    a report note containing TEXT
  absent-note TEXT                    no report note containing TEXT

Parents that are not declared are made root:root 0755. Names in OWNER and
acl specs are the fixture's own users and groups, turned into numbers here
(the scanning host's NSS is never asked).
"""
import json
import os
import shlex
import shutil
import socket
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from contract import check_report  # noqa: E402

SEVERITIES = ["info", "low", "medium", "high", "critical"]


class FixtureError(Exception):
    pass


def parse(path):
    fx = {"users": [("root", 0, 0, "/root", "/bin/sh")],
          "groups": [("root", 0, [])], "raw_passwd": [], "raw_group": [],
          "ops": [], "expect": [], "decoy": [], "absent": [],
          "errors": [], "notes": [], "no_notes": [], "user": None, "args": [], "exit": None}
    last_file = None
    with open(path, encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            raw = line.rstrip("\n")
            if raw.startswith("|"):
                if last_file is None:
                    raise FixtureError(f"{path}:{n}: content line without a file")
                last_file["content"] += raw[2:] + "\n" if raw.startswith("| ") else raw[1:] + "\n"
                continue
            s = raw.strip()
            if not s or s.startswith("#"):
                continue
            try:
                w = shlex.split(s)
            except ValueError as e:
                raise FixtureError(f"{path}:{n}: {e}")
            d = w[0]
            try:
                if d == "user":
                    home = w[4] if len(w) > 4 else f"/home/{w[1]}"
                    shell = w[5] if len(w) > 5 else "/bin/sh"
                    fx["users"].append((w[1], int(w[2]), int(w[3]), home, shell))
                elif d == "group":
                    fx["groups"].append((w[1], int(w[2]), w[3].split(",") if len(w) > 3 else []))
                elif d == "passwd-line":
                    fx["raw_passwd"].append(s.split(None, 1)[1])
                elif d == "group-line":
                    fx["raw_group"].append(s.split(None, 1)[1])
                elif d == "scan-user":
                    fx["user"] = w[1]
                elif d == "scan-args":
                    fx["args"] += shlex.split(s.split(None, 1)[1])
                elif d in ("dir", "file", "socket", "fifo"):
                    op = {"kind": d, "path": w[1], "mode": int(w[2], 8),
                          "owner": w[3], "content": "", "line": n}
                    if len(w) != 4:
                        raise FixtureError(f"{path}:{n}: {d} takes PATH MODE OWNER")
                    fx["ops"].append(op)
                    last_file = op if d == "file" else None
                    continue
                elif d in ("symlink", "hardlink"):
                    if len(w) != 3:
                        raise FixtureError(f"{path}:{n}: {d} takes PATH TARGET")
                    fx["ops"].append({"kind": d, "path": w[1], "target": w[2], "line": n})
                elif d == "sparse":
                    fx["ops"].append({"kind": d, "path": w[1], "size": int(w[2]), "line": n})
                elif d in ("cap", "acl"):
                    fx["ops"].append({"kind": d, "path": w[1], "spec": w[2], "line": n})
                elif d == "expect":
                    if w[1] not in SEVERITIES or len(w) < 4:
                        raise FixtureError(f"{path}:{n}: expect SEVERITY CHECK PATH")
                    fx["expect"].append(("check", w[2], w[1], w[3], kv(w[4:]), n))
                elif d == "expect-family":
                    if w[2] not in SEVERITIES or len(w) < 4:
                        raise FixtureError(f"{path}:{n}: expect-family FAMILY SEVERITY PATH")
                    fx["expect"].append(("family", w[1], w[2], w[3], kv(w[4:]), n))
                elif d == "decoy":
                    fx["decoy"].append((w[1], kv(w[2:]), n))
                elif d == "absent":
                    fx["absent"].append((w[1], w[2], kv(w[3:]), n))
                elif d == "expect-error":
                    fx["errors"].append((w[1], " ".join(w[2:]), n))
                elif d == "expect-note":
                    fx["notes"].append((" ".join(w[1:]), n))
                elif d == "absent-note":
                    fx["no_notes"].append((" ".join(w[1:]), n))
                elif d == "expect-exit":
                    fx["exit"] = int(w[1])
                else:
                    raise FixtureError(f"{path}:{n}: unknown directive {d!r}")
            except (IndexError, ValueError) as e:
                raise FixtureError(f"{path}:{n}: malformed {d}: {e}")
            last_file = None
    if fx["user"] is None:
        raise FixtureError(f"{path}: no scan-user")
    return fx


def kv(words):
    out = {}
    for x in words:
        k, eq, v = x.partition("=")
        if not eq:
            raise FixtureError(f"evidence filter {x!r} is not KEY=VALUE")
        out[k] = v
    return out


def ev_match(f, want):
    ev = f.get("evidence") or {}
    for k, v in want.items():
        # grants.node, grants.wait, grants.sure: the finding's grant
        x = (f.get("grants") or {}).get(k[7:]) if k.startswith("grants.") \
            else ev.get(k)
        if isinstance(x, bool):
            x = "true" if x else "false"
        if x is None or str(x) != v:
            return False
    return True


def ids(fx):
    users = {u[0]: u[1] for u in fx["users"]}
    groups = {g[0]: g[1] for g in fx["groups"]}
    return users, groups


def owner_of(fx, spec):
    users, groups = ids(fx)
    u, _, g = spec.partition(":")
    uid = int(u) if u.isdigit() else users[u]
    if g:
        gid = int(g) if g.isdigit() else groups[g]
    else:
        gid = next((x[2] for x in fx["users"] if x[1] == uid), uid)
    return uid, gid


def acl_spec(fx, spec):
    """u:agent:rw,m::r -> numeric ids."""
    users, groups = ids(fx)
    out = []
    for part in spec.split(","):
        f = part.split(":")
        if len(f) == 3 and f[1] and not f[1].isdigit():
            if f[0] in ("u", "user"):
                f[1] = str(users[f[1]])
            elif f[0] in ("g", "group"):
                f[1] = str(groups[f[1]])
        out.append(":".join(f))
    return ",".join(out)


def host_path(root, p):
    if not p.startswith("/"):
        raise FixtureError(f"path {p!r} is not absolute")
    return os.path.join(root, p.lstrip("/"))


def mkparents(root, p):
    parts = p.strip("/").split("/")[:-1]
    cur = root
    for part in parts:
        cur = os.path.join(cur, part)
        if not os.path.lexists(cur):
            os.mkdir(cur, 0o755)
            os.chown(cur, 0, 0)


def build(fx, root):
    os.chmod(root, 0o755)
    # passwd and group first, unless the fixture writes its own
    declared = {op["path"] for op in fx["ops"]}
    etc = os.path.join(root, "etc")
    os.makedirs(etc, exist_ok=True)
    if "/etc/passwd" not in declared:
        with open(os.path.join(etc, "passwd"), "w") as f:
            for u in fx["users"]:
                f.write(f"{u[0]}:x:{u[1]}:{u[2]}::{u[3]}:{u[4]}\n")
            for r in fx["raw_passwd"]:
                f.write(r + "\n")
    if "/etc/group" not in declared:
        with open(os.path.join(etc, "group"), "w") as f:
            for g in fx["groups"]:
                f.write(f"{g[0]}:x:{g[1]}:{','.join(g[2])}\n")
            for r in fx["raw_group"]:
                f.write(r + "\n")
    post = []          # modes set last, so setuid bits survive chown
    for op in fx["ops"]:
        p = host_path(root, op["path"])
        mkparents(root, op["path"])
        k = op["kind"]
        if k == "dir":
            if not os.path.isdir(p):
                os.mkdir(p)
            uid, gid = owner_of(fx, op["owner"])
            os.chown(p, uid, gid)
            post.append((p, op["mode"]))
        elif k == "file":
            with open(p, "w", encoding="utf-8", errors="surrogateescape") as f:
                f.write(op["content"])
            uid, gid = owner_of(fx, op["owner"])
            os.chown(p, uid, gid)
            post.append((p, op["mode"]))
        elif k == "fifo":
            os.mkfifo(p)
            uid, gid = owner_of(fx, op["owner"])
            os.chown(p, uid, gid)
            post.append((p, op["mode"]))
        elif k == "socket":
            s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
            cwd = os.getcwd()
            os.chdir(os.path.dirname(p))
            try:
                s.bind(os.path.basename(p))
            finally:
                os.chdir(cwd)
                s.close()
            uid, gid = owner_of(fx, op["owner"])
            os.chown(p, uid, gid)
            post.append((p, op["mode"]))
        elif k == "symlink":
            os.symlink(op["target"], p)
        elif k == "hardlink":
            os.link(host_path(root, op["target"]), p)
        elif k == "sparse":
            with open(p, "wb") as f:
                f.truncate(op["size"])
        elif k == "cap":
            post.append(("cap", p, op["spec"]))
        elif k == "acl":
            post.append(("acl", p, acl_spec(fx, op["spec"])))
    for item in post:
        if item[0] == "cap":
            if shutil.which("setcap") is None:
                raise FixtureError("setcap missing (install libcap2-bin)")
            subprocess.run(["setcap", item[2], item[1]], check=True)
        elif item[0] == "acl":
            if shutil.which("setfacl") is None:
                raise FixtureError("setfacl missing (install acl)")
            subprocess.run(["setfacl", "-m", item[2], item[1]], check=True)
        else:
            os.chmod(item[0], item[1])


def matches_path(f, path):
    return f.get("path") == path


def check(fx, rep, rc, name):
    bad = []
    F = rep["findings"]
    for kind, what, sev, path, want, n in fx["expect"]:
        hits = [f for f in F if f.get(kind) == what and matches_path(f, path)
                and ev_match(f, want)]
        if not hits:
            bad.append(f"line {n}: no {what} finding on {path}")
        elif not any(f["severity"] == sev for f in hits):
            got = ", ".join(sorted({f['severity'] for f in hits}))
            bad.append(f"line {n}: {what} on {path} is {got}, expected {sev}")
    for path, want, n in fx["decoy"]:
        for f in F:
            if f["path"] == path and ev_match(f, want) and \
                    SEVERITIES.index(f["severity"]) >= 2:
                bad.append(f"line {n}: decoy {path} reported {f['severity']} "
                           f"by {f['check']}: {f['title']}")
    for chk, path, want, n in fx["absent"]:
        for f in F:
            if f["check"] == chk and f["path"] == path and ev_match(f, want):
                bad.append(f"line {n}: {chk} on {path} should be absent "
                           f"({f['severity']}: {f['title']})")
    for prefix, text, n in fx["errors"]:
        if not any(e["path"].startswith(prefix) and text in e["error"]
                   for e in rep["errors"]):
            bad.append(f"line {n}: no error on {prefix}* containing {text!r}")
    for text, n in fx["notes"]:
        if not any(text in x for x in rep.get("notes", [])):
            bad.append(f"line {n}: no note containing {text!r}")
    for text, n in fx["no_notes"]:
        for x in rep.get("notes", []):
            if text in x:
                bad.append(f"line {n}: note {x!r} contains {text!r}")
    if fx["exit"] is not None and rc != fx["exit"]:
        bad.append(f"exit status {rc}, expected {fx['exit']}")
    elif fx["exit"] is None and rc == 2:
        bad.append("exit status 2 (usage or fatal error)")
    return bad


def main():
    if len(sys.argv) != 2:
        print(__doc__)
        return 99
    path = sys.argv[1]
    name = os.path.basename(path)
    try:
        fx = parse(path)
    except FixtureError as e:
        print(f"FAIL malformed fixture: {e}")
        return 99
    if os.geteuid() != 0:
        print(f"SKIP {name}: building fixtures needs root (owners, setuid "
              "bits, capabilities); run the suite as root")
        return 77
    privmap = os.environ.get("PRIVMAP", "privmap")
    root = tempfile.mkdtemp(prefix="privmap-fx-")
    try:
        try:
            build(fx, root)
        except FixtureError as e:
            print(f"FAIL building {name}: {e}")
            return 99
        out = os.path.join(tempfile.gettempdir(), f"privmap-{os.getpid()}.json")
        argv = [privmap, "scan", "--root", root, "--user", fx["user"],
                "--format", "json", "-o", out, "-q"] + fx["args"]
        p = subprocess.run(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                           text=True, timeout=300)
        if p.returncode == 2 and fx["exit"] != 2:
            print(f"FAIL {name}: privmap exited 2: {p.stderr.strip()}")
            return 1
        bad = []
        if fx["exit"] != 2:
            bad += check_report(out, root)
            with open(out, encoding="utf-8") as f:
                rep = json.load(f)
            os.unlink(out)
            # the text report of the same tree must not fail either
            t = subprocess.run([privmap, "scan", "--root", root, "--user",
                                fx["user"], "-q"] + fx["args"],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                               timeout=300)
            if t.returncode == 2:
                bad.append("text report failed: " + t.stderr.decode(errors="replace"))
            if any(b < 0x20 and b not in (0x0a,) for b in t.stdout):
                bad.append("text report printed a raw control character")
            bad += check(fx, rep, p.returncode, name)
        else:
            if p.returncode != 2:
                bad.append(f"exit status {p.returncode}, expected 2")
            rep = {"findings": []}
        npos = len(fx["expect"])
        ndec = len(fx["decoy"]) + len(fx["absent"])
        if bad:
            print(f"FAIL {name}:")
            for b in bad:
                print("  " + b)
            print("findings were:")
            for f in rep["findings"]:
                print(f"  {f['severity']:8} {f['check']:18} {f['path']}  {f['title']}")
            return 1
        print(f"PASS {name}: {npos} positives found at their severity, "
              f"{ndec} decoys absent, {len(fx['errors'])} errors expected "
              f"and seen ({len(rep['findings'])} findings in all)")
        return 0
    finally:
        shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
