/*
 * polkit.h: the polkit actions whose grant makes the subject root or as
 * good as root (known/polkit.c), for checks/polkit.c. A table, no
 * reading of any target.
 */
#ifndef PRIVMAP_KNOWN_POLKIT_H
#define PRIVMAP_KNOWN_POLKIT_H

#include "known/severity.h"

struct known_polkit_action {
	const char	*id;		/* the action id */
	enum severity	 sev;		/* granted outright (YES) */
	const char	*prog;		/* the program that uses it, or NULL */
	const char	*how;		/* what a subject granted it does:
					 * "VERB ...", read after "it can" */
};

/* NULL-ended */
extern const struct known_polkit_action known_polkit_actions[];
/* where polkit reads its rules, .pkla files and actions (polkit(8),
 * pklocalauthority(8)), NULL-ended */
extern const char *const known_polkit_rules_dirs[];
extern const char *const known_polkit_pkla_dirs[];
extern const char	 known_polkit_actions_dir[];

#endif
