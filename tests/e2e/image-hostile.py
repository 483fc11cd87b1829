#!/usr/bin/env python3
"""image-hostile.py: image archives built to make a reader crash, hang,
escape or lie. Each must give a clear error (the image is refused, exit
2 with a reason) or a noted error (the image is read, the problem listed),
never a crash, a hang or a file of the scanning machine.

Cases: absolute and ../ member paths; symlinks pointing out of the root;
a hard link to a missing member; a truncated gzip stream (refused); a
100 MB manifest.json; a layer listed twice in the manifest (read once); a
member twice in the archive; layer members that are symlinks or hard
links to other members (as docker save writes repeated layers), and one
linked out of the archive; a blob that is a symlink to the scanning
machine's /etc/passwd; a 2,000-deep path and a 20 KB path; names with
newlines, escapes and invalid UTF-8; a symlink loop in a member's
directory; a layer that is not a tar (refused); a config that is not
JSON; an index that contains itself (a cycle); a gzip layer that expands
a thousand times, past 4 GiB (refused); --platform that matches nothing;
blobs whose bytes are not what their digest names (a layer swapped,
bytes after a layer's end, a config, a manifest: each refused, named).

Everything runs tests/unit/image-dump as nobody (setpriv) when we are
root, with a time limit. Each archive is also scanned with privmap scan
--image: a refused one must exit 2 with a reason on stderr, a read one
exit 0 or 1 with a report that meets the report contract
(tests/contract/check-report.py). Environment: TOP_BUILDDIR, PRIVMAP.
Exit 0 pass, 1 fail (image-dump not built included), 77 skip (root
without setpriv off CI: need.py).
"""
import gzip
import hashlib
import io
import json
import os
import shutil
import subprocess
import sys
import tarfile
import tempfile
import time
import zlib

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import imagelib as il  # noqa: E402
from contract import check_doc  # noqa: E402
from need import need  # noqa: E402

BUILD = os.environ.get("TOP_BUILDDIR", ".")
DUMP = os.path.join(BUILD, "tests/unit/image-dump")
PRIVMAP = os.environ.get("PRIVMAP", os.path.join(BUILD, "privmap"))
LIMIT = 120
failures = []


def check(cond, what):
    if not cond:
        failures.append(what)
        print("FAIL:", what)
    else:
        print("ok:", what)


def run(argv):
    t0 = time.time()
    try:
        r = subprocess.run(il.as_nobody() + argv, stdout=subprocess.PIPE,
                           stderr=subprocess.PIPE, timeout=LIMIT)
    except subprocess.TimeoutExpired:
        check(False, "%s finishes within %ds" % (" ".join(argv), LIMIT))
        return None
    r.elapsed = time.time() - t0
    r.out = r.stdout.decode("utf-8", "replace")
    if r.returncode < 0 or r.returncode not in (0, 1, 2):
        check(False, "%s exits 0, 1 or 2, not %d:\n%s" %
              (" ".join(argv), r.returncode, r.stderr.decode()[-2000:]))
    return r


PASSWD = "root:x:0:0:root:/root:/bin/sh\n"


def simple(*extra_layers, config=None):
    base = il.Layer().dir("etc").file("etc/passwd", PASSWD)
    return il.Image([(base, "gzip")] + list(extra_layers),
                    config=config or {})


def set_config(mem, data):
    """docker save members with their config replaced by data, named by
    its digest as docker names it"""
    man = json.loads(mem["manifest.json"])
    del mem[man[0]["Config"]]
    man[0]["Config"] = hashlib.sha256(data).hexdigest() + ".json"
    mem[man[0]["Config"]] = data
    mem["manifest.json"] = json.dumps(man).encode()


