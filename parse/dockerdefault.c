/*
 * dockerdefault.c: DOCKER_OPTS from /etc/default/docker
 * (dockerdefault.h). Takes a buffer; never runs or expands shell text.
 */
#include <config.h>

#include <stdlib.h>
#include <string.h>

#include "parse/dockerdefault.h"
#include "parse/print.h"
#include "lib/buf.h"
#include "lib/lines.h"
#include "lib/xmalloc.h"

void
docker_default_parse(const char *buf, size_t len, struct docker_default *dd,
    parse_err_fn err, void *ctx)
{
	struct lines l;
	const char *line;
	size_t n;
	int r;

	memset(dd, 0, sizeof *dd);
	lines_init(&l, buf, len);
	while ((r = lines_next(&l, &line, &n)) != 0) {
		if (r == -1) {
			if (err)
				err(ctx, l.lineno, "line too long");
			continue;
		}
		while (n && (*line == ' ' || *line == '\t')) {
			line++;
			n--;
		}
		if (n > 7 && memcmp(line, "export ", 7) == 0) {
			line += 7;
			n -= 7;
		}
		if (n < 12 || memcmp(line, "DOCKER_OPTS=", 12) != 0)
			continue;
		line += 12;
		n -= 12;
		if (n >= 2 && (line[0] == '"' || line[0] == '\'') &&
		    line[n - 1] == line[0]) {
			line++;
			n -= 2;
		}
		free(dd->opts);
		dd->opts = xstrndup(line, strnlen(line, n));
		dd->opts_line = l.lineno;
	}
}

void
docker_default_free(struct docker_default *dd)
{
	free(dd->opts);
	memset(dd, 0, sizeof *dd);
}

char *
docker_default_print(const struct docker_default *dd)
{
	struct buf b = { 0 };

	if (dd->opts) {
		buf_printf(&b, "DOCKER_OPTS line %u ", dd->opts_line);
		print_str(&b, dd->opts);
		buf_addc(&b, '\n');
	} else
		buf_adds(&b, "DOCKER_OPTS unset\n");
	return buf_str(&b);
}
