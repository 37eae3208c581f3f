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
#include "validate/introsort.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model/arena.h"
#include "model/derive.h"
#include "model/u64set.h"

/*
 * One route of one tunnel end as collected: 16 bytes, since a big topology
 * has a few per tunnel; everything else about it is read from the model
 * (route_view()).
 */
struct rrec {
	uint32_t	 tunnel;
	uint32_t	 idx;		/* among this end's routes: its name */
	uint32_t	 j;		/* in the peer's networks, or the list */
	uint8_t		 end;
	bool		 automatic;
	bool		 skip;		/* wrong family: only named */
};

/* A route with what the checks read of it. */
struct route {
	const struct prefix *p;
	struct tloc	 loc;		/* the route, or the tunnel's name */
	struct tloc	 net_loc;	/* auto: the peer's network */
	size_t		 host;
	size_t		 peer;
	size_t		 tunnel;
	size_t		 idx;
	bool		 automatic;
};

/* A host's networks (or destinations), sorted, with where they came from. */
struct place {
	struct prefix	 p;
	uint32_t	 who;		/* network index, or tunnel index */
};

/*
 * Route names are made when needed, not kept: sorting by a hash of (host,
 * family, name) brings equal names together, and only a run of equal
 * hashes has its names made and compared.
 */
struct name_key {
	uint64_t	 hash;
	uint32_t	 line, col;	/* the tunnel's name */
	uint32_t	 idx;		/* the route */
};

/* A run's member with its name made. */
struct named {
	char		 name[TG_ROUTE_NAME_MAX];
	struct name_key	 k;
	size_t		 host;
	int		 family;
};

/*
 * FNV-1a of (host, family, the route's name), the name hashed as
 * route_name() would write it without writing it: equal names hash
 * equal, and only the rare equal hashes get their names made.
 */
/*
 * Every check here is about one host's routes, so hosts are checked one at
 * a time with scratch sized for the busiest: the memory of the check is
 * that of one host, and its sorts are many small ones.
 */
struct rctx {
	const struct topology	*top;
	struct diag_sink	*ds;
	/* Each host's tunnel ends (tunnel << 1 | end), in tunnel order. */
	uint32_t		*off;
	uint32_t		*ends;
	/* The host being checked: sorted networks and destinations, and
	   its routes in the order route_name() numbers them. */
	struct place		*nets, *dsts;
	size_t			 nnets, ndsts, capnets, capdsts;
	struct rrec		*routes;
	size_t			 nroutes, caproutes;
	/* The sorts' scratch. */
	struct pkey		*keys;
	const struct pkey	**stack;
	struct name_key		*nkeys;
	struct named		*named;
	size_t			 capkeys, capstack, capnkeys, capnamed;
	struct u64set		 done;	/* tunnel pairs reported */
};

/* Room for n items in *p (of size bytes each), which holds *cap. */
static void *
room(void *p, size_t *cap, size_t n, size_t size)
{
	if (n <= *cap)
		return p;
	*cap = n > 2 * *cap ? n : 2 * *cap;
	return xreallocarray(p, *cap, size);
}


static int
place_cmp(const void *a, const void *b)
{
	const struct place *x = a, *y = b;
	int c = prefix_cmp(&x->p, &y->p);

	if (c != 0)
		return c;
	return x->who < y->who ? -1 : x->who > y->who;
}

INTROSORT(place_sort, struct place, place_cmp)

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

/* Index every host's tunnel ends (tunnels whose two hosts are known). */
static void
build_ends(struct rctx *c)
{
	const struct topology *top = c->top;
	uint32_t *fill;
	size_t i;
	int e;

	c->off = xcalloc(top->nhosts + 1, sizeof(*c->off));
	for (i = 0; i < top->ntunnels; i++) {
		const struct tunnel *t = &top->tunnels[i];

		if (end_host(top, t, 0) == NULL || end_host(top, t, 1) == NULL)
			continue;
		for (e = 0; e < 2; e++)
			c->off[t->end[e].host + 1]++;
	}
	for (i = 0; i < top->nhosts; i++)
		c->off[i + 1] += c->off[i];
	c->ends = xcalloc(c->off[top->nhosts] + 1, sizeof(*c->ends));
	fill = xcalloc(top->nhosts + 1, sizeof(*fill));
	memcpy(fill, c->off, top->nhosts * sizeof(*fill));
	for (i = 0; i < top->ntunnels; i++) {
		const struct tunnel *t = &top->tunnels[i];

		if (end_host(top, t, 0) == NULL || end_host(top, t, 1) == NULL)
			continue;
		for (e = 0; e < 2; e++)
			c->ends[fill[t->end[e].host]++] = (uint32_t)i << 1 |
			    (uint32_t)e;
	}
	free(fill);
}

