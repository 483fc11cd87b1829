/*
 * sandbox.h: what the writers of the agent's sandbox share (output/
 * sandbox.c): the plan of what the findings need, the comment that
 * gives each line its reason, and one writer per format, each in its own
 * file. Only output/sandbox*.c include it. Nothing here reads the target.
 */
#ifndef PRIVMAP_OUTPUT_SANDBOX_H
#define PRIVMAP_OUTPUT_SANDBOX_H

#include "engine/sandbox.h"
#include "output/output.h"

struct sbw {
	struct buf			*b;
	const struct report		*rep;
	const struct sb_plan		*p;
	const struct sandbox_opts	*o;
	const char			*cmt;	/* "# " or "  # " ... */
};

/* "# " lines saying why, wrapped at 78 columns: lead then text, text
 * from the report shown as output_comment does */
void	sbw_why(struct sbw *, const char *lead, const char *text);
/* the reason for need n ("N findings: ID family PATH, ..."), under lead;
 * 0 (nothing written) if no finding needs it */
int	sbw_need(struct sbw *, enum sb_need, const char *lead);
/* the opening lines: what the file is, the target, how it is used */
void	sbw_head(struct sbw *, const char *what, const char *use);
/* the closing lines: what no sandbox contains, and why */
void	sbw_tail(struct sbw *);
/* the calls the seccomp profile and SystemCallFilter= refuse: Docker's
 * documented list, and what the findings need (NULL-ended, static) */
const char *const *sbw_calls_extra(const struct sb_plan *, size_t *n);

int	sbw_systemd(struct sbw *);
int	sbw_docker(struct sbw *);
int	sbw_compose(struct sbw *);
int	sbw_seccomp(struct sbw *);
int	sbw_bwrap(struct sbw *);

#endif
