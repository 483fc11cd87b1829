/*
 * image-src.c: the outer source of an image: the directory or the
 * archive (docker save, OCI layout in a tar; plain, gzip or zstd) whose
 * members are the image's JSON and layer blobs. Members are found by
 * name, symlinks and hard links between members resolved inside the
 * source; nothing is extracted, and a directory source is read through
 * openat2(RESOLVE_IN_ROOT) so no member path can lead out of it.
 *
 * An archive is read from its start again whenever a member before the
 * current position is needed (libarchive reads forward only); on an
 * uncompressed tar that only re-reads headers, as the data is skipped by
 * seeking. Small members (the JSON, small layers) are kept from the
 * first pass, so a compressed archive is not read again for them. A name
 * that appears twice in the archive is refused: two readers could take
 * different copies of it. What the outer decompressor gives counts
 * against the image's budget (struct ibudget; its first pass as content,
 * the passes after it apart): member data is skipped block by block so
 * that no single member goes unwatched.
 */
#include <sys/types.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#ifdef SYS_openat2
#include <linux/openat2.h>
#endif
#include <archive.h>
#include <archive_entry.h>

#include "lib/bounds.h"
#include "lib/digest.h"
#include "engine/image-int.h"
#include "lib/path.h"
#include "lib/xmalloc.h"

/* A layer's bytes are hashed by a thread of their own while the layer
 * is read, from a ring of this many buffers of this size each (the
 * reader waits for a buffer the hasher has not finished) */
#define RING_SLOTS	4
#define RING_BYTES	(256u << 10)

/* members kept in memory from the first pass: each, and all together */
#define CACHE_MEMBER_BYTES	IMAGE_MAX_JSON_BYTES
#define CACHE_TOTAL_BYTES	(32u << 20)

struct member {
	char	*name;		/* normalised: relative, no "." or "" parts */
	mode_t	 type;		/* AE_IFREG, AE_IFDIR, AE_IFLNK, ... */
	int	 hardlink;
	char	*link;		/* symlink target as stored; hard link
				 * target normalised */
	int64_t	 size;
	size_t	 index;		/* place in the archive */
	int	 dup;
	char	*cache;		/* a small member's bytes, read in the
				 * first pass, or NULL */
};

/* The ring of a layer's hasher thread: the reader fills slot
 * posted % RING_SLOTS, the hasher hashes slot hashed % RING_SLOTS. */
struct ring {
	pthread_t	 th;
	pthread_mutex_t	 mu;
	pthread_cond_t	 cv;
	unsigned char	*slot[RING_SLOTS];
	size_t		 len[RING_SLOTS];
	unsigned long	 posted;
	unsigned long	 hashed;
	int		 stop;
	struct sha256	*hash;
};

struct isrc {
	struct ibudget	*budget;
	int		 is_dir;
	int		 dirfd;
	char		*path;
	char		*prefix;	/* "" or "DIR/" the layout sits in */
	struct member	*m;		/* sorted by name */
	size_t		 nm;
	struct archive	*ar;		/* the outer archive */
	long		 cur;		/* index of the header last read */
	uint64_t	 hdrs;		/* headers read in this pass */
	int		 layer_fd;
	/* the layer being read: its name's digest, and the hash so far */
	int		 verify;
	int		 from_cache;	/* the layer came from the cache */
	unsigned char	 want[SHA256_LEN];
	struct sha256	 hash;
	struct ring	*ring;		/* hashing beside the reader, or NULL */
	char		 err[256];
	unsigned char	 rbuf[65536];
};

static void	ring_stop(struct isrc *);

/* The SHA-256 a member's name promises ("blobs/sha256/HEX" or a top
 * "HEX.json", relative to the layout's top), into want: 1, or 0 when
 * the name promises none. */
