/*
 * deny.h: the deny entries of a report, shared by the policy writers and
 * the remediation script: the typed entries of each finding (struct
 * close, report.h), those its check named with finding_close() or, for a
 * finding above info that names none, those its family implies, marked
 * derived (policies use them; the fix script does not). Internal to
 * output/.
 */
#ifndef PRIVMAP_DENY_H
#define PRIVMAP_DENY_H

#include <stddef.h>

#include "engine/report.h"

/* the actions of report.h's entries (enum close_action), by the names
 * the writers have always used */
enum deny_action {
	DENY_WRITE = CLOSE_WRITE,
	DENY_EXEC = CLOSE_EXEC,
	DENY_READ = CLOSE_READ,
	DENY_CONNECT = CLOSE_CONNECT,
	DENY_GROUP = CLOSE_GROUP,
	DENY_PORT = CLOSE_PORT,
	DENY_COUNT = CLOSE_COUNT,
};

struct deny {
	enum deny_action	 action;
	char			*target;	/* owned */
	const struct finding	*f;		/* the finding it closes */
	int			 derived;	/* 1: implied by family/path */
	enum close_fix		 fix;		/* how the fix script closes
						 * it (the entry's) */
};

/* "write", "exec", ...; -1 if s names no action */
int		 deny_action_parse(const char *s);
const char	*deny_action_name(enum deny_action);

/* Every entry of the report in report order (findings as sorted by
 * report_finish, each finding's entries as it named them), exact
 * duplicates within one finding dropped. Entries with an unknown action
 * or an empty target are left out. Returns the count; *out is owned. */
size_t		 deny_collect(const struct report *, struct deny **out);
void		 deny_free(struct deny *, size_t);

#endif
