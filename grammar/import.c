/*
 * Deployed files -> HostConfig.  See import.h.
 *
 * rc.conf is evaluated the way sh would run it, one assignment after the
 * other: ${var} takes the value the variable has at that point, so the
 * self-append idiom (cloned_interfaces="${cloned_interfaces} gif0") works
 * across rc.conf and the rc.conf.d files.  Everything is linear in the
 * size of the files: variables are found through a hash table and psk
 * entries through a sorted array.
 */
#include "grammar/import.h"

#include <ctype.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "grammar/psk.h"
#include "grammar/racoon.h"
#include "grammar/rcconf.h"
#include "grammar/setkey.h"
#include "model/arena.h"
#include "model/diag.h"

/* A growable array in the arena-free heap; copied into the arena at the end. */
struct vec {
	void	*v;
	size_t	 n, cap, size;
};

static void *
vec_push(struct vec *v)
{
	if (v->n == v->cap) {
		v->cap = v->cap ? v->cap * 2 : 8;
		v->v = xreallocarray(v->v, v->cap, v->size);
	}
	memset((char *)v->v + v->n * v->size, 0, v->size);
	return (char *)v->v + v->n++ * v->size;
}

static void *
vec_keep(struct vec *v, struct arena *ar)
{
	void *p = NULL;

	if (v->n > 0) {
		p = arena_alloc(ar, v->n * v->size);
		memcpy(p, v->v, v->n * v->size);
	}
	free(v->v);
	v->v = NULL;
	return p;
}

bool
import_yes(const char *s)
{
	return s != NULL && (strcasecmp(s, "yes") == 0 ||
	    strcasecmp(s, "true") == 0 || strcasecmp(s, "on") == 0 ||
	    strcmp(s, "1") == 0);
}

/* --- rc.conf variables ------------------------------------------------ */

static uint64_t
hash_str(const char *s)
{
	uint64_t h = 1469598103934665603ULL;

	while (*s != '\0')
		h = (h ^ (unsigned char)*s++) * 1099511628211ULL;
	return h;
}

static size_t *
varmap_slot(size_t *map, size_t size, const struct imp_rcvar *vars,
    const char *name)
{
	size_t i = (size_t)hash_str(name) & (size - 1);

	while (map[i] != SIZE_MAX && strcmp(vars[map[i]].a->name, name) != 0)
		i = (i + 1) & (size - 1);
	return &map[i];
}

static const struct imp_rcvar *
var_before(const struct imp_host *h, const char *name, size_t pos)
{
	size_t i;

	if (h->varmap == NULL)
		return NULL;
	i = *varmap_slot(h->varmap, h->varmap_size, h->vars, name);
	while (i != SIZE_MAX && i >= pos)
		i = h->vars[i].prev;
	return i == SIZE_MAX ? NULL : &h->vars[i];
}

const struct imp_rcvar *
import_var(const struct imp_host *h, const char *name)
{
	return var_before(h, name, SIZE_MAX);
}

/* Expand one assignment's value from the values before it. */
static void
expand(struct imp_host *h, size_t pos, struct arena *ar)
{
	struct imp_rcvar *v = &h->vars[pos];
	const struct rcconf_assign *a = v->a;
	size_t i, cap = a->value_len + 1, n = 0;
	char *out = xmalloc(cap);

	v->exact = true;
	for (i = 0; i < a->nsegs; i++) {
		const struct rcconf_seg *s = &a->segs[i];
		const char *t = a->value + s->off;
		size_t tl = s->len;

		if (s->kind == RCCONF_SEG_PARAM && s->var_len > 0 &&
		    !s->complex) {
			char nm[128];
			const struct imp_rcvar *pv;

			if (s->var_len < sizeof(nm)) {
				memcpy(nm, a->value + s->var_off, s->var_len);
				nm[s->var_len] = '\0';
				pv = var_before(h, nm, pos);
				t = pv != NULL ? pv->value : "";
				tl = strlen(t);
				if (pv != NULL && !pv->exact)
					v->exact = false;
			}
		} else if (s->kind != RCCONF_SEG_LITERAL) {
			v->exact = false;
		}
		if (n + tl + 1 > cap) {
			cap = (n + tl + 1) * 2;
			out = xrealloc(out, cap);
		}
		memcpy(out + n, t, tl);
		n += tl;
	}
	if (a->nsegs == 0) {
		n = a->value_len;
		memcpy(out, a->value, n);
	}
	out[n] = '\0';
	v->value = arena_strndup(ar, out, n);
	free(out);
}

static void
load_vars(struct imp_host *h, struct arena *ar)
{
	size_t f, i, total = 0, size = 16;

	for (f = 0; f < h->nrc; f++)
		total += rcconf_count(h->rc[f]);
	h->vars = arena_calloc(ar, total ? total : 1, sizeof(*h->vars));
	while (size < total * 2)
		size *= 2;
	h->varmap_size = size;
	h->varmap = arena_alloc(ar, size * sizeof(size_t));
	for (i = 0; i < size; i++)
		h->varmap[i] = SIZE_MAX;
	for (f = 0; f < h->nrc; f++) {
		for (i = 0; i < rcconf_count(h->rc[f]); i++) {
			size_t pos = h->nvars++, *slot;

			h->vars[pos].a = rcconf_at(h->rc[f], i);
			expand(h, pos, ar);
			slot = varmap_slot(h->varmap, size, h->vars,
			    h->vars[pos].a->name);
			h->vars[pos].prev = *slot;
			*slot = pos;
		}
	}
}

static const char *
var_value(const struct imp_host *h, const char *name)
{
	const struct imp_rcvar *v = import_var(h, name);

	return v != NULL ? v->value : NULL;
}

/* Interface name -> rc.conf variable part ('.', '-', '/', '+' -> '_'). */
static void
varname(char *buf, size_t len, const char *prefix, const char *ifname,
    const char *suffix)
{
	size_t lp = strlen(prefix), li = strlen(ifname), ls = strlen(suffix);
	char *p;

	/* Plain copies: this runs a few times per interface of a hub. */
	if (lp + li + ls + 1 > len) {
		buf[0] = '\0';
		return;
	}
	memcpy(buf, prefix, lp);
	memcpy(buf + lp, ifname, li);
	memcpy(buf + lp + li, suffix, ls + 1);
	for (p = buf + lp; p < buf + lp + li; p++)
		if (!isalnum((unsigned char)*p) && *p != '_')
			*p = '_';
}

