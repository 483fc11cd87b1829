/*
 * polkit.c: the JavaScript rules of polkit's rules.d (polkit.h), read as
 * tokens and the few statement and expression forms real rules use: if /
 * else, blocks, return polkit.Result.X, var NAME = [strings], and tests of
 * action.id, subject.user, subject.isInGroup(), subject.local and
 * subject.active. It never runs the script; anything else is an unknown
 * test or an unread rule, never a guess. Every size is bounded
 * (PK_MAX_*).
 */
#include <config.h>

#include <regex.h>
#include <stdlib.h>
#include <string.h>

#include "parse/polkit.h"
#include "lib/buf.h"
#include "lib/xmalloc.h"

enum tk { T_EOF, T_ID, T_STR, T_NUM, T_RE, T_PUN };

struct tok {
	enum tk		 kind;
	const char	*p;		/* in the buffer (T_STR: the unquoted
					 * copy in s) */
	size_t		 n;
	char		*s;		/* T_STR, T_RE: owned by the rules */
	unsigned	 line;
	int		 icase;		/* T_RE: the i flag */
};

struct var {
	char		*name;
	char		**list;
	size_t		 n;
};

struct ps {
	struct pk_rules	*r;
	struct tok	*t;
	size_t		 nt, i;
	parse_err_fn	 err;
	void		*ctx;
	const char	*act, *subj;	/* the rule function's parameters */
	size_t		 alen, slen;
	struct var	*vars;
	size_t		 nvars;
	int		 depth;
	int		 bad;		/* the rule could not be read */
	struct pk_rule	*rule;
};

static void *
pk_alloc(struct pk_rules *r, size_t n)
{
	void *p = xcalloc(1, n);

	if (r->nmem == r->capmem) {
		r->capmem = r->capmem ? r->capmem * 2 : 64;
		r->mem = xreallocarray(r->mem, r->capmem, sizeof *r->mem);
	}
	r->mem[r->nmem++] = p;
	return p;
}

static char *
pk_strndup(struct pk_rules *r, const char *s, size_t n)
{
	char *p = pk_alloc(r, n + 1);

	memcpy(p, s, n);
	return p;
}

/* --- tokens ---------------------------------------------------------- */

static int
is_idc(int c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	    (c >= '0' && c <= '9') || c == '_' || c == '$';
}

/* a '/' here starts a regular expression, not a division */
static int
re_allowed(const struct ps *ps)
{
	const struct tok *t;

	if (ps->nt == 0)
		return 1;
	t = &ps->t[ps->nt - 1];
	if (t->kind == T_PUN)
		return !(t->n == 1 && (t->p[0] == ')' || t->p[0] == ']'));
	return t->kind == T_ID && t->n == 6 && memcmp(t->p, "return", 6) == 0;
}

/* a string or regex body from p (after its opening quote) to q; returns
 * the end (after the closing quote) or NULL */
static const char *
lex_quoted(struct ps *ps, const char *p, const char *e, char q,
    struct buf *b, unsigned *line)
{
	for (; p < e && *p != q; p++) {
		if (*p == '\n') {
			if (q != '`')
				return NULL;
			(*line)++;
		}
		if (*p == '\\' && p + 1 < e) {
			p++;
			if (q == '/')
				buf_addc(b, '\\');
			buf_addc(b, q == '/' ? *p : *p == 'n' ? '\n' :
			    *p == 't' ? '\t' : *p);
			continue;
		}
		buf_addc(b, *p);
	}
	(void)ps;
	return p < e ? p + 1 : NULL;
}

static const char *
lex_comment(const char *p, const char *e, unsigned *line)
{
	if (p[1] == '/') {
		while (p < e && *p != '\n')
			p++;
		return p;
	}
	for (p += 2; p + 1 < e && !(p[0] == '*' && p[1] == '/'); p++)
		if (*p == '\n')
			(*line)++;
	return p + 1 < e ? p + 2 : e;
}

static const char *const puns[] = {
	"===", "!==", "==", "!=", ">=", "<=", "&&", "||", NULL,
};

