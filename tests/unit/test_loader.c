/*
 * The loader on small buffers: merged defaults, where values came from,
 * pins, routes, resolved keys, schema defaults, and what is dropped.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "compiler/load.h"
#include "compiler/load_int.h"
#include "tests/tap.h"

static struct diag_sink *ds;

static enum load_status
load(const char *text, struct topology **t)
{
	if (ds != NULL)
		diag_sink_free(ds);
	ds = diag_sink_new(stderr, DIAG_TEXT);
	return topo_load_buffer("t.yaml", ".", text, strlen(text), ds, t);
}

/* The code of the first report (not a note), or "". */
static const char *
first_code(void)
{
	const struct diag_item *it;
	size_t n, i;

	it = diag_items(ds, &n);
	for (i = 0; i < n; i++)
		if (it[i].code != NULL)
			return it[i].code;
	return "";
}

static bool
has_code(const char *code, unsigned line, unsigned col)
{
	const struct diag_item *it;
	size_t n, i;

	it = diag_items(ds, &n);
	for (i = 0; i < n; i++)
		if (it[i].code != NULL && strcmp(it[i].code, code) == 0 &&
		    it[i].loc.line == line && it[i].loc.col == col)
			return true;
	return false;
}

static const char hosts[] =
    "hosts:\n"
    "  hq: {address: 203.0.113.1, networks: [192.168.1.0/24]}\n"
    "  br: {address: '2001:db8::7'}\n";

static void
test_defaults_merged(void)
{
	static const char text[] =
	    "version: 1\n"
	    "tunnels:\n"
	    "  t1:\n"
	    "    between: [hq, br]\n"
	    "    inner: 10.0.0.0/30\n"
	    "    ipsec:\n"
	    "      phase1: {hash: sha512}\n"
	    "  t2:\n"
	    "    type: gif\n"
	    "    between: [br, hq]\n"
	    "    inner: {br: 10.0.0.5/30, hq: 10.0.0.6/30}\n"
	    "    mtu: 1300\n"
	    "defaults:\n"
	    "  type: gre\n"
	    "  mtu: 1400\n"
	    "  ipsec:\n"
	    "    protocol: ah\n"
	    "    psk: {env: TEST_LOADER_PSK}\n"
	    "    phase1: {encryption: aes-128, lifetime: 2h}\n"
	    "hosts:\n"
	    "  hq: {address: 203.0.113.1, networks: [192.168.1.0/24]}\n"
	    "  br: {address: '2001:db8::7', gateway: false}\n";
	struct topology *t;
	struct tunnel *a, *b;
	char buf[64];

	ok(load(text, &t) == LOAD_OK, "defaults after tunnels load");
	if (t == NULL || t->ntunnels != 2 || t->nhosts != 2) {
		ok(0, "two tunnels and two hosts");
		topology_free(t);
		return;
	}
	a = &t->tunnels[0];
	b = &t->tunnels[1];
	is_str(a->name, "t1", "file order kept");
	ok(a->type == TUN_GRE && a->type_loc.line == 14,
	    "type inherited, located in defaults");
	ok(a->mtu == 1400 && a->mtu_loc.line == 15 && a->mtu_loc.col == 8,
	    "mtu inherited with its defaults location");
	ok(b->type == TUN_GIF && b->mtu == 1300 && b->mtu_loc.line == 12,
	    "own values win");
	ok(a->ipsec.present && a->ipsec.pol->protocol == IPSEC_AH,
	    "defaults.ipsec merged under the tunnel's ipsec");
	ok(a->ipsec.pol->p1.hash == HASH_SHA512 && a->ipsec.pol->p1.hash_loc.line == 7,
	    "phase1 key from the tunnel");
	ok(a->ipsec.pol->p1.enc == ENC_AES128 && a->ipsec.pol->p1.lifetime == 7200 &&
	    a->ipsec.pol->p1.enc_loc.line == 19, "phase1 keys from defaults");
	ok(a->ipsec.pol->p1.dh_group == 14 && a->ipsec.pol->p1.mode == XCHG_MAIN &&
	    a->ipsec.pol->p2.enc == ENC_AES256 && a->ipsec.pol->p2.auth ==
	    AUTH_HMAC_SHA256 && a->ipsec.pol->p2.pfs_group == 14 &&
	    a->ipsec.pol->p2.lifetime == 3600 && a->ipsec.pol->level == LEVEL_REQUIRE &&
	    a->ipsec.pol->natt == NATT_OFF, "schema defaults fill the rest");
	ok(a->ipsec.psk.kind == PSK_ENV && a->ipsec.psk.resolved &&
	    a->ipsec.psk.keylen == 11 &&
	    memcmp(a->ipsec.psk.key, "k3y-for-tst", 11) == 0,
	    "psk from the environment resolved");
	ok(!b->ipsec.present, "defaults.ipsec does not encrypt a tunnel "
	    "without its own ipsec");
	ok(a->end[0].host == 0 && a->end[1].host == 1 &&
	    b->end[0].host == 1 && b->end[1].host == 0, "ends resolved");
	ok(!a->inner_is_map && a->has_inner &&
	    strcmp(prefix_format(&a->inner_prefix, buf), "10.0.0.0/30") == 0,
	    "inner prefix form");
	ok(b->inner_is_map && b->end[0].inner_plen == 30 &&
	    strcmp(addr_format(&b->end[0].inner, buf), "10.0.0.5") == 0 &&
	    strcmp(addr_format(&b->end[1].inner, buf), "10.0.0.6") == 0 &&
	    strcmp(prefix_format(&b->inner_prefix, buf), "10.0.0.4/30") == 0,
	    "inner mapping form, by end");
	ok(a->routes == ROUTES_AUTO && a->end[0].pin_unit == -1,
	    "routes auto and no pin by default");
	ok(t->hosts[0].gateway == -1 && t->hosts[1].gateway == 0 &&
	    t->hosts[0].freebsd == 14 &&
	    strcmp(host_ipsec_file(&t->hosts[0]), "/etc/ipsec.conf") == 0 &&
	    strcmp(host_racoon_dir(&t->hosts[0]), "/usr/local/etc/racoon") ==
	    0,
	    "host defaults");
	ok(topology_find_host(t, "br") == 1 &&
	    topology_find_host(t, "hq") == 0 &&
	    topology_find_host(t, "nope") == -1, "host index");
	topology_free(t);
}

