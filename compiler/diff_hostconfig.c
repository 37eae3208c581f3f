/*
 * One host's drift: the lowered HostConfig against the imported one.
 *
 * Every kind of element is matched by what identifies it (an interface by
 * name, a route by destination, a policy by direction and selectors, a
 * racoon remote by peer, a sainfo by its identities, a psk by peer): both
 * sides are sorted by that key and walked together, so a host with many
 * tunnels costs n log n, never n * m.
 */
#include "config.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "compiler/diff_hostconfig.h"
#include "compiler/print.h"
#include "grammar/import.h"
#include "grammar/rcconf.h"
#include "grammar/setkey.h"
#include "model/arena.h"

struct dctx {
	const char		*host;
	const struct hostconfig	*want;
	const struct imp_host	*have;
	struct drift_list	*out;
	bool			 nofile[IMP__COUNT];	/* whole file missing */
	struct prefix		*inner;			/* tunnels' subnets */
	size_t			 ninner;
};

static char *
xprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

static char *
xprintf(const char *fmt, ...)
{
	va_list ap;
	int n;
	char *p;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	p = xmalloc((size_t)n + 1);
	va_start(ap, fmt);
	vsnprintf(p, (size_t)n + 1, fmt, ap);
	va_end(ap);
	return p;
}

static struct drift *
push(struct dctx *c, enum drift_kind k, struct loc loc, enum imp_kind file,
    char *object)
{
	struct drift_list *l = c->out;
	struct drift *d;

	if (l->n == l->cap) {
		l->cap = l->cap ? l->cap * 2 : 16;
		l->v = xreallocarray(l->v, l->cap, sizeof(*l->v));
	}
	d = &l->v[l->n++];
	memset(d, 0, sizeof(*d));
	d->kind = k;
	d->seq = l->n;
	d->host = c->host;
	d->object = object;
	if (loc.file != NULL) {
		d->file = loc.file;
		d->line = loc.line;
		d->col = loc.col;
	} else if (c->have != NULL && c->have->has[file])
		d->file = c->have->in[file].path;
	else
		d->file = NULL;
	return d;
}

/* A field that differs; values are taken over (heap strings). */
static void
changed(struct dctx *c, struct loc loc, enum imp_kind file, const char *obj,
    const char *field, char *dep, char *top, bool words)
{
	struct drift *d = push(c, DRIFT_CHANGED, loc, file, xstrdup(obj));

	d->field = xstrdup(field);
	d->deployed = dep;
	d->topology = top;
	d->words = words;
}

static void
missing(struct dctx *c, enum imp_kind file, char *obj, char *top)
{
	struct drift *d;

	if (c->nofile[file]) {
		free(obj);
		free(top);
		return;
	}
	d = push(c, DRIFT_MISSING, (struct loc){ NULL, 0, 0 }, file, obj);
	d->topology = top;
}

static void
extra(struct dctx *c, struct loc loc, enum imp_kind file, char *obj)
{
	push(c, DRIFT_EXTRA, loc, file, obj);
}

/*
 * An object on one side only is missing from the host (W alone) or extra
 * on it (H alone, at HLOC): reported, and true.  False when both have it.
 */
static bool
one_sided(struct dctx *c, const void *w, const void *h,
    const struct loc *hloc, enum imp_kind file, const char *obj)
{
	if (h == NULL) {
		missing(c, file, xstrdup(obj), NULL);
		return true;
	}
	if (w == NULL) {
		extra(c, *hloc, file, xstrdup(obj));
		return true;
	}
	return false;
}

static char *
addr_str(const struct addr *a)
{
	char b[ADDR_STRLEN];

	if (a->family == 0)
		return xstrdup("(none)");
	return xstrdup(addr_format(a, b));
}

/* A selector: the bare address for a host, else the prefix. */
static void
sel_format(const struct prefix *p, char *buf)
{
	if (p->len == addr_bits(&p->addr))
		addr_format(&p->addr, buf);
	else
		prefix_format(p, buf);
}

static const char *
proto_name(int p, char *buf, size_t len)
{
	static const struct { int p; const char *n; } names[] = {
		{ -1, "any" }, { 1, "icmp" }, { 4, "ipencap" }, { 6, "tcp" },
		{ 17, "udp" }, { 41, "ipv6" }, { 47, "gre" }, { 50, "esp" },
		{ 51, "ah" }, { 58, "icmp6" }, { 108, "ipcomp" },
	};
	size_t i;

	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (names[i].p == p)
			return names[i].n;
	snprintf(buf, len, "%d", p);
	return buf;
}

static bool
is_tunnel_ifname(const char *s)
{
	return (strncmp(s, "gif", 3) == 0 || strncmp(s, "gre", 3) == 0) &&
	    isdigit((unsigned char)s[3]);
}

static bool
in_inner(const struct dctx *c, const struct addr *a)
{
	size_t i;

	for (i = 0; i < c->ninner; i++)
		if (c->inner[i].addr.family == a->family &&
		    prefix_contains(&c->inner[i], a))
			return true;
	return false;
}