def tampered(p):
    """Blobs whose bytes are not those their digest names (issue 20,
    image integrity): each refused, the blob named. The replacements are
    valid (a tar, a config), so only the digest can tell."""
    evil = il.Layer().dir("usr").file("usr/bin/evil", b"x", mode=0o4755)
    other = simple((evil, None))
    for layout in ("oci-dir", "oci-tar", "docker-tar"):
        img = simple((il.Layer().dir("opt"), None))
        if layout == "docker-tar":
            mem = img.docker_members(legacy=False)
            names = json.loads(mem["manifest.json"])[0]["Layers"]
        else:
            mem = img.oci_members()
            names = ["blobs/sha256/" + hashlib.sha256(b).hexdigest()
                     for b in img.blobs]
        cases = {
            # another valid layer under the first layer's name
            "layer swapped": (names[1], other.blobs[1]),
            # the tar's end blocks read, then bytes the tar reader never
            # needs: only hashing the whole member sees them
            "bytes after the layer's end": (names[1], mem[names[1]] +
                                            b"\0" * 1024 + b"trailer"),
        }
        for what, (name, data) in cases.items():
            m2 = dict(mem)
            m2[name] = data
            path = p("tamper-%s-%s" % (layout, what.split()[0]))
            if layout == "oci-dir":
                il.write_dir(m2, path)
            else:
                il.write_tar(m2, path)
            dump_refused("%s: %s" % (layout, what), path,
                         "does not match its digest", name)
    # a config with another user, under the real config's name
    img = simple(config={"User": "nobody"})
    mem = img.oci_members()
    cname = "blobs/sha256/" + hashlib.sha256(img.config).hexdigest()
    mem[cname] = img.config.replace(b'"nobody"', b'"root"')
    il.write_dir(mem, p("tamper-config-oci"))
    dump_refused("oci-dir: config altered", p("tamper-config-oci"),
                 "does not match the digest", cname)
    mem = img.docker_members()
    cname = json.loads(mem["manifest.json"])[0]["Config"]
    mem[cname] = img.config.replace(b'"nobody"', b'"root"')
    il.write_tar(mem, p("tamper-config-docker.tar"))
    dump_refused("docker-tar: config altered", p("tamper-config-docker.tar"),
                 "does not match the digest", cname)
    # a manifest the index names by digest, with one layer fewer
    mem = other.oci_members()
    mname = [n for n in mem if n.startswith("blobs/") and
             mem[n].startswith(b"{") and
             "layers" in json.loads(mem[n])][0]
    man = json.loads(mem[mname])
    man["layers"] = man["layers"][:1]
    mem[mname] = json.dumps(man, sort_keys=True).encode()
    il.write_tar(mem, p("tamper-manifest.tar"))
    dump_refused("oci-tar: manifest altered", p("tamper-manifest.tar"),
                 "does not match the digest", mname)


def dump_ok(name, path, *expect, args=()):
    """The image is read; every expect string is in the dump."""
    r = run([DUMP, "--image", path, "--info"] + list(args))
    if r is None:
        return None
    check(r.returncode == 0, "%s: read (exit %d: %s)" %
          (name, r.returncode, r.out.splitlines()[:1]))
    for e in expect:
        check(e in r.out, "%s: output has %r" % (name, e))
    scan(name, path, 0)
    return r


def dump_refused(name, path, *expect, args=()):
    """The image is refused with a clear reason."""
    r = run([DUMP, "--image", path] + list(args))
    if r is None:
        return None
    check(r.returncode == 2 and r.out.startswith("open-error "),
          "%s: refused (exit %d)" % (name, r.returncode))
    for e in expect:
        check(e in r.out, "%s: reason has %r (%s)" %
              (name, e, r.out.strip()[:300]))
    scan(name, path, 2, args)
    return r


def scan(name, path, want, args=()):
    r = run([PRIVMAP, "scan", "--image", path, "--user", "0",
             "--format", "json"] + list(args))
    if r is None:
        return
    if want == 2:
        why = r.stderr.decode("utf-8", "replace").strip()
        check(r.returncode == 2 and why.startswith("privmap: "),
              "%s: privmap exits 2 with a reason (%d: %s)" %
              (name, r.returncode, why[:200]))
        return
    check(r.returncode in (0, 1), "%s: privmap exits 0 or 1 (%d: %s)" %
          (name, r.returncode, r.stderr.decode("utf-8", "replace")[:300]))
    try:
        doc = r.stdout.decode("utf-8")
        json.loads(doc)
    except ValueError:
        check(False, "%s: privmap prints valid JSON in UTF-8" % name)
        return
    bad = check_doc(doc, os.path.dirname(os.path.abspath(path)),
                    name="privmap-contract.json")
    check(not bad, "%s: the report meets the contract%s" % (
        name, "".join("\n  " + b for b in bad[:10])))


