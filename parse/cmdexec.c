/*
 * cmdexec.c: what a shell command or an argv runs (see cmdexec.h).
 * Reads text only: never executes, never globs, never opens a file. The
 * shell grammar followed is POSIX sh's (XCU 2.3 token recognition, 2.6
 * expansions, 2.9 commands) as far as a static reader can go; wrappers
 * and interpreters are recognised by base name with their documented
 * options (coreutils nice/timeout/env/stdbuf, util-linux
 * flock/ionice/setsid/runuser/su, debianutils run-parts(8), moreutils
 * chronic, sudo(8), and each interpreter's own manual page).
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "parse/cmdexec.h"
#include "lib/buf.h"
#include "lib/path.h"
#include "lib/xmalloc.h"

#define CX_MAX_DEPTH	8	/* nested sh -c, $(...), eval, wrappers */
#define CX_MAX_ITEMS	512
#define CX_MAX_WORDS	4096	/* words in one simple command */
#define CX_MAX_VARS	256	/* variables a command sets itself */
#define CX_MAX_NEST	64	/* ( subshells ) open at once */
#define CX_MAX_HEREDOC	16
#define CX_MAX_FUNCS	256	/* functions one text defines */

enum {
	W_QUOTED = 0x01,	/* some part was quoted or escaped */
	W_GLOB = 0x02,		/* unquoted * ? [ */
	W_DYN = 0x04,		/* an expansion privmap could not resolve */
	W_ASSIGN = 0x08,	/* NAME=value */
};

struct word {
	char		*s;
	unsigned	 flags;
	size_t		 namelen;	/* W_ASSIGN: length of NAME */
};

struct var {
	char	*name;
	char	*value;			/* NULL: set to something unknown */
};

struct vars {
	struct var		*v;
	size_t			 n;
	const struct vars	*parent;
};

enum tk_type { TK_END, TK_WORD, TK_OP, TK_REDIR };
enum op {
	OP_SEMI, OP_AMP, OP_AND, OP_OR, OP_PIPE, OP_LPAREN, OP_RPAREN, OP_NL,
	OP_DSEMI,
};
enum rd { RD_PLAIN, RD_HEREDOC, RD_HEREDOC_STRIP };

struct token {
	enum tk_type	 type;
	enum op		 op;
	enum rd		 rd;
	int		 rd_out;	/* TK_REDIR: opens its file for
					   writing (>, >>, >|, >&, <>, &>) */
	struct word	 w;
};

struct sh {
	const char		*p;
	const char		*end;
	const struct cx_opts	*o;
	struct cx_list		*out;
	struct vars		 vars;
	char			*cwd;		/* NULL: unknown */
	int			 depth;
	const char		*runs_as;	/* inherited from sudo/su */
	const char		*search_path;	/* inherited PATH override */
	const char		*via;		/* inherited wrapper */
	const char		*why;		/* a syntax error: stop */
	char			*heredoc[CX_MAX_HEREDOC];
	int			 heredoc_strip[CX_MAX_HEREDOC];
	size_t			 nheredoc;
};

/* What a wrapper passes down to the command it runs. */
struct ctx {
	const char	*via;
	const char	*search_path;
	const char	*runs_as;
	int		 no_program;	/* argv[0] is an applet, not a file */
	int		 exec_direct;	/* exec'd, not read by a shell: no
					   builtins */
};

static int	sh_run(struct sh *);
static void	analyze(struct sh *, struct word *, size_t, const struct ctx *);
static void	drop_func_calls(struct cx_list *);
static void	skip_arith(struct sh *);
static void	sub_shell(struct sh *, const char *, size_t,
		    const struct ctx *);
static void	run_string(struct sh *, const struct word *,
		    const struct ctx *);

static void
incomplete(struct sh *sh, const char *why)
{
	if (!sh->out->incomplete)
		sh->out->why = why;
	sh->out->incomplete = 1;
}

const char *
cx_role_name(enum cx_role r)
{
	switch (r) {
	case CX_PROGRAM:
		return "program";
	case CX_SCRIPT:
		return "script";
	case CX_SOURCED:
		return "sourced file";
	case CX_RUNPARTS:
		return "run-parts directory";
	case CX_REDIRECT:
		return "redirection";
	}
	return "?";
}

char *
cx_path_fold(const char *cwd, const char *path)
{
	struct buf b = { 0 };
	const char *s, *e;
	char *full;

	if (path[0] == '/' || cwd == NULL)
		full = xstrdup(path);
	else
		full = path_join(cwd, path);
	buf_addc(&b, '/');
	for (s = full; *s; s = e) {
		size_t n;

		while (*s == '/')
			s++;
		e = strchr(s, '/');
		if (e == NULL)
			e = s + strlen(s);
		n = (size_t)(e - s);
		if (n == 0 || (n == 1 && s[0] == '.'))
			continue;
		if (n == 2 && s[0] == '.' && s[1] == '.') {
			/* lexical "..": drop the last component */
			while (b.len > 1 && b.data[b.len - 1] != '/')
				b.len--;
			if (b.len > 1)
				b.len--;
			b.data[b.len] = '\0';
			continue;
		}
		if (b.len > 1)
			buf_addc(&b, '/');
		buf_add(&b, s, n);
	}
	free(full);
	return buf_str(&b);
}

/*
 * POSIX special built-ins and the regular built-ins dash and bash both
 * carry (XCU 2.14; dash(1) "Builtins"; bash(1) "SHELL BUILTIN COMMANDS"):
 * they run inside the shell, so no file is executed. echo, printf, test,
 * kill, pwd, true and false exist as files too, but a shell never looks
 * them up.
 */
static const char *const builtins[] = {
	":", ".", "[", "[[", "]]", "alias", "bg", "bind", "break", "builtin",
	"caller", "cd", "command", "compgen", "complete", "continue",
	"declare", "dirs", "disown", "echo", "enable", "eval", "exec", "exit",
	"export", "false", "fc", "fg", "getopts", "hash", "help", "history",
	"jobs", "kill", "let", "local", "logout", "mapfile", "popd",
	"printf", "pushd", "pwd", "read", "readarray", "readonly", "return",
	"set", "shift", "shopt", "source", "suspend", "test", "times", "trap",
	"true", "type", "typeset", "ulimit", "umask", "unalias", "unset",
	"wait", NULL,
};

int
cx_is_builtin(const char *name)
{
	size_t i;

	for (i = 0; builtins[i]; i++)
		if (strcmp(builtins[i], name) == 0)
			return 1;
	return 0;
}

/* reserved words that may open a command position (XCU 2.4) */
static int
is_reserved(const char *s)
{
	static const char *const rw[] = {
		"!", "{", "}", "if", "then", "else", "elif", "fi", "do",
		"done", "while", "until", "for", "case", "esac", "in",
		"function", "select", NULL,
	};
	size_t i;

	for (i = 0; rw[i]; i++)
		if (strcmp(rw[i], s) == 0)
			return 1;
	return 0;
}

/* --- variables ------------------------------------------------------ */

static const char *
var_lookup(const struct sh *sh, const char *name, size_t n, int *found)
{
	const struct vars *vs;
	size_t i;

	for (vs = &sh->vars; vs; vs = vs->parent)
		for (i = vs->n; i-- > 0;)
			if (strlen(vs->v[i].name) == n &&
			    memcmp(vs->v[i].name, name, n) == 0) {
				*found = 1;
				return vs->v[i].value;
			}
	*found = 0;
	if (sh->o->var)
		return sh->o->var(sh->o->ctx, name, n);
	return NULL;
}

static const char *
var_get(const struct sh *sh, const char *name, size_t n)
{
	int found;

	return var_lookup(sh, name, n, &found);
}

static void
var_set(struct sh *sh, const char *name, size_t n, const char *value)
{
	struct vars *vs = &sh->vars;
	size_t i;

	for (i = 0; i < vs->n; i++)
		if (strlen(vs->v[i].name) == n &&
		    memcmp(vs->v[i].name, name, n) == 0) {
			free(vs->v[i].value);
			vs->v[i].value = value ? xstrdup(value) : NULL;
			return;
		}
	if (vs->n >= CX_MAX_VARS) {
		incomplete(sh, "too many variables set in the command");
		return;
	}
	vs->v = xreallocarray(vs->v, vs->n + 1, sizeof(*vs->v));
	vs->v[vs->n].name = xstrndup(name, n);
	vs->v[vs->n].value = value ? xstrdup(value) : NULL;
	vs->n++;
}

static void
vars_free(struct vars *vs)
{
	size_t i;

	for (i = 0; i < vs->n; i++) {
		free(vs->v[i].name);
		free(vs->v[i].value);
	}
	free(vs->v);
	vs->v = NULL;
	vs->n = 0;
}

static int
is_name_start(int c)
{
	return c == '_' || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
}

static int
is_name_char(int c)
{
	return is_name_start(c) || (c >= '0' && c <= '9');
}

/* --- items ---------------------------------------------------------- */

static void
word_free(struct word *w)
{
	free(w->s);
	w->s = NULL;
}

static int
same(const char *a, const char *b)
{
	if (a == NULL || b == NULL)
		return a == b;
	return strcmp(a, b) == 0;
}

/* The directory a glob reads: the path up to the component holding the
 * first pattern character. */
static char *
glob_dir(const char *path)
{
	size_t i = strcspn(path, "*?[");
	const char *slash;

	slash = path + i;
	while (slash > path && *slash != '/')
		slash--;
	if (slash == path)
		return xstrdup("/");
	return xstrndup(path, (size_t)(slash - path));
}

