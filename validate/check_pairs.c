/*
 * Tunnels between the same two hosts (rule 7).
 *
 *   duplicate-tunnel-pair  two gre (or two gif) tunnels between one pair:
 *                          FreeBSD refuses a second interface with the
 *                          same endpoints
 *   ipsec-pair-mismatch    encrypted tunnels between one pair disagree on
 *                          the key, exchange mode, NAT-T or phase 1:
 *                          racoon has one remote block and psk.txt one
 *                          line per peer
 */
#include "validate/checks.h"
#include "validate/introsort.h"

#include <stdio.h>
#include <stdlib.h>

#include "model/arena.h"

struct pair {
	size_t		 lo, hi;	/* host indices, lo < hi */
	int		 type;		/* tun_type, or -1 for the IPsec pass */
	struct tloc	 loc;
	size_t		 tunnel;
};

static int
pair_cmp(const void *a, const void *b)
{
	const struct pair *x = a, *y = b;
	int c;

	if (x->lo != y->lo)
		return x->lo < y->lo ? -1 : 1;
	if (x->hi != y->hi)
		return x->hi < y->hi ? -1 : 1;
	if (x->type != y->type)
		return x->type < y->type ? -1 : 1;
	c = tloc_cmp(x->loc, y->loc);
	if (c != 0)
		return c;
	return x->tunnel < y->tunnel ? -1 : x->tunnel > y->tunnel;
}

INTROSORT(pair_sort, struct pair, pair_cmp)

static bool
encrypted(const struct tunnel *t)
{
	return t->type == TUN_IPSEC || t->ipsec.present;
}

/* Pairs of the wanted kind, sorted; the caller frees. */
static size_t
collect(const struct topology *top, bool ipsec, struct pair **out)
{
	struct pair *p = xcalloc(top->ntunnels + 1, sizeof(*p));
	size_t i, n = 0;

	for (i = 0; i < top->ntunnels; i++) {
		const struct tunnel *t = &top->tunnels[i];
		size_t a = t->end[0].host, b = t->end[1].host;

		if (end_host(top, t, 0) == NULL ||
		    end_host(top, t, 1) == NULL || a == b)
			continue;
		if (ipsec ? !encrypted(t) : t->type == TUN_IPSEC)
			continue;
		p[n].lo = a < b ? a : b;
		p[n].hi = a < b ? b : a;
		p[n].type = ipsec ? -1 : (int)t->type;
		p[n].loc = t->name_loc;
		p[n].tunnel = i;
		n++;
	}
	pair_sort(p, n);
	*out = p;
	return n;
}

static void
duplicate_pairs(const struct topology *top, struct diag_sink *ds)
{
	struct pair *p;
	size_t i, first = 0, n = collect(top, false, &p);

	for (i = 1; i < n; i++) {
		const struct tunnel *t, *f;

		if (p[i].lo != p[first].lo ||
		    p[i].hi != p[first].hi || p[i].type != p[first].type) {
			first = i;
			continue;
		}
		t = &top->tunnels[p[i].tunnel];
		f = &top->tunnels[p[first].tunnel];
		diag_error(ds, topo_loc(top, tloc_or(t->between_loc,
		    t->name_loc)),
		    "duplicate-tunnel-pair",
		    "tunnel '%s' is a second %s tunnel between hosts '%s' and "
		    "'%s': FreeBSD refuses two %s interfaces with the same "
		    "endpoints", t->name, t->type == TUN_GRE ? "gre" : "gif",
		    top->hosts[p[i].lo].name, top->hosts[p[i].hi].name,
		    t->type == TUN_GRE ? "gre" : "gif");
		diag_note(ds, topo_loc(top, f->name_loc),
		    "tunnel '%s' is the first", f->name);
	}
	free(p);
}

/* Every byte is looked at whatever the lengths, and nothing is printed. */
static bool
keys_equal(const struct psk *a, const struct psk *b)
{
	size_t i, n = a->keylen > b->keylen ? a->keylen : b->keylen;
	unsigned diff = a->keylen != b->keylen;

	for (i = 0; i < n; i++) {
		unsigned char x = i < a->keylen ? (unsigned char)a->key[i] : 0;
		unsigned char y = i < b->keylen ? (unsigned char)b->key[i] : 0;

		diff |= (unsigned)(x ^ y);
	}
	return diff == 0;
}

static const char *
mode_name(enum xchg_mode m)
{
	return m == XCHG_AGGRESSIVE ? "aggressive" : "main";
}

static const char *
natt_name(enum natt_mode m)
{
	return m == NATT_ON ? "on" : m == NATT_FORCE ? "force" : "off";
}

static const char *
enc_name(enum enc_alg a)
{
	return (unsigned)a < ENC__COUNT ? enc_algs[a].name : "?";
}

