/*
 * tunnelgen diff TOPOLOGY DEPLOYED...: is the fleet what the topology says?
 *
 * The topology is lowered exactly as compile lowers it; each deployed host
 * is imported exactly as lint imports it; hosts are matched by name and
 * compared element by element (compiler/diff_hostconfig.c), or, with
 * --unified, the text compile would write is diffed against the deployed
 * files.  Hosts are read, compared and freed one at a time, so a large
 * fleet needs the memory of its largest host, not of all of them.
 *
 * Exit: 0 no drift, 1 drift, 2 trouble (as diff(1)).
 */
#include "config.h"

#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "compiler/cli.h"
#include "compiler/diff_hostconfig.h"
#include "compiler/diff_unified.h"
#include "compiler/frontend.h"
#include "compiler/hosts.h"
#include "compiler/lower.h"
#include "compiler/print.h"
#include "grammar/import.h"
#include "model/arena.h"

static const char usage[] =
    "tunnelgen diff TOPOLOGY [DIR...] [--host NAME=DIR]... [--unified]\n"
    "               [--show-secrets] [--format text|json]\n"
    "               [--layout append|rcconfd] [--templates DIR] [-q]\n"
    "  DIR                a folder of host folders (as compile -o writes),\n"
    "                     or one host folder (named after the folder)\n"
    "  --host NAME=DIR    host NAME's files are in DIR\n"
    "  --unified          unified diff of the generated files against\n"
    "                     the deployed ones instead of drift items\n"
    "  --show-secrets     print pre-shared keys instead of <redacted>\n"
    "  --format FMT       drift items as text (default) or json\n"
    "  --layout L         with --unified, how the generated rc.conf is\n"
    "                     split (default: as the host has it)\n"
    "  --templates DIR    with --unified, the templates compile used\n"
    "  -q, --quiet        no warnings about the deployed files\n";

enum {
	OPT_HOST = OPT_VERB_FIRST,
	OPT_UNIFIED,
	OPT_SHOW_SECRETS,
	OPT_LAYOUT,
	OPT_TEMPLATES,
};

/* Every folder of DEPLOYED is a host: an empty one has nothing deployed. */
#define DIFF_HOSTS	(HOSTS_EVERY_SUBDIR | HOSTS_RCCONFD_MARKS)

enum layout_opt { LAYOUT_AUTO, LAYOUT_APPEND, LAYOUT_RCCONFD };

static const char *const rcd_names[] = { "netif", "routing", "ipsec",
    "racoon" };

struct diff_opts {
	struct cli_common common;
	bool		 unified, show_secrets, json;
	enum layout_opt	 layout;
	const char	*templates;
	const char	*topology;
	struct host_specs specs;
	bool		 trouble;
};

/* One file as read, kept until the diagnostics about it are printed. */
struct rfile {
	char		*path;
	char		*text;
	size_t		 len;
	struct stat	 st;
};

struct hostfiles {
	struct rfile	 f[32];
	enum imp_kind	 kind[32];
	size_t		 n;
	bool		 rcconfd;	/* rc.conf.d/ files found */
};

static bool
read_file(const char *path, struct rfile *rf)
{
	FILE *f = fopen(path, "rb");
	size_t cap = 0, n = 0, got;
	char *buf = NULL;

	if (f == NULL) {
		fprintf(stderr, "%s: diff: %s: %s\n", cli_progname, path,
		    strerror(errno));
		return false;
	}
	if (fstat(fileno(f), &rf->st) != 0)
		memset(&rf->st, 0, sizeof(rf->st));
	do {
		if (cap - n < 4096) {
			cap = cap ? cap * 2 : 8192;
			buf = xrealloc(buf, cap + 1);
		}
		got = fread(buf + n, 1, cap - n, f);
		n += got;
	} while (got > 0);
	if (ferror(f)) {
		fprintf(stderr, "%s: diff: %s: read error\n", cli_progname,
		    path);
		fclose(f);
		free(buf);
		return false;
	}
	fclose(f);
	buf[n] = '\0';
	rf->path = xstrdup(path);
	rf->text = buf;
	rf->len = n;
	return true;
}

