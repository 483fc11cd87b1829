#!/usr/bin/env python3
"""fix-edits.py: the fix script's two file edits, run as the live host's
script runs them (ROOT='', visudo -c on the whole policy), with a visudo
of our own on PATH that says yes or no as each case needs (the real one is
run on real results by fix-rescan.sh and debian-server.py):

sudo_disable FILE LINE RULE
  - the rule's line commented out, every other byte kept, a backup
    FILE.privmap-fix~ (a name sudo's @includedir skips), visudo -c asked
    before and after;
  - visudo refusing the result: the file put back byte for byte, counted
    as failed;
  - visudo refusing the policy before: nothing changed, skipped;
  - the line no longer the rule (the file changed since the scan):
    nothing changed, skipped;
  - a second run: nothing to do.
hosts_drop FILE LITERAL (dockerd's daemon.json)
  - the TCP listener removed as first, middle, last and only element,
    every other key and byte kept, the result still JSON;
  - refused (file unchanged) when the literal is twice in the file, a
    key's value, or an element of another array than "hosts".

The functions come from a real `privmap fix` script (its prologue), never
copied here. Environment: PRIVMAP, TOP_BUILDDIR. Exit 0 pass, 1 fail.
"""
import json
import os
import shutil
import subprocess
import sys
import tempfile

PRIVMAP = os.environ.get("PRIVMAP", "./privmap")
failed = 0


def check(cond, what):
    global failed
    print(("ok: " if cond else "FAIL: ") + what)
    if not cond:
        failed += 1


def prologue(tmp):
    """the helpers of a generated script, made a live host's (ROOT='')"""
    root = os.path.join(tmp, "root")
    os.makedirs(os.path.join(root, "etc"))
    with open(os.path.join(root, "etc", "passwd"), "w") as f:
        f.write("root:x:0:0::/root:/bin/sh\nagent:x:1001:1001::/h:/bin/sh\n")
    with open(os.path.join(root, "etc", "group"), "w") as f:
        f.write("root:x:0:\nagent:x:1001:\n")
    rep = os.path.join(tmp, "r.json")
    subprocess.run([PRIVMAP, "scan", "--root", root, "--user", "agent",
                    "--format", "json", "-o", rep, "-q", "--fail-on",
                    "none"], check=True)
    script = os.path.join(tmp, "fix.sh")
    subprocess.run([PRIVMAP, "fix", rep, "-o", script], check=True)
    text = open(script).read()
    head = text.split("\nfinding '")[0].split("\n# no findings")[0]
    out = []
    for line in head.split("\n"):
        if line.startswith("ROOT="):
            line = "ROOT=''"
        elif line.startswith("ROOT_SHOWN="):
            line = "ROOT_SHOWN=''"
        out.append(line)
    return "\n".join(out) + "\n"


def fake_visudo(bindir, answers):
    """visudo answering each call in turn (0 yes, 1 no), logging argv"""
    path = os.path.join(bindir, "visudo")
    with open(path, "w") as f:
        f.write("#!/bin/sh\necho \"$*\" >>\"$VLOG\"\n"
                "n=$(wc -l <\"$VLOG\")\n"
                "set -- %s\nshift $((n - 1))\nexit \"${1:-0}\"\n" %
                " ".join(str(a) for a in answers))
    os.chmod(path, 0o755)


def run(tmp, funcs, calls, answers=(0, 0), apply=True):
    bindir = os.path.join(tmp, "bin")
    shutil.rmtree(bindir, ignore_errors=True)
    os.mkdir(bindir)
    fake_visudo(bindir, answers)
    vlog = os.path.join(tmp, "vlog")
    open(vlog, "w").close()
    body = funcs + "FINDING=PM-test\n" + calls + \
        '\necho "counts $CHANGED $FAILED $SKIPPED"\n'
    env = dict(os.environ, PATH=bindir + ":" + os.environ["PATH"],
               VLOG=vlog)
    r = subprocess.run(["sh", "-c", body, "sh"] +
                       (["--apply"] if apply else []),
                       stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                       text=True, env=env)
    counts = [l for l in r.stdout.splitlines() if l.startswith("counts ")]
    return (counts[-1].split()[1:] if counts else None, r.stdout,
            open(vlog).read().split("\n")[:-1])


def q(s):
    return "'" + s.replace("'", "'\\''") + "'"


SUDOERS = ("# local rules\nCmnd_Alias LOGS = /usr/bin/journalctl\n"
           "agent ALL=(ALL) NOPASSWD: ALL\nbob ALL=(root) LOGS\n")
RULE = "agent ALL=(ALL) NOPASSWD: ALL"


