/*
 * Test harness for the rc.conf grammar.
 *
 *   rcconf_dump FILE	 canonical form, the model as lint sees it and the
 *			 diagnostics, all on stdout (for the case files)
 *   rcconf_dump -p FILE canonical form on stdout, diagnostics on stderr
 *   rcconf_dump -n FILE parse only, for timing
 *
 * Exit status: 0 when the file parsed without errors, 1 otherwise.
 */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "grammar/rcconf.h"

static char *
slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	struct stat sb;
	char *buf = NULL;
	size_t cap, n = 0, r;

	if (f == NULL || fstat(fileno(f), &sb) != 0) {
		fprintf(stderr, "rcconf_dump: %s: %s\n", path, strerror(errno));
		exit(2);
	}
	/* Sized from the file: the timing runs read 100 MB. */
	cap = (size_t)sb.st_size + 1;
	buf = xmalloc(cap);
	for (;;) {
		r = fread(buf + n, 1, cap - n, f);
		n += r;
		if (n < cap)
			break;
		cap *= 2;
		buf = xrealloc(buf, cap);
	}
	fclose(f);
	*len = n;
	return buf;
}

static void
dump_model(const struct rcconf_file *f)
{
	size_t i, s;

	printf("--- model\n");
	for (i = 0; i < rcconf_count(f); i++) {
		const struct rcconf_assign *a = rcconf_at(f, i), *o;

		printf("%u:%u %s = %u:%u [", a->name_loc.line, a->name_loc.col,
		    a->name, a->value_loc.line, a->value_loc.col);
		for (s = 0; s < a->nsegs; s++) {
			const struct rcconf_seg *sg = &a->segs[s];
			static const char *kinds[] = { "lit", "param", "cmd" };

			printf("%s%s", s ? " " : "", kinds[sg->kind]);
			if (sg->kind == RCCONF_SEG_PARAM)
				printf("(%.*s%s)", (int)sg->var_len,
				    a->value + sg->var_off,
				    sg->complex ? ",complex" : "");
			printf(":'%.*s'", (int)sg->len, a->value + sg->off);
		}
		printf("]");
		if (a->flags & RCCONF_A_CONDITIONAL)
			printf(" conditional(%u)", a->cond_group);
		if (a->flags & RCCONF_A_QUOTED)
			printf(" quoted");
		if (a->flags & RCCONF_A_REFS_VARS)
			printf(" refs");
		if (a->flags & RCCONF_A_CMDSUBST)
			printf(" cmdsubst");
		if (rcconf_is_self_append(a))
			printf(" self-append");
		/* Which lines of the same name this one overrides. */
		o = rcconf_lookup(f, a->name);
		if (o != a) {
			printf(" overrides");
			for (; o != a; o = rcconf_next_same(o))
				printf(" %u", o->name_loc.line);
		}
		if (rcconf_lookup_last(f, a->name) != a)
			printf(" overridden");
		printf("\n");
	}
}

int
main(int argc, char **argv)
{
	struct diag_sink *ds;
	struct arena *a;
	struct rcconf_file *f;
	char *buf;
	size_t len;
	int ch, mode = 'd', rc;

	while ((ch = getopt(argc, argv, "pn")) != -1)
		switch (ch) {
		case 'p':
		case 'n':
			mode = ch;
			break;
		default:
			fprintf(stderr, "usage: rcconf_dump [-p|-n] FILE\n");
			return 2;
		}
	if (argc - optind != 1) {
		fprintf(stderr, "usage: rcconf_dump [-p|-n] FILE\n");
		return 2;
	}
	buf = slurp(argv[optind], &len);
	a = arena_new();
	ds = diag_sink_new(mode == 'd' ? stdout : stderr, DIAG_TEXT);
	f = rcconf_parse(argv[optind], buf, len, a, ds);
	if (mode != 'n')
		rcconf_print(f, stdout);
	if (mode == 'd') {
		dump_model(f);
		printf("--- diagnostics\n");
		fflush(stdout);
	}
	rc = diag_errors(ds) > 0;
	if (mode == 'n')
		printf("%zu assignments, %zu unsupported, %zu errors, "
		    "%zu bytes of model\n", rcconf_count(f), f->nunsupported,
		    diag_errors(ds), arena_used(a));
	else
		diag_flush(ds);
	if (mode == 'd')
		printf("--- exit %d\n", rc);
	diag_sink_free(ds);
	arena_free(a);
	free(buf);
	return rc;
}
