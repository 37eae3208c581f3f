/*
 * setkey parser tests.  Without arguments: TAP unit checks (limits, error
 * recovery, sniffing, speed sanity).  With arguments it is the program the
 * data-driven drivers call:
 *   test_setkey print FILE [NAME]   diagnostics, then the canonical form
 *   test_setkey roundtrip FILE      parse, print, parse, print: same text
 *                                   and an equal tree (exit 77: FILE has
 *                                   errors, nothing to compare)
 *   test_setkey first-error FILE [it|all]
 *                                   line of the first error, or "accept"
 *   test_setkey dialects FILE       per statement: line and dialect bits
 *   test_setkey bench FILE          parse once, print seconds and bytes
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "grammar/setkey.h"
#include "tests/tap.h"

static char *
slurp(const char *path, size_t *len)
{
	FILE *fp = fopen(path, "rb");
	char *buf = NULL;
	size_t cap = 0, n = 0, r;

	if (fp == NULL) {
		perror(path);
		exit(2);
	}
	for (;;) {
		if (n == cap) {
			cap = cap ? cap * 2 : 65536;
			buf = xrealloc(buf, cap);
		}
		r = fread(buf + n, 1, cap - n, fp);
		if (r == 0)
			break;
		n += r;
	}
	fclose(fp);
	*len = n;
	return buf;
}

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

static int
cmd_print(const char *path, const char *name)
{
	size_t len;
	char *buf = slurp(path, &len);
	struct arena *a = arena_new();
	struct diag_sink *ds = diag_sink_new(stdout, DIAG_TEXT);
	struct setkey_file *f = setkey_parse(name, buf, len, a, ds);
	const struct sk_stmt *st;
	char names[128];
	bool header = false;

	diag_flush(ds);
	if (diag_errors(ds) > 0 || diag_warnings(ds) > 0)
		printf("--- canonical form of what parsed:\n");
	fflush(stdout);
	setkey_print(f, stdout);
	for (st = f->stmts; st != NULL; st = st->next) {
		if (st->dialects == SK_ALL)
			continue;
		if (!header)
			printf("--- statements not every setkey accepts:\n");
		header = true;
		printf("line %u: %s\n", (unsigned)st->loc.line,
		    sk_dialect_names(st->dialects, names, sizeof(names)));
	}
	diag_sink_free(ds);
	arena_free(a);
	free(buf);
	return 0;
}

/* 0: round trip holds; 1: it does not; 77: the input has errors. */
static int
roundtrip(const char *name, const char *buf, size_t len, bool verbose)
{
	struct arena *a = arena_new();
	struct diag_sink *ds = diag_sink_new(stderr, DIAG_TEXT);
	struct setkey_file *f1, *f2, *f3;
	char *t1, *t2, *t3;
	size_t l1, l2, l3;
	int rc = 0;

	f1 = setkey_parse(name, buf, len, a, ds);
	if (diag_errors(ds) > 0) {
		diag_sink_free(ds);
		arena_free(a);
		return 77;
	}
	t1 = print_mem(f1, &l1);
	f2 = setkey_parse("canonical", t1, l1, a, ds);
	t2 = print_mem(f2, &l2);
	f3 = setkey_parse("canonical2", t2, l2, a, ds);
	t3 = print_mem(f3, &l3);
	if (diag_errors(ds) > 0) {
		if (verbose) {
			fprintf(stderr, "canonical form does not parse:\n");
			diag_flush(ds);
			fwrite(t1, 1, l1, stderr);
		}
		rc = 1;
	} else if (l1 != l2 || memcmp(t1, t2, l1) != 0 || l2 != l3 ||
	    memcmp(t2, t3, l2) != 0) {
		if (verbose)
			fprintf(stderr, "printing is not stable:\n%s---\n%s",
			    t1, t2);
		rc = 1;
	} else if (!setkey_equal(f1, f2) || !setkey_equal(f2, f3)) {
		if (verbose)
			fprintf(stderr, "trees differ after a round trip\n");
		rc = 1;
	}
	free(t1);
	free(t2);
	free(t3);
	diag_sink_free(ds);
	arena_free(a);
	return rc;
}

static int
cmd_roundtrip(const char *path)
{
	size_t len;
	char *buf = slurp(path, &len);
	int rc = roundtrip(path, buf, len, true);

	free(buf);
	return rc;
}

