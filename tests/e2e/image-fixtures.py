#!/usr/bin/env python3
"""image-fixtures.py: every fixture host, scanned as an unpacked root by
root and as an image archive by nobody, must give the same findings.

Each fixtures/*.fix is built as a directory by run-fixture.py's own
builder (owners, setuid bits, capabilities, ACLs), then packed into a
two-layer image the way a Dockerfile would leave it: the first layer holds
the tree with setuid bits cleared and without capabilities, plus a setuid
decoy and a directory of decoys; the second layer sets the bits and
capabilities again (re-adding those files), whites the decoy out and makes
the decoy directory opaque. Written as an OCI archive (gzip layers), it is
scanned with `privmap scan --image` under setpriv as uid 65534, and the
directory with `privmap scan --root` as root; the findings (check,
family, severity, path, id) must be equal, both reports must meet the
report contract (tests/contract/check-report.py), and the image's
target.arch must be x86_64: the fixtures hold no ELF program, so it comes
from the image config's amd64 in the kernel's spelling.

Fixtures with sockets (a tar cannot hold one), sparse files, a bare
numeric user (an image runs a uid without a passwd entry with gid 0, as
Docker does, where --root gives it no group) or an expected exit status
of 2 are passed over; none left to run is a failure. Root only.
Environment: PRIVMAP, TOP_SRCDIR. Exit 0 pass, 1 fail (a privmap that
fails or refuses --image included), 77 skip (not root, or setpriv
missing off CI: need.py).
"""
import glob
import importlib.util
import json
import os
import shutil
import stat
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import imagelib as il  # noqa: E402
from contract import check_doc  # noqa: E402
from need import need  # noqa: E402

SRC = os.environ.get("TOP_SRCDIR", os.path.join(HERE, "..", ".."))
PRIVMAP = os.environ.get("PRIVMAP", "privmap")


def load_runner():
    spec = importlib.util.spec_from_file_location(
        "run_fixture", os.path.join(HERE, "run-fixture.py"))
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def xattrs_of(p):
    out = {}
    for n in ("security.capability", "system.posix_acl_access"):
        try:
            out[n] = os.getxattr(p, n, follow_symlinks=False)
        except OSError:
            pass
    return out


def pack(root):
    """Two layers whose result is the tree at root."""
    l1, l2 = il.Layer(), il.Layer()
    seen, special_keys = {}, set()
    for d, dirs, files in os.walk(root):
        dirs.sort()
        rel = os.path.relpath(d, root)
        if rel != ".":
            st = os.lstat(d)
            l1.dir(rel, stat.S_IMODE(st.st_mode), st.st_uid, st.st_gid,
                   xattrs_of(d))
        for n in sorted(files) + [x for x in dirs
                                  if os.path.islink(os.path.join(d, x))]:
            p = os.path.join(d, n)
            r = os.path.normpath(os.path.join(rel, n))
            st = os.lstat(p)
            m = stat.S_IMODE(st.st_mode)
            if stat.S_ISLNK(st.st_mode):
                l1.symlink(r, os.readlink(p), st.st_uid, st.st_gid)
            elif stat.S_ISREG(st.st_mode):
                key = (st.st_dev, st.st_ino)
                if st.st_nlink > 1 and key in seen:
                    # a link to a file layer 2 re-adds goes in layer 2
                    # too, or it would keep layer 1's inode
                    (l2 if key in special_keys else l1).hardlink(
                        r, seen[key])
                    continue
                seen[key] = r
                with open(p, "rb") as f:
                    data = f.read()
                xa = xattrs_of(p)
                special = m & 0o6000 or "security.capability" in xa
                plain = {k: v for k, v in xa.items()
                         if k != "security.capability"}
                l1.file(r, data, m & ~0o6000, st.st_uid, st.st_gid, plain)
                if special:
                    # the later layer adds the bits and capabilities
                    l2.file(r, data, m, st.st_uid, st.st_gid, xa)
                    special_keys.add(key)
            elif stat.S_ISFIFO(st.st_mode):
                l1.fifo(r, m, st.st_uid, st.st_gid)
            elif stat.S_ISCHR(st.st_mode):
                l1.char(r, os.major(st.st_rdev), os.minor(st.st_rdev), m,
                        st.st_uid, st.st_gid)
    # decoys the second layer takes away
    l1.file("usr/local/bin/privmap-decoy", b"\x7fELF", 0o4755)
    l1.dir("opt/privmap-decoys", 0o777)
    l1.file("opt/privmap-decoys/tool", b"\x7fELF", 0o6777)
    l2.whiteout("usr/local/bin/privmap-decoy")
    l2.dir("opt/privmap-decoys", 0o755).opaque("opt/privmap-decoys")
    return [(l1, "gzip"), (l2, "gzip")]


