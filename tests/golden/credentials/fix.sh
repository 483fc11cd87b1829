#!/bin/sh
# privmap remediation script, generated from a privmap report.
# target: rootfs @ROOT@, user agent (uid 1001)
#
# Without --apply this prints what it would change. With --apply it makes
# the least disruptive change that closes each finding below, and nothing
# else; a change already made is skipped, so it can run again. Read it
# first: a change can break what relied on the old state.

ROOT='@ROOT@'
ROOT_SHOWN='@ROOT@'
IMAGE=0
USER_UID=1001
USER_GIDS='1001 1500'
set -u

APPLY=0
case ${1-} in
--apply) APPLY=1 ;;
'') ;;
*) printf 'usage: %s [--apply]\n' "$0" >&2; exit 2 ;;
esac
if [ "$IMAGE" = 1 ]; then
	echo 'privmap-fix: this report is of a container image, which cannot be changed in place: make these changes in its build.' >&2
	exit 1
fi
if [ -n "$ROOT" ] && [ ! -d "$ROOT" ]; then
	printf 'privmap-fix: the target root is not a directory: %s\n' "$ROOT" >&2
	exit 1
fi
# a root that leads to / (a link such as /proc/self/root) would make a
# rootfs script act on the machine running it
if [ -n "$ROOT" ] && [ "$(cd -P -- "$ROOT" && pwd -P)" = / ]; then
	printf 'privmap-fix: the target root leads to /, refused: %s\n' "$ROOT_SHOWN" >&2
	exit 1
fi
CHANGED=0
FAILED=0
SKIPPED=0

# show ARGS...: a command line as a person reads it. The path at() set
# ($P) is shown as $Q, the root as $ROOT_SHOWN (quoted, each byte that
# is not printable ASCII as \xNN); every other word is the script's own
# (a command, an option, a number, a plain user or group name)
show() {
	for _a in "$@"; do
		if [ "$_a" = "$P" ]; then
			printf ' %s' "$Q"
		elif [ "$_a" = "$ROOT" ]; then
			printf " '%s'" "$ROOT_SHOWN"
		else
			printf ' %s' "$_a"
		fi
	done
	printf '\n'
}

# run COMMAND ARGS...: with --apply run it, else show it
run() {
	if [ "$APPLY" = 1 ]; then
		if "$@"; then
			CHANGED=$((CHANGED + 1))
		else
			printf 'privmap-fix: %s: failed:' "$FINDING" >&2
			show "$@" >&2
			FAILED=$((FAILED + 1))
		fi
	else
		printf 'would run:'
		show "$@"
	fi
}

# finding ID: the block that follows closes finding ID
FINDING=
finding() {
	FINDING=$1
}

skip() {
	printf 'privmap-fix: %s: skipped: %s\n' "$FINDING" "$*" >&2
	SKIPPED=$((SKIPPED + 1))
}

# at PATH SHOWN: set P to PATH inside ROOT (and Q to how it is shown);
# fail if PATH is not absolute or has a '.', '..' or empty component
# (it could name something outside ROOT), if it is not there (a file
# the user could create is closed through its directory), or if a
# symbolic link could take a change elsewhere (below ROOT any link; on
# the live host the last component)
at() {
	P=$ROOT$1
	Q="'$ROOT_SHOWN$2'"
	case $1 in
	/) ;;
	/*)
		case $1/ in
		*/./*|*/../*|*//*)
			skip "not a path in normal form, refused: $Q"
			return 1 ;;
		esac ;;
	*)
		skip "not an absolute path, refused: $Q"
		return 1 ;;
	esac
	if [ ! -e "$P" ] && [ ! -h "$P" ]; then
		skip "not there, nothing to change: $Q"
		return 1
	fi
	_rest=${1#/}
	_cur=$ROOT
	while [ -n "$_rest" ]; do
		case $_rest in
		*/*) _c=${_rest%%/*}; _rest=${_rest#*/} ;;
		*) _c=$_rest; _rest= ;;
		esac
		_cur=$_cur/$_c
		if [ -h "$_cur" ] && { [ -n "$ROOT" ] || [ -z "$_rest" ]; }; then
			skip "a symbolic link is in the way to $Q"
			return 1
		fi
	done
	return 0
}

# is FILE's mode matching find -perm -MODE?
has_perm() {
	[ -n "$(find "$1" -prune -perm "-$2" -print 2>/dev/null)" ]
}

