#!/usr/bin/env python3
"""image-untrusted.py: the image rows of issue 13, each an image built
here that privmap must refuse, read in bounded time, or read with fewer
privileges.

W7  decompression budget: one 120 KB zstd layer (3.6 GiB of zeros) listed
    511 times is read once, in seconds; twenty distinct such layers, a
    small tar.zst whose outer stream holds 8 GiB of zeros before the
    layers, one with 2 GiB that each layer read passes over again, and a
    90 KB layer of two million empty entries are refused (exit 2) in
    seconds by the budget of the whole image.
W8  a layer that is not a tar, or a truncated gzip or zstd layer, refuses
    the image (exit 2, the layer and the reason named); the same image
    intact exits 1.
W9  started as root, an image scan keeps cap_dac_read_search only while
    it reads the archive (never cap_sys_ptrace) and nothing once the
    image is in memory: /proc/PID/status is read while privmap is blocked
    writing its report into a full pipe (root only).
W11 messages: an image whose only layer is not a tar names that layer
    (not the USER missing from a passwd it never had); an index that lists
    itself says it is a cycle; a manifest.json twice in the archive says
    so; a layer name with terminal escapes reaches stderr escaped.

Every report a scan here gives (exit 0 or 1) must meet the report
contract (tests/contract/check-report.py).

Environment: TOP_BUILDDIR, PRIVMAP. Exit 0 pass, 1 fail (privmap not
built included); only the W9 part is skipped when not root, the rest
always runs.
"""
import fcntl
import hashlib
import io
import json
import os
import resource
import select
import shutil
import subprocess
import sys
import tarfile
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import imagelib as il  # noqa: E402
from contract import check_doc  # noqa: E402

BUILD = os.environ.get("TOP_BUILDDIR", ".")
PRIVMAP = os.environ.get("PRIVMAP", os.path.join(BUILD, "privmap"))
LIMIT = 120         # wall seconds: a run that takes longer has failed
FEW = 15            # CPU seconds (about 1; 6 under ASan): wall time
                    # varies with the load
CHUNK = 64 << 20
ZEROS = 58 * CHUNK  # 3.6 GiB: under the 4 GiB a single layer may reach
F_SETPIPE_SZ = 1031  # linux/fcntl.h
CAP_SYS_PTRACE = 19  # linux/capability.h
failures = []

PASSWD = ("root:x:0:0:root:/root:/bin/sh\n"
          "agent:x:1000:1000::/home/agent:/bin/sh\n")
GROUP = "root:x:0:\nagent:x:1000:\n"


def check(cond, what):
    if not cond:
        failures.append(what)
        print("FAIL:", what)
    else:
        print("ok:", what)


def scan(path, *args):
    """privmap scan --image path as JSON: (exit, stdout, stderr, CPU
    seconds, wall seconds) or None after the time limit."""
    argv = [PRIVMAP, "scan", "--image", path, "--format", "json"] + \
        list(args)
    t0 = time.time()
    ru0 = resource.getrusage(resource.RUSAGE_CHILDREN)
    try:
        r = subprocess.run(argv, stdout=subprocess.PIPE,
                           stderr=subprocess.PIPE, timeout=LIMIT)
    except subprocess.TimeoutExpired:
        return None
    ru = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = ru.ru_utime + ru.ru_stime - ru0.ru_utime - ru0.ru_stime
    if r.returncode in (0, 1):
        bad = check_doc(r.stdout.decode("utf-8", "replace"),
                        os.path.dirname(os.path.abspath(path)),
                        name="privmap-contract.json")
        check(not bad, "the report of %s meets the contract%s" % (
            os.path.basename(path), "".join("\n  " + b for b in bad[:10])))
    return (r.returncode, r.stdout.decode("utf-8", "replace"),
            r.stderr.decode("utf-8", "replace"), cpu, time.time() - t0)


_ZERO = {}


def frames(kind):
    """compress() for one piece; pieces are concatenated frames (gzip
    members, zstd frames), which both formats define as one stream. A
    chunk of zeros is compressed once."""
    def c(data):
        if data == b"\0" * len(data):
            key = (kind, len(data))
            if key not in _ZERO:
                _ZERO[key] = il.compress(data, kind)
            return _ZERO[key]
        return il.compress(data, kind)
    return c


