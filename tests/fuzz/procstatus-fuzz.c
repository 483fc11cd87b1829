/*
 * procstatus-fuzz.c: libFuzzer target for the /proc/PID/status parser
 * (parse/procstatus.c).
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include "parse/procstatus.h"

int LLVMFuzzerTestOneInput(const uint8_t *, size_t);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct procstatus st;
	const char *why;
	unsigned line;

	if (procstatus_parse((const char *)data, size, &st, &why, &line) == 0)
		free(procstatus_print(&st));
	procstatus_free(&st);
	return 0;
}
