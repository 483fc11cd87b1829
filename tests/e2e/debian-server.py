#!/usr/bin/env python3
"""debian-server.py: privmap on a real Debian 12 server (issue 20, part 10).

The tree is built from the real packages by tests/e2e/debianlib.py
(debootstrap and apt-get, no service started, cached under /var/tmp and
rebuilt when absent or stale). Every scan runs on a private overlay of it
(overlayfs in a private mount namespace: the cache is never changed), with
the misconfiguration of the case applied by the real tools inside the
tree's chroot (useradd, usermod, setfacl, setcap, chown, visudo).

1. The stock server, an unprivileged user "agent" added with useradd, and
   every other account of the tree (redis, postgres, www-data, nobody,
   _apt, messagebus, sshd, libvirt-qemu...): no finding at high or above,
   but those of EXPECTED_HIGH (an account root-equivalent by design),
   and every note one of EXPECTED_NOTES, each with the reason a stock host
   has it. The findings per account are printed (the closing note of
   issue 20 gives them).
2. The rows of issue 20's table, each on its own overlay, as positives
   and decoys, each with its expected answer; and positive controls that
   must stay found (sudo ALL, the docker group, a writable root cron job).
3. The fix script on the real tree: the NOPASSWD ALL rule commented out
   by `privmap fix --apply`, the tree's own `visudo -c` accepting the
   policy after it, and a rescan without the finding.

Needs root, debootstrap and the Debian archive (a missing debootstrap or
archive: need.py, a skip off CI, a failure under CI=true). Environment:
PRIVMAP, PRIVMAP_DEBIAN_CACHE, PRIVMAP_DEBIAN_MIRROR.
"""
import json
import os
import shlex
import shutil
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import debianlib  # noqa: E402
from contract import check_report  # noqa: E402
from need import need  # noqa: E402

PRIVMAP = os.path.abspath(os.environ.get("PRIVMAP", "./privmap"))
SEV = ["info", "low", "medium", "high", "critical"]
failed = 0

# Notes a stock Debian 12 server gives, and why. A note that is not here
# fails the test; each key is the part of the note that names what was
# read in part and the reason, so a new script or reason fails it.
_EVAL = "was read in part: eval of text privmap cannot resolve"
_WORD = ("was read in part: a command word depends on a variable or "
         "command output privmap cannot resolve")
EXPECTED_NOTES = {
    "jobs followed into what they run":
        "the follower's count of what it read (issue 16): a summary, "
        "not a gap",
    "/etc/cron.daily/apt-compat (/etc/crontab:19) " + _EVAL:
        "apt-compat evals apt-config's shell output, text that exists "
        "only when it runs",
    "/usr/lib/apt/apt.systemd.daily (/etc/crontab:19) " + _EVAL:
        "apt.systemd.daily evals apt-config shell output (run time)",
    "/usr/lib/apt/apt.systemd.daily "
    "(/usr/lib/systemd/system/apt-daily-upgrade.service:10) " + _EVAL:
        "the same script, started by its timer's unit",
    "/sbin/e2scrub_all (/etc/cron.d/e2scrub_all:1) " + _EVAL:
        "e2scrub_all evals its config's lines at run time",
    "/sbin/e2scrub (/usr/lib/systemd/system/e2scrub@.service:19) " + _EVAL:
        "e2scrub evals its config's lines at run time",
    "/bin/savelog (/etc/crontab:19) was read in part: a command string "
    "privmap cannot resolve":
        "savelog runs a compressor named in a variable it builds",
    "/usr/libexec/dpkg/dpkg-db-backup (/etc/crontab:19) " + _WORD:
        "dpkg-db-backup runs programs named by variables it computes",
    "/usr/libexec/dpkg/dpkg-db-backup "
    "(/usr/lib/systemd/system/dpkg-db-backup.service:7) " + _WORD:
        "the same script, started by its unit",
    "/usr/sbin/invoke-rc.d (/etc/cron.d/anacron:6) " + _WORD:
        "invoke-rc.d runs the init script a variable names",
    "/usr/lib/libvirt/libvirt-guests.sh "
    "(/usr/lib/systemd/system/libvirt-guests.service:20) " + _WORD:
        "libvirt-guests.sh runs commands built from its configuration",
    "/home/agent/.bashrc (/home/agent/.profile) " + _EVAL:
        "Debian's skeleton .bashrc evals the output of lesspipe and "
        "dircolors (read as another account's startup files)",
    "/lib/lsb/init-functions "
    "(/usr/lib/systemd/system/libvirt-guests.service:20) " + _WORD:
        "LSB init-functions call hooks named by variables",
}