static int
cmd_first_error(const char *path, const char *mode)
{
	size_t len;
	char *buf = slurp(path, &len);
	struct arena *a = arena_new();
	struct diag_sink *ds = diag_sink_new(stdout, DIAG_TEXT);
	unsigned want = mode != NULL && strcmp(mode, "it") == 0 ?
	    SK_IPSEC_TOOLS : mode != NULL && strcmp(mode, "fb13") == 0 ?
	    SK_FREEBSD13 : SK_ALL;
	const struct diag_item *it;
	size_t i, n;

	(void)setkey_parse_dialect(path, buf, len, a, ds, want);
	it = diag_items(ds, &n);
	for (i = 0; i < n; i++)
		if (it[i].severity == DIAG_ERROR)
			break;
	if (i == n)
		printf("accept\n");
	else
		printf("%u %s %s\n", (unsigned)it[i].loc.line, it[i].code,
		    it[i].message);
	diag_sink_free(ds);
	arena_free(a);
	free(buf);
	return 0;
}

static int
cmd_dialects(const char *path)
{
	size_t len;
	char *buf = slurp(path, &len);
	struct arena *a = arena_new();
	struct diag_sink *ds = diag_sink_new(stdout, DIAG_TEXT);
	struct setkey_file *f = setkey_parse(path, buf, len, a, ds);
	const struct sk_stmt *st;
	char names[128];

	for (st = f->stmts; st != NULL; st = st->next)
		if (st->dialects != SK_ALL)
			printf("%u %s\n", (unsigned)st->loc.line,
			    sk_dialect_names(st->dialects, names,
			    sizeof(names)));
	diag_sink_free(ds);
	arena_free(a);
	free(buf);
	return 0;
}

static double
now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int
cmd_bench(const char *path)
{
	size_t len;
	char *buf = slurp(path, &len);
	struct arena *a = arena_new();
	struct diag_sink *ds = diag_sink_new(stderr, DIAG_TEXT);
	double t0 = now(), t;
	struct setkey_file *f = setkey_parse(path, buf, len, a, ds);

	t = now() - t0;
	printf("%zu bytes, %zu statements, %zu errors, %zu bytes of tree, "
	    "%.3f s CPU, %.1f MB/s\n",
	    len, f->nstmts, diag_errors(ds), arena_used(a), t,
	    (double)len / t / 1e6);
	diag_sink_free(ds);
	arena_free(a);
	free(buf);
	return 0;
}

/* Parse a string; return the error count and the first error's line:code. */
static size_t
errs(const char *text, size_t len, char *first, size_t firstlen)
{
	struct arena *a = arena_new();
	struct diag_sink *ds = diag_sink_new(stdout, DIAG_TEXT);
	const struct diag_item *it;
	size_t i, n, ne;

	(void)setkey_parse("t", text, len, a, ds);
	ne = diag_errors(ds);
	it = diag_items(ds, &n);
	snprintf(first, firstlen, "none");
	for (i = 0; i < n; i++)
		if (it[i].severity == DIAG_ERROR) {
			snprintf(first, firstlen, "%u:%u:%s",
			    (unsigned)it[i].loc.line, (unsigned)it[i].loc.col,
			    it[i].code);
			break;
		}
	diag_sink_free(ds);
	arena_free(a);
	return ne;
}