/* Split a value into blank-separated words, at most max. */
static size_t
split_words(const char *s, const char **w, size_t *wl, size_t max)
{
	size_t n = 0;

	while (*s != '\0' && n < max) {
		while (*s == ' ' || *s == '\t' || *s == '\n')
			s++;
		if (*s == '\0')
			break;
		w[n] = s;
		while (*s != '\0' && *s != ' ' && *s != '\t' && *s != '\n')
			s++;
		wl[n] = (size_t)(s - w[n]);
		n++;
	}
	return n;
}

/* Every word of a list value; the caller frees *w and *wl. */
static size_t
split_all_words(const char *s, const char ***w, size_t **wl)
{
	size_t cap = strlen(s) / 2 + 2;

	*w = xreallocarray(NULL, cap, sizeof(**w));
	*wl = xreallocarray(NULL, cap, sizeof(**wl));
	return split_words(s, *w, *wl, cap);
}

static bool
word_is(const char *w, size_t l, const char *lit)
{
	return strlen(lit) == l && memcmp(w, lit, l) == 0;
}

static bool
parse_uint(const char *w, size_t l, unsigned long *out)
{
	unsigned long v = 0;
	size_t i;

	if (l == 0 || l > 9)
		return false;
	for (i = 0; i < l; i++) {
		if (!isdigit((unsigned char)w[i]))
			return false;
		v = v * 10 + (unsigned long)(w[i] - '0');
	}
	*out = v;
	return true;
}

/* "255.255.255.252" or "0xfffffffc" -> 30; -1 when not a contiguous mask. */
static int
mask_len(const char *w, size_t l)
{
	struct addr a;
	uint32_t m = 0;
	int len = 0;

	if (l > 2 && w[0] == '0' && (w[1] == 'x' || w[1] == 'X')) {
		size_t i;

		if (l > 10)
			return -1;
		for (i = 2; i < l; i++) {
			int d = isdigit((unsigned char)w[i]) ? w[i] - '0' :
			    isxdigit((unsigned char)w[i]) ?
			    tolower((unsigned char)w[i]) - 'a' + 10 : -1;
			if (d < 0)
				return -1;
			m = m << 4 | (uint32_t)d;
		}
	} else if (addr_parse(w, l, &a) && a.family == AF_V4) {
		m = (uint32_t)a.b[0] << 24 | (uint32_t)a.b[1] << 16 |
		    (uint32_t)a.b[2] << 8 | a.b[3];
	} else
		return -1;
	while (len < 32 && (m & (UINT32_C(1) << (31 - len))) != 0)
		len++;
	if (len < 32 && (m << len) != 0)
		return -1;
	return len;
}

struct addrvec {
	struct vec	 own, local, nets;
};

static void
add_addr(struct vec *v, const struct addr *a)
{
	*(struct addr *)vec_push(v) = *a;
}

/*
 * Read one ifconfig value.  For a tunnel interface (t != NULL) it fills the
 * tunnel, inner addresses and MTU; for any other interface its addresses
 * go to the host's own set.
 */
static void
read_ifconfig(struct imp_host *h, struct addrvec *av, const char *ifname,
    const char *value, struct loc loc, int family, struct hc_iface *t,
    struct imp_iface *x, struct diag_sink *ds)
{
	const char *w[64];
	size_t wl[64], n, i;
	bool saw_family = family != 0;

	if (family == 0)
		family = AF_V4;
	n = split_words(value, w, wl, 64);
	for (i = 0; i < n; i++) {
		struct prefix p;
		unsigned long num;

		if (word_is(w[i], wl[i], "inet")) {
			family = AF_V4;
			saw_family = true;
		} else if (word_is(w[i], wl[i], "inet6")) {
			family = AF_V6;
			saw_family = true;
		} else if (word_is(w[i], wl[i], "DHCP") ||
		    word_is(w[i], wl[i], "SYNCDHCP") ||
		    word_is(w[i], wl[i], "NOSYNCDHCP") ||
		    word_is(w[i], wl[i], "accept_rtadv")) {
			h->local_unknown = true;
		} else if (word_is(w[i], wl[i], "tunnel") && i + 2 < n) {
			struct addr s, d;

			if (!addr_parse(w[i + 1], wl[i + 1], &s) ||
			    !addr_parse(w[i + 2], wl[i + 2], &d)) {
				diag_error(ds, loc, "rc-tunnel-syntax",
				    "%s: `tunnel` needs two numeric "
				    "addresses", ifname);
				if (x != NULL)
					x->tunnel_bad = true;
				i += 2;
				continue;
			}
			if (s.family != d.family)
				diag_error(ds, loc, "rc-tunnel-family",
				    "%s: tunnel endpoints of different "
				    "families", ifname);
			else if (s.family == AF_V6 && family != AF_V6)
				diag_error(ds, loc, "rc-tunnel-inet6",
				    "%s: IPv6 tunnel endpoints need `inet6` "
				    "before `tunnel`; ifconfig reads them as "
				    "IPv4 and fails", ifname);
			if (t != NULL) {
				t->outer_src = s;
				t->outer_dst = d;
				x->has_tunnel = true;
				x->tunnel_loc = loc;
			}
			i += 2;
		} else if (word_is(w[i], wl[i], "mtu") && i + 1 < n &&
		    parse_uint(w[i + 1], wl[i + 1], &num)) {
			if (t != NULL) {
				t->mtu = (int)num;
				x->has_mtu = true;
			}
			i++;
		} else if (word_is(w[i], wl[i], "netmask") && i + 1 < n) {
			int ml = mask_len(w[i + 1], wl[i + 1]);

			if (t != NULL && ml >= 0 && x->has_inner &&
			    t->inner_local.family == AF_V4)
				t->inner_len = (uint8_t)ml;
			i++;
		} else if (word_is(w[i], wl[i], "prefixlen") && i + 1 < n &&
		    parse_uint(w[i + 1], wl[i + 1], &num) && num <= 128) {
			if (t != NULL && x->has_inner &&
			    t->inner_local.family == AF_V6)
				t->inner_len = (uint8_t)num;
			i++;
		} else if (ifaddr_parse(w[i], wl[i], &p) ||
		    prefix_parse(w[i], wl[i], false, &p) == PREFIX_OK) {
			bool haslen = memchr(w[i], '/', wl[i]) != NULL;
			struct addr far = { 0 };

			(void)saw_family;
			if (i + 1 < n && addr_parse(w[i + 1], wl[i + 1], &far))
				i++;
			if (t != NULL) {
				if (x->has_inner)
					continue;	/* first address only */
				t->inner_local = p.addr;
				t->inner_remote = far;
				t->inner_len = haslen ? p.len :
				    (uint8_t)addr_bits(&p.addr);
				x->has_inner = true;
				x->inner_loc = loc;
			} else {
				add_addr(&av->own, &p.addr);
				if (haslen) {
					struct prefix np = p;
					struct addr m;
					size_t k;

					prefix_netmask(&np, &m);
					for (k = 0; k < 16; k++)
						np.addr.b[k] &= m.b[k];
					*(struct prefix *)vec_push(&av->nets) =
					    np;
				}
			}
		}
	}
}