/* 0, or -1 (err told) */
static int
lex(struct ps *ps, const char *buf, size_t len)
{
	const char *p = buf, *e = buf + len;
	unsigned line = 1;
	size_t cap = 0;

	while (p < e) {
		struct tok t = { T_EOF, p, 0, NULL, line, 0 };
		struct buf b = { 0 };
		size_t k;

		if (*p == '\n' || *p == ' ' || *p == '\t' || *p == '\r') {
			line += *p++ == '\n';
			continue;
		}
		if (*p == '/' && p + 1 < e && (p[1] == '/' || p[1] == '*')) {
			p = lex_comment(p, e, &line);
			continue;
		}
		if (ps->nt == PK_MAX_TOKENS) {
			if (ps->err)
				ps->err(ps->ctx, line, "too many tokens");
			return -1;
		}
		if (*p == '"' || *p == '\'' || *p == '`' ||
		    (*p == '/' && re_allowed(ps))) {
			const char *q = lex_quoted(ps, p + 1, e, *p, &b, &line);

			if (q == NULL || b.len > PK_MAX_STR) {
				buf_free(&b);
				if (ps->err)
					ps->err(ps->ctx, t.line,
					    "unterminated or too long string");
				return -1;
			}
			t.kind = *p == '/' ? T_RE : T_STR;
			t.s = pk_strndup(ps->r, b.data ? b.data : "", b.len);
			buf_free(&b);
			if (*p == '/')
				for (; q < e && is_idc(*q); q++)
					t.icase |= *q == 'i';
			p = q;
		} else if (is_idc(*p)) {
			t.kind = *p >= '0' && *p <= '9' ? T_NUM : T_ID;
			while (p < e && is_idc(*p))
				p++;
			t.n = (size_t)(p - t.p);
		} else {
			t.kind = T_PUN;
			t.n = 1;
			for (k = 0; puns[k]; k++)
				if ((size_t)(e - p) >= strlen(puns[k]) &&
				    memcmp(p, puns[k], strlen(puns[k])) == 0) {
					t.n = strlen(puns[k]);
					break;
				}
			p += t.n;
		}
		if (ps->nt == cap) {
			cap = cap ? cap * 2 : 256;
			ps->t = xreallocarray(ps->t, cap, sizeof *ps->t);
		}
		ps->t[ps->nt++] = t;
	}
	return 0;
}

/* --- token helpers --------------------------------------------------- */

static const struct tok eof_tok = { T_EOF, "", 0, NULL, 0, 0 };

static const struct tok *
peek(const struct ps *ps, size_t ahead)
{
	return ps->i + ahead < ps->nt ? &ps->t[ps->i + ahead] : &eof_tok;
}

static int
is(const struct tok *t, const char *s)
{
	size_t n = strlen(s);

	return (t->kind == T_PUN || t->kind == T_ID) && t->n == n &&
	    memcmp(t->p, s, n) == 0;
}

static int
accept(struct ps *ps, const char *s)
{
	if (!is(peek(ps, 0), s))
		return 0;
	ps->i++;
	return 1;
}

static unsigned
cur_line(const struct ps *ps)
{
	const struct tok *t = peek(ps, 0);

	return t->kind == T_EOF && ps->nt ? ps->t[ps->nt - 1].line : t->line;
}

static void
fail(struct ps *ps, const char *why)
{
	if (!ps->bad && ps->err)
		ps->err(ps->ctx, cur_line(ps), why);
	ps->bad = 1;
}

/* skip one balanced token or group: ( ... ), [ ... ], { ... } */
static void
skip_one(struct ps *ps)
{
	int d = 0;

	do {
		const struct tok *t = peek(ps, 0);

		if (t->kind == T_EOF)
			return;
		if (is(t, "(") || is(t, "[") || is(t, "{"))
			d++;
		else if (is(t, ")") || is(t, "]") || is(t, "}"))
			d--;
		ps->i++;
	} while (d > 0);
}

/* skip to the end of a statement: past ';', or before a '}' that closes
 * the block */
static void
skip_stmt(struct ps *ps)
{
	for (;;) {
		const struct tok *t = peek(ps, 0);

		if (t->kind == T_EOF || is(t, "}") || is(t, ")") ||
		    is(t, "]"))
			return;
		if (is(t, ";")) {
			ps->i++;
			return;
		}
		skip_one(ps);
	}
}

/* --- expressions ----------------------------------------------------- */

static struct pk_expr *
node(struct ps *ps, enum pk_op op, struct pk_expr *a, struct pk_expr *b)
{
	struct pk_expr *x;

	if (ps->r->nodes >= PK_MAX_NODES) {
		fail(ps, "too many tests");
		op = PKE_UNKNOWN;
		a = b = NULL;
	}
	ps->r->nodes++;
	x = pk_alloc(ps->r, sizeof *x);
	x->op = op;
	x->a = a;
	x->b = b;
	return x;
}

