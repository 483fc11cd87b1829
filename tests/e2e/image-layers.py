#!/usr/bin/env python3
"""image-layers.py: an image built here, read by privmap as an unprivileged
user, must give the tree a runtime would unpack.

The image has four layers (gzip, zstd when a compressor exists, plain):
setuid and setgid programs, one of them whited out by a later layer; a
program that a later layer replaces with one carrying cap_setuid (a PAX
SCHILY.xattr.security.capability record holding a v2 vfs_cap_data); a
hard link to a setuid file; a POSIX ACL as SCHILY.xattr.system.
posix_acl_access; an opaque directory; owners other than root; a device
node and a FIFO; USER set in the config. It is written as an OCI layout
directory, an OCI layout tar, a gzip'd OCI tar, a legacy docker-save tar
and a Docker 25 docker-save tar; every form must list the same tree
(tests/unit/image-dump, run as nobody under setpriv when we are root).
As root, the same layers are also unpacked into a directory and that
directory, read through the directory view, must list the same owners,
modes, setuid bits, capabilities and ACLs. When privmap scan knows
--image, the findings of the image scan (as nobody) must equal those of
the unpacked directory (as root), both reports must meet the report
contract (tests/contract/check-report.py), both must name the same
target.arch in the kernel's spelling (x86_64: read from the image's own
/bin/busybox, an x86-64 ELF header), and the image's USER must be the
default user.

Environment: TOP_BUILDDIR (for tests/unit/image-dump), PRIVMAP.
Exit 0 pass, 1 fail, 77 skip (root without setpriv off CI: need.py).
"""
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

BUILD = os.environ.get("TOP_BUILDDIR", ".")
DUMP = os.path.join(BUILD, "tests/unit/image-dump")
PRIVMAP = os.environ.get("PRIVMAP", os.path.join(BUILD, "privmap"))
failures = []


def check(cond, what):
    if not cond:
        failures.append(what)
        print("FAIL:", what)


PASSWD = ("root:x:0:0:root:/root:/bin/sh\n"
          "daemon:x:1:1:daemon:/usr/sbin:/usr/sbin/nologin\n"
          "agent:x:1000:1000:agent:/home/agent:/bin/bash\n")
GROUP = "root:x:0:\ndaemon:x:1:\nshadow:x:42:\nagent:x:1000:\n"
# the first 64 bytes of an x86-64 program (elf(5): ELFCLASS64, ELFDATA2LSB,
# EV_CURRENT, e_type ET_EXEC, e_machine EM_X86_64 = 62)
ELF_X86_64 = (b"\x7fELF\x02\x01\x01" + bytes(9) + b"\x02\x00\x3e\x00" +
              bytes(44))


def layers(zstd):
    l1 = (il.Layer()
          .dir("etc").file("etc/passwd", PASSWD).file("etc/group", GROUP)
          .file("etc/shadow", "root:*:19000::::::\n", mode=0o640, gid=42)
          .dir("usr").dir("usr/bin")
          .file("usr/bin/su", b"\x7fELF su", mode=0o4755)
          .file("usr/bin/find", b"\x7fELF find", mode=0o4755)
          .file("usr/bin/chage", b"\x7fELF chage", mode=0o2755, gid=42)
          .file("usr/bin/python3", b"\x7fELF python", mode=0o755)
          .hardlink("usr/bin/su-again", "usr/bin/su")
          .dir("opt").dir("opt/app", mode=0o755)
          .file("opt/app/old.conf", "old\n")
          .dir("opt/app/cache", mode=0o777)
          .dir("home").dir("home/agent", mode=0o750, uid=1000, gid=1000)
          .file("home/agent/.bashrc", "# rc\n", uid=1000, gid=1000)
          .dir("dev").char("dev/null", 1, 3)
          .dir("run").fifo("run/ctl", mode=0o600))
    l2 = (il.Layer()
          .whiteout("usr/bin/find")
          .file("usr/bin/python3", b"\x7fELF python", mode=0o755,
                xattrs={"security.capability":
                        il.capability([il.CAP_SETUID])})
          .file("etc/app.conf", "x=1\n", mode=0o660,
                xattrs={"system.posix_acl_access": il.posix_acl([
                    (il.ACL_USER_OBJ, 6, None), (il.ACL_USER, 6, 1000),
                    (il.ACL_GROUP_OBJ, 4, None), (il.ACL_MASK, 6, None),
                    (il.ACL_OTHER, 0, None)])}))
    l3 = (il.Layer()
          .dir("opt/app", mode=0o755).opaque("opt/app")
          .file("opt/app/new.conf", "new\n", uid=1, gid=1)
          .file("usr/bin/ping", b"\x7fELF ping", mode=0o755,
                xattrs={"security.capability":
                        il.capability([il.CAP_NET_RAW])}))
    l4 = (il.Layer()
          .file("etc/motd", "welcome\n")
          .dir("bin").file("bin/busybox", ELF_X86_64, mode=0o755)
          .symlink("usr/bin/sh", "/bin/busybox"))
    return [(l1, "gzip"), (l2, "zstd" if zstd else "gzip"), (l3, None),
            (l4, "gzip")]