# Findings at high or above a stock server rightly gives one account, and
# why. Nothing else at high or above is allowed.
EXPECTED_HIGH = {
    ("polkitd", "writable-config", "/etc/polkit-1/rules.d"):
        "Debian's polkitd owns its rules directories (0700): the account "
        "that decides every polkit authorization is root-equivalent by "
        "design",
    ("polkitd", "writable-config", "/usr/share/polkit-1/rules.d"):
        "the same, for the packaged rules",
}

def check(cond, what, detail=""):
    global failed
    print(("ok: " if cond else "FAIL: ") + what +
          ("" if cond else " " + detail))
    if not cond:
        failed += 1


def overlay_run(tmp, setup, scans, after=""):
    """setup (sh lines, $M the merged tree) then each (user, out) scan,
    then after, in a private mount namespace over an overlay of the
    cached tree. Returns (exit status, output)."""
    for d in ("u", "w", "m"):
        shutil.rmtree(os.path.join(tmp, d), ignore_errors=True)
        os.mkdir(os.path.join(tmp, d))
    lines = ["set -e",
             'mount -t overlay overlay -o "lowerdir=$L,upperdir=$T/u,'
             'workdir=$T/w" "$T/m"', 'M=$T/m'] + setup
    for user, out in scans:
        lines.append('"$PRIVMAP" scan --root "$M" --user %s --format json '
                     '-o %s -q --fail-on none' % (shlex.quote(user),
                                                  shlex.quote(out)))
    lines.append(after)
    env = dict(os.environ, L=CACHE, T=tmp, PRIVMAP=PRIVMAP)
    r = subprocess.run(["unshare", "--mount", "--propagation", "private",
                        "sh", "-c", "\n".join(lines)], env=env,
                       stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                       text=True)
    return r.returncode, r.stdout


def load(out):
    bad = check_report(out)
    with open(out) as f:
        doc = json.load(f)
    return doc, bad


def high(doc):
    return [f for f in doc["findings"] if SEV.index(f["severity"]) >= 3]


def on(doc, *paths):
    return [f for f in doc["findings"] if f["path"] in paths]


def accounts():
    with open(os.path.join(CACHE, "etc", "passwd")) as f:
        return [l.split(":")[0] for l in f.read().splitlines()
                if l.count(":") == 6 and l.split(":")[2] != "0"]


def stock(tmp):
    users = ["agent"] + accounts()
    scans = [(u, os.path.join(tmp, "stock-%s.json" % u)) for u in users]
    t0 = time.monotonic()
    rc, out = overlay_run(tmp, ['chroot "$M" useradd -m -s /bin/bash agent'],
                          scans)
    check(rc == 0, "stock: the scans ran", out[-800:])
    if rc:
        return
    print("stock: %d accounts scanned in %.1f s" % (len(users),
                                                    time.monotonic() - t0))
    for u, path in scans:
        doc, bad = load(path)
        check(not bad, "stock: the report of %s meets the contract" % u,
              str(bad[:3]))
        counts = {s: 0 for s in SEV}
        for f in doc["findings"]:
            counts[f["severity"]] += 1
        print("stock: %-16s %s" % (u, " ".join(
            "%s=%d" % (s, counts[s]) for s in reversed(SEV))))
        for f in doc["findings"]:
            if SEV.index(f["severity"]) >= 2:
                print("   %s %s %s: %s" % (f["severity"], f["check"],
                                          f["path"], f["title"][:120]))
        for f in high(doc):
            why = EXPECTED_HIGH.get((u, f["check"], f["path"]))
            if why:
                print("   expected for %s: %s" % (u, why))
                continue
            what = "stock: no high: %s %s" % (f["check"], f["path"])
            check(False, what, "(%s, as %s: %s)" % (f["severity"], u,
                                                      f["title"]))
        for n in doc.get("notes", []):
            why = [r for k, r in EXPECTED_NOTES.items() if k in n]
            check(bool(why), "stock: note explained: %s" % n[:100],
                  "(as %s)" % u)