/* what a primary expression is, as far as polkit's rules go */
enum vk {
	V_UNK, V_BOOL, V_ACTION, V_USER, V_STR, V_NUM, V_LIST, V_RE,
	V_IDX_ACTION,		/* action.id.indexOf(s) */
	V_IDX_LIST_ACTION,	/* list.indexOf(action.id) */
	V_IDX_LIST_USER,	/* list.indexOf(subject.user) */
	V_RESULT,		/* polkit.Result.X */
	V_ACTPARAM, V_SUBJPARAM, V_POLKIT, V_POLKIT_RESULT,
};

struct val {
	enum vk		 k;
	struct pk_expr	*e;		/* V_BOOL */
	char		*s;		/* V_STR, V_RE, V_IDX_ACTION */
	int		 icase;
	char		**list;
	size_t		 n;
	long		 num;		/* V_NUM (negated by '-') */
	enum pk_result	 res;
};

static struct val	expr_or(struct ps *);

static struct pk_expr *
atom(struct ps *ps, enum pk_op op, const struct val *v)
{
	struct pk_expr *x = node(ps, op, NULL, NULL);

	if (x->op != op)
		return x;
	x->s = v ? v->s : NULL;
	x->icase = v ? v->icase : 0;
	x->list = v ? v->list : NULL;
	x->nlist = v ? v->n : 0;
	return x;
}

static struct pk_expr *
to_bool(struct ps *ps, const struct val *v)
{
	if (v->k == V_BOOL)
		return v->e;
	return atom(ps, PKE_UNKNOWN, NULL);
}

static struct val
vbool(struct pk_expr *e)
{
	struct val v = { 0 };

	v.k = V_BOOL;
	v.e = e;
	return v;
}

static const struct var *
var_find(const struct ps *ps, const struct tok *t)
{
	size_t i;

	for (i = 0; i < ps->nvars; i++)
		if (strlen(ps->vars[i].name) == t->n &&
		    memcmp(ps->vars[i].name, t->p, t->n) == 0)
			return &ps->vars[i];
	return NULL;
}

/* [ "a", "b", ... ] of strings only, at '['; V_UNK for anything else */
static struct val
array_lit(struct ps *ps)
{
	struct val v = { 0 };
	size_t cap = 0;

	ps->i++;
	v.k = V_LIST;
	while (!accept(ps, "]")) {
		const struct tok *t = peek(ps, 0);

		if (t->kind != T_STR || v.n == PK_MAX_LIST) {
			ps->i--;
			skip_one(ps);
			v.k = V_UNK;
			return v;
		}
		if (v.n == cap) {
			char **nl;

			cap = cap ? cap * 2 : 8;
			nl = pk_alloc(ps->r, cap * sizeof *nl);
			if (v.n)
				memcpy(nl, v.list, v.n * sizeof *nl);
			v.list = nl;
		}
		v.list[v.n++] = t->s;
		ps->i++;
		if (!accept(ps, ",") && !is(peek(ps, 0), "]")) {
			fail(ps, "malformed list");
			v.k = V_UNK;
			return v;
		}
	}
	return v;
}

static struct val
ident(struct ps *ps, const struct tok *t)
{
	struct val v = { 0 };
	const struct var *vr;

	if (t->n == ps->alen && memcmp(t->p, ps->act, t->n) == 0)
		v.k = V_ACTPARAM;
	else if (t->n == ps->slen && memcmp(t->p, ps->subj, t->n) == 0)
		v.k = V_SUBJPARAM;
	else if (is(t, "polkit"))
		v.k = V_POLKIT;
	else if (is(t, "true"))
		return vbool(atom(ps, PKE_TRUE, NULL));
	else if (is(t, "false"))
		return vbool(node(ps, PKE_NOT, atom(ps, PKE_TRUE, NULL),
		    NULL));
	else if ((vr = var_find(ps, t)) != NULL) {
		v.k = V_LIST;
		v.list = vr->list;
		v.n = vr->n;
	}
	return v;
}

/* the arguments of a call, at '(': the first kept, the rest skipped */
static struct val
call_arg(struct ps *ps)
{
	struct val a = { 0 };

	ps->i++;
	if (!is(peek(ps, 0), ")"))
		a = expr_or(ps);
	while (accept(ps, ","))
		(void)expr_or(ps);
	if (!accept(ps, ")"))
		fail(ps, "malformed call");
	return a;
}

