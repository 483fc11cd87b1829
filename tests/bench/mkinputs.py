#!/usr/bin/env python3
"""mkinputs.py KIND [options] -o FILE: large inputs for privmap's readers.

Written for the benchmark (bench.py --reports) and for the regression
test of linear reading (tests/e2e/linear.py); the same seed gives the same
bytes. KIND is one of:

  report --findings N        a privmap.report/1 document of N findings of
                             the families privmap writes (setuid, cron,
                             container-socket, group-membership,
                             credentials, file-capability), each with its
                             evidence, policy and audit lines, ~770 bytes
                             each (200000: ~150 MB)
  real --findings N          a report of N findings as a scan writes one
                             (issue 19): nine families (setuid, cron,
                             container-socket, group-membership,
                             credentials, file-capability, writable-path,
                             shell-rc, kernel), each finding with the
                             evidence, policy, audit, audit_data and grants
                             privmap gives it, in the scan's order, indented
                             as privmap indents, with the escalation graph
                             those grants make (100000: ~140 MB; passes
                             tests/contract/check-report.py --strict)
  report --policy N          one finding whose policy array holds N deny
                             entries (100000: ~2 MB)
  baseline --findings N      a report of N findings with only what a report
                             read back must hold (300000: ~41 MB)
  auditlog --groups N        an audit log of N events (SYSCALL and PATH
                             records in the kernel's format)
                             under privmap's keys, each a distinct group
                             for privmap events (200000: ~56 MB)
  ignore --lines N [--bad]   an ignore file of N entries (docs/ignore-format.md)
                             naming findings of `report --findings`; with
                             --bad, N malformed lines instead
"""
import argparse
import json
import sys

FAMILIES = ["setuid", "cron", "container-socket", "group-membership",
            "credentials", "file-capability"]


def fid(i):
    # ids of the report contract's form, unique per index
    return "PM-%016x" % ((i * 0x9E3779B97F4A7C15 + 0x1234567) & (2**64 - 1))