def run(argv, nobody=True, **kw):
    pre = il.as_nobody() if nobody else []
    return subprocess.run(pre + argv, stdout=subprocess.PIPE,
                          stderr=subprocess.PIPE, text=True, timeout=300,
                          **kw)


def dump(args, nobody=True):
    r = run([DUMP] + args, nobody=nobody)
    if r.returncode != 0:
        print(r.stdout, r.stderr)
    check(r.returncode == 0, "image-dump %s exits 0" % " ".join(args))
    return r.stdout


def listing(out):
    # the directory view's walk gives entries in no fixed order
    return sorted(l for l in out.splitlines()
                  if l.startswith("/") or l.startswith("walk-error"))


def findings(report):
    return sorted((f["check"], f["family"], f["severity"], f["path"],
                   f["id"]) for f in report["findings"])


def main():
    if not os.path.exists(DUMP):
        print("FAIL: %s not built (make check builds it)" % DUMP)
        return 1
    if il.as_nobody() is None:
        need("PRIVMAP_SETPRIV", "setpriv (util-linux)", "setpriv")
    zstd = il.have_zstd()
    if not zstd:
        print("note: no zstd (python zstandard or the zstd program); "
              "the zstd layer is written with gzip instead")
    tmp = tempfile.mkdtemp(prefix="privmap-image-layers.")
    os.chmod(tmp, 0o755)        # nobody reads the archives in it
    try:
        return body(tmp, zstd)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def body(tmp, zstd):
    img = il.Image(layers(zstd), config={"User": "agent",
                                         "Env": ["PATH=/usr/bin:/bin"]})
    arch = os.path.join(tmp, "archives")
    os.makedirs(arch)
    forms = {
        "oci-dir": lambda p: il.write_dir(img.oci_members(), p),
        "oci.tar": lambda p: il.write_tar(img.oci_members(), p),
        "oci.tar.gz": lambda p: il.write_tar(img.oci_members(), p, "gzip"),
        "docker-legacy.tar": lambda p: il.write_tar(
            img.docker_members(legacy=True), p,
            # docker save writes manifest.json last
            order=sorted(img.docker_members(legacy=True),
                         key=lambda n: (n == "manifest.json", n))),
        "docker25.tar": lambda p: il.write_tar(
            img.docker_members(legacy=False), p),
    }
    for name, write in forms.items():
        write(os.path.join(arch, name))
    il.open_tree(arch)

    ref = None
    for name in forms:
        out = dump(["--image", os.path.join(arch, name), "--info"])
        lst = listing(out)
        check("user agent" in out.splitlines(), name + ": config user")
        check("platform linux/amd64" in out.splitlines(),
              name + ": platform")
        check(not any(l.startswith("error ") for l in out.splitlines()),
              name + ": no noted errors")
        if ref is None:
            ref = lst
            print("\n".join(lst))
        else:
            check(lst == ref, name + ": same tree as oci-dir")
    text = "\n".join(ref)
    expect = [
        "/usr/bin/su f 4755 0 0 size=7 nlink=2",
        "/usr/bin/su-again f 4755 0 0 size=7 nlink=2",
        "/usr/bin/chage f 2755 0 42",
        "/usr/bin/python3 f 0755 0 0 size=11 nlink=1 "
        "cap=0100000280000000000000000000000000000000 walkcap=20",
        "/usr/bin/ping f 0755 0 0 size=9 nlink=1 "
        "cap=0100000200200000000000000000000000000000 walkcap=20",
        "/etc/app.conf f 0660 0 0 size=4 nlink=1 "
        "acl=u::rw-,u:1000:rw-,g::r--,m::rw-,o::---",
        "/etc/shadow f 0640 0 42",
        "/home/agent d 0750 1000 1000",
        "/opt/app/new.conf f 0644 1 1",
        "/dev/null c 0666 0 0 1,3",
        "/run/ctl p 0600 0 0",
        "/usr/bin/sh l 0777 0 0 -> /bin/busybox",
    ]
    for e in expect:
        check(any(l.startswith(e) for l in ref), "listed: " + e)
    for gone in ["/usr/bin/find ", "/opt/app/old.conf", "/opt/app/cache"]:
        check(gone not in text, "whited out: " + gone)

    # the same layers unpacked by a runtime-like applier, as root
    if os.geteuid() == 0:
        root = os.path.join(tmp, "rootfs")
        os.makedirs(root)
        os.chmod(root, 0o755)
        il.unpack(img, root)
        lst = listing(dump(["--root", root], nobody=False))
        check(lst == ref, "unpacked tree lists the same as the image")
        if lst != ref:
            for a, b in zip(lst, ref):
                if a != b:
                    print("  dir:   " + a + "\n  image: " + b)
        compare_scans(os.path.join(arch, "oci.tar"), root)
    else:
        print("note: not root: the unpacked comparison is skipped")
    return 1 if failures else 0


