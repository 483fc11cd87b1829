/*
 * fix.c: a POSIX sh remediation script from a report: one commented block
 * per finding making the least disruptive change that closes it
 * (gpasswd -d, chmod u-s/g-s, setcap -r, chmod o-w/g-w/o-r/g-r,
 * setfacl -x, chown to root; a sudoers rule giving the user root
 * commented out, with visudo's word before and after; dockerd's TCP
 * listener taken out of daemon.json's "hosts"), each guarded by a test
 * of the current state so a second run changes nothing.
 *
 * The script acts only when given --apply; without it, it prints what it
 * would run, each name quoted and escaped (shown()). It touches nothing it
 * does not name. For a directory target every path is under ROOT, set
 * once at the top to the report's target.root (never "/", and the script
 * stops if it leads to / through a link: that script would act on the
 * host), gpasswd runs with --root (-Q), and a symbolic
 * link anywhere below ROOT stops the change (a link could lead out of the
 * root onto the machine running the script), as does a '.', '..' or
 * empty component. On a live host only the last component must not be a
 * link (chmod and chown would follow it). An image cannot be changed in
 * place: that script explains and stops.
 *
 * With an escalation graph, the findings of its cut come first: closing
 * them leaves no path to root (engine/graph.h); a finding of the cut
 * judged as another identity is closed for that identity (USER_UID and
 * USER_GIDS are its own for that block).
 *
 * Commands are built here from family, check, path and evidence, never
 * pasted from a finding's remediation text (which is shown commented out
 * where no command applies): every word the script runs is single-quoted
 * by output_sh_quote(), and a path may hold quotes, newlines, anything.
 */
#include <stdlib.h>
#include <string.h>

#include "engine/graph.h"
#include "output/deny.h"
#include "output/output.h"
#include "lib/buf.h"
#include "lib/pathenc.h"
#include "lib/str.h"
#include "lib/xmalloc.h"

/*
 * A name as the script shows it to a person (dry run, messages): the
 * script wraps it in single quotes; inside, printable ASCII stands for
 * itself but for \\ (a backslash) and \x27 (a quote), and every other
 * byte is \xNN. So no byte of a name reaches a terminal as a control,
 * and a name with spaces or quotes reads as one word.
 */
static void
shown(struct buf *b, const char *s)
{
	for (; *s; s++) {
		if (*s == '\\')
			buf_adds(b, "\\\\");
		else if (*s != '\'' && (unsigned char)*s >= ' ' &&
		    (unsigned char)*s < 0x7f)
			buf_addc(b, *s);
		else
			buf_printf(b, "\\x%02x", (unsigned char)*s);
	}
}

/* output_sh_quote() of shown(s): an argument the script prints as it is */
static void
sh_quote_shown(struct buf *b, const char *s)
{
	struct buf t = { 0 };

	shown(&t, s);
	output_sh_quote(b, t.data ? buf_str(&t) : "");
	buf_free(&t);
}

/* a user or group name gpasswd and awk -v can take as it is: the
 * portable name set of useradd(8), plus a trailing '$' (machine accounts) */
static int
plain_name(const char *s)
{
	size_t i;

	if (s == NULL || *s == '\0' || *s == '-' || strlen(s) > 256)
		return 0;
	for (i = 0; s[i]; i++)
		if (!((s[i] >= 'a' && s[i] <= 'z') ||
		    (s[i] >= 'A' && s[i] <= 'Z') ||
		    (s[i] >= '0' && s[i] <= '9') || s[i] == '_' ||
		    s[i] == '-' || s[i] == '.' ||
		    (s[i] == '$' && s[i + 1] == '\0')))
			return 0;
	return 1;
}

/*
 * The script's fixed part: argument check, ROOT, and the helpers every
 * block calls. POSIX sh only (XCU "Shell Command Language"); find -prune
 * -perm/-user/-group tests one file's bits without parsing ls.
 */