static int
name_digest(const char *name, unsigned char want[SHA256_LEN])
{
	static const char blobs[] = "blobs/sha256/";
	size_t n;

	while (name[0] == '.' && name[1] == '/')
		name += 2;
	n = strlen(name);
	if (strncmp(name, blobs, sizeof blobs - 1) == 0 &&
	    n == sizeof blobs - 1 + SHA256_LEN * 2)
		name += sizeof blobs - 1;
	else if (n != SHA256_LEN * 2 + 5 || strchr(name, '/') ||
	    strcmp(name + SHA256_LEN * 2, ".json") != 0)
		return 0;
	/* the layout writes lower-case hex; a name in upper case is not the
	 * digest form (image-spec descriptor.md: [a-f0-9]{64}) */
	for (n = 0; n < SHA256_LEN * 2; n++)
		if (!((name[n] >= '0' && name[n] <= '9') ||
		    (name[n] >= 'a' && name[n] <= 'f')))
			return 0;
	return digest_unhex(name, SHA256_LEN * 2, want, SHA256_LEN) == 0;
}

/* Does buf hash to what name promises? 0, or -1 with *why. */
static int
check_digest(const char *name, const void *buf, size_t len,
    const char **why)
{
	unsigned char want[SHA256_LEN], got[SHA256_LEN];

	if (!name_digest(name, want))
		return 0;
	sha256_buf(buf, len, got);
	if (memcmp(want, got, SHA256_LEN) == 0)
		return 0;
	*why = "its content does not match the digest that names it "
	    "(sha256): the blob was altered";
	return -1;
}

struct archive *
image_archive_reader(const char **why)
{
	struct archive *a = archive_read_new();

	if (a == NULL) {
		*why = "libarchive could not make a reader";
		return NULL;
	}
	/*
	 * One filter at a time: archive_read_support_filter_all() and even
	 * these two answer ARCHIVE_WARN when libarchive was built without
	 * zlib or libzstd and would run gzip or zstd as a program
	 * (archive_read_support_filter_gzip(3)). We run nothing.
	 */
	if (archive_read_support_filter_gzip(a) != ARCHIVE_OK ||
	    archive_read_support_filter_zstd(a) != ARCHIVE_OK) {
		*why = "libarchive lacks built-in gzip or zstd support "
		    "(privmap will not run an external decompressor)";
		archive_read_free(a);
		return NULL;
	}
	if (archive_read_support_filter_none(a) != ARCHIVE_OK ||
	    archive_read_support_format_tar(a) != ARCHIVE_OK) {
		*why = "libarchive cannot read tar";
		archive_read_free(a);
		return NULL;
	}
	return a;
}

uint64_t
image_inflated(struct archive *a)
{
	int i, n = archive_filter_count(a);
	uint64_t sum = 0;

	/* every filter but the last, the raw bytes read (archive_filter_bytes
	 * (3): 0 is the one next to the format) */
	for (i = 0; i + 1 < n; i++) {
		la_int64_t b = archive_filter_bytes(a, i);

		if (b > 0)
			sum += (uint64_t)b;
	}
	return sum;
}

/* Count what the outer archive's decompressors have given so far; -1
 * (the reason in s->err) once the image's budget is exceeded. */
static int
outer_count(struct isrc *s)
{
	char *why;

	if (s->ar == NULL)
		return 0;
	s->budget->outer = image_inflated(s->ar) +
	    s->hdrs * IMAGE_ENTRY_COST_BYTES;
	if (!ibudget_over(s->budget, 0))
		return 0;
	why = ibudget_why(s->budget);
	snprintf(s->err, sizeof s->err, "%s", why);
	free(why);
	return -1;
}

/* Before the next header: skip the rest of the current member's data.
 * Through a decompressor, block by block, watching the budget
 * (libarchive's own skip would decompress a member of any size in one
 * call); without one, libarchive seeks. -1 past the budget. */
static int
outer_skip(struct isrc *s)
{
	const void *blk;
	size_t len;
	la_int64_t off;

	if (s->ar == NULL)
		return 0;
	if (s->cur >= 0 && archive_filter_count(s->ar) > 1)
		while (archive_read_data_block(s->ar, &blk, &len, &off) ==
		    ARCHIVE_OK)
			if (outer_count(s) == -1)
				return -1;
	/* a read error here comes back from the next header */
	return outer_count(s);
}

static int
cmp_member(const void *a, const void *b)
{
	const struct member *x = a, *y = b;
	int c = strcmp(x->name, y->name);

	if (c)
		return c;
	return x->index < y->index ? -1 : x->index > y->index;
}

static void
members_free(struct isrc *s)
{
	size_t i;

	for (i = 0; i < s->nm; i++) {
		free(s->m[i].name);
		free(s->m[i].link);
		free(s->m[i].cache);
	}
	free(s->m);
	s->m = NULL;
	s->nm = 0;
}