static int
unit(void)
{
	char first[128];
	size_t n, big;
	char *buf;
	double t0, t1, t2;

	/* NUL byte */
#define ERRS(lit) errs(lit, sizeof(lit) - 1, first, sizeof(first))
	n = ERRS("flush;\nflush\0;\nspdflush;\n");
	ok(n == 1, "a NUL byte is one error (got %zu)", n);
	is_str(first, "2:6:setkey-nul", "NUL byte located");

	/* invalid UTF-8: fine in comments, an error elsewhere */
	n = ERRS("# caf\xc3\xa9 \xff\xfe\nflush;\n");
	ok(n == 0, "invalid UTF-8 in a comment is harmless");
	n = ERRS("flush;\nadd 1.1.1.1 2.2.2.2 esp 300 -E null -A hmac-sha1 "
	    "\"\xc3\x28xxxxxxxxxxxxxxxxxx\";\n");
	ok(n == 1, "invalid UTF-8 in a quoted key is an error");
	is_str(first, "2:50:setkey-utf8", "invalid UTF-8 located");
	n = ERRS("flush \xe2\x82;\n");
	is_str(first, "1:7:setkey-utf8", "stray UTF-8 bytes located");

	/* several errors, each reported, parsing resumes after ';' */
	{
		const char *t = "flush;\nfoo bar;\nspdflush;\nadd 1.1.1.1;\n"
		    "dump esp;\n+ ;\n";
		struct arena *a = arena_new();
		struct diag_sink *ds = diag_sink_new(stdout, DIAG_TEXT);
		struct setkey_file *f = setkey_parse("t", t, strlen(t), a, ds);

		ok(diag_errors(ds) == 3, "three bad statements, three errors "
		    "(got %zu)", diag_errors(ds));
		ok(f->nstmts == 3, "three good statements kept (got %zu)",
		    f->nstmts);
		diag_sink_free(ds);
		arena_free(a);
	}

	/*
	 * 10 MB line: an error, in linear time.  The bounds are loose (CPU
	 * time, sanitizers, a busy machine): quadratic work would take hours.
	 */
	big = 10 * 1024 * 1024;
	buf = xmalloc(big + 32);
	memcpy(buf, "flush; # ", 9);
	memset(buf + 9, 'x', big);
	memcpy(buf + 9 + big, "\nspdflush;\n", 11);
	t0 = now();
	n = errs(buf, big + 20, first, sizeof(first));
	t1 = now() - t0;
	ok(n == 1, "a 10 MB line is an error");
	is_str(first, "1:65537:setkey-line-too-long", "long line located");
	ok(t1 < 10.0, "10 MB line parsed in %.3f s", t1);

	/* the last line, without a newline, is measured too */
	memcpy(buf, "flush;\n#", 8);
	memset(buf + 8, 'y', 70000);
	n = errs(buf, 70008, first, sizeof(first));
	ok(n == 1, "a long last line without newline is an error");
	is_str(first, "2:65537:setkey-line-too-long", "and located");

	/* 10 MB of one word: one token, no quadratic scanning */
	memset(buf, 'a', big);
	t0 = now();
	(void)errs(buf, big, first, sizeof(first));
	t2 = now() - t0;
	ok(t2 < 10.0, "10 MB word scanned in %.3f s", t2);

	/* deep bracket nesting and a flood of errors: bounded output */
	memset(buf, '[', big);
	t0 = now();
	n = errs(buf, big, first, sizeof(first));
	t2 = now() - t0;
	ok(n <= 52, "10 MB of '[' gives a bounded error count (%zu)", n);
	ok(t2 < 10.0, "and finishes in %.3f s", t2);
	for (size_t i = 0; i < big; i++)
		buf[i] = (i % 2) ? ';' : '+';
	n = errs(buf, big, first, sizeof(first));
	ok(n <= 52, "5M bad statements give a bounded error count (%zu)", n);
	free(buf);

	/* sniffing */
	ok(setkey_sniff("#!/sbin/setkey -f\n", 18), "sniff: setkey shebang");
	ok(setkey_sniff("# c\n\nflush;\n", 12), "sniff: flush after comment");
	ok(setkey_sniff("spdadd 1.1.1.1", 14), "sniff: spdadd");
	ok(!setkey_sniff("path include \"/x\";\n", 19), "sniff: racoon");
	ok(!setkey_sniff("gif_interfaces=\"gif0\"\n", 22), "sniff: rc.conf");
	ok(!setkey_sniff("#!/bin/sh\nsetkey -c <<EOF\n", 26),
	    "sniff: shell wrapper");

	/* round trip of a few odd forms */
	{
		const char *t = "spdadd -4n 10.0.0.0/8[any] 10.1.0.0/16[http] "
		    "icmp 8,0 -P out priority low + 5 ipsec "
		    "esp/tunnel/192.0.2.1[4500]-192.0.2.2[4500]/unique:7 "
		    "ah/transport/ ipcomp/transport//use;\n"
		    "add FE80::1%em0 fe80::2%em0 esp 0X10 -m tunnel -u 3 "
		    "-f random-pad -f nocyclic-seq -r 4 -lh 10 -ls 5 -bh 100 "
		    "-bs 50 -E aes-ctr 0x00112233445566778899AABBCCDDEEFF"
		    "00112233 -A hmac-sha2-256 "
		    "\"0123456789abcdef0123456789abcdef\";\n"
		    "spddelete ::/0 ::/0 any -P fwd;\n";

		ok(errs(t, strlen(t), first, sizeof(first)) == 0,
		    "odd forms parse (first error: %s)", first);
		ok(roundtrip("t", t, strlen(t), true) == 0,
		    "odd forms survive a round trip");
	}
	return tap_done();
}

int
main(int argc, char **argv)
{
	if (argc < 2)
		return unit();
	if (strcmp(argv[1], "print") == 0 && argc >= 3)
		return cmd_print(argv[2], argc >= 4 ? argv[3] : argv[2]);
	if (strcmp(argv[1], "roundtrip") == 0 && argc == 3)
		return cmd_roundtrip(argv[2]);
	if (strcmp(argv[1], "first-error") == 0 && argc >= 3)
		return cmd_first_error(argv[2], argc >= 4 ? argv[3] : NULL);
	if (strcmp(argv[1], "dialects") == 0 && argc == 3)
		return cmd_dialects(argv[2]);
	if (strcmp(argv[1], "bench") == 0 && argc == 3)
		return cmd_bench(argv[2]);
	fprintf(stderr, "usage: test_setkey [print|roundtrip|first-error|"
	    "dialects|bench FILE]\n");
	return 2;
}