# does the user reach FILE's group bits (one of its groups)?
in_file_group() {
	for _g in $USER_GIDS; do
		if [ -n "$(find "$1" -prune -group "$_g" -print 2>/dev/null)" ]; then
			return 0
		fi
	done
	return 1
}

# ACL entries naming the user or one of its groups with permission
# PERM (r or w), as getfacl -n prints them (acl(5))
acl_drop() {
	command -v getfacl >/dev/null 2>&1 || return 0
	_acl=$(getfacl -cn "$1" 2>/dev/null) || return 0
	case $2 in r) _re='^[^:]*:[^:]*:r' ;; *) _re='^[^:]*:[^:]*:.w' ;; esac
	if printf '%s\n' "$_acl" | grep "^user:$USER_UID:" | grep -q "$_re"; then
		run setfacl -x "u:$USER_UID" "$1"
	fi
	for _g in $USER_GIDS; do
		if printf '%s\n' "$_acl" | grep "^group:$_g:" | grep -q "$_re"; then
			run setfacl -x "g:$_g" "$1"
		fi
	done
}

# no_write FILE [keep-group]: take away every way the user can write
# FILE (keep-group: leave the group bits, the user leaves the group)
no_write() {
	# a shared sticky directory (/tmp) stays as it is: what uses a name
	# in it must change instead
	if [ -d "$1" ] && [ -k "$1" ] && has_perm "$1" 0002; then
		skip "a shared sticky directory, left as it is: $Q"
		return 0
	fi
	if has_perm "$1" 0002; then run chmod o-w "$1"; fi
	if [ "${2-}" != keep-group ] && has_perm "$1" 0020 &&
	    in_file_group "$1"; then
		run chmod g-w "$1"
	fi
	if [ -n "$(find "$1" -prune -user "$USER_UID" -print 2>/dev/null)" ]; then
		# -h: a link put there since the test above is changed itself,
		# not what it points to (chown(1) POSIX -h)
		run chown -h 0 "$1"
	fi
	acl_drop "$1" w
}

# no_read FILE: take away every way the user can read FILE
no_read() {
	if has_perm "$1" 0004; then run chmod o-r "$1"; fi
	if has_perm "$1" 0040 && in_file_group "$1"; then
		run chmod g-r "$1"
	fi
	acl_drop "$1" r
}

# no_setid FILE u|g|ug: clear the setuid and/or setgid bit
no_setid() {
	case $2 in *u*) if [ -u "$1" ]; then run chmod u-s "$1"; fi ;; esac
	case $2 in *g*) if [ -g "$1" ]; then run chmod g-s "$1"; fi ;; esac
}

# no_caps FILE: remove its file capabilities (setcap(8) -r)
no_caps() {
	if ! command -v getcap >/dev/null 2>&1 ||
	    ! command -v setcap >/dev/null 2>&1; then
		skip "getcap/setcap not installed: $Q"
		return 0
	fi
	if [ -n "$(getcap "$1" 2>/dev/null)" ]; then run setcap -r "$1"; fi
}

# leave_group USER GROUP: drop USER from GROUP's member list; a group
# that is USER's primary group (passwd(5)) is left to a person
leave_group() {
	at /etc/group /etc/group || return 0
	_grp=$P
	if awk -F: -v g="$2" -v u="$1" '$1 == g { n = split($4, m, ","); for (i = 1; i <= n; i++) if (m[i] == u) f = 1 } END { exit !f }' "$_grp"; then
		if [ -n "$ROOT" ]; then
			run gpasswd -Q "$ROOT" -d "$1" "$2"
		else
			run gpasswd -d "$1" "$2"
		fi
		return 0
	fi
	_gid=$(awk -F: -v g="$2" '$1 == g { print $3; exit }' "$_grp")
	if [ -n "$_gid" ] && at /etc/passwd /etc/passwd && awk -F: -v u="$1" -v g="$_gid" '$1 == u && $4 == g { f = 1 } END { exit !f }' "$P"; then
		skip "$2 is the primary group of $1: change it with usermod -g"
	fi
	return 0
}

# The edits below keep a backup beside the file, named FILE.privmap-fix~:
# sudo's @includedir skips names that contain a '.' or end in '~'
# (sudoers(5), "Including other files from within sudoers"), so a
# backup of a drop-in is never read as sudoers; the new content is
# written to FILE.privmap-fix-new~ (a copy keeping owner and mode) and
# renamed over FILE.

# sudoers_ok FILE: does sudo accept it? On the live host the whole
# policy (visudo -c); in a root, that one file (visudo -cf). 2 when
# visudo is not installed.
sudoers_ok() {
	command -v visudo >/dev/null 2>&1 || return 2
	if [ -z "$ROOT" ]; then
		visudo -c >/dev/null 2>&1
	else
		visudo -cf "$1" >/dev/null 2>&1
	fi
}