/* Host h's networks and destinations (every far outer address), sorted. */
static void
host_places(struct rctx *c, size_t h)
{
	const struct topology *top = c->top;
	const struct host *hp = &top->hosts[h];
	size_t i, n = c->off[h + 1] - c->off[h];

	c->nets = room(c->nets, &c->capnets, hp->nnetworks + 1,
	    sizeof(*c->nets));
	for (i = 0; i < hp->nnetworks; i++) {
		c->nets[i].p = hp->networks[i];
		c->nets[i].who = (uint32_t)i;
	}
	c->nnets = hp->nnetworks;
	place_sort(c->nets, c->nnets);
	c->dsts = room(c->dsts, &c->capdsts, n + 1, sizeof(*c->dsts));
	for (i = 0; i < n; i++) {
		uint32_t te = c->ends[c->off[h] + i];
		const struct tunnel *t = &top->tunnels[te >> 1];
		const struct host *far = end_host(top, t, 1 - (int)(te & 1));
		struct place *d = &c->dsts[i];

		memset(d, 0, sizeof(*d));
		d->p.addr = far->address;
		d->p.len = (uint8_t)addr_bits(&far->address);
		d->who = te >> 1;
	}
	c->ndsts = n;
	place_sort(c->dsts, c->ndsts);
}

static void
route_view(const struct topology *top, const struct rrec *rr,
    struct route *r)
{
	const struct tunnel *t = &top->tunnels[rr->tunnel];
	const struct tunnel_end *end = &t->end[rr->end];

	r->host = end->host;
	r->peer = t->end[1 - rr->end].host;
	r->tunnel = rr->tunnel;
	r->idx = rr->idx;
	r->automatic = rr->automatic;
	if (rr->automatic) {
		const struct host *peer = &top->hosts[r->peer];

		r->p = &peer->networks[rr->j];
		r->loc = t->name_loc;
		r->net_loc = peer->network_locs[rr->j];
	} else {
		r->p = &end->routes->p[rr->j];
		r->loc = end->routes->locs[rr->j];
		r->net_loc = TLOC_NONE;
	}
}

static const char *
route_desc(const struct rctx *c, const struct route *r, char *buf, size_t len)
{
	char p[PREFIX_STRLEN];

	if (r->automatic)
		snprintf(buf, len, "the automatic route to network %s of "
		    "host '%s'", prefix_format(r->p, p),
		    c->top->hosts[r->peer].name);
	else
		snprintf(buf, len, "route %s", prefix_format(r->p, p));
	return buf;
}

static void
note_auto(const struct rctx *c, const struct route *r)
{
	if (r->automatic)
		diag_note(c->ds, topo_loc(c->top, r->net_loc),
		    "network of host '%s', routed by "
		    "`routes: auto`", c->top->hosts[r->peer].name);
}

/* Explicit routes only: auto routes are the peer's, checked as networks. */
static void
own_network(const struct rctx *c, const struct route *r)
{
	size_t lo = 0, hi = c->nnets, k;
	const struct host *h = &c->top->hosts[r->host];
	char p[PREFIX_STRLEN], q[PREFIX_STRLEN];

	k = place_floor(c->nets, lo, hi, r->p);
	if (k == hi || !prefix_covers(&c->nets[k].p, r->p))
		return;
	if (prefix_cmp(&c->nets[k].p, r->p) == 0)
		diag_error(c->ds, topo_loc(c->top, r->loc), "route-own-network",
		    "tunnel '%s': host '%s' routes its own network %s over "
		    "the tunnel", c->top->tunnels[r->tunnel].name, h->name,
		    prefix_format(r->p, p));
	else
		diag_error(c->ds, topo_loc(c->top, r->loc), "route-own-network",
		    "tunnel '%s': route %s of host '%s' lies inside its own "
		    "network %s", c->top->tunnels[r->tunnel].name,
		    prefix_format(r->p, p), h->name,
		    prefix_format(&c->nets[k].p, q));
	diag_note(c->ds, topo_loc(c->top, h->network_locs[c->nets[k].who]),
	    "the network of host '%s' is here",
	    h->name);
}

