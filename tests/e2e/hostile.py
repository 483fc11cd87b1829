#!/usr/bin/env python3
"""hostile.py: a tree built to make a scanner crash, hang, lie or leak.

Built at test time: symlink loops; links out of the root by absolute path
and by ../ chains to a canary file outside it; 5,000-deep directories;
100,000 entries in one directory; names with newlines, invalid UTF-8 and
terminal escape sequences; FIFOs and device nodes in etc/cron.d and
etc/sudoers.d; a sparse 1 TB file in etc/cron.d; a single 1 MB line in
etc/sudoers; unreadable directories; and a thread that keeps replacing a
directory with a symlink to the outside while the walk runs.

Asserts: the scan ends within BOUND seconds, the JSON is valid and meets
the contract, the text report prints no raw control character, the
canary outside the root is never opened (inotify watch), the deep tree is
reported as an error rather than lost, and, scanned by an unprivileged
user, the unreadable directories are listed under errors. Root only
(device nodes, owners); exit 77 otherwise.
"""
import ctypes
import json
import os
import shutil
import struct
import subprocess
import sys
import tempfile
import threading
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from contract import check_report  # noqa: E402

BOUND = 120          # seconds a scan of this tree may take at most
IN_ACCESS, IN_OPEN = 0x1, 0x20


def inotify_watch(paths):
    libc = ctypes.CDLL(None, use_errno=True)
    fd = libc.inotify_init1(os.O_NONBLOCK)
    if fd < 0:
        return None
    for p in paths:
        if libc.inotify_add_watch(fd, p.encode(), IN_ACCESS | IN_OPEN) < 0:
            return None
    return fd


def inotify_events(fd):
    n = 0
    try:
        while True:
            data = os.read(fd, 65536)
            off = 0
            while off < len(data):
                _, mask, _, ln = struct.unpack_from("iIII", data, off)
                n += 1
                off += 16 + ln
    except BlockingIOError:
        pass
    return n


def build(root, outside):
    os.chmod(root, 0o755)
    j = lambda *p: os.path.join(root, *p)
    os.makedirs(j("etc/cron.d"))
    os.makedirs(j("etc/sudoers.d"))
    os.makedirs(j("usr/bin"))
    with open(j("etc/passwd"), "w") as f:
        f.write("root:x:0:0::/root:/bin/sh\nagent:x:1001:1001::/home/agent:/bin/sh\n")
    with open(j("etc/group"), "w") as f:
        f.write("root:x:0:\nagent:x:1001:\n")
    # links out of the root, and loops
    canary = os.path.join(outside, "canary")
    os.symlink(canary, j("etc/escape-abs"))
    os.symlink("../" * 40 + outside.lstrip("/") + "/canary", j("etc/escape-dotdot"))
    os.symlink(outside, j("etc/cron.d/outside-dir"))
    os.symlink("loop-b", j("etc/loop-a"))
    os.symlink("loop-a", j("etc/loop-b"))
    os.symlink(".", j("etc/self"))
    os.symlink("/etc/escape-abs", j("etc/sudoers.d/link-out"))
    os.symlink(canary, j("etc/ld.so.preload"))
    # FIFOs and devices where parsers read
    os.mkfifo(j("etc/cron.d/fifo"))
    os.mkfifo(j("etc/sudoers.d/fifo"))
    os.mknod(j("etc/cron.d/zero"), 0o644 | 0o020000, os.makedev(1, 5))
    os.mknod(j("etc/sudoers.d/null"), 0o644 | 0o020000, os.makedev(1, 3))
    os.mkfifo(j("etc/passwd.fifo"))
    # a sparse 1 TB file and a 1 MB line
    with open(j("etc/cron.d/huge"), "wb") as f:
        f.truncate(1 << 40)
    with open(j("etc/sudoers"), "w") as f:
        f.write("Defaults env_reset\n" + "A" * (1 << 20) + "\n@includedir /etc/sudoers.d\n")
    # hostile names
    for name in [b"new\nline", b"bad\xff\xfeutf8", b"esc\x1b]0;pwned\x07\x1b[2J",
                 b"tab\tand space", b"-rf", b"\xe2\x80\xae-rtl"]:
        p = os.path.join(root.encode(), b"usr/bin/" + name)
        with open(p, "wb") as f:
            f.write(b"x")
        os.chmod(p, 0o4755)
    # 100,000 entries in one directory
    big = j("big")
    os.mkdir(big)
    fd = os.open(big, os.O_RDONLY | os.O_DIRECTORY)
    for i in range(100000):
        os.mknod(f"f{i}", 0o644 | 0o100000, dir_fd=fd)
    os.close(fd)
    # 5,000-deep directories (made relative to each parent's fd)
    fd = os.open(root, os.O_RDONLY | os.O_DIRECTORY)
    for i in range(5000):
        os.mkdir("d", dir_fd=fd)
        nfd = os.open("d", os.O_RDONLY | os.O_DIRECTORY, dir_fd=fd)
        os.close(fd)
        fd = nfd
    os.close(fd)
    # unreadable directories (to an unprivileged scanner)
    os.makedirs(j("secret/inner"))
    with open(j("secret/inner/file"), "w") as f:
        f.write("x")
    os.chmod(j("secret"), 0o000)
    os.makedirs(j("race/a/b"))
    return canary


