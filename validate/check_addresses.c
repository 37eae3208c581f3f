/*
 * Addresses across the whole topology (rule 5): outer addresses unique and
 * of one family per tunnel, host networks and inner prefixes pairwise
 * disjoint, and no outer address inside any of them.
 *
 *   duplicate-outer-address  two hosts with the same outer address
 *   outer-family-mismatch    a tunnel between an IPv4 and an IPv6 host
 *   network-overlap          two host networks overlap
 *   outer-in-prefix          an outer address inside a host network
 *   inner-overlap            an inner prefix overlaps a network, another
 *                            inner prefix, or an outer address
 */
#include "validate/checks.h"
#include "validate/introsort.h"

#include <stdio.h>
#include <stdlib.h>

#include "model/arena.h"
#include "model/derive.h"

enum item_kind {
	ITEM_NETWORK,
	ITEM_INNER,
	ITEM_OUTER,
};

struct addr_ctx {
	const struct topology	*top;
	struct diag_sink	*ds;
};

/* qsort has no context argument: sort (address, host) pairs instead. */
struct outer {
	struct addr	 a;
	struct tloc	 loc;
	size_t		 host;
};

static int
outer_cmp(const void *a, const void *b)
{
	const struct outer *x = a, *y = b;
	int c = addr_cmp(&x->a, &y->a);

	if (c != 0)
		return c;
	c = tloc_cmp(x->loc, y->loc);
	if (c != 0)
		return c;
	return x->host < y->host ? -1 : x->host > y->host;
}

INTROSORT(outer_sort, struct outer, outer_cmp)

static void
duplicate_outer(const struct topology *top, struct diag_sink *ds)
{
	struct outer *o;
	size_t i, n = 0, first = 0;
	char buf[ADDR_STRLEN];

	o = xcalloc(top->nhosts + 1, sizeof(*o));
	for (i = 0; i < top->nhosts; i++) {
		if (top->hosts[i].address.family == 0)
			continue;
		o[n].a = top->hosts[i].address;
		o[n].loc = top->hosts[i].address_loc;
		o[n].host = i;
		n++;
	}
	outer_sort(o, n);
	for (i = 1; i < n; i++) {
		const struct host *h, *f;

		if (!addr_eq(&o[i].a, &o[i - 1].a)) {
			first = i;
			continue;
		}
		h = &top->hosts[o[i].host];
		f = &top->hosts[o[first].host];
		diag_error(ds, topo_loc(top, o[i].loc),
		    "duplicate-outer-address",
		    "host '%s' has the same outer address %s as host '%s'",
		    h->name, addr_format(&o[i].a, buf), f->name);
		diag_note(ds, topo_loc(top, o[first].loc),
		    "the address of host '%s' is here",
		    f->name);
	}
	free(o);
}

static void
outer_families(const struct topology *top, struct diag_sink *ds)
{
	size_t i;
	char ba[ADDR_STRLEN], bb[ADDR_STRLEN];

	for (i = 0; i < top->ntunnels; i++) {
		const struct tunnel *t = &top->tunnels[i];
		const struct host *a = end_host(top, t, 0);
		const struct host *b = end_host(top, t, 1);

		if (a == NULL || b == NULL || a->address.family == 0 ||
		    b->address.family == 0 ||
		    a->address.family == b->address.family)
			continue;
		diag_error(ds, topo_loc(top, tloc_or(t->end[1].host_loc,
		    t->between_loc)),
		    "outer-family-mismatch",
		    "tunnel '%s' runs between an %s and an %s address: "
		    "host '%s' has %s, host '%s' has %s", t->name,
		    family_name(a->address.family),
		    family_name(b->address.family), a->name,
		    addr_format(&a->address, ba), b->name,
		    addr_format(&b->address, bb));
		diag_note(ds, topo_loc(top, b->address_loc),
		    "the address of host '%s' is here", b->name);
	}
}

