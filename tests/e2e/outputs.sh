#!/bin/sh
# outputs.sh: the close-and-watch outputs of the unit tests' sample report
# (tests/unit/output-test --emit; its hostile path included) checked by
# their consumers' own parsers (tests/e2e/check-outputs.py: sh -n and
# shellcheck, JSON and docs/policy.schema.json, TOML, Starlark, SARIF's
# required properties), for the deny entries and rules the sample must
# give, the Claude Code hook run on tool calls it must block and pass,
# and, as root, the remediation script applied to a directory tree it
# must change exactly as it says, stopping at a link out of the root. The
# sample report itself must meet the report contract (contract.sh).
#
# Exit: 0 pass, 1 fail, 77 skip: only when a parser or tool it needs is
# missing (need.sh, check-outputs.py: a failure under CI=true).
set -u

TOP_BUILDDIR=${TOP_BUILDDIR:-.}
TOP_SRCDIR=${TOP_SRCDIR:-.}
OT=$TOP_BUILDDIR/tests/unit/output-test
FAILS=0
TMP=$(mktemp -d "${TMPDIR:-/tmp}/privmap-outputs.XXXXXX") || exit 1
trap 'rm -rf "$TMP"' EXIT

fail() {
	echo "FAIL: $*"
	FAILS=$((FAILS + 1))
}

. "$TOP_SRCDIR/tests/e2e/need.sh"
. "$TOP_SRCDIR/tests/e2e/contract.sh"
need PRIVMAP_PYTHON3 "python3 (to parse the outputs)" python3 >/dev/null ||
    exit $?
need PRIVMAP_SETFACL "setfacl (apt-get install acl)" setfacl >/dev/null ||
    exit $?
need PRIVMAP_SETCAP "setcap (apt-get install libcap2-bin)" setcap \
    >/dev/null || exit $?

for f in audit audit-base audit-immutable generic claude-code \
    claude-code-hook codex codex-rules fix sarif; do
	"$OT" --emit "$f" >"$TMP/$f" || fail "output-test --emit $f"
done

# the report the outputs come from is one privmap could have written
"$OT" --emit json >"$TMP/report.json" || fail "output-test --emit json"
check_report "$TMP/report.json" || fail "the sample report"

# ---- every output through its consumer's parser ------------------------
python3 "$TOP_SRCDIR/tests/e2e/check-outputs.py" "$TMP" \
    "$TOP_SRCDIR/docs/policy.schema.json"
case $? in
0) ;;
77) exit 77 ;;	# a parser is missing, and this is not CI (need.py)
*) fail "check-outputs.py" ;;
esac

# ---- what the sample report must produce --------------------------------
python3 - "$TMP" "$TOP_SRCDIR" <<'EOF' || fail "expected deny entries and rules"
import json, os, sys
tmp = sys.argv[1]
bad = 0
def no(msg):
    global bad
    print("FAIL:", msg)
    bad += 1
gen = json.load(open(os.path.join(tmp, "generic")))
want = {("group", "docker"), ("write", "/etc/sudoers.d"),
        ("read", "/etc/shadow"), ("connect", "/run/docker.sock"),
        ("exec", "/usr/bin/find"), ("port", "127.0.0.1:2375")}
have = {(e["action"], e["target"]) for e in gen["deny"]}
for w in sorted(want - have):
    no("generic policy lacks deny %s %s" % w)
deny = json.load(open(os.path.join(tmp, "claude-code")))["permissions"]["deny"]
for r in ["Bash(docker *)", "Edit(//etc/sudoers.d/**)", "Read(//etc/shadow)",
          "Bash(/usr/bin/find *)"]:
    if r not in deny:
        no("claude-code lacks " + r)
hook = json.load(open(os.path.join(tmp, "claude-code-hook")))
cmd = hook["hooks"]["PreToolUse"][0]["hooks"][0]["command"]
open(os.path.join(tmp, "hook-cmd"), "w").write(cmd)
sys.path.insert(0, os.path.join(sys.argv[2], "tests", "e2e"))
co = __import__("check-outputs")
pats = co.codex_patterns(co.codex_rules(
    open(os.path.join(tmp, "codex-rules")).read()))
for p in (["/usr/bin/find"], ["docker"], ["sg", "docker"]):
    if p not in pats:
        no("codex rules lack %r" % p)
sys.exit(1 if bad else 0)
EOF

# the hook command as the settings give it, run as Claude Code runs it
# (sh -c, the call on stdin), privmap on PATH and the generic policy
# where its default looks: it blocks a call naming a path and lets
# others through (tests/e2e/claude-hook.py tries the real CLI's inputs)
CMD=$(cat "$TMP/hook-cmd")
mkdir -p "$TMP/home/.claude"
cp "$TMP/generic" "$TMP/home/.claude/privmap-policy.json"
PBIN=$(cd "$(dirname "${PRIVMAP:-$TOP_BUILDDIR/privmap}")" && pwd)
hook() {
	printf '%s' "$1" | HOME="$TMP/home" PATH="$PBIN:$PATH" sh -c "$CMD" \
	    2>"$TMP/hook.err"
}
hook '{"tool_name":"Bash","tool_input":{"command":"echo x > /etc/sudoers.d/y"}}'
[ $? = 2 ] || fail "the hook let a write to /etc/sudoers.d through"
grep -q 'deny write /etc/sudoers.d' "$TMP/hook.err" ||
    fail "the hook does not say which entry blocked the call"
hook '{"tool_name":"Bash","tool_input":{"command":"ls /home"}}' ||
    fail "the hook blocked an unrelated call"

