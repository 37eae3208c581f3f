/*
 * The printers on a hand-built HostConfig: the lines they print, and the
 * values they refuse to print (never escaping them, never echoing a key).
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "compiler/print.h"
#include "tests/tap.h"

static struct tmpl_set ts;

static struct addr
A(const char *s)
{
	struct addr a;

	memset(&a, 0, sizeof(a));
	if (!addr_parse(s, strlen(s), &a))
		abort();
	return a;
}

static struct prefix
P(const char *s)
{
	struct prefix p;

	memset(&p, 0, sizeof(p));
	if (prefix_parse(s, strlen(s), true, &p) != PREFIX_OK)
		abort();
	return p;
}

static struct hc_iface iface;
static struct hc_route route;
static struct hc_policy pol[2];
static struct hc_remote rem;
static struct hc_sainfo sa;
static struct hc_psk psk;
static struct hostconfig hc;

static void
build(void)
{
	memset(&hc, 0, sizeof(hc));
	memset(&iface, 0, sizeof(iface));
	strcpy(iface.name, "gre3");
	iface.type = TUN_GRE;
	iface.outer_src = A("2001:db8::1");
	iface.outer_dst = A("2001:db8::2");
	iface.inner_local = A("10.9.0.1");
	iface.inner_remote = A("10.9.0.2");
	iface.inner_len = 30;
	iface.mtu = 1402;
	memset(&route, 0, sizeof(route));
	strcpy(route.name, "x_y");
	route.dst = P("10.50.0.0/16");
	route.gateway = A("10.9.0.2");
	strcpy(route.iface, "gre3");
	memset(pol, 0, sizeof(pol));
	pol[0].dir = SPD_OUT;
	pol[0].src = P("2001:db8::1/128");
	pol[0].dst = P("2001:db8::2/128");
	pol[0].ulproto = 47;
	pol[0].nreq = 2;
	pol[0].req[0].proto = IPSEC_ESP;
	pol[0].req[1].proto = IPSEC_AH;
	pol[0].req[0].level = pol[0].req[1].level = LEVEL_UNIQUE;
	pol[1] = pol[0];
	pol[1].dir = SPD_IN;
	pol[1].src = pol[0].dst;
	pol[1].dst = pol[0].src;
	memset(&rem, 0, sizeof(rem));
	rem.peer = rem.peer_id = A("2001:db8::2");
	rem.my_id = A("2001:db8::1");
	rem.mode = XCHG_MAIN;
	rem.enc = ENC_3DES;
	rem.hash = HASH_SHA256;
	rem.dh_group = 14;
	rem.lifetime = 5400;
	rem.natt = NATT_FORCE;
	memset(&sa, 0, sizeof(sa));
	sa.local = pol[0].src;
	sa.remote = pol[0].dst;
	sa.ulproto = 47;
	sa.enc = ENC_AES128;
	sa.auth = AUTH_HMAC_SHA512;
	sa.pfs_group = 0;
	sa.lifetime = 45;
	memset(&psk, 0, sizeof(psk));
	psk.peer = A("2001:db8::2");
	psk.key = "a key with spaces";
	psk.keylen = strlen(psk.key);

	hc.host = "h1";
	hc.address = A("2001:db8::1");
	hc.ifaces = &iface;
	hc.nifaces = 1;
	hc.routes = &route;
	hc.nroutes = 1;
	hc.gateway4 = true;
	hc.ipsec = true;
	hc.ipsec_file = "/etc/ipsec.conf";
	hc.racoon_dir = "/usr/local/etc/racoon-x";
	hc.policies = pol;
	hc.npolicies = 2;
	hc.remotes = &rem;
	hc.nremotes = 1;
	hc.sainfos = &sa;
	hc.nsainfos = 1;
	hc.psks = &psk;
	hc.npsks = 1;
}

enum which { RC, SK, RA, PS };

/* Print one file; NUL-terminated text in *out, the printer's result back. */
static int
run(enum which w, struct tbuf *out, struct diag_sink *ds)
{
	int r = -2;

	out->len = 0;
	switch (w) {
	case RC:
		r = print_rcconf(&ts, &hc, RC_ALL, out, ds);
		break;
	case SK:
		r = print_setkey(&ts, &hc, out, ds);
		break;
	case RA:
		r = print_racoon(&ts, &hc, out, ds);
		break;
	case PS:
		r = print_psk(&ts, &hc, out, ds);
		break;
	}
	tbuf_add(out, "", 1);
	return r;
}

static int
has_line(const char *text, const char *line)
{
	size_t n = strlen(line);
	const char *p = text;

	while ((p = strstr(p, line)) != NULL) {
		if ((p == text || p[-1] == '\n') && p[n] == '\n')
			return 1;
		p++;
	}
	printf("# missing line: %s\n", line);
	return 0;
}

