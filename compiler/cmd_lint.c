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

#include <dirent.h>
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "compiler/cli.h"
#include "compiler/frontend.h"
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

/* Where a host's files may be, first match wins. */
static const struct {
	enum imp_kind	 kind;
	const char	*path;
} layout[] = {
	{ IMP_RCCONF, "rc.conf" },
	{ IMP_RCCONF, "etc/rc.conf" },
	{ IMP_RCCONF, "rc.conf.local" },
	{ IMP_RCCONF, "etc/rc.conf.local" },
	{ IMP_SETKEY, "ipsec.conf" },
	{ IMP_SETKEY, "etc/ipsec.conf" },
	{ IMP_SETKEY, "setkey.conf" },
	{ IMP_SETKEY, "usr/local/etc/racoon/setkey.conf" },
	{ IMP_RACOON, "racoon.conf" },
	{ IMP_RACOON, "usr/local/etc/racoon/racoon.conf" },
	{ IMP_PSK, "psk.txt" },
	{ IMP_PSK, "usr/local/etc/racoon/psk.txt" },
};
#define NLAYOUT	(sizeof(layout) / sizeof(layout[0]))

struct hostspec {
	char		*name;
	char		*dir;		/* NULL: a single file */
	char		*file;
};

struct run {
	struct hostspec	*specs;
	size_t		 nspecs, capspecs;
	char		**texts;	/* kept until the sink is flushed */
	size_t		 ntexts, captexts;
	bool		 trouble;
};

static void
add_spec(struct run *r, const char *name, const char *dir, const char *file)
{
	struct hostspec *s;

	if (r->nspecs == r->capspecs) {
		r->capspecs = r->capspecs ? r->capspecs * 2 : 16;
		r->specs = xreallocarray(r->specs, r->capspecs,
		    sizeof(*r->specs));
	}
	s = &r->specs[r->nspecs++];
	s->name = xstrdup(name);
	s->dir = dir ? xstrdup(dir) : NULL;
	s->file = file ? xstrdup(file) : NULL;
}

static char *
join(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b);
	char *p = xmalloc(la + lb + 2);

	memcpy(p, a, la);
	while (la > 1 && p[la - 1] == '/')
		la--;
	p[la] = '/';
	memcpy(p + la + 1, b, lb + 1);
	return p;
}