static const char prologue[] =
"set -u\n"
"\n"
"APPLY=0\n"
"case ${1-} in\n"
"--apply) APPLY=1 ;;\n"
"'') ;;\n"
"*) printf 'usage: %s [--apply]\\n' \"$0\" >&2; exit 2 ;;\n"
"esac\n"
"if [ \"$IMAGE\" = 1 ]; then\n"
"\techo 'privmap-fix: this report is of a container image, which cannot be"
" changed in place: make these changes in its build.' >&2\n"
"\texit 1\n"
"fi\n"
"if [ -n \"$ROOT\" ] && [ ! -d \"$ROOT\" ]; then\n"
"\tprintf 'privmap-fix: the target root is not a directory: %s\\n' "
"\"$ROOT\" >&2\n"
"\texit 1\n"
"fi\n"
"# a root that leads to / (a link such as /proc/self/root) would make a\n"
"# rootfs script act on the machine running it\n"
"if [ -n \"$ROOT\" ] && [ \"$(cd -P -- \"$ROOT\" && pwd -P)\" = / ]; "
"then\n"
"\tprintf 'privmap-fix: the target root leads to /, refused: %s\\n' "
"\"$ROOT_SHOWN\" >&2\n"
"\texit 1\n"
"fi\n"
"CHANGED=0\nFAILED=0\nSKIPPED=0\n"
"\n"
"# show ARGS...: a command line as a person reads it. The path at() set\n"
"# ($P) is shown as $Q, the root as $ROOT_SHOWN (quoted, each byte that\n"
"# is not printable ASCII as \\xNN); every other word is the script's own\n"
"# (a command, an option, a number, a plain user or group name)\n"
"show() {\n"
"\tfor _a in \"$@\"; do\n"
"\t\tif [ \"$_a\" = \"$P\" ]; then\n"
"\t\t\tprintf ' %s' \"$Q\"\n"
"\t\telif [ \"$_a\" = \"$ROOT\" ]; then\n"
"\t\t\tprintf \" '%s'\" \"$ROOT_SHOWN\"\n"
"\t\telse\n"
"\t\t\tprintf ' %s' \"$_a\"\n"
"\t\tfi\n"
"\tdone\n"
"\tprintf '\\n'\n"
"}\n"
"\n"
"# run COMMAND ARGS...: with --apply run it, else show it\n"
"run() {\n"
"\tif [ \"$APPLY\" = 1 ]; then\n"
"\t\tif \"$@\"; then\n"
"\t\t\tCHANGED=$((CHANGED + 1))\n"
"\t\telse\n"
"\t\t\tprintf 'privmap-fix: %s: failed:' \"$FINDING\" >&2\n"
"\t\t\tshow \"$@\" >&2\n"
"\t\t\tFAILED=$((FAILED + 1))\n"
"\t\tfi\n"
"\telse\n"
"\t\tprintf 'would run:'\n"
"\t\tshow \"$@\"\n"
"\tfi\n"
"}\n"
"\n"
"# finding ID: the block that follows closes finding ID\n"
"FINDING=\n"
"finding() {\n"
"\tFINDING=$1\n"
"}\n"
"\n"
"skip() {\n"
"\tprintf 'privmap-fix: %s: skipped: %s\\n' \"$FINDING\" \"$*\" >&2\n"
"\tSKIPPED=$((SKIPPED + 1))\n"
"}\n"
"\n"
"# at PATH SHOWN: set P to PATH inside ROOT (and Q to how it is shown);\n"
"# fail if PATH is not absolute or has a '.', '..' or empty component\n"
"# (it could name something outside ROOT), if it is not there (a file\n"
"# the user could create is closed through its directory), or if a\n"
"# symbolic link could take a change elsewhere (below ROOT any link; on\n"
"# the live host the last component)\n"
"at() {\n"
"\tP=$ROOT$1\n"
"\tQ=\"'$ROOT_SHOWN$2'\"\n"
"\tcase $1 in\n"
"\t/) ;;\n"
"\t/*)\n"
"\t\tcase $1/ in\n"
"\t\t*/./*|*/../*|*//*)\n"
"\t\t\tskip \"not a path in normal form, refused: $Q\"\n"
"\t\t\treturn 1 ;;\n"
"\t\tesac ;;\n"
"\t*)\n"
"\t\tskip \"not an absolute path, refused: $Q\"\n"
"\t\treturn 1 ;;\n"
"\tesac\n"
"\tif [ ! -e \"$P\" ] && [ ! -h \"$P\" ]; then\n"
"\t\tskip \"not there, nothing to change: $Q\"\n"
"\t\treturn 1\n"
"\tfi\n"
"\t_rest=${1#/}\n"
"\t_cur=$ROOT\n"
"\twhile [ -n \"$_rest\" ]; do\n"
"\t\tcase $_rest in\n"
"\t\t*/*) _c=${_rest%%/*}; _rest=${_rest#*/} ;;\n"
"\t\t*) _c=$_rest; _rest= ;;\n"
"\t\tesac\n"
"\t\t_cur=$_cur/$_c\n"
"\t\tif [ -h \"$_cur\" ] && { [ -n \"$ROOT\" ] || [ -z \"$_rest\" ]; }; "
"then\n"
"\t\t\tskip \"a symbolic link is in the way to $Q\"\n"
"\t\t\treturn 1\n"
"\t\tfi\n"
"\tdone\n"
"\treturn 0\n"
"}\n"
"\n"
"# is FILE's mode matching find -perm -MODE?\n"
"has_perm() {\n"
"\t[ -n \"$(find \"$1\" -prune -perm \"-$2\" -print 2>/dev/null)\" ]\n"
"}\n"
"\n"
"# does the user reach FILE's group bits (one of its groups)?\n"
"in_file_group() {\n"
"\tfor _g in $USER_GIDS; do\n"
"\t\tif [ -n \"$(find \"$1\" -prune -group \"$_g\" -print "
"2>/dev/null)\" ]; then\n"
"\t\t\treturn 0\n"
"\t\tfi\n"
"\tdone\n"
"\treturn 1\n"
"}\n"
"\n"
"# ACL entries naming the user or one of its groups with permission\n"
"# PERM (r or w), as getfacl -n prints them (acl(5))\n"
"acl_drop() {\n"
"\tcommand -v getfacl >/dev/null 2>&1 || return 0\n"
"\t_acl=$(getfacl -cn \"$1\" 2>/dev/null) || return 0\n"
"\tcase $2 in r) _re='^[^:]*:[^:]*:r' ;; *) _re='^[^:]*:[^:]*:.w' ;; "
"esac\n"
"\tif printf '%s\\n' \"$_acl\" | grep \"^user:$USER_UID:\" | grep -q "
"\"$_re\"; then\n"
"\t\trun setfacl -x \"u:$USER_UID\" \"$1\"\n"
"\tfi\n"
"\tfor _g in $USER_GIDS; do\n"
"\t\tif printf '%s\\n' \"$_acl\" | grep \"^group:$_g:\" | grep -q "
"\"$_re\"; then\n"
"\t\t\trun setfacl -x \"g:$_g\" \"$1\"\n"
"\t\tfi\n"
"\tdone\n"
"}\n"
"\n"
"# no_write FILE [keep-group]: take away every way the user can write\n"
"# FILE (keep-group: leave the group bits, the user leaves the group)\n"
"no_write() {\n"
"\t# a shared sticky directory (/tmp) stays as it is: what uses a name\n"
"\t# in it must change instead\n"
"\tif [ -d \"$1\" ] && [ -k \"$1\" ] && has_perm \"$1\" 0002; then\n"
"\t\tskip \"a shared sticky directory, left as it is: $Q\"\n"
"\t\treturn 0\n"
"\tfi\n"
"\tif has_perm \"$1\" 0002; then run chmod o-w \"$1\"; fi\n"
"\tif [ \"${2-}\" != keep-group ] && has_perm \"$1\" 0020 &&\n"
"\t    in_file_group \"$1\"; then\n"
"\t\trun chmod g-w \"$1\"\n"
"\tfi\n"
"\tif [ -n \"$(find \"$1\" -prune -user \"$USER_UID\" -print "
"2>/dev/null)\" ]; then\n"
"\t\t# -h: a link put there since the test above is changed itself,\n"
"\t\t# not what it points to (chown(1) POSIX -h)\n"
"\t\trun chown -h 0 \"$1\"\n"
"\tfi\n"
"\tacl_drop \"$1\" w\n"
"}\n"
"\n"
"# no_read FILE: take away every way the user can read FILE\n"
"no_read() {\n"
"\tif has_perm \"$1\" 0004; then run chmod o-r \"$1\"; fi\n"
"\tif has_perm \"$1\" 0040 && in_file_group \"$1\"; then\n"
"\t\trun chmod g-r \"$1\"\n"
"\tfi\n"
"\tacl_drop \"$1\" r\n"
"}\n"
"\n"
"# no_setid FILE u|g|ug: clear the setuid and/or setgid bit\n"
"no_setid() {\n"
"\tcase $2 in *u*) if [ -u \"$1\" ]; then run chmod u-s \"$1\"; fi ;; "
"esac\n"
"\tcase $2 in *g*) if [ -g \"$1\" ]; then run chmod g-s \"$1\"; fi ;; "
"esac\n"
"}\n"
"\n"
"# no_caps FILE: remove its file capabilities (setcap(8) -r)\n"
"no_caps() {\n"
"\tif ! command -v getcap >/dev/null 2>&1 ||\n"
"\t    ! command -v setcap >/dev/null 2>&1; then\n"
"\t\tskip \"getcap/setcap not installed: $Q\"\n"
"\t\treturn 0\n"
"\tfi\n"
"\tif [ -n \"$(getcap \"$1\" 2>/dev/null)\" ]; then run setcap -r \"$1\"; "
"fi\n"
"}\n"
"\n"
"# leave_group USER GROUP: drop USER from GROUP's member list; a group\n"
"# that is USER's primary group (passwd(5)) is left to a person\n"
"leave_group() {\n"
"\tat /etc/group /etc/group || return 0\n"
"\t_grp=$P\n"
"\tif awk -F: -v g=\"$2\" -v u=\"$1\" '$1 == g { n = split($4, m, \",\");"
" for (i = 1; i <= n; i++) if (m[i] == u) f = 1 } END { exit !f }' "
"\"$_grp\"; then\n"
"\t\tif [ -n \"$ROOT\" ]; then\n"
"\t\t\trun gpasswd -Q \"$ROOT\" -d \"$1\" \"$2\"\n"
"\t\telse\n"
"\t\t\trun gpasswd -d \"$1\" \"$2\"\n"
"\t\tfi\n"
"\t\treturn 0\n"
"\tfi\n"
"\t_gid=$(awk -F: -v g=\"$2\" '$1 == g { print $3; exit }' \"$_grp\")\n"
"\tif [ -n \"$_gid\" ] && at /etc/passwd /etc/passwd && awk -F: -v u=\"$1\" "
"-v g=\"$_gid\" '$1 == u && $4 == g { f = 1 } END { exit !f }' \"$P\"; "
"then\n"
"\t\tskip \"$2 is the primary group of $1: change it with usermod -g\"\n"
"\tfi\n"
"\treturn 0\n"
"}\n"
"\n"
"# The edits below keep a backup beside the file, named FILE.privmap-fix~:\n"
"# sudo's @includedir skips names that contain a '.' or end in '~'\n"
"# (sudoers(5), \"Including other files from within sudoers\"), so a\n"
"# backup of a drop-in is never read as sudoers; the new content is\n"
"# written to FILE.privmap-fix-new~ (a copy keeping owner and mode) and\n"
"# renamed over FILE.\n"
"\n"
"# sudoers_ok FILE: does sudo accept it? On the live host the whole\n"
"# policy (visudo -c); in a root, that one file (visudo -cf). 2 when\n"
"# visudo is not installed.\n"
"sudoers_ok() {\n"
"\tcommand -v visudo >/dev/null 2>&1 || return 2\n"
"\tif [ -z \"$ROOT\" ]; then\n"
"\t\tvisudo -c >/dev/null 2>&1\n"
"\telse\n"
"\t\tvisudo -cf \"$1\" >/dev/null 2>&1\n"
"\tfi\n"
"}\n"
"\n"
"# sudo_disable FILE LINE RULE: comment out line LINE of FILE when it is\n"
"# exactly RULE (the rule the report names; anything else means the file\n"
"# changed since the scan, and it is left alone), checking with visudo\n"
"# before and after and putting the file back when sudo would refuse it\n"
"sudo_disable() {\n"
"\t_want=\"# privmap-fix disabled: $3\"\n"
"\t_l=$(sed -n \"$2p\" \"$1\")\n"
"\tif [ \"$_l\" = \"$_want\" ]; then return 0; fi\n"
"\tif [ \"$_l\" != \"$3\" ]; then\n"
"\t\tskip \"line $2 of $Q is not the rule the report names:\" \\\n"
"\t\t    \"the file changed since the scan\"\n"
"\t\treturn 0\n"
"\tfi\n"
"\tif [ \"$APPLY\" != 1 ]; then\n"
"\t\tprintf 'would comment out line %s of %s (backup: %s)\\n' \\\n"
"\t\t    \"$2\" \"$Q\" \"$Q.privmap-fix~\"\n"
"\t\treturn 0\n"
"\tfi\n"
"\tsudoers_ok \"$1\"\n"
"\t_before=$?\n"
"\tif [ \"$_before\" = 1 ]; then\n"
"\t\tskip \"visudo refuses the sudoers policy before any change:\" \\\n"
"\t\t    \"left to a person: $Q\"\n"
"\t\treturn 0\n"
"\tfi\n"
"\t_new=$1.privmap-fix-new~\n"
"\trm -f \"$_new\"\n"
"\tif cp -p \"$1\" \"$_new\" && awk -v n=\"$2\" \\\n"
"\t    'NR == n { print \"# privmap-fix disabled: \" $0; next } { print }' \\\n"
"\t    \"$1\" >\"$_new\" && cp -p \"$1\" \"$1.privmap-fix~\" &&\n"
"\t    mv -f \"$_new\" \"$1\"; then\n"
"\t\tif [ \"$_before\" = 0 ] && ! sudoers_ok \"$1\"; then\n"
"\t\t\tcp -p \"$1.privmap-fix~\" \"$1\"\n"
"\t\t\tprintf 'privmap-fix: %s: visudo refuses %s: %s\\n' \\\n"
"\t\t\t    \"$FINDING\" \"$Q\" 'put back as it was' >&2\n"
"\t\t\tFAILED=$((FAILED + 1))\n"
"\t\t\treturn 0\n"
"\t\tfi\n"
"\t\tCHANGED=$((CHANGED + 1))\n"
"\telse\n"
"\t\trm -f \"$_new\"\n"
"\t\tprintf 'privmap-fix: %s: cannot edit %s\\n' \"$FINDING\" \"$Q\" >&2\n"
"\t\tFAILED=$((FAILED + 1))\n"
"\tfi\n"
"}\n"
"\n"
"# hosts_drop FILE LITERAL: remove the JSON string LITERAL (quotes\n"
"# included) from the array it is an element of in FILE (dockerd's\n"
"# daemon.json \"hosts\"), with the comma that joins it, every other byte\n"
"# kept. Only when LITERAL occurs once, as an element of the array that\n"
"# is the value of \"hosts\" (a '[' or ',' before it, a ',' or ']' after\n"
"# it, blanks aside): an edit in awk, so the\n"
"# target needs neither jq nor python. dockerd reads daemon.json when it\n"
"# starts (dockerd(8)): it takes effect at its next restart.\n"
"hosts_drop() {\n"
"\tif ! grep -qF -- \"$2\" \"$1\"; then return 0; fi\n"
"\tif [ \"$APPLY\" != 1 ]; then\n"
"\t\tprintf 'would remove %s from the hosts of %s (backup: %s)\\n' \\\n"
"\t\t    \"$2\" \"$Q\" \"$Q.privmap-fix~\"\n"
"\t\treturn 0\n"
"\tfi\n"
"\t_new=$1.privmap-fix-new~\n"
"\trm -f \"$_new\"\n"
"\tif cp -p \"$1\" \"$_new\" && awk -v lit=\"$2\" '\n"
"\t    { s = s $0 \"\\n\" }\n"
"\t    function blank(c) {\n"
"\t\treturn c == \" \" || c == \"\\t\" || c == \"\\n\" || c == \"\\r\"\n"
"\t    }\n"
"\t    END {\n"
"\t\tp = index(s, lit); n = length(lit)\n"
"\t\tif (p == 0 || index(substr(s, p + n), lit)) exit 1\n"
"\t\tfor (b = p - 1; b > 0 && blank(substr(s, b, 1)); b--) ;\n"
"\t\tfor (a = p + n; a <= length(s) && blank(substr(s, a, 1)); a++) ;\n"
"\t\tcb = substr(s, b, 1); ca = substr(s, a, 1)\n"
"\t\tif ((cb != \"[\" && cb != \",\") || (ca != \",\" && ca != \"]\"))\n"
"\t\t\texit 1\n"
"\t\t# back over the elements before it to the [ of the array, and the\n"
"\t\t# key it is the value of: \"hosts\"\n"
"\t\tfor (q = b; substr(s, q, 1) == \",\"; ) {\n"
"\t\t\tfor (q--; q > 0 && blank(substr(s, q, 1)); q--) ;\n"
"\t\t\tif (substr(s, q, 1) != \"\\\"\") exit 1\n"
"\t\t\tfor (q--; q > 0 && substr(s, q, 1) != \"\\\"\"; q--) ;\n"
"\t\t\tfor (q--; q > 0 && blank(substr(s, q, 1)); q--) ;\n"
"\t\t}\n"
"\t\tif (q < 1 || substr(s, q, 1) != \"[\") exit 1\n"
"\t\tfor (q--; q > 0 && blank(substr(s, q, 1)); q--) ;\n"
"\t\tif (q < 1 || substr(s, q, 1) != \":\") exit 1\n"
"\t\tfor (q--; q > 0 && blank(substr(s, q, 1)); q--) ;\n"
"\t\tif (q < 7 || substr(s, q - 6, 7) != \"\\\"hosts\\\"\") exit 1\n"
"\t\tif (ca == \",\") { from = p; to = a }\n"
"\t\telse if (cb == \",\") { from = b; to = p + n - 1 }\n"
"\t\telse { from = p; to = p + n - 1 }\n"
"\t\tprintf \"%s%s\", substr(s, 1, from - 1), substr(s, to + 1)\n"
"\t    }' \"$1\" >\"$_new\" && cp -p \"$1\" \"$1.privmap-fix~\" &&\n"
"\t    mv -f \"$_new\" \"$1\"; then\n"
"\t\tCHANGED=$((CHANGED + 1))\n"
"\telse\n"
"\t\trm -f \"$_new\"\n"
"\t\tskip \"$2 is not one element of an array in $Q: left to a person\"\n"
"\tfi\n"
"}\n";

