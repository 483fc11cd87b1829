/*
 * sandbox.c: the sandbox formats' common part: the plan of what the
 * report's findings need (engine/sandbox.c), the reasons written beside
 * every line, and the writer of each format called (output/sandbox-*.c).
 * It reads only the report model, never the target.
 */
#include <stdio.h>
#include <string.h>

#include "output/sandbox.h"
#include "known/sandbox.h"
#include "lib/buf.h"
#include "lib/xmalloc.h"

int
policy_format_is_sandbox(int fmt)
{
	return fmt == POLICY_SYSTEMD || fmt == POLICY_DOCKER ||
	    fmt == POLICY_COMPOSE || fmt == POLICY_SECCOMP ||
	    fmt == POLICY_BWRAP;
}

void
sbw_why(struct sbw *w, const char *lead, const char *text)
{
	struct buf t = { 0 };
	const char *s, *sp;
	size_t col, width = 78 - strlen(w->cmt);

	if (lead)
		buf_adds(&t, lead);
	if (lead && text)
		buf_adds(&t, ": ");
	output_comment(&t, text, 600);
	s = buf_str(&t);
	while (*s) {
		/* a line of at most width bytes, broken at a space */
		col = strlen(s);
		if (col > width) {
			for (sp = s + width; sp > s && *sp != ' '; sp--)
				;
			col = sp > s ? (size_t)(sp - s) : width;
		}
		buf_adds(w->b, w->cmt);
		buf_add(w->b, s, col);
		buf_addc(w->b, '\n');
		s += col;
		while (*s == ' ')
			s++;
	}
	buf_free(&t);
}

int
sbw_need(struct sbw *w, enum sb_need n, const char *lead)
{
	char *why = sandbox_plan_why(w->p, n);

	if (why == NULL)
		return 0;
	sbw_why(w, lead, why);
	free(why);
	return 1;
}

void
sbw_head(struct sbw *w, const char *what, const char *use)
{
	struct buf t = { 0 };

	sbw_why(w, NULL, what);
	output_target(&t, w->rep);
	sbw_why(w, "for", buf_str(&t));
	buf_free(&t);
	if (use)
		sbw_why(w, NULL, use);
	if (w->o->nworkspace == 0)
		sbw_why(w, NULL, "no --workspace was given: nothing the agent "
		    "runs may write outside its private /tmp");
}

/* 1 if path is dir or under it */
static int
within(const char *path, const char *dir)
{
	size_t n = strlen(dir);

	return strncmp(path, dir, n) == 0 && (path[n] == '/' ||
	    path[n] == '\0');
}

void
sbw_tail(struct sbw *w)
{
	size_t i, k;

	/* a workspace is left writable: what a finding writes there stays
	 * open however the rest is sealed */
	for (i = 0; i < w->p->nro; i++)
		for (k = 0; k < w->o->nworkspace; k++)
			if (within(w->p->ro[i], w->o->workspace[k])) {
				char *s = xasprintf("%s: inside the workspace "
				    "%s, which stays writable", w->p->ro[i],
				    w->o->workspace[k]);

				sbw_why(w, "not contained", s);
				free(s);
			}

	for (i = 0; i < w->p->ngroups; i++) {
		char *s = xasprintf("group %s: a sandbox keeps the user's "
		    "supplementary groups; take the user out of the group "
		    "(privmap fix)", w->p->groups[i]);

		sbw_why(w, "not contained", s);
		free(s);
	}
	for (i = 0; i < w->p->nopen; i++)
		sbw_why(w, "not contained", w->p->open[i]);
}

const char *const *
sbw_calls_extra(const struct sb_plan *p, size_t *n)
{
	static const char *v[64];
	const char *const *lists[] = { known_calls_extra, known_calls_userns,
	    known_calls_bpf, known_calls_ptrace };
	size_t i, k, j;

	(void)p;
	*n = 0;
	for (i = 0; i < sizeof lists / sizeof lists[0]; i++)
		for (k = 0; lists[i][k] && *n < 63; k++) {
			for (j = 0; j < *n; j++)
				if (strcmp(v[j], lists[i][k]) == 0)
					break;
			if (j == *n)
				v[(*n)++] = lists[i][k];
		}
	v[*n] = NULL;
	return v;
}

int
output_sandbox(const struct report *rep, FILE *fp, enum policy_format fmt,
    const struct sandbox_opts *o, const char **why)
{
	struct buf b = { 0 };
	struct sb_plan p;
	struct sbw w = { &b, rep, &p, o, "# " };
	int rv = -1;

	sandbox_plan(rep, &p);
	switch (fmt) {
	case POLICY_SYSTEMD:
		rv = sbw_systemd(&w);
		break;
	case POLICY_DOCKER:
		rv = sbw_docker(&w);
		break;
	case POLICY_COMPOSE:
		rv = sbw_compose(&w);
		break;
	case POLICY_SECCOMP:
		rv = sbw_seccomp(&w);
		break;
	case POLICY_BWRAP:
		rv = sbw_bwrap(&w);
		break;
	default:
		*why = "not a sandbox format";
		break;
	}
	if (rv == 0)
		rv = output_write(fp, b.data ? b.data : "", b.len, why);
	else if (*why == NULL)
		*why = "cannot write the sandbox";
	sandbox_plan_free(&p);
	buf_free(&b);
	return rv;
}
