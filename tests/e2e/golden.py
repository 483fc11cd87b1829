#!/usr/bin/env python3
"""golden.py [--write]
golden.py --compare OLD NEW (--root DIR | --host) --user USER [ARG...]

Every artefact privmap writes, held byte for byte to the files saved in
tests/golden/ from the build before the renovation of issue 14 (typed
findings, parse/, lib/, one scan open), so that moving code cannot change
what a user gets.

For each fixture (fixtures/*.fix, built as run-fixture.py builds it) the
scan writes: the text report (plain and -v), the JSON report, SARIF, the
auditd rules with their base and immutable files, the three policies
(generic; claude-code with its hook and the hook's policy; codex with its
rules file) and the fix script, plus its exit status and standard error.
Then the saved JSON report is read back by `privmap rules`, `policy` and
`fix`, whose files are held to the same goldens as the scan's.

Paths that differ from run to run are written as placeholders before the
comparison: the fixture's root (@ROOT@), the output directory (@OUT@),
the privmap binary (@PRIVMAP@). SARIF's helpUri and informationUri name
the installed docs/sarif.md under the configured prefix, which `make
distcheck` changes: they are compared as @DOCS@/sarif.md, on both sides.
Nothing else is normalised.

--write saves the goldens instead of comparing. Since the renovation the
goldens change only where behaviour is meant to change (issues 15-20:
severities, titles, new report members), in a commit of their own that
follows the change and says which fixtures' artefacts changed and why;
the diff is read before it is committed. Rewriting them to make a
failing run pass without reading what changed defeats the test.

--compare runs the same artefacts with two privmap binaries (say, one
built from the tag pre-renovation and one from now) on a real root
filesystem or the live host, and compares them byte for byte: how the
renovation was checked on trees no fixture describes.

Exit 0 pass, 1 a difference, 77 not root (owners and set-id bits).
"""
import difflib
import importlib.util
import os
import re
import shutil
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
TOP = os.environ.get("TOP_SRCDIR") or os.path.dirname(os.path.dirname(HERE))
GOLDEN = os.path.join(TOP, "tests", "golden")

_spec = importlib.util.spec_from_file_location(
    "run_fixture", os.path.join(HERE, "run-fixture.py"))
rf = importlib.util.module_from_spec(_spec)
sys.path.insert(0, HERE)
_spec.loader.exec_module(rf)

# artefact file name -> the scan options that write it (OUT/ is the
# output directory); "stdout:..." artefacts are the standard output
SCAN_FILES = {
    "report.json": ["--format", "json", "-o", "OUT/report.json"],
    "report.sarif": ["--format", "sarif", "-o", "OUT/report.sarif"],
    "audit.rules": ["--audit-rules", "OUT/audit.rules",
                    "--audit-base", "OUT/audit-base.rules",
                    "--audit-immutable", "OUT/audit-immutable.rules"],
    "generic.json": ["--policy", "OUT/generic.json"],
    "claude.json": ["--policy", "OUT/claude.json",
                    "--policy-format", "claude-code", "--policy-hook",
                    "--hook-policy", "OUT/claude-hook-policy.json"],
    "codex.toml": ["--policy", "OUT/codex.toml", "--policy-format", "codex"],
    "fix.sh": ["--fix-script", "OUT/fix.sh"],
}
# files written along with those above
EXTRA = {"audit.rules": ["audit-base.rules", "audit-immutable.rules"],
         "claude.json": ["claude-hook-policy.json"],
         "codex.toml": ["codex.rules"]}


# the formats tests/unit/output-test --emit writes
SAMPLE = ["json", "audit", "audit-base", "audit-immutable", "generic",
          "claude-code", "claude-code-hook", "codex", "codex-rules", "fix",
          "sarif"]


# the file: URI of the installed docs/sarif.md (configure's docdir)
DOCS_URI = re.compile(rb'file://[^"#\s]*/sarif\.md')


def docs(data):
    """data with the docs URI as @DOCS@ (see the header)."""
    return DOCS_URI.sub(b"@DOCS@/sarif.md", data) if data is not None \
        else None


