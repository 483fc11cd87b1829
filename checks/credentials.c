/*
 * credentials.c: other people's secrets the user can read. Password
 * hashes (/etc/shadow, gshadow and their "-" backups, pam_pwhistory's
 * opasswd), SSH private keys (every account's ~/.ssh, the host keys),
 * cloud, registry and cluster credentials in homes (~/.aws, ~/.docker,
 * ~/.kube, ~/.config/gcloud, ~/.azure, ~/.netrc, ~/.git-credentials,
 * ~/.pgpass, ~/.my.cnf, ...), and .env files of applications under other
 * homes, /srv, /opt and /var/www. It reports the path and the kind of
 * secret and never reports a secret: a private key is told by its name
 * (id_*, NAME beside NAME.pub, *.pem, *.key), never by its content. Only
 * public files and public parts are read: a key's .pub, the clear header
 * of an openssh-key-v1 key file (its public key and the name of the
 * cipher sealing its private part, which is never decoded or kept), the
 * accounts' authorized keys files and sshd_config, to tell whether a key
 * logs in as its account here, as sshd would decide.
 *
 * A key's hop to its account X: certain when sshd is installed, key
 * logins are on (PubkeyAuthentication), X's shell takes a login, sshd's
 * AllowUsers/DenyUsers/AllowGroups/DenyGroups let X in (and for root
 * PermitRootLogin), and a line of X's AuthorizedKeysFile files lists the
 * key's public half with no option that changes the login (command=
 * forces a command, from= leaves this host out, an expiry-time past or
 * near) and no passphrase seals the key; likely when the public half is
 * not found, a file cannot be read whole, or something is beyond what
 * privmap models; no hop at all when sshd would refuse the login (the
 * finding stays: the key may log in elsewhere).
 *
 * Severity. Readable shadow: high (offline cracking needs time, not
 * anyone's help, but a strong password resists). Keys and tokens of
 * another account: high (lateral movement now, root if that account is
 * privileged: the graph scores the hop by where the account leads); a key
 * that logs in as no one here: medium (elsewhere at most). Root's private
 * key that logs in as root here: critical ("ssh root@localhost", no one
 * else acting); root's that does not: high (root elsewhere). Host keys:
 * medium (impersonating this server needs a network position). .env
 * files, gshadow, opasswd, npm/PyPI tokens: medium. Shell histories: low
 * (they may hold a typed secret).
 *
 * Sources: shadow(5), gshadow(5), pam_pwhistory(8) (/etc/security/
 * opasswd), sshd(8) AUTHORIZED_KEYS FILE FORMAT, sshd_config(5)
 * (PermitRootLogin, default prohibit-password since OpenSSH 7.0; first
 * value obtained wins; Include; AuthorizedKeysFile and its tokens,
 * default ".ssh/authorized_keys .ssh/authorized_keys2"; StrictModes;
 * the Allow/Deny lists), OpenSSH PROTOCOL.key and auth.c
 * (allowed_user), ssh-keygen(1) (id_* names), the
 * credential files of the AWS CLI, Docker (config.json "auths"),
 * kubectl, gcloud, Azure CLI, GitHub CLI, HashiCorp Vault, netrc(5),
 * git-credential-store(1), PostgreSQL's pgpass, MySQL's option files,
 * npm's .npmrc and PyPI's .pypirc; the dotenv convention.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "checks/check.h"
#include "engine/confload.h"
#include "lib/bounds.h"
#include "lib/buf.h"
#include "lib/xmalloc.h"
#include "parse/sshd.h"
#include "parse/sshkey.h"
#include "lib/lines.h"
#include "lib/path.h"
#include "lib/str.h"
#include "known/known.h"

/* .env candidates the walk keeps at most */
#define CRED_MAX_DOTENV	1000

/* trees searched for .env files, and how deep below them */
static const struct {
	const char	*dir;
	int		 depth;
} dotenv_roots[] = {
	{ "/srv", 3 }, { "/opt", 3 }, { "/var/www", 3 }, { NULL, 0 },
};

struct cred_home {
	char		*home;
	size_t		 len;
	char		*owner;		/* account name(s) */
	uid_t		 uid;
};

struct cred_priv {
	struct cred_home *homes;
	size_t		 nhomes;
	int		 homes_done;
	char		**dotenv;
	size_t		 ndotenv;
	int		 dotenv_dropped;
};

/* the homes of accounts other than the user, each once */
static void
cred_homes(struct scan *s, struct cred_priv *p)
{
	size_t i, j;

	p->homes_done = 1;
	for (i = 0; i < s->db.nusers; i++) {
		const struct pwent *pw = &s->db.users[i];
		char *h;

		if (pw->uid == s->user.uid || !known_usable_home(pw->home, 0))
			continue;
		if (s->user.home && strcmp(s->user.home, pw->home) == 0)
			continue;
		h = xstrdup(pw->home);
		/* no trailing slash: "/home/a/" and "/home/a" are one */
		while (strlen(h) > 1 && h[strlen(h) - 1] == '/')
			h[strlen(h) - 1] = '\0';
		for (j = 0; j < p->nhomes; j++)
			if (strcmp(p->homes[j].home, h) == 0)
				break;
		if (j < p->nhomes) {
			char *o = xasprintf("%s, %s", p->homes[j].owner,
			    pw->name);

			free(p->homes[j].owner);
			p->homes[j].owner = o;
			if (pw->uid == 0)
				p->homes[j].uid = 0;
			free(h);
			continue;
		}
		p->homes = xreallocarray(p->homes, p->nhomes + 1,
		    sizeof *p->homes);
		p->homes[p->nhomes].home = h;
		p->homes[p->nhomes].len = strlen(h);
		p->homes[p->nhomes].owner = xstrdup(pw->name);
		p->homes[p->nhomes].uid = pw->uid;
		p->nhomes++;
	}
}

