#!/usr/bin/env python3
"""debimage.py [-v] [--cache DIR]: a real multi-layer Debian 12 image.

The image of the image benchmark (bench.py --images, issue 19), built as
a container image is built: the lowest layer is the Debian 12 server
root filesystem that debootstrap made (tests/e2e/debianlib.py, cached),
and each later layer is what one build step changed: the step runs in
a chroot on an overlay mount of the layers below (overlayfs(5): the
upper directory holds what the step wrote, a removed file as a 0/0
character device, a directory made anew over a lower one with
trusted.overlay.opaque), and the upper directory is packed as a layer the
way image builders pack one (OCI image-spec layer.md, "Whiteouts": a
removed NAME as .wh.NAME, an opaque directory's .wh..wh..opq), numeric
owners, extended attributes kept (security.capability, POSIX ACLs;
overlayfs' own trusted.* left out). Layers alternate gzip and zstd.

The steps install real packages (the Debian archive's, by apt-get in the
chroot, from the sources the base tree's own apt has) until the image
holds more than 100,000 entries, then a step removes documentation and
the apt lists (whiteouts), makes one directory anew (opaque) and gives a
program a capability and a directory an ACL, as a Dockerfile's last RUN
would. The same layers are written as an OCI image layout (a directory)
and as a `docker save` archive (Docker 25's: the layout's blobs and a
manifest.json in one tar).

Cached under --cache (default /var/tmp/privmap-bench-image) with a stamp
of what it was built from, and rebuilt when that changes or the base tree
was rebuilt; meta.json beside it describes the layers (entries,
compressed and uncompressed sizes). Nothing from the image runs outside
its chroot; services are refused (policy-rc.d) as debianlib does.
"""
import argparse
import fcntl
import hashlib
import json
import os
import shutil
import stat
import subprocess
import sys
import tarfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "e2e"))
import debianlib  # noqa: E402
import imagelib as il  # noqa: E402

BUILDER_VERSION = "1"
# (what the step is, its shell command in the chroot, its compression)
STEPS = [
    ("build tools and kernel headers",
     "apt-get -q -y update && apt-get -q -y install "
     "--no-install-recommends build-essential linux-headers-amd64 "
     "cmake", "zstd"),
    ("ansible and node.js",
     "apt-get -q -y install --no-install-recommends ansible nodejs",
     "gzip"),
    ("boost headers, go and free pascal sources",
     "apt-get -q -y install --no-install-recommends libboost1.74-dev "
     "golang-1.19-src fpc-source-3.2.2", "zstd"),
    ("clean up and harden",
     "apt-get clean && rm -rf /var/lib/apt/lists/* /usr/share/doc/* "
     "/usr/share/man && mkdir -p /usr/share/man/man1 && "
     "rm -rf /usr/share/locale && mkdir /usr/share/locale && "
     "setcap cap_net_bind_service=ep /usr/bin/node && "
     "mkdir -p /srv/app && setfacl -m u:65534:rwx /srv/app && "
     "echo 'agent ALL=(root) NOPASSWD: /usr/bin/ansible-playbook' "
     "> /etc/sudoers.d/agent && chmod 0440 /etc/sudoers.d/agent && "
     "useradd -m -u 1001 -s /bin/bash agent", "gzip"),
]
CACHE = os.environ.get("PRIVMAP_BENCH_IMAGE", "/var/tmp/privmap-bench-image")
TAG = "privmap-bench/debian12:layers"


def stamp_text(base_stamp):
    h = hashlib.sha256()
    h.update(BUILDER_VERSION.encode())
    h.update(json.dumps(STEPS).encode())
    h.update(base_stamp.encode())
    return h.hexdigest() + "\n"


def _run(argv, log, **kw):
    print("+ " + " ".join(argv), file=log, flush=True)
    r = subprocess.run(argv, stdout=log, stderr=subprocess.STDOUT, **kw)
    if r.returncode != 0:
        raise RuntimeError("%s exited with %d (log: %s)"
                           % (argv[0], r.returncode, log.name))


def run_step(base, uppers, work, cmd, log):
    """cmd in a chroot on base with uppers (lowest first) below a new
    upper directory, which is returned."""
    upper = os.path.join(work, "upper%d" % (len(uppers) + 1))
    wd = os.path.join(work, "work")
    merged = os.path.join(work, "merged")
    for d in (upper, wd, merged):
        os.makedirs(d, exist_ok=True)
    lower = ":".join(list(reversed(uppers)) + [base])
    # redirect_dir and metacopy off: every change is in the upper
    # directory as a plain entry, a whiteout or an opaque directory
    opts = ("lowerdir=%s,upperdir=%s,workdir=%s,redirect_dir=off,"
            "metacopy=off,index=off" % (lower, upper, wd))
    script = (
        'mount -t overlay overlay -o "$1" "$2" && '
        'printf "#!/bin/sh\\nexit 101\\n" > "$2/usr/sbin/policy-rc.d" && '
        'chmod 755 "$2/usr/sbin/policy-rc.d" && '
        'mount -t proc proc "$2/proc" && '
        'DEBIAN_FRONTEND=noninteractive chroot "$2" sh -ec "$3"; rc=$?; '
        'umount "$2/proc"; rm -f "$2/usr/sbin/policy-rc.d"; '
        'umount "$2"; exit $rc')
    _run(["unshare", "--mount", "--propagation", "private", "sh", "-c",
          script, "sh", opts, merged, cmd], log)
    shutil.rmtree(wd, ignore_errors=True)
    return upper


