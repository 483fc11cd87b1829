#!/usr/bin/env python3
"""graph.py: the escalation graph (issue 15) on trees built at test time.

Each case is a fixture in run-fixture.py's format, built as root and
scanned; the case names the paths to root it must find (each a chain of
hops, a hop the check and path of its finding), the severity of the
user's first hops after the graph rescored them, and the cut (the
findings whose closing leaves no path). The cases: the issue's opening
three (alice in docker and sudo; alice in no group; sudo -u svc where svc
owns a script root's cron runs), chains of two and three hops through
users and through a group, dead ends that look like a first hop, a cycle
between accounts, a cut of two. Then, for every case with a path, the fix
script of the cut alone (the report's findings cut down to the cut's,
given to `privmap fix`) is applied and the tree scanned again: no path to root
may remain. Every report goes through the contract checker (--strict),
and --no-graph must leave the graph out and the hops unscored. With
--sandbox, the user's hops its sandbox contains are no edges (issue 17:
the graph judges them as the findings are judged).

SSH keys (issue 15's last hop): alice's readable private key, made at
test time by ssh-keygen (no .pub beside it: its public half comes from
the key file itself), is a certain hop to alice when her authorized keys
list it as sshd would take it, and alice in docker makes it a path to
root scored as one; the same key not listed is no edge (the finding
stays, at medium); listed with command= or from= a subnet, or sealed
with a passphrase, a likely hop that says why; AuthorizedKeysFile
/etc/ssh/keys/%u read from there (and refused when others can write
it, unless StrictModes is off); DenyUsers alice, an expiry-time
passed, a cert-authority line, a from= sshd takes as an error, a nologin
shell or one missing, no edge; a 10 MB
authorized_keys and a truncated key file are bounded (likely, noted).

Needs root (owners, modes); exit 77 otherwise. Environment: PRIVMAP,
TOP_SRCDIR.
"""
import importlib.util
import json
import os
import shutil
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
TOP = os.environ.get("TOP_SRCDIR") or os.path.join(HERE, "..", "..")
PRIVMAP = os.environ.get("PRIVMAP") or os.path.join(TOP, "privmap")
sys.path.insert(0, HERE)
from contract import check_report  # noqa: E402
from need import need  # noqa: E402

spec = importlib.util.spec_from_file_location(
    "run_fixture", os.path.join(HERE, "run-fixture.py"))
rf = importlib.util.module_from_spec(spec)
spec.loader.exec_module(rf)

BASE = """
user agent 1001 1001 /home/agent /bin/bash
group agent 1001
dir /home/agent 0755 agent
scan-user agent
"""

DOCKER = "socket /run/docker.sock 0660 root:docker\n"

