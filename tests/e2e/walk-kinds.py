#!/usr/bin/env python3
"""walk-kinds.py: what the walk does not stat it cannot hide (issue 19).

The walk stats an entry only where a visitor reads its inode: a directory
that no family wants the mode of is opened straight from its type in
getdents64 (openat2 refusing a mount point), never stat'ed. This test
plants, 14 directories deep under directories of every mode (0755, 0777,
1777, 0700, 0000), each kind of entry a family finds through the walk: a
setuid and a setgid program, a program with a file capability, a docker
socket anyone can connect to (under modes the user can search), another
account's .env file; then a
same-device bind mount (walked, as find -xdev walks it) and a tmpfs
mount (walked only with --cross-mounts) with a setuid program each.

Asserts, on the scan's JSON report (held to the contract): every set-id
file `find ROOT -xdev -perm /6000 -type f` lists is a setuid finding and
nothing else is, the capability, socket and credential are found, the
tmpfs mount's program is found with --cross-mounts only, and the count of
entries walked (-v) is the number of entries a walk that stats everything
meets (os.lstat, one device unless crossing), so no entry was lost or
counted twice. Root only (owners, capabilities, mounts); exit 77
otherwise. Without mount(2) (a container without CAP_SYS_ADMIN) the two
mounts are left out and the rest still runs.
"""
import json
import os
import socket
import struct
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from contract import check_report  # noqa: E402

DEPTH = 14
MODES = [0o755, 0o777, 0o1777, 0o700, 0o000]
# vfs_cap_data, revision 2, effective: cap_setuid (7) permitted
# (linux/capability.h: VFS_CAP_REVISION_2 | VFS_CAP_FLAGS_EFFECTIVE)
CAP_SETUID_EP = struct.pack("<IIIII", 0x02000001, 1 << 7, 0, 0, 0)


def put(path, text="", mode=0o644, uid=0, gid=0):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w") as f:
        f.write(text)
    os.chown(path, uid, gid)
    os.chmod(path, mode)


def deep_dir(base, tag, modes=MODES):
    """DEPTH nested directories of the modes under base; the deepest"""
    os.makedirs(base, exist_ok=True)
    d = base
    for i in range(DEPTH):
        d = os.path.join(d, f"{tag}{i}")
        os.mkdir(d)
    # modes last, from the bottom up, so that 0000 does not stop mkdir
    p = d
    for i in reversed(range(DEPTH)):
        os.chmod(p, modes[i % len(modes)])
        p = os.path.dirname(p)
    return d


def count_entries(root, cross):
    """every entry below root, lstat'ed; other devices not entered"""
    dev = os.lstat(root).st_dev
    n, stack = 0, [root]
    while stack:
        d = stack.pop()
        for e in os.scandir(d):
            n += 1
            st = os.lstat(e.path)
            if e.is_dir(follow_symlinks=False) and (cross or st.st_dev == dev):
                stack.append(e.path)
    return n


def scan(root, out, extra=()):
    privmap = os.environ.get("PRIVMAP", "privmap")
    p = subprocess.run([privmap, "scan", "--root", root, "--user", "agent",
                        "-v", "--fail-on", "none", "--format", "json",
                        "-o", out] + list(extra),
                       stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                       text=True, timeout=300)
    if p.returncode != 0:
        print(f"FAIL: privmap exited {p.returncode}: {p.stderr}")
        return None, None
    walked = None
    for line in p.stderr.splitlines():
        if "entries walked" in line:
            walked = int(line.split("privmap: ")[-1].split()[0])
    return json.load(open(out)), walked


def paths_of(rep, family):
    return {f["path"] for f in rep["findings"] if f["family"] == family}


