#!/usr/bin/env python3
"""image-bench.py: time and peak memory of reading a large image.

  image-bench.py [--dirs DIR,DIR...] [--out DIR] [--keep]

Packs directories of this machine (default /etc, /usr) into an OCI image
layout with GNU tar (numeric owners, xattrs: capabilities and ACLs kept),
one layer per directory, alternately gzip and zstd, then reads it with
tests/unit/image-dump (the whole tree walked, every capability and ACL
read) and, when privmap knows --image, scans it; each as nobody when we
are root. Prints entries, archive size, wall time and peak RSS. Not part
of `make check` (it takes minutes); its numbers go in the closing notes.
Environment: TOP_BUILDDIR, PRIVMAP.
"""
import argparse
import hashlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import imagelib as il  # noqa: E402

BUILD = os.environ.get("TOP_BUILDDIR", ".")
DUMP = os.path.join(BUILD, "tests/unit/image-dump")
PRIVMAP = os.environ.get("PRIVMAP", os.path.join(BUILD, "privmap"))


def sha256_file(path):
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def pack(dirs, out):
    blobs = os.path.join(out, "blobs/sha256")
    os.makedirs(blobs)
    layers = []
    for i, d in enumerate(dirs):
        comp = ["gzip", "-1"] if i % 2 == 0 or not shutil.which("zstd") \
            else ["zstd", "-q", "-T0", "-3"]
        tmp = os.path.join(out, "layer.tmp")
        with open(tmp, "wb") as f:
            tar = subprocess.Popen(
                ["tar", "--numeric-owner", "--xattrs", "--acls",
                 "--xattrs-include=*", "--one-file-system", "-C", "/",
                 "-cf", "-", d.lstrip("/")],
                stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
            z = subprocess.Popen(comp + ["-c"], stdin=tar.stdout, stdout=f)
            tar.stdout.close()
            z.wait()
            tar.wait()
        h = sha256_file(tmp)
        os.rename(tmp, os.path.join(blobs, h))
        mt = il.MT_LAYER["gzip" if comp[0] == "gzip" else "zstd"]
        layers.append({"mediaType": mt, "digest": "sha256:" + h,
                       "size": os.path.getsize(os.path.join(blobs, h))})
    cfg = json.dumps({"architecture": "amd64", "os": "linux",
                      "config": {"User": "nobody"},
                      "rootfs": {"type": "layers",
                                 "diff_ids": ["sha256:" + "0" * 64] *
                                 len(layers)}}).encode()
    ch = hashlib.sha256(cfg).hexdigest()
    with open(os.path.join(blobs, ch), "wb") as f:
        f.write(cfg)
    man = json.dumps({"schemaVersion": 2, "mediaType": il.MT_MANIFEST,
                      "config": {"mediaType": il.MT_CONFIG,
                                 "digest": "sha256:" + ch, "size": len(cfg)},
                      "layers": layers}).encode()
    mh = hashlib.sha256(man).hexdigest()
    with open(os.path.join(blobs, mh), "wb") as f:
        f.write(man)
    with open(os.path.join(out, "index.json"), "w") as f:
        json.dump({"schemaVersion": 2, "manifests": [{
            "mediaType": il.MT_MANIFEST, "digest": "sha256:" + mh,
            "size": len(man)}]}, f)
    with open(os.path.join(out, "oci-layout"), "w") as f:
        f.write('{"imageLayoutVersion":"1.0.0"}')
    return sum(layer["size"] for layer in layers)


def measure(argv):
    """Run argv; its output, wall time, peak RSS (KiB) and user time,
    from wait4(2) on that child alone."""
    with tempfile.TemporaryFile() as out:
        t0 = time.time()
        p = subprocess.Popen(il.as_nobody() + argv, stdout=out,
                             stderr=subprocess.DEVNULL)
        _, status, ru = os.wait4(p.pid, 0)
        wall = time.time() - t0
        p.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        p.stdout = out.read()
    return p, wall, ru.ru_maxrss, ru.ru_utime


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--dirs", default="/etc,/usr")
    ap.add_argument("--out")
    ap.add_argument("--keep", action="store_true")
    a = ap.parse_args()
    out = a.out or tempfile.mkdtemp(prefix="privmap-image-bench.")
    os.makedirs(out, exist_ok=True)
    os.chmod(out, 0o755)
    try:
        t0 = time.time()
        size = pack(a.dirs.split(","), out)
        il.open_tree(out)
        print("packed %s in %.0fs: %.1f MiB compressed" %
              (a.dirs, time.time() - t0, size / 1048576))
        r, wall, rss, cpu = measure([DUMP, "--image", out, "--info"])
        lines = r.stdout.decode("utf-8", "replace").splitlines()
        entries = sum(1 for line in lines if line.startswith("/"))
        caps = sum(1 for line in lines if " cap=" in line)
        errs = [line for line in lines if line.startswith("error ")]
        print("image-dump: exit %d, %d entries (%d with capabilities), "
              "%d noted errors, %.1fs wall, %.1fs user, peak RSS %.0f MiB"
              % (r.returncode, entries, caps, len(errs), wall, cpu,
                 rss / 1024))
        for e in errs[:5]:
            print("  " + e)
        h = subprocess.run([PRIVMAP, "scan", "--image", "/nonexistent"],
                           stderr=subprocess.PIPE, text=True)
        if "unrecognized option" not in h.stderr:
            r, wall, rss, cpu = measure([PRIVMAP, "scan", "--image", out,
                                         "--format", "json"])
            try:
                n = len(json.loads(r.stdout)["findings"])
            except ValueError:
                n = -1
            print("privmap scan --image: exit %d, %d findings, %.1fs wall, "
                  "%.1fs user, peak RSS %.0f MiB" %
                  (r.returncode, n, wall, cpu, rss / 1024))
    finally:
        if not a.keep:
            shutil.rmtree(out, ignore_errors=True)
        else:
            print("kept " + out)


if __name__ == "__main__":
    main()
