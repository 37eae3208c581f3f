/*
 * The checks on more than one thread report exactly what they report on
 * one: the same diagnostics, notes under the same reports, in the same
 * order, with the same counts.  The topology is big and wrong in many ways
 * at once, so that every check has something to say.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "compiler/load.h"
#include "model/derive.h"
#include "tests/tap.h"
#include "tests/textbuf.h"
#include "validate/validate.h"

#define NHOSTS	3000

static struct textbuf tb;


/* Hosts in pairs, a tunnel per pair, and a planted mistake every so often. */
static void
make_topology(void)
{
	size_t i;

	tb_put(&tb, "version: 1\nhosts:\n");
	for (i = 0; i < NHOSTS; i++) {
		/* Every 101st host reuses h0's outer address. */
		size_t a = i % 101 == 100 ? 0 : i;

		tb_put(&tb, "  h%zu: {address: 10.%zu.%zu.1, networks: [172.%zu.%zu.0/24",
		    i, a / 200, a % 200, 16 + i / 200, i % 200);
		/* Every 211th overlaps its own first network. */
		if (i % 211 == 5)
			tb_put(&tb, ", 172.%zu.%zu.128/25", 16 + i / 200, i % 200);
		tb_put(&tb, "]}\n");
	}
	tb_put(&tb, "tunnels:\n");
	for (i = 0; i + 1 < NHOSTS; i += 2) {
		tb_put(&tb, "  t%zu:\n    between: [h%zu, h%zu]\n", i, i, i + 1);
		if (i % 79 == 3)	/* IPv6 inside, below its MTU */
			tb_put(&tb, "    type: gif\n    mtu: 1200\n"
			    "    inner: 2001:db8:%zx::/127\n", i);
		else if (i % 59 == 4)	/* two checks report this place */
			tb_put(&tb, "    inner: 100.66.0.0/32\n");
		else if (i % 97 == 96)	/* tunnel t0's inner subnet */
			tb_put(&tb, "    inner: 100.64.0.0/30\n");
		else
			tb_put(&tb, "    inner: 100.64.%zu.%zu/30\n", i / 128,
			    (i % 128) * 2);
		if (i % 73 == 1)
			tb_put(&tb, "    interface: { h%zu: gre0 }\n", i);
		if (i % 67 == 3) {
			/* The same pair again, disagreeing on everything. */
			tb_put(&tb, "    interface: { h%zu: gre0 }\n"
			    "    routes: { h%zu: [192.168.0.0/16] }\n"
			    "    ipsec: { psk: k3y-for-tst }\n", i + 1, i);
			tb_put(&tb, "  t%zu-again:\n    between: [h%zu, h%zu]\n"
			    "    inner: 100.65.%zu.%zu/30\n"
			    "    interface: { h%zu: gre0 }\n"
			    "    routes: { h%zu: [192.168.1.0/24] }\n"
			    "    ipsec: { psk: other-k3y, "
			    "phase1: { dh-group: 15 } }\n", i, i + 1, i,
			    i / 128, (i % 128) * 2, i + 1, i);
		} else if (i % 89 == 10)	/* routes the world: itself */
			tb_put(&tb, "    routes: { h%zu: [0.0.0.0/0] }\n", i);
		else if (i % 83 == 7)	/* its own network */
			tb_put(&tb, "    routes: { h%zu: [172.%zu.%zu.0/24] }\n", i,
			    16 + i / 200, i % 200);
		else if (i % 67 == 2)
			tb_put(&tb, "    ipsec: { psk: k3y-for-tst, "
			    "phase1: { hash: sha1 } }\n");
	}
}

/* Load, derive and check on `threads` threads. */
static struct diag_sink *
check(size_t threads, bool strict)
{
	struct diag_sink *ds = diag_sink_new(stderr, DIAG_TEXT);
	struct topology *t = NULL;

	diag_set_strict(ds, strict);
	(void)topo_load_buffer("big.yaml", ".", tb.text, tb.len, ds, &t);
	if (t != NULL) {
		derive_topology(t);
		validate_topology_threads(t, ds, threads);
	}
	topology_free(t);
	return ds;
}

