/*
 * The rc.conf model as lint reads it: lookups in file order, the last
 * assignment of a name, references and the self-append idiom, locations,
 * and sniffing.
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "grammar/rcconf.h"
#include "tests/tap.h"

static const char text[] =
    "cloned_interfaces=\"gif0\"\n"			/* 1 */
    "ifconfig_gif0=\"inet 10.0.0.1 10.0.0.2\"\n"	/* 2 */
    "if [ -n \"$x\" ]; then\n"				/* 3 */
    "\tcloned_interfaces=\"${cloned_interfaces} gre0\"\n"	/* 4 */
    "fi\n"						/* 5 */
    "  cloned_interfaces=$cloned_interfaces' gre1' other=${x:-y}\n"; /* 6 */

int
main(void)
{
	struct arena *a = arena_new();
	struct diag_sink *ds = diag_sink_new(stderr, DIAG_TEXT);
	struct rcconf_file *f;
	const struct rcconf_assign *c, *last;
	int n;

	f = rcconf_parse("api.conf", text, strlen(text), a, ds);
	ok(diag_errors(ds) == 0, "parses without errors");
	ok(diag_warnings(ds) == 1, "one warning, for the if");
	ok(rcconf_count(f) == 5, "five assignments kept");
	ok(rcconf_at(f, 5) == NULL, "rcconf_at past the end is NULL");

	c = rcconf_lookup(f, "cloned_interfaces");
	for (n = 0, last = c; last != NULL; last = rcconf_next_same(last))
		n++;
	ok(n == 3, "three assignments of cloned_interfaces");
	ok(c != NULL && c->name_loc.line == 1 && c->name_loc.col == 1,
	    "the first is at 1:1");
	ok(c != NULL && c->value_loc.line == 1 && c->value_loc.col == 19,
	    "its value at 1:19");
	is_str(c ? c->value : NULL, "gif0", "value without quotes");
	ok(c != NULL && !rcconf_is_self_append(c), "the first is no append");

	c = c ? rcconf_next_same(c) : NULL;
	ok(c != NULL && c->name_loc.line == 4 && c->name_loc.col == 2,
	    "the second is at 4:2");
	ok(c != NULL && (c->flags & RCCONF_A_CONDITIONAL) && c->cond_group == 1,
	    "the second is conditional");
	ok(c != NULL && rcconf_is_self_append(c), "the second appends");
	is_str(c ? c->value : NULL, "${cloned_interfaces} gre0",
	    "references kept as text");

	last = rcconf_lookup_last(f, "cloned_interfaces");
	ok(last != NULL && last->name_loc.line == 6 && last->name_loc.col == 3,
	    "the last is at 6:3");
	ok(last != NULL && rcconf_is_self_append(last) &&
	    (last->flags & RCCONF_A_QUOTED) && !(last->flags &
	    RCCONF_A_CONDITIONAL), "the last appends, unconditionally");
	is_str(last ? last->value : NULL, "${cloned_interfaces} gre1",
	    "$name is kept as ${name}");
	ok(last != NULL && rcconf_refers_to(last, "cloned_interfaces") &&
	    !rcconf_refers_to(last, "cloned"), "rcconf_refers_to");

	c = rcconf_lookup(f, "other");
	ok(c != NULL && rcconf_refers_to(c, "x") && !rcconf_is_self_append(c) &&
	    c->nsegs == 1 && c->segs[0].complex, "${x:-y} refers to x");
	ok(rcconf_lookup(f, "missing") == NULL, "unknown names: NULL");
	ok(rcconf_lookup_last(f, "missing") == NULL, "and no last one");

	ok(rcconf_sniff(text, strlen(text)), "sniff: rc.conf text");
	ok(!rcconf_sniff("spdadd 10.0.0.0/8 10.1.0.0/16 any -P out none;\n",
	    48), "sniff: not a setkey line");
	ok(!rcconf_sniff("remote anonymous {\n\texchange_mode main;\n}\n", 41),
	    "sniff: not racoon.conf");
	ok(!rcconf_sniff("", 0), "sniff: not an empty file");

	diag_flush(ds);
	diag_sink_free(ds);
	arena_free(a);
	return tap_done();
}