/* v.NAME(arg) */
static struct val
method(struct ps *ps, struct val v, const struct tok *name)
{
	struct val a = call_arg(ps), r = { 0 };
	int idx = is(name, "indexOf"), inc = is(name, "includes");

	if (v.k == V_ACTION && a.k == V_STR) {
		r.s = a.s;
		if (idx) {
			r.k = V_IDX_ACTION;
			return r;
		}
		if (is(name, "startsWith"))
			return vbool(atom(ps, PKE_ACTION_PREFIX, &a));
		if (inc)
			return vbool(atom(ps, PKE_ACTION_CONTAINS, &a));
	}
	if (v.k == V_ACTION && a.k == V_RE && (is(name, "match") ||
	    is(name, "search")))
		return vbool(atom(ps, PKE_ACTION_REGEX, &a));
	if (v.k == V_RE && a.k == V_ACTION && is(name, "test"))
		return vbool(atom(ps, PKE_ACTION_REGEX, &v));
	if (v.k == V_SUBJPARAM && is(name, "isInGroup") && a.k == V_STR)
		return vbool(atom(ps, PKE_GROUP, &a));
	if ((v.k == V_LIST || v.k == V_STR) && (idx || inc) &&
	    (a.k == V_ACTION || a.k == V_USER)) {
		if (v.k == V_STR) {
			/* "a,b".indexOf(action.id): a substring test, which
			 * no list says well: unknown */
			return r;
		}
		r = v;
		r.k = a.k == V_ACTION ? V_IDX_LIST_ACTION : V_IDX_LIST_USER;
		if (inc)
			return vbool(atom(ps, r.k == V_IDX_LIST_ACTION ?
			    PKE_ACTION_IN : PKE_USER_IN, &r));
		return r;
	}
	return r;
}

/* v.NAME, not called */
static struct val
member(struct ps *ps, struct val v, const struct tok *name)
{
	struct val r = { 0 };

	if (v.k == V_ACTPARAM && is(name, "id"))
		r.k = V_ACTION;
	else if (v.k == V_SUBJPARAM && is(name, "user"))
		r.k = V_USER;
	else if (v.k == V_SUBJPARAM && is(name, "local"))
		return vbool(atom(ps, PKE_LOCAL, NULL));
	else if (v.k == V_SUBJPARAM && is(name, "active"))
		return vbool(atom(ps, PKE_ACTIVE, NULL));
	else if (v.k == V_POLKIT && is(name, "Result"))
		r.k = V_POLKIT_RESULT;
	else if (v.k == V_POLKIT_RESULT) {
		r.res = pk_result_parse(name->p, name->n);
		r.k = r.res == PK_UNKNOWN ? V_UNK : V_RESULT;
	}
	return r;
}

static struct val
primary(struct ps *ps)
{
	const struct tok *t = peek(ps, 0);
	struct val v = { 0 };

	if (is(t, "(")) {
		ps->i++;
		v = expr_or(ps);
		if (!accept(ps, ")"))
			fail(ps, "missing ')'");
	} else if (is(t, "[")) {
		v = array_lit(ps);
	} else if (t->kind == T_STR || t->kind == T_RE) {
		v.k = t->kind == T_STR ? V_STR : V_RE;
		v.s = t->s;
		v.icase = t->icase;
		ps->i++;
	} else if (t->kind == T_NUM) {
		v.k = V_NUM;
		v.num = t->n == 1 ? t->p[0] - '0' : 2;	/* 0, 1: all we
							 * compare with */
		ps->i++;
	} else if (t->kind == T_ID) {
		v = ident(ps, t);
		ps->i++;
	} else if (t->kind == T_EOF || is(t, ")") || is(t, "]") ||
	    is(t, "}") || is(t, ";") || is(t, ",")) {
		fail(ps, "expression expected");
		return v;
	} else {
		skip_one(ps);
		return v;
	}
	for (;;) {
		const struct tok *n = peek(ps, 1);

		if (is(peek(ps, 0), ".") && n->kind == T_ID) {
			ps->i += 2;
			if (is(peek(ps, 0), "("))
				v = method(ps, v, n);
			else
				v = member(ps, v, n);
		} else if (is(peek(ps, 0), "(") || is(peek(ps, 0), "[")) {
			skip_one(ps);
			v.k = V_UNK;
		} else
			return v;
	}
}

static struct val
unary(struct ps *ps)
{
	struct val v;

	if (++ps->depth > PK_MAX_DEPTH) {
		fail(ps, "nested too deep");
		ps->depth--;
		v.k = V_UNK;
		skip_stmt(ps);
		return v;
	}
	if (accept(ps, "!")) {
		v = unary(ps);
		v = vbool(node(ps, PKE_NOT, to_bool(ps, &v), NULL));
	} else if (accept(ps, "-")) {
		v = unary(ps);
		if (v.k == V_NUM)
			v.num = -v.num;
		else
			v.k = V_UNK;
	} else
		v = primary(ps);
	ps->depth--;
	return v;
}

