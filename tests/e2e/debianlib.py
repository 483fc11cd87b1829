"""debianlib.py: a real Debian 12 server root filesystem for the suite.

rootfs() returns the path of a Debian 12 (bookworm) root filesystem built
with debootstrap from the real packages of a realistic server (issue 20:
sudo, cron, systemd, openssh-server, docker.io, containerd, postgresql,
redis-server, nginx, logrotate, polkitd, rsyslog, libvirt...). It is cached
under /var/tmp (the tree, and beside it its stamp and the build's log)
and rebuilt when absent or stale (another package list,
another version of this builder, or older than MAX_AGE days: the archive
moves on). The build never starts a service: debootstrap runs in two
stages, and before the second one (the maintainer scripts) the target gets
a policy-rc.d that refuses every start (invoke-rc.d(8), "policy-rc.d
interface": exit status 101 means "action forbidden"); the second stage
runs in a private mount namespace so the /proc it mounts never outlives
it. The mirror is PRIVMAP_DEBIAN_MIRROR if set, else the one this
machine's apt takes Debian's packages from (its sources, read at run
time: mirror()), else debootstrap's own default.

The cached tree is read-only to the tests by convention: a test that
changes a tree copies it first (copy()).

Never: run anything from the built tree outside its chroot, or touch the
scanning host's package database.
"""
import fcntl
import hashlib
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time

SUITE = "bookworm"
BASE = ["acl", "libcap2-bin", "passwd"]
PACKAGES = [
    "sudo", "cron", "anacron", "systemd", "systemd-sysv", "dbus",
    "openssh-server", "docker.io", "containerd", "postgresql",
    "redis-server", "nginx", "logrotate", "polkitd", "pkexec", "rsyslog",
    "libvirt-daemon-system",
]
BUILDER_VERSION = "2"
MAX_AGE = 30            # days
CACHE = os.environ.get("PRIVMAP_DEBIAN_CACHE",
                       "/var/tmp/privmap-debian12-server")


def stamp_text():
    """What the cached tree was built from: rebuilt when it differs."""
    h = hashlib.sha256()
    h.update(("%s %s %s" % (BUILDER_VERSION, SUITE,
                            " ".join(sorted(BASE + PACKAGES)))).encode())
    return h.hexdigest() + "\n"


def fresh(root):
    """The cached tree exists, was built from this list, and is recent."""
    stamp = root + ".stamp"
    if not os.path.isdir(os.path.join(root, "etc")):
        return False
    try:
        with open(stamp) as f:
            text = f.read()
        age = time.time() - os.stat(stamp).st_mtime
    except OSError:
        return False
    return text == stamp_text() and age < MAX_AGE * 86400


def mirror():
    """The URI this machine's apt reads the Debian archive's main suites
    from (sources.list(5): one-line "deb URI SUITE ..." and deb822
    "URIs:"/"Suites:" stanzas), or None. Security and update suites are
    not a mirror of the archive."""
    paths = ["/etc/apt/sources.list"]
    d = "/etc/apt/sources.list.d"
    if os.path.isdir(d):
        paths += [os.path.join(d, n) for n in sorted(os.listdir(d))
                  if n.endswith((".list", ".sources"))]
    for p in paths:
        try:
            with open(p) as f:
                text = f.read()
        except OSError:
            continue
        if p.endswith(".sources"):
            for stanza in text.split("\n\n"):
                kv = {}
                for line in stanza.splitlines():
                    k, _, v = line.partition(":")
                    if not line.startswith(("#", " ")) and v:
                        kv[k.strip().lower()] = v.split()
                if "deb" in kv.get("types", []) and kv.get("uris") and \
                        any(s in ("bookworm", "stable") for s in
                            kv.get("suites", [])) and \
                        "enabled" not in [k for k, v in kv.items()
                                          if v == ["no"]]:
                    return kv["uris"][0]
            continue
        for line in text.splitlines():
            # the options in brackets are no word of the line's own
            w = re.sub(r"\[[^]]*\]", " ", line.split("#", 1)[0]).split()
            if len(w) >= 3 and w[0] == "deb" and \
                    w[2] in ("bookworm", "stable"):
                return w[1]
    return None


