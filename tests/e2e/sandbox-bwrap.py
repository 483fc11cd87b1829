#!/usr/bin/env python3
"""sandbox-bwrap.py: the bubblewrap sandbox privmap writes, run for real.

A fixture tree holds a setuid-root copy of id(1), a listening container
socket anyone may connect to, a PATH directory anyone may write, and the
agent's workspace. privmap scans it as nobody and writes the bwrap
script (privmap policy --policy-format bwrap --workspace /srv/work). In
a private mount namespace the tree's directories are bound over the
host's own (/opt/fx, /run, /usr/local/sbin, /srv/work), so that the
script's host paths are the fixture's; then, as nobody:

  without the sandbox (the control, which proves each probe can tell):
    the setuid id gives euid 0, the socket connects, the PATH directory
    and the workspace take a new file;
  under the script: euid stays nobody's, the socket does not connect,
    the PATH directory refuses the write, the workspace takes it.

Needs root (setuid bits, mounts), bwrap, unshare, setpriv: a skip on a
developer's machine without them, a failure under CI=true. Environment:
PRIVMAP, TOP_SRCDIR.
"""
import importlib.util
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import threading

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from need import need  # noqa: E402

TREE = """
user nobody 65534 65534 /nonexistent /usr/sbin/nologin
group nogroup 65534
scan-user nobody
dir /opt/fx 0755 root
dir /run 0755 root
dir /usr/local/sbin 0777 root
dir /srv/work 0777 root
file /etc/environment 0644 root
| PATH="/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"
"""
NOBODY = ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups",
          "--"]
PROBES = {
    "euid": "/opt/fx/id -u",
    "socket": "python3 -c 'import socket; s = socket.socket(socket.AF_UNIX); "
              "s.connect(\"/run/docker.sock\")'",
    "readonly": "touch /usr/local/sbin/privmap-probe",
    "workspace": "touch /srv/work/privmap-probe",
}


def fail(msg):
    print(f"FAIL sandbox-bwrap: {msg}")
    sys.exit(1)


def load_runner():
    spec = importlib.util.spec_from_file_location(
        "run_fixture", os.path.join(HERE, "run-fixture.py"))
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def serve(path):
    """A socket that accepts every connection, like a runtime's."""
    srv = socket.socket(socket.AF_UNIX)
    srv.bind(path)
    os.chmod(path, 0o666)
    srv.listen(16)

    def loop():
        while True:
            try:
                c, _ = srv.accept()
                c.close()
            except OSError:
                return
    threading.Thread(target=loop, daemon=True).start()
    return srv


def probe(root, script, name):
    """Run one probe as nobody in a mount namespace where the tree's
    directories are the host's; under script when given. Returns
    (exit status, stdout)."""
    binds = "".join(f"mount --bind {root}{d} {d} && "
                    for d in ("/opt/fx", "/run", "/usr/local/sbin",
                              "/srv/work"))
    mk = "mkdir -p /opt/fx /srv/work && "
    if script:
        cmd = NOBODY + ["sh", script, "sh", "-c", PROBES[name]]
    else:
        cmd = NOBODY + ["sh", "-c", PROBES[name]]
    shell = mk + binds + "exec \"$@\""
    p = subprocess.run(["unshare", "--mount", "--propagation", "private",
                        "sh", "-c", shell, "sh"] + cmd,
                       stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                       text=True, timeout=60)
    return p.returncode, p.stdout.strip(), p.stderr.strip()


def main():
    if os.geteuid() != 0:
        print("SKIP sandbox-bwrap: needs root (setuid bits, mounts)")
        return 77
    need("PRIVMAP_BWRAP", "bubblewrap", "bwrap")
    need("PRIVMAP_UNSHARE", "unshare (util-linux)", "unshare")
    need("PRIVMAP_SETPRIV", "setpriv (util-linux)", "setpriv")
    privmap = os.environ.get("PRIVMAP", "privmap")
    rf = load_runner()
    tmp = tempfile.mkdtemp(prefix="privmap-sbw-")
    # the probes run as nobody: everything they reach must be searchable
    os.chmod(tmp, 0o755)
    srv = None
    try:
        root = os.path.join(tmp, "root")
        os.mkdir(root)
        fxpath = os.path.join(tmp, "tree.fix")
        with open(fxpath, "w") as f:
            f.write(TREE)
        rf.build(rf.parse(fxpath), root)
        idcopy = os.path.join(root, "opt/fx/id")
        shutil.copy(shutil.which("id"), idcopy)
        os.chown(idcopy, 0, 0)
        os.chmod(idcopy, 0o4755)
        srv = serve(os.path.join(root, "run/docker.sock"))

        rep = os.path.join(tmp, "report.json")
        p = subprocess.run([privmap, "scan", "--root", root, "--user",
                            "nobody", "--format", "json", "-o", rep, "-q"],
                           stderr=subprocess.PIPE, text=True, timeout=300)
        if p.returncode not in (0, 1):
            fail(f"scan exited {p.returncode}: {p.stderr}")
        with open(rep) as f:
            fams = {(x["family"], x["path"]) for x in json.load(f)["findings"]
                    if x["severity"] != "info"}
        for want in (("setuid", "/opt/fx/id"),
                     ("container-socket", "/run/docker.sock"),
                     ("writable-path", "/usr/local/sbin")):
            if want not in fams:
                fail(f"the scan has no {want[0]} finding on {want[1]}: "
                     f"{sorted(fams)}")
        script = os.path.join(tmp, "sandbox.sh")
        p = subprocess.run([privmap, "policy", rep, "--policy-format",
                            "bwrap", "--workspace", "/srv/work", "-o",
                            script], stderr=subprocess.PIPE, text=True)
        if p.returncode != 0:
            fail(f"privmap policy --policy-format bwrap: {p.stderr}")
        os.chmod(script, 0o755)

        bad = []
        # the control: each probe works without the sandbox
        rc, out, err = probe(root, None, "euid")
        if rc != 0 or out != "0":
            bad.append(f"control: the setuid id gave {out!r} ({err})")
        for name in ("socket", "readonly", "workspace"):
            rc, out, err = probe(root, None, name)
            if rc != 0:
                bad.append(f"control: {name} failed without the "
                           f"sandbox: {err}")
            for d in ("usr/local/sbin", "srv/work"):
                try:
                    os.unlink(os.path.join(root, d, "privmap-probe"))
                except FileNotFoundError:
                    pass
        # under the sandbox
        rc, out, err = probe(root, script, "euid")
        if rc != 0 or out != "65534":
            bad.append(f"sandbox: the setuid id gave euid {out!r}, "
                       f"status {rc} ({err})")
        rc, out, err = probe(root, script, "socket")
        if rc == 0:
            bad.append("sandbox: the container socket still connects")
        rc, out, err = probe(root, script, "readonly")
        if rc == 0 or os.path.exists(os.path.join(
                root, "usr/local/sbin/privmap-probe")):
            bad.append("sandbox: /usr/local/sbin took a write")
        rc, out, err = probe(root, script, "workspace")
        if rc != 0 or not os.path.exists(os.path.join(
                root, "srv/work/privmap-probe")):
            bad.append(f"sandbox: the workspace refused a write: {err}")
        if bad:
            print("FAIL sandbox-bwrap:")
            for b in bad:
                print("  " + b)
            return 1
        print("PASS sandbox-bwrap: under the generated bwrap line the "
              "setuid id keeps nobody's euid, the socket does not "
              "connect, /usr/local/sbin refuses writes and the workspace "
              "takes them (each probe works without it)")
        return 0
    finally:
        if srv is not None:
            srv.close()
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