/* --- sorted walks ------------------------------------------------------ */

typedef int (*cmp_fn)(const void *, const void *);

/* Pointers to n elements of size sz, sorted by cmp (on the elements). */
static const void **
sorted(const void *base, size_t n, size_t sz, int (*cmp)(const void *,
    const void *))
{
	const void **v = xcalloc(n + 1, sizeof(*v));
	size_t i;

	for (i = 0; i < n; i++)
		v[i] = (const char *)base + i * sz;
	qsort(v, n, sizeof(*v), cmp);
	return v;
}

/*
 * Walk two sorted pointer arrays; calls pair(w, h) with either side NULL
 * when only one side has the key.  Equal keys pair up in order.
 */
static void
walk(struct dctx *c, const void **w, size_t nw, const void **h, size_t nh,
    cmp_fn cmp, void (*pair)(struct dctx *, const void *, const void *))
{
	size_t i = 0, j = 0;

	while (i < nw || j < nh) {
		int r;

		if (i == nw)
			r = 1;
		else if (j == nh)
			r = -1;
		else
			r = cmp(&w[i], &h[j]);
		if (r == 0)
			pair(c, w[i++], h[j++]);
		else if (r < 0)
			pair(c, w[i++], NULL);
		else
			pair(c, NULL, h[j++]);
	}
}

static void
walk_all(struct dctx *c, const void *wb, size_t nw, const void *hb,
    size_t nh, size_t sz, cmp_fn cmp,
    void (*pair)(struct dctx *, const void *, const void *))
{
	const void **w = sorted(wb, nw, sz, cmp);
	const void **h = sorted(hb, nh, sz, cmp);

	walk(c, w, nw, h, nh, cmp, pair);
	free(w);
	free(h);
}

/* --- interfaces -------------------------------------------------------- */

static int
iface_cmp(const void *a, const void *b)
{
	const struct hc_iface *x = *(const struct hc_iface *const *)a;
	const struct hc_iface *y = *(const struct hc_iface *const *)b;

	return strcmp(x->name, y->name);
}

static const struct imp_iface *
ifx_of(const struct dctx *c, const struct hc_iface *f)
{
	return &c->have->ifx[f - c->have->hc.ifaces];
}

static int
default_mtu(enum tun_type t)
{
	return t == TUN_GRE ? 1476 : 1280;
}

static void
iface_pair(struct dctx *c, const void *wv, const void *hv)
{
	const struct hc_iface *w = wv, *h = hv;
	const struct imp_iface *x;
	char obj[32];
	struct loc l;
	int mtu;
	unsigned wlen;

	snprintf(obj, sizeof(obj), "ifconfig_%s", w ? w->name : h->name);
	if (h == NULL) {
		missing(c, IMP_RCCONF, xprintf("interface %s", w->name),
		    NULL);
		return;
	}
	x = ifx_of(c, h);
	if (w == NULL) {
		extra(c, loc_is_set(x->ifconfig_loc) ? x->ifconfig_loc :
		    x->cloned_loc, IMP_RCCONF,
		    xprintf("interface %s", h->name));
		return;
	}
	l = loc_is_set(x->tunnel_loc) ? x->tunnel_loc : h->loc;
	if (!x->has_tunnel)
		changed(c, l, IMP_RCCONF, obj, "tunnel", xstrdup("(none)"),
		    xprintf("%s", "set"), false);
	else {
		if (!addr_eq(&w->outer_src, &h->outer_src))
			changed(c, l, IMP_RCCONF, obj, "tunnel source",
			    addr_str(&h->outer_src), addr_str(&w->outer_src),
			    false);
		if (!addr_eq(&w->outer_dst, &h->outer_dst))
			changed(c, l, IMP_RCCONF, obj, "tunnel destination",
			    addr_str(&h->outer_dst), addr_str(&w->outer_dst),
			    false);
	}
	l = loc_is_set(x->inner_loc) ? x->inner_loc : h->loc;
	if (!x->has_inner)
		changed(c, l, IMP_RCCONF, obj, "inner address",
		    xstrdup("(none)"), addr_str(&w->inner_local), false);
	else {
		if (!addr_eq(&w->inner_local, &h->inner_local))
			changed(c, l, IMP_RCCONF, obj, "inner address",
			    addr_str(&h->inner_local),
			    addr_str(&w->inner_local), false);
		if (!addr_eq(&w->inner_remote, &h->inner_remote))
			changed(c, l, IMP_RCCONF, obj, "inner peer address",
			    addr_str(&h->inner_remote),
			    addr_str(&w->inner_remote), false);
		/* An IPv6 inner address is printed as a /128 host
		   route to the peer, whatever the subnet's length. */
		wlen = w->inner_local.family == AF_V6 ? 128 : w->inner_len;
		if (wlen != h->inner_len)
			changed(c, l, IMP_RCCONF, obj, "prefix length",
			    xprintf("/%u", h->inner_len),
			    xprintf("/%u", wlen), false);
	}
	mtu = x->has_mtu ? h->mtu : default_mtu(h->type);
	if (mtu != w->mtu)
		changed(c, loc_is_set(x->ifconfig_loc) ? x->ifconfig_loc :
		    h->loc, IMP_RCCONF, obj, "mtu", x->has_mtu ?
		    xprintf("%d", mtu) : xprintf("%d (default)", mtu),
		    xprintf("%d", w->mtu), false);
}

