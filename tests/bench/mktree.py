#!/usr/bin/env python3
"""mktree.py [-q] [--seed N] [--user UID|NAME] DIR COUNT

The benchmark's trees (tests/bench/bench.py): DIR (missing or empty) is
filled with COUNT entries that are not directories, spread over nested
directories (between 10 and 200 entries each, 8 levels at most), the same
names, modes and special entries for the same COUNT and seed. What a scan
meets on a real system is there, at fixed rates per entry:

    regular files     empty, 0644; one in five 0755
    set-id            1 in 5,000 setuid 04755, 1 in 10,000 setgid 02755
    world-writable    1 in 2,000 files; 1 in 100 directories (half 1777)
    capabilities      1 in 20,000 files cap_net_raw=ep (root and setcap)
    ACLs              1 in 3,000 files u:USER:rw (setfacl)
    other owners      1 in 100 files owned by USER (root only)
    symlinks          1 in 1,000 (relative, to the parent directory,
                      dangling, absolute), and a loop at the top
    FIFOs             one at the top, 1 in 100,000 further down

The first entries are one of each kind, so a small tree has them all.
Capabilities, ACLs and owners need root and setcap/setfacl (Debian:
libcap2-bin, acl); without them that part is left out with a note on
stderr. Prints the counts of what it made (unless -q). Exit 0, or 1 when
DIR is not empty or cannot be made. It never writes outside DIR (its
absolute symlinks are only link text) and never changes an existing file.
"""
import argparse
import collections
import os
import pwd
import random
import shutil
import subprocess
import sys

KINDS = ["file", "setuid", "setgid", "writable", "cap", "acl", "owner",
         "symlink", "fifo"]
# one in N entries of each special kind (the rest are plain files)
RATE = {"setuid": 5000, "setgid": 10000, "writable": 2000, "cap": 20000,
        "acl": 3000, "owner": 100, "symlink": 1000, "fifo": 100000}
NAMES = ["lib", "data", "conf", "cache", "log", "index", "part", "helper",
         "plugin", "item", "run", "x"]
EXTS = ["", "", ".so", ".conf", ".txt", ".py", ".json", ".sh", ".gz"]


def resolve_uid(user):
    if user.isdigit():
        return int(user)
    return pwd.getpwnam(user).pw_uid


def kind_of(i, rng):
    """The kind of the i-th entry: one of each first, then by rate."""
    if i < len(KINDS):
        return KINDS[i]
    for k, n in RATE.items():
        if rng.randrange(n) == 0:
            return k
    return "file"


class Tree:
    def __init__(self, top, uid, rng, quiet):
        self.top = top
        self.uid = uid
        self.rng = rng
        self.quiet = quiet
        self.root = os.geteuid() == 0
        self.setcap = shutil.which("setcap") if self.root else None
        self.setfacl = shutil.which("setfacl")
        self.count = {k: 0 for k in KINDS}
        self.count["dir"] = 0
        self.count["writable-dir"] = 0
        self.caps = []      # applied at the end, one setcap per file
        self.acls = []

    def note(self, msg):
        print(f"mktree: {msg}", file=sys.stderr)

    def name(self, i):
        stem = self.rng.choice(NAMES)
        ext = self.rng.choice(EXTS)
        if i % 10007 == 5:
            stem += " space é"
        return f"{stem}{i}{ext}"

    def entry(self, d, i):
        k = kind_of(i, self.rng)
        p = os.path.join(d, self.name(i))
        if k == "symlink":
            target = [os.path.basename(p) + ".x", "..", "missing-" + str(i),
                      "/etc/passwd"][i % 4]
            os.symlink(target, p)
        elif k == "fifo":
            os.mkfifo(p, 0o644)
        else:
            with open(p, "wb"):
                pass
            mode = 0o755 if self.rng.randrange(5) == 0 else 0o644
            mode = {"setuid": 0o4755, "setgid": 0o2755, "cap": 0o755,
                    "writable": mode | 0o022}.get(k, mode)
            os.chmod(p, mode)
            if k == "owner":
                if self.root:
                    os.lchown(p, self.uid, -1)
                else:
                    k = "file"
            elif k == "cap":
                if self.setcap:
                    self.caps.append(p)
                else:
                    k = "file"
            elif k == "acl":
                if self.setfacl:
                    self.acls.append(p)
                else:
                    k = "file"
        self.count[k] += 1

    def build(self, n):
        made = 0
        i = 0
        # directories to fill, breadth first, each with its depth
        queue = collections.deque([(self.top, 0)])
        while made < n:
            if not queue:
                queue.append((self.top, 0))
            d, depth = queue.popleft()
            width = self.rng.randint(10, 200)
            nsub = 0 if depth >= 8 else self.rng.randint(1, 12)
            for _ in range(nsub):
                sub = os.path.join(d, f"d{self.count['dir']}")
                os.mkdir(sub)
                self.count["dir"] += 1
                if self.rng.randrange(100) == 0:
                    os.chmod(sub, 0o1777 if self.rng.randrange(2) else
                             0o777)
                    self.count["writable-dir"] += 1
                queue.append((sub, depth + 1))
            for _ in range(min(width, n - made)):
                self.entry(d, i)
                i += 1
                made += 1
        os.symlink("loop-b", os.path.join(self.top, "loop-a"))
        os.symlink("loop-a", os.path.join(self.top, "loop-b"))
        os.mkfifo(os.path.join(self.top, "top.fifo"), 0o644)

    def finish(self):
        if self.caps:
            # setcap takes CAPS FILE pairs: one set of caps names one
            # file (libcap2-bin 2.66 refuses "CAPS FILE FILE")
            pairs = []
            for p in self.caps:
                pairs += ["cap_net_raw=ep", p]
            subprocess.run([self.setcap] + pairs, check=True)
        if self.acls:
            subprocess.run([self.setfacl, "-m", f"u:{self.uid}:rw"] +
                           self.acls, check=True)
        if not self.root:
            self.note("not root: no capabilities, no other owners")
        elif not self.setcap:
            self.note("no setcap: no capabilities")
        if not self.setfacl:
            self.note("no setfacl: no ACLs")


def main():
    ap = argparse.ArgumentParser(description="the benchmark's trees")
    ap.add_argument("-q", action="store_true", help="no counts")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--user", default="65534")
    ap.add_argument("dir")
    ap.add_argument("count", type=int)
    a = ap.parse_args()
    if a.count < 0:
        print("mktree: COUNT must be 0 or more", file=sys.stderr)
        return 1
    try:
        os.makedirs(a.dir, exist_ok=True)
        if os.listdir(a.dir):
            print(f"mktree: {a.dir} is not empty", file=sys.stderr)
            return 1
        t = Tree(a.dir, resolve_uid(a.user), random.Random(a.seed), a.q)
        t.build(a.count)
        t.finish()
    except (OSError, KeyError, subprocess.CalledProcessError) as e:
        print(f"mktree: {e}", file=sys.stderr)
        return 1
    if not a.q:
        for k, v in t.count.items():
            print(f"{k:13} {v}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