/* what "idx OP num" says about an indexOf: 1 found at 0, 2 found
 * anywhere, -2 not found, 0 unknown */
static int
idx_test(const char *op, long num)
{
	if (((strcmp(op, "==") == 0 || strcmp(op, "===") == 0) && num == 0))
		return 1;
	if (((strcmp(op, "!=") == 0 || strcmp(op, "!==") == 0) && num == -1) ||
	    (strcmp(op, ">=") == 0 && num == 0) ||
	    (strcmp(op, ">") == 0 && num == -1))
		return 2;
	if (((strcmp(op, "==") == 0 || strcmp(op, "===") == 0) &&
	    num == -1) || (strcmp(op, "<") == 0 && num == 0))
		return -2;
	return 0;
}

static struct val
compare(struct ps *ps, struct val a, const char *op, struct val b)
{
	int eq = strcmp(op, "==") == 0 || strcmp(op, "===") == 0;
	int ne = strcmp(op, "!=") == 0 || strcmp(op, "!==") == 0;
	struct pk_expr *x = NULL;
	struct val t;
	int it;

	if (a.k == V_STR || a.k == V_NUM) {
		t = a;
		a = b;
		b = t;
	}
	if ((eq || ne) && b.k == V_STR && (a.k == V_ACTION || a.k == V_USER))
		x = atom(ps, a.k == V_ACTION ? PKE_ACTION_EQ : PKE_USER_EQ,
		    &b);
	else if (b.k == V_NUM && (it = idx_test(op, b.num)) != 0 &&
	    (a.k == V_IDX_ACTION || it != 1)) {
		enum pk_op o = a.k == V_IDX_ACTION ? (it == 1 ?
		    PKE_ACTION_PREFIX : PKE_ACTION_CONTAINS) :
		    a.k == V_IDX_LIST_ACTION ? PKE_ACTION_IN : PKE_USER_IN;

		if (a.k != V_IDX_ACTION && a.k != V_IDX_LIST_ACTION &&
		    a.k != V_IDX_LIST_USER)
			return vbool(atom(ps, PKE_UNKNOWN, NULL));
		x = atom(ps, o, &a);
		ne = it == -2;
	} else
		return vbool(atom(ps, PKE_UNKNOWN, NULL));
	return vbool(ne ? node(ps, PKE_NOT, x, NULL) : x);
}

static const char *const cmp_ops[] = {
	"===", "!==", "==", "!=", ">=", "<=", ">", "<", NULL,
};

static struct val
expr_cmp(struct ps *ps)
{
	struct val a = unary(ps);
	size_t k;

	for (k = 0; cmp_ops[k]; k++)
		if (is(peek(ps, 0), cmp_ops[k])) {
			ps->i++;
			return compare(ps, a, cmp_ops[k], unary(ps));
		}
	return a;
}

static struct val
expr_and(struct ps *ps)
{
	struct val a = expr_cmp(ps), b;

	while (!ps->bad && accept(ps, "&&")) {
		b = expr_cmp(ps);
		a = vbool(node(ps, PKE_AND, to_bool(ps, &a), to_bool(ps, &b)));
	}
	return a;
}

static struct val
expr_or(struct ps *ps)
{
	struct val a = expr_and(ps), b;

	while (!ps->bad && accept(ps, "||")) {
		b = expr_and(ps);
		a = vbool(node(ps, PKE_OR, to_bool(ps, &a), to_bool(ps, &b)));
	}
	/* a ? b : c and the like: not followed */
	if (!ps->bad && is(peek(ps, 0), "?")) {
		skip_stmt(ps);
		a.k = V_UNK;
	}
	return a;
}

/* --- statements ------------------------------------------------------ */

static void	stmt(struct ps *, struct pk_expr *cond);

static struct pk_expr *
and_cond(struct ps *ps, struct pk_expr *cond, struct pk_expr *e)
{
	return cond ? node(ps, PKE_AND, cond, e) : e;
}

static void
add_ret(struct ps *ps, struct pk_expr *cond, enum pk_result res,
    unsigned line)
{
	struct pk_rule *ru = ps->rule;
	struct pk_ret *n;

	if (ru->nrets >= PK_MAX_LIST) {
		fail(ps, "too many returns");
		return;
	}
	n = pk_alloc(ps->r, (ru->nrets + 1) * sizeof *n);
	if (ru->nrets)
		memcpy(n, ru->rets, ru->nrets * sizeof *n);
	n[ru->nrets].cond = cond;
	n[ru->nrets].res = res;
	n[ru->nrets].line = line;
	ru->rets = n;
	ru->nrets++;
}

