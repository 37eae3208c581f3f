/*
 * The mirror self-check: a lowered topology passes, and every kind of
 * one-sided change to one end is caught with its own code.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "compiler/load.h"
#include "compiler/lower.h"
#include "model/derive.h"
#include "tests/tap.h"
#include "validate/check_mirror.h"
#include "validate/validate.h"

static const char yaml[] =
    "version: 1\n"
    "hosts:\n"
    "  a: { address: 192.0.2.1, networks: [10.1.0.0/16] }\n"
    "  b: { address: 198.51.100.1, networks: [10.2.0.0/16] }\n"
    "tunnels:\n"
    "  g:\n"
    "    type: gif\n"
    "    between: [a, b]\n"
    "    inner: 10.255.0.0/30\n"
    "    ipsec: { protocol: esp+ah, psk: 'gif-key' }\n"
    "  t:\n"
    "    type: ipsec\n"
    "    between: [a, b]\n"
    "    ipsec: { psk: 'gif-key' }\n";

static struct hostconfig *A, *B;

/* The first code check_mirror reports, or "none". */
static const char *
mirror_code(char *buf, size_t len)
{
	struct diag_sink *ds = diag_sink_new(stderr, DIAG_TEXT);
	const struct diag_item *it;
	size_t n, fails;

	fails = check_mirror(A, B, ds);
	it = diag_items(ds, &n);
	snprintf(buf, len, "%s", fails == 0 || n == 0 ? "none" :
	    it[0].code);
	diag_sink_free(ds);
	return buf;
}

#define EXPECT(want, what) do {						\
	char b_[64];							\
	is_str(mirror_code(b_, sizeof(b_)), (want), "%s", (what));	\
} while (0)

int
main(void)
{
	struct diag_sink *ds = diag_sink_new(stderr, DIAG_TEXT);
	struct topology *t = NULL;
	struct lowered *lw = NULL;
	struct hc_iface fsave;
	struct hc_policy psave;
	struct hc_remote rsave;
	struct hc_sainfo ssave;
	struct hc_psk ksave;
	size_t i;

	diag_set_quiet(ds, true);
	if (topo_load_buffer("mirror.yaml", ".", yaml, sizeof(yaml) - 1, ds,
	    &t) != LOAD_OK || t == NULL) {
		diag_flush(ds);
		ok(0, "the test topology loads");
		return tap_done();
	}
	derive_topology(t);
	validate_topology(t, ds);
	ok(diag_errors(ds) == 0, "the test topology checks clean");
	ok(lower_topology(t, &lw, ds) == 0, "lowering passes its self-check");
	A = &lw->hosts[0];
	B = &lw->hosts[1];
	ok(A->nifaces == 1 && B->nifaces == 1, "one interface each");
	ok(A->npolicies == 4 && A->nsainfos == 2 && A->nremotes == 1 &&
	    A->npsks == 1, "two flows, one remote and one key per end");
	ok(A->policies[0].nreq == 2 && A->policies[0].req[0].proto ==
	    IPSEC_ESP && A->policies[0].req[1].proto == IPSEC_AH,
	    "esp+ah: ESP first, then AH");
	EXPECT("none", "whole hosts mirror each other");

	fsave = B->ifaces[0];
	B->ifaces[0].mtu--;
	EXPECT("mirror-mtu", "a different MTU is caught");
	B->ifaces[0] = fsave;
	B->ifaces[0].inner_local = A->ifaces[0].inner_local;
	EXPECT("mirror-inner", "inner addresses not swapped are caught");
	B->ifaces[0] = fsave;
	B->ifaces[0].outer_dst = B->ifaces[0].outer_src;
	EXPECT("mirror-iface", "tunnel endpoints not swapped are caught");
	B->ifaces[0] = fsave;

	for (i = 0; i < B->npolicies && B->policies[i].dir != SPD_IN; i++)
		;
	psave = B->policies[i];
	B->policies[i].req[0].level = LEVEL_USE;
	EXPECT("mirror-policy", "a different level is caught");
	B->policies[i] = psave;
	B->policies[i].dir = SPD_OUT;
	EXPECT("mirror-policy", "a missing in policy is caught");
	B->policies[i] = psave;
	/* The tunnel-mode flow: its in policy's endpoints. */
	for (i = B->npolicies; i-- > 0; )
		if (B->policies[i].dir == SPD_IN)
			break;
	psave = B->policies[i];
	B->policies[i].req[0].tsrc = B->address;
	EXPECT("mirror-policy", "tunnel endpoints not reversed are caught");
	B->policies[i] = psave;

	ssave = B->sainfos[0];
	B->sainfos[0].pfs_group = 0;
	EXPECT("mirror-phase2", "a different phase 2 proposal is caught");
	B->sainfos[0] = ssave;
	B->sainfos[0].ulproto = 47;
	EXPECT("mirror-sainfo", "a sainfo with other selectors is caught");
	B->sainfos[0] = ssave;

	rsave = B->remotes[0];
	B->remotes[0].dh_group = 15;
	EXPECT("mirror-phase1", "a different phase 1 proposal is caught");
	B->remotes[0] = rsave;
	B->remotes[0].peer_id = B->address;
	EXPECT("mirror-identifier", "identifiers not swapped are caught");
	B->remotes[0] = rsave;

	ksave = B->psks[0];
	B->psks[0].key = "other-key";
	B->psks[0].keylen = 9;
	EXPECT("mirror-psk", "a different pre-shared key is caught");
	B->psks[0] = ksave;
	EXPECT("none", "restored hosts mirror again");

	lowered_free(lw);
	topology_free(t);
	diag_sink_free(ds);
	return tap_done();
}
