#!/bin/sh
# test.sh: on a fresh Debian 12 machine, install what is missing to build
# and test privmap (with apt-get, when run as root), then run every test:
#   1. the suite (unit tests, fixture scans, end-to-end scripts) on a
#      -Werror build;
#   2. the same suite under AddressSanitizer and UBSan (leaks included);
#   3. every libFuzzer target for a fixed number of runs on its corpus;
#   4. make distcheck (with --full, or when CI=true).
# The last line is "N passed, N failed, N skipped"; the exit status is 0
# only if nothing failed. Options: --quick (step 1 only), --full.
set -u
cd "$(dirname "$0")"
. ./tools/setup.sh

quick=0
full=0
[ "${CI:-}" = true ] && full=1
for a in "$@"; do
	case $a in
	--quick) quick=1 ;;
	--full) full=1 ;;
	*) echo "usage: ./test.sh [--quick|--full]" >&2; exit 2 ;;
	esac
done
FUZZ_RUNS=${FUZZ_RUNS:-20000}

privmap_deps test || exit 1
# the real Codex, Claude Code and SARIF tools the artefact tests load into
privmap_consumers
passed=0 failed=0 skipped=0

# add the counts of an automake test-suite.log
count_suite() {
	log=$1/test-suite.log
	if [ ! -f "$log" ]; then
		echo "test: no $log: the suite did not run" >&2
		failed=$((failed + 1))
		return
	fi
	p=$(sed -n 's/^# PASS: *//p' "$log"); f=$(sed -n 's/^# FAIL: *//p' "$log")
	s=$(sed -n 's/^# SKIP: *//p' "$log"); e=$(sed -n 's/^# ERROR: *//p' "$log")
	x=$(sed -n 's/^# XPASS: *//p' "$log")
	passed=$((passed + ${p:-0})); skipped=$((skipped + ${s:-0}))
	failed=$((failed + ${f:-0} + ${e:-0} + ${x:-0}))
	if [ "$((${f:-0} + ${e:-0} + ${x:-0}))" -gt 0 ]; then
		echo "test: failures in $1 (see $log):" >&2
		grep -E '^(FAIL|ERROR|XPASS):' "$log" >&2
		# show each failing test's own log
		for t in $(grep -E '^(FAIL|ERROR|XPASS):' "$log" | sed 's/^[A-Z]*: //'); do
			[ -f "$1/$t.log" ] && sed 's/^/    /' "$1/$t.log" | tail -n 40 >&2
		done
	fi
}

run_suite() {	# DIR CONFIGURE-ARGS...
	dir=$1
	shift
	echo "test: building in $dir ($*)" >&2
	if ! privmap_build "$dir" "$@"; then
		echo "test: build failed in $dir" >&2
		failed=$((failed + 1))
		return
	fi
	(cd "$dir" && make -j2 check >/dev/null 2>&1)
	count_suite "$dir"
}

run_suite _build --enable-werror
if [ "$quick" = 0 ]; then
	ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1}
	UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
	export ASAN_OPTIONS UBSAN_OPTIONS
	run_suite _build-asan --enable-werror --enable-asan

	# fuzzing: every target, a fixed number of runs over its corpus
	echo "test: building the fuzz targets with clang" >&2
	# noinst_PROGRAMS (the fuzzers) are part of `make all`
	if privmap_build _build-fuzz --enable-fuzzing CC=clang >/dev/null 2>&1; then
		for f in _build-fuzz/tests/fuzz/*-fuzz; do
			[ -x "$f" ] || continue
			name=$(basename "$f" -fuzz)
			corpus=tests/fuzz/corpus/$name
			work=$(mktemp -d)
			[ -d "$corpus" ] && cp -r "$corpus"/. "$work"/ 2>/dev/null
			start=$(date +%s)
			if "$f" -runs="$FUZZ_RUNS" -max_len=65536 -timeout=10 \
			    -rss_limit_mb=2048 "$work" >"$work.log" 2>&1; then
				passed=$((passed + 1))
				echo "test: fuzz $name: $FUZZ_RUNS runs in $(( $(date +%s) - start ))s, no crash" >&2
			else
				failed=$((failed + 1))
				echo "test: fuzz $name FAILED:" >&2
				tail -n 30 "$work.log" >&2
			fi
			rm -rf "$work" "$work.log"
		done
	else
		echo "test: the fuzz targets did not build" >&2
		failed=$((failed + 1))
	fi
fi
if [ "$full" = 1 ] && [ "$quick" = 0 ]; then
	echo "test: make distcheck" >&2
	if (cd _build && make -j2 distcheck >distcheck.log 2>&1); then
		passed=$((passed + 1))
	else
		failed=$((failed + 1))
		echo "test: make distcheck failed:" >&2
		tail -n 40 _build/distcheck.log >&2
	fi
fi
echo "$passed passed, $failed failed, $skipped skipped"
[ "$failed" -eq 0 ]
