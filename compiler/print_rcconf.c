/*
 * rc.conf variables for a host's tunnels (rc.conf(5), network.subr).
 *
 * Lists that the host's own rc.conf may also set (cloned_interfaces,
 * static_routes, ipv6_static_routes) are appended to, never assigned, so
 * the generated file can be appended to rc.conf or dropped into
 * /etc/rc.conf.d/ without losing the host's own interfaces and routes.
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "compiler/print.h"

enum {
	S_HEADER, S_CLONED, S_IFCONFIG_INET, S_IFCONFIG_TUNNEL, S_IFCONFIG_IPV6,
	S_IFCONFIG_ALIAS, S_STATIC_ROUTES, S_ROUTE, S_IPV6_STATIC_ROUTES,
	S_IPV6_ROUTE, S_GATEWAY, S_IPV6_GATEWAY, S_IPSEC, S_RACOON,
	S__COUNT
};

enum {
	V_FILE, V_HOST, V_LIST, V_IF, V_LOCAL, V_REMOTE, V_NETMASK, V_SRC,
	V_DST, V_MTU, V_OUTER_AF, V_NAME, V_GATEWAY, V_IPSEC_FILE,
	V_RACOON_CONF,
	V__COUNT
};

static const char *const sections[S__COUNT] = {
	"header", "cloned", "ifconfig_inet", "ifconfig_tunnel", "ifconfig_ipv6",
	"ifconfig_alias", "static_routes", "route", "ipv6_static_routes",
	"ipv6_route", "gateway", "ipv6_gateway", "ipsec", "racoon",
};

static const char *const vars[V__COUNT] = {
	"file", "host", "list", "if", "local", "remote", "netmask", "src",
	"dst", "mtu", "outer_af", "name", "gateway", "ipsec_file",
	"racoon_conf",
};

#define B(v)	(UINT32_C(1) << (v))
#define COMMON	(B(V_FILE) | B(V_HOST))

static const uint32_t section_vars[S__COUNT] = {
	[S_HEADER] = COMMON,
	[S_CLONED] = COMMON | B(V_LIST),
	[S_IFCONFIG_INET] = COMMON | B(V_IF) | B(V_LOCAL) | B(V_REMOTE) |
	    B(V_NETMASK) | B(V_SRC) | B(V_DST) | B(V_MTU),
	[S_IFCONFIG_TUNNEL] = COMMON | B(V_IF) | B(V_SRC) | B(V_DST) |
	    B(V_MTU) | B(V_OUTER_AF),
	[S_IFCONFIG_IPV6] = COMMON | B(V_IF) | B(V_LOCAL) | B(V_REMOTE),
	[S_IFCONFIG_ALIAS] = COMMON | B(V_IF) | B(V_LOCAL) | B(V_REMOTE) |
	    B(V_NETMASK),
	[S_STATIC_ROUTES] = COMMON | B(V_LIST),
	[S_ROUTE] = COMMON | B(V_NAME) | B(V_DST) | B(V_GATEWAY) | B(V_IF),
	[S_IPV6_STATIC_ROUTES] = COMMON | B(V_LIST),
	[S_IPV6_ROUTE] = COMMON | B(V_NAME) | B(V_DST) | B(V_GATEWAY) |
	    B(V_IF),
	[S_GATEWAY] = COMMON,
	[S_IPV6_GATEWAY] = COMMON,
	[S_IPSEC] = COMMON | B(V_IPSEC_FILE),
	[S_RACOON] = COMMON | B(V_RACOON_CONF),
};

const struct tmpl_schema rcconf_schema = {
	"rc.conf.tmpl", sections, S__COUNT, vars, V__COUNT, section_vars,
};

static void
set(struct tvals *v, int id, const char *s)
{
	tvals_set(v, id, s, strlen(s));
}

static bool
part_has(enum rc_part want, enum rc_part p)
{
	return want == RC_ALL || want == p;
}

/* Everything a refusal would be about, checked before printing anything. */
static int
check_values(const struct hostconfig *hc, enum rc_part part,
    struct diag_sink *ds)
{
	size_t i;

	if (!safe_hostname(hc->host)) {
		print_refuse(ds, hc->loc, "the host name", "?");
		return -1;
	}
	if (part_has(part, RC_NETIF))
		for (i = 0; i < hc->nifaces; i++)
			if (!safe_ifname(hc->ifaces[i].name)) {
				print_refuse(ds, hc->ifaces[i].loc,
				    "an interface name", hc->host);
				return -1;
			}
	if (part_has(part, RC_ROUTING))
		for (i = 0; i < hc->nroutes; i++)
			if (!safe_varpart(hc->routes[i].name) ||
			    !safe_ifname(hc->routes[i].iface)) {
				print_refuse(ds, hc->routes[i].loc,
				    "a route name", hc->host);
				return -1;
			}
	if (hc->ipsec && part_has(part, RC_IPSEC) &&
	    !safe_path(hc->ipsec_file)) {
		print_refuse(ds, hc->loc, "ipsec-file", hc->host);
		return -1;
	}
	if (hc->ipsec && part_has(part, RC_RACOON) &&
	    !safe_path(hc->racoon_dir)) {
		print_refuse(ds, hc->loc, "racoon-dir", hc->host);
		return -1;
	}
	return 0;
}

static void
print_ifaces(const struct tmpl *t, const struct hostconfig *hc,
    struct tvals *v, struct tbuf *out)
{
	char local[ADDR_STRLEN], remote[ADDR_STRLEN], src[ADDR_STRLEN],
	    dst[ADDR_STRLEN], mask[ADDR_STRLEN], mtu[16];
	struct tbuf list = { 0 };
	size_t i;

