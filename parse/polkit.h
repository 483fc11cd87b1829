/*
 * polkit.h: what polkit's authorization files say, read without running
 * any of them: the JavaScript rules of rules.d (polkit(8), "AUTHORIZATION
 * RULES": polkit.addRule(function(action, subject) {...}) returning a
 * polkit.Result), the legacy .pkla files of the local authority
 * (pklocalauthority(8): [section] with Identity=, Action=, ResultAny=,
 * ResultInactive=, ResultActive=) and the defaults of the actions in
 * /usr/share/polkit-1/actions/ (*.policy: polkit(8), "DECLARING ACTIONS":
 * <action id=...><defaults><allow_any>...). The parsers take a buffer;
 * they never read a file, run a script or decide what an action means
 * (checks/polkit.c does). The rules reader knows only the forms real
 * rules use; whatever else it meets stands as "unknown" in the parse,
 * never as a guess.
 */
#ifndef PRIVMAP_PARSE_POLKIT_H
#define PRIVMAP_PARSE_POLKIT_H

#include <stddef.h>

#include "parse/err.h"

/* a polkit.Result, a .pkla or .policy result; PK_NONE: a rule that
 * returns nothing (polkit asks the next rule), PK_UNKNOWN: a return
 * privmap could not read */
enum pk_result {
	PK_NONE, PK_NO, PK_AUTH_ADMIN, PK_AUTH_ADMIN_KEEP, PK_AUTH_SELF,
	PK_AUTH_SELF_KEEP, PK_YES, PK_UNKNOWN,
};

/* the bounds of one file's parse */
#define PK_MAX_TOKENS	262144
#define PK_MAX_NODES	65536
#define PK_MAX_DEPTH	64
#define PK_MAX_LIST	4096
#define PK_MAX_REGEX	512
#define PK_MAX_STR	4096

enum pk_op {
	PKE_TRUE,		/* always */
	PKE_UNKNOWN,		/* a test privmap cannot read */
	PKE_ACTION_EQ,		/* action.id == s */
	PKE_ACTION_PREFIX,	/* action.id.indexOf(s) == 0, startsWith */
	PKE_ACTION_CONTAINS,	/* action.id.indexOf(s) >= 0, includes */
	PKE_ACTION_REGEX,	/* /s/.test(action.id), action.id.match */
	PKE_ACTION_IN,		/* [list].indexOf(action.id) >= 0 */
	PKE_USER_EQ,		/* subject.user == s */
	PKE_USER_IN,		/* [list].indexOf(subject.user) >= 0 */
	PKE_GROUP,		/* subject.isInGroup(s) */
	PKE_LOCAL,		/* subject.local */
	PKE_ACTIVE,		/* subject.active */
	PKE_NOT, PKE_AND, PKE_OR,
};

struct pk_expr {
	enum pk_op	 op;
	char		*s;		/* the string compared (regex: its
					 * source) */
	int		 icase;		/* a regex's i flag */
	char		**list;		/* PKE_*_IN */
	size_t		 nlist;
	struct pk_expr	*a, *b;		/* NOT: a; AND, OR: a, b */
};

/* one return of a rule: taken when cond holds (NULL: always) */
struct pk_ret {
	struct pk_expr	*cond;
	enum pk_result	 res;
	unsigned	 line;
};

struct pk_rule {
	struct pk_ret	*rets;		/* in the order of the source */
	size_t		 nrets;
	unsigned	 line;		/* of polkit.addRule */
	int		 admin;		/* addAdminRule: who may authenticate
					 * as an admin, not a grant */
	int		 unread;	/* part of it could not be read: it
					 * may answer anything */
};

struct pk_rules {
	struct pk_rule	*rules;
	size_t		 n;
	void		**mem;		/* every node and string, freed at
					 * once */
	size_t		 nmem, capmem;
	size_t		 nodes;
};

/*
 * The rules of one rules.d file, in order. A part the reader cannot
 * follow goes to err (may be NULL) with its line; a rule it cannot read
 * to its end is kept with unread set, and what follows it is read.
 */
void	pk_rules_parse(const char *buf, size_t len, struct pk_rules *,
	    parse_err_fn err, void *ctx);
void	pk_rules_free(struct pk_rules *);
/* the parse as text, one rule and its returns a line each (allocated) */
char	*pk_rules_print(const struct pk_rules *);

/* who asks: the user's name (NULL: none) and groups' names */
struct pk_subject {
	const char		*user;
	const char *const	*groups;
	size_t			 ngroups;
};

/*
 * What one rule answers for action and subject: the first return whose
 * condition holds, PK_NONE if none does. A condition that may hold
 * (subject.local, a test privmap cannot read) gives a grant it guards
 * with *sure set to 0 and passes a refusal by; *line is the return's.
 * An unread rule answers PK_UNKNOWN.
 */
enum pk_result	pk_rule_eval(const struct pk_rule *, const char *action,
		    const struct pk_subject *, unsigned *line, int *sure);

/* "yes", "auth_self", ... as .pkla and .policy files write them (and
 * polkit.Result's names in lower case); PK_UNKNOWN for anything else */
enum pk_result	pk_result_parse(const char *s, size_t n);
const char	*pk_result_name(enum pk_result);
/* 1 for YES and AUTH_SELF*: the subject is let in without an admin */
int		pk_result_grants(enum pk_result);

/* one section of a .pkla file */
struct pkla_entry {
	char		*section;
	char		**identities;	/* "unix-user:NAME", "unix-group:G" */
	size_t		 nidentities;
	char		**actions;	/* globs */
	size_t		 nactions;
	enum pk_result	 any, inactive, active;	/* PK_NONE: not set */
	unsigned	 line;
};

struct pkla {
	struct pkla_entry	*e;
	size_t			 n;
};

void	pkla_parse(const char *buf, size_t len, struct pkla *,
	    parse_err_fn err, void *ctx);
void	pkla_free(struct pkla *);
char	*pkla_print(const struct pkla *);
/* 1 if an Identity= of e names the subject (unix-user: or unix-group:,
 * globs as pklocalauthority(8) allows), an Action= glob matches action */
int	pkla_matches(const struct pkla_entry *, const char *action,
	    const struct pk_subject *);

/* one <action> of a .policy file */
struct pk_action_def {
	char		*id;
	enum pk_result	 any, inactive, active;	/* PK_NONE: not given */
	unsigned	 line;
};

struct pk_policy {
	struct pk_action_def	*a;
	size_t			 n;
};

void	pk_policy_parse(const char *buf, size_t len, struct pk_policy *,
	    parse_err_fn err, void *ctx);
void	pk_policy_free(struct pk_policy *);
char	*pk_policy_print(const struct pk_policy *);

#endif
