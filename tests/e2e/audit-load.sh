#!/bin/sh
# audit-load.sh: the rules drop-in loads completely into this machine's
# kernel, before and after the monitored user renames every directory it
# can on the watched paths (issue 13, W3: auditctl -R, which augenrules
# runs, stops at the first rule the kernel refuses, and the kernel refuses
# a watch whose parent directory, or a dir= tree whose directory, is
# missing).
#
# For each fixture (default: the ones that give the user a directory to
# rename on a watched path, or AUDIT_LOAD_FIXTURES): build its tree,
# scan it, write the drop-in with `privmap rules REPORT`, load it with
# auditctl -R chrooted into the tree (so the rules' paths resolve as on
# the target), check that every rule is listed (auditctl -l), delete the
# rules by their keys; then rename, as the user, every directory on the
# way to a watched path that the user may rename, and load again.
#
# Needs root, auditctl and a kernel with audit: a skip on a developer's
# machine, a failure under CI=true. It refuses to run if rules keyed
# privmap-* are loaded already, removes only the rules it added (auditctl
# -D -k KEY for its keys), never flushes others, and cleans up on exit.
set -u
: "${PRIVMAP:?PRIVMAP must name the binary}"
: "${TOP_SRCDIR:?TOP_SRCDIR must name the source tree}"
. "$TOP_SRCDIR/tests/e2e/need.sh"

cannot() {
	if [ "${CI:-}" = true ]; then
		echo "FAIL: $1"
		exit 1
	fi
	echo "SKIP: $1"
	exit 77
}

auditctl=$(need PRIVMAP_AUDITCTL "auditctl (Debian package auditd)" \
    auditctl) || exit $?
[ "$(id -u)" = 0 ] || cannot "loading audit rules needs root"
for p in chroot unshare mount ldd; do
	command -v $p >/dev/null 2>&1 || cannot "$p is missing"
done
"$auditctl" -s >/dev/null 2>&1 ||
	cannot "this kernel has no audit support (auditctl -s failed)"
# auditctl(8) -e 2: the configuration is locked until the next boot
"$auditctl" -s | grep -q '^enabled 2' &&
	cannot "the audit configuration is immutable (enabled 2) until a reboot"
python=${PYTHON3:-python3}
helper="$TOP_SRCDIR/tests/e2e/auditlib.py"

t=$(mktemp -d)
chmod 755 "$t"	# the user renames inside it
keys=""
cleanup() {
	for k in $keys; do
		"$auditctl" -D -k "$k" >/dev/null 2>&1
	done
	rm -rf "$t"
}
trap cleanup EXIT
trap 'exit 1' HUP INT TERM

# one run at a time on this kernel: the rules of two runs would collide
exec 9>"${TMPDIR:-/tmp}/privmap-audit-load.lock"
if command -v flock >/dev/null 2>&1; then
	flock -w 300 9 ||
	    { echo "FAIL: another audit-load run holds the lock"; exit 1; }
fi
if "$auditctl" -l | grep -q 'key=privmap-'; then
	echo "FAIL: rules keyed privmap-* are loaded on this host already;"
	echo "      this test removes its rules by key and will not touch them:"
	"$auditctl" -l | grep 'key=privmap-' | sed 's/^/      /'
	exit 1
fi

# auditctl and its libraries, to run chrooted in a fixture's tree
kit="$t/kit"
mkdir "$kit"
cp "$auditctl" "$kit/auditctl" || exit 1
loader=
libs=$(ldd "$auditctl" |
    sed -n 's/.*=> \(\/[^ ]*\).*/\1/p; s/^[[:space:]]*\(\/[^ ]*\) (.*/\1/p')
for l in $libs; do
	cp "$l" "$kit/" || exit 1
	case $l in */ld-linux*|*/ld-*.so*) loader=$(basename "$l") ;; esac
done
[ -n "$loader" ] || { echo "FAIL: no dynamic loader in ldd $auditctl"; exit 1; }

fail=0
total_renamed=0
total_rules=0

