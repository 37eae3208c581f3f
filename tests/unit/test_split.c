/*
 * A big text parsed in two parts at once gives exactly what one parse
 * gives: the same model, the same reports at the same places.  Each text
 * is loaded twice, with the split off and on, and the two are compared
 * whole; each case also checks which way the split went, so that a cut
 * that is no good is seen to fall back, not to be taken.
 */
#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "compiler/load.h"
#include "compiler/load_int.h"
#include "tests/load_describe.h"
#include "tests/tap.h"
#include "tests/textbuf.h"

#define NHOSTS	300
#define NTUNNELS 3000

static struct textbuf tb;

static void
begin(void)
{
	tb_reset(&tb);
}

static void
hosts(const char *nl)
{
	size_t i;

	tb_put(&tb, "version: 1%shosts:%s", nl, nl);
	for (i = 0; i < NHOSTS; i++)
		tb_put(&tb, "  h%zu: {address: 10.%zu.%zu.1, networks: "
		    "[172.%zu.%zu.0/24]}%s", i, i / 200, i % 200, 16 + i / 200,
		    i % 200, nl);
}

/* Tunnels between pairs of hosts; `odd` is called for each to add to it. */
static void
tunnels(const char *nl, void (*odd)(size_t, const char *))
{
	size_t i;

	tb_put(&tb, "tunnels:%s", nl);
	for (i = 0; i < NTUNNELS; i++) {
		tb_put(&tb, "  t%zu:%s    between: [h%zu, h%zu]%s"
		    "    inner: 100.64.%zu.%zu/30%s", i, nl, i % NHOSTS,
		    (i + 1 + i / NHOSTS) % NHOSTS, nl, i / 64, (i % 64) * 4, nl);
		if (odd != NULL)
			odd(i, nl);
	}
}

static char *
load_with(size_t split_min)
{
	struct diag_sink *ds = diag_sink_new(stderr, DIAG_TEXT);
	struct topology *t = NULL;
	enum load_status st;
	char *d;

	ystream_split_min = split_min;
	st = topo_load_buffer("big.yaml", ".", tb.text, tb.len, ds, &t);
	d = load_describe(st, t, ds);
	topology_free(t);
	diag_sink_free(ds);
	return d;
}

static const char *const outcome_name[] = {
	"none", "stitched", "whole", "taken over",
};

/* Load the text both ways: same result, and the split went as expected. */
static void
same_at(const char *what, enum ysplit_outcome want, size_t split_min)
{
	char *one, *two;
	enum ysplit_outcome got;

	one = load_with(SIZE_MAX);
	two = load_with(split_min);
	got = ystream_split_outcome;
	ok(strcmp(one, two) == 0, "%s: two parts give what one gives", what);
	if (strcmp(one, two) != 0) {
		size_t i = 0;

		while (one[i] == two[i])
			i++;
		while (i > 0 && one[i - 1] != '\n')
			i--;
		printf("#   one: %.200s\n#   two: %.200s\n", one + i, two + i);
	}
	ok(got == want, "%s: the split was %s (want %s)", what,
	    outcome_name[got], outcome_name[want]);
	free(one);
	free(two);
}

static void
same(const char *what, enum ysplit_outcome want)
{
	same_at(what, want, YSTREAM_THREAD_MIN);
}

static void
odd_anchor(size_t i, const char *nl)
{
	/* Defined in the first half, merged in the second. */
	if (i == 10)
		tb_put(&tb, "    <<: &common {mtu: 1300}%s", nl);
	else if (i % 7 == 0 && i > NTUNNELS / 2)
		tb_put(&tb, "    <<: *common%s", nl);
}

static void
odd_late_error(size_t i, const char *nl)
{
	if (i == NTUNNELS - 40)
		tb_put(&tb, "    routes: [10.1.0.0/16, 10.2.0.0/16%s", nl);
}

static void
odd_early_error(size_t i, const char *nl)
{
	if (i == 20)
		tb_put(&tb, "    mtu: [1400%s", nl);
}

static void
odd_late_value_error(size_t i, const char *nl)
{
	if (i == NTUNNELS - 10)
		tb_put(&tb, "    mtu: 12%s", nl);
}

/* A quoted value over many lines across the middle of the text. */
static void
odd_long_quote(size_t i, const char *nl)
{
	size_t j;

	if (i != NTUNNELS / 2 - 200)
		return;
	tb_put(&tb, "    mtu: \"1%s", nl);
	for (j = 0; j < 6000; j++)
		tb_put(&tb, "  x%zu: y%s", j, nl);
	tb_put(&tb, "  \"%s", nl);
}

/* A block scalar whose lines look like entries, across the middle. */
static void
odd_block(size_t i, const char *nl)
{
	size_t j;

	if (i != NTUNNELS / 2 - 200)
		return;
	tb_put(&tb, "    description: |%s", nl);
	for (j = 0; j < 6000; j++)
		tb_put(&tb, "       x%zu: y%s", j, nl);
}

/*
 * Small texts with every threshold down, as the split's fuzzer runs them:
 * cases it found where the parse in two parts once went wrong.
 */
static void
same_small(const char *what, const char *small, enum ysplit_outcome want)
{
	size_t thread_min = ystream_thread_min;

	begin();
	tb_put(&tb, "%s", small);
	ystream_thread_min = 0;
	same_at(what, want, 0);
	ystream_thread_min = thread_min;
}

