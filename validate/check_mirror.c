#include "config.h"

#include "validate/check_mirror.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "model/arena.h"

/*
 * Elements are matched through fixed-size byte keys: a handful are scanned,
 * more are sorted once and searched, so a hub with many peers stays fast.
 */
#define KEYLEN	40
#define SMALL	8

struct kent {
	unsigned char	key[KEYLEN];
	size_t		i;
};

struct kindex {
	struct kent	*e;
	size_t		 n;
	struct kent	 small[SMALL];
};

static int
kent_cmp(const void *x, const void *y)
{
	return memcmp(((const struct kent *)x)->key,
	    ((const struct kent *)y)->key, KEYLEN);
}

static void
kindex_init(struct kindex *ix, size_t n)
{
	ix->n = 0;
	ix->e = n <= SMALL ? ix->small : xcalloc(n, sizeof(*ix->e));
}

static void
kindex_sort(struct kindex *ix)
{
	if (ix->n > SMALL)
		qsort(ix->e, ix->n, sizeof(*ix->e), kent_cmp);
}

static void
kindex_free(struct kindex *ix)
{
	if (ix->e != ix->small)
		free(ix->e);
}

/* Index of the element with this key, or -1. */
static long
kindex_find(const struct kindex *ix, const unsigned char *key)
{
	size_t i;
	struct kent probe, *hit;

	if (ix->n <= SMALL) {
		for (i = 0; i < ix->n; i++)
			if (memcmp(ix->e[i].key, key, KEYLEN) == 0)
				return (long)ix->e[i].i;
		return -1;
	}
	memcpy(probe.key, key, KEYLEN);
	hit = bsearch(&probe, ix->e, ix->n, sizeof(*ix->e), kent_cmp);
	return hit ? (long)hit->i : -1;
}

/* Key building: addresses normalised so that memcmp compares meaning. */
static unsigned char *
put_addr(unsigned char *p, const struct addr *a)
{
	size_t n = a->family == AF_V4 ? 4 : a->family == AF_V6 ? 16 : 0;

	memset(p, 0, 17);
	p[0] = a->family;
	memcpy(p + 1, a->b, n);
	return p + 17;
}

static unsigned char *
put_prefix(unsigned char *p, const struct prefix *pf)
{
	p = put_addr(p, &pf->addr);
	*p++ = pf->len;
	return p;
}

static unsigned char *
put_ulp(unsigned char *p, int ulp)
{
	unsigned v = (unsigned)(ulp + 1);

	*p++ = (unsigned char)(v >> 8);
	*p++ = (unsigned char)v;
	return p;
}

static void
iface_key(unsigned char *k, int type, const struct addr *src,
    const struct addr *dst)
{
	memset(k, 0, KEYLEN);
	k[0] = (unsigned char)type;
	put_addr(put_addr(k + 1, src), dst);
}

/* Policy key without the direction: the selectors of the flow. */
static void
flow_key(unsigned char *k, const struct prefix *src, const struct prefix *dst,
    int ulp)
{
	memset(k, 0, KEYLEN);
	put_ulp(put_prefix(put_prefix(k, src), dst), ulp);
}

struct mstate {
	const struct hostconfig	*a, *b;
	struct diag_sink	*ds;
	size_t			 failures;
};

#define FAIL(ms, l, code, ...) do {					\
	diag_error((ms)->ds, (l), (code), __VA_ARGS__);			\
	(ms)->failures++;						\
} while (0)

static const char *
hname(const struct hostconfig *h)
{
	return h->host ? h->host : "?";
}

/* ---- interfaces ---- */

static void
check_ifaces(struct mstate *ms, const struct hostconfig *x,
    const struct hostconfig *y, bool report_diff)
{
	struct kindex ix;
	unsigned char k[KEYLEN];
	size_t i;

	kindex_init(&ix, y->nifaces);
	for (i = 0; i < y->nifaces; i++) {
		const struct hc_iface *f = &y->ifaces[i];

		iface_key(ix.e[ix.n].key, (int)f->type, &f->outer_src,
		    &f->outer_dst);
		ix.e[ix.n++].i = i;
	}
	kindex_sort(&ix);
	for (i = 0; i < x->nifaces; i++) {
		const struct hc_iface *f = &x->ifaces[i], *g;
		long j;

		if (!addr_eq(&f->outer_dst, &y->address))
			continue;
		/* The far end's interface: source and destination swapped. */
		iface_key(k, (int)f->type, &f->outer_dst, &f->outer_src);
		if ((j = kindex_find(&ix, k)) < 0) {
			FAIL(ms, f->loc, "mirror-iface",
			    "interface %s on host '%s' has no counterpart on "
			    "host '%s' with the tunnel source and destination "
			    "swapped", f->name, hname(x), hname(y));
			continue;
		}
		if (!report_diff)
			continue;
		g = &y->ifaces[j];
		if (!addr_eq(&f->inner_local, &g->inner_remote) ||
		    !addr_eq(&f->inner_remote, &g->inner_local))
			FAIL(ms, f->loc, "mirror-inner",
			    "inner addresses of %s on host '%s' and %s on "
			    "host '%s' are not swapped images", f->name,
			    hname(x), g->name, hname(y));
		if (f->inner_len != g->inner_len)
			FAIL(ms, f->loc, "mirror-inner",
			    "inner prefix length of %s on host '%s' differs "
			    "from %s on host '%s'", f->name, hname(x),
			    g->name, hname(y));
		if (f->mtu != g->mtu)
			FAIL(ms, f->loc, "mirror-mtu",
			    "MTU %d of %s on host '%s' differs from MTU %d of "
			    "%s on host '%s'", f->mtu, f->name, hname(x),
			    g->mtu, g->name, hname(y));
	}
	kindex_free(&ix);
}

