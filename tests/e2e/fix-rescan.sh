#!/bin/sh
# fix-rescan.sh [FIXTURE.fix...]: the remediation script closes what it
# says it closes, and nothing else. For each fixture (default: every
# fixtures/*.fix): build its tree (tests/e2e/run-fixture.py's builder),
# scan it, write the fix script from the saved JSON report, apply it with
# --apply, scan again, and check that
#   - every finding the script addressed (a block with commands, none of
#     them skipped or failed) is gone,
#   - no new finding appeared (one the script held back may go with
#     another change, e.g. leaving a group: it is listed, not failed),
#   - only the paths the script names changed (gpasswd's own backup and
#     lock files beside /etc/group and /etc/gshadow excepted),
#   - a second --apply changes nothing,
#   - the script's file edits did exactly their one change: a sudoers
#     rule's line commented out (sudo's own visudo -cf accepting the
#     result: visudo from PATH, or the cached Debian tree's of
#     tests/e2e/debianlib.py in its chroot), daemon.json still JSON with
#     only the TCP listener gone from "hosts"; their backups
#     (FILE.privmap-fix~) are changes the script names,
#   - both reports meet the report contract (tests/contract/check-report.py),
# printing the before and after counts.
#
# Every other output of the same report is written and checked by
# tests/e2e/check-outputs.py too (auditd rules, the three policies, SARIF).
#
# Needs root (owners, setuid bits, capabilities, gpasswd --root); exit 77
# otherwise, and when check-outputs.py finds a parser missing off CI
# (need.py). Environment: PRIVMAP, TOP_SRCDIR, TOP_BUILDDIR (set by make
# check). The script comes from `privmap fix REPORT.json`: a privmap fix
# that fails is a failure of this test, never a reason to use another.
set -u

TOP_SRCDIR=${TOP_SRCDIR:-.}
TOP_BUILDDIR=${TOP_BUILDDIR:-.}
PRIVMAP=${PRIVMAP:-$TOP_BUILDDIR/privmap}

if [ "$(id -u)" != 0 ]; then
	echo "SKIP: fix-rescan builds fixtures with owners and setuid bits:" \
	    "run the suite as root"
	exit 77
fi
. "$TOP_SRCDIR/tests/e2e/need.sh"
need PRIVMAP_PYTHON3 "python3 (to build the fixtures)" python3 >/dev/null ||
    exit $?