static struct cx_item *
emit(struct sh *sh, enum cx_role role, const struct word *w,
    const struct ctx *x)
{
	struct cx_list *l = sh->out;
	struct cx_item it;
	const char *sp;
	size_t i;
	int found;

	if (w->flags & W_DYN) {
		incomplete(sh, "a command word depends on a variable or "
		    "command output privmap cannot resolve");
		return NULL;
	}
	if (w->s[0] == '\0')
		return NULL;
	memset(&it, 0, sizeof(it));
	it.role = role;
	if ((role == CX_PROGRAM || role == CX_SOURCED) &&
	    strchr(w->s, '/') == NULL && !(w->flags & W_GLOB))
		it.bare = 1;
	sp = x->search_path;
	if (it.bare && sp == NULL) {
		/* the text's own PATH=... (a script's): its lookups use it */
		sp = var_lookup(sh, "PATH", 4, &found);
		if (!found)
			sp = NULL;
		else if (sp == NULL)
			incomplete(sh, "PATH set to a value privmap cannot "
			    "resolve");
	}
	if (!it.bare) {
		if (w->s[0] != '/' && sh->cwd == NULL) {
			incomplete(sh, "a relative path under an unknown "
			    "working directory");
			return NULL;
		}
		it.path = cx_path_fold(sh->cwd, w->s);
		if (w->flags & W_GLOB) {
			char *d = glob_dir(it.path);

			free(it.path);
			it.path = d;
			it.glob = 1;
		}
	}
	for (i = 0; i < l->n && !(sh->out->args &&
	    role == CX_PROGRAM); i++) {
		struct cx_item *o = &l->v[i];

		if (o->role == role && o->bare == it.bare &&
		    same(o->path, it.path) && strcmp(o->word, w->s) == 0 &&
		    same(o->via, x->via) && same(o->runs_as, x->runs_as) &&
		    same(o->search_path, sp)) {
			free(it.path);
			return NULL;
		}
	}
	if (l->n >= CX_MAX_ITEMS) {
		free(it.path);
		incomplete(sh, "too many commands");
		return NULL;
	}
	it.word = xstrdup(w->s);
	it.via = x->via ? xstrdup(x->via) : NULL;
	it.runs_as = x->runs_as ? xstrdup(x->runs_as) : NULL;
	it.search_path = sp ? xstrdup(sp) : NULL;
	l->v = xreallocarray(l->v, l->n + 1, sizeof(*l->v));
	l->v[l->n] = it;
	return &l->v[l->n++];
}

/* --- tokens --------------------------------------------------------- */

/* Index of the close closing the open just before p, or NULL. Quotes,
 * escapes and backquotes are skipped; nesting counted. */
static const char *
find_pair(const char *p, const char *end, char open, char close)
{
	int depth = 1;

	while (p < end) {
		switch (*p) {
		case '\\':
			p += 2;
			continue;
		case '\'':
			p = memchr(p + 1, '\'', (size_t)(end - p - 1));
			if (p == NULL)
				return NULL;
			break;
		case '"':
			for (p++; p < end && *p != '"'; p++)
				if (*p == '\\')
					p++;
			if (p >= end)
				return NULL;
			break;
		case '`':
			for (p++; p < end && *p != '`'; p++)
				if (*p == '\\')
					p++;
			if (p >= end)
				return NULL;
			break;
		default:
			/* inside ${...} only another ${ nests (bash's
			 * parse_matched_pair; ${a%%[{]*} is one) */
			if (*p == open && (open != '{' || p[-1] == '$'))
				depth++;
			else if (*p == close && --depth == 0)
				return p;
			break;
		}
		p++;
	}
	return NULL;
}

static const char *
find_close(const char *p, const char *end)
{
	return find_pair(p, end, '(', ')');
}

/* Append a variable's value, or mark the word dynamic. Outside double
 * quotes the value's pattern characters glob (XCU 2.6.6). */
static void
add_var(struct sh *sh, struct buf *b, unsigned *flags, const char *name,
    size_t n, int in_dq)
{
	const char *v = var_get(sh, name, n);

	if (v == NULL) {
		*flags |= W_DYN;
		return;
	}
	if (!in_dq && strpbrk(v, "*?["))
		*flags |= W_GLOB;
	buf_adds(b, v);
}

/* ${...}: the forms a path can be built from; the rest is dynamic. */
static void
expand_brace(struct sh *sh, struct buf *b, unsigned *flags, const char *s,
    size_t n, int in_dq)
{
	size_t i = 0;
	const char *v;
	int found, colon = 0;

	if (n == 0 || !is_name_start((unsigned char)s[0])) {
		*flags |= W_DYN;
		return;
	}
	while (i < n && is_name_char((unsigned char)s[i]))
		i++;
	if (i == n) {
		add_var(sh, b, flags, s, n, in_dq);
		return;
	}
	v = var_lookup(sh, s, i, &found);
	if (s[i] == ':') {
		colon = 1;
		i++;
	}
	if (i >= n) {
		*flags |= W_DYN;
		return;
	}
	if (s[i] == '-' || s[i] == '=' || s[i] == '+') {
		const char *word = s + i + 1;
		size_t wn = n - i - 1;
		int set = v != NULL && (!colon || *v);
		int plain = memchr(word, '$', wn) == NULL &&
		    memchr(word, '`', wn) == NULL;

		if (v == NULL && found) {
			/* set by the command to something unknown */
			*flags |= W_DYN;
			return;
		}
		if (s[i] == '+') {
			/* ${NAME:+word}: word if set, else nothing */
			if (!set)
				return;
		} else if (set) {
			buf_adds(b, v);
			return;
		}
		/* not set (the caller's lookup is the whole environment):
		 * the word, if it needs no expansion itself */
		if (!plain) {
			*flags |= W_DYN;
			return;
		}
		buf_add(b, word, wn);
		return;
	}
	*flags |= W_DYN;
}

/* p at '$'; returns the position after the expansion. */
static const char *
expand(struct sh *sh, const char *p, struct buf *b, unsigned *flags,
    int in_dq)
{
	const char *end = sh->end, *q;

	if (p + 1 >= end) {
		buf_addc(b, '$');
		return p + 1;
	}
	switch (p[1]) {
	case '(':
		*flags |= W_DYN;
		if (p + 2 < end && p[2] == '(') {
			/* $(( arithmetic )): the ')' closing the inner '('
			 * then the outer's */
			q = find_close(p + 3, end);
			if (q == NULL || q + 1 >= end || q[1] != ')') {
				sh->why = "unterminated $((";
				return end;
			}
			return q + 2;
		}
		q = find_close(p + 2, end);
		if (q == NULL) {
			sh->why = "unterminated $(";
			return end;
		}
		sub_shell(sh, p + 2, (size_t)(q - p - 2), NULL);
		return q + 1;
	case '{':
		/* the '}' that closes it: ${a%"${b}"} nests */
		q = find_pair(p + 2, end, '{', '}');
		if (q == NULL) {
			sh->why = "unterminated ${";
			return end;
		}
		expand_brace(sh, b, flags, p + 2, (size_t)(q - p - 2), in_dq);
		return q + 1;
	default:
		break;
	}
	if (is_name_start((unsigned char)p[1])) {
		q = p + 1;
		while (q < end && is_name_char((unsigned char)*q))
			q++;
		add_var(sh, b, flags, p + 1, (size_t)(q - p - 1), in_dq);
		return q;
	}
	if (isdigit((unsigned char)p[1]) || strchr("@*#?-$!", p[1])) {
		*flags |= W_DYN;
		return p + 2;
	}
	buf_addc(b, '$');
	return p + 1;
}

/* p at '`'; runs what is inside as a command substitution. */
static const char *
backquote(struct sh *sh, const char *p, unsigned *flags)
{
	struct buf in = { 0 };
	const char *q;

	for (q = p + 1; q < sh->end && *q != '`'; q++) {
		if (*q == '\\' && q + 1 < sh->end &&
		    strchr("`\\$", q[1])) {
			buf_addc(&in, q[1]);
			q++;
			continue;
		}
		buf_addc(&in, *q);
	}
	if (q >= sh->end) {
		buf_free(&in);
		sh->why = "unterminated backquote";
		return sh->end;
	}
	*flags |= W_DYN;
	if (in.len)
		sub_shell(sh, in.data, in.len, NULL);
	buf_free(&in);
	return q + 1;
}

static int
is_meta(int c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == ';' || c == '&' ||
	    c == '|' || c == '(' || c == ')' || c == '<' || c == '>';
}

/* bash's extglob ?(...) *(...) +(...) @(...) !(...) at p: one pattern,
 * not a subshell; returns just past it, or NULL */
static const char *
extglob(const char *p, const char *end)
{
	const char *q;

	if (strchr("?*+@!", *p) == NULL || p + 1 >= end || p[1] != '(' ||
	    (q = find_close(p + 2, end)) == NULL)
		return NULL;
	return q + 1;
}

/* bash's NAME=(list) with p at '(': an array, its value left unknown */
static const char *
array_value(struct sh *sh, const char *p, struct word *w)
{
	const char *q = find_close(p + 1, sh->end);

	w->flags |= W_DYN;
	if (q == NULL) {
		sh->why = "unterminated array assignment";
		return sh->end;
	}
	return q + 1;
}

/* "...": p at the opening quote; returns just past the closing one
 * (sh->why set if there is none) */
