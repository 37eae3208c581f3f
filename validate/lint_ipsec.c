/*
 * ipsec.conf (setkey file) checks on one host: policies without their
 * opposite direction, duplicate and shadowed policies, flushes that come
 * after what they wipe, tunnel endpoints that are not this host's, the
 * clear-text fallback of level use, and policies nothing keys.
 */
#include "validate/lint.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "grammar/import.h"
#include "grammar/setkey.h"
#include "model/arena.h"

#define SHADOW_MAX	256

struct pkey {
	const struct hc_policy *p;
	size_t		 idx;
};

int
lint_policy_cmp(const struct hc_policy *a, const struct hc_policy *b)
{
	int c;

	if (a->dir != b->dir)
		return a->dir < b->dir ? -1 : 1;
	if ((c = prefix_cmp(&a->src, &b->src)) != 0)
		return c;
	if ((c = prefix_cmp(&a->dst, &b->dst)) != 0)
		return c;
	if (a->ulproto != b->ulproto)
		return a->ulproto < b->ulproto ? -1 : 1;
	if (a->sport != b->sport)
		return a->sport < b->sport ? -1 : 1;
	return a->dport < b->dport ? -1 : a->dport > b->dport;
}

static int
pkey_cmp(const void *x, const void *y)
{
	const struct pkey *a = x, *b = y;
	int c = lint_policy_cmp(a->p, b->p);

	if (c != 0)
		return c;
	return a->idx < b->idx ? -1 : a->idx > b->idx;
}

static const char *
dir_name(enum spd_dir d)
{
	return d == SPD_OUT ? "out" : "in";
}

static void
check_flush(const struct imp_host *h, struct diag_sink *ds)
{
	const struct sk_stmt *st, *first_spd = NULL, *first_sa = NULL;

	for (st = h->sk->stmts; st != NULL; st = st->next) {
		if (st->cmd == SK_SPDADD || st->cmd == SK_SPDUPDATE) {
			if (first_spd == NULL)
				first_spd = st;
		} else if (st->cmd == SK_ADD) {
			if (first_sa == NULL)
				first_sa = st;
		} else if (st->cmd == SK_SPDFLUSH && first_spd != NULL) {
			diag_error(ds, st->loc, "ipsec-flush-after",
			    "spdflush after policies: loading the file "
			    "removes the policies above it (from line %u) "
			    "and every other tunnel's", (unsigned)
			    first_spd->loc.line);
		} else if (st->cmd == SK_FLUSH && first_sa != NULL) {
			diag_error(ds, st->loc, "ipsec-flush-after",
			    "flush after SAs: loading the file removes the "
			    "SAs above it (from line %u) and racoon's",
			    (unsigned)first_sa->loc.line);
		}
	}
}

struct spi {
	uint32_t	 spi;
	struct loc	 loc;
};

static int
spi_cmp(const void *x, const void *y)
{
	const struct spi *a = x, *b = y;

	if (a->spi != b->spi)
		return a->spi < b->spi ? -1 : 1;
	return a->loc.line < b->loc.line ? -1 : a->loc.line > b->loc.line;
}

struct uid {
	uint32_t	 id;
	int		 dir;	/* -1 for an SA's -u N */
	struct loc	 loc;
};

static int
uid_cmp(const void *x, const void *y)
{
	const struct uid *a = x, *b = y;

	if (a->id != b->id)
		return a->id < b->id ? -1 : 1;
	if (a->dir != b->dir)
		return a->dir < b->dir ? -1 : 1;
	return a->loc.line < b->loc.line ? -1 : a->loc.line > b->loc.line;
}

