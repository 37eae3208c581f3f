/*
 * Type ipsec tunnels (rule 8) and the IPsec suites of every encrypted
 * tunnel.
 *
 *   ipsec-needs-networks  a type ipsec tunnel to a host without networks
 *   ipsec-no-flow         no network pair of one family
 *   ipsec-captures-outer  a network pair covers both outer addresses: its
 *                         policy would capture IKE and ESP themselves
 *   algorithm-removed     an algorithm FreeBSD 13.0 took out of the
 *                         kernel, on a host running 13 or later
 *   weak-algorithm        a weak cipher, hash or group (warning)
 *   aggressive-psk        aggressive mode with a pre-shared key (warning)
 *
 * Suites inherited from `defaults` share one place in the file: a finding
 * there is reported once, with the number of tunnels it concerns, instead
 * of once per tunnel.
 */
#include "validate/checks.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "model/arena.h"

enum slot {
	S_P1_ENC,
	S_P1_HASH,
	S_P1_DH,
	S_P2_ENC,
	S_P2_AUTH,
	S_P2_PFS,
	S_MODE,
};

struct finding {
	struct tloc	 loc;
	enum slot	 slot;
	int		 val;
	bool		 removed;
	size_t		 tunnel;
	size_t		 host;		/* removed: the host that lacks it */
};

struct findings {
	struct finding	*f;
	size_t		 n, cap;
};

static void
add(struct findings *fs, struct tloc loc, enum slot slot, int val,
    bool removed, size_t tunnel, size_t host)
{
	struct finding *f;

	if (fs->n == fs->cap) {
		fs->cap = fs->cap ? 2 * fs->cap : 64;
		fs->f = xreallocarray(fs->f, fs->cap, sizeof(*fs->f));
	}
	f = &fs->f[fs->n++];
	f->loc = loc;
	f->slot = slot;
	f->val = val;
	f->removed = removed;
	f->tunnel = tunnel;
	f->host = host;
}

static int
finding_cmp(const void *a, const void *b)
{
	const struct finding *x = a, *y = b;
	int c = tloc_cmp(x->loc, y->loc);

	if (c != 0)
		return c;
	if (x->slot != y->slot)
		return x->slot < y->slot ? -1 : 1;
	if (x->val != y->val)
		return x->val < y->val ? -1 : 1;
	if (x->removed != y->removed)
		return x->removed ? -1 : 1;
	if (x->tunnel != y->tunnel)
		return x->tunnel < y->tunnel ? -1 : 1;
	return x->host < y->host ? -1 : x->host > y->host;
}

static bool
same_group(const struct finding *x, const struct finding *y)
{
	return tloc_cmp(x->loc, y->loc) == 0 && x->slot == y->slot &&
	    x->val == y->val;
}

static void
group_name(int g, char *buf, size_t len)
{
	const struct dh_info *d = dh_by_group(g);

	if (d != NULL)
		snprintf(buf, len, "%d (%s)", g, d->modp);
	else
		snprintf(buf, len, "%d", g);
}

/* "phase 2 encryption 3des", and what to use instead. */
static void
describe(const struct finding *f, char *buf, size_t len, const char **hint)
{
	char g[32];

	switch (f->slot) {
	case S_P1_ENC:
	case S_P2_ENC:
		snprintf(buf, len, "phase %d encryption %s",
		    f->slot == S_P1_ENC ? 1 : 2, enc_algs[f->val].name);
		*hint = "aes-128 or aes-256";
		break;
	case S_P1_HASH:
		snprintf(buf, len, "phase 1 hash %s", hash_algs[f->val].name);
		*hint = "sha256 or stronger";
		break;
	case S_P2_AUTH:
		snprintf(buf, len, "phase 2 auth %s", auth_algs[f->val].name);
		*hint = "hmac-sha256 or stronger";
		break;
	case S_P1_DH:
	case S_P2_PFS:
		group_name(f->val, g, sizeof(g));
		snprintf(buf, len, "%s %s", f->slot == S_P1_DH ? "dh-group" :
		    "pfs-group", g);
		*hint = "group 14 or higher";
		break;
	default:
		buf[0] = '\0';
		*hint = "";
		break;
	}
}

static const char *
alg_word(const struct finding *f)
{
	return f->slot == S_P2_AUTH ? auth_algs[f->val].name :
	    enc_algs[f->val].name;
}

