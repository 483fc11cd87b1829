#!/usr/bin/env python3
"""image-gate.py: the CI gate on image scans, through the command line.

Version 1 of an image has a setuid find; version 2 drops it (fixed) and
adds cap_setuid on python3 (new). Scanned as nobody:

- v1 saved as the baseline: v2 with --baseline fails (exit 1) only
  because of the new finding, and v1 itself passes against its own
  baseline;
- an ignore entry (check and path glob, with a reason) accepting the new
  finding makes v2 pass; the same entry past its expiry date fails again
  with a warning naming the file and line; an id= entry works the same;
- a malformed ignore file (no reason) and an unreadable or non-report
  baseline stop with exit 2 before anything is scanned; so do --root with
  --image, --platform without --image, and a platform the archive lacks;
- --fail-on none never fails; --fail-on with a severity above every
  finding passes;
- every JSON report (plain, with a gate of baselined findings, with a
  gate of ignored ones) meets the report contract
  (tests/contract/check-report.py), and target.arch is x86_64 (the
  config's amd64 in the kernel's spelling: the image has no ELF program).

Environment: PRIVMAP. Exit 0 pass, 1 fail (a privmap that refuses
--image included), 77 skip (root without setpriv off CI: need.py).
"""
import json
import os
import shutil
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import imagelib as il  # noqa: E402
from contract import check_doc  # noqa: E402
from need import need  # noqa: E402

PRIVMAP = os.environ.get("PRIVMAP", "privmap")
failures = []


def check(cond, what):
    print(("ok: " if cond else "FAIL: ") + what)
    if not cond:
        failures.append(what)


PASSWD = ("root:x:0:0:root:/root:/bin/sh\n"
          "agent:x:1000:1000::/home/agent:/bin/sh\n")


def image(version):
    base = (il.Layer().dir("etc").file("etc/passwd", PASSWD)
            .file("etc/group", "root:x:0:\nagent:x:1000:\n")
            .dir("usr/bin").dir("home/agent", 0o755, 1000, 1000))
    top = il.Layer()
    if version == 1:
        top.file("usr/bin/find", b"\x7fELF find", mode=0o4755)
    else:
        top.file("usr/bin/python3", b"\x7fELF python", mode=0o755,
                 xattrs={"security.capability":
                         il.capability([il.CAP_SETUID])})
    return il.Image([(base, "gzip"), (top, "gzip")],
                    config={"User": "agent"})


def scan(*args, quiet=True):
    q = ["-q"] if quiet else []
    r = subprocess.run(il.as_nobody() + [PRIVMAP, "scan"] + q + list(args),
                       stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                       text=True, timeout=300)
    return r


def contract(doc, tmp, what):
    """The report (JSON text) meets the contract."""
    bad = check_doc(doc, tmp)
    check(not bad, "%s meets the report contract%s" % (
        what, "".join("\n  " + b for b in bad)))


def main():
    if il.as_nobody() is None:
        need("PRIVMAP_SETPRIV", "setpriv (util-linux)", "setpriv")
    tmp = tempfile.mkdtemp(prefix="privmap-image-gate.")
    os.chmod(tmp, 0o777)
    try:
        body(tmp)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return 1 if failures else 0