/* A set of short names (interface names), open addressing. */
struct nameset {
	char		(*slot)[16];
	size_t		 size, n;
};

/* Add nm; true when it was there already. */
static bool
name_seen(struct nameset *s, const char *nm)
{
	size_t i;

	if (s->n * 2 >= s->size) {
		struct nameset g = { NULL, s->size ? s->size * 2 : 64, 0 };

		g.slot = xcalloc(g.size, sizeof(*g.slot));
		for (i = 0; i < s->size; i++)
			if (s->slot[i][0] != '\0')
				(void)name_seen(&g, s->slot[i]);
		free(s->slot);
		*s = g;
	}
	i = (size_t)hash_str(nm) & (s->size - 1);
	while (s->slot[i][0] != '\0') {
		if (strcmp(s->slot[i], nm) == 0)
			return true;
		i = (i + 1) & (s->size - 1);
	}
	snprintf(s->slot[i], sizeof(s->slot[i]), "%s", nm);
	s->n++;
	return false;
}

/* Is nm in the set? */
static bool
name_has(const struct nameset *s, const char *nm)
{
	size_t i;

	if (s->size == 0)
		return false;
	for (i = (size_t)hash_str(nm) & (s->size - 1); s->slot[i][0] != '\0';
	    i = (i + 1) & (s->size - 1))
		if (strcmp(s->slot[i], nm) == 0)
			return true;
	return false;
}

/* cloned_interfaces and the legacy gif_interfaces -> tunnel interfaces. */
static void
read_interfaces(struct imp_host *h, struct addrvec *av, struct arena *ar,
    struct diag_sink *ds)
{
	struct vec ifs = { .size = sizeof(struct hc_iface) };
	struct vec ixs = { .size = sizeof(struct imp_iface) };
	static const char *const lists[] = { "cloned_interfaces",
	    "gif_interfaces" };
	struct nameset seen = { NULL, 0, 0 };
	size_t li, i;

	for (li = 0; li < 2; li++) {
		const struct imp_rcvar *lv = import_var(h, lists[li]);
		const char **w;
		size_t *wl, n;

		if (lv == NULL)
			continue;
		n = split_all_words(lv->value, &w, &wl);
		for (i = 0; i < n; i++) {
			struct hc_iface *t;
			struct imp_iface *x;
			char nm[16], var[96];
			const char *colon = memchr(w[i], ':', wl[i]);
			size_t l = colon ? (size_t)(colon - w[i]) : wl[i];
			const struct imp_rcvar *cv;
			size_t k;
			bool dup = false;

			if (l >= sizeof(nm) || l < 4 ||
			    (strncmp(w[i], "gif", 3) != 0 &&
			    strncmp(w[i], "gre", 3) != 0))
				continue;
			memcpy(nm, w[i], l);
			nm[l] = '\0';
			dup = name_seen(&seen, nm);
			if (dup) {
				diag_warning(ds, lv->a->value_loc,
				    "rc-clone-twice", "%s is created twice "
				    "(listed again in %s)", nm, lists[li]);
				continue;
			}
			t = vec_push(&ifs);
			x = vec_push(&ixs);
			memcpy(t->name, nm, l + 1);
			t->type = nm[2] == 'e' ? TUN_GRE : TUN_GIF;
			x->cloned = true;
			x->cloned_loc = lv->a->value_loc;
			x->list = lists[li];
			t->loc = lv->a->value_loc;
			if (li == 1) {
				varname(var, sizeof(var), "gifconfig_", nm, "");
				cv = import_var(h, var);
				if (cv != NULL) {
					char buf[256];

					snprintf(buf, sizeof(buf), "%s%s",
					    strncmp(cv->value, "inet6", 5) == 0
					    ? "" : "tunnel ", cv->value);
					if (strncmp(cv->value, "inet6", 5) == 0)
						snprintf(buf, sizeof(buf),
						    "inet6 tunnel %s",
						    cv->value + 5);
					read_ifconfig(h, av, nm, buf,
					    cv->a->value_loc, 0, t, x, ds);
				}
			}
			varname(var, sizeof(var), "ifconfig_", nm, "");
			if ((cv = import_var(h, var)) != NULL) {
				t->loc = cv->a->value_loc;
				x->ifconfig_loc = cv->a->value_loc;
				read_ifconfig(h, av, nm, cv->value,
				    cv->a->value_loc, 0, t, x, ds);
			}
			varname(var, sizeof(var), "ifconfig_", nm, "_ipv6");
			if ((cv = import_var(h, var)) != NULL) {
				if (!loc_is_set(x->ifconfig_loc))
					t->loc = cv->a->value_loc;
				read_ifconfig(h, av, nm, cv->value,
				    cv->a->value_loc, AF_V6, t, x, ds);
			}
			for (k = 0; k < 64; k++) {
				char sfx[16];

				memcpy(sfx, "_alias", 6);
				if (k >= 10) {
					sfx[6] = (char)('0' + k / 10);
					sfx[7] = (char)('0' + k % 10);
					sfx[8] = '\0';
				} else {
					sfx[6] = (char)('0' + k);
					sfx[7] = '\0';
				}
				varname(var, sizeof(var), "ifconfig_", nm, sfx);
				if ((cv = import_var(h, var)) == NULL ||
				    cv->value[0] == '\0')
					break;
				read_ifconfig(h, av, nm, cv->value,
				    cv->a->value_loc, 0, t, x, ds);
			}
			if (x->has_tunnel)
				add_addr(&av->local, &t->outer_src);
		}
		free(w);
		free(wl);
	}
	h->hc.nifaces = ifs.n;
	h->hc.ifaces = vec_keep(&ifs, ar);
	h->ifx = vec_keep(&ixs, ar);

