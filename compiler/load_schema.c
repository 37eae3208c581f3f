/*
 * Schema v1 over the node tree: every key has a handler that interprets its
 * scalar(s) and reports a located error when the value is wrong on its own.
 * The tree is complete before this runs, so the order of the top-level keys
 * does not matter: hosts are loaded first, then defaults, then tunnels.
 *
 * A host or tunnel with any error is left out of the model (the checks of
 * relations then run on sane objects only); every error is still reported.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "compiler/load_int.h"
#include "model/arena.h"
#include "model/u64set.h"

/*
 * Names seen in a section, broken entries too: duplicates are found here
 * (entries may be consumed while the parse goes on), and `between` is
 * resolved against the hosts' (idx -1: a host with errors).
 */
/*
 * The names of a hosts or tunnels mapping, for duplicates and lookups.  A
 * slot is 8 bytes (the name's hash and its entry), so that a probe reads
 * the name itself only when the hashes agree: on 100k names the table
 * lookups were the loader's biggest cost.
 */
struct nent {
	uint64_t	 head;		/* the name's first 8 bytes, 0-padded */
	const char	*name;		/* the model's copy */
	uint32_t	 len;
	int32_t		 idx;		/* host index; -1: not loaded */
	struct tloc	 loc;		/* the first key */
};

struct ntab {
	struct u64set	 set;		/* hash << 32 | (entry + 1) */
	struct nent	*ent;
	size_t		 cap;
};

struct defaults;

struct section {
	bool		 seen;		/* its value was handed over */
	bool		 done;		/* its entries were all loaded */
	bool		 stop;		/* stream no more of its entries */
};

/*
 * Records many tunnels share (phase 1 and 2 proposals, usually inherited
 * whole from defaults): one copy of each distinct value, value and places
 * alike.  The records have no padding, so bytes compare as values.
 */
struct itab {
	const void	**slot;
	size_t		 mask, count;
};

struct schema {
	struct lctx	*c;
	struct itab	 pols;
	struct ytree	*tree;		/* the tree's pool: scratch */
	struct topology	*t;
	struct ntab	 hosts, tunnels;
	const char	**hnames;	/* for did-you-mean */
	size_t		 nhnames, caphnames;
	struct host	*hv;		/* grown here, moved to the arena */
	size_t		 nh, caph;
	struct tunnel	*tv;
	size_t		 nt, capt;
	struct section	 s_hosts, s_defaults, s_tunnels;
	struct defaults	*d;
};

/* Key tables: a handler's index is its position. */
static const char *const top_keys[] = {
	"version", "defaults", "hosts", "tunnels"
};
enum { TOP_VERSION, TOP_DEFAULTS, TOP_HOSTS, TOP_TUNNELS };

static const char *const host_keys[] = {
	"address", "networks", "freebsd", "gateway", "ipsec-file", "racoon-dir"
};
enum { H_ADDRESS, H_NETWORKS, H_FREEBSD, H_GATEWAY, H_IPSEC_FILE,
	H_RACOON_DIR };

static const char *const tunnel_keys[] = {
	"between", "type", "inner", "mtu", "interface", "routes", "ipsec"
};
enum { T_BETWEEN, T_TYPE, T_INNER, T_MTU, T_INTERFACE, T_ROUTES, T_IPSEC };

struct defaults {
	bool		 has_type, has_mtu, has_routes, has_ipsec;
	bool		 bad_type, bad_mtu, bad_routes;
	enum tun_type	 type;		struct tloc type_loc;
	int		 mtu;		struct tloc mtu_loc;
	enum routes_kind routes;	struct tloc routes_loc;
	struct ynode	*routes_map;	/* mapping form: per tunnel */
	struct ipsec_in	 ipsec;
};

/* The two names of a tunnel's `between`, for keys that name its ends. */
struct ends {
	const struct ynode *name[2];	/* NULL: unknown */
};

/* Interning compares bytes: the policy must have no padding. */
_Static_assert(sizeof(struct phase1) == 5 * 12 &&
    sizeof(struct phase2) == 4 * 12 &&
    sizeof(struct ipsec_policy) == 3 * 12 + 5 * 12 + 4 * 12,
    "struct ipsec_policy has padding");

static const struct ipsec_policy no_policy = {
	.p1 = { .lifetime = 8 * 3600 },
	.p2 = { .lifetime = 3600 },
};

static uint64_t
bytes_hash(const void *p, size_t n)
{
	const unsigned char *b = p;
	uint64_t h = 1469598103934665603ULL, w;

	/* FNV-1a over 4-byte words: the records are made of them. */
	for (; n >= 4; b += 4, n -= 4) {
		uint32_t v;

		memcpy(&v, b, 4);
		w = v;
		h = (h ^ w) * 1099511628211ULL;
		h ^= h >> 29;
	}
	while (n-- > 0)
		h = (h ^ *b++) * 1099511628211ULL;
	return h;
}