static void
recursive(const struct rctx *c, const struct route *r)
{
	const struct topology *top = c->top;
	const struct tunnel *t = &top->tunnels[r->tunnel];
	const struct host *h = &top->hosts[r->host];
	const struct host *peer = &top->hosts[r->peer];
	size_t lo = 0, hi = c->ndsts, k;
	char d[160], a[ADDR_STRLEN];

	if (prefix_contains(r->p, &peer->address)) {
		diag_error(c->ds, topo_loc(c->top, r->loc), "route-recursive",
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

		if (addr_cmp(&c->dsts[mid].p.addr, &r->p->addr) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	k = lo;
	hi = c->ndsts;
	if (k == hi || !prefix_contains(r->p, &c->dsts[k].p.addr))
		return;
	{
		const struct tunnel *u = &top->tunnels[c->dsts[k].who];
		const struct host *far = end_host(top, u, 0) == h ?
		    end_host(top, u, 1) : end_host(top, u, 0);

		diag_error(c->ds, topo_loc(c->top, r->loc), "route-recursive",
		    "tunnel '%s': %s on host '%s' contains %s, the destination "
		    "of tunnel '%s' (host '%s'): its outer packets would enter "
		    "tunnel '%s'", t->name, route_desc(c, r, d, sizeof(d)),
		    h->name, addr_format(&c->dsts[k].p.addr, a), u->name,
		    far != NULL ? far->name : "?", t->name);
		note_auto(c, r);
		diag_note(c->ds, topo_loc(top, far != NULL ? far->address_loc :
		    TLOC_NONE),
		    "the outer address of host "
		    "'%s' is here", far != NULL ? far->name : "?");
	}
}

static void
duplicates(struct rctx *c, const struct rrec *rr, size_t n)
{
	const struct topology *top = c->top;
	const struct pkey **stack = c->stack;
	struct pkey *k;
	size_t i, nk = 0, depth = 0;
	uint32_t group = 0;
	char dx[160], dy[160];

	k = c->keys = room(c->keys, &c->capkeys, n + 1, sizeof(*k));
	for (i = 0; i < n; i++) {
		struct route v;

		if (rr[i].skip)
			continue;
		route_view(top, &rr[i], &v);
		pkey_set(&k[nk], v.p, v.loc, i);
		pkey_set_group(&k[nk], (uint32_t)v.host);
		nk++;
	}
	pkey_sort(k, nk);
	for (i = 0; i < nk; i++) {
		const struct route *x, *y;
		const struct tunnel *tx, *ty;
		struct route vx, vy;

		if (i == 0 || pkey_group(&k[i]) != group)
			depth = 0;
		group = pkey_group(&k[i]);
		/* On the keys alone: views are made only to report. */
		while (depth > 0 && !pkey_covers(stack[depth - 1], &k[i]))
			depth--;
		stack = c->stack = room(c->stack, &c->capstack, depth + 1,
		    sizeof(*stack));
		stack[depth++] = &k[i];
		if (depth < 2)
			continue;
		route_view(top, &rr[stack[depth - 1]->idx], &vx);
		route_view(top, &rr[stack[depth - 2]->idx], &vy);
		x = &vx;
		y = &vy;
		tx = &top->tunnels[x->tunnel];
		ty = &top->tunnels[y->tunnel];
		if (prefix_cmp(x->p, y->p) == 0 && x->tunnel == y->tunnel) {
			diag_error(c->ds, topo_loc(top, x->loc),
			    "route-duplicate",
			    "host '%s' routes %s over tunnel '%s' twice",
			    top->hosts[x->host].name,
			    prefix_format(x->p, dx), tx->name);
			diag_note(c->ds, topo_loc(top, y->loc),
			    "%s over tunnel '%s' is here",
			    route_desc(c, y, dy, sizeof(dy)), ty->name);
		} else if (prefix_cmp(x->p, y->p) == 0) {
			diag_error(c->ds, topo_loc(top, x->loc),
			    "route-duplicate",
			    "host '%s' routes %s over tunnel '%s' and over "
			    "tunnel '%s'", top->hosts[x->host].name,
			    prefix_format(x->p, dx), ty->name, tx->name);
			diag_note(c->ds, topo_loc(top, y->loc),
			    "%s over tunnel '%s' is here",
			    route_desc(c, y, dy, sizeof(dy)), ty->name);
		} else if (x->tunnel != y->tunnel) {
			diag_warning(c->ds, topo_loc(top, x->loc),
			    "route-overlap",
			    "host '%s': %s over tunnel '%s' overlaps route %s "
			    "over tunnel '%s'", top->hosts[x->host].name,
			    route_desc(c, x, dx, sizeof(dx)), tx->name,
			    prefix_format(y->p, dy), ty->name);
			diag_note(c->ds, topo_loc(top, y->loc),
			    "%s over tunnel '%s' is here",
			    route_desc(c, y, dy, sizeof(dy)), ty->name);
		}
	}
}

static uint64_t
name_hash(size_t host, int family, const struct tunnel *t, size_t idx)
{
	uint64_t h = 1469598103934665603ULL;
	const char *s;
	char digits[24];
	int n = 0;

	h = (h ^ (uint64_t)host) * 1099511628211ULL;
	h = (h ^ (uint64_t)family) * 1099511628211ULL;
	for (s = t->name != NULL ? t->name : ""; *s != '\0'; s++)
		h = (h ^ (unsigned char)route_name_char(*s)) *
		    1099511628211ULL;
	if (idx == 0)
		return h;
	h = (h ^ '_') * 1099511628211ULL;
	for (idx++; idx > 0; idx /= 10)
		digits[n++] = (char)('0' + idx % 10);
	while (n-- > 0)
		h = (h ^ (unsigned char)digits[n]) * 1099511628211ULL;
	return h;
}

static int
name_key_cmp(const void *a, const void *b)
{
	const struct name_key *x = a, *y = b;

	if (x->hash != y->hash)
		return x->hash < y->hash ? -1 : 1;
	if (x->line != y->line)
		return x->line < y->line ? -1 : 1;
	if (x->col != y->col)
		return x->col < y->col ? -1 : 1;
	return x->idx < y->idx ? -1 : x->idx > y->idx;
}

INTROSORT(name_key_sort, struct name_key, name_key_cmp)

static int
named_cmp(const void *a, const void *b)
{
	const struct named *x = a, *y = b;
	int c = strcmp(x->name, y->name);

	if (c != 0)
		return c;
	return name_key_cmp(&x->k, &y->k);
}

static void
rec_name(const struct topology *top, const struct rrec *rr, char *buf,
    size_t len)
{
	route_name(&top->tunnels[rr->tunnel], rr->idx, buf, len);
}

/* Pairs of tunnels already reported: (lower << 32 | higher) + 1. */
static size_t
pair_home(uint64_t key)
{
	return (size_t)(key * 0x9e3779b97f4a7c15ULL >> 32);
}

/* Adds the pair; false when it was there already. */
static bool
pairset_add(struct u64set *ps, size_t a, size_t b)
{
	uint64_t key = ((uint64_t)(a < b ? a : b) << 32 | (a < b ? b : a)) + 1;
	size_t i;

	u64set_reserve(ps, pair_home);
	i = pair_home(key) & ps->mask;
	for (; ps->slot[i] != 0; i = (i + 1) & ps->mask)
		if (ps->slot[i] == key)
			return false;
	ps->slot[i] = key;
	ps->count++;
	return true;
}

/* One report per pair of tunnels, however many of their names collide. */
static void
run_collisions(const struct rctx *c, const struct rrec *rr, struct named *m,
    size_t n, struct u64set *done)
{
	const struct topology *top = c->top;
	size_t i, first = 0;

	qsort(m, n, sizeof(*m), named_cmp);
	for (i = 1; i < n; i++) {
		const struct named *x = &m[i], *y = &m[first];
		size_t xt = rr[x->k.idx].tunnel, yt = rr[y->k.idx].tunnel;

		if (x->host != y->host || x->family != y->family ||
		    strcmp(x->name, y->name) != 0) {
			first = i;
			continue;
		}
		if (xt == yt || !pairset_add(done, xt, yt))
			continue;
		diag_error(c->ds, topo_loc(top, top->tunnels[xt].name_loc),
		    "route-name-collision",
		    "host '%s': tunnel '%s' and tunnel '%s' both give the "
		    "rc.conf route name '%s'", top->hosts[x->host].name,
		    top->tunnels[yt].name, top->tunnels[xt].name, x->name);
		diag_note(c->ds, topo_loc(top, top->tunnels[yt].name_loc),
		    "tunnel '%s' is here", top->tunnels[yt].name);
	}
}

static void
name_collisions(struct rctx *c, const struct rrec *rr, size_t n)
{
	const struct topology *top = c->top;
	struct name_key *k;
	struct named *m;
	size_t i, j;

	k = c->nkeys = room(c->nkeys, &c->capnkeys, n + 1, sizeof(*k));
	for (i = 0; i < n; i++) {
		const struct tunnel *t = &top->tunnels[rr[i].tunnel];
		const struct prefix *p = rr[i].automatic ?
		    &top->hosts[t->end[1 - rr[i].end].host].networks[rr[i].j] :
		    &t->end[rr[i].end].routes->p[rr[i].j];

		k[i].hash = name_hash(t->end[rr[i].end].host, p->addr.family,
		    t, rr[i].idx);
		k[i].line = t->name_loc.line;
		k[i].col = t->name_loc.col;
		k[i].idx = (uint32_t)i;
	}
	name_key_sort(k, n);
	for (i = 0; i < n; i = j) {
		for (j = i + 1; j < n && k[j].hash == k[i].hash; j++)
			;
		if (j - i < 2)
			continue;
		m = c->named = room(c->named, &c->capnamed, j - i,
		    sizeof(*m));
		for (size_t q = i; q < j; q++) {
			const struct rrec *r = &rr[k[q].idx];
			const struct tunnel *t = &top->tunnels[r->tunnel];
			struct route v;

			route_view(top, r, &v);
			rec_name(top, r, m[q - i].name, sizeof(m[q - i].name));
			m[q - i].k = k[q];
			m[q - i].host = t->end[r->end].host;
			m[q - i].family = v.p->addr.family;
		}
		run_collisions(c, rr, m, j - i, &c->done);
	}
}

/* Host h's routes, end by end, in the order route_name() numbers them. */
static void
host_routes(struct rctx *c, size_t h)
{
	const struct topology *top = c->top;
	size_t i, j, n = c->off[h + 1] - c->off[h];

	c->nroutes = 0;
	for (i = 0; i < n; i++) {
		uint32_t te = c->ends[c->off[h] + i];
		const struct tunnel *t = &top->tunnels[te >> 1];
		int e = (int)(te & 1), fam = tunnel_inner_family(t);
		const struct tunnel_end *end = &t->end[e];
		const struct host *peer = end_host(top, t, 1 - e);
		size_t cnt = t->routes == ROUTES_AUTO ? peer->nnetworks :
		    t->routes == ROUTES_LIST && end->routes != NULL ?
		    end->routes->n : 0;
		struct rrec r;

		if (t->type == TUN_IPSEC)
			continue;
		c->routes = room(c->routes, &c->caproutes, c->nroutes + cnt + 1,
		    sizeof(*c->routes));
		memset(&r, 0, sizeof(r));
		r.tunnel = te >> 1;
		r.end = (uint8_t)e;
		if (t->routes == ROUTES_AUTO && fam != 0) {
			r.automatic = true;
			for (j = 0; j < peer->nnetworks; j++) {
				if (peer->networks[j].addr.family != fam)
					continue;
				r.j = (uint32_t)j;
				c->routes[c->nroutes++] = r;
				r.idx++;
			}
		} else if (t->routes == ROUTES_LIST && end->routes != NULL) {
			for (j = 0; j < end->routes->n; j++) {
				r.j = (uint32_t)j;
				c->routes[c->nroutes++] = r;
				r.idx++;
			}
		}
	}
}

void
check_routes(const struct topology *top, struct diag_sink *ds)
{
	struct rctx c;
	size_t h, i;
	char p[PREFIX_STRLEN];

	memset(&c, 0, sizeof(c));
	c.top = top;
	c.ds = ds;
	build_ends(&c);
	for (h = 0; h < top->nhosts; h++) {
		if (c.off[h] == c.off[h + 1])
			continue;
		host_routes(&c, h);
		if (c.nroutes == 0)
			continue;
		host_places(&c, h);
		for (i = 0; i < c.nroutes; i++) {
			struct rrec *rr = &c.routes[i];
			const struct tunnel *t = &top->tunnels[rr->tunnel];
			int fam = tunnel_inner_family(t);
			struct route v;

			route_view(top, rr, &v);
			/* The wrong family takes no part in the rest. */
			if (!v.automatic && fam != 0 &&
			    v.p->addr.family != fam) {
				diag_error(ds, topo_loc(top, v.loc),
				    "route-family", "tunnel '%s': route %s is "
				    "%s, but the tunnel carries %s", t->name,
				    prefix_format(v.p, p),
				    family_name(v.p->addr.family),
				    family_name(fam));
				if (tloc_is_set(t->inner_loc))
					diag_note(ds, topo_loc(top, t->inner_loc),
					    "the inner addresses are set here");
				rr->skip = true;
				continue;
			}
			if (!v.automatic)
				own_network(&c, &v);
			recursive(&c, &v);
		}
		duplicates(&c, c.routes, c.nroutes);
		name_collisions(&c, c.routes, c.nroutes);
	}
	free(c.off);
	free(c.ends);
	free(c.nets);
	free(c.dsts);
	free(c.routes);
	free(c.keys);
	free(c.stack);
	free(c.nkeys);
	free(c.named);
	u64set_free(&c.done);
}