	/* Every other interface's addresses belong to the host. */
	for (i = 0; i < h->nvars; i++) {
		const struct imp_rcvar *v = &h->vars[i];
		const char *nm = v->a->name, *rest;
		size_t k;
		bool tun = false;

		if (strncmp(nm, "ifconfig_", 9) != 0 ||
		    import_var(h, nm) != v)
			continue;
		rest = nm + 9;
		k = strcspn(rest, "_");
		if (k < 16) {
			char ifn[16];

			memcpy(ifn, rest, k);
			ifn[k] = '\0';
			tun = name_has(&seen, ifn);
		}
		if (tun || strstr(rest, "_descr") != NULL ||
		    strstr(rest, "_name") != NULL ||
		    strncmp(rest, "lo", 2) == 0)
			continue;
		read_ifconfig(h, av, rest, v->value, v->a->value_loc,
		    strstr(rest, "_ipv6") ? AF_V6 : 0, NULL, NULL, ds);
	}
	free(seen.slot);
}

/* "-net 10.2.0.0/16 10.255.0.2", "2001:db8::/48 -interface gif0" ... */
static bool
read_route(const char *value, bool v6, struct hc_route *r,
    struct imp_route *x)
{
	const char *w[16];
	size_t wl[16], n, i;
	bool have_dst = false, have_gw = false;
	int masklen = -1;

	n = split_words(value, w, wl, 16);
	for (i = 0; i < n; i++) {
		if (word_is(w[i], wl[i], "-net") ||
		    word_is(w[i], wl[i], "-host") ||
		    word_is(w[i], wl[i], "-inet") ||
		    word_is(w[i], wl[i], "-inet6") ||
		    word_is(w[i], wl[i], "-static"))
			continue;
		if (word_is(w[i], wl[i], "-netmask") && i + 1 < n) {
			masklen = mask_len(w[i + 1], wl[i + 1]);
			i++;
		} else if ((word_is(w[i], wl[i], "-interface") ||
		    word_is(w[i], wl[i], "-iface")) && i + 1 < n) {
			if (wl[i + 1] < sizeof(x->via)) {
				memcpy(x->via, w[i + 1], wl[i + 1]);
				x->via[wl[i + 1]] = '\0';
			}
			x->via_iface = have_gw = true;
			i++;
		} else if (!have_dst) {
			if (word_is(w[i], wl[i], "default")) {
				memset(&r->dst, 0, sizeof(r->dst));
				r->dst.addr.family = v6 ? AF_V6 : AF_V4;
			} else if (prefix_parse(w[i], wl[i], false, &r->dst) !=
			    PREFIX_OK)
				return false;
			have_dst = true;
		} else if (!have_gw) {
			if (!addr_parse(w[i], wl[i], &r->gateway))
				return false;
			have_gw = true;
		}
	}
	if (masklen >= 0 && r->dst.addr.family == AF_V4)
		r->dst.len = (uint8_t)masklen;
	return have_dst && have_gw;
}

static void
read_routes(struct imp_host *h, struct arena *ar)
{
	struct vec rs = { .size = sizeof(struct hc_route) };
	struct vec xs = { .size = sizeof(struct imp_route) };
	static const char *const lists[] = { "static_routes",
	    "ipv6_static_routes" };
	static const char *const pfx[] = { "route_", "ipv6_route_" };
	size_t li, i;

	for (li = 0; li < 2; li++) {
		const struct imp_rcvar *lv = import_var(h, lists[li]);
		const char **w;
		size_t *wl, n;

		if (lv == NULL)
			continue;
		n = split_all_words(lv->value, &w, &wl);
		for (i = 0; i < n; i++) {
			const char *colon = memchr(w[i], ':', wl[i]);
			size_t l = colon ? (size_t)(colon - w[i]) : wl[i];
			char nm[72], var[96];
			const struct imp_rcvar *rv;
			struct hc_route *r;
			struct imp_route *x;

			if (l >= sizeof(nm))
				continue;
			memcpy(nm, w[i], l);
			nm[l] = '\0';
			varname(var, sizeof(var), pfx[li], nm, "");
			rv = import_var(h, var);
			if (rv == NULL)
				continue;	/* lint_rcconf reports it */
			r = vec_push(&rs);
			x = vec_push(&xs);
			memcpy(r->name, nm, l + 1);
			if (colon != NULL && wl[i] - l - 1 < sizeof(r->iface)) {
				memcpy(r->iface, colon + 1, wl[i] - l - 1);
				r->iface[wl[i] - l - 1] = '\0';
			}
			r->loc = rv->a->value_loc;
			x->listed = x->defined = true;
			x->v6 = li == 1;
			x->list_loc = lv->a->value_loc;
			x->parsed = read_route(rv->value, li == 1, r, x);
		}
		free(w);
		free(wl);
	}
	h->hc.nroutes = rs.n;
	h->hc.routes = vec_keep(&rs, ar);
	h->rtx = vec_keep(&xs, ar);
}

static void
read_knobs(struct imp_host *h, struct arena *ar)
{
	const struct imp_rcvar *v;
	const char *w[32];
	size_t wl[32], n, i;

	if ((v = import_var(h, "ipsec_enable")) != NULL) {
		h->ipsec_enable = import_yes(v->value);
		h->ipsec_enable_loc = v->a->value_loc;
	}
	if ((v = import_var(h, "racoon_enable")) != NULL) {
		h->racoon_enable = import_yes(v->value);
		h->racoon_enable_loc = v->a->value_loc;
	}
	h->hc.ipsec_file = TG_DEFAULT_IPSEC_FILE;
	if ((v = import_var(h, "ipsec_file")) != NULL) {
		h->hc.ipsec_file = v->value;
		h->ipsec_file_loc = v->a->value_loc;
	}
	h->hc.gateway4 = import_yes(var_value(h, "gateway_enable"));
	h->hc.gateway6 = import_yes(var_value(h, "ipv6_gateway_enable"));
	h->hc.ipsec = h->ipsec_enable;
	if ((v = import_var(h, "racoon_flags")) != NULL) {
		n = split_words(v->value, w, wl, 32);
		for (i = 0; i + 1 < n; i++)
			if (word_is(w[i], wl[i], "-f"))
				h->racoon_conf_path = arena_strndup(ar,
				    w[i + 1], wl[i + 1]);
	}
}