/* ---- policies and sainfos ---- */

static bool
faces(const struct hc_policy *p, const struct hostconfig *peer, bool out)
{
	size_t i;

	for (i = 0; i < p->nreq; i++) {
		const struct spd_request *r = &p->req[i];

		if (r->mode == MODE_TUNNEL)
			return addr_eq(out ? &r->tdst : &r->tsrc,
			    &peer->address);
	}
	/* Transport mode: the selector is the peer itself. */
	return addr_eq(out ? &p->dst.addr : &p->src.addr, &peer->address) &&
	    (out ? p->dst.len : p->src.len) == addr_bits(&peer->address);
}

static bool
requests_equal(const struct hc_policy *p, const struct hc_policy *q)
{
	size_t i;

	if (p->nreq != q->nreq)
		return false;
	for (i = 0; i < p->nreq; i++) {
		const struct spd_request *r = &p->req[i], *s = &q->req[i];

		if (r->proto != s->proto || r->mode != s->mode ||
		    r->level != s->level || r->unique_id != s->unique_id)
			return false;
		if (r->mode == MODE_TUNNEL && (!addr_eq(&r->tsrc, &s->tsrc) ||
		    !addr_eq(&r->tdst, &s->tdst)))
			return false;
	}
	return true;
}

static void
index_sainfos(struct kindex *ix, const struct hostconfig *h)
{
	size_t i;

	kindex_init(ix, h->nsainfos);
	for (i = 0; i < h->nsainfos; i++) {
		const struct hc_sainfo *s = &h->sainfos[i];

		flow_key(ix->e[ix->n].key, &s->local, &s->remote, s->ulproto);
		ix->e[ix->n++].i = i;
	}
	kindex_sort(ix);
}

static void
check_sainfo(struct mstate *ms, const struct hc_policy *p,
    const struct hostconfig *x, const struct kindex *sx,
    const struct hostconfig *y, const struct kindex *sy)
{
	unsigned char k[KEYLEN];
	const struct hc_sainfo *s, *t;
	long i, j;

	/* x proposes (local = p's source); y answers with the mirror. */
	flow_key(k, &p->src, &p->dst, p->ulproto);
	i = kindex_find(sx, k);
	flow_key(k, &p->dst, &p->src, p->ulproto);
	j = kindex_find(sy, k);
	if (i < 0 || j < 0) {
		FAIL(ms, p->loc, "mirror-sainfo",
		    "a protected flow between hosts '%s' and '%s' has no "
		    "sainfo on host '%s'", hname(x), hname(y),
		    i < 0 ? hname(x) : hname(y));
		return;
	}
	s = &x->sainfos[i];
	t = &y->sainfos[j];
	if (s->enc != t->enc || s->auth != t->auth ||
	    s->pfs_group != t->pfs_group || s->lifetime != t->lifetime)
		FAIL(ms, s->loc, "mirror-phase2",
		    "phase 2 proposals of hosts '%s' and '%s' differ for the "
		    "same flow", hname(x), hname(y));
}

