#include "config.h"

#include "compiler/lower.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "model/arena.h"
#include "model/derive.h"
#include "validate/check_mirror.h"
#include "validate/lint.h"

/* Upper bounds of what each host receives, counted before filling. */
struct counts {
	size_t	ifaces, routes, policies, sainfos, remotes;
};

/* (host, peer) -> index of the host's remote and psk entry for that peer. */
struct peer_map {
	uint64_t	*keys;		/* 0 = empty */
	size_t		*vals;
	size_t		 mask;
};

static void
peer_map_init(struct peer_map *m, struct arena *a, size_t n)
{
	size_t cap = 16;

	while (cap < 2 * n)
		cap *= 2;
	m->keys = arena_calloc(a, cap, sizeof(*m->keys));
	m->vals = arena_calloc(a, cap, sizeof(*m->vals));
	m->mask = cap - 1;
}

/* Slot for key; *found tells whether it was there. */
static size_t
peer_map_slot(const struct peer_map *m, uint64_t key, bool *found)
{
	size_t i = (size_t)((key * UINT64_C(0x9e3779b97f4a7c15)) >> 20) &
	    m->mask;

	while (m->keys[i] != 0 && m->keys[i] != key)
		i = (i + 1) & m->mask;
	*found = m->keys[i] == key;
	return i;
}

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
count_tunnel(const struct topology *topo, const struct tunnel *t,
    struct counts *c, size_t *ntun)
{
	int e;

	for (e = 0; e < 2; e++) {
		const struct tunnel_end *me = &t->end[e];
		const struct host *peer = &topo->hosts[t->end[1 - e].host];
		struct counts *hc = &c[me->host];

		ntun[me->host]++;
		if (t->type != TUN_IPSEC) {
			hc->ifaces++;
			if (t->routes == ROUTES_AUTO)
				hc->routes += auto_routes(peer,
				    inner_family(t));
			else if (t->routes == ROUTES_LIST)
				hc->routes += me->nroutes;
			if (t->ipsec.present) {
				hc->policies += 2;
				hc->sainfos++;
			}
		} else {
			size_t n = net_pairs(&topo->hosts[t->end[0].host],
			    &topo->hosts[t->end[1].host]);

			hc->policies += 2 * n;
			hc->sainfos += n;
		}
		if (t->ipsec.present)
			hc->remotes++;
	}
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
	for (i = 0; i < 2 && protos[ip->protocol][i] >= 0; i++) {
		struct spd_request *r = &p->req[p->nreq++];

		memset(r, 0, sizeof(*r));
		r->proto = protos[ip->protocol][i];
		r->mode = mode;
		r->level = ip->level;
		if (mode == MODE_TUNNEL) {
			r->tsrc = *tsrc;
			r->tdst = *tdst;
		}
	}
}

/* An out policy and its in twin for one flow seen from this host. */
static void
add_flow(struct hostconfig *hc, const struct tunnel *t, struct prefix local,
    struct prefix remote, int ulp, enum ipsec_mode mode,
    const struct addr *self, const struct addr *peer)
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
	p->loc = t->name_loc;

	p = &hc->policies[hc->npolicies++];
	memset(p, 0, sizeof(*p));
	p->dir = SPD_IN;
	p->src = remote;
	p->dst = local;
	p->ulproto = ulp;
	set_requests(p, &t->ipsec, mode, peer, self);
	p->loc = t->name_loc;

	s = &hc->sainfos[hc->nsainfos++];
	memset(s, 0, sizeof(*s));
	s->local = local;
	s->remote = remote;
	s->ulproto = ulp;
	s->enc = t->ipsec.p2.enc;
	s->auth = t->ipsec.p2.auth;
	s->pfs_group = t->ipsec.p2.pfs_group;
	s->lifetime = t->ipsec.p2.lifetime;
	s->loc = t->name_loc;
}

struct lstate {
	const struct topology	*topo;
	struct lowered		*lw;
	struct peer_map		 peers;
	bool			*has4, *has6;
};

/*
 * Append one end's elements; `view` receives the same elements as a small
 * HostConfig of its own, for the mirror check.
 */
static void
lower_end(struct lstate *ls, const struct tunnel *t, int e,
    struct hostconfig *view)
{
	const struct topology *topo = ls->topo;
	size_t h = t->end[e].host, ph = t->end[1 - e].host;
	const struct host *self = &topo->hosts[h], *peer = &topo->hosts[ph];
	struct hostconfig *hc = &ls->lw->hosts[h];
	size_t f0 = hc->nifaces, p0 = hc->npolicies, s0 = hc->nsainfos;
	size_t i, j;

	*view = *hc;
	view->ifaces = hc->ifaces + f0;
	view->policies = hc->policies + p0;
	view->sainfos = hc->sainfos + s0;
	view->routes = NULL;
	view->nroutes = 0;
	view->remotes = NULL;
	view->psks = NULL;
	view->nremotes = view->npsks = 0;

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
		f->loc = t->name_loc;
		if (me->inner.family == AF_V6)
			ls->has6[h] = true;
		else
			ls->has4[h] = true;