static void
add_file(struct diff_opts *o, struct hostfiles *hf, enum imp_kind k,
    const char *path)
{
	if (hf->n == sizeof(hf->f) / sizeof(hf->f[0]))
		return;
	if (!read_file(path, &hf->f[hf->n])) {
		o->trouble = true;
		return;
	}
	hf->kind[hf->n++] = k;
}

/*
 * A host's files in the order rc reads them: rc.conf, rc.conf.d/NAME
 * (sorted), rc.conf.local; then the setkey file, racoon.conf, psk.txt.
 */
struct find_ctx {
	struct diff_opts *o;
	struct hostfiles *hf;
};

static bool
take_file(void *ctx, enum imp_kind k, const char *path, bool rcconfd)
{
	struct find_ctx *fc = ctx;

	add_file(fc->o, fc->hf, k, path);
	if (rcconfd)
		fc->hf->rcconfd = true;
	return true;
}

static void
find_files(struct diff_opts *o, const char *dir, struct hostfiles *hf)
{
	struct find_ctx fc = { o, hf };

	memset(hf, 0, sizeof(*hf));
	hosts_each_file(dir, take_file, &fc);
}

static void
free_files(struct hostfiles *hf)
{
	size_t i;

	for (i = 0; i < hf->n; i++) {
		free(hf->f[i].path);
		free(hf->f[i].text);
	}
	hf->n = 0;
}

/* --- output ------------------------------------------------------------ */

/* The deployed path relative to the host's folder, as operators name it. */
static const char *
rel(const char *path, const char *dir)
{
	size_t l = strlen(dir);

	while (l > 1 && dir[l - 1] == '/')
		l--;
	if (path != NULL && strncmp(path, dir, l) == 0 && path[l] == '/')
		return path + l + 1;
	return path;
}

static const char *
shown(const struct diff_opts *o, const struct drift *d, const char *v)
{
	if (v == NULL)
		return NULL;
	return d->secret && !o->show_secrets ? "<redacted>" : v;
}

static void
print_text(const struct diff_opts *o, const struct drift *d, const char *dir)
{
	const char *file = rel(d->file, dir);
	const char *dv = shown(o, d, d->deployed), *tv = shown(o, d,
	    d->topology);

	printf("%s: ", d->host);
	if (file != NULL) {
		if (d->line > 0)
			printf("%s:%u: ", file, d->line);
		else
			printf("%s: ", file);
	}
	switch (d->kind) {
	case DRIFT_MISSING:
		if (strcmp(d->object, "host") == 0)
			printf("missing host (in the topology, not "
			    "deployed)\n");
		else if (d->field != NULL)
			printf("%s missing (the topology generates it)\n",
			    d->object);
		else if (tv != NULL)
			printf("%s missing, topology says '%s'\n", d->object,
			    tv);
		else
			printf("%s missing\n", d->object);
		break;
	case DRIFT_EXTRA:
		if (strcmp(d->object, "host") == 0)
			printf("extra host (deployed, not in the "
			    "topology)\n");
		else if (d->note != NULL)
			printf("%s not in the topology (%s)\n", d->object,
			    d->note);
		else
			printf("%s not in the topology\n", d->object);
		break;
	case DRIFT_CHANGED:
		if (d->words || d->secret)
			printf("%s: %s is '%s', topology says '%s'\n",
			    d->object, d->field, dv, tv);
		else
			printf("%s: %s %s, topology says %s\n", d->object,
			    d->field, dv, tv);
		break;
	}
}

static void
json_str(const char *s)
{
	if (s == NULL) {
		fputs("null", stdout);
		return;
	}
	putchar('"');
	for (; *s != '\0'; s++) {
		unsigned char ch = (unsigned char)*s;

		if (ch == '"' || ch == '\\')
			printf("\\%c", ch);
		else if (ch == '\n')
			fputs("\\n", stdout);
		else if (ch == '\t')
			fputs("\\t", stdout);
		else if (ch < 0x20)
			printf("\\u%04x", ch);
		else
			putchar(ch);
	}
	putchar('"');
}