static const char epilogue[] =
"\n"
"if [ \"$APPLY\" = 1 ]; then\n"
"\tprintf 'privmap-fix: %s changed, %s failed, %s skipped\\n' "
"\"$CHANGED\" \"$FAILED\" \"$SKIPPED\"\n"
"else\n"
"\techo 'privmap-fix: nothing changed; run with --apply to make these "
"changes'\n"
"fi\n"
"[ \"$FAILED\" = 0 ]\n";

/* setuid/setgid bits the finding names: from its evidence "mode"
 * (finding_ev_mode's octal string), else both as they are found */
static const char *
setid_bits(const struct finding *f)
{
	const char *m = json_string_value(json_object_get(f->evidence, "mode"));
	unsigned long v;
	int u, g;

	if (m == NULL || *m == '\0' || strlen(m) > 6 ||
	    strspn(m, "01234567") != strlen(m))
		return "ug";
	v = strtoul(m, NULL, 8);
	u = (v & 04000) != 0;
	g = (v & 02000) != 0;
	return u && g ? "ug" : u ? "u" : g ? "g" : "ug";
}

static void
block_head(struct buf *b, const struct finding *f)
{
	buf_adds(b, "\n# ");
	output_comment(b, f->id, 40);
	buf_printf(b, " %s ", severity_name(f->sev));
	output_comment(b, f->family, 40);
	buf_addc(b, '/');
	output_comment(b, f->check, 60);
	buf_adds(b, "\n# ");
	output_comment(b, f->title, 300);
	buf_adds(b, "\n# path: ");
	output_comment(b, f->path, 300);
	buf_addc(b, '\n');
}

