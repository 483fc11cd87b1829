#!/bin/sh
# events.sh: the monitoring loop end to end, as a user runs it: the
# auditd rules and the generic policy of the unit tests' sample report
# (tests/unit/output-test --emit audit|generic), an audit log holding what
# those rules record (written here in the kernel's record format: keys
# taken from the rules file itself, a 32-bit socketcall among them, one
# rotated log gzip'd, one log on standard input), then `privmap events`
# and `privmap replay --policy` on it: every family with events found,
# each action blocked by the deny entry that names it, the policy's
# version named, and the text a person reads.
#
# Exit: 0 pass, 1 fail (a privmap events or replay that fails or is
# missing included); 77 skip only when python3 is missing (need.sh: a
# failure under CI=true).
set -u

TOP_BUILDDIR=${TOP_BUILDDIR:-.}
TOP_SRCDIR=${TOP_SRCDIR:-.}
PRIVMAP=${PRIVMAP:-$TOP_BUILDDIR/privmap}
OT=$TOP_BUILDDIR/tests/unit/output-test
FAILS=0
TMP=$(mktemp -d "${TMPDIR:-/tmp}/privmap-events.XXXXXX") || exit 1
trap 'rm -rf "$TMP"' EXIT

fail() {
	echo "FAIL: $*"
	FAILS=$((FAILS + 1))
}

. "$TOP_SRCDIR/tests/e2e/need.sh"
need PRIVMAP_PYTHON3 "python3 (to read the JSON)" python3 >/dev/null ||
    exit $?
# an empty log is no error, and replay is there
: >"$TMP/empty.log"
"$PRIVMAP" events "$TMP/empty.log" >"$TMP/empty.out" 2>&1 ||
    fail "privmap events on an empty log: $(cat "$TMP/empty.out")"
"$PRIVMAP" replay --help >/dev/null 2>&1 || fail "privmap replay --help"

# 1. scan -> rules and policy (the sample report stands for a scan)
"$OT" --emit audit >"$TMP/30-privmap.rules" || fail "output-test --emit audit"
"$OT" --emit generic >"$TMP/policy.json" || fail "output-test --emit generic"

key() {	# the key privmap's rules give a family
	k=$(grep -o "key=privmap-$1\$" "$TMP/30-privmap.rules" | head -n 1)
	[ -n "$k" ] || fail "the rules have no key privmap-$1"
	echo "${k#key=}"
}
K_SETUID=$(key setuid)
K_FCAP=$(key file-capability)
K_SOCK=$(key container-socket)
K_SUDOD=$(grep -o 'dir=/etc/sudoers.d .*key=[a-z-]*' "$TMP/30-privmap.rules" |
    sed 's/.*key=//' | head -n 1)
K_CRED=$(key credentials)
K_ESC=$(key escalate)
K_NS=$(key namespace)