CASES = [
    # the first: alice in docker and sudo, her .bashrc writable
    # by the agent
    ("alice-docker", BASE + DOCKER + """
user alice 1002 1002 /home/alice /bin/bash
group alice 1002
group docker 998 alice
group sudo 27 alice
dir /home/alice 0755 alice
file /home/alice/.bashrc 0644 alice
acl /home/alice/.bashrc u:agent:rw
""", {
        "first": {("shell-rc", "/home/alice/.bashrc"): "high"},
        "paths": {(("shell-rc", "/home/alice/.bashrc"),
                   ("container-socket", "/run/docker.sock")),
                  (("shell-rc", "/home/alice/.bashrc"),
                   ("group-membership", "/etc/group", "docker")),
                  (("shell-rc", "/home/alice/.bashrc"),
                   ("group-membership", "/etc/group", "sudo"))},
        "cut": {("shell-rc", "/home/alice/.bashrc")},
    }),
    # the same with alice in no group: a dead end, lateral movement
    ("alice-alone", BASE + """
user alice 1002 1002 /home/alice /bin/bash
group alice 1002
dir /home/alice 0755 alice
file /home/alice/.bashrc 0644 alice
acl /home/alice/.bashrc u:agent:rw
""", {
        "first": {("shell-rc", "/home/alice/.bashrc"): "medium"},
        "lateral": {("shell-rc", "/home/alice/.bashrc")},
        "paths": set(),
        "cut": set(),
    }),
    # sudo -u svc find; svc owns the script root's cron job runs
    ("sudo-svc-cron", BASE + """
user svc 990 990 /srv/svc /usr/sbin/nologin
group svc 990
file /usr/bin/sudo 4755 root
file /usr/bin/find 0755 root
file /etc/sudoers 0440 root
| Defaults env_reset
| root ALL=(ALL:ALL) ALL
| agent ALL=(svc) NOPASSWD: /usr/bin/find
file /etc/debian_version 0644 root
| 12.5
file /usr/sbin/cron 0755 root
file /etc/crontab 0644 root
| SHELL=/bin/sh
| PATH=/usr/sbin:/usr/bin:/sbin:/bin
| 15 * * * * root /opt/svc/job.sh
dir /opt/svc 0755 root
file /opt/svc/job.sh 0755 svc
| #!/bin/sh
""", {
        # a hop now, then root's periodic job: critical (a root cron
        # job the user controls is critical, issue 20's scale)
        "first": {("sudo-runas-user", "/etc/sudoers"): "critical"},
        "paths": {(("sudo-runas-user", "/etc/sudoers"),
                   ("cron", "/opt/svc/job.sh"))},
        # of the two hops, the one the fix script can close: svc's
        "cut": {("cron", "/opt/svc/job.sh")},
    }),
    # three hops through users: agent -> bob -> carol -> root, and a dead
    # end beside it that looks like the same first hop (dave)
    ("three-hops", BASE + """
user bob 1003 1003 /home/bob /bin/bash
user carol 1004 1004 /home/carol /bin/bash
user dave 1005 1005 /home/dave /bin/bash
group bob 1003
group carol 1004
group dave 1005
group disk 6 carol
dir /home/bob 0755 bob
file /home/bob/.bashrc 0644 bob
acl /home/bob/.bashrc u:agent:rw
dir /home/carol 0755 carol
file /home/carol/.bashrc 0644 carol
acl /home/carol/.bashrc u:bob:rw
dir /home/dave 0755 dave
file /home/dave/.bashrc 0644 dave
acl /home/dave/.bashrc u:agent:rw
""", {
        "first": {("shell-rc", "/home/bob/.bashrc"): "high",
                  ("shell-rc", "/home/dave/.bashrc"): "medium"},
        "lateral": {("shell-rc", "/home/dave/.bashrc")},
        "paths": {(("shell-rc", "/home/bob/.bashrc"),
                   ("shell-rc", "/home/carol/.bashrc"),
                   ("group-membership", "/etc/group", "disk"))},
        "cut": {("shell-rc", "/home/bob/.bashrc")},
    }),
    # a cycle between accounts: erin and frank can each write the
    # other's .bashrc; frank is in docker
    ("cycle", BASE + DOCKER + """
user erin 1006 1006 /home/erin /bin/bash
user frank 1007 1007 /home/frank /bin/bash
group erin 1006
group frank 1007
group docker 998 frank
dir /home/erin 0755 erin
file /home/erin/.bashrc 0644 erin
acl /home/erin/.bashrc u:agent:rw
acl /home/erin/.bashrc u:frank:rw
dir /home/frank 0755 frank
file /home/frank/.bashrc 0644 frank
acl /home/frank/.bashrc u:erin:rw
""", {
        "first": {("shell-rc", "/home/erin/.bashrc"): "high"},
        "paths": {(("shell-rc", "/home/erin/.bashrc"),
                   ("shell-rc", "/home/frank/.bashrc"),
                   ("container-socket", "/run/docker.sock")),
                  (("shell-rc", "/home/erin/.bashrc"),
                   ("shell-rc", "/home/frank/.bashrc"),
                   ("group-membership", "/etc/group", "docker"))},
        "cut": {("shell-rc", "/home/erin/.bashrc")},
    }),
    # through a group: a setgid ops copy of find (a shell escape) gives
    # group ops, which can write /etc/cron.d
    ("through-group", BASE + """
group ops 1500
file /etc/debian_version 0644 root
| 12.5
file /usr/sbin/cron 0755 root
dir /etc/cron.d 0775 root:ops
file /usr/local/bin/find 2755 root:ops
""", {
        "first": {("setuid", "/usr/local/bin/find"): "high"},
        "paths": {(("setuid", "/usr/local/bin/find"),
                   ("cron", "/etc/cron.d"))},
        "cut": {("setuid", "/usr/local/bin/find")},
    }),
    # two ways in, each alone a path: the cut needs both
    ("cut-of-two", BASE + """
user alice 1002 1002 /home/alice /bin/bash
user bob 1003 1003 /home/bob /bin/bash
group alice 1002
group bob 1003
group docker 998 alice,bob
dir /home/alice 0755 alice
file /home/alice/.bashrc 0644 alice
acl /home/alice/.bashrc u:agent:rw
dir /home/bob 0755 bob
file /home/bob/.profile 0644 bob
acl /home/bob/.profile u:agent:rw
""", {
        "first": {("shell-rc", "/home/alice/.bashrc"): "high",
                  ("shell-rc", "/home/bob/.profile"): "high"},
        "paths": {(("shell-rc", "/home/alice/.bashrc"),
                   ("group-membership", "/etc/group", "docker")),
                  (("shell-rc", "/home/bob/.profile"),
                   ("group-membership", "/etc/group", "docker"))},
        "cut": {("shell-rc", "/home/alice/.bashrc"),
                ("shell-rc", "/home/bob/.profile")},
    }),
]


