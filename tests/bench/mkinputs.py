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
    ap.add_argument("kind", choices=["report", "baseline", "auditlog", "ignore"])
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
