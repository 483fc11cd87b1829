#!/usr/bin/env python3
"""rpm-provenance.py: set-id files of an RPM-based target judged by its
rpm database (issue 20, part 6), as dpkg's and apk's are.

Builds two packages with the real rpmbuild (a set-id helper, and a
set-id tool later patched on disk), installs them with the real
`rpm --root DIR --dbpath D -i --nodeps --noscripts` into a fresh root
whose database rpm made with --initdb (sqlite, as RHEL 9 and Fedora
write it), plants an unpackaged set-id file, and scans the root with
--root as an unprivileged user, for both places rpm keeps its database
(/var/lib/rpm: RHEL 8/9, Rocky, Alma, UBI; /usr/lib/sysimage/rpm:
Fedora 36 and later, /var/lib/rpm a link to it). Then the same root as
an OCI image (--image), read in memory. Each time:
  - the packaged, untouched helper: shipped by its package, its SHA-256
    matching (checksum=match), not above info;
  - the patched tool: checksum=mismatch, high;
  - the planted file: "no installed package ships it", high;
  - package_database is "rpm", and the scanning host's files are
    unchanged (the rpm database copy is private and removed).
A database librpm cannot read (garbage under the name rpmdb.sqlite) is
an error of the report and never "no package ships it".

Needs root (owners, set-id bits), rpm/rpmbuild (need.py: a skip off
CI, a failure under CI=true) and a privmap built with librpm (the same). Environment: PRIVMAP, TOP_SRCDIR.
"""
import glob
import json
import os
import shutil
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import imagelib as il  # noqa: E402
from contract import check_report  # noqa: E402
from need import need  # noqa: E402

PRIVMAP = os.environ.get("PRIVMAP", "./privmap")
failed = 0

SPEC = """Name: %(name)s
Version: 1.0
Release: 1
Summary: privmap test package
License: MIT
BuildArch: noarch
%%description
privmap's RPM provenance test.
%%install
mkdir -p %%{buildroot}/usr/bin
printf '#!/bin/sh\\necho %(name)s\\n' > %%{buildroot}/usr/bin/%(file)s
%%files
%%attr(4755,root,root) /usr/bin/%(file)s
"""


def check(cond, what):
    global failed
    print(("ok: " if cond else "FAIL: ") + what)
    if not cond:
        failed += 1


def run(argv, **kw):
    r = subprocess.run(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                       text=True, **kw)
    if r.returncode != 0:
        raise RuntimeError("%s: exit %d: %s" % (" ".join(argv), r.returncode,
                                                r.stderr.strip()[-500:]))
    return r


def build_rpms(top):
    rpms = []
    os.makedirs(top)
    for name, file in (("privmap-helper", "pm-helper"),
                       ("privmap-tool", "pm-tool")):
        spec = os.path.join(top, name + ".spec")
        with open(spec, "w") as f:
            f.write(SPEC % {"name": name, "file": file})
        run([RPMBUILD, "-bb", "--quiet", "--define", "_topdir " + top,
             "--define", "_build_id_links none", spec])
        rpms += glob.glob(os.path.join(top, "RPMS", "noarch", name + "-*"))
    return rpms


def make_root(root, dbpath, rpms):
    os.makedirs(os.path.join(root, "etc"))
    with open(os.path.join(root, "etc", "passwd"), "w") as f:
        f.write("root:x:0:0:root:/root:/bin/bash\n"
                "agent:x:1001:1001::/home/agent:/bin/bash\n")
    with open(os.path.join(root, "etc", "group"), "w") as f:
        f.write("root:x:0:\nagent:x:1001:\n")
    if dbpath == "/usr/lib/sysimage/rpm":
        os.makedirs(os.path.join(root, "var", "lib"))
        os.symlink("../../usr/lib/sysimage/rpm",
                   os.path.join(root, "var", "lib", "rpm"))
    base = [RPM, "--root", root, "--dbpath", dbpath]
    run(base + ["--initdb"])
    run(base + ["-i", "--nodeps", "--noscripts", "--ignorearch",
                "--ignoreos"] + rpms)
    # the tool patched after its package installed it
    tool = os.path.join(root, "usr", "bin", "pm-tool")
    with open(tool, "a") as f:
        f.write("# patched\n")
    planted = os.path.join(root, "usr", "local", "bin", "pm-planted")
    os.makedirs(os.path.dirname(planted))
    with open(planted, "w") as f:
        f.write("#!/bin/sh\n")
    os.chmod(planted, 0o4755)


def scan(args, out):
    r = subprocess.run([PRIVMAP, "scan"] + args + [
        "--user", "agent", "--format", "json", "-o", out, "-q",
        "--fail-on", "none"], stdout=subprocess.PIPE,
        stderr=subprocess.PIPE, text=True)
    check(r.returncode == 0, "%s: privmap exits 0 (%d: %s)" %
          (args[1], r.returncode, r.stderr.strip()[:300]))
    errs = check_report(out)
    check(not errs, "%s: the report meets the contract %s" %
          (args[1], errs[:3]))
    with open(out) as f:
        doc = json.load(f)
    return doc