static const char *
read_dquote(struct sh *sh, const char *p, struct buf *b, unsigned *flags)
{
	const char *end = sh->end;

	for (p++; p < end && *p != '"' && sh->why == NULL;) {
		if (*p == '\\' && p + 1 < end && strchr("$`\"\\\n", p[1])) {
			if (p[1] != '\n')
				buf_addc(b, p[1]);
			p += 2;
		} else if (*p == '$') {
			p = expand(sh, p, b, flags, 1);
		} else if (*p == '`') {
			p = backquote(sh, p, flags);
		} else {
			buf_addc(b, *p++);
		}
	}
	if (sh->why)
		return p;
	if (p >= end) {
		sh->why = "unterminated double quote";
		return p;
	}
	return p + 1;
}

/* Read one word at sh->p into w (XCU 2.3 rules 4-8, then quote removal
 * and the expansions of 2.6 that can be done without running anything). */
static void
read_word(struct sh *sh, struct word *w)
{
	struct buf b = { 0 };
	const char *p = sh->p, *end = sh->end, *q;
	int name_ok = 1;

	w->flags = 0;
	w->namelen = 0;
	buf_add(&b, "", 0);
	while (p < end && !is_meta((unsigned char)*p) && sh->why == NULL) {
		char c = *p;

		if (c == '\\') {
			name_ok = 0;
			if (p + 1 >= end) {
				buf_addc(&b, '\\');
				p++;
				continue;
			}
			if (p[1] != '\n')
				buf_addc(&b, p[1]);
			w->flags |= W_QUOTED;
			p += 2;
			continue;
		}
		if (c == '\'') {
			q = memchr(p + 1, '\'', (size_t)(end - p - 1));
			if (q == NULL) {
				sh->why = "unterminated single quote";
				break;
			}
			buf_add(&b, p + 1, (size_t)(q - p - 1));
			w->flags |= W_QUOTED;
			name_ok = 0;
			p = q + 1;
			continue;
		}
		if (c == '"') {
			w->flags |= W_QUOTED;
			name_ok = 0;
			p = read_dquote(sh, p, &b, &w->flags);
			if (sh->why)
				break;
			continue;
		}
		if (c == '$') {
			name_ok = 0;
			p = expand(sh, p, &b, &w->flags, 0);
			continue;
		}
		if (c == '`') {
			name_ok = 0;
			p = backquote(sh, p, &w->flags);
			continue;
		}
		if (c == '+' && p + 1 < end && p[1] == '=' && name_ok &&
		    b.len > 0 && !(w->flags & W_ASSIGN)) {
			/* bash's NAME+=value appends: the result is not
			 * known here */
			w->flags |= W_ASSIGN | W_DYN;
			w->namelen = b.len;
			name_ok = 0;
			buf_addc(&b, '=');
			p += 2;
			continue;
		}
		if (c == '=' && name_ok && b.len > 0 &&
		    !(w->flags & W_ASSIGN)) {
			w->flags |= W_ASSIGN;
			w->namelen = b.len;
			name_ok = 0;
			buf_addc(&b, '=');
			p++;
			continue;
		}
		if (c == '~' && !(w->flags & W_QUOTED) && (b.len == 0 ||
		    ((w->flags & W_ASSIGN) && (b.len == w->namelen + 1 ||
		    b.data[b.len - 1] == ':')))) {
			/* tilde prefix (XCU 2.6.1): ~ or ~/...; ~user is not
			 * resolved */
			if (p + 1 >= end || p[1] == '/' || p[1] == ':' ||
			    is_meta((unsigned char)p[1])) {
				if (sh->o->home)
					buf_adds(&b, sh->o->home);
				else
					w->flags |= W_DYN;
				p++;
				name_ok = 0;
				continue;
			}
			w->flags |= W_DYN;
		}
		if ((q = extglob(p, end)) != NULL) {
			buf_add(&b, p, (size_t)(q - p));
			w->flags |= W_GLOB;
			name_ok = 0;
			p = q;
			continue;
		}
		if (c == '*' || c == '?' || c == '[')
			w->flags |= W_GLOB;
		if (name_ok && !(is_name_char((unsigned char)c) &&
		    (b.len > 0 || !isdigit((unsigned char)c))))
			name_ok = 0;
		if (c == '\0') {
			/* what sh -c is handed stops at a NUL */
			p = end;
			break;
		}
		buf_addc(&b, c);
		p++;
	}
	if ((w->flags & W_ASSIGN) && b.len == w->namelen + 1 && p < end &&
	    *p == '(' && sh->why == NULL)
		p = array_value(sh, p, w);
	sh->p = p;
	w->s = buf_str(&b);
}

static int
all_digits(const char *s)
{
	if (*s == '\0')
		return 0;
	for (; *s; s++)
		if (!isdigit((unsigned char)*s))
			return 0;
	return 1;
}

/* sh->p at '<', '>' or "&>": consume the operator; *out: it writes. */
static enum rd
read_redir(struct sh *sh, int *out)
{
	const char *p = sh->p, *end = sh->end;
	enum rd rd = RD_PLAIN;

	*out = *p != '<' || (p + 1 < end && p[1] == '>');
	if (*p == '&') {
		p++;		/* &> and &>> */
		p++;
		if (p < end && *p == '>')
			p++;
	} else if (*p == '<') {
		p++;
		if (p < end && *p == '<') {
			p++;
			if (p < end && *p == '<') {
				p++;			/* <<< here-string */
			} else if (p < end && *p == '-') {
				p++;
				rd = RD_HEREDOC_STRIP;
			} else {
				rd = RD_HEREDOC;
			}
		} else if (p < end && (*p == '&' || *p == '>')) {
			p++;
		}
	} else {
		p++;
		if (p < end && (*p == '>' || *p == '&' || *p == '|'))
			p++;
	}
	sh->p = p;
	return rd;
}

static void
skip_heredocs(struct sh *sh)
{
	size_t i;

	for (i = 0; i < sh->nheredoc; i++) {
		const char *delim = sh->heredoc[i];
		size_t dn = strlen(delim);

		while (sh->p < sh->end) {
			const char *ls = sh->p, *nl;
			size_t n;

			nl = memchr(ls, '\n', (size_t)(sh->end - ls));
			n = nl ? (size_t)(nl - ls) : (size_t)(sh->end - ls);
			sh->p = nl ? nl + 1 : sh->end;
			if (sh->heredoc_strip[i])
				while (n && *ls == '\t') {
					ls++;
					n--;
				}
			if (n == dn && memcmp(ls, delim, n) == 0)
				break;
		}
		free(sh->heredoc[i]);
		sh->heredoc[i] = NULL;
	}
	sh->nheredoc = 0;
}

static void
next_token(struct sh *sh, struct token *t)
{
	const char *end = sh->end;

	memset(t, 0, sizeof(*t));
	for (;;) {
		while (sh->p < end && (*sh->p == ' ' || *sh->p == '\t'))
			sh->p++;
		if (sh->p + 1 < end && sh->p[0] == '\\' && sh->p[1] == '\n') {
			sh->p += 2;
			continue;
		}
		if (sh->p < end && *sh->p == '#') {
			while (sh->p < end && *sh->p != '\n')
				sh->p++;
			continue;
		}
		break;
	}
	if (sh->p >= end || *sh->p == '\0') {
		t->type = TK_END;
		return;
	}
	t->type = TK_OP;
	switch (*sh->p) {
	case '\n':
		sh->p++;
		t->op = OP_NL;
		return;
	case ';':
		sh->p++;
		t->op = OP_SEMI;
		if (sh->p < end && *sh->p == ';') {
			sh->p++;
			t->op = OP_DSEMI;
		}
		return;
	case '&':
		if (sh->p + 1 < end && sh->p[1] == '>') {
			t->type = TK_REDIR;
			t->rd = read_redir(sh, &t->rd_out);
			return;
		}
		sh->p++;
		t->op = OP_AMP;
		if (sh->p < end && *sh->p == '&') {
			sh->p++;
			t->op = OP_AND;
		}
		return;
	case '|':
		sh->p++;
		t->op = OP_PIPE;
		if (sh->p < end && *sh->p == '|') {
			sh->p++;
			t->op = OP_OR;
		} else if (sh->p < end && *sh->p == '&') {
			sh->p++;
		}
		return;
	case '(':
		sh->p++;
		t->op = OP_LPAREN;
		return;
	case ')':
		sh->p++;
		t->op = OP_RPAREN;
		return;
	case '<':
	case '>':
		if (sh->p + 1 < end && sh->p[1] == '(') {
			/* <(list) >(list): bash's process substitution, a
			 * word naming a pipe the list runs behind */
			const char *q = find_close(sh->p + 2, end);

			if (q == NULL) {
				sh->why = "unterminated process substitution";
				t->type = TK_END;
				return;
			}
			sub_shell(sh, sh->p + 2, (size_t)(q - sh->p - 2), NULL);
			sh->p = q + 1;
			t->type = TK_WORD;
			t->w.s = xstrdup("/dev/fd/63");
			t->w.flags = W_DYN;
			return;
		}
		t->type = TK_REDIR;
		t->rd = read_redir(sh, &t->rd_out);
		return;
	default:
		break;
	}
	t->type = TK_WORD;
	read_word(sh, &t->w);
	/* an IO number: 2>&1 */
	if (t->w.flags == 0 && all_digits(t->w.s) && sh->p < end &&
	    (*sh->p == '<' || *sh->p == '>')) {
		word_free(&t->w);
		t->type = TK_REDIR;
		t->rd = read_redir(sh, &t->rd_out);
	}
}

/* --- wrappers and interpreters -------------------------------------- */

