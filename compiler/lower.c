#include "config.h"

#include "compiler/lower.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "model/arena.h"
#include "model/derive.h"
#include "validate/check_mirror.h"
#include "validate/lint.h"

/* Upper bounds of what one tunnel end adds to its host. */
struct counts {
	size_t	ifaces, routes, policies, sainfos, remotes;
};

/* A HostConfig being filled, with the capacity of each array. */
struct hcbuf {
	struct hostconfig hc;
	struct counts	 cap;
};

static int
inner_family(const struct tunnel *t)
{
	if (t->end[0].inner.family != 0)
		return t->end[0].inner.family;
	return t->inner_prefix.addr.family;
}

/* Protocol the outer packets of a gre/gif tunnel carry (fact sheet 4). */
static int
outer_proto(const struct tunnel *t)
{
	if (t->type == TUN_GRE)
		return 47;
	return inner_family(t) == AF_V6 ? 41 : 4;
}

static size_t
auto_routes(const struct host *peer, int family)
{
	size_t i, n = 0;

	for (i = 0; i < peer->nnetworks; i++)
		if (peer->networks[i].addr.family == family)
			n++;
	return n;
}

static size_t
net_pairs(const struct host *a, const struct host *b)
{
	size_t i, j, n = 0;

	for (i = 0; i < a->nnetworks; i++)
		for (j = 0; j < b->nnetworks; j++)
			if (a->networks[i].addr.family ==
			    b->networks[j].addr.family)
				n++;
	return n;
}

static void
count_end(const struct topology *topo, const struct tunnel *t, int e,
    struct counts *c)
{
	const struct tunnel_end *me = &t->end[e];
	const struct host *peer = &topo->hosts[t->end[1 - e].host];

	if (t->type != TUN_IPSEC) {
		c->ifaces++;
		if (t->routes == ROUTES_AUTO)
			c->routes += auto_routes(peer, inner_family(t));
		else if (t->routes == ROUTES_LIST)
			c->routes += me->routes != NULL ? me->routes->n : 0;
		if (t->ipsec.present) {
			c->policies += 2;
			c->sainfos++;
		}
	} else {
		size_t n = net_pairs(&topo->hosts[t->end[0].host],
		    &topo->hosts[t->end[1].host]);

		c->policies += 2 * n;
		c->sainfos += n;
	}
	if (t->ipsec.present)
		c->remotes++;
}

#define GROW(b, field, arr, need) do {					\
	if ((b)->cap.field < (need)) {					\
		(b)->cap.field = (need) * 2;				\
		(b)->hc.arr = xreallocarray((b)->hc.arr,		\
		    (b)->cap.field, sizeof(*(b)->hc.arr));		\
	}								\
} while (0)

/* Empty the buffer and make room for `c` elements of each kind. */
static void
hcbuf_reset(struct hcbuf *b, const struct counts *c)
{
	struct hostconfig *hc = &b->hc;

	GROW(b, ifaces, ifaces, c->ifaces + 1);
	GROW(b, routes, routes, c->routes + 1);
	GROW(b, policies, policies, c->policies + 1);
	GROW(b, sainfos, sainfos, c->sainfos + 1);
	if (b->cap.remotes < c->remotes + 1) {
		b->cap.remotes = 2 * (c->remotes + 1);
		hc->remotes = xreallocarray(hc->remotes, b->cap.remotes,
		    sizeof(*hc->remotes));
		hc->psks = xreallocarray(hc->psks, b->cap.remotes,
		    sizeof(*hc->psks));
	}
	hc->nifaces = hc->nroutes = hc->npolicies = hc->nsainfos = 0;
	hc->nremotes = hc->npsks = 0;
	hc->ipsec = false;
	hc->gateway4 = hc->gateway6 = false;
}

static void
hcbuf_free(struct hcbuf *b)
{
	free(b->hc.ifaces);
	free(b->hc.routes);
	free(b->hc.policies);
	free(b->hc.sainfos);
	free(b->hc.remotes);
	free(b->hc.psks);
	memset(b, 0, sizeof(*b));
}

static struct prefix
host_prefix(const struct addr *a)
{
	struct prefix p;

	p.addr = *a;
	p.len = (uint8_t)addr_bits(a);
	return p;
}

