/*
 * pathconf.h: the files that set which directories root's programs come
 * from: PATH values (pam_env's /etc/environment, login.defs' ENV_SUPATH
 * and ENV_PATH, literal PATH assignments in shell startup files; cron's
 * PATH lines are parse/crontab.c's), the dynamic linker's directories
 * (ld.so.conf with its include globs, musl's ld-musl-ARCH.path) and
 * /etc/ld.so.preload. Each
 * parser takes a buffer and appends what it found, with line numbers, to
 * a list; malformed lines go to a callback and are skipped. Nothing here
 * reads a file, follows an include, or evaluates shell code.
 */
#ifndef PRIVMAP_PATHCONF_H
#define PRIVMAP_PATHCONF_H

#include <stddef.h>

#include "parse/err.h"

/* PATH elements, library directories and file patterns kept per parse */
#define PATHCONF_MAX_ITEMS	4096

enum pathconf_kind {
	PC_DIR,			/* an absolute directory */
	PC_RELATIVE,		/* a PATH element that is not absolute: "",
				   ".", "bin": the current directory counts */
	PC_INCLUDE,		/* ld.so.conf "include" pattern, as written */
	PC_FILE,		/* an ld.so.preload entry */
};

struct pathconf_item {
	enum pathconf_kind	 kind;
	char			*value;		/* absolute ones normalised:
						   no repeated or trailing
						   slashes */
	unsigned		 line;
	char			*key;		/* the variable or directive:
						   "PATH", "ENV_SUPATH",
						   "include"; may be NULL */
};

struct pathconf {
	struct pathconf_item	*v;
	size_t			 n;
	int			 truncated;	/* PATHCONF_MAX_ITEMS reached */
};

void	pathconf_free(struct pathconf *);

/* Split a PATH value (n bytes) at ':' into items of line and key. An
 * element holding '$' or '`', or starting with '~', is an expansion
 * privmap does not evaluate: skipped. */
void	pathconf_split(struct pathconf *, const char *value, size_t n,
	    unsigned line, const char *key);

/* pam_env(8)'s /etc/environment: KEY=VALUE lines, optional "export ",
 * one level of quotes, '#' comments; the PATH values. */
size_t	pathconf_environment(struct pathconf *, const char *buf, size_t len,
	    parse_err_fn, void *ctx);
/* login.defs(5): "ENV_SUPATH PATH=/usr/sbin:..." (the "PATH=" may be
 * left out; the value may be quoted); key is ENV_SUPATH or ENV_PATH. */
size_t	pathconf_login_defs(struct pathconf *, const char *buf, size_t len,
	    const char *key, parse_err_fn, void *ctx);
/* Literal PATH= assignments in sh code ("PATH=...", "export PATH=...",
 * quoted or not), in whatever branch: the directories a shell startup
 * file may set. Expansions are skipped element by element. */
size_t	pathconf_shell(struct pathconf *, const char *buf, size_t len,
	    parse_err_fn, void *ctx);
/* ld.so.conf(5) as glibc's ldconfig reads it (elf/ldconfig.c,
 * parse_conf): '#' to the end of a line is a comment; "include PATTERN
 * ..." (PC_INCLUDE items, to be globbed by the caller relative to the
 * file's directory); "hwcap" lines are ignored; any other line is one
 * directory, trailing blanks and slashes dropped, a legacy "=TYPE" suffix
 * (ldconfig(8)) removed. */
size_t	pathconf_ldso_conf(struct pathconf *, const char *buf, size_t len,
	    parse_err_fn, void *ctx);
/* ld.so(8) /etc/ld.so.preload: shared objects separated by blanks,
 * newlines or colons (PC_FILE; a bare name without '/' is kept as
 * PC_RELATIVE: ld.so searches for it). */
size_t	pathconf_preload(struct pathconf *, const char *buf, size_t len,
	    parse_err_fn, void *ctx);
/* musl's /etc/ld-musl-ARCH.path: directories separated by colons or
 * newlines (musl ldso/dynlink.c). */
size_t	pathconf_musl_path(struct pathconf *, const char *buf, size_t len,
	    parse_err_fn, void *ctx);

/* The normalised parse, one "line<TAB>kind<TAB>key<TAB>value" a line
 * (allocated). */
char	*pathconf_print(const struct pathconf *);

#endif