def fail(msg):
    print(f"FAIL: {msg}")
    return 1


def scan(root, user, out, extra=()):
    p = subprocess.run([PRIVMAP, "scan", "--root", root, "--user", user,
                        "--format", "json", "-o", out, "-q",
                        "--fail-on", "none", *extra],
                       capture_output=True, text=True)
    if p.returncode != 0:
        raise RuntimeError(f"privmap scan exited {p.returncode}: "
                           f"{p.stderr.strip()}")
    bad = check_report(out, root=root)
    if bad:
        raise RuntimeError(f"{out} breaks the contract: {bad}")
    with open(out, encoding="utf-8") as f:
        return json.load(f)


def by_id(rep):
    """finding id -> finding, the report's and the graph's own"""
    m = {f["id"]: f for f in rep["findings"]}
    for f in (rep.get("graph") or {}).get("findings", []):
        m.setdefault(f["id"], f)
    return m


def hop_name(m, fid):
    """a hop as the case names it: check and path, and the group of a
    group-membership finding"""
    f = m.get(fid)
    if f is None:
        return ("?", fid)
    g = f["evidence"].get("group") if f["family"] == "group-membership" \
        else None
    return (f["check"], f["path"], g) if g else (f["check"], f["path"])


def paths_of(rep):
    m = by_id(rep)
    return {tuple(hop_name(m, h["finding"]) for h in p["hops"])
            for p in rep["graph"]["paths"]}


def check_case(name, text, want, tmp):
    errs = []
    fx_path = os.path.join(tmp, name + ".fix")
    with open(fx_path, "w", encoding="utf-8") as f:
        f.write(text)
    fx = rf.parse(fx_path)
    root = os.path.join(tmp, name)
    os.mkdir(root)
    rf.build(fx, root)
    rep = scan(root, fx["user"], os.path.join(tmp, name + ".json"))
    g = rep.get("graph")
    if g is None:
        return [f"{name}: the report has no graph"], None, None
    m = by_id(rep)
    got = paths_of(rep)
    if got != want["paths"]:
        errs.append(f"{name}: paths {sorted(got)}, expected "
                    f"{sorted(want['paths'])}")
    if g["paths_total"] != len(want["paths"]):
        errs.append(f"{name}: paths_total {g['paths_total']}, expected "
                    f"{len(want['paths'])}")
    cut = {hop_name(m, c) for c in g["cut"]["findings"]}
    if cut != want["cut"] or (want["cut"] and not g["cut"]["exact"]):
        errs.append(f"{name}: cut {sorted(cut)} (exact "
                    f"{g['cut']['exact']}), expected {sorted(want['cut'])}")
    own = {(f["check"], f["path"]): f for f in rep["findings"]}
    for key, sev in want["first"].items():
        f = own.get(key)
        if f is None:
            errs.append(f"{name}: no finding {key}")
            continue
        if f["severity"] != sev:
            errs.append(f"{name}: {key} is {f['severity']} {f['score']}, "
                        f"expected {sev}")
        if "grants" not in f:
            errs.append(f"{name}: {key} has no grants")
        lateral = "lateral movement" in f["title"]
        if lateral != (key in want.get("lateral", set())):
            errs.append(f"{name}: {key}'s title {f['title']!r} "
                        f"{'says' if lateral else 'does not say'} lateral")
    # the start reaches root exactly when there is a path
    start = [n for n in g["nodes"] if n["id"] == g["start"]][0]
    if start["reaches_root"] != bool(want["paths"]):
        errs.append(f"{name}: start reaches_root {start['reaches_root']}")
    return errs, root, fx


