#!/usr/bin/env python3
"""hostile-report.py: a saved report is untrusted (issue 13, W1 W4 W10).

Everything is built at test time in a temporary directory: a small root
filesystem, a report of it written here by hand (valid by the contract),
and hostile variants of that report.

W1  Each hostile variant (a policy path climbing out of the root with
    '..', paths that are not absolute or not normal, an empty, relative
    or non-normal root, a host report with another root, ids out of
    range or negative, an unknown kind, family, severity or action, text
    not in the form of docs/paths.md, a NUL, an escape in an id) makes
    `privmap fix`, `rules`, `policy` and `scan --baseline` exit 2 with a
    message naming the member, echoing nothing raw, and leaves an
    existing output file as it was. A rootfs report at / gets no fix
    script. The fix script's own at() refuses a '..' path: a line calling
    it with /../outside/file, added to a generated script, changes
    nothing outside the root under --apply, nor does a rootfs root that
    is a link to /; a link swapped in between the owner test and the
    chown is changed itself, not the file it points to.
W4  A writer's failure prints its reason and leaves the existing output
    file as it was; an output that cannot be opened says why; a scan that
    fails leaves every file it was to write as it was, and one that ends
    replaces them whole (as root, in a directory only root may change,
    after the drop to uid 65534); a write that fails (/dev/full) says
    why (No space left on device); a relative --root works with
    --fix-script (the script's ROOT is absolute), and its report meets
    the report contract (tests/contract/check-report.py).
W10 The fix script's dry run prints no byte of a name raw: no escape, no
    newline inside a line, nothing but printable ASCII; each name is one
    single-quoted word.
"""
import copy
import json
import os
import re
import shutil
import stat
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from contract import check_report  # noqa: E402

PRIVMAP = os.environ.get("PRIVMAP", "privmap")
if "/" in PRIVMAP:
    PRIVMAP = os.path.abspath(PRIVMAP)
fails = []


def fail(msg):
    print("FAIL:", msg)
    fails.append(msg)


def run(*argv, cwd=None):
    return subprocess.run([PRIVMAP, *argv], capture_output=True, cwd=cwd)


def finding(fid, path, policy, **ev):
    return {"id": fid, "check": "writable-config",
            "family": "writable-config", "severity": "high", "score": 8.0,
            "title": "a file root reads is writable", "path": path,
            "evidence": dict(how="writable", **ev),
            "remediation": None, "policy": policy, "audit": []}


def report(root, findings):
    return {"schema": "privmap.report/1",
            "tool": {"name": "privmap", "version": "test"},
            "target": {"kind": "rootfs", "root": root,
                       "user": {"name": "agent", "uid": 1001, "gid": 1001,
                                "groups": [{"name": "agent",
                                            "gid": 1001}]}},
            "summary": {"score": 8.0, "findings": len(findings)},
            "findings": findings, "errors": [], "notes": []}


def good_graph():
    """a graph as privmap writes it: agent -> alice (the report's
    finding) -> root (a finding judged as alice, in the graph)"""
    hops = [{"from": "user:agent", "to": "user:alice",
             "finding": "PM-0000000000000001"},
            {"from": "user:alice", "to": "root",
             "finding": "PM-0000000000000002"}]
    f2 = finding("PM-0000000000000002", "/etc/cron.d/job",
                 ["write /etc/cron.d/job"])
    f2["audit_data"] = []
    f2["grants"] = {"node": "root", "wait": "periodic", "sure": "certain"}
    f2["as"] = "user:alice"
    return {"start": "user:agent",
            "nodes": [{"id": "user:agent", "kind": "user", "name": "agent",
                       "uid": 1001, "groups": [1001], "reaches_root": True,
                       "distance": 0},
                      {"id": "user:alice", "kind": "user", "name": "alice",
                       "uid": 1002, "groups": [1002], "reaches_root": True,
                       "distance": 1},
                      {"id": "root", "kind": "root", "name": "root",
                       "uid": 0, "reaches_root": True, "distance": 2}],
            "edges": [dict(hops[0], wait="login", sure="certain"),
                      dict(hops[1], wait="periodic", sure="certain")],
            "findings": [f2],
            "paths": [{"hops": hops, "severity": "high", "score": 8.6}],
            "paths_total": 1,
            "reachable": [{"node": "user:alice",
                           "hops": ["PM-0000000000000001"],
                           "reaches_root": True},
                          {"node": "root", "hops": ["PM-0000000000000001",
                                                    "PM-0000000000000002"],
                           "reaches_root": True}],
            "cut": {"findings": ["PM-0000000000000002"], "exact": True,
                    "paths": 1}}