int
main(void)
{
	setenv("TEST_LOADER_PSK", "k3y-for-tst", 1);

	begin();
	hosts("\n");
	tunnels("\n", NULL);
	same("a clean topology", YSPLIT_STITCHED);

	begin();
	hosts("\r\n");
	tunnels("\r\n", NULL);
	same("CRLF line ends", YSPLIT_STITCHED);

	begin();
	hosts("\n");
	tunnels("\n", odd_anchor);
	same("an anchor before the cut, aliases after it", YSPLIT_STITCHED);

	begin();
	hosts("\n");
	tunnels("\n", odd_late_value_error);
	same("a bad value after the cut", YSPLIT_STITCHED);

	begin();
	hosts("\n");
	tunnels("\n", odd_late_error);
	same("a syntax error after the cut", YSPLIT_TAKEN_OVER);

	begin();
	hosts("\n");
	tunnels("\n", odd_early_error);
	same("a syntax error before the cut", YSPLIT_TAKEN_OVER);

	begin();
	hosts("\n");
	tunnels("\n", odd_long_quote);
	same("a quoted value across the cut", YSPLIT_TAKEN_OVER);

	begin();
	hosts("\n");
	tunnels("\n", odd_block);
	same("a block scalar across the middle", YSPLIT_TAKEN_OVER);

	begin();
	hosts("\n");
	tunnels("\n", NULL);
	tb_put(&tb, "defaults:\n  mtu: 1400\n");
	same("another section after the long one", YSPLIT_NONE);

	begin();
	tb_put(&tb, "# caf\xc3\xa9\n");
	hosts("\n");
	tunnels("\n", NULL);
	same("UTF-8 before the cut", YSPLIT_WHOLE);

	begin();
	hosts("\n");
	tunnels("\n", NULL);
	tb_put(&tb, "---\nversion: 1\n");
	same("a second document", YSPLIT_NONE);

	/* A character libyaml's reader rejects, after the cut: its reader
	   reads ahead, and a single parse stops before the entry it is in. */
	same_small("a control character after the cut",
	    "version: 1\n"
	    "hosts:\n"
	    "  hq:\n"
	    "    address: 203.0.1130.0.4/30\n"
	    "    routes: some\n"
	    "    ipsec:\n"
	    "      protocol: ah+esp\n"
	    "      level: requiredvxlan\n"
	    "    between: [hq, branch]\n"
	    "    inner: 10.0.0.0/30\n"
	    "  t2:\n"
	    "    between: [hq, branch]\n"
	    "    inner: 10.0.0.4/30\n"
	    "    routes: some\n"
	    "    ipsec:\n"
	    "      protocol: ah+esp\n"
	    "      level: required\n"
	    "    \x16 nat-traversal: \"yes\"\n"
	    "      psk: { env: TG_TEST_PSK }\n"
	    "      phase1: { exchange-mode: base }\n", YSPLIT_WHOLE);
	/* The cut's line is no key: a single parse fails on it before it
	   ends the entry before, which the first part ends at its end. */
	same_small("the cut's line is not a key",
	    "# YAML 1.1 merge keys: a mapping or a list of mappings; explicit "
	    "keys win,\n"
	    "# and of merged mappings the earlier one wins.\n"
	    "version: 1\n"
	    "hosts:\n"
	    "  hq: &site\n"
	    "    addrmssaddress: 203.0.113.1\n"
	    "    networks: [192.168.1.0/24]\n"
	    "    freebsd: 13\n"
	    "    gateway: false\n"
	    "  bran#h:ain\n"
	    "    between: [hq, branch]\n"
	    "    inner: 10.0.0.0/30\n"
	    "  t2:\n"
	    "    <<: *plain\n"
	    "    between: [hq, office]\n"
	    "    inner: 10.0.0.4/30\n"
	    "    ipsec:\n"
	    "      <<: {protocol: ah, level: unique}\n"
	    "      psk: { env: TG_TEST_PSK }\n", YSPLIT_TAKEN_OVER);
	/* A lone CR is a line break to libyaml, not to the cut. */
	same_small("a carriage return inside a line",
	    "version: 1\n"
	    "defaults:\n"
	    "  mtu: 1400\n"
	    "  routes: n/one\n"
	    "hosts:\n"
	    "  hq:\n"
	    "    address: 203.0.113.1\n"
	    "    networks: [192.168.1.0/24]\n"
	    "  branch:\n"
	    "    address: 198.51.100.3\n"
	    "    networks: [192.168.2.0/24]\n"
	    "tunnels:\n"
	    "  t1:\n"
	    "    type: ipsec\n"
	    "    betweenddress: 203.0.113.1\n"
	    "  ..:\n"
	    "    address: 198.51.100.7\n"
	    "  -dash:\n"
	    "    addpess: 198.5hmac\x0d""sha5121.100.8\n"
	    "  a/b:\n"
	    "    a[ddress: 998.51.100.9\n"
	    "  .hidden:\n"
	    "    address: 198.51.100.10\n"
	    "  this-host-name-is-much-longer-than`-sixty-three-chara { env: TG_TEST_PSK }\n", YSPLIT_WHOLE);
	same_small("a small clean text",
	    "version: 1\nhosts:\n  hq: {address: 203.0.113.1}\n"
	    "  br: {address: 198.51.100.1}\n  b2: {address: 192.0.2.1}\n",
	    YSPLIT_STITCHED);

	tb_free(&tb);
	return tap_done();
}