def cut_alone(name, rep_path, root, fx, tmp):
    """The fix script of the cut alone, applied; then no path remains."""
    with open(rep_path, encoding="utf-8") as f:
        rep = json.load(f)
    cut = set(rep["graph"]["cut"]["findings"])
    # the user's findings outside the cut go; the graph stays: a finding
    # of the cut judged as another identity is the graph's
    rep["findings"] = [f for f in rep["findings"] if f["id"] in cut]
    n = len(rep["findings"])
    rep["summary"]["findings"] = n
    rep["summary"]["score"] = max([f["score"] for f in rep["findings"]],
                                  default=0.0)
    for s in rep["summary"]["by_severity"]:
        rep["summary"]["by_severity"][s] = sum(
            1 for f in rep["findings"] if f["severity"] == s)
    cut_path = os.path.join(tmp, name + "-cut.json")
    with open(cut_path, "w", encoding="utf-8") as f:
        json.dump(rep, f)
    script = os.path.join(tmp, name + "-fix.sh")
    p = subprocess.run([PRIVMAP, "fix", cut_path, "-o", script],
                       capture_output=True, text=True)
    if p.returncode != 0:
        return [f"{name}: privmap fix exited {p.returncode}: {p.stderr}"]
    p = subprocess.run(["sh", script, "--apply"], capture_output=True,
                       text=True)
    if p.returncode != 0:
        return [f"{name}: the fix script exited {p.returncode}: "
                f"{p.stdout[-800:]} {p.stderr[-800:]}"]
    after = scan(root, fx["user"], os.path.join(tmp, name + "-after.json"))
    if after["graph"]["paths"] or after["graph"]["paths_total"]:
        return [f"{name}: after the cut's fix, paths remain: "
                f"{sorted(paths_of(after))}"]
    return []


SANDBOXED = BASE + """
user alice 1002 1002 /home/alice /bin/bash
group alice 1002
group docker 998 alice
socket /run/docker.sock 0660 root:docker
dir /home/alice 0755 alice
file /home/alice/.bashrc 0644 alice
acl /home/alice/.bashrc u:agent:rw
file /usr/local/bin/find 4755 root
dir /etc/systemd/system 0755 root
file /etc/systemd/system/agent.service 0644 root
| [Service]
| User=agent
| ExecStart=/usr/local/bin/agent
| NoNewPrivileges=yes
file /etc/systemd/system/boxed.service 0644 root
| [Service]
| User=agent
| ExecStart=/usr/local/bin/agent
| NoNewPrivileges=yes
| InaccessiblePaths=/home/alice
"""


def sandbox_case(tmp):
    """--sandbox: the graph leaves out the user's hops the sandbox
    contains (the same judgement as the findings'): NoNewPrivileges
    makes the setuid find inert, so its path goes and alice's stays;
    hiding alice's home too leaves no path at all"""
    errs = []
    fx_path = os.path.join(tmp, "sandboxed.fix")
    with open(fx_path, "w", encoding="utf-8") as f:
        f.write(SANDBOXED)
    fx = rf.parse(fx_path)
    root = os.path.join(tmp, "sandboxed")
    os.mkdir(root)
    rf.build(fx, root)
    bare = paths_of(scan(root, "agent", os.path.join(tmp, "sb0.json")))
    find = ("setuid", "/usr/local/bin/find")
    rc = ("shell-rc", "/home/alice/.bashrc")
    via_alice = {(rc, ("container-socket", "/run/docker.sock")),
                 (rc, ("group-membership", "/etc/group", "docker"))}
    if bare != {(find,)} | via_alice:
        errs.append(f"sandboxed, bare: paths {bare}")
    # in the sandbox the agent's own find is inert; alice, who logs in
    # outside it, can still use it (a hop left out while the agent held
    # it itself)
    rep = scan(root, "agent", os.path.join(tmp, "sb1.json"),
               ["--sandbox", "agent.service"])
    if paths_of(rep) != via_alice | {(rc, find)}:
        errs.append(f"--sandbox NoNewPrivileges: paths {paths_of(rep)}, "
                    "expected only those through alice")
    m = by_id(rep)
    cut = {hop_name(m, i) for i in rep["graph"]["cut"]["findings"]}
    if cut != {rc}:
        errs.append(f"--sandbox NoNewPrivileges: cut {cut}")
    rep = scan(root, "agent", os.path.join(tmp, "sb2.json"),
               ["--sandbox", "boxed.service"])
    if rep["graph"]["paths"] or rep["graph"]["paths_total"]:
        errs.append(f"--sandbox boxed: paths {paths_of(rep)}, expected "
                    "none")
    print(f"{'ok  ' if not errs else 'FAIL'} sandboxed")
    return errs