static int
outer_reopen(struct isrc *s, const char **why)
{
	if (s->ar) {
		(void)outer_count(s);
		if (s->budget->outer_again)
			s->budget->reread += s->budget->outer;
		else
			s->budget->used += s->budget->outer;
		s->budget->outer = 0;
		s->budget->outer_again = 1;
		archive_read_free(s->ar);
	}
	s->cur = -1;
	s->hdrs = 0;
	if ((s->ar = image_archive_reader(why)) == NULL)
		return -1;
	if (archive_read_open_filename(s->ar, s->path, 65536) != ARCHIVE_OK) {
		snprintf(s->err, sizeof s->err, "%s",
		    archive_error_string(s->ar) ? archive_error_string(s->ar) :
		    "cannot open");
		*why = "cannot read the archive";
		archive_read_free(s->ar);
		s->ar = NULL;
		return -1;
	}
	return 0;
}

/* Move the outer archive to the header of member index idx. */
static int
outer_seek(struct isrc *s, size_t idx, struct archive_entry **ep,
    const char **why)
{
	struct archive_entry *e = NULL;

	if (s->ar == NULL || s->cur < 0 || (size_t)s->cur >= idx)
		if (outer_reopen(s, why) == -1)
			return -1;
	while (s->cur < (long)idx) {
		int r;

		if (outer_skip(s) == -1) {
			*why = "the image is over its decompression budget";
			s->cur = -1;
			return -1;
		}
		r = archive_read_next_header(s->ar, &e);
		if (r != ARCHIVE_OK && r != ARCHIVE_WARN) {
			snprintf(s->err, sizeof s->err, "%s",
			    archive_error_string(s->ar) ?
			    archive_error_string(s->ar) : "end of archive");
			*why = "the archive changed or is unreadable";
			s->cur = -1;
			return -1;
		}
		s->cur++;
		s->hdrs++;
	}
	*ep = e;
	return 0;
}

/* Read every header once: the member table. */
static int
members_load(struct isrc *s, const char **why)
{
	struct archive_entry *e;
	struct member *m;
	const char *name, *hl, *sl;
	size_t cap = 0, i, cached = 0;
	int r;

	if (outer_reopen(s, why) == -1)
		return -1;
	for (;;) {
		if (outer_skip(s) == -1) {
			*why = "the image is over its decompression budget";
			return -1;
		}
		r = archive_read_next_header(s->ar, &e);
		if (r != ARCHIVE_OK && r != ARCHIVE_WARN)
			break;
		name = archive_entry_pathname(e);
		hl = archive_entry_hardlink(e);
		sl = archive_entry_symlink(e);
		s->cur++;
		s->hdrs++;
		if (name == NULL)
			name = archive_entry_pathname_utf8(e);
		if (name == NULL || strlen(name) >= IMAGE_MAX_PATH)
			continue;	/* not a name any JSON can refer to */
		if (s->nm >= IMAGE_MAX_MEMBERS) {
			*why = "the archive has more members than the limit";
			return -1;
		}
		if (s->nm == cap) {
			cap = cap ? cap * 2 : 64;
			s->m = xreallocarray(s->m, cap, sizeof *s->m);
		}
		m = &s->m[s->nm++];
		memset(m, 0, sizeof *m);
		m->name = path_clean(name, NULL);
		m->type = archive_entry_filetype(e);
		m->size = archive_entry_size_is_set(e) ?
		    archive_entry_size(e) : 0;
		m->index = (size_t)s->cur;
		if (hl != NULL) {
			m->hardlink = 1;
			m->link = path_clean(hl, NULL);
		} else if (m->type == AE_IFLNK && sl != NULL)
			m->link = xstrdup(sl);
		else if (m->type == AE_IFREG && m->size > 0 &&
		    m->size <= (int64_t)CACHE_MEMBER_BYTES &&
		    cached + (size_t)m->size <= CACHE_TOTAL_BYTES) {
			size_t got = 0, want = (size_t)m->size;

			m->cache = xmalloc(want + 1);
			while (got < want) {
				la_ssize_t n = archive_read_data(s->ar,
				    m->cache + got, want - got);

				if (n <= 0)
					break;
				got += (size_t)n;
			}
			if (got < want) {
				r = ARCHIVE_FATAL;
				break;
			}
			m->cache[got] = '\0';
			cached += got;
		}
	}
	if (r != ARCHIVE_EOF) {
		snprintf(s->err, sizeof s->err, "%s",
		    archive_error_string(s->ar) ? archive_error_string(s->ar) :
		    "unreadable");
		*why = s->nm == 0 ? "not a tar archive, OCI layout or "
		    "docker-save archive" : "the archive is truncated or corrupt";
		return -1;
	}
	if (s->nm > 1)
		qsort(s->m, s->nm, sizeof *s->m, cmp_member);
	for (i = 1; i < s->nm; i++)
		if (strcmp(s->m[i].name, s->m[i - 1].name) == 0 &&
		    s->m[i].type != AE_IFDIR)
			s->m[i].dup = s->m[i - 1].dup = 1;
	return 0;
}

