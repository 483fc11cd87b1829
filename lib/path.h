/*
 * path.h: lexical helpers on the text of a path (lib/path.c). They never
 * touch a file system: what a path means on a target is engine/ work.
 */
#ifndef PRIVMAP_LIB_PATH_H
#define PRIVMAP_LIB_PATH_H

/* Path helpers: join "/a" + "b" -> "/a/b"; dirname of an absolute path. */
char	*path_join(const char *dir, const char *name);
char	*path_dirname(const char *path);
const char *path_basename(const char *path);
/* Lexically clean a path: "", "." and leading "/" dropped, ".." applied
 * without ever climbing above the top ("" for the top; allocated).
 * *escaped (if not NULL) is set when a ".." would have climbed above. */
char	*path_clean(const char *path, int *escaped);

#endif