static void
set_requests(struct hc_policy *p, const struct ipsec *ip, enum ipsec_mode mode,
    const struct addr *tsrc, const struct addr *tdst)
{
	static const int protos[][2] = {
		[IPSEC_ESP] = { IPSEC_ESP, -1 },
		[IPSEC_AH] = { IPSEC_AH, -1 },
		[IPSEC_ESP_AH] = { IPSEC_ESP, IPSEC_AH },
	};
	size_t i;

	p->nreq = 0;
	for (i = 0; i < 2 && protos[ip->pol->protocol][i] >= 0; i++) {
		struct spd_request *r = &p->req[p->nreq++];

		memset(r, 0, sizeof(*r));
		r->proto = protos[ip->pol->protocol][i];
		r->mode = mode;
		r->level = ip->pol->level;
		if (mode == MODE_TUNNEL) {
			r->tsrc = *tsrc;
			r->tdst = *tdst;
		}
	}
}

/* An out policy and its in twin for one flow seen from this host. */
static void
add_flow(const struct topology *topo, struct hostconfig *hc,
    const struct tunnel *t, struct prefix local, struct prefix remote,
    int ulp, enum ipsec_mode mode, const struct addr *self,
    const struct addr *peer)
{
	struct hc_policy *p;
	struct hc_sainfo *s;

	p = &hc->policies[hc->npolicies++];
	memset(p, 0, sizeof(*p));
	p->dir = SPD_OUT;
	p->src = local;
	p->dst = remote;
	p->ulproto = ulp;
	set_requests(p, &t->ipsec, mode, self, peer);
	p->loc = topo_loc(topo, t->name_loc);

	p = &hc->policies[hc->npolicies++];
	memset(p, 0, sizeof(*p));
	p->dir = SPD_IN;
	p->src = remote;
	p->dst = local;
	p->ulproto = ulp;
	set_requests(p, &t->ipsec, mode, peer, self);
	p->loc = topo_loc(topo, t->name_loc);

	s = &hc->sainfos[hc->nsainfos++];
	memset(s, 0, sizeof(*s));
	s->local = local;
	s->remote = remote;
	s->ulproto = ulp;
	s->enc = t->ipsec.pol->p2.enc;
	s->auth = t->ipsec.pol->p2.auth;
	s->pfs_group = t->ipsec.pol->p2.pfs_group;
	s->lifetime = t->ipsec.pol->p2.lifetime;
	s->loc = topo_loc(topo, t->name_loc);
}

struct lowerer {
	const struct topology	*topo;
	/* Host h's tunnels are tun[off[h]] .. tun[off[h + 1] - 1]. */
	size_t			*off;
	size_t			*tun;
	long			*remote_of;	/* peer's remote, -1 */
	struct hcbuf		 host;		/* last host lowered */
	struct hcbuf		 end[2];	/* tunnel ends */
};

static void
host_defaults(const struct topology *topo, const struct host *src,
    struct hostconfig *hc)
{
	hc->host = src->name;
	hc->freebsd = src->freebsd;
	hc->address = src->address;
	hc->ipsec_file = host_ipsec_file(src);
	hc->racoon_dir = host_racoon_dir(src);
	hc->loc = topo_loc(topo, src->name_loc);
}

/*
 * Append one end's elements to hc, which has room for them.  remote_of,
 * when given, makes one remote and one psk entry per peer host.
 */
static void
lower_end(const struct topology *topo, const struct tunnel *t, int e,
    struct hostconfig *hc, long *remote_of)
{
	size_t ph = t->end[1 - e].host;
	const struct host *self = &topo->hosts[t->end[e].host];
	const struct host *peer = &topo->hosts[ph];
	size_t i, j;