		/* Routes: the peer's networks of the inner family, or the list. */
		if (t->routes != ROUTES_NONE) {
			size_t n = t->routes == ROUTES_LIST ? me->nroutes :
			    peer->nnetworks, k = 0;

			for (i = 0; i < n; i++) {
				const struct prefix *dst;
				struct hc_route *r;

				if (t->routes == ROUTES_LIST)
					dst = &me->routes[i];
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
				r->loc = t->routes == ROUTES_LIST ?
				    me->route_locs[i] : t->name_loc;
			}
		}
		if (t->ipsec.present)
			add_flow(hc, t, host_prefix(&self->address),
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
				add_flow(hc, t, e == 0 ? *pa : *pb,
				    e == 0 ? *pb : *pa, -1, MODE_TUNNEL,
				    &self->address, &peer->address);
			}
	}

	if (t->ipsec.present) {
		uint64_t key = (uint64_t)h * topo->nhosts + ph + 1;
		bool found;
		size_t slot = peer_map_slot(&ls->peers, key, &found), idx;

		if (!found) {
			struct hc_remote *r;
			struct hc_psk *k;

			idx = hc->nremotes;
			ls->peers.keys[slot] = key;
			ls->peers.vals[slot] = idx;
			r = &hc->remotes[hc->nremotes++];
			memset(r, 0, sizeof(*r));
			r->peer = peer->address;
			r->mode = t->ipsec.p1.mode;
			r->my_id = self->address;
			r->peer_id = peer->address;
			r->enc = t->ipsec.p1.enc;
			r->hash = t->ipsec.p1.hash;
			r->dh_group = t->ipsec.p1.dh_group;
			r->lifetime = t->ipsec.p1.lifetime;
			r->natt = t->ipsec.natt;
			r->loc = t->name_loc;
			k = &hc->psks[hc->npsks++];
			memset(k, 0, sizeof(*k));
			k->peer = peer->address;
			k->key = t->ipsec.psk.resolved ? t->ipsec.psk.key : NULL;
			k->keylen = t->ipsec.psk.resolved ?
			    t->ipsec.psk.keylen : 0;
			k->loc = loc_is_set(t->ipsec.psk.loc) ?
			    t->ipsec.psk.loc : t->name_loc;
		} else
			idx = ls->peers.vals[slot];
		hc->ipsec = true;
		view->ipsec = true;
		view->remotes = &hc->remotes[idx];
		view->psks = &hc->psks[idx];
		view->nremotes = view->npsks = 1;
	}
	view->nifaces = hc->nifaces - f0;
	view->npolicies = hc->npolicies - p0;
	view->nsainfos = hc->nsainfos - s0;
}

size_t
lower_topology(const struct topology *topo, struct lowered **out,
    struct diag_sink *ds)
{
	struct lowered *lw = xcalloc(1, sizeof(*lw));
	struct arena *a = arena_new();
	struct counts *c;
	struct lstate ls;
	size_t h, i, nipsec = 0, failures = 0;

	lw->arena = a;
	lw->nhosts = topo->nhosts;
	lw->hosts = arena_calloc(a, topo->nhosts ? topo->nhosts : 1,
	    sizeof(*lw->hosts));
	lw->ntunnels = arena_calloc(a, topo->nhosts ? topo->nhosts : 1,
	    sizeof(*lw->ntunnels));
	c = xcalloc(topo->nhosts ? topo->nhosts : 1, sizeof(*c));
	for (i = 0; i < topo->ntunnels; i++) {
		count_tunnel(topo, &topo->tunnels[i], c, lw->ntunnels);
		if (topo->tunnels[i].ipsec.present)
			nipsec++;
	}
	for (h = 0; h < topo->nhosts; h++) {
		const struct host *src = &topo->hosts[h];
		struct hostconfig *hc = &lw->hosts[h];

		hc->host = src->name;
		hc->freebsd = src->freebsd;
		hc->address = src->address;
		hc->ipsec_file = src->ipsec_file ? src->ipsec_file :
		    TG_DEFAULT_IPSEC_FILE;
		hc->racoon_dir = src->racoon_dir ? src->racoon_dir :
		    TG_DEFAULT_RACOON_DIR;
		hc->loc = src->name_loc;
		hc->ifaces = arena_calloc(a, c[h].ifaces + 1,
		    sizeof(*hc->ifaces));
		hc->routes = arena_calloc(a, c[h].routes + 1,
		    sizeof(*hc->routes));
		hc->policies = arena_calloc(a, c[h].policies + 1,
		    sizeof(*hc->policies));
		hc->sainfos = arena_calloc(a, c[h].sainfos + 1,
		    sizeof(*hc->sainfos));
		hc->remotes = arena_calloc(a, c[h].remotes + 1,
		    sizeof(*hc->remotes));
		hc->psks = arena_calloc(a, c[h].remotes + 1,
		    sizeof(*hc->psks));
	}
	free(c);

	ls.topo = topo;
	ls.lw = lw;
	peer_map_init(&ls.peers, a, 2 * nipsec);
	ls.has4 = arena_calloc(a, topo->nhosts + 1, sizeof(bool));
	ls.has6 = arena_calloc(a, topo->nhosts + 1, sizeof(bool));
	for (i = 0; i < topo->ntunnels; i++) {
		const struct tunnel *t = &topo->tunnels[i];
		struct hostconfig va, vb;

		lower_end(&ls, t, 0, &va);
		lower_end(&ls, t, 1, &vb);
		(void)va;
		(void)vb;
	}

	/* Forwarding, per family the host carries across its tunnels. */
	for (h = 0; h < topo->nhosts; h++) {
		const struct host *src = &topo->hosts[h];
		struct hostconfig *hc = &lw->hosts[h];
		bool fwd = src->gateway == 1 ||
		    (src->gateway < 0 && src->nnetworks > 0);

		for (i = 0; i < src->nnetworks; i++) {
			if (src->networks[i].addr.family == AF_V6)
				ls.has6[h] = true;
			else
				ls.has4[h] = true;
		}
		hc->gateway4 = fwd && ls.has4[h];
		hc->gateway6 = fwd && ls.has6[h];
	}
	/* The self-check is lint's pair checks: compile and lint agree. */
	failures += lint_lowered(lw->hosts, lw->nhosts, ds);
	*out = lw;
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