static int
cmp_name_key(const void *k, const void *b)
{
	return strcmp(k, ((const struct member *)b)->name);
}

/*
 * Find the regular member name designates (prefix added), following
 * symlinks (relative to their own directory, "/" being the top) and hard
 * links between members. NULL with *why.
 */
static struct member *
member_find(struct isrc *s, const char *name, const char **why)
{
	struct member *m = NULL;
	char *cur, *t;
	int hops = 0;

	t = xasprintf("%s%s", s->prefix, name);
	cur = path_clean(t, NULL);
	free(t);
	for (;;) {
		m = bsearch(cur, s->m, s->nm, sizeof *s->m, cmp_name_key);
		if (m == NULL) {
			*why = "member not in the image";
			break;
		}
		if (m->dup) {
			*why = "member appears more than once in the archive";
			m = NULL;
			break;
		}
		if (++hops > MAX_SYMLINK_HOPS) {
			*why = "member links loop";
			m = NULL;
			break;
		}
		if (m->hardlink) {
			t = xstrdup(m->link);
		} else if (m->type == AE_IFLNK && m->link != NULL) {
			char *dir = strrchr(cur, '/');

			if (m->link[0] == '/')
				t = xasprintf("%s%s", s->prefix, m->link);
			else
				t = xasprintf("%.*s/%s",
				    dir ? (int)(dir - cur) : 0, cur, m->link);
		} else if (m->type != AE_IFREG) {
			*why = "member is not a regular file";
			m = NULL;
			break;
		} else
			break;
		free(cur);
		cur = path_clean(t, NULL);
		free(t);
	}
	free(cur);
	return m;
}

/* --- a directory source ------------------------------------------------ */

/* Open name for reading inside the directory, never leaving it. */
static int
dir_open_member(struct isrc *s, const char *name, struct stat *st,
    const char **why)
{
	char *t = xasprintf("%s%s", s->prefix, name);
	char *n = path_clean(t, NULL);
	int fd = -1, e;

	free(t);
	if (*n == '\0') {
		errno = EISDIR;
		goto fail;
	}
#ifdef SYS_openat2
	{
		struct open_how how;

		memset(&how, 0, sizeof how);
		how.flags = O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK;
		how.resolve = RESOLVE_IN_ROOT | RESOLVE_NO_MAGICLINKS;
		fd = (int)syscall(SYS_openat2, s->dirfd, n, &how, sizeof how);
	}
	if (fd == -1 && errno != ENOSYS && errno != EPERM)
		goto fail;
#endif
	if (fd == -1) {
		/* no openat2 (Linux < 5.6, or a seccomp filter): one
		 * component at a time, refusing every symlink */
		char *p = n, *slash;
		int dfd = fcntl(s->dirfd, F_DUPFD_CLOEXEC, 0);

		while (dfd != -1 && (slash = strchr(p, '/')) != NULL) {
			int nfd;

			*slash = '\0';
			nfd = openat(dfd, p, O_RDONLY | O_DIRECTORY |
			    O_NOFOLLOW | O_CLOEXEC);
			close(dfd);
			dfd = nfd;
			p = slash + 1;
		}
		if (dfd == -1)
			goto fail;
		fd = openat(dfd, p, O_RDONLY | O_CLOEXEC | O_NOCTTY |
		    O_NONBLOCK | O_NOFOLLOW);
		e = errno;
		close(dfd);
		errno = e;
		if (fd == -1)
			goto fail;
	}
	if (fstat(fd, st) == -1)
		goto fail;
	if (!S_ISREG(st->st_mode)) {
		*why = "member is not a regular file";
		close(fd);
		free(n);
		errno = EINVAL;
		return -1;
	}
	free(n);
	return fd;
fail:
	e = errno;
	if (fd != -1)
		close(fd);
	free(n);
	*why = e == ENOENT ? "member not in the image" :
	    "cannot open a member of the layout";
	errno = e;
	return -1;
}