# sudo_disable FILE LINE RULE: comment out line LINE of FILE when it is
# exactly RULE (the rule the report names; anything else means the file
# changed since the scan, and it is left alone), checking with visudo
# before and after and putting the file back when sudo would refuse it
sudo_disable() {
	_want="# privmap-fix disabled: $3"
	_l=$(sed -n "$2p" "$1")
	if [ "$_l" = "$_want" ]; then return 0; fi
	if [ "$_l" != "$3" ]; then
		skip "line $2 of $Q is not the rule the report names:" \
		    "the file changed since the scan"
		return 0
	fi
	if [ "$APPLY" != 1 ]; then
		printf 'would comment out line %s of %s (backup: %s)\n' \
		    "$2" "$Q" "$Q.privmap-fix~"
		return 0
	fi
	sudoers_ok "$1"
	_before=$?
	if [ "$_before" = 1 ]; then
		skip "visudo refuses the sudoers policy before any change:" \
		    "left to a person: $Q"
		return 0
	fi
	_new=$1.privmap-fix-new~
	rm -f "$_new"
	if cp -p "$1" "$_new" && awk -v n="$2" \
	    'NR == n { print "# privmap-fix disabled: " $0; next } { print }' \
	    "$1" >"$_new" && cp -p "$1" "$1.privmap-fix~" &&
	    mv -f "$_new" "$1"; then
		if [ "$_before" = 0 ] && ! sudoers_ok "$1"; then
			cp -p "$1.privmap-fix~" "$1"
			printf 'privmap-fix: %s: visudo refuses %s: %s\n' \
			    "$FINDING" "$Q" 'put back as it was' >&2
			FAILED=$((FAILED + 1))
			return 0
		fi
		CHANGED=$((CHANGED + 1))
	else
		rm -f "$_new"
		printf 'privmap-fix: %s: cannot edit %s\n' "$FINDING" "$Q" >&2
		FAILED=$((FAILED + 1))
	fi
}

# hosts_drop FILE LITERAL: remove the JSON string LITERAL (quotes
# included) from the array it is an element of in FILE (dockerd's
# daemon.json "hosts"), with the comma that joins it, every other byte
# kept. Only when LITERAL occurs once, as an element of the array that
# is the value of "hosts" (a '[' or ',' before it, a ',' or ']' after
# it, blanks aside): an edit in awk, so the
# target needs neither jq nor python. dockerd reads daemon.json when it
# starts (dockerd(8)): it takes effect at its next restart.
hosts_drop() {
	if ! grep -qF -- "$2" "$1"; then return 0; fi
	if [ "$APPLY" != 1 ]; then
		printf 'would remove %s from the hosts of %s (backup: %s)\n' \
		    "$2" "$Q" "$Q.privmap-fix~"
		return 0
	fi
	_new=$1.privmap-fix-new~
	rm -f "$_new"
	if cp -p "$1" "$_new" && awk -v lit="$2" '
	    { s = s $0 "\n" }
	    function blank(c) {
		return c == " " || c == "\t" || c == "\n" || c == "\r"
	    }
	    END {
		p = index(s, lit); n = length(lit)
		if (p == 0 || index(substr(s, p + n), lit)) exit 1
		for (b = p - 1; b > 0 && blank(substr(s, b, 1)); b--) ;
		for (a = p + n; a <= length(s) && blank(substr(s, a, 1)); a++) ;
		cb = substr(s, b, 1); ca = substr(s, a, 1)
		if ((cb != "[" && cb != ",") || (ca != "," && ca != "]"))
			exit 1
		# back over the elements before it to the [ of the array, and the
		# key it is the value of: "hosts"
		for (q = b; substr(s, q, 1) == ","; ) {
			for (q--; q > 0 && blank(substr(s, q, 1)); q--) ;
			if (substr(s, q, 1) != "\"") exit 1
			for (q--; q > 0 && substr(s, q, 1) != "\""; q--) ;
			for (q--; q > 0 && blank(substr(s, q, 1)); q--) ;
		}
		if (q < 1 || substr(s, q, 1) != "[") exit 1
		for (q--; q > 0 && blank(substr(s, q, 1)); q--) ;
		if (q < 1 || substr(s, q, 1) != ":") exit 1
		for (q--; q > 0 && blank(substr(s, q, 1)); q--) ;
		if (q < 7 || substr(s, q - 6, 7) != "\"hosts\"") exit 1
		if (ca == ",") { from = p; to = a }
		else if (cb == ",") { from = b; to = p + n - 1 }
		else { from = p; to = p + n - 1 }
		printf "%s%s", substr(s, 1, from - 1), substr(s, to + 1)
	    }' "$1" >"$_new" && cp -p "$1" "$1.privmap-fix~" &&
	    mv -f "$_new" "$1"; then
		CHANGED=$((CHANGED + 1))
	else
		rm -f "$_new"
		skip "$2 is not one element of an array in $Q: left to a person"
	fi
}