# alice in docker, with sshd; her key is readable by the agent, with no
# .pub beside it. @KEY@ and @AUTH@ are filled in by ssh_case.
SSH_BASE = BASE + DOCKER + """
user alice 1002 1002 /home/alice @SHELL@
group alice 1002
group docker 998 alice
file /usr/sbin/sshd 0755 root
file /bin/bash 0755 root
file /usr/sbin/nologin 0755 root
dir /etc/ssh 0755 root
file /etc/ssh/sshd_config 0644 root
| Include /etc/ssh/sshd_config.d/*.conf
@SSHD@
dir /home/alice 0755 alice
dir /home/alice/.ssh 0755 alice
file /home/alice/.ssh/id_ed25519 0644 alice
@KEY@
"""

KEYPATH = "/home/alice/.ssh/id_ed25519"


def keygen(keygen_bin, tmp, name, passphrase=""):
    """a test key made now: (private key text, public key line)"""
    path = os.path.join(tmp, name)
    subprocess.run([keygen_bin, "-q", "-t", "ed25519", "-N", passphrase,
                    "-C", f"{name}@test", "-f", path], check=True)
    with open(path, encoding="ascii") as f:
        priv = f.read()
    with open(path + ".pub", encoding="ascii") as f:
        pub = f.read().strip()
    return priv, pub


def lines(text):
    return "".join(f"| {line}\n" for line in text.splitlines())


def ssh_tree(tmp, name, key, auth, sshd="", shell="/bin/bash",
             extra=""):
    """the tree: key (private key text) as alice's id_ed25519, auth the
    text of her ~/.ssh/authorized_keys (None: no file), sshd lines for
    an included sshd_config.d file, extra fixture lines"""
    text = SSH_BASE.replace("@SHELL@", shell).replace(
        "@KEY@", lines(key)).replace("@SSHD@", "")
    if sshd:
        text += ("file /etc/ssh/sshd_config.d/50-test.conf 0644 root\n" +
                 lines(sshd))
    if auth is not None:
        text += ("file /home/alice/.ssh/authorized_keys 0600 alice\n" +
                 lines(auth))
    text += extra
    fx_path = os.path.join(tmp, name + ".fix")
    with open(fx_path, "w", encoding="utf-8") as f:
        f.write(text)
    fx = rf.parse(fx_path)
    root = os.path.join(tmp, name)
    os.mkdir(root)
    rf.build(fx, root)
    return root, fx


