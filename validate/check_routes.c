/*
 * Routes over gre/gif tunnels (rule 6).  `auto` routes the direct peer's
 * networks of the inner family; a list routes what it names.
 *
 *   route-family          an explicit route not of the inner family
 *   route-own-network     a host routes (part of) its own network away
 *   route-recursive       a route contains a tunnel destination of the
 *                         host: the outer packets would enter a tunnel
 *   route-duplicate       one prefix routed twice on one host
 *   route-overlap         overlapping prefixes over two tunnels (warning)
 *   route-name-collision  two rc.conf route names equal on one host
 */
#include "validate/checks.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model/arena.h"
#include "model/derive.h"

struct route {
	struct prefix	 p;
	struct loc	 loc;		/* the route, or the tunnel's name */
	struct loc	 net_loc;	/* auto: the peer's network */
	size_t		 host;
	size_t		 peer;
	size_t		 tunnel;
	size_t		 idx;		/* among this end's routes */
	bool		 automatic;
	bool		 skip;		/* wrong family: only named */
	const char	*name;		/* rc.conf route name */
	size_t		 name_off;	/* its offset while collecting */
	int		 family;	/* the tunnel's inner family */
	struct loc	 tname_loc;	/* the tunnel's name */
	size_t		 seq;
};

/* A host's networks (or destinations), sorted, with where they came from. */
struct place {
	struct prefix	 p;
	struct loc	 loc;
	size_t		 who;		/* network index, or tunnel index */
};

struct rctx {
	const struct topology	*top;
	struct diag_sink	*ds;
	struct place		*nets;	/* per host: sorted own networks */
	size_t			*netoff;
	struct place		*dsts;	/* per host: sorted destinations */
	size_t			*dstoff;
};

static int
place_cmp(const void *a, const void *b)
{
	const struct place *x = a, *y = b;
	int c = prefix_cmp(&x->p, &y->p);

	if (c != 0)
		return c;
	return x->who < y->who ? -1 : x->who > y->who;
}

/* Index of the last place <= p in [lo, hi), or hi when none. */
static size_t
place_floor(const struct place *pl, size_t lo, size_t hi,
    const struct prefix *p)
{
	size_t end = hi, found = hi;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (prefix_cmp(&pl[mid].p, p) <= 0) {
			found = mid;
			lo = mid + 1;
		} else
			hi = mid;
	}
	return found < end ? found : end;
}

static void
build_places(struct rctx *c)
{
	const struct topology *top = c->top;
	size_t i, j, n = 0, *fill;
	int e;

	c->netoff = xcalloc(top->nhosts + 1, sizeof(*c->netoff));
	c->dstoff = xcalloc(top->nhosts + 1, sizeof(*c->dstoff));
	for (i = 0; i < top->nhosts; i++) {
		n += top->hosts[i].nnetworks;
		c->netoff[i + 1] = n;
	}
	c->nets = xcalloc(n + 1, sizeof(*c->nets));
	for (i = 0; i < top->nhosts; i++) {
		const struct host *h = &top->hosts[i];
		struct place *seg = c->nets + c->netoff[i];

		for (j = 0; j < h->nnetworks; j++) {
			seg[j].p = h->networks[j];
			seg[j].loc = h->network_locs[j];
			seg[j].who = j;
		}
		qsort(seg, h->nnetworks, sizeof(*seg), place_cmp);
	}
	/* Destinations: every tunnel's far outer address, per near host. */
	for (i = 0; i < top->ntunnels; i++) {
		const struct tunnel *t = &top->tunnels[i];

		if (end_host(top, t, 0) == NULL || end_host(top, t, 1) == NULL)
			continue;
		for (e = 0; e < 2; e++)
			c->dstoff[t->end[e].host + 1]++;
	}
	for (i = 0; i < top->nhosts; i++)
		c->dstoff[i + 1] += c->dstoff[i];
	c->dsts = xcalloc(c->dstoff[top->nhosts] + 1, sizeof(*c->dsts));
	fill = xcalloc(top->nhosts + 1, sizeof(*fill));
	for (i = 0; i < top->nhosts; i++)
		fill[i] = c->dstoff[i];
	for (i = 0; i < top->ntunnels; i++) {
		const struct tunnel *t = &top->tunnels[i];

		if (end_host(top, t, 0) == NULL || end_host(top, t, 1) == NULL)
			continue;
		for (e = 0; e < 2; e++) {
			const struct host *far = end_host(top, t, 1 - e);
			struct place *d = &c->dsts[fill[t->end[e].host]++];

			d->p.addr = far->address;
			d->p.len = (uint8_t)addr_bits(&far->address);
			d->loc = far->address_loc;
			d->who = i;
		}
	}
	for (i = 0; i < top->nhosts; i++)
		qsort(c->dsts + c->dstoff[i], c->dstoff[i + 1] - c->dstoff[i],
		    sizeof(*c->dsts), place_cmp);
	free(fill);
}