/* Manual keying: SPIs and the unique:N <-> -u N bindings. */
static void
check_sas(const struct imp_host *h, struct diag_sink *ds)
{
	const struct sk_stmt *st;
	struct spi *sv;
	struct uid *uv;
	size_t ns = 0, nu = 0, i, j, k, cap = 1;

	for (st = h->sk->stmts; st != NULL; st = st->next)
		cap += 1 + (st->cmd == SK_SPDADD ? st->spd.policy.nreqs : 0);
	sv = xreallocarray(NULL, cap, sizeof(*sv));
	uv = xreallocarray(NULL, cap, sizeof(*uv));
	for (st = h->sk->stmts; st != NULL; st = st->next) {
		if (st->cmd == SK_ADD && st->sa.has_spi) {
			if (st->sa.spi < 256)
				diag_error(ds, st->sa.spi_loc,
				    "ipsec-spi-reserved", "SPI %u is reserved "
				    "(0-255): the kernel refuses it",
				    (unsigned)st->sa.spi);
			sv[ns].spi = st->sa.spi;
			sv[ns++].loc = st->sa.spi_loc;
			for (i = 0; i < st->sa.nopts; i++)
				if (st->sa.opts[i].kind == SK_OPT_REQID)
					uv[nu++] = (struct uid){
					    (uint32_t)st->sa.opts[i].num, -1,
					    st->sa.opts[i].loc };
		} else if (st->cmd == SK_SPDADD || st->cmd == SK_SPDUPDATE) {
			for (i = 0; i < st->spd.policy.nreqs; i++) {
				const struct sk_request *r =
				    &st->spd.policy.reqs[i];

				if (r->level == SK_LEVEL_UNIQUE &&
				    r->unique_id != 0)
					uv[nu++] = (struct uid){ r->unique_id,
					    (int)st->spd.policy.dir,
					    r->level_loc };
			}
		}
	}
	if (ns > 1)
		qsort(sv, ns, sizeof(*sv), spi_cmp);
	for (i = 1; i < ns; i++)
		if (sv[i].spi == sv[i - 1].spi) {
			diag_error(ds, sv[i].loc, "ipsec-spi-duplicate",
			    "SPI %u is already used on line %u: FreeBSD keeps "
			    "one SPI space for every SA", (unsigned)sv[i].spi,
			    (unsigned)sv[i - 1].loc.line);
		}
	if (nu > 1)
		qsort(uv, nu, sizeof(*uv), uid_cmp);
	for (i = 0; i < nu; i = j) {
		bool sa = false;

		for (j = i; j < nu && uv[j].id == uv[i].id; j++)
			sa |= uv[j].dir < 0;
		for (k = i; k < j; k++) {
			if (uv[k].dir < 0)
				continue;
			if (!sa && !h->has[IMP_RACOON])
				diag_error(ds, uv[k].loc, "ipsec-unique-no-sa",
				    "unique:%u but no SA is added with -u %u: "
				    "the policy finds no SA", (unsigned)uv[k].id,
				    (unsigned)uv[k].id);
			if (k > i && uv[k - 1].dir == uv[k].dir)
				diag_error(ds, uv[k].loc, "ipsec-unique-shared",
				    "unique:%u is also used by the policy on "
				    "line %u in the same direction",
				    (unsigned)uv[k].id,
				    (unsigned)uv[k - 1].loc.line);
		}
	}
	free(sv);
	free(uv);
}

struct outer {
	struct addr	 src, dst;
	const struct hc_iface *t;
};

static int
outer_cmp(const void *x, const void *y)
{
	const struct outer *a = x, *b = y;
	int c = addr_cmp(&a->src, &b->src);

	return c != 0 ? c : addr_cmp(&a->dst, &b->dst);
}

/*
 * A transport policy on a gif/gre tunnel's outer addresses protects the
 * tunnel only for the protocol the tunnel puts on the wire: 47 for gre,
 * 4 (IPv4 inside) or 41 (IPv6 inside) for gif.
 */
static void
check_tunnel_proto(const struct imp_host *h, struct diag_sink *ds)
{
	struct outer *v, k;
	size_t i, n = 0;

	v = xreallocarray(NULL, h->hc.nifaces + 1, sizeof(*v));
	for (i = 0; i < h->hc.nifaces; i++)
		if (h->ifx[i].has_tunnel) {
			v[n].src = h->hc.ifaces[i].outer_src;
			v[n].dst = h->hc.ifaces[i].outer_dst;
			v[n++].t = &h->hc.ifaces[i];
		}
	if (n > 1)
		qsort(v, n, sizeof(*v), outer_cmp);
	for (i = 0; i < h->hc.npolicies && n > 0; i++) {
		const struct hc_policy *p = &h->hc.policies[i];
		const struct outer *o;
		const struct hc_iface *t;
		int want;

		if (p->action != SPD_IPSEC || p->ulproto < 0 ||
		    p->src.len != addr_bits(&p->src.addr) ||
		    p->dst.len != addr_bits(&p->dst.addr))
			continue;
		k.src = p->dir == SPD_OUT ? p->src.addr : p->dst.addr;
		k.dst = p->dir == SPD_OUT ? p->dst.addr : p->src.addr;
		if ((o = bsearch(&k, v, n, sizeof(*v), outer_cmp)) == NULL)
			continue;
		t = o->t;
		want = t->type == TUN_GRE ? 47 :
		    t->inner_local.family == AF_V6 ? 41 : 4;
		if (p->ulproto == want || (t->type == TUN_GIF &&
		    t->inner_local.family == 0 &&
		    (p->ulproto == 4 || p->ulproto == 41)))
			continue;
		diag_error(ds, p->loc, "ipsec-tunnel-proto", "this policy "
		    "covers protocol %d between %s's outer addresses, but %s "
		    "carries protocol %d: the tunnel goes unprotected",
		    p->ulproto, t->name, t->name, want);
	}
	free(v);
}