def compare_scans(image, root):
    ri = run([PRIVMAP, "scan", "--image", image, "--format", "json"])
    rd = run([PRIVMAP, "scan", "--root", root, "--user", "agent",
              "--format", "json"], nobody=False)
    check(ri.returncode in (0, 1), "image scan exits 0 or 1 (%d: %s)" %
          (ri.returncode, ri.stderr.strip()))
    check(rd.returncode in (0, 1), "root scan exits 0 or 1 (%d: %s)" %
          (rd.returncode, rd.stderr.strip()))
    try:
        ji, jd = json.loads(ri.stdout), json.loads(rd.stdout)
    except ValueError as e:
        check(False, "scan output is JSON (%s)" % e)
        return
    for what, rep, top in (("image", ri.stdout, None),
                           ("unpacked root", rd.stdout, root)):
        path = os.path.join(os.path.dirname(image), "contract.json")
        with open(path, "w", encoding="utf-8") as f:
            f.write(rep)
        for v in check_report(path, top):
            check(False, "%s report: %s" % (what, v))
    check(ji["target"].get("arch") == "x86_64",
          "the image's target.arch is x86_64 (%r)" % ji["target"].get("arch"))
    check(jd["target"].get("arch") == ji["target"].get("arch"),
          "image and unpacked root name the same arch (%r, %r)" %
          (ji["target"].get("arch"), jd["target"].get("arch")))
    check(ji["target"]["kind"] == "image", "target.kind is image")
    check(ji["target"]["user"].get("name") == "agent",
          "the image's USER is the default user")
    fi, fd = findings(ji), findings(jd)
    check(fi == fd, "image and unpacked-root findings are the same")
    if fi != fd:
        for f in sorted(set(fi) ^ set(fd)):
            print("  only in %s: %s" % ("image" if f in fi else "root", f))
    paths = {f[3] for f in fi}
    for p in ["/usr/bin/su", "/usr/bin/python3"]:
        check(p in paths, "a finding on " + p)
    check("/usr/bin/find" not in paths, "no finding on the whited-out find")


if __name__ == "__main__":
    sys.exit(main())