/* base name without a version suffix: python3.11 -> python */
static void
base_name(const char *word, char *out, size_t outsz)
{
	const char *b = path_basename(word);
	size_t n = strlen(b);

	while (n > 1 && (isdigit((unsigned char)b[n - 1]) || b[n - 1] == '.'))
		n--;
	if (n >= outsz)
		n = outsz - 1;
	memcpy(out, b, n);
	out[n] = '\0';
}

struct optv {
	char		 c;		/* short option, or 0 */
	const char	*l;		/* long option name (not NUL-ended) */
	size_t		 ln;
	const char	*val;		/* its argument, or NULL */
	size_t		 wi;		/* the word val lies in */
};
#define MAX_OPTV 16

struct optspec {
	const char		*arg_short;	/* options taking an argument */
	const char *const	*arg_long;
	const char		*stop_short;	/* nothing runs after these */
	const char *const	*stop_long;
};

static int
in_list(const char *const *l, const char *s, size_t n)
{
	if (l == NULL)
		return 0;
	for (; *l; l++)
		if (strlen(*l) == n && memcmp(*l, s, n) == 0)
			return 1;
	return 0;
}

/*
 * getopt with a leading '+' (stop at the first operand), as GNU coreutils
 * and util-linux wrappers parse. Returns the index of the first operand,
 * or -1 if a stop option says nothing is executed.
 */
static long
parse_opts(struct word *w, size_t n, size_t i, const struct optspec *sp,
    struct optv *ov, size_t *nov)
{
	*nov = 0;
	while (i < n) {
		const char *a = w[i].s;

		if (strcmp(a, "--") == 0)
			return (long)i + 1;
		if (a[0] != '-' || a[1] == '\0')
			break;
		if (a[1] == '-') {
			const char *name = a + 2, *eq = strchr(name, '=');
			size_t ln = eq ? (size_t)(eq - name) : strlen(name);
			const char *val = eq ? eq + 1 : NULL;

			if (in_list(sp->stop_long, name, ln))
				return -1;
			if (!eq && in_list(sp->arg_long, name, ln) &&
			    i + 1 < n)
				val = w[++i].s;
			if (*nov < MAX_OPTV) {
				ov[*nov].c = 0;
				ov[*nov].l = name;
				ov[*nov].ln = ln;
				ov[*nov].wi = i;
				ov[(*nov)++].val = val;
			}
			i++;
			continue;
		}
		for (a++; *a; a++) {
			const char *val = NULL;
			char c = *a;

			if (sp->stop_short && strchr(sp->stop_short, c))
				return -1;
			if (sp->arg_short && strchr(sp->arg_short, c)) {
				if (a[1])
					val = a + 1;
				else if (i + 1 < n)
					val = w[++i].s;
			}
			if (*nov < MAX_OPTV) {
				ov[*nov].c = c;
				ov[*nov].l = NULL;
				ov[*nov].ln = 0;
				ov[*nov].wi = i;
				ov[(*nov)++].val = val;
			}
			if (val)
				break;
		}
		i++;
	}
	return (long)i;
}

static const struct optv *
opt_find(const struct optv *ov, size_t nov, char c, const char *l)
{
	const struct optv *f = NULL;
	size_t i;

	for (i = 0; i < nov; i++) {
		if (c && ov[i].c == c && ov[i].val)
			f = &ov[i];
		if (l && ov[i].l && strlen(l) == ov[i].ln &&
		    memcmp(l, ov[i].l, ov[i].ln) == 0 && ov[i].val)
			f = &ov[i];
	}
	return f;
}

static const char *
opt_val(const struct optv *ov, size_t nov, char c, const char *l)
{
	const struct optv *f = opt_find(ov, nov, c, l);

	return f ? f->val : NULL;
}

/* Run an option's argument as sh -c would. */
static void
run_optval(struct sh *sh, struct word *w, const struct optv *f,
    const struct ctx *x)
{
	struct word tw;

	tw.s = (char *)f->val;
	tw.flags = w[f->wi].flags;
	tw.namelen = 0;
	run_string(sh, &tw, x);
}

static int
has_opt(const struct optv *ov, size_t nov, char c, const char *l)
{
	size_t i;

	for (i = 0; i < nov; i++) {
		if (c && ov[i].c == c)
			return 1;
		if (l && ov[i].l && strlen(l) == ov[i].ln &&
		    memcmp(l, ov[i].l, ov[i].ln) == 0)
			return 1;
	}
	return 0;
}

/* Run the rest of argv from index i as a command under x. */
static void
run_rest(struct sh *sh, struct word *w, size_t n, long i,
    const struct ctx *x)
{
	if (i < 0 || (size_t)i >= n)
		return;
	analyze(sh, w + i, n - (size_t)i, x);
}

/* Run a string as sh -c would. */
static void
run_string(struct sh *sh, const struct word *w, const struct ctx *x)
{
	if (w->flags & W_DYN) {
		incomplete(sh, "a command string privmap cannot resolve");
		return;
	}
	sub_shell(sh, w->s, strlen(w->s), x);
}

struct wrapper {
	const char		*name;
	struct optspec		 sp;
	int			 npos;	/* operands before the command */
};

static const char *const timeout_long[] = { "signal", "kill-after", NULL };
static const char *const nice_long[] = { "adjustment", NULL };
static const char *const ionice_long[] = { "class", "classdata", "pid",
	"pgid", "uid", NULL };
static const char *const ionice_stop[] = { "pid", "pgid", "uid", NULL };
static const char *const stdbuf_long[] = { "input", "output", "error", NULL };
static const char *const time_long[] = { "format", "output", NULL };
static const char *const cat_long[] = { "identifier", "priority",
	"stderr-priority", "level-prefix", NULL };
static const char *const xargs_long[] = { "max-args", "max-lines",
	"max-procs", "delimiter", "max-chars", "arg-file", NULL };
static const char *const chrt_long[] = { "sched-runtime", "sched-period",
	"sched-deadline", NULL };
static const char *const pid_stop[] = { "pid", "all-tasks", NULL };

/* Wrappers that run their operands as a command (coreutils, util-linux,
 * moreutils, findutils' xargs, GNU time). */
static const struct wrapper wrappers[] = {
	{ "nice", { "n", nice_long, NULL, NULL }, 0 },
	{ "ionice", { "cnpPu", ionice_long, "pPu", ionice_stop }, 0 },
	{ "timeout", { "sk", timeout_long, NULL, NULL }, 1 },
	{ "nohup", { NULL, NULL, NULL, NULL }, 0 },
	{ "setsid", { NULL, NULL, NULL, NULL }, 0 },
	{ "chronic", { NULL, NULL, NULL, NULL }, 0 },
	{ "cronic", { NULL, NULL, NULL, NULL }, 0 },
	{ "run-one", { NULL, NULL, NULL, NULL }, 0 },
	{ "stdbuf", { "ioe", stdbuf_long, NULL, NULL }, 0 },
	{ "time", { "fo", time_long, NULL, NULL }, 0 },
	{ "systemd-cat", { "tp", cat_long, NULL, NULL }, 0 },
	{ "xargs", { "nILPdEsa", xargs_long, NULL, NULL }, 0 },
	{ "chrt", { "T P D", chrt_long, "p", pid_stop }, 1 },
	{ "taskset", { NULL, NULL, "p", pid_stop }, 1 },
	{ "nocache", { NULL, NULL, NULL, NULL }, 0 },
	{ "unbuffer", { NULL, NULL, NULL, NULL }, 0 },
	{ NULL, { NULL, NULL, NULL, NULL }, 0 },
};

static int
do_wrapper(struct sh *sh, const char *base, struct word *w, size_t n,
    const struct ctx *x)
{
	struct optv ov[MAX_OPTV];
	size_t nov, i;
	struct ctx sub = *x;
	long k;

	for (i = 0; wrappers[i].name; i++)
		if (strcmp(wrappers[i].name, base) == 0)
			break;
	if (wrappers[i].name == NULL)
		return 0;
	sub.via = wrappers[i].name;
	sub.no_program = 0;
	sub.exec_direct = 1;
	k = parse_opts(w, n, 1, &wrappers[i].sp, ov, &nov);
	if (k < 0)
		return 1;
	k += wrappers[i].npos;
	if (strcmp(base, "xargs") == 0 && (size_t)k >= n) {
		/* xargs with no command runs echo */
		return 1;
	}
	run_rest(sh, w, n, k, &sub);
	return 1;
}

/* env(1): [-i] [-u NAME] [-C DIR] [-S STRING] [NAME=VALUE]... [COMMAND] */
static void
do_env(struct sh *sh, struct word *w, size_t n, const struct ctx *x)
{
	static const char *const env_long[] = { "unset", "chdir",
		"split-string", NULL };
	static const struct optspec sp = { "uCS", env_long, NULL, NULL };
	struct optv ov[MAX_OPTV];
	struct ctx sub = *x;
	const char *dir, *split;
	char *path = NULL, *oldcwd = NULL;
	size_t nov;
	long k;

	sub.via = "env";
	sub.no_program = 0;
	sub.exec_direct = 1;
	k = parse_opts(w, n, 1, &sp, ov, &nov);
	if (k < 0)
		return;
	for (; (size_t)k < n && (w[k].flags & W_ASSIGN || (strchr(w[k].s, '=')
	    && is_name_start((unsigned char)w[k].s[0]))); k++) {
		const char *eq = strchr(w[k].s, '=');

		if (eq && (size_t)(eq - w[k].s) == 4 &&
		    memcmp(w[k].s, "PATH", 4) == 0) {
			free(path);
			path = xstrdup(eq + 1);
			sub.search_path = path;
		}
	}
	dir = opt_val(ov, nov, 'C', "chdir");
	if (dir) {
		oldcwd = sh->cwd;
		sh->cwd = dir[0] == '/' || oldcwd ?
		    cx_path_fold(oldcwd, dir) : NULL;
	}
	split = opt_val(ov, nov, 'S', "split-string");
	if (split) {
		/* -S splits its argument like a shell would, then appends
		 * the remaining operands */
		struct buf b = { 0 };
		long j;

		buf_adds(&b, split);
		for (j = k; (size_t)j < n; j++) {
			buf_addc(&b, ' ');
			buf_adds(&b, w[j].s);
		}
		sub_shell(sh, b.data, b.len, &sub);
		buf_free(&b);
	} else {
		run_rest(sh, w, n, k, &sub);
	}
	if (dir) {
		free(sh->cwd);
		sh->cwd = oldcwd;
	}
	free(path);
}

