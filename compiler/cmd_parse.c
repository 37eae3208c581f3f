/*
 * tunnelgen parse [--as rc.conf|setkey|racoon] FILE...
 *
 * Read deployed configuration files and print each one's canonical form,
 * as `bgpd -nv` and `ipsecctl -nv` do: a quick way to see how a file is
 * understood, and a normal form to compare.  The kind of a file comes from
 * --as, else from its name, else from its content.  A file with errors is
 * not printed; its errors are.
 */
#include "config.h"

#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "compiler/cli.h"
#include "grammar/racoon.h"
#include "grammar/rcconf.h"
#include "grammar/setkey.h"
#include "model/arena.h"

static const char usage[] =
    "tunnelgen parse [--as rc.conf|setkey|racoon] [--strict]\n"
    "                [--format text|json] [-q] FILE...\n";

enum kind {
	KIND_UNKNOWN,
	KIND_RCCONF,
	KIND_SETKEY,
	KIND_RACOON,
};

enum {
	OPT_AS = OPT_VERB_FIRST,
};

static enum kind
kind_from_word(const char *s)
{
	if (strcmp(s, "rc.conf") == 0 || strcmp(s, "rcconf") == 0)
		return KIND_RCCONF;
	if (strcmp(s, "setkey") == 0 || strcmp(s, "ipsec.conf") == 0)
		return KIND_SETKEY;
	if (strcmp(s, "racoon") == 0 || strcmp(s, "racoon.conf") == 0)
		return KIND_RACOON;
	return KIND_UNKNOWN;
}

static bool
has_suffix(const char *s, const char *suffix)
{
	size_t n = strlen(s), m = strlen(suffix);

	return n >= m && strcmp(s + n - m, suffix) == 0;
}

/* The names FreeBSD and the racoon port give these files. */
static enum kind
kind_from_name(const char *path)
{
	const char *base = strrchr(path, '/'), *dir;

	base = base != NULL ? base + 1 : path;
	if (strcmp(base, "rc.conf") == 0 || strcmp(base, "rc.conf.local") == 0 ||
	    has_suffix(base, ".rc.conf"))
		return KIND_RCCONF;
	/* rc.conf.d/NAME, also rc.conf.d/NAME/FILE. */
	for (dir = path; (dir = strstr(dir, "rc.conf.d/")) != NULL; dir++)
		if (dir == path || dir[-1] == '/')
			return KIND_RCCONF;
	if (strcmp(base, "ipsec.conf") == 0 || strcmp(base, "setkey.conf") == 0 ||
	    has_suffix(base, ".setkey"))
		return KIND_SETKEY;
	if (strncmp(base, "racoon.conf", 11) == 0)
		return KIND_RACOON;
	return KIND_UNKNOWN;
}

static enum kind
kind_from_content(const char *buf, size_t len)
{
	if (racoon_sniff(buf, len))
		return KIND_RACOON;
	if (setkey_sniff(buf, len))
		return KIND_SETKEY;
	if (rcconf_sniff(buf, len))
		return KIND_RCCONF;
	return KIND_UNKNOWN;
}

/* The whole file, or NULL after a message. */
static char *
read_file(const char *path, size_t *len)
{
	FILE *f = strcmp(path, "-") == 0 ? stdin : fopen(path, "rb");
	char *buf = NULL;
	size_t cap = 0, n = 0, r;

	if (f == NULL) {
		fprintf(stderr, "%s: %s: %s\n", cli_progname, path,
		    strerror(errno));
		return NULL;
	}
	for (;;) {
		if (cap - n < 65536) {
			cap = cap ? cap * 2 : 65536;
			buf = xrealloc(buf, cap);
		}
		r = fread(buf + n, 1, cap - n, f);
		n += r;
		if (r == 0)
			break;
	}
	if (ferror(f)) {
		fprintf(stderr, "%s: %s: %s\n", cli_progname, path,
		    strerror(errno));
		free(buf);
		buf = NULL;
	}
	if (f != stdin)
		fclose(f);
	*len = n;
	return buf;
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
	struct diag_sink *ds;
	struct arena *a;
	enum kind as = KIND_UNKNOWN;
	char **bufs;
	bool trouble = false, findings = false;
	int ch, i, nfiles;

	optind = 1;
	while ((ch = getopt_long(argc, argv, "q", longopts, NULL)) != -1) {
		if (ch == OPT_AS) {
			if ((as = kind_from_word(optarg)) == KIND_UNKNOWN) {
				cli_usage_error(usage, "--as takes rc.conf, "
				    "setkey or racoon, not '%s'", optarg);
				return EXIT_TROUBLE;
			}
			continue;
		}
		if (cli_other_opt(&common, ch, optarg, usage) < 0)
			return EXIT_TROUBLE;
	}
	nfiles = argc - optind;
	if (nfiles < 1) {
		cli_usage_error(usage, "parse takes at least one file");
		return EXIT_TROUBLE;
	}

	/* The sink quotes lines from the texts: they live until the flush. */
	ds = cli_diag_sink(&common);
	a = arena_new();
	bufs = xcalloc(nfiles, sizeof(*bufs));
	for (i = 0; i < nfiles; i++) {
		const char *path = argv[optind + i];
		const char *name = strcmp(path, "-") == 0 ? "<stdin>" : path;
		enum kind kind = as;
		size_t len, before = diag_errors(ds);
		struct rcconf_file *rf = NULL;
		struct setkey_file *sf = NULL;
		struct racoon_file *cf = NULL;

		if ((bufs[i] = read_file(path, &len)) == NULL) {
			trouble = true;
			continue;
		}
		if (kind == KIND_UNKNOWN)
			kind = kind_from_name(path);
		if (kind == KIND_UNKNOWN)
			kind = kind_from_content(bufs[i], len);
		switch (kind) {
		case KIND_UNKNOWN:
			fprintf(stderr, "%s: %s: cannot tell whether this is "
			    "an rc.conf, setkey or racoon.conf file; use --as\n",
			    cli_progname, name);
			trouble = true;
			continue;
		case KIND_RCCONF:
			rf = rcconf_parse(name, bufs[i], len, a, ds);
			break;
		case KIND_SETKEY:
			sf = setkey_parse(name, bufs[i], len, a, ds);
			break;
		case KIND_RACOON:
			cf = racoon_parse(name, bufs[i], len, a, ds);
			break;
		}
		if (diag_errors(ds) > before) {
			findings = true;
			continue;
		}
		if (nfiles > 1)
			printf("%s# %s\n", i > 0 ? "\n" : "", name);
		if (rf != NULL)
			rcconf_print(rf, stdout);
		else if (sf != NULL)
			setkey_print(sf, stdout);
		else if (cf != NULL)
			racoon_print(cf, stdout);
	}
	fflush(stdout);
	diag_flush(ds);
	diag_sink_free(ds);
	arena_free(a);
	for (i = 0; i < nfiles; i++)
		free(bufs[i]);
	free(bufs);
	if (ferror(stdout)) {
		fprintf(stderr, "%s: error writing the output\n", cli_progname);
		return EXIT_TROUBLE;
	}
	if (trouble)
		return EXIT_TROUBLE;
	return findings ? EXIT_FINDINGS : EXIT_OK;
}