static const void *
intern(struct lctx *c, struct itab *it, const void *rec, size_t size)
{
	size_t i;
	void *copy;

	if (it->slot == NULL || 2 * (it->count + 1) > it->mask + 1) {
		const void **old = it->slot;
		size_t oldcap = old != NULL ? it->mask + 1 : 0;

		it->mask = oldcap ? 2 * oldcap - 1 : 15;
		it->slot = xcalloc(it->mask + 1, sizeof(*it->slot));
		for (i = 0; i < oldcap; i++) {
			size_t h;

			if (old[i] == NULL)
				continue;
			h = bytes_hash(old[i], size) & it->mask;
			while (it->slot[h] != NULL)
				h = (h + 1) & it->mask;
			it->slot[h] = old[i];
		}
		free(old);
	}
	i = bytes_hash(rec, size) & it->mask;
	for (; it->slot[i] != NULL; i = (i + 1) & it->mask)
		if (memcmp(it->slot[i], rec, size) == 0)
			return it->slot[i];
	copy = arena_alloc(c->a, size);
	memcpy(copy, rec, size);
	it->slot[i] = copy;
	it->count++;
	return copy;
}

/* ---- hosts ---- */

static bool
load_host(struct schema *s, struct ypair *p, struct host *h)
{
	struct lctx *c = s->c;
	struct ynode *name = ynode_deref(p->k), *v = ynode_deref(p->v);
	struct ynode *keys[KEYS_MAX], *vals[KEYS_MAX];
	size_t before = lctx_errors(c);
	char what[128];
	struct host_opt o;
	bool any = false;

	memset(h, 0, sizeof(*h));
	memset(&o, 0, sizeof(o));
	lv_check_name(c, name, "host");
	lv_name_ctx(what, sizeof(what), "host", c, name);
	h->name = arena_strndup(c->a, name->u.s, name->n);
	h->name_loc = ytloc(p->k);
	h->freebsd = TG_DEFAULT_FREEBSD;
	h->gateway = -1;
	if (!lv_want(c, v, Y_MAP, what))
		return false;
	lv_collect(c, v, what, host_keys, NKEYS(host_keys), keys, vals);
	if (vals[H_ADDRESS] == NULL)
		diag_error(c->ds, lloc(c, h->name_loc), "missing-key",
		    "missing key 'address' in %s", what);
	else if (lv_want(c, vals[H_ADDRESS], Y_SCALAR, "address")) {
		struct ynode *a = vals[H_ADDRESS];
		char buf[ADDR_STRLEN];
		const char *why = NULL;

		h->address_loc = ytloc(a);
		if (!addr_parse(a->u.s, a->n, &h->address))
			diag_error(c->ds, lloc(c, h->address_loc),
			    "bad-address",
			    "address '%s' of %s is not an IPv4 or IPv6 address",
			    yshow(c, a), what);
		else if (addr_is_unspecified(&h->address))
			why = "the unspecified address";
		else if (addr_is_multicast(&h->address))
			why = "a multicast address";
		else if (addr_is_loopback(&h->address))
			why = "a loopback address";
		if (why != NULL)
			diag_error(c->ds, lloc(c, h->address_loc),
			    "bad-outer-address",
			    "address %s of %s is %s: tunnels need a unicast "
			    "address the peer can reach",
			    addr_format(&h->address, buf), what, why);
	}
	if (vals[H_NETWORKS] != NULL) {
		size_t n;

		lv_prefix_list(c, vals[H_NETWORKS], "networks", "network",
		    &h->networks, &h->network_locs, &n);
		h->nnetworks = (uint32_t)n;
	}
	if (vals[H_FREEBSD] != NULL) {
		int v;

		if (lv_ranged(c, vals[H_FREEBSD], "freebsd", 11, 15, &v)) {
			h->freebsd = (uint8_t)v;
			o.freebsd_loc = ytloc(vals[H_FREEBSD]);
			any = true;
		}
	}
	if (vals[H_GATEWAY] != NULL) {
		static const char *const tf[] = { "true", "false" };
		int g = lv_enum(c, vals[H_GATEWAY], "gateway", tf, 2);

		if (g >= 0) {
			h->gateway = g == 0;
			o.gateway_loc = ytloc(vals[H_GATEWAY]);
			any = true;
		}
	}
	if (vals[H_IPSEC_FILE] != NULL && lv_path(c, vals[H_IPSEC_FILE],
	    "ipsec-file", &o.ipsec_file)) {
		o.ipsec_file_loc = ytloc(vals[H_IPSEC_FILE]);
		any = true;
	}
	if (vals[H_RACOON_DIR] != NULL && lv_path(c, vals[H_RACOON_DIR],
	    "racoon-dir", &o.racoon_dir)) {
		o.racoon_dir_loc = ytloc(vals[H_RACOON_DIR]);
		any = true;
	}
	if (any) {
		struct host_opt *copy = arena_alloc(c->a, sizeof(*copy));

		*copy = o;
		h->opt = copy;
	}
	return lctx_errors(c) == before;
}