/* flock(1): flock [opts] FILE COMMAND [ARGS] | flock [opts] FILE -c CMD */
static void
do_flock(struct sh *sh, struct word *w, size_t n, const struct ctx *x)
{
	static const char *const fl_long[] = { "timeout", "wait",
		"conflict-exit-code", "command", NULL };
	static const struct optspec sp = { "wEc", fl_long, "hV", NULL };
	struct optv ov[MAX_OPTV];
	struct ctx sub = *x;
	const struct optv *cmd;
	size_t nov;
	long k;

	sub.via = "flock";
	sub.no_program = 0;
	sub.exec_direct = 1;
	k = parse_opts(w, n, 1, &sp, ov, &nov);
	if (k < 0 || (size_t)k >= n)
		return;
	/* the lock file; a lone fd number means no command */
	k++;
	cmd = opt_find(ov, nov, 'c', "command");
	if (cmd == NULL && (size_t)k < n) {
		k = parse_opts(w, n, (size_t)k, &sp, ov, &nov);
		if (k < 0)
			return;
		cmd = opt_find(ov, nov, 'c', "command");
	}
	if (cmd) {
		run_optval(sh, w, cmd, &sub);
		return;
	}
	run_rest(sh, w, n, k, &sub);
}

/* sudo(8), doas(1): the command runs as -u USER, root by default. */
static void
do_sudo(struct sh *sh, const char *base, struct word *w, size_t n,
    const struct ctx *x)
{
	static const char *const sudo_long[] = { "user", "group", "close-from",
		"chdir", "host", "prompt", "chroot", "role", "type",
		"command-timeout", "other-user", NULL };
	static const char *const sudo_stop[] = { "edit", "list", "validate",
		"remove-timestamp", "reset-timestamp", "version", "help",
		NULL };
	static const struct optspec sudo_sp = { "ugCDhpRrtTU", sudo_long,
		"elvkKVh", sudo_stop };
	static const struct optspec doas_sp = { "uC", NULL, "L", NULL };
	struct optv ov[MAX_OPTV];
	struct ctx sub = *x;
	const char *u;
	size_t nov;
	long k;

	sub.via = strcmp(base, "doas") == 0 ? "doas" : "sudo";
	sub.no_program = 0;
	sub.exec_direct = 1;
	k = parse_opts(w, n, 1, strcmp(base, "doas") == 0 ? &doas_sp :
	    &sudo_sp, ov, &nov);
	if (k < 0)
		return;
	u = opt_val(ov, nov, 'u', "user");
	sub.runs_as = u ? u : "root";
	while ((size_t)k < n && (w[k].flags & W_ASSIGN))
		k++;
	if ((size_t)k >= n) {
		if (has_opt(ov, nov, 'i', "login") ||
		    has_opt(ov, nov, 's', "shell"))
			incomplete(sh, "sudo starts the target user's shell");
		return;
	}
	run_rest(sh, w, n, k, &sub);
}

/* su(1) and runuser(1): -c CMD runs through the user's shell. */
static void
do_su(struct sh *sh, const char *base, struct word *w, size_t n,
    const struct ctx *x)
{
	static const char *const su_long[] = { "command", "session-command",
		"shell", "group", "supp-group", "whitelist-environment",
		"user", NULL };
	static const struct optspec sp = { "csgGwu", su_long, "hV", NULL };
	struct optv ov[MAX_OPTV];
	struct ctx sub = *x;
	const struct optv *cmd;
	const char *u;
	size_t nov;
	long k;

	sub.via = base;
	sub.no_program = 0;
	sub.exec_direct = 1;
	k = parse_opts(w, n, 1, &sp, ov, &nov);
	if (k < 0)
		return;
	u = opt_val(ov, nov, 'u', "user");
	if (u && strcmp(base, "runuser") == 0) {
		/* runuser -u USER [--] COMMAND: no shell */
		sub.runs_as = u;
		run_rest(sh, w, n, k, &sub);
		return;
	}
	/* su permutes: options may follow the user name */
	if ((size_t)k < n && strcmp(w[k].s, "-") == 0)
		k++;
	sub.runs_as = (size_t)k < n ? w[k].s : "root";
	cmd = opt_find(ov, nov, 'c', "command");
	if (cmd == NULL)
		cmd = opt_find(ov, nov, 0, "session-command");
	if (cmd == NULL && (size_t)k + 1 < n) {
		struct optv ov2[MAX_OPTV];
		size_t nov2;

		if (parse_opts(w, n, (size_t)k + 1, &sp, ov2, &nov2) < 0)
			return;
		cmd = opt_find(ov2, nov2, 'c', "command");
		if (cmd == NULL)
			cmd = opt_find(ov2, nov2, 0, "session-command");
		if (cmd)
			run_optval(sh, w, cmd, &sub);
		return;
	}
	if (cmd == NULL)
		return;		/* an interactive shell */
	run_optval(sh, w, cmd, &sub);
}

/* find(1) -exec / -execdir / -ok / -okdir COMMAND ... ; or + */
static void
do_find(struct sh *sh, struct word *w, size_t n, const struct ctx *x)
{
	struct ctx sub = *x;
	size_t i, j;

	sub.via = "find";
	sub.no_program = 0;
	sub.exec_direct = 1;
	for (i = 1; i < n; i++) {
		if (strcmp(w[i].s, "-exec") != 0 &&
		    strcmp(w[i].s, "-execdir") != 0 &&
		    strcmp(w[i].s, "-ok") != 0 && strcmp(w[i].s, "-okdir") != 0)
			continue;
		for (j = i + 1; j < n; j++)
			if (strcmp(w[j].s, ";") == 0 ||
			    strcmp(w[j].s, "+") == 0)
				break;
		if (j > i + 1) {
			if (strcmp(w[i + 1].s, "{}") == 0)
				incomplete(sh, "find runs the files it finds");
			else
				analyze(sh, w + i + 1, j - i - 1, &sub);
		}
		i = j;
	}
}

/* run-parts(8) (debianutils; the crontabs package's script on Red Hat) */
static void
do_runparts(struct sh *sh, struct word *w, size_t n, const struct ctx *x)
{
	static const char *const rp_long[] = { "regex", "umask", "arg", NULL };
	static const char *const rp_stop[] = { "test", "list", "help",
		"version", NULL };
	static const struct optspec sp = { "ua", rp_long, "hV", rp_stop };
	struct optv ov[MAX_OPTV];
	struct ctx sub = *x;
	const char *re;
	size_t nov;
	unsigned flags = 0;
	long k;

	sub.via = "run-parts";
	k = parse_opts(w, n, 1, &sp, ov, &nov);
	if (k < 0)
		return;
	if (has_opt(ov, nov, 0, "lsbsysinit"))
		flags |= CX_RP_LSBSYSINIT;
	re = opt_val(ov, nov, 0, "regex");
	if (re)
		flags |= CX_RP_REGEX;
	for (; (size_t)k < n; k++) {
		struct cx_item *it = emit(sh, CX_RUNPARTS, &w[k], &sub);

		if (it) {
			it->rp_flags = flags;
			it->rp_regex = re ? xstrdup(re) : NULL;
		}
	}
}

enum {
	IN_SHELL = 0x01,	/* -c STRING is shell code */
	IN_NOFIRST = 0x02,	/* the first operand is not a script (awk) */
};

struct interp {
	const char		*name;
	const char		*arg_short;	/* consume an argument */
	const char		*code_short;	/* its argument is code */
	const char		*stop_short;	/* -m module: no script */
	const char		*file_short;	/* argument: a code file */
	const char *const	*arg_long;
	const char *const	*code_long;
	const char *const	*file_long;
	unsigned		 flags;
};

static const char *const sh_long[] = { "rcfile", "init-file", NULL };
static const char *const node_code[] = { "eval", "print", NULL };
static const char *const node_file[] = { "require", "import", "loader",
	NULL };
static const char *const r_code[] = { NULL };

/* Interpreters and the options that decide whether an operand is a
 * script: sh(1), bash(1), python(1) "Command line", perlrun(1), ruby(1),
 * php(1), node(1), lua(1), Rscript(1), awk(1), expect(1), tclsh(1). */