	for (i = 0; i < hc->nifaces; i++) {
		if (i > 0)
			tbuf_add(&list, " ", 1);
		tbuf_add(&list, hc->ifaces[i].name,
		    strlen(hc->ifaces[i].name));
	}
	tvals_set(v, V_LIST, list.p, list.len);
	tmpl_render(t, S_CLONED, v, out);
	tbuf_free(&list);

	for (i = 0; i < hc->nifaces; i++) {
		const struct hc_iface *f = &hc->ifaces[i];
		struct prefix pf = { f->inner_local, f->inner_len };
		struct addr m;
		bool in4 = f->inner_local.family == AF_V4;
		bool out4 = f->outer_src.family == AF_V4;

		prefix_netmask(&pf, &m);
		set(v, V_IF, f->name);
		set(v, V_LOCAL, addr_format(&f->inner_local, local));
		set(v, V_REMOTE, addr_format(&f->inner_remote, remote));
		set(v, V_NETMASK, addr_format(&m, mask));
		set(v, V_SRC, addr_format(&f->outer_src, src));
		set(v, V_DST, addr_format(&f->outer_dst, dst));
		snprintf(mtu, sizeof(mtu), "%d", f->mtu);
		set(v, V_MTU, mtu);
		set(v, V_OUTER_AF, out4 ? "" : "inet6 ");
		if (in4 && out4) {
			tmpl_render(t, S_IFCONFIG_INET, v, out);
			continue;
		}
		/*
		 * ifconfig applies one address family per call: the outer
		 * endpoints go in ifconfig_IF (after "inet6" for IPv6), the
		 * inner addresses in a call of their own.
		 */
		tmpl_render(t, S_IFCONFIG_TUNNEL, v, out);
		tmpl_render(t, in4 ? S_IFCONFIG_ALIAS : S_IFCONFIG_IPV6, v,
		    out);
	}
	tvals_set(v, V_IF, NULL, 0);
}

static void
print_routes(const struct tmpl *t, const struct hostconfig *hc, int family,
    struct tvals *v, struct tbuf *out)
{
	char dst[PREFIX_STRLEN], gw[ADDR_STRLEN];
	struct tbuf list = { 0 };
	size_t i;

	for (i = 0; i < hc->nroutes; i++) {
		const struct hc_route *r = &hc->routes[i];

		if (r->dst.addr.family != family)
			continue;
		if (list.len > 0)
			tbuf_add(&list, " ", 1);
		tbuf_add(&list, r->name, strlen(r->name));
		tbuf_add(&list, ":", 1);
		tbuf_add(&list, r->iface, strlen(r->iface));
	}
	if (list.len == 0)
		return;
	tvals_set(v, V_LIST, list.p, list.len);
	tmpl_render(t, family == AF_V4 ? S_STATIC_ROUTES :
	    S_IPV6_STATIC_ROUTES, v, out);
	tbuf_free(&list);
	for (i = 0; i < hc->nroutes; i++) {
		const struct hc_route *r = &hc->routes[i];

		if (r->dst.addr.family != family)
			continue;
		set(v, V_NAME, r->name);
		set(v, V_IF, r->iface);
		set(v, V_DST, prefix_format(&r->dst, dst));
		set(v, V_GATEWAY, addr_format(&r->gateway, gw));
		tmpl_render(t, family == AF_V4 ? S_ROUTE : S_IPV6_ROUTE, v,
		    out);
	}
}

int
print_rcconf(const struct tmpl_set *set_, const struct hostconfig *hc,
    enum rc_part part, struct tbuf *out, struct diag_sink *ds)
{
	const struct tmpl *t = set_->t[TF_RCCONF];
	bool netif, routing, ipsec;
	struct tvals v = { 0 };
	char racoon_conf[1100];

	netif = part_has(part, RC_NETIF) && hc->nifaces > 0;
	routing = part_has(part, RC_ROUTING) &&
	    (hc->nroutes > 0 || hc->gateway4 || hc->gateway6);
	ipsec = hc->ipsec && (part_has(part, RC_IPSEC) ||
	    part_has(part, RC_RACOON));
	if (!netif && !routing && !ipsec)
		return 0;
	if (check_values(hc, part, ds) < 0)
		return -1;

	set(&v, V_FILE, rc_part_file[part]);
	set(&v, V_HOST, hc->host);
	tmpl_render(t, S_HEADER, &v, out);
	if (netif)
		print_ifaces(t, hc, &v, out);
	if (routing) {
		print_routes(t, hc, AF_V4, &v, out);
		print_routes(t, hc, AF_V6, &v, out);
		if (hc->gateway4)
			tmpl_render(t, S_GATEWAY, &v, out);
		if (hc->gateway6)
			tmpl_render(t, S_IPV6_GATEWAY, &v, out);
	}
	if (hc->ipsec && part_has(part, RC_IPSEC)) {
		set(&v, V_IPSEC_FILE, hc->ipsec_file);
		tmpl_render(t, S_IPSEC, &v, out);
	}
	if (hc->ipsec && part_has(part, RC_RACOON)) {
		/* racoon's port reads its default file unless told. */
		if (strcmp(hc->racoon_dir, TG_DEFAULT_RACOON_DIR) != 0) {
			snprintf(racoon_conf, sizeof(racoon_conf),
			    "%s/racoon.conf", hc->racoon_dir);
			set(&v, V_RACOON_CONF, racoon_conf);
		}
		tmpl_render(t, S_RACOON, &v, out);
	}
	return 1;
}