static uint32_t
name_hash(const char *s, size_t n)
{
	uint64_t h = 1469598103934665603ULL;	/* FNV-1a */
	size_t i;

	for (i = 0; i < n; i++)
		h = (h ^ (unsigned char)s[i]) * 1099511628211ULL;
	return (uint32_t)(h ^ h >> 32);
}

/* A name's first 8 bytes, 0-padded, as one word. */
static inline uint64_t
name_head(const char *s, size_t n)
{
	uint64_t v = 0;

	memcpy(&v, s, n < sizeof(v) ? n : sizeof(v));
	return v;
}

/* Does the entry hold this name?  Short names never leave the entry. */
static inline bool
nent_is(const struct nent *e, const char *s, size_t n, uint64_t head)
{
	return e->len == n && e->head == head &&
	    (n <= 8 || memcmp(e->name + 8, s + 8, n - 8) == 0);
}

/* The slot holding this name, or the empty slot where it would go. */
static size_t
ntab_probe(const struct ntab *nt, const char *s, size_t n, uint32_t h)
{
	uint64_t head = name_head(s, n);
	const uint64_t *slot = nt->set.slot;
	size_t i = h & nt->set.mask;

	for (; slot[i] != 0; i = (i + 1) & nt->set.mask)
		if ((uint32_t)(slot[i] >> 32) == h &&
		    nent_is(&nt->ent[(uint32_t)slot[i] - 1], s, n, head))
			break;
	return i;
}

static size_t
nslot_home(uint64_t v)
{
	return (size_t)(v >> 32);
}

/* Room for one more name. */
static void
ntab_reserve(struct ntab *nt)
{
	u64set_reserve(&nt->set, nslot_home);
	if (nt->set.count == nt->cap) {
		nt->cap = nt->cap ? 2 * nt->cap : 64;
		nt->ent = xreallocarray(nt->ent, nt->cap, sizeof(*nt->ent));
	}
}

/* The entry of a name, or NULL. */
static struct nent *
ntab_find(const struct ntab *nt, const char *s, size_t n)
{
	size_t i;

	if (nt->set.slot == NULL)
		return NULL;
	i = ntab_probe(nt, s, n, name_hash(s, n));
	return nt->set.slot[i] != 0 ?
	    &nt->ent[(uint32_t)nt->set.slot[i] - 1] : NULL;
}

/*
 * A name about to be added: where it goes, found by the same probe that
 * finds a first entry of it (then reported, and *at is left alone).
 */
struct nplace {
	size_t		 slot;
	uint32_t	 hash;
};

/* Add a name at the place ntab_dup() found for it. */
static struct nent *
ntab_add(struct ntab *nt, const struct nplace *at, const char *name,
    size_t n, struct tloc l)
{
	struct nent *e = &nt->ent[nt->set.count++];

	e->head = name_head(name, n);
	e->name = name;
	e->len = (uint32_t)n;
	e->idx = -1;
	e->loc = l;
	nt->set.slot[at->slot] = (uint64_t)at->hash << 32 |
	    (uint64_t)nt->set.count;
	return e;
}

/* A second entry of a name: report it, and say where the first one is. */
static bool
ntab_dup(struct schema *s, struct ntab *nt, struct ynode *key,
    const char *section, struct nplace *at)
{
	struct lctx *c = s->c;
	struct ynode *k = ynode_deref(key);
	struct nent *e;

	ntab_reserve(nt);
	at->hash = name_hash(k->u.s, k->n);
	at->slot = ntab_probe(nt, k->u.s, k->n, at->hash);
	if (nt->set.slot[at->slot] == 0)
		return false;
	e = &nt->ent[(uint32_t)nt->set.slot[at->slot] - 1];
	diag_error(c->ds, yloc(c, key), "duplicate-key",
	    "duplicate key '%s' in %s", yshow(c, k), section);
	diag_note(c->ds, lloc(c, e->loc), "'%s' was first given here",
	    yshow(c, k));
	return true;
}

static void
host_entry(struct schema *s, struct ypair *p)
{
	struct ynode *k = ynode_deref(p->k);
	struct nplace at;
	struct nent *ns;
	struct host *h;

	if (ntab_dup(s, &s->hosts, p->k, "hosts", &at))
		return;
	if (s->nh == s->caph) {
		s->caph = s->caph ? 2 * s->caph : 64;
		s->hv = xreallocarray(s->hv, s->caph, sizeof(*s->hv));
	}
	h = &s->hv[s->nh];
	if (s->nhnames == s->caphnames) {
		s->caphnames = s->caphnames ? 2 * s->caphnames : 64;
		s->hnames = xreallocarray(s->hnames, s->caphnames,
		    sizeof(*s->hnames));
	}
	/* Loading a host looks nothing up in this table: `at` holds. */
	if (load_host(s, p, h)) {
		h->index = (uint32_t)s->nh;
		ns = ntab_add(&s->hosts, &at, h->name, k->n, h->name_loc);
		ns->idx = (int32_t)s->nh++;
	} else
		ntab_add(&s->hosts, &at, h->name, k->n, h->name_loc);
	s->hnames[s->nhnames++] = h->name;
}