/* --- the interface ------------------------------------------------------ */

/* If the layout is not at the top but in one directory (a tar of the
 * layout's directory), read it from there. */
static void
find_prefix(struct isrc *s)
{
	static const char *const tops[] = { "index.json", "manifest.json" };
	char *found = NULL;
	size_t i, k;

	for (k = 0; k < 2; k++)
		if (bsearch(tops[k], s->m, s->nm, sizeof *s->m, cmp_name_key))
			return;
	for (i = 0; i < s->nm; i++) {
		const char *slash = strchr(s->m[i].name, '/');

		if (slash == NULL || strchr(slash + 1, '/') != NULL)
			continue;
		for (k = 0; k < 2; k++)
			if (strcmp(slash + 1, tops[k]) == 0)
				break;
		if (k == 2)
			continue;
		if (found && strncmp(found, s->m[i].name, strlen(found)) != 0) {
			free(found);
			return;		/* two candidates: neither */
		}
		if (found == NULL)
			found = xstrndup(s->m[i].name,
			    (size_t)(slash - s->m[i].name) + 1);
	}
	if (found) {
		free(s->prefix);
		s->prefix = found;
	}
}

struct isrc *
isrc_open(const char *path, struct ibudget *b, const char **why,
    char **detail)
{
	struct isrc *s;
	struct stat st;

	*detail = NULL;
	s = xcalloc(1, sizeof *s);
	s->budget = b;
	s->dirfd = -1;
	s->layer_fd = -1;
	s->cur = -1;
	s->path = xstrdup(path);
	s->prefix = xstrdup("");
	if (stat(path, &st) == -1) {
		*why = "cannot open the image";
		*detail = xasprintf("%s: %s", path, strerror(errno));
		goto fail;
	}
	if (S_ISDIR(st.st_mode)) {
		s->is_dir = 1;
		s->dirfd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
		if (s->dirfd == -1) {
			*why = "cannot open the image";
			*detail = xasprintf("%s: %s", path, strerror(errno));
			goto fail;
		}
		return s;
	}
	if (!S_ISREG(st.st_mode)) {
		*why = "the image is neither a file nor a directory";
		goto fail;
	}
	b->in += (uint64_t)st.st_size;
	if (members_load(s, why) == -1) {
		*detail = xasprintf("%s: %s", path, s->err[0] ? s->err : *why);
		goto fail;
	}
	find_prefix(s);
	return s;
fail:
	isrc_free(s);
	return NULL;
}

void
isrc_free(struct isrc *s)
{
	if (s == NULL)
		return;
	ring_stop(s);
	if (s->ar)
		archive_read_free(s->ar);
	if (s->dirfd != -1)
		close(s->dirfd);
	if (s->layer_fd != -1)
		close(s->layer_fd);
	members_free(s);
	free(s->prefix);
	free(s->path);
	free(s);
}

int
isrc_is_dir(const struct isrc *s)
{
	return s->is_dir;
}

const char *
isrc_last_error(const struct isrc *s)
{
	return s->err[0] ? s->err : "read error";
}

int
isrc_exists(struct isrc *s, const char *name, const char **why)
{
	struct stat st;
	int fd;

	if (!s->is_dir) {
		if (member_find(s, name, why) != NULL)
			return 1;
		return strcmp(*why, "member not in the image") == 0 ? 0 : -1;
	}
	fd = dir_open_member(s, name, &st, why);
	if (fd == -1)
		return errno == ENOENT || errno == ENOTDIR ? 0 : -1;
	close(fd);
	return 1;
}