def finding(doc, path):
    for f in doc.get("findings", []):
        if f.get("check") == "setuid" and f.get("path") == path:
            return f
    return None


SEV = ["info", "low", "medium", "high", "critical"]


def expect(doc, label, path, sev, **ev):
    f = finding(doc, path)
    check(f is not None, "%s: a setuid finding on %s" % (label, path))
    if f is None:
        return
    check(f["severity"] == sev, "%s: %s is %s (%s)" %
          (label, path, sev, f["severity"]))
    e = f.get("evidence", {})
    for k, v in ev.items():
        check(e.get(k) == v, "%s: %s has %s=%r (%r)" %
              (label, path, k, v, e.get(k)))


def judge(doc, label):
    expect(doc, label, "/usr/bin/pm-helper", "info", package="privmap-helper",
           checksum="match", package_database="rpm")
    expect(doc, label, "/usr/bin/pm-tool", "high", package="privmap-tool",
           checksum="mismatch", package_database="rpm")
    expect(doc, label, "/usr/local/bin/pm-planted", "high",
           provenance="no installed package ships it",
           package_database="rpm")
    notes = " ".join(doc.get("notes", []))
    check("RPM package database is present" not in notes,
          "%s: no note that the rpm database was not read" % label)


def image_of(root, path):
    """the root as a one-layer OCI image"""
    layer = il.Layer()
    for d, dirs, files in os.walk(root):
        rel = os.path.relpath(d, root)
        if rel != ".":
            st = os.lstat(d)
            layer.dir(rel, mode=st.st_mode & 0o7777)
        for n in sorted(dirs + files):
            p = os.path.join(d, n)
            r = os.path.relpath(p, root)
            st = os.lstat(p)
            if os.path.islink(p):
                layer.symlink(r, os.readlink(p))
            elif os.path.isfile(p):
                with open(p, "rb") as f:
                    layer.file(r, f.read(), mode=st.st_mode & 0o7777)
    il.write_dir(il.Image([(layer, "gzip")]).oci_members(), path)


def main():
    if os.geteuid() != 0:
        print("SKIP: set-id files need root")
        return 77
    tmp = tempfile.mkdtemp(prefix="privmap-rpm.")
    before = sorted(os.listdir(tempfile.gettempdir()))
    try:
        rpms = build_rpms(os.path.join(tmp, "build"))
        check(len(rpms) == 2, "rpmbuild made both packages (%d)" % len(rpms))
        for dbpath in ("/var/lib/rpm", "/usr/lib/sysimage/rpm"):
            root = os.path.join(tmp, "root" + dbpath.replace("/", "-"))
            make_root(root, dbpath, rpms)
            label = "--root, database in " + dbpath
            doc = scan(["--root", root], os.path.join(tmp, "r.json"))
            if any("built without librpm" in e.get("error", "")
                   for e in doc.get("errors", [])):
                # configure --without-rpm, or librpm-dev missing
                if os.environ.get("CI") == "true":
                    print("FAIL: privmap was built without librpm")
                    return 1
                print("SKIP: privmap was built without librpm")
                return 77
            judge(doc, label)
            img = root + ".oci"
            image_of(root, img)
            judge(scan(["--image", img], os.path.join(tmp, "i.json")),
                  "--image, database in " + dbpath)
        # a database librpm cannot read is never "not shipped"
        db = os.path.join(tmp, "root-var-lib-rpm", "var", "lib", "rpm",
                          "rpmdb.sqlite")
        with open(db, "wb") as f:
            f.write(b"not an sqlite database\n" * 100)
        for w in glob.glob(db + "-*"):
            os.unlink(w)
        doc = scan(["--root", os.path.join(tmp, "root-var-lib-rpm")],
                   os.path.join(tmp, "g.json"))
        f = finding(doc, "/usr/local/bin/pm-planted")
        check(f is not None and f["evidence"].get("provenance") is None,
              "garbage database: the planted file is not called unshipped")
        check(any("rpmdb.sqlite" in e.get("path", "") for e in
                  doc.get("errors", [])),
              "garbage database: an error names rpmdb.sqlite (%s)" %
              doc.get("errors"))
        after = sorted(os.listdir(tempfile.gettempdir()))
        left = [n for n in after if n.startswith("privmap-rpmdb.") and
                n not in before]
        check(not left, "no private copy of a database is left (%s)" % left)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return 1 if failed else 0


if __name__ == "__main__":
    RPM = need("PRIVMAP_RPM", "rpm (the rpm package)", "rpm")
    RPMBUILD = need("PRIVMAP_RPMBUILD", "rpmbuild (the rpm package)",
                    "rpmbuild")
    sys.exit(main())
