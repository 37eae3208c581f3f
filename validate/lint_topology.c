/*
 * lint --topology: the deployed hosts against the HostConfigs the topology
 * lowers to (exactly what compile would write).  Each kind of element is
 * keyed (an interface by its outer addresses, a policy by direction and
 * selectors, a remote by peer, a sainfo by its selectors, a route by its
 * destination, a key by its peer), both sides are sorted and merged: what
 * the topology implies and is absent is reported at the topology, what is
 * present and not implied at the deployed file, and what is present but
 * configured differently at the deployed file with a note at the topology.
 */
#include "validate/lint.h"

#include <stdlib.h>
#include <string.h>

#include "grammar/import.h"
#include "model/arena.h"

struct tkey {
	unsigned char	 k[40];
	size_t		 idx;
};

static int
tkey_cmp(const void *a, const void *b)
{
	const struct tkey *x = a, *y = b;
	int c = memcmp(x->k, y->k, sizeof(x->k));

	if (c != 0)
		return c;
	return x->idx < y->idx ? -1 : x->idx > y->idx;
}

static void
put_prefix(unsigned char *k, const struct prefix *p)
{
	k[0] = p->addr.family;
	memcpy(k + 1, p->addr.b, 16);
	k[17] = p->len;
}

/* What one kind of element needs to be compared. */
struct kind {
	const char	*what;
	size_t		 (*count)(const struct hostconfig *);
	void		 (*key)(const struct hostconfig *, size_t, unsigned char *);
	struct loc	 (*loc)(const struct hostconfig *, size_t);
	/* NULL when equal, else what differs (static text). */
	const char	*(*differs)(const struct hostconfig *, size_t,
			    const struct hostconfig *, size_t);
	void		 (*name)(const struct hostconfig *, size_t, char *, size_t);
};

static size_t n_if(const struct hostconfig *h) { return h->nifaces; }
static size_t n_pol(const struct hostconfig *h) { return h->npolicies; }
static size_t n_rem(const struct hostconfig *h) { return h->nremotes; }
static size_t n_sai(const struct hostconfig *h) { return h->nsainfos; }
static size_t n_rt(const struct hostconfig *h) { return h->nroutes; }
static size_t n_psk(const struct hostconfig *h) { return h->npsks; }

static void
k_if(const struct hostconfig *h, size_t i, unsigned char *k)
{
	const struct hc_iface *t = &h->ifaces[i];

	k[0] = (unsigned char)t->type;
	k[1] = t->outer_src.family;
	memcpy(k + 2, t->outer_src.b, 16);
	memcpy(k + 18, t->outer_dst.b, 16);
}

static void
k_pol(const struct hostconfig *h, size_t i, unsigned char *k)
{
	const struct hc_policy *p = &h->policies[i];

	k[0] = (unsigned char)p->dir;
	k[1] = (unsigned char)(p->ulproto + 1);
	put_prefix(k + 2, &p->src);
	put_prefix(k + 20, &p->dst);
}

static void
k_rem(const struct hostconfig *h, size_t i, unsigned char *k)
{
	k[0] = h->remotes[i].anonymous;
	k[1] = h->remotes[i].peer.family;
	memcpy(k + 2, h->remotes[i].peer.b, 16);
}

static void
k_sai(const struct hostconfig *h, size_t i, unsigned char *k)
{
	const struct hc_sainfo *s = &h->sainfos[i];

	k[0] = s->anonymous;
	k[1] = (unsigned char)(s->ulproto + 1);
	put_prefix(k + 2, &s->local);
	put_prefix(k + 20, &s->remote);
}

static void
k_rt(const struct hostconfig *h, size_t i, unsigned char *k)
{
	put_prefix(k, &h->routes[i].dst);
}

static void
k_psk(const struct hostconfig *h, size_t i, unsigned char *k)
{
	k[0] = h->psks[i].peer.family;
	memcpy(k + 1, h->psks[i].peer.b, 16);
}

static struct loc l_if(const struct hostconfig *h, size_t i) { return h->ifaces[i].loc; }
static struct loc l_pol(const struct hostconfig *h, size_t i) { return h->policies[i].loc; }
static struct loc l_rem(const struct hostconfig *h, size_t i) { return h->remotes[i].loc; }
static struct loc l_sai(const struct hostconfig *h, size_t i) { return h->sainfos[i].loc; }
static struct loc l_rt(const struct hostconfig *h, size_t i) { return h->routes[i].loc; }
static struct loc l_psk(const struct hostconfig *h, size_t i) { return h->psks[i].loc; }

static const char *
d_if(const struct hostconfig *e, size_t i, const struct hostconfig *d,
    size_t j)
{
	const struct hc_iface *a = &e->ifaces[i], *b = &d->ifaces[j];

	if (!addr_eq(&a->inner_local, &b->inner_local) ||
	    !addr_eq(&a->inner_remote, &b->inner_remote))
		return "inner addresses";
	/* An IPv6 point-to-point address is written prefixlen 128. */
	if (a->inner_len != b->inner_len && !(b->inner_len == 128 &&
	    b->inner_remote.family == AF_V6))
		return "inner prefix length";
	if (a->mtu != 0 && a->mtu != b->mtu)
		return "MTU";
	return NULL;
}