char *
isrc_identity(struct isrc *s, const char *name, int64_t *size,
    const char **why)
{
	struct member *m;
	struct stat st;
	int fd;

	*size = 0;
	if (!s->is_dir) {
		/* names in the archive are unique (twice is refused) */
		if ((m = member_find(s, name, why)) == NULL)
			return NULL;
		*size = m->size;
		return xstrdup(m->name);
	}
	if ((fd = dir_open_member(s, name, &st, why)) == -1)
		return NULL;
	close(fd);
	*size = st.st_size;
	return xasprintf("%ju:%ju", (uintmax_t)st.st_dev,
	    (uintmax_t)st.st_ino);
}

int
isrc_read(struct isrc *s, const char *name, size_t max, char **out,
    size_t *lenp, const char **why)
{
	struct archive_entry *e;
	struct member *m;
	struct stat st;
	char *buf = NULL;
	size_t len = 0;
	int fd = -1;

	*out = NULL;
	*lenp = 0;
	if (s->is_dir) {
		fd = dir_open_member(s, name, &st, why);
		if (fd == -1)
			return -1;
		if ((uint64_t)st.st_size > max)
			goto big;
		buf = xmalloc(max + 2);
		for (;;) {
			ssize_t r = read(fd, buf + len, max + 1 - len);

			if (r < 0 && errno == EINTR)
				continue;
			if (r < 0) {
				*why = "cannot read a member of the layout";
				goto fail;
			}
			if (r == 0)
				break;
			len += (size_t)r;
			if (len > max)
				goto big;
		}
		close(fd);
		fd = -1;
	} else {
		if ((m = member_find(s, name, why)) == NULL)
			return -1;
		if (m->size < 0 || (uint64_t)m->size > max)
			goto big;
		if (m->cache) {
			if (check_digest(name, m->cache, (size_t)m->size,
			    why) == -1)
				return -1;
			*out = xmalloc((size_t)m->size + 1);
			memcpy(*out, m->cache, (size_t)m->size + 1);
			*lenp = (size_t)m->size;
			return 0;
		}
		if (outer_seek(s, m->index, &e, why) == -1)
			return -1;
		buf = xmalloc(max + 2);
		for (;;) {
			la_ssize_t r = archive_read_data(s->ar, buf + len,
			    max + 1 - len);

			if (r < 0) {
				snprintf(s->err, sizeof s->err, "%s",
				    archive_error_string(s->ar) ?
				    archive_error_string(s->ar) : "read error");
				*why = "cannot read a member of the archive";
				s->cur = -1;
				goto fail;
			}
			if (r == 0)
				break;
			len += (size_t)r;
			if (len > max)
				goto big;
		}
		if (outer_count(s) == -1) {
			*why = "the image is over its decompression budget";
			goto fail;
		}
	}
	if (check_digest(name, buf, len, why) == -1)
		goto fail;
	buf[len] = '\0';
	*out = buf;
	*lenp = len;
	return 0;
big:
	*why = "larger than the limit";
fail:
	if (fd != -1)
		close(fd);
	free(buf);
	return -1;
}

/* --- hashing a layer beside its reader ------------------------------ */

static void *
ring_main(void *arg)
{
	struct ring *r = arg;
	unsigned long k;

	pthread_mutex_lock(&r->mu);
	for (;;) {
		while (!r->stop && r->hashed == r->posted)
			pthread_cond_wait(&r->cv, &r->mu);
		if (r->hashed == r->posted)
			break;		/* stopped, and all hashed */
		k = r->hashed % RING_SLOTS;
		pthread_mutex_unlock(&r->mu);
		sha256_update(r->hash, r->slot[k], r->len[k]);
		pthread_mutex_lock(&r->mu);
		r->hashed++;
		pthread_cond_broadcast(&r->cv);
	}
	pthread_mutex_unlock(&r->mu);
	return NULL;
}

/* Hash what the layer's reader reads in a thread of its own, into
 * s->hash; without a thread (none can be made) it is hashed inline. */
static void
ring_start(struct isrc *s)
{
	struct ring *r = xcalloc(1, sizeof *r);
	size_t i;

	pthread_mutex_init(&r->mu, NULL);
	pthread_cond_init(&r->cv, NULL);
	r->hash = &s->hash;
	for (i = 0; i < RING_SLOTS; i++)
		r->slot[i] = xmalloc(RING_BYTES);
	if (pthread_create(&r->th, NULL, ring_main, r) != 0) {
		for (i = 0; i < RING_SLOTS; i++)
			free(r->slot[i]);
		pthread_cond_destroy(&r->cv);
		pthread_mutex_destroy(&r->mu);
		free(r);
		return;
	}
	s->ring = r;
}