static const struct interp interps[] = {
	{ "sh", "oO", NULL, "s", NULL, sh_long, NULL, NULL, IN_SHELL },
	{ "bash", "oO", NULL, "s", NULL, sh_long, NULL, NULL, IN_SHELL },
	{ "dash", "o", NULL, "s", NULL, NULL, NULL, NULL, IN_SHELL },
	{ "ash", "o", NULL, "s", NULL, NULL, NULL, NULL, IN_SHELL },
	{ "zsh", "o", NULL, "s", NULL, NULL, NULL, NULL, IN_SHELL },
	{ "ksh", "o", NULL, "s", NULL, NULL, NULL, NULL, IN_SHELL },
	{ "mksh", "o", NULL, "s", NULL, NULL, NULL, NULL, IN_SHELL },
	{ "yash", "o", NULL, "s", NULL, NULL, NULL, NULL, IN_SHELL },
	{ "posh", "o", NULL, "s", NULL, NULL, NULL, NULL, IN_SHELL },
	{ "python", "WXQ", "c", "m", NULL, NULL, NULL, NULL, 0 },
	{ "pypy", "WXQ", "c", "m", NULL, NULL, NULL, NULL, 0 },
	{ "perl", "IMm", "eE", NULL, NULL, NULL, NULL, NULL, 0 },
	{ "ruby", "IrCEFK", "e", NULL, NULL, NULL, NULL, NULL, 0 },
	{ "php", "d", "rBRE", NULL, "fFcz", NULL, NULL, NULL, 0 },
	{ "php-cli", "d", "rBRE", NULL, "fFcz", NULL, NULL, NULL, 0 },
	{ "node", "", "ep", NULL, "r", NULL, node_code, node_file, 0 },
	{ "nodejs", "", "ep", NULL, "r", NULL, node_code, node_file, 0 },
	{ "lua", "l", "e", NULL, NULL, NULL, NULL, NULL, 0 },
	{ "luajit", "lj", "e", NULL, NULL, NULL, NULL, NULL, 0 },
	{ "Rscript", NULL, "e", NULL, NULL, NULL, r_code, NULL, 0 },
	{ "tclsh", NULL, NULL, NULL, NULL, NULL, NULL, NULL, 0 },
	{ "wish", NULL, NULL, NULL, NULL, NULL, NULL, NULL, 0 },
	{ "expect", NULL, "c", NULL, "f", NULL, NULL, NULL, 0 },
	{ "awk", "vFW", NULL, NULL, "f", NULL, NULL, NULL, IN_NOFIRST },
	{ "gawk", "vFW", NULL, NULL, "f", NULL, NULL, NULL, IN_NOFIRST },
	{ "mawk", "vFW", NULL, NULL, "f", NULL, NULL, NULL, IN_NOFIRST },
	{ "nawk", "vFW", NULL, NULL, "f", NULL, NULL, NULL, IN_NOFIRST },
	{ NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, 0 },
};

static void
emit_file(struct sh *sh, enum cx_role role, const char *s, unsigned flags,
    const struct ctx *x)
{
	struct word fw;

	fw.s = (char *)s;
	fw.flags = flags;
	fw.namelen = 0;
	emit(sh, role, &fw, x);
}

/* a script operand is opened relative to the working directory, not
 * looked up in PATH (bash falls back to PATH; dash, python, perl do not) */
static void
emit_script(struct sh *sh, const struct word *w, const struct ctx *x)
{
	struct word fw = *w;
	char *rel = NULL;

	if (strcmp(w->s, "-") == 0)
		return;		/* stdin */
	if (strchr(w->s, '/') == NULL && !(w->flags & W_GLOB)) {
		rel = xasprintf("./%s", w->s);
		fw.s = rel;
	}
	emit(sh, CX_SCRIPT, &fw, x);
	free(rel);
}

static int
do_interp(struct sh *sh, const char *base, struct word *w, size_t n,
    const struct ctx *x)
{
	const struct interp *in;
	struct ctx sub = *x;
	int cflag = 0, stop = 0;
	size_t i;

	for (in = interps; in->name; in++)
		if (strcmp(in->name, base) == 0)
			break;
	if (in->name == NULL)
		return 0;
	sub.via = in->name;
	sub.no_program = 0;
	for (i = 1; i < n && !stop; i++) {
		const char *a = w[i].s;

		if (strcmp(a, "--") == 0 || strcmp(a, "-") == 0) {
			if (strcmp(a, "-") == 0)
				return 1;	/* script on stdin */
			i++;
			break;
		}
		if ((a[0] != '-' && !(a[0] == '+' && (in->flags & IN_SHELL))) ||
		    a[1] == '\0')
			break;
		if (a[0] == '-' && a[1] == '-') {
			const char *name = a + 2, *eq = strchr(name, '=');
			size_t ln = eq ? (size_t)(eq - name) : strlen(name);
			const char *val = eq ? eq + 1 : NULL;
			int takes = in_list(in->arg_long, name, ln) ||
			    in_list(in->code_long, name, ln) ||
			    in_list(in->file_long, name, ln);

			if (!val && takes && i + 1 < n)
				val = w[++i].s;
			if (in_list(in->code_long, name, ln))
				return 1;
			if (val && in_list(in->file_long, name, ln) &&
			    strchr(val, '/'))
				emit_file(sh, CX_SOURCED, val, 0, &sub);
			continue;
		}
		for (a++; *a; a++) {
			char c = *a;
			const char *val = NULL;
			int takes;

			if ((in->flags & IN_SHELL) && c == 'c') {
				cflag = 1;
				continue;
			}
			if (in->stop_short && strchr(in->stop_short, c)) {
				stop = 1;
				break;
			}
			takes = (in->arg_short && strchr(in->arg_short, c)) ||
			    (in->code_short && strchr(in->code_short, c)) ||
			    (in->file_short && strchr(in->file_short, c));
			if (!takes)
				continue;
			if (a[1])
				val = a + 1;
			else if (i + 1 < n)
				val = w[++i].s;
			if (in->code_short && strchr(in->code_short, c))
				return 1;
			if (val && in->file_short && strchr(in->file_short, c))
				emit_file(sh, CX_SCRIPT, val, w[i].flags, &sub);
			break;
		}
	}
	if (stop)
		return 1;
	if (cflag) {
		if (i < n)
			run_string(sh, &w[i], &sub);
		return 1;
	}
	if (i < n && !(in->flags & IN_NOFIRST))
		emit_script(sh, &w[i], &sub);
	return 1;
}

/* java -jar FILE */
static int
do_java(struct sh *sh, struct word *w, size_t n, const struct ctx *x)
{
	struct ctx sub = *x;
	size_t i;

	sub.via = "java";
	for (i = 1; i + 1 < n; i++) {
		if (strcmp(w[i].s, "-cp") == 0 ||
		    strcmp(w[i].s, "-classpath") == 0) {
			i++;
			continue;
		}
		if (strcmp(w[i].s, "-jar") == 0) {
			emit_script(sh, &w[i + 1], &sub);
			return 1;
		}
	}
	return 1;
}

/* --- builtins ------------------------------------------------------- */

static void
do_cd(struct sh *sh, struct word *w, size_t n)
{
	size_t i = 1;
	char *nw;

	while (i < n && (strcmp(w[i].s, "-L") == 0 ||
	    strcmp(w[i].s, "-P") == 0 || strcmp(w[i].s, "-e") == 0))
		i++;
	if (i < n && strcmp(w[i].s, "--") == 0)
		i++;
	if (i >= n) {
		nw = sh->o->home ? xstrdup(sh->o->home) : NULL;
	} else if ((w[i].flags & (W_DYN | W_GLOB)) ||
	    strcmp(w[i].s, "-") == 0 || (w[i].s[0] != '/' && !sh->cwd)) {
		nw = NULL;
	} else {
		/* CDPATH is not followed */
		nw = cx_path_fold(sh->cwd, w[i].s);
	}
	free(sh->cwd);
	sh->cwd = nw;
}

static void
do_builtin(struct sh *sh, const char *name, struct word *w, size_t n,
    const struct ctx *x)
{
	struct ctx sub = *x;
	size_t i;

	sub.no_program = 0;
	if (strcmp(name, "cd") == 0 || strcmp(name, "pushd") == 0) {
		do_cd(sh, w, n);
		return;
	}
	if (strcmp(name, ".") == 0 || strcmp(name, "source") == 0) {
		/* dash and bash look a name without '/' up in PATH */
		i = 1;
		if (i < n && strcmp(w[i].s, "--") == 0)
			i++;
		if (i < n)
			emit(sh, CX_SOURCED, &w[i], x);
		return;
	}
	if (strcmp(name, "exec") == 0) {
		for (i = 1; i < n && w[i].s[0] == '-'; i++) {
			if (strcmp(w[i].s, "--") == 0) {
				i++;
				break;
			}
			if (strcmp(w[i].s, "-a") == 0)
				i++;
		}
		run_rest(sh, w, n, (long)i, x);
		return;
	}
	if (strcmp(name, "command") == 0) {
		for (i = 1; i < n && w[i].s[0] == '-'; i++) {
			if (strcmp(w[i].s, "--") == 0) {
				i++;
				break;
			}
			if (strchr(w[i].s, 'v') || strchr(w[i].s, 'V'))
				return;
			if (strchr(w[i].s, 'p'))
				/* command -p: the default PATH (getconf) */
				sub.search_path = "/usr/bin:/bin";
		}
		run_rest(sh, w, n, (long)i, &sub);
		return;
	}
	if (strcmp(name, "eval") == 0) {
		struct buf b = { 0 };

		for (i = 1; i < n; i++) {
			if (w[i].flags & W_DYN) {
				buf_free(&b);
				incomplete(sh, "eval of text privmap cannot "
				    "resolve");
				return;
			}
			if (b.len)
				buf_addc(&b, ' ');
			buf_adds(&b, w[i].s);
		}
		if (b.len)
			sub_shell(sh, b.data, b.len, x);
		buf_free(&b);
		return;
	}
	if (strcmp(name, "trap") == 0) {
		/* trap ACTION SIGNAL...: ACTION runs later in this shell */
		i = 1;
		if (i < n && strcmp(w[i].s, "--") == 0)
			i++;
		if (i + 1 < n && w[i].s[0] != '-')
			run_string(sh, &w[i], x);
		return;
	}
	if (strcmp(name, "export") == 0 || strcmp(name, "readonly") == 0 ||
	    strcmp(name, "local") == 0 || strcmp(name, "declare") == 0 ||
	    strcmp(name, "typeset") == 0) {
		for (i = 1; i < n; i++) {
			const char *eq = strchr(w[i].s, '=');

			if (eq == NULL || !is_name_start((unsigned char)
			    w[i].s[0]))
				continue;
			var_set(sh, w[i].s, (size_t)(eq - w[i].s),
			    (w[i].flags & W_DYN) ? NULL : eq + 1);
		}
		return;
	}
}

