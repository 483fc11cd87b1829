#!/usr/bin/env python3
"""paths-roundtrip.py: names round-trip exactly through a saved report.

Builds, at test time, a root filesystem full of names that are hard to
write down: a byte that is not UTF-8 (bad<0xff>) beside the literal text
bad\\xff, backslashes, a newline, an escape sequence, spaces, a quote,
UTF-8. Each is a setuid-root program and a world-writable file in
/etc/cron.d, so each gets findings and deny entries. Then:

- every finding path in the JSON report, decoded as docs/paths.md says,
  is the exact bytes of a file in the tree, and two different names never
  share a form;
- `privmap scan --fix-script`, `--policy` and `--audit-rules` are byte for
  byte what `privmap fix|policy|rules REPORT` write from the saved report;
- the script run with --apply clears every setuid bit, and a second scan
  finds none;
- the text report writes each name one way: a crontab's error line as
  its finding line (not escaped a second time);
- the report meets the report contract (tests/contract/check-report.py
  --strict), hard names and all.

Root only (setuid-root files); exit 77 otherwise.
"""
import json
import os
import shutil
import stat
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from contract import check_report  # noqa: E402

NAMES = [
    b"bad\xff",            # a byte that is not UTF-8
    b"bad\\xff",           # the same text, written literally
    b"bad\\\\xff",         # and with the backslash doubled
    b"back\\slash",
    b"new\nline",
    b"esc\x1b[2Jape",
    b"with space",
    b"it's",
    b"caf\xc3\xa9",        # valid UTF-8
    b"\xc0\xaf overlong",  # invalid UTF-8 that looks like '/'
]


def decode(text):
    """docs/paths.md: \\\\ is a backslash, \\xNN a byte; else UTF-8."""
    out, i = bytearray(), 0
    while i < len(text):
        c = text[i]
        if c != "\\":
            out += c.encode("utf-8")
            i += 1
        elif text[i + 1:i + 2] == "\\":
            out += b"\\"
            i += 2
        elif (text[i + 1:i + 2] == "x" and len(text) >= i + 4 and
              all(h in "0123456789abcdef" for h in text[i + 2:i + 4])):
            out.append(int(text[i + 2:i + 4], 16))
            i += 4
        else:
            raise ValueError(f"not in privmap's form: {text!r}")
    return bytes(out)


