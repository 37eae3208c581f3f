/*
 * The `ipsec` mapping of a tunnel or of defaults: protocol, level, psk,
 * NAT traversal and the two phases, each value remembered as given (and
 * whether it was bad) so that defaults merge under a tunnel key by key.
 */
#include "config.h"

#include <string.h>

#include "compiler/load_int.h"

static const char *const ipsec_keys[] = {
	"protocol", "level", "psk", "nat-traversal", "phase1", "phase2"
};
enum { I_PROTOCOL, I_LEVEL, I_PSK, I_NATT, I_PHASE1, I_PHASE2 };

static const char *const p1_keys[] = {
	"exchange-mode", "encryption", "hash", "dh-group", "lifetime"
};
enum { P1_MODE, P1_ENC, P1_HASH, P1_DH, P1_LIFE };

static const char *const p2_keys[] = {
	"encryption", "auth", "pfs-group", "lifetime"
};
enum { P2_ENC, P2_AUTH, P2_PFS, P2_LIFE };

static const char *const proto_names[] = { "esp", "ah", "esp+ah" };
static const char *const level_names[] = { "require", "use", "unique" };
static const char *const natt_names[] = { "off", "on", "force" };
static const char *const xchg_names[] = { "main", "aggressive" };

static bool
scalar_or_bad(struct lctx *c, struct ynode *v, const char *what)
{
	return lv_want(c, v, Y_SCALAR, what);
}

static void
unknown_alg(struct lctx *c, struct ynode *v, const char *kind,
    const char *known, const char *hint)
{
	if (hint != NULL)
		diag_error(c->ds, yloc(c, v), "unknown-algorithm", "unknown %s "
		    "algorithm '%s' (did you mean '%s'?); known: %s", kind,
		    yshow(c, v), hint, known);
	else
		diag_error(c->ds, yloc(c, v), "unknown-algorithm", "unknown %s "
		    "algorithm '%s'; known: %s", kind, yshow(c, v), known);
}

static bool
enc_value(struct lctx *c, struct ynode *v, enum enc_alg *out, struct tloc *l)
{
	int a;

	if (!scalar_or_bad(c, v, "encryption"))
		return false;
	if ((a = enc_lookup(v->u.s, v->n)) < 0) {
		const char *names[ENC__COUNT];
		size_t i;

		for (i = 0; i < ENC__COUNT; i++)
			names[i] = enc_algs[i].name;
		unknown_alg(c, v, "encryption", enc_names(),
		    suggest(v->u.s, v->n, names, ENC__COUNT));
		return false;
	}
	*out = (enum enc_alg)a;
	*l = ytloc(v);
	return true;
}

static bool
group_value(struct lctx *c, struct ynode *v, const char *what, bool none_ok,
    int *out, struct tloc *l)
{
	const struct dh_info *g;

	if (!scalar_or_bad(c, v, what))
		return false;
	if (none_ok && yscalar_is(v, "none")) {
		*out = 0;
		*l = ytloc(v);
		return true;
	}
	if ((g = dh_lookup(v->u.s, v->n)) == NULL) {
		diag_error(c->ds, yloc(c, v), "unknown-group", "unknown "
		    "Diffie-Hellman group '%s' for %s: use %s%s",
		    yshow(c, v), what, dh_names(), none_ok ? ", or none" : "");
		return false;
	}
	*out = g->group;
	*l = ytloc(v);
	return true;
}

static bool
lifetime_value(struct lctx *c, struct ynode *v, uint32_t *out,
    struct tloc *l)
{
	unsigned long secs;

	if (!scalar_or_bad(c, v, "lifetime"))
		return false;
	if (!lifetime_parse(v->u.s, v->n, &secs) || secs > UINT32_MAX) {
		diag_error(c->ds, yloc(c, v), "bad-lifetime", "bad lifetime "
		    "'%s': a number of seconds, or of minutes or hours with "
		    "'m' or 'h' (such as 8h), at most 2147483647 seconds",
		    yshow(c, v));
		return false;
	}
	*out = (uint32_t)secs;
	*l = ytloc(v);
	return true;
}

/* Record a handler's outcome for merging. */
#define GIVEN(in, bit, ok) do {						\
	(in)->set |= (bit);						\
	if (!(ok))							\
		(in)->bad |= (bit);					\
} while (0)

static void
load_phase1(struct lctx *c, struct ynode *v, const char *what,
    struct ipsec_in *in)
{
	struct ynode *keys[KEYS_MAX], *vals[KEYS_MAX];
	struct phase1 *p = &in->pol.p1;
	int e;

