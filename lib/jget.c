/*
 * jget.c: the typed member reads of lib/jget.h. They only look at the
 * object they are given; they never change or copy it.
 */
#include "lib/jget.h"

const char *
jget_str(json_t *o, const char *key, int *bad)
{
	json_t *v = json_object_get(o, key);

	if (v == NULL || json_is_null(v))
		return NULL;
	if (!json_is_string(v)) {
		*bad = 1;
		return NULL;
	}
	return json_string_value(v);
}
