/*
 * credentials.c: other people's secrets the user can read. Password
 * hashes (/etc/shadow, gshadow and their "-" backups, pam_pwhistory's
 * opasswd), SSH private keys (every account's ~/.ssh, the host keys),
 * cloud, registry and cluster credentials in homes (~/.aws, ~/.docker,
 * ~/.kube, ~/.config/gcloud, ~/.azure, ~/.netrc, ~/.git-credentials,
 * ~/.pgpass, ~/.my.cnf, ...), and .env files of applications under other
 * homes, /srv, /opt and /var/www. It reports the path and the kind of
 * secret and never reads a secret: a private key is told by its name
 * (id_*, NAME beside NAME.pub, *.pem, *.key), never by its content. Only
 * public files are read: a key's .pub, root's authorized_keys and
 * sshd_config, to tell whether root's key logs in as root here.
 *
 * Severity. Readable shadow: high (offline cracking needs time, not
 * anyone's help, but a strong password resists). Keys and tokens of
 * another account: high (lateral movement now, root if that account is
 * privileged). Root's private key whose public half root's
 * authorized_keys lists, on a host with sshd that permits root key
 * logins: critical ("ssh root@localhost", no one else acting; the
 * passphrase cannot be checked without reading the key, and the
 * evidence says so). Host keys: medium (impersonating this server needs
 * a network position). .env files, gshadow, opasswd, npm/PyPI tokens:
 * medium. Shell histories: low (they may hold a typed secret).
 *
 * Sources: shadow(5), gshadow(5), pam_pwhistory(8) (/etc/security/
 * opasswd), sshd(8) AUTHORIZED_KEYS FILE FORMAT, sshd_config(5)
 * (PermitRootLogin, default prohibit-password since OpenSSH 7.0; first
 * value obtained wins; Include), ssh-keygen(1) (id_* names), the
 * credential files of the AWS CLI, Docker (config.json "auths"),
 * kubectl, gcloud, Azure CLI, GitHub CLI, HashiCorp Vault, netrc(5),
 * git-credential-store(1), PostgreSQL's pgpass, MySQL's option files,
 * npm's .npmrc and PyPI's .pypirc; the dotenv convention.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "checks/check.h"
#include "engine/confload.h"
#include "lib/bounds.h"
#include "lib/xmalloc.h"
#include "parse/sshd.h"
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

/* the key blob (second word) of a one-line public key, allocated */
static char *
pub_blob(struct scan *s, const char *pub)
{
	char *buf, *blob = NULL;
	size_t len, a, b;

	if (scan_read(s, pub, &buf, &len) == -1)
		return NULL;
	/* "type base64 [comment]" */
	for (a = 0; a < len && buf[a] != ' ' && buf[a] != '\t'; a++)
		;
	while (a < len && (buf[a] == ' ' || buf[a] == '\t'))
		a++;
	for (b = a; b < len && buf[b] != ' ' && buf[b] != '\t' &&
	    buf[b] != '\n' && buf[b] != '\r' && buf[b] != '\0'; b++)
		;
	if (b - a >= 16)
		blob = xstrndup(buf + a, b - a);
	free(buf);
	return blob;
}

/* Does an authorized_keys file of home list blob as a word? */
static int
authorized(struct scan *s, const char *home, const char *blob)
{
	static const char *const names[] = {
		".ssh/authorized_keys", ".ssh/authorized_keys2", NULL,
	};
	size_t i, bl = strlen(blob);
	int found = 0;

	for (i = 0; names[i] && !found; i++) {
		char *p = path_join(home, names[i]), *buf, *q;
		size_t len;

		if (scan_read(s, p, &buf, &len) == 0) {
			for (q = buf; (q = memmem(q, len - (size_t)(q - buf),
			    blob, bl)) != NULL; q += bl)
				if ((q == buf || q[-1] == ' ' || q[-1] == '\t' ||
				    q[-1] == '\n') && (q + bl == buf + len ||
				    q[bl] == ' ' || q[bl] == '\t' ||
				    q[bl] == '\n' || q[bl] == '\r')) {
					found = 1;
					break;
				}
			free(buf);
		}
		free(p);
	}
	return found;
}

/* sshd_config(5) PermitRootLogin, the first value obtained, outside Match
 * blocks, Include files read in place (one glob level, relative to
 * /etc/ssh) through the engine's loader; val gets a copy, or "unknown"
 * for a word too long to be a value sshd accepts */
