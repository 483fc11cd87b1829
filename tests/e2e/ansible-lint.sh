#!/bin/sh
# ansible-lint.sh: the Ansible role and playbook of contrib/ansible pass
# ansible-lint (Debian's, offline) with its production profile: no
# failure, no warning. Needs ansible-lint: a skip on a developer's machine
# without it, a failure under CI=true (tools/setup.sh installs it).
set -u
: "${TOP_SRCDIR:?TOP_SRCDIR must name the source tree}"
. "$TOP_SRCDIR/tests/e2e/need.sh"
lint=$(need PRIVMAP_ANSIBLE_LINT "ansible-lint (Debian package ansible-lint)" \
    ansible-lint) || exit $?
tmp=$(mktemp -d "${TMPDIR:-/tmp}/privmap-lint.XXXXXX") || exit 1
trap 'rm -rf "$tmp"' EXIT
# a copy: ansible-lint may write its cache beside what it reads
cp -R "$TOP_SRCDIR/contrib/ansible" "$tmp/ansible"
chmod -R u+w "$tmp/ansible"
cd "$tmp/ansible" || exit 1
HOME=$tmp ANSIBLE_ROLES_PATH=$tmp/ansible/roles NO_COLOR=1 \
    "$lint" --offline --nocolor --profile production playbook.yml \
    roles/privmap >"$tmp/out" 2>&1
rc=$?
cat "$tmp/out"
if [ "$rc" != 0 ]; then
	echo "FAIL: ansible-lint exit $rc"
	exit 1
fi
if ! grep -q ' 0 failure(s), 0 warning(s)' "$tmp/out"; then
	echo "FAIL: ansible-lint reports failures or warnings"
	exit 1
fi
echo "PASS ansible-lint.sh"