static const char *
route_desc(const struct rctx *c, const struct route *r, char *buf, size_t len)
{
	char p[PREFIX_STRLEN];

	if (r->automatic)
		snprintf(buf, len, "the automatic route to network %s of "
		    "host '%s'", prefix_format(&r->p, p),
		    c->top->hosts[r->peer].name);
	else
		snprintf(buf, len, "route %s", prefix_format(&r->p, p));
	return buf;
}

static void
note_auto(const struct rctx *c, const struct route *r)
{
	if (r->automatic)
		diag_note(c->ds, r->net_loc, "network of host '%s', routed by "
		    "`routes: auto`", c->top->hosts[r->peer].name);
}

/* Explicit routes only: auto routes are the peer's, checked as networks. */
static void
own_network(const struct rctx *c, const struct route *r)
{
	size_t lo = c->netoff[r->host], hi = c->netoff[r->host + 1], k;
	const struct host *h = &c->top->hosts[r->host];
	char p[PREFIX_STRLEN], q[PREFIX_STRLEN];

	k = place_floor(c->nets, lo, hi, &r->p);
	if (k == hi || !prefix_covers(&c->nets[k].p, &r->p))
		return;
	if (prefix_cmp(&c->nets[k].p, &r->p) == 0)
		diag_error(c->ds, r->loc, "route-own-network",
		    "tunnel '%s': host '%s' routes its own network %s over "
		    "the tunnel", c->top->tunnels[r->tunnel].name, h->name,
		    prefix_format(&r->p, p));
	else
		diag_error(c->ds, r->loc, "route-own-network",
		    "tunnel '%s': route %s of host '%s' lies inside its own "
		    "network %s", c->top->tunnels[r->tunnel].name,
		    prefix_format(&r->p, p), h->name,
		    prefix_format(&c->nets[k].p, q));
	diag_note(c->ds, c->nets[k].loc, "the network of host '%s' is here",
	    h->name);
}

