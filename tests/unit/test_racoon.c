/*
 * Check program for the racoon.conf grammar.
 *   test_racoon parse FILE      diagnostics (LINE:COL: severity: msg [code]),
 *                               then the canonical form if there was no error
 *   test_racoon roundtrip FILE  parse, print, reparse, print: the two prints
 *                               and the two trees must be equal; exit 1 if not
 *   test_racoon check FILE      print only the first error line ("LINE code")
 *   test_racoon bench FILE N    parse N times, print MB/s
 * Exit status: 0 = parsed without errors, 1 = errors, 2 = usage/IO.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "model/arena.h"
#include "model/diag.h"
#include "grammar/racoon.h"

static char *
slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *buf = NULL;
	size_t cap = 0, n = 0, r;

	if (f == NULL)
		return NULL;
	do {
		if (n == cap) {
			cap = cap ? cap * 2 : 65536;
			buf = xrealloc(buf, cap);
		}
		r = fread(buf + n, 1, cap - n, f);
		n += r;
	} while (r > 0);
	fclose(f);
	*len = n;
	return buf;
}

static char *
print_to_mem(const struct racoon_file *f, size_t *len)
{
	char *out = NULL;
	FILE *m = open_memstream(&out, len);

	racoon_print(f, m);
	fclose(m);
	return out;
}

static int
roundtrip(const char *name, const char *buf, size_t len)
{
	struct arena *a = arena_new();
	struct diag_sink *ds = diag_sink_new(stderr, DIAG_TEXT);
	struct racoon_file *f1, *f2;
	char *p1, *p2;
	size_t l1, l2;
	int rc = 0;

	f1 = racoon_parse(name, buf, len, a, ds);
	if (f1->errors != 0) {
		diag_flush(ds);
		rc = 1;
		goto out;
	}
	p1 = print_to_mem(f1, &l1);
	f2 = racoon_parse("canonical", p1, l1, a, ds);
	p2 = print_to_mem(f2, &l2);
	if (f2->errors != 0 || l1 != l2 || memcmp(p1, p2, l1) != 0 ||
	    !racoon_equal(f1, f2)) {
		fprintf(stderr, "%s: round trip differs\n--- first\n%s--- "
		    "second\n%s", name, p1, p2);
		diag_flush(ds);
		rc = 1;
	}
	free(p1);
	free(p2);
out:
	diag_sink_free(ds);
	arena_free(a);
	return rc;
}

int
main(int argc, char **argv)
{
	struct arena *a;
	struct diag_sink *ds;
	struct racoon_file *f;
	const struct diag_item *it;
	size_t len, n, i;
	char *buf;
	int rc;

	if (argc < 3) {
		fprintf(stderr, "usage: test_racoon parse|roundtrip|check|"
		    "bench FILE [N]\n");
		return 2;
	}
	if ((buf = slurp(argv[2], &len)) == NULL) {
		perror(argv[2]);
		return 2;
	}
	if (strcmp(argv[1], "roundtrip") == 0) {
		rc = roundtrip(argv[2], buf, len);
		free(buf);
		return rc;
	}
	if (strcmp(argv[1], "bench") == 0) {
		long reps = argc > 3 ? atol(argv[3]) : 1, r;
		struct timespec t0, t1;
		double s;

		clock_gettime(CLOCK_MONOTONIC, &t0);
		for (r = 0; r < reps; r++) {
			a = arena_new();
			ds = diag_sink_new(stderr, DIAG_TEXT);
			f = racoon_parse(argv[2], buf, len, a, ds);
			if (f->errors != 0)
				diag_flush(ds);
			diag_sink_free(ds);
			arena_free(a);
		}
		clock_gettime(CLOCK_MONOTONIC, &t1);
		s = (double)(t1.tv_sec - t0.tv_sec) +
		    (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
		printf("%zu bytes x %ld in %.3f s: %.1f MB/s\n", len, reps, s,
		    (double)len * (double)reps / s / 1e6);
		free(buf);
		return 0;
	}

	a = arena_new();
	ds = diag_sink_new(stdout, DIAG_TEXT);
	f = racoon_parse(argv[2], buf, len, a, ds);
	it = diag_items(ds, &n);
	rc = f->errors != 0;
	if (strcmp(argv[1], "check") == 0) {
		for (i = 0; i < n; i++)
			if (it[i].severity == DIAG_ERROR) {
				printf("%u %s\n", (unsigned)it[i].loc.line,
				    it[i].code);
				break;
			}
	} else {
		for (i = 0; i < n; i++)
			printf("%u:%u: %s: %s%s%s%s\n",
			    (unsigned)it[i].loc.line, (unsigned)it[i].loc.col,
			    it[i].severity == DIAG_ERROR ? "error" :
			    it[i].severity == DIAG_WARNING ? "warning" : "note",
			    it[i].message, it[i].code ? " [" : "",
			    it[i].code ? it[i].code : "", it[i].code ? "]" : "");
		if (!rc)
			racoon_print(f, stdout);
	}
	diag_sink_free(ds);
	arena_free(a);
	free(buf);
	return rc;
}