static void
remediation_note(struct buf *b, const struct finding *f, const char *why)
{
	const char *r = f->remediation, *nl;

	buf_printf(b, "# %s\n", why);
	if (r == NULL || *r == '\0')
		return;
	buf_adds(b, "# the check suggests (not run by this script):\n");
	while (*r) {
		nl = strchr(r, '\n');
		buf_adds(b, "#   ");
		{
			char *line = xstrndup(r, nl ? (size_t)(nl - r) :
			    strlen(r));

			output_comment(b, line, 400);
			free(line);
		}
		buf_addc(b, '\n');
		if (nl == NULL)
			break;
		r = nl + 1;
	}
}

static void
at_call(struct buf *b, const char *path, const char *fn, const char *arg)
{
	buf_adds(b, "if at ");
	output_sh_quote(b, path);
	buf_addc(b, ' ');
	sh_quote_shown(b, path);
	buf_printf(b, "; then %s \"$P\"%s%s; fi\n", fn, arg ? " " : "",
	    arg ? arg : "");
}

static const char *
ev_str(const struct finding *f, const char *key)
{
	return json_string_value(json_object_get(f->evidence, key));
}

static void
leave_group(struct buf *b, const struct report *rep, const char *group)
{
	buf_adds(b, "leave_group ");
	output_sh_quote(b, rep->user_name);
	buf_addc(b, ' ');
	output_sh_quote(b, group);
	buf_addc(b, '\n');
}

