/*
 * sudo-check-test.c: the sudo check and sudo_user_can_sudo() on a small
 * root built in a temporary directory: include resolution (relative
 * paths, %h, the includedir name rules, loops, the depth limit), files
 * sudo refuses for their owner or mode, and what the report gets.
 * sudo reads only root-owned sudoers files, so this needs root (77
 * otherwise).
 */
#include <sys/stat.h>

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "checks/check.h"
#include "checks/sudo.h"
#include "lib/bounds.h"
#include "lib/path.h"
#include "lib/xmalloc.h"
#include "t.h"

extern const struct check check_sudo;

static char top[] = "/tmp/privmap-sudo-XXXXXX";

static void
put(const char *rel, unsigned mode, const char *text)
{
	char *p = path_join(top, rel);
	int fd;

	if (text == NULL) {
		mkdir(p, mode);
		chmod(p, mode);
	} else {
		fd = open(p, O_CREAT | O_TRUNC | O_WRONLY, 0600);
		if (fd >= 0) {
			if (write(fd, text, strlen(text)) < 0)
				perror(p);
			close(fd);
		}
		chmod(p, mode);
	}
	free(p);
}

static void
rm(const char *rel)
{
	char *p = path_join(top, rel);

	unlink(p);
	free(p);
}

struct env {
	struct scan	s;
};

static int
fixture_open(struct scan *s, const char *user)
{
	char *buf;
	size_t len;
	int trunc;
	const char *why;

	memset(s, 0, sizeof *s);
	s->tv = tv_dir_open(top, TV_ROOTFS);
	if (s->tv == NULL)
		return -1;
	if (tv_read(s->tv, "/etc/passwd", MAX_FILE_BYTES, &buf, &len,
	    &trunc) == 0) {
		passwd_parse(buf, len, &s->db, NULL, NULL);
		free(buf);
	}
	if (tv_read(s->tv, "/etc/group", MAX_FILE_BYTES, &buf, &len,
	    &trunc) == 0) {
		group_parse(buf, len, &s->db, NULL, NULL);
		free(buf);
	}
	if (ident_resolve(&s->db, user, &s->user, &why) == -1)
		return -1;
	s->acc = access_new(s->tv, &s->user);
	s->rep = report_new();
	return 0;
}

static void
fixture_close(struct scan *s)
{
	report_free(s->rep);
	access_free(s->acc);
	ident_free(&s->user);
	userdb_free(&s->db);
	tv_free(s->tv);
}

static size_t
count(const struct report *r, const char *check, const char *path,
    enum severity sev)
{
	size_t i, n = 0;

	for (i = 0; i < r->nfindings; i++) {
		const struct finding *f = r->findings[i];

		if (strcmp(f->check, check) == 0 &&
		    (path == NULL || strcmp(f->path, path) == 0) &&
		    f->sev == sev)
			n++;
	}
	return n;
}

static int
has_error(const struct report *r, const char *path, const char *text)
{
	size_t i;

	for (i = 0; i < json_array_size(r->errors); i++) {
		json_t *e = json_array_get(r->errors, i);
		const char *p = json_string_value(json_object_get(e, "path"));
		const char *m = json_string_value(json_object_get(e, "error"));

		if (p && m && strcmp(p, path) == 0 && strstr(m, text))
			return 1;
	}
	return 0;
}

static int
has_note(const struct report *r, const char *text)
{
	size_t i;

	for (i = 0; i < json_array_size(r->notes); i++) {
		const char *m = json_string_value(json_array_get(r->notes, i));

		if (m && strstr(m, text))
			return 1;
	}
	return 0;
}

static void
dump(const struct report *r)
{
	size_t i;

	for (i = 0; i < r->nfindings; i++)
		fprintf(stderr, "  %s %s %s: %s\n",
		    severity_name(r->findings[i]->sev),
		    r->findings[i]->check, r->findings[i]->path,
		    r->findings[i]->title);
}