/* --- routes ------------------------------------------------------------ */

static int
route_cmp(const void *a, const void *b)
{
	const struct hc_route *x = *(const struct hc_route *const *)a;
	const struct hc_route *y = *(const struct hc_route *const *)b;

	return prefix_cmp(&x->dst, &y->dst);
}

static void
route_pair(struct dctx *c, const void *wv, const void *hv)
{
	const struct hc_route *w = wv, *h = hv;
	const struct imp_route *x;
	char dst[PREFIX_STRLEN], obj[PREFIX_STRLEN + 16];

	prefix_format(w ? &w->dst : &h->dst, dst);
	snprintf(obj, sizeof(obj), "route %s", dst);
	if (h == NULL) {
		missing(c, IMP_RCCONF, xstrdup(obj), NULL);
		return;
	}
	x = &c->have->rtx[h - c->have->hc.routes];
	if (w == NULL) {
		/* The host's own routes are its business. */
		if (!is_tunnel_ifname(h->iface) &&
		    !(x->via_iface && is_tunnel_ifname(x->via)) &&
		    !in_inner(c, &h->gateway))
			return;
		extra(c, h->loc, IMP_RCCONF, xprintf("route %s", dst));
		c->out->v[c->out->n - 1].note = xprintf("route_%s, through "
		    "a tunnel", h->name);
		return;
	}
	if (!x->parsed)
		changed(c, h->loc, IMP_RCCONF, obj, "value",
		    xstrdup("(not understood)"), addr_str(&w->gateway),
		    false);
	else if (x->via_iface) {
		changed(c, h->loc, IMP_RCCONF, obj, "gateway",
		    xprintf("-interface %s", x->via), addr_str(&w->gateway),
		    false);
	} else if (!addr_eq(&w->gateway, &h->gateway))
		changed(c, h->loc, IMP_RCCONF, obj, "gateway",
		    addr_str(&h->gateway), addr_str(&w->gateway), false);
	if (strcmp(w->iface, h->iface) != 0)
		changed(c, x->list_loc, IMP_RCCONF, obj, "interface",
		    xstrdup(h->iface[0] ? h->iface : "(none)"),
		    xstrdup(w->iface), true);
}

/* --- rc.conf knobs and stale variables ----------------------------------- */

static void
knob(struct dctx *c, const char *var, const char *want, bool yesno)
{
	const struct imp_rcvar *v = import_var(c->have, var);

	if (v == NULL) {
		missing(c, IMP_RCCONF, xstrdup(var), xstrdup(want));
		return;
	}
	if (yesno ? import_yes(v->value) == import_yes(want) :
	    strcmp(v->value, want) == 0)
		return;
	changed(c, v->a->value_loc, IMP_RCCONF, var, "value",
	    xstrdup(v->value), xstrdup(want), true);
}

static void
knobs(struct dctx *c)
{
	const struct hostconfig *w = c->want;
	const struct imp_host *h = c->have;
	char path[1100];

	if (w->gateway4)
		knob(c, "gateway_enable", "YES", true);
	if (w->gateway6)
		knob(c, "ipv6_gateway_enable", "YES", true);
	if (!w->ipsec)
		return;
	knob(c, "ipsec_enable", "YES", true);
	knob(c, "racoon_enable", "YES", true);
	if (strcmp(h->hc.ipsec_file, w->ipsec_file) != 0)
		changed(c, h->ipsec_file_loc, IMP_RCCONF, "ipsec_file",
		    "value", xstrdup(h->hc.ipsec_file),
		    xstrdup(w->ipsec_file), true);
	snprintf(path, sizeof(path), "%s/racoon.conf", w->racoon_dir);
	if (strcmp(h->racoon_conf_path ? h->racoon_conf_path :
	    TG_DEFAULT_RACOON_DIR "/racoon.conf", path) != 0) {
		const struct imp_rcvar *v = import_var(h, "racoon_flags");

		changed(c, v ? v->a->value_loc : (struct loc){ NULL, 0, 0 },
		    IMP_RCCONF, "racoon_flags", "racoon.conf path",
		    xstrdup(h->racoon_conf_path ? h->racoon_conf_path :
		    "(default)"), xstrdup(path), true);
	}
	snprintf(path, sizeof(path), "%s/psk.txt", w->racoon_dir);
	if (h->has[IMP_RACOON] && (h->psk_path == NULL ||
	    strcmp(h->psk_path, path) != 0)) {
		if (h->psk_path == NULL)
			missing(c, IMP_RACOON, xstrdup("path pre_shared_key"),
			    xstrdup(path));
		else
			changed(c, h->psk_path_loc, IMP_RACOON,
			    "path pre_shared_key", "file",
			    xstrdup(h->psk_path), xstrdup(path), true);
	}
}