/* text the script may hold in single quotes and compare as it is:
 * printable ASCII without a backslash (docs/paths.md's escapes) */
static int
plain_text(const char *s)
{
	size_t i;

	if (s == NULL || *s == '\0' || strlen(s) > 1024)
		return 0;
	for (i = 0; s[i]; i++)
		if ((unsigned char)s[i] < ' ' || (unsigned char)s[i] >= 0x7f ||
		    s[i] == '\\')
			return 0;
	return 1;
}

/* the sudo checks whose rule itself makes the user root (checks/sudo.c);
 * sudo-writable-command is closed through the command's file instead */
static const char *const sudo_root_rules[] = {
	"sudo-all", "sudo-shell-escape", "sudo-file-write", "sudo-wildcard",
	NULL,
};

/*
 * A sudoers rule that gives the user root, written for the user alone
 * ("NAME HOSTS=..."; a group's or an alias's rule gives others root too,
 * and is left to a person): comment out exactly its line (sudo_disable).
 * 0 when the finding is not such a rule.
 */
static int
sudo_rule_commands(struct buf *b, const struct report *rep,
    const struct finding *f)
{
	const char *file = ev_str(f, "file"), *rule = ev_str(f, "rule");
	const char *target = ev_str(f, "target");
	json_t *line = json_object_get(f->evidence, "line");
	struct buf arg = { 0 };
	size_t i, ul;

	if (f->family == NULL || strcmp(f->family, "sudo") != 0 ||
	    f->sev < SEV_HIGH || f->check == NULL)
		return 0;
	for (i = 0; sudo_root_rules[i]; i++)
		if (strcmp(f->check, sudo_root_rules[i]) == 0)
			break;
	if (sudo_root_rules[i] == NULL || file == NULL || file[0] != '/' ||
	    !plain_text(file) || !plain_text(rule) || target == NULL ||
	    strcmp(target, "root") != 0 || !json_is_integer(line) ||
	    json_integer_value(line) < 1 || !plain_name(rep->user_name) ||
	    ev_str(f, "applies") != NULL)
		return 0;
	/* sudoers(5) User_List first: the user's own name, then a blank */
	ul = strlen(rep->user_name);
	if (strncmp(rule, rep->user_name, ul) != 0 ||
	    (rule[ul] != ' ' && rule[ul] != '\t'))
		return 0;
	buf_printf(&arg, "%lld ", (long long)json_integer_value(line));
	output_sh_quote(&arg, rule);
	at_call(b, file, "sudo_disable", buf_str(&arg));
	buf_free(&arg);
	return 1;
}