def main():
    if not os.path.exists(DUMP):
        print("FAIL: %s not built (make check builds it)" % DUMP)
        return 1
    if il.as_nobody() is None:
        need("PRIVMAP_SETPRIV", "setpriv (util-linux)", "setpriv")
    tmp = tempfile.mkdtemp(prefix="privmap-image-hostile.")
    os.chmod(tmp, 0o755)
    try:
        cases(tmp)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    print("%d failed" % len(failures))
    return 1 if failures else 0


def ti(name, **kw):
    t = tarfile.TarInfo(name)
    for k, v in kw.items():
        setattr(t, k, v)
    return t


def cases(tmp):
    p = lambda n: os.path.join(tmp, n)  # noqa: E731

    # member paths that climb out, links that point out
    lay = il.Layer()
    lay.raw(ti("/abs/file", size=3), b"abs")
    lay.raw(ti("../../../esc/file", size=3), b"esc")
    lay.raw(ti("./a/../../../../b/file", size=1), b"b")
    lay.symlink("etc/out-abs", "/../../../etc/passwd")
    lay.symlink("etc/out-rel", "../../../../../../../etc/passwd")
    lay.symlink("etc/out-host", tmp + "/canary")
    lay.hardlink("bin/ghost", "bin/nowhere")
    lay.hardlink("bin/dirlink", "etc")
    with open(p("canary"), "w") as f:
        f.write("HOST FILE\n")
    il.write_tar(simple((lay, None)).docker_members(), p("paths.tar"))
    r = dump_ok("paths", p("paths.tar"), "/abs/file f", "/esc/file f",
                "/b/file f", "climbs above the image root",
                "hard link to a missing member 'bin/nowhere'",
                "hard link to a directory", args=[
                    "--read", "/etc/out-abs", "--read", "/etc/out-rel",
                    "--read", "/etc/out-host"])
    if r:
        check("HOST FILE" not in r.out, "paths: the host's file is not read")
        check(r.out.count("read /etc/out-") == 3 and
              r.out.count(PASSWD.strip()) == 2,
              "paths: links out of the root read the image's own passwd")

    # a truncated gzip stream: the image is refused, the layer named
    big = il.Layer().file("first", "1")
    big.file("noise", os.urandom(300000))
    big.file("last", "3")
    img = simple((big, "gzip"))
    img.blobs[1] = img.blobs[1][: len(img.blobs[1]) * 2 // 3]
    il.write_dir(img.oci_members(), p("trunc"))
    dump_refused("truncated gzip", p("trunc"), "layer 2/2",
                 "truncated or corrupt")

    # a 100 MB manifest.json (gzip'd archive and plain one)
    m = {"manifest.json": b"[" + b" " * (100 << 20) + b"]"}
    il.write_tar(m, p("huge.tar.gz"), "gzip")
    dump_refused("100 MB manifest (tar.gz)", p("huge.tar.gz"),
                 "manifest.json: larger than the limit")
    il.write_tar(m, p("huge.tar"))
    r = dump_refused("100 MB manifest (tar)", p("huge.tar"),
                     "larger than the limit")
    if r:
        check(r.elapsed < 10, "100 MB manifest refused without reading "
              "it (%.1fs)" % r.elapsed)
    os.unlink(p("huge.tar"))
    os.makedirs(p("huge-dir"))
    with open(p("huge-dir/index.json"), "wb") as f:
        f.truncate(100 << 20)
    dump_refused("100 MB index.json (dir)", p("huge-dir"),
                 "larger than the limit")
    shutil.rmtree(p("huge-dir"))

    # a layer listed twice: read once, at its last place, noted
    img = simple((il.Layer().file("x", "1"), "gzip"))
    mem = img.docker_members()
    man = json.loads(mem["manifest.json"])
    man[0]["Layers"].append(man[0]["Layers"][1])
    mem["manifest.json"] = json.dumps(man).encode()
    il.write_tar(mem, p("twice.tar"))
    dump_ok("layer listed twice", p("twice.tar"), "listed again", "/x f")
    # docker save writes a repeated layer as a symlink to the first copy
    mem = img.docker_members()
    man = json.loads(mem["manifest.json"])
    first = man[0]["Layers"][1]
    man[0]["Layers"].append("feedface/layer.tar")
    mem["manifest.json"] = json.dumps(man).encode()
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode="w", format=tarfile.PAX_FORMAT) as t:
        for name in sorted(mem):
            t.addfile(ti(name, size=len(mem[name])), io.BytesIO(mem[name]))
        t.addfile(ti("feedface/layer.tar", type=tarfile.SYMTYPE,
                     linkname="../" + first))
        t.addfile(ti("hardlinked/layer.tar", type=tarfile.LNKTYPE,
                     linkname=first))
    with open(p("linked.tar"), "wb") as f:
        f.write(buf.getvalue())
    dump_ok("layer as a symlink member", p("linked.tar"), "/x f")
    # or as a hard link member
    man[0]["Layers"][-1] = "hardlinked/layer.tar"
    mem["manifest.json"] = json.dumps(man).encode()
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode="w", format=tarfile.PAX_FORMAT) as t:
        for name in sorted(mem):
            t.addfile(ti(name, size=len(mem[name])), io.BytesIO(mem[name]))
        t.addfile(ti("hardlinked/layer.tar", type=tarfile.LNKTYPE,
                     linkname=first))
        t.addfile(ti("out/layer.tar", type=tarfile.SYMTYPE,
                     linkname="../../../../etc/passwd"))
    with open(p("hardlinked.tar"), "wb") as f:
        f.write(buf.getvalue())
    dump_ok("layer as a hard link member", p("hardlinked.tar"), "/x f")
    # a symlink member pointing out of the archive leads nowhere
    man[0]["Layers"][-1] = "out/layer.tar"
    mem["manifest.json"] = json.dumps(man).encode()
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode="w", format=tarfile.PAX_FORMAT) as t:
        for name in sorted(mem):
            t.addfile(ti(name, size=len(mem[name])), io.BytesIO(mem[name]))
        t.addfile(ti("out/layer.tar", type=tarfile.SYMTYPE,
                     linkname="../../../../etc/passwd"))
    with open(p("outlink.tar"), "wb") as f:
        f.write(buf.getvalue())
    dump_refused("layer member linked out of the archive", p("outlink.tar"),
                 "member not in the image")

    # a member twice in the archive: refused
    order = sorted(mem) + [man[0]["Layers"][1]]
    il.write_tar(mem, p("dup.tar"), order=order)
    dump_refused("member twice in the archive", p("dup.tar"),
                 "more than once")

    # a blob that is a symlink to the scanning machine's /etc/passwd
    img = simple()
    il.write_dir(img.oci_members(), p("linkblob"))
    blob = p("linkblob/blobs/sha256/" +
             hashlib.sha256(img.config).hexdigest())
    os.unlink(blob)
    os.symlink("/etc/passwd", blob)
    dump_refused("config blob linked to the host", p("linkblob"),
                 "cannot read the image's JSON")

    # deep, long and odd names
    lay = il.Layer()
    lay.file("/".join(["d"] * 2000) + "/deep", "x")
    lay.file("long/" + "x" * 20000, "x")
    lay.file("odd/new\nline", "x")
    lay.file("odd/esc\x1b[2Jape", "x")
    lay.raw(ti("odd/bad\udcff\udcfeutf8", size=1), b"x")
    lay.file("odd/" + "n" * 300, "x")
    lay.symlink("loop", "loop")
    lay.file("loop/x", "x")
    il.write_tar(simple((lay, "gzip")).oci_members(), p("names.tar"))
    r = dump_ok("odd names", p("names.tar"), "deeper than 1024",
                "no usable path name", "/odd/new\\x0aline f",
                "/odd/esc\\x1b[2Jape f", "/odd/bad\\xff\\xfeutf8 f",
                "name longer than 255", "cannot place the entry")
    if r:
        check("\x1b" not in r.out, "odd names: no raw escape printed")

    # not a tar; not JSON; an index inside itself
    img = simple()
    img.blobs[0] = b"this is not a tar stream at all" * 10
    il.write_dir(img.oci_members(), p("nottar"))
    dump_refused("layer not a tar", p("nottar"), "layer 1/1",
                 "cannot be read as a tar stream")
    # the configs below are named by their own digest ("HEX.json"), as
    # docker save names them: privmap checks that name before the JSON
    mem = simple().docker_members()
    set_config(mem, b'{"architecture": "amd64", "os": ')
    il.write_tar(mem, p("badjson.tar"))
    dump_refused("config not JSON", p("badjson.tar"), "malformed JSON")
    set_config(mem, b'{"architecture": "amd64", "architecture": "arm64"}')
    il.write_tar(mem, p("dupkey.tar"))
    dump_refused("config with a duplicate key", p("dupkey.tar"),
                 "malformed JSON")
    # an index cannot name itself by its own sha256; named by sha512,
    # which privmap does not verify, the cycle is what refuses it
    self_ref = {"oci-layout": b'{"imageLayoutVersion":"1.0.0"}'}
    body = json.dumps({"schemaVersion": 2, "manifests": [{
        "mediaType": il.MT_INDEX,
        "digest": "sha512:" + "0" * 128, "size": 1}]}).encode()
    self_ref["index.json"] = body
    self_ref["blobs/sha512/" + "0" * 128] = body
    il.write_tar(self_ref, p("selfindex.tar"))
    dump_refused("an index inside itself", p("selfindex.tar"),
                 "lists itself (a cycle)")
    tampered(p)
    il.write_tar({"hello": b"world"}, p("noimage.tar"))
    dump_refused("no manifest", p("noimage.tar"), "neither")
    with open(p("random.bin"), "wb") as f:
        f.write(os.urandom(4096))
    dump_refused("random bytes", p("random.bin"))
    open(p("empty"), "w").close()
    dump_refused("empty file", p("empty"))

    # a gzip layer that expands far beyond 4 GiB
    bomb(p("bomb"))
    r = dump_refused("decompression bomb", p("bomb"), "decompression")
    if r:
        print("   (bomb refused after %.1fs)" % r.elapsed)

    # platforms
    a = il.Image([(il.Layer().file("amd", "1"), "gzip")], arch="amd64")
    b = il.Image([(il.Layer().file("arm", "1"), "gzip")], arch="arm64",
                 variant="v8")
    il.write_tar(il.oci_layout([a, b], platforms=True), p("multi.tar"))
    dump_ok("multi-platform default", p("multi.tar"), "/amd f",
            "several platforms")
    dump_ok("multi-platform arm64", p("multi.tar"), "/arm f",
            args=["--platform", "linux/arm64"])
    dump_refused("multi-platform s390x", p("multi.tar"),
                 "linux/amd64", "linux/arm64",
                 args=["--platform", "linux/s390x"])
    dump_refused("malformed --platform", p("multi.tar"),
                 args=["--platform", "amd64"])


def bomb(path):
    """An OCI layout whose only layer is a gzip stream of concatenated
    members: a tar header for a 4.25 GiB file of zeros (just past the
    4 GiB privmap lets any layer expand to), then the zeros, 64 MiB per
    member (each member compresses to about 64 KiB)."""
    size = (4 << 30) + (256 << 20)
    hdr = ti("zeros", size=size).tobuf(tarfile.PAX_FORMAT)
    chunk = 64 << 20
    zero_member = gzip.compress(b"\0" * chunk, mtime=0)
    out = io.BytesIO()
    out.write(gzip.compress(hdr, mtime=0))
    for _ in range(size // chunk):
        out.write(zero_member)
    out.write(gzip.compress(b"\0" * 1024, mtime=0))
    img = il.Image([(il.Layer().file("before", "x"), "gzip")])
    img.blobs[0] = out.getvalue()
    il.write_dir(img.oci_members(), path)
    # zlib is still what it was
    assert zlib.decompress(zero_member[10:-8], -15)[:1] == b"\0"


if __name__ == "__main__":
    sys.exit(main())
