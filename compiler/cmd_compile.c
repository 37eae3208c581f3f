/* Placeholder until the emitters land: check only, then refuse to write. */
#include "config.h"

#include <stdio.h>

#include "compiler/cli.h"

int
cmd_compile(int argc, char **argv)
{
	(void)argc; (void)argv;
	fprintf(stderr, "%s: compile is not built yet\n", cli_progname);
	return EXIT_TROUBLE;
}