/* --- setkey ------------------------------------------------------------ */

static bool
sk_prefix(const struct sk_host *sh, struct prefix *p)
{
	if (sh->name != NULL || sh->addr.family == 0)
		return false;
	p->addr = sh->addr;
	p->len = sh->prefixlen < 0 ? (uint8_t)addr_bits(&sh->addr) :
	    (uint8_t)sh->prefixlen;
	return true;
}

static void
read_setkey(struct imp_host *h, struct arena *ar, struct diag_sink *ds)
{
	struct vec ps = { .size = sizeof(struct hc_policy) };
	const struct sk_stmt *st;

	for (st = h->sk->stmts; st != NULL; st = st->next) {
		struct hc_policy *p;
		const struct sk_policy *sp = &st->spd.policy;
		struct prefix s, d;
		size_t i;

		if (st->cmd == SK_ADD)
			h->nmanual_sa++;
		if (st->cmd != SK_SPDADD && st->cmd != SK_SPDUPDATE)
			continue;
		if (st->spd.tagged)
			continue;
		if (!sk_prefix(&st->spd.src, &s) ||
		    !sk_prefix(&st->spd.dst, &d)) {
			diag_warning(ds, st->loc, "ipsec-hostname",
			    "selector given as a host name: it is resolved "
			    "when the file is loaded, maybe before DNS works; "
			    "lint cannot pair it");
			continue;
		}
		if (sp->dir == SK_DIR_FWD)
			continue;
		p = vec_push(&ps);
		p->dir = sp->dir == SK_DIR_OUT ? SPD_OUT : SPD_IN;
		p->src = s;
		p->dst = d;
		p->ulproto = st->spd.upper.kind == SK_UPPER_ANY ? -1 :
		    st->spd.upper.proto;
		if (st->spd.src.port_kind == SK_PORT_NUM)
			p->sport = st->spd.src.port;
		if (st->spd.dst.port_kind == SK_PORT_NUM)
			p->dport = st->spd.dst.port;
		p->loc = st->loc;
		p->action = sp->action == SK_ACTION_NONE ? SPD_NONE :
		    sp->action == SK_ACTION_DISCARD ? SPD_DISCARD : SPD_IPSEC;
		for (i = 0; i < sp->nreqs && p->nreq < 2; i++) {
			const struct sk_request *rq = &sp->reqs[i];
			struct spd_request *r = &p->req[p->nreq];

			if (rq->proto != SK_PROTO_ESP &&
			    rq->proto != SK_PROTO_AH)
				continue;
			r->proto = rq->proto == SK_PROTO_ESP ? IPSEC_ESP :
			    IPSEC_AH;
			r->mode = rq->mode == SK_MODE_TUNNEL ? MODE_TUNNEL :
			    MODE_TRANSPORT;
			if (rq->ends == SK_ENDS_ADDRS) {
				r->tsrc = rq->src;
				r->tdst = rq->dst;
			}
			r->level = rq->level == SK_LEVEL_REQUIRE ?
			    LEVEL_REQUIRE : rq->level == SK_LEVEL_UNIQUE ?
			    LEVEL_UNIQUE : LEVEL_USE;
			r->unique_id = rq->unique_id;
			p->nreq++;
		}
	}
	h->hc.npolicies = ps.n;
	h->hc.policies = vec_keep(&ps, ar);
}

/* --- racoon ------------------------------------------------------------ */

static enum enc_alg
racoon_enc(const char *w, unsigned long keylen)
{
	if (strcmp(w, "aes") == 0 || strcmp(w, "rijndael") == 0)
		return keylen == 256 ? ENC_AES256 : keylen == 192 ?
		    ENC_AES192 : keylen == 0 || keylen == 128 ? ENC_AES128 :
		    ENC__COUNT;
	if (strcmp(w, "camellia") == 0)
		return keylen == 256 ? ENC_CAMELLIA256 : keylen == 192 ?
		    ENC_CAMELLIA192 : ENC_CAMELLIA128;
	if (strcmp(w, "3des") == 0)
		return ENC_3DES;
	if (strcmp(w, "des") == 0)
		return ENC_DES;
	if (strcmp(w, "blowfish") == 0)
		return ENC_BLOWFISH;
	return ENC__COUNT;
}

/* racoon's words for an algorithm, with their older sha2_ spellings. */
struct racoon_word {
	const char	*word;
	int		 alg;
};

static const struct racoon_word racoon_hashes[] = {
	{ "sha1", HASH_SHA1 },
	{ "sha256", HASH_SHA256 }, { "sha2_256", HASH_SHA256 },
	{ "sha384", HASH_SHA384 }, { "sha2_384", HASH_SHA384 },
	{ "sha512", HASH_SHA512 }, { "sha2_512", HASH_SHA512 },
	{ "md5", HASH_MD5 },
	{ NULL, HASH__COUNT }
};

static const struct racoon_word racoon_auths[] = {
	{ "hmac_sha1", AUTH_HMAC_SHA1 },
	{ "hmac_sha256", AUTH_HMAC_SHA256 },
	{ "hmac_sha2_256", AUTH_HMAC_SHA256 },
	{ "hmac_sha384", AUTH_HMAC_SHA384 },
	{ "hmac_sha2_384", AUTH_HMAC_SHA384 },
	{ "hmac_sha512", AUTH_HMAC_SHA512 },
	{ "hmac_sha2_512", AUTH_HMAC_SHA512 },
	{ "hmac_md5", AUTH_HMAC_MD5 },
	{ NULL, AUTH__COUNT }
};

/* The algorithm W names, or the table's last (NULL) entry's value. */
static int
racoon_word_alg(const struct racoon_word *t, const char *w)
{
	for (; t->word != NULL; t++)
		if (strcmp(w, t->word) == 0)
			break;
	return t->alg;
}