	if (t->type != TUN_IPSEC) {
		struct hc_iface *f = &hc->ifaces[hc->nifaces++];
		const struct tunnel_end *me = &t->end[e], *pe = &t->end[1 - e];

		memset(f, 0, sizeof(*f));
		iface_name(t, e, f->name);
		f->type = t->type;
		f->outer_src = self->address;
		f->outer_dst = peer->address;
		f->inner_local = me->inner;
		f->inner_remote = pe->inner;
		f->inner_len = t->inner_len ? t->inner_len :
		    t->inner_prefix.len;
		f->mtu = t->eff_mtu ? t->eff_mtu : t->mtu;
		f->peer = peer->name;
		f->tunnel = t->name;
		f->loc = topo_loc(topo, t->name_loc);

		/* The peer's networks of the inner family, or the list. */
		if (t->routes != ROUTES_NONE) {
			size_t n = t->routes != ROUTES_LIST ? peer->nnetworks :
			    me->routes != NULL ? me->routes->n : 0, k = 0;

			for (i = 0; i < n; i++) {
				const struct prefix *dst;
				struct hc_route *r;

				if (t->routes == ROUTES_LIST)
					dst = &me->routes->p[i];
				else if (peer->networks[i].addr.family ==
				    me->inner.family)
					dst = &peer->networks[i];
				else
					continue;
				r = &hc->routes[hc->nroutes++];
				memset(r, 0, sizeof(*r));
				route_name(t, k++, r->name, sizeof(r->name));
				r->dst = *dst;
				r->gateway = pe->inner;
				memcpy(r->iface, f->name, sizeof(r->iface));
				r->loc = topo_loc(topo,
				    t->routes == ROUTES_LIST ?
				    me->routes->locs[i] : t->name_loc);
			}
		}
		if (t->ipsec.present)
			add_flow(topo, hc, t, host_prefix(&self->address),
			    host_prefix(&peer->address), outer_proto(t),
			    MODE_TRANSPORT, &self->address, &peer->address);
	} else {
		/* Always A's networks outer, B's inner: both ends agree. */
		const struct host *a = &topo->hosts[t->end[0].host];
		const struct host *b = &topo->hosts[t->end[1].host];

		for (i = 0; i < a->nnetworks; i++)
			for (j = 0; j < b->nnetworks; j++) {
				const struct prefix *pa = &a->networks[i];
				const struct prefix *pb = &b->networks[j];

				if (pa->addr.family != pb->addr.family)
					continue;
				add_flow(topo, hc, t, e == 0 ? *pa : *pb,
				    e == 0 ? *pb : *pa, -1, MODE_TUNNEL,
				    &self->address, &peer->address);
			}
	}

	if (t->ipsec.present) {
		struct hc_remote *r;
		struct hc_psk *k;

		hc->ipsec = true;
		/* Per-pair agreement (checked) makes the first one right. */
		if (remote_of != NULL && remote_of[ph] >= 0)
			return;
		if (remote_of != NULL)
			remote_of[ph] = (long)hc->nremotes;
		r = &hc->remotes[hc->nremotes++];
		memset(r, 0, sizeof(*r));
		r->peer = peer->address;
		r->mode = t->ipsec.pol->p1.mode;
		r->my_id = self->address;
		r->peer_id = peer->address;
		r->enc = t->ipsec.pol->p1.enc;
		r->hash = t->ipsec.pol->p1.hash;
		r->dh_group = t->ipsec.pol->p1.dh_group;
		r->lifetime = t->ipsec.pol->p1.lifetime;
		r->natt = t->ipsec.pol->natt;
		r->loc = topo_loc(topo, t->name_loc);
		k = &hc->psks[hc->npsks++];
		memset(k, 0, sizeof(*k));
		k->peer = peer->address;
		k->key = t->ipsec.psk.resolved ? t->ipsec.psk.key : NULL;
		k->keylen = t->ipsec.psk.resolved ? t->ipsec.psk.keylen : 0;
		k->loc = topo_loc(topo, tloc_or(t->ipsec.psk.loc,
		    t->name_loc));
	}
}

struct lowerer *
lowerer_new(const struct topology *topo)
{
	struct lowerer *lw = xcalloc(1, sizeof(*lw));
	size_t i, h, n = topo->nhosts;

	lw->topo = topo;
	lw->off = xcalloc(n + 2, sizeof(*lw->off));
	lw->tun = xcalloc(2 * topo->ntunnels + 1, sizeof(*lw->tun));
	lw->remote_of = xmalloc((n + 1) * sizeof(*lw->remote_of));
	for (h = 0; h <= n; h++)
		lw->remote_of[h] = -1;
	/* Group the tunnels by host, in file order (a counting sort). */
	for (i = 0; i < topo->ntunnels; i++) {
		lw->off[topo->tunnels[i].end[0].host + 2]++;
		lw->off[topo->tunnels[i].end[1].host + 2]++;
	}
	for (h = 2; h < n + 2; h++)
		lw->off[h] += lw->off[h - 1];
	for (i = 0; i < topo->ntunnels; i++) {
		lw->tun[lw->off[topo->tunnels[i].end[0].host + 1]++] = i;
		lw->tun[lw->off[topo->tunnels[i].end[1].host + 1]++] = i;
	}
	return lw;
}

void
lowerer_free(struct lowerer *lw)
{
	if (lw == NULL)
		return;
	hcbuf_free(&lw->host);
	hcbuf_free(&lw->end[0]);
	hcbuf_free(&lw->end[1]);
	free(lw->off);
	free(lw->tun);
	free(lw->remote_of);
	free(lw);
}