static const char *
d_pol(const struct hostconfig *e, size_t i, const struct hostconfig *d,
    size_t j)
{
	const struct hc_policy *a = &e->policies[i], *b = &d->policies[j];
	size_t k;

	if (a->action != b->action || a->nreq != b->nreq)
		return "action or requests";
	for (k = 0; k < a->nreq; k++) {
		if (a->req[k].proto != b->req[k].proto)
			return "IPsec protocol";
		if (a->req[k].mode != b->req[k].mode)
			return "mode";
		if (a->req[k].level != b->req[k].level)
			return "level";
		if (!addr_eq(&a->req[k].tsrc, &b->req[k].tsrc) ||
		    !addr_eq(&a->req[k].tdst, &b->req[k].tdst))
			return "tunnel endpoints";
	}
	return NULL;
}

static const char *
d_rem(const struct hostconfig *e, size_t i, const struct hostconfig *d,
    size_t j)
{
	const struct hc_remote *a = &e->remotes[i], *b = &d->remotes[j];

	if (a->mode != b->mode)
		return "exchange mode";
	if (a->enc != b->enc || a->hash != b->hash ||
	    a->dh_group != b->dh_group)
		return "phase 1 proposal";
	if (a->lifetime != 0 && b->lifetime != 0 && a->lifetime != b->lifetime)
		return "phase 1 lifetime";
	return NULL;
}

static const char *
d_sai(const struct hostconfig *e, size_t i, const struct hostconfig *d,
    size_t j)
{
	const struct hc_sainfo *a = &e->sainfos[i], *b = &d->sainfos[j];

	if (a->enc != b->enc || a->auth != b->auth)
		return "phase 2 algorithms";
	if (a->pfs_group != b->pfs_group)
		return "pfs group";
	return NULL;
}

static const char *
d_rt(const struct hostconfig *e, size_t i, const struct hostconfig *d,
    size_t j)
{
	if (d->routes[j].gateway.family != 0 &&
	    !addr_eq(&e->routes[i].gateway, &d->routes[j].gateway))
		return "gateway";
	return NULL;
}

static const char *
d_psk(const struct hostconfig *e, size_t i, const struct hostconfig *d,
    size_t j)
{
	const struct hc_psk *a = &e->psks[i], *b = &d->psks[j];

	if (a->key == NULL)
		return NULL;	/* the topology's key was not resolved */
	if (a->keylen != b->keylen || memcmp(a->key, b->key, a->keylen) != 0)
		return "key (not shown)";
	return NULL;
}

static void
nm_if(const struct hostconfig *h, size_t i, char *buf, size_t len)
{
	char a[ADDR_STRLEN], b[ADDR_STRLEN];
	const struct hc_iface *t = &h->ifaces[i];

	snprintf(buf, len, "%s tunnel %s -> %s",
	    t->type == TUN_GRE ? "gre" : "gif",
	    addr_format(&t->outer_src, a), addr_format(&t->outer_dst, b));
}

static void
nm_pol(const struct hostconfig *h, size_t i, char *buf, size_t len)
{
	char a[PREFIX_STRLEN], b[PREFIX_STRLEN];
	const struct hc_policy *p = &h->policies[i];

	snprintf(buf, len, "%s policy %s -> %s (proto %d)",
	    p->dir == SPD_OUT ? "out" : "in", prefix_format(&p->src, a),
	    prefix_format(&p->dst, b), p->ulproto);
}

static void
nm_rem(const struct hostconfig *h, size_t i, char *buf, size_t len)
{
	char a[ADDR_STRLEN];

	if (h->remotes[i].anonymous)
		snprintf(buf, len, "racoon remote anonymous");
	else
		snprintf(buf, len, "racoon remote %s",
		    addr_format(&h->remotes[i].peer, a));
}

static void
nm_sai(const struct hostconfig *h, size_t i, char *buf, size_t len)
{
	char a[PREFIX_STRLEN], b[PREFIX_STRLEN];
	const struct hc_sainfo *s = &h->sainfos[i];

	if (s->anonymous)
		snprintf(buf, len, "sainfo anonymous");
	else
		snprintf(buf, len, "sainfo %s -> %s (proto %d)",
		    prefix_format(&s->local, a), prefix_format(&s->remote, b),
		    s->ulproto);
}

static void
nm_rt(const struct hostconfig *h, size_t i, char *buf, size_t len)
{
	char a[PREFIX_STRLEN];

	snprintf(buf, len, "route to %s", prefix_format(&h->routes[i].dst, a));
}