def _xattrs(path):
    out = {}
    try:
        names = os.listxattr(path, follow_symlinks=False)
    except OSError:
        return out
    for n in names:
        if n.startswith("trusted."):
            continue
        try:
            out[n] = os.getxattr(path, n, follow_symlinks=False)
        except OSError:
            pass
    return out


def _entry(tf, full, arc):
    ti = tf.gettarinfo(full, arc)
    if ti is None:
        return None             # a socket: image builders leave them out
    ti.uname = ti.gname = ""
    xa = _xattrs(full)
    if xa and not ti.islnk():
        ti.pax_headers = {"SCHILY.xattr." + n: il._pax_value(v)
                          for n, v in xa.items()}
    return ti


def pack_tree(root, out, compression, whiteouts):
    """root as a layer into the file out; the layer's entry count,
    uncompressed size and diff id (the tar's SHA-256). whiteouts: root is an overlay upper directory."""
    comp = {"gzip": ["gzip", "-6", "-n"],
            "zstd": ["zstd", "-q", "-3", "-T0"]}[compression]
    entries = 0
    with open(out, "wb") as f:
        z = subprocess.Popen(comp + ["-c"], stdin=subprocess.PIPE, stdout=f)
        hz = _Hashing(z.stdin)
        tf = tarfile.open(fileobj=hz, mode="w|",
                          format=tarfile.PAX_FORMAT, encoding="utf-8")

        def add(full, arc):
            nonlocal entries
            st = os.lstat(full)
            if whiteouts and stat.S_ISCHR(st.st_mode) and st.st_rdev == 0:
                d, _, name = arc.rpartition("/")
                ti = tarfile.TarInfo((d + "/" if d else "") + ".wh." + name)
                ti.mtime = int(st.st_mtime)
                tf.addfile(ti)
                entries += 1
                return
            ti = _entry(tf, full, arc)
            if ti is None:
                return
            if ti.isreg():
                with open(full, "rb") as src:
                    tf.addfile(ti, src)
            else:
                tf.addfile(ti)
            entries += 1
            if whiteouts and ti.isdir():
                try:
                    opq = os.getxattr(full, "trusted.overlay.opaque",
                                      follow_symlinks=False)
                except OSError:
                    opq = b""
                if opq == b"y":
                    o = tarfile.TarInfo(arc + "/.wh..wh..opq")
                    o.mtime = ti.mtime
                    tf.addfile(o)
                    entries += 1

        for d, dirs, files in os.walk(root):
            dirs.sort()
            rel = os.path.relpath(d, root)
            for name in sorted(dirs + files):
                full = os.path.join(d, name)
                arc = name if rel == "." else rel + "/" + name
                add(full, arc)
            # a symlink to a directory is listed in dirs: not descended
            dirs[:] = [x for x in dirs
                       if not os.path.islink(os.path.join(d, x))]
        tf.close()
        z.stdin.close()
        if z.wait() != 0:
            raise RuntimeError("%s failed" % comp[0])
    return entries, tf.offset, hz.h.hexdigest()


def sha256_file(path):
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def write_image(dest, layers):
    """layers: [(path of a compressed blob, compression, diff id)].
    dest/oci (the layout) and dest/docker-save.tar."""
    oci = os.path.join(dest, "oci")
    blobs = os.path.join(oci, "blobs", "sha256")
    os.makedirs(blobs)
    descs = []
    for path, comp, _ in layers:
        h = sha256_file(path)
        os.rename(path, os.path.join(blobs, h))
        descs.append({"mediaType": il.MT_LAYER[comp],
                      "digest": "sha256:" + h,
                      "size": os.path.getsize(os.path.join(blobs, h))})
    cfg = json.dumps({
        "architecture": "amd64", "os": "linux",
        "config": {"User": "agent", "Env": [
            "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:"
            "/sbin:/bin"]},
        "rootfs": {"type": "layers",
                   "diff_ids": ["sha256:" + d for _, _, d in layers]},
        "history": [{"created_by": s} for s in
                    ["debootstrap"] + [x[1] for x in STEPS]],
    }, sort_keys=True).encode()
    ch = hashlib.sha256(cfg).hexdigest()
    with open(os.path.join(blobs, ch), "wb") as f:
        f.write(cfg)
    man = json.dumps({
        "schemaVersion": 2, "mediaType": il.MT_MANIFEST,
        "config": {"mediaType": il.MT_CONFIG, "digest": "sha256:" + ch,
                   "size": len(cfg)},
        "layers": descs}, sort_keys=True).encode()
    mh = hashlib.sha256(man).hexdigest()
    with open(os.path.join(blobs, mh), "wb") as f:
        f.write(man)
    with open(os.path.join(oci, "index.json"), "w") as f:
        json.dump({"schemaVersion": 2, "mediaType": il.MT_INDEX,
                   "manifests": [{
                       "mediaType": il.MT_MANIFEST,
                       "digest": "sha256:" + mh, "size": len(man),
                       "annotations": {
                           "org.opencontainers.image.ref.name": TAG}}]},
                  f)
    with open(os.path.join(oci, "oci-layout"), "w") as f:
        f.write('{"imageLayoutVersion":"1.0.0"}')
    # docker save (Docker 25): the layout's files and manifest.json
    with open(os.path.join(dest, "manifest.json"), "w") as f:
        json.dump([{"Config": "blobs/sha256/" + ch, "RepoTags": [TAG],
                    "Layers": ["blobs/sha256/" + d["digest"][7:]
                               for d in descs]}], f)
    with tarfile.open(os.path.join(dest, "docker-save.tar"), "w",
                      format=tarfile.PAX_FORMAT) as t:
        for name in ("oci-layout", "index.json"):
            t.add(os.path.join(oci, name), name)
        t.add(os.path.join(dest, "manifest.json"), "manifest.json")
        for h in sorted(os.listdir(blobs)):
            t.add(os.path.join(blobs, h), "blobs/sha256/" + h)
    os.unlink(os.path.join(dest, "manifest.json"))
    return [d["digest"][7:] for d in descs]


