/*
 * families.h: the one table of the report contract's families and of the
 * kinds of finding (known/families.c): which families a report may name,
 * the order a person reads them in, the SARIF rules' texts, what a
 * family's findings imply (known/closes.h), and what its paths are to the
 * agent policy classes. Data only; never includes a header of a floor
 * above.
 */
#ifndef PRIVMAP_KNOWN_FAMILIES_H
#define PRIVMAP_KNOWN_FAMILIES_H

#include <stddef.h>

#include "known/closes.h"

/* what a SARIF rule says of a kind of finding (docs/sarif.md) */
struct known_text {
	const char	*shortd;	/* short description */
	const char	*fulld;		/* full description */
	const char	*help;		/* how to fix, beside an alert */
};

enum {
	FAM_READS_SECRETS = 0x01,	/* reading its paths gives secrets,
					 * not a way to root by itself */
	FAM_OWN_STARTUP = 0x02,		/* writing its paths may be the
					 * user changing its own startup */
};

struct known_family {
	const char		*id;
	const char		*summary;	/* the events summary's words */
	struct known_text	 sarif;		/* shortd NULL: none */
	struct known_close	 close;		/* family NULL: none implied */
	unsigned		 flags;		/* FAM_* */
};

struct known_kind {
	const char		*check;
	struct known_text	 text;
};

/* the row of a family of the report contract, or NULL */
const struct known_family	*known_family_find(const char *id);
/* the i-th family in reading order (0 first), NULL past the last */
const struct known_family	*known_family_at(size_t i);
/* the SARIF texts of a kind of finding (a check's id or one of its
 * kinds), or NULL for one the table does not know */
const struct known_text		*known_kind_text(const char *check);

#endif
