"""imagelib.py: container images written by the tests themselves.

Layers are PAX tar streams written with Python's tarfile the way Go's
archive/tar writes them for Docker and BuildKit: numeric owners, extended
attributes as SCHILY.xattr.NAME records (binary values kept byte for byte),
whiteouts as .wh.NAME and .wh..wh..opq files. An image is written as an
OCI image layout (a directory, or a tar of one) or as a `docker save`
archive, with real sha256 digests. `unpack` applies the same layers to a
directory (root only: owners, setuid bits, capabilities) so a test can
compare the image read in memory with the tree a runtime would make.

Sources: OCI image-spec v1.1 (image-layout.md, manifest.md, layer.md);
moby image/tarexport (docker save); linux/capability.h (vfs_cap_data);
linux/posix_acl_xattr.h.
"""
import gzip
import hashlib
import io
import json
import os
import shutil
import stat
import struct
import subprocess
import tarfile

MT_INDEX = "application/vnd.oci.image.index.v1+json"
MT_MANIFEST = "application/vnd.oci.image.manifest.v1+json"
MT_CONFIG = "application/vnd.oci.image.config.v1+json"
MT_LAYER = {
    None: "application/vnd.oci.image.layer.v1.tar",
    "gzip": "application/vnd.oci.image.layer.v1.tar+gzip",
    "zstd": "application/vnd.oci.image.layer.v1.tar+zstd",
}

# linux/capability.h
CAP_DAC_OVERRIDE, CAP_SETUID, CAP_SETGID, CAP_NET_RAW, CAP_SYS_ADMIN = \
    1, 7, 6, 13, 21


def capability(caps, effective=True):
    """A v2 vfs_cap_data value: magic_etc (VFS_CAP_REVISION_2 and
    VFS_CAP_FLAGS_EFFECTIVE), then permitted/inheritable of the low and
    the high 32 capabilities."""
    bits = 0
    for c in caps:
        bits |= 1 << c
    magic = 0x02000000 | (1 if effective else 0)
    return struct.pack("<IIIII", magic, bits & 0xffffffff, 0, bits >> 32, 0)


ACL_USER_OBJ, ACL_USER, ACL_GROUP_OBJ, ACL_GROUP, ACL_MASK, ACL_OTHER = \
    0x01, 0x02, 0x04, 0x08, 0x10, 0x20


def posix_acl(entries):
    """A system.posix_acl_access value from (tag, perm, id) triples."""
    out = struct.pack("<I", 2)
    for tag, perm, ident in entries:
        out += struct.pack("<HHI", tag, perm,
                           ident if ident is not None else 0xffffffff)
    return out


def zstd_compress(data):
    """zstd bytes, or None when neither the zstandard module nor the zstd
    program is here."""
    try:
        import zstandard  # noqa: F401
        return zstandard.ZstdCompressor().compress(data)
    except ImportError:
        pass
    exe = shutil.which("zstd")
    if exe is None:
        return None
    return subprocess.run([exe, "-q", "-c", "-"], input=data,
                          stdout=subprocess.PIPE, check=True).stdout


def have_zstd():
    return zstd_compress(b"x") is not None


def compress(data, kind):
    if kind is None:
        return data
    if kind == "gzip":
        return gzip.compress(data, mtime=0)
    if kind == "zstd":
        out = zstd_compress(data)
        if out is None:
            raise RuntimeError("no zstd compressor")
        return out
    raise ValueError(kind)


def _pax_value(b):
    # tarfile writes PAX values from str; surrogateescape brings the raw
    # bytes back (and sets hdrcharset=BINARY when they are not UTF-8)
    return b.decode("utf-8", "surrogateescape")