def zeros_tar_stream(name, size, kind):
    """A compressed tar stream of one file of size zeros (size a multiple
    of CHUNK), made from a few frames: header, n times the same frame of
    CHUNK zeros, the end of the archive."""
    c = frames(kind)
    hdr = tarfile.TarInfo(name)
    hdr.size = size
    hdr.mtime = 1700000000
    zero = c(b"\0" * CHUNK)
    return (c(hdr.tobuf(tarfile.PAX_FORMAT)) + zero * (size // CHUNK) +
            c(b"\0" * 1024))


def base_layer():
    return (il.Layer().dir("etc").file("etc/passwd", PASSWD)
            .file("etc/group", GROUP), "gzip")


def oci_dir(path, img, layer_blobs, kinds):
    """img's OCI layout with its layers replaced by layer_blobs (raw
    bytes, kinds their compression), listed in that order."""
    m = {"oci-layout": b'{"imageLayoutVersion":"1.0.0"}'}
    descs = []
    for b, k in zip(layer_blobs, kinds):
        d = "sha256:" + hashlib.sha256(b).hexdigest()
        m["blobs/sha256/" + d[7:]] = b
        descs.append({"mediaType": il.MT_LAYER[k], "digest": d,
                      "size": len(b)})
    cfg = json.loads(img.config)
    cfg["rootfs"]["diff_ids"] = ["sha256:" + "0" * 64] * len(descs)
    cfgb = json.dumps(cfg).encode()
    m["blobs/sha256/" + hashlib.sha256(cfgb).hexdigest()] = cfgb
    man = json.dumps({"schemaVersion": 2, "mediaType": il.MT_MANIFEST,
                      "config": {"mediaType": il.MT_CONFIG,
                                 "digest": "sha256:" +
                                 hashlib.sha256(cfgb).hexdigest(),
                                 "size": len(cfgb)},
                      "layers": descs}).encode()
    md = hashlib.sha256(man).hexdigest()
    m["blobs/sha256/" + md] = man
    m["index.json"] = json.dumps({
        "schemaVersion": 2, "mediaType": il.MT_INDEX,
        "manifests": [{"mediaType": il.MT_MANIFEST, "digest": "sha256:" + md,
                       "size": len(man)}]}).encode()
    il.write_dir(m, path)
    return m


def tree_size(path):
    total = 0
    for d, _, files in os.walk(path):
        for f in files:
            total += os.path.getsize(os.path.join(d, f))
    return total


def w7(tmp, kind):
    p = lambda n: os.path.join(tmp, n)  # noqa: E731
    img = il.Image([base_layer()])
    base = img.blobs[0]

    # one small layer listed 511 times: read once
    z = zeros_tar_stream("zeros", ZEROS, kind)
    oci_dir(p("w7-same"), img, [base] + [z] * 511,
            ["gzip"] + [kind] * 511)
    size = tree_size(p("w7-same"))
    r = scan(p("w7-same"), "--user", "agent")
    check(r is not None, "W7 same layer x511 (%d bytes): finishes within "
          "%ds" % (size, LIMIT))
    if r:
        print("   (%d KB, one %s layer of %.1f GiB listed 511 times: "
              "%.1fs CPU, %.1fs wall, exit %d)" %
              (size >> 10, kind, ZEROS / (1 << 30), r[3], r[4], r[0]))
        check(r[0] in (0, 1), "W7 same layer x511: read (exit %d: %s)" %
              (r[0], r[2].strip()[:300]))
        check(r[3] < FEW, "W7 same layer x511: in %.1fs of CPU (< %ds)" %
              (r[3], FEW))
        check(r[0] == 2 or "listed again later (510 more times): read "
              "once" in r[1], "W7 same layer x511: a note says it was read "
              "once")

    # a layer listed again is applied at each place, as a runtime does:
    # B writes through the symlink A makes, which applying A only at its
    # last place would miss (s/agent would be a directory A replaces)
    a = (il.Layer().symlink("s", "etc/sudoers.d"), None)
    b = (il.Layer().file("s/agent", "agent ALL=(ALL) NOPASSWD: ALL\n"),
         None)
    base2 = (il.Layer().dir("etc").dir("etc/sudoers.d")
             .file("etc/passwd", PASSWD), "gzip")
    il.write_dir(il.Image([base2, a, b, a]).oci_members(), p("w7-aba"))
    dump = os.path.join(BUILD, "tests/unit/image-dump")
    d = subprocess.run([dump, "--image", p("w7-aba"), "--info"],
                       stdout=subprocess.PIPE, text=True, timeout=LIMIT)
    check(d.returncode == 0 and "\n/etc/sudoers.d/agent f " in d.stdout and
          "\n/s l " in d.stdout and "listed again later (1 more time)" in
          d.stdout, "W7 layers A, B, A: A applied at both places, B's file "
          "written through A's symlink (%s)" % d.stdout.strip()[:400])

    # twenty distinct layers of the same size: over the image's budget
    zs = [zeros_tar_stream("zeros-%d" % i, ZEROS, kind) for i in range(20)]
    oci_dir(p("w7-many"), img, [base] + zs, ["gzip"] + [kind] * 20)
    size = tree_size(p("w7-many"))
    r = scan(p("w7-many"), "--user", "agent")
    check(r is not None, "W7 20 distinct layers: finishes within %ds" %
          LIMIT)
    if r:
        print("   (%d KB, 20 %s layers of %.1f GiB each: %.1fs CPU, "
              "%.1fs wall, exit %d)" % (size >> 10, kind, ZEROS / (1 << 30),
                                        r[3], r[4], r[0]))
        check(r[0] == 2, "W7 20 distinct layers: refused (exit %d)" % r[0])
        check("decompression budget" in r[2] and "layer 3/21" in r[2],
              "W7 20 distinct layers: the budget and the layer are named "
              "(%s)" % r[2].strip()[:300])
        check(r[3] < FEW, "W7 20 distinct layers: refused in %.1fs of CPU"
              % r[3])

    # two million empty entries (1 GiB of headers) in a tiny layer: each
    # costs more to place than to decompress, and counts as 4 KiB
    ti = tarfile.TarInfo("a")
    ti.mtime = 1700000000
    hdrs = ti.tobuf(tarfile.USTAR_FORMAT) * (CHUNK // 512)
    c = frames(kind)
    lay = c(hdrs) * 16 + c(b"\0" * 1024)
    oci_dir(p("w7-entries"), img, [base, lay], ["gzip", kind])
    size = tree_size(p("w7-entries"))
    r = scan(p("w7-entries"), "--user", "agent")
    check(r is not None, "W7 2M empty entries: finishes within %ds" % LIMIT)
    if r:
        print("   (%d KB, a %s layer of 2M entries: %.1fs CPU, %.1fs wall, "
              "exit %d)" % (size >> 10, kind, r[3], r[4], r[0]))
        check(r[0] == 2 and "decompression budget" in r[2] and
              "layer 2/2" in r[2], "W7 2M empty entries: refused by the "
              "budget (exit %d: %s)" % (r[0], r[2].strip()[:300]))
        check(r[3] < FEW, "W7 2M empty entries: refused in %.1fs of CPU" %
              r[3])

    # an outer tar.zst (or .gz) with 8 GiB of zeros before everything
    # (past the budget in the first pass), or 2 GiB (past it when the
    # layers are read: each pass over the archive decompresses them again)
    for gib, why in ((8, "decompression budget"),
                     (2, "every pass over the compressed archive")):
        outer(p("w7-outer-%d.tar" % gib), kind, gib, why)


def outer(path, kind, gib, why):
    lays = [(il.Layer().file("f%d" % i, b"\0" * (5 << 20)), None)
            for i in range(10)]
    img2 = il.Image([base_layer()] + lays)
    mem = img2.docker_members()
    man = json.loads(mem["manifest.json"])
    man[0]["Layers"] = [man[0]["Layers"][0]] + man[0]["Layers"][:0:-1]
    mem["manifest.json"] = json.dumps(man).encode()
    rest = io.BytesIO()
    with tarfile.open(fileobj=rest, mode="w",
                      format=tarfile.PAX_FORMAT) as t:
        for name in sorted(mem):
            ti = tarfile.TarInfo(name)
            ti.size = len(mem[name])
            t.addfile(ti, io.BytesIO(mem[name]))
    c = frames(kind)
    hdr = tarfile.TarInfo("0-padding")
    hdr.size = gib * 16 * CHUNK
    with open(path, "wb") as f:
        f.write(c(hdr.tobuf(tarfile.PAX_FORMAT)))
        zero = c(b"\0" * CHUNK)
        for _ in range(gib * 16):
            f.write(zero)
        f.write(c(rest.getvalue()))
    size = os.path.getsize(path)
    r = scan(path, "--user", "agent")
    what = "W7 outer %s archive with %d GiB of zeros" % (kind, gib)
    check(r is not None, "%s: finishes within %ds" % (what, LIMIT))
    if r:
        print("   (%d KB: %.1fs CPU, %.1fs wall, exit %d)" %
              (size >> 10, r[3], r[4], r[0]))
        check(r[0] == 2 and why in r[2], "%s: refused, %r (exit %d: %s)" %
              (what, why, r[0], r[2].strip()[:300]))
        check(r[3] < FEW, "%s: refused in %.1fs of CPU" % (what, r[3]))


def w8(tmp, kind):
    p = lambda n: os.path.join(tmp, n)  # noqa: E731
    # layer 2 makes /etc/passwd writable by everyone: exit 1 when read
    bad = (il.Layer().file("etc/passwd", PASSWD, mode=0o666)
           .file("filler", os.urandom(200000)), kind)
    img = il.Image([base_layer(), bad])
    il.write_dir(img.oci_members(), p("w8-intact"))
    r = scan(p("w8-intact"), "--user", "agent")
    check(r is not None and r[0] == 1, "W8 intact %s image: exit 1 (%s)" %
          (kind, r and (r[0], r[2].strip()[:200])))

    img.blobs[1] = img.blobs[1][: len(img.blobs[1]) // 2]
    il.write_dir(img.oci_members(), p("w8-trunc"))
    r = scan(p("w8-trunc"), "--user", "agent")
    check(r is not None and r[0] == 2, "W8 truncated %s layer: refused "
          "(exit %s)" % (kind, r and r[0]))
    if r:
        check("layer 2/2" in r[2] and ("truncated" in r[2].lower() or
                                       "as a tar stream" in r[2]),
              "W8 truncated %s layer: the layer and the reason are named "
              "(%s)" % (kind, r[2].strip()[:300]))
        check(r[1] == "", "W8 truncated %s layer: no report" % kind)

    img.blobs[1] = b"this is not a tar stream at all\n" * 20
    il.write_dir(img.oci_members(), p("w8-nottar"))
    r = scan(p("w8-nottar"), "--user", "agent")
    check(r is not None and r[0] == 2, "W8 layer not a tar: refused "
          "(exit %s)" % (r and r[0]))
    if r:
        check("layer 2/2" in r[2] and "as a tar stream" in r[2],
              "W8 layer not a tar: the layer and the reason are named (%s)"
              % r[2].strip()[:300])


def w11(tmp):
    p = lambda n: os.path.join(tmp, n)  # noqa: E731
    # the only layer is not a tar, the config names USER agent
    img = il.Image([base_layer()], config={"User": "agent"})
    img.blobs[0] = b"not a tar\n" * 50
    il.write_tar(img.oci_members(), p("w11-only.tar"))
    r = scan(p("w11-only.tar"))
    check(r is not None and r[0] == 2, "W11 only layer not a tar: exit 2")
    if r:
        check("layer 1/1" in r[2] and "as a tar stream" in r[2] and
              "passwd" not in r[2],
              "W11 only layer not a tar: the layer is named, not the USER "
              "(%s)" % r[2].strip()[:300])

    # the refused layer's name, from manifest.json, holds a terminal escape
    mem = il.Image([base_layer()]).docker_members()
    man = json.loads(mem["manifest.json"])
    good = man[0]["Layers"][0]
    bad = "esc\x1b]0;owned\x07\x1b[2J/layer.tar"
    man[0]["Layers"] = [good, bad]
    mem["manifest.json"] = json.dumps(man).encode()
    mem[bad] = b"not a tar\n" * 50
    il.write_tar(mem, p("w11-esc.tar"))
    r = scan(p("w11-esc.tar"), "--user", "agent")
    check(r is not None and r[0] == 2, "W11 escape in a layer name: exit 2")
    if r:
        check("layer 2/2 (esc\\x1b]0;owned\\x07\\x1b[2J/layer.tar)" in r[2]
              and "\x1b" not in r[2] and "\x07" not in r[2],
              "W11 escape in a layer name: named, escaped (%r)" %
              r[2].strip()[:300])

    # an index that lists itself
    body = json.dumps({"schemaVersion": 2, "manifests": [{
        "mediaType": il.MT_INDEX, "digest": "sha512:" + "0" * 128,
        "size": 1}]}).encode()
    il.write_tar({"oci-layout": b'{"imageLayoutVersion":"1.0.0"}',
                  "index.json": body,
                  "blobs/sha512/" + "0" * 128: body}, p("w11-self.tar"))
    r = scan(p("w11-self.tar"))
    check(r is not None and r[0] == 2, "W11 index listing itself: exit 2")
    if r:
        check("cycle" in r[2] and "blobs/sha512/" + "0" * 128 in r[2],
              "W11 index listing itself: a cycle, the blob named (%s)" %
              r[2].strip()[:300])

    # manifest.json twice in the archive
    mem = il.Image([base_layer()]).docker_members()
    order = sorted(mem) + ["manifest.json"]
    il.write_tar(mem, p("w11-dup.tar"), order=order)
    r = scan(p("w11-dup.tar"), "--user", "agent")
    check(r is not None and r[0] == 2, "W11 manifest.json twice: exit 2")
    if r:
        check("manifest.json" in r[2] and "more than once" in r[2] and
              "no index.json or manifest.json" not in r[2],
              "W11 manifest.json twice: says so (%s)" % r[2].strip()[:300])


def status_caps(pid):
    caps = {}
    with open("/proc/%d/status" % pid) as f:
        for line in f:
            k, _, v = line.partition(":")
            if k in ("CapInh", "CapPrm", "CapEff", "CapBnd", "CapAmb",
                     "Uid"):
                caps[k] = v.strip()
    return caps


def w9(tmp):
    p = lambda n: os.path.join(tmp, n)  # noqa: E731
    if os.geteuid() != 0:
        print("skip: W9 needs root (privmap drops privileges only then)")
        return False
    # many findings, so the report is far larger than a 4 KiB pipe
    lay = il.Layer().dir("etc").file("etc/passwd", PASSWD, mode=0o666)
    lay.file("etc/group", GROUP)
    lay.dir("usr").dir("usr/local").dir("usr/local/bin")
    for i in range(60):
        lay.file("usr/local/bin/tool%d" % i, "#!/bin/sh\n", mode=0o4777)
    il.write_tar(il.Image([(lay, "gzip")]).oci_members(), p("w9.tar"))
    os.chmod(p("w9.tar"), 0o600)    # as an image usually is: root's

    r = scan(p("w9.tar"), "--user", "agent", "--verbose")
    check(r is not None and r[0] == 1, "W9 image scanned as root (exit %s)"
          % (r and r[0]))
    if r:
        err = r[2]
        check("cap_dac_read_search=ep" in err and "ptrace" not in err,
              "W9 while reading: cap_dac_read_search only, as read back "
              "from the kernel (%s)" % err.strip()[:400])

    rfd, wfd = os.pipe()
    fcntl.fcntl(wfd, F_SETPIPE_SZ, 4096)
    proc = subprocess.Popen([PRIVMAP, "scan", "--image", p("w9.tar"),
                             "--user", "agent", "--format", "json"],
                            stdout=wfd, stderr=subprocess.DEVNULL)
    os.close(wfd)
    caps = None
    deadline = time.time() + LIMIT
    # the report fills the pipe: once there is something to read, privmap
    # is writing the report and blocks until we read; it is still alive
    while time.time() < deadline:
        ready, _, _ = select.select([rfd], [], [], 1)
        if ready:
            time.sleep(0.5)
            if proc.poll() is None:
                caps = status_caps(proc.pid)
            break
        if proc.poll() is not None:
            break
    out = b""
    while True:
        b = os.read(rfd, 65536)
        if not b:
            break
        out += b
    os.close(rfd)
    proc.wait(timeout=LIMIT)
    check(len(out) > 4096, "W9 the report (%d bytes) is larger than the "
          "pipe" % len(out))
    check(caps is not None, "W9 privmap blocked writing its report: "
          "/proc/PID/status read (%s)" % caps)
    if caps:
        print("   (while writing the report: %s)" % caps)
        eff, prm = int(caps["CapEff"], 16), int(caps["CapPrm"], 16)
        bnd = int(caps["CapBnd"], 16)
        check(eff == 0 and prm == 0 and int(caps["CapAmb"], 16) == 0,
              "W9 the image in memory: no capability effective or "
              "permitted (CapEff %s CapPrm %s)" % (caps["CapEff"],
                                                    caps["CapPrm"]))
        check(not bnd & (1 << CAP_SYS_PTRACE),
              "W9 cap_sys_ptrace is not even in the bounding set (%s)" %
              caps["CapBnd"])
        check(caps["Uid"].split()[:3] == ["65534"] * 3,
              "W9 running as uid 65534 (%s)" % caps["Uid"])
    return True


def main():
    if not os.path.exists(PRIVMAP):
        print("FAIL: %s not built" % PRIVMAP)
        return 1
    kind = "zstd" if il.have_zstd() else "gzip"
    if kind != "zstd":
        print("note: no zstd compressor here; the W7 and W8 layers are gzip")
    tmp = tempfile.mkdtemp(prefix="privmap-image-untrusted.")
    try:
        w7(tmp, kind)
        shutil.rmtree(tmp)
        os.mkdir(tmp)
        w8(tmp, "gzip")
        if kind == "zstd":
            w8(tmp, "zstd")
        w11(tmp)
        w9(tmp)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    print("%d failed" % len(failures))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