# The escalation graph's cut comes first: closing this 1 finding
# leaves no path to root (1 closed).

# PM-743a1a1fc89acaa3 critical credentials/credentials
# /root/.ssh/id_ed25519 is readable by agent: SSH private key of root
# path: /root/.ssh/id_ed25519
finding 'PM-743a1a1fc89acaa3'
if at '/root/.ssh/id_ed25519' '/root/.ssh/id_ed25519'; then no_read "$P"; fi

# PM-2964b1da6e794aaa high credentials/credentials
# /root/.ssh/backup_key is readable by agent: SSH private key of root
# path: /root/.ssh/backup_key
finding 'PM-2964b1da6e794aaa'
if at '/root/.ssh/backup_key' '/root/.ssh/backup_key'; then no_read "$P"; fi

# PM-a40380a0ce0dc304 high credentials/credentials
# /etc/shadow- is readable by agent: the backup of /etc/shadow: password hashes of every account
# path: /etc/shadow-
finding 'PM-a40380a0ce0dc304'
if at '/etc/shadow-' '/etc/shadow-'; then no_read "$P"; fi

# PM-5b9317e47c24b4f5 high credentials/credentials
# /home/alice/.aws/credentials is readable by agent: AWS access keys of alice
# path: /home/alice/.aws/credentials
finding 'PM-5b9317e47c24b4f5'
if at '/home/alice/.aws/credentials' '/home/alice/.aws/credentials'; then no_read "$P"; fi

# PM-14e7b51442549a5a high credentials/credentials
# /home/alice/.docker/config.json is readable by agent: container registry credentials (Docker config.json) of alice
# path: /home/alice/.docker/config.json
finding 'PM-14e7b51442549a5a'
if at '/home/alice/.docker/config.json' '/home/alice/.docker/config.json'; then no_read "$P"; fi

# PM-83bd9448babbfc15 high credentials/credentials
# /srv/deploy/.git-credentials is readable by agent: git credentials stored in clear text (git-credential-store) of deploy
# path: /srv/deploy/.git-credentials
finding 'PM-83bd9448babbfc15'
if at '/srv/deploy/.git-credentials' '/srv/deploy/.git-credentials'; then no_read "$P"; fi

# PM-516e09d231677e5d medium credentials/credentials
# /etc/ssh/ssh_host_ed25519_key is readable by agent: SSH host private key: impersonate this server to its clients
# path: /etc/ssh/ssh_host_ed25519_key
finding 'PM-516e09d231677e5d'
if at '/etc/ssh/ssh_host_ed25519_key' '/etc/ssh/ssh_host_ed25519_key'; then no_read "$P"; fi

# PM-d17cda86e9a22bc2 medium credentials/credentials
# /home/alice/.env is readable by agent: application secrets (.env file) of alice
# path: /home/alice/.env
finding 'PM-d17cda86e9a22bc2'
if at '/home/alice/.env' '/home/alice/.env'; then no_read "$P"; fi

# PM-b508f6b63588b700 medium credentials/credentials
# /home/alice/project/.env is readable by agent: application secrets (.env file) of alice
# path: /home/alice/project/.env
finding 'PM-b508f6b63588b700'
if at '/home/alice/project/.env' '/home/alice/project/.env'; then no_read "$P"; fi

# PM-016926ddbf99c624 medium credentials/credentials
# /srv/app/releases/current/.env is readable by agent: application secrets (.env file) of deploy
# path: /srv/app/releases/current/.env
finding 'PM-016926ddbf99c624'
if at '/srv/app/releases/current/.env' '/srv/app/releases/current/.env'; then no_read "$P"; fi

if [ "$APPLY" = 1 ]; then
	printf 'privmap-fix: %s changed, %s failed, %s skipped\n' "$CHANGED" "$FAILED" "$SKIPPED"
else
	echo 'privmap-fix: nothing changed; run with --apply to make these changes'
fi
[ "$FAILED" = 0 ]