/* A refused value: result -1, one internal-refused error, no secret. */
static void
refused(enum which w, const char *what, const char *secret)
{
	struct diag_sink *ds = diag_sink_new(stderr, DIAG_TEXT);
	struct tbuf out = { 0 };
	const struct diag_item *it;
	size_t n;
	int r;

	r = run(w, &out, ds);
	it = diag_items(ds, &n);
	ok(r == -1 && n >= 1 && strcmp(it[0].code, "internal-refused") == 0,
	    "%s is refused", what);
	if (secret != NULL)
		ok(n >= 1 && strstr(it[0].message, secret) == NULL,
		    "%s: the message does not hold the key", what);
	tbuf_free(&out);
	diag_sink_free(ds);
	build();
}

int
main(void)
{
	struct diag_sink *ds = diag_sink_new(stderr, DIAG_TEXT);
	struct tbuf out = { 0 };

	if (tmpl_set_load(&ts, NULL, ds) < 0) {
		diag_flush(ds);
		ok(0, "the built-in templates load");
		return tap_done();
	}
	build();

	ok(run(RC, &out, ds) == 1, "rc.conf printed");
	ok(has_line(out.p, "cloned_interfaces=\"${cloned_interfaces} gre3\""),
	    "cloned_interfaces appends");
	ok(has_line(out.p, "ifconfig_gre3=\"inet6 tunnel 2001:db8::1 "
	    "2001:db8::2 mtu 1402\""), "IPv6 outer: inet6 before tunnel");
	ok(has_line(out.p, "ifconfig_gre3_alias0=\"inet 10.9.0.1 10.9.0.2 "
	    "netmask 255.255.255.252\""), "IPv4 inner in its own call");
	ok(has_line(out.p, "static_routes=\"${static_routes} x_y:gre3\""),
	    "route tied to its interface");
	ok(has_line(out.p, "route_x_y=\"-net 10.50.0.0/16 10.9.0.2\""),
	    "route through the peer's inner address");
	ok(has_line(out.p, "racoon_flags=\"${racoon_flags} -f "
	    "/usr/local/etc/racoon-x/racoon.conf\""),
	    "non-default racoon-dir: racoon_flags");
	ok(strstr(out.p, "ipv6_gateway_enable") == NULL,
	    "no IPv6 forwarding unless asked");

	ok(run(SK, &out, ds) == 1, "ipsec.conf printed");
	ok(has_line(out.p, "spdadd 2001:db8::1/128 2001:db8::2/128 47 -P out "
	    "ipsec esp/transport//unique ah/transport//unique;"),
	    "esp+ah in one policy, ESP first, plain unique");

	ok(run(RA, &out, ds) == 1, "racoon.conf printed");
	ok(has_line(out.p, "path pre_shared_key "
	    "\"/usr/local/etc/racoon-x/psk.txt\";"), "psk path in racoon-dir");
	ok(has_line(out.p, "\t\tencryption_algorithm 3des;"),
	    "no key length for 3des");
	ok(has_line(out.p, "\tnat_traversal force;"), "nat_traversal force");
	ok(has_line(out.p, "\t\tlifetime time 90 min;"), "lifetime in minutes");
	ok(has_line(out.p, "sainfo address 2001:db8::1 47 address "
	    "2001:db8::2 47 {"), "transport sainfo: address and protocol");
	ok(strstr(out.p, "pfs_group") == NULL, "no pfs_group for none");
	ok(has_line(out.p, "\tlifetime time 45 sec;"), "lifetime in seconds");
	ok(has_line(out.p, "\tcompression_algorithm deflate;"),
	    "compression_algorithm always");
	ok(strstr(out.p, "};") == NULL, "never };");

	ok(run(PS, &out, ds) == 1, "psk.txt printed");
	ok(has_line(out.p, "2001:db8::2 a key with spaces"),
	    "one line per peer, key as it is");

	hc.ipsec = false;
	ok(run(SK, &out, ds) == 0 && run(RA, &out, ds) == 0 &&
	    run(PS, &out, ds) == 0, "no IPsec: no ipsec.conf, racoon.conf, "
	    "psk.txt");
	build();
	ok(diag_errors(ds) == 0, "no diagnostics so far");

	hc.host = "../etc";
	refused(RC, "a host name with a slash", NULL);
	strcpy(iface.name, "gif0;x");
	refused(RC, "an interface name with punctuation", NULL);
	strcpy(iface.name, "gif01");
	refused(RC, "an interface unit with a leading zero", NULL);
	strcpy(route.name, "a-b");
	refused(RC, "a route name outside [A-Za-z0-9_]", NULL);
	hc.ipsec_file = "etc/ipsec.conf";
	refused(RC, "a relative ipsec-file", NULL);
	hc.racoon_dir = "/usr/local/etc/rac oon";
	refused(RA, "a racoon-dir with a blank", NULL);
	psk.key = "line\nbreak";
	psk.keylen = 10;
	refused(PS, "a key with a newline", "break");
	psk.key = "#comment-like";
	psk.keylen = 13;
	refused(PS, "a key starting with #", "comment-like");
	psk.key = " leading";
	psk.keylen = 8;
	refused(PS, "a key starting with a blank", "leading");

	tbuf_free(&out);
	tmpl_set_free(&ts);
	diag_sink_free(ds);
	return tap_done();
}
