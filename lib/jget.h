/*
 * jget.h: typed reads of members of a JSON object that came from outside
 * (an image's configuration, a hook's input): absent and null are told
 * apart from present with the wrong type. Never copies, never allocates.
 */
#ifndef PRIVMAP_LIB_JGET_H
#define PRIVMAP_LIB_JGET_H

#include <jansson.h>

/* A string member, or NULL if absent or null; *bad set (and NULL) if
 * present but not a string. The text belongs to o. */
const char	*jget_str(json_t *o, const char *key, int *bad);

#endif