static void
test_pins_routes(void)
{
	char text[1024];
	struct topology *t;
	char buf[64];

	snprintf(text, sizeof(text),
	    "version: 1\n%s"
	    "tunnels:\n"
	    "  t:\n"
	    "    type: gre\n"
	    "    between: [hq, br]\n"
	    "    inner: 10.0.0.0/31\n"
	    "    interface: {br: gif12, hq: gre0}\n"
	    "    routes: {hq: [10.1.0.0/16, 10.2.0.0/16], br: []}\n", hosts);
	ok(load(text, &t) == LOAD_OK && t != NULL && t->ntunnels == 1,
	    "pins and routes load");
	if (t == NULL || t->ntunnels != 1) {
		topology_free(t);
		return;
	}
	ok(t->tunnels[0].end[0].pin_unit == 0 &&
	    t->tunnels[0].end[0].pin_type == TUN_GRE &&
	    t->tunnels[0].end[1].pin_unit == 12 &&
	    t->tunnels[0].end[1].pin_type == TUN_GIF &&
	    t->tunnels[0].end[1].pin_loc.line == 10,
	    "pins by end, with the pin's own type kept");
	ok(t->tunnels[0].routes == ROUTES_LIST &&
	    t->tunnels[0].end[0].routes != NULL &&
	    t->tunnels[0].end[0].routes->n == 2 &&
	    (t->tunnels[0].end[1].routes == NULL ||
	    t->tunnels[0].end[1].routes->n == 0) &&
	    strcmp(prefix_format(&t->tunnels[0].end[0].routes->p[1], buf),
	    "10.2.0.0/16") == 0 &&
	    t->tunnels[0].end[0].routes->locs[1].line == 11,
	    "routes by end, located");
	topology_free(t);
}

static void
test_merge_keys(void)
{
	static const char text[] =
	    "version: 1\n"
	    "x: &base {address: 192.0.2.1, freebsd: 12}\n"
	    "y: &more {freebsd: 13, gateway: true}\n"
	    "hosts:\n"
	    "  a: {<<: [*base, *more], address: 192.0.2.2}\n"
	    "  b: {<<: *more, address: 192.0.2.3, freebsd: 15}\n"
	    "tunnels: {}\n";
	struct topology *t;
	char buf[64];

	ok(load(text, &t) == LOAD_ERRORS, "unknown top-level keys x, y");
	ok(strcmp(first_code(), "unknown-key") == 0, "reported as unknown");
	ok(t != NULL && t->nhosts == 2, "hosts still load");
	if (t == NULL || t->nhosts != 2) {
		topology_free(t);
		return;
	}
	ok(strcmp(addr_format(&t->hosts[0].address, buf), "192.0.2.2") == 0,
	    "explicit key beats merged");
	ok(t->hosts[0].freebsd == 12 && t->hosts[0].gateway == 1,
	    "earlier mapping of a merge list wins");
	ok(t->hosts[0].opt->freebsd_loc.line == 2,
	    "merged value keeps its anchor's location");
	ok(t->hosts[1].freebsd == 15, "explicit after merge wins");
	topology_free(t);
}