/* --- commands ------------------------------------------------------- */

static void
analyze(struct sh *sh, struct word *w, size_t n, const struct ctx *x)
{
	char base[64];

	if (n == 0)
		return;
	if (sh->depth >= CX_MAX_DEPTH) {
		incomplete(sh, "commands nested too deep");
		return;
	}
	sh->depth++;
	if (w[0].flags & W_DYN) {
		incomplete(sh, "a command word depends on a variable or "
		    "command output privmap cannot resolve");
		goto out;
	}
	if (!x->exec_direct && cx_is_builtin(w[0].s)) {
		do_builtin(sh, w[0].s, w, n, x);
		goto out;
	}
	if (w[0].s[0] == '-' || w[0].s[0] == '\0')
		goto out;
	if (!x->no_program) {
		struct cx_item *it = emit(sh, CX_PROGRAM, &w[0], x);
		size_t i;

		if (it != NULL && sh->out->args) {
			it->argv = xcalloc(n + 1, sizeof(*it->argv));
			it->argv_glob = xcalloc(n + 1, 1);
			for (i = 0; i < n; i++) {
				it->argv[i] = xstrdup(w[i].s ? w[i].s : "");
				it->argv_glob[i] = (w[i].flags & W_GLOB) != 0;
			}
			it->argc = n;
			it->cwd = sh->cwd ? xstrdup(sh->cwd) : NULL;
		}
	}
	base_name(w[0].s, base, sizeof(base));
	if (strcmp(base, "busybox") == 0 && n > 1) {
		/* busybox APPLET ...: the applet is no separate file */
		struct ctx sub = *x;

		sub.no_program = 1;
		sub.via = "busybox";
		analyze(sh, w + 1, n - 1, &sub);
		goto out;
	}
	if (strcmp(base, "env") == 0)
		do_env(sh, w, n, x);
	else if (strcmp(base, "flock") == 0)
		do_flock(sh, w, n, x);
	else if (strcmp(base, "sudo") == 0 || strcmp(base, "doas") == 0)
		do_sudo(sh, base, w, n, x);
	else if (strcmp(base, "su") == 0 || strcmp(base, "runuser") == 0)
		do_su(sh, base, w, n, x);
	else if (strcmp(base, "find") == 0)
		do_find(sh, w, n, x);
	else if (strcmp(path_basename(w[0].s), "run-parts") == 0)
		do_runparts(sh, w, n, x);
	else if (strcmp(base, "java") == 0)
		do_java(sh, w, n, x);
	else if (!do_wrapper(sh, path_basename(w[0].s), w, n, x))
		do_interp(sh, base, w, n, x);
out:
	sh->depth--;
}

struct cmd {
	struct word	*w;
	size_t		 n;
	struct word	*as;		/* prefix assignments */
	size_t		 nas;
};

static void
cmd_clear(struct cmd *c)
{
	size_t i;

	for (i = 0; i < c->n; i++)
		word_free(&c->w[i]);
	for (i = 0; i < c->nas; i++)
		word_free(&c->as[i]);
	free(c->w);
	free(c->as);
	memset(c, 0, sizeof(*c));
}

static void
cmd_add(struct sh *sh, struct word **v, size_t *n, struct word *w)
{
	if (*n >= CX_MAX_WORDS) {
		incomplete(sh, "too many words in one command");
		word_free(w);
		return;
	}
	*v = xgrow(*v, *n, sizeof(**v));
	(*v)[(*n)++] = *w;
	w->s = NULL;
}

static void
finish(struct sh *sh, struct cmd *c)
{
	struct ctx x;
	size_t i;

	memset(&x, 0, sizeof(x));
	x.runs_as = sh->runs_as;
	x.search_path = sh->search_path;
	x.via = sh->via;
	if (c->n == 0) {
		/* NAME=value alone sets a shell variable */
		for (i = 0; i < c->nas; i++)
			var_set(sh, c->as[i].s, c->as[i].namelen,
			    (c->as[i].flags & W_DYN) ? NULL :
			    c->as[i].s + c->as[i].namelen + 1);
		cmd_clear(c);
		return;
	}
	for (i = 0; i < c->nas; i++)
		if (c->as[i].namelen == 4 &&
		    memcmp(c->as[i].s, "PATH", 4) == 0) {
			if (c->as[i].flags & W_DYN)
				incomplete(sh, "PATH set to a value privmap "
				    "cannot resolve");
			else
				x.search_path = c->as[i].s + 5;
		}
	analyze(sh, c->w, c->n, &x);
	cmd_clear(c);
}

/*
 * for NAME [in WORD...]; do: a list of one word (a glob, usually) is
 * what NAME holds in the body; with more, NAME is unknown. Sets *skip_do
 * when the "do" is still to come.
 */
static int
read_for(struct sh *sh, int *skip_do)
{
	struct token t, name;
	struct word val = { NULL, 0, 0 };
	size_t nlist = 0;
	int rc = 0;

	*skip_do = 1;
	next_token(sh, &name);
	if (!sh->why && name.type == TK_OP && name.op == OP_LPAREN &&
	    sh->p < sh->end && *sh->p == '(') {
		/* bash's for ((init; test; step)); do */
		skip_arith(sh);
		return sh->why ? -1 : 0;
	}
	if (sh->why || name.type != TK_WORD) {
		if (!sh->why)
			sh->why = "for without a variable name";
		word_free(&name.w);
		return -1;
	}
	next_token(sh, &t);
	if (t.type == TK_WORD && strcmp(t.w.s, "in") == 0) {
		for (;;) {
			word_free(&t.w);
			next_token(sh, &t);
			if (sh->why || t.type != TK_WORD)
				break;
			if (strcmp(t.w.s, "do") == 0 &&
			    !(t.w.flags & W_QUOTED)) {
				*skip_do = 0;
				break;
			}
			if (nlist++ == 0) {
				val = t.w;
				t.w.s = NULL;
			}
		}
	} else if (t.type == TK_WORD && strcmp(t.w.s, "do") == 0) {
		*skip_do = 0;
	}
	if (sh->why) {
		rc = -1;
		goto out;
	}
	if (nlist == 1 && !(val.flags & W_DYN))
		var_set(sh, name.w.s, strlen(name.w.s), val.s);
	else
		var_set(sh, name.w.s, strlen(name.w.s), NULL);
out:
	word_free(&t.w);
	word_free(&val);
	word_free(&name.w);
	return rc;
}

/* case WORD in PATTERN) LIST ;; ... esac: where the reader is */
struct cases {
	int	hdr;		/* between "case" and "in" */
	int	pat;		/* reading an arm's patterns */
	int	depth;		/* cases open */
};

/* A token while a case header or an arm's patterns are read: they run
 * nothing. Returns 1 if the token was taken. */
static int
case_token(struct cases *cs, const struct token *t)
{
	int word = t->type == TK_WORD && !(t->w.flags & W_QUOTED);

	if (!cs->hdr && !cs->pat)
		return 0;
	if (cs->hdr && word && strcmp(t->w.s, "in") == 0) {
		cs->hdr = 0;
		cs->pat = 1;
	} else if (cs->pat && word && strcmp(t->w.s, "esac") == 0) {
		cs->pat = 0;
		cs->depth--;
	} else if (cs->pat && t->type == TK_OP && t->op == OP_RPAREN) {
		cs->pat = 0;
	}
	return 1;
}

/* A function's name: calls by it run its body, read where it was
 * defined, not a program. */
static void
func_add(struct sh *sh, const char *name)
{
	struct cx_list *l = sh->out;
	size_t i;

	for (i = 0; i < l->nfuncs; i++)
		if (strcmp(l->funcs[i], name) == 0)
			return;
	if (l->nfuncs >= CX_MAX_FUNCS) {
		incomplete(sh, "too many functions");
		return;
	}
	l->funcs = xreallocarray(l->funcs, l->nfuncs + 1, sizeof(char *));
	l->funcs[l->nfuncs++] = xstrdup(name);
}

/* (( arithmetic )): sh->p just after the first '(' and at the second */
static void
skip_arith(struct sh *sh)
{
	const char *q = find_close(sh->p + 1, sh->end);

	if (q == NULL) {
		sh->why = "unterminated ((";
		return;
	}
	sh->p = q + 1;
	if (sh->p < sh->end && *sh->p == ')')
		sh->p++;
}