class Layer:
    """The entries of one layer, in the order they are written."""

    def __init__(self):
        self.entries = []

    def _add(self, kind, path, **kw):
        self.entries.append(dict(kind=kind, path=path, **kw))
        return self

    def dir(self, path, mode=0o755, uid=0, gid=0, xattrs=None):
        return self._add("d", path, mode=mode, uid=uid, gid=gid,
                         xattrs=xattrs or {})

    def file(self, path, data=b"", mode=0o644, uid=0, gid=0, xattrs=None):
        if isinstance(data, str):
            data = data.encode()
        return self._add("f", path, data=data, mode=mode, uid=uid, gid=gid,
                         xattrs=xattrs or {})

    def symlink(self, path, target, uid=0, gid=0):
        return self._add("l", path, target=target, mode=0o777, uid=uid,
                         gid=gid, xattrs={})

    def hardlink(self, path, target):
        return self._add("h", path, target=target, mode=0o644, uid=0, gid=0,
                         xattrs={})

    def char(self, path, major, minor, mode=0o666, uid=0, gid=0):
        return self._add("c", path, major=major, minor=minor, mode=mode,
                         uid=uid, gid=gid, xattrs={})

    def fifo(self, path, mode=0o644, uid=0, gid=0):
        return self._add("p", path, mode=mode, uid=uid, gid=gid, xattrs={})

    def whiteout(self, path):
        d, _, name = path.rstrip("/").rpartition("/")
        return self.file((d + "/" if d else "") + ".wh." + name)

    def opaque(self, dirpath):
        return self.file(dirpath.rstrip("/") + "/.wh..wh..opq")

    def raw(self, tarinfo, data=None):
        """A member exactly as given (hostile tests)."""
        return self._add("raw", tarinfo.name, tarinfo=tarinfo, data=data,
                         xattrs={})

    def tar(self):
        buf = io.BytesIO()
        with tarfile.open(fileobj=buf, mode="w", format=tarfile.PAX_FORMAT,
                          encoding="utf-8") as t:
            for e in self.entries:
                if e["kind"] == "raw":
                    t.addfile(e["tarinfo"], io.BytesIO(e["data"])
                              if e["data"] is not None else None)
                    continue
                ti = tarfile.TarInfo(e["path"])
                ti.uid, ti.gid, ti.mode = e["uid"], e["gid"], e["mode"]
                ti.mtime = 1700000000
                ti.uname = ti.gname = ""
                data = None
                k = e["kind"]
                if k == "d":
                    ti.type = tarfile.DIRTYPE
                elif k == "f":
                    ti.size = len(e["data"])
                    data = io.BytesIO(e["data"])
                elif k == "l":
                    ti.type = tarfile.SYMTYPE
                    ti.linkname = e["target"]
                elif k == "h":
                    ti.type = tarfile.LNKTYPE
                    ti.linkname = e["target"]
                elif k == "c":
                    ti.type = tarfile.CHRTYPE
                    ti.devmajor, ti.devminor = e["major"], e["minor"]
                elif k == "p":
                    ti.type = tarfile.FIFOTYPE
                if e["xattrs"]:
                    ti.pax_headers = {"SCHILY.xattr." + n: _pax_value(v)
                                      for n, v in e["xattrs"].items()}
                t.addfile(ti, data)
        return buf.getvalue()


def _digest(b):
    return "sha256:" + hashlib.sha256(b).hexdigest()


class Image:
    """layers: [(Layer, compression or None)]; config: the config's
    "config" object (User, Env, ...)."""

    def __init__(self, layers, config=None, arch="amd64", os_="linux",
                 variant=None, tag="privmap-test:1"):
        self.layers = layers
        self.tag = tag
        self.tars = [layer.tar() for layer, _ in layers]
        self.blobs = [compress(t, c) for t, (_, c) in zip(self.tars, layers)]
        cfg = {"architecture": arch, "os": os_,
               "config": config or {},
               "rootfs": {"type": "layers",
                          "diff_ids": [_digest(t) for t in self.tars]},
               "history": [{"created_by": "privmap test"}
                           for _ in self.tars]}
        if variant:
            cfg["variant"] = variant
        self.config = json.dumps(cfg, sort_keys=True).encode()
        self.platform = {"architecture": arch, "os": os_}
        if variant:
            self.platform["variant"] = variant

    def manifest(self):
        return json.dumps({
            "schemaVersion": 2, "mediaType": MT_MANIFEST,
            "config": {"mediaType": MT_CONFIG,
                       "digest": _digest(self.config),
                       "size": len(self.config)},
            "layers": [{"mediaType": MT_LAYER[c], "digest": _digest(b),
                        "size": len(b)}
                       for b, (_, c) in zip(self.blobs, self.layers)],
        }, sort_keys=True).encode()

    def oci_members(self):
        """{name: bytes} of an OCI image layout holding this image."""
        return oci_layout([self])

    def docker_members(self, legacy=True):
        """{name: bytes} of a `docker save` archive: the legacy layout
        (ID/layer.tar, ID.json) or Docker 25's (blobs/sha256/...)."""
        m = {}
        if legacy:
            cfgname = hashlib.sha256(self.config).hexdigest() + ".json"
            names = []
            for i, t in enumerate(self.tars):
                lid = hashlib.sha256(b"%d" % i + t).hexdigest()
                m[lid + "/layer.tar"] = t
                m[lid + "/VERSION"] = b"1.0"
                names.append(lid + "/layer.tar")
        else:
            cfgname = "blobs/sha256/" + hashlib.sha256(self.config).hexdigest()
            names = []
            for b in self.blobs:
                n = "blobs/sha256/" + hashlib.sha256(b).hexdigest()
                m[n] = b
                names.append(n)
        m[cfgname] = self.config
        m["manifest.json"] = json.dumps([{
            "Config": cfgname, "RepoTags": [self.tag], "Layers": names,
        }]).encode()
        return m


