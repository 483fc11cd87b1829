/*
 * write.c: the one place a finished output reaches its file. A file named
 * on the command line is written to a temporary file beside it and renamed
 * over it only when complete, so an existing file is never left empty or
 * half written; standard output, devices and FIFOs are written in place.
 * Never writes anywhere but the files it was given and their temporary
 * files, and never reads them. A JSON document with one big array can be
 * written an element at a time (output_json_doc_array).
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/capability.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>

#include "output/output.h"
#include "lib/buf.h"
#include "lib/path.h"
#include "lib/xmalloc.h"

int
output_write(FILE *fp, const char *s, size_t n, const char **why)
{
	errno = 0;
	if (n && fwrite(s, 1, n, fp) != n) {
		/* the reason (a full disk: ENOSPC), not only that it failed */
		if (errno == 0)
			errno = EIO;
		*why = strerror(errno);
		return -1;
	}
	return 0;
}

int
output_json_doc(FILE *fp, json_t *doc, size_t flags, const char **why)
{
	char *s = json_dumps(doc, flags);
	int rv;

	if (s == NULL) {
		*why = "cannot encode the document as JSON";
		return -1;
	}
	rv = output_write(fp, s, strlen(s), why);
	if (rv == 0)
		rv = output_write(fp, "\n", 1, why);
	free(s);
	return rv;
}

/*
 * The keeper: started as root, privmap drops to an unprivileged uid
 * before it reads the target (engine/privs.c), and that uid may not
 * rename in the output's directory (/etc/audit/rules.d). A child forked
 * before the drop keeps the rights and does only this: for slot N, rename
 * the temporary file it was given at fork time over its final name
 * ('c'), or remove it ('a'); each request is answered with an errno
 * value (0: done). When the parent goes away, the child removes every
 * temporary file not yet put in place. The parent can name a slot and
 * nothing else: the names were fixed before anything was read.
 */
#define KEEPER_MAX	16

static pid_t	keeper_pid = -1;
static int	keeper_fd = -1;

/* best effort: the keeper's work needs these, and nothing else */
static void
keeper_caps(void)
{
	cap_value_t keep[2] = { CAP_DAC_OVERRIDE, CAP_FOWNER };
	cap_t caps;
	int c;

	for (c = 0; c <= CAP_LAST_CAP; c++)
		if (c != CAP_DAC_OVERRIDE && c != CAP_FOWNER)
			prctl(PR_CAPBSET_DROP, c, 0, 0, 0);
	if ((caps = cap_init()) != NULL) {
		if (cap_set_flag(caps, CAP_PERMITTED, 2, keep, CAP_SET) == 0 &&
		    cap_set_flag(caps, CAP_EFFECTIVE, 2, keep, CAP_SET) == 0)
			cap_set_proc(caps);
		cap_free(caps);
	}
	prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0);
}

static void
keeper_main(int fd, char *const *tmp, char *const *final, size_t n)
{
	unsigned char req[2];
	char done[KEEPER_MAX] = { 0 };
	ssize_t k;
	size_t i;
	int e;

	/* rename(2) and unlink(2) in a directory of root's need no more
	 * than write access to it, or CAP_DAC_OVERRIDE and CAP_FOWNER
	 * (another owner's directory, a sticky one): every other
	 * capability goes, and no_new_privs */
	keeper_caps();
	/* a ^C or a hang-up for the group ends the parent; the keeper stays
	 * to clean up when it sees the parent go */
	signal(SIGINT, SIG_IGN);
	signal(SIGTERM, SIG_IGN);
	signal(SIGHUP, SIG_IGN);
	signal(SIGPIPE, SIG_IGN);
	for (;;) {
		k = read(fd, req, sizeof req);
		if (k == -1 && errno == EINTR)
			continue;
		if (k != (ssize_t)sizeof req || req[0] >= n)
			break;
		i = req[0];
		e = 0;
		if (done[i])
			e = ENOENT;
		else if (req[1] == 'c' && rename(tmp[i], final[i]) == -1)
			e = errno;
		else if (req[1] != 'c' && unlink(tmp[i]) == -1)
			e = errno;
		if (e == 0 || req[1] != 'c')
			done[i] = 1;
		if (send(fd, &e, sizeof e, MSG_NOSIGNAL) != (ssize_t)sizeof e)
			break;
	}
	for (i = 0; i < n; i++)
		if (!done[i])
			unlink(tmp[i]);
	/* a forked child ends here without running the parent's exit
	 * handlers or flushing its copies of the parent's buffers */
	_exit(0);
}