static const char *
hash_name(enum hash_alg a)
{
	return (unsigned)a < HASH__COUNT ? hash_algs[a].name : "?";
}

struct mismatch_ctx {
	const struct topology	*top;
	struct diag_sink	*ds;
	const struct tunnel	*t, *f;		/* this one, the first */
	const char		*ha, *hb;
};

static void
differ(const struct mismatch_ctx *c, struct tloc here, struct tloc there,
    const char *what, const char *mine, const char *theirs)
{
	/* A value the schema supplied is placed at the ipsec key. */
	here = tloc_or(here, c->t->ipsec.loc);
	there = tloc_or(there, c->f->ipsec.loc);
	diag_error(c->ds, topo_loc(c->top, tloc_or(here, c->t->name_loc)),
	    "ipsec-pair-mismatch",
	    "tunnel '%s': %s %s differs from %s in tunnel '%s', which also "
	    "runs between hosts '%s' and '%s' (racoon keeps one setting per "
	    "peer)", c->t->name, what, mine, theirs, c->f->name, c->ha, c->hb);
	diag_note(c->ds, topo_loc(c->top, tloc_or(there, c->f->name_loc)),
	    "the %s of tunnel '%s' comes from here", what, c->f->name);
}

static void
compare(const struct mismatch_ctx *c)
{
	const struct ipsec *a = &c->t->ipsec, *b = &c->f->ipsec;
	char x[24], y[24];

	if (a->psk.resolved && b->psk.resolved &&
	    !keys_equal(&a->psk, &b->psk)) {
		diag_error(c->ds, topo_loc(c->top, tloc_or(a->psk.loc,
		    c->t->name_loc)),
		    "ipsec-pair-mismatch",
		    "tunnel '%s': the pre-shared keys differ from tunnel "
		    "'%s', which also runs between hosts '%s' and '%s' "
		    "(psk.txt holds one key per peer)", c->t->name,
		    c->f->name, c->ha, c->hb);
		diag_note(c->ds, topo_loc(c->top, tloc_or(b->psk.loc,
		    c->f->name_loc)),
		    "the key of tunnel '%s' comes from here", c->f->name);
	}
	if (a->pol->p1.mode != b->pol->p1.mode)
		differ(c, a->pol->p1.mode_loc, b->pol->p1.mode_loc, "exchange mode",
		    mode_name(a->pol->p1.mode), mode_name(b->pol->p1.mode));
	if (a->pol->natt != b->pol->natt)
		differ(c, a->pol->natt_loc, b->pol->natt_loc, "nat-traversal",
		    natt_name(a->pol->natt), natt_name(b->pol->natt));
	if (a->pol->p1.enc != b->pol->p1.enc)
		differ(c, a->pol->p1.enc_loc, b->pol->p1.enc_loc, "phase 1 encryption",
		    enc_name(a->pol->p1.enc), enc_name(b->pol->p1.enc));
	if (a->pol->p1.hash != b->pol->p1.hash)
		differ(c, a->pol->p1.hash_loc, b->pol->p1.hash_loc, "phase 1 hash",
		    hash_name(a->pol->p1.hash), hash_name(b->pol->p1.hash));
	if (a->pol->p1.dh_group != b->pol->p1.dh_group) {
		snprintf(x, sizeof(x), "%d", a->pol->p1.dh_group);
		snprintf(y, sizeof(y), "%d", b->pol->p1.dh_group);
		differ(c, a->pol->p1.dh_group_loc, b->pol->p1.dh_group_loc,
		    "phase 1 dh-group", x, y);
	}
	if (a->pol->p1.lifetime != b->pol->p1.lifetime) {
		snprintf(x, sizeof(x), "%lus", (unsigned long)a->pol->p1.lifetime);
		snprintf(y, sizeof(y), "%lus", (unsigned long)b->pol->p1.lifetime);
		differ(c, a->pol->p1.lifetime_loc, b->pol->p1.lifetime_loc,
		    "phase 1 lifetime", x, y);
	}
}

static void
ipsec_pairs(const struct topology *top, struct diag_sink *ds)
{
	struct pair *p;
	size_t i, first = 0, n = collect(top, true, &p);

	for (i = 1; i < n; i++) {
		struct mismatch_ctx c;

		if (p[i].lo != p[first].lo || p[i].hi != p[first].hi) {
			first = i;
			continue;
		}
		c.top = top;
		c.ds = ds;
		c.t = &top->tunnels[p[i].tunnel];
		c.f = &top->tunnels[p[first].tunnel];
		c.ha = top->hosts[p[i].lo].name;
		c.hb = top->hosts[p[i].hi].name;
		compare(&c);
	}
	free(p);
}

void
check_pairs(const struct topology *top, struct diag_sink *ds)
{
	duplicate_pairs(top, ds);
	ipsec_pairs(top, ds);
}
