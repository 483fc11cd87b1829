#!/bin/sh
# deb.sh: the Debian package of debian/ (issue 18). In a scratch
# directory: configure, `make deb` (make dist, then dpkg-buildpackage -us
# -uc -b in the unpacked tree), then
#  - lintian: no error and no warning (the overrides of
#    debian/privmap.lintian-overrides say why each is accepted);
#  - the package holds the program, privmap(1), the bash and zsh
#    completions where each shell looks, and the documents, sarif.md
#    uncompressed (SARIF's helpUri names it);
#  - installed into a scratch dpkg root (dpkg --root), its privmap says its
#    version and scans a tree; removed, nothing of it is left there;
#  - under CI=true, on the real system too: dpkg -i, privmap --version and
#    a scan from /usr/bin, dpkg -r, and nothing left (a privmap already
#    installed is refused, not replaced; the package is removed on any
#    exit once installed).
# Needs dpkg-buildpackage, debhelper, fakeroot and lintian: a skip on a
# developer's machine without them, a failure under CI=true.
set -u
: "${PRIVMAP:?PRIVMAP must name the binary}"
: "${TOP_SRCDIR:?TOP_SRCDIR must name the source tree}"
. "$TOP_SRCDIR/tests/e2e/need.sh"

need PRIVMAP_DPKG_BUILDPACKAGE "dpkg-buildpackage (Debian package dpkg-dev)" \
    dpkg-buildpackage >/dev/null || exit $?
need PRIVMAP_DH "debhelper" dh >/dev/null || exit $?
need PRIVMAP_FAKEROOT "fakeroot" fakeroot >/dev/null || exit $?
lintian=$(need PRIVMAP_LINTIAN "lintian" lintian) || exit $?

fails=0
fail() {
	echo "FAIL: $*"
	fails=$((fails + 1))
}

tmp=$(mktemp -d "${TMPDIR:-/tmp}/privmap-deb.XXXXXX") || exit 1
installed=
cleanup() {
	if [ -n "$installed" ]; then
		dpkg -r privmap >/dev/null 2>&1
	fi
	rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 1' HUP INT TERM

# build
mkdir "$tmp/build"
if ! (cd "$tmp/build" && "$TOP_SRCDIR/configure" -q >configure.log 2>&1 &&
    DEB_BUILD_OPTIONS="nocheck parallel=2" make deb >deb.log 2>&1); then
	tail -n 30 "$tmp/build/configure.log" "$tmp/build/deb.log" 2>/dev/null
	echo "FAIL: make deb"
	exit 1
fi
version=$(sed -n 's/^AC_INIT(\[privmap\], \[\([^]]*\)\].*/\1/p' \
    "$TOP_SRCDIR/configure.ac")
deb=$(ls "$tmp/build"/privmap_"$version"_*.deb 2>/dev/null | head -n 1)
if [ -z "$deb" ]; then
	ls "$tmp/build"
	echo "FAIL: make deb left no privmap_${version}_*.deb"
	exit 1
fi
echo "built $(basename "$deb")"

# lintian: errors and warnings (informational tags are listed, not held)
"$lintian" --tag-display-limit 0 "$deb" >"$tmp/lintian.out" 2>&1
cat "$tmp/lintian.out"
if grep -q '^[EW]: ' "$tmp/lintian.out"; then
	fail "lintian reports errors or warnings"
fi
# what remains at the informational and pedantic levels, for the reader
"$lintian" --tag-display-limit 0 -I --pedantic "$deb" 2>/dev/null |
    grep '^[IP]: ' || true

# contents
dpkg-deb -c "$deb" | awk '{ print $6 }' | sed 's|^\./|/|' >"$tmp/contents"
for f in /usr/bin/privmap /usr/share/man/man1/privmap.1.gz \
    /usr/share/bash-completion/completions/privmap \
    /usr/share/zsh/vendor-completions/_privmap \
    /usr/share/doc/privmap/copyright /usr/share/doc/privmap/sarif.md \
    /usr/share/doc/privmap/report.schema.json \
    /usr/share/doc/privmap/fleet.schema.json \
    /usr/share/doc/privmap/examples/ansible/playbook.yml; do
	grep -qx "$f" "$tmp/contents" || fail "the package lacks $f"
done
if [ "$(dpkg-deb -f "$deb" Version)" != "$version" ]; then
	fail "the package's version is not configure.ac's $version"
fi

# a tree to scan: the agent in group docker (root-equivalent)
t="$tmp/target"
mkdir -p "$t/etc"
printf 'root:x:0:0::/root:/bin/sh\nagent:x:1001:1001::/home/agent:/bin/sh\n' \
    >"$t/etc/passwd"
printf 'root:x:0:\nagent:x:1001:\ndocker:x:998:agent\n' >"$t/etc/group"
scan_ok() {	# $1: the privmap to run
	"$1" scan --root "$t" --user agent --format json -o "$tmp/r.json" -q
	rc=$?
	[ "$rc" = 1 ] && grep -q '"group-membership"' "$tmp/r.json"
}

# a scratch dpkg root
root="$tmp/dpkgroot"
mkdir -p "$root/var/lib/dpkg/info" "$root/var/lib/dpkg/updates"
: >"$root/var/lib/dpkg/status"
: >"$root/var/lib/dpkg/available"
if ! dpkg --root="$root" --force-depends --force-script-chrootless \
    --log="$tmp/dpkg.log" -i "$deb" >"$tmp/dpkg.out" 2>&1; then
	cat "$tmp/dpkg.out"
	fail "dpkg --root -i"
else
	v=$("$root/usr/bin/privmap" --version)
	[ "$v" = "privmap $version" ] || fail "installed privmap says '$v'"
	scan_ok "$root/usr/bin/privmap" ||
	    fail "the installed privmap does not find the docker group"
	dpkg --root="$root" --force-script-chrootless --log="$tmp/dpkg.log" \
	    -r privmap >"$tmp/dpkg.out" 2>&1 || fail "dpkg --root -r"
	left=$(cd "$root" && find . ! -type d ! -path './var/lib/dpkg/*' |
	    head -n 5)
	[ -z "$left" ] || fail "files left after dpkg -r: $left"
fi

# the real system, under CI=true only: it installs into /usr
if [ "${CI:-}" = true ]; then
	if dpkg -s privmap >/dev/null 2>&1; then
		fail "privmap is installed on this system already: not replaced"
	elif [ "$(id -u)" != 0 ]; then
		fail "installing the package needs root"
	else
		installed=1
		if ! dpkg -i "$deb" >"$tmp/dpkg.out" 2>&1; then
			cat "$tmp/dpkg.out"
			fail "dpkg -i"
		else
			v=$(/usr/bin/privmap --version)
			[ "$v" = "privmap $version" ] ||
			    fail "/usr/bin/privmap says '$v'"
			scan_ok /usr/bin/privmap ||
			    fail "/usr/bin/privmap does not find the docker group"
			dpkg -r privmap >"$tmp/dpkg.out" 2>&1 || fail "dpkg -r"
			installed=
			[ ! -e /usr/bin/privmap ] ||
			    fail "/usr/bin/privmap is left after dpkg -r"
			[ ! -e /usr/share/zsh/vendor-completions/_privmap ] ||
			    fail "the zsh completion is left after dpkg -r"
		fi
	fi
else
	echo "note: CI is not true: the package was installed in a scratch" \
	    "dpkg root only, not on this system"
fi

if [ "$fails" -gt 0 ]; then
	echo "FAIL deb.sh: $fails failures"
	exit 1
fi
echo "PASS deb.sh: $(basename "$deb") built, lintian clean, installed," \
    "run and removed"
exit 0