int
outfile_keeper_start(struct outfile *const *v, size_t n, const char **why)
{
	char *tmp[KEEPER_MAX], *final[KEEPER_MAX];
	size_t i, m = 0;
	int sv[2];

	if (keeper_pid != -1)
		return 0;
	for (i = 0; i < n; i++)
		if (v[i] != NULL && v[i]->tmp != NULL) {
			if (m == KEEPER_MAX) {
				*why = "too many output files";
				return -1;
			}
			v[i]->slot = (int)m;
			tmp[m] = v[i]->tmp;
			final[m++] = v[i]->final;
		}
	if (m == 0)
		return 0;
	if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv) == -1) {
		*why = strerror(errno);
		return -1;
	}
	fflush(NULL);
	keeper_pid = fork();
	if (keeper_pid == -1) {
		*why = strerror(errno);
		close(sv[0]);
		close(sv[1]);
		for (i = 0; i < n; i++)
			if (v[i] != NULL)
				v[i]->slot = -1;
		return -1;
	}
	if (keeper_pid == 0) {
		close(sv[0]);
		keeper_main(sv[1], tmp, final, m);
	}
	close(sv[1]);
	keeper_fd = sv[0];
	return 0;
}

void
outfile_keeper_stop(void)
{
	int st;

	if (keeper_pid <= 0)
		return;
	close(keeper_fd);
	keeper_fd = -1;
	while (waitpid(keeper_pid, &st, 0) == -1 && errno == EINTR)
		;
	keeper_pid = -1;
}

/* ask the keeper to act on slot (op 'c' or 'a'): 0, or -1 with errno */
static int
keeper_ask(int slot, char op)
{
	unsigned char req[2] = { (unsigned char)slot, (unsigned char)op };
	int e;
	ssize_t k;

	if (send(keeper_fd, req, sizeof req, MSG_NOSIGNAL) !=
	    (ssize_t)sizeof req) {
		errno = EPIPE;
		return -1;
	}
	while ((k = recv(keeper_fd, &e, sizeof e, MSG_WAITALL)) == -1 &&
	    errno == EINTR)
		;
	if (k != (ssize_t)sizeof e) {
		errno = EPIPE;
		return -1;
	}
	if (e != 0) {
		errno = e;
		return -1;
	}
	return 0;
}

static void
outfile_clear(struct outfile *o)
{
	free(o->final);
	free(o->tmp);
	free(o->mem);
	o->final = o->tmp = o->mem = NULL;
	o->memlen = 0;
	o->fp = NULL;
	o->slot = -1;
	if (o->fd != -1)
		close(o->fd);
	o->fd = -1;
}

/* 1 if this process may not put another file in place of path (which
 * exists): its directory is not writable, or it is sticky (/tmp) and
 * neither it nor path is ours (rename(2): EACCES, EPERM). Root, with the
 * keeper or not, may. */
static int
cannot_replace(const char *path, const struct stat *st)
{
	struct stat ds;
	char *dir;
	int no;

	if (geteuid() == 0)
		return 0;
	dir = path_dirname(path);
	no = access(dir, W_OK | X_OK) != 0 ||
	    (stat(dir, &ds) == 0 && (ds.st_mode & S_ISVTX) &&
	    ds.st_uid != geteuid() && st->st_uid != geteuid());
	free(dir);
	return no;
}

/* gather in memory what goes over path on commit: 0 or -1 with *why */
static int
open_over(struct outfile *o, const char **why)
{
	if ((o->fd = open(o->final, O_WRONLY | O_CLOEXEC | O_NOCTTY)) == -1 ||
	    (o->fp = open_memstream(&o->mem, &o->memlen)) == NULL) {
		*why = strerror(errno);
		return -1;
	}
	return 0;
}

