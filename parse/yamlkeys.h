/*
 * yamlkeys.h: the scalar values of a YAML file's block mappings, each
 * by its dotted key path ("authentication.anonymous.enabled"), for
 * configuration files like the kubelet's (KubeletConfiguration). Not a
 * YAML parser: block mappings by indentation and plain or quoted
 * scalars only; sequences, flow collections, anchors, tags and block
 * scalars are passed over. Takes a buffer; never reads a file.
 */
#ifndef PRIVMAP_PARSE_YAMLKEYS_H
#define PRIVMAP_PARSE_YAMLKEYS_H

#include <stddef.h>

#include "parse/err.h"

/* nesting and key length kept; deeper keys are passed over */
#define YAMLKEYS_MAX_DEPTH	16
#define YAMLKEYS_MAX_KEY	128

typedef void	(*yamlkeys_fn)(void *fctx, const char *path, const char *value,
		    unsigned line);

/*
 * Each "key: value" line hands fn its path (the keys of the mappings it
 * is in, joined by '.') and its value: quotes removed ('...' with ''
 * for a quote, "..." with \" \\ \n \t), a plain value cut at " #". A
 * "key:" line opens a mapping for the lines indented deeper. "---"
 * starts a new document. A tab in the indentation, an unclosed quote and
 * a key too long go to err (may be NULL) and the line is passed over.
 * Returns the number of values handed over.
 */
size_t	yamlkeys_parse(const char *buf, size_t len, yamlkeys_fn fn,
	    void *fctx, parse_err_fn err, void *ctx);
/* "LINE PATH=VALUE" a value (allocated) */
char	*yamlkeys_print(const char *buf, size_t len);

#endif