def findings(out):
    rep = json.loads(out)
    return rep, sorted((f["check"], f["family"], f["severity"], f["path"],
                        f["id"]) for f in rep["findings"]
                       if not f["path"].startswith("/opt/privmap-decoys")
                       and f["path"] != "/usr/local/bin/privmap-decoy")


def main():
    if os.geteuid() != 0:
        print("SKIP: building fixture hosts needs root")
        return 77
    need("PRIVMAP_SETPRIV", "setpriv (util-linux)", "setpriv")
    nobody = il.as_nobody()
    rf = load_runner()
    bad, ran = [], 0
    for path in sorted(glob.glob(os.path.join(SRC, "fixtures", "*.fix"))):
        name = os.path.basename(path)
        fx = rf.parse(path)
        kinds = {op["kind"] for op in fx["ops"]}
        users = {u[0] for u in fx["users"]}
        why = ("sockets" if "socket" in kinds else
               "sparse files" if "sparse" in kinds else
               "exit 2 expected" if fx["exit"] == 2 else
               "a bare numeric user" if fx["user"] not in users else None)
        if why:
            print("pass over %s: %s" % (name, why))
            continue
        tmp = tempfile.mkdtemp(prefix="privmap-imgfx.")
        os.chmod(tmp, 0o755)
        try:
            root = os.path.join(tmp, "root")
            os.mkdir(root)
            rf.build(fx, root)
            img = il.Image(pack(root), config={"User": fx["user"]})
            arch = os.path.join(tmp, "image.tar")
            il.write_tar(img.oci_members(), arch)
            os.chmod(arch, 0o644)
            base = ["scan", "--user", fx["user"], "--format", "json", "-q",
                    "--fail-on", "none"] + fx["args"]
            d = subprocess.run([PRIVMAP] + base + ["--root", root],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                               text=True, timeout=300)
            i = subprocess.run(nobody + [PRIVMAP] + base + ["--image", arch],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                               text=True, timeout=300)
            ran += 1
            if d.returncode != 0 or i.returncode != 0:
                bad.append("%s: exit %d (root) and %d (image): %s %s" %
                           (name, d.returncode, i.returncode,
                            d.stderr.strip(), i.stderr.strip()))
                continue
            rd, fd = findings(d.stdout)
            ri, fi = findings(i.stdout)
            for what, doc, top in (("root", d.stdout, root),
                                   ("image", i.stdout, None)):
                bad += ["%s (%s): %s" % (name, what, v)
                        for v in check_doc(doc, tmp, top)]
            if ri["target"]["kind"] != "image":
                bad.append(name + ": target.kind is not image")
            if ri["target"].get("arch") != "x86_64":
                bad.append("%s: the image's target.arch is %r, not x86_64" %
                           (name, ri["target"].get("arch")))
            if fd != fi:
                msg = [name + ": findings differ"]
                for f in sorted(set(fd) ^ set(fi)):
                    msg.append("  only in %s: %s" %
                               ("root" if f in fd else "image", f))
                bad.append("\n".join(msg))
            else:
                print("PASS %s: %d findings, the same from the image" %
                      (name, len(fd)))
        finally:
            shutil.rmtree(tmp, ignore_errors=True)
    for b in bad:
        print("FAIL " + b)
    if ran == 0:
        print("FAIL: no fixture could be packed")
        return 1
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
