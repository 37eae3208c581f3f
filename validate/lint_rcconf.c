/*
 * rc.conf checks on one host: assignments that override each other,
 * interfaces created without configuration (or configured and never
 * created), static routes listed without a definition or defined without
 * being listed, gateways on no interface, and services enabled without
 * their files.
 */
#include "validate/lint.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "grammar/import.h"
#include "grammar/rcconf.h"

static int
str_cmp(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* Is the word w (length l) one of the words of s? */
static bool
has_word(const char *s, const char *w, size_t l)
{
	while (*s != '\0') {
		size_t n;

		while (*s == ' ' || *s == '\t' || *s == '\n')
			s++;
		n = strcspn(s, " \t\n");
		if (n == l && memcmp(s, w, l) == 0)
			return true;
		s += n;
	}
	return false;
}

/* A list overridden: name what the earlier value had and the later lacks. */
static void
lost_words(struct diag_sink *ds, const struct imp_rcvar *v,
    const struct imp_rcvar *p)
{
	char lost[160];
	const char *s = p->value;
	size_t n = 0, count = 0;

	lost[0] = '\0';
	while (*s != '\0' && count < 1000) {
		size_t l;

		while (*s == ' ' || *s == '\t' || *s == '\n')
			s++;
		l = strcspn(s, " \t\n");
		if (l > 0 && !has_word(v->value, s, l)) {
			if (n + l + 5 < sizeof(lost))
				n += (size_t)snprintf(lost + n,
				    sizeof(lost) - n, "%s%.*s", n ? " " : "",
				    (int)l, s);
			else if (n + 5 < sizeof(lost))
				n += (size_t)snprintf(lost + n,
				    sizeof(lost) - n, " ...");
			count++;
		}
		s += l;
	}
	if (n > 0)
		diag_note(ds, v->a->name_loc, "so these entries vanish: %s",
		    lost);
}

static void
check_duplicates(const struct imp_host *h, struct diag_sink *ds)
{
	size_t i;

	for (i = 0; i < h->nvars; i++) {
		const struct imp_rcvar *v = &h->vars[i], *p;
		char shown[160];
		size_t l;

		if (v->prev == SIZE_MAX)
			continue;
		p = &h->vars[v->prev];
		if ((v->a->flags & RCCONF_A_CONDITIONAL) != 0 ||
		    (p->a->flags & RCCONF_A_CONDITIONAL) != 0 ||
		    rcconf_refers_to(v->a, v->a->name))
			continue;
		if (p->a->name_loc.file == v->a->name_loc.file)
			diag_warning(ds, v->a->name_loc, "rc-duplicate",
			    "%s is assigned again: this value silently "
			    "replaces the one on line %u", v->a->name,
			    (unsigned)p->a->name_loc.line);
		else
			diag_warning(ds, v->a->name_loc, "rc-duplicate",
			    "%s is assigned again: this value silently "
			    "replaces the one in %s:%u", v->a->name,
			    p->a->name_loc.file ? p->a->name_loc.file : "?",
			    (unsigned)p->a->name_loc.line);
		l = strlen(p->value);
		if (l < sizeof(shown))
			memcpy(shown, p->value, l + 1);
		else {
			memcpy(shown, p->value, sizeof(shown) - 4);
			memcpy(shown + sizeof(shown) - 4, "...", 4);
		}
		diag_note(ds, p->a->name_loc, "the overridden assignment, "
		    "which would have set %s=\"%s\"", p->a->name, shown);
		if (strcmp(v->a->name, "cloned_interfaces") == 0 ||
		    strcmp(v->a->name, "static_routes") == 0 ||
		    strcmp(v->a->name, "ipv6_static_routes") == 0)
			lost_words(ds, v, p);
	}
}

/* Interfaces: created but not configured, configured but not created. */
static void
check_interfaces(const struct imp_host *h, struct diag_sink *ds)
{
	const char **names;
	size_t i;

	names = xreallocarray(NULL, h->hc.nifaces + 1, sizeof(*names));
	for (i = 0; i < h->hc.nifaces; i++) {
		const struct hc_iface *t = &h->hc.ifaces[i];
		const struct imp_iface *x = &h->ifx[i];

		names[i] = t->name;
		if (!x->has_tunnel && !x->has_inner &&
		    !loc_is_set(x->ifconfig_loc))
			diag_error(ds, x->cloned_loc, "rc-clone-no-ifconfig",
			    "%s is created by %s but there is no ifconfig_%s: "
			    "it comes up without a tunnel or addresses",
			    t->name, x->list, t->name);
		else if (!x->has_tunnel && !x->tunnel_bad)
			diag_error(ds, t->loc, "rc-tunnel-no-tunnel",
			    "%s has no `tunnel SRC DST`: it carries nothing",
			    t->name);
	}
	qsort(names, h->hc.nifaces, sizeof(*names), str_cmp);
	for (i = 0; i < h->nvars; i++) {
		const struct imp_rcvar *v = &h->vars[i];
		const char *n = v->a->name, *key;
		char ifn[16];
		size_t l = 3;

		if (strncmp(n, "ifconfig_", 9) != 0 ||
		    (strncmp(n + 9, "gif", 3) != 0 &&
		    strncmp(n + 9, "gre", 3) != 0) ||
		    import_var(h, n) != v)
			continue;
		while (n[9 + l] >= '0' && n[9 + l] <= '9' && l < 10)
			l++;
		if (l == 3)
			continue;
		memcpy(ifn, n + 9, l);
		ifn[l] = '\0';
		key = ifn;
		if (h->hc.nifaces > 0 && bsearch(&key, names, h->hc.nifaces,
		    sizeof(*names), str_cmp) != NULL)
			continue;
		diag_error(ds, v->a->name_loc, "rc-ifconfig-not-cloned",
		    "%s is configured here but not listed in "
		    "cloned_interfaces: it is never created", ifn);
	}
	free(names);
}

static int
addr_cmp_v(const void *a, const void *b)
{
	return addr_cmp(a, b);
}

static bool
gateway_reachable(const struct imp_host *h, const struct addr *remotes,
    size_t nremotes, const struct addr *gw)
{
	size_t i;

	if (nremotes > 0 && bsearch(gw, remotes, nremotes, sizeof(*gw),
	    addr_cmp_v) != NULL)
		return true;
	for (i = 0; i < h->hc.nifaces; i++) {
		const struct hc_iface *t = &h->hc.ifaces[i];
		struct prefix p = { t->inner_local, t->inner_len };

		if (t->inner_local.family != 0 && prefix_contains(&p, gw))
			return true;
	}
	for (i = 0; i < h->nnets; i++)
		if (prefix_contains(&h->nets[i], gw))
			return true;
	return false;
}

/* Does a sorted address array hold an address inside p? */
static const struct addr *
any_inside(const struct addr *v, size_t n, const struct prefix *p)
{
	size_t lo = 0, hi = n;

	while (lo < hi) {
		size_t m = (lo + hi) / 2;

		if (addr_cmp(&v[m], &p->addr) < 0)
			lo = m + 1;
		else
			hi = m;
	}
	return lo < n && prefix_contains(p, &v[lo]) ? &v[lo] : NULL;
}

/*
 * A route through a tunnel that covers the tunnel's own destination
 * sends the encapsulated packets back into the tunnel: they loop until
 * the nesting limit drops them.
 */
static void
check_recursive(const struct imp_host *h, struct diag_sink *ds)
{
	struct addr *dsts;
	size_t i, j, n = 0;

	dsts = xreallocarray(NULL, h->hc.nifaces + 1, sizeof(*dsts));
	for (i = 0; i < h->hc.nifaces; i++)
		if (h->ifx[i].has_tunnel)
			dsts[n++] = h->hc.ifaces[i].outer_dst;
	if (n > 1)
		qsort(dsts, n, sizeof(*dsts), addr_cmp_v);
	for (i = 0; i < h->hc.nroutes && n > 0; i++) {
		const struct hc_route *r = &h->hc.routes[i];
		const struct imp_route *x = &h->rtx[i];
		const struct hc_iface *via = NULL;
		const struct addr *hit;
		char b[ADDR_STRLEN], p[PREFIX_STRLEN];

		if (!x->parsed || (hit = any_inside(dsts, n, &r->dst)) == NULL)
			continue;
		for (j = 0; j < h->hc.nifaces && via == NULL; j++) {
			const struct hc_iface *t = &h->hc.ifaces[j];
			struct prefix in = { t->inner_local, t->inner_len };

			if (x->via_iface ? strcmp(x->via, t->name) == 0 :
			    (addr_eq(&t->inner_remote, &r->gateway) ||
			    (t->inner_local.family != 0 &&
			    prefix_contains(&in, &r->gateway))))
				via = t;
		}
		if (via == NULL)
			continue;
		for (j = 0; j < h->hc.nifaces; j++)
			if (addr_eq(&h->hc.ifaces[j].outer_dst, hit))
				break;
		diag_error(ds, r->loc, "rc-route-recursive", "route %s sends "
		    "%s through %s, but that covers %s, the tunnel destination "
		    "of %s: the tunnel's own packets would loop", r->name,
		    prefix_format(&r->dst, p), via->name, addr_format(hit, b),
		    j < h->hc.nifaces ? h->hc.ifaces[j].name : "?");
	}
	free(dsts);
}

static void
check_routes(const struct imp_host *h, struct diag_sink *ds)
{
	static const char *const lists[] = { "static_routes",
	    "ipv6_static_routes" };
	static const char *const pfx[] = { "route_", "ipv6_route_" };
	struct addr *remotes;
	size_t i, li, nr = 0;

	remotes = xreallocarray(NULL, h->hc.nifaces + 1, sizeof(*remotes));
	for (i = 0; i < h->hc.nifaces; i++)
		if (h->hc.ifaces[i].inner_remote.family != 0)
			remotes[nr++] = h->hc.ifaces[i].inner_remote;
	qsort(remotes, nr, sizeof(*remotes), addr_cmp_v);
	for (i = 0; i < h->hc.nroutes; i++) {
		const struct hc_route *r = &h->hc.routes[i];
		const struct imp_route *x = &h->rtx[i];
		char buf[ADDR_STRLEN];

		if (!x->parsed)
			diag_error(ds, r->loc, "rc-route-syntax",
			    "route %s: cannot read a destination and a "
			    "gateway (or -interface) in this value", r->name);
		else if (!x->via_iface && !h->local_unknown &&
		    !addr_is_loopback(&r->gateway) &&
		    !gateway_reachable(h, remotes, nr, &r->gateway))
			diag_error(ds, r->loc, "rc-route-gateway",
			    "route %s: gateway %s is on no interface of this "
			    "host", r->name, addr_format(&r->gateway, buf));
	}
	free(remotes);

	for (li = 0; li < 2; li++) {
		const struct imp_rcvar *lv = import_var(h, lists[li]);
		char **listed = NULL;
		size_t nl = 0, cap = 0, pl = strlen(pfx[li]);
		const char *s = lv != NULL ? lv->value : "";

		while (*s != '\0') {
			const char *e;
			char *nm, *c;

			while (*s == ' ' || *s == '\t' || *s == '\n')
				s++;
			if (*s == '\0')
				break;
			e = s;
			while (*e != '\0' && *e != ' ' && *e != '\t' &&
			    *e != '\n')
				e++;
			nm = xmalloc((size_t)(e - s) + pl + 1);
			memcpy(nm, pfx[li], pl);
			memcpy(nm + pl, s, (size_t)(e - s));
			nm[pl + (size_t)(e - s)] = '\0';
			if ((c = strchr(nm + pl, ':')) != NULL)
				*c = '\0';
			for (c = nm + pl; *c != '\0'; c++)
				if (!(*c >= 'a' && *c <= 'z') &&
				    !(*c >= 'A' && *c <= 'Z') &&
				    !(*c >= '0' && *c <= '9'))
					*c = '_';
			if (import_var(h, nm) == NULL)
				diag_warning(ds, lv->a->value_loc,
				    "rc-route-missing", "%s lists %s but "
				    "there is no %s", lists[li], nm + pl, nm);
			if (nl == cap) {
				cap = cap ? cap * 2 : 16;
				listed = xreallocarray(listed, cap,
				    sizeof(*listed));
			}
			listed[nl++] = nm;
			s = e;
		}
		if (nl > 1)
			qsort(listed, nl, sizeof(*listed), str_cmp);
		for (i = 0; i < h->nvars; i++) {
			const struct imp_rcvar *v = &h->vars[i];
			const char *key = v->a->name;

			if (strncmp(key, pfx[li], pl) != 0 ||
			    import_var(h, key) != v ||
			    (li == 0 && strncmp(key, "route_", 6) != 0))
				continue;
			if (nl > 0 && bsearch(&key, listed, nl,
			    sizeof(*listed), str_cmp) != NULL)
				continue;
			diag_warning(ds, v->a->name_loc, "rc-route-unlisted",
			    "%s is not listed in %s: the route is never "
			    "added", key, lists[li]);
		}
		for (i = 0; i < nl; i++)
			free(listed[i]);
		free(listed);
	}
}

/*
 * Is the file found in the host folder the one rc.d/ipsec loads?  In a
 * folder laid out like the host's file system (etc/, usr/local/etc/) the
 * path must match at the end; a flat folder (a compiler's output) holds
 * the setkey file as ipsec.conf whatever ipsec_file says.
 */
static bool
same_file(const char *found, const char *wanted)
{
	size_t lf = strlen(found), lw = strlen(wanted);

	if (strstr(found, "/etc/") == NULL && strncmp(found, "etc/", 4) != 0)
		return true;
	return lf >= lw && strcmp(found + lf - lw, wanted) == 0;
}

static void
check_services(const struct imp_host *h, struct diag_sink *ds)
{
	size_t i;

	if (h->ipsec_enable && !h->has[IMP_SETKEY])
		diag_error(ds, h->ipsec_enable_loc, "rc-ipsec-file",
		    "ipsec_enable is on but its ipsec_file (%s) is not "
		    "among this host's files", h->hc.ipsec_file);
	else if (h->ipsec_enable && !same_file(h->in[IMP_SETKEY].path,
	    h->hc.ipsec_file))
		diag_error(ds, loc_is_set(h->ipsec_file_loc) ?
		    h->ipsec_file_loc : h->ipsec_enable_loc, "rc-ipsec-file",
		    "rc.d/ipsec loads %s, but the setkey file here is %s",
		    h->hc.ipsec_file, h->in[IMP_SETKEY].path);
	if (h->racoon_enable && !h->has[IMP_RACOON])
		diag_error(ds, h->racoon_enable_loc, "rc-racoon-conf",
		    "racoon_enable is on but there is no racoon.conf%s%s",
		    h->racoon_conf_path ? " at " : "",
		    h->racoon_conf_path ? h->racoon_conf_path : "");
	if (h->nnets == 0 || h->local_unknown)
		return;
	for (i = 0; i < h->hc.nifaces; i++) {
		const struct hc_iface *t = &h->hc.ifaces[i];
		char buf[ADDR_STRLEN];

		if (h->ifx[i].has_tunnel && (h->nown == 0 ||
		    bsearch(&t->outer_src, h->own, h->nown,
		    sizeof(*h->own), addr_cmp_v) == NULL))
			diag_error(ds, h->ifx[i].tunnel_loc,
			    "rc-tunnel-src-not-local", "%s: tunnel source %s "
			    "is no address of this host", t->name,
			    addr_format(&t->outer_src, buf));
	}
}

void
lint_rcconf(const struct imp_host *h, struct diag_sink *ds)
{
	if (h->nrc == 0)
		return;
	check_duplicates(h, ds);
	check_interfaces(h, ds);
	check_routes(h, ds);
	check_recursive(h, ds);
	check_services(h, ds);
}