def finding(i, uid=1001):
    fam = FAMILIES[i % len(FAMILIES)]
    d = "/srv/app%04d/lib%03d" % (i // 1000, i % 1000)
    key = "privmap-" + fam
    sev, score = [("critical", 9.9), ("high", 8.7), ("high", 8.3),
                  ("medium", 6.0), ("low", 3.0), ("critical", 9.2)][i % 6]
    if fam == "setuid":
        p = d + "/tool%d" % i
        ev = {"mode": "4755", "uid": 0, "owner": "root", "gid": 0,
              "group": "root", "setuid": True, "setgid": False,
              "user_can_execute": True, "user_can_modify": "replaceable",
              "writable_directory": d}
        title = ("setuid program %s: the user can write or replace it: "
                 "whoever runs it next runs the user's code" % p)
        rem = "chmod u-s,g-s '%s'; chmod go-w '%s'" % (p, p)
        pol = ["exec " + p]
        aud = ["-a always,exit -F path=%s -F perm=x -F uid=%d -F key=%s" % (p, uid, key),
               "-a always,exit -F path=%s -F perm=wa -F uid=%d -F key=%s" % (p, uid, key)]
    elif fam == "cron":
        p = "/etc/cron.d/job%d" % i
        ev = {"how": "writable", "mode": "0666", "uid": 0, "gid": 0,
              "cron": "unknown"}
        title = ("crontab %s is writable by agent: its jobs run as root or "
                 "any user named in it" % p)
        rem = "chmod go-w '%s'; setfacl -b '%s'" % (p, p)
        pol = ["write " + p]
        aud = ["-a always,exit -F path=%s -F perm=wa -F uid=%d -F key=%s" % (p, uid, key)]
    elif fam == "container-socket":
        p = d + "/docker%d.sock" % i
        ev = {"runtime": "docker", "mode": "0660", "uid": 0, "gid": 999,
              "via": "group owner of the socket"}
        title = ("agent can connect to the docker socket %s: the Docker API "
                 "runs a container with the host's / mounted" % p)
        rem = ("chmod o-rwx '%s'; remove the user from group 999 if it is "
               "not meant to run containers" % p)
        pol = ["connect " + p]
        aud = ["-a always,exit -F path=%s -F perm=wa -F uid=%d -F key=%s" % (p, uid, key)]
    elif fam == "group-membership":
        g = "grp%d" % i
        p = "/etc/group"
        ev = {"group": g, "gid": 20000 + i, "how": "listed as a member in "
              "/etc/group", "why": "members of this group can read every "
              "file of the system's disks and so every secret on them"}
        title = "agent is in group %s: %s" % (g, ev["why"])
        rem = "gpasswd -d 'agent' '%s'" % g
        pol = ["group " + g]
        aud = ["-a always,exit -F path=/etc/group -F perm=wa -F uid=%d -F key=%s" % (uid, key)]
    elif fam == "credentials":
        p = d + "/secret%d.key" % i
        ev = {"how": "readable", "mode": "0644", "uid": 0, "gid": 0,
              "kind": "private key"}
        title = ("private key %s is readable by agent: whoever holds it "
                 "can sign in as the service it belongs to" % p)
        rem = "chmod go-r '%s'" % p
        pol = ["read " + p]
        aud = ["-a always,exit -F path=%s -F perm=r -F uid=%d -F key=%s" % (p, uid, key)]
    else:
        p = d + "/cap%d" % i
        ev = {"mode": "0755", "uid": 0, "gid": 0,
              "capabilities": "cap_setuid=ep", "user_can_execute": True}
        title = ("program %s has file capabilities cap_setuid=ep: it can "
                 "become root" % p)
        rem = "setcap -r '%s'" % p
        pol = ["exec " + p]
        aud = ["-a always,exit -F path=%s -F perm=x -F uid=%d -F key=%s" % (p, uid, key)]
    ev.update({"inode": 1000000 + i, "size": 4096 + i % 60000,
               "mtime": "2026-01-%02dT%02d:00:00Z" % (1 + i % 28, i % 24)})
    return {"id": fid(i), "check": fam, "family": fam, "severity": sev,
            "score": score, "title": title, "path": p, "evidence": ev,
            "remediation": rem, "policy": pol, "audit": aud}


def report_doc(findings, root="/srv/rootfs"):
    bys = {s: 0 for s in ["critical", "high", "medium", "low", "info"]}
    for f in findings:
        bys[f["severity"]] += 1
    return {
        "schema": "privmap.report/1",
        "tool": {"name": "privmap", "version": "0.1.0"},
        "target": {"kind": "rootfs", "root": root,
                   "user": {"name": "agent", "uid": 1001, "gid": 1001,
                            "groups": [{"name": "agent", "gid": 1001},
                                       {"name": "docker", "gid": 999}]}},
        "summary": {"score": max([f["score"] for f in findings] or [0.0]),
                    "findings": len(findings), "by_severity": bys},
        "findings": findings, "errors": [], "notes": [],
    }


def write_report(out, n):
    """Streamed, so the generator itself stays small for 200k findings."""
    head = report_doc([])
    del head["findings"], head["errors"], head["notes"]
    out.write(json.dumps(head)[:-1])
    out.write(', "findings": [')
    for i in range(n):
        if i:
            out.write(",\n")
        out.write(json.dumps(finding(i)))
    out.write('], "errors": [], "notes": []}\n')


# --- real: a report as a scan writes it (issue 19) ------------------------
# Each kind is modelled on what privmap writes for that family (the goldens
# of tests/golden/*/report.json): evidence, policy, audit text and typed
# audit_data, and the grant the escalation graph is built from.
SEV_RANK = {"critical": 0, "high": 1, "medium": 2, "low": 3, "info": 4}
REAL_KINDS = ["setuid", "cron", "container-socket", "group-membership",
              "credentials", "file-capability", "writable-path", "shell-rc",
              "kernel"]
REAL_SEV = {"setuid": ("high", 8.7), "cron": ("critical", 9.9),
            "container-socket": ("critical", 9.9),
            "group-membership": ("critical", 9.8),
            "credentials": ("high", 8.7), "file-capability": ("critical", 9.8),
            "writable-path": ("high", 8.0), "shell-rc": ("medium", 5.7),
            "kernel": ("medium", 5.7)}


def real_path(i):
    fam = REAL_KINDS[i % len(REAL_KINDS)]
    d = "/srv/app%04d/lib%03d" % (i // 1000, i % 1000)
    return fam, d, {
        "setuid": d + "/bin/tool%d" % i,
        "cron": "/etc/cron.d/job%d" % i,
        "container-socket": d + "/docker%d.sock" % i,
        "group-membership": "/etc/group",
        "credentials": d + "/.ssh/id_rsa%d" % i,
        "file-capability": d + "/bin/python%d" % i,
        "writable-path": d + "/plugins",
        "shell-rc": "/home/alice/.config%d" % i,
        "kernel": "/etc/sysctl.d/%d-agent.conf" % i,
    }[fam]


def real_finding(i, uid=1001):
    fam, d, p = real_path(i)
    sev, score = REAL_SEV[fam]
    key = "privmap-" + fam
    grant = {"node": "root", "wait": "now", "sure": "certain"}

    def rule(path, perm, dirw=False):
        return "-a always,exit -F %s=%s -F perm=%s -F uid=%d -F key=%s" % (
            "dir" if dirw else "path", path, perm, uid, key)
    if fam == "setuid":
        ev = {"mode": "4755", "uid": 0, "owner": "root", "gid": 0,
              "group": "root", "setuid": True, "setgid": False,
              "user_can_execute": True, "user_can_modify": "replaceable",
              "writable_directory": d}
        title = ("setuid program %s: the user can write or replace it: "
                 "whoever runs it next runs the user's code" % p)
        rem = "chmod u-s,g-s '%s'; chmod go-w '%s'" % (p, p)
        pol = ["exec " + p]
        aud = [rule(d, "x", True), rule(d, "wa", True)]
        ad = [{"kind": "file", "path": p, "anchor": d, "perm": "x"},
              {"kind": "file", "path": p, "anchor": d, "perm": "wa"},
              {"kind": "exec", "path": p, "anchor": d}]
        grant = {"node": "root", "wait": "now", "sure": "likely"}
    elif fam == "cron":
        ev = {"crontab": p, "line": 1, "runs_as": "root",
              "schedule": "0 3 * * *", "command": d + "/run.sh",
              "cron": "debian", "how": "writable", "mode": "0666", "uid": 0,
              "gid": 0}
        title = ("crontab %s is writable by agent: its jobs run as root or "
                 "any user named in it" % p)
        rem = "chmod go-w '%s'; setfacl -b '%s'" % (p, p)
        pol = ["write " + p]
        aud = [rule(p, "wa")]
        ad = [{"kind": "file", "path": p, "perm": "wa"}]
        grant["wait"] = "periodic"
    elif fam == "container-socket":
        ev = {"runtime": "docker", "mode": "0660", "uid": 0, "gid": 999,
              "via": "group owner of the socket"}
        title = ("agent can connect to the docker socket %s: the Docker API "
                 "runs a container with the host's / mounted" % p)
        rem = ("chmod o-rwx '%s'; remove the user from group 999 if it is "
               "not meant to run containers" % p)
        pol = ["connect " + p]
        aud, ad = [], []
    elif fam == "group-membership":
        g = "grp%d" % i
        ev = {"group": g, "gid": 20000 + i, "how": "listed as a member in "
              "/etc/group", "why": "members of this group can read every "
              "file of the system's disks and so every secret on them"}
        title = "agent is in group %s: %s" % (g, ev["why"])
        rem = "gpasswd -d 'agent' '%s'" % g
        pol = ["group " + g]
        aud = [rule(p, "wa")]
        ad = [{"kind": "file", "path": p, "perm": "wa"}]
    elif fam == "credentials":
        ev = {"kind": "SSH private key", "belongs_to": "root", "mode": "0644",
              "uid": 0, "gid": 0, "content": "not read: privmap reports "
              "where a secret is, never what it is",
              "passphrase_checked": False}
        title = ("SSH private key %s is readable by agent: whoever holds it "
                 "can sign in as root" % p)
        rem = "chmod go-r '%s'" % p
        pol = ["read " + p]
        aud = [rule(p, "r")]
        ad = [{"kind": "file", "path": p, "perm": "r"}]
        grant["sure"] = "likely"
    elif fam == "file-capability":
        ev = {"capabilities": ["cap_setuid"], "text": "cap_setuid=ep",
              "most_dangerous": "cap_setuid", "effective": True,
              "revision": 2, "mode": "0755", "uid": 0,
              "user_can_execute": True}
        title = ("program %s has file capabilities cap_setuid=ep: it can "
                 "become root" % p)
        rem = "setcap -r '%s'" % p
        pol = ["exec " + p]
        aud = [rule(p, "x")]
        ad = [{"kind": "file", "path": p, "perm": "x"}]
    elif fam == "writable-path":
        ev = {"how": "writable", "uses": ["ld.so.conf directory"],
              "sources": ["/etc/ld.so.conf.d/app%d.conf:2 (ld.so.conf: in "
                          "ld.so.cache after ldconfig)" % i],
              "mode": "0777", "uid": 0, "gid": 0}
        title = ("directory %s is writable by agent and searched for "
                 "libraries by programs run as root" % p)
        rem = "chmod go-w '%s'" % p
        pol = ["write " + p]
        aud = [rule(p, "wa", True)]
        ad = [{"kind": "dir", "path": p, "perm": "wa"}]
        grant = {"node": "root", "wait": "periodic", "sure": "likely"}
    elif fam == "shell-rc":
        ev = {"how": "writable", "kind": "configuration directory",
              "read_by": "fish (~/.config/fish), systemd --user units and "
              "desktop autostart entries", "mode": "0777", "uid": 1002,
              "gid": 1002, "runs_as": "alice", "accounts": ["alice"],
              "grants_node": "user:alice"}
        title = ("%s is writable by agent: alice runs what it holds at "
                 "login" % p)
        rem = "chmod go-w '%s'" % p
        pol = ["write " + p]
        aud = [rule(p, "wa", True)]
        ad = [{"kind": "dir", "path": p, "perm": "wa"}]
        grant = {"node": "user:alice", "wait": "login", "sure": "certain"}
    else:
        ev = {"key": "kernel.unprivileged_userns_clone", "config_file": p,
              "config_line": 4, "config_value": "1"}
        title = ("%s enables unprivileged user namespaces: kernel bugs "
                 "reachable by any user" % p)
        rem = ("sysctl -w kernel.unprivileged_userns_clone=0 && echo "
               "'kernel.unprivileged_userns_clone = 0' > "
               "/etc/sysctl.d/90-privmap.conf")
        pol, aud, ad, grant = [], [], [], None
    f = {"id": fid(i), "check": fam, "family": fam, "severity": sev,
         "score": score, "title": title, "path": p, "evidence": ev,
         "remediation": rem, "policy": pol, "audit": aud, "audit_data": ad}
    if grant is not None:
        f["grants"] = grant
    return f


def real_order(n):
    """The indices in the order report_finish() sorts: severity, score,
    path, check, id."""
    keys = []
    for i in range(n):
        fam, _, p = real_path(i)
        sev, score = REAL_SEV[fam]
        keys.append((SEV_RANK[sev], -score, p.encode(), fam, fid(i), i))
    keys.sort()
    return [k[-1] for k in keys]


def indent(v, level):
    """json.dumps as privmap indents (two spaces), at a nesting level."""
    return json.dumps(v, indent=2).replace("\n", "\n" + "  " * level)


def write_real_report(out, n):
    """Streamed: the findings one at a time, then the graph their grants
    make (the start's edges, the first 32 paths to root, the cut)."""
    order = real_order(n)
    bys = {s: 0 for s in SEV_RANK}
    top = 0.0
    for i in range(n):
        sev, score = REAL_SEV[real_path(i)[0]]
        bys[sev] += 1
        top = max(top, score)
    head = report_doc([])
    head["summary"] = {"score": top, "findings": n, "by_severity": bys}
    head["target"]["user"]["groups"] = [{"name": "agent", "gid": 1001}]
    del head["findings"], head["errors"], head["notes"]
    text = json.dumps(head, indent=2)
    out.write(text[:-2] + ",\n  \"findings\": [")
    edges, paths, cut = [], [], []
    for k, i in enumerate(order):
        f = real_finding(i)
        out.write(("," if k else "") + "\n    " + indent(f, 2))
        g = f.get("grants")
        if g is None:
            continue
        edges.append({"from": "user:agent", "to": g["node"],
                      "finding": f["id"], "wait": g["wait"],
                      "sure": g["sure"]})
        if g["node"] == "root":
            cut.append(f["id"])
            if len(paths) < 32:
                paths.append({"hops": [{"from": "user:agent", "to": "root",
                                        "finding": f["id"]}],
                              "severity": f["severity"],
                              "score": f["score"]})
    alice = next((e["finding"] for e in edges if e["to"] == "user:alice"),
                 None)
    nodes = [{"id": "user:agent", "kind": "user", "name": "agent",
              "uid": 1001, "groups": [1001], "reaches_root": bool(cut),
              "distance": 0},
             {"id": "root", "kind": "root", "name": "root", "uid": 0,
              "reaches_root": True, "distance": 1 if cut else None}]
    reach = [{"node": "root", "hops": cut[:1], "reaches_root": True}] \
        if cut else []
    if alice:
        nodes.append({"id": "user:alice", "kind": "user", "name": "alice",
                      "uid": 1002, "groups": [1002], "reaches_root": False,
                      "distance": 1})
        reach.append({"node": "user:alice", "hops": [alice],
                      "reaches_root": False})
    graph = {"start": "user:agent", "nodes": nodes, "edges": edges,
             "findings": [], "paths": paths, "paths_total": len(cut),
             "reachable": reach,
             "cut": {"findings": cut, "exact": len(cut) <= 6,
                     "paths": len(cut)}}
    out.write("\n  ],\n  \"errors\": [],\n  \"notes\": [],\n  \"graph\": "
              + indent(graph, 1) + "\n}\n")


def write_policy_report(out, n):
    f = finding(0)
    # a setuid finding naming many paths, as one check over a big
    # directory might; distinct targets, some repeated (dropped as
    # duplicates within the finding)
    f["policy"] = ["%s /srv/p%06d" % (("write", "exec", "read")[i % 3], i)
                   for i in range(n)]
    out.write(json.dumps(report_doc([f])) + "\n")


def write_baseline(out, n):
    # what a saved report must hold to be read back (the target, and
    # each finding's id, check, family, severity, score and path)
    head = report_doc([])
    del head["findings"], head["errors"], head["notes"]
    out.write(json.dumps(head)[:-1])
    out.write(', "findings": [')
    for i in range(n):
        fam = FAMILIES[i % len(FAMILIES)]
        out.write("%s{\"id\": \"%s\", \"check\": \"%s\", \"family\": "
                  "\"%s\", \"severity\": \"high\", \"score\": 8.0, "
                  "\"path\": \"/srv/b%d\"}" % (",\n" if i else "", fid(i), fam,
                                              fam, i))
    out.write('], "errors": [], "notes": []}\n')


def write_auditlog(out, n):
    a = "ppid=900 pid=1200 auid=1001 uid=1001 gid=1001 euid=1001"
    for i in range(n):
        stamp = "%d.%03d:%d" % (1700000000 + i // 1000, i % 1000, i + 1)
        out.write("type=SYSCALL msg=audit(%s): arch=c000003e syscall=257 "
                  "success=yes exit=3 a1=241 items=1 %s comm=\"tee\" "
                  "exe=\"/usr/bin/tee\" key=\"privmap-cron\"\n"
                  % (stamp, a))
        out.write("type=PATH msg=audit(%s): item=0 name=\"/etc/cron.d/job%d\""
                  " mode=0100644 nametype=CREATE\n" % (stamp, i))


def write_ignore(out, n, bad):
    for i in range(n):
        if bad:
            out.write("id=%s no reason given\n" % fid(i))
        elif i % 2:
            out.write("id=%s -- accepted by the bench\n" % fid(i))
        else:
            f = finding(i)
            out.write("check=%s path=%s -- accepted by the bench\n"
                      % (f["check"], f["path"]))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("kind", choices=["report", "real", "baseline", "auditlog",
                                     "ignore"])
    ap.add_argument("--findings", type=int)
    ap.add_argument("--policy", type=int)
    ap.add_argument("--groups", type=int)
    ap.add_argument("--lines", type=int)
    ap.add_argument("--bad", action="store_true")
    ap.add_argument("-o", "--output", required=True)
    a = ap.parse_args()
    with open(a.output, "w", encoding="utf-8") as out:
        if a.kind == "report" and a.policy is not None:
            write_policy_report(out, a.policy)
        elif a.kind == "report" and a.findings is not None:
            write_report(out, a.findings)
        elif a.kind == "real" and a.findings is not None:
            write_real_report(out, a.findings)
        elif a.kind == "baseline" and a.findings is not None:
            write_baseline(out, a.findings)
        elif a.kind == "auditlog" and a.groups is not None:
            write_auditlog(out, a.groups)
        elif a.kind == "ignore" and a.lines is not None:
            write_ignore(out, a.lines, a.bad)
        else:
            ap.error("missing the size option of " + a.kind)
    return 0


if __name__ == "__main__":
    sys.exit(main())
