/*
 * image-json-fuzz.c: the parsers of an image's JSON (engine/image-json.c)
 * on arbitrary bytes: the first byte picks the parser (OCI index or
 * Docker manifest list, image manifest, docker-save manifest.json, image
 * config, a --platform string, a digest), the rest is the document.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "engine/image.h"
#include "lib/xmalloc.h"

int LLVMFuzzerTestOneInput(const uint8_t *, size_t);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *buf = (const char *)data + 1, *why;
	size_t len = size ? size - 1 : 0;

	if (size < 1)
		return 0;
	switch (data[0] % 7) {
	case 0: {
		struct image_index ix;

		if (image_parse_index(buf, len, &ix, &why) == 0) {
			size_t i;

			for (i = 0; i < ix.n; i++)
				free(image_blob_path(ix.m[i].digest));
			image_index_free(&ix);
		}
		break;
	}
	case 1: {
		struct image_manifest m;

		if (image_parse_manifest(buf, len, &m, &why) == 0)
			image_manifest_free(&m);
		break;
	}
	case 2: {
		struct image_dsave_list l;

		if (image_parse_dsave(buf, len, &l, &why) == 0)
			image_dsave_list_free(&l);
		break;
	}
	case 3: {
		struct image_config c;

		if (image_parse_config(buf, len, &c, &why) == 0)
			image_config_free(&c);
		break;
	}
	case 4:
		(void)image_json_is_index(buf, len);
		break;
	case 5: {
		struct image_platform p, q;
		char *s = xstrndup(buf, len), out[100];

		if (image_platform_parse(s, &p, &why) == 0) {
			image_platform_str(&p, out, sizeof out);
			if (image_platform_parse(out, &q, &why) != 0 ||
			    !image_platform_match(&p, &q))
				abort();	/* printed form must re-parse */
		}
		free(s);
		break;
	}
	default: {
		char *s = xstrndup(buf, len);

		free(image_blob_path(s));
		free(s);
		break;
	}
	}
	return 0;
}