/*
 * The entries of a hosts or tunnels mapping that were not streamed: its
 * own keys in order, then those of `<<` merges that are not there yet.
 */
static void
section_rest(struct schema *s, struct ynode *v, const char *what,
    struct ntab *nt, void (*entry)(struct schema *, struct ypair *))
{
	struct lctx *c = s->c;
	size_t i, j, l;

	if (lv_is_empty(v) || !lv_want(c, v, Y_MAP, what))
		return;
	for (i = 0; i < v->n; i++) {
		struct ynode *k = ynode_deref(v->u.pairs[i].k);

		if (k->kind == Y_BAD)
			c->silent++;
		else if (k->kind != Y_SCALAR)
			diag_error(c->ds, yloc(c, k), "wrong-type", "a key in "
			    "%s must be a scalar, not %s", what, ykind_name(k));
		else if (!(k->plain && k->n == 2 && k->u.s[0] == '<' &&
		    k->u.s[1] == '<'))
			entry(s, &v->u.pairs[i]);
	}
	for (i = 0; i < v->n; i++) {
		struct ynode *k = ynode_deref(v->u.pairs[i].k);
		struct ynode *m = ynode_deref(v->u.pairs[i].v);

		if (!(k->kind == Y_SCALAR && k->plain && k->n == 2 &&
		    k->u.s[0] == '<' && k->u.s[1] == '<'))
			continue;
		for (j = 0; j < (m->kind == Y_SEQ ? m->n : 1); j++) {
			struct ynode *mm = m->kind == Y_SEQ ?
			    ynode_deref(m->u.items[j]) : m;
			struct ypair *p;
			size_t np;

			if (!lv_want(c, mm, Y_MAP, "a merge ('<<') value"))
				continue;
			np = ymap_pairs(c, c->tree, mm, what, &p);
			for (l = 0; l < np; l++) {
				struct ynode *mk = ynode_deref(p[l].k);
				/* Explicit entries win over merged ones. */
				if (ntab_find(nt, mk->u.s, mk->n) == NULL)
					entry(s, &p[l]);
			}
		}
	}
}

/* ---- ipsec ---- */

/* ---- tunnels ---- */

static const char *const type_names[] = { "gif", "gre", "ipsec" };

/* Which end a key names: 0, 1, or -1 after an error (or ends unknown). */
static int
end_of(struct lctx *c, const struct ends *ends, struct ynode *k,
    const char *code, const char *what, const char *tname)
{
	int i;

	if (ends->name[0] == NULL)
		return -2;	/* between is broken: only check values */
	for (i = 0; i < 2; i++)
		if (k->n == ends->name[i]->n &&
		    memcmp(k->u.s, ends->name[i]->u.s, k->n) == 0)
			return i;
	diag_error(c->ds, yloc(c, k), code, "%s names '%s', which is not an "
	    "end of %s (its ends are '%s' and '%s')", what, yshow(c, k), tname,
	    yshow(c, ends->name[0]), yshow(c, ends->name[1]));
	return -1;
}

static void
load_between(struct schema *s, struct ynode *v, const char *tname,
    struct tunnel *t, struct ends *ends)
{
	struct lctx *c = s->c;
	size_t i;

	t->between_loc = ytloc(v);
	if (!lv_want(c, v, Y_SEQ, "between"))
		return;
	if (v->n != 2) {
		diag_error(c->ds, yloc(c, v), "bad-between", "between must "
		    "list exactly two hosts, not %u", (unsigned)v->n);
		return;
	}
	for (i = 0; i < 2; i++)
		if (!lv_want(c, ynode_deref(v->u.items[i]), Y_SCALAR,
		    "a host in between"))
			return;
	ends->name[0] = ynode_deref(v->u.items[0]);
	ends->name[1] = ynode_deref(v->u.items[1]);
	if (ends->name[0]->n == ends->name[1]->n &&
	    memcmp(ends->name[0]->u.s, ends->name[1]->u.s,
	    ends->name[0]->n) == 0) {
		diag_error(c->ds, yloc(c, ends->name[1]), "bad-between",
		    "between names host '%s' twice: a tunnel joins two hosts",
		    yshow(c, ends->name[1]));
		ends->name[0] = ends->name[1] = NULL;
		return;
	}
	for (i = 0; i < 2; i++) {
		const struct ynode *k = ends->name[i];
		struct nent *hs = ntab_find(&s->hosts, k->u.s, k->n);
		const char *hint = NULL;

		t->end[i].host_loc = ytloc(k);
		if (hs != NULL) {
			if (hs->idx < 0)
				c->silent++;	/* its errors are reported */
			else
				t->end[i].host = (size_t)hs->idx;
			continue;
		}
		if (c->suggest_budget >= s->nhnames) {
			c->suggest_budget -= s->nhnames;
			hint = suggest(k->u.s, k->n, s->hnames, s->nhnames);
		}
		if (hint != NULL)
			diag_error(c->ds, yloc(c, k), "unknown-host",
			    "unknown host '%s' in %s (did you mean '%s'?)",
			    yshow(c, k), tname, hint);
		else
			diag_error(c->ds, yloc(c, k), "unknown-host",
			    "unknown host '%s' in %s", yshow(c, k), tname);
	}
}

