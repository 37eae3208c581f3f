/*
 * tunnelgen parse [--as KIND] FILE...: read deployed configuration files and
 * print them back in canonical form, or their errors.  The kind of each file
 * comes from --as or, without it, from a look at its content.
 */
#include "config.h"

#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "compiler/cli.h"
#include "grammar/setkey.h"
#include "model/arena.h"

static const char usage[] =
    "tunnelgen parse [--as rc.conf|setkey|racoon] [--strict] "
    "[--format text|json] [-q] FILE...\n";

enum { OPT_AS = OPT_VERB_FIRST };

enum file_kind { KIND_UNKNOWN, KIND_SETKEY, KIND_RACOON, KIND_RCCONF };

static enum file_kind
kind_by_name(const char *s)
{
	if (strcmp(s, "setkey") == 0 || strcmp(s, "ipsec.conf") == 0)
		return KIND_SETKEY;
	if (strcmp(s, "racoon") == 0 || strcmp(s, "racoon.conf") == 0)
		return KIND_RACOON;
	if (strcmp(s, "rc.conf") == 0 || strcmp(s, "rcconf") == 0)
		return KIND_RCCONF;
	return KIND_UNKNOWN;
}

/* The whole file in memory; NULL with a message when it cannot be read. */
static char *
read_file(const char *path, size_t *len)
{
	FILE *fp = strcmp(path, "-") == 0 ? stdin : fopen(path, "rb");
	char *buf = NULL;
	size_t cap = 0, n = 0, r;

	if (fp == NULL) {
		fprintf(stderr, "%s: %s: %s\n", cli_progname, path,
		    strerror(errno));
		return NULL;
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
	if (ferror(fp)) {
		fprintf(stderr, "%s: %s: read error\n", cli_progname, path);
		free(buf);
		buf = NULL;
	}
	if (fp != stdin)
		fclose(fp);
	*len = n;
	return buf;
}

static int
parse_one(const char *path, enum file_kind as, struct diag_sink *ds,
    struct arena *arena, char **keep)
{
	struct setkey_file *f;
	enum file_kind kind = as;
	size_t len, before = diag_errors(ds);
	char *buf;

	if ((buf = read_file(path, &len)) == NULL)
		return EXIT_TROUBLE;
	*keep = buf;	/* diagnostics quote it until the sink is flushed */
	if (kind == KIND_UNKNOWN && setkey_sniff(buf, len))
		kind = KIND_SETKEY;
	switch (kind) {
	case KIND_SETKEY:
		f = setkey_parse(path, buf, len, arena, ds);
		if (diag_errors(ds) == before)
			setkey_print(f, stdout);
		return diag_errors(ds) == before ? EXIT_OK : EXIT_FINDINGS;
	case KIND_RACOON:
	case KIND_RCCONF:
		fprintf(stderr, "%s: %s: this kind of file cannot be parsed "
		    "yet\n", cli_progname, path);
		return EXIT_TROUBLE;
	case KIND_UNKNOWN:
		break;
	}
	fprintf(stderr, "%s: %s: cannot tell what kind of file this is: "
	    "use --as\n", cli_progname, path);
	return EXIT_TROUBLE;
}

int
cmd_parse(int argc, char **argv)
{
	static const struct option longopts[] = {
		CLI_COMMON_LONGOPTS,
		{ "as", required_argument, NULL, OPT_AS },
		{ NULL, 0, NULL, 0 }
	};
	struct cli_common common = { 0 };
	enum file_kind as = KIND_UNKNOWN;
	struct diag_sink *ds;
	struct arena *arena;
	char **bufs;
	int ch, rc, worst = EXIT_OK, i, n;

	optind = 1;
	while ((ch = getopt_long(argc, argv, "q", longopts, NULL)) != -1) {
		if (ch == OPT_AS) {
			if ((as = kind_by_name(optarg)) == KIND_UNKNOWN) {
				cli_usage_error(usage, "unknown kind '%s'",
				    optarg);
				return EXIT_TROUBLE;
			}
			continue;
		}
		rc = cli_common_opt(&common, ch, optarg, usage);
		if (rc == 1)
			continue;
		if (rc == 0)
			cli_usage_error(usage, "unknown option");
		return EXIT_TROUBLE;
	}
	if (optind == argc) {
		cli_usage_error(usage, "parse needs at least one file");
		return EXIT_TROUBLE;
	}
	n = argc - optind;
	bufs = xcalloc((size_t)n, sizeof(*bufs));
	ds = cli_diag_sink(&common);
	/* Texts and trees live until the diagnostics quoting them are out. */
	arena = arena_new();
	for (i = 0; i < n; i++) {
		rc = parse_one(argv[optind + i], as, ds, arena, &bufs[i]);
		if (rc > worst)
			worst = rc;
	}
	diag_flush(ds);
	if (worst == EXIT_OK && diag_errors(ds) > 0)
		worst = EXIT_FINDINGS;
	diag_sink_free(ds);
	arena_free(arena);
	for (i = 0; i < n; i++)
		free(bufs[i]);
	free(bufs);
	return worst;
}