class Run:
    def __init__(self, privmap, root, out):
        self.privmap, self.root, self.out = privmap, root, out

    def norm(self, data):
        for s, p in ((self.out, b"@OUT@"), (self.root or "/", b"@ROOT@"),
                     (os.path.abspath(self.privmap), b"@PRIVMAP@")):
            if s == "/":
                continue
            data = data.replace(s.encode() if isinstance(s, str) else s, p)
        return data

    def cmd(self, args):
        args = [a.replace("OUT/", self.out + "/") for a in args]
        return subprocess.run([self.privmap] + args, stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, timeout=300)


def artefacts(privmap, fx, root):
    """name -> normalised bytes, for one built fixture."""
    got = {}
    out = tempfile.mkdtemp(prefix="privmap-golden-out-")
    try:
        r = Run(privmap, root, out)
        base = (["scan"] + (["--root", root] if root else []) +
                ["--user", fx["user"]] + fx["args"])
        p = r.cmd(base)
        got["scan.txt"] = r.norm(p.stdout)
        got["scan.stderr"] = r.norm(p.stderr)
        got["scan.exit"] = b"%d\n" % p.returncode
        if p.returncode == 2:
            return got
        p = r.cmd(base + ["-q", "-v"])
        got["scan-v.txt"] = r.norm(p.stdout)
        for name, opts in SCAN_FILES.items():
            p = r.cmd(base + ["-q"] + opts)
            for f in [name] + EXTRA.get(name, []):
                fp = os.path.join(out, f)
                if os.path.exists(fp):
                    with open(fp, "rb") as fh:
                        got[f] = r.norm(fh.read())
                    os.unlink(fp)
                else:
                    got[f] = b"(not written; exit %d)\n" % p.returncode
        # the saved report read back: the same files as the scan wrote
        rep = os.path.join(out, "report.json")
        with open(rep, "wb") as fh:
            fh.write(got["report.json"].replace(b"@ROOT@",
                                                (root or "/").encode()))
        back = {
            "rules:audit.rules": ["rules", rep, "-o", "OUT/x"],
            "policy:generic.json": ["policy", rep, "-o", "OUT/x"],
            "policy:claude.json": ["policy", rep, "--policy-format",
                                   "claude-code", "--policy-hook",
                                   "--hook-policy",
                                   "OUT/claude-hook-policy.json", "-o",
                                   "OUT/claude.json"],
            "policy:codex.toml": ["policy", rep, "--policy-format", "codex",
                                  "-o", "OUT/codex.toml"],
            "fix:fix.sh": ["fix", rep, "-o", "OUT/x"],
        }
        for key, args in back.items():
            what, name = key.split(":")
            p = r.cmd(args)
            src = os.path.join(out, name if "OUT/" + name in args else "x")
            if p.returncode != 0 or not os.path.exists(src):
                got["readback-" + what + ".err"] = r.norm(p.stderr)
                continue
            with open(src, "rb") as fh:
                data = r.norm(fh.read())
            os.unlink(src)
            if data != got.get(name):
                got["readback-" + name] = data
    finally:
        shutil.rmtree(out, ignore_errors=True)
    return got


def compare(argv):
    """--compare OLD NEW (--root DIR | --host) --user USER [ARG...]"""
    old, new = argv[0], argv[1]
    rest = argv[2:]
    root = None
    if rest[:1] == ["--root"]:
        root, rest = os.path.abspath(rest[1]), rest[2:]
    elif rest[:1] == ["--host"]:
        rest = rest[1:]
    else:
        print(compare.__doc__)
        return 2
    if rest[:1] != ["--user"]:
        print(compare.__doc__)
        return 2
    fx = {"user": rest[1], "args": rest[2:]}
    a = artefacts(old, fx, root)
    b = artefacts(new, fx, root)
    bad = 0
    for k in sorted(set(a) | set(b)):
        if a.get(k) != b.get(k):
            bad += 1
            print(f"FAIL {k}: the two builds differ")
            x = (a.get(k) or b"").decode(errors="replace").splitlines()
            y = (b.get(k) or b"").decode(errors="replace").splitlines()
            for line in list(difflib.unified_diff(x, y, "old", "new",
                                                  lineterm=""))[:40]:
                print("  " + line)
    findings = a.get("report.json", b"").count(b'"check":')
    print(f"{'FAIL' if bad else 'PASS'} compare: {len(a) - bad} of "
          f"{len(a)} artefacts byte-identical ({findings} findings, "
          f"{root or 'the live host'}, user {fx['user']})")
    return 1 if bad else 0