static void
load_inner(struct schema *s, struct ynode *v, const char *tname,
    struct tunnel *t, const struct ends *ends)
{
	struct lctx *c = s->c;
	struct ypair *p;
	size_t np, i;
	bool got[2] = { false, false }, seen[2] = { false, false };
	char what[160];

	t->inner_loc = ytloc(v);
	if (v->kind == Y_SCALAR) {
		if (lv_network(c, v, "inner", &t->inner_prefix))
			t->has_inner = true;
		return;
	}
	if (!lv_want(c, v, Y_MAP, "inner"))
		return;
	join3(what, sizeof(what), "inner of ", tname, "");
	np = ymap_pairs(c, c->tree, v, what, &p);
	for (i = 0; i < np; i++) {
		struct ynode *k = ynode_deref(p[i].k);
		struct ynode *a = ynode_deref(p[i].v);
		struct prefix pf;
		int e = end_of(c, ends, k, "bad-inner", "inner", tname);

		if (e >= 0)
			seen[e] = true;
		if (!lv_want(c, a, Y_SCALAR, "an inner address"))
			continue;
		if (!ifaddr_parse(a->u.s, a->n, &pf)) {
			diag_error(c->ds, yloc(c, a), "bad-inner", "inner "
			    "address '%s' is not an interface address (an "
			    "address, '/' and the prefix length)", yshow(c, a));
			continue;
		}
		if (e < 0)
			continue;
		got[e] = true;
		t->end[e].inner = pf.addr;
		t->end[e].inner_plen = pf.len;
		t->end[e].inner_loc = ytloc(a);
		if (e == 0) {
			t->inner_prefix = pf;
			lv_clear_host_bits(&t->inner_prefix);
		}
	}
	if (ends->name[0] == NULL)
		return;
	for (i = 0; i < 2; i++) {
		/* Only when the key is missing, not when its value was bad. */
		if (!seen[i])
			diag_error(c->ds, yloc(c, v), "bad-inner", "inner "
			    "gives no address for '%s' (the mapping form "
			    "names both ends of %s)", yshow(c, ends->name[i]),
			    tname);
	}
	if (got[0] && got[1])
		t->has_inner = t->inner_is_map = true;
}

static bool
pin_value(const struct ynode *v, enum tun_type *type, int *unit)
{
	long n;
	struct ynode digits;

	if (v->n < 4)
		return false;
	if (memcmp(v->u.s, "gre", 3) == 0)
		*type = TUN_GRE;
	else if (memcmp(v->u.s, "gif", 3) == 0)
		*type = TUN_GIF;
	else
		return false;
	digits = *v;
	digits.u.s += 3;
	digits.n -= 3;
	if (digits.n > 5 || (digits.n > 1 && digits.u.s[0] == '0') ||
	    !lv_parse_uint(&digits, &n))
		return false;
	*unit = (int)n;
	return true;
}

static void
load_interface(struct schema *s, struct ynode *v, const char *tname,
    struct tunnel *t, const struct ends *ends)
{
	struct lctx *c = s->c;
	struct ypair *p;
	size_t np, i;
	char what[160];

	if (!lv_want(c, v, Y_MAP, "interface"))
		return;
	join3(what, sizeof(what), "interface of ", tname, "");
	np = ymap_pairs(c, c->tree, v, what, &p);
	for (i = 0; i < np; i++) {
		struct ynode *k = ynode_deref(p[i].k);
		struct ynode *a = ynode_deref(p[i].v);
		enum tun_type type;
		int unit, e;

		e = end_of(c, ends, k, "bad-interface", "interface", tname);
		if (!lv_want(c, a, Y_SCALAR, "an interface"))
			continue;
		if (!pin_value(a, &type, &unit)) {
			diag_error(c->ds, yloc(c, a), "bad-interface",
			    "bad interface '%s': gre or gif and a unit number "
			    "without leading zeros, such as gre0 or gif12",
			    yshow(c, a));
			continue;
		}
		if (e < 0)
			continue;
		t->end[e].pin_unit = unit;
		t->end[e].pin_type = type;
		t->end[e].pin_loc = ytloc(a);
	}
}

static void
load_routes(struct schema *s, struct ynode *v, const char *tname,
    struct tunnel *t, const struct ends *ends)
{
	static const char *const kinds[] = { "auto", "none" };
	struct lctx *c = s->c;
	struct ypair *p;
	size_t np, i;
	char what[160];

