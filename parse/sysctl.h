/*
 * sysctl.h: kernel settings as configured for boot, parsed from the text
 * of sysctl.conf(5) and sysctl.d(5) files, and the order in which those
 * files apply. Parsing takes a buffer; the caller reads the files through
 * the target view (every scan mode) and, on a live host, compares with
 * what /proc/sys holds now.
 */
#ifndef PRIVMAP_SYSCTL_H
#define PRIVMAP_SYSCTL_H

#include <stddef.h>

#include "parse/err.h"

/* one assignment: the key normalised to dots, the value trimmed */
typedef void (*sysctl_fn)(void *ctx, const char *key, const char *value,
    unsigned line);

/*
 * Parse one file: "key = value" lines, '#' and ';' comments, blank lines.
 * A leading '-' on the key (ignore a failure to set it) is dropped. Keys
 * are normalised: if the first separator is '/', '/' and '.' trade places
 * (sysctl.d(5): "kernel/domainname" is "kernel.domainname"). A line with
 * no '=' or an empty key is reported through err and skipped. Returns the
 * number of assignments handed to fn.
 */
size_t	sysctl_conf_parse(const char *buf, size_t len, sysctl_fn fn,
	    parse_err_fn err, void *ctx);
/* Normalise a key in place as above. */
void	sysctl_key_normalize(char *key);

/* The directories of sysctl.d(5), highest precedence first: a file name
 * in an earlier one masks the same name in later ones. NULL-terminated. */
extern const char *const sysctl_dirs[];
/* procps' sysctl --system reads this after every sysctl.d file */
#define SYSCTL_CONF	"/etc/sysctl.conf"

struct sysctl_file {
	char	*path;		/* the file that applies for its name */
	char	*name;
};

/*
 * Merge directory listings into the files that apply, in the order they
 * apply: names[i] (count n[i]) lists sysctl_dirs[i]. Only "*.conf" names
 * count; the first directory holding a name wins; the result is sorted by
 * name (sysctl.d(5): "sorted by their filename in lexicographic order,
 * regardless of which of the directories they reside in"). Returns the
 * count; free with sysctl_files_free.
 */
size_t	sysctl_order(char **const names[], const size_t n[],
	    struct sysctl_file **out);
void	sysctl_files_free(struct sysctl_file *, size_t);

#endif