static enum hash_alg
racoon_hash(const char *w)
{
	return (enum hash_alg)racoon_word_alg(racoon_hashes, w);
}

static enum auth_alg
racoon_auth(const char *w)
{
	return (enum auth_alg)racoon_word_alg(racoon_auths, w);
}

static int
racoon_group(const struct racoon_value *v)
{
	const struct dh_info *d;

	if (v == NULL)
		return 0;
	if (v->kind == RACOON_V_NUMBER)
		return (int)v->num;
	if (v->text != NULL && (d = dh_lookup(v->text, strlen(v->text))))
		return d->group;
	return -1;
}

static unsigned long
racoon_lifetime(const struct racoon_value *v)
{
	/* lifetime time N unit */
	if (v != NULL && v->kind == RACOON_V_WORD && v->next != NULL &&
	    v->next->kind == RACOON_V_NUMBER)
		return v->next->num * (v->next->next != NULL &&
		    v->next->next->kind == RACOON_V_UNIT ?
		    v->next->next->num : 1);
	return 0;
}

static bool
vword(const struct racoon_value *v, const char *w)
{
	return v != NULL && v->kind == RACOON_V_WORD && v->text != NULL &&
	    strcmp(v->text, w) == 0;
}

static void
read_identifier(const struct racoon_value *v, struct addr *a,
    const char **type, const char **str, struct loc *loc,
    struct addrvec *av)
{
	if (v == NULL)
		return;
	*loc = v->loc;
	if (vword(v, "address")) {
		if (v->next != NULL && v->next->kind == RACOON_V_ADDR &&
		    addr_parse(v->next->text, strlen(v->next->text), a) &&
		    av != NULL)
			add_addr(&av->own, a);
		return;
	}
	*type = v->text;
	while (v->next != NULL && (vword(v->next, "tag") ||
	    vword(v->next, "file")))
		v = v->next;
	if (v->next != NULL)
		*str = v->next->text;
}

static void
read_proposal(const struct racoon_stmt *ps, struct hc_proposal *pr)
{
	const struct racoon_stmt *s;

	pr->loc = ps->loc;
	pr->enc = ENC__COUNT;
	pr->hash = HASH__COUNT;
	pr->dh_group = -1;
	for (s = ps->body; s != NULL; s = s->next) {
		const struct racoon_value *a = s->args;

		if (s->kind != RACOON_SIMPLE || a == NULL)
			continue;
		if (strcmp(s->keyword, "encryption_algorithm") == 0)
			pr->enc = racoon_enc(a->text ? a->text : "",
			    a->num);
		else if (strcmp(s->keyword, "hash_algorithm") == 0)
			pr->hash = racoon_hash(a->text ? a->text : "");
		else if (strcmp(s->keyword, "dh_group") == 0)
			pr->dh_group = racoon_group(a);
		else if (strcmp(s->keyword, "authentication_method") == 0)
			pr->psk = vword(a, "pre_shared_key") ||
			    (a->text && strstr(a->text, "xauth_psk"));
		else if (strcmp(s->keyword, "lifetime") == 0)
			pr->lifetime = racoon_lifetime(a);
	}
}

static void
read_remote(const struct racoon_stmt *rs, struct hc_remote *r,
    struct addrvec *av, struct arena *ar)
{
	const struct racoon_stmt *s;
	struct vec props = { .size = sizeof(struct hc_proposal) };
	const struct racoon_value *a = rs->args;

	r->loc = rs->loc;
	r->natt = NATT_OFF;
	if (vword(a, "anonymous"))
		r->anonymous = true;
	else if (a != NULL && a->kind == RACOON_V_ADDR)
		(void)addr_parse(a->text, strlen(a->text), &r->peer);
	for (s = rs->body; s != NULL; s = s->next) {
		a = s->args;
		if (s->kind == RACOON_PROPOSAL) {
			read_proposal(s, vec_push(&props));
			continue;
		}
		if (s->kind != RACOON_SIMPLE)
			continue;
		if (strcmp(s->keyword, "remote_address") == 0 && a != NULL &&
		    a->kind == RACOON_V_ADDR)
			(void)addr_parse(a->text, strlen(a->text), &r->peer);
		else if (strcmp(s->keyword, "exchange_mode") == 0)
			r->mode = vword(a, "aggressive") ? XCHG_AGGRESSIVE :
			    XCHG_MAIN;
		else if (strcmp(s->keyword, "my_identifier") == 0)
			read_identifier(a, &r->my_id, &r->my_id_type,
			    &r->my_id_str, &r->my_id_loc, av);
		else if (strcmp(s->keyword, "peers_identifier") == 0 &&
		    !loc_is_set(r->peer_id_loc))
			read_identifier(a, &r->peer_id, &r->peer_id_type,
			    &r->peer_id_str, &r->peer_id_loc, NULL);
		else if (strcmp(s->keyword, "proposal_check") == 0)
			r->check = vword(a, "obey") ? PCHECK_OBEY :
			    vword(a, "claim") ? PCHECK_CLAIM :
			    vword(a, "exact") ? PCHECK_EXACT : PCHECK_STRICT;
		else if (strcmp(s->keyword, "nat_traversal") == 0)
			r->natt = vword(a, "on") ? NATT_ON :
			    vword(a, "force") ? NATT_FORCE : NATT_OFF;
		else if (strcmp(s->keyword, "certificate_type") == 0)
			r->certs = true;
	}
	r->nprops = props.n;
	r->props = vec_keep(&props, ar);
	if (r->nprops > 0) {
		r->enc = r->props[0].enc;
		r->hash = r->props[0].hash;
		r->dh_group = r->props[0].dh_group;
		r->lifetime = r->props[0].lifetime;
	}
}

static int
ulproto_of(const struct racoon_value *v)
{
	static const struct { const char *w; int p; } names[] = {
		{ "icmp", 1 }, { "tcp", 6 }, { "udp", 17 }, { "gre", 47 },
		{ "esp", 50 }, { "ah", 51 }, { "icmp6", 58 }, { "ipcomp", 108 },
	};
	size_t i;

	if (v == NULL || vword(v, "any"))
		return -1;
	if (v->kind == RACOON_V_NUMBER)
		return (int)v->num;
	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (vword(v, names[i].w))
			return names[i].p;
	return -1;
}

