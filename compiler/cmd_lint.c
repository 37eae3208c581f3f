/*
 * tunnelgen lint DIR|FILE...: check deployed configurations per file, per
 * host and across hosts, optionally against the intended topology.
 *
 * A DIR is one host when it holds any of the known files (at the top, or
 * at their FreeBSD paths under etc/ and usr/local/etc/racoon/); otherwise
 * each of its sub-folders that does is a host (a compiler's out/ folder).
 * A FILE is linted alone, its kind taken from its name or content.
 */
#include "config.h"

#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "compiler/cli.h"
#include "compiler/frontend.h"
#include "compiler/hosts.h"
#include "compiler/lower.h"
#include "compiler/sarif.h"
#include "grammar/import.h"
#include "model/arena.h"
#include "validate/codes.h"
#include "validate/lint.h"

static const char usage[] =
    "tunnelgen lint [--topology T] [--format text|json|sarif]\n"
    "               [--fail-on warning|error] [--live] [--tunnels]\n"
    "               [--host NAME=DIR]... [DIR|FILE]...\n"
    "       tunnelgen lint --parse-only DIR|FILE...  (read and parse only)\n"
    "       tunnelgen lint --list-checks\n";

enum {
	OPT_TOPOLOGY = OPT_VERB_FIRST,
	OPT_FAIL_ON,
	OPT_LIVE,
	OPT_TUNNELS,
	OPT_LIST,
	OPT_HOST,
	OPT_PARSE_ONLY,
};

enum out_format { OUT_TEXT, OUT_JSON, OUT_SARIF };

struct run {
	struct host_specs specs;
	char		**texts;	/* kept until the sink is flushed */
	size_t		 ntexts, captexts;
	bool		 trouble;
};

/* Texts and names live until the sink has printed everything. */
static void
keep(struct run *r, char *p)
{
	if (r->ntexts == r->captexts) {
		r->captexts = r->captexts ? r->captexts * 2 : 64;
		r->texts = xreallocarray(r->texts, r->captexts,
		    sizeof(*r->texts));
	}
	r->texts[r->ntexts++] = p;
}

static char *
read_all(struct run *r, const char *path, size_t *len, struct stat *st)
{
	FILE *f = fopen(path, "rb");
	char *buf = NULL;
	size_t cap = 0, n = 0;

	if (f == NULL) {
		fprintf(stderr, "%s: lint: %s: %s\n", cli_progname, path,
		    strerror(errno));
		r->trouble = true;
		return NULL;
	}
	if (fstat(fileno(f), st) != 0)
		memset(st, 0, sizeof(*st));
	/* Sized from fstat: one allocation and one read for a plain file. */
	cap = S_ISREG(st->st_mode) && st->st_size > 0 ?
	    (size_t)st->st_size + 1 : 4096;
	buf = xmalloc(cap + 1);
	for (;;) {
		size_t got;

		if (n == cap) {
			cap *= 2;
			buf = xrealloc(buf, cap + 1);
		}
		got = fread(buf + n, 1, cap - n, f);
		n += got;
		if (got == 0)
			break;
	}
	if (ferror(f)) {
		fprintf(stderr, "%s: lint: %s: read error\n", cli_progname,
		    path);
		r->trouble = true;
	}
	fclose(f);
	buf[n] = '\0';
	*len = n;
	keep(r, buf);
	return buf;
}

static bool
add_input(struct run *r, struct imp_input *in, size_t *n, enum imp_kind k,
    char *path)
{
	struct stat st;
	size_t len;
	const char *text = read_all(r, path, &len, &st);

	if (text == NULL) {
		free(path);
		return false;
	}
	keep(r, path);
	in[*n].kind = k;
	in[*n].path = path;
	in[*n].text = text;
	in[*n].len = len;
	in[*n].have_stat = true;
	in[*n].mode = st.st_mode;
	in[*n].uid = st.st_uid;
	(*n)++;
	return true;
}

#define MAX_INPUTS	32

struct host_files {
	struct run	*r;
	struct imp_input *in;
	size_t		 n;
};

/* rc.conf.d/ files leave room for the setkey, racoon and psk files. */
static bool
take_file(void *ctx, enum imp_kind k, const char *path, bool rcconfd)
{
	struct host_files *hf = ctx;

	if (rcconfd && hf->n >= MAX_INPUTS - 4)
		return false;
	return add_input(hf->r, hf->in, &hf->n, k, xstrdup(path));
}