/* .env, .env.production, .env.local...; not the templates committed to
 * repositories */
static int
dotenv_name(const char *name)
{
	static const char *const templates[] = {
		".env.example", ".env.sample", ".env.template", ".env.dist",
		".env.defaults", ".env.schema", NULL,
	};
	size_t i;

	if (strcmp(name, ".env") != 0 && strncmp(name, ".env.", 5) != 0)
		return 0;
	for (i = 0; templates[i]; i++)
		if (strcmp(name, templates[i]) == 0)
			return 0;
	return 1;
}

/* how many directories below dir is path's directory? -1 if not under */
static int
depth_below(const char *path, const char *dir, size_t dl)
{
	const char *p;
	int d = 0;

	if (dl == 1)
		dl = 0;		/* "/" */
	if (strncmp(path, dir, dl) != 0 || path[dl] != '/')
		return -1;
	for (p = path + dl + 1; *p; p++)
		if (*p == '/')
			d++;
	return d;
}

static void
cred_visit(struct scan *s, void **vp, const struct entry *e)
{
	struct cred_priv *p = *vp;
	size_t i;
	int keep = 0;

	if (!dotenv_name(e->name) || !S_ISREG(e->st.st_mode) ||
	    e->st.st_uid == s->user.uid)
		return;
	if (p == NULL)
		p = *vp = xcalloc(1, sizeof *p);
	if (!p->homes_done)
		cred_homes(s, p);
	/* top level of another account's home, or one level down */
	for (i = 0; i < p->nhomes && !keep; i++) {
		int d = depth_below(e->path, p->homes[i].home,
		    p->homes[i].len);

		if (d >= 0 && d <= 1)
			keep = 1;
	}
	for (i = 0; dotenv_roots[i].dir && !keep; i++) {
		int d = depth_below(e->path, dotenv_roots[i].dir,
		    strlen(dotenv_roots[i].dir));

		if (d >= 0 && d <= dotenv_roots[i].depth)
			keep = 1;
	}
	/* never the user's own home */
	if (keep && s->user.home && known_usable_home(s->user.home, 0) &&
	    depth_below(e->path, s->user.home, strlen(s->user.home)) >= 0)
		keep = 0;
	if (!keep)
		return;
	if (p->ndotenv >= CRED_MAX_DOTENV) {
		p->dotenv_dropped = 1;
		return;
	}
	p->dotenv = xreallocarray(p->dotenv, p->ndotenv + 1,
	    sizeof *p->dotenv);
	p->dotenv[p->ndotenv++] = xstrdup(e->path);
}

static const char *
uname_or(struct scan *s)
{
	return s->user.name ? s->user.name : "the user";
}

/* Report path if the user can read it (and it is not the user's own).
 * owner: whose secret (NULL: the system's or unknown). */
static struct finding *
cred_found(struct scan *s, const char *path, enum severity sev,
    const char *kind, const char *owner, double weight)
{
	struct finding *f;
	struct stat st;
	const struct grent *g;

	if (tv_stat(s->tv, path, &st) == -1) {
		if (errno != ENOENT && errno != ENOTDIR && errno != EACCES)
			scan_errno(s, path, "cannot stat");
		return NULL;
	}
	if (!S_ISREG(st.st_mode) || st.st_uid == s->user.uid)
		return NULL;
	switch (access_can(s->acc, path, ACC_READ)) {
	case ACC_YES:
		break;
	case ACC_UNKNOWN:
		scan_errno(s, path, "cannot evaluate access");
		return NULL;
	default:
		return NULL;
	}
	if (owner)
		f = report_add(s->rep, &check_credentials.who, sev, weight,
		    path, "", "%s is readable by %s: %s of %s", path,
		    uname_or(s), kind, owner);
	else
		f = report_add(s->rep, &check_credentials.who, sev, weight,
		    path, "", "%s is readable by %s: %s", path, uname_or(s),
		    kind);
	finding_ev_str(f, "kind", kind);
	if (owner)
		finding_ev_str(f, "belongs_to", owner);
	finding_ev_mode(f, "mode", st.st_mode);
	finding_ev_int(f, "uid", (long long)st.st_uid);
	finding_ev_int(f, "gid", (long long)st.st_gid);
	finding_ev_str(f, "content", "not read: privmap reports where a "
	    "secret is, never what it is");
	g = userdb_group_by_gid(&s->db, st.st_gid);
	if ((st.st_mode & 040) && ident_in_group(&s->user, st.st_gid) && g &&
	    s->user.name && !(st.st_mode & 04))
		finding_set_remediation(f, "chmod g-r '%s'  # or: gpasswd -d "
		    "'%s' '%s' (read through group %s)", path, s->user.name,
		    g->name, g->name);
	else
		finding_set_remediation(f, "chmod go-r '%s'; setfacl -b '%s'",
		    path, path);
	finding_close(f, CLOSE_READ, path);
	finding_watch(s->rep, f, path, 0, "r");
	return f;
}