# 2. what those rules record (x86_64 syscall numbers from the kernel's
# syscall_64.tbl, i386 from syscall_32.tbl)
A='ppid=900 pid=1200 auid=4294967295 uid=1001 gid=1001 euid=1001 suid=1001 fsuid=1001 egid=1001 sgid=1001 fsgid=1001 tty=(none) ses=4294967295'
rec() { printf 'type=%s msg=audit(%s): %s\n' "$1" "$2" "$3"; }
{
	rec SYSCALL 1700000000.000:1 "arch=c000003e syscall=59 success=yes exit=0 a0=1 a1=2 a2=3 a3=0 items=1 $A comm=\"find\" exe=\"/usr/bin/find\" key=\"$K_SETUID\""
	rec EXECVE 1700000000.000:1 'argc=4 a0="find" a1="." a2="-exec" a3=2F62696E2F7368202D70'
	rec PATH 1700000000.000:1 'item=0 name="/usr/bin/find" inode=9 dev=08:01 mode=0104755 ouid=0 ogid=0 rdev=00:00 nametype=NORMAL cap_fp=0 cap_fi=0 cap_fe=0 cap_fver=0'
	rec PROCTITLE 1700000000.000:1 'proctitle=66696E64002E'
	rec SYSCALL 1700000001.000:2 "arch=c000003e syscall=59 success=yes exit=0 a0=1 a1=2 a2=3 a3=0 items=1 $A comm=\"python3.11\" exe=\"/usr/bin/python3.11\" key=\"$K_FCAP\""
	rec EXECVE 1700000001.000:2 'argc=3 a0="python3" a1="-c" a2=696D706F7274206F733B206F732E736574756964283029'
	rec PATH 1700000001.000:2 'item=0 name="/usr/bin/python3.11" inode=10 dev=08:01 mode=0100755 ouid=0 ogid=0 rdev=00:00 nametype=NORMAL cap_fp=80 cap_fi=0 cap_fe=1 cap_fver=2'
	rec PROCTITLE 1700000001.000:2 'proctitle=707974686F6E33'
	# setuid(0) worked: the uids are 0 at exit, and only the rule on
	# the login uid (a session of the agent's) sees it
	rec SYSCALL 1700000002.000:3 "arch=c000003e syscall=105 success=yes exit=0 a0=0 a1=0 a2=0 a3=0 items=0 ppid=900 pid=1200 auid=1001 uid=0 gid=1001 euid=0 suid=0 fsuid=0 egid=1001 sgid=1001 fsgid=1001 tty=pts0 ses=3 comm=\"python3\" exe=\"/usr/bin/python3.11\" key=\"$K_ESC\""
	rec PROCTITLE 1700000002.000:3 'proctitle=707974686F6E33'
	rec SYSCALL 1700000003.000:4 "arch=c000003e syscall=257 success=yes exit=3 a0=ffffff9c a1=1 a2=241 a3=1a4 items=2 $A comm=\"tee\" exe=\"/usr/bin/tee\" key=\"$K_SUDOD\""
	rec CWD 1700000003.000:4 'cwd="/etc/sudoers.d"'
	rec PATH 1700000003.000:4 'item=0 name="/etc/sudoers.d/" inode=11 dev=08:01 mode=040777 ouid=0 ogid=0 rdev=00:00 nametype=PARENT cap_fp=0 cap_fi=0 cap_fe=0 cap_fver=0'
	rec PATH 1700000003.000:4 'item=1 name="agent" inode=12 dev=08:01 mode=0100644 ouid=1001 ogid=1001 rdev=00:00 nametype=CREATE cap_fp=0 cap_fi=0 cap_fe=0 cap_fver=0'
	rec PROCTITLE 1700000003.000:4 'proctitle=746565006167656E74'
	rec SYSCALL 1700000004.000:5 "arch=c000003e syscall=257 success=yes exit=3 a0=ffffff9c a1=1 a2=0 a3=0 items=1 $A comm=\"cat\" exe=\"/usr/bin/cat\" key=\"$K_CRED\""
	rec PATH 1700000004.000:5 'item=0 name="/etc/shadow" inode=13 dev=08:01 mode=0100644 ouid=0 ogid=42 rdev=00:00 nametype=NORMAL cap_fp=0 cap_fi=0 cap_fe=0 cap_fver=0'
	rec PROCTITLE 1700000004.000:5 'proctitle=636174002F6574632F736861646F77'
} >"$TMP/audit.log.1"
{
	# a 32-bit client: socketcall(102) with SYS_CONNECT (3)
	rec SYSCALL 1700000100.000:10 "arch=40000003 syscall=102 success=yes exit=0 a0=3 a1=ffd0 a2=0 a3=0 items=1 $A comm=\"docker32\" exe=\"/opt/docker32\" key=\"$K_SOCK\""
	rec SOCKADDR 1700000100.000:10 'saddr=01002F72756E2F646F636B65722E736F636B00'
	rec PROCTITLE 1700000100.000:10 'proctitle=646F636B65723332'
	rec SYSCALL 1700000101.000:11 "arch=c000003e syscall=272 success=no exit=-1 a0=10000000 a1=0 a2=0 a3=0 items=0 $A comm=\"unshare\" exe=\"/usr/bin/unshare\" key=\"$K_NS\""
	rec PROCTITLE 1700000101.000:11 'proctitle=756E7368617265'
	rec SYSCALL 1700000102.000:12 "arch=c000003e syscall=42 success=no exit=-111 a0=3 a1=1 a2=10 a3=0 items=0 $A comm=\"curl\" exe=\"/usr/bin/curl\" key=(null)"
	rec SOCKADDR 1700000102.000:12 'saddr=020009477F0000010000000000000000'
	rec PROCTITLE 1700000102.000:12 'proctitle=6375726C'
	rec SYSCALL 1700000103.000:13 "arch=c000003e syscall=59 success=yes exit=0 a0=1 a1=2 a2=3 a3=0 items=1 $A comm=\"id\" exe=\"/usr/bin/id\" key=(null)"
	rec EXECVE 1700000103.000:13 'argc=1 a0="id"'
	rec PATH 1700000103.000:13 'item=0 name="/usr/bin/id" inode=14 dev=08:01 mode=0100755 ouid=0 ogid=0 rdev=00:00 nametype=NORMAL cap_fp=0 cap_fi=0 cap_fe=0 cap_fver=0'
	rec PROCTITLE 1700000103.000:13 'proctitle=6964'
	printf 'not a record\n'
} >"$TMP/audit.log"
gzip -9n <"$TMP/audit.log.1" >"$TMP/audit.log.1.gz" || fail "gzip"