	t->routes_loc = ytloc(v);
	if (v->kind == Y_SCALAR) {
		int e = lv_enum(c, v, "routes", kinds, 2);

		if (e >= 0)
			t->routes = e == 0 ? ROUTES_AUTO : ROUTES_NONE;
		return;
	}
	if (v->kind != Y_MAP) {
		if (v->kind == Y_BAD)
			c->silent++;
		else
			diag_error(c->ds, yloc(c, v), "wrong-type", "routes "
			    "must be auto, none or a mapping of host to "
			    "prefixes, not %s", ykind_name(v));
		return;
	}
	t->routes = ROUTES_LIST;
	join3(what, sizeof(what), "routes of ", tname, "");
	np = ymap_pairs(c, c->tree, v, what, &p);
	for (i = 0; i < np; i++) {
		struct ynode *k = ynode_deref(p[i].k);
		struct ynode *l = ynode_deref(p[i].v);
		struct route_list *rl;
		int e = end_of(c, ends, k, "bad-routes", "routes", tname);

		rl = arena_calloc(c->a, 1, sizeof(*rl));
		lv_prefix_list(c, l, "routes", "route", &rl->p, &rl->locs,
		    &rl->n);
		if (e >= 0)
			t->end[e].routes = rl;
	}
}

static bool
load_defaults(struct schema *s, struct ynode *v, struct defaults *d)
{
	struct lctx *c = s->c;
	struct ynode *keys[KEYS_MAX], *vals[KEYS_MAX];
	int e, i;

	memset(d, 0, sizeof(*d));
	if (lv_is_empty(v))
		return true;
	if (!lv_want(c, v, Y_MAP, "defaults"))
		return false;
	lv_collect(c, v, "defaults", tunnel_keys, NKEYS(tunnel_keys), keys,
	    vals);
	for (i = 0; i < (int)NKEYS(tunnel_keys); i++)
		if (keys[i] != NULL && (i == T_BETWEEN || i == T_INNER ||
		    i == T_INTERFACE))
			diag_error(c->ds, yloc(c, keys[i]), "key-not-allowed",
			    "'%s' cannot be a default: defaults may hold type, "
			    "mtu, routes and ipsec", tunnel_keys[i]);
	if (vals[T_TYPE] != NULL) {
		d->has_type = true;
		e = lv_enum(c, vals[T_TYPE], "type", type_names, 3);
		d->bad_type = e < 0;
		d->type = e < 0 ? TUN_GIF : (enum tun_type)e;
		d->type_loc = ytloc(vals[T_TYPE]);
	}
	if (vals[T_MTU] != NULL) {
		d->has_mtu = true;
		d->bad_mtu = !lv_ranged(c, vals[T_MTU], "mtu", 576, 9000,
		    &d->mtu);
		d->mtu_loc = ytloc(vals[T_MTU]);
	}
	if (vals[T_ROUTES] != NULL) {
		struct ynode *r = vals[T_ROUTES];

		d->has_routes = true;
		d->routes_loc = ytloc(r);
		if (r->kind == Y_MAP)
			d->routes_map = r;	/* read for each tunnel */
		else {
			static const char *const kinds[] = { "auto", "none" };

			e = r->kind == Y_SEQ ? (diag_error(c->ds, yloc(c, r),
			    "wrong-type", "routes must be auto, none or a "
			    "mapping of host to prefixes, not a list"), -1) :
			    lv_enum(c, r, "routes", kinds, 2);
			d->bad_routes = e < 0;
			d->routes = e == 1 ? ROUTES_NONE : ROUTES_AUTO;
		}
	}
	if (vals[T_IPSEC] != NULL) {
		d->has_ipsec = true;
		ipsec_load(c, keys[T_IPSEC], vals[T_IPSEC], "defaults",
		    &d->ipsec);
	}
	return true;
}

static void
not_applicable(struct lctx *c, struct ynode *key, const char *name)
{
	diag_error(c->ds, yloc(c, key), "key-not-applicable", "'%s' does not "
	    "apply to a tunnel of type ipsec", name);
}

static bool
load_tunnel(struct schema *s, struct ypair *p, const struct defaults *d,
    struct tunnel *t)
{
	struct lctx *c = s->c;
	struct ynode *name = ynode_deref(p->k), *v = ynode_deref(p->v);
	struct ynode *keys[KEYS_MAX], *vals[KEYS_MAX];
	struct ends ends = { { NULL, NULL } };
	size_t before = lctx_errors(c);
	char what[128];
	int i;

	memset(t, 0, sizeof(*t));
	t->ipsec.pol = &no_policy;
	lv_check_name(c, name, "tunnel");
	lv_name_ctx(what, sizeof(what), "tunnel", c, name);
	t->name = arena_strndup(c->a, name->u.s, name->n);
	t->name_loc = ytloc(p->k);
	for (i = 0; i < 2; i++) {
		t->end[i].pin_unit = -1;
		t->end[i].unit = -1;
	}
	if (!lv_want(c, v, Y_MAP, what))
		return false;
	lv_collect(c, v, what, tunnel_keys, NKEYS(tunnel_keys), keys, vals);

	if (vals[T_BETWEEN] == NULL)
		diag_error(c->ds, lloc(c, t->name_loc), "missing-key",
		    "missing key 'between' in %s", what);
	else
		load_between(s, vals[T_BETWEEN], what, t, &ends);