def body(tmp):
    p = lambda n: os.path.join(tmp, n)  # noqa: E731
    for v in (1, 2):
        il.write_tar(image(v).docker_members(), p("v%d.tar" % v))
        os.chmod(p("v%d.tar" % v), 0o644)

    r = scan("--image", p("v1.tar"), "--format", "json", "--fail-on",
             "none", "-o", p("base.json"))
    check(r.returncode == 0, "--fail-on none exits 0 (%d %s)" %
          (r.returncode, r.stderr.strip()))
    with open(p("base.json")) as f:
        contract(f.read(), tmp, "v1's report")
    with open(p("base.json")) as f:
        v1 = json.load(f)
    check(v1["target"].get("arch") == "x86_64",
          "target.arch is x86_64 (%r)" % v1["target"].get("arch"))
    r = scan("--image", p("v2.tar"), "--format", "json", "--fail-on", "none")
    contract(r.stdout, tmp, "v2's report")
    v2 = json.loads(r.stdout)
    ids1 = {f["id"] for f in v1["findings"]}
    new = [f for f in v2["findings"] if f["id"] not in ids1]
    check(any(f["path"] == "/usr/bin/find" for f in v1["findings"]),
          "v1 has the setuid find")
    check(any(f["path"] == "/usr/bin/python3" for f in new),
          "v2's python3 capability is new")
    check(v2["target"]["kind"] == "image", "target.kind is image")
    check(v2["target"]["user"]["name"] == "agent", "the image's USER")
    bar = max((f["severity"] for f in new),
              key=["info", "low", "medium", "high", "critical"].index)

    r = scan("--image", p("v2.tar"), "--fail-on", bar)
    check(r.returncode == 1, "v2 without a baseline fails (%d)" %
          r.returncode)
    r = scan("--image", p("v2.tar"), "--fail-on", bar, "--baseline",
             p("base.json"))
    check(r.returncode == 1, "v2 against v1's baseline fails: a new "
          "finding (%d)" % r.returncode)
    r = scan("--image", p("v1.tar"), "--fail-on", "info", "--baseline",
             p("base.json"))
    check(r.returncode == 0, "v1 against its own baseline passes (%d %s)"
          % (r.returncode, r.stderr.strip()))
    r = scan("--image", p("v2.tar"), "--fail-on", "none", "--baseline",
             p("base.json"))
    check(r.returncode == 0, "--fail-on none passes")

    def ignore(text, name="ignore"):
        with open(p(name), "w") as f:
            f.write(text)
        os.chmod(p(name), 0o644)
        return p(name)

    checks = sorted({f["check"] for f in new})
    ok = ignore("# accepted\n" + "".join(
        "check=%s path=/usr/bin/python3 -- the runtime needs it\n" % c
        for c in checks))
    r = scan("--image", p("v2.tar"), "--fail-on", bar, "--baseline",
             p("base.json"), "--ignore", ok)
    check(r.returncode == 0, "an ignore entry accepts the new finding "
          "(%d %s)" % (r.returncode, r.stderr.strip()))
    by_id = ignore("".join("id=%s -- accepted by id\n" % f["id"]
                           for f in new), "ignore-ids")
    r = scan("--image", p("v2.tar"), "--fail-on", bar, "--baseline",
             p("base.json"), "--ignore", by_id)
    check(r.returncode == 0, "id= entries accept it too (%d)" %
          r.returncode)
    # the verdict is in the reports: the JSON's gate member and per-finding
    # state, SARIF's baselineState and suppressions
    r = scan("--image", p("v2.tar"), "--fail-on", bar, "--baseline",
             p("base.json"), "--ignore", by_id, "--format", "json")
    contract(r.stdout, tmp, "the report with ignored findings")
    doc = json.loads(r.stdout)
    g = doc.get("gate") or {}
    check(g.get("failed") is False and g.get("counted") == 0,
          "the JSON gate member says nothing counted (%r)" % g)
    ign_ids = {x.get("finding") for x in g.get("ignored", [])}
    check({f["id"] for f in new} <= ign_ids, "the gate lists the ignored ids")
    states = {f["id"]: f.get("gate") for f in doc["findings"]}
    check(all(states.get(f["id"]) == "ignored" for f in new),
          "ignored findings carry gate: ignored")
    r = scan("--image", p("v2.tar"), "--fail-on", bar, "--baseline",
             p("base.json"), "--ignore", by_id, "--format", "sarif")
    res = json.loads(r.stdout)["runs"][0]["results"]
    check(any(x.get("suppressions", [{}])[0].get("justification") ==
              "accepted by id" for x in res),
          "SARIF suppresses ignored results with the reason")
    # v1 against its own baseline: every finding is baselined
    r = scan("--image", p("v1.tar"), "--fail-on", "info", "--baseline",
             p("base.json"), "--format", "json")
    contract(r.stdout, tmp, "the report with baselined findings")
    doc = json.loads(r.stdout)
    check(doc["findings"] and all(f.get("gate") == "baselined"
                                  for f in doc["findings"]),
          "baseline findings carry gate: baselined")
    r = scan("--image", p("v1.tar"), "--fail-on", "info", "--baseline",
             p("base.json"), "--format", "sarif")
    res = json.loads(r.stdout)["runs"][0]["results"]
    check(res and all(x.get("baselineState") == "unchanged" for x in res),
          "SARIF marks baseline results unchanged")
    old = ignore("".join("check=%s path=/usr/bin/* expires=2001-02-03 -- "
                         "until the upgrade\n" % c for c in checks),
                 "ignore-old")
    r = scan("--image", p("v2.tar"), "--fail-on", bar, "--baseline",
             p("base.json"), "--ignore", old, quiet=False)
    check(r.returncode == 1, "an expired entry no longer applies (%d)" %
          r.returncode)
    check(":1:" in r.stderr and "expired" in r.stderr,
          "the expiry is warned about with FILE:LINE (%s)" %
          r.stderr.strip()[:200])
    bad = ignore("id=PM-0123 -- fine\ncheck=setuid path=/x\n", "ignore-bad")
    r = scan("--image", p("v2.tar"), "--ignore", bad)
    check(r.returncode == 2, "a malformed ignore file exits 2 (%d)" %
          r.returncode)
    check(bad + ":2:" in r.stderr, "the malformed line is named (%s)" %
          r.stderr.strip()[:200])
    r = scan("--image", p("v2.tar"), "--baseline", p("nonexistent.json"))
    check(r.returncode == 2, "a missing baseline exits 2")
    r = scan("--image", p("v2.tar"), "--baseline", bad)
    check(r.returncode == 2, "a baseline that is not a report exits 2")
    r = scan("--image", p("v2.tar"), "--root", "/")
    check(r.returncode == 2, "--root with --image exits 2")
    r = scan("--root", tmp, "--platform", "linux/amd64")
    check(r.returncode == 2, "--platform without --image exits 2")
    r = scan("--image", p("v2.tar"), "--platform", "linux/s390x")
    check(r.returncode == 2, "a platform the archive lacks exits 2")
    r = scan("--image", p("v2.tar"), "--format", "sarif")
    check(r.returncode in (0, 1), "SARIF output of an image scan")
    try:
        json.loads(r.stdout)
    except ValueError:
        check(False, "the SARIF output is JSON")


if __name__ == "__main__":
    sys.exit(main())