def main():
    if os.geteuid() != 0:
        print("SKIP: needs root (owners, capabilities, mounts)")
        return 77
    bad = []
    mounts = []
    with tempfile.TemporaryDirectory(prefix="privmap-walk-") as top:
        root = os.path.join(top, "root")
        os.mkdir(root)
        put(os.path.join(root, "etc/passwd"),
            "root:x:0:0::/root:/bin/sh\nagent:x:1001:1001::/home/agent:"
            "/bin/sh\nother:x:1002:1002::/home/other:/bin/sh\n")
        put(os.path.join(root, "etc/group"),
            "root:x:0:\nagent:x:1001:\nother:x:1002:\n")
        for u, uid in (("agent", 1001), ("other", 1002)):
            h = os.path.join(root, "home", u)
            os.makedirs(h)
            os.chown(h, uid, uid)
        d = deep_dir(os.path.join(root, "srv"), "d")
        setid = {os.path.join(d, "su"): 0o4755, os.path.join(d, "sg"): 0o2755,
                 os.path.join(root, "usr/bin/top-su"): 0o4755}
        for p, mode in setid.items():
            put(p, "#!/bin/sh\n", mode)
        capf = os.path.join(d, "capped")
        put(capf, "#!/bin/sh\n", 0o755)
        os.setxattr(capf, "security.capability", CAP_SETUID_EP)
        # the user connects only through directories it can search
        sock = os.path.join(deep_dir(os.path.join(root, "run"), "r",
                                     MODES[:3]), "docker.sock")
        s = socket.socket(socket.AF_UNIX)
        s.bind(sock)
        s.close()
        os.chmod(sock, 0o666)
        env = os.path.join(root, "home/other/proj/.env")
        put(env, "TOKEN=x\n", 0o644, 1002, 1002)
        os.chown(os.path.dirname(env), 1002, 1002)
        # a bind mount of this filesystem (same device: walked) and a
        # tmpfs (another device: walked with --cross-mounts only)
        bsrc = os.path.join(top, "bindsrc")
        put(os.path.join(bsrc, "inner", "bsu"), "#!/bin/sh\n", 0o4755)
        bdst = os.path.join(deep_dir(os.path.join(root, "opt"), "b"), "bind")
        tdst = os.path.join(deep_dir(os.path.join(root, "var"), "t"), "tmp")
        os.mkdir(bdst)
        os.mkdir(tdst)
        if subprocess.run(["mount", "--bind", bsrc, bdst],
                          stderr=subprocess.DEVNULL).returncode == 0:
            mounts.append(bdst)
        if subprocess.run(["mount", "-t", "tmpfs", "privmap-walk", tdst],
                          stderr=subprocess.DEVNULL).returncode == 0:
            mounts.append(tdst)
            put(os.path.join(tdst, "x", "tsu"), "#!/bin/sh\n", 0o4755)
        if len(mounts) < 2:
            print("note: mount(2) refused: the mounts' cases are left out")
        try:
            find = subprocess.run(["find", root, "-xdev", "-perm", "/6000",
                                   "-type", "f"], stdout=subprocess.PIPE,
                                  text=True, check=True).stdout.split("\n")
            want_setid = {"/" + os.path.relpath(p, root) for p in find if p}
            if bdst in mounts:
                b = "/" + os.path.relpath(os.path.join(bdst, "inner/bsu"), root)
                if b not in want_setid:
                    bad.append(f"find -xdev did not list {b}: the test is wrong")
            tsu = "/" + os.path.relpath(os.path.join(tdst, "x/tsu"), root)
            for cross in (False, True):
                out = os.path.join(top, f"report-{int(cross)}.json")
                rep, walked = scan(root, out,
                                   ["--cross-mounts"] if cross else [])
                if rep is None:
                    bad.append("the scan failed")
                    break
                bad += check_report(out, root)[-10:]
                name = "--cross-mounts" if cross else "one filesystem"
                got = paths_of(rep, "setuid")
                want = set(want_setid)
                if cross and tdst in mounts:
                    want.add(tsu)
                for p in sorted(want - got):
                    bad.append(f"{name}: set-id file {p} not found")
                for p in sorted(got - want):
                    bad.append(f"{name}: setuid finding {p} is no set-id "
                               "file find lists")
                for fam, p in (("file-capability", capf),
                               ("container-socket", sock),
                               ("credentials", env)):
                    rel = "/" + os.path.relpath(p, root)
                    if rel not in paths_of(rep, fam):
                        bad.append(f"{name}: {fam} {rel} not found")
                n = count_entries(root, cross)
                if walked != n:
                    bad.append(f"{name}: {walked} entries walked, {n} "
                               "entries there")
                print(f"{name}: {walked} entries walked, "
                      f"{len(got)} set-id files found")
        finally:
            for m in reversed(mounts):
                subprocess.run(["umount", m])
            # the 0000 directories: open them for the clean-up
            for dirpath, dirs, _ in os.walk(root):
                for x in dirs:
                    os.chmod(os.path.join(dirpath, x), 0o755)
    for b in bad:
        print(f"FAIL: {b}")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
