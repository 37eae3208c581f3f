/*
 * The tunnel table: every tunnel lint inferred, one row each, in text
 * (aligned columns) or JSON.
 */
#include "validate/lint.h"

#include <stdlib.h>
#include <string.h>

static const char *
host_of(const struct lint_peer *peers, long h)
{
	return h < 0 ? "-" : peers[h].hc->host;
}

static void
cells(const struct lint_tunnel *t, const struct lint_peer *peers,
    char c[9][112])
{
	char a[ADDR_STRLEN], b[ADDR_STRLEN];

	snprintf(c[0], 112, "%s", host_of(peers, t->host[0]));
	snprintf(c[1], 112, "%s", t->iface[0] ? t->iface[0]->name : "-");
	snprintf(c[2], 112, "%s", host_of(peers, t->host[1]));
	snprintf(c[3], 112, "%s", t->iface[1] ? t->iface[1]->name : "-");
	snprintf(c[4], 112, "%s",
	    t->type == TUN_GRE ? "gre" : t->type == TUN_GIF ? "gif" : "ipsec");
	snprintf(c[5], 112, "%s -> %s", addr_format(&t->outer[0], a),
	    addr_format(&t->outer[1], b));
	if (t->type == TUN_IPSEC) {
		char pa[PREFIX_STRLEN], pb[PREFIX_STRLEN];

		snprintf(c[6], 112, "%s <-> %s", prefix_format(&t->flow[0], pa),
		    prefix_format(&t->flow[1], pb));
	} else if (t->inner[0].family != 0)
		snprintf(c[6], 112, "%s/%u -> %s", addr_format(&t->inner[0], a),
		    t->inner_len, t->inner[1].family ?
		    addr_format(&t->inner[1], b) : "-");
	else
		snprintf(c[6], 112, "-");
	snprintf(c[7], 112, "%s", t->protection[0] ? t->protection : "none");
	snprintf(c[8], 112, "%s", lint_status_names[t->status]);
}

static void
jstr(FILE *f, const char *s)
{
	putc('"', f);
	for (; *s != '\0'; s++) {
		if (*s == '"' || *s == '\\')
			putc('\\', f);
		if ((unsigned char)*s < 0x20)
			fprintf(f, "\\u%04x", (unsigned char)*s);
		else
			putc(*s, f);
	}
	putc('"', f);
}

void
lint_table_print(const struct lint_table *tab, const struct lint_peer *peers,
    FILE *f, bool json)
{
	static const char *const head[9] = { "HOST", "IFACE", "PEER", "IFACE",
	    "TYPE", "OUTER", "INNER", "PROTECTION", "STATUS" };
	static const char *const keys[9] = { "host", "iface", "peer",
	    "peer_iface", "type", "outer", "inner", "protection", "status" };
	size_t w[9], i, k;
	char c[9][112];

	if (json) {
		fputs("[", f);
		for (i = 0; i < tab->nrows; i++) {
			const struct lint_tunnel *t = &tab->rows[i];
			char a[ADDR_STRLEN];

			cells(t, peers, c);
			fputs(i ? ",\n{" : "\n{", f);
			for (k = 0; k < 9; k++) {
				if (k == 5 || k == 6)
					continue;
				fprintf(f, "%s\"%s\":", k ? "," : "", keys[k]);
				jstr(f, c[k]);
			}
			fputs(",\"outer\":[", f);
			jstr(f, addr_format(&t->outer[0], a));
			putc(',', f);
			jstr(f, addr_format(&t->outer[1], a));
			fputs("],\"inner\":[", f);
			jstr(f, t->inner[0].family ?
			    addr_format(&t->inner[0], a) : "");
			putc(',', f);
			jstr(f, t->inner[1].family ?
			    addr_format(&t->inner[1], a) : "");
			fprintf(f, "],\"inner_len\":%u,\"mtu\":[%d,%d]}",
			    t->inner_len, t->mtu[0], t->mtu[1]);
		}
		fputs(tab->nrows ? "\n]\n" : "]\n", f);
		return;
	}
	for (k = 0; k < 9; k++)
		w[k] = strlen(head[k]);
	for (i = 0; i < tab->nrows; i++) {
		cells(&tab->rows[i], peers, c);
		for (k = 0; k < 9; k++)
			if (strlen(c[k]) > w[k])
				w[k] = strlen(c[k]);
	}
	for (k = 0; k < 9; k++)
		fprintf(f, "%-*s%s", k < 8 ? (int)w[k] : 0, head[k],
		    k < 8 ? "  " : "\n");
	for (i = 0; i < tab->nrows; i++) {
		cells(&tab->rows[i], peers, c);
		for (k = 0; k < 9; k++)
			fprintf(f, "%-*s%s", k < 8 ? (int)w[k] : 0, c[k],
			    k < 8 ? "  " : "\n");
	}
}
