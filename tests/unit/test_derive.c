/*
 * Derivation on hand-built topologies: inner addresses, interface units,
 * the MTU table of the fact sheet (section 5), route and interface names.
 */
#include "model/derive.h"

#include <stdlib.h>
#include <string.h>

#include "tests/tap.h"

static struct addr
A(const char *s)
{
	struct addr a;

	memset(&a, 0, sizeof(a));
	(void)addr_parse(s, strlen(s), &a);
	return a;
}

static struct prefix
P(const char *s)
{
	struct prefix p;

	memset(&p, 0, sizeof(p));
	(void)prefix_parse(s, strlen(s), true, &p);
	return p;
}

static const char *
fmt(const struct addr *a)
{
	static char buf[4][ADDR_STRLEN];
	static int i;

	i = (i + 1) % 4;
	if (a->family == 0)
		return "(none)";
	return addr_format(a, buf[i]);
}

static struct topology *
topo_new(size_t nhosts, size_t ntunnels)
{
	struct topology *t = calloc(1, sizeof(*t));
	size_t i;

	t->hosts = calloc(nhosts + 1, sizeof(*t->hosts));
	t->tunnels = calloc(ntunnels + 1, sizeof(*t->tunnels));
	t->nhosts = nhosts;
	for (i = 0; i < nhosts; i++) {
		t->hosts[i].name = "h";
		t->hosts[i].index = i;
		t->hosts[i].address = A("192.0.2.1");
		t->hosts[i].freebsd = 14;
	}
	return t;
}

static void
topo_del(struct topology *t)
{
	free(t->hosts);
	free(t->tunnels);
	free(t);
}

static struct tunnel *
add_tunnel(struct topology *top, const char *name, enum tun_type type,
    size_t a, size_t b)
{
	struct tunnel *t = &top->tunnels[top->ntunnels];

	memset(t, 0, sizeof(*t));
	t->name = name;
	t->index = top->ntunnels++;
	t->type = type;
	t->end[0].host = a;
	t->end[1].host = b;
	t->end[0].pin_unit = t->end[1].pin_unit = -1;
	t->end[0].unit = t->end[1].unit = -1;
	if (type != TUN_IPSEC) {
		t->has_inner = true;
		t->inner_prefix = P("10.0.0.0/30");
	}
	return t;
}

static void
test_inner(void)
{
	struct topology *top = topo_new(2, 8);
	struct tunnel *t[6];

	t[0] = add_tunnel(top, "p30", TUN_GIF, 0, 1);
	t[1] = add_tunnel(top, "p31", TUN_GRE, 0, 1);
	t[1]->inner_prefix = P("10.0.0.8/31");
	t[2] = add_tunnel(top, "v6-127", TUN_GIF, 0, 1);
	t[2]->inner_prefix = P("2001:db8:ffff::/127");
	t[3] = add_tunnel(top, "v6-64", TUN_GIF, 0, 1);
	t[3]->inner_prefix = P("2001:db8:1::/64");
	t[4] = add_tunnel(top, "p32", TUN_GIF, 0, 1);
	t[4]->inner_prefix = P("10.0.0.9/32");
	t[5] = add_tunnel(top, "map", TUN_GIF, 0, 1);
	t[5]->inner_is_map = true;
	t[5]->end[0].inner = A("10.255.38.1");
	t[5]->end[1].inner = A("10.255.38.2");
	t[5]->end[0].inner_plen = t[5]->end[1].inner_plen = 29;
	derive_topology(top);

	is_str(fmt(&t[0]->end[0].inner), "10.0.0.1", "/30: A = network + 1");
	is_str(fmt(&t[0]->end[1].inner), "10.0.0.2", "/30: B = network + 2");
	ok(t[0]->inner_len == 30, "/30: inner_len 30");
	is_str(fmt(&t[1]->end[0].inner), "10.0.0.8", "/31: A the lower");
	is_str(fmt(&t[1]->end[1].inner), "10.0.0.9", "/31: B the upper");
	is_str(fmt(&t[2]->end[0].inner), "2001:db8:ffff::", "/127: A lower");
	is_str(fmt(&t[2]->end[1].inner), "2001:db8:ffff::1", "/127: B upper");
	ok(t[2]->inner_len == 127, "/127: inner_len 127");
	is_str(fmt(&t[3]->end[0].inner), "2001:db8:1::1", "/64: A ::1");
	is_str(fmt(&t[3]->end[1].inner), "2001:db8:1::2", "/64: B ::2");
	ok(t[4]->end[0].inner.family == 0 && t[4]->end[1].inner.family == 0,
	    "/32: nothing derived, no crash");
	is_str(fmt(&t[5]->end[0].inner), "10.255.38.1", "mapping: A as given");
	is_str(fmt(&t[5]->end[1].inner), "10.255.38.2", "mapping: B as given");
	ok(t[5]->inner_len == 29, "mapping: inner_len from the mapping");
	topo_del(top);
}