def ssh_cases(tmp, keygen_bin):
    """alice's readable key: a hop as sure as sshd would make it"""
    errs = []
    plain, plain_pub = keygen(keygen_bin, tmp, "plain")
    sealed, sealed_pub = keygen(keygen_bin, tmp, "sealed", "pass")
    _, other_pub = keygen(keygen_bin, tmp, "other")
    via = {((("credentials", KEYPATH)),
            ("container-socket", "/run/docker.sock")),
           ((("credentials", KEYPATH)),
            ("group-membership", "/etc/group", "docker"))}
    big = "".join(f"{other_pub} n{i}\n" for i in range(110000)) + plain_pub
    # name: (key, authorized_keys, sshd_config.d, shell, extra,
    #        sure (None: no grant), severity, evidence substrings)
    cases = {
        "ssh-listed": (plain, f"{other_pub}\n{plain_pub}\n", "",
                       "/bin/bash", "", "certain", "critical",
                       {"login": "ssh alice@localhost",
                        "authorized": "/home/alice/.ssh/authorized_keys "
                                      "line 2",
                        "public_key": "from the key file",
                        "passphrase": "none",
                        "passphrase_checked": True}),
        "ssh-unlisted": (plain, other_pub + "\n", "", "/bin/bash", "",
                         None, "medium",
                         {"login": "alice's authorized_keys does not "
                                   "list it"}),
        "ssh-command": (plain, f'command="/usr/bin/uptime",no-pty '
                        f"{plain_pub}\n", "", "/bin/bash", "",
                        "likely", "high",
                        {"login": "forces a command",
                         "forced_command": "/usr/bin/uptime"}),
        "ssh-from": (plain, f'from="10.0.0.0/8" {plain_pub}\n', "",
                     "/bin/bash", "", "likely", "high",
                     {"login": "does not admit this host",
                      "from": "10.0.0.0/8"}),
        "ssh-from-local": (plain, f'from="10.0.0.0/8,127.0.0.1" '
                           f"{plain_pub}\n", "", "/bin/bash", "",
                           "certain", "critical",
                           {"from": "10.0.0.0/8,127.0.0.1"}),
        "ssh-sealed": (sealed, sealed_pub + "\n", "", "/bin/bash", "",
                       "likely", "high",
                       {"passphrase": "a passphrase protects it",
                        "cipher": "aes256-ctr",
                        "public_key": "from the key file",
                        "passphrase_checked": True,
                        "login": "a passphrase protects the key"}),
        "ssh-keysfile": (plain, None,
                         "AuthorizedKeysFile /etc/ssh/keys/%u\n",
                         "/bin/bash",
                         "file /etc/ssh/keys/alice 0644 root\n" +
                         lines(plain_pub), "certain", "critical",
                         {"authorized": "/etc/ssh/keys/alice line 1"}),
        "ssh-strictmodes": (plain, None,
                            "AuthorizedKeysFile /etc/ssh/keys/%u\n",
                            "/bin/bash",
                            "file /etc/ssh/keys/alice 0666 root\n" +
                            lines(plain_pub), None, "medium",
                            {"login": "StrictModes refuses the file"}),
        "ssh-strictmodes-no": (plain, None,
                               "AuthorizedKeysFile /etc/ssh/keys/%u\n"
                               "StrictModes no\n", "/bin/bash",
                               "file /etc/ssh/keys/alice 0666 root\n" +
                               lines(plain_pub), "certain", "critical",
                               {"authorized": "/etc/ssh/keys/alice"}),
        "ssh-keysfile-home": (plain, plain_pub + "\n",
                              "AuthorizedKeysFile /etc/ssh/keys/%u\n",
                              "/bin/bash", "", None, "medium",
                              {"login": "does not list it"}),
        "ssh-denyusers": (plain, plain_pub + "\n",
                          "DenyUsers bob al*\n", "/bin/bash", "", None,
                          "medium", {"login": "DenyUsers refuses it"}),
        "ssh-allowgroups": (plain, plain_pub + "\n",
                            "AllowGroups wheel\n", "/bin/bash", "", None,
                            "medium", {"login": "AllowGroups"}),
        "ssh-expired": (plain, f'expiry-time="20000101" {plain_pub}\n',
                        "", "/bin/bash", "", None, "medium",
                        {"login": "expiry-time has passed"}),
        "ssh-ca": (plain, f"cert-authority {plain_pub}\n", "",
                   "/bin/bash", "", None, "medium",
                   {"login": "does not list it"}),
        "ssh-nologin": (plain, plain_pub + "\n", "", "/usr/sbin/nologin",
                        "", None, "medium", {"login": "refuses a login"}),
        "ssh-no-shell": (plain, plain_pub + "\n", "", "/bin/zsh", "",
                         None, "medium",
                         {"login": "not an executable file here"}),
        "ssh-from-bad": (plain, f'from="127.0.0.1/8" {plain_pub}\n', "",
                         "/bin/bash", "", None, "medium",
                         {"login": "from= is malformed"}),
        "ssh-pubkey-no": (plain, plain_pub + "\n",
                          "PubkeyAuthentication no\n", "/bin/bash", "",
                          None, "medium",
                          {"login": "PubkeyAuthentication no"}),
        # hostile: a 10 MB authorized_keys lists the key past what is
        # read; a truncated key file has no public half (and no .pub)
        "ssh-huge": (plain, big, "", "/bin/bash", "", "likely", "high",
                     {"login": "could not all be read"}),
        "ssh-truncated": (plain[:200], plain_pub + "\n", "", "/bin/bash",
                          "", "likely", "high",
                          {"login": "no public half found",
                           "passphrase_checked": False}),
    }
    for name, (key, auth, sshd, shell, extra, sure, sev, ev) in \
            cases.items():
        e = []
        root, fx = ssh_tree(tmp, name, key, auth, sshd, shell, extra)
        out = os.path.join(tmp, name + ".json")
        rep = scan(root, "agent", out)
        f = [x for x in rep["findings"] if x["check"] == "credentials" and
             x["path"] == KEYPATH]
        if len(f) != 1:
            errs.append(f"{name}: {len(f)} findings on {KEYPATH}")
            print(f"FAIL {name}")
            continue
        f = f[0]
        got = (f.get("grants") or {}).get("sure")
        if got != sure or (sure and f["grants"]["node"] != "user:alice"):
            e.append(f"{name}: grants {f.get('grants')}, expected {sure}")
        if f["severity"] != sev:
            e.append(f"{name}: severity {f['severity']} {f['score']}, "
                     f"expected {sev}")
        for k, v in ev.items():
            have = f["evidence"].get(k)
            if (v is True or v is False) and have is not v or \
                    isinstance(v, str) and (not isinstance(have, str) or
                                            v not in have):
                e.append(f"{name}: evidence {k} is {have!r}, expected "
                         f"{v!r}")
        got_paths = paths_of(rep)
        want = via if sure == "certain" or sure == "likely" else set()
        if got_paths != want:
            e.append(f"{name}: paths {sorted(got_paths)}, expected "
                     f"{sorted(want)}")
        if name == "ssh-huge" and not any(
                "truncated" in x["error"] for x in rep.get("errors", [])):
            e.append(f"{name}: the truncated authorized_keys is not "
                     "in errors")
        if name == "ssh-listed" and not e:
            # the cut is the key; closing it leaves no path
            m = by_id(rep)
            cut = {hop_name(m, c) for c in rep["graph"]["cut"]["findings"]}
            if cut != {("credentials", KEYPATH)}:
                e.append(f"{name}: cut {sorted(cut)}")
            else:
                e += cut_alone(name, out, root, fx, tmp)
        print(f"{'ok  ' if not e else 'FAIL'} {name}")
        errs += e
    return errs