static struct imp_host *
load_host(struct run *r, const struct host_spec *s, bool parse_only,
    struct arena *ar, struct diag_sink *ds)
{
	struct imp_input in[MAX_INPUTS];
	struct host_files hf = { r, in, 0 };
	struct imp_host *h;

	if (s->file != NULL) {
		size_t len;
		struct stat st;
		const char *text = read_all(r, s->file, &len, &st);
		int k;

		if (text == NULL)
			return NULL;
		k = import_guess_kind(s->file, text, len);
		if (k < 0) {
			fprintf(stderr, "%s: lint: %s: cannot tell whether "
			    "this is an rc.conf, a setkey file, a racoon.conf "
			    "or a psk.txt\n", cli_progname, s->file);
			r->trouble = true;
			return NULL;
		}
		in[0] = (struct imp_input){ (enum imp_kind)k, s->file, text,
		    len, true, st.st_mode, st.st_uid };
		return parse_only ? import_parse(s->name, in, 1, ar, ds) :
		    import_host(s->name, in, 1, ar, ds);
	}
	hosts_each_file(s->dir, take_file, &hf);
	h = parse_only ? import_parse(s->name, in, hf.n, ar, ds) :
	    import_host(s->name, in, hf.n, ar, ds);
	return h;
}

static void
list_checks(void)
{
	size_t i;

	printf("# Topology checks (tunnelgen check, and lint --topology)\n");
	for (i = 0; i < ndiag_codes; i++)
		printf("%-28s %-8s %s\n", diag_codes[i].code,
		    diag_codes[i].severity == DIAG_ERROR ? "error" : "warning",
		    diag_codes[i].what);
	printf("\n# Lint checks on deployed files\n");
	for (i = 0; i < nlint_checks; i++)
		printf("%-28s %-8s %-12s %s\n", lint_checks[i].code,
		    lint_checks[i].severity == DIAG_ERROR ? "error" : "warning",
		    lint_checks[i].concern, lint_checks[i].what);
}

static struct sarif_rule *
sarif_rules(size_t *n)
{
	struct sarif_rule *r;
	size_t i, k = 0;

	r = xreallocarray(NULL, ndiag_codes + nlint_checks, sizeof(*r));
	for (i = 0; i < nlint_checks; i++)
		r[k++] = (struct sarif_rule){ lint_checks[i].code,
		    lint_checks[i].what, lint_checks[i].severity };
	for (i = 0; i < ndiag_codes; i++)
		r[k++] = (struct sarif_rule){ diag_codes[i].code,
		    diag_codes[i].what, diag_codes[i].severity };
	*n = k;
	return r;
}

