/*
 * pgconf.c: the port setting of postgresql.conf (pgconf.h). Takes a
 * buffer and never reads a file or follows an include.
 */
#include <config.h>

#include <string.h>

#include "parse/pgconf.h"
#include "lib/buf.h"
#include "lib/lines.h"
#include "lib/num.h"
#include "lib/xmalloc.h"

void
pg_conf_parse(const char *buf, size_t len, struct pg_conf *pc,
    parse_err_fn err, void *ctx)
{
	struct lines lc;
	const char *line;
	size_t n;
	int r;

	memset(pc, 0, sizeof *pc);
	lines_init(&lc, buf, len);
	while ((r = lines_next(&lc, &line, &n)) != 0) {
		unsigned long u;
		const char *p = line, *e = line + n, *d;

		if (r == -1) {
			if (err)
				err(ctx, lc.lineno, "line too long");
			continue;
		}
		while (p < e && (*p == ' ' || *p == '\t'))
			p++;
		if (e - p < 4 || memcmp(p, "port", 4) != 0)
			continue;
		p += 4;
		while (p < e && (*p == ' ' || *p == '\t' || *p == '='))
			p++;
		for (d = p; d < e && *d >= '0' && *d <= '9'; d++)
			;
		if (parse_ulong_n(p, (size_t)(d - p), 65535, &u) == 0 && u) {
			pc->port = (unsigned)u;
			pc->port_line = lc.lineno;
		}
	}
}

char *
pg_conf_print(const struct pg_conf *pc)
{
	struct buf b = { 0 };

	if (pc->port)
		buf_printf(&b, "port %u line %u\n", pc->port, pc->port_line);
	else
		buf_adds(&b, "port unset\n");
	return buf_str(&b);
}