/* Wait until everything posted is hashed, and end the thread. */
static void
ring_stop(struct isrc *s)
{
	struct ring *r = s->ring;
	size_t i;

	if (r == NULL)
		return;
	pthread_mutex_lock(&r->mu);
	r->stop = 1;
	pthread_cond_broadcast(&r->cv);
	pthread_mutex_unlock(&r->mu);
	pthread_join(r->th, NULL);
	for (i = 0; i < RING_SLOTS; i++)
		free(r->slot[i]);
	pthread_cond_destroy(&r->cv);
	pthread_mutex_destroy(&r->mu);
	free(r);
	s->ring = NULL;
}

/* Where the reader reads next, and how much: a slot of the ring the
 * hasher is done with, or the source's own buffer. */
static unsigned char *
ring_take(struct isrc *s, size_t *size)
{
	struct ring *r = s->ring;
	unsigned char *p;

	if (r == NULL) {
		*size = sizeof s->rbuf;
		return s->rbuf;
	}
	pthread_mutex_lock(&r->mu);
	/* the slot was last filled RING_SLOTS reads ago; libarchive holds
	 * only the buffer of the last read */
	while (r->posted - r->hashed >= RING_SLOTS)
		pthread_cond_wait(&r->cv, &r->mu);
	p = r->slot[r->posted % RING_SLOTS];
	pthread_mutex_unlock(&r->mu);
	*size = RING_BYTES;
	return p;
}

/* n bytes read into what ring_take gave: hash them. */
static void
ring_post(struct isrc *s, const unsigned char *p, size_t n)
{
	struct ring *r = s->ring;

	if (r == NULL) {
		sha256_update(&s->hash, p, n);
		return;
	}
	pthread_mutex_lock(&r->mu);
	r->len[r->posted % RING_SLOTS] = n;
	r->posted++;
	pthread_cond_broadcast(&r->cv);
	pthread_mutex_unlock(&r->mu);
}

/* The inner reader's source: the outer archive's current member. */
static la_ssize_t
outer_read_cb(struct archive *inner, void *ctx, const void **bufp)
{
	struct isrc *s = ctx;
	size_t size;
	unsigned char *buf = s->verify ? ring_take(s, &size) : s->rbuf;
	la_ssize_t r;

	if (!s->verify)
		size = sizeof s->rbuf;
	r = archive_read_data(s->ar, buf, size);
	if (r < 0) {
		snprintf(s->err, sizeof s->err, "%s",
		    archive_error_string(s->ar) ? archive_error_string(s->ar) :
		    "read error");
		archive_set_error(inner, EIO, "%s", s->err);
		s->cur = -1;		/* reopen before the next use */
		return -1;
	}
	if (outer_count(s) == -1) {
		archive_set_error(inner, EFBIG, "%s", s->err);
		s->cur = -1;
		return -1;
	}
	if (s->verify)
		ring_post(s, buf, (size_t)r);
	*bufp = buf;
	return r;
}

/* The inner reader's source for a layout directory: the layer's file. */
static la_ssize_t
dir_read_cb(struct archive *inner, void *ctx, const void **bufp)
{
	struct isrc *s = ctx;
	size_t size;
	unsigned char *buf = s->verify ? ring_take(s, &size) : s->rbuf;
	ssize_t r;

	if (!s->verify)
		size = sizeof s->rbuf;
	do
		r = read(s->layer_fd, buf, size);
	while (r < 0 && errno == EINTR);
	if (r < 0) {
		snprintf(s->err, sizeof s->err, "%s", strerror(errno));
		archive_set_error(inner, errno, "%s", s->err);
		return -1;
	}
	if (s->verify)
		ring_post(s, buf, (size_t)r);
	*bufp = buf;
	return r;
}