static int
sh_run(struct sh *sh)
{
	struct cmd c;
	struct token t;
	struct cases cs = { 0, 0, 0 };
	char *stack[CX_MAX_NEST];
	size_t nest = 0, i;
	int skip_do = 0, dbrack = 0, rc = 0, fn_next = 0, fn_paren, fp = 0;

	memset(&c, 0, sizeof(c));
	for (;;) {
		next_token(sh, &t);
		if (sh->why) {
			word_free(&t.w);
			rc = -1;
			break;
		}
		if (t.type == TK_END)
			break;
		fn_paren = fp;
		fp = 0;
		if (t.type == TK_WORD && !(t.w.flags & W_QUOTED) &&
		    (skip_do || dbrack)) {
			if (skip_do && strcmp(t.w.s, "do") == 0)
				skip_do = 0;
			else if (dbrack && strcmp(t.w.s, "]]") == 0)
				dbrack = 0;
			word_free(&t.w);
			continue;
		}
		if (skip_do || dbrack || case_token(&cs, &t)) {
			word_free(&t.w);
			continue;
		}
		if (fn_next && t.type == TK_WORD) {
			/* function NAME (bash, ksh) */
			func_add(sh, t.w.s);
			fn_next = 0;
			fp = 1;
			word_free(&t.w);
			continue;
		}
		fn_next = 0;
		switch (t.type) {
		case TK_WORD:
			if (c.n == 0 && !(t.w.flags & W_QUOTED) &&
			    is_reserved(t.w.s)) {
				if (strcmp(t.w.s, "for") == 0 ||
				    strcmp(t.w.s, "select") == 0) {
					word_free(&t.w);
					if (read_for(sh, &skip_do) == -1) {
						rc = -1;
						goto out;
					}
					break;
				} else if (strcmp(t.w.s, "case") == 0) {
					cs.depth++;
					cs.hdr = 1;
				} else if (strcmp(t.w.s, "esac") == 0 &&
				    cs.depth > 0) {
					/* the last arm without ;; */
					cs.depth--;
				} else if (strcmp(t.w.s, "function") == 0) {
					fn_next = 1;
				}
				word_free(&t.w);
				break;
			}
			if (c.n == 0 && !(t.w.flags & W_QUOTED) &&
			    strcmp(t.w.s, "[[") == 0) {
				dbrack = 1;
				word_free(&t.w);
				break;
			}
			if (c.n == 0 && (t.w.flags & W_ASSIGN))
				cmd_add(sh, &c.as, &c.nas, &t.w);
			else
				cmd_add(sh, &c.w, &c.n, &t.w);
			break;
		case TK_REDIR: {
			struct token tt;
			struct cx_item *it;

			next_token(sh, &tt);
			if (sh->why) {
				word_free(&tt.w);
				rc = -1;
				goto out;
			}
			if (tt.type != TK_WORD) {
				sh->why = "redirection without a target";
				rc = -1;
				goto out;
			}
			if (t.rd == RD_PLAIN && sh->out->args &&
			    !(tt.w.flags & W_DYN) && tt.w.s[0] != '\0' &&
			    !all_digits(tt.w.s) && strcmp(tt.w.s, "-") != 0) {
				struct ctx rx;

				memset(&rx, 0, sizeof(rx));
				rx.via = sh->via;
				rx.runs_as = sh->runs_as;
				rx.search_path = sh->search_path;
				if ((it = emit(sh, CX_REDIRECT, &tt.w, &rx)) !=
				    NULL)
					it->redir_out = t.rd_out;
			}
			if (t.rd != RD_PLAIN && sh->nheredoc < CX_MAX_HEREDOC) {
				sh->heredoc_strip[sh->nheredoc] =
				    t.rd == RD_HEREDOC_STRIP;
				sh->heredoc[sh->nheredoc++] = tt.w.s;
				tt.w.s = NULL;
			}
			word_free(&tt.w);
			break;
		}
		case TK_OP:
			if (t.op == OP_LPAREN && ((c.n == 1 && c.nas == 0) ||
			    (c.n == 0 && fn_paren))) {
				/* NAME () body: a function definition; its
				 * body is read as if it ran, once, here */
				struct token tt;

				if (c.n == 1)
					func_add(sh, c.w[0].s);
				cmd_clear(&c);
				next_token(sh, &tt);
				word_free(&tt.w);
				if (tt.type != TK_OP || tt.op != OP_RPAREN) {
					sh->why = "malformed function "
					    "definition";
					rc = -1;
					goto out;
				}
				break;
			}
			finish(sh, &c);
			if (t.op == OP_DSEMI && cs.depth > 0)
				cs.pat = 1;	/* the next arm's patterns */
			if (t.op == OP_LPAREN && sh->p < sh->end &&
			    *sh->p == '(') {
				skip_arith(sh);
				if (sh->why) {
					rc = -1;
					goto out;
				}
			} else if (t.op == OP_LPAREN) {
				/* a subshell: a cd inside does not leak */
				if (nest >= CX_MAX_NEST) {
					sh->why = "subshells nested too deep";
					rc = -1;
					goto out;
				}
				stack[nest++] = sh->cwd ? xstrdup(sh->cwd) :
				    NULL;
			} else if (t.op == OP_RPAREN && nest > 0) {
				free(sh->cwd);
				sh->cwd = stack[--nest];
			} else if (t.op == OP_NL && sh->nheredoc) {
				skip_heredocs(sh);
			}
			break;
		case TK_END:
			break;
		}
	}
	finish(sh, &c);
out:
	cmd_clear(&c);
	for (i = 0; i < nest; i++)
		free(stack[i]);
	for (i = 0; i < sh->nheredoc; i++)
		free(sh->heredoc[i]);
	sh->nheredoc = 0;
	return rc;
}

static void
sub_shell(struct sh *sh, const char *s, size_t n, const struct ctx *x)
{
	struct sh child;

	if (sh->depth >= CX_MAX_DEPTH) {
		incomplete(sh, "commands nested too deep");
		return;
	}
	memset(&child, 0, sizeof(child));
	child.p = s;
	child.end = s + n;
	child.o = sh->o;
	child.out = sh->out;
	child.vars.parent = &sh->vars;
	child.cwd = sh->cwd ? xstrdup(sh->cwd) : NULL;
	child.depth = sh->depth + 1;
	child.runs_as = x && x->runs_as ? x->runs_as : sh->runs_as;
	child.search_path = x && x->search_path ? x->search_path :
	    sh->search_path;
	child.via = x && x->via ? x->via : sh->via;
	if (sh_run(&child) == -1)
		incomplete(sh, child.why);
	vars_free(&child.vars);
	free(child.cwd);
}

static void
sh_init(struct sh *sh, const struct cx_opts *o, struct cx_list *l)
{
	memset(sh, 0, sizeof(*sh));
	sh->o = o;
	sh->out = l;
	sh->cwd = o->cwd && o->cwd[0] == '/' ? xstrdup(o->cwd) : NULL;
}

int
cx_shell(const char *cmd, size_t len, const struct cx_opts *o,
    struct cx_list *l)
{
	struct sh sh;
	const char *nul = memchr(cmd, '\0', len);
	int rc;

	sh_init(&sh, o, l);
	sh.p = cmd;
	sh.end = nul ? nul : cmd + len;
	rc = sh_run(&sh);
	if (rc == -1) {
		l->incomplete = 1;
		l->why = sh.why;
	}
	if (l->nfuncs)
		drop_func_calls(l);
	vars_free(&sh.vars);
	free(sh.cwd);
	return rc;
}

int
cx_argv(char *const *argv, size_t argc, const struct cx_opts *o,
    struct cx_list *l)
{
	struct sh sh;
	struct word *w;
	struct ctx x;
	size_t i;

	if (argc == 0)
		return 0;
	sh_init(&sh, o, l);
	sh.p = sh.end = "";
	w = xcalloc(argc, sizeof(*w));
	for (i = 0; i < argc; i++)
		w[i].s = argv[i];
	memset(&x, 0, sizeof(x));
	/* an argv is exec'd directly: no shell builtins apply */
	x.exec_direct = 1;
	analyze(&sh, w, argc, &x);
	free(w);
	vars_free(&sh.vars);
	free(sh.cwd);
	if (sh.why) {
		l->incomplete = 1;
		l->why = sh.why;
		return -1;
	}
	return 0;
}

static void
item_free(struct cx_item *it)
{
	size_t j;

	free(it->word);
	free(it->path);
	free(it->via);
	free(it->search_path);
	free(it->runs_as);
	free(it->rp_regex);
	for (j = 0; j < it->argc; j++)
		free(it->argv[j]);
	free(it->argv);
	free(it->argv_glob);
	free(it->cwd);
}

int
cx_is_func(const struct cx_list *l, const char *name)
{
	size_t i;

	for (i = 0; i < l->nfuncs; i++)
		if (strcmp(l->funcs[i], name) == 0)
			return 1;
	return 0;
}

/* calls of the text's own functions are not programs (a call may come
 * before the definition in the text, inside another function's body) */
static void
drop_func_calls(struct cx_list *l)
{
	size_t i, k = 0;

	for (i = 0; i < l->n; i++) {
		struct cx_item *it = &l->v[i];

		if (it->role == CX_PROGRAM && it->bare && it->via == NULL &&
		    it->runs_as == NULL && cx_is_func(l, it->word))
			item_free(it);
		else
			l->v[k++] = *it;
	}
	l->n = k;
}

void
cx_list_free(struct cx_list *l)
{
	size_t i;
	int args;

	if (l == NULL)
		return;
	for (i = 0; i < l->n; i++)
		item_free(&l->v[i]);
	for (i = 0; i < l->nfuncs; i++)
		free(l->funcs[i]);
	free(l->funcs);
	free(l->v);
	args = l->args;
	memset(l, 0, sizeof(*l));
	l->args = args;
}