# load ROOT's drop-in (in ROOT/.audit-load) chrooted; 0 if every rule loaded
load() {
	root=$1
	what=$2
	n=$(grep -c '^-' "$root/.audit-load/rules")
	for k in $(grep -o 'key=privmap-[^ ]*' "$root/.audit-load/rules" | sort -u); do
		case " $keys " in *" ${k#key=} "*) ;; *) keys="$keys ${k#key=}" ;; esac
	done
	# the loader would read the tree's etc/ld.so.preload (a fixture's):
	# hidden by an empty file in a mount namespace of auditctl's own
	if ! out=$(unshare -m sh -c '[ ! -f "$1/etc/ld.so.preload" ] ||
	    mount --bind /dev/null "$1/etc/ld.so.preload" || exit 1
	    exec chroot "$1" "/.audit-load/$2" --library-path /.audit-load \
	    /.audit-load/auditctl -R /.audit-load/rules' \
	    sh "$root" "$loader" 2>&1); then
		echo "FAIL $name ($what): auditctl -R failed:"
		printf '%s\n' "$out" | sed 's/^/    /'
		got=$("$auditctl" -l | grep -c 'key=privmap-')
		echo "    $got of $n rules loaded"
		unload
		return 1
	fi
	got=$("$auditctl" -l | grep -c 'key=privmap-')
	unload
	if [ "$got" != "$n" ]; then
		echo "FAIL $name ($what): $got of $n rules listed by auditctl -l"
		return 1
	fi
	echo "ok $name ($what): all $n rules loaded"
	total_rules=$((total_rules + n))
	return 0
}

unload() {
	for k in $keys; do
		"$auditctl" -D -k "$k" >/dev/null 2>&1
	done
	if "$auditctl" -l | grep -q 'key=privmap-'; then
		echo "FAIL: rules keyed privmap-* remain after deleting ours"
		exit 1
	fi
}

fixtures=${AUDIT_LOAD_FIXTURES:-"audit-anchor writable-path systemd cron \
shell-rc setuid sudo container-socket"}
for name in $fixtures; do
	fx="$TOP_SRCDIR/fixtures/$name.fix"
	root="$t/$name"
	mkdir "$root"
	args=$("$python" "$helper" build "$fx" "$root") ||
	    { echo "FAIL $name: the fixture did not build"; fail=1; continue; }
	# shellcheck disable=SC2086 # one argument a line, none with blanks
	"$PRIVMAP" scan --root "$root" $args --format json -o "$t/$name.json" \
	    -q --fail-on none
	rc=$?
	if [ $rc -ne 0 ]; then
		echo "FAIL $name: privmap scan exited $rc"
		fail=1
		continue
	fi
	mkdir "$root/.audit-load"
	cp "$kit"/* "$root/.audit-load/"
	"$PRIVMAP" rules "$t/$name.json" -o "$root/.audit-load/rules" ||
	    { echo "FAIL $name: privmap rules failed"; fail=1; continue; }
	# the drop-in of a report read back is the scan's own
	# shellcheck disable=SC2086
	"$PRIVMAP" scan --root "$root" $args --audit-rules "$t/$name.scan.rules" \
	    -q --fail-on none -o /dev/null
	if ! cmp -s "$t/$name.scan.rules" "$root/.audit-load/rules"; then
		echo "FAIL $name: rules REPORT differs from scan --audit-rules:"
		diff "$t/$name.scan.rules" "$root/.audit-load/rules" | head -20
		fail=1
	fi
	load "$root" "as scanned" || fail=1
	renamed=$("$python" "$helper" rename "$root" "$t/$name.json" \
	    "$root/.audit-load/rules") ||
	    { echo "FAIL $name: rename"; fail=1; continue; }
	nr=$(printf '%s' "$renamed" | grep -c .)
	total_renamed=$((total_renamed + nr))
	echo "   $name: the user renamed $nr names on watched paths${renamed:+:}"
	[ -n "$renamed" ] && printf '%s\n' "$renamed" | sed 's/^/      /'
	load "$root" "after the user's renames" || fail=1
done

if [ "$total_renamed" -eq 0 ]; then
	echo "FAIL: no fixture gave the user a name to rename on a" \
	    "watched path: nothing was proved"
	fail=1
fi
[ $fail -eq 0 ] && echo "PASS: $total_rules rules loaded in all;" \
    "$total_renamed names on watched paths renamed by the user" \
    "(directories replaced by files), every drop-in still loaded completely"
exit $fail