/* --- SSH keys: does the key log in as its account here? ------------- */

/* lists of sshd_config Allow/Deny patterns kept at most */
#define CRED_MAX_PATTERNS	4096

/* what sshd_config says outside Match blocks (sshd_config(5): for most
 * keywords the first value obtained wins; AllowUsers, DenyUsers,
 * AllowGroups and DenyGroups add up over their lines), Include files
 * read in place (one glob level, relative to /etc/ssh) through the
 * engine's loader; a word too long to be a value sshd accepts reads
 * "unknown" */
struct sshd_conf {
	int		 loaded;
	char		 permit[64];	/* PermitRootLogin */
	char		 pubkey[64];	/* PubkeyAuthentication */
	char		 strict[64];	/* StrictModes */
	char		**akf;		/* AuthorizedKeysFile, NULL: unset */
	size_t		 nakf;
	int		 akf_set;
	int		 akc;		/* AuthorizedKeysCommand other than
					 * "none" */
	int		 akc_set;
	char		**allow_u, **deny_u, **allow_g, **deny_g;
	size_t		 nallow_u, ndeny_u, nallow_g, ndeny_g;
	int		 lists_cut;	/* patterns past what is kept */
};

static void
first_word(char *dst, size_t ds, const char *v, int *set)
{
	if (*set)
		return;
	*set = 1;
	if (strlen(v) < ds)
		memcpy(dst, v, strlen(v) + 1);
	else
		memcpy(dst, "unknown", 8);
}

static void
add_patterns(struct sshd_conf *c, const struct sshd_directive *d,
    char ***v, size_t *n)
{
	size_t i;

	if (d->more)
		c->lists_cut = 1;
	for (i = 0; i < d->nargs; i++) {
		if (*n >= CRED_MAX_PATTERNS) {
			c->lists_cut = 1;
			return;
		}
		*v = xreallocarray(*v, *n + 1, sizeof **v);
		(*v)[(*n)++] = xstrdup(d->args[i]);
	}
}

struct sshd_seen {
	int	 permit, pubkey, strict;
};

static int
sshd_conf_file(struct confload *cl, const char *path, const char *buf,
    size_t len, int depth)
{
	struct sshd_conf *c = ((void **)cl->ctx)[0];
	struct sshd_seen *seen = ((void **)cl->ctx)[1];
	struct sshd_config sc;
	size_t i, j;

	(void)path;
	sshd_config_parse(buf, len, &sc, NULL, NULL);
	for (i = 0; i < sc.n && !cl->done; i++) {
		const struct sshd_directive *d = &sc.v[i];
		const char *k = d->key;

		if (d->match)
			continue;
		if (strcasecmp(k, "Include") == 0) {
			char *full = d->arg[0] == '/' ? xstrdup(d->arg) :
			    path_join("/etc/ssh", d->arg);

			confload_glob(cl, full, depth + 1);
			free(full);
		} else if (strcasecmp(k, "PermitRootLogin") == 0)
			first_word(c->permit, sizeof c->permit, d->arg,
			    &seen->permit);
		else if (strcasecmp(k, "PubkeyAuthentication") == 0)
			first_word(c->pubkey, sizeof c->pubkey, d->arg,
			    &seen->pubkey);
		else if (strcasecmp(k, "StrictModes") == 0)
			first_word(c->strict, sizeof c->strict, d->arg,
			    &seen->strict);
		else if (strcasecmp(k, "AuthorizedKeysFile") == 0 &&
		    !c->akf_set) {
			c->akf_set = 1;
			/* "none": no file at all */
			for (j = 0; j < d->nargs; j++) {
				if (strcasecmp(d->args[j], "none") == 0)
					continue;
				c->akf = xreallocarray(c->akf, c->nakf + 1,
				    sizeof *c->akf);
				c->akf[c->nakf++] = xstrdup(d->args[j]);
			}
		} else if (strcasecmp(k, "AuthorizedKeysCommand") == 0 &&
		    !c->akc_set) {
			c->akc_set = 1;
			c->akc = strcasecmp(d->arg, "none") != 0 &&
			    d->arg[0] != '\0';
		} else if (strcasecmp(k, "AllowUsers") == 0)
			add_patterns(c, d, &c->allow_u, &c->nallow_u);
		else if (strcasecmp(k, "DenyUsers") == 0)
			add_patterns(c, d, &c->deny_u, &c->ndeny_u);
		else if (strcasecmp(k, "AllowGroups") == 0)
			add_patterns(c, d, &c->allow_g, &c->nallow_g);
		else if (strcasecmp(k, "DenyGroups") == 0)
			add_patterns(c, d, &c->deny_g, &c->ndeny_g);
	}
	sshd_config_free(&sc);
	return 0;
}

/* sshd_config once per report: the defaults of sshd_config(5) (and
 * PermitRootLogin prohibit-password since OpenSSH 7.0), then the file */
