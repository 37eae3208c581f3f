/*
 * libFuzzer harness for the racoon.conf grammar: any input must parse
 * without crashing; an input that parses without errors must print to a
 * canonical form that parses again to the same tree and the same text.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model/arena.h"
#include "model/diag.h"
#include "grammar/racoon.h"

static char *
print_to_mem(const struct racoon_file *f, size_t *len)
{
	char *out = NULL;
	FILE *m = open_memstream(&out, len);

	if (m == NULL)
		abort();
	racoon_print(f, m);
	fclose(m);
	return out;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct arena *a = arena_new();
	FILE *sink = fopen("/dev/null", "w");
	struct diag_sink *ds = diag_sink_new(sink, DIAG_TEXT);
	struct racoon_file *f1, *f2;
	char *p1, *p2;
	size_t l1, l2;

	f1 = racoon_parse("fuzz.conf", (const char *)data, size, a, ds);
	if (f1->errors == 0) {
		p1 = print_to_mem(f1, &l1);
		f2 = racoon_parse("canonical.conf", p1, l1, a, ds);
		if (f2->errors != 0)
			abort();	/* the canonical form must parse */
		p2 = print_to_mem(f2, &l2);
		if (l1 != l2 || memcmp(p1, p2, l1) != 0)
			abort();	/* printing must be idempotent */
		if (!racoon_equal(f1, f2))
			abort();	/* and keep the tree */
		free(p1);
		free(p2);
	}
	diag_flush(ds);
	diag_sink_free(ds);
	fclose(sink);
	arena_free(a);
	return 0;
}