static void
test_errors_drop_objects(void)
{
	char text[1024];
	struct topology *t;

	snprintf(text, sizeof(text),
	    "version: 1\n%s"
	    "tunnels:\n"
	    "  good: {between: [hq, br], inner: 10.0.0.0/30}\n"
	    "  bad: {between: [hq, br], inner: 10.0.0.5/30}\n"
	    "  worse: {between: [hq, nobody], inner: 10.0.0.8/30}\n", hosts);
	ok(load(text, &t) == LOAD_ERRORS, "errors reported");
	ok(t != NULL && t->ntunnels == 1 &&
	    strcmp(t->tunnels[0].name, "good") == 0 &&
	    t->tunnels[0].index == 0, "only the sane tunnel is kept");
	ok(has_code("host-bits-set", 7, 35), "host bits located");
	ok(has_code("unknown-host", 8, 25), "unknown host located");
	topology_free(t);

	ok(load("version: 1\nhosts: {a: {address: '::1'}}\ntunnels:\n  t: "
	    "{between: [a, a2], inner: 10.0.0.0/30}\n", &t) == LOAD_ERRORS,
	    "bad host");
	ok(t != NULL && t->nhosts == 0 && t->ntunnels == 0,
	    "broken host dropped, and its tunnels");
	topology_free(t);

	ok(load("version: 1\nhosts: {a: {address: 192.0.2.1\n", &t) ==
	    LOAD_ERRORS && t == NULL, "syntax error: no model");
	ok(strcmp(first_code(), "yaml-syntax") == 0, "syntax error code");
	topology_free(t);
}

static void
test_psk_file(void)
{
	static const char text[] =
	    "version: 1\n"
	    "hosts: {a: {address: 192.0.2.1}, b: {address: 192.0.2.2}}\n"
	    "tunnels:\n"
	    "  t: {between: [a, b], inner: 10.0.0.0/30,\n"
	    "      ipsec: {psk: {file: test-loader.psk}}}\n";
	struct topology *t;
	FILE *f = fopen("test-loader.psk", "w");

	if (f == NULL) {
		ok(0, "cannot write a psk file");
		return;
	}
	fputs("from-a-file\r\n", f);
	fclose(f);
	ok(load(text, &t) == LOAD_OK && t != NULL && t->ntunnels == 1,
	    "psk file loads");
	if (t != NULL && t->ntunnels == 1)
		ok(t->tunnels[0].ipsec.psk.kind == PSK_FILE &&
		    t->tunnels[0].ipsec.psk.keylen == 11 &&
		    memcmp(t->tunnels[0].ipsec.psk.key, "from-a-file", 11) == 0,
		    "one CRLF dropped from the file's key");
	topology_free(t);
	remove("test-loader.psk");
}

/* defaults and hosts first: tunnels are loaded as they are read. */
static void
test_streamed(void)
{
	static const char text[] =
	    "version: 1\n"
	    "defaults: {mtu: 1400}\n"
	    "hosts: {a: {address: 192.0.2.1}, b: {address: 192.0.2.2},\n"
	    "  c: {address: 192.0.2.3}}\n"
	    "tunnels:\n"
	    "  t1: {between: &e [a, b], inner: &i 10.0.0.0/30}\n"
	    "  <<: {t3: {between: [a, c], inner: 10.0.0.8/30}, t1: {}}\n"
	    "  t2: {between: *e, type: gre, inner: 10.0.0.4/30}\n";
	struct topology *t;

	ok(load(text, &t) == LOAD_OK && t != NULL && t->ntunnels == 3,
	    "streamed tunnels load");
	if (t == NULL || t->ntunnels != 3) {
		topology_free(t);
		return;
	}
	is_str(t->tunnels[0].name, "t1", "first tunnel");
	is_str(t->tunnels[1].name, "t2", "explicit tunnels in file order");
	is_str(t->tunnels[2].name, "t3", "merged tunnels after them");
	ok(t->tunnels[1].end[0].host == 0 && t->tunnels[1].end[1].host == 1 &&
	    t->tunnels[1].mtu == 1400 && t->tunnels[2].index == 2,
	    "an anchor of a streamed tunnel serves a later one");
	topology_free(t);
}