static int
name_cmp(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* Sorted names, for lookups while walking the variables. */
struct names {
	const char	**v;
	size_t		 n;
};

static bool
names_has(const struct names *ns, const char *nm)
{
	return ns->n > 0 && bsearch(&nm, ns->v, ns->n, sizeof(*ns->v),
	    name_cmp) != NULL;
}

static void
stale(struct dctx *c, const struct imp_rcvar *v, char *note)
{
	struct drift *d = push(c, DRIFT_EXTRA, v->a->value_loc, IMP_RCCONF,
	    xstrdup(v->a->name));

	d->note = note;
	d->deployed = xstrdup(v->value);
}

/* Skip blanks to the next word of *V, set its length; false at the end. */
static bool
next_word(const char **v, size_t *len)
{
	while (**v == ' ' || **v == '\t')
		(*v)++;
	*len = strcspn(*v, " \t");
	return *len > 0;
}

/* A stale interface's addresses: routes through them are stale too. */
static void
stale_addrs(struct dctx *c, const char *v)
{
	size_t l;
	struct addr a;

	for (; next_word(&v, &l); v += l)
		if (addr_parse(v, l, &a)) {
			c->inner = xreallocarray(c->inner, c->ninner + 1,
			    sizeof(*c->inner));
			c->inner[c->ninner++] = (struct prefix){ a,
			    (uint8_t)addr_bits(&a) };
		}
}

/* Does a route value go through a tunnel? */
static bool
route_value_tunnel(const struct dctx *c, const char *v)
{
	size_t l;
	struct addr a;

	for (; next_word(&v, &l); v += l) {
		if (l >= 4 && is_tunnel_ifname(v))
			return true;
		if (addr_parse(v, l, &a) && in_inner(c, &a))
			return true;
	}
	return false;
}

/*
 * Tunnel variables the interface and route lists no longer reach: an
 * ifconfig_gif3 whose interface is not created, a route_X that
 * static_routes does not name.  Names in maps are looked up per variable,
 * so the cost stays linear in the number of variables for small lists.
 */
static void
stale_vars(struct dctx *c, const struct names *want_if,
    const struct names *have_if, const struct names *have_rt)
{
	const struct imp_host *h = c->have;
	size_t i, pass;

	/* Interfaces first: their addresses tell which routes are stale. */
	for (pass = 0; pass < 2; pass++) {
		for (i = 0; i < h->nvars; i++) {
			const struct imp_rcvar *v = &h->vars[i];
			const char *nm = v->a->name, *rest = NULL;
			char ifn[16];
			size_t l;

			if (import_var(h, nm) != v)
				continue;
			if (pass == 0 && (strncmp(nm, "route_", 6) == 0 ||
			    strncmp(nm, "ipv6_route_", 11) == 0))
				continue;
			if (pass == 1 && strncmp(nm, "route_", 6) != 0 &&
			    strncmp(nm, "ipv6_route_", 11) != 0)
				continue;
			if (strncmp(nm, "ifconfig_", 9) == 0)
				rest = nm + 9;
			else if (strncmp(nm, "gifconfig_", 10) == 0)
				rest = nm + 10;
			if (rest != NULL) {
				if (!is_tunnel_ifname(rest))
					continue;
				l = 3 + strspn(rest + 3, "0123456789");
				if (l >= sizeof(ifn) || (rest[l] != '\0' &&
				    rest[l] != '_'))
					continue;
				memcpy(ifn, rest, l);
				ifn[l] = '\0';
				if (names_has(have_if, ifn))
					continue;
				stale_addrs(c, v->value);
				stale(c, v, names_has(want_if, ifn) ?
				    xprintf("%s is not in cloned_interfaces",
				    ifn) : xprintf("stale: %s is neither "
				    "created nor in the topology", ifn));
				continue;
			}
			if (strncmp(nm, "route_", 6) == 0)
				rest = nm + 6;
			else if (strncmp(nm, "ipv6_route_", 11) == 0)
				rest = nm + 11;
			else
				continue;
			if (names_has(have_rt, rest) ||
			    !route_value_tunnel(c, v->value))
				continue;
			stale(c, v, xprintf("left over: not in %s",
			    nm[0] == 'i' ? "ipv6_static_routes" :
			    "static_routes"));
		}
	}
}

/* --- setkey policies --------------------------------------------------- */

static int
policy_cmp(const void *a, const void *b)
{
	const struct hc_policy *x = *(const struct hc_policy *const *)a;
	const struct hc_policy *y = *(const struct hc_policy *const *)b;
	int r;

	if (x->dir != y->dir)
		return x->dir < y->dir ? -1 : 1;
	if ((r = prefix_cmp(&x->src, &y->src)) != 0)
		return r;
	if ((r = prefix_cmp(&x->dst, &y->dst)) != 0)
		return r;
	if (x->sport != y->sport)
		return x->sport < y->sport ? -1 : 1;
	if (x->dport != y->dport)
		return x->dport < y->dport ? -1 : 1;
	return (x->ulproto > y->ulproto) - (x->ulproto < y->ulproto);
}

static const char *
level_name(enum ipsec_level l)
{
	return l == LEVEL_REQUIRE ? "require" : l == LEVEL_UNIQUE ? "unique" :
	    "use";
}

static const char *
action_name(enum spd_action a)
{
	return a == SPD_NONE ? "none" : a == SPD_DISCARD ? "discard" :
	    "ipsec";
}

/* "esp/tunnel/192.0.2.1-192.0.2.2 ah/transport" (levels apart). */
static char *
requests_str(const struct hc_policy *p)
{
	char buf[512], a[ADDR_STRLEN], b[ADDR_STRLEN];
	size_t i, n = 0;

	buf[0] = '\0';
	for (i = 0; i < p->nreq; i++) {
		const struct spd_request *r = &p->req[i];

		n += (size_t)snprintf(buf + n, sizeof(buf) - n, "%s%s/%s",
		    i ? " " : "", r->proto == IPSEC_AH ? "ah" : "esp",
		    r->mode == MODE_TUNNEL ? "tunnel" : "transport");
		if (r->mode == MODE_TUNNEL && n < sizeof(buf))
			n += (size_t)snprintf(buf + n, sizeof(buf) - n,
			    "/%s-%s", addr_format(&r->tsrc, a),
			    addr_format(&r->tdst, b));
		if (n >= sizeof(buf))
			break;
	}
	return xstrdup(p->nreq ? buf : "(none)");
}

static void
port_format(char *buf, size_t len, uint32_t port)
{
	if (port == 0)
		snprintf(buf, len, "[any]");
	else
		snprintf(buf, len, "[%lu]", (unsigned long)port);
}

static void
policy_pair(struct dctx *c, const void *wv, const void *hv)
{
	const struct hc_policy *w = wv, *h = hv, *p = w ? w : h;
	char s[PREFIX_STRLEN + 16], d[PREFIX_STRLEN + 16], pn[16], obj[200];
	char *ws, *hs;
	size_t i;

	sel_format(&p->src, s);
	sel_format(&p->dst, d);
	if (p->sport != 0 || p->dport != 0) {
		size_t l = strlen(s);

		/* setkey's spelling: ADDR[PORT] */
		port_format(s + l, sizeof(s) - l, p->sport);
		l = strlen(d);
		port_format(d + l, sizeof(d) - l, p->dport);
	}
	snprintf(obj, sizeof(obj), "policy %s %s -> %s %s",
	    p->dir == SPD_OUT ? "out" : "in", s, d,
	    proto_name(p->ulproto, pn, sizeof(pn)));
	if (one_sided(c, w, h, h ? &h->loc : NULL, IMP_SETKEY, obj))
		return;
	if (w->action != h->action) {
		changed(c, h->loc, IMP_SETKEY, obj, "action",
		    xstrdup(action_name(h->action)),
		    xstrdup(action_name(w->action)), true);
		return;
	}
	ws = requests_str(w);
	hs = requests_str(h);
	if (strcmp(ws, hs) != 0) {
		changed(c, h->loc, IMP_SETKEY, obj, "requests", hs, ws, true);
		return;
	}
	free(ws);
	free(hs);
	for (i = 0; i < w->nreq; i++) {
		const struct spd_request *a = &w->req[i], *b = &h->req[i];

		if (a->level != b->level)
			changed(c, h->loc, IMP_SETKEY, obj, "level",
			    xstrdup(level_name(b->level)),
			    xstrdup(level_name(a->level)), true);
		else if (a->level == LEVEL_UNIQUE && a->unique_id != 0 &&
		    a->unique_id != b->unique_id)
			changed(c, h->loc, IMP_SETKEY, obj, "unique id",
			    xprintf("%u", b->unique_id),
			    xprintf("%u", a->unique_id), false);
	}
}

/* Manually keyed SAs: the topology never has any. */
static void
manual_sas(struct dctx *c)
{
	const struct sk_stmt *st;

	if (c->have->sk == NULL)
		return;
	for (st = c->have->sk->stmts; st != NULL; st = st->next) {
		char a[ADDR_STRLEN], b[ADDR_STRLEN];

		if (st->cmd != SK_ADD)
			continue;
		extra(c, st->loc, IMP_SETKEY, xprintf("SA %s 0x%x %s -> %s",
		    sk_satype_name(st->sa.satype), (unsigned)st->sa.spi,
		    st->sa.src.name ? st->sa.src.name :
		    addr_format(&st->sa.src.addr, a),
		    st->sa.dst.name ? st->sa.dst.name :
		    addr_format(&st->sa.dst.addr, b)));
	}
}

/* --- racoon ------------------------------------------------------------- */

static int
remote_cmp(const void *a, const void *b)
{
	const struct hc_remote *x = *(const struct hc_remote *const *)a;
	const struct hc_remote *y = *(const struct hc_remote *const *)b;

	if (x->anonymous != y->anonymous)
		return x->anonymous ? 1 : -1;
	return addr_cmp(&x->peer, &y->peer);
}

static char *
enc_str(enum enc_alg e)
{
	if (e >= ENC__COUNT)
		return xstrdup("(other)");
	if (enc_algs[e].keybits)
		return xprintf("%s %u", enc_algs[e].racoon,
		    enc_algs[e].keybits);
	return xstrdup(enc_algs[e].racoon);
}

static char *
hash_str(enum hash_alg e)
{
	return xstrdup(e < HASH__COUNT ? hash_algs[e].racoon : "(other)");
}

static char *
auth_str(enum auth_alg e)
{
	return xstrdup(e < AUTH__COUNT ? auth_algs[e].racoon : "(other)");
}

static char *
group_str(int g)
{
	return g < 0 ? xstrdup("(other)") : g == 0 ? xstrdup("(none)") :
	    xprintf("%d", g);
}

static char *
life_str(unsigned long s)
{
	char b[64];

	if (s == 0)
		return xstrdup("(default)");
	fmt_lifetime(s, b, sizeof(b));
	return xstrdup(b);
}

static char *
ident_str(const char *type, const char *str, const struct addr *a)
{
	char b[ADDR_STRLEN];

	if (type != NULL)
		return xprintf("%s %s", type, str ? str : "");
	if (a->family == 0)
		return xstrdup("(not set)");
	return xprintf("address %s", addr_format(a, b));
}

static const char *const natt_names[] = { "off", "on", "force" };
static const char *const check_names[] = { "strict", "obey", "claim",
    "exact" };

static void
remote_pair(struct dctx *c, const void *wv, const void *hv)
{
	const struct hc_remote *w = wv, *h = hv;
	const struct hc_proposal *pr;
	char b[ADDR_STRLEN], obj[ADDR_STRLEN + 16];
	char *x, *y;
	struct loc pl;

	if (h != NULL && h->anonymous)
		snprintf(obj, sizeof(obj), "remote anonymous");
	else
		snprintf(obj, sizeof(obj), "remote %s",
		    addr_format(w ? &w->peer : &h->peer, b));
	if (one_sided(c, w, h, h ? &h->loc : NULL, IMP_RACOON, obj))
		return;
	if (w->mode != h->mode)
		changed(c, h->loc, IMP_RACOON, obj, "exchange_mode",
		    xstrdup(h->mode == XCHG_MAIN ? "main" : "aggressive"),
		    xstrdup(w->mode == XCHG_MAIN ? "main" : "aggressive"),
		    true);
	x = ident_str(h->my_id_type, h->my_id_str, &h->my_id);
	y = ident_str(NULL, NULL, &w->my_id);
	if (strcmp(x, y) != 0)
		changed(c, loc_is_set(h->my_id_loc) ? h->my_id_loc : h->loc,
		    IMP_RACOON, obj, "my_identifier", x, y, true);
	else {
		free(x);
		free(y);
	}
	x = ident_str(h->peer_id_type, h->peer_id_str, &h->peer_id);
	y = ident_str(NULL, NULL, &w->peer_id);
	if (strcmp(x, y) != 0)
		changed(c, loc_is_set(h->peer_id_loc) ? h->peer_id_loc :
		    h->loc, IMP_RACOON, obj, "peers_identifier", x, y, true);
	else {
		free(x);
		free(y);
	}
	if (h->natt != w->natt)
		changed(c, h->loc, IMP_RACOON, obj, "nat_traversal",
		    xstrdup(natt_names[h->natt]), xstrdup(natt_names[w->natt]),
		    true);
	if (h->check != w->check)
		changed(c, h->loc, IMP_RACOON, obj, "proposal_check",
		    xstrdup(check_names[h->check]),
		    xstrdup(check_names[w->check]), true);
	if (h->nprops != 1) {
		changed(c, h->loc, IMP_RACOON, obj, "proposals",
		    xprintf("%zu", h->nprops), xstrdup("1"), false);
		return;
	}
	pr = &h->props[0];
	pl = pr->loc;
	if (pr->enc != w->enc)
		changed(c, pl, IMP_RACOON, obj, "encryption_algorithm",
		    enc_str(pr->enc), enc_str(w->enc), true);
	if (pr->hash != w->hash)
		changed(c, pl, IMP_RACOON, obj, "hash_algorithm",
		    hash_str(pr->hash), hash_str(w->hash), true);
	if (pr->dh_group != w->dh_group)
		changed(c, pl, IMP_RACOON, obj, "dh_group",
		    group_str(pr->dh_group), group_str(w->dh_group), true);
	if (pr->lifetime != w->lifetime)
		changed(c, pl, IMP_RACOON, obj, "lifetime",
		    life_str(pr->lifetime), life_str(w->lifetime), true);
	if (!pr->psk || h->certs)
		changed(c, pl, IMP_RACOON, obj, "authentication_method",
		    xstrdup("(not pre_shared_key)"),
		    xstrdup("pre_shared_key"), true);
}

static int
sainfo_cmp(const void *a, const void *b)
{
	const struct hc_sainfo *x = *(const struct hc_sainfo *const *)a;
	const struct hc_sainfo *y = *(const struct hc_sainfo *const *)b;
	int r;

	if (x->anonymous != y->anonymous)
		return x->anonymous ? 1 : -1;
	if ((r = prefix_cmp(&x->local, &y->local)) != 0)
		return r;
	if ((r = prefix_cmp(&x->remote, &y->remote)) != 0)
		return r;
	return (x->ulproto > y->ulproto) - (x->ulproto < y->ulproto);
}

static void
sainfo_pair(struct dctx *c, const void *wv, const void *hv)
{
	const struct hc_sainfo *w = wv, *h = hv, *p = w ? w : h;
	char l[PREFIX_STRLEN], r[PREFIX_STRLEN], pn[16], obj[160];

	if (h != NULL && h->anonymous)
		snprintf(obj, sizeof(obj), "sainfo anonymous");
	else {
		sel_format(&p->local, l);
		sel_format(&p->remote, r);
		snprintf(obj, sizeof(obj), "sainfo %s -> %s %s", l, r,
		    proto_name(p->ulproto, pn, sizeof(pn)));
	}
	if (one_sided(c, w, h, h ? &h->loc : NULL, IMP_RACOON, obj))
		return;
	if (w->enc != h->enc)
		changed(c, h->loc, IMP_RACOON, obj, "encryption_algorithm",
		    enc_str(h->enc), enc_str(w->enc), true);
	if (w->auth != h->auth)
		changed(c, h->loc, IMP_RACOON, obj,
		    "authentication_algorithm", auth_str(h->auth),
		    auth_str(w->auth), true);
	if (w->pfs_group != h->pfs_group)
		changed(c, h->loc, IMP_RACOON, obj, "pfs_group",
		    group_str(h->pfs_group), group_str(w->pfs_group), true);
	if (w->lifetime != h->lifetime)
		changed(c, h->loc, IMP_RACOON, obj, "lifetime",
		    life_str(h->lifetime), life_str(w->lifetime), true);
}

/* --- psk.txt ------------------------------------------------------------ */

static int
psk_cmp(const void *a, const void *b)
{
	const struct hc_psk *x = *(const struct hc_psk *const *)a;
	const struct hc_psk *y = *(const struct hc_psk *const *)b;

	if ((x->ident != NULL) != (y->ident != NULL))
		return x->ident ? 1 : -1;
	if (x->ident != NULL)
		return strcmp(x->ident, y->ident);
	return addr_cmp(&x->peer, &y->peer);
}

static int
hexval(int ch)
{
	if (ch >= '0' && ch <= '9')
		return ch - '0';
	ch = tolower(ch);
	return ch >= 'a' && ch <= 'f' ? ch - 'a' + 10 : -1;
}

/* racoon decodes a key written 0x... as hex; compare what it uses. */
static char *
psk_bytes(const char *k, size_t n, size_t *out)
{
	char *p = xmalloc(n + 1);
	size_t i;

	if (n > 2 && k[0] == '0' && (k[1] == 'x' || k[1] == 'X') &&
	    n % 2 == 0) {
		for (i = 2; i < n; i += 2) {
			int hi = hexval((unsigned char)k[i]);
			int lo = hexval((unsigned char)k[i + 1]);

			if (hi < 0 || lo < 0)
				break;
			p[(i - 2) / 2] = (char)(hi << 4 | lo);
		}
		if (i >= n) {
			*out = (n - 2) / 2;
			return p;
		}
	}
	memcpy(p, k, n);
	*out = n;
	return p;
}

static void
psk_pair(struct dctx *c, const void *wv, const void *hv)
{
	const struct hc_psk *w = wv, *h = hv;
	char b[ADDR_STRLEN], obj[ADDR_STRLEN + 300];
	char *x, *y;
	size_t xn, yn;

	if (h != NULL && h->ident != NULL)
		snprintf(obj, sizeof(obj), "psk %.256s", h->ident);
	else
		snprintf(obj, sizeof(obj), "psk %s",
		    addr_format(w ? &w->peer : &h->peer, b));
	if (one_sided(c, w, h, h ? &h->loc : NULL, IMP_PSK, obj))
		return;
	x = psk_bytes(h->key, h->keylen, &xn);
	y = psk_bytes(w->key, w->keylen, &yn);
	if (xn != yn || memcmp(x, y, xn) != 0) {
		struct drift *d;

		free(x);
		free(y);
		changed(c, h->loc, IMP_PSK, obj, "key",
		    xprintf("%.*s", (int)h->keylen, h->key),
		    xprintf("%.*s", (int)w->keylen, w->key), false);
		d = &c->out->v[c->out->n - 1];
		d->secret = true;
		return;
	}
	free(x);
	free(y);
}

/* --- the host ------------------------------------------------------------ */

/* Which files the topology writes for a host (as the printers decide). */
static bool
want_file(const struct hostconfig *w, enum imp_kind k)
{
	switch (k) {
	case IMP_RCCONF:
		return w->nifaces > 0 || w->nroutes > 0 || w->gateway4 ||
		    w->gateway6 || w->ipsec;
	case IMP_SETKEY:
		return w->npolicies > 0;
	case IMP_RACOON:
		return w->nremotes > 0;
	case IMP_PSK:
		return w->npsks > 0;
	default:
		return false;
	}
}

static const char *const file_names[IMP__COUNT] = {
	"rc.conf", "ipsec.conf", "racoon.conf", "psk.txt",
};

static int
drift_cmp(const void *a, const void *b)
{
	const struct drift *x = a, *y = b;
	int r;

	r = strcmp(x->file ? x->file : "", y->file ? y->file : "");
	if (r != 0)
		return r;
	if (x->line != y->line)
		return x->line < y->line ? -1 : 1;
	if (x->col != y->col)
		return x->col < y->col ? -1 : 1;
	return x->seq < y->seq ? -1 : x->seq > y->seq;
}

static void
fill_names(struct names *ns, const void *base, size_t n, size_t sz,
    size_t off)
{
	size_t i;

	ns->v = xcalloc(n + 1, sizeof(*ns->v));
	ns->n = n;
	for (i = 0; i < n; i++)
		ns->v[i] = (const char *)base + i * sz + off;
	qsort(ns->v, n, sizeof(*ns->v), name_cmp);
}

void
diff_host(const char *name, const struct hostconfig *want,
    const struct imp_host *have, struct drift_list *out)
{
	static const struct hostconfig empty;
	struct dctx c;
	struct names wif, hif, hrt;
	size_t i, first = out->n, k;

	memset(&c, 0, sizeof(c));
	c.host = name;
	c.want = want;
	c.have = have;
	c.out = out;
	if (have == NULL) {
		push(&c, DRIFT_MISSING, (struct loc){ NULL, 0, 0 },
		    IMP_RCCONF, xstrdup("host"));
		return;
	}
	if (want == NULL) {
		push(&c, DRIFT_EXTRA, (struct loc){ NULL, 0, 0 },
		    IMP_RCCONF, xstrdup("host"))->file = NULL;
		return;
	}
	if (want->host == NULL)
		want = &empty;
	c.want = want;
	for (k = 0; k < IMP__COUNT; k++)
		if (want_file(want, (enum imp_kind)k) && !have->has[k]) {
			struct drift *d = push(&c, DRIFT_MISSING,
			    (struct loc){ NULL, 0, 0 }, (enum imp_kind)k,
			    xstrdup(file_names[k]));

			d->field = xstrdup("file");
			c.nofile[k] = true;
		}

	c.inner = xcalloc(want->nifaces + have->hc.nifaces + 1,
	    sizeof(*c.inner));
	for (i = 0; i < want->nifaces; i++)
		c.inner[c.ninner++] = (struct prefix){
		    want->ifaces[i].inner_local, want->ifaces[i].inner_len };
	for (i = 0; i < have->hc.nifaces; i++)
		if (have->ifx[i].has_inner)
			c.inner[c.ninner++] = (struct prefix){
			    have->hc.ifaces[i].inner_local,
			    have->hc.ifaces[i].inner_len };

	walk_all(&c, want->ifaces, want->nifaces, have->hc.ifaces,
	    have->hc.nifaces, sizeof(struct hc_iface), iface_cmp, iface_pair);
	walk_all(&c, want->routes, want->nroutes, have->hc.routes,
	    have->hc.nroutes, sizeof(struct hc_route), route_cmp, route_pair);
	knobs(&c);
	fill_names(&wif, want->ifaces, want->nifaces, sizeof(struct hc_iface),
	    offsetof(struct hc_iface, name));
	fill_names(&hif, have->hc.ifaces, have->hc.nifaces,
	    sizeof(struct hc_iface), offsetof(struct hc_iface, name));
	fill_names(&hrt, have->hc.routes, have->hc.nroutes,
	    sizeof(struct hc_route), offsetof(struct hc_route, name));
	stale_vars(&c, &wif, &hif, &hrt);
	free(wif.v);
	free(hif.v);
	free(hrt.v);

	walk_all(&c, want->policies, want->npolicies, have->hc.policies,
	    have->hc.npolicies, sizeof(struct hc_policy), policy_cmp,
	    policy_pair);
	manual_sas(&c);
	walk_all(&c, want->remotes, want->nremotes, have->hc.remotes,
	    have->hc.nremotes, sizeof(struct hc_remote), remote_cmp,
	    remote_pair);
	walk_all(&c, want->sainfos, want->nsainfos, have->hc.sainfos,
	    have->hc.nsainfos, sizeof(struct hc_sainfo), sainfo_cmp,
	    sainfo_pair);
	walk_all(&c, want->psks, want->npsks, have->hc.psks, have->hc.npsks,
	    sizeof(struct hc_psk), psk_cmp, psk_pair);
	free(c.inner);
	if (out->n - first > 1)
		qsort(out->v + first, out->n - first, sizeof(*out->v),
		    drift_cmp);
}

void
drift_list_clear(struct drift_list *l)
{
	size_t i;

	for (i = 0; i < l->n; i++) {
		free(l->v[i].object);
		free(l->v[i].field);
		free(l->v[i].deployed);
		free(l->v[i].topology);
		free(l->v[i].note);
	}
	l->n = 0;
}