struct archive *
isrc_layer_open(struct isrc *s, const char *name, int64_t *size,
    const char **why)
{
	struct archive_entry *e;
	struct archive *in;
	struct member *m;
	struct stat st;

	*size = 0;
	s->err[0] = '\0';
	ring_stop(s);
	s->verify = name_digest(name, s->want);
	s->from_cache = 0;
	sha256_init(&s->hash);
	if (s->is_dir) {
		int fd = dir_open_member(s, name, &st, why);

		if (fd == -1)
			return NULL;
		if ((in = image_archive_reader(why)) == NULL) {
			close(fd);
			return NULL;
		}
		*size = st.st_size;
		s->layer_fd = fd;
		if (s->verify && st.st_size > 0)
			ring_start(s);
		if (st.st_size > 0 && archive_read_open(in, s, NULL,
		    dir_read_cb, NULL) != ARCHIVE_OK) {
			ring_stop(s);
			snprintf(s->err, sizeof s->err, "%s",
			    archive_error_string(in) ? archive_error_string(in) :
			    "unreadable");
			*why = "cannot be read as a tar stream (plain, "
			    "gzip or zstd)";
			archive_read_free(in);
			close(fd);
			s->layer_fd = -1;
			return NULL;
		}
		return in;
	}
	if ((m = member_find(s, name, why)) == NULL)
		return NULL;
	/* docker save's "ID/layer.tar" may link to the blob by digest */
	if (!s->verify && strncmp(m->name, s->prefix, strlen(s->prefix)) == 0)
		s->verify = name_digest(m->name + strlen(s->prefix), s->want);
	if (m->cache) {
		if ((in = image_archive_reader(why)) == NULL)
			return NULL;
		*size = m->size;
		if (s->verify)
			sha256_update(&s->hash, m->cache, (size_t)m->size);
		s->from_cache = 1;
		if (archive_read_open_memory(in, m->cache, (size_t)m->size) !=
		    ARCHIVE_OK) {
			snprintf(s->err, sizeof s->err, "%s",
			    archive_error_string(in) ? archive_error_string(in) :
			    "unreadable");
			*why = "cannot be read as a tar stream (plain, "
			    "gzip or zstd)";
			archive_read_free(in);
			return NULL;
		}
		return in;
	}
	if (outer_seek(s, m->index, &e, why) == -1)
		return NULL;
	if ((in = image_archive_reader(why)) == NULL)
		return NULL;
	*size = m->size;
	if (s->verify && m->size > 0)
		ring_start(s);
	if (m->size > 0 &&
	    archive_read_open(in, s, NULL, outer_read_cb, NULL) != ARCHIVE_OK) {
		ring_stop(s);
		snprintf(s->err, sizeof s->err, "%s",
		    archive_error_string(in) ? archive_error_string(in) :
		    "unreadable");
		*why = "cannot be read as a tar stream (plain, gzip or zstd)";
		archive_read_free(in);
		return NULL;
	}
	return in;
}

int
isrc_layer_verify(struct isrc *s, const char **why)
{
	unsigned char got[SHA256_LEN];
	ssize_t r;

	if (!s->verify)
		return 0;
	ring_stop(s);
	/* what the layer's reader left unread: the tar's end blocks, a
	 * compressor's trailer, anything after them */
	if (s->is_dir) {
		while ((r = read(s->layer_fd, s->rbuf, sizeof s->rbuf)) != 0) {
			if (r < 0 && errno == EINTR)
				continue;
			if (r < 0) {
				*why = "cannot be read to check its digest";
				return -1;
			}
			sha256_update(&s->hash, s->rbuf, (size_t)r);
		}
	} else if (!s->from_cache) {
		while ((r = archive_read_data(s->ar, s->rbuf,
		    sizeof s->rbuf)) != 0) {
			if (r < 0) {
				s->cur = -1;
				*why = "cannot be read to check its digest";
				return -1;
			}
			sha256_update(&s->hash, s->rbuf, (size_t)r);
			if (outer_count(s) == -1) {
				*why = "the image is over its decompression "
				    "budget";
				return -1;
			}
		}
	}
	sha256_final(&s->hash, got);
	s->verify = 0;
	if (memcmp(got, s->want, SHA256_LEN) == 0)
		return 0;
	*why = "its content does not match the digest that names it "
	    "(sha256): the blob was altered";
	return -1;
}

void
isrc_layer_close(struct isrc *s, struct archive *in)
{
	if (in)
		archive_read_free(in);
	ring_stop(s);
	if (s->layer_fd != -1) {
		close(s->layer_fd);
		s->layer_fd = -1;
	}
}
