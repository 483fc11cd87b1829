#!/bin/sh
# default-user.sh: without --user, privmap evaluates whoever started it
# (SUDO_USER under sudo), asked before it drops its own privileges. Each
# report must meet the report contract (tests/e2e/contract.sh).
set -u
: "${PRIVMAP:?PRIVMAP must name the binary}"
. "${TOP_SRCDIR:-.}/tests/e2e/contract.sh"
. "${TOP_SRCDIR:-.}/tests/e2e/need.sh"
[ "$(id -u)" = 0 ] || { echo "SKIP: needs root (to start privmap as root and as another uid)"; exit 77; }
need PRIVMAP_SETPRIV "setpriv (util-linux)" setpriv >/dev/null || exit $?
t=$(mktemp -d)
trap 'rm -rf "$t"' EXIT
mkdir -p "$t/etc"
printf 'root:x:0:0::/root:/bin/sh\nagent:x:1001:1001::/home/agent:/bin/sh\nnobody:x:65534:65534::/nonexistent:/usr/sbin/nologin\n' >"$t/etc/passwd"
printf 'root:x:0:\nagent:x:1001:\n' >"$t/etc/group"
chmod 755 "$t"
fail=0
uid_of() { python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["target"]["user"]["uid"])' "$1"; }
env -u SUDO_USER "$PRIVMAP" scan --root "$t" --format json -o "$t/a.json" --fail-on none -q
check_report "$t/a.json" "$t" || fail=1
[ "$(uid_of "$t/a.json")" = 0 ] || { echo "FAIL: root's scan evaluated uid $(uid_of "$t/a.json")"; fail=1; }
SUDO_USER=agent "$PRIVMAP" scan --root "$t" --format json -o "$t/b.json" --fail-on none -q
check_report "$t/b.json" "$t" || fail=1
[ "$(uid_of "$t/b.json")" = 1001 ] || { echo "FAIL: under sudo, evaluated uid $(uid_of "$t/b.json"), not agent's"; fail=1; }
: >"$t/c.json"; chmod 666 "$t/c.json"
setpriv --reuid=1001 --regid=1001 --clear-groups \
    "$PRIVMAP" scan --root "$t" --format json -o "$t/c.json" --fail-on none -q
check_report "$t/c.json" "$t" || fail=1
[ "$(uid_of "$t/c.json")" = 1001 ] || { echo "FAIL: started as uid 1001, evaluated uid $(uid_of "$t/c.json")"; fail=1; }
[ "$fail" = 0 ] && echo "ok: root, SUDO_USER and an unprivileged start each evaluate their own user"
exit $fail
