#!/usr/bin/env python3
"""ansible.py: the Ansible role of contrib/ansible run by ansible-playbook
over three hosts on this machine (issue 18).

The hosts are local connections, each scanning its own root filesystem
(--root, the role's privmap_root) built from a fixture (fleetlib.HOSTS),
for the user that fixture names (privmap_user, set per host). The role
uses the privmap under test (privmap_install false, privmap_bin): the
test installs nothing. Each host keeps its report and installs the
auditd rules drop-in in a directory of its own under the test's
scratch directory (loading them is left to tests/e2e/audit-load.sh).

- the first run succeeds on the three hosts; each fetched report is the
  one a direct scan of that root gives (the same findings, by id), meets
  the contract (check-report.py --strict), and its rules and policy are
  fetched beside it; the drop-in is installed, the host keeps its report;
- privmap_extra_args reach privmap scan as they are: a fourth host
  passing an option privmap does not know fails, naming it;
- a second run changes nothing (changed=0 on every host), and so does a
  run in check mode (--check);
- privmap_fail_on=SEVERITY (the highest severity some hosts reach and
  others do not) fails exactly the hosts with a finding at or above it
  but the one whose baseline (its own report, privmap_baseline) lets it
  pass, and their reports are still fetched;
- privmap fleet over the fetched directory gives the counts of the
  reports (fleetlib.compare) and its JSON meets docs/fleet.schema.json.

Needs root to build the trees (skip 77 otherwise) and ansible-playbook
(Debian's ansible; need.py: a skip on a developer's machine without it,
a failure under CI=true).
"""
import json
import os
import shutil
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import fleetlib  # noqa: E402
from contract import check_report  # noqa: E402
from need import need  # noqa: E402

TOP = fleetlib.TOP
PRIVMAP = os.path.abspath(fleetlib.PRIVMAP) if os.sep in fleetlib.PRIVMAP \
    else shutil.which(fleetlib.PRIVMAP)
failures = []


def fail(msg):
    failures.append(msg)
    print("FAIL " + msg)


def inventory(tmp, roots, baselined, base):
    hosts = {}
    for h, (root, user) in roots.items():
        hosts[h] = {
            "ansible_connection": "local",
            "ansible_python_interpreter": sys.executable,
            "privmap_root": root,
            "privmap_user": user,
            "privmap_state_dir": os.path.join(tmp, "state", h),
            "privmap_audit_rules_dir": os.path.join(tmp, "rules.d", h),
        }
        os.makedirs(os.path.join(tmp, "rules.d", h))
    # one host accepts its findings as they are (a baseline of its own
    # report); a fourth host passes an option privmap does not know
    hosts[baselined]["privmap_baseline"] = base
    bad = dict(hosts["web1"], privmap_extra_args=["--no-such-opt"],
               privmap_state_dir=os.path.join(tmp, "state", "bad1"),
               privmap_audit_rules_dir=os.path.join(tmp, "rules.d", "bad1"))
    os.makedirs(bad["privmap_audit_rules_dir"])
    hosts["bad1"] = bad
    inv = {"all": {"hosts": hosts, "vars": {
        "privmap_install": False,
        "privmap_bin": PRIVMAP,
        "privmap_become": False,
        "privmap_fetch_dir": os.path.join(tmp, "out"),
        "privmap_fetch_rules": True,
        "privmap_fetch_policy": True,
        "privmap_audit_install": True,
        "privmap_audit_load": False,
    }}}
    # no ansible.cfg of the machine or the user applies
    with open(os.path.join(tmp, "ansible.cfg"), "w") as f:
        f.write("[defaults]\n")
    path = os.path.join(tmp, "inventory.json")
    with open(path, "w") as f:
        json.dump(inv, f)
    return path


def playbook(tmp, inv, *extra):
    """Run the example playbook; (exit status, stats per host, output)."""
    play = os.path.join(TOP, "contrib", "ansible", "playbook.yml")
    env = dict(os.environ,
               ANSIBLE_ROLES_PATH=os.path.join(TOP, "contrib", "ansible",
                                               "roles"),
               ANSIBLE_STDOUT_CALLBACK="ansible.posix.json",
               ANSIBLE_LOCAL_TEMP=os.path.join(tmp, "ansible-local"),
               ANSIBLE_REMOTE_TEMP=os.path.join(tmp, "ansible-remote"),
               ANSIBLE_NOCOLOR="1", ANSIBLE_HOST_KEY_CHECKING="False",
               ANSIBLE_RETRY_FILES_ENABLED="False",
               ANSIBLE_CONFIG=os.path.join(tmp, "ansible.cfg"))
    p = subprocess.run([need("PRIVMAP_ANSIBLE_PLAYBOOK",
                             "ansible-playbook (Debian package ansible)",
                             "ansible-playbook"), "-i", inv, play] +
                       list(extra), stdout=subprocess.PIPE,
                       stderr=subprocess.PIPE, text=True, cwd=tmp,
                       env=env, timeout=600)
    try:
        out = json.loads(p.stdout)
    except ValueError:
        fail(f"ansible-playbook {' '.join(extra)}: no JSON (exit "
             f"{p.returncode}): {p.stdout[-500:]} {p.stderr[-500:]}")
        return p.returncode, {}, {}
    return p.returncode, out.get("stats", {}), out


def task_msgs(out, host):
    """Every message the play gave for host, to look for a reason."""
    msgs = []
    for play in out.get("plays", []):
        for t in play.get("tasks", []):
            r = t.get("hosts", {}).get(host, {})
            msgs += [str(r.get(k, "")) for k in ("msg", "stderr", "stdout")]
    return "\n".join(msgs)