def main():
    if sys.argv[1:2] == ["--compare"]:
        return compare(sys.argv[2:])
    write = "--write" in sys.argv[1:]
    if os.geteuid() != 0:
        print("SKIP golden: building fixtures needs root")
        return 77
    privmap = os.environ.get("PRIVMAP", "privmap")
    fixtures = sorted(f for f in os.listdir(os.path.join(TOP, "fixtures"))
                      if f.endswith(".fix"))
    bad = 0
    checked = 0
    for fname in fixtures:
        name = fname[:-4]
        fx = rf.parse(os.path.join(TOP, "fixtures", fname))
        # one root path length for every run, so that nothing laid out
        # by width changes with it
        root = tempfile.mkdtemp(prefix="privmap-golden-")
        try:
            rf.build(fx, root)
            got = artefacts(privmap, fx, root)
        finally:
            shutil.rmtree(root, ignore_errors=True)
        gdir = os.path.join(GOLDEN, name)
        if write:
            shutil.rmtree(gdir, ignore_errors=True)
            os.makedirs(gdir)
            for k, v in got.items():
                with open(os.path.join(gdir, k), "wb") as fh:
                    fh.write(v)
            print(f"wrote {name}: {len(got)} artefacts")
            continue
        want = {}
        if os.path.isdir(gdir):
            for k in os.listdir(gdir):
                with open(os.path.join(gdir, k), "rb") as fh:
                    want[k] = docs(fh.read())
        for k in sorted(set(want) | set(got)):
            checked += 1
            if want.get(k) == docs(got.get(k)):
                continue
            bad += 1
            print(f"FAIL {name}/{k}: differs from tests/golden/{name}/{k}")
            if k not in want or k not in got:
                print("  " + ("missing from this run" if k not in got
                              else "not in the goldens"))
                continue
            a = want[k].decode(errors="replace").splitlines()
            b = got[k].decode(errors="replace").splitlines()
            for line in list(difflib.unified_diff(a, b, "golden", "now",
                                                  lineterm=""))[:40]:
                print("  " + line)
    # the unit tests' sample report (hostile names included) through every
    # output, as tests/unit/output-test --emit writes it
    ot = os.path.join(os.environ.get("TOP_BUILDDIR", "."), "tests", "unit",
                      "output-test")
    got = {}
    for f in SAMPLE:
        p = subprocess.run([ot, "--emit", f], stdout=subprocess.PIPE,
                           stderr=subprocess.PIPE, timeout=60)
        got[f] = p.stdout + b"(exit %d)\n" % p.returncode
    gdir = os.path.join(GOLDEN, "output-test-sample")
    if write:
        shutil.rmtree(gdir, ignore_errors=True)
        os.makedirs(gdir)
        for k, v in got.items():
            with open(os.path.join(gdir, k), "wb") as fh:
                fh.write(v)
        return 0
    for k, v in got.items():
        checked += 1
        try:
            with open(os.path.join(gdir, k), "rb") as fh:
                want = docs(fh.read())
        except OSError:
            want = None
        if want != docs(v):
            bad += 1
            print(f"FAIL output-test-sample/{k}: differs from the golden")
    if checked == 0:
        print("FAIL golden: nothing compared")
        return 1
    print(f"{'FAIL' if bad else 'PASS'} golden: {checked - bad} of {checked} "
          f"artefacts of {len(fixtures)} fixtures byte-identical")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