class _Hashing:
    """A writable that hashes what goes through it (the diff id)."""

    def __init__(self, f):
        self.f, self.h = f, hashlib.sha256()

    def write(self, b):
        self.h.update(b)
        return self.f.write(b)


def build(dest, base, log):
    work = os.path.join(dest, "build")
    os.makedirs(work)
    layers, meta = [], []
    t0 = time.monotonic()
    # layer 1: the whole base tree
    out = os.path.join(dest, "layer1")
    n, raw, did = pack_tree(base, out, "gzip", False)
    layers.append((out, "gzip", did))
    meta.append({"step": "debootstrap (Debian 12 server, debianlib.py)",
                 "compression": "gzip", "entries": n, "tar_bytes": raw})
    uppers = []
    for i, (what, cmd, comp) in enumerate(STEPS):
        print("step %d: %s" % (i + 2, what), file=log, flush=True)
        uppers.append(run_step(base, uppers, work, cmd, log))
        out = os.path.join(dest, "layer%d" % (i + 2))
        n, raw, did = pack_tree(uppers[-1], out, comp, True)
        layers.append((out, comp, did))
        meta.append({"step": what, "compression": comp, "entries": n,
                     "tar_bytes": raw})
    digests = write_image(dest, layers)
    for m, d in zip(meta, digests):
        m["digest"] = d
        m["blob_bytes"] = os.path.getsize(
            os.path.join(dest, "oci", "blobs", "sha256", d))
    # the merged tree's entry count, as a runtime would unpack it
    script = ('mount -t overlay overlay -o "lowerdir=$1" "$2" && '
              'find "$2" -mindepth 1 | wc -l; umount "$2"')
    merged = os.path.join(work, "merged")
    lower = ":".join(list(reversed(uppers)) + [base])
    r = subprocess.run(["unshare", "--mount", "--propagation", "private",
                        "sh", "-c", script, "sh", lower, merged],
                       stdout=subprocess.PIPE, text=True, check=True)
    total = int(r.stdout.split()[0])
    shutil.rmtree(work, ignore_errors=True)
    with open(os.path.join(dest, "meta.json"), "w") as f:
        json.dump({"layers": meta, "merged_entries": total,
                   "built_seconds": round(time.monotonic() - t0)}, f,
                  indent=1)


def image(cache=CACHE, log=None):
    """The cached image's directory (oci/, docker-save.tar, meta.json),
    built first when absent or stale; and the seconds building took."""
    base, _ = debianlib.rootfs(log)
    with open(base + ".stamp") as f:
        want = stamp_text(f.read())
    parent = os.path.dirname(cache) or "."
    os.makedirs(parent, exist_ok=True)
    with open(cache + ".lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            with open(os.path.join(cache, "stamp")) as f:
                if f.read() == want:
                    return cache, 0.0
        except OSError:
            pass
        t0 = time.monotonic()
        tmp = cache + ".build"
        shutil.rmtree(tmp, ignore_errors=True)
        os.makedirs(tmp)
        own_log = log is None
        log = log or open(cache + ".log", "w")
        try:
            build(tmp, base, log)
            with open(os.path.join(tmp, "stamp"), "w") as f:
                f.write(want)
            shutil.rmtree(cache, ignore_errors=True)
            os.rename(tmp, cache)
        finally:
            shutil.rmtree(tmp, ignore_errors=True)
            if own_log:
                log.close()
        return cache, time.monotonic() - t0


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("-v", action="store_true")
    ap.add_argument("--cache", default=CACHE)
    a = ap.parse_args()
    path, secs = image(a.cache, sys.stdout if a.v else None)
    print(path + (" (built in %.0f s)" % secs if secs else ""))
    with open(os.path.join(path, "meta.json")) as f:
        print(f.read())


if __name__ == "__main__":
    main()