static bool
is_file(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

static bool
is_host_dir(const char *dir)
{
	size_t i;
	bool found = false;

	for (i = 0; i < NLAYOUT && !found; i++) {
		char *p = join(dir, layout[i].path);

		found = is_file(p);
		free(p);
	}
	return found;
}

static const char *
base_name(const char *path)
{
	const char *e = path + strlen(path), *b;

	while (e > path + 1 && e[-1] == '/')
		e--;
	for (b = e; b > path && b[-1] != '/'; b--)
		;
	return b;
}

static char *
host_name_of(const char *dir)
{
	const char *b = base_name(dir);
	size_t l = strcspn(b, "/");
	char *n;

	if (l == 0 || (l == 1 && b[0] == '.')) {
		char cwd[4096];

		if (getcwd(cwd, sizeof(cwd)) != NULL)
			return xstrdup(base_name(cwd));
		return xstrdup("host");
	}
	n = xmalloc(l + 1);
	memcpy(n, b, l);
	n[l] = '\0';
	return n;
}

static int
str_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* A DIR argument: one host, or a folder of hosts. */
static void
add_dir(struct run *r, const char *dir)
{
	DIR *d;
	struct dirent *e;
	char **subs = NULL;
	size_t n = 0, cap = 0, i, before = r->nspecs;

	if (is_host_dir(dir)) {
		char *nm = host_name_of(dir);

		add_spec(r, nm, dir, NULL);
		free(nm);
		return;
	}
	if ((d = opendir(dir)) == NULL) {
		fprintf(stderr, "%s: lint: %s: %s\n", cli_progname, dir,
		    strerror(errno));
		r->trouble = true;
		return;
	}
	while ((e = readdir(d)) != NULL) {
		char *p;
		struct stat st;

		if (e->d_name[0] == '.')
			continue;
		p = join(dir, e->d_name);
		if (stat(p, &st) == 0 && S_ISDIR(st.st_mode) &&
		    is_host_dir(p)) {
			if (n == cap) {
				cap = cap ? cap * 2 : 16;
				subs = xreallocarray(subs, cap, sizeof(*subs));
			}
			subs[n++] = xstrdup(e->d_name);
		}
		free(p);
	}
	closedir(d);
	if (n > 1)
		qsort(subs, n, sizeof(*subs), str_cmp);
	for (i = 0; i < n; i++) {
		char *p = join(dir, subs[i]);

		add_spec(r, subs[i], p, NULL);
		free(p);
		free(subs[i]);
	}
	free(subs);
	if (r->nspecs == before) {
		fprintf(stderr, "%s: lint: %s holds no rc.conf, ipsec.conf, "
		    "racoon.conf or psk.txt, nor folders that do\n",
		    cli_progname, dir);
		r->trouble = true;
	}
}

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

/* rc.conf.d/NAME files are read after rc.conf, as load_rc_config does. */
static void
add_rcconf_d(struct run *r, struct imp_input *in, size_t *n, size_t max,
    const char *dir)
{
	static const char *const where[] = { "rc.conf.d", "etc/rc.conf.d" };
	size_t w;

	for (w = 0; w < 2; w++) {
		char *p = join(dir, where[w]), **names = NULL;
		size_t nn = 0, cap = 0, i;
		DIR *d = opendir(p);
		struct dirent *e;

		if (d == NULL) {
			free(p);
			continue;
		}
		while ((e = readdir(d)) != NULL) {
			char *f;

			if (e->d_name[0] == '.')
				continue;
			f = join(p, e->d_name);
			if (is_file(f)) {
				if (nn == cap) {
					cap = cap ? cap * 2 : 8;
					names = xreallocarray(names, cap,
					    sizeof(*names));
				}
				names[nn++] = f;
			} else
				free(f);
		}
		closedir(d);
		if (nn > 1)
			qsort(names, nn, sizeof(*names), str_cmp);
		for (i = 0; i < nn; i++) {
			if (*n < max)
				add_input(r, in, n, IMP_RCCONF, names[i]);
			else
				free(names[i]);
		}
		free(names);
		free(p);
	}
}

#define MAX_INPUTS	32

static struct imp_host *
load_host(struct run *r, const struct hostspec *s, bool parse_only,
    struct arena *ar, struct diag_sink *ds)
{
	struct imp_input in[MAX_INPUTS];
	size_t n = 0, i;
	bool have[IMP__COUNT] = { false };
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
	for (i = 0; i < NLAYOUT; i++) {
		char *p;
		bool rclocal = strstr(layout[i].path, ".local") != NULL;

		if (layout[i].kind == IMP_SETKEY && !have[IMP_SETKEY] &&
		    (i == 0 || layout[i - 1].kind == IMP_RCCONF))
			add_rcconf_d(r, in, &n, MAX_INPUTS - 4, s->dir);
		if (have[layout[i].kind] && !rclocal)
			continue;
		p = join(s->dir, layout[i].path);
		if (!is_file(p)) {
			free(p);
			continue;
		}
		if (add_input(r, in, &n, layout[i].kind, p))
			have[layout[i].kind] = true;
	}
	h = parse_only ? import_parse(s->name, in, n, ar, ds) :
	    import_host(s->name, in, n, ar, ds);
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
		{ "strict", no_argument, NULL, OPT_STRICT },
		{ "format", required_argument, NULL, OPT_FORMAT },
		{ "quiet", no_argument, NULL, 'q' },
		{ "help", no_argument, NULL, OPT_HELP },
		{ "version", no_argument, NULL, OPT_VERSION },
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
		case OPT_HOST: {
			const char *eq = strchr(optarg, '=');
			char *nm;

			if (eq == NULL || eq == optarg || eq[1] == '\0') {
				cli_usage_error(usage, "--host takes NAME=DIR");
				return EXIT_TROUBLE;
			}
			if (!is_host_dir(eq + 1)) {
				fprintf(stderr, "%s: lint: %s holds no rc.conf, "
				    "ipsec.conf, racoon.conf or psk.txt\n",
				    cli_progname, eq + 1);
				r.trouble = true;
				continue;
			}
			nm = xmalloc((size_t)(eq - optarg) + 1);
			memcpy(nm, optarg, (size_t)(eq - optarg));
			nm[eq - optarg] = '\0';
			add_spec(&r, nm, eq + 1, NULL);
			free(nm);
			continue;
		}
		default:
			break;
		}
		rc = cli_common_opt(&common, ch, optarg, usage);
		if (rc == 1)
			continue;
		if (rc == 0)
			cli_usage_error(usage, "unknown option");
		return EXIT_TROUBLE;
	}
	for (i = (size_t)optind; i < (size_t)argc; i++) {
		struct stat st;

		if (stat(argv[i], &st) != 0) {
			fprintf(stderr, "%s: lint: %s: %s\n", cli_progname,
			    argv[i], strerror(errno));
			r.trouble = true;
		} else if (S_ISDIR(st.st_mode))
			add_dir(&r, argv[i]);
		else
			add_spec(&r, argv[i], NULL, argv[i]);
	}
	if (r.nspecs == 0 && !r.trouble) {
		cli_usage_error(usage, "nothing to lint");
		return EXIT_TROUBLE;
	}
	common.format = fmt == OUT_JSON ? DIAG_JSON : DIAG_TEXT;
	ds = diag_sink_new(tunnels ? stderr : stdout, common.format);
	diag_set_strict(ds, common.strict);
	diag_set_quiet(ds, common.quiet);
	ar = arena_new();
	hosts = xcalloc(r.nspecs + 1, sizeof(*hosts));
	peers = xcalloc(r.nspecs + 1, sizeof(*peers));
	for (i = 0; i < r.nspecs; i++) {
		struct imp_host *h = load_host(&r, &r.specs[i], parse_only,
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
	for (i = 0; i < r.nspecs; i++) {
		free(r.specs[i].name);
		free(r.specs[i].dir);
		free(r.specs[i].file);
	}
	free(r.specs);
	for (i = 0; i < r.ntexts; i++)
		free(r.texts[i]);
	free(r.texts);
	return rc;
}