def main():
    if os.geteuid() != 0:
        print("SKIP: needs root (setuid-root files)")
        return 77
    privmap = os.environ.get("PRIVMAP", "privmap")
    fails = []

    def fail(msg):
        print("FAIL:", msg)
        fails.append(msg)

    t = tempfile.mkdtemp(prefix="privmap-paths-")
    try:
        root = os.path.join(t, "root")
        for d in ("etc/cron.d", "usr/bin", "home/agent"):
            os.makedirs(os.path.join(root, d))
        with open(os.path.join(root, "etc/passwd"), "w") as f:
            f.write("root:x:0:0::/root:/bin/sh\n"
                    "agent:x:1001:1001::/home/agent:/bin/sh\n")
        with open(os.path.join(root, "etc/group"), "w") as f:
            f.write("root:x:0:\nagent:x:1001:\n")
        find = shutil.which("find") or "/usr/bin/find"
        broot = os.fsencode(root)
        for n in NAMES:
            p = broot + b"/usr/bin/" + n
            shutil.copyfile(find, p)
            os.chmod(p, 0o4755)
            p = broot + b"/etc/cron.d/" + n
            with open(p, "w") as f:
                f.write("* * * * * root /bin/true\n")
            os.chmod(p, 0o666)

        def out(name):
            return os.path.join(t, name)

        argv = [privmap, "scan", "--root", root, "--user", "agent",
                "--format", "json", "-o", out("r.json"), "--fail-on", "none",
                "-q", "--fix-script", out("fix.scan"), "--policy",
                out("policy.scan"), "--audit-rules", out("rules.scan")]
        p = subprocess.run(argv, capture_output=True)
        if p.returncode != 0:
            fail(f"scan exited {p.returncode}: {p.stderr!r}")
            return 1
        for b in check_report(out("r.json"), root):
            fail(b)
        with open(out("r.json"), encoding="utf-8") as f:
            rep = json.load(f)

        # every path decodes to a file of the tree; no two names share
        # a form
        setuid = set()
        for fd in rep["findings"]:
            try:
                raw = decode(fd["path"])
                for e in fd.get("policy", []):
                    decode(e)
            except ValueError as e:
                fail(str(e))
                continue
            if not os.path.lexists(broot + raw):
                fail(f"{fd['path']!r} decodes to {raw!r}, not in the tree")
            if fd["family"] == "setuid":
                setuid.add(raw)
        want = {b"/usr/bin/" + n for n in NAMES}
        if not want <= setuid:
            fail(f"setuid findings missing for {sorted(want - setuid)!r}")
        forms = {fd["path"] for fd in rep["findings"]
                 if fd["family"] == "setuid"}
        for text, raw in (("/usr/bin/bad\\xff", b"bad\xff"),
                          ("/usr/bin/bad\\\\xff", b"bad\\xff")):
            if text not in forms:
                fail(f"{raw!r} is not written {text!r}")
        print(f"{len(rep['findings'])} findings; {len(setuid)} setuid "
              f"programs, each name in its own form")

        # the saved report gives the same files as the scan
        for sub, name in (("fix", "fix"), ("policy", "policy"),
                          ("rules", "rules")):
            p = subprocess.run([privmap, sub, out("r.json"), "-o",
                                out(name + ".report")], capture_output=True)
            if p.returncode != 0:
                fail(f"privmap {sub} REPORT exited {p.returncode}: "
                     f"{p.stderr!r}")
                continue
            a = open(out(name + ".scan"), "rb").read()
            b = open(out(name + ".report"), "rb").read()
            if a != b:
                fail(f"scan --{name} and privmap {sub} REPORT differ")
            else:
                print(f"{sub}: scan and REPORT byte-identical "
                      f"({len(a)} bytes)")

        # the script acts on the very files
        p = subprocess.run(["sh", out("fix.report"), "--apply"],
                           capture_output=True)
        left = [n for n in NAMES
                if os.lstat(broot + b"/usr/bin/" + n).st_mode & stat.S_ISUID]
        if left:
            fail(f"setuid bit left on {left!r} ({p.stderr!r})")
        p = subprocess.run([privmap, "scan", "--root", root, "--user",
                            "agent", "--format", "json", "--fail-on",
                            "none", "-q"], capture_output=True)
        again = json.loads(p.stdout)
        n = sum(1 for fd in again["findings"] if fd["family"] == "setuid")
        if n:
            fail(f"{n} setuid findings after --apply")
        else:
            print("after --apply: no setuid finding")

        # the text report writes a name one way in every part of it: a
        # crontab's error line names it as its finding line does (the
        # errors were escaped twice: bad<0xff> read bad\\xff there, the
        # form of the other file in the findings)
        for n in NAMES:
            with open(broot + b"/etc/cron.d/" + n, "w") as f:
                f.write("not a cron line\n")
            os.chmod(broot + b"/etc/cron.d/" + n, 0o666)
        p = subprocess.run([privmap, "scan", "--root", root, "--user",
                            "agent", "--fail-on", "none", "-v"],
                           capture_output=True)
        lines = p.stdout.decode("utf-8", "replace").split("\n")
        shown = {ln.split()[3] for ln in lines
                 if " cron " in ln and len(ln.split()) > 3 and
                 ln.split()[3].startswith("/etc/cron.d/")}
        errs = {ln[len("error    "):].split(": line ")[0] for ln in lines
                if ln.startswith("error    /etc/cron.d/")}
        # (a name with a space is one word of split() in neither)
        plain = {s for s in errs if " " not in s}
        if len(plain) < 8 or not plain <= shown:
            fail(f"text report: error paths {sorted(plain)!r} not "
                 f"written so in its findings {sorted(shown)!r}")
        else:
            print(f"text report: {len(plain)} crontab names written the "
                  f"same in findings and errors")
    finally:
        shutil.rmtree(t, ignore_errors=True)
    return 1 if fails else 0


if __name__ == "__main__":
    sys.exit(main())
