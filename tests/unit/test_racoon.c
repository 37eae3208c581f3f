/*
 * Check program for the racoon.conf grammar.
 *   test_racoon parse FILE      diagnostics (LINE:COL: severity: msg [code]),
 *                               then the canonical form if there was no error
 *   test_racoon roundtrip FILE  parse, print, reparse, print: the two prints
 *                               and the two trees must be equal; exit 1 if not
 *   test_racoon diag FILE       diagnostics only
 *   test_racoon check FILE      print only the first error line ("LINE code")
 *   test_racoon ast FILE        the tree with every element's LINE:COL
 *   test_racoon sniff FILE      exit 0 if it looks like a racoon.conf
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

static const char *const vkinds[] = { "word", "number", "string", "addr",
    "unit" };

static void
dump(const struct racoon_stmt *s, int depth)
{
	const struct racoon_value *v;

	for (; s != NULL; s = s->next) {
		printf("%*s%u:%u %s kind=%d%s", depth * 2, "",
		    (unsigned)s->loc.line, (unsigned)s->loc.col, s->keyword,
		    (int)s->kind, s->block ? " block" : "");
		printf(" end=%u:%u\n", (unsigned)s->end.line,
		    (unsigned)s->end.col);
		for (v = s->args; v != NULL; v = v->next) {
			printf("%*s  %u:%u %s", depth * 2, "",
			    (unsigned)v->loc.line, (unsigned)v->loc.col,
			    vkinds[v->kind]);
			if (v->text != NULL)
				printf(" '%s'", v->text);
			if (v->kind != RACOON_V_STRING && v->num != 0)
				printf(" num=%lu", v->num);
			if (v->prefix != RACOON_NONE)
				printf(" prefix=%d", v->prefix);
			if (v->port != RACOON_NONE)
				printf(" port=%d", (int)v->port);
			if (v->range_hi != NULL)
				printf(" to='%s'", v->range_hi);
			printf("%s\n", v->comma ? " comma" : "");
		}
		dump(s->body, depth + 1);
	}
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
		fprintf(stderr, "usage: test_racoon parse|diag|ast|roundtrip|check|sniff|"
		    "bench FILE [N]\n");
		return 2;
	}
	if ((buf = slurp(argv[2], &len)) == NULL) {
		perror(argv[2]);
		return 2;
	}
	if (strcmp(argv[1], "sniff") == 0) {
		rc = racoon_sniff(buf, len) ? 0 : 1;
		free(buf);
		return rc;
	}
	if (strcmp(argv[1], "roundtrip") == 0) {
		rc = roundtrip(argv[2], buf, len);
		free(buf);
		return rc;
	}
	if (strcmp(argv[1], "bench") == 0) {
		long reps = argc > 3 ? atol(argv[3]) : 1, r;
		struct timespec t0, t1, c0, c1;
		double s, cpu;

		/* CPU time too: the machine may be busy with other work */
		clock_gettime(CLOCK_MONOTONIC, &t0);
		clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &c0);
		for (r = 0; r < reps; r++) {
			a = arena_new();
			ds = diag_sink_new(stderr, DIAG_TEXT);
			f = racoon_parse(argv[2], buf, len, a, ds);
			if (f->errors != 0)
				diag_flush(ds);
			if (r == 0)
				fprintf(stderr, "tree: %zu bytes of arena\n",
				    arena_used(a));
			diag_sink_free(ds);
			arena_free(a);
		}
		clock_gettime(CLOCK_MONOTONIC, &t1);
		clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &c1);
		s = (double)(t1.tv_sec - t0.tv_sec) +
		    (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
		cpu = (double)(c1.tv_sec - c0.tv_sec) +
		    (double)(c1.tv_nsec - c0.tv_nsec) / 1e9;
		printf("%zu bytes x %ld: %.3f s wall (%.1f MB/s), %.3f s CPU "
		    "(%.1f MB/s)\n", len, reps, s,
		    (double)len * (double)reps / s / 1e6, cpu,
		    (double)len * (double)reps / cpu / 1e6);
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
		if (!rc && strcmp(argv[1], "parse") == 0)
			racoon_print(f, stdout);
		if (strcmp(argv[1], "ast") == 0)
			dump(f->stmts, 0);
	}
	diag_sink_free(ds);
	arena_free(a);
	free(buf);
	return rc;
}