size_t
lower_check(struct lowerer *lw, struct diag_sink *ds)
{
	const struct topology *topo = lw->topo;
	size_t i, failures = 0;
	int e;

	for (i = 0; i < topo->ntunnels; i++) {
		const struct tunnel *t = &topo->tunnels[i];

		for (e = 0; e < 2; e++) {
			struct counts c = { 0 };

			count_end(topo, t, e, &c);
			hcbuf_reset(&lw->end[e], &c);
			host_defaults(topo, &topo->hosts[t->end[e].host],
			    &lw->end[e].hc);
			lower_end(topo, t, e, &lw->end[e].hc, NULL);
		}
		failures += lint_mirror(&lw->end[0].hc, &lw->end[1].hc, ds);
	}
	return failures;
}

size_t
lower_ntunnels(const struct lowerer *lw, size_t h)
{
	return lw->off[h + 1] - lw->off[h];
}

const struct hostconfig *
lower_host(struct lowerer *lw, size_t h)
{
	const struct topology *topo = lw->topo;
	const struct host *src = &topo->hosts[h];
	struct hostconfig *hc = &lw->host.hc;
	struct counts c = { 0 };
	size_t i, first = lw->off[h], last = lw->off[h + 1];
	bool has4 = false, has6 = false, fwd;

	for (i = first; i < last; i++) {
		const struct tunnel *t = &topo->tunnels[lw->tun[i]];

		count_end(topo, t, t->end[0].host == h ? 0 : 1, &c);
	}
	hcbuf_reset(&lw->host, &c);
	host_defaults(topo, src, hc);
	for (i = first; i < last; i++) {
		const struct tunnel *t = &topo->tunnels[lw->tun[i]];
		int e = t->end[0].host == h ? 0 : 1;

		lower_end(topo, t, e, hc, lw->remote_of);
		if (t->type != TUN_IPSEC) {
			if (t->end[e].inner.family == AF_V6)
				has6 = true;
			else
				has4 = true;
		}
	}
	for (i = first; i < last; i++)
		lw->remote_of[topo->tunnels[lw->tun[i]].end[0].host] =
		    lw->remote_of[topo->tunnels[lw->tun[i]].end[1].host] = -1;

	/* Forwarding, per family the host carries across its tunnels. */
	fwd = src->gateway == 1 || (src->gateway < 0 && src->nnetworks > 0);
	for (i = 0; i < src->nnetworks; i++) {
		if (src->networks[i].addr.family == AF_V6)
			has6 = true;
		else
			has4 = true;
	}
	hc->gateway4 = fwd && has4;
	hc->gateway6 = fwd && has6;
	return hc;
}

/* Whole-topology form, for callers that keep every host (tests, lint). */
size_t
lower_topology(const struct topology *topo, struct lowered **out,
    struct diag_sink *ds)
{
	struct lowered *lwd = xcalloc(1, sizeof(*lwd));
	struct lowerer *lw = lowerer_new(topo);
	struct arena *a = arena_new();
	size_t h, failures;

	lwd->arena = a;
	lwd->nhosts = topo->nhosts;
	lwd->hosts = arena_calloc(a, topo->nhosts + 1, sizeof(*lwd->hosts));
	lwd->ntunnels = arena_calloc(a, topo->nhosts + 1,
	    sizeof(*lwd->ntunnels));
	failures = lower_check(lw, ds);
	for (h = 0; h < topo->nhosts; h++) {
		const struct hostconfig *src = lower_host(lw, h);
		struct hostconfig *hc = &lwd->hosts[h];

		*hc = *src;
#define COPY(arr, n) do {						\
	hc->arr = arena_calloc(a, src->n + 1, sizeof(*hc->arr));	\
	if (src->n > 0)							\
		memcpy(hc->arr, src->arr, src->n * sizeof(*hc->arr));	\
} while (0)
		COPY(ifaces, nifaces);
		COPY(routes, nroutes);
		COPY(policies, npolicies);
		COPY(sainfos, nsainfos);
		COPY(remotes, nremotes);
		COPY(psks, npsks);
#undef COPY
		lwd->ntunnels[h] = lower_ntunnels(lw, h);
	}
	lowerer_free(lw);
	*out = lwd;
	return failures;
}

void
lowered_free(struct lowered *lw)
{
	if (lw == NULL)
		return;
	arena_free(lw->arena);
	free(lw);
}