static void
report_group(const struct topology *top, struct diag_sink *ds,
    const struct finding *g, size_t n)
{
	const struct finding *first = NULL;
	size_t i, tunnels = 0, last = SIZE_MAX;
	bool removed = g[0].removed;	/* removed entries sort first */
	char what[64], more[64];
	const char *hint;

	for (i = 0; i < n && g[i].removed == removed; i++) {
		if (first == NULL)
			first = &g[i];
		if (g[i].tunnel != last)
			tunnels++;
		last = g[i].tunnel;
	}
	more[0] = '\0';
	if (tunnels > 1)
		snprintf(more, sizeof(more), "; %zu more tunnel%s use%s this "
		    "setting", tunnels - 1, tunnels > 2 ? "s" : "",
		    tunnels > 2 ? "" : "s");
	if (removed) {
		const struct host *h = &top->hosts[first->host];

		diag_error(ds, topo_loc(top, first->loc), "algorithm-removed",
		    "tunnel '%s': %s was removed from FreeBSD 13.0; host '%s' "
		    "runs FreeBSD %d%s", top->tunnels[first->tunnel].name,
		    alg_word(first), h->name, h->freebsd, more);
		return;
	}
	if (first->slot == S_MODE) {
		diag_warning(ds, topo_loc(top, first->loc), "aggressive-psk",
		    "tunnel '%s': aggressive mode with a pre-shared key sends "
		    "a hash of the key that can be cracked offline; use main "
		    "mode%s", top->tunnels[first->tunnel].name, more);
		return;
	}
	describe(first, what, sizeof(what), &hint);
	diag_warning(ds, topo_loc(top, first->loc), "weak-algorithm",
	    "tunnel '%s': %s is weak; prefer %s%s",
	    top->tunnels[first->tunnel].name, what, hint, more);
}

static bool
dh_weak(int g)
{
	const struct dh_info *d = dh_by_group(g);

	return d != NULL && d->weak;
}

static void
suite(const struct topology *top, size_t ti, struct findings *fs)
{
	const struct tunnel *t = &top->tunnels[ti];
	const struct ipsec *s = &t->ipsec;
	int e;

	/*
	 * The schema makes naming a removed algorithm an error on 13 and
	 * later in phase 1 too, although racoon runs phase 1 in user space.
	 */
	if ((unsigned)s->pol->p1.enc < ENC__COUNT) {
		const struct enc_info *a = &enc_algs[s->pol->p1.enc];

		for (e = 0; e < 2; e++) {
			const struct host *h = end_host(top, t, e);

			if (h != NULL && a->removed13 && h->freebsd >= 13)
				add(fs, tloc_or(s->pol->p1.enc_loc, s->loc),
				    S_P1_ENC, s->pol->p1.enc,
				    true, ti, t->end[e].host);
		}
		if (a->weak)
			add(fs, tloc_or(s->pol->p1.enc_loc, s->loc), S_P1_ENC,
			    s->pol->p1.enc, false, ti,
			    0);
	}
	if ((unsigned)s->pol->p1.hash < HASH__COUNT && hash_algs[s->pol->p1.hash].weak)
		add(fs, tloc_or(s->pol->p1.hash_loc, s->loc), S_P1_HASH,
		    s->pol->p1.hash, false, ti, 0);
	if (dh_weak(s->pol->p1.dh_group))
		add(fs, tloc_or(s->pol->p1.dh_group_loc, s->loc), S_P1_DH,
		    s->pol->p1.dh_group, false,
		    ti, 0);
	if (s->pol->p2.pfs_group != 0 && dh_weak(s->pol->p2.pfs_group))
		add(fs, tloc_or(s->pol->p2.pfs_group_loc, s->loc), S_P2_PFS,
		    s->pol->p2.pfs_group, false,
		    ti, 0);
	if (s->pol->p1.mode == XCHG_AGGRESSIVE)
		add(fs, tloc_or(s->pol->p1.mode_loc, s->loc), S_MODE, 0, false, ti,
		    0);
	/* Phase 2 runs in the kernel: that is where 13.0 removed things. */
	if ((unsigned)s->pol->p2.enc < ENC__COUNT) {
		const struct enc_info *a = &enc_algs[s->pol->p2.enc];

		for (e = 0; e < 2; e++) {
			const struct host *h = end_host(top, t, e);

			if (h != NULL && a->removed13 && h->freebsd >= 13)
				add(fs, tloc_or(s->pol->p2.enc_loc, s->loc),
				    S_P2_ENC, s->pol->p2.enc,
				    true, ti, t->end[e].host);
		}
		if (a->weak)
			add(fs, tloc_or(s->pol->p2.enc_loc, s->loc), S_P2_ENC,
			    s->pol->p2.enc, false, ti,
			    0);
	}
	if ((unsigned)s->pol->p2.auth < AUTH__COUNT) {
		const struct auth_info *a = &auth_algs[s->pol->p2.auth];

		for (e = 0; e < 2; e++) {
			const struct host *h = end_host(top, t, e);

			if (h != NULL && a->removed13 && h->freebsd >= 13)
				add(fs, tloc_or(s->pol->p2.auth_loc, s->loc),
				    S_P2_AUTH, s->pol->p2.auth,
				    true, ti, t->end[e].host);
		}
		if (a->weak)
			add(fs, tloc_or(s->pol->p2.auth_loc, s->loc), S_P2_AUTH,
			    s->pol->p2.auth, false,
			    ti, 0);
	}
}

