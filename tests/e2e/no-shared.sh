#!/bin/sh
# no-shared.sh: a copy of the project alone holds its own contract. The
# source tree's build files, tests, docs and README are copied into an
# empty directory, and there, with a clean environment (nothing but PATH,
# HOME, PRIVMAP and TOP_SRCDIR: no variable naming a directory outside the
# tree), the contract step runs: the checker's self-test, a scan of a
# small tree held to docs/report.schema.json, and (as root) a fixture.
# It runs twice: once with no sibling directory beside the copy at all,
# once with a decoy sibling whose checker fails and leaves a mark if
# anything runs it. The copy must also name no directory beside the tree
# (no "../" path out of it) in its build files, tests and README.
# Exit 0 pass, 1 fail.
set -u
: "${PRIVMAP:?PRIVMAP must name the binary}"
: "${TOP_SRCDIR:?TOP_SRCDIR must name the source tree}"
t=$(mktemp -d)
trap 'chmod -R u+w "$t" 2>/dev/null; rm -rf "$t"' EXIT
fail=0
bad() { echo "FAIL: $*"; fail=1; }

# the copy: what a clone holds that the tests read
mkdir -p "$t/alone/privmap"
src=$TOP_SRCDIR
copy=$t/alone/privmap
for d in Makefile.am configure.ac README.md test.sh mk docs tests fixtures \
    man tools .ci; do
	[ -e "$src/$d" ] || continue
	cp -R "$src/$d" "$copy/" || { echo "FAIL: cannot copy $d"; exit 1; }
done
# the name of the directory the founding material sat in, built here so
# that this file does not spell it
sib=sha; sib=${sib}red

# 1. nothing in the copy points beside the tree
hits=$(cd "$copy" && grep -rnI -e "[.][.]/$sib" -e "$(echo "$sib" |
    tr a-z A-Z)_DIR" . 2>/dev/null)
[ -z "$hits" ] || bad "the tree still points beside itself:
$hits"

# 2. the contract step, in the copy, with a clean environment
contract_step() {	# LABEL
	label=$1
	e="env -i PATH=$PATH HOME=${HOME:-/root} PRIVMAP=$PRIVMAP TOP_SRCDIR=$copy"
	out=$($e python3 "$copy/tests/contract/selftest.py" 2>&1) ||
	    bad "$label: the checker's self-test: $(echo "$out" | tail -n 5)"
	r=$t/root
	rm -rf "$r"
	mkdir -p "$r/etc" "$r/usr/bin"
	printf 'root:x:0:0::/root:/bin/sh\nagent:x:1001:1001::/home/agent:/bin/sh\n' \
	    >"$r/etc/passwd"
	printf 'root:x:0:\nagent:x:1001:\ndocker:x:998:agent\n' >"$r/etc/group"
	: >"$r/usr/bin/tool"
	chmod 4755 "$r/usr/bin/tool"
	chmod -R go+rX "$r"
	$e "$PRIVMAP" scan --root "$r" --user agent --format json \
	    -o "$t/report.json" --fail-on none -q ||
	    bad "$label: privmap scan exited $?"
	out=$($e sh -c ". \"$copy/tests/e2e/contract.sh\" &&
	    check_report \"$t/report.json\" \"$r\"" 2>&1) ||
	    bad "$label: the scan's report: $out"
	if [ "$(id -u)" = 0 ]; then
		out=$($e python3 "$copy/tests/e2e/run-fixture.py" \
		    "$copy/fixtures/setuid.fix" 2>&1) ||
		    bad "$label: fixtures/setuid.fix: $(echo "$out" | tail -n 5)"
		case $out in
		*"meets privmap.report/1"*) ;;
		*) bad "$label: the fixture's report was not checked: $out" ;;
		esac
	fi
	[ "$fail" = 0 ] && echo "ok: $label"
}

contract_step "no sibling directory, clean environment"

# a decoy sibling: its checker fails and leaves a mark when run
mkdir -p "$t/alone/$sib/spec" "$t/alone/$sib/bench"
for f in spec/check-report.py bench/mktree; do
	printf '#!/usr/bin/env python3\nimport sys\nopen("%s/ran", "w").close()\nprint("decoy ran")\nsys.exit(1)\n' \
	    "$t" >"$t/alone/$sib/$f"
	chmod 755 "$t/alone/$sib/$f"
done
contract_step "a decoy sibling directory beside the copy"
[ ! -e "$t/ran" ] || bad "something ran the decoy beside the tree"

[ "$fail" = 0 ] && echo "PASS: a copy of the project alone holds its contract"
exit $fail