static void
print_json(const struct diff_opts *o, const struct drift *d, const char *dir,
    bool *first)
{
	static const char *const kinds[] = { "changed", "missing", "extra" };

	fputs(*first ? "[\n" : ",\n", stdout);
	*first = false;
	fputs("{\"host\":", stdout);
	json_str(d->host);
	fputs(",\"kind\":", stdout);
	json_str(kinds[d->kind]);
	fputs(",\"file\":", stdout);
	json_str(rel(d->file, dir));
	if (d->line > 0)
		printf(",\"line\":%u,\"col\":%u", d->line, d->col);
	else
		fputs(",\"line\":null,\"col\":null", stdout);
	fputs(",\"object\":", stdout);
	json_str(d->object);
	fputs(",\"field\":", stdout);
	json_str(d->field);
	if (d->note != NULL) {
		fputs(",\"note\":", stdout);
		json_str(d->note);
	}
	fputs(",\"deployed\":", stdout);
	json_str(shown(o, d, d->deployed));
	fputs(",\"topology\":", stdout);
	json_str(shown(o, d, d->topology));
	fputs("}", stdout);
}

/* --- unified mode ------------------------------------------------------- */

static void
mask_psk_line(FILE *out, const char *l, size_t n)
{
	size_t i = 0;

	if (n == 0 || l[0] == '#') {
		fwrite(l, 1, n, out);
		return;
	}
	while (i < n && l[i] != ' ' && l[i] != '\t')
		i++;
	while (i < n && (l[i] == ' ' || l[i] == '\t'))
		i++;
	fwrite(l, 1, i, out);
	if (i < n)
		fputs("<redacted>", out);
}

/* setkey `add ... -E alg KEY -A alg KEY`: the word after the algorithm. */
static void
mask_setkey_line(FILE *out, const char *l, size_t n)
{
	size_t i = 0;
	int want = 0;	/* 1: algorithm next, 2: key next */

	while (i < n) {
		size_t s = i, e;

		while (i < n && (l[i] == ' ' || l[i] == '\t'))
			i++;
		fwrite(l + s, 1, i - s, out);
		if (i >= n)
			break;
		e = i;
		if (l[e] == '"') {
			e++;
			while (e < n && l[e] != '"')
				e++;
			if (e < n)
				e++;
		} else
			while (e < n && l[e] != ' ' && l[e] != '\t' &&
			    l[e] != ';')
				e++;
		if (e == i)
			e++;
		if (want == 2) {
			fputs("<redacted>", out);
			want = 0;
		} else {
			fwrite(l + i, 1, e - i, out);
			if (want == 1)
				want = 2;
			else if (e - i == 2 && l[i] == '-' &&
			    (l[i + 1] == 'E' || l[i + 1] == 'A'))
				want = 1;
		}
		i = e;
	}
}

static void
unified_file(const struct diff_opts *o, const char *host, const char *name,
    const struct tbuf *gen, bool generated, const struct hostfiles *hf,
    const char *path, bool *differ)
{
	const struct rfile *rf = NULL;
	char aname[600];
	line_filter f = NULL;
	size_t i;

	for (i = 0; path != NULL && i < hf->n; i++)
		if (strcmp(hf->f[i].path, path) == 0)
			rf = &hf->f[i];
	if (!generated && rf == NULL)
		return;
	snprintf(aname, sizeof(aname), "generated/%s/%s", host, name);
	if (!o->show_secrets) {
		if (strcmp(name, "psk.txt") == 0)
			f = mask_psk_line;
		else if (strcmp(name, "ipsec.conf") == 0)
			f = mask_setkey_line;
	}
	if (unified_diff(stdout, generated ? (gen->p ? gen->p : "") : NULL,
	    generated ? gen->len : 0, aname, rf ? rf->text : NULL,
	    rf ? rf->len : 0, rf ? rf->path : path, f))
		*differ = true;
}

/* The deployed file of a kind (its first place), or NULL. */
static const char *
deployed_path(const struct hostfiles *hf, enum imp_kind k)
{
	size_t i;

	for (i = 0; i < hf->n; i++)
		if (hf->kind[i] == k)
			return hf->f[i].path;
	return NULL;
}

/* The files after rc.conf, each with its printer, in the order compiled. */
static const struct {
	enum imp_kind	 kind;
	const char	*name;
	int		(*print)(const struct tmpl_set *,
			    const struct hostconfig *, struct tbuf *,
			    struct diag_sink *);
} keying_files[] = {
	{ IMP_SETKEY, "ipsec.conf", print_setkey },
	{ IMP_RACOON, "racoon.conf", print_racoon },
	{ IMP_PSK, "psk.txt", print_psk },
};
#define NKEYING_FILES	(sizeof(keying_files) / sizeof(keying_files[0]))