static void
stmt_return(struct ps *ps, struct pk_expr *cond)
{
	unsigned line = cur_line(ps);
	struct val v;

	if (accept(ps, ";") || is(peek(ps, 0), "}")) {
		add_ret(ps, cond, PK_NONE, line);
		return;
	}
	v = expr_or(ps);
	/* an admin rule returns identities ("unix-group:sudo"): who may
	 * authenticate as an administrator, nothing granted */
	if (v.k != V_RESULT && ps->rule->admin)
		v.res = PK_UNKNOWN;
	else if (v.k != V_RESULT) {
		if (!ps->bad && ps->err)
			ps->err(ps->ctx, line, "a return whose value is not "
			    "a polkit.Result");
		v.res = PK_UNKNOWN;
	}
	add_ret(ps, cond, v.res, line);
	skip_stmt(ps);
}

/* var NAME = [strings]; anything else assigned is skipped */
static void
stmt_var(struct ps *ps)
{
	const struct tok *name = peek(ps, 0);
	struct val v;

	if (name->kind != T_ID || !is(peek(ps, 1), "=") ||
	    !is(peek(ps, 2), "[")) {
		skip_stmt(ps);
		return;
	}
	ps->i += 2;
	v = array_lit(ps);
	if (v.k == V_LIST && ps->nvars < PK_MAX_LIST) {
		ps->vars = xreallocarray(ps->vars, ps->nvars + 1,
		    sizeof *ps->vars);
		ps->vars[ps->nvars].name = pk_strndup(ps->r, name->p,
		    name->n);
		ps->vars[ps->nvars].list = v.list;
		ps->vars[ps->nvars].n = v.n;
		ps->nvars++;
	}
	skip_stmt(ps);
}

static void
stmt_if(struct ps *ps, struct pk_expr *cond)
{
	struct val v;
	struct pk_expr *e;

	if (!accept(ps, "(")) {
		fail(ps, "malformed if");
		return;
	}
	v = expr_or(ps);
	if (!accept(ps, ")")) {
		fail(ps, "malformed if");
		return;
	}
	e = to_bool(ps, &v);
	stmt(ps, and_cond(ps, cond, e));
	if (!ps->bad && accept(ps, "else"))
		stmt(ps, and_cond(ps, cond, node(ps, PKE_NOT, e, NULL)));
}

/* for, while, switch, try...: their body runs on a test privmap does
 * not follow */
static void
stmt_loop(struct ps *ps, struct pk_expr *cond)
{
	struct pk_expr *u = atom(ps, PKE_UNKNOWN, NULL);

	if (is(peek(ps, 0), "("))
		skip_one(ps);
	stmt(ps, and_cond(ps, cond, u));
	while (!ps->bad && (accept(ps, "catch") || accept(ps, "finally"))) {
		if (is(peek(ps, 0), "("))
			skip_one(ps);
		stmt(ps, and_cond(ps, cond, u));
	}
}

static void
block(struct ps *ps, struct pk_expr *cond)
{
	while (!ps->bad && !accept(ps, "}")) {
		if (peek(ps, 0)->kind == T_EOF) {
			fail(ps, "missing '}'");
			return;
		}
		stmt(ps, cond);
	}
}

static void
stmt(struct ps *ps, struct pk_expr *cond)
{
	const struct tok *t = peek(ps, 0);

	if (ps->bad)
		return;
	if (++ps->depth > PK_MAX_DEPTH) {
		fail(ps, "nested too deep");
		ps->depth--;
		return;
	}
	if (is(t, "{")) {
		ps->i++;
		block(ps, cond);
	} else if (accept(ps, "if"))
		stmt_if(ps, cond);
	else if (accept(ps, "return"))
		stmt_return(ps, cond);
	else if (accept(ps, "var") || accept(ps, "let") ||
	    accept(ps, "const"))
		stmt_var(ps);
	else if (accept(ps, "for") || accept(ps, "while") ||
	    accept(ps, "switch") || accept(ps, "try") || accept(ps, "do"))
		stmt_loop(ps, cond);
	else if (accept(ps, "case")) {
		/* a switch's label: what follows stands on the switch's
		 * unknown test */
		while (peek(ps, 0)->kind != T_EOF && !accept(ps, ":"))
			skip_one(ps);
	} else if (accept(ps, "default"))
		(void)accept(ps, ":");
	else if (is(t, ")") || is(t, "]") || is(t, "}"))
		fail(ps, "unbalanced brackets");
	else if (accept(ps, ";"))
		;
	else
		skip_stmt(ps);
	ps->depth--;
}