def _run(argv, log, **kw):
    print("+ " + " ".join(argv), file=log, flush=True)
    r = subprocess.run(argv, stdout=log, stderr=subprocess.STDOUT, **kw)
    if r.returncode != 0:
        raise RuntimeError("%s exited with %d (log: %s)"
                           % (argv[0], r.returncode, log.name))


def refuse_starts(policy):
    with open(policy, "w") as f:
        f.write("#!/bin/sh\n# privmap's test build: no service starts\n"
                "exit 101\n")
    os.chmod(policy, 0o755)


def build(dest, log):
    """debootstrap into dest, then the server's packages with apt-get in
    its chroot, services refused, no mount left behind."""
    argv = ["debootstrap", "--foreign", "--include=" + ",".join(BASE),
            SUITE, dest]
    m = os.environ.get("PRIVMAP_DEBIAN_MIRROR") or mirror()
    if m:
        argv.append(m)
    _run(argv, log)
    policy = os.path.join(dest, "usr", "sbin", "policy-rc.d")
    refuse_starts(policy)
    try:
        _run(["unshare", "--mount", "--propagation", "private", "chroot",
              dest, "/debootstrap/debootstrap", "--second-stage"], log)
    except RuntimeError:
        shutil.copy(os.path.join(dest, "debootstrap", "debootstrap.log"),
                    CACHE + ".debootstrap.log")
        raise
    # apt-get in the chroot (its /proc private to this namespace):
    # debootstrap configures --include packages in an order of its own
    script = ("mount -t proc proc \"$1/proc\" && "
              "chroot \"$1\" apt-get -q -y update && "
              "DEBIAN_FRONTEND=noninteractive chroot \"$1\" apt-get -q -y "
              "-o Dpkg::Options::=--force-confdef install "
              "--no-install-recommends " + " ".join(PACKAGES) +
              " && chroot \"$1\" apt-get clean")
    refuse_starts(policy)       # the second stage does not keep it
    _run(["unshare", "--mount", "--propagation", "private", "sh", "-c",
          script, "sh", dest], log)
    # what the build leaves that a stock host would not have
    os.unlink(policy)


def rootfs(log=None):
    """The cached server tree, built first when absent or stale."""
    parent = os.path.dirname(CACHE) or "."
    lockpath = CACHE + ".lock"
    with open(lockpath, "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if fresh(CACHE):
            return CACHE, 0.0
        t0 = time.monotonic()
        tmp = tempfile.mkdtemp(prefix=os.path.basename(CACHE) + ".build.",
                               dir=parent)
        logpath = CACHE + ".log"
        own_log = log is None
        log = log or open(logpath, "w")
        try:
            build(os.path.join(tmp, "root"), log)
            if os.path.lexists(CACHE + ".stamp"):
                os.unlink(CACHE + ".stamp")
            if os.path.lexists(CACHE):
                old = CACHE + ".old"
                shutil.rmtree(old, ignore_errors=True)
                os.rename(CACHE, old)
                shutil.rmtree(old, ignore_errors=True)
            os.rename(os.path.join(tmp, "root"), CACHE)
            with open(CACHE + ".stamp", "w") as f:
                f.write(stamp_text())
        finally:
            shutil.rmtree(tmp, ignore_errors=True)
            if own_log:
                log.close()
        return CACHE, time.monotonic() - t0


def copy(src, dst):
    """A private copy of the tree (owners, modes, ACLs, capabilities)."""
    r = subprocess.run(["cp", "-a", src, dst], stderr=subprocess.PIPE,
                       text=True)
    if r.returncode != 0:
        raise RuntimeError("cp -a: " + r.stderr.strip())


if __name__ == "__main__":
    path, secs = rootfs(sys.stdout if "-v" in sys.argv else None)
    print("%s (built in %.0f s)" % (path, secs) if secs else path)