void
lint_ipsec(const struct imp_host *h, struct diag_sink *ds)
{
	struct pkey *v;
	size_t *broad, nbroad = 0, i, j, n = h->hc.npolicies;
	bool keyed;

	if (h->sk == NULL)
		return;
	check_flush(h, ds);
	check_sas(h, ds);
	check_tunnel_proto(h, ds);
	v = xreallocarray(NULL, n + 1, sizeof(*v));
	broad = xreallocarray(NULL, n + 1, sizeof(*broad));
	for (i = 0; i < n; i++) {
		const struct hc_policy *p = &h->hc.policies[i];

		v[i].p = p;
		v[i].idx = i;
		if (p->src.len < addr_bits(&p->src.addr) ||
		    p->dst.len < addr_bits(&p->dst.addr))
			broad[nbroad++] = i;
	}
	qsort(v, n, sizeof(*v), pkey_cmp);
	for (i = 1; i < n; i++)
		if (lint_policy_cmp(v[i - 1].p, v[i].p) == 0) {
			diag_error(ds, v[i].p->loc, "ipsec-duplicate",
			    "an %s policy for the same selectors is on line "
			    "%u: this spdadd fails", dir_name(v[i].p->dir),
			    (unsigned)v[i - 1].p->loc.line);
			diag_note(ds, v[i - 1].p->loc, "the first one");
		}

	/* Each ipsec policy needs its opposite direction. */
	for (i = 0; i < n; i++) {
		const struct hc_policy *p = &h->hc.policies[i];
		struct hc_policy mirror;
		struct pkey *m;

		if (p->action != SPD_IPSEC)
			continue;
		mirror = *p;
		mirror.dir = p->dir == SPD_OUT ? SPD_IN : SPD_OUT;
		mirror.src = p->dst;
		mirror.dst = p->src;
		mirror.sport = p->dport;
		mirror.dport = p->sport;
		m = NULL;
		for (j = 0; j < 1; j++) {
			size_t lo = 0, hi = n;

			while (lo < hi) {
				size_t mid = (lo + hi) / 2;

				if (lint_policy_cmp(v[mid].p, &mirror) < 0)
					lo = mid + 1;
				else
					hi = mid;
			}
			if (lo < n && lint_policy_cmp(v[lo].p, &mirror) == 0)
				m = &v[lo];
		}
		if (m == NULL) {
			char s[PREFIX_STRLEN], d[PREFIX_STRLEN];

			diag_error(ds, p->loc, "ipsec-one-direction",
			    "no %s policy for %s -> %s: traffic is "
			    "protected one way only", dir_name(mirror.dir),
			    prefix_format(&mirror.src, s),
			    prefix_format(&mirror.dst, d));
		}
		for (j = 0; j < p->nreq; j++) {
			const struct spd_request *r = &p->req[j];
			const struct addr *mine = p->dir == SPD_OUT ?
			    &r->tsrc : &r->tdst;
			char b[ADDR_STRLEN];

			if (r->level == LEVEL_USE)
				diag_warning(ds, p->loc, "ipsec-level-use",
				    "level use (or no level): when no SA "
				    "exists the traffic goes in clear text; "
				    "write require");
			if (r->mode == MODE_TUNNEL && mine->family != 0 &&
			    h->nlocal > 0 && !import_is_local(h, mine))
				diag_error(ds, p->loc,
				    "ipsec-foreign-endpoint", "tunnel endpoint "
				    "%s is not an address of this host (the %s "
				    "policy's %s end must be)",
				    addr_format(mine, b), dir_name(p->dir),
				    p->dir == SPD_OUT ? "source" :
				    "destination");
		}
	}

	/*
	 * A broad policy written earlier catches what a later one names.
	 * Only the first SHADOW_MAX broad policies are candidates, which
	 * keeps a hub with thousands of network flows linear.
	 */
	for (i = 0; i < n; i++) {
		const struct hc_policy *p = &h->hc.policies[i];

		for (j = 0; j < nbroad && j < SHADOW_MAX && broad[j] < i;
		    j++) {
			const struct hc_policy *b = &h->hc.policies[broad[j]];

			if (b->dir != p->dir || lint_policy_cmp(b, p) == 0 ||
			    !prefix_covers(&b->src, &p->src) ||
			    !prefix_covers(&b->dst, &p->dst) ||
			    (b->ulproto != -1 && b->ulproto != p->ulproto) ||
			    (b->sport != 0 && b->sport != p->sport) ||
			    (b->dport != 0 && b->dport != p->dport))
				continue;
			diag_warning(ds, p->loc, "ipsec-shadowed",
			    "the %s policy on line %u already covers these "
			    "selectors", dir_name(p->dir),
			    (unsigned)b->loc.line);
			break;
		}
	}

	keyed = h->nmanual_sa > 0 || h->has[IMP_RACOON] || h->racoon_enable;
	for (i = 0; i < n && !keyed && h->has[IMP_RCCONF]; i++)
		if (h->hc.policies[i].action == SPD_IPSEC) {
			diag_error(ds, h->hc.policies[i].loc, "ipsec-no-keying",
			    "ipsec policies but no SAs in this file and no "
			    "racoon: nothing provides keys, the traffic is "
			    "dropped");
			break;
		}
	free(v);
	free(broad);
}
