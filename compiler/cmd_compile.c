/*
 * tunnelgen [compile] TOPOLOGY -o DIR: check the topology, lower it to one
 * HostConfig per host, self-check both ends of every tunnel, print the
 * files through the templates and write the tree.  Nothing is written
 * unless every step before writing succeeded.
 */
#include "config.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "compiler/cli.h"
#include "compiler/frontend.h"
#include "compiler/lower.h"
#include "compiler/print.h"
#include "compiler/write.h"

static const char usage[] =
    "tunnelgen [compile] TOPOLOGY -o DIR [--layout append|rcconfd] [--prune]\n"
    "          [--templates DIR] [--strict] [--format text|json] [-q]\n"
    "  -o, --output DIR   write DIR/HOST/rc.conf, ipsec.conf, racoon.conf,\n"
    "                     psk.txt\n"
    "  --layout append    HOST/rc.conf appends to the host's lists (default)\n"
    "  --layout rcconfd   HOST/rc.conf.d/{netif,routing,ipsec,racoon} instead\n"
    "  --prune            remove files and folders of hosts no longer present\n"
    "  --templates DIR    take *.tmpl from DIR instead of the built-in ones\n"
    "  --strict           weak algorithms and other warnings are errors\n"
    "  --format FMT       diagnostics as text (default) or json\n"
    "  -q, --quiet        no warnings, no summary line\n";

enum {
	OPT_LAYOUT = OPT_VERB_FIRST,
	OPT_PRUNE,
	OPT_TEMPLATES,
};

struct compile_opts {
	struct cli_common	 common;
	const char		*outdir;
	const char		*templates;
	bool			 rcconfd;
	bool			 prune;
	bool			 direct;
	const char		*topology;
};

static int
parse_opts(int argc, char **argv, struct compile_opts *o)
{
	static const struct option longopts[] = {
		CLI_COMMON_LONGOPTS,
		{ "output", required_argument, NULL, 'o' },
		{ "layout", required_argument, NULL, OPT_LAYOUT },
		{ "prune", no_argument, NULL, OPT_PRUNE },
		{ "templates", required_argument, NULL, OPT_TEMPLATES },
		{ NULL, 0, NULL, 0 }
	};
	const char *env;
	int ch, rc;

	memset(o, 0, sizeof(*o));
	optind = 1;
	while ((ch = getopt_long(argc, argv, "o:q", longopts, NULL)) != -1) {
		switch (ch) {
		case 'o':
			o->outdir = optarg;
			continue;
		case OPT_LAYOUT:
			if ((rc = cli_layout_opt(optarg, usage)) < 0)
				return -1;
			o->rcconfd = rc == 1;
			continue;
		case OPT_PRUNE:
			o->prune = true;
			continue;
		case OPT_TEMPLATES:
			o->templates = optarg;
			continue;
		}
		if (cli_other_opt(&o->common, ch, optarg, usage) < 0)
			return -1;
	}
	if (argc - optind != 1) {
		cli_usage_error(usage, "compile takes exactly one topology "
		    "file");
		return -1;
	}
	if (o->outdir == NULL || o->outdir[0] == '\0') {
		cli_usage_error(usage, "the output folder is required: "
		    "-o DIR");
		return -1;
	}
	o->topology = argv[optind];
	/* Writes in place instead of temp + rename: for measuring only. */
	env = getenv("TUNNELGEN_DIRECT_WRITE");
	o->direct = env != NULL && strcmp(env, "1") == 0;
	return 0;
}

/* Print and stage one file; 0 when done (or not needed), -1 on error. */
static int
emit(struct writer *w, struct tbuf *buf, const char *host, const char *name,
    int printed, mode_t mode)
{
	if (printed < 0)
		return -1;
	if (printed == 0)
		return 0;
	return writer_put(w, host, name, buf->p, buf->len, mode);
}

static int
emit_host(struct writer *w, const struct tmpl_set *ts,
    const struct hostconfig *hc, bool rcconfd, struct tbuf *buf,
    struct diag_sink *ds)
{
	int p;