static const struct sshd_conf *
sshd_conf(struct scan *s, struct sshd_conf *c)
{
	static const struct confload_ops ops = { sshd_conf_file, NULL,
	    NULL, NULL };
	static const char *const akf_default[] = {
		".ssh/authorized_keys", ".ssh/authorized_keys2",
	};
	struct sshd_seen seen = { 0, 0, 0 };
	void *ctx[2] = { c, &seen };
	struct confload cl;
	size_t i;

	if (c->loaded)
		return c;
	c->loaded = 1;
	memcpy(c->permit, "prohibit-password", 18);
	memcpy(c->pubkey, "yes", 4);
	memcpy(c->strict, "yes", 4);
	confload_init(&cl, s, &ops, ctx);
	confload_file(&cl, "/etc/ssh/sshd_config", 0);
	confload_fini(&cl);
	if (!c->akf_set)
		for (i = 0; i < 2; i++) {
			c->akf = xreallocarray(c->akf, c->nakf + 1,
			    sizeof *c->akf);
			c->akf[c->nakf++] = xstrdup(akf_default[i]);
		}
	return c;
}

static void
strv_free(char **v, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

static void
sshd_conf_free(struct sshd_conf *c)
{
	strv_free(c->akf, c->nakf);
	strv_free(c->allow_u, c->nallow_u);
	strv_free(c->deny_u, c->ndeny_u);
	strv_free(c->allow_g, c->nallow_g);
	strv_free(c->deny_g, c->ndeny_g);
	memset(c, 0, sizeof *c);
}

/* how sure the hop to the key's account is */
enum key_hop {
	HOP_NONE,		/* no login as the account here */
	HOP_LIKELY,
	HOP_CERTAIN,
};

/* the judgement of one key, for the evidence */
struct key_judge {
	enum key_hop	 hop;
	char		*why;		/* "login" / "root_login" */
	char		*authorized;	/* "FILE line N", or NULL */
	char		*forced;	/* a forced command, or NULL */
	char		*from;		/* a from= list, or NULL */
};

static void
judge_set(struct key_judge *j, enum key_hop hop, char *why)
{
	j->hop = hop;
	free(j->why);
	j->why = why;
}

/* Is name, or one of the groups of pw, matched by one of the patterns?
 * 1 yes, 0 no, -1 a pattern beyond what privmap models (USER@HOST, or
 * '!' that sshd's Allow/Deny lists do not take). */
static int
pattern_hit(char *const *v, size_t n, const char *name)
{
	size_t i;
	int beyond = 0;

	for (i = 0; i < n; i++) {
		if (strchr(v[i], '@') || v[i][0] == '!') {
			beyond = 1;
			continue;
		}
		if (sshd_pattern_match(name, v[i]))
			return 1;
	}
	return beyond ? -1 : 0;
}

/* the group names of pw: its primary group and those listing it */
static int
group_hit(struct scan *s, const struct pwent *pw, char *const *v, size_t n)
{
	size_t i, j;
	int r = 0, h;

	for (i = 0; i < s->db.ngroups; i++) {
		const struct grent *g = &s->db.groups[i];
		int in = g->gid == pw->gid;

		for (j = 0; j < g->nmembers && !in; j++)
			in = strcmp(g->members[j], pw->name) == 0;
		if (!in)
			continue;
		if ((h = pattern_hit(v, n, g->name)) == 1)
			return 1;
		if (h == -1)
			r = -1;
	}
	return r;
}

/* sshd's allowed_user() (OpenSSH auth.c): DenyUsers, AllowUsers,
 * DenyGroups, AllowGroups in that order. NULL when pw passes; else why
 * not (static), *beyond set when a pattern is beyond the model. */
static const char *
sshd_allows(struct scan *s, const struct sshd_conf *c,
    const struct pwent *pw, int *beyond)
{
	int h;

	*beyond = c->lists_cut;
	if ((h = pattern_hit(c->deny_u, c->ndeny_u, pw->name)) == 1)
		return "sshd_config's DenyUsers refuses it";
	*beyond |= h == -1;
	if (c->nallow_u) {
		if ((h = pattern_hit(c->allow_u, c->nallow_u, pw->name)) == 0)
			return "sshd_config's AllowUsers does not list it";
		*beyond |= h == -1;
	}
	if ((h = group_hit(s, pw, c->deny_g, c->ndeny_g)) == 1)
		return "sshd_config's DenyGroups refuses a group of it";
	*beyond |= h == -1;
	if (c->nallow_g) {
		if ((h = group_hit(s, pw, c->allow_g, c->nallow_g)) == 0)
			return "sshd_config's AllowGroups lists none of its "
			    "groups";
		*beyond |= h == -1;
	}
	return NULL;
}

/* AuthorizedKeysFile's tokens (sshd_config(5) TOKENS: %% %h %U %u),
 * relative to the home; NULL for a token it does not take */
static char *
akf_expand(const char *pat, const struct pwent *pw)
{
	struct buf b = { 0 };
	const char *p;
	char *r;

	for (p = pat; *p; p++) {
		if (*p != '%') {
			buf_addc(&b, *p);
			continue;
		}
		switch (*++p) {
		case '%':
			buf_addc(&b, '%');
			break;
		case 'h':
			buf_adds(&b, pw->home);
			break;
		case 'u':
			buf_adds(&b, pw->name);
			break;
		case 'U':
			buf_printf(&b, "%lu", (unsigned long)pw->uid);
			break;
		default:
			buf_free(&b);
			return NULL;
		}
	}
	r = buf_str(&b);
	if (r[0] != '/') {
		char *j = path_join(pw->home, r);

		free(r);
		r = j;
	}
	return r;
}

/* sshd's StrictModes (OpenSSH misc.c safe_path): the file and each
 * directory above it, up to the home or "/", owned by root or the
 * account and writable by no one else; NULL or what fails (static) */
static const char *
strict_refuses(struct scan *s, const char *file, const struct pwent *pw)
{
	char *p = xstrdup(file), *q;
	const char *why = NULL;
	struct stat st;
	int first = 1;

	for (;;) {
		if (tv_stat(s->tv, p, &st) == -1) {
			why = first ? NULL : "a directory above it cannot be "
			    "read";
			break;
		}
		if (first && !S_ISREG(st.st_mode)) {
			why = "it is not a regular file";
			break;
		}
		if ((st.st_uid != 0 && st.st_uid != pw->uid) ||
		    (st.st_mode & 022) != 0) {
			why = first ? "its owner or mode" : "the owner or mode "
			    "of a directory above it";
			break;
		}
		if (!first && strcmp(p, pw->home) == 0)
			break;
		if (strcmp(p, "/") == 0)
			break;
		q = path_dirname(p);
		free(p);
		p = q;
		first = 0;
	}
	free(p);
	return why;
}

/* one line that lists the key: how sure it makes the login (and why);
 * forced_only: PermitRootLogin forced-commands-only, for root */
static enum key_hop
line_judge(const struct sshkey_authline *a, int forced_only,
    const char **why)
{
	int64_t t, now = (int64_t)time(NULL);
	int utc, by4, by6, by;

	if (a->bad_options) {
		*why = "its options are malformed: sshd refuses the line";
		return HOP_NONE;
	}
	if (a->unknown) {
		*why = "it has an option privmap does not model";
		return HOP_LIKELY;
	}
	if (a->expiry) {
		if (sshkey_expiry_parse(a->expiry, &t, &utc) == -1) {
			*why = "its expiry-time is malformed: sshd refuses "
			    "the line";
			return HOP_NONE;
		}
		/* a local time is read as UTC: within a day, unsure */
		if (t < now - (utc ? 0 : 86400)) {
			*why = "its expiry-time has passed";
			return HOP_NONE;
		}
		if (!utc && t < now + 86400) {
			*why = "its expiry-time is within a day of now (the "
			    "server's time zone is not known)";
			return HOP_LIKELY;
		}
	}
	if (a->principals) {
		*why = "principals= on a key that is not a certificate "
		    "authority";
		return HOP_LIKELY;
	}
	if (forced_only && a->command == NULL) {
		*why = "sshd_config lets root in with a forced command only "
		    "(PermitRootLogin forced-commands-only)";
		return HOP_NONE;
	}
	if (a->command) {
		*why = "it forces a command: the login runs that command, "
		    "not a shell";
		return HOP_LIKELY;
	}
	if (a->from) {
		by4 = sshkey_from_admits(a->from, "127.0.0.1", &by);
		by6 = sshkey_from_admits(a->from, "::1", &by);
		if (by4 == -1 || by6 == -1) {
			*why = "its from= is malformed: sshd refuses the line";
			return HOP_NONE;
		}
		if (!by4 && !by6) {
			*why = by ? "its from= admits localhost by name only "
			    "(sshd's UseDNS)" : "its from= does not admit "
			    "this host (127.0.0.1, ::1)";
			return HOP_LIKELY;
		}
	}
	*why = NULL;
	return HOP_CERTAIN;
}

/* a line of an authorized_keys file not read (parse_err_fn) */
static void
akf_cut(void *ctx, unsigned line, const char *why)
{
	(void)line;
	(void)why;
	*(int *)ctx = 1;
}

/* the best line of the account's authorized keys files for key */
static void
authorized_judge(struct scan *s, const struct sshd_conf *c,
    const struct pwent *pw, const struct sshkey_blob *key,
    struct key_judge *j)
{
	int forced_only = pw->uid == 0 &&
	    strcasecmp(c->permit, "forced-commands-only") == 0;
	const char *lwhy = NULL, *best_why = NULL, *strict = NULL;
	char *best_at = NULL;
	enum key_hop best = HOP_NONE;
	int listed = 0, unread = 0;
	size_t i, k;

	for (i = 0; i < c->nakf && best != HOP_CERTAIN; i++) {
		char *path = akf_expand(c->akf[i], pw), *buf;
		struct sshkey_authfile af;
		size_t len;
		const char *sw;

		if (path == NULL) {
			unread = 1;
			continue;
		}
		if (scan_read(s, path, &buf, &len) == -1) {
			if (errno != ENOENT && errno != ENOTDIR)
				unread = 1;
			free(path);
			continue;
		}
		/* a file read in part (over MAX_FILE_BYTES, a line too long,
		 * more keys than kept) may list the key past that part */
		if (len >= MAX_FILE_BYTES)
			unread = 1;
		sshkey_authfile_parse(buf, len, &af, akf_cut, &unread);
		free(buf);
		sw = strcasecmp(c->strict, "no") == 0 ? NULL :
		    strict_refuses(s, path, pw);
		for (k = 0; k < af.n && best != HOP_CERTAIN; k++) {
			const struct sshkey_authline *a = &af.v[k];
			enum key_hop h;

			/* a certificate authority's line is no key match
			 * (auth2-pubkeyfile.c check_authkey_line) */
			if (a->cert_authority ||
			    !sshkey_blob_equal(&a->key, key))
				continue;
			listed = 1;
			if (sw) {
				strict = sw;
				continue;
			}
			h = line_judge(a, forced_only, &lwhy);
			if (best_at == NULL || h > best) {
				best = h;
				best_why = lwhy;
				free(best_at);
				best_at = xasprintf("%s line %u", path,
				    a->line);
				free(j->forced);
				free(j->from);
				j->forced = a->command ? xstrdup(a->command) :
				    NULL;
				j->from = a->from ? xstrdup(a->from) : NULL;
			}
		}
		sshkey_authfile_free(&af);
		free(path);
	}
	if (best_at) {
		j->authorized = best_at;
		j->hop = best;
		judge_set(j, best, best_why ? xasprintf("%s's authorized "
		    "keys list it (%s), but %s", pw->name, best_at,
		    best_why) : NULL);
		if (best == HOP_CERTAIN || best == HOP_LIKELY)
			return;
	}
	if (c->akc)
		judge_set(j, HOP_LIKELY, xasprintf("%s's authorized_keys %s, "
		    "but sshd_config's AuthorizedKeysCommand may accept it",
		    pw->name, listed ? "refuse it" : "does not list it"));
	else if (unread)
		judge_set(j, HOP_LIKELY, xasprintf("%s's authorized keys "
		    "could not all be read: a part not read may list it",
		    pw->name));
	else if (strict && best_at == NULL)
		judge_set(j, HOP_NONE, xasprintf("%s's authorized_keys lists "
		    "it, but sshd's StrictModes refuses the file (%s)",
		    pw->name, strict));
	else if (!listed)
		judge_set(j, HOP_NONE, xasprintf("%s's authorized_keys does "
		    "not list it", pw->name));
}

/* The key's public half: from the key file itself (openssh-key-v1
 * keeps it in clear, with the cipher of the private part), else from
 * KEY.pub beside it. Sets the evidence of where it came from and of the
 * passphrase. 0 and *blob, or -1. *sealed: 1 a passphrase protects the
 * key, 0 none, -1 unknown. */
static int
key_public(struct scan *s, struct finding *f, const char *key,
    struct sshkey_blob *blob, int *sealed)
{
	struct sshkey_private k;
	struct stat st;
	const char *why;
	char *buf, *pub;
	size_t len;
	int r = -1, cut = 0;

	*sealed = -1;
	memset(blob, 0, sizeof *blob);
	/* read past scan_read, whose cache would keep the secret: nothing
	 * of the file but its clear part is kept */
	if (tv_stat(s->tv, key, &st) == 0 && st.st_size > 0 &&
	    (size_t)st.st_size <= SSHKEY_MAX_FILE &&
	    tv_read(s->tv, key, SSHKEY_MAX_FILE, &buf, &len, &cut) == 0) {
		if (!cut)
			r = sshkey_private_parse(buf, len, &k, &why);
		memset(buf, 0, len);
		free(buf);
		if (r == -1)
			finding_ev_str(f, "content", "read only to look for "
			    "the clear part of an openssh-key-v1 file (it is "
			    "not one): nothing of it is kept or reported");
	}
	if (r == 0) {
		finding_ev_str(f, "content", "only its clear part was read "
		    "(openssh-key-v1: the public key and the cipher's "
		    "name); the private part is never decoded, kept or "
		    "reported");
		*blob = k.pub;
		*sealed = strcmp(k.cipher, "none") != 0;
		finding_ev_str(f, "public_key", "read from the key file "
		    "(openssh-key-v1 keeps it in clear)");
		if (*sealed)
			finding_ev_str(f, "passphrase", "a passphrase "
			    "protects it (its private part is sealed with "
			    "the cipher named in its clear header)");
		else
			finding_ev_str(f, "passphrase", "none: its private "
			    "part is not encrypted (cipher \"none\")");
		finding_ev_str(f, "cipher", k.cipher);
		return 0;
	}
	pub = xasprintf("%s.pub", key);
	if (scan_read(s, pub, &buf, &len) == 0) {
		r = sshkey_pub_parse(buf, len, blob);
		free(buf);
	}
	if (r == 0)
		finding_ev_str(f, "public_key", "read from its .pub beside "
		    "it");
	free(pub);
	return r;
}

/* Can the key at path log in as pw here, as sshd would decide? */
static void
key_judge(struct scan *s, struct sshd_conf *cs, struct finding *f,
    const char *path, const struct pwent *pw, struct key_judge *j)
{
	const struct sshd_conf *c;
	struct sshkey_blob blob;
	struct stat st;
	const char *no, *sh;
	int sealed, beyond;

	memset(j, 0, sizeof *j);
	j->hop = HOP_LIKELY;
	if (key_public(s, f, path, &blob, &sealed) == -1)
		memset(&blob, 0, sizeof blob);
	if (tv_stat(s->tv, "/usr/sbin/sshd", &st) == -1 &&
	    tv_stat(s->tv, "/sbin/sshd", &st) == -1) {
		judge_set(j, HOP_NONE, xasprintf("no sshd is installed here: "
		    "no login as %s on this host (the key may log in "
		    "elsewhere)", pw->name));
		goto out;
	}
	c = sshd_conf(s, cs);
	if (strcasecmp(c->pubkey, "no") == 0) {
		judge_set(j, HOP_NONE, xasprintf("sshd_config refuses key "
		    "logins (PubkeyAuthentication no)"));
		goto out;
	}
	if (!known_shell_logs_in(pw->shell)) {
		judge_set(j, HOP_NONE, xasprintf("%s's shell (%s) refuses a "
		    "login", pw->name, pw->shell));
		goto out;
	}
	/* auth.c allowed_user: the shell must exist and be executable */
	sh = pw->shell && pw->shell[0] ? pw->shell : "/bin/sh";
	if (tv_stat(s->tv, sh, &st) == -1 || !S_ISREG(st.st_mode) ||
	    (st.st_mode & 0111) == 0) {
		judge_set(j, HOP_NONE, xasprintf("%s's shell (%s) is not an "
		    "executable file here: sshd refuses the login", pw->name,
		    sh));
		goto out;
	}
	if ((no = sshd_allows(s, c, pw, &beyond)) != NULL) {
		judge_set(j, HOP_NONE, xasprintf("%s (%s)", no, pw->name));
		goto out;
	}
	if (blob.data == NULL) {
		judge_set(j, HOP_LIKELY, xasprintf("no public half found (no "
		    ".pub beside it, and not an openssh-key-v1 file): "
		    "whether %s's authorized keys accept it is not known",
		    pw->name));
		goto out;
	}
	authorized_judge(s, c, pw, &blob, j);
	if (j->hop == HOP_NONE)
		goto out;
	if (pw->uid == 0 && strcasecmp(c->permit, "no") == 0) {
		judge_set(j, HOP_NONE, xasprintf("root's authorized_keys lists "
		    "it, but sshd_config refuses root logins "
		    "(PermitRootLogin)"));
		goto out;
	}
	if (pw->uid == 0 && strcasecmp(c->permit, "yes") != 0 &&
	    strcasecmp(c->permit, "prohibit-password") != 0 &&
	    strcasecmp(c->permit, "without-password") != 0 &&
	    strcasecmp(c->permit, "forced-commands-only") != 0 &&
	    j->hop == HOP_CERTAIN)
		judge_set(j, HOP_LIKELY, xasprintf("root's authorized_keys "
		    "lists it, but sshd_config's PermitRootLogin \"%s\" is "
		    "not a value privmap knows", c->permit));
	if (beyond && j->hop == HOP_CERTAIN)
		judge_set(j, HOP_LIKELY, xasprintf("%s's authorized_keys "
		    "lists it, but sshd_config's Allow/Deny lists hold "
		    "patterns privmap does not model (USER@HOST)",
		    pw->name));
	if (sealed == 1 && j->hop == HOP_CERTAIN)
		judge_set(j, HOP_LIKELY, xasprintf("%s's authorized_keys "
		    "lists it and sshd permits the login, but a passphrase "
		    "protects the key: it must be found first", pw->name));
	if (j->hop == HOP_CERTAIN)
		judge_set(j, HOP_CERTAIN, pw->uid == 0 ?
		    xasprintf("root's authorized_keys lists it and sshd "
		    "permits root key logins: ssh root@localhost%s",
		    sealed == 0 ? " (the key has no passphrase)" : " (its "
		    "passphrase, if any, was not checked)") :
		    xasprintf("%s's authorized_keys lists it and sshd "
		    "permits the login: ssh %s@localhost%s", pw->name,
		    pw->name, sealed == 0 ? " (the key has no passphrase)" :
		    " (its passphrase, if any, was not checked)"));
out:
	if (j->why == NULL)
		j->why = xasprintf("whether %s's authorized keys accept it "
		    "is not known", pw->name);
	sshkey_blob_free(&blob);
	finding_ev_bool(f, "passphrase_checked", sealed != -1);
}

/* the account a home's key logs in as: the first of the home's
 * accounts with its uid */
static const struct pwent *
home_account(struct scan *s, const struct cred_home *h)
{
	size_t i;

	for (i = 0; i < s->db.nusers; i++)
		if (s->db.users[i].uid == h->uid &&
		    strcmp(s->db.users[i].home, h->home) == 0)
			return &s->db.users[i];
	return userdb_user_by_uid(&s->db, h->uid);
}

/* private keys in home/.ssh, told apart by name; each judged as sshd
 * would judge a login with it as the home's account */
static void
cred_ssh(struct scan *s, struct sshd_conf *cs, const struct cred_home *h)
{
	char *dir = path_join(h->home, ".ssh"), **names;
	const struct pwent *pw = home_account(s, h);
	size_t n, i, j;

	if (tv_list(s->tv, dir, &names, &n) == -1) {
		free(dir);
		return;
	}
	for (i = 0; i < n; i++) {
		const char *nm = names[i];
		int priv = 0;
		char *p, *pubname;
		struct finding *f;
		struct key_judge kj;
		enum severity sev;

		if (has_proper_suffix(nm, ".pub") ||
		    strncmp(nm, "known_hosts", 11) == 0 ||
		    strncmp(nm, "authorized_keys", 15) == 0 ||
		    strcmp(nm, "config") == 0 ||
		    strcmp(nm, "environment") == 0 || strcmp(nm, "rc") == 0)
			continue;
		/* ssh-keygen(1)'s id_TYPE, a NAME with its NAME.pub, or the
		 * usual extensions of PEM and PuTTY private keys */
		pubname = xasprintf("%s.pub", nm);
		for (j = 0; j < n && !priv; j++)
			if (strcmp(names[j], pubname) == 0)
				priv = 1;
		free(pubname);
		if (strncmp(nm, "id_", 3) == 0 ||
		    has_proper_suffix(nm, ".pem") ||
		    has_proper_suffix(nm, ".key") ||
		    has_proper_suffix(nm, ".ppk"))
			priv = 1;
		if (!priv)
			continue;
		p = path_join(dir, nm);
		if (access_can(s->acc, p, ACC_READ) != ACC_YES) {
			free(p);
			continue;
		}
		/* root's key that logs in as root: critical; another
		 * account's: high, the graph scoring the hop by where the
		 * account leads; a key that logs in as no one here: a
		 * credential for elsewhere, high for root's, else medium */
		f = cred_found(s, p, SEV_HIGH, "SSH private key", h->owner,
		    h->uid == 0 ? 0.9 : 0.7);
		if (f && pw) {
			key_judge(s, cs, f, p, pw, &kj);
			sev = kj.hop == HOP_CERTAIN && h->uid == 0 ?
			    SEV_CRITICAL : kj.hop == HOP_NONE && h->uid != 0 ?
			    SEV_MEDIUM : SEV_HIGH;
			if (sev != f->sev) {
				f->sev = sev;
				f->score = score_in_band(sev, h->uid == 0 ?
				    0.8 : 0.5);
			}
			finding_ev_str(f, h->uid == 0 ? "root_login" :
			    "login", kj.why);
			if (kj.authorized)
				finding_ev_str(f, "authorized", kj.authorized);
			if (kj.forced)
				finding_ev_str(f, "forced_command", kj.forced);
			if (kj.from)
				finding_ev_str(f, "from", kj.from);
			if (kj.hop != HOP_NONE)
				scan_grant_user(s, f, h->uid, WAIT_NOW,
				    kj.hop == HOP_CERTAIN);
			free(kj.why);
			free(kj.authorized);
			free(kj.forced);
			free(kj.from);
		} else if (f) {
			finding_ev_bool(f, "passphrase_checked", 0);
			scan_grant_user(s, f, h->uid, WAIT_NOW, 0);
		}
		free(p);
	}
	tv_list_free(names, n);
	free(dir);
}

static void
cred_home_files(struct scan *s, struct sshd_conf *cs,
    const struct cred_home *h)
{
	const struct known_cred_file *k;

	cred_ssh(s, cs, h);
	for (k = known_cred_home_files; k->rel; k++) {
		char *p = path_join(h->home, k->rel);

		cred_found(s, p, k->sev, k->kind, h->owner,
		    h->uid == 0 ? 0.8 : 0.6);
		free(p);
	}
}

static void
cred_host_keys(struct scan *s)
{
	char **names;
	size_t n, i;

	if (tv_list(s->tv, "/etc/ssh", &names, &n) == -1)
		return;
	for (i = 0; i < n; i++) {
		char *p;
		struct finding *f;

		if (strncmp(names[i], "ssh_host_", 9) != 0 ||
		    !has_proper_suffix(names[i], "_key"))
			continue;
		p = path_join("/etc/ssh", names[i]);
		f = cred_found(s, p, SEV_MEDIUM, "SSH host private key: "
		    "impersonate this server to its clients", NULL, 0.5);
		if (f)
			finding_ev_str(f, "belongs_to", "the host (sshd)");
		free(p);
	}
	tv_list_free(names, n);
}

static int
cred_report(struct scan *s, void **vp)
{
	struct cred_priv *p = *vp, empty;
	const struct known_cred_file *k;
	struct sshd_conf cs;
	size_t i;

	if (s->user.uid == 0)
		return 0;
	if (p == NULL) {
		memset(&empty, 0, sizeof empty);
		p = &empty;
	}
	if (!p->homes_done)
		cred_homes(s, p);
	for (k = known_cred_system_files; k->rel; k++)
		cred_found(s, k->rel, k->sev, k->kind, NULL, 0.8);
	cred_host_keys(s);
	memset(&cs, 0, sizeof cs);
	for (i = 0; i < p->nhomes; i++)
		cred_home_files(s, &cs, &p->homes[i]);
	sshd_conf_free(&cs);
	for (i = 0; i < p->ndotenv; i++) {
		struct stat st;
		const struct pwent *pw = NULL;

		if (tv_stat(s->tv, p->dotenv[i], &st) == 0)
			pw = userdb_user_by_uid(&s->db, st.st_uid);
		cred_found(s, p->dotenv[i], SEV_MEDIUM, "application secrets "
		    "(.env file)", pw ? pw->name : NULL, 0.5);
	}
	if (p->dotenv_dropped)
		report_add_note(s->rep, "more than %d .env files: only the "
		    "first were checked", CRED_MAX_DOTENV);
	if (p == &empty) {
		for (i = 0; i < p->nhomes; i++) {
			free(p->homes[i].home);
			free(p->homes[i].owner);
		}
		free(p->homes);
	}
	return 0;
}

static void
cred_free(void *vp)
{
	struct cred_priv *p = vp;
	size_t i;

	if (p == NULL)
		return;
	for (i = 0; i < p->nhomes; i++) {
		free(p->homes[i].home);
		free(p->homes[i].owner);
	}
	free(p->homes);
	for (i = 0; i < p->ndotenv; i++)
		free(p->dotenv[i]);
	free(p->dotenv);
	free(p);
}

/* Only .env-like names reach cred_visit: every other file stays out of
 * the walk's lock. */
static int
cred_prefilter(const struct scan *s, const struct entry *e)
{
	return dotenv_name(e->name) && e->st.st_uid != s->user.uid;
}

const struct check check_credentials = {
	.who = { "credentials", "credentials" },
	.want = WANT_FILE,
	.prefilter = cred_prefilter,
	.visit = cred_visit,
	.report = cred_report,
	.free = cred_free,
};