def graph_with(g, where, value):
    g = copy.deepcopy(g)
    set_in(g, where, value)
    return g


def set_in(doc, where, value):
    """where: a list of keys and indexes; value None deletes"""
    for k in where[:-1]:
        doc = doc[k]
    if value is None:
        del doc[where[-1]]
    else:
        doc[where[-1]] = value


def write(path, doc):
    with open(path, "w", encoding="utf-8") as f:
        json.dump(doc, f)


def main():
    t = tempfile.mkdtemp(prefix="privmap-hostile-report-")
    try:
        return tests(t)
    finally:
        shutil.rmtree(t, ignore_errors=True)


def tests(t):
    root = os.path.join(t, "root")
    outside = os.path.join(t, "outside")
    for d in ("etc/cron.d", "home/agent"):
        os.makedirs(os.path.join(root, d))
    os.makedirs(outside)
    with open(os.path.join(root, "etc/passwd"), "w") as f:
        f.write("root:x:0:0::/root:/bin/sh\n"
                "agent:x:1001:1001::/home/agent:/bin/sh\n")
    with open(os.path.join(root, "etc/group"), "w") as f:
        f.write("root:x:0:\nagent:x:1001:\n")
    for p in (os.path.join(root, "etc/cron.d/job"),
              os.path.join(outside, "file")):
        with open(p, "w") as f:
            f.write("x\n")
        os.chmod(p, 0o666)
    base = report(root, [finding("PM-0000000000000001", "/etc/cron.d/job",
                                 ["write /etc/cron.d/job"])])
    good = os.path.join(t, "good.json")
    write(good, base)
    for sub in ("fix", "rules", "policy"):
        p = run(sub, good)
        if p.returncode != 0:
            fail(f"{sub} of the valid report exited {p.returncode}: "
                 f"{p.stderr!r}")
    # a valid graph: accepted; the fix script closes the cut's finding
    # judged as alice first, for alice
    gdoc = copy.deepcopy(base)
    gdoc["findings"][0]["grants"] = {"node": "user:alice", "wait": "login",
                                     "sure": "certain"}
    gdoc["graph"] = good_graph()
    gpath = os.path.join(t, "graph.json")
    write(gpath, gdoc)
    p = run("fix", gpath)
    out = p.stdout.decode("utf-8", "replace")
    if p.returncode != 0:
        fail(f"fix of a report with a graph exited {p.returncode}: "
             f"{p.stderr!r}")
    elif "# judged as user:alice" not in out or \
            "USER_UID=1002" not in out or \
            out.index("PM-0000000000000002") > \
            out.index("PM-0000000000000001"):
        fail("the fix script of a graph report does not close the cut's "
             "finding judged as alice first, as alice")
    if fails:
        return 1

    # ---- W1: hostile reports are refused, naming the member ----------
    out_of_root = "write /../../../" + outside.lstrip("/") + "/file"
    F = ["findings", 0]
    hostile = [
        ("a policy path climbing out of the root", F + ["policy", 0],
         out_of_root, "findings[0].policy[0]"),
        ("a finding path with ..", F + ["path"], "/etc/../../x",
         "findings[0].path"),
        ("a finding path with //", F + ["path"], "/etc//cron.d/job",
         "findings[0].path"),
        ("a finding path with .", F + ["path"], "/etc/./cron.d/job",
         "findings[0].path"),
        ("a relative finding path", F + ["path"], "etc/cron.d/job",
         "findings[0].path"),
        ("an empty rootfs root", ["target", "root"], "", "target.root"),
        ("a relative root", ["target", "root"], "relative/root",
         "target.root"),
        ("a root with ..", ["target", "root"], root + "/../outside",
         "target.root"),
        ("an unknown kind", ["target", "kind"], "vm", "target.kind"),
        ("uid -1", ["target", "user", "uid"], -1, "target.user.uid"),
        ("uid 4294967295", ["target", "user", "uid"], 4294967295,
         "target.user.uid"),
        ("gid 99999999999", ["target", "user", "gid"], 99999999999,
         "target.user.gid"),
        ("a negative group gid", ["target", "user", "groups", 0, "gid"],
         -5, "target.user.groups[0].gid"),
        ("a string uid", ["target", "user", "uid"], "0",
         "target.user.uid"),
        ("an unknown family", F + ["family"], "rootkit",
         "findings[0].family"),
        ("an unknown severity", F + ["severity"], "urgent",
         "findings[0].severity"),
        ("an unknown action", F + ["policy", 0], "chmod /etc/cron.d/job",
         "findings[0].policy[0]"),
        ("a port out of range", F + ["policy", 0], "port 127.0.0.1:99999",
         "findings[0].policy[0]"),
        ("a writable_directory with ..",
         F + ["evidence", "writable_directory"], "/etc/../..",
         "findings[0].evidence.writable_directory"),
        ("text not in privmap's form", F + ["path"], "/etc/bad\\q",
         "findings[0].path"),
        ("\\x41 for A", F + ["path"], "/etc/\\x41", "findings[0].path"),
        ("a NUL in a path", F + ["path"], "/etc/cron.d/job\u0000x",
         "not JSON"),
        ("an escape in an id", F + ["id"], "PM-\u001b]2;owned\u0007",
         "findings[0].id"),
        ("no findings", ["findings"], None, "findings"),
    ]
    # the escalation graph (issue 15): its findings are checked as the
    # report's, and its structure as privmap writes it
    g = good_graph()
    G = ["graph"]
    hostile += [
        ("a graph finding's policy climbing out of the root",
         G, graph_with(g, ["findings", 0, "policy", 0], out_of_root),
         "graph.findings[0].policy[0]"),
        ("a graph finding's path with ..",
         G, graph_with(g, ["findings", 0, "path"], "/etc/../../x"),
         "graph.findings[0].path"),
        ("a graph finding judged as no node",
         G, graph_with(g, ["findings", 0, "as"], "user:nobody-here"),
         "graph.findings"),
        ("an edge to no node", G, graph_with(g, ["edges", 0, "to"],
         "user:mallory"), "graph.edges"),
        ("a node id that is no node", G, graph_with(g, ["nodes", 1, "id"],
         "alice"), "graph.nodes"),
        ("a node uid out of range", G, graph_with(g, ["nodes", 1, "id"],
         "uid:4294967295"), "graph.nodes"),
        ("an unknown wait", G, graph_with(g, ["edges", 0, "wait"],
         "later"), "graph.edges"),
        ("an escape in a cut id", G, graph_with(g, ["cut", "findings", 0],
         "PM-\u001b]2;owned\u0007"), "graph.cut.findings"),
        ("a path hop that is no edge", G, graph_with(g, ["paths", 0,
         "hops", 1, "finding"], "PM-0000000000000009"), "graph"),
        ("a grant to no identity", F + ["grants"], {"node": "nobody",
         "wait": "now", "sure": "certain"}, "findings[0].grants.node"),
    ]
    n_ok = 0
    for label, where, value, member in hostile:
        doc = copy.deepcopy(base)
        set_in(doc, where, value)
        path = os.path.join(t, "hostile.json")
        write(path, doc)
        ok = True
        for sub in ("fix", "rules", "policy"):
            outp = os.path.join(t, "out")
            with open(outp, "w") as f:
                f.write("keep me\n")
            p = run(sub, path, "-o", outp)
            err = p.stderr.decode("utf-8", "replace")
            if p.returncode != 2:
                fail(f"{label}: {sub} exited {p.returncode}, not 2")
                ok = False
            elif member not in err:
                fail(f"{label}: {sub} did not name {member}: {err!r}")
                ok = False
            if re.search(r"[\x00-\x08\x0b-\x1f\x7f]", err):
                fail(f"{label}: {sub} echoed a control: {err!r}")
                ok = False
            if open(outp).read() != "keep me\n":
                fail(f"{label}: {sub} changed the existing output file")
                ok = False
        p = run("scan", "--root", root, "--user", "agent", "--format",
                "json", "--fail-on", "none", "-q", "--baseline", path)
        err = p.stderr.decode("utf-8", "replace")
        if p.returncode != 2 or member not in err:
            fail(f"{label}: scan --baseline exited {p.returncode}: {err!r}")
            ok = False
        n_ok += ok
    print(f"W1: {n_ok} of {len(hostile)} hostile reports refused by fix, "
          "rules, policy and --baseline, the member named")
    if oct(os.stat(os.path.join(outside, "file")).st_mode & 0o777) != \
            oct(0o666):
        fail("a file outside the root was changed")

    # a rootfs report at /: no script that would act on the host
    doc = copy.deepcopy(base)
    doc["target"]["root"] = "/"
    path = os.path.join(t, "slash.json")
    write(path, doc)
    outp = os.path.join(t, "fix.out")
    with open(outp, "w") as f:
        f.write("keep me\n")
    p = run("fix", path, "-o", outp)
    err = p.stderr.decode()
    if p.returncode != 2 or "root filesystem at /" not in err:
        fail(f"fix of a rootfs report at /: exit {p.returncode}: {err!r}")
    # W4: the writer's reason, and the file as it was
    if open(outp).read() != "keep me\n":
        fail("a failed fix left the existing output file changed")
    if p.returncode == 2 and "failed" in err:
        fail(f"the message does not say why: {err!r}")
    p = run("policy", path)
    if p.returncode != 0:
        fail(f"policy of a rootfs report at / exited {p.returncode}")
    if not fails:
        print("rootfs at /: no fix script, the reason given, the old "
              "file kept")

    # a rootfs root that is a link to / (or /proc/self/root): normal in
    # form, but the script would act on this machine; it must stop
    for lroot in (os.path.join(t, "to-slash"), "/proc/self/root"):
        if lroot.startswith(t):
            os.symlink("/", lroot)
        target = os.path.join(outside, "file")
        doc = report(lroot, [finding("PM-0000000000000002", target,
                                     ["write " + target])])
        path = os.path.join(t, "link-root.json")
        write(path, doc)
        sp = os.path.join(t, "link-root.sh")
        p = run("fix", path, "-o", sp)
        if p.returncode != 0:
            fail(f"fix of a report rooted at {lroot}: exit "
                 f"{p.returncode}: {p.stderr!r}")
            continue
        p = subprocess.run(["sh", sp, "--apply"], capture_output=True)
        mode = os.stat(target).st_mode & 0o777
        if mode != 0o666:
            fail(f"a script rooted at {lroot} (a link to /) changed "
                 f"{target}: now {oct(mode)}")
            os.chmod(target, 0o666)
        elif p.returncode == 0 or b"leads to /" not in p.stderr:
            fail(f"a script rooted at {lroot}: exit {p.returncode}, "
                 f"{p.stderr!r}")
        else:
            print(f"a rootfs script rooted at {lroot} (a link to /) stops")

    # the script's own at() refuses '..'
    p = run("fix", good, "-o", os.path.join(t, "fix.sh"))
    lines = open(os.path.join(t, "fix.sh")).read().split("\n")
    i = next(k for k, l in enumerate(lines) if l.startswith("finding '"))
    lines.insert(i + 1, "if at '/../outside/file' 'x'; then "
                 "no_write \"$P\"; fi")
    with open(os.path.join(t, "fix-dots.sh"), "w") as f:
        f.write("\n".join(lines))
    p = subprocess.run(["sh", os.path.join(t, "fix-dots.sh"), "--apply"],
                       capture_output=True)
    mode = os.stat(os.path.join(outside, "file")).st_mode & 0o777
    if mode != 0o666:
        fail(f"the script's at() let '..' through: outside file now "
             f"{oct(mode)}")
    elif b"refused" not in p.stderr:
        fail(f"the script did not say it refused '..': {p.stderr!r}")
    else:
        print("the fix script's at() refuses /../outside/file")
    os.chmod(os.path.join(root, "etc/cron.d/job"), 0o666)

    # the user swaps its file for a link out of the root between the
    # script's test of the owner and its chown: a find on PATH that does
    # the swap as the test runs stands for the race; the chown must change
    # the link, not the file outside it
    if os.geteuid() == 0:
        job = os.path.join(root, "etc/cron.d/job")
        owned = os.path.join(outside, "owned")
        with open(owned, "w") as f:
            f.write("x\n")
        os.chown(owned, 1001, 1001)
        os.chown(job, 1001, 1001)
        os.chmod(job, 0o666)
        shim = os.path.join(t, "shim")
        os.mkdir(shim)
        realfind = shutil.which("find") or "/usr/bin/find"
        with open(os.path.join(shim, "find"), "w") as f:
            f.write("#!/bin/sh\n"
                    f"out=$('{realfind}' \"$@\")\n"
                    "case \" $* \" in *' -user '*)\n"
                    "  if [ -n \"$out\" ] && [ ! -h \"$SWAP\" ]; then\n"
                    "    rm -f \"$SWAP\"; ln -s \"$SWAP_TO\" \"$SWAP\"\n"
                    "  fi ;;\n"
                    "esac\n"
                    "[ -z \"$out\" ] || printf '%s\\n' \"$out\"\n")
        os.chmod(os.path.join(shim, "find"), 0o755)
        sp = os.path.join(t, "race.sh")
        run("fix", good, "-o", sp)
        env = dict(os.environ, PATH=shim + ":" + os.environ["PATH"],
                   SWAP=job, SWAP_TO=owned)
        p = subprocess.run(["sh", sp, "--apply"], capture_output=True,
                           env=env)
        st = os.stat(owned)
        if not os.path.islink(job):
            fail(f"the race was not run: {p.stderr!r}")
        elif st.st_uid != 1001:
            fail(f"chown followed a link swapped in after its test: "
                 f"{owned} now owned by {st.st_uid}")
        else:
            print("a link swapped in before the chown: the file outside "
                  "keeps its owner")
        os.unlink(job)
        with open(job, "w") as f:
            f.write("x\n")
        os.chmod(job, 0o666)

    # ---- W4: reasons, and a relative --root -------------------------
    p = run("fix", good, "-o", os.path.join(t, "no/such/dir/fix.sh"))
    if p.returncode != 2 or b"No such file or directory" not in p.stderr:
        fail(f"an output that cannot be opened: exit {p.returncode}, "
             f"{p.stderr!r}")
    # one file named for two outputs: refused, the file as it was (the
    # script used to replace the report the scan said it wrote)
    same = os.path.join(t, "same.out")
    with open(same, "w") as f:
        f.write("keep me\n")
    p = run("scan", "--root", root, "--user", "agent", "-q", "--fail-on",
            "none", "--format", "json", "-o", same, "--fix-script",
            os.path.join(t, ".", "same.out"))
    if p.returncode != 2 or b"two outputs" not in p.stderr or \
            open(same).read() != "keep me\n":
        fail(f"-o F --fix-script F: exit {p.returncode}, {p.stderr!r}, "
             f"F now {open(same).read()[:40]!r}")
    # a write that fails (a full disk: /dev/full) says why
    if os.path.exists("/dev/full"):
        for argv in (("fix", good), ("rules", good), ("policy", good),
                     ("scan", "--root", root, "--user", "agent", "-q",
                      "--fail-on", "none", "--format", "json")):
            p = run(*argv, "-o", "/dev/full")
            if p.returncode != 2 or \
                    b"No space left on device" not in p.stderr:
                fail(f"{argv[0]} -o /dev/full: exit {p.returncode}, "
                     f"{p.stderr!r}")
    p = run("scan", "--root", "root", "--user", "agent", "--format", "json",
            "-o", "rel.json", "--fail-on", "none", "-q", "--fix-script",
            "rel.sh", cwd=t)
    if p.returncode not in (0, 1):
        fail(f"scan --root root --fix-script: exit {p.returncode}: "
             f"{p.stderr!r}")
    else:
        script = open(os.path.join(t, "rel.sh")).read()
        if f"\nROOT='{root}'\n" not in script:
            fail("the script of a relative --root does not name it "
                 "absolute")
        for b in check_report(os.path.join(t, "rel.json"), root):
            fail(b)
        rep = json.load(open(os.path.join(t, "rel.json")))
        if rep["target"]["root"] != root:
            fail(f"target.root is {rep['target']['root']!r}, not {root!r}")
        p = run("fix", os.path.join(t, "rel.json"))
        if p.returncode != 0 or p.stdout.decode() != script:
            fail("fix of the relative --root report differs from the "
                 "scan's script")
        else:
            print("relative --root: ROOT absolute, scan and fix agree")
    # a scan that fails keeps the files it was to write; as root, the
    # files land in a directory only root may change (privmap writes them
    # after dropping to uid 65534)
    od = os.path.join(t, "od")
    os.mkdir(od, 0o700)
    outs = [os.path.join(od, n) for n in ("r.json", "fix.sh", "pol.json")]
    for o in outs:
        with open(o, "w") as f:
            f.write("keep me\n")
    argv = ["scan", "--root", root, "--format", "json", "-o", outs[0],
            "--fix-script", outs[1], "--policy", outs[2], "-q",
            "--fail-on", "none"]
    p = run(*argv, "--user", "nosuch")
    kept = all(open(o).read() == "keep me\n" for o in outs)
    if p.returncode != 2 or not kept or len(os.listdir(od)) != 3:
        fail(f"a failed scan: exit {p.returncode}, files kept {kept}, "
             f"{sorted(os.listdir(od))!r}")
    p = run(*argv, "--user", "agent")
    if p.returncode != 0 or any(open(o).read() == "keep me\n"
                                for o in outs) or len(os.listdir(od)) != 3:
        fail(f"a scan writing into a directory only {os.geteuid()} may "
             f"change: exit {p.returncode}: {p.stderr!r}")
    elif not fails:
        print("a failed scan keeps its outputs; a good one replaces them "
              "whole" + (" (root: renamed after the privilege drop)"
                         if os.geteuid() == 0 else ""))
    leftovers = [n for n in os.listdir(t) if n.startswith(".")]
    if leftovers:
        fail(f"temporary files left behind: {leftovers!r}")

    # ---- W10: the dry run shows names escaped and quoted ------------
    names = {"with space": "with space", "esc\x1b[2Jape": "esc\\x1b[2Jape",
             "new\nline": "new\\x0aline", "it's": "it\\x27s",
             "back\\slash": "back\\\\slash"}
    fs = []
    for k, n in enumerate(names):
        p = os.path.join(root, "etc/cron.d", n)
        with open(p, "w") as f:
            f.write("x\n")
        os.chmod(p, 0o666)
        enc = "/etc/cron.d/" + n.replace("\\", "\\\\")
        fs.append(finding(f"PM-00000000000001{k:02d}", enc,
                          ["write " + enc]))
    raw = os.fsencode(os.path.join(root, "etc/cron.d")) + b"/bad\xff"
    with open(raw, "w") as f:
        f.write("x\n")
    os.chmod(raw, 0o666)
    fs.append(finding("PM-0000000000000200", "/etc/cron.d/bad\\xff",
                      ["write /etc/cron.d/bad\\xff"]))
    path = os.path.join(t, "names.json")
    write(path, report(root, fs))
    p = run("fix", path, "-o", os.path.join(t, "names.sh"))
    if p.returncode != 0:
        fail(f"fix of the names report exited {p.returncode}: {p.stderr!r}")
        return 1
    p = subprocess.run(["sh", os.path.join(t, "names.sh")],
                       capture_output=True)
    shown = p.stdout + p.stderr
    bad = re.findall(rb"[^\x20-\x7e\n]", shown)
    if bad:
        fail(f"the dry run printed raw bytes {sorted(set(bad))!r}")
    want = [f"would run: chmod o-w '{root}/etc/cron.d/{s}'"
            for s in list(names.values()) + ["bad\\xff"]]
    got = p.stdout.decode("ascii", "replace").split("\n")
    for w in want:
        if w not in got:
            fail(f"the dry run lacks the line {w!r}")
    for line in got:
        if line.startswith("would run:") and \
                not re.fullmatch(r"would run: chmod o-w '[^']*'", line):
            fail(f"an ambiguous dry-run line: {line!r}")
    if not fails:
        print(f"W10: {len(want)} names shown quoted, nothing raw "
              f"({len(shown)} bytes of dry run)")
    return 1 if fails else 0


if __name__ == "__main__":
    sys.exit(main())