/*
 * dockerd's API on TCP without client certificates, from daemon.json's
 * "hosts": that element goes, every other key and element kept
 * (hosts_drop). A listener from the unit's -H is left to a person.
 */
static int
docker_hosts_commands(struct buf *b, const struct finding *f)
{
	const char *cfg = ev_str(f, "config_file"), *listen;
	struct buf lit = { 0 }, arg = { 0 };

	/* localhost-service keeps what the configuration said under
	 * "config" */
	listen = json_string_value(json_object_get(json_object_get(
	    f->evidence, "config"), "listen"));

	if (f->check == NULL || strcmp(f->check, "localhost-service") != 0 ||
	    f->sev < SEV_MEDIUM || cfg == NULL || listen == NULL ||
	    cfg[0] != '/' || !plain_text(cfg) || !plain_text(listen) ||
	    strncmp(listen, "tcp://", 6) != 0 || strchr(listen, '"') ||
	    !has_proper_suffix(cfg, "/daemon.json"))
		return 0;
	buf_printf(&lit, "\"%s\"", listen);
	output_sh_quote(&arg, buf_str(&lit));
	at_call(b, cfg, "hosts_drop", buf_str(&arg));
	buf_free(&lit);
	buf_free(&arg);
	return 1;
}

/*
 * The commands for one deny entry; 0 if it has none. Beyond the entry's
 * own target, the evidence may name what gives the user its hold: a
 * writable directory the path can be replaced from ("writable_directory"),
 * a set-id or capability program the user can modify ("user_can_modify"),
 * the supplementary group a socket is reached through (its "gid" among
 * the user's groups).
 */
