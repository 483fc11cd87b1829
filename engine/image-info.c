/*
 * image-info.c: what reading an image notes besides its tree (errors,
 * notes, handed to the report), and the decompression budget every
 * reader of its archives counts against (engine/image-int.h). Shared by
 * tv-image.c, image-src.c and image-tree.c, so that none of them calls
 * back into another. Reads nothing.
 */
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "engine/arch.h"
#include "lib/bounds.h"
#include "engine/image-int.h"
#include "lib/xmalloc.h"

/* --- noted errors -------------------------------------------------------- */

void
image_note_error(struct image_info *info, const char *path, const char *fmt,
    ...)
{
	va_list ap;
	char *msg;

	if (json_array_size(info->errors) >= MAX_ERRORS) {
		info->errors_dropped++;
		return;
	}
	va_start(ap, fmt);
	msg = xvasprintf(fmt, ap);
	va_end(ap);
	json_array_append_new(info->errors, json_pack("{s:s, s:s}",
	    "path", path, "error", msg));
	free(msg);
}

void
image_note(struct image_info *info, const char *fmt, ...)
{
	va_list ap;
	char *msg;

	va_start(ap, fmt);
	msg = xvasprintf(fmt, ap);
	va_end(ap);
	json_array_append_new(info->notes, json_string(msg));
	free(msg);
}

void
image_info_free(struct image_info *info)
{
	if (info == NULL)
		return;
	free(info->format);
	free(info->ref);
	free(info->digest);
	free(info->os);
	free(info->arch);
	free(info->variant);
	free(info->user);
	free(info->env_path);
	free(info->error);
	json_decref(info->errors);
	json_decref(info->notes);
	memset(info, 0, sizeof *info);
}

void
image_info_report(const struct image_info *info, struct report *rep)
{
	json_t *v;
	size_t i;

	json_array_foreach(info->errors, i, v)
		report_add_error(rep, json_string_value(json_object_get(v,
		    "path")), "%s", json_string_value(json_object_get(v,
		    "error")));
	if (info->errors_dropped)
		report_add_note(rep, "%zu more image errors not listed",
		    info->errors_dropped);
	json_array_foreach(info->notes, i, v)
		report_add_note(rep, "%s", json_string_value(v));
	/* the kernel's spelling, as for a directory (arch.h) */
	if (rep->arch == NULL && arch_from_oci(info->arch) != NULL)
		rep->arch = xstrdup(arch_from_oci(info->arch));
}

/* --- the decompression budget ------------------------------------------ */

uint64_t
ibudget_limit(const struct ibudget *b, unsigned ratio)
{
	uint64_t r = b->in > UINT64_MAX / ratio ? UINT64_MAX : b->in * ratio;

	return r > IMAGE_INFLATE_FLOOR_BYTES ? r : IMAGE_INFLATE_FLOOR_BYTES;
}

int
ibudget_over(struct ibudget *b, uint64_t live)
{
	uint64_t content = b->used + live + (b->outer_again ? 0 : b->outer);
	uint64_t all = b->used + live + b->reread + b->outer;

	if (b->exceeded)
		return 1;
	if (content > ibudget_limit(b, IMAGE_INFLATE_RATIO))
		b->exceeded = 1;
	else if (all > ibudget_limit(b, IMAGE_REREAD_RATIO))
		b->exceeded = 2;
	return b->exceeded != 0;
}

char *
ibudget_why(const struct ibudget *b)
{
	unsigned ratio = b->exceeded == 2 ? IMAGE_REREAD_RATIO :
	    IMAGE_INFLATE_RATIO;

	return xasprintf("more than %llu MiB decompressed (each tar entry "
	    "counted as %u bytes%s), the budget of a %llu-byte image (%u "
	    "times its size, at least %llu MiB)",
	    (unsigned long long)(ibudget_limit(b, ratio) >> 20),
	    IMAGE_ENTRY_COST_BYTES, b->exceeded == 2 ? ", every pass over "
	    "the compressed archive together" : "",
	    (unsigned long long)b->in, ratio, IMAGE_INFLATE_FLOOR_BYTES >> 20);
}