/* write what was gathered over the file, then cut it to that length */
static int
commit_over(struct outfile *o)
{
	size_t off = 0;
	ssize_t k;

	while (off < o->memlen) {
		k = pwrite(o->fd, o->mem + off, o->memlen - off, (off_t)off);
		if (k == -1 && errno == EINTR)
			continue;
		if (k <= 0)
			return -1;
		off += (size_t)k;
	}
	if (ftruncate(o->fd, (off_t)o->memlen) == -1 || fsync(o->fd) == -1)
		return -1;
	k = close(o->fd);
	o->fd = -1;
	return k == 0 ? 0 : -1;
}

int
outfile_open(struct outfile *o, const char *path, const char **why)
{
	struct stat st;
	char *dir = NULL, *name;
	mode_t mask, mode;
	int fd = -1, rv = -1, special, exists;

	memset(o, 0, sizeof *o);
	o->slot = -1;
	o->fd = -1;
	o->path = path;
	if (strcmp(path, "-") == 0) {
		o->fp = stdout;
		return 0;
	}
	o->final = xstrdup(path);
	special = strncmp(path, "/dev/", 5) == 0 ||
	    strncmp(path, "/proc/", 6) == 0;
	if (!special && lstat(path, &st) == 0 && S_ISLNK(st.st_mode)) {
		/* write where the link leads, as opening it would */
		char *real = realpath(path, NULL);

		if (real != NULL) {
			free(o->final);
			o->final = real;
		}
	}
	exists = stat(o->final, &st) == 0;
	if (special || (exists && !S_ISREG(st.st_mode))) {
		/* /dev/stdout, a FIFO, a terminal: written in place */
		if ((o->fp = fopen(o->final, "w")) == NULL) {
			*why = strerror(errno);
			goto out;
		}
		free(o->final);
		o->final = NULL;
		rv = 0;
		goto out;
	}
	if (exists && cannot_replace(o->final, &st)) {
		rv = open_over(o, why);
		free(o->final);
		o->final = NULL;
		goto out;
	}
	mask = umask(0);
	umask(mask);
	mode = exists ? st.st_mode & 07777 : 0666 & ~mask;
	dir = path_dirname(o->final);
	name = xstrdup(path_basename(o->final));
	o->tmp = xasprintf("%s/.%s.XXXXXX", dir, name);
	free(name);
	if ((fd = mkostemp(o->tmp, O_CLOEXEC)) == -1) {
		*why = strerror(errno);
		goto out;
	}
	/* root replacing someone's file gives it back to them (best
	 * effort: the content is what matters) */
	if (exists && geteuid() == 0 && (st.st_uid != geteuid() ||
	    st.st_gid != getegid()) && fchown(fd, st.st_uid, st.st_gid) == -1)
		errno = 0;
	if (fchmod(fd, mode) == -1 || (o->fp = fdopen(fd, "w")) == NULL) {
		*why = strerror(errno);
		close(fd);
		unlink(o->tmp);
		goto out;
	}
	rv = 0;
out:
	free(dir);
	if (rv == -1)
		outfile_clear(o);
	return rv;
}

int
outfile_commit(struct outfile *o, const char **why)
{
	int rv = -1;

	if (o->fp == NULL)
		return 0;
	if (fflush(o->fp) != 0 || (o->tmp && fsync(fileno(o->fp)) == -1)) {
		*why = strerror(errno);
		outfile_abort(o);
		return -1;
	}
	if (o->fp == stdout) {
		o->fp = NULL;
		return 0;
	}
	if (fclose(o->fp) != 0) {
		o->fp = NULL;
		*why = strerror(errno);
		outfile_abort(o);
		return -1;
	}
	o->fp = NULL;
	if (o->fd != -1)
		rv = commit_over(o);
	else if (o->tmp == NULL)
		rv = 0;
	else if (o->slot >= 0 && keeper_pid > 0)
		rv = keeper_ask(o->slot, 'c');
	else
		rv = rename(o->tmp, o->final);
	if (rv == -1) {
		*why = strerror(errno);
		outfile_abort(o);
		return -1;
	}
	outfile_clear(o);
	return 0;
}