/* address|subnet ADDR[/P] [port] ULPROTO: returns the value after it. */
static const struct racoon_value *
read_sainfo_id(const struct racoon_value *v, struct prefix *p, int *ul,
    bool *ok)
{
	*ok = false;
	if (v == NULL || !(vword(v, "address") || vword(v, "subnet")))
		return v == NULL ? NULL : v->next;
	v = v->next;
	if (v == NULL || v->kind != RACOON_V_ADDR)
		return v;
	if (addr_parse(v->text, strlen(v->text), &p->addr) &&
	    v->range_hi == NULL) {
		p->len = v->prefix == RACOON_NONE ?
		    (uint8_t)addr_bits(&p->addr) : (uint8_t)v->prefix;
		*ok = true;
	}
	v = v->next;
	*ul = ulproto_of(v);
	return v == NULL ? NULL : v->next;
}

static void
read_sainfo(const struct racoon_stmt *ss, struct hc_sainfo *si)
{
	const struct racoon_stmt *s;
	const struct racoon_value *v = ss->args;
	int ul1 = -1, ul2 = -1;
	bool ok1, ok2;

	si->loc = ss->loc;
	si->enc = ENC__COUNT;
	si->auth = AUTH__COUNT;
	if (vword(v, "anonymous")) {
		si->anonymous = true;
	} else {
		v = read_sainfo_id(v, &si->local, &ul1, &ok1);
		(void)read_sainfo_id(v, &si->remote, &ul2, &ok2);
		if (!ok1 || !ok2)
			si->anonymous = true;	/* not an address pair */
		si->ulproto = ul1;
	}
	for (s = ss->body; s != NULL; s = s->next) {
		const struct racoon_value *a = s->args;

		if (s->kind != RACOON_SIMPLE || a == NULL)
			continue;
		if (strcmp(s->keyword, "encryption_algorithm") == 0)
			si->enc = racoon_enc(a->text ? a->text : "",
			    a->num);
		else if (strcmp(s->keyword, "authentication_algorithm") == 0)
			si->auth = racoon_auth(a->text ? a->text : "");
		else if (strcmp(s->keyword, "pfs_group") == 0)
			si->pfs_group = racoon_group(a);
		else if (strcmp(s->keyword, "lifetime") == 0)
			si->lifetime = racoon_lifetime(a);
	}
}

static void
read_racoon(struct imp_host *h, struct addrvec *av, struct arena *ar)
{
	struct vec rs = { .size = sizeof(struct hc_remote) };
	struct vec ss = { .size = sizeof(struct hc_sainfo) };
	const struct racoon_stmt *s, *b;

	for (s = h->racoon->stmts; s != NULL; s = s->next) {
		if (s->kind == RACOON_REMOTE)
			read_remote(s, vec_push(&rs), av, ar);
		else if (s->kind == RACOON_SAINFO)
			read_sainfo(s, vec_push(&ss));
		else if (s->kind == RACOON_PATH && vword(s->args,
		    "pre_shared_key") && s->args->next != NULL) {
			h->psk_path = s->args->next->text;
			h->psk_path_loc = s->loc;
		} else if (s->kind == RACOON_LISTEN) {
			for (b = s->body; b != NULL; b = b->next) {
				struct addr a;

				if (b->kind == RACOON_SIMPLE &&
				    strncmp(b->keyword, "isakmp", 6) == 0 &&
				    b->args != NULL &&
				    b->args->kind == RACOON_V_ADDR &&
				    addr_parse(b->args->text,
				    strlen(b->args->text), &a))
					add_addr(&av->own, &a);
			}
		}
	}
	h->hc.nremotes = rs.n;
	h->hc.remotes = vec_keep(&rs, ar);
	h->hc.nsainfos = ss.n;
	h->hc.sainfos = vec_keep(&ss, ar);
}

/* --- psk --------------------------------------------------------------- */

static int
psk_cmp(const void *a, const void *b)
{
	const struct hc_psk *x = a, *y = b;

	return addr_cmp(&x->peer, &y->peer);
}

static void
read_psk(struct imp_host *h, struct arena *ar)
{
	size_t i, n = 0;

	h->hc.psks = arena_calloc(ar, h->psk->nentries + 1,
	    sizeof(*h->hc.psks));
	for (i = 0; i < h->psk->nentries; i++) {
		const struct psk_entry *e = &h->psk->entries[i];
		struct hc_psk *p;

		if (e->shadowed)
			continue;
		p = &h->hc.psks[h->hc.npsks++];
		p->peer = e->addr;
		p->key = e->key;
		p->keylen = e->keylen;
		p->loc = e->loc;
		p->ident = e->addr.family == 0 ? e->ident : NULL;
		if (e->addr.family != 0)
			n++;
	}
	h->psk_sorted = arena_calloc(ar, n + 1, sizeof(*h->psk_sorted));
	for (i = 0; i < h->hc.npsks; i++)
		if (h->hc.psks[i].peer.family != 0)
			h->psk_sorted[h->npsk_sorted++] = h->hc.psks[i];
	qsort(h->psk_sorted, h->npsk_sorted, sizeof(*h->psk_sorted), psk_cmp);
}

const struct hc_psk *
import_psk(const struct imp_host *h, const struct addr *a)
{
	struct hc_psk key;

	if (h->npsk_sorted == 0)
		return NULL;
	key.peer = *a;
	return bsearch(&key, h->psk_sorted, h->npsk_sorted,
	    sizeof(key), psk_cmp);
}

/* --- addresses ---------------------------------------------------------- */

static int
addr_cmp_v(const void *a, const void *b)
{
	return addr_cmp(a, b);
}

static struct addr *
sort_unique(struct vec *v, size_t *n, struct arena *ar)
{
	struct addr *a = v->v;
	size_t i, k = 0;

	if (v->n > 1)
		qsort(a, v->n, sizeof(*a), addr_cmp_v);
	for (i = 0; i < v->n; i++)
		if (k == 0 || !addr_eq(&a[k - 1], &a[i]))
			a[k++] = a[i];
	v->n = k;
	*n = k;
	return vec_keep(v, ar);
}

bool
import_is_local(const struct imp_host *h, const struct addr *a)
{
	return h->nlocal > 0 && bsearch(a, h->local, h->nlocal,
	    sizeof(*a), addr_cmp_v) != NULL;
}

