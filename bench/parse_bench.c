/*
 * parse_bench: throughput of the setkey, racoon and rc.conf grammars.
 *
 *	parse_bench make GRAMMAR CORPUS-DIR OUT MBYTES
 *		Keep the files of CORPUS-DIR that GRAMMAR parses without an
 *		error (and that still parse cleanly when appended to the ones
 *		kept before): that is the unit.  Write the unit to OUT again
 *		and again until OUT holds MBYTES megabytes (10^6 bytes), and
 *		print "unit BYTES".
 *	parse_bench run GRAMMAR FILE [REPEAT [UNIT]]
 *		Parse FILE REPEAT times (default 1) and print the median MB/s.
 *		With UNIT, FILE is cut into pieces of UNIT bytes, each parsed
 *		as a file of its own: racoon rightly refuses a second sainfo
 *		with the same selectors, so one copy after another is not a
 *		valid racoon.conf, but a fleet of hosts' files is what a
 *		linter reads anyway.  Each piece gets a fresh arena and sink.
 *
 * GRAMMAR is setkey, racoon or rcconf.  A grammar not built into this tree
 * makes both commands exit with status 3 and "not available", so the
 * benchmark script can say so instead of failing.
 */
#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "model/arena.h"
#include "model/diag.h"

#if defined(__has_include)
#if __has_include("grammar/setkey.h")
#include "grammar/setkey.h"
#define HAVE_SETKEY 1
#endif
#if __has_include("grammar/racoon.h")
#include "grammar/racoon.h"
#define HAVE_RACOON 1
#endif
#if __has_include("grammar/rcconf.h")
#include "grammar/rcconf.h"
#define HAVE_RCCONF 1
#endif
#endif

#define EXIT_UNAVAILABLE 3

/* Parse one buffer; true when the grammar returned a tree. */
typedef bool parse_fn(const char *, const char *, size_t, struct arena *,
    struct diag_sink *);

#ifdef HAVE_SETKEY
static bool
parse_setkey(const char *name, const char *buf, size_t len, struct arena *a,
    struct diag_sink *ds)
{
	return setkey_parse(name, buf, len, a, ds) != NULL;
}
#endif
#ifdef HAVE_RACOON
static bool
parse_racoon(const char *name, const char *buf, size_t len, struct arena *a,
    struct diag_sink *ds)
{
	return racoon_parse(name, buf, len, a, ds) != NULL;
}
#endif
#ifdef HAVE_RCCONF
static bool
parse_rcconf(const char *name, const char *buf, size_t len, struct arena *a,
    struct diag_sink *ds)
{
	return rcconf_parse(name, buf, len, a, ds) != NULL;
}
#endif

static const struct grammar {
	const char	*name;
	parse_fn	*parse;
} grammars[] = {
#ifdef HAVE_SETKEY
	{ "setkey", parse_setkey },
#else
	{ "setkey", NULL },
#endif
#ifdef HAVE_RACOON
	{ "racoon", parse_racoon },
#else
	{ "racoon", NULL },
#endif
#ifdef HAVE_RCCONF
	{ "rcconf", parse_rcconf },
#else
	{ "rcconf", NULL },
#endif
};

/* A growable byte buffer, always followed by two NULs a scanner may want. */
struct buf {
	char	*p;
	size_t	 len, cap;
};

static void
buf_add(struct buf *b, const char *s, size_t n)
{
	if (b->cap - b->len < n + 2) {
		while (b->cap - b->len < n + 2)
			b->cap = b->cap ? b->cap * 2 : 65536;
		b->p = xrealloc(b->p, b->cap);
	}
	memcpy(b->p + b->len, s, n);
	b->len += n;
	b->p[b->len] = b->p[b->len + 1] = '\0';
}

static bool
slurp(const char *path, struct buf *b)
{
	char chunk[65536];
	size_t n;
	FILE *f;

	if ((f = fopen(path, "rb")) == NULL)
		return false;
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
		buf_add(b, chunk, n);
	if (ferror(f)) {
		fclose(f);
		return false;
	}
	fclose(f);
	buf_add(b, "", 0);
	return true;
}

static double
now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/*
 * Parse LEN bytes at P into a throw-away arena and sink; returns the error
 * count.  Only the parse call is timed.
 */
static size_t
parse_bytes(const struct grammar *g, const char *name, const char *p,
    size_t len, double *secs, bool *tree)
{
	struct diag_sink *ds;
	struct arena *a;
	size_t errors;
	double t0;

	a = arena_new();
	ds = diag_sink_new(stderr, DIAG_TEXT);
	t0 = now();
	*tree = g->parse(name, p, len, a, ds);
	if (secs != NULL)
		*secs = now() - t0;
	errors = diag_errors(ds);
	diag_sink_free(ds);
	arena_free(a);
	return errors;
}

static size_t
parse_once(const struct grammar *g, const char *name, const struct buf *b,
    double *secs, bool *tree)
{
	return parse_bytes(g, name, b->p, b->len, secs, tree);
}

static int
cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static int
cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

