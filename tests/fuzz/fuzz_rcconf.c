/*
 * libFuzzer harness for the rc.conf grammar: any input must parse without
 * a crash, and a file without errors must print a canonical form that
 * parses again, without errors, to the same canonical form.
 */
#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "grammar/rcconf.h"

static char *
canonical(const char *buf, size_t len, size_t *outlen, size_t *errors)
{
	struct arena *a = arena_new();
	struct diag_sink *ds;
	struct rcconf_file *f;
	FILE *mem;
	char *out = NULL;
	static FILE *devnull;

	/* Diagnostics are formatted (that code runs too) but not shown. */
	if (devnull == NULL && (devnull = fopen("/dev/null", "w")) == NULL)
		abort();

	ds = diag_sink_new(devnull, DIAG_TEXT);
	f = rcconf_parse("fuzz.conf", buf, len, a, ds);
	*errors = diag_errors(ds);
	*outlen = 0;
	if (*errors == 0) {
		mem = open_memstream(&out, outlen);
		if (mem == NULL)
			abort();
		rcconf_print(f, mem);
		fclose(mem);
	}
	diag_flush(ds);
	diag_sink_free(ds);
	arena_free(a);
	return out;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *one, *two;
	size_t n1, n2, e1, e2;

	one = canonical((const char *)data, size, &n1, &e1);
	if (one == NULL)
		return 0;
	two = canonical(one, n1, &n2, &e2);
	if (e2 != 0 || two == NULL || n1 != n2 || memcmp(one, two, n1) != 0) {
		fprintf(stderr, "round trip differs:\n--- first\n%.*s"
		    "--- second (%zu errors)\n%.*s", (int)n1, one, e2,
		    (int)n2, two ? two : "");
		abort();
	}
	free(one);
	free(two);
	return 0;
}
