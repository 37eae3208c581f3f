/*
 * Checks across hosts, on HostConfigs only: tunnels are paired by their
 * outer addresses, as a human reading two rc.conf files would, and both
 * ends are compared: tunnel directions, inner addresses and MTU, mirror
 * policies, racoon identifiers, proposals and keys, phase 2 settings, and
 * routes to the peer's networks.
 *
 * Everything is found through sorted arrays (address -> host, policy key
 * -> policy, ...), so a fleet of n tunnels costs O(n log n), never n^2.
 */
#include "validate/lint.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "grammar/import.h"
#include "model/arena.h"

const char *const lint_status_names[LS__COUNT] = {
	"ok", "missing-end", "swapped", "inner-mismatch", "policy-mismatch",
	"phase1-mismatch", "psk-mismatch", "phase2-mismatch",
};

#define BIT(s)	(1u << (s))

struct owner {
	struct addr	 a;
	long		 host;
	int		 strength;	/* 1 = owned, 0 = claimed */
};

struct irec {
	struct addr	 lo, hi;
	enum tun_type	 type;
	long		 host;
	size_t		 idx;
};

struct prec {
	long		 host;
	const struct hc_policy *p;
	bool		 bad;
};

struct rrec {
	long		 host;
	const struct hc_remote *r;
	unsigned	 bad;		/* LS_PHASE1_MISMATCH / LS_PSK_MISMATCH */
};

struct srec {
	long		 host;
	const struct hc_sainfo *s;
	bool		 bad;
};

struct krec {
	long		 host;
	const struct hc_psk *k;
};

struct ctx {
	const struct lint_peer *peers;
	size_t		 npeers;
	struct diag_sink *ds;
	size_t		 errors;
	struct owner	*own;	size_t nown;
	struct irec	*ir;	size_t nir;
	struct prec	*pr;	size_t npr;
	struct rrec	*rr;	size_t nrr;
	struct srec	*sr;	size_t nsr;
	struct krec	*kr;	size_t nkr;
	struct lint_tunnel *rows; size_t nrows, caprows;
	struct irec	*in;	size_t nin;	/* by inner local address */
	bool		 views;		/* one tunnel's two ends (compile) */
};

static int
owner_cmp(const void *x, const void *y)
{
	const struct owner *a = x, *b = y;
	int c = addr_cmp(&a->a, &b->a);

	if (c != 0)
		return c;
	if (a->strength != b->strength)
		return b->strength - a->strength;
	return a->host < b->host ? -1 : a->host > b->host;
}

static long
owner_of(const struct ctx *c, const struct addr *a)
{
	size_t lo = 0, hi = c->nown;

	while (lo < hi) {
		size_t m = (lo + hi) / 2;

		if (addr_cmp(&c->own[m].a, a) < 0)
			lo = m + 1;
		else
			hi = m;
	}
	if (lo < c->nown && addr_eq(&c->own[lo].a, a))
		return c->own[lo].host;
	return -1;
}

static const char *
hname(const struct ctx *c, long h)
{
	return h < 0 ? "?" : c->peers[h].hc->host ? c->peers[h].hc->host :
	    "?";
}

/* --- indexes -------------------------------------------------------------- */

static void
build_owners(struct ctx *c)
{
	size_t i, j, n = 0;

	for (i = 0; i < c->npeers; i++)
		n += c->peers[i].nown + c->peers[i].nlocal + 1;
	c->own = xreallocarray(NULL, n + 1, sizeof(*c->own));
	for (i = 0; i < c->npeers; i++) {
		const struct lint_peer *p = &c->peers[i];

		for (j = 0; j < p->nown; j++)
			c->own[c->nown++] = (struct owner){ p->own[j],
			    (long)i, 1 };
		for (j = 0; j < p->nlocal; j++)
			c->own[c->nown++] = (struct owner){ p->local[j],
			    (long)i, 0 };
		if (p->hc->address.family != 0)
			c->own[c->nown++] = (struct owner){ p->hc->address,
			    (long)i, 0 };
	}
	qsort(c->own, c->nown, sizeof(*c->own), owner_cmp);
}

static int
irec_cmp(const void *x, const void *y)
{
	const struct irec *a = x, *b = y;
	int c;

	if (a->type != b->type)
		return a->type < b->type ? -1 : 1;
	if ((c = addr_cmp(&a->lo, &b->lo)) != 0)
		return c;
	if ((c = addr_cmp(&a->hi, &b->hi)) != 0)
		return c;
	if (a->host != b->host)
		return a->host < b->host ? -1 : 1;
	return a->idx < b->idx ? -1 : a->idx > b->idx;
}

static int
inner_cmp(const void *x, const void *y)
{
	const struct irec *a = x, *b = y;

	return addr_cmp(&a->lo, &b->lo);
}

static int
pol_key_cmp(long ha, const struct hc_policy *a, long hb,
    const struct hc_policy *b)
{
	if (ha != hb)
		return ha < hb ? -1 : 1;
	return lint_policy_cmp(a, b);
}

static int
prec_cmp(const void *x, const void *y)
{
	const struct prec *a = x, *b = y;
	int c = pol_key_cmp(a->host, a->p, b->host, b->p);

	if (c != 0)
		return c;
	return a->p < b->p ? -1 : a->p > b->p;
}

static struct prec *
find_policy_ports(const struct ctx *c, long host, enum spd_dir dir,
    const struct prefix *src, const struct prefix *dst, int ul, uint32_t sp,
    uint32_t dp)
{
	struct hc_policy k;
	size_t lo = 0, hi = c->npr;

	memset(&k, 0, sizeof(k));
	k.dir = dir;
	k.src = *src;
	k.dst = *dst;
	k.ulproto = ul;
	k.sport = sp;
	k.dport = dp;
	while (lo < hi) {
		size_t m = (lo + hi) / 2;

		if (pol_key_cmp(c->pr[m].host, c->pr[m].p, host, &k) < 0)
			lo = m + 1;
		else
			hi = m;
	}
	if (lo < c->npr && pol_key_cmp(c->pr[lo].host, c->pr[lo].p, host,
	    &k) == 0)
		return &c->pr[lo];
	return NULL;
}

