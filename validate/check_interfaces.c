/*
 * Interface pins and units (rule 3).
 *
 *   interface-type-mismatch  a gre pin on a gif tunnel, or the reverse
 *   interface-unit-taken     two tunnels pin one interface on one host
 *   interface-exhausted      a host needs more units of a type than
 *                            FreeBSD clones (0 to 32767)
 *   bad-interface            (the loader's code) a pin past unit 32767
 */
#include "validate/checks.h"

#include <stdlib.h>

#include "model/arena.h"
#include "model/derive.h"

static const char *
type_name(enum tun_type type)
{
	return type == TUN_GRE ? "gre" : type == TUN_GIF ? "gif" : "ipsec";
}

struct pinned {
	size_t		 host;
	enum tun_type	 type;
	int		 unit;
	struct tloc	 loc;
	size_t		 tunnel;
};

static int
pinned_cmp(const void *a, const void *b)
{
	const struct pinned *x = a, *y = b;
	int c;

	if (x->host != y->host)
		return x->host < y->host ? -1 : 1;
	if (x->type != y->type)
		return x->type < y->type ? -1 : 1;
	if (x->unit != y->unit)
		return x->unit < y->unit ? -1 : 1;
	c = tloc_cmp(x->loc, y->loc);
	if (c != 0)
		return c;
	return x->tunnel < y->tunnel ? -1 : x->tunnel > y->tunnel;
}

static void
pins(const struct topology *top, struct diag_sink *ds)
{
	struct pinned *p;
	size_t i, n = 0, first = 0;
	int e;

	p = xcalloc(2 * top->ntunnels + 1, sizeof(*p));
	for (i = 0; i < top->ntunnels; i++) {
		const struct tunnel *t = &top->tunnels[i];

		if (t->type == TUN_IPSEC)
			continue;
		for (e = 0; e < 2; e++) {
			const struct tunnel_end *end = &t->end[e];

			if (end->pin_unit < 0 || end_host(top, t, e) == NULL)
				continue;
			if (end->pin_unit > TG_UNIT_MAX)
				diag_error(ds, topo_loc(top, end->pin_loc),
				    "bad-interface",
				    "tunnel '%s': interface %s%d is past the "
				    "last unit FreeBSD clones (%s%d)", t->name,
				    type_name(end->pin_type), end->pin_unit,
				    type_name(end->pin_type), TG_UNIT_MAX);
			if (end->pin_type != t->type) {
				diag_error(ds, topo_loc(top, end->pin_loc),
				    "interface-type-mismatch",
				    "tunnel '%s': interface %s%d is a %s "
				    "interface, but the tunnel is of type %s",
				    t->name, type_name(end->pin_type),
				    end->pin_unit, type_name(end->pin_type),
				    type_name(t->type));
				if (tloc_is_set(t->type_loc))
					diag_note(ds, topo_loc(top,
					    t->type_loc),
					    "the type is set here");
			}
			p[n].host = end->host;
			p[n].type = end->pin_type;
			p[n].unit = end->pin_unit;
			p[n].loc = end->pin_loc;
			p[n].tunnel = i;
			n++;
		}
	}
	qsort(p, n, sizeof(*p), pinned_cmp);
	for (i = 1; i < n; i++) {
		if (p[i].host != p[first].host || p[i].type != p[first].type ||
		    p[i].unit != p[first].unit) {
			first = i;
			continue;
		}
		diag_error(ds, topo_loc(top, p[i].loc), "interface-unit-taken",
		    "host '%s': interface %s%d is pinned by tunnel '%s' and "
		    "tunnel '%s'", top->hosts[p[i].host].name,
		    type_name(p[i].type), p[i].unit,
		    top->tunnels[p[first].tunnel].name,
		    top->tunnels[p[i].tunnel].name);
		diag_note(ds, topo_loc(top, p[first].loc),
		    "tunnel '%s' pins it here",
		    top->tunnels[p[first].tunnel].name);
	}
	free(p);
}

/* One report per host and type: the first end that got no unit. */
static void
exhausted(const struct topology *top, struct diag_sink *ds)
{
	size_t *count, i;
	size_t *firstt;
	int e;

	if (top->nhosts == 0)
		return;
	count = xcalloc(2 * top->nhosts, sizeof(*count));
	firstt = xcalloc(2 * top->nhosts, sizeof(*firstt));
	for (i = 0; i < top->ntunnels; i++) {
		const struct tunnel *t = &top->tunnels[i];

		if (t->type == TUN_IPSEC)
			continue;
		for (e = 0; e < 2; e++) {
			size_t s;

			if (t->end[e].pin_unit >= 0 || t->end[e].unit >= 0 ||
			    end_host(top, t, e) == NULL)
				continue;
			s = t->end[e].host * 2 + (t->type == TUN_GRE);
			if (count[s]++ == 0)
				firstt[s] = i * 2 + (size_t)e;
		}
	}
	for (i = 0; i < 2 * top->nhosts; i++) {
		const struct tunnel *t;
		int fe;

		if (count[i] == 0)
			continue;
		t = &top->tunnels[firstt[i] / 2];
		fe = (int)(firstt[i] % 2);
		diag_error(ds, topo_loc(top, tloc_or(t->end[fe].host_loc,
		    t->between_loc)),
		    "interface-exhausted",
		    "tunnel '%s': host '%s' has no %s unit left for it "
		    "(%zu tunnel end%s without one): FreeBSD clones %s0 to "
		    "%s%d only", t->name, top->hosts[t->end[fe].host].name,
		    type_name(t->type), count[i], count[i] == 1 ? "" : "s",
		    type_name(t->type), type_name(t->type), TG_UNIT_MAX);
	}
	free(firstt);
	free(count);
}

void
check_interfaces(const struct topology *top, struct diag_sink *ds)
{
	pins(top, ds);
	exhausted(top, ds);
}