	if (!lv_want(c, v, Y_MAP, "phase1")) {
		in->bad |= IB_P1MODE | IB_P1ENC | IB_P1HASH | IB_P1DH |
		    IB_P1LIFE;
		in->set |= in->bad;
		return;
	}
	lv_collect(c, v, what, p1_keys, NKEYS(p1_keys), keys, vals);
	if (vals[P1_MODE] != NULL) {
		e = lv_enum(c, vals[P1_MODE], "exchange-mode", xchg_names,
		    NKEYS(xchg_names));
		if (e >= 0) {
			p->mode = (enum xchg_mode)e;
			p->mode_loc = ytloc(vals[P1_MODE]);
		}
		GIVEN(in, IB_P1MODE, e >= 0);
	}
	if (vals[P1_ENC] != NULL)
		GIVEN(in, IB_P1ENC, enc_value(c, vals[P1_ENC], &p->enc,
		    &p->enc_loc));
	if (vals[P1_HASH] != NULL) {
		struct ynode *h = vals[P1_HASH];
		bool ok = scalar_or_bad(c, h, "hash");

		if (ok && (e = hash_lookup(h->u.s, h->n)) < 0) {
			const char *names[HASH__COUNT];

			for (e = 0; e < HASH__COUNT; e++)
				names[e] = hash_algs[e].name;
			unknown_alg(c, h, "hash", hash_names(),
			    suggest(h->u.s, h->n, names, HASH__COUNT));
			ok = false;
		} else if (ok) {
			p->hash = (enum hash_alg)e;
			p->hash_loc = ytloc(h);
		}
		GIVEN(in, IB_P1HASH, ok);
	}
	if (vals[P1_DH] != NULL)
		GIVEN(in, IB_P1DH, group_value(c, vals[P1_DH], "dh-group",
		    false, &p->dh_group, &p->dh_group_loc));
	if (vals[P1_LIFE] != NULL)
		GIVEN(in, IB_P1LIFE, lifetime_value(c, vals[P1_LIFE],
		    &p->lifetime, &p->lifetime_loc));
}

static void
load_phase2(struct lctx *c, struct ynode *v, const char *what,
    struct ipsec_in *in)
{
	struct ynode *keys[KEYS_MAX], *vals[KEYS_MAX];
	struct phase2 *p = &in->pol.p2;
	int e;

	if (!lv_want(c, v, Y_MAP, "phase2")) {
		in->bad |= IB_P2ENC | IB_P2AUTH | IB_P2PFS | IB_P2LIFE;
		in->set |= in->bad;
		return;
	}
	lv_collect(c, v, what, p2_keys, NKEYS(p2_keys), keys, vals);
	if (vals[P2_ENC] != NULL)
		GIVEN(in, IB_P2ENC, enc_value(c, vals[P2_ENC], &p->enc,
		    &p->enc_loc));
	if (vals[P2_AUTH] != NULL) {
		struct ynode *a = vals[P2_AUTH];
		const char *hint;
		bool ok = scalar_or_bad(c, a, "auth");

		if (ok && (e = auth_lookup(a->u.s, a->n)) < 0) {
			const char *names[AUTH__COUNT];

			for (e = 0; e < AUTH__COUNT; e++)
				names[e] = auth_algs[e].name;
			hint = suggest(a->u.s, a->n, names, AUTH__COUNT);
			/* "sha256" for "hmac-sha256" is a common slip. */
			for (e = 0; hint == NULL && e < AUTH__COUNT; e++)
				if (strncmp(names[e], "hmac-", 5) == 0 &&
				    strlen(names[e] + 5) == a->n &&
				    memcmp(names[e] + 5, a->u.s, a->n) == 0)
					hint = names[e];
			unknown_alg(c, a, "authentication", auth_names(), hint);
			ok = false;
		} else if (ok) {
			p->auth = (enum auth_alg)e;
			p->auth_loc = ytloc(a);
		}
		GIVEN(in, IB_P2AUTH, ok);
	}
	if (vals[P2_PFS] != NULL)
		GIVEN(in, IB_P2PFS, group_value(c, vals[P2_PFS], "pfs-group",
		    true, &p->pfs_group, &p->pfs_group_loc));
	if (vals[P2_LIFE] != NULL)
		GIVEN(in, IB_P2LIFE, lifetime_value(c, vals[P2_LIFE],
		    &p->lifetime, &p->lifetime_loc));
}