	t->type = TUN_GIF;
	t->type_loc = t->name_loc;
	if (vals[T_TYPE] != NULL) {
		int e = lv_enum(c, vals[T_TYPE], "type", type_names, 3);

		if (e >= 0) {
			t->type = (enum tun_type)e;
			t->type_loc = ytloc(vals[T_TYPE]);
		}
	} else if (d->has_type) {
		if (d->bad_type)
			c->silent++;
		t->type = d->type;
		t->type_loc = d->type_loc;
	}
	for (i = 0; i < 2; i++)
		t->end[i].pin_type = t->type;

	if (t->type == TUN_IPSEC) {
		static const int own[] = { T_MTU, T_ROUTES, T_INNER,
		    T_INTERFACE };
		size_t j;

		for (j = 0; j < NKEYS(own); j++)
			if (keys[own[j]] != NULL)
				not_applicable(c, keys[own[j]],
				    tunnel_keys[own[j]]);
	} else {
		t->mtu_loc = t->name_loc;
		if (vals[T_MTU] != NULL) {
			if (lv_ranged(c, vals[T_MTU], "mtu", 576, 9000,
			    &t->mtu))
				t->mtu_loc = ytloc(vals[T_MTU]);
		} else if (d->has_mtu) {
			if (d->bad_mtu)
				c->silent++;
			t->mtu = d->mtu;
			t->mtu_loc = d->mtu_loc;
		}
		if (vals[T_INNER] != NULL)
			load_inner(s, vals[T_INNER], what, t, &ends);
		else
			diag_error(c->ds, lloc(c, t->name_loc), "missing-key",
			    "missing key 'inner' in %s (type %s needs one)",
			    what, type_names[t->type]);
		if (vals[T_INTERFACE] != NULL)
			load_interface(s, vals[T_INTERFACE], what, t, &ends);
		t->routes = ROUTES_AUTO;
		t->routes_loc = t->name_loc;
		if (vals[T_ROUTES] != NULL)
			load_routes(s, vals[T_ROUTES], what, t, &ends);
		else if (d->routes_map != NULL)
			load_routes(s, d->routes_map, what, t, &ends);
		else if (d->has_routes) {
			if (d->bad_routes)
				c->silent++;
			t->routes = d->routes;
			t->routes_loc = d->routes_loc;
		}
	}

	if (vals[T_IPSEC] != NULL) {
		struct ipsec_in in;

		ipsec_load(c, keys[T_IPSEC], vals[T_IPSEC], what, &in);
		if (d->has_ipsec && !ipsec_merge(&in, &d->ipsec))
			c->silent++;
		if (!(in.set & IB_PSK))
			diag_error(c->ds, lloc(c, in.v.loc), "missing-key",
			    "missing key 'psk' in ipsec of %s", what);
		ipsec_fill_defaults(&in);
		t->ipsec = in.v;
		t->ipsec.pol = intern(c, &s->pols, &in.pol, sizeof(in.pol));
	} else if (t->type == TUN_IPSEC)
		diag_error(c->ds, lloc(c, t->name_loc), "missing-key",
		    "missing key "
		    "'ipsec' in %s (type ipsec needs one)", what);
	return lctx_errors(c) == before;
}

static void
tunnel_entry(struct schema *s, struct ypair *p)
{
	struct ynode *k = ynode_deref(p->k);
	struct nplace at;
	struct tunnel *tu;

	if (ntab_dup(s, &s->tunnels, p->k, "tunnels", &at))
		return;
	if (s->nt == s->capt) {
		s->capt = s->capt ? 2 * s->capt : 64;
		s->tv = xreallocarray(s->tv, s->capt, sizeof(*s->tv));
	}
	tu = &s->tv[s->nt];
	if (load_tunnel(s, p, s->d, tu)) {
		tu->index = (uint32_t)s->nt++;
		if (tu->ipsec.psk.kind == PSK_LITERAL)
			s->t->literal_psk = true;
	}
	/* load_tunnel named it first thing, even when it failed. */
	ntab_add(&s->tunnels, &at, tu->name, k->n, tu->name_loc);
}

static bool
is_merge(const struct ynode *k)
{
	return k->kind == Y_SCALAR && k->plain && k->n == 2 &&
	    k->u.s[0] == '<' && k->u.s[1] == '<';
}

/* Streaming: one entry of a top-level mapping is complete. */
static bool
on_entry(void *arg, struct ynode *section, struct ynode *key,
    struct ynode *value)
{
	struct schema *s = arg;
	struct ynode *sk = ynode_deref(section), *k = ynode_deref(key);
	struct ypair p = { key, value };

	if (k->kind != Y_SCALAR || is_merge(k))
		return false;
	if (yscalar_is(sk, "hosts") && !s->s_hosts.seen) {
		host_entry(s, &p);
		return true;
	}
	if (yscalar_is(sk, "tunnels") && !s->s_tunnels.seen &&
	    !s->s_tunnels.stop) {
		/* Only with every host and the defaults known, in order. */
		if (!s->s_hosts.done || !s->s_defaults.done) {
			s->s_tunnels.stop = true;
			return false;
		}
		tunnel_entry(s, &p);
		return true;
	}
	return false;
}

