/* Placeholder until the grammars land. */
#include "config.h"

#include <stdio.h>

#include "compiler/cli.h"

int
cmd_parse(int argc, char **argv)
{
	(void)argc; (void)argv;
	fprintf(stderr, "%s: parse is not built yet\n", cli_progname);
	return EXIT_TROUBLE;
}