static bool
same_item(const struct diag_item *a, const struct diag_item *b)
{
	return a->severity == b->severity && a->loc.line == b->loc.line &&
	    a->loc.col == b->loc.col && a->parent == b->parent &&
	    a->seq == b->seq &&
	    strcmp(a->loc.file ? a->loc.file : "", b->loc.file ?
	    b->loc.file : "") == 0 &&
	    strcmp(a->code ? a->code : "", b->code ? b->code : "") == 0 &&
	    strcmp(a->message, b->message) == 0;
}

static size_t
count_code(const struct diag_item *it, size_t n, const char *code)
{
	size_t i, c = 0;

	for (i = 0; i < n; i++)
		if (it[i].code != NULL && strcmp(it[i].code, code) == 0)
			c++;
	return c;
}

/*
 * Reports at one place come in the order of the checks that made them:
 * check_addresses' overlap before check_inner's prefix size.
 */
static size_t
ties_in_check_order(const struct diag_item *it, size_t n, size_t *wrong)
{
	size_t i, j, ties = 0;

	*wrong = 0;
	for (i = 0; i < n; i++) {
		if (it[i].code == NULL ||
		    strcmp(it[i].code, "inner-too-small") != 0)
			continue;
		for (j = 0; j < n; j++)
			if (it[j].code != NULL && it[j].loc.line ==
			    it[i].loc.line && it[j].loc.col == it[i].loc.col &&
			    strcmp(it[j].code, "inner-overlap") == 0) {
				ties++;
				*wrong += j > i;
			}
	}
	return ties;
}

static void
test_same_reports(bool strict)
{
	static const char *const codes[] = {
		"duplicate-outer-address", "network-overlap", "inner-overlap",
		"route-recursive", "route-overlap", "route-own-network",
		"mtu-range",
		"interface-unit-taken", "weak-algorithm", "ipsec-pair-mismatch",
	};
	struct diag_sink *one = check(1, strict), *two = check(2, strict);
	const struct diag_item *a, *b;
	size_t na, nb, i, notes = 0, first_diff = SIZE_MAX, ties, wrong;

	a = diag_items(one, &na);
	b = diag_items(two, &nb);
	for (i = 0; i < na && i < nb; i++)
		if (!same_item(&a[i], &b[i])) {
			first_diff = i;
			break;
		}
	for (i = 0; i < na; i++)
		notes += a[i].severity == DIAG_NOTE;
	ok(na > 500 && notes > 100, "%s: the big topology draws %zu reports, "
	    "%zu of them notes", strict ? "strict" : "plain", na, notes);
	for (i = 0; i < sizeof(codes) / sizeof(codes[0]); i++)
		ok(count_code(a, na, codes[i]) > 0, "%s: [%s] is among them",
		    strict ? "strict" : "plain", codes[i]);
	ties = ties_in_check_order(b, nb, &wrong);
	ok(ties > 10 && wrong == 0, "%s: of %zu places two checks report, "
	    "%zu have them out of the checks' order", strict ? "strict" :
	    "plain", ties, wrong);
	ok(na == nb && first_diff == SIZE_MAX,
	    "%s: two threads report the same as one (%zu and %zu reports, "
	    "first difference at %zu)", strict ? "strict" : "plain", na, nb,
	    first_diff);
	ok(diag_errors(one) == diag_errors(two) &&
	    diag_warnings(one) == diag_warnings(two) &&
	    diag_hard_errors(one) == diag_hard_errors(two),
	    "%s: and count the same errors (%zu) and warnings (%zu)",
	    strict ? "strict" : "plain", diag_errors(one),
	    diag_warnings(one));
	diag_sink_free(one);
	diag_sink_free(two);
}

int
main(void)
{
	make_topology();
	test_same_reports(false);
	test_same_reports(true);
	tb_free(&tb);
	return tap_done();
}