POLKIT_RULE = """polkit.addRule(function(action, subject) {
    if (action.id == "org.freedesktop.systemd1.manage-units" &&
        subject.user == "%s") {
        return polkit.Result.YES;
    }
});
"""


def put(path, text, mode="0644", owner="root:root"):
    """sh lines writing text to $M/path"""
    return ["cat >\"$M\"%s <<'PRIVMAP_EOF'\n%sPRIVMAP_EOF" % (path, text),
            'chroot "$M" chown %s %s' % (owner, path),
            'chmod %s "$M"%s' % (mode, path)]


AGENT = ['chroot "$M" useradd -m -s /bin/bash agent']
SITE = "/etc/nginx/sites-available/default"
SITES = (SITE, "/etc/nginx/sites-enabled/default")
HBA = "/etc/postgresql/15/main/pg_hba.conf"
LR = "/etc/logrotate.d/nginx"


def max_sev(fs):
    return max([SEV.index(f["severity"]) for f in fs] or [-1])


def rows():
    """(name, setup, user, [(assertion, test(doc) -> (bool, detail))])"""
    r = []
    r.append(("nginx-acl", AGENT + [
        'chroot "$M" setfacl -m u:agent:rw %s' % SITE], "agent", [
        ("nginx site writable (ACL): high",
         lambda d: (max_sev(on(d, *SITES)) >= 3, on(d, *SITES)))]))
    r.append(("nginx-owned", AGENT + ['chroot "$M" chown agent %s' % SITE],
              "agent", [
        ("nginx site owned by the agent: high",
         lambda d: (max_sev(on(d, *SITES)) >= 3, on(d, *SITES)))]))
    pk = "/etc/polkit-1/rules.d/60-agent.rules"
    pkb = "/etc/polkit-1/rules.d/61-bob.rules"
    r.append(("polkit", AGENT + ['chroot "$M" useradd -m bob'] +
              put(pk, POLKIT_RULE % "agent") + put(pkb, POLKIT_RULE % "bob"),
              "agent", [
        ("polkit rule granting manage-units: critical",
         lambda d: (max_sev(on(d, pk)) == 4, on(d, pk))),
        ("polkit rule for another user: nothing at medium or above",
         lambda d: (max_sev(on(d, pkb)) < 2, on(d, pkb)))]))
    r.append(("pg-hba-after", AGENT + [
        "sed -i '/^local *all *postgres *peer/a local all all trust' "
        '"$M"%s' % HBA], "agent", [
        ("pg_hba trust after the postgres peer line: at most low",
         lambda d: (max_sev(on(d, HBA)) <= 1, on(d, HBA)))]))
    r.append(("pg-hba-before", AGENT + [
        "sed -i '0,/^local *all *postgres *peer/s//local all all trust\\n&/' "
        '"$M"%s' % HBA], "agent", [
        # the agent logs in as postgres: a hop to that account, not root
        ("pg_hba trust before the postgres line: medium or above",
         lambda d: (max_sev(on(d, HBA)) >= 2, on(d, HBA)))]))
    r.append(("logrotate-owned", AGENT + ['chroot "$M" chown agent %s' % LR],
              "agent", [
        ("logrotate.d/nginx owned by the agent: at most low",
         lambda d: (max_sev(on(d, LR)) <= 1, on(d, LR))),
        ("logrotate.d/nginx: the title reads",
         lambda d: (all("it can a " not in f["title"] for f in on(d, LR)),
                    [f["title"] for f in on(d, LR)]))]))
    r.append(("logrotate-acl", AGENT + [
        'chroot "$M" setfacl -m u:agent:rw %s' % LR], "agent", [
        ("logrotate.d/nginx ACL-writable: at most low",
         lambda d: (max_sev(on(d, LR)) <= 1, on(d, LR)))]))
    sd = "/etc/sudoers.d/agent"
    r.append(("sudo-systemctl", AGENT + put(
        sd, "agent ALL=(root) NOPASSWD: /usr/bin/systemctl restart nginx\n",
        "0440"), "agent", [
        ("sudo systemctl restart only: no shell-rc at high",
         lambda d: (not [f for f in high(d) if f["family"] == "shell-rc"],
                    [f["title"] for f in high(d)]))]))
    r.append(("local-sbin-1777", AGENT + ['chmod 1777 "$M"/usr/local/sbin'],
              "agent", [
        ("1777 /usr/local/sbin: found at high",
         lambda d: (bool(cause(d, "/usr/local/sbin")), len(d["findings"]))),
        ("1777 /usr/local/sbin: one finding for one cause",
         lambda d: (len(cause(d, "/usr/local/sbin")) == 1,
                    "%d findings" % len(cause(d, "/usr/local/sbin"))))]))
    nb = "/usr/local/bin/binder"
    r.append(("cap-net-bind", AGENT + [
        'cp "$M"/usr/bin/true "$M"%s' % nb,
        'chroot "$M" setcap cap_net_bind_service+ep %s' % nb], "agent", [
        ("cap_net_bind_service unpackaged: found",
         lambda d: (bool(on(d, nb)), on(d, nb))),
        ("cap_net_bind_service unpackaged: at most low",
         lambda d: (max_sev(on(d, nb)) <= 1, on(d, nb)))]))
    r.append(("admin", ['chroot "$M" useradd -m -U admin'], "admin", [
        ("admin in its own group: no high",
         lambda d: (not high(d), [f["title"] for f in high(d)]))]))
    r.append(("sudo-psql", AGENT + put(
        sd, "agent ALL=(postgres) NOPASSWD: /usr/bin/psql\n", "0440"),
        "agent", [
        ("sudo psql as postgres: found, not root",
         lambda d: (bool(on(d, sd)) and max_sev(on(d, sd)) <= 2,
                    on(d, sd))),
        ("sudo psql as postgres: psql named a shell",
         lambda d: (any("shell" in json.dumps(f.get("evidence", {})) and
                        "psql" in json.dumps(f) for f in on(d, sd)),
                    on(d, sd)))]))
    job = "/usr/local/bin/nightly.sh"
    r.append(("cron-job", AGENT + put(job, "#!/bin/sh\n:\n", "0755",
                                      "agent:agent") +
              put("/etc/cron.d/nightly", "17 3 * * * root %s\n" % job),
              "agent", [
        ("root cron job running the agent's file: found at high",
         lambda d: (max_sev(on(d, job, "/etc/cron.d/nightly")) >= 3,
                    on(d, job, "/etc/cron.d/nightly"))),
        ("root cron job running the agent's file: critical",
         lambda d: (max_sev(on(d, job, "/etc/cron.d/nightly")) == 4,
                    on(d, job, "/etc/cron.d/nightly")))]))
    # Debian's rules directories are polkitd's, 0700: an ACL opens one
    pkw = "/etc/polkit-1/rules.d"
    r.append(("polkit-writable", AGENT + [
        'chroot "$M" setfacl -m u:agent:rwx %s' % pkw], "agent", [
        ("polkit rules directory writable: found at high",
         lambda d: (max_sev(on(d, pkw)) >= 3, on(d, pkw))),
        ("polkit rules directory writable: the title reads",
         lambda d: (all("it can a " not in f["title"] for f in on(d, pkw)),
                    [f["title"] for f in on(d, pkw)]))]))
    r.append(("controls", AGENT + put(
        "/etc/sudoers.d/90-agent", "agent ALL=(ALL) NOPASSWD: ALL\n",
        "0440") + ['chroot "$M" usermod -aG docker agent'], "agent", [
        ("control: sudo NOPASSWD ALL is critical",
         lambda d: (max_sev(on(d, "/etc/sudoers.d/90-agent")) == 4,
                    on(d, "/etc/sudoers.d/90-agent"))),
        ("control: the docker group is critical",
         lambda d: (any(f["check"] == "group-membership" and
                        f["severity"] == "critical" and
                        f["evidence"].get("group") == "docker"
                        for f in d["findings"]), high(d)))]))
    return r