static const char *
describe(const struct addr_ctx *c, const struct sweep_item *it, char *buf,
    size_t len)
{
	char p[PREFIX_STRLEN];

	switch (it->kind) {
	case ITEM_NETWORK:
		snprintf(buf, len, "network %s of host '%s'",
		    prefix_format(&it->p, p), c->top->hosts[it->owner].name);
		break;
	case ITEM_INNER:
		snprintf(buf, len, "inner prefix %s of tunnel '%s'",
		    prefix_format(&it->p, p), c->top->tunnels[it->owner].name);
		break;
	default:
		snprintf(buf, len, "outer address %s of host '%s'",
		    addr_format(&it->p.addr, p), c->top->hosts[it->owner].name);
		break;
	}
	return buf;
}

/* Report at x, with a note at y. */
static void
report_pair(const struct addr_ctx *c, const char *code,
    const struct sweep_item *x, const struct sweep_item *y, const char *verb)
{
	char dx[160], dy[160], dn[160];

	diag_error(c->ds, topo_loc(c->top, x->loc), code, "%s %s %s",
	    describe(c, x, dx, sizeof(dx)), verb,
	    describe(c, y, dy, sizeof(dy)));
	diag_note(c->ds, topo_loc(c->top, y->loc), "the %s is here",
	    describe(c, y, dn, sizeof(dn)));
}

static void
overlap_found(const struct sweep_item *outer, const struct sweep_item *inner,
    void *ctx)
{
	const struct addr_ctx *c = ctx;
	const struct sweep_item *later, *earlier;

	if (inner->kind == ITEM_OUTER) {
		if (outer->kind == ITEM_NETWORK)
			report_pair(c, "outer-in-prefix", inner, outer,
			    "lies inside");
		else
			report_pair(c, "inner-overlap", outer, inner,
			    "contains");
		return;
	}
	if (tloc_cmp(inner->loc, outer->loc) >= 0) {
		later = inner;
		earlier = outer;
	} else {
		later = outer;
		earlier = inner;
	}
	if (outer->kind == ITEM_NETWORK && inner->kind == ITEM_NETWORK) {
		report_pair(c, "network-overlap", later, earlier, "overlaps");
		return;
	}
	/* Report at the inner prefix: the one a tunnel author picked. */
	if (later->kind != ITEM_INNER) {
		const struct sweep_item *tmp = later;

		later = earlier;
		earlier = tmp;
	}
	report_pair(c, "inner-overlap", later, earlier, "overlaps");
}

static void
prefix_overlaps_all(const struct topology *top, struct diag_sink *ds)
{
	struct addr_ctx c = { top, ds };
	struct sweep sw;
	size_t i, j, n = top->nhosts + top->ntunnels;

	for (i = 0; i < top->nhosts; i++)
		n += top->hosts[i].nnetworks;
	sweep_init(&sw, n);
	for (i = 0; i < top->nhosts; i++) {
		const struct host *h = &top->hosts[i];

		for (j = 0; j < h->nnetworks; j++)
			if (h->networks[j].addr.family != 0)
				sweep_add(&sw, &h->networks[j],
				    h->network_locs[j], ITEM_NETWORK, 0, true,
				    i, j);
		if (h->address.family != 0) {
			struct prefix p;

			p.addr = h->address;
			p.len = (uint8_t)addr_bits(&h->address);
			sweep_add(&sw, &p, h->address_loc, ITEM_OUTER, 1,
			    false, i, 0);
		}
	}
	for (i = 0; i < top->ntunnels; i++) {
		const struct tunnel *t = &top->tunnels[i];
		struct prefix p;

		if (tunnel_inner_prefix(t, &p))
			sweep_add(&sw, &p, t->inner_loc, ITEM_INNER, 0, true,
			    i, 0);
	}
	sweep_run(&sw, overlap_found, &c);
}

void
check_addresses(const struct topology *top, struct diag_sink *ds)
{
	duplicate_outer(top, ds);
	outer_families(top, ds);
	prefix_overlaps_all(top, ds);
}