static void
recursive(const struct rctx *c, const struct route *r)
{
	const struct topology *top = c->top;
	const struct tunnel *t = &top->tunnels[r->tunnel];
	const struct host *h = &top->hosts[r->host];
	const struct host *peer = &top->hosts[r->peer];
	size_t lo = c->dstoff[r->host], hi = c->dstoff[r->host + 1], k;
	char d[160], a[ADDR_STRLEN];

	if (prefix_contains(&r->p, &peer->address)) {
		diag_error(c->ds, r->loc, "route-recursive",
		    "tunnel '%s': %s on host '%s' contains the tunnel's own "
		    "destination %s (host '%s'): the tunnel would route into "
		    "itself", t->name, route_desc(c, r, d, sizeof(d)), h->name,
		    addr_format(&peer->address, a), peer->name);
		note_auto(c, r);
		return;
	}
	/* The first destination at or after the route's first address. */
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (addr_cmp(&c->dsts[mid].p.addr, &r->p.addr) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	k = lo;
	hi = c->dstoff[r->host + 1];
	if (k == hi || !prefix_contains(&r->p, &c->dsts[k].p.addr))
		return;
	{
		const struct tunnel *u = &top->tunnels[c->dsts[k].who];
		const struct host *far = end_host(top, u, 0) == h ?
		    end_host(top, u, 1) : end_host(top, u, 0);

		diag_error(c->ds, r->loc, "route-recursive",
		    "tunnel '%s': %s on host '%s' contains %s, the destination "
		    "of tunnel '%s' (host '%s'): its outer packets would enter "
		    "tunnel '%s'", t->name, route_desc(c, r, d, sizeof(d)),
		    h->name, addr_format(&c->dsts[k].p.addr, a), u->name,
		    far != NULL ? far->name : "?", t->name);
		note_auto(c, r);
		diag_note(c->ds, c->dsts[k].loc, "the outer address of host "
		    "'%s' is here", far != NULL ? far->name : "?");
	}
}

static void
duplicates(const struct rctx *c, const struct route *r, size_t n)
{
	const struct route **stack;
	struct pkey *k;
	size_t i, nk = 0, depth = 0;
	uint32_t group = 0;
	char dx[160], dy[160];

	k = xcalloc(n + 1, sizeof(*k));
	for (i = 0; i < n; i++) {
		if (r[i].skip)
			continue;
		pkey_set(&k[nk], &r[i].p, r[i].loc, i);
		k[nk].group = (uint32_t)r[i].host;
		nk++;
	}
	pkey_sort(k, nk);
	stack = xcalloc(nk + 1, sizeof(*stack));
	for (i = 0; i < nk; i++) {
		const struct route *x = &r[k[i].idx], *y;
		const struct tunnel *tx = &c->top->tunnels[x->tunnel], *ty;

		if (i == 0 || k[i].group != group)
			depth = 0;
		group = k[i].group;
		while (depth > 0 && !prefix_covers(&stack[depth - 1]->p, &x->p))
			depth--;
		stack[depth++] = x;
		if (depth < 2)
			continue;
		y = stack[depth - 2];
		ty = &c->top->tunnels[y->tunnel];
		if (prefix_cmp(&x->p, &y->p) == 0 && x->tunnel == y->tunnel) {
			diag_error(c->ds, x->loc, "route-duplicate",
			    "host '%s' routes %s over tunnel '%s' twice",
			    c->top->hosts[x->host].name,
			    prefix_format(&x->p, dx), tx->name);
			diag_note(c->ds, y->loc, "%s over tunnel '%s' is here",
			    route_desc(c, y, dy, sizeof(dy)), ty->name);
		} else if (prefix_cmp(&x->p, &y->p) == 0) {
			diag_error(c->ds, x->loc, "route-duplicate",
			    "host '%s' routes %s over tunnel '%s' and over "
			    "tunnel '%s'", c->top->hosts[x->host].name,
			    prefix_format(&x->p, dx), ty->name, tx->name);
			diag_note(c->ds, y->loc, "%s over tunnel '%s' is here",
			    route_desc(c, y, dy, sizeof(dy)), ty->name);
		} else if (x->tunnel != y->tunnel) {
			diag_warning(c->ds, x->loc, "route-overlap",
			    "host '%s': %s over tunnel '%s' overlaps route %s "
			    "over tunnel '%s'", c->top->hosts[x->host].name,
			    route_desc(c, x, dx, sizeof(dx)), tx->name,
			    prefix_format(&y->p, dy), ty->name);
			diag_note(c->ds, y->loc, "%s over tunnel '%s' is here",
			    route_desc(c, y, dy, sizeof(dy)), ty->name);
		}
	}
	free(stack);
	free(k);
}

/* Names sort by a hash first: equal names (and rare collisions) meet. */
struct name_key {
	uint64_t	 hash;
	const char	*name;
	uint32_t	 line, col;
	uint32_t	 idx;
};

static uint64_t
name_hash(size_t host, int family, const char *s)
{
	uint64_t h = 1469598103934665603ULL;	/* FNV-1a */

	h = (h ^ (uint64_t)host) * 1099511628211ULL;
	h = (h ^ (uint64_t)family) * 1099511628211ULL;
	for (; *s != '\0'; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211ULL;
	return h;
}

static int
name_key_cmp(const void *a, const void *b)
{
	const struct name_key *x = a, *y = b;
	int c;

	if (x->hash != y->hash)
		return x->hash < y->hash ? -1 : 1;
	c = strcmp(x->name, y->name);
	if (c != 0)
		return c;
	if (x->line != y->line)
		return x->line < y->line ? -1 : 1;
	if (x->col != y->col)
		return x->col < y->col ? -1 : 1;
	return x->idx < y->idx ? -1 : x->idx > y->idx;
}

/* One report per pair of tunnels, however many of their names collide. */
static void
name_collisions(const struct rctx *c, const struct route *r, size_t n)
{
	struct name_key *k;
	size_t i, first = 0, last_a = (size_t)-1, last_b = (size_t)-1;

	k = xcalloc(n + 1, sizeof(*k));
	for (i = 0; i < n; i++) {
		k[i].hash = name_hash(r[i].host, r[i].p.addr.family, r[i].name);
		k[i].name = r[i].name;
		k[i].line = r[i].tname_loc.line;
		k[i].col = r[i].tname_loc.col;
		k[i].idx = (uint32_t)i;
	}
	qsort(k, n, sizeof(*k), name_key_cmp);
	for (i = 1; i < n; i++) {
		const struct route *x = &r[k[i].idx], *y = &r[k[first].idx];

		if (x->host != y->host ||
		    x->p.addr.family != y->p.addr.family ||
		    strcmp(x->name, y->name) != 0) {
			first = i;
			continue;
		}
		if (x->tunnel == y->tunnel ||
		    (last_a == y->tunnel && last_b == x->tunnel))
			continue;
		last_a = y->tunnel;
		last_b = x->tunnel;
		diag_error(c->ds, x->tname_loc, "route-name-collision",
		    "host '%s': tunnel '%s' and tunnel '%s' both give the "
		    "rc.conf route name '%s'", c->top->hosts[x->host].name,
		    c->top->tunnels[y->tunnel].name,
		    c->top->tunnels[x->tunnel].name, x->name);
		diag_note(c->ds, y->tname_loc, "tunnel '%s' is here",
		    c->top->tunnels[y->tunnel].name);
	}
	free(k);
}

/* Routes and their names, grown as the tunnels are walked once. */
struct routes {
	struct route	*r;
	size_t		 n, cap;
	char		*pool;
	size_t		 plen, pcap;
};

static void
push_route(struct routes *rs, const struct route *r, const struct tunnel *t)
{
	size_t need = strlen(t->name) + 24;

	if (rs->n == rs->cap) {
		rs->cap = rs->cap ? 2 * rs->cap : 256;
		rs->r = xreallocarray(rs->r, rs->cap, sizeof(*rs->r));
	}
	if (rs->plen + need > rs->pcap) {
		rs->pcap = rs->pcap ? 2 * rs->pcap : 4096;
		if (rs->pcap < rs->plen + need)
			rs->pcap = rs->plen + need;
		rs->pool = xrealloc(rs->pool, rs->pcap);
	}
	rs->r[rs->n] = *r;
	rs->r[rs->n].seq = rs->n;
	/* An offset for now: the pool may still move. */
	rs->r[rs->n].name_off = rs->plen;
	route_name(t, r->idx, rs->pool + rs->plen, need);
	rs->plen += strlen(rs->pool + rs->plen) + 1;
	rs->n++;
}

/* Each end's routes, in the order route_name() numbers them. */
static void
collect(const struct topology *top, struct routes *rs)
{
	size_t i, j;
	int e;

	for (i = 0; i < top->ntunnels; i++) {
		const struct tunnel *t = &top->tunnels[i];
		int fam = tunnel_inner_family(t);

		if (t->type == TUN_IPSEC || end_host(top, t, 0) == NULL ||
		    end_host(top, t, 1) == NULL)
			continue;
		for (e = 0; e < 2; e++) {
			const struct tunnel_end *end = &t->end[e];
			const struct host *peer = end_host(top, t, 1 - e);
			struct route r;

			memset(&r, 0, sizeof(r));
			r.host = end->host;
			r.peer = t->end[1 - e].host;
			r.tunnel = i;
			r.family = fam;
			r.tname_loc = t->name_loc;
			if (t->routes == ROUTES_AUTO && fam != 0) {
				for (j = 0; j < peer->nnetworks; j++) {
					r.p = peer->networks[j];
					if (r.p.addr.family != fam)
						continue;
					r.loc = t->name_loc;
					r.net_loc = peer->network_locs[j];
					r.automatic = true;
					push_route(rs, &r, t);
					r.idx++;
				}
			} else if (t->routes == ROUTES_LIST) {
				for (j = 0; j < end->nroutes; j++) {
					r.p = end->routes[j];
					r.loc = end->route_locs[j];
					push_route(rs, &r, t);
					r.idx++;
				}
			}
		}
	}
	for (i = 0; i < rs->n; i++)
		rs->r[i].name = rs->pool + rs->r[i].name_off;
}

void
check_routes(const struct topology *top, struct diag_sink *ds)
{
	struct rctx c = { top, ds, NULL, NULL, NULL, NULL };
	struct routes rs = { NULL, 0, 0, NULL, 0, 0 };
	struct route *r;
	size_t i;
	char p[PREFIX_STRLEN];

	build_places(&c);
	collect(top, &rs);
	r = rs.r;
	for (i = 0; i < rs.n; i++) {
		/* The wrong family takes no part in the rest. */
		if (!r[i].automatic && r[i].family != 0 &&
		    r[i].p.addr.family != r[i].family) {
			const struct tunnel *t = &top->tunnels[r[i].tunnel];

			diag_error(ds, r[i].loc, "route-family",
			    "tunnel '%s': route %s is %s, but the tunnel "
			    "carries %s", t->name, prefix_format(&r[i].p, p),
			    family_name(r[i].p.addr.family),
			    family_name(r[i].family));
			if (loc_is_set(t->inner_loc))
				diag_note(ds, t->inner_loc, "the inner "
				    "addresses are set here");
			r[i].skip = true;
			continue;
		}
		if (!r[i].automatic)
			own_network(&c, &r[i]);
		recursive(&c, &r[i]);
	}
	duplicates(&c, r, rs.n);
	name_collisions(&c, r, rs.n);

	free(rs.pool);
	free(rs.r);
	free(c.nets);
	free(c.netoff);
	free(c.dsts);
	free(c.dstoff);
}