/* The most common tunnel source, else the first own address. */
static void
pick_address(struct imp_host *h)
{
	size_t i, best = 0, run = 0;

	for (i = 0; i < h->hc.nifaces; i++) {
		size_t j, c = 0;

		if (!h->ifx[i].has_tunnel)
			continue;
		for (j = i; j < h->hc.nifaces && j < i + 64; j++)
			if (addr_eq(&h->hc.ifaces[j].outer_src,
			    &h->hc.ifaces[i].outer_src))
				c++;
		if (c > run) {
			run = c;
			best = i;
		}
	}
	if (run > 0)
		h->hc.address = h->hc.ifaces[best].outer_src;
	else if (h->nown > 0)
		h->hc.address = h->own[0];
	else if (h->nlocal > 0)
		h->hc.address = h->local[0];
}

int
import_guess_kind(const char *path, const char *text, size_t len)
{
	const char *base = strrchr(path, '/');

	base = base != NULL ? base + 1 : path;
	if (strstr(base, "racoon") != NULL && strstr(base, ".conf") != NULL)
		return IMP_RACOON;
	if (strcmp(base, "psk.txt") == 0 || strstr(base, ".psk") != NULL)
		return IMP_PSK;
	if (strncmp(base, "rc.conf", 7) == 0 || strcmp(base, "netif") == 0 ||
	    strcmp(base, "routing") == 0)
		return IMP_RCCONF;
	if (strcmp(base, "ipsec.conf") == 0 || strstr(base, "setkey") ||
	    strstr(base, "ipsec-tools") != NULL)
		return IMP_SETKEY;
	if (setkey_sniff(text, len))
		return IMP_SETKEY;
	if (racoon_sniff(text, len))
		return IMP_RACOON;
	if (rcconf_sniff(text, len))
		return IMP_RCCONF;
	if (psk_sniff(text, len))
		return IMP_PSK;
	return -1;
}

/* Any `add` word at all (a statement the parser dropped may hold a key)? */
static bool
has_key_text(const char *t, size_t n)
{
	size_t i;

	for (i = 0; i + 3 <= n; i++)
		if (t[i] == 'a' && t[i + 1] == 'd' && t[i + 2] == 'd' &&
		    (i == 0 || t[i - 1] == '\n' || t[i - 1] == ' ' ||
		    t[i - 1] == '\t' || t[i - 1] == ';') &&
		    (i + 3 == n || t[i + 3] == ' ' || t[i + 3] == '\t' ||
		    t[i + 3] == '\n'))
			return true;
	return false;
}

struct imp_host *
import_parse(const char *name, const struct imp_input *in, size_t nin,
    struct arena *ar, struct diag_sink *ds)
{
	struct imp_host *h = arena_calloc(ar, 1, sizeof(*h));
	size_t i, nrc = 0;

	h->name = arena_strdup(ar, name);
	h->hc.host = h->name;
	h->hc.freebsd = TG_DEFAULT_FREEBSD;
	for (i = 0; i < nin; i++)
		if (in[i].kind == IMP_RCCONF)
			nrc++;
	h->rcin = arena_calloc(ar, nrc + 1, sizeof(*h->rcin));
	h->rc = arena_calloc(ar, nrc + 1, sizeof(*h->rc));
	for (i = 0; i < nin; i++) {
		const struct imp_input *f = &in[i];

		switch (f->kind) {
		case IMP_RCCONF:
			h->rcin[h->nrc] = *f;
			h->rc[h->nrc++] = rcconf_parse(f->path, f->text,
			    f->len, ar, ds);
			if (!h->has[IMP_RCCONF])
				h->in[IMP_RCCONF] = *f;
			break;
		case IMP_SETKEY: {
			const struct sk_stmt *st;
			bool keys = false;

			h->sk = setkey_parse(f->path, f->text, f->len, ar, ds);
			h->in[f->kind] = *f;
			/*
			 * The parser registers a copy with keys blanked only
			 * when it has something to say; without SAs there is
			 * no key, so lint's own reports can quote the lines.
			 */
			for (st = h->sk->stmts; st != NULL && !keys;
			    st = st->next)
				keys = st->cmd == SK_ADD;
			if (!keys && !has_key_text(f->text, f->len))
				(void)diag_source(ds, f->path, f->text, f->len);
			break;
		}
		case IMP_RACOON:
			h->racoon = racoon_parse(f->path, f->text, f->len, ar,
			    ds);
			h->in[f->kind] = *f;
			break;
		case IMP_PSK:
			h->psk = psk_parse(f->path, f->text, f->len, ar, ds);
			h->in[f->kind] = *f;
			break;
		default:
			continue;
		}
		h->has[f->kind] = true;
		h->in[f->kind].path = f->kind == IMP_PSK ?
		    diag_intern(ds, f->path) : h->in[f->kind].path;
	}
	h->hc.loc = (struct loc){ h->has[IMP_RCCONF] ?
	    diag_intern(ds, h->in[IMP_RCCONF].path) : NULL, 0, 0 };
	return h;
}

void
import_build(struct imp_host *h, struct arena *ar, struct diag_sink *ds)
{
	struct addrvec av = { { .size = sizeof(struct addr) },
	    { .size = sizeof(struct addr) },
	    { .size = sizeof(struct prefix) } };
	size_t i;

	load_vars(h, ar);
	read_interfaces(h, &av, ar, ds);
	read_routes(h, ar);
	read_knobs(h, ar);
	if (h->sk != NULL)
		read_setkey(h, ar, ds);
	if (h->racoon != NULL)
		read_racoon(h, &av, ar);
	if (h->psk != NULL)
		read_psk(h, ar);
	for (i = 0; i < av.own.n; i++)
		add_addr(&av.local, &((struct addr *)av.own.v)[i]);
	h->own = sort_unique(&av.own, &h->nown, ar);
	h->local = sort_unique(&av.local, &h->nlocal, ar);
	h->nnets = av.nets.n;
	h->nets = vec_keep(&av.nets, ar);
	pick_address(h);
}

struct imp_host *
import_host(const char *name, const struct imp_input *in, size_t nin,
    struct arena *ar, struct diag_sink *ds)
{
	struct imp_host *h = import_parse(name, in, nin, ar, ds);

	import_build(h, ar, ds);
	return h;
}