static void
test_units(void)
{
	struct topology *top = topo_new(3, 8);
	struct tunnel *t0, *t1, *t2, *t3, *t4, *t5, *t6;
	int before[5][2], i, e;
	char n[16];

	t0 = add_tunnel(top, "t0", TUN_GIF, 0, 1);
	t1 = add_tunnel(top, "t1", TUN_GIF, 0, 2);
	t2 = add_tunnel(top, "t2", TUN_GIF, 2, 0);
	t2->end[1].pin_unit = 1;	/* gif1 on host 0 */
	t2->end[1].pin_type = TUN_GIF;
	t3 = add_tunnel(top, "t3", TUN_GRE, 0, 1);
	t4 = add_tunnel(top, "t4", TUN_IPSEC, 0, 1);
	derive_topology(top);

	ok(t0->end[0].unit == 0 && t0->end[1].unit == 0,
	    "first tunnel gets gif0 on both hosts");
	ok(t2->end[1].unit == 1, "pin gif1 kept");
	ok(t1->end[0].unit == 2, "unpinned skips the pinned gif1 (got gif%d)",
	    t1->end[0].unit);
	ok(t1->end[1].unit == 0, "other host: lowest free gif0");
	ok(t2->end[0].unit == 1, "later tunnel on host 2: gif1 (got %d)",
	    t2->end[0].unit);
	ok(t3->end[0].unit == 0 && t3->end[1].unit == 0,
	    "gre units are their own space");
	ok(t4->end[0].unit == -1 && t4->end[1].unit == -1, "ipsec: no unit");
	iface_name(t3, 0, n);
	is_str(n, "gre0", "iface_name gre");
	iface_name(t1, 0, n);
	is_str(n, "gif2", "iface_name gif");
	iface_name(t4, 0, n);
	is_str(n, "", "iface_name ipsec");

	for (i = 0; i < 5; i++)
		for (e = 0; e < 2; e++)
			before[i][e] = top->tunnels[i].end[e].unit;
	t5 = add_tunnel(top, "t5", TUN_GIF, 1, 0);
	t6 = add_tunnel(top, "t6", TUN_GRE, 0, 1);
	t6->end[0].pin_unit = 3;
	t6->end[0].pin_type = TUN_GIF;	/* wrong type: no unit */
	derive_topology(top);
	for (i = 0; i < 5; i++)
		for (e = 0; e < 2; e++)
			if (before[i][e] != top->tunnels[i].end[e].unit)
				break;
	ok(i == 5, "appending tunnels renumbers none");
	/* gif3 on host 0 is named by t6's (wrong) pin: still reserved. */
	ok(t5->end[0].unit == 1 && t5->end[1].unit == 4,
	    "appended tunnel takes the next free units (got %d %d)",
	    t5->end[0].unit, t5->end[1].unit);
	ok(t6->end[0].unit == -1, "a pin of the other type gives no unit");
	ok(t6->end[1].unit == 1, "its other end still allocated (gre1)");
	topo_del(top);
}

static void
test_exhausted(void)
{
	size_t n = TG_UNIT_MAX + 2, i;
	struct topology *top = topo_new(n + 1, n);

	for (i = 0; i < n; i++)
		add_tunnel(top, "spoke", TUN_GIF, 0, i + 1);
	derive_topology(top);
	ok(top->tunnels[n - 2].end[0].unit == TG_UNIT_MAX,
	    "hub: the last unit FreeBSD has is used (got %d)",
	    top->tunnels[n - 2].end[0].unit);
	ok(top->tunnels[n - 1].end[0].unit == -1,
	    "hub: no unit past gif%d", TG_UNIT_MAX);
	ok(top->tunnels[n - 1].end[1].unit == 0, "spoke side unaffected");
	topo_del(top);
}