int
cmd_lint(int argc, char **argv)
{
	static const struct option longopts[] = {
		CLI_COMMON_LONGOPTS,
		{ "topology", required_argument, NULL, OPT_TOPOLOGY },
		{ "fail-on", required_argument, NULL, OPT_FAIL_ON },
		{ "live", no_argument, NULL, OPT_LIVE },
		{ "tunnels", no_argument, NULL, OPT_TUNNELS },
		{ "list-checks", no_argument, NULL, OPT_LIST },
		{ "host", required_argument, NULL, OPT_HOST },
		{ "parse-only", no_argument, NULL, OPT_PARSE_ONLY },
		{ NULL, 0, NULL, 0 }
	};
	struct cli_common common = { 0 };
	enum out_format fmt = OUT_TEXT;
	const char *topo_path = NULL;
	bool fail_warn = false, tunnels = false, parse_only = false;
	struct lint_opts opts = { false };
	struct run r;
	struct arena *ar;
	struct diag_sink *ds;
	struct imp_host **hosts;
	struct lint_peer *peers;
	struct lint_table table = { NULL, 0 };
	struct topology *topo = NULL;
	size_t i, nh = 0;
	int ch, rc;

	memset(&r, 0, sizeof(r));
	optind = 1;
	while ((ch = getopt_long(argc, argv, "q", longopts, NULL)) != -1) {
		switch (ch) {
		case OPT_FORMAT:
			if (strcmp(optarg, "sarif") == 0) {
				fmt = OUT_SARIF;
				continue;
			}
			fmt = strcmp(optarg, "json") == 0 ? OUT_JSON : OUT_TEXT;
			break;
		case OPT_TOPOLOGY:
			topo_path = optarg;
			continue;
		case OPT_FAIL_ON:
			if (strcmp(optarg, "warning") == 0)
				fail_warn = true;
			else if (strcmp(optarg, "error") == 0)
				fail_warn = false;
			else {
				cli_usage_error(usage, "--fail-on takes "
				    "'warning' or 'error', not '%s'", optarg);
				return EXIT_TROUBLE;
			}
			continue;
		case OPT_LIVE:
			opts.live = true;
			continue;
		case OPT_TUNNELS:
			tunnels = true;
			continue;
		case OPT_PARSE_ONLY:
			parse_only = true;
			continue;
		case OPT_LIST:
			list_checks();
			return EXIT_OK;
		case OPT_HOST:
			rc = hosts_add_named(&r.specs, optarg, 0, "lint");
			if (rc < 0) {
				cli_usage_error(usage, "--host takes NAME=DIR");
				return EXIT_TROUBLE;
			}
			if (rc == 0)
				r.trouble = true;
			continue;
		default:
			break;
		}
		if (cli_other_opt(&common, ch, optarg, usage) < 0)
			return EXIT_TROUBLE;
	}
	for (i = (size_t)optind; i < (size_t)argc; i++) {
		struct stat st;

		if (stat(argv[i], &st) != 0) {
			fprintf(stderr, "%s: lint: %s: %s\n", cli_progname,
			    argv[i], strerror(errno));
			r.trouble = true;
		} else if (S_ISDIR(st.st_mode)) {
			if (!hosts_add_dir(&r.specs, argv[i], 0, "lint"))
				r.trouble = true;
		} else
			host_specs_add(&r.specs, argv[i], NULL, argv[i]);
	}
	if (r.specs.n == 0 && !r.trouble) {
		cli_usage_error(usage, "nothing to lint");
		return EXIT_TROUBLE;
	}
	common.format = fmt == OUT_JSON ? DIAG_JSON : DIAG_TEXT;
	ds = diag_sink_new(tunnels ? stderr : stdout, common.format);
	diag_set_strict(ds, common.strict);
	diag_set_quiet(ds, common.quiet);
	ar = arena_new();
	hosts = xcalloc(r.specs.n + 1, sizeof(*hosts));
	peers = xcalloc(r.specs.n + 1, sizeof(*peers));
	for (i = 0; i < r.specs.n; i++) {
		struct imp_host *h = load_host(&r, &r.specs.v[i], parse_only,
		    ar, ds);

		if (h == NULL || parse_only)
			continue;
		lint_rcconf(h, ds);
		lint_ipsec(h, ds);
		lint_racoon(h, &opts, ds);
		hosts[nh] = h;
		peers[nh++] = lint_peer_of(h);
	}
	if (!parse_only)
		lint_pairs(peers, nh, ds, tunnels ? &table : NULL);
	if (topo_path != NULL && !parse_only) {
		if (frontend_check(topo_path, ds, &topo) == EXIT_TROUBLE)
			r.trouble = true;
		else if (topo != NULL) {
			struct lowered *lw = NULL;

			(void)lower_topology(topo, &lw, ds);
			if (lw != NULL) {
				lint_topology(lw->hosts, lw->nhosts, hosts, nh,
				    ds);
				lowered_free(lw);
			}
		}
	}
	if (fmt == OUT_SARIF) {
		size_t nr;
		struct sarif_rule *rules = sarif_rules(&nr);

		sarif_print(ds, rules, nr, stdout);
		free(rules);
	} else
		diag_flush(ds);
	if (tunnels)
		lint_table_print(&table, peers, stdout, fmt != OUT_TEXT);
	rc = r.trouble ? EXIT_TROUBLE : diag_errors(ds) > 0 ||
	    (fail_warn && diag_warnings(ds) > 0) ? EXIT_FINDINGS : EXIT_OK;
	lint_table_free(&table);
	topology_free(topo);
	diag_sink_free(ds);
	arena_free(ar);
	free(hosts);
	free(peers);
	host_specs_free(&r.specs);
	for (i = 0; i < r.ntexts; i++)
		free(r.texts[i]);
	free(r.texts);
	return rc;
}
