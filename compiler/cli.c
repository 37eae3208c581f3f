#include "config.h"

#include "compiler/cli.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *cli_progname = "tunnelgen";

void
cli_usage_error(const char *usage, const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "%s: ", cli_progname);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, "\nusage: %s", usage);
}

int
cli_common_opt(struct cli_common *c, int opt, const char *arg,
    const char *usage)
{
	switch (opt) {
	case OPT_STRICT:
		c->strict = true;
		return 1;
	case 'q':
		c->quiet = true;
		return 1;
	case OPT_FORMAT:
		if (strcmp(arg, "text") == 0)
			c->format = DIAG_TEXT;
		else if (strcmp(arg, "json") == 0)
			c->format = DIAG_JSON;
		else {
			cli_usage_error(usage,
			    "--format takes 'text' or 'json', not '%s'", arg);
			return -1;
		}
		return 1;
	case OPT_HELP:
		printf("usage: %s", usage);
		exit(EXIT_OK);
	case OPT_VERSION:
		printf("%s\n", PACKAGE_STRING);
		exit(EXIT_OK);
	}
	return 0;
}

int
cli_other_opt(struct cli_common *c, int opt, const char *arg,
    const char *usage)
{
	int rc = cli_common_opt(c, opt, arg, usage);

	if (rc == 0)
		cli_usage_error(usage, "unknown option");
	return rc == 1 ? 1 : -1;
}

int
cli_layout_opt(const char *arg, const char *usage)
{
	if (strcmp(arg, "append") == 0)
		return 0;
	if (strcmp(arg, "rcconfd") == 0)
		return 1;
	cli_usage_error(usage, "--layout takes 'append' or 'rcconfd', "
	    "not '%s'", arg);
	return -1;
}

struct diag_sink *
cli_diag_sink(const struct cli_common *c)
{
	struct diag_sink *ds = diag_sink_new(stderr, c->format);

	diag_set_strict(ds, c->strict);
	diag_set_quiet(ds, c->quiet);
	return ds;
}