# 3. privmap events: the rotated (gzip'd) log and the current one on stdin
"$PRIVMAP" events --format json "$TMP/audit.log.1.gz" - <"$TMP/audit.log" \
    >"$TMP/events.json" || fail "privmap events --format json"
"$PRIVMAP" events --uid 1001 "$TMP/audit.log.1.gz" "$TMP/audit.log" \
    >"$TMP/events.txt" || fail "privmap events (text)"
python3 - "$TMP/events.json" <<'EOF' || fail "events JSON"
import json, sys
d = json.load(open(sys.argv[1]))
bad = 0
def no(msg):
    global bad
    print("FAIL:", msg)
    bad += 1
if d["schema"] != "privmap.events/1":
    no("schema " + d["schema"])
logs = d["logs"]
if [l["compressed"] for l in logs] != [True, False]:
    no("compressed flags %r" % [l["compressed"] for l in logs])
if logs[1]["malformed"] != 1:
    no("the bad line was not counted")
have = {(g["family"], g["action"], g["target"]) for g in d["groups"]}
want = {("setuid", "exec", "/usr/bin/find"),
        ("file-capability", "exec", "/usr/bin/python3.11"),
        ("escalate", "credentials", "setuid(0)"),
        ("writable-config", "write", "/etc/sudoers.d/agent"),
        ("credentials", "read", "/etc/shadow"),
        ("container-socket", "connect", "/run/docker.sock"),
        ("namespace", "namespace", "unshare(NEWUSER)")}
for w in sorted(want - have):
    no("no group %s %s %s" % w)
# the connect to 127.0.0.1:2375 and the run of id are on no surface
for g in d["groups"]:
    if g["target"] in ("127.0.0.1:2375", "/usr/bin/id"):
        no("%s counted on a surface" % g["target"])
find = [g for g in d["groups"] if g["target"] == "/usr/bin/find"][0]
if find["example"]["command"] != "find . -exec '/bin/sh -p'":
    no("find's command: %r" % find["example"]["command"])
sys.exit(1 if bad else 0)
EOF
grep -q '^setuid - setuid and setgid programs run: 1 event, allowed$' \
    "$TMP/events.txt" || fail "events text: setuid line"
grep -q "exec /usr/bin/find \`find . -exec '/bin/sh -p'\`" "$TMP/events.txt" ||
    fail "events text: find's command"

# 4. privmap replay against the policy, then a tightened version of it
"$PRIVMAP" replay --policy "$TMP/policy.json" --format json \
    "$TMP/audit.log.1.gz" "$TMP/audit.log" >"$TMP/replay.json" ||
    fail "privmap replay --format json"
python3 - "$TMP/policy.json" "$TMP/policy-v2.json" <<'EOF' || fail "policy v2"
import json, sys
p = json.load(open(sys.argv[1]))
p["version"] = "2"
p["envelope"]["network"]["default"] = "deny"
p["deny"].insert(0, {"action": "exec", "target": "/usr/bin/id",
    "classes": ["escalate"], "finding": "hand-added", "check": "by-hand",
    "family": "setuid", "severity": "low", "reason": "no id for the agent",
    "derived": False})
json.dump(p, open(sys.argv[2], "w"), indent=2)
EOF
"$PRIVMAP" replay --policy "$TMP/policy-v2.json" --format json \
    "$TMP/audit.log.1.gz" "$TMP/audit.log" >"$TMP/replay-v2.json" ||
    fail "privmap replay (v2)"
"$PRIVMAP" replay --policy "$TMP/policy-v2.json" \
    "$TMP/audit.log.1.gz" "$TMP/audit.log" >"$TMP/replay-v2.txt" ||
    fail "privmap replay (text)"
python3 - "$TMP/policy.json" "$TMP/replay.json" "$TMP/replay-v2.json" <<'EOF' || fail "replay JSON"
import json, sys
pol = json.load(open(sys.argv[1]))
r1 = json.load(open(sys.argv[2]))
r2 = json.load(open(sys.argv[3]))
bad = 0
def no(msg):
    global bad
    print("FAIL:", msg)
    bad += 1
def entry(action, target):
    for i, e in enumerate(pol["deny"]):
        if e["action"] == action and e["target"] == target:
            return i + 1
    no("the policy has no %s %s" % (action, target))