/* at polkit . addRule ( or addAdminRule ( */
static int
at_rule(const struct ps *ps)
{
	return is(peek(ps, 0), "polkit") && is(peek(ps, 1), ".") &&
	    (is(peek(ps, 2), "addRule") || is(peek(ps, 2), "addAdminRule")) &&
	    is(peek(ps, 3), "(");
}

/* at polkit . addRule ( function ( A , S ) { : the rule, to its ')' */
static void
rule(struct ps *ps, int admin)
{
	struct pk_rules *r = ps->r;
	struct pk_rule *ru;
	size_t start;

	r->rules = xreallocarray(r->rules, r->n + 1, sizeof *r->rules);
	ru = &r->rules[r->n++];
	memset(ru, 0, sizeof *ru);
	ru->line = cur_line(ps);
	ru->admin = admin;
	ps->rule = ru;
	ps->bad = 0;
	ps->i += 4;		/* polkit . addRule ( */
	start = ps->i;
	if (accept(ps, "function") && accept(ps, "(") &&
	    peek(ps, 0)->kind == T_ID && is(peek(ps, 1), ",") &&
	    peek(ps, 2)->kind == T_ID && is(peek(ps, 3), ")") &&
	    is(peek(ps, 4), "{")) {
		ps->act = peek(ps, 0)->p;
		ps->alen = peek(ps, 0)->n;
		ps->subj = peek(ps, 2)->p;
		ps->slen = peek(ps, 2)->n;
		ps->i += 5;
		ps->depth = 0;
		block(ps, NULL);
	} else
		fail(ps, "a rule that is not function(action, subject)");
	if (ps->bad) {
		ru->unread = 1;
		/* on to the next rule */
		for (ps->i = start; ps->i < ps->nt && !at_rule(ps); ps->i++)
			;
	}
	ps->bad = 0;
}

void
pk_rules_parse(const char *buf, size_t len, struct pk_rules *r,
    parse_err_fn err, void *ctx)
{
	struct ps ps;

	memset(r, 0, sizeof *r);
	memset(&ps, 0, sizeof ps);
	ps.r = r;
	ps.err = err;
	ps.ctx = ctx;
	if (lex(&ps, buf, len) == 0) {
		while (ps.i < ps.nt) {
			if (at_rule(&ps))
				rule(&ps, is(peek(&ps, 2), "addAdminRule"));
			else if (accept(&ps, "var") || accept(&ps, "let") ||
			    accept(&ps, "const"))
				stmt_var(&ps);
			else
				ps.i++;
		}
	}
	free(ps.t);
	free(ps.vars);
}

void
pk_rules_free(struct pk_rules *r)
{
	size_t i;

	for (i = 0; i < r->nmem; i++)
		free(r->mem[i]);
	free(r->mem);
	free(r->rules);
	memset(r, 0, sizeof *r);
}

/* --- evaluation ------------------------------------------------------ */

enum tv { TV_FALSE, TV_TRUE, TV_MAYBE };

static int
in_list(char *const *l, size_t n, const char *s)
{
	size_t i;

	for (i = 0; s && i < n; i++)
		if (strcmp(l[i], s) == 0)
			return 1;
	return 0;
}

static enum tv
regex_tv(const struct pk_expr *x, const char *action)
{
	regex_t re;
	int r;

	if (strlen(x->s) > PK_MAX_REGEX || regcomp(&re, x->s, REG_EXTENDED |
	    REG_NOSUB | (x->icase ? REG_ICASE : 0)) != 0)
		return TV_MAYBE;
	r = regexec(&re, action, 0, NULL, 0);
	regfree(&re);
	return r == 0 ? TV_TRUE : TV_FALSE;
}

static enum tv
tv_of(int b)
{
	return b ? TV_TRUE : TV_FALSE;
}

