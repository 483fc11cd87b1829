/*
 * deny.h: the deny entries of a report, shared by the policy writers and
 * the remediation script. A finding names them with finding_deny() (its
 * "policy" array: "ACTION TARGET"); a finding above info that names none
 * gets the entries its family, path and evidence imply, marked derived
 * (policies use them; the fix script does not). Internal to output/.
 */
#ifndef PRIVMAP_DENY_H
#define PRIVMAP_DENY_H

#include <stddef.h>

#include "engine/report.h"

enum deny_action {
	DENY_WRITE,	/* target: a path the user may not change */
	DENY_EXEC,	/* a program the user may not run */
	DENY_READ,	/* a path the user may not read */
	DENY_CONNECT,	/* a socket path the user may not connect to */
	DENY_GROUP,	/* a group name the user may not use */
	DENY_PORT,	/* "HOST:PORT" the user may not connect to */
	DENY_COUNT,
};

struct deny {
	enum deny_action	 action;
	char			*target;	/* owned */
	const struct finding	*f;		/* the finding it closes */
	int			 derived;	/* 1: implied by family/path */
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

/* The report model keeps text from the target in its JSON values (deny
 * entries, evidence) in the form of docs/paths.md (pathenc_encode), while
 * finding->path keeps the bytes. The bytes s stands for (s itself if it
 * is not in that form). Caller frees. */
char		*deny_raw_path(const struct finding *, const char *s);

#endif