static int
unified_host(const struct diff_opts *o, const struct tmpl_set *ts,
    const struct hostconfig *hc, const char *dir, const struct hostfiles *hf,
    struct diag_sink *ds, bool *differ)
{
	struct tbuf buf = { 0 };
	bool rcconfd = o->layout == LAYOUT_RCCONFD ||
	    (o->layout == LAYOUT_AUTO && hf->rcconfd);
	char *p;
	int r;
	size_t i;

	if (!rcconfd) {
		r = print_rcconf(ts, hc, RC_ALL, &buf, ds);
		if (r < 0)
			goto fail;
		unified_file(o, hc->host, "rc.conf", &buf, r > 0, hf,
		    deployed_path(hf, IMP_RCCONF), differ);
	} else {
		for (i = RC_NETIF; i < RC__COUNT; i++) {
			const char *dp = NULL;
			size_t k;

			buf.len = 0;
			r = print_rcconf(ts, hc, (enum rc_part)i, &buf, ds);
			if (r < 0)
				goto fail;
			/* the deployed rc.conf.d/NAME, wherever it is */
			for (k = 0; k < hf->n; k++) {
				const char *b = strrchr(hf->f[k].path, '/');

				if (hf->kind[k] == IMP_RCCONF && b != NULL &&
				    strcmp(b + 1, rcd_names[i - 1]) == 0)
					dp = hf->f[k].path;
			}
			p = NULL;
			if (dp == NULL)
				dp = p = hosts_join(dir, rc_part_file[i]);
			unified_file(o, hc->host, rc_part_file[i], &buf, r > 0,
			    hf, dp, differ);
			free(p);
		}
	}
	for (i = 0; i < NKEYING_FILES; i++) {
		const char *dp = deployed_path(hf, keying_files[i].kind);

		buf.len = 0;
		if ((r = keying_files[i].print(ts, hc, &buf, ds)) < 0)
			goto fail;
		p = NULL;
		if (dp == NULL)
			dp = p = hosts_join(dir, keying_files[i].name);
		unified_file(o, hc->host, keying_files[i].name, &buf, r > 0,
		    hf, dp, differ);
		free(p);
	}
	tbuf_free(&buf);
	return 0;
fail:
	tbuf_free(&buf);
	return -1;
}

/* --- the verb ----------------------------------------------------------- */

static int
parse_opts(int argc, char **argv, struct diff_opts *o)
{
	static const struct option longopts[] = {
		CLI_COMMON_LONGOPTS,
		{ "host", required_argument, NULL, OPT_HOST },
		{ "unified", no_argument, NULL, OPT_UNIFIED },
		{ "show-secrets", no_argument, NULL, OPT_SHOW_SECRETS },
		{ "layout", required_argument, NULL, OPT_LAYOUT },
		{ "templates", required_argument, NULL, OPT_TEMPLATES },
		{ NULL, 0, NULL, 0 }
	};
	int ch, rc, i;

	optind = 1;
	while ((ch = getopt_long(argc, argv, "qu", longopts, NULL)) != -1) {
		switch (ch) {
		case OPT_HOST:
			if (hosts_add_named(&o->specs, optarg, DIFF_HOSTS,
			    "diff") < 0) {
				cli_usage_error(usage, "--host takes NAME=DIR");
				return -1;
			}
			continue;
		case 'u':
		case OPT_UNIFIED:
			o->unified = true;
			continue;
		case OPT_SHOW_SECRETS:
			o->show_secrets = true;
			continue;
		case OPT_LAYOUT:
			if ((rc = cli_layout_opt(optarg, usage)) < 0)
				return -1;
			o->layout = rc == 1 ? LAYOUT_RCCONFD : LAYOUT_APPEND;
			continue;
		case OPT_TEMPLATES:
			o->templates = optarg;
			continue;
		}
		if (cli_other_opt(&o->common, ch, optarg, usage) < 0)
			return -1;
	}
	if (optind >= argc) {
		cli_usage_error(usage, "diff takes a topology file");
		return -1;
	}
	o->json = o->common.format == DIAG_JSON;
	o->topology = argv[optind];
	for (i = optind + 1; i < argc; i++) {
		struct stat st;

		if (stat(argv[i], &st) != 0 || !S_ISDIR(st.st_mode)) {
			fprintf(stderr, "%s: diff: %s: %s\n", cli_progname,
			    argv[i], stat(argv[i], &st) != 0 ?
			    strerror(errno) : "not a folder");
			o->trouble = true;
			continue;
		}
		if (!hosts_add_dir(&o->specs, argv[i], DIFF_HOSTS, "diff"))
			o->trouble = true;
	}
	if (o->specs.n == 0 && !o->trouble) {
		cli_usage_error(usage, "nothing deployed to compare: give "
		    "DIR or --host NAME=DIR");
		return -1;
	}
	return 0;
}

