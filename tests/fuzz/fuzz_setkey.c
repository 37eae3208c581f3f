/*
 * libFuzzer harness for the setkey parser: any input must parse without a
 * crash; an input without errors must print, re-parse without errors to an
 * equal tree, and print to the same text again.
 */
#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "grammar/setkey.h"

static char *
print_mem(const struct setkey_file *f, size_t *len)
{
	char *out = NULL;
	FILE *fp = open_memstream(&out, len);

	if (fp == NULL)
		abort();
	setkey_print(f, fp);
	fclose(fp);
	return out;
}

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct arena *a = arena_new();
	struct diag_sink *ds = diag_sink_new(stderr, DIAG_TEXT);
	struct setkey_file *f1, *f2;
	char *t1, *t2;
	size_t l1, l2;

	f1 = setkey_parse("fuzz", (const char *)data, size, a, ds);
	if (diag_errors(ds) == 0) {
		t1 = print_mem(f1, &l1);
		f2 = setkey_parse("canonical", t1, l1, a, ds);
		if (diag_errors(ds) != 0) {
			diag_flush(ds);
			fprintf(stderr, "canonical form does not parse:\n%s",
			    t1);
			abort();
		}
		t2 = print_mem(f2, &l2);
		if (l1 != l2 || memcmp(t1, t2, l1) != 0 ||
		    !setkey_equal(f1, f2)) {
			fprintf(stderr, "round trip differs:\n%s---\n%s", t1,
			    t2);
			abort();
		}
		free(t1);
		free(t2);
	}
	diag_sink_free(ds);
	arena_free(a);
	return 0;
}