static int
entry_commands(struct buf *b, const struct report *rep, const struct deny *d)
{
	const struct finding *f = d->f;
	const char *wdir = ev_str(f, "writable_directory");
	json_t *gid = json_object_get(f->evidence, "gid");
	int any = 0;
	size_t i;

	/* how is the entry's (report.h): by its action, for a program by
	 * what its family's check knows of it */
	switch (d->fix) {
	case FIX_NO_WRITE:
	case FIX_NO_READ:
		if (d->target[0] != '/')
			return 0;
		at_call(b, d->target, d->fix == FIX_NO_WRITE ? "no_write" :
		    "no_read", NULL);
		any = 1;
		break;
	case FIX_NO_CONNECT:
		/* connect(2) to a unix socket needs write permission on it
		 * (unix(7)); a group is left rather than closed for all */
		if (d->target[0] != '/')
			return 0;
		if (json_is_integer(gid) && plain_name(rep->user_name))
			for (i = 0; i < rep->ngroups; i++)
				if (rep->groups[i].gid ==
				    (gid_t)json_integer_value(gid) &&
				    rep->groups[i].gid != rep->gid &&
				    plain_name(rep->groups[i].name))
					leave_group(b, rep, rep->groups[i].name);
		at_call(b, d->target, "no_write", "keep-group");
		any = 1;
		break;
	case FIX_NO_SETID:
	case FIX_NO_CAPS:
		if (d->target[0] != '/')
			return 0;
		if (d->fix == FIX_NO_SETID)
			at_call(b, d->target, "no_setid", setid_bits(f));
		else
			at_call(b, d->target, "no_caps", NULL);
		if (ev_str(f, "user_can_modify") != NULL)
			at_call(b, d->target, "no_write", NULL);
		any = 1;
		break;
	case FIX_LEAVE_GROUP:
		if (!plain_name(rep->user_name) || !plain_name(d->target))
			return 0;
		leave_group(b, rep, d->target);
		return 1;
	default:
		return 0;
	}
	if (any && wdir != NULL && wdir[0] == '/') {
		/* evidence is JSON: text from the target in docs/paths.md's
		 * form, the bytes back for the script */
		char *raw = pathenc_decode(wdir, strlen(wdir));

		if (raw == NULL)
			raw = xstrdup(wdir);

		at_call(b, raw, "no_write", NULL);
		free(raw);
	}
	return any;
}

/* USER_UID and USER_GIDS: whose access the commands below take away */
static void
user_vars(struct buf *b, const struct report *rep)
{
	/* the user's gids, as numbers: find -group takes them */
	struct buf g = { 0 };
	size_t i;

	buf_printf(b, "USER_UID=%lu\n", (unsigned long)rep->uid);
	if (rep->gid != (gid_t)-1)
		buf_printf(&g, "%lu", (unsigned long)rep->gid);
	for (i = 0; i < rep->ngroups; i++)
		if (rep->groups[i].gid != rep->gid)
			buf_printf(&g, "%s%lu", g.len ? " " : "",
			    (unsigned long)rep->groups[i].gid);
	buf_adds(b, "USER_GIDS=");
	output_sh_quote(b, g.len ? buf_str(&g) : "");
	buf_addc(b, '\n');
	buf_free(&g);
}

/* one finding's block: its entries are d[lo..hi) */
static void
fix_block(struct buf *b, const struct report *rep, const struct finding *f,
    const struct deny *d, size_t lo, size_t hi)
{
	int any = 0;

	block_head(b, f);
	buf_adds(b, "finding ");
	output_sh_quote(b, f->id ? f->id : "?");
	buf_addc(b, '\n');
	/* only what the check named: an entry implied by the family alone
	 * says nothing of how the user holds the path */
	any |= sudo_rule_commands(b, rep, f);
	any |= docker_hosts_commands(b, f);
	for (; lo < hi; lo++)
		if (!d[lo].derived)
			any |= entry_commands(b, rep, &d[lo]);
	if (!any)
		remediation_note(b, f, "no change this script can make safely "
		    "on its own:");
}

/* the cut's findings judged as another identity, closed as it: the
 * block's user is that identity (its uid, groups and name) */
static void
fix_cut_other(struct buf *b, const struct report *rep, struct finding *f,
    const struct graph_node *as)
{
	struct report tmp = *rep, one;
	struct report_group *gr;
	struct deny *d = NULL;
	size_t n, j;

	tmp.user_name = as->kind == GRANT_USER ? as->name : NULL;
	tmp.uid = as->kind == GRANT_USER && as->id != GRANT_ID_UNKNOWN ?
	    (uid_t)as->id : (uid_t)4294967294U;
	tmp.gid = as->ngids ? (gid_t)as->gids[0] : (gid_t)-1;
	gr = xcalloc(as->ngids + 1, sizeof *gr);
	for (j = 0; j < as->ngids; j++)
		gr[j].gid = (gid_t)as->gids[j];
	tmp.groups = gr;
	tmp.ngroups = as->ngids;
	memset(&one, 0, sizeof one);
	one.findings = &f;
	one.nfindings = 1;
	n = deny_collect(&one, &d);
	buf_adds(b, "\n# judged as ");
	output_comment(b, as->key, 300);
	buf_adds(b, ", not as the scanned user: its commands act for it\n");
	user_vars(b, &tmp);
	fix_block(b, &tmp, f, d, 0, n);
	user_vars(b, rep);
	deny_free(d, n);
	free(gr);
}

