/*
 * Inner addresses of gre/gif tunnels (rule 4).
 *
 *   inner-too-small          a /32 or /128 cannot hold two addresses
 *   inner-family-mismatch    mapping form: the two ends differ in family
 *   inner-length-mismatch    mapping form: the two ends differ in length
 *   inner-outside-prefix     mapping form: B is not in A's prefix
 *   inner-same-address       mapping form: both ends have one address
 *   inner-network-address    an end has the network address
 *   inner-broadcast-address  an end has the IPv4 broadcast address
 *
 * The network and broadcast rules do not apply to /31 and /127, where both
 * addresses are usable (point-to-point).
 */
#include "validate/checks.h"

#include "model/derive.h"

static void
prefix_form(const struct topology *top, const struct tunnel *t,
    struct diag_sink *ds)
{
	char p[PREFIX_STRLEN];

	(void)top;
	if (t->inner_prefix.addr.family == 0)
		return;
	if (prefix_host_bits(&t->inner_prefix) == 0)
		diag_error(ds, topo_loc(top, t->inner_loc), "inner-too-small",
		    "tunnel '%s': inner prefix %s cannot hold two addresses",
		    t->name, prefix_format(&t->inner_prefix, p));
}

/* Network or broadcast address of its own prefix (more than two addresses). */
static void
special_address(const struct topology *top, const struct tunnel *t, int e,
    struct diag_sink *ds)
{
	const struct tunnel_end *end = &t->end[e];
	const struct host *h = end_host(top, t, e);
	struct prefix net;
	struct addr last;
	char a[ADDR_STRLEN], p[PREFIX_STRLEN];

	prefix_mask(&end->inner, end->inner_plen, &net);
	if (prefix_host_bits(&net) < 2)
		return;
	if (addr_eq(&end->inner, &net.addr)) {
		diag_error(ds, topo_loc(top, end->inner_loc),
		    "inner-network-address",
		    "tunnel '%s': inner address %s of host '%s' is the network "
		    "address of %s", t->name, addr_format(&end->inner, a),
		    h != NULL ? h->name : "?", prefix_format(&net, p));
		return;
	}
	prefix_last(&net, &last);
	if (end->inner.family == AF_V4 && addr_eq(&end->inner, &last))
		diag_error(ds, topo_loc(top, end->inner_loc),
		    "inner-broadcast-address",
		    "tunnel '%s': inner address %s of host '%s' is the "
		    "broadcast address of %s", t->name,
		    addr_format(&end->inner, a), h != NULL ? h->name : "?",
		    prefix_format(&net, p));
}

static void
mapping_form(const struct topology *top, const struct tunnel *t,
    struct diag_sink *ds)
{
	const struct tunnel_end *a = &t->end[0], *b = &t->end[1];
	const struct host *ha = end_host(top, t, 0), *hb = end_host(top, t, 1);
	const char *na = ha != NULL ? ha->name : "?";
	const char *nb = hb != NULL ? hb->name : "?";
	struct prefix pa;
	char x[ADDR_STRLEN], p[PREFIX_STRLEN];
	int e;

	if (a->inner.family == 0 || b->inner.family == 0)
		return;
	if (a->inner.family != b->inner.family) {
		diag_error(ds, topo_loc(top, b->inner_loc),
		    "inner-family-mismatch",
		    "tunnel '%s': the inner address of host '%s' is %s, but "
		    "that of host '%s' is %s", t->name, nb,
		    family_name(b->inner.family), na,
		    family_name(a->inner.family));
		diag_note(ds, topo_loc(top, a->inner_loc),
		    "the inner address of host '%s' "
		    "is here", na);
		return;
	}
	if (a->inner_plen == addr_bits(&a->inner)) {
		diag_error(ds, topo_loc(top, a->inner_loc), "inner-too-small",
		    "tunnel '%s': inner prefix length /%u cannot hold two "
		    "addresses", t->name, a->inner_plen);
		return;
	}
	if (a->inner_plen != b->inner_plen) {
		diag_error(ds, topo_loc(top, b->inner_loc),
		    "inner-length-mismatch",
		    "tunnel '%s': the inner prefix length of host '%s' is /%u, "
		    "but that of host '%s' is /%u", t->name, nb, b->inner_plen,
		    na, a->inner_plen);
		diag_note(ds, topo_loc(top, a->inner_loc),
		    "the inner address of host '%s' "
		    "is here", na);
	}
	prefix_mask(&a->inner, a->inner_plen, &pa);
	if (!prefix_contains(&pa, &b->inner)) {
		diag_error(ds, topo_loc(top, b->inner_loc),
		    "inner-outside-prefix",
		    "tunnel '%s': inner address %s is outside %s", t->name,
		    addr_format(&b->inner, x), prefix_format(&pa, p));
		diag_note(ds, topo_loc(top, a->inner_loc),
		    "the prefix is that of host '%s', "
		    "here", na);
		return;
	}
	if (addr_eq(&a->inner, &b->inner)) {
		diag_error(ds, topo_loc(top, b->inner_loc),
		    "inner-same-address",
		    "tunnel '%s': hosts '%s' and '%s' have the same inner "
		    "address %s", t->name, na, nb, addr_format(&b->inner, x));
		diag_note(ds, topo_loc(top, a->inner_loc),
		    "the inner address of host '%s' "
		    "is here", na);
		return;
	}
	for (e = 0; e < 2; e++)
		special_address(top, t, e, ds);
}

void
check_inner(const struct topology *top, struct diag_sink *ds)
{
	size_t i;

	for (i = 0; i < top->ntunnels; i++) {
		const struct tunnel *t = &top->tunnels[i];

		if (t->type == TUN_IPSEC || !t->has_inner)
			continue;
		if (t->inner_is_map)
			mapping_form(top, t, ds);
		else
			prefix_form(top, t, ds);
	}
}