def oci_layout(images, platforms=False, extra_manifests=()):
    """An OCI layout of several images (a multi-platform index when
    platforms is set). extra_manifests: raw descriptors added to the
    index (attestations, dangling ones)."""
    m = {"oci-layout": json.dumps({"imageLayoutVersion": "1.0.0"}).encode()}
    descs = []
    for img in images:
        for b in img.blobs + [img.config]:
            m["blobs/sha256/" + hashlib.sha256(b).hexdigest()] = b
        man = img.manifest()
        m["blobs/sha256/" + hashlib.sha256(man).hexdigest()] = man
        d = {"mediaType": MT_MANIFEST, "digest": _digest(man),
             "size": len(man),
             "annotations": {"org.opencontainers.image.ref.name": img.tag}}
        if platforms:
            d["platform"] = img.platform
        descs.append(d)
    descs.extend(extra_manifests)
    m["index.json"] = json.dumps({"schemaVersion": 2, "mediaType": MT_INDEX,
                                  "manifests": descs}).encode()
    return m


def write_dir(members, path):
    for name, data in members.items():
        full = os.path.join(path, name)
        os.makedirs(os.path.dirname(full), exist_ok=True)
        with open(full, "wb") as f:
            f.write(data)


def write_tar(members, path, compression=None, order=None):
    """members as a tar (sorted by name unless order is given)."""
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode="w", format=tarfile.PAX_FORMAT) as t:
        for name in (order or sorted(members)):
            ti = tarfile.TarInfo(name)
            ti.size = len(members[name])
            ti.mode = 0o644
            ti.mtime = 1700000000
            t.addfile(ti, io.BytesIO(members[name]))
    with open(path, "wb") as f:
        f.write(compress(buf.getvalue(), compression))


def unpack(image, dest):
    """Apply the image's layers to dest as a runtime would (root only):
    whiteouts and opaque markers first hide what lower layers made (the
    tests write them before the entries of the same directory, as Docker
    does), then entries are made with their owner, mode and xattrs."""
    for tar in image.tars:
        with tarfile.open(fileobj=io.BytesIO(tar)) as t:
            for ti in t.getmembers():
                name = os.path.normpath("/" + ti.name).lstrip("/")
                if not name or name == ".":
                    continue
                full = os.path.join(dest, name)
                d, base = os.path.split(full)
                if base == ".wh..wh..opq":
                    for n in os.listdir(d):
                        _rm(os.path.join(d, n))
                    continue
                if base.startswith(".wh."):
                    _rm(os.path.join(d, base[4:]))
                    continue
                os.makedirs(d, exist_ok=True)
                if os.path.lexists(full) and not (
                        ti.isdir() and os.path.isdir(full)
                        and not os.path.islink(full)):
                    _rm(full)
                if ti.isdir():
                    os.makedirs(full, exist_ok=True)
                elif ti.isfile():
                    with open(full, "wb") as f:
                        f.write(t.extractfile(ti).read())
                elif ti.issym():
                    os.symlink(ti.linkname, full)
                elif ti.islnk():
                    os.link(os.path.join(dest, ti.linkname.lstrip("/")), full)
                    continue
                elif ti.ischr():
                    os.mknod(full, stat.S_IFCHR | ti.mode,
                             os.makedev(ti.devmajor, ti.devminor))
                elif ti.isfifo():
                    os.mkfifo(full, ti.mode)
                os.lchown(full, ti.uid, ti.gid)
                if not ti.issym():
                    os.chmod(full, ti.mode)
                for k, v in ti.pax_headers.items():
                    if k.startswith("SCHILY.xattr."):
                        os.setxattr(full, k[len("SCHILY.xattr."):],
                                    v.encode("utf-8", "surrogateescape"),
                                    follow_symlinks=False)


def _rm(p):
    if os.path.islink(p) or not os.path.isdir(p):
        if os.path.lexists(p):
            os.unlink(p)
    else:
        shutil.rmtree(p)


def as_nobody():
    """The argv prefix that runs a command as nobody (uid/gid 65534, no
    groups) when we are root, or [] when we are not."""
    if os.geteuid() != 0:
        return []
    exe = shutil.which("setpriv")
    if exe is None:
        return None
    return [exe, "--reuid=65534", "--regid=65534", "--clear-groups"]


def open_tree(path):
    """Let nobody read everything under path (the tests' temp files)."""
    for d, dirs, files in os.walk(path):
        os.chmod(d, 0o755)
        for f in files:
            p = os.path.join(d, f)
            if not os.path.islink(p):
                os.chmod(p, 0o644)