static void
fix_cut_others(struct buf *b, const struct report *rep,
    const struct graph_index *x)
{
	const struct graph *g = rep->graph;
	struct strmap own = { 0 };
	size_t i, k;

	/* the graph's own findings by id: the first of each */
	for (k = 0; k < g->nfindings; k++)
		strmap_adds(&own, g->findings[k]->id, k, NULL);
	for (i = 0; i < g->ncut; i++)
		if ((k = strmap_gets(&own, g->cut[i])) != STRMAP_NONE &&
		    graph_index_finding(x, g->cut[i]) == g->findings[k])
			fix_cut_other(b, rep, g->findings[k],
			    &g->nodes[g->as[k]]);
	strmap_free(&own);
}

/* every block, the cut's first (d holds each finding's entries
 * together, in report order) */
static void
fix_blocks(struct buf *b, const struct report *rep, const struct deny *d,
    size_t n)
{
	size_t *lo = xcalloc(rep->nfindings + 1, sizeof *lo);
	size_t *hi = xcalloc(rep->nfindings + 1, sizeof *hi);
	size_t i, j, pass;
	struct graph_index x;
	int cut;

	graph_index_init(&x, rep);
	for (i = 0, j = 0; i < rep->nfindings; i++) {
		lo[i] = j;
		while (j < n && d[j].f == rep->findings[i])
			j++;
		hi[i] = j;
	}
	if (rep->graph != NULL && rep->graph->ncut > 0) {
		buf_printf(b, "\n# The escalation graph's cut comes first: "
		    "closing %s %zu finding%s\n# leaves no path to root (%zu "
		    "closed).\n", rep->graph->ncut == 1 ? "this" : "these",
		    rep->graph->ncut, rep->graph->ncut == 1 ? "" : "s",
		    rep->graph->paths_total);
		fix_cut_others(b, rep, &x);
	}
	for (pass = 0; pass < 2; pass++)
		for (i = 0; i < rep->nfindings; i++) {
			cut = graph_index_in_cut(&x, rep->findings[i]->id ?
			    rep->findings[i]->id : "");
			if (cut == (pass == 0))
				fix_block(b, rep, rep->findings[i], d, lo[i],
				    hi[i]);
		}
	graph_index_free(&x);
	free(lo);
	free(hi);
}

int
output_fix(const struct report *rep, FILE *fp, const char **why)
{
	struct buf b = { 0 };
	struct deny *d = NULL;
	char *root = NULL;
	size_t n, len;
	int image = 0, rv;

	if (rep->kind != NULL && strcmp(rep->kind, "image") == 0)
		image = 1;
	else if (rep->kind != NULL && strcmp(rep->kind, "host") == 0)
		root = xstrdup("");
	else {
		if (rep->root == NULL || rep->root[0] != '/') {
			*why = "the report's target root is not an absolute "
			    "path";
			return -1;
		}
		root = xstrdup(rep->root);
		len = strlen(root);
		while (len > 0 && root[len - 1] == '/')
			root[--len] = '\0';
		/* ROOT='' is the live host's script: a rootfs report must
		 * not become one while its header says rootfs */
		if (len == 0) {
			*why = "the report's target is a root filesystem at /: "
			    "scan the host itself (no --root) for a script "
			    "that acts on it";
			free(root);
			return -1;
		}
	}

	buf_adds(&b, "#!/bin/sh\n# privmap remediation script, generated from"
	    " a privmap report.\n# target: ");
	output_target(&b, rep);
	buf_adds(&b, "\n");
	buf_adds(&b, "#\n# Without --apply this prints what it would change. "
	    "With --apply it makes\n# the least disruptive change that "
	    "closes each finding below, and nothing\n# else; a change "
	    "already made is skipped, so it can run again. Read it\n# "
	    "first: a change can break what relied on the old state.\n\n");
	buf_adds(&b, "ROOT=");
	output_sh_quote(&b, root ? root : "");
	buf_adds(&b, "\nROOT_SHOWN=");
	sh_quote_shown(&b, root ? root : "");
	buf_printf(&b, "\nIMAGE=%d\n", image);
	user_vars(&b, rep);
	buf_adds(&b, prologue);

	n = deny_collect(rep, &d);
	fix_blocks(&b, rep, d, n);
	if (rep->nfindings == 0)
		buf_adds(&b, "\n# no findings: nothing to change\n");
	buf_adds(&b, epilogue);
	rv = output_write(fp, b.data, b.len, why);
	buf_free(&b);
	deny_free(d, n);
	free(root);
	return rv;
}