static int
cmd_make(const struct grammar *g, const char *dir, const char *out,
    double mbytes)
{
	struct buf unit = { 0 }, file, trial;
	struct dirent *de;
	char **names = NULL, path[4096];
	size_t n = 0, cap = 0, i, kept = 0, total;
	bool tree;
	DIR *d;
	FILE *f;

	if ((d = opendir(dir)) == NULL) {
		fprintf(stderr, "parse_bench: %s: %s\n", dir, strerror(errno));
		return 2;
	}
	while ((de = readdir(d)) != NULL) {
		if (de->d_name[0] == '.')
			continue;
		if (n == cap) {
			cap = cap ? cap * 2 : 64;
			names = xreallocarray(names, cap, sizeof(*names));
		}
		names[n++] = xstrdup(de->d_name);
	}
	closedir(d);
	/* Directory order differs between file systems; the output must not. */
	qsort(names, n, sizeof(*names), cmp_str);
	for (i = 0; i < n; i++) {
		memset(&file, 0, sizeof(file));
		snprintf(path, sizeof(path), "%s/%s", dir, names[i]);
		if (!slurp(path, &file) || file.len == 0) {
			free(file.p);
			continue;
		}
		if (file.p[file.len - 1] != '\n')
			buf_add(&file, "\n", 1);
		memset(&trial, 0, sizeof(trial));
		buf_add(&trial, unit.p ? unit.p : "", unit.len);
		buf_add(&trial, file.p, file.len);
		if (parse_once(g, names[i], &file, NULL, &tree) == 0 && tree &&
		    parse_once(g, names[i], &trial, NULL, &tree) == 0 && tree) {
			free(unit.p);
			unit = trial;
			kept++;
		} else
			free(trial.p);
		free(file.p);
	}
	fprintf(stderr, "parse_bench: %s: %zu of %zu corpus files parse cleanly"
	    " (%zu bytes)\n", g->name, kept, n, unit.len);
	for (i = 0; i < n; i++)
		free(names[i]);
	free(names);
	if (unit.len == 0) {
		fprintf(stderr, "parse_bench: %s: nothing to repeat\n", g->name);
		return 2;
	}
	if ((f = fopen(out, "wb")) == NULL) {
		fprintf(stderr, "parse_bench: %s: %s\n", out, strerror(errno));
		free(unit.p);
		return 2;
	}
	for (total = 0; (double)total < mbytes * 1e6; total += unit.len)
		if (fwrite(unit.p, 1, unit.len, f) != unit.len)
			break;
	printf("unit %zu\n", unit.len);
	free(unit.p);
	if (fclose(f) != 0 || (double)total < mbytes * 1e6) {
		fprintf(stderr, "parse_bench: %s: write failed\n", out);
		return 2;
	}
	return 0;
}

static int
cmd_run(const struct grammar *g, const char *path, int repeat, size_t unit)
{
	struct buf b = { 0 };
	double *secs, t;
	size_t errors = 0, lines = 0, i, off, n;
	bool tree = false, all = true;
	char saved[2];
	int r;

	if (!slurp(path, &b)) {
		fprintf(stderr, "parse_bench: %s: %s\n", path, strerror(errno));
		return 2;
	}
	for (i = 0; i < b.len; i++)
		lines += b.p[i] == '\n';
	secs = xcalloc((size_t)repeat, sizeof(*secs));
	if (unit == 0 || unit > b.len)
		unit = b.len;
	for (r = 0; r < repeat; r++) {
		for (off = 0; off < b.len; off += n) {
			n = b.len - off < unit ? b.len - off : unit;
			/* Give each piece the two NULs a scanner may want. */
			memcpy(saved, b.p + off + n, 2);
			b.p[off + n] = b.p[off + n + 1] = '\0';
			errors += parse_bytes(g, path, b.p + off, n, &t, &tree);
			memcpy(b.p + off + n, saved, 2);
			secs[r] += t;
			all = all && tree;
		}
	}
	tree = all;
	qsort(secs, (size_t)repeat, sizeof(*secs), cmp_double);
	printf("%s %zu bytes %zu lines %.6f s %.1f MB/s %zu errors%s\n",
	    g->name, b.len, lines, secs[repeat / 2],
	    (double)b.len / 1e6 / secs[repeat / 2], errors / (size_t)repeat,
	    tree ? "" : " (no tree)");
	free(secs);
	free(b.p);
	return errors == 0 && tree ? 0 : 1;
}

static void
usage(void)
{
	fprintf(stderr, "usage: parse_bench make GRAMMAR CORPUS-DIR OUT MBYTES\n"
	    "       parse_bench run GRAMMAR FILE [REPEAT [UNIT]]\n"
	    "GRAMMAR: setkey, racoon or rcconf\n");
	exit(2);
}

int
main(int argc, char **argv)
{
	const struct grammar *g = NULL;
	size_t i;
	double mb;
	size_t unit = 0;
	int repeat = 1;
	char *end;

	if (argc < 4)
		usage();
	for (i = 0; i < sizeof(grammars) / sizeof(grammars[0]); i++)
		if (strcmp(argv[2], grammars[i].name) == 0)
			g = &grammars[i];
	if (g == NULL)
		usage();
	if (g->parse == NULL) {
		printf("%s not available\n", g->name);
		return EXIT_UNAVAILABLE;
	}
	if (strcmp(argv[1], "make") == 0 && argc == 6) {
		mb = strtod(argv[5], &end);
		if (*end != '\0' || !(mb > 0))
			usage();
		return cmd_make(g, argv[3], argv[4], mb);
	}
	if (strcmp(argv[1], "run") == 0 && argc >= 4 && argc <= 6) {
		if (argc >= 5) {
			repeat = (int)strtol(argv[4], &end, 10);
			if (*end != '\0' || repeat < 1 || repeat > 1000)
				usage();
		}
		if (argc == 6) {
			unit = strtoul(argv[5], &end, 10);
			if (*end != '\0')
				usage();
		}
		return cmd_run(g, argv[3], repeat, unit);
	}
	usage();
	return 2;
}