struct sshd_permit {
	char		*val;
	size_t		 vs;
};

static int
sshd_permit_file(struct confload *cl, const char *path, const char *buf,
    size_t len, int depth)
{
	struct sshd_permit *sp = cl->ctx;
	struct sshd_config sc;
	size_t i;
	int found = 0;

	(void)path;
	sshd_config_parse(buf, len, &sc, NULL, NULL);
	for (i = 0; i < sc.n && !found && !cl->done; i++) {
		const struct sshd_directive *d = &sc.v[i];

		if (d->match)
			continue;
		if (strcasecmp(d->key, "Include") == 0) {
			char *full = d->arg[0] == '/' ? xstrdup(d->arg) :
			    path_join("/etc/ssh", d->arg);

			confload_glob(cl, full, depth + 1);
			free(full);
		} else if (strcasecmp(d->key, "PermitRootLogin") == 0) {
			if (strlen(d->arg) < sp->vs)
				memcpy(sp->val, d->arg, strlen(d->arg) + 1);
			else
				memcpy(sp->val, "unknown", 8);
			found = 1;
		}
	}
	sshd_config_free(&sc);
	return found;
}

static void
sshd_permit(struct scan *s, char *val, size_t vs)
{
	static const struct confload_ops ops = { sshd_permit_file, NULL,
	    NULL, NULL };
	struct sshd_permit sp = { val, vs };
	struct confload cl;

	confload_init(&cl, s, &ops, &sp);
	confload_file(&cl, "/etc/ssh/sshd_config", 0);
	confload_fini(&cl);
}

/* Can root's key log in as root here? Sets *why for the evidence. */
static int
root_key_logs_in(struct scan *s, const char *home, const char *key,
    const char **why)
{
	char *pub = xasprintf("%s.pub", key), *blob;
	char permit[64] = "prohibit-password";
	struct stat st;
	int ok = 0;

	*why = "no public half beside it to compare with authorized_keys";
	blob = pub_blob(s, pub);
	free(pub);
	if (blob == NULL)
		return 0;
	if (!authorized(s, home, blob)) {
		*why = "root's authorized_keys does not list it";
		goto out;
	}
	if (tv_stat(s->tv, "/usr/sbin/sshd", &st) == -1 &&
	    tv_stat(s->tv, "/sbin/sshd", &st) == -1) {
		*why = "root's authorized_keys lists it, but no sshd is "
		    "installed here";
		goto out;
	}
	sshd_permit(s, permit, sizeof permit);
	if (strcasecmp(permit, "no") == 0 ||
	    strcasecmp(permit, "forced-commands-only") == 0) {
		*why = "root's authorized_keys lists it, but sshd_config "
		    "refuses root logins (PermitRootLogin)";
		goto out;
	}
	*why = "root's authorized_keys lists it and sshd permits root key "
	    "logins: ssh root@localhost (its passphrase, if any, was not "
	    "checked: the key is never read)";
	ok = 1;
out:
	free(blob);
	return ok;
}

/* private keys in home/.ssh, told apart by name only */
static void
cred_ssh(struct scan *s, const struct cred_home *h)
{
	char *dir = path_join(h->home, ".ssh"), **names;
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
		if (h->uid == 0) {
			const char *why;
			int crit = root_key_logs_in(s, h->home, p, &why);

			f = cred_found(s, p, crit ? SEV_CRITICAL : SEV_HIGH,
			    "SSH private key", h->owner, crit ? 0.8 : 0.9);
			if (f) {
				finding_ev_str(f, "root_login", why);
				finding_ev_bool(f, "passphrase_checked", 0);
				/* certain when root's authorized_keys
				 * takes it and sshd lets root in */
				finding_grant(f, GRANT_ROOT, 0, NULL,
				    WAIT_NOW, crit);
			}
		} else {
			f = cred_found(s, p, SEV_HIGH, "SSH private key",
			    h->owner, 0.7);
			if (f) {
				finding_ev_bool(f, "passphrase_checked", 0);
				/* whether the account's authorized_keys
				 * takes it was not checked: likely */
				scan_grant_user(s, f, h->uid, WAIT_NOW, 0);
			}
		}
		free(p);
	}
	tv_list_free(names, n);
	free(dir);
}

static void
cred_home_files(struct scan *s, const struct cred_home *h)
{
	const struct known_cred_file *k;

	cred_ssh(s, h);
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
	for (i = 0; i < p->nhomes; i++)
		cred_home_files(s, &p->homes[i]);
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