def sudo_cases(tmp, funcs):
    f = os.path.join(tmp, "90-agent")
    call = "at %s %s && sudo_disable \"$P\" 3 %s" % (q(f), q(f), q(RULE))

    def put(text=SUDOERS):
        for p in (f, f + ".privmap-fix~"):
            if os.path.exists(p):
                os.unlink(p)
        with open(f, "w") as h:
            h.write(text)
        os.chmod(f, 0o440)

    put()
    c, out, vlog = run(tmp, funcs, call)
    lines = SUDOERS.split("\n")
    lines[2] = "# privmap-fix disabled: " + RULE
    check(open(f).read() == "\n".join(lines),
          "sudo: exactly the rule's line commented out")
    check(open(f + ".privmap-fix~").read() == SUDOERS,
          "sudo: the backup holds the file as it was")
    check(os.stat(f).st_mode & 0o777 == 0o440, "sudo: the mode is kept")
    check(c == ["1", "0", "0"], "sudo: one change (%s: %s)" % (c, out))
    check(vlog == ["-c", "-c"], "sudo: visudo -c before and after, on "
          "the whole policy (%s)" % vlog)
    c, out, vlog = run(tmp, funcs, call)
    check(c == ["0", "0", "0"] and vlog == [],
          "sudo: a second run does nothing (%s, %s)" % (c, vlog))

    put()
    c, out, vlog = run(tmp, funcs, call, answers=(0, 1))
    check(open(f).read() == SUDOERS, "sudo: visudo refusing the result: "
          "the file is put back")
    check(c == ["0", "1", "0"] and "put back" in out,
          "sudo: ... and it counts as failed (%s: %s)" % (c, out))

    put()
    c, out, vlog = run(tmp, funcs, call, answers=(1,))
    check(open(f).read() == SUDOERS and
          not os.path.exists(f + ".privmap-fix~"),
          "sudo: a policy visudo refuses before: nothing changed")
    check(c == ["0", "0", "1"], "sudo: ... skipped (%s: %s)" % (c, out))

    put(SUDOERS.replace(RULE, "agent ALL=(ALL) ALL"))
    c, out, vlog = run(tmp, funcs, call)
    check(open(f).read() == SUDOERS.replace(RULE, "agent ALL=(ALL) ALL"),
          "sudo: a line that changed since the scan is left alone")
    check(c == ["0", "0", "1"] and vlog == [],
          "sudo: ... skipped, visudo not even asked (%s: %s)" % (c, out))

    put()
    c, out, vlog = run(tmp, funcs, call, apply=False)
    check(open(f).read() == SUDOERS and "would comment out line 3" in out,
          "sudo: the dry run says what it would do and does nothing")


DAEMON = ('{\n  "log-level": "warn",\n  "hosts": [%s],\n'
          '  "tls": false\n}\n')
TCP = '"tcp://0.0.0.0:2375"'
UNIX = '"unix:///var/run/docker.sock"'
FD = '"fd://"'


def hosts_cases(tmp, funcs):
    f = os.path.join(tmp, "daemon.json")
    call = "at %s %s && hosts_drop \"$P\" %s" % (q(f), q(f), q(TCP))
    v6 = '"tcp://[::1]:2376"'
    for label, elems in (("first", [TCP, UNIX]), ("middle", [UNIX, TCP, FD]),
                         ("after an IPv6 one", [v6, FD, TCP]),
                         ("last", [UNIX, FD, TCP]), ("only", [TCP])):
        text = DAEMON % ", ".join(elems)
        for p in (f, f + ".privmap-fix~"):
            if os.path.exists(p):
                os.unlink(p)
        with open(f, "w") as h:
            h.write(text)
        c, out, _ = run(tmp, funcs, call)
        try:
            got = json.loads(open(f).read())
        except ValueError as e:
            got = "not JSON: %s" % e
        want = json.loads(text)
        want["hosts"] = [h for h in want["hosts"] if h != json.loads(TCP)]
        check(got == want, "daemon.json, %s element: removed, the rest "
              "kept (%r)" % (label, got))
        check(c == ["1", "0", "0"], "daemon.json, %s: one change (%s: %s)" %
              (label, c, out))
        check(open(f + ".privmap-fix~").read() == text,
              "daemon.json, %s: the backup holds the file as it was" % label)
    for label, text in (
            ("twice", DAEMON % ", ".join([TCP, UNIX, TCP])),
            ("a key's value", '{"hosts": [%s], "default": %s}\n' %
             (UNIX, TCP)),
            ("another array's element", '{"hosts": [%s], "x": [%s]}\n' %
             (UNIX, TCP))):
        for p in (f, f + ".privmap-fix~"):
            if os.path.exists(p):
                os.unlink(p)
        with open(f, "w") as h:
            h.write(text)
        c, out, _ = run(tmp, funcs, call)
        check(open(f).read() == text and
              not os.path.exists(f + ".privmap-fix~"),
              "daemon.json, %s: refused, nothing changed" % label)
        check(c == ["0", "0", "1"], "daemon.json, %s: skipped (%s: %s)" %
              (label, c, out))


def main():
    tmp = tempfile.mkdtemp(prefix="privmap-fix-edits.")
    try:
        funcs = prologue(tmp)
        sudo_cases(tmp, funcs)
        hosts_cases(tmp, funcs)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
