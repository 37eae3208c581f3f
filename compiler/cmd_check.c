/* tunnelgen check TOPOLOGY: load and check, write nothing. */
#include "config.h"

#include <getopt.h>
#include <stdio.h>

#include "compiler/cli.h"
#include "compiler/frontend.h"

static const char usage[] =
    "tunnelgen check [--strict] [--format text|json] [-q] TOPOLOGY\n";

int
cmd_check(int argc, char **argv)
{
	static const struct option longopts[] = {
		CLI_COMMON_LONGOPTS,
		{ NULL, 0, NULL, 0 }
	};
	struct cli_common common = { 0 };
	struct diag_sink *ds;
	struct topology *t;
	int ch, rc;

	optind = 1;
	while ((ch = getopt_long(argc, argv, "q", longopts, NULL)) != -1) {
		if (cli_other_opt(&common, ch, optarg, usage) < 0)
			return EXIT_TROUBLE;
	}
	if (argc - optind != 1) {
		cli_usage_error(usage, "check takes exactly one topology file");
		return EXIT_TROUBLE;
	}
	ds = cli_diag_sink(&common);
	rc = frontend_check(argv[optind], ds, &t);
	diag_flush(ds);
	diag_sink_free(ds);
	topology_free(t);
	return rc;
}