static struct prec *
find_policy(const struct ctx *c, long host, enum spd_dir dir,
    const struct prefix *src, const struct prefix *dst, int ul)
{
	return find_policy_ports(c, host, dir, src, dst, ul, 0, 0);
}

static int
rrec_cmp(const void *x, const void *y)
{
	const struct rrec *a = x, *b = y;

	if (a->host != b->host)
		return a->host < b->host ? -1 : 1;
	return addr_cmp(&a->r->peer, &b->r->peer);
}

static struct rrec *
find_remote(const struct ctx *c, long host, const struct addr *peer)
{
	struct hc_remote r;
	struct rrec k = { host, &r, 0 };

	memset(&r, 0, sizeof(r));
	r.peer = *peer;
	if (c->nrr == 0)
		return NULL;
	return bsearch(&k, c->rr, c->nrr, sizeof(k), rrec_cmp);
}

static int
srec_cmp(const void *x, const void *y)
{
	const struct srec *a = x, *b = y;
	int c;

	if ((c = prefix_cmp(&a->s->local, &b->s->local)) != 0)
		return c;
	if ((c = prefix_cmp(&a->s->remote, &b->s->remote)) != 0)
		return c;
	if (a->s->ulproto != b->s->ulproto)
		return a->s->ulproto < b->s->ulproto ? -1 : 1;
	return a->host < b->host ? -1 : a->host > b->host;
}

/* The first sainfo for local/remote/ul on host (host -1: any host). */
static struct srec *
find_sainfo(const struct ctx *c, long host, const struct prefix *local,
    const struct prefix *remote, int ul)
{
	struct hc_sainfo s;
	struct srec k = { host < 0 ? -1 : host, &s, false };
	size_t lo = 0, hi = c->nsr;

	memset(&s, 0, sizeof(s));
	s.local = *local;
	s.remote = *remote;
	s.ulproto = ul;
	while (lo < hi) {
		size_t m = (lo + hi) / 2;

		if (srec_cmp(&c->sr[m], &k) < 0)
			lo = m + 1;
		else
			hi = m;
	}
	for (; lo < c->nsr; lo++) {
		const struct hc_sainfo *t = c->sr[lo].s;

		if (prefix_cmp(&t->local, local) != 0 ||
		    prefix_cmp(&t->remote, remote) != 0 || t->ulproto != ul)
			return NULL;
		if (host < 0 || c->sr[lo].host == host)
			return &c->sr[lo];
	}
	return NULL;
}

static int
krec_cmp(const void *x, const void *y)
{
	const struct krec *a = x, *b = y;

	if (a->host != b->host)
		return a->host < b->host ? -1 : 1;
	return addr_cmp(&a->k->peer, &b->k->peer);
}

static const struct hc_psk *
find_psk(const struct ctx *c, long host, const struct addr *peer)
{
	struct hc_psk p;
	struct krec k = { host, &p }, *r;

	memset(&p, 0, sizeof(p));
	p.peer = *peer;
	if (c->nkr == 0)
		return NULL;
	r = bsearch(&k, c->kr, c->nkr, sizeof(k), krec_cmp);
	return r != NULL ? r->k : NULL;
}

static void
build_indexes(struct ctx *c)
{
	size_t i, j, ni = 0, np = 0, nr = 0, ns = 0, nk = 0;

	for (i = 0; i < c->npeers; i++) {
		const struct hostconfig *h = c->peers[i].hc;

		ni += h->nifaces;
		np += h->npolicies;
		nr += h->nremotes;
		ns += h->nsainfos;
		nk += h->npsks;
	}
	c->ir = xreallocarray(NULL, ni + 1, sizeof(*c->ir));
	c->pr = xreallocarray(NULL, np + 1, sizeof(*c->pr));
	c->rr = xreallocarray(NULL, nr + 1, sizeof(*c->rr));
	c->sr = xreallocarray(NULL, ns + 1, sizeof(*c->sr));
	c->kr = xreallocarray(NULL, nk + 1, sizeof(*c->kr));
	for (i = 0; i < c->npeers; i++) {
		const struct hostconfig *h = c->peers[i].hc;

		for (j = 0; j < h->nifaces; j++) {
			const struct hc_iface *t = &h->ifaces[j];
			struct irec *r;

			if (t->outer_src.family == 0)
				continue;
			r = &c->ir[c->nir++];
			r->type = t->type;
			r->host = (long)i;
			r->idx = j;
			if (addr_cmp(&t->outer_src, &t->outer_dst) <= 0) {
				r->lo = t->outer_src;
				r->hi = t->outer_dst;
			} else {
				r->lo = t->outer_dst;
				r->hi = t->outer_src;
			}
		}
		for (j = 0; j < h->npolicies; j++)
			c->pr[c->npr++] = (struct prec){ (long)i,
			    &h->policies[j], false };
		for (j = 0; j < h->nremotes; j++)
			if (!h->remotes[j].anonymous &&
			    h->remotes[j].peer.family != 0)
				c->rr[c->nrr++] = (struct rrec){ (long)i,
				    &h->remotes[j], 0 };
		for (j = 0; j < h->nsainfos; j++)
			if (!h->sainfos[j].anonymous)
				c->sr[c->nsr++] = (struct srec){ (long)i,
				    &h->sainfos[j], false };
		for (j = 0; j < h->npsks; j++)
			if (h->psks[j].peer.family != 0)
				c->kr[c->nkr++] = (struct krec){ (long)i,
				    &h->psks[j] };
	}
	qsort(c->ir, c->nir, sizeof(*c->ir), irec_cmp);
	c->in = xreallocarray(NULL, c->nir + 1, sizeof(*c->in));
	for (i = 0; i < c->nir; i++) {
		const struct hc_iface *t =
		    &c->peers[c->ir[i].host].hc->ifaces[c->ir[i].idx];

		if (t->inner_local.family == 0)
			continue;
		c->in[c->nin] = c->ir[i];
		c->in[c->nin++].lo = t->inner_local;
	}
	qsort(c->in, c->nin, sizeof(*c->in), inner_cmp);
	qsort(c->pr, c->npr, sizeof(*c->pr), prec_cmp);
	qsort(c->rr, c->nrr, sizeof(*c->rr), rrec_cmp);
	qsort(c->sr, c->nsr, sizeof(*c->sr), srec_cmp);
	qsort(c->kr, c->nkr, sizeof(*c->kr), krec_cmp);
}