if [ $# -eq 0 ]; then
	set -- "$TOP_SRCDIR"/fixtures/*.fix
fi

exec python3 - "$PRIVMAP" "$TOP_SRCDIR" "$TOP_BUILDDIR" "$@" <<'EOF'
import hashlib, importlib.util, json, os, re, shutil, stat, subprocess
import sys, tempfile

privmap, srcdir, builddir = sys.argv[1:4]
fixtures = sys.argv[4:]
spec = importlib.util.spec_from_file_location(
    "run_fixture", os.path.join(srcdir, "tests", "e2e", "run-fixture.py"))
rf = importlib.util.module_from_spec(spec)
spec.loader.exec_module(rf)
sys.path.insert(0, os.path.join(srcdir, "tests", "e2e"))
from contract import check_report
output_test = os.path.join(builddir, "tests", "unit", "output-test")
skipped = []        # why check-outputs.py could not run (need.py)

def scan(root, fx, out):
    argv = [privmap, "scan", "--root", root, "--user", fx["user"],
            "--format", "json", "-o", out, "-q", "--fail-on", "none"]
    argv += fx["args"]
    p = subprocess.run(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                       text=True, timeout=300)
    if p.returncode != 0:
        raise RuntimeError("scan exited %d: %s" % (p.returncode,
                                                   p.stderr.strip()))
    bad = check_report(out, root)
    if bad:
        raise RuntimeError("the report of %s: %s" % (os.path.basename(out),
                                                     "; ".join(bad)))
    with open(out, encoding="utf-8") as f:
        return json.load(f)

def fix_script(report, out):
    argv = [privmap, "fix", report, "-o", out]
    p = subprocess.run(argv, stderr=subprocess.PIPE, text=True)
    if p.returncode != 0:
        raise RuntimeError("privmap fix exited %d: %s" % (
            p.returncode, p.stderr.strip()))

FORMATS = ["audit", "audit-base", "audit-immutable", "generic",
           "claude-code", "claude-code-hook", "codex", "codex-rules",
           "sarif"]

def all_outputs(report, d, script):
    """Every output of the report into d, checked by check-outputs.py."""
    for fmt in FORMATS:
        with open(os.path.join(d, fmt), "w") as f:
            p = subprocess.run([output_test, "--emit", fmt, report],
                               stdout=f, stderr=subprocess.PIPE, text=True)
        if p.returncode != 0:
            return ["%s: %s" % (fmt, p.stderr.strip())]
    shutil.copy(script, os.path.join(d, "fix"))
    p = subprocess.run([sys.executable,
                        os.path.join(srcdir, "tests", "e2e", "check-outputs.py"),
                        d, os.path.join(srcdir, "docs", "policy.schema.json")],
                       stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                       text=True)
    if p.returncode == 77:
        skipped.append(p.stdout.strip())
        return []
    if p.returncode != 0:
        return ["outputs (exit %d): " % p.returncode + l
                for l in p.stdout.splitlines() if l.startswith("FAIL")] or \
            ["outputs: check-outputs.py exited %d: %s" % (
                p.returncode, p.stdout.strip()[-400:])]
    return []

def snapshot(root):
    """Every entry below root: type, mode, owner, content hash, caps, ACL."""
    snap = {}
    for d, dirs, files in os.walk(root):
        for name in dirs + files:
            p = os.path.join(d, name)
            st = os.lstat(p)
            rel = "/" + os.path.relpath(p, root)
            h = ""
            if stat.S_ISREG(st.st_mode) and st.st_size < (1 << 20):
                with open(p, "rb") as f:
                    h = hashlib.sha256(f.read()).hexdigest()
            elif stat.S_ISLNK(st.st_mode):
                h = os.readlink(p)
            x = []
            if not stat.S_ISLNK(st.st_mode):
                for a in ("security.capability", "system.posix_acl_access",
                          "system.posix_acl_default"):
                    try:
                        x.append((a, os.getxattr(p, a, follow_symlinks=False)))
                    except OSError:
                        pass
            snap[rel] = (st.st_mode, st.st_uid, st.st_gid, h, tuple(x))
    return snap

def sh_words(line):
    """The single-quoted words of a generated line ('...' with '\\'')."""
    out, i = [], 0
    while True:
        i = line.find("'", i)
        if i < 0:
            return out
        w = []
        i += 1
        while True:
            j = line.index("'", i)
            w.append(line[i:j])
            if line.startswith("'\\''", j):
                w.append("'")
                i = j + 4
                continue
            i = j + 1
            break
        out.append("".join(w))

BACKUP = ".privmap-fix~"


def script_blocks(text, edits):
    """finding id -> (has commands, paths named); the file edits
    (function, path, argument) appended to edits"""
    blocks, cur = {}, None
    lines = text.split("\n")
    k = 0
    while k < len(lines) and not lines[k].startswith("finding '"):
        k += 1          # the fixed prologue
    while k < len(lines):
        line = lines[k]
        # a quoted word may run over several lines: join until balanced
        while not line.startswith("#") and k + 1 < len(lines) and \
                (line.count("'") - 3 * line.count("'\\''")) & 1:
            k += 1
            line += "\n" + lines[k]
        k += 1
        if line.startswith("finding '"):
            cur = sh_words(line)[0]
            blocks[cur] = [False, set()]
            continue
        if cur is None or not line or line.startswith("#"):
            continue
        if line.startswith("if [ \"$APPLY\" = 1 ]"):
            cur = None
            continue
        blocks[cur][0] = True
        if line.startswith("if at "):
            blocks[cur][1].add(sh_words(line)[0])
            # the edits that keep a backup beside the file
            if "sudo_disable" in line or "hosts_drop" in line:
                blocks[cur][1].add(sh_words(line)[0] + BACKUP)
                m = re.search(r'; then (\w+) "\$P" (\d*)', line)
                edits.append((m.group(1), sh_words(line)[0],
                              m.group(2) or sh_words(line)[2]))
        elif line.startswith("leave_group "):
            blocks[cur][1].update({"/etc/group", "/etc/gshadow"})
    return blocks

GPASSWD_SIDE = {"/etc/group-", "/etc/gshadow-", "/etc/.pwd.lock",
                "/etc/passwd-", "/etc/shadow-", "/etc/nshadow", "/etc/ngroup"}

def visudo_check(path):
    """sudo's own word on a sudoers file: None if it parses, else why.
    visudo from PATH (tools/setup.sh installs sudo), else the one of the
    Debian tree tests/e2e/debianlib.py caches, run in its chroot with the
    file bound over its /etc/sudoers in a private mount namespace."""
    v = shutil.which("visudo")
    if v:
        r = subprocess.run([v, "-cf", path], stdout=subprocess.PIPE,
                           stderr=subprocess.STDOUT, text=True)
        return None if r.returncode == 0 else r.stdout.strip()
    sys.path.insert(0, os.path.join(srcdir, "tests", "e2e"))
    import debianlib
    tree = debianlib.CACHE
    if debianlib.fresh(tree) and \
            os.path.exists(os.path.join(tree, "usr/sbin/visudo")):
        r = subprocess.run(["unshare", "--mount", "--propagation", "private",
                            "sh", "-c", 'mount --bind "$1" "$2/etc/sudoers" '
                            '&& chroot "$2" visudo -cf /etc/sudoers',
                            "sh", path, tree], stdout=subprocess.PIPE,
                           stderr=subprocess.STDOUT, text=True)
        return None if r.returncode == 0 else r.stdout.strip()
    if os.environ.get("CI") == "true":
        return "visudo is missing (tools/setup.sh installs sudo)"
    skipped.append("visudo not found: %s not checked by sudo" % path)
    return None

def check_edits(root, edits):
    """what the script's own file edits left: sudoers commented out at
    exactly the rule's line, sudo accepting the file; daemon.json still
    JSON, every key kept, the TCP listener gone from "hosts" and nothing
    else; the backup beside each file, the file as it was"""
    bad = []
    for fn, path, arg in edits:
        p = root + path
        try:
            with open(p, encoding="utf-8") as f:
                new = f.read()
            with open(p + BACKUP, encoding="utf-8") as f:
                old = f.read()
        except OSError as e:
            bad.append("%s: %s" % (path, e))
            continue
        if fn == "sudo_disable":
            n = int(arg)
            a, b = old.split("\n"), new.split("\n")
            want = a[:n - 1] + ["# privmap-fix disabled: " + a[n - 1]] + a[n:]
            if b != want:
                bad.append("%s: not exactly line %d commented out" %
                           (path, n))
            why = visudo_check(p)
            if why:
                bad.append("%s: visudo refuses the result: %s" % (path, why))
        else:
            try:
                o, j = json.loads(old), json.loads(new)
            except ValueError as e:
                bad.append("%s: no longer JSON: %s" % (path, e))
                continue
            lit = json.loads(arg)
            hosts = [h for h in o.get("hosts", []) if h != lit]
            o["hosts"] = hosts
            if j != o:
                bad.append("%s: more changed than %s leaving hosts: %r" %
                           (path, lit, j))
    return bad

def run_one(path):
    name = os.path.basename(path)
    fx = rf.parse(path)
    if fx["exit"] == 2:
        return "SKIP %s: a fixture privmap must refuse" % name, True
    root = tempfile.mkdtemp(prefix="privmap-fix-")
    work = tempfile.mkdtemp(prefix="privmap-fixw-")
    try:
        rf.build(fx, root)
        before = scan(root, fx, os.path.join(work, "before.json"))
        script = os.path.join(work, "fix.sh")
        fix_script(os.path.join(work, "before.json"), script)
        text = open(script, encoding="utf-8", errors="surrogateescape").read()
        edits = []
        blocks = script_blocks(text, edits)
        outdir = os.path.join(work, "out")
        os.mkdir(outdir)
        bad = all_outputs(os.path.join(work, "before.json"), outdir, script)
        s0 = snapshot(root)
        dry = subprocess.run(["sh", script], stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE)
        if snapshot(root) != s0:
            bad.append("the dry run changed the tree")
        ap = subprocess.run(["sh", script, "--apply"], stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT, text=True,
                            errors="replace")
        if ap.returncode != 0:
            bad.append("--apply failed: " + ap.stdout.strip())
        s1 = snapshot(root)
        after = scan(root, fx, os.path.join(work, "after.json"))
        again = subprocess.run(["sh", script, "--apply"],
                               stdout=subprocess.PIPE,
                               stderr=subprocess.STDOUT, text=True,
                               errors="replace")
        if snapshot(root) != s1 or " 0 changed, 0 failed" not in again.stdout:
            bad.append("a second --apply changed something: " +
                       again.stdout.strip())

        held = set(re.findall(r"privmap-fix: (\S+): (?:skipped|failed)",
                              ap.stdout))
        addressed = {i for i, (cmds, _) in blocks.items()
                     if cmds and i not in held}
        ids0 = {f["id"]: f for f in before["findings"]}
        ids1 = {f["id"]: f for f in after["findings"]}
        for i in sorted(addressed & set(ids1)):
            bad.append("still there after the fix: %s %s %s" % (
                i, ids1[i]["check"], ids1[i]["path"]))
        # a finding the script held back may still go with another
        # change (leaving a group, closing the directory a link points
        # into): said, not failed; the files check below holds the line
        also = ["  also gone, through another change: %s %s %s" % (
            i, ids0[i]["check"], ids0[i]["path"])
            for i in sorted(set(ids0) - addressed - set(ids1))]
        for i in sorted(set(ids1) - set(ids0)):
            bad.append("new after the fix: %s %s %s" % (
                i, ids1[i]["check"], ids1[i]["path"]))
        named = set()
        for _, paths in blocks.values():
            named |= paths
        for p in sorted(set(s0) | set(s1)):
            if s0.get(p) != s1.get(p) and p not in named and \
                    p not in GPASSWD_SIDE:
                bad.append("changed but not named by the script: %r" % p)
        bad += check_edits(root, edits)
        counts = "%d findings before (%d addressed, %d held back), %d after" % (
            len(ids0), len(addressed & set(ids0)), len(held), len(ids1))
        if bad:
            msg = ["FAIL %s: %s" % (name, counts)] + ["  " + b for b in bad]
            msg.append("  script output:")
            msg += ["    " + l for l in ap.stdout.splitlines()]
            return "\n".join(msg), False
        return "\n".join(["PASS %s: %s" % (name, counts)] + also), True
    finally:
        shutil.rmtree(root, ignore_errors=True)
        shutil.rmtree(work, ignore_errors=True)

ok = True
for fxp in fixtures:
    try:
        msg, good = run_one(fxp)
    except (rf.FixtureError, RuntimeError, OSError,
            subprocess.SubprocessError) as e:
        msg, good = "FAIL %s: %s" % (os.path.basename(fxp), e), False
    print(msg)
    ok = ok and good
if ok and skipped:
    print("SKIP: the outputs were not checked: " + skipped[0])
    sys.exit(77)
sys.exit(0 if ok else 1)
EOF