void
outfile_abort(struct outfile *o)
{
	int e = errno;

	if (o->fp != NULL && o->fp != stdout)
		fclose(o->fp);
	else if (o->fp == stdout)
		fflush(stdout);
	o->fp = NULL;
	if (o->tmp != NULL) {
		if (o->slot >= 0 && keeper_pid > 0)
			keeper_ask(o->slot, 'a');
		else
			unlink(o->tmp);
	}
	outfile_clear(o);
	errno = e;
}

/* The array whole: what output_json_doc_array_at falls back to. */
static int
doc_array_whole(FILE *fp, json_t *doc, size_t flags, json_t *holder,
    const char *key, size_t n, json_t *(*make)(size_t, void *), void *arg,
    const char **why)
{
	json_t *arr = json_array();
	size_t i;

	for (i = 0; i < n; i++)
		json_array_append_new(arr, make(i, arg));
	json_object_set_new(holder, key, arr);
	return output_json_doc(fp, doc, flags, why);
}

int
output_json_doc_array(FILE *fp, json_t *doc, size_t flags, const char *key,
    size_t n, json_t *(*make)(size_t, void *), void *arg, const char **why)
{
	return output_json_doc_array_at(fp, doc, flags, doc, key, 0, n, make,
	    arg, why);
}

int
output_json_doc_array_at(FILE *fp, json_t *doc, size_t flags, json_t *holder,
    const char *key, size_t depth, size_t n,
    json_t *(*make)(size_t, void *), void *arg, const char **why)
{
	/* a placeholder string no JSON text holds twice by chance: the
	 * document's text around its one occurrence frames the elements */
	static const char ph[] = "\x01privmap-array-placeholder\x02";
	static const char ph_text[] =
	    "\"\\u0001privmap-array-placeholder\\u0002\"";
	size_t indent = flags & 0x1F, i, pre;
	char *s, *at, *p, *e;
	struct buf pad = { NULL, 0, 0 };
	int rv = -1;

	if (n == 0 || indent == 0)
		return doc_array_whole(fp, doc, flags, holder, key, n, make,
		    arg, why);
	json_object_set_new(holder, key, json_string(ph));
	s = json_dumps(doc, flags);
	if (s == NULL) {
		*why = "cannot encode the document as JSON";
		return -1;
	}
	if ((at = strstr(s, ph_text)) == NULL ||
	    strstr(at + 1, ph_text) != NULL) {
		free(s);
		return doc_array_whole(fp, doc, flags, holder, key, n, make,
		    arg, why);
	}
	/* the elements sit two levels below the holder: each line of one
	 * is indented by that much */
	buf_addc(&pad, '\n');
	for (i = 0; i < (depth + 2) * indent; i++)
		buf_addc(&pad, ' ');
	pre = (size_t)(at - s);
	if (output_write(fp, s, pre, why) == -1 ||
	    output_write(fp, "[", 1, why) == -1)
		goto out;
	for (i = 0; i < n; i++) {
		json_t *v = make(i, arg);

		e = json_dumps(v, flags);
		json_decref(v);
		if (e == NULL) {
			*why = "cannot encode the document as JSON";
			goto out;
		}
		if (i > 0 && output_write(fp, ",", 1, why) == -1) {
			free(e);
			goto out;
		}
		/* no string in a dump holds a raw newline */
		for (p = e; ; ) {
			char *nl = strchr(p, '\n');

			if (output_write(fp, pad.data, pad.len, why) == -1 ||
			    output_write(fp, p, nl ? (size_t)(nl - p) :
			    strlen(p), why) == -1) {
				free(e);
				goto out;
			}
			if (nl == NULL)
				break;
			p = nl + 1;
			/* the pad's newline stands for this one */
		}
		free(e);
	}
	if (output_write(fp, pad.data, 1 + (depth + 1) * indent, why) == -1 ||
	    output_write(fp, "]", 1, why) == -1)
		goto out;
	at += sizeof ph_text - 1;
	if (output_write(fp, at, strlen(at), why) == -1 ||
	    output_write(fp, "\n", 1, why) == -1)
		goto out;
	rv = 0;
out:
	buf_free(&pad);
	free(s);
	return rv;
}