def main():
    if os.geteuid() != 0:
        print("SKIP: graph.py builds trees with owners and modes: run the "
              "suite as root")
        return 77
    keygen_bin = need("PRIVMAP_SSH_KEYGEN", "ssh-keygen (openssh-client)",
                      "ssh-keygen")
    tmp = tempfile.mkdtemp(prefix="privmap-graph-")
    errs = []
    try:
        for name, text, want in CASES:
            e, root, fx = check_case(name, text, want, tmp)
            errs += e
            if not e and want["paths"]:
                errs += cut_alone(name, os.path.join(tmp, name + ".json"),
                                  root, fx, tmp)
            print(f"{'ok  ' if not e else 'FAIL'} {name}")
        # --no-graph: no member, and the dead end keeps its check's score
        root = os.path.join(tmp, "alice-alone")
        rep = scan(root, "agent", os.path.join(tmp, "nograph.json"),
                   ["--no-graph"])
        if "graph" in rep:
            errs.append("--no-graph: the report has a graph")
        sev = {f["path"]: f["severity"] for f in rep["findings"]}
        if sev.get("/home/alice/.bashrc") != "high":
            errs.append("--no-graph: the hop to alice was rescored")
        # --all-users (a tree the cut's fix has not changed): alice, in
        # docker, becomes root in one hop, the agent through her
        fx = rf.parse(os.path.join(tmp, "alice-docker.fix"))
        root = os.path.join(tmp, "alice-docker-all")
        os.mkdir(root)
        rf.build(fx, root)
        rep = scan(root, "agent", os.path.join(tmp, "all.json"),
                   ["--all-users"])
        rows = {r["node"]: r for r in rep["graph"].get("all_users", [])}
        if not rows.get("user:alice", {}).get("reaches_root") or \
                len(rows["user:alice"]["hops"]) != 1:
            errs.append(f"--all-users: alice's row is {rows.get('user:alice')}")
        if not rows.get("user:agent", {}).get("reaches_root"):
            errs.append("--all-users: agent's row does not reach root")
        errs += sandbox_case(tmp)
        errs += ssh_cases(tmp, keygen_bin)
    except RuntimeError as e:
        errs.append(str(e))
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    for e in errs:
        print(f"FAIL: {e}")
    return 1 if errs else 0


if __name__ == "__main__":
    sys.exit(main())