struct mtu_row {
	const char	*what;
	enum tun_type	 type;
	int		 outer;
	bool		 ipsec;
	enum ipsec_proto proto;
	enum enc_alg	 enc;
	enum auth_alg	 auth;
	enum natt_mode	 natt;
	const char	*inner;
	int		 want;
};

static void
test_mtu(void)
{
	static const struct mtu_row rows[] = {
		{ "plain gre, IPv4 outer", TUN_GRE, AF_V4, false, 0, 0, 0, 0,
		    "10.0.0.0/30", 1476 },
		{ "plain gif, IPv4 outer", TUN_GIF, AF_V4, false, 0, 0, 0, 0,
		    "10.0.0.0/30", 1480 },
		{ "plain gif, IPv6 outer", TUN_GIF, AF_V6, false, 0, 0, 0, 0,
		    "10.0.0.0/30", 1460 },
		{ "plain gre, IPv6 outer", TUN_GRE, AF_V6, false, 0, 0, 0, 0,
		    "10.0.0.0/30", 1456 },
		{ "gif, IPv6 in IPv6", TUN_GIF, AF_V6, false, 0, 0, 0, 0,
		    "2001:db8::/127", 1460 },
		{ "gif ESP aes-cbc/hmac-sha1 IPv4", TUN_GIF, AF_V4, true,
		    IPSEC_ESP, ENC_AES256, AUTH_HMAC_SHA1, NATT_OFF,
		    "10.0.0.0/30", 1438 },
		{ "gif ESP aes-cbc/hmac-sha1 IPv4 NAT-T", TUN_GIF, AF_V4, true,
		    IPSEC_ESP, ENC_AES128, AUTH_HMAC_SHA1, NATT_ON,
		    "10.0.0.0/30", 1422 },
		{ "gif ESP aes-cbc/hmac-sha1 IPv6", TUN_GIF, AF_V6, true,
		    IPSEC_ESP, ENC_AES256, AUTH_HMAC_SHA1, NATT_OFF,
		    "10.0.0.0/30", 1422 },
		{ "gif ESP aes-cbc/hmac-sha256 IPv4", TUN_GIF, AF_V4, true,
		    IPSEC_ESP, ENC_AES256, AUTH_HMAC_SHA256, NATT_OFF,
		    "10.0.0.0/30", 1438 },
		{ "gif ESP aes-cbc/hmac-sha256 IPv4 NAT-T", TUN_GIF, AF_V4,
		    true, IPSEC_ESP, ENC_AES256, AUTH_HMAC_SHA256, NATT_FORCE,
		    "10.0.0.0/30", 1422 },
		{ "gif ESP aes-cbc/hmac-sha256 IPv6", TUN_GIF, AF_V6, true,
		    IPSEC_ESP, ENC_AES256, AUTH_HMAC_SHA256, NATT_OFF,
		    "10.0.0.0/30", 1406 },
		{ "gif ESP 3des/hmac-sha1 IPv4", TUN_GIF, AF_V4, true,
		    IPSEC_ESP, ENC_3DES, AUTH_HMAC_SHA1, NATT_OFF,
		    "10.0.0.0/30", 1446 },
		{ "gif ESP 3des/hmac-sha1 IPv4 NAT-T", TUN_GIF, AF_V4, true,
		    IPSEC_ESP, ENC_3DES, AUTH_HMAC_SHA1, NATT_ON,
		    "10.0.0.0/30", 1438 },
		{ "gif ESP 3des/hmac-sha1 IPv6", TUN_GIF, AF_V6, true,
		    IPSEC_ESP, ENC_3DES, AUTH_HMAC_SHA1, NATT_OFF,
		    "10.0.0.0/30", 1430 },
		{ "gre ESP aes-cbc/hmac-sha256 IPv4", TUN_GRE, AF_V4, true,
		    IPSEC_ESP, ENC_AES256, AUTH_HMAC_SHA256, NATT_OFF,
		    "10.0.0.0/30", 1434 },
		{ "gre ESP aes-cbc/hmac-sha1 IPv4", TUN_GRE, AF_V4, true,
		    IPSEC_ESP, ENC_AES128, AUTH_HMAC_SHA1, NATT_OFF,
		    "10.0.0.0/30", 1434 },
		{ "gif AH hmac-sha1 IPv4 (24 bytes)", TUN_GIF, AF_V4, true,
		    IPSEC_AH, ENC_AES256, AUTH_HMAC_SHA1, NATT_OFF,
		    "10.0.0.0/30", 1456 },
		{ "gif AH hmac-sha256 IPv4 (28 bytes)", TUN_GIF, AF_V4, true,
		    IPSEC_AH, ENC_AES256, AUTH_HMAC_SHA256, NATT_OFF,
		    "10.0.0.0/30", 1452 },
		{ "gif AH hmac-sha256 IPv6 (32 bytes)", TUN_GIF, AF_V6, true,
		    IPSEC_AH, ENC_AES256, AUTH_HMAC_SHA256, NATT_OFF,
		    "10.0.0.0/30", 1428 },
		{ "gif AH ignores NAT-T", TUN_GIF, AF_V4, true,
		    IPSEC_AH, ENC_AES256, AUTH_HMAC_SHA256, NATT_ON,
		    "10.0.0.0/30", 1452 },
		{ "gif ESP+AH aes-cbc/hmac-sha256 IPv4", TUN_GIF, AF_V4, true,
		    IPSEC_ESP_AH, ENC_AES256, AUTH_HMAC_SHA256, NATT_OFF,
		    "10.0.0.0/30", 1406 },
		{ "gif ESP aes/hmac-sha512 IPv6, IPv6 inside", TUN_GIF, AF_V6,
		    true, IPSEC_ESP, ENC_AES256, AUTH_HMAC_SHA512, NATT_ON,
		    "2001:db8::/64", 1390 },
		{ "ipsec tunnel mode aes-cbc/hmac-sha256 IPv4", TUN_IPSEC,
		    AF_V4, true, IPSEC_ESP, ENC_AES128, AUTH_HMAC_SHA256,
		    NATT_OFF, NULL, 1438 },
	};
	struct topology *top = topo_new(2, 2);
	struct tunnel *t = add_tunnel(top, "m", TUN_GIF, 0, 1);
	struct ipsec_policy pol;
	size_t i;

	for (i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		const struct mtu_row *r = &rows[i];
		int got;

		t->type = r->type;
		t->has_inner = r->inner != NULL;
		if (r->inner != NULL)
			t->inner_prefix = P(r->inner);
		memset(&t->ipsec, 0, sizeof(t->ipsec));
		memset(&pol, 0, sizeof(pol));
		t->ipsec.present = r->ipsec;
		pol.protocol = r->proto;
		pol.p2.enc = r->enc;
		pol.p2.auth = r->auth;
		pol.natt = r->natt;
		t->ipsec.pol = &pol;
		got = mtu_compute(t, r->outer);
		ok(got == r->want, "mtu: %s = %d (got %d)", r->what, r->want,
		    got);
	}

	/* eff_mtu: explicit wins, otherwise computed from A's family. */
	t->type = TUN_GIF;
	t->has_inner = true;
	t->inner_prefix = P("10.0.0.0/30");
	memset(&t->ipsec, 0, sizeof(t->ipsec));
	t->mtu = 1400;
	derive_topology(top);
	ok(t->eff_mtu == 1400, "explicit mtu kept");
	t->mtu = 0;
	top->hosts[0].address = A("2001:db8::1");
	derive_topology(top);
	ok(t->eff_mtu == 1460, "computed from the IPv6 outer family (got %d)",
	    t->eff_mtu);
	topo_del(top);
}

static void
test_route_names(void)
{
	struct tunnel t;
	char buf[96];

	memset(&t, 0, sizeof(t));
	t.name = "hq-b1.x";
	route_name(&t, 0, buf, sizeof(buf));
	is_str(buf, "hq_b1_x", "route name: - and . become _");
	route_name(&t, 1, buf, sizeof(buf));
	is_str(buf, "hq_b1_x_2", "second route: _2");
	route_name(&t, 2, buf, sizeof(buf));
	is_str(buf, "hq_b1_x_3", "third route: _3");
	t.name = "A_z09";
	route_name(&t, 0, buf, sizeof(buf));
	is_str(buf, "A_z09", "letters, digits and _ kept");
	route_name(&t, 1, buf, 6);
	is_str(buf, "A_z09", "truncated to the buffer, never overrun");
}

int
main(void)
{
	test_inner();
	test_units();
	test_exhausted();
	test_mtu();
	test_route_names();
	return tap_done();
}
