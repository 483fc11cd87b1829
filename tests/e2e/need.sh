# need.sh: sourced by the end-to-end shell tests. need VAR WHAT prints the
# path held in the environment variable VAR (set by tools/setup.sh's
# privmap_consumers, or a program found on PATH) or, when it is missing,
# ends the test: a skip (77) with the reason on a developer's machine, a
# failure (1) under CI=true, where a missing consumer is never a skip.
# Inside $(...) the exit ends only the subshell: write
#     prog=$(need VAR WHAT name) || exit $?
need() {
	eval "need_v=\${$1:-}"
	if [ -z "$need_v" ] && [ -n "${3:-}" ]; then
		need_v=$(command -v "$3" 2>/dev/null)
	fi
	if [ -n "$need_v" ] && [ -x "$need_v" ]; then
		printf '%s\n' "$need_v"
		return 0
	fi
	if [ "${CI:-}" = true ]; then
		echo "FAIL: $2 is missing (\$$1 unset); tools/setup.sh installs it" >&2
		exit 1
	fi
	echo "SKIP: $2 is missing (\$$1 unset); run ./test.sh to install it" >&2
	exit 77
}