static void
suites(const struct topology *top, struct diag_sink *ds)
{
	struct findings fs = { NULL, 0, 0 };
	size_t i, j;

	for (i = 0; i < top->ntunnels; i++) {
		const struct tunnel *t = &top->tunnels[i];

		if (t->type == TUN_IPSEC || t->ipsec.present)
			suite(top, i, &fs);
	}
	if (fs.n > 0)
		qsort(fs.f, fs.n, sizeof(*fs.f), finding_cmp);
	for (i = 0; i < fs.n; i = j) {
		for (j = i + 1; j < fs.n && same_group(&fs.f[i], &fs.f[j]); j++)
			;
		report_group(top, ds, &fs.f[i], j - i);
	}
	free(fs.f);
}

/* Per host: which families its networks have, and which covers its address. */
struct host_nets {
	bool	 v4, v6;
	size_t	 covers;	/* network holding the address, or SIZE_MAX */
};

static void
tunnel_mode(const struct topology *top, struct diag_sink *ds)
{
	struct host_nets *hn;
	size_t i, j;
	char pa[PREFIX_STRLEN], pb[PREFIX_STRLEN];
	int e;

	if (top->nhosts == 0)
		return;
	hn = xcalloc(top->nhosts, sizeof(*hn));
	for (i = 0; i < top->nhosts; i++) {
		const struct host *h = &top->hosts[i];

		hn[i].covers = SIZE_MAX;
		for (j = 0; j < h->nnetworks; j++) {
			if (h->networks[j].addr.family == AF_V4)
				hn[i].v4 = true;
			if (h->networks[j].addr.family == AF_V6)
				hn[i].v6 = true;
			if (hn[i].covers == SIZE_MAX &&
			    prefix_contains(&h->networks[j], &h->address))
				hn[i].covers = j;
		}
	}
	for (i = 0; i < top->ntunnels; i++) {
		const struct tunnel *t = &top->tunnels[i];
		const struct host *a = end_host(top, t, 0);
		const struct host *b = end_host(top, t, 1);
		const struct host_nets *na, *nb;
		bool missing = false;

		if (t->type != TUN_IPSEC || a == NULL || b == NULL)
			continue;
		for (e = 0; e < 2; e++) {
			const struct host *h = e == 0 ? a : b;

			if (h->nnetworks > 0)
				continue;
			missing = true;
			diag_error(ds,
			    topo_loc(top, tloc_or(t->end[e].host_loc,
			        t->between_loc)),
			    "ipsec-needs-networks",
			    "tunnel '%s' is of type ipsec, but host '%s' has "
			    "no networks for it to protect", t->name, h->name);
			diag_note(ds, topo_loc(top, h->name_loc),
			    "host '%s' is defined here",
			    h->name);
		}
		if (missing)
			continue;
		na = &hn[t->end[0].host];
		nb = &hn[t->end[1].host];
		if (!(na->v4 && nb->v4) && !(na->v6 && nb->v6)) {
			diag_error(ds, topo_loc(top, tloc_or(t->between_loc,
			    t->name_loc)),
			    "ipsec-no-flow",
			    "tunnel '%s': hosts '%s' and '%s' have no networks "
			    "of the same family, so there is no flow to "
			    "protect", t->name, a->name, b->name);
			continue;
		}
		if (na->covers != SIZE_MAX && nb->covers != SIZE_MAX &&
		    a->address.family == b->address.family) {
			diag_error(ds, topo_loc(top, tloc_or(t->between_loc,
			    t->name_loc)),
			    "ipsec-captures-outer",
			    "tunnel '%s': the flow from %s to %s covers both "
			    "outer addresses; its policy would capture the IKE "
			    "and ESP packets themselves", t->name,
			    prefix_format(&a->networks[na->covers], pa),
			    prefix_format(&b->networks[nb->covers], pb));
			diag_note(ds, topo_loc(top,
			    a->network_locs[na->covers]),
			    "the network of host '%s' is here", a->name);
			diag_note(ds, topo_loc(top,
			    b->network_locs[nb->covers]),
			    "the network of host '%s' is here", b->name);
		}
	}
	free(hn);
}

void
check_ipsec(const struct topology *top, struct diag_sink *ds)
{
	tunnel_mode(top, ds);
	suites(top, ds);
}