int
main(void)
{
	struct scan s;
	void *priv = NULL;
	int pw = -1, asks = -1, i;
	char name[64], text[128];

	if (geteuid() != 0)
		T_SKIP("sudo reads only root-owned sudoers files: run as root");
	if (mkdtemp(top) == NULL)
		T_SKIP("mkdtemp failed");
	chmod(top, 0755);
	put("etc", 0755, NULL);
	put("etc/passwd", 0644, "root:x:0:0::/root:/bin/sh\n"
	    "agent:x:1001:1001::/home/agent:/bin/sh\n"
	    "bob:x:1002:1002::/home/bob:/bin/sh\n");
	put("etc/group", 0644, "root:x:0:\nsudo:x:27:agent\n"
	    "agent:x:1001:\nbob:x:1002:\n");
	put("etc/hostname", 0644, "web1\n");
	put("etc/sudoers", 0440, "Defaults env_reset\n"
	    "Defaults secure_path=\"/usr/sbin:/usr/bin\"\n"
	    "root ALL=(ALL:ALL) ALL\n"
	    "%sudo ALL=(ALL:ALL) ALL\n"
	    "@include sudoers.local\n"
	    "#include /etc/sudoers.%h\n"
	    "@includedir /etc/sudoers.d\n"
	    "this line is malformed\n");
	put("etc/sudoers.local", 0440, "bob web1 = (root) /usr/bin/less\n"
	    "@include sudoers.local\n");
	put("etc/sudoers.web1", 0440, "bob ALL = (root) NOPASSWD: "
	    "/usr/bin/id\n");
	put("etc/sudoers.d", 0755, NULL);
	put("etc/sudoers.d/skip.conf", 0440, "bob ALL=(ALL) NOPASSWD: ALL\n");
	put("etc/sudoers.d/skip~", 0440, "bob ALL=(ALL) NOPASSWD: ALL\n");
	/* a chain of includes deeper than MAX_INCLUDE_DEPTH */
	put("etc/chain", 0755, NULL);
	put("etc/sudoers.d/chain", 0440, "@include /etc/chain/c1\n");
	for (i = 1; i < 12; i++) {
		snprintf(name, sizeof name, "etc/chain/c%d", i);
		snprintf(text, sizeof text, "@include c%d\n", i + 1);
		put(name, 0440, text);
	}
	put("etc/chain/c12", 0440, "bob ALL=(ALL) NOPASSWD: ALL\n");

	/* agent: %sudo, with the user's password */
	T_EQ_INT(fixture_open(&s, "agent"), 0);
	T_EQ_INT(sudo_user_can_sudo(&s, &pw, &asks), 1);
	T_EQ_INT(pw, 1);
	T_EQ_INT(asks, 1);
	T_EQ_INT(s.rep->nfindings, 0);		/* it adds nothing */
	T_EQ_INT(json_array_size(s.rep->errors), 0);
	T_EQ_INT(check_sudo.report(&s, &priv), 0);
	T_EQ_INT(count(s.rep, "sudo-all", "/etc/sudoers", SEV_HIGH), 1);
	T_OK(has_error(s.rep, "/etc/sudoers", "line 8"));
	T_OK(has_error(s.rep, "/etc/sudoers.local", "include loop"));
	T_OK(has_error(s.rep, "/etc/chain/c8", "nested deeper"));
	fixture_close(&s);

	/* bob: the %h file, the relative include and the depth limit give
	 * id and less; the skipped names and chain12 give nothing */
	T_EQ_INT(fixture_open(&s, "bob"), 0);
	T_EQ_INT(sudo_user_can_sudo(&s, &pw, NULL), 1);
	T_EQ_INT(pw, 0);
	T_EQ_INT(check_sudo.report(&s, &priv), 0);
	T_EQ_INT(count(s.rep, "sudo-all", NULL, SEV_CRITICAL), 0);
	T_EQ_INT(count(s.rep, "sudo-shell-escape", "/etc/sudoers.local",
	    SEV_HIGH), 1);
	T_EQ_INT(count(s.rep, "sudo-command", "/etc/sudoers.web1", SEV_INFO),
	    1);
	if (s.rep->nfindings != 2)
		dump(s.rep);
	fixture_close(&s);

	/* a drop-in sudo refuses (world-writable) is not read, but it is a
	 * writable sudoers file */
	put("etc/sudoers.d/open", 0666, "agent ALL=(ALL) NOPASSWD: ALL\n");
	T_EQ_INT(fixture_open(&s, "agent"), 0);
	T_EQ_INT(sudo_user_can_sudo(&s, &pw, NULL), 1);
	T_EQ_INT(pw, 1);
	T_EQ_INT(check_sudo.report(&s, &priv), 0);
	T_EQ_INT(count(s.rep, "sudoers-writable", "/etc/sudoers.d/open",
	    SEV_HIGH), 1);
	T_EQ_INT(count(s.rep, "sudo-all", "/etc/sudoers.d/open",
	    SEV_CRITICAL), 0);
	T_OK(has_note(s.rep, "sudo ignores /etc/sudoers.d/open"));
	fixture_close(&s);

	/* root-owned and closed: read; the NOPASSWD ALL is critical */
	put("etc/sudoers.d/open", 0440, "agent ALL=(ALL) NOPASSWD: ALL\n");
	T_EQ_INT(fixture_open(&s, "agent"), 0);
	T_EQ_INT(sudo_user_can_sudo(&s, &pw, NULL), 1);
	T_EQ_INT(pw, 0);
	T_EQ_INT(check_sudo.report(&s, &priv), 0);
	T_EQ_INT(count(s.rep, "sudo-all", "/etc/sudoers.d/open",
	    SEV_CRITICAL), 1);
	T_EQ_INT(count(s.rep, "sudoers-writable", NULL, SEV_HIGH), 0);
	fixture_close(&s);

	/* what commands give: a pager reached with no arguments, a script a
	 * wrapper starts from a world-writable directory, NOEXEC, a
	 * Defaults !authenticate, !env_reset, another user's shell */
	put("etc/sudoers.d/open", 0440,
	    "Defaults:agent !authenticate, !env_reset\n"
	    "agent ALL = (root) /usr/bin/systemctl \"\", "
	    "/usr/bin/nice -n 10 /opt/w/job.sh, NOEXEC: /usr/bin/less\n"
	    "agent ALL = (bob) ALL\n");
	put("opt", 0755, NULL);
	put("opt/w", 01777, NULL);
	T_EQ_INT(fixture_open(&s, "agent"), 0);
	T_EQ_INT(sudo_user_can_sudo(&s, &pw, NULL), 1);
	T_EQ_INT(pw, 0);
	T_EQ_INT(check_sudo.report(&s, &priv), 0);
	T_EQ_INT(count(s.rep, "sudo-shell-escape", "/etc/sudoers.d/open",
	    SEV_CRITICAL), 1);
	T_EQ_INT(count(s.rep, "sudo-writable-command", "/etc/sudoers.d/open",
	    SEV_CRITICAL), 1);
	T_EQ_INT(count(s.rep, "sudo-file-write", "/etc/sudoers.d/open",
	    SEV_CRITICAL), 1);
	T_EQ_INT(count(s.rep, "sudo-env-reset", "/etc/sudoers.d/open",
	    SEV_HIGH), 1);
	T_EQ_INT(count(s.rep, "sudo-runas-user", "/etc/sudoers.d/open",
	    SEV_MEDIUM), 1);
	if (s.rep->nfindings < 6)
		dump(s.rep);
	fixture_close(&s);

	/* no sudoers at all: nothing, quietly */
	rm("etc/sudoers");
	T_EQ_INT(fixture_open(&s, "agent"), 0);
	T_EQ_INT(sudo_user_can_sudo(&s, &pw, NULL), 0);
	T_EQ_INT(check_sudo.report(&s, &priv), 0);
	T_EQ_INT(s.rep->nfindings, 0);
	T_EQ_INT(json_array_size(s.rep->errors), 0);
	fixture_close(&s);
	T_DONE();
}