/* Topology hosts sorted by name, to meet the deployed ones. */
static int
host_name_cmp(const void *a, const void *b)
{
	const struct host *x = *(const struct host *const *)a;
	const struct host *y = *(const struct host *const *)b;

	return strcmp(x->name, y->name);
}

static int
spec_cmp(const void *a, const void *b)
{
	const struct host_spec *x = a, *y = b;

	return strcmp(x->name, y->name);
}

struct state {
	struct diff_opts *o;
	struct diag_sink *ds;
	struct tmpl_set	 ts;
	struct drift_list items;
	bool		 first_json;
	size_t		 ndrift;
	bool		 differ;
	bool		 unreadable;	/* a grammar gave up on a file */
};

/*
 * Did a grammar give up on part of a file?  Then the comparison missed
 * what it could not read: trouble.  What lint would say about a file that
 * reads fine is not diff's business (drift shows what matters).
 */
static bool
unreadable(struct diag_sink *hs)
{
	static const char *const sfx[] = { "-syntax", "-internal", "-nul",
	    "-too-many-errors", "-too-large" };
	const struct diag_item *it;
	size_t n, i, k, l;

	it = diag_items(hs, &n);
	for (i = 0; i < n; i++) {
		if (it[i].severity != DIAG_ERROR || it[i].code == NULL)
			continue;
		l = strlen(it[i].code);
		for (k = 0; k < sizeof(sfx) / sizeof(sfx[0]); k++)
			if (l > strlen(sfx[k]) && strcmp(it[i].code + l -
			    strlen(sfx[k]), sfx[k]) == 0)
				return true;
	}
	return false;
}

static void
one_host(struct state *s, const struct hostconfig *want, bool tunnels,
    const struct host_spec *spec)
{
	struct hostfiles hf;
	struct arena *ar = NULL;
	struct diag_sink *hs = NULL;
	const struct imp_host *have = NULL;
	const char *name = want ? want->host : spec->name;
	size_t i;

	memset(&hf, 0, sizeof(hf));
	if (spec != NULL) {
		struct imp_input in[32];

		find_files(s->o, spec->dir, &hf);
		for (i = 0; i < hf.n; i++)
			in[i] = (struct imp_input){ hf.kind[i], hf.f[i].path,
			    hf.f[i].text, hf.f[i].len, true,
			    hf.f[i].st.st_mode, hf.f[i].st.st_uid };
		ar = arena_new();
		/* A sink per host: its reports die with the host's files. */
		hs = diag_sink_new(stderr, DIAG_TEXT);
		diag_set_quiet(hs, true);
		have = import_host(name, in, hf.n, ar, hs);
	} else if (!tunnels)
		return;		/* compile writes nothing for it either */

	if (s->o->unified && want != NULL && have != NULL) {
		if (unified_host(s->o, &s->ts, want, spec->dir, &hf, s->ds,
		    &s->differ) < 0)
			s->o->trouble = true;
	} else {
		diff_host(name, want, have, &s->items);
		for (i = 0; i < s->items.n; i++) {
			const struct drift *d = &s->items.v[i];
			const char *dir = spec ? spec->dir : "";

			if (s->o->unified) {
				/* a whole host missing or extra */
				printf("%s: %s\n", d->host,
				    d->kind == DRIFT_MISSING ? "missing host "
				    "(in the topology, not deployed)" :
				    "extra host (deployed, not in the "
				    "topology)");
			} else if (s->o->json)
				print_json(s->o, d, dir, &s->first_json);
			else
				print_text(s->o, d, dir);
		}
		s->ndrift += s->items.n;
		drift_list_clear(&s->items);
	}
	if (hs != NULL && unreadable(hs)) {
		diag_flush(hs);
		s->o->trouble = s->unreadable = true;
	}
	diag_sink_free(hs);
	free_files(&hf);
	arena_free(ar);
}

