/*
 * The command line: one program, one verb per file (cmd_*.c).  Options
 * common to every verb are parsed by cli_common_opt().
 */
#ifndef TG_CLI_H
#define TG_CLI_H

#include <stdbool.h>

#include "model/diag.h"

/* Exit statuses, as documented in tunnelgen(1). */
#define EXIT_OK		0	/* success (warnings allowed) */
#define EXIT_FINDINGS	1	/* the input has errors / findings / drift */
#define EXIT_TROUBLE	2	/* bad invocation, unreadable or unwritable */

struct cli_common {
	bool			 strict;
	bool			 quiet;
	enum diag_format	 format;
};

/* getopt_long values for the common long options. */
enum {
	OPT_STRICT = 0x100,
	OPT_FORMAT,
	OPT_HELP,
	OPT_VERSION,
	OPT_VERB_FIRST = 0x200,	/* verbs number their own from here */
};

#define CLI_COMMON_LONGOPTS \
	{ "strict", no_argument, NULL, OPT_STRICT }, \
	{ "format", required_argument, NULL, OPT_FORMAT }, \
	{ "quiet", no_argument, NULL, 'q' }, \
	{ "help", no_argument, NULL, OPT_HELP }, \
	{ "version", no_argument, NULL, OPT_VERSION }

/*
 * Handle a common option; returns 1 when handled, 0 when the option is not a
 * common one, -1 after printing an error (bad --format value).  --help and
 * --version print and exit.
 */
int	cli_common_opt(struct cli_common *, int opt, const char *arg,
	    const char *usage);
/*
 * The end of a verb's option loop, for an option the verb did not take
 * itself: 1 when it was a common one, -1 after printing an error (a bad
 * value, or an option no verb knows).
 */
int	cli_other_opt(struct cli_common *, int opt, const char *arg,
	    const char *usage);
/*
 * --layout append|rcconfd, as compile writes rc.conf and diff compares it:
 * 1 for rcconfd, 0 for append, -1 after printing a usage error.
 */
int	cli_layout_opt(const char *arg, const char *usage);
/* A diag sink on stderr set up from the common options. */
struct diag_sink *cli_diag_sink(const struct cli_common *);
void	cli_usage_error(const char *usage, const char *fmt, ...)
	    __attribute__((format(printf, 2, 3)));

int	cmd_compile(int argc, char **argv);
int	cmd_check(int argc, char **argv);
int	cmd_parse(int argc, char **argv);
int	cmd_lint(int argc, char **argv);
int	cmd_diff(int argc, char **argv);

extern const char *cli_progname;

#endif