def racer(root, outside, stop):
    """Swap race/a between a directory and a symlink out of the root."""
    a = os.path.join(root, "race", "a")
    real = os.path.join(root, "race", "a.real")
    link = os.path.join(root, "race", "a.link")
    while not stop.is_set():
        try:
            os.rename(a, real)
            if not os.path.lexists(link):
                os.symlink(outside, link)
            os.rename(link, a)
            time.sleep(0.0005)
            os.rename(a, link)
            os.rename(real, a)
        except OSError:
            pass


def remove_tree(path):
    """rm -rf that survives 5,000 levels (shutil.rmtree recurses)."""
    subprocess.run(["rm", "-rf", "--one-file-system", path],
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def scan(argv, timeout, user=None):
    pre = []
    if user is not None:
        pre = ["setpriv", f"--reuid={user}", f"--regid={user}", "--clear-groups"]
    t0 = time.monotonic()
    p = subprocess.run(pre + argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                       timeout=timeout)
    return p, time.monotonic() - t0


def main():
    if os.geteuid() != 0:
        print("SKIP: the hostile tree needs root (device nodes, 5,000-deep "
              "tree ownership)")
        return 77
    privmap = os.environ.get("PRIVMAP", "privmap")
    bad = []
    root = tempfile.mkdtemp(prefix="privmap-hostile-")
    # The canary lives on another filesystem (/dev/shm, a tmpfs) when
    # there is one: a live-host scan by another test running at the same
    # time stays on / and so cannot open it and spoil the inotify count.
    shm = "/dev/shm" if os.path.isdir("/dev/shm") and \
        os.stat("/dev/shm").st_dev != os.stat("/").st_dev else None
    outside = tempfile.mkdtemp(prefix="privmap-outside-", dir=shm)
    os.chmod(outside, 0o700)
    with open(os.path.join(outside, "canary"), "w") as f:
        f.write("CANARY\n")
    stop = threading.Event()
    try:
        t0 = time.monotonic()
        canary = build(root, outside)
        print(f"built the hostile tree in {time.monotonic() - t0:.1f}s")
        ino = inotify_watch([canary, outside])
        if ino is None:
            bad.append("inotify unavailable: cannot watch the canary")
        th = threading.Thread(target=racer, args=(root, outside, stop), daemon=True)
        th.start()
        out = os.path.join(outside, "..", f"privmap-hostile-{os.getpid()}.json")
        out = os.path.abspath(out)
        try:
            p, secs = scan([privmap, "scan", "--root", root, "--user", "agent",
                            "--format", "json", "-o", out, "--fail-on", "none", "-q"],
                           BOUND)
        except subprocess.TimeoutExpired:
            bad.append(f"the scan did not end within {BOUND}s")
            p, secs = None, BOUND
        if p is not None:
            print(f"root scan: exit {p.returncode} in {secs:.1f}s (bound {BOUND}s)")
            if p.returncode != 0:
                bad.append(f"exit {p.returncode}: {p.stderr.decode(errors='replace')[-500:]}")
            try:
                with open(out, encoding="utf-8") as f:
                    rep = json.load(f)
            except (OSError, ValueError) as e:
                bad.append(f"the JSON report is not valid: {e}")
                rep = None
            if rep is not None:
                bad += check_report(out, root)[-10:]
                errs = rep["errors"]
                if not any("deeper than" in e["error"] for e in errs):
                    bad.append("the 5,000-deep tree left no error entry")
                if not any(e["path"].startswith("/etc/sudoers") and
                           "too long" in e["error"] for e in errs) and \
                        os.environ.get("PRIVMAP_HOSTILE_STRICT_SUDOERS"):
                    bad.append("the 1 MB sudoers line left no error entry")
                names = [f["path"] for f in rep["findings"]]
                if not any("new\nline" in n for n in names):
                    bad.append("the setuid file named with a newline is missing")
                print(f"root scan: {len(rep['findings'])} findings, {len(errs)} errors")
            if os.path.exists(out):
                os.unlink(out)
        # the text report: no raw control characters but newlines
        try:
            t, _ = scan([privmap, "scan", "--root", root, "--user", "agent",
                         "--fail-on", "none", "-q"], BOUND)
            raw = [b for b in t.stdout if b < 0x20 and b != 0x0a or b == 0x7f]
            if raw:
                bad.append(f"the text report printed {len(raw)} raw control bytes")
            if b"\x1b" in t.stdout:
                bad.append("the text report printed an escape sequence")
            # the right-to-left override of usr/bin/\u202e-rtl is shown
            # as an escape, never reordering the terminal's line
            if b"\xe2\x80\xae" in t.stdout or b"\\u202e-rtl" not in t.stdout:
                bad.append("the text report printed a bidi override raw "
                           "(or lost the file named with it)")
        except subprocess.TimeoutExpired:
            bad.append("the text scan did not end in time")
        stop.set()
        th.join()
        # unprivileged: the unreadable directory is listed under errors
        os.chmod(outside, 0o755)
        out2 = f"/tmp/privmap-hostile-u-{os.getpid()}.json"
        fd = os.open(out2, os.O_CREAT | os.O_WRONLY | os.O_TRUNC, 0o666)
        os.close(fd)
        os.chmod(out2, 0o666)
        try:
            u, secs = scan([privmap, "scan", "--root", root, "--user", "agent",
                            "--format", "json", "-o", out2, "--fail-on", "none", "-q"],
                           BOUND, user=65534)
            print(f"unprivileged scan: exit {u.returncode} in {secs:.1f}s")
            if u.returncode != 0:
                bad.append(f"unprivileged scan: exit {u.returncode}: "
                           f"{u.stderr.decode(errors='replace')[-500:]}")
            bad += check_report(out2, root)[-10:]
            with open(out2, encoding="utf-8") as f:
                rep = json.load(f)
            if not any(e["path"].startswith("/secret") for e in rep["errors"]):
                bad.append("unprivileged: the unreadable /secret is not under errors")
        except (subprocess.TimeoutExpired, OSError, ValueError) as e:
            bad.append(f"unprivileged scan failed: {e}")
        finally:
            if os.path.exists(out2):
                os.unlink(out2)
        if ino is not None:
            n = inotify_events(ino)
            if n:
                bad.append(f"the canary outside the root was opened or read ({n} events)")
            else:
                print("canary outside the root: never opened")
    finally:
        stop.set()
        os.chmod(os.path.join(root, "secret"), 0o755)
        remove_tree(root)
        remove_tree(outside)
    if bad:
        for b in bad:
            print("FAIL: " + b)
        return 1
    print("PASS: hostile tree")
    return 0


if __name__ == "__main__":
    sys.exit(main())
