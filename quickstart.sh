#!/bin/sh
# quickstart.sh: on a fresh Debian 12 machine, install what is missing to
# build privmap (with apt-get, when run as root), build it, and scan this
# host for the invoking user (SUDO_USER under sudo). Extra arguments go to
# `privmap scan`, e.g. ./quickstart.sh --user agent --format json
set -e
cd "$(dirname "$0")"
. ./tools/setup.sh
privmap_deps build
privmap_build _build
echo "quickstart: built _build/privmap; scanning this host" >&2
status=0
./_build/privmap scan "$@" || status=$?
# 1 means findings at or above --fail-on: the scan itself worked
[ "$status" -le 1 ] || exit "$status"
exit 0