/* `owner` names the tunnel ("tunnel 'x'") or "defaults". */
void
ipsec_load(struct lctx *c, struct ynode *key, struct ynode *v,
    const char *owner, struct ipsec_in *in)
{
	struct ynode *keys[KEYS_MAX], *vals[KEYS_MAX];
	char what[160], sub[176];
	int e;

	memset(in, 0, sizeof(*in));
	in->v.present = true;
	in->v.loc = ytloc(key);
	join3(what, sizeof(what), "ipsec of ", owner, "");
	if (lv_is_empty(v))
		return;
	if (!lv_want(c, v, Y_MAP, "ipsec")) {
		in->bad = in->set = ~0u;
		return;
	}
	lv_collect(c, v, what, ipsec_keys, NKEYS(ipsec_keys), keys, vals);
	if (vals[I_PROTOCOL] != NULL) {
		e = lv_enum(c, vals[I_PROTOCOL], "protocol", proto_names,
		    NKEYS(proto_names));
		if (e >= 0) {
			in->pol.protocol = (enum ipsec_proto)e;
			in->pol.protocol_loc = ytloc(vals[I_PROTOCOL]);
		}
		GIVEN(in, IB_PROTO, e >= 0);
	}
	if (vals[I_LEVEL] != NULL) {
		e = lv_enum(c, vals[I_LEVEL], "level", level_names,
		    NKEYS(level_names));
		if (e >= 0) {
			in->pol.level = (enum ipsec_level)e;
			in->pol.level_loc = ytloc(vals[I_LEVEL]);
		}
		GIVEN(in, IB_LEVEL, e >= 0);
	}
	if (vals[I_NATT] != NULL) {
		e = lv_enum(c, vals[I_NATT], "nat-traversal", natt_names,
		    NKEYS(natt_names));
		if (e >= 0) {
			in->pol.natt = (enum natt_mode)e;
			in->pol.natt_loc = ytloc(vals[I_NATT]);
		}
		GIVEN(in, IB_NATT, e >= 0);
	}
	if (vals[I_PSK] != NULL)
		GIVEN(in, IB_PSK, psk_load(c, c->tree, vals[I_PSK], owner,
		    &in->v.psk));
	if (vals[I_PHASE1] != NULL) {
		join3(sub, sizeof(sub), "phase1 of ", owner, "");
		if (!lv_is_empty(vals[I_PHASE1]))
			load_phase1(c, vals[I_PHASE1], sub, in);
	}
	if (vals[I_PHASE2] != NULL) {
		join3(sub, sizeof(sub), "phase2 of ", owner, "");
		if (!lv_is_empty(vals[I_PHASE2]))
			load_phase2(c, vals[I_PHASE2], sub, in);
	}
}

/*
 * Fill what the tunnel's own ipsec does not give from defaults, then from
 * the schema.  Returns false when an inherited value was a bad one.
 */
bool
ipsec_merge(struct ipsec_in *tin, const struct ipsec_in *d)
{
	unsigned take = d->set & ~tin->set;

#define TAKE(bit, f, l) do {						\
	if (take & (bit)) {						\
		tin->f = d->f;						\
		tin->l = d->l;						\
	}								\
} while (0)
	TAKE(IB_PROTO, pol.protocol, pol.protocol_loc);
	TAKE(IB_LEVEL, pol.level, pol.level_loc);
	TAKE(IB_NATT, pol.natt, pol.natt_loc);
	TAKE(IB_PSK, v.psk, v.psk.loc);
	TAKE(IB_P1MODE, pol.p1.mode, pol.p1.mode_loc);
	TAKE(IB_P1ENC, pol.p1.enc, pol.p1.enc_loc);
	TAKE(IB_P1HASH, pol.p1.hash, pol.p1.hash_loc);
	TAKE(IB_P1DH, pol.p1.dh_group, pol.p1.dh_group_loc);
	TAKE(IB_P1LIFE, pol.p1.lifetime, pol.p1.lifetime_loc);
	TAKE(IB_P2ENC, pol.p2.enc, pol.p2.enc_loc);
	TAKE(IB_P2AUTH, pol.p2.auth, pol.p2.auth_loc);
	TAKE(IB_P2PFS, pol.p2.pfs_group, pol.p2.pfs_group_loc);
	TAKE(IB_P2LIFE, pol.p2.lifetime, pol.p2.lifetime_loc);
#undef TAKE
	tin->set |= take;
	return (take & d->bad) == 0;
}

void
ipsec_fill_defaults(struct ipsec_in *in)
{
	/*
	 * The schema's values have no place of their own (readers fall back
	 * to the ipsec key), so that tunnels which differ only in where their
	 * ipsec key is still share one policy record.
	 */
#define DFLT(bit, f, val, lf) do {					\
	if (!(in->set & (bit))) {					\
		in->f = (val);						\
		in->lf = TLOC_NONE;					\
	}								\
} while (0)
	DFLT(IB_PROTO, pol.protocol, IPSEC_ESP, pol.protocol_loc);
	DFLT(IB_LEVEL, pol.level, LEVEL_REQUIRE, pol.level_loc);
	DFLT(IB_NATT, pol.natt, NATT_OFF, pol.natt_loc);
	DFLT(IB_P1MODE, pol.p1.mode, XCHG_MAIN, pol.p1.mode_loc);
	DFLT(IB_P1ENC, pol.p1.enc, ENC_AES256, pol.p1.enc_loc);
	DFLT(IB_P1HASH, pol.p1.hash, HASH_SHA256, pol.p1.hash_loc);
	DFLT(IB_P1DH, pol.p1.dh_group, 14, pol.p1.dh_group_loc);
	DFLT(IB_P1LIFE, pol.p1.lifetime, 8 * 3600, pol.p1.lifetime_loc);
	DFLT(IB_P2ENC, pol.p2.enc, ENC_AES256, pol.p2.enc_loc);
	DFLT(IB_P2AUTH, pol.p2.auth, AUTH_HMAC_SHA256, pol.p2.auth_loc);
	DFLT(IB_P2PFS, pol.p2.pfs_group, 14, pol.p2.pfs_group_loc);
	DFLT(IB_P2LIFE, pol.p2.lifetime, 3600, pol.p2.lifetime_loc);
#undef DFLT
}