# ---- the script applied to a tree (root: owners, setuid bits, caps) ----
if [ "$(id -u)" != 0 ]; then
	echo "SKIP: not root: the fix script is not applied to a tree"
else
	R=$TMP/root
	mkdir -p "$R/etc/sudoers.d" "$R/etc/cron.d" "$R/usr/bin" \
	    "$R/opt/tool/bin" "$R/run" "$R/srv"
	printf 'root:x:0:0::/root:/bin/sh\nagent:x:1001:1001::/:/bin/sh\n' \
	    >"$R/etc/passwd"
	printf 'root:x:0:\ndocker:x:998:agent,bob\nagent:x:1001:\n' \
	    >"$R/etc/group"
	printf 'root:*::\ndocker:!::agent,bob\nagent:!::\n' >"$R/etc/gshadow"
	printf 'root:*::0:::::\n' >"$R/etc/shadow"
	chmod 0644 "$R/etc/shadow"
	setfacl -m u:1001:rw "$R/etc/shadow"
	printf '#!/bin/sh\n' >"$R/usr/bin/find"
	chmod 4755 "$R/usr/bin/find"
	printf '#!/bin/sh\n' >"$R/opt/tool/bin/helper"
	chmod 2755 "$R/opt/tool/bin/helper"
	printf '#!/bin/sh\n' >"$R/usr/bin/python3.11"
	setcap cap_setuid+ep "$R/usr/bin/python3.11"
	chmod 0777 "$R/usr/bin" "$R/etc/sudoers.d"
	python3 -c 'import socket,sys; socket.socket(socket.AF_UNIX).bind(sys.argv[1])' \
	    "$R/run/docker.sock"
	chmod 0666 "$R/run/docker.sock"
	ODD="$R/etc/cron.d/it's
odd $(printf '\377')"
	printf 'x\n' >"$ODD"
	chmod 0666 "$ODD"
	# a decoy the script must not touch: a world-writable file it does
	# not name
	printf 'x\n' >"$R/srv/other"
	chmod 0666 "$R/srv/other"

	snap() {
		(cd "$R" && find . ! -name '.pwd.lock' ! -name '*-' \
		    -exec stat -c '%a %u %g %n' {} + | LC_ALL=C sort
		getcap -r "$R" 2>/dev/null | sed "s|$R||" | LC_ALL=C sort
		getfacl -R -cn "$R" 2>/dev/null | LC_ALL=C sort | cksum
		cat "$R/etc/group")
	}
	"$OT" --emit fix --root "$R" >"$TMP/fix-r" || fail "fix for the tree"
	snap >"$TMP/before"
	sh "$TMP/fix-r" >"$TMP/dry.out" 2>&1 || fail "the dry run failed"
	snap >"$TMP/dry"
	cmp -s "$TMP/before" "$TMP/dry" || fail "the dry run changed the tree"
	grep -q '^would run: chmod u-s ' "$TMP/dry.out" ||
	    fail "the dry run does not show its commands"
	sh "$TMP/fix-r" --apply >"$TMP/apply.out" 2>&1 ||
	    { cat "$TMP/apply.out"; fail "--apply failed"; }
	snap >"$TMP/after"
	echo "changes made by --apply:"
	diff "$TMP/before" "$TMP/after" | sed 's/^/    /'
	[ ! -u "$R/usr/bin/find" ] || fail "setuid bit still on find"
	[ ! -g "$R/opt/tool/bin/helper" ] || fail "setgid bit still on helper"
	[ -z "$(getcap "$R/usr/bin/python3.11")" ] || fail "caps still set"
	[ -z "$(find "$R/etc/sudoers.d" "$R/usr/bin" "$R/run/docker.sock" \
	    "$ODD" -prune -perm -0002)" ] || fail "still world-writable"
	[ -z "$(find "$R/etc/shadow" -perm -0004)" ] || fail "shadow readable"
	getfacl -cn "$R/etc/shadow" 2>/dev/null | grep -q '^user:1001:' &&
	    fail "the ACL entry for the user is still on shadow"
	grep -q '^docker:x:998:bob$' "$R/etc/group" ||
	    fail "agent still in docker (or bob removed)"
	[ "$(stat -c %a "$R/srv/other")" = 666 ] || fail "touched an unnamed file"
	# a link where a named path was, leading out of the root: the
	# script must stop there and leave what the link points to alone
	R2=$TMP/root2
	mkdir -p "$R2/etc" "$TMP/outside"
	chmod 0777 "$TMP/outside"
	ln -s "$TMP/outside" "$R2/etc/sudoers.d"
	"$OT" --emit fix --root "$R2" >"$TMP/fix-r2" || fail "fix for root2"
	sh "$TMP/fix-r2" --apply >"$TMP/r2.out" 2>&1
	[ "$(stat -c %a "$TMP/outside")" = 777 ] ||
	    fail "the script followed a link out of the root"
	grep -q 'a symbolic link is in the way' "$TMP/r2.out" ||
	    fail "the script did not say it stopped at the link"
	# the same run again changes nothing
	sh "$TMP/fix-r" --apply >"$TMP/again.out" 2>&1 || fail "second --apply"
	grep -q 'privmap-fix: 0 changed, 0 failed' "$TMP/again.out" ||
	    { cat "$TMP/again.out"; fail "second --apply changed something"; }
	snap >"$TMP/again"
	cmp -s "$TMP/after" "$TMP/again" || fail "second --apply changed the tree"
fi

if [ "$FAILS" -gt 0 ]; then
	echo "$FAILS failed"
	exit 1
fi
echo "outputs: all checks passed"
exit 0