def main():
    if os.geteuid() != 0:
        print("SKIP ansible.py: building the trees needs root")
        return 77
    need("PRIVMAP_ANSIBLE_PLAYBOOK", "ansible-playbook (Debian package "
         "ansible)", "ansible-playbook")
    tmp = tempfile.mkdtemp(prefix="privmap-ansible-")
    try:
        roots, direct = {}, {}
        for h, fx in fleetlib.HOSTS.items():
            root = os.path.join(tmp, "roots", h)
            os.makedirs(root)
            user = fleetlib.build_root(fx, root)
            roots[h] = (root, user)
            rep = os.path.join(tmp, f"direct-{h}.json")
            fleetlib.scan(root, user, rep)
            with open(rep) as f:
                direct[h] = json.load(f)
        # the gate's severity: the highest one some hosts reach and
        # others do not (the fixtures' scores may move)
        sevs = fleetlib.SEVERITIES
        gate, crit = None, set()
        for sev in reversed(sevs):
            hit = {h for h, r in direct.items()
                   if any(sevs.index(f["severity"]) >= sevs.index(sev)
                          for f in r["findings"])}
            if hit and hit != set(roots):
                gate, crit = sev, hit
                break
        if gate is None:
            fail("no severity tells the three hosts apart: the test cannot "
                 "tell a gate from none")
            gate = "critical"
        # the baseline lets one of them pass, and at least one still fails
        baselined = sorted(crit)[0] if len(crit) >= 2 else \
            sorted(set(roots) - crit)[0]
        inv = inventory(tmp, roots, baselined,
                        os.path.join(tmp, f"direct-{baselined}.json"))
        out = os.path.join(tmp, "out")
        good = set(roots)

        rc, stats, o = playbook(tmp, inv)
        failed = {h for h, st in stats.items() if st.get("failures")}
        if failed != {"bad1"} or set(stats) != good | {"bad1"}:
            fail(f"first run: exit {rc}, failed {sorted(failed)} of "
                 f"{sorted(stats)}, expected bad1 alone")
        if "no-such-opt" not in task_msgs(o, "bad1"):
            fail("privmap_extra_args did not reach privmap scan as given")
        reports = {}
        for h, (root, user) in roots.items():
            d = os.path.join(out, h)
            rep = os.path.join(d, "privmap.json")
            if not os.path.isfile(rep):
                fail(f"{h}: no report fetched to {rep}")
                continue
            for b in check_report(rep, root):
                fail(f"{h}: {b}")
            with open(rep) as f:
                reports[h] = json.load(f)
            got = [x["id"] for x in reports[h]["findings"]]
            want = [x["id"] for x in direct[h]["findings"]]
            if got != want or reports[h]["target"]["user"]["name"] != user:
                fail(f"{h}: the fetched report is not the scan of its "
                     f"root for {user}")
            if ("gate" in reports[h]) != (h == baselined):
                fail(f"{h}: a gate verdict only where a baseline is given")
            for name in ("privmap.rules", "privmap-policy.json"):
                if not os.path.isfile(os.path.join(d, name)):
                    fail(f"{h}: {name} not fetched")
            dropin = os.path.join(tmp, "rules.d", h, "30-privmap.rules")
            with open(os.path.join(d, "privmap.rules")) as f:
                rules = f.read()
            if not os.path.isfile(dropin) or open(dropin).read() != rules:
                fail(f"{h}: the rules drop-in is not the rules fetched")
            if not os.path.isfile(os.path.join(tmp, "state", h,
                                               "privmap.json")):
                fail(f"{h}: the host does not keep its report")
        print(f"first run: {stats}")

        for what, extra in (("second run", ()), ("check mode", ("--check",))):
            rc, stats, _ = playbook(tmp, inv, *extra)
            changed = {h: stats.get(h, {}).get("changed") for h in good}
            failed = {h for h, st in stats.items() if st.get("failures")}
            if any(changed.values()) or None in changed.values() or \
                    failed != {"bad1"}:
                fail(f"{what}: changed {changed}, failed {sorted(failed)}: "
                     "not idempotent")
            print(f"{what}: changed {changed}")

        rc, stats, o = playbook(tmp, inv, "-e", f"privmap_fail_on={gate}")
        failed = {h for h, st in stats.items() if st.get("failures")}
        want = (crit - {baselined}) | {"bad1"}
        if failed != want:
            fail(f"privmap_fail_on={gate} failed {sorted(failed)}, "
                 f"expected {sorted(want)} (the baseline lets "
                 f"{baselined} pass)")
        for h in crit - {baselined}:
            if f"findings at or above {gate}" not in task_msgs(o, h):
                fail(f"{h}: the failure does not say why")
            if not os.path.isfile(os.path.join(out, h, "privmap.json")):
                fail(f"{h}: failed, and its report was not fetched")
        p = subprocess.run([PRIVMAP, "fleet", "--format", "json", out],
                           stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                           text=True, timeout=120)
        if p.returncode != 0:
            fail(f"privmap fleet {out}: exit {p.returncode}: {p.stderr}")
        else:
            view = json.loads(p.stdout)
            for b in fleetlib.schema_errors(view) + \
                    fleetlib.compare(view, reports):
                fail(f"fleet view: {b}")
            print("fleet: " + ", ".join(
                f"{k['check']} on {k['hosts']}" for k in view["kinds"]))
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    if failures:
        print(f"FAIL ansible.py: {len(failures)} failures")
        return 1
    print("PASS ansible.py: the role over three hosts, idempotent, check "
          "mode, the gate, the fleet view")
    return 0


if __name__ == "__main__":
    sys.exit(main())