static void
nm_psk(const struct hostconfig *h, size_t i, char *buf, size_t len)
{
	char a[ADDR_STRLEN];

	if (h->psks[i].peer.family == 0)
		snprintf(buf, len, "psk.txt entry %s",
		    h->psks[i].ident ? h->psks[i].ident : "?");
	else
		snprintf(buf, len, "psk.txt entry for %s",
		    addr_format(&h->psks[i].peer, a));
}

static const struct kind kinds[] = {
	{ "interface", n_if, k_if, l_if, d_if, nm_if },
	{ "policy", n_pol, k_pol, l_pol, d_pol, nm_pol },
	{ "remote", n_rem, k_rem, l_rem, d_rem, nm_rem },
	{ "sainfo", n_sai, k_sai, l_sai, d_sai, nm_sai },
	{ "route", n_rt, k_rt, l_rt, d_rt, nm_rt },
	{ "psk", n_psk, k_psk, l_psk, d_psk, nm_psk },
};

static struct tkey *
keys_of(const struct kind *k, const struct hostconfig *h, size_t *n)
{
	struct tkey *v;
	size_t i;

	*n = h != NULL ? k->count(h) : 0;
	v = xcalloc(*n + 1, sizeof(*v));
	for (i = 0; i < *n; i++) {
		k->key(h, i, v[i].k);
		v[i].idx = i;
	}
	qsort(v, *n, sizeof(*v), tkey_cmp);
	return v;
}

static void
compare_host(const struct hostconfig *e, const struct hostconfig *d,
    struct diag_sink *ds)
{
	size_t ki;

	for (ki = 0; ki < sizeof(kinds) / sizeof(kinds[0]); ki++) {
		const struct kind *k = &kinds[ki];
		struct tkey *ev, *dv;
		size_t ne, nd, i = 0, j = 0;
		char name[160];

		ev = keys_of(k, e, &ne);
		dv = keys_of(k, d, &nd);
		while (i < ne || j < nd) {
			int c = i == ne ? 1 : j == nd ? -1 :
			    memcmp(ev[i].k, dv[j].k, sizeof(ev[i].k));
			const char *why;

			if (c < 0) {
				k->name(e, ev[i].idx, name, sizeof(name));
				diag_error(ds, k->loc(e, ev[i].idx),
				    "topo-missing", "%s: the topology implies "
				    "%s, which is not configured", e->host,
				    name);
				i++;
			} else if (c > 0) {
				k->name(d, dv[j].idx, name, sizeof(name));
				diag_error(ds, k->loc(d, dv[j].idx),
				    "topo-extra", "%s is configured on %s but "
				    "the topology does not say so", name,
				    d->host);
				j++;
			} else {
				why = k->differs(e, ev[i].idx, d, dv[j].idx);
				if (why != NULL) {
					k->name(d, dv[j].idx, name,
					    sizeof(name));
					diag_error(ds, k->loc(d, dv[j].idx),
					    "topo-differs", "%s on %s: the %s "
					    "differs from the topology's",
					    name, d->host, why);
					diag_note(ds, k->loc(e, ev[i].idx),
					    "what the topology says");
				}
				i++;
				j++;
			}
		}
		free(ev);
		free(dv);
	}
}

static int
host_cmp(const void *a, const void *b)
{
	const struct imp_host *const *x = a, *const *y = b;

	return strcmp((*x)->name, (*y)->name);
}

void
lint_topology(const struct hostconfig *expected, size_t nexpected,
    struct imp_host *const *hosts, size_t nhosts, struct diag_sink *ds)
{
	struct imp_host **sorted;
	bool *seen;
	size_t i;

	sorted = xreallocarray(NULL, nhosts + 1, sizeof(*sorted));
	memcpy(sorted, hosts, nhosts * sizeof(*sorted));
	qsort(sorted, nhosts, sizeof(*sorted), host_cmp);
	seen = xcalloc(nhosts + 1, sizeof(*seen));
	for (i = 0; i < nexpected; i++) {
		const struct hostconfig *e = &expected[i];
		struct imp_host key, *kp = &key, **found;

		key.name = e->host;
		found = nhosts ? bsearch(&kp, sorted, nhosts, sizeof(*sorted),
		    host_cmp) : NULL;
		if (found == NULL) {
			if (e->nifaces + e->npolicies + e->nremotes > 0)
				diag_error(ds, e->loc, "topo-host-missing",
				    "host %s has tunnels in the topology but "
				    "no configuration was given for it",
				    e->host);
			continue;
		}
		seen[found - sorted] = true;
		compare_host(e, &(*found)->hc, ds);
	}
	for (i = 0; i < nhosts; i++) {
		const struct hostconfig *d = &sorted[i]->hc;

		if (seen[i] || d->nifaces + d->npolicies + d->nremotes == 0)
			continue;
		diag_error(ds, d->loc, "topo-extra", "host %s has tunnel "
		    "configuration but is not in the topology", d->host);
	}
	free(sorted);
	free(seen);
}
