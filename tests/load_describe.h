/*
 * A loaded topology and its reports as text, to compare two loads of one
 * input whole (the split's unit test and its fuzzer).  The caller frees
 * the string.
 */
#ifndef TG_TESTS_LOAD_DESCRIBE_H
#define TG_TESTS_LOAD_DESCRIBE_H

#include <stdio.h>

#include "compiler/load.h"

static inline char *
load_describe(enum load_status st, const struct topology *t,
    struct diag_sink *ds)
{
	const struct diag_item *it;
	char *buf = NULL;
	size_t n, i, blen = 0;
	FILE *f = open_memstream(&buf, &blen);

	if (f == NULL)
		return NULL;
	fprintf(f, "status %d\n", (int)st);
	it = diag_items(ds, &n);
	for (i = 0; i < n; i++)
		fprintf(f, "%u:%u: %d %s %s\n", it[i].loc.line, it[i].loc.col,
		    (int)it[i].severity, it[i].code ? it[i].code : "-",
		    it[i].message);
	if (t != NULL) {
		fprintf(f, "%zu hosts, %zu tunnels\n", t->nhosts, t->ntunnels);
		for (i = 0; i < t->nhosts; i++)
			fprintf(f, "h %s %u:%u\n", t->hosts[i].name,
			    t->hosts[i].name_loc.line,
			    t->hosts[i].name_loc.col);
		for (i = 0; i < t->ntunnels; i++) {
			const struct tunnel *tu = &t->tunnels[i];

			fprintf(f, "t %s %u:%u %u-%u mtu %d at %u:%u\n",
			    tu->name, tu->name_loc.line, tu->name_loc.col,
			    tu->end[0].host, tu->end[1].host, tu->mtu,
			    tu->mtu_loc.line, tu->mtu_loc.col);
		}
	}
	fclose(f);
	return buf;
}

#endif