static void
check_policies(struct mstate *ms, const struct hostconfig *x,
    const struct hostconfig *y, bool report_diff)
{
	struct kindex in, out, sx, sy;
	unsigned char k[KEYLEN];
	size_t i;

	kindex_init(&in, y->npolicies);
	kindex_init(&out, y->npolicies);
	for (i = 0; i < y->npolicies; i++) {
		const struct hc_policy *p = &y->policies[i];
		struct kindex *ix = p->dir == SPD_IN ? &in : &out;

		flow_key(ix->e[ix->n].key, &p->src, &p->dst, p->ulproto);
		ix->e[ix->n++].i = i;
	}
	kindex_sort(&in);
	kindex_sort(&out);
	if (report_diff) {
		index_sainfos(&sx, x);
		index_sainfos(&sy, y);
	}
	for (i = 0; i < x->npolicies; i++) {
		const struct hc_policy *p = &x->policies[i], *q;
		bool isout = p->dir == SPD_OUT;
		long j;

		if (p->nreq == 0 || !faces(p, y, isout))
			continue;
		flow_key(k, &p->src, &p->dst, p->ulproto);
		if ((j = kindex_find(isout ? &in : &out, k)) < 0) {
			FAIL(ms, p->loc, "mirror-policy",
			    "the %s policy of host '%s' towards host '%s' has "
			    "no matching %s policy on host '%s'",
			    isout ? "out" : "in", hname(x), hname(y),
			    isout ? "in" : "out", hname(y));
			continue;
		}
		if (!report_diff)
			continue;
		q = &y->policies[j];
		if (!requests_equal(p, q))
			FAIL(ms, p->loc, "mirror-policy",
			    "the %s policy of host '%s' and the matching %s "
			    "policy of host '%s' differ in protocol, mode, "
			    "level or tunnel endpoints", isout ? "out" : "in",
			    hname(x), isout ? "in" : "out", hname(y));
		if (isout)
			check_sainfo(ms, p, x, &sx, y, &sy);
	}
	if (report_diff) {
		kindex_free(&sx);
		kindex_free(&sy);
	}
	kindex_free(&in);
	kindex_free(&out);
}

/* ---- racoon remotes and psk entries ---- */

static void
check_remotes(struct mstate *ms, const struct hostconfig *x,
    const struct hostconfig *y, bool report_diff)
{
	const struct hc_remote *r = NULL, *s = NULL;
	const struct hc_psk *kx = NULL, *ky = NULL;
	size_t i;

	for (i = 0; i < x->nremotes && r == NULL; i++)
		if (addr_eq(&x->remotes[i].peer, &y->address))
			r = &x->remotes[i];
	for (i = 0; i < y->nremotes && s == NULL; i++)
		if (addr_eq(&y->remotes[i].peer, &x->address))
			s = &y->remotes[i];
	for (i = 0; i < x->npsks && kx == NULL; i++)
		if (addr_eq(&x->psks[i].peer, &y->address))
			kx = &x->psks[i];
	for (i = 0; i < y->npsks && ky == NULL; i++)
		if (addr_eq(&y->psks[i].peer, &x->address))
			ky = &y->psks[i];
	if (r != NULL && s == NULL)
		FAIL(ms, r->loc, "mirror-remote",
		    "host '%s' has a racoon remote for host '%s', which has "
		    "none in return", hname(x), hname(y));
	if (kx != NULL && ky == NULL)
		FAIL(ms, kx->loc, "mirror-psk",
		    "host '%s' has a pre-shared key for host '%s', which has "
		    "none in return", hname(x), hname(y));
	if (!report_diff)
		return;
	if (r != NULL && s != NULL) {
		if (r->mode != s->mode || r->enc != s->enc ||
		    r->hash != s->hash || r->dh_group != s->dh_group ||
		    r->lifetime != s->lifetime || r->natt != s->natt)
			FAIL(ms, r->loc, "mirror-phase1",
			    "phase 1 settings of hosts '%s' and '%s' differ",
			    hname(x), hname(y));
		if (!addr_eq(&r->my_id, &s->peer_id) ||
		    !addr_eq(&r->peer_id, &s->my_id))
			FAIL(ms, r->loc, "mirror-identifier",
			    "identifiers of hosts '%s' and '%s' are not "
			    "swapped images", hname(x), hname(y));
	}
	/* Compared, never printed. */
	if (kx != NULL && ky != NULL && (kx->keylen != ky->keylen ||
	    kx->key == NULL || ky->key == NULL ||
	    memcmp(kx->key, ky->key, kx->keylen) != 0))
		FAIL(ms, kx->loc, "mirror-psk",
		    "hosts '%s' and '%s' hold different pre-shared keys for "
		    "each other", hname(x), hname(y));
}

size_t
check_mirror(const struct hostconfig *a, const struct hostconfig *b,
    struct diag_sink *ds)
{
	struct mstate ms = { a, b, ds, 0 };

	/* Differences once (from a); missing counterparts both ways. */
	check_ifaces(&ms, a, b, true);
	check_ifaces(&ms, b, a, false);
	check_policies(&ms, a, b, true);
	check_policies(&ms, b, a, false);
	check_remotes(&ms, a, b, true);
	check_remotes(&ms, b, a, false);
	return ms.failures;
}