def verdict(doc, action, target):
    for a in doc["actions"]:
        if a["action"] == action and a["target"] == target:
            return a["verdict"], a["by"]
    no("no action %s %s" % (action, target))
    return None, None
# hand-checked: which entry of the sample's policy blocks each action
expect = [("exec", "/usr/bin/find", ("exec", "/usr/bin/find")),
          ("exec", "/usr/bin/python3.11", ("exec", "/usr/bin/python3.11")),
          ("write", "/etc/sudoers.d/agent", ("write", "/etc/sudoers.d")),
          ("read", "/etc/shadow", ("read", "/etc/shadow")),
          ("connect", "/run/docker.sock", ("connect", "/run/docker.sock")),
          ("connect", "127.0.0.1:2375", ("port", "127.0.0.1:2375"))]
for act, tgt, (ea, et) in expect:
    v, by = verdict(r1, act, tgt)
    if v != "blocked" or by is None or by.get("entry") != entry(ea, et):
        no("%s %s: %s by %r, expected entry %s" % (act, tgt, v, by,
           entry(ea, et)))
for act, tgt in (("credentials", "setuid(0)"),
                 ("namespace", "unshare(NEWUSER)")):
    v, by = verdict(r1, act, tgt)
    if v != "blocked" or by.get("class") != "escalate":
        no("%s %s: %s by %r, expected the escalate class" % (act, tgt,
           v, by))
v, by = verdict(r1, "exec", "/usr/bin/id")
if v != "outside":
    no("id: %s, expected outside" % v)
if r1["policy"]["version"] is not None or r2["policy"]["version"] != "2":
    no("policy versions %r %r" % (r1["policy"]["version"],
       r2["policy"]["version"]))
if r1["policy"]["fingerprint"] == r2["policy"]["fingerprint"]:
    no("two policies, one fingerprint")
# version 2 blocks id by its new first entry; entries moved down one
v, by = verdict(r2, "exec", "/usr/bin/id")
if v != "blocked" or by.get("entry") != 1:
    no("v2 id: %s by %r" % (v, by))
v, by = verdict(r2, "read", "/etc/shadow")
if by is None or by.get("entry") != entry("read", "/etc/shadow") + 1:
    no("v2 shadow: %r" % by)
unused = {(e["action"], e["target"]) for e in r1["unused_entries"]}
if ("group", "docker") not in unused:
    no("group docker was used: %r" % unused)
sys.exit(1 if bad else 0)
EOF
grep -q '^  privmap.policy/1 version 2, written by privmap ' \
    "$TMP/replay-v2.txt" || fail "replay text: the policy's version"
grep -q '^  #1 deny exec /usr/bin/id (finding hand-added, low: no id for the agent)$' \
    "$TMP/replay-v2.txt" || fail "replay text: entry #1"

# a name holding the byte 0xff and one holding the text \xff (a backslash,
# x, f, f) are two lines of the text report, each as docs/paths.md writes
# it; names are hex in the kernel's records (audit.rules(7): "encoded")
{
	n=1
	for hexname in 2F6574632F63726F6E2E642F626164FF \
	    2F6574632F63726F6E2E642F6261645C786666; do
		printf 'type=SYSCALL msg=audit(1700000000.00%d:%d): ' "$n" "$n"
		printf 'arch=c000003e syscall=257 success=yes exit=3 a1=241 '
		printf 'items=1 ppid=900 pid=1200 auid=1001 uid=1001 gid=1001 '
		printf 'euid=1001 comm="tee" exe="/usr/bin/tee" '
		printf 'key="privmap-cron"\n'
		printf 'type=PATH msg=audit(1700000000.00%d:%d): item=0 ' "$n" "$n"
		printf 'name=%s mode=0100644 nametype=CREATE\n' "$hexname"
		n=$((n + 1))
	done
} > "$TMP/bs.log"
"$PRIVMAP" events "$TMP/bs.log" > "$TMP/bs.txt" ||
    fail "events of two names with \\xff"
grep -q 'write /etc/cron\.d/bad\\xff by' "$TMP/bs.txt" &&
    grep -q 'write /etc/cron\.d/bad\\\\xff by' "$TMP/bs.txt" ||
    fail "events text: bad<0xff> and bad\\xff not told apart: $(cat "$TMP/bs.txt")"

# a policy that is not one
"$PRIVMAP" replay --policy "$TMP/30-privmap.rules" "$TMP/audit.log" \
    >/dev/null 2>&1 && fail "replay took a rules file for a policy"

if [ "$FAILS" -gt 0 ]; then
	echo "events.sh: $FAILS failure(s)"
	exit 1
fi
echo "events.sh: all checks passed"
exit 0