	if (!safe_hostname(hc->host)) {
		print_refuse(ds, hc->loc, "the host name", "?");
		return -1;
	}
	if (!rcconfd) {
		buf->len = 0;
		p = print_rcconf(ts, hc, RC_ALL, buf, ds);
		if (emit(w, buf, hc->host, rc_part_file[RC_ALL], p, 0644) < 0)
			return -1;
	} else {
		enum rc_part part;

		for (part = RC_NETIF; part < RC__COUNT; part++) {
			buf->len = 0;
			p = print_rcconf(ts, hc, part, buf, ds);
			if (emit(w, buf, hc->host, rc_part_file[part], p,
			    0644) < 0)
				return -1;
		}
	}
	buf->len = 0;
	p = print_setkey(ts, hc, buf, ds);
	if (emit(w, buf, hc->host, "ipsec.conf", p, 0644) < 0)
		return -1;
	buf->len = 0;
	p = print_racoon(ts, hc, buf, ds);
	if (emit(w, buf, hc->host, "racoon.conf", p, 0644) < 0)
		return -1;
	buf->len = 0;
	p = print_psk(ts, hc, buf, ds);
	return emit(w, buf, hc->host, "psk.txt", p, 0600);
}

static void
summary(const struct write_stats *st, bool prune)
{
	fprintf(stderr, "%s: %zu file%s written, %zu unchanged", cli_progname,
	    st->written, st->written == 1 ? "" : "s", st->unchanged);
	if (st->stale_hosts > 0)
		fprintf(stderr, ", %zu stale host folder%s%s (%s)",
		    st->stale_hosts, st->stale_hosts == 1 ? "" : "s",
		    prune ? " removed" : "", st->stale_names);
	if (st->stale_files > 0 && !(st->stale_hosts > 0 && prune))
		fprintf(stderr, ", %zu stale file%s%s", st->stale_files,
		    st->stale_files == 1 ? "" : "s", prune ? " removed" : "");
	fputc('\n', stderr);
}

int
cmd_compile(int argc, char **argv)
{
	struct compile_opts o;
	struct diag_sink *ds;
	struct tmpl_set ts;
	struct topology *t = NULL;
	struct lowerer *lw = NULL;
	struct writer *w = NULL;
	struct write_stats st;
	struct tbuf buf = { 0 };
	size_t h;
	int rc;

	if (parse_opts(argc, argv, &o) < 0)
		return EXIT_TROUBLE;
	ds = cli_diag_sink(&o.common);

	/* A bad template is found before anything else is done. */
	if (tmpl_set_load(&ts, o.templates, ds) < 0) {
		rc = EXIT_TROUBLE;
		goto out;
	}
	if ((rc = frontend_check(o.topology, ds, &t)) != EXIT_OK)
		goto out;
	/* Self-check first, one tunnel at a time; then one host at a time. */
	lw = lowerer_new(t);
	if (lower_check(lw, ds) > 0) {
		diag_flush(ds);
		fprintf(stderr, "%s: internal error: the two ends of a tunnel "
		    "do not mirror each other; nothing written\n",
		    cli_progname);
		rc = EXIT_TROUBLE;
		goto out;
	}
	diag_flush(ds);

	if ((w = writer_open(o.outdir, o.direct)) == NULL) {
		rc = EXIT_TROUBLE;
		goto out;
	}
	for (h = 0; h < t->nhosts; h++) {
		if (lower_ntunnels(lw, h) == 0)
			continue;	/* no tunnels: no folder */
		if (emit_host(w, &ts, lower_host(lw, h), o.rcconfd, &buf,
		    ds) < 0) {
			writer_abort(w);
			diag_flush(ds);
			fprintf(stderr, "%s: nothing written\n", cli_progname);
			rc = EXIT_TROUBLE;
			goto out;
		}
	}
	if (writer_commit(w, o.prune, &st) < 0)
		rc = EXIT_TROUBLE;
	else if (!o.common.quiet && o.common.format == DIAG_TEXT)
		summary(&st, o.prune);	/* JSON stays parseable */
	write_stats_free(&st);
out:
	diag_flush(ds);
	diag_sink_free(ds);
	tbuf_free(&buf);
	lowerer_free(lw);
	topology_free(t);
	tmpl_set_free(&ts);
	return rc;
}