/* --- reporting ------------------------------------------------------------ */

static void
err(struct ctx *c, struct loc l, const char *code, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

static void
err(struct ctx *c, struct loc l, const char *code, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	diag_vreport(c->ds, DIAG_ERROR, l, code, fmt, ap);
	va_end(ap);
	c->errors++;
}

static struct lint_tunnel *
new_row(struct ctx *c)
{
	struct lint_tunnel *t;

	if (c->nrows == c->caprows) {
		c->caprows = c->caprows ? c->caprows * 2 : 64;
		c->rows = xreallocarray(c->rows, c->caprows, sizeof(*c->rows));
	}
	t = &c->rows[c->nrows++];
	memset(t, 0, sizeof(*t));
	t->host[0] = t->host[1] = -1;
	return t;
}

static const char *
dir_name(enum spd_dir d)
{
	return d == SPD_OUT ? "out" : "in";
}

static const char *
level_name(enum ipsec_level l)
{
	return l == LEVEL_REQUIRE ? "require" : l == LEVEL_UNIQUE ? "unique" :
	    "use";
}

static void
protection_of(const struct hc_policy *p, char *buf, size_t len)
{
	size_t i, n = 0;

	buf[0] = '\0';
	if (p == NULL) {
		snprintf(buf, len, "none");
		return;
	}
	if (p->action != SPD_IPSEC) {
		snprintf(buf, len, "%s", p->action == SPD_NONE ? "bypass" :
		    "discard");
		return;
	}
	for (i = 0; i < p->nreq && n < len; i++)
		n += (size_t)snprintf(buf + n, len - n, "%s%s/%s/%s",
		    i ? "+" : "", p->req[i].proto == IPSEC_AH ? "ah" : "esp",
		    p->req[i].mode == MODE_TUNNEL ? "tunnel" : "transport",
		    level_name(p->req[i].level));
}

/* --- interfaces ------------------------------------------------------------ */

static int
default_mtu(const struct hc_iface *t)
{
	return t->mtu != 0 ? t->mtu : t->type == TUN_GRE ? 1476 : 1280;
}

static void
pair_ifaces(struct ctx *c, struct lint_tunnel *row, long ha,
    const struct hc_iface *a, long hb, const struct hc_iface *b)
{
	char x[ADDR_STRLEN], y[ADDR_STRLEN];

	row->host[0] = ha;
	row->host[1] = hb;
	row->iface[0] = a;
	row->iface[1] = b;
	row->outer[0] = a->outer_src;
	row->outer[1] = a->outer_dst;
	row->inner[0] = a->inner_local;
	row->inner[1] = a->inner_remote;
	row->inner_len = a->inner_len;
	row->mtu[0] = a->mtu;
	row->mtu[1] = b->mtu;
	if (addr_eq(&a->outer_src, &b->outer_src)) {
		/* Both point the same way: one of them is wrong. */
		long bad = owner_of(c, &a->outer_src) == hb ? ha : hb;
		const struct hc_iface *t = bad == ha ? a : b, *o = t == a ? b : a;

		err(c, t->loc, "pair-swapped", "%s on %s has tunnel %s %s, "
		    "the same direction as %s on %s: on this host it must "
		    "read tunnel %s %s", t->name, hname(c, bad),
		    addr_format(&t->outer_src, x), addr_format(&t->outer_dst,
		    y), o->name, hname(c, bad == ha ? hb : ha), y, x);
		diag_note(c->ds, o->loc, "the other end");
		row->problems |= BIT(LS_SWAPPED);
		return;
	}
	if (a->inner_local.family != 0 || b->inner_local.family != 0) {
		struct prefix pa = { a->inner_local, a->inner_len };
		struct prefix pb = { b->inner_local, b->inner_len };

		if (!addr_eq(&a->inner_local, &b->inner_remote) ||
		    !addr_eq(&a->inner_remote, &b->inner_local)) {
			char x2[ADDR_STRLEN], y2[ADDR_STRLEN];

			err(c, b->loc, "pair-inner-mismatch", "%s on %s has "
			    "inner %s -> %s but %s on %s has %s -> %s: each "
			    "end's remote must be the other's local",
			    b->name, hname(c, hb), addr_format(&b->inner_local,
			    x), addr_format(&b->inner_remote, y), a->name,
			    hname(c, ha), addr_format(&a->inner_local, x2),
			    addr_format(&a->inner_remote, y2));
			diag_note(c->ds, a->loc, "the other end");
			row->problems |= BIT(LS_INNER_MISMATCH);
		} else if (a->inner_len != b->inner_len || (a->inner_len <
		    addr_bits(&a->inner_local) &&
		    (!prefix_contains(&pa, &b->inner_local) ||
		    !prefix_contains(&pb, &a->inner_local)))) {
			err(c, b->loc, "pair-inner-subnet", "%s on %s (/%u) "
			    "and %s on %s (/%u) put the inner addresses in "
			    "different subnets", b->name, hname(c, hb),
			    (unsigned)b->inner_len, a->name, hname(c, ha),
			    (unsigned)a->inner_len);
			diag_note(c->ds, a->loc, "the other end");
			row->problems |= BIT(LS_INNER_MISMATCH);
		}
	}
	if (default_mtu(a) != default_mtu(b)) {
		err(c, b->loc, "pair-mtu-mismatch", "%s on %s has MTU %d but "
		    "%s on %s has %d", b->name, hname(c, hb), default_mtu(b),
		    a->name, hname(c, ha), default_mtu(a));
		diag_note(c->ds, a->loc, "the other end");
	}
}

/*
 * A tunnel with no end on its peer: is its far inner address configured
 * somewhere else, on a tunnel that points at another host?  That is the
 * "not the peer's" mistake; say where.
 */
static void
note_far_inner(struct ctx *c, long host, const struct hc_iface *t)
{
	struct irec k;
	const struct irec *f;
	const struct hc_iface *o;
	char x[ADDR_STRLEN], y[ADDR_STRLEN], z[ADDR_STRLEN];

	if (t->inner_remote.family == 0 || c->nin == 0)
		return;
	k.lo = t->inner_remote;
	if ((f = bsearch(&k, c->in, c->nin, sizeof(k), inner_cmp)) == NULL ||
	    f->host == host)
		return;
	o = &c->peers[f->host].hc->ifaces[f->idx];
	diag_note(c->ds, o->loc, "%s on %s holds the far inner address %s; "
	    "its tunnel is %s %s", o->name, hname(c, f->host),
	    addr_format(&t->inner_remote, x), addr_format(&o->outer_src, y),
	    addr_format(&o->outer_dst, z));
}

static void
check_ifaces(struct ctx *c)
{
	size_t i = 0, j;
	char x[ADDR_STRLEN], y[ADDR_STRLEN];

	while (i < c->nir) {
		const struct irec *r = &c->ir[i];

		for (j = i + 1; j < c->nir && c->ir[j].type == r->type &&
		    addr_eq(&c->ir[j].lo, &r->lo) &&
		    addr_eq(&c->ir[j].hi, &r->hi); j++)
			;
		if (j - i == 1) {
			const struct hc_iface *t =
			    &c->peers[r->host].hc->ifaces[r->idx];
			long peer = owner_of(c, &t->outer_dst);
			struct lint_tunnel *row = new_row(c);

			row->host[0] = r->host;
			row->host[1] = peer == r->host ? -1 : peer;
			row->iface[0] = t;
			row->type = t->type;
			row->outer[0] = t->outer_src;
			row->outer[1] = t->outer_dst;
			row->inner[0] = t->inner_local;
			row->inner[1] = t->inner_remote;
			row->inner_len = t->inner_len;
			row->mtu[0] = t->mtu;
			row->problems |= BIT(LS_MISSING_END);
			if (peer >= 0 && peer != r->host) {
				err(c, t->loc, "pair-missing-end", "%s on %s "
				    "has tunnel %s %s to %s, but %s has no "
				    "%s tunnel back (tunnel %s %s)", t->name,
				    hname(c, r->host),
				    addr_format(&t->outer_src, x),
				    addr_format(&t->outer_dst, y),
				    hname(c, peer), hname(c, peer),
				    t->type == TUN_GRE ? "gre" : "gif", y, x);
				note_far_inner(c, r->host, t);
			}
		} else {
			const struct irec *s = &c->ir[i + 1];
			const struct hc_iface *a =
			    &c->peers[r->host].hc->ifaces[r->idx];
			const struct hc_iface *b =
			    &c->peers[s->host].hc->ifaces[s->idx];
			struct lint_tunnel *row = new_row(c);
			size_t k;

			row->type = a->type;
			pair_ifaces(c, row, r->host, a, s->host, b);
			for (k = i + 2; k < j; k++) {
				const struct hc_iface *d =
				    &c->peers[c->ir[k].host].hc->ifaces[
				    c->ir[k].idx];

				err(c, d->loc, "pair-duplicate-tunnel",
				    "%s on %s carries the same tunnel (%s <-> "
				    "%s) as %s on %s", d->name,
				    hname(c, c->ir[k].host),
				    addr_format(&r->lo, x),
				    addr_format(&r->hi, y), a->name,
				    hname(c, r->host));
			}
		}
		i = j;
	}
}

/* --- policies -------------------------------------------------------------- */

static bool
policy_far(const struct hc_policy *p, struct addr *far)
{
	size_t i;
	const struct prefix *sel = p->dir == SPD_OUT ? &p->dst : &p->src;

	for (i = 0; i < p->nreq; i++)
		if (p->req[i].mode == MODE_TUNNEL &&
		    p->req[i].tdst.family != 0) {
			*far = p->dir == SPD_OUT ? p->req[i].tdst :
			    p->req[i].tsrc;
			return true;
		}
	if (sel->len != addr_bits(&sel->addr))
		return false;
	*far = sel->addr;
	return true;
}

static bool
requests_equal(const struct hc_policy *a, const struct hc_policy *b,
    char *why, size_t len)
{
	size_t i;

	if (a->action != b->action) {
		snprintf(why, len, "the action differs");
		return false;
	}
	if (a->nreq != b->nreq) {
		snprintf(why, len, "the number of requests differs");
		return false;
	}
	for (i = 0; i < a->nreq; i++) {
		const struct spd_request *x = &a->req[i], *y = &b->req[i];

		if (x->proto != y->proto)
			snprintf(why, len, "protocol %s vs %s",
			    x->proto == IPSEC_AH ? "ah" : "esp",
			    y->proto == IPSEC_AH ? "ah" : "esp");
		else if (x->mode != y->mode)
			snprintf(why, len, "mode %s vs %s",
			    x->mode == MODE_TUNNEL ? "tunnel" : "transport",
			    y->mode == MODE_TUNNEL ? "tunnel" : "transport");
		else if (x->level != y->level)
			snprintf(why, len, "level %s vs %s",
			    level_name(x->level), level_name(y->level));
		else if (!addr_eq(&x->tsrc, &y->tsrc) ||
		    !addr_eq(&x->tdst, &y->tdst)) {
			char s1[ADDR_STRLEN], d1[ADDR_STRLEN];
			char s2[ADDR_STRLEN], d2[ADDR_STRLEN];

			snprintf(why, len, "tunnel endpoints %s-%s vs %s-%s",
			    addr_format(&x->tsrc, s1), addr_format(&x->tdst,
			    d1), addr_format(&y->tsrc, s2),
			    addr_format(&y->tdst, d2));
		} else
			continue;
		return false;
	}
	return true;
}

static void
check_policies(struct ctx *c)
{
	size_t i;

	for (i = 0; i < c->npr; i++) {
		struct prec *pr = &c->pr[i], *m;
		const struct hc_policy *p = pr->p;
		struct addr far;
		long peer;
		char why[160], s[PREFIX_STRLEN], d[PREFIX_STRLEN];

		if (p->action != SPD_IPSEC || !policy_far(p, &far))
			continue;
		peer = owner_of(c, &far);
		if (peer < 0 || peer == pr->host)
			continue;
		m = find_policy_ports(c, peer, p->dir == SPD_OUT ? SPD_IN :
		    SPD_OUT, &p->src, &p->dst, p->ulproto, p->sport, p->dport);
		if (m == NULL) {
			err(c, p->loc, "pair-policy-missing", "%s has no %s "
			    "policy for %s -> %s (proto %d) to match this %s "
			    "policy", hname(c, peer), dir_name(p->dir ==
			    SPD_OUT ? SPD_IN : SPD_OUT),
			    prefix_format(&p->src, s),
			    prefix_format(&p->dst, d), p->ulproto,
			    dir_name(p->dir));
			pr->bad = true;
			continue;
		}
		if (p->dir == SPD_OUT && !requests_equal(p, m->p, why,
		    sizeof(why))) {
			err(c, m->p->loc, "pair-policy-mismatch", "this %s "
			    "policy on %s does not mirror the %s policy on "
			    "%s: %s", dir_name(m->p->dir), hname(c, peer),
			    dir_name(p->dir), hname(c, pr->host), why);
			diag_note(c->ds, p->loc, "the %s policy on %s",
			    dir_name(p->dir), hname(c, pr->host));
			pr->bad = m->bad = true;
		}
	}
}

/* --- racoon ---------------------------------------------------------------- */

static unsigned long
life(unsigned long l)
{
	return l != 0 ? l : 28800;
}

/* Would responder r accept initiator i's proposal under r's check? */
static bool
lifetime_ok(enum proposal_check chk, unsigned long li, unsigned long lr)
{
	switch (chk) {
	case PCHECK_OBEY:
	case PCHECK_CLAIM:
		return true;
	case PCHECK_EXACT:
		return li == lr;
	case PCHECK_STRICT:
	default:
		return lr >= li;
	}
}

static void
props_of(const struct hc_remote *r, const struct hc_proposal **v,
    size_t *n, struct hc_proposal *one)
{
	if (r->nprops > 0) {
		*v = r->props;
		*n = r->nprops;
		return;
	}
	memset(one, 0, sizeof(*one));
	one->enc = r->enc;
	one->hash = r->hash;
	one->dh_group = r->dh_group;
	one->lifetime = r->lifetime;
	one->psk = !r->certs;
	one->loc = r->loc;
	*v = one;
	*n = 1;
}

static bool
negotiates(const struct hc_remote *ini, const struct hc_remote *resp)
{
	const struct hc_proposal *pi, *pr;
	struct hc_proposal oi, orr;
	size_t ni, nr, i, j;

	props_of(ini, &pi, &ni, &oi);
	props_of(resp, &pr, &nr, &orr);
	for (i = 0; i < ni; i++)
		for (j = 0; j < nr; j++)
			if (pi[i].enc == pr[j].enc &&
			    pi[i].hash == pr[j].hash &&
			    pi[i].dh_group == pr[j].dh_group &&
			    pi[i].psk == pr[j].psk &&
			    lifetime_ok(resp->check, life(pi[i].lifetime),
			    life(pr[j].lifetime)))
				return true;
	return false;
}

static const char *
pcheck_name(enum proposal_check c)
{
	return c == PCHECK_OBEY ? "obey" : c == PCHECK_CLAIM ? "claim" :
	    c == PCHECK_EXACT ? "exact" : "strict";
}

/* What a names itself vs what b expects of a. */
static bool
ids_match(const struct hc_remote *a, const struct addr *a_addr,
    const struct hc_remote *b, char *why, size_t len)
{
	char x[ADDR_STRLEN], y[ADDR_STRLEN];
	struct addr mine = a->my_id.family != 0 ? a->my_id : *a_addr;

	if (b->peer_id_type == NULL && b->peer_id.family == 0)
		return true;	/* b accepts any identifier */
	if ((a->my_id_type == NULL) != (b->peer_id_type == NULL) ||
	    (a->my_id_type != NULL && strcmp(a->my_id_type,
	    b->peer_id_type) != 0)) {
		snprintf(why, len, "identifier type %s vs %s",
		    a->my_id_type ? a->my_id_type : "address",
		    b->peer_id_type ? b->peer_id_type : "address");
		return false;
	}
	if (a->my_id_type == NULL) {
		if (!addr_eq(&mine, &b->peer_id)) {
			snprintf(why, len, "address %s vs %s",
			    addr_format(&mine, x), addr_format(&b->peer_id,
			    y));
			return false;
		}
		return true;
	}
	if (a->my_id_str == NULL || b->peer_id_str == NULL ||
	    strcmp(a->my_id_str, b->peer_id_str) != 0) {
		snprintf(why, len, "%s \"%s\" vs \"%s\"", a->my_id_type,
		    a->my_id_str ? a->my_id_str : "",
		    b->peer_id_str ? b->peer_id_str : "");
		return false;
	}
	return true;
}

static void
check_remotes(struct ctx *c)
{
	size_t i;

	for (i = 0; i < c->nrr; i++) {
		struct rrec *ra = &c->rr[i], *rb;
		const struct hc_remote *a = ra->r, *b;
		long peer = owner_of(c, &a->peer);
		const struct addr *a_addr;
		const struct hc_psk *ka, *kb;
		char why[200], x[ADDR_STRLEN];

		if (peer < 0 || peer <= ra->host)
			continue;	/* each pair once, from the lower host */
		/* The address b knows a by: a's identifier, else its address. */
		a_addr = a->my_id.family != 0 ? &a->my_id :
		    &c->peers[ra->host].hc->address;
		rb = find_remote(c, peer, a_addr);
		if (rb == NULL) {
			size_t k;

			for (k = 0; k < c->peers[ra->host].nlocal && rb == NULL;
			    k++)
				rb = find_remote(c, peer,
				    &c->peers[ra->host].local[k]);
			if (rb == NULL)
				continue;
			a_addr = &rb->r->peer;
		}
		b = rb->r;
		if (!ids_match(a, a_addr, b, why, sizeof(why)) ||
		    !ids_match(b, &a->peer, a, why, sizeof(why))) {
			err(c, b->loc, "pair-id-mismatch", "the identifiers "
			    "of %s and %s do not match: %s", hname(c, ra->host),
			    hname(c, peer), why);
			diag_note(c->ds, a->loc, "the remote on %s",
			    hname(c, ra->host));
			ra->bad |= BIT(LS_PHASE1_MISMATCH);
			rb->bad |= BIT(LS_PHASE1_MISMATCH);
		} else if (!negotiates(a, b) || !negotiates(b, a)) {
			bool ab = negotiates(a, b);

			err(c, b->loc, "pair-phase1-mismatch", "phase 1 "
			    "between %s and %s would not negotiate when %s "
			    "initiates (proposal_check %s on %s): no proposal "
			    "agrees on cipher, hash, DH group, authentication "
			    "and lifetime", hname(c, ra->host), hname(c, peer),
			    ab ? hname(c, peer) : hname(c, ra->host),
			    pcheck_name(ab ? a->check : b->check),
			    ab ? hname(c, ra->host) : hname(c, peer));
			diag_note(c->ds, a->loc, "the remote on %s",
			    hname(c, ra->host));
			ra->bad |= BIT(LS_PHASE1_MISMATCH);
			rb->bad |= BIT(LS_PHASE1_MISMATCH);
		}
		ka = find_psk(c, ra->host, &a->peer);
		kb = find_psk(c, peer, a_addr);
		if (ka != NULL && kb != NULL && (ka->keylen != kb->keylen ||
		    memcmp(ka->key, kb->key, ka->keylen) != 0)) {
			err(c, kb->loc, "pair-psk-mismatch", "the pre-shared "
			    "key %s holds for %s differs from the one %s holds "
			    "for %s (keys not shown)", hname(c, peer),
			    addr_format(a_addr, x), hname(c, ra->host),
			    hname(c, peer));
			diag_note(c->ds, ka->loc, "the key on %s",
			    hname(c, ra->host));
			ra->bad |= BIT(LS_PSK_MISMATCH);
			rb->bad |= BIT(LS_PSK_MISMATCH);
		}
	}
}

static void
check_sainfos(struct ctx *c)
{
	size_t i;

	for (i = 0; i < c->nsr; i++) {
		struct srec *sa = &c->sr[i], *sb;
		const struct hc_sainfo *a = sa->s, *b;
		const char *what = NULL;
		long peer;

		sb = find_sainfo(c, -1, &a->remote, &a->local, a->ulproto);
		while (sb != NULL && sb->host == sa->host) {
			sb++;
			if (sb == c->sr + c->nsr ||
			    prefix_cmp(&sb->s->local, &a->remote) != 0 ||
			    prefix_cmp(&sb->s->remote, &a->local) != 0 ||
			    sb->s->ulproto != a->ulproto)
				sb = NULL;
		}
		if (sb == NULL || (peer = sb->host) <= sa->host)
			continue;
		b = sb->s;
		if (a->enc != b->enc)
			what = "encryption algorithm";
		else if (a->auth != b->auth)
			what = "authentication algorithm";
		else if (a->pfs_group != b->pfs_group)
			what = "pfs group";
		if (what == NULL)
			continue;
		err(c, b->loc, "pair-phase2-mismatch", "this sainfo on %s and "
		    "the mirror one on %s differ in the %s: phase 2 would "
		    "not negotiate", hname(c, peer), hname(c, sa->host), what);
		diag_note(c->ds, a->loc, "the sainfo on %s",
		    hname(c, sa->host));
		sa->bad = sb->bad = true;
	}
}

/* --- routes ---------------------------------------------------------------- */

struct nrec {
	struct prefix	 p;
	long		 host;
};

static int
nrec_cmp(const void *x, const void *y)
{
	const struct nrec *a = x, *b = y;
	int c = prefix_cmp(&a->p, &b->p);

	if (c != 0)
		return c;
	return a->host < b->host ? -1 : a->host > b->host;
}

struct grec {
	long		 host;
	struct addr	 gw;
	size_t		 idx;
};

static int
grec_cmp(const void *x, const void *y)
{
	const struct grec *a = x, *b = y;

	if (a->host != b->host)
		return a->host < b->host ? -1 : 1;
	return addr_cmp(&a->gw, &b->gw);
}

static void
check_routes(struct ctx *c)
{
	struct nrec *nv;
	struct grec *gv;
	size_t i, j, nn = 0, ng = 0, cap = 1;

	for (i = 0; i < c->npeers; i++)
		cap += c->peers[i].nnets;
	cap += c->npr;
	nv = xreallocarray(NULL, cap, sizeof(*nv));
	for (i = 0; i < c->npeers; i++)
		for (j = 0; j < c->peers[i].nnets; j++)
			nv[nn++] = (struct nrec){ c->peers[i].nets[j], (long)i };
	for (i = 0; i < c->npr; i++) {
		const struct hc_policy *p = c->pr[i].p;

		if (p->dir == SPD_OUT && p->nreq > 0 &&
		    p->req[0].mode == MODE_TUNNEL &&
		    p->src.len < addr_bits(&p->src.addr))
			nv[nn++] = (struct nrec){ p->src, c->pr[i].host };
	}
	qsort(nv, nn, sizeof(*nv), nrec_cmp);
	gv = xreallocarray(NULL, c->nir + 1, sizeof(*gv));
	for (i = 0; i < c->nir; i++) {
		const struct hc_iface *t =
		    &c->peers[c->ir[i].host].hc->ifaces[c->ir[i].idx];

		if (t->inner_remote.family != 0)
			gv[ng++] = (struct grec){ c->ir[i].host,
			    t->inner_remote, c->ir[i].idx };
	}
	qsort(gv, ng, sizeof(*gv), grec_cmp);

	for (i = 0; i < c->npeers; i++) {
		const struct hostconfig *h = c->peers[i].hc;

		for (j = 0; j < h->nroutes; j++) {
			const struct hc_route *r = &h->routes[j];
			struct nrec k = { r->dst, -1 }, *n;
			struct grec gk = { (long)i, r->gateway, 0 }, *g;
			const struct hc_iface *t;
			long via, owner;
			size_t lo = 0, hi = nn;
			char b[PREFIX_STRLEN];

			if (r->dst.addr.family == 0 || r->gateway.family == 0)
				continue;
			while (lo < hi) {
				size_t m = (lo + hi) / 2;

				if (nrec_cmp(&nv[m], &k) < 0)
					lo = m + 1;
				else
					hi = m;
			}
			n = lo < nn && prefix_cmp(&nv[lo].p, &r->dst) == 0 ?
			    &nv[lo] : NULL;
			g = ng ? bsearch(&gk, gv, ng, sizeof(gk), grec_cmp) :
			    NULL;
			if (g == NULL)
				continue;	/* not via a tunnel: rc.conf's */
			t = &h->ifaces[g->idx];
			via = owner_of(c, &t->outer_dst);
			if (!c->views && via >= 0 && via != (long)i &&
			    loc_is_set(c->peers[via].hc->loc) &&
			    r->dst.len < addr_bits(&r->dst.addr) &&
			    !(r->dst.addr.family == AF_V6 ?
			    c->peers[via].hc->gateway6 :
			    c->peers[via].hc->gateway4))
				diag_warning(c->ds, r->loc,
				    "pair-no-forwarding", "route %s sends %s "
				    "through %s to %s, which does not forward "
				    "(%s is off there)", r->name,
				    prefix_format(&r->dst, b), t->name,
				    hname(c, via), r->dst.addr.family ==
				    AF_V6 ? "ipv6_gateway_enable" :
				    "gateway_enable");
			if (n == NULL || (owner = n->host) == (long)i)
				continue;
			if (via >= 0 && via != owner)
				err(c, r->loc, "pair-route-not-via-tunnel",
				    "route %s to %s, a network of %s, goes "
				    "through %s to %s", r->name,
				    prefix_format(&r->dst, b), hname(c, owner),
				    t->name, hname(c, via));
		}
	}
	free(nv);
	free(gv);
}

/* --- rows for the IPsec-only tunnels, and statuses ----------------------- */

static void
ipsec_rows(struct ctx *c)
{
	size_t i;

	for (i = 0; i < c->npr; i++) {
		const struct prec *pr = &c->pr[i];
		const struct hc_policy *p = pr->p;
		const struct spd_request *q;
		struct lint_tunnel *row;
		long peer;
		size_t k;

		if (p->dir != SPD_OUT || p->action != SPD_IPSEC ||
		    p->nreq == 0 || p->req[0].mode != MODE_TUNNEL)
			continue;
		q = &p->req[0];
		peer = owner_of(c, &q->tdst);
		if (peer == pr->host)
			peer = -1;
		/* One row per flow, from the end with the lower index. */
		if (peer >= 0 && peer < pr->host &&
		    find_policy_ports(c, peer, SPD_OUT, &p->dst, &p->src,
		    p->ulproto, p->dport, p->sport) != NULL)
			continue;
		row = new_row(c);
		row->type = TUN_IPSEC;
		row->host[0] = pr->host;
		row->host[1] = peer;
		row->outer[0] = q->tsrc;
		row->outer[1] = q->tdst;
		row->inner[0] = p->src.addr;
		row->inner[1] = p->dst.addr;
		row->inner_len = p->src.len;
		row->flow[0] = p->src;
		row->flow[1] = p->dst;
		protection_of(p, row->protection, sizeof(row->protection));
		if (pr->bad)
			row->problems |= BIT(LS_POLICY_MISMATCH);
		if (peer < 0 || find_policy_ports(c, peer, SPD_IN, &p->src,
		    &p->dst, p->ulproto, p->sport, p->dport) == NULL)
			row->problems |= BIT(LS_MISSING_END);
		for (k = 0; k < 2 && peer >= 0; k++) {
			long h = row->host[k], o = row->host[1 - k];
			const struct prefix *l = k ? &p->dst : &p->src;
			const struct prefix *rm = k ? &p->src : &p->dst;
			struct prec *m = find_policy_ports(c, h, SPD_OUT, l,
			    rm, p->ulproto, k ? p->dport : p->sport,
			    k ? p->sport : p->dport);
			struct rrec *rr = find_remote(c, h, &row->outer[1 - k]);
			struct srec *s = find_sainfo(c, h, l, rm, p->ulproto);

			(void)o;
			if (m != NULL && m->bad)
				row->problems |= BIT(LS_POLICY_MISMATCH);
			if (m == NULL)
				row->problems |= BIT(LS_MISSING_END);
			if (rr != NULL)
				row->problems |= rr->bad;
			if (s != NULL && s->bad)
				row->problems |= BIT(LS_PHASE2_MISMATCH);
		}
	}
}

/* The policies, remotes and sainfos that protect a gif/gre tunnel. */
static void
iface_protection(struct ctx *c, struct lint_tunnel *row)
{
	static const int uls[] = { 4, 41, 47, -1 };
	size_t k, u;

	row->protection[0] = '\0';
	for (k = 0; k < 2; k++) {
		long h = row->host[k];
		const struct addr *me = &row->outer[k], *far = &row->outer[1 - k];
		struct prefix ps = { *me, (uint8_t)addr_bits(me) };
		struct prefix pd = { *far, (uint8_t)addr_bits(far) };
		struct prec *out = NULL, *in = NULL;
		struct rrec *rr;
		struct srec *s = NULL;

		if (h < 0)
			continue;
		for (u = 0; u < 4 && out == NULL; u++)
			if ((out = find_policy(c, h, SPD_OUT, &ps, &pd,
			    uls[u])) != NULL) {
				in = find_policy(c, h, SPD_IN, &pd, &ps,
				    uls[u]);
				s = find_sainfo(c, h, &ps, &pd, uls[u]);
			}
		if (k == 0)
			protection_of(out != NULL ? out->p : NULL,
			    row->protection, sizeof(row->protection));
		if (out == NULL)
			continue;
		if (out->bad || (in != NULL && in->bad))
			row->problems |= BIT(LS_POLICY_MISMATCH);
		if ((rr = find_remote(c, h, far)) != NULL)
			row->problems |= rr->bad;
		if (s != NULL && s->bad)
			row->problems |= BIT(LS_PHASE2_MISMATCH);
	}
	/* Protected on one end only. */
	if (row->host[1] >= 0 && row->host[0] >= 0) {
		struct prefix p0 = { row->outer[0],
		    (uint8_t)addr_bits(&row->outer[0]) };
		struct prefix p1 = { row->outer[1],
		    (uint8_t)addr_bits(&row->outer[1]) };
		bool e0 = false, e1 = false;

		for (u = 0; u < 4; u++) {
			e0 |= find_policy(c, row->host[0], SPD_OUT, &p0, &p1,
			    uls[u]) != NULL;
			e1 |= find_policy(c, row->host[1], SPD_OUT, &p1, &p0,
			    uls[u]) != NULL;
		}
		if (e0 != e1)
			row->problems |= BIT(LS_POLICY_MISMATCH);
	}
}

static void
decide(struct lint_tunnel *row)
{
	int s;

	row->status = LS_OK;
	for (s = LS_MISSING_END; s < LS__COUNT; s++)
		if (row->problems & BIT(s)) {
			row->status = (enum lint_status)s;
			return;
		}
}

static size_t
run_pairs(const struct lint_peer *peers, size_t npeers, struct diag_sink *ds,
    struct lint_table *table, bool views)
{
	struct ctx c;
	size_t i, nif;

	memset(&c, 0, sizeof(c));
	c.views = views;
	c.peers = peers;
	c.npeers = npeers;
	c.ds = ds;
	build_owners(&c);
	build_indexes(&c);
	check_ifaces(&c);
	nif = c.nrows;
	check_policies(&c);
	check_remotes(&c);
	check_sainfos(&c);
	check_routes(&c);
	for (i = 0; i < nif; i++)
		iface_protection(&c, &c.rows[i]);
	ipsec_rows(&c);
	for (i = 0; i < c.nrows; i++)
		decide(&c.rows[i]);
	if (table != NULL) {
		table->rows = c.rows;
		table->nrows = c.nrows;
	} else
		free(c.rows);
	free(c.own);
	free(c.ir);
	free(c.in);
	free(c.pr);
	free(c.rr);
	free(c.sr);
	free(c.kr);
	return c.errors;
}

size_t
lint_pairs(const struct lint_peer *peers, size_t npeers,
    struct diag_sink *ds, struct lint_table *table)
{
	return run_pairs(peers, npeers, ds, table, false);
}

size_t
lint_mirror(const struct hostconfig *a, const struct hostconfig *b,
    struct diag_sink *ds)
{
	struct lint_peer p[2];

	memset(p, 0, sizeof(p));
	p[0].hc = a;
	p[1].hc = b;
	if (a->address.family != 0) {
		p[0].own = &a->address;
		p[0].nown = 1;
	}
	if (b->address.family != 0) {
		p[1].own = &b->address;
		p[1].nown = 1;
	}
	return run_pairs(p, 2, ds, NULL, true);
}

void
lint_table_free(struct lint_table *t)
{
	free(t->rows);
	t->rows = NULL;
	t->nrows = 0;
}

struct lint_peer
lint_peer_of(const struct imp_host *h)
{
	struct lint_peer p;

	p.hc = &h->hc;
	p.own = h->own;
	p.nown = h->nown;
	p.local = h->local;
	p.nlocal = h->nlocal;
	p.nets = h->nets;
	p.nnets = h->nnets;
	return p;
}

size_t
lint_lowered(const struct hostconfig *hosts, size_t n, struct diag_sink *ds)
{
	struct lint_peer *peers = xcalloc(n + 1, sizeof(*peers));
	size_t i, errors;

	for (i = 0; i < n; i++) {
		peers[i].hc = &hosts[i];
		if (hosts[i].address.family != 0) {
			peers[i].own = &hosts[i].address;
			peers[i].nown = 1;
		}
	}
	errors = lint_pairs(peers, n, ds, NULL);
	free(peers);
	return errors;
}
