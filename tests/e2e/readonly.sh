#!/bin/sh
# readonly.sh: a full scan writes nothing and executes nothing. privmap runs
# under strace, which records every syscall that could create, change or
# remove a file, or run a program; the only write allowed is the report
# file named with -o: its temporary file beside it (.NAME.XXXXXX, given
# the report's mode) renamed over it once complete. Runs on a small root
# filesystem and on the live host; both reports must meet the report
# contract (tests/e2e/contract.sh).
set -u
: "${PRIVMAP:?PRIVMAP must name the binary}"
. "${TOP_SRCDIR:-.}/tests/e2e/need.sh"
. "${TOP_SRCDIR:-.}/tests/e2e/contract.sh"
need PRIVMAP_STRACE "strace (apt-get install strace)" strace >/dev/null ||
    exit $?
[ "$(id -u)" = 0 ] || { echo "SKIP: needs root (a root-owned tree)"; exit 77; }
t=$(mktemp -d)
trap 'rm -rf "$t"' EXIT
mkdir -p "$t/root/etc/cron.d" "$t/root/etc/sudoers.d" "$t/root/usr/bin" \
    "$t/root/etc/systemd/system" "$t/root/home/agent"
printf 'root:x:0:0::/root:/bin/sh\nagent:x:1001:1001::/home/agent:/bin/sh\n' >"$t/root/etc/passwd"
printf 'root:x:0:\ndocker:x:998:agent\nagent:x:1001:\n' >"$t/root/etc/group"
printf '* * * * * root /usr/local/bin/job\n' >"$t/root/etc/cron.d/job"
printf 'agent ALL=(ALL) NOPASSWD: /usr/bin/find\n' >"$t/root/etc/sudoers"
cp /usr/bin/find "$t/root/usr/bin/find" && chmod 4755 "$t/root/usr/bin/find"
mkfifo "$t/root/etc/cron.d/fifo"

fail=0
check() {	# LOG REPORT LABEL
	# writes: opens for writing or creating anything but the report's
	# temporary file
	tmp="$(dirname "$2")/.$(basename "$2")."
	bad=$(grep -E 'open(at|at2)?\(|creat\(' "$1" |
	    grep -E 'O_WRONLY|O_RDWR|O_CREAT|O_TRUNC' |
	    grep -vE "\"$tmp[A-Za-z0-9]{6}\", O_RDWR\|O_CREAT\|O_EXCL" | head -n 5)
	if [ -n "$bad" ]; then
		echo "FAIL ($3): opened for writing:"; echo "$bad"; fail=1
	fi
	n=$(grep -cE "^[0-9]+ +rename\(\"$tmp[A-Za-z0-9]{6}\", \"$2\"\) = 0" "$1")
	if [ "$n" -ne 1 ]; then
		echo "FAIL ($3): the report was not put in place by one rename"
		fail=1
	fi
	bad=$(grep -E '^[0-9]+ +(unlink|unlinkat|rename|renameat|renameat2|mkdir|mkdirat|rmdir|chmod|fchmod|fchmodat|chown|fchown|fchownat|lchown|truncate|ftruncate|setxattr|lsetxattr|fsetxattr|removexattr|lremovexattr|fremovexattr|link|linkat|symlink|symlinkat|mknod|mknodat|utimensat)\(' "$1" |
	    grep -v ' = -1 ' |
	    grep -vE "^[0-9]+ +rename\(\"$tmp[A-Za-z0-9]{6}\", \"$2\"\) = 0" |
	    grep -vE '^[0-9]+ +fchmod\([0-9]+, 0644\) += 0' | head -n 5)
	if [ -n "$bad" ]; then
		echo "FAIL ($3): changed the filesystem:"; echo "$bad"; fail=1
	fi
	n=$(grep -cE '^[0-9]+ +execve(at)?\(' "$1")
	if [ "$n" -ne 1 ]; then
		echo "FAIL ($3): $n execve calls (only privmap's own is allowed):"
		grep -E 'execve' "$1" | head -n 5; fail=1
	fi
	echo "ok ($3): $(wc -l <"$1") syscalls traced; no write, change or exec"
}

# LeakSanitizer cannot work under ptrace
export ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0"
trace="open,openat,openat2,creat,execve,execveat,unlink,unlinkat,rename,renameat,renameat2,mkdir,mkdirat,rmdir,chmod,fchmod,fchmodat,chown,fchown,fchownat,lchown,truncate,ftruncate,setxattr,lsetxattr,fsetxattr,removexattr,lremovexattr,fremovexattr,link,linkat,symlink,symlinkat,mknod,mknodat,utimensat"
sb=
strace --seccomp-bpf -f -e trace=none true 2>/dev/null && sb=--seccomp-bpf

strace $sb -f -qq -e trace="$trace" -o "$t/rootfs.log" \
    "$PRIVMAP" scan --root "$t/root" --user agent --format json -o "$t/r1.json" \
    --fail-on none -q || { echo "FAIL: rootfs scan failed"; fail=1; }
check "$t/rootfs.log" "$t/r1.json" rootfs
check_report "$t/r1.json" "$t/root" || fail=1

strace $sb -f -qq -e trace="$trace" -o "$t/host.log" \
    "$PRIVMAP" scan --user nobody --format json -o "$t/r2.json" --fail-on none -q ||
    { echo "FAIL: host scan failed"; fail=1; }
check "$t/host.log" "$t/r2.json" host
check_report "$t/r2.json" || fail=1
exit $fail