def cause(doc, path):
    """findings at high or above whose path or evidence names path"""
    return [f for f in high(doc) if f["path"] == path or
            path in json.dumps(f.get("evidence", {}))]


def run_rows(tmp):
    for name, setup, user, tests in rows():
        out = os.path.join(tmp, "row-%s.json" % name)
        rc, text = overlay_run(tmp, setup, [(user, out)])
        check(rc == 0, "%s: set up and scanned" % name, text[-800:])
        if rc:
            continue
        doc, bad = load(out)
        check(not bad, "%s: the report meets the contract" % name,
              str(bad[:3]))
        for what, test in tests:
            ok, detail = test(doc)
            if isinstance(detail, list):
                detail = [(f["severity"], f["check"], f["title"][:100])
                          if isinstance(f, dict) else f for f in detail]
            check(ok, what, "(%s)" % (detail,))


def fix_on_tree(tmp):
    """privmap fix --apply on the real tree, sudo's own visudo after"""
    rule = "/etc/sudoers.d/90-agent"
    before = os.path.join(tmp, "fix-before.json")
    after = os.path.join(tmp, "fix-after.json")
    script = os.path.join(tmp, "fix.sh")
    setup = AGENT + put(rule, "agent ALL=(ALL) NOPASSWD: ALL\n", "0440")
    post = "\n".join([
        '"$PRIVMAP" fix %s -o %s' % (before, script),
        'sh %s --apply >%s/fix.out 2>&1 || true' % (script, tmp),
        'chroot "$M" visudo -c >%s/visudo.out 2>&1 && echo visudo-ok' % tmp,
        'cat "$M"%s >%s/rule.after' % (rule, tmp),
        '"$PRIVMAP" scan --root "$M" --user agent --format json -o %s -q '
        '--fail-on none' % after])
    rc, text = overlay_run(tmp, setup, [("agent", before)], post)
    check(rc == 0, "fix: ran on the tree", text[-800:])
    if rc:
        return
    check("visudo-ok" in text, "fix: the tree's visudo -c accepts the "
          "policy after the fix", open(os.path.join(tmp, "visudo.out")).read())
    check(open(os.path.join(tmp, "rule.after")).read() ==
          "# privmap-fix disabled: agent ALL=(ALL) NOPASSWD: ALL\n",
          "fix: the rule's line is commented out")
    doc, _ = load(after)
    check(not [f for f in on(doc, rule) if f["check"] == "sudo-all"],
          "fix: no sudo-all finding after it",
          open(os.path.join(tmp, "fix.out")).read())


def main():
    global CACHE
    if os.geteuid() != 0:
        print("SKIP: debootstrap, chroot and overlay mounts need root")
        return 77
    need("PRIVMAP_DEBOOTSTRAP", "debootstrap", "debootstrap")
    t0 = time.monotonic()
    try:
        CACHE, built = debianlib.rootfs()
    except (RuntimeError, OSError) as e:
        why = "cannot build the Debian 12 tree (%s); the log is %s.log" % (
            e, debianlib.CACHE)
        if os.environ.get("CI") == "true":
            print("FAIL: " + why)
            return 1
        print("SKIP: " + why)
        return 77
    print("tree: %s (%s)" % (CACHE, "built in %.0f s" % built if built else
                              "cached"))
    tmp = tempfile.mkdtemp(prefix="privmap-debian.")
    try:
        stock(tmp)
        run_rows(tmp)
        fix_on_tree(tmp)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    print("%d failed; %.0f s in all" % (failed, time.monotonic() - t0))
    return 1 if failed else 0


CACHE = debianlib.CACHE

if __name__ == "__main__":
    sys.exit(main())