int
cmd_diff(int argc, char **argv)
{
	struct diff_opts o;
	struct state s;
	struct topology *t = NULL;
	struct lowerer *lw = NULL;
	const struct host **want = NULL;
	size_t i, j, nw;
	int rc;

	memset(&o, 0, sizeof(o));
	memset(&s, 0, sizeof(s));
	if (parse_opts(argc, argv, &o) < 0) {
		rc = EXIT_TROUBLE;
		goto free_specs;
	}
	s.o = &o;
	s.first_json = true;
	s.ds = diag_sink_new(stderr, DIAG_TEXT);
	diag_set_quiet(s.ds, o.common.quiet);
	if (o.unified && tmpl_set_load(&s.ts, o.templates, s.ds) < 0) {
		rc = EXIT_TROUBLE;
		goto out;
	}
	if (frontend_check(o.topology, s.ds, &t) != EXIT_OK) {
		rc = EXIT_TROUBLE;
		goto out;
	}
	/* One host's HostConfig at a time, as compile lowers them. */
	lw = lowerer_new(t);
	if (lower_check(lw, s.ds) > 0) {
		fprintf(stderr, "%s: internal error: the two ends of a tunnel "
		    "do not mirror each other\n", cli_progname);
		rc = EXIT_TROUBLE;
		goto out;
	}
	diag_flush(s.ds);

	nw = t->nhosts;
	want = xcalloc(nw + 1, sizeof(*want));
	for (i = 0; i < nw; i++)
		want[i] = &t->hosts[i];
	if (nw > 1)
		qsort(want, nw, sizeof(*want), host_name_cmp);
	if (o.specs.n > 1)
		qsort(o.specs.v, o.specs.n, sizeof(*o.specs.v), spec_cmp);
	for (i = 0, j = 0; i < nw || j < o.specs.n; ) {
		int r = i == nw ? 1 : j == o.specs.n ? -1 :
		    strcmp(want[i]->name, o.specs.v[j].name);
		size_t idx;

		if (j + 1 < o.specs.n && r >= 0 &&
		    strcmp(o.specs.v[j].name, o.specs.v[j + 1].name) == 0) {
			fprintf(stderr, "%s: diff: host %s is given twice "
			    "(%s and %s)\n", cli_progname, o.specs.v[j].name,
			    o.specs.v[j].dir, o.specs.v[j + 1].dir);
			o.trouble = true;
			j++;
			continue;
		}
		if (r > 0) {
			one_host(&s, NULL, false, &o.specs.v[j]);
			j++;
			continue;
		}
		idx = (size_t)(want[i] - t->hosts);
		if (r < 0 && lower_ntunnels(lw, idx) == 0) {
			i++;	/* compile writes nothing for it either */
			continue;
		}
		one_host(&s, lower_host(lw, idx), lower_ntunnels(lw, idx) > 0,
		    r == 0 ? &o.specs.v[j] : NULL);
		i++;
		if (r == 0)
			j++;
	}
	if (o.json && !o.unified)
		fputs(s.first_json ? "[]\n" : "\n]\n", stdout);
	if (s.unreadable)
		fprintf(stderr, "%s: diff: some deployed files could not be "
		    "read; the comparison is incomplete\n", cli_progname);
	if (fflush(stdout) != 0 || ferror(stdout)) {
		fprintf(stderr, "%s: diff: cannot write the report\n",
		    cli_progname);
		o.trouble = true;
	}
	rc = o.trouble ? EXIT_TROUBLE : s.ndrift > 0 || s.differ ?
	    EXIT_FINDINGS : EXIT_OK;
out:
	diag_flush(s.ds);
	diag_sink_free(s.ds);
	if (o.unified)
		tmpl_set_free(&s.ts);
	free(s.items.v);
	free(want);
	lowerer_free(lw);
	topology_free(t);
free_specs:
	host_specs_free(&o.specs);
	return rc;
}