/* Streaming: a top-level value is complete. */
static void
on_section(void *arg, struct ynode *key, struct ynode *value)
{
	struct schema *s = arg;
	struct ynode *k = ynode_deref(key), *v = ynode_deref(value);

	if (yscalar_is(k, "hosts") && !s->s_hosts.seen) {
		s->s_hosts.seen = true;
		section_rest(s, v, "hosts", &s->hosts, host_entry);
		s->s_hosts.done = true;
	} else if (yscalar_is(k, "defaults") && !s->s_defaults.seen) {
		s->s_defaults.seen = true;
		load_defaults(s, v, s->d);
		s->s_defaults.done = true;
	} else if (yscalar_is(k, "tunnels") && !s->s_tunnels.seen) {
		s->s_tunnels.seen = true;
		if (s->s_hosts.done && s->s_defaults.done) {
			section_rest(s, v, "tunnels", &s->tunnels,
			    tunnel_entry);
			s->s_tunnels.done = true;
		}
	}
}

static void
load_version(struct lctx *c, struct ynode *v)
{
	if (!lv_want(c, v, Y_SCALAR, "version"))
		return;
	if (yscalar_is(v, "1") && v->plain)
		return;
	if (yscalar_is(v, "1"))
		diag_error(c->ds, yloc(c, v), "bad-version", "version must be "
		    "the plain number 1, not a quoted string");
	else
		diag_error(c->ds, yloc(c, v), "bad-version", "unsupported "
		    "version '%s': this tunnelgen reads version 1",
		    yshow(c, v));
}

struct schema *
schema_new(struct lctx *c, struct ytree *tree, struct topology *t,
    struct yhook *hook)
{
	struct schema *s = xcalloc(1, sizeof(*s));

	s->c = c;
	s->tree = tree;
	s->t = t;
	s->d = xcalloc(1, sizeof(*s->d));
	hook->arg = s;
	hook->entry = on_entry;
	hook->section = on_section;
	return s;
}

void
schema_free(struct schema *s)
{
	if (s == NULL)
		return;
	u64set_free(&s->hosts.set);
	free(s->hosts.ent);
	u64set_free(&s->tunnels.set);
	free(s->tunnels.ent);
	free(s->pols.slot);
	free(s->hnames);
	free(s->hv);
	free(s->tv);
	free(s->d);
	free(s);
}

/*
 * After the parse: the top level, and whatever the streaming left (all of
 * it when tunnels come before hosts or defaults).
 */
bool
schema_finish(struct schema *s)
{
	struct lctx *c = s->c;
	struct topology *t = s->t;
	struct ynode *keys[KEYS_MAX], *vals[KEYS_MAX], *root;
	size_t i;

	root = ynode_deref(s->tree->root);
	if (root == NULL || lv_is_empty(root)) {
		struct loc l = { c->file, 0, 0 };

		for (i = 0; i < NKEYS(top_keys); i++)
			if (i != TOP_DEFAULTS)
				diag_error(c->ds, l, "missing-key", "missing "
				    "key '%s': the file is empty", top_keys[i]);
	} else if (lv_want(c, root, Y_MAP, "the topology")) {
		lv_collect(c, root, "the topology", top_keys, NKEYS(top_keys),
		    keys, vals);
		for (i = 0; i < NKEYS(top_keys); i++)
			if (i != TOP_DEFAULTS && vals[i] == NULL)
				diag_error(c->ds, yloc(c, root), "missing-key",
				    "missing key '%s' at the top level",
				    top_keys[i]);
		if (vals[TOP_VERSION] != NULL)
			load_version(c, vals[TOP_VERSION]);
		if (vals[TOP_HOSTS] != NULL && !s->s_hosts.done)
			section_rest(s, vals[TOP_HOSTS], "hosts", &s->hosts,
			    host_entry);
		s->s_hosts.done = true;
		if (vals[TOP_DEFAULTS] != NULL && !s->s_defaults.done)
			load_defaults(s, vals[TOP_DEFAULTS], s->d);
		s->s_defaults.done = true;
		if (vals[TOP_TUNNELS] != NULL && !s->s_tunnels.done)
			section_rest(s, vals[TOP_TUNNELS], "tunnels",
			    &s->tunnels, tunnel_entry);
	}
	/* The grown arrays become the model's, trimmed, without a copy. */
	t->hosts = arena_adopt(c->a, xreallocarray(s->hv, s->nh + 1,
	    sizeof(*t->hosts)));
	t->nhosts = s->nh;
	s->hv = NULL;
	t->tunnels = arena_adopt(c->a, xreallocarray(s->tv, s->nt + 1,
	    sizeof(*t->tunnels)));
	t->ntunnels = s->nt;
	s->tv = NULL;
	topology_index_hosts(t);
	return true;
}