static enum tv
eval(const struct pk_expr *x, const char *action,
    const struct pk_subject *sb)
{
	enum tv a, b;
	size_t i;

	switch (x->op) {
	case PKE_TRUE:
		return TV_TRUE;
	case PKE_ACTION_EQ:
		return tv_of(strcmp(action, x->s) == 0);
	case PKE_ACTION_PREFIX:
		return tv_of(strncmp(action, x->s, strlen(x->s)) == 0);
	case PKE_ACTION_CONTAINS:
		return tv_of(strstr(action, x->s) != NULL);
	case PKE_ACTION_REGEX:
		return regex_tv(x, action);
	case PKE_ACTION_IN:
		return tv_of(in_list(x->list, x->nlist, action));
	case PKE_USER_EQ:
		return sb->user ? tv_of(strcmp(sb->user, x->s) == 0) :
		    TV_MAYBE;
	case PKE_USER_IN:
		return sb->user ? tv_of(in_list(x->list, x->nlist,
		    sb->user)) : TV_MAYBE;
	case PKE_GROUP:
		for (i = 0; i < sb->ngroups; i++)
			if (strcmp(sb->groups[i], x->s) == 0)
				return TV_TRUE;
		return TV_FALSE;
	case PKE_NOT:
		a = eval(x->a, action, sb);
		return a == TV_MAYBE ? a : tv_of(a == TV_FALSE);
	case PKE_AND:
	case PKE_OR:
		a = eval(x->a, action, sb);
		b = eval(x->b, action, sb);
		if (x->op == PKE_AND)
			return a == TV_FALSE || b == TV_FALSE ? TV_FALSE :
			    a == TV_TRUE && b == TV_TRUE ? TV_TRUE : TV_MAYBE;
		return a == TV_TRUE || b == TV_TRUE ? TV_TRUE :
		    a == TV_FALSE && b == TV_FALSE ? TV_FALSE : TV_MAYBE;
	default:
		/* local, active: who the agent's process is to logind is
		 * not known; and what privmap cannot read */
		return TV_MAYBE;
	}
}

enum pk_result
pk_rule_eval(const struct pk_rule *ru, const char *action,
    const struct pk_subject *sb, unsigned *line, int *sure)
{
	size_t i;

	*line = ru->line;
	if (ru->unread) {
		*sure = 0;
		return PK_UNKNOWN;
	}
	for (i = 0; i < ru->nrets; i++) {
		const struct pk_ret *rt = &ru->rets[i];
		enum tv t = rt->cond ? eval(rt->cond, action, sb) : TV_TRUE;

		if (t == TV_FALSE)
			continue;
		*line = rt->line;
		if (t == TV_TRUE)
			return rt->res;
		/* may hold: a grant it guards may be given; a refusal or
		 * a plain return may not stop the rest */
		*sure = 0;
		if (pk_result_grants(rt->res))
			return rt->res;
	}
	return PK_NONE;
}

/* --- print ----------------------------------------------------------- */

static void
print_list(struct buf *b, char *const *l, size_t n)
{
	size_t i;

	buf_adds(b, "[");
	for (i = 0; i < n; i++)
		buf_printf(b, "%s\"%s\"", i ? "," : "", l[i]);
	buf_adds(b, "]");
}

static void
print_expr(struct buf *b, const struct pk_expr *x)
{
	static const char *const f[] = {
		"true", "unknown", "action == \"%s\"", "action ^= \"%s\"",
		"action ~= \"%s\"", "action =~ /%s/", NULL, "user == \"%s\"",
		NULL, "group \"%s\"", "local", "active",
	};

	switch (x->op) {
	case PKE_NOT:
		buf_adds(b, "!");
		print_expr(b, x->a);
		return;
	case PKE_AND:
	case PKE_OR:
		buf_adds(b, "(");
		print_expr(b, x->a);
		buf_adds(b, x->op == PKE_AND ? " && " : " || ");
		print_expr(b, x->b);
		buf_adds(b, ")");
		return;
	case PKE_ACTION_IN:
	case PKE_USER_IN:
		buf_adds(b, x->op == PKE_ACTION_IN ? "action in " :
		    "user in ");
		print_list(b, x->list, x->nlist);
		return;
	default:
		buf_printf(b, f[x->op], x->s);
		if (x->op == PKE_ACTION_REGEX && x->icase)
			buf_adds(b, "i");
	}
}

char *
pk_rules_print(const struct pk_rules *r)
{
	struct buf b = { 0 };
	size_t i, j;

	for (i = 0; i < r->n; i++) {
		const struct pk_rule *ru = &r->rules[i];

		buf_printf(&b, "rule line %u%s%s\n", ru->line, ru->admin ?
		    " admin" : "", ru->unread ? " unread" : "");
		for (j = 0; j < ru->nrets; j++) {
			buf_printf(&b, "  line %u: ", ru->rets[j].line);
			if (ru->rets[j].cond)
				print_expr(&b, ru->rets[j].cond);
			else
				buf_adds(&b, "always");
			buf_printf(&b, " -> %s\n",
			    pk_result_name(ru->rets[j].res));
		}
	}
	buf_adds(&b, "");
	return buf_str(&b);
}