/*
 * A text big enough to be parsed on the second thread, across many
 * batches of events: everything loads, and a mistake near the end is
 * placed right.
 */
static void
test_big(void)
{
	size_t n = 3000, i, cap = 256 + n * 160, len = 0;
	char *text = malloc(cap);
	struct topology *t;

	len += (size_t)snprintf(text + len, cap - len,
	    "version: 1\nhosts:\n");
	for (i = 0; i < n; i++)
		len += (size_t)snprintf(text + len, cap - len,
		    "  h%zu: {address: 10.%zu.%zu.1, networks: [172.%zu.%zu.0/24]}\n",
		    i, i / 200, i % 200, 16 + i / 200, i % 200);
	len += (size_t)snprintf(text + len, cap - len, "tunnels:\n");
	for (i = 0; i + 1 < n; i += 2)
		len += (size_t)snprintf(text + len, cap - len,
		    "  t%zu: {between: [h%zu, h%zu], inner: 100.64.%zu.%zu/30}\n",
		    i, i, i + 1, i / 128, (i % 128) * 2);
	len += (size_t)snprintf(text + len, cap - len,
	    "  bad: {between: [h0, h2], inner: 100.64.250.0/30, mtu: 12}\n");
	ok(len > 2 * YSTREAM_THREAD_MIN, "the big text is %zu bytes", len);
	ok(load(text, &t) == LOAD_ERRORS && t != NULL,
	    "a big text with one mistake loads, with errors");
	ok(t != NULL && t->nhosts == n && t->ntunnels == n / 2,
	    "every host and tunnel of the big text is there");
	ok(has_code("out-of-range", (unsigned)(n + 4 + n / 2), 57),
	    "the mistake on the last line is placed at its value");
	topology_free(t);
	free(text);
}

/*
 * Through the second thread, a value that is not the input's own bytes (a
 * key written with escapes) and a record bigger than a batch (an anchor
 * with a 20 KB name, defined and used).
 */
static void
test_big_records(void)
{
	size_t n = 3000, i, klen = 800, cap = 256 + n * 64 + klen * 5 +
	    2 * 20000, len = 0;
	char *text = malloc(cap), *anchor = malloc(20001);
	struct topology *t;
	bool key_ok;

	memset(anchor, 'x', 20000);
	anchor[20000] = '\0';
	len += (size_t)snprintf(text + len, cap - len, "version: 1\nhosts:\n");
	for (i = 0; i < n; i++)
		len += (size_t)snprintf(text + len, cap - len,
		    "  h%zu: {address: 10.%zu.%zu.1}\n", i, i / 200, i % 200);
	len += (size_t)snprintf(text + len, cap - len,
	    "tunnels:\n  t0: {between: [h0, h1], inner: 100.64.0.0/30, "
	    "ipsec: {psk: \"");
	for (i = 0; i < klen; i++)
		len += (size_t)snprintf(text + len, cap - len, "\\x%02x",
		    'a' + (unsigned)(i % 26));
	len += (size_t)snprintf(text + len, cap - len, "\"}}\n"
	    "  t1: &%s {between: [h2, h3], inner: 100.64.0.4/30, mtu: 1300}\n"
	    "  t2: {<<: *%s, between: [h4, h5], inner: 100.64.0.8/30}\n",
	    anchor, anchor);
	ok(len > 2 * YSTREAM_THREAD_MIN && len < cap,
	    "the text with big records is %zu bytes", len);
	ok(load(text, &t) == LOAD_OK && t != NULL && t->ntunnels == 3,
	    "a key and an anchor bigger than a batch load");
	key_ok = t != NULL && t->ntunnels == 3 &&
	    t->tunnels[0].ipsec.psk.keylen == klen;
	for (i = 0; key_ok && i < klen; i++)
		key_ok = t->tunnels[0].ipsec.psk.key[i] == 'a' + (int)(i % 26);
	ok(key_ok, "the escaped key arrives whole, escapes resolved");
	ok(t != NULL && t->ntunnels == 3 && t->tunnels[2].mtu == 1300,
	    "the long anchor is found by its alias");
	topology_free(t);
	free(anchor);
	free(text);
}

int
main(void)
{
	setenv("TEST_LOADER_PSK", "k3y-for-tst", 1);
	test_defaults_merged();
	test_pins_routes();
	test_merge_keys();
	test_errors_drop_objects();
	test_psk_file();
	test_streamed();
	test_big();
	test_big_records();
	diag_sink_free(ds);
	return tap_done();
}
