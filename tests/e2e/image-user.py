#!/usr/bin/env python3
"""image-user.py: an image whose containers run as root is a finding.

Scanned without --user, an image is evaluated as the user its config
names (User, resolved in the image's own passwd as runc does). When that
user is uid 0 the image-user check (checks/image-user.c) reports one
finding: check image-user, family process-capability, severity high, at
"/", titled by why (no User at all, or a User naming uid 0), with the
config's User as evidence and a Dockerfile USER as the remedy; the scan
then exits 1 at the default --fail-on high.

No finding, and exit 0, when the User is an unprivileged account, and
none either when --user is given: the user named on the command line is
the one evaluated, root included. Every JSON report meets the report
contract (tests/contract/check-report.py).

Environment: PRIVMAP. Exit 0 pass, 1 fail, 77 skip (root without
setpriv off CI: need.py).
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

PASSWD = ("root:x:0:0:root:/root:/bin/sh\n"
          "toor:x:0:0:another root:/root:/bin/sh\n"
          "agent:x:1000:1000::/home/agent:/bin/sh\n")
REMEDY = ("add a USER instruction naming an unprivileged user to the "
          "Dockerfile")


def check(cond, what):
    print(("ok: " if cond else "FAIL: ") + what)
    if not cond:
        failures.append(what)


def image(user):
    """A minimal image: users, and nothing a check would report."""
    base = (il.Layer().dir("etc").file("etc/passwd", PASSWD)
            .file("etc/group", "root:x:0:\nagent:x:1000:\n")
            .dir("home/agent", 0o755, 1000, 1000))
    return il.Image([(base, None)],
                    config={} if user is None else {"User": user})


def scan(tmp, path, *args):
    r = subprocess.run(il.as_nobody() + [PRIVMAP, "scan", "-q", "--image",
                                         path, "--format", "json"] +
                       list(args), stdout=subprocess.PIPE,
                       stderr=subprocess.PIPE, text=True, timeout=300)
    what = "scan of %s %s" % (os.path.basename(path), " ".join(args))
    if r.returncode not in (0, 1):
        check(False, "%s exits 0 or 1 (%d: %s)" % (what, r.returncode,
                                                   r.stderr.strip()))
        return r.returncode, []
    bad = check_doc(r.stdout, tmp)
    check(not bad, "%s meets the report contract%s" % (
        what, "".join("\n  " + b for b in bad)))
    doc = json.loads(r.stdout)
    return r.returncode, [f for f in doc["findings"]
                          if f["check"] == "image-user"]


def body(tmp):
    cases = {"nouser": None, "uid0": "0", "toor": "toor:root",
             "agent": "agent", "uid1000": "1000:1000"}
    paths = {}
    for name, user in cases.items():
        paths[name] = os.path.join(tmp, name + ".tar")
        il.write_tar(image(user).oci_members(), paths[name])
        os.chmod(paths[name], 0o644)

    for name, user, why in (
            ("nouser", "", "no USER in its config"),
            ("uid0", "0", "USER names uid 0"),
            ("toor", "toor:root", "USER names uid 0")):
        rc, fs = scan(tmp, paths[name])
        check(rc == 1, "%s: exit 1 at --fail-on high (%d)" % (name, rc))
        check(len(fs) == 1, "%s: one image-user finding (%d)" %
              (name, len(fs)))
        if len(fs) != 1:
            continue
        f = fs[0]
        check(f["family"] == "process-capability",
              "%s: family process-capability (%s)" % (name, f["family"]))
        check(f["severity"] == "high", "%s: high (%s)" %
              (name, f["severity"]))
        check(f["path"] == "/", "%s: at / (%s)" % (name, f["path"]))
        check(f["title"] == "the image runs as root (%s)" % why,
              "%s: titled %r (%r)" % (name, why, f["title"]))
        check(f["evidence"].get("user") == user,
              "%s: evidence user %r (%r)" % (name, user,
                                             f["evidence"].get("user")))
        check(f["remediation"] == REMEDY, "%s: the Dockerfile USER "
              "remedy (%r)" % (name, f["remediation"]))

    for name in ("agent", "uid1000"):
        rc, fs = scan(tmp, paths[name])
        check(rc == 0 and not fs, "%s: no image-user finding, exit 0 "
              "(%d, %d)" % (name, rc, len(fs)))
    for user in ("root", "agent"):
        rc, fs = scan(tmp, paths["nouser"], "--user", user)
        check(not fs, "nouser --user %s: no image-user finding (%d)" %
              (user, len(fs)))


def main():
    if il.as_nobody() is None:
        need("PRIVMAP_SETPRIV", "setpriv (util-linux)", "setpriv")
    tmp = tempfile.mkdtemp(prefix="privmap-image-user.")
    os.chmod(tmp, 0o777)
    try:
        body(tmp)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
