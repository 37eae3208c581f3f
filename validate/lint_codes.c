/*
 * Every code lint reports beyond the grammars' own: one row per check,
 * with its severity and what it catches.  `tunnelgen lint --list-checks`
 * prints this table; the tests have a case per row.
 */
#include "validate/lint.h"

#include <string.h>

#define E(c, k, w)	{ c, DIAG_ERROR, k, w }
#define W(c, k, w)	{ c, DIAG_WARNING, k, w }

const struct lint_check lint_checks[] = {
	/* rc.conf (grammar/import.c, validate/lint_rcconf.c) */
	W("rc-duplicate", "rc.conf", "a variable assigned twice: the later assignment silently wins"),
	E("rc-clone-no-ifconfig", "rc.conf", "an interface in cloned_interfaces without ifconfig_IF"),
	E("rc-ifconfig-not-cloned", "rc.conf", "ifconfig_gifN/greN for an interface that is never created"),
	W("rc-clone-twice", "rc.conf", "an interface created twice (cloned_interfaces and gif_interfaces)"),
	W("rc-route-unlisted", "rc.conf", "a route_NAME not listed in static_routes (ignored at boot)"),
	W("rc-route-missing", "rc.conf", "a static_routes name without its route_NAME"),
	E("rc-route-syntax", "rc.conf", "a route_NAME value lint cannot read as destination and gateway"),
	E("rc-route-gateway", "rc.conf", "a route whose gateway is on no interface of the host"),
	E("rc-ipsec-file", "rc.conf", "ipsec_enable without a readable ipsec_file"),
	E("rc-racoon-conf", "rc.conf", "racoon_enable without a racoon.conf"),
	E("rc-tunnel-syntax", "rc.conf", "`tunnel` not followed by two numeric addresses"),
	E("rc-tunnel-family", "rc.conf", "tunnel endpoints of different address families"),
	E("rc-tunnel-inet6", "rc.conf", "IPv6 tunnel endpoints without a preceding `inet6`"),
	E("rc-tunnel-src-not-local", "rc.conf", "a tunnel source that is no address of the host"),
	E("rc-tunnel-no-tunnel", "rc.conf", "a gif/gre interface configured without `tunnel SRC DST`"),
	E("rc-route-recursive", "rc.conf", "a route through a tunnel that covers the tunnel's own destination"),
	/* ipsec.conf (validate/lint_ipsec.c) */
	E("ipsec-one-direction", "ipsec.conf", "a policy without its opposite direction on the same host"),
	E("ipsec-duplicate", "ipsec.conf", "the same selectors and direction twice (the second spdadd fails)"),
	W("ipsec-shadowed", "ipsec.conf", "a policy covered by an earlier, broader one of the same direction"),
	E("ipsec-flush-after", "ipsec.conf", "flush; or spdflush; after policies or SAs: it wipes them"),
	E("ipsec-foreign-endpoint", "ipsec.conf", "a tunnel-mode policy whose local endpoint is not this host's"),
	W("ipsec-level-use", "ipsec.conf", "level use (or none): traffic goes out in clear text when no SA exists"),
	E("ipsec-no-keying", "ipsec.conf", "ipsec policies with neither manual SAs nor a racoon.conf"),
	W("ipsec-hostname", "ipsec.conf", "a selector given as a host name"),
	E("ipsec-spi-reserved", "ipsec.conf", "a manual SA with an SPI below 256 (reserved)"),
	E("ipsec-spi-duplicate", "ipsec.conf", "two manual SAs with one SPI (FreeBSD has one SPI space)"),
	E("ipsec-unique-no-sa", "ipsec.conf", "unique:N with no SA added with -u N (manual keying)"),
	E("ipsec-unique-shared", "ipsec.conf", "two policies of one direction sharing unique:N"),
	E("ipsec-tunnel-proto", "ipsec.conf", "a transport policy on a tunnel's outer addresses for a protocol it does not carry"),
	/* racoon.conf and psk.txt (validate/lint_racoon.c, grammar/psk.c) */
	E("racoon-no-remote", "racoon.conf", "a policy's peer with no remote (or anonymous) block"),
	W("racoon-sainfo-no-policy", "racoon.conf", "a sainfo that no policy of the host uses"),
	E("racoon-policy-no-sainfo", "racoon.conf", "an ipsec policy without a matching (or anonymous) sainfo"),
	E("racoon-psk-missing", "racoon.conf", "a pre-shared-key remote with no psk.txt line for its peer"),
	E("racoon-no-psk-file", "racoon.conf", "pre-shared-key remotes without a psk.txt (or path pre_shared_key)"),
	W("racoon-weak-algorithm", "racoon.conf", "a weak cipher, hash, HMAC or Diffie-Hellman group"),
	W("psk-trailing-space", "psk.txt", "a key ending in blanks or CR, which become part of the key"),
	W("psk-indented-comment", "psk.txt", "a '#' line that is not a comment because '#' is not first"),
	W("psk-no-key", "psk.txt", "an identifier without a key (racoon skips the line)"),
	W("psk-duplicate", "psk.txt", "an identifier listed twice (the first key wins)"),
	W("psk-ident-form", "psk.txt", "an address not written the way racoon looks it up"),
	W("psk-long-line", "psk.txt", "a line longer than racoon's 1024-byte buffer"),
	E("psk-mode", "psk.txt", "(--live) psk.txt readable or writable by group or others"),
	E("psk-owner", "psk.txt", "(--live) psk.txt not owned by root"),
	/* across hosts (validate/lint_pairs.c) */
	E("pair-missing-end", "pair", "a tunnel to a host of the set that has no tunnel back"),
	E("pair-swapped", "pair", "tunnel source and destination not swapped between the ends"),
	E("pair-duplicate-tunnel", "pair", "two interfaces carry the same tunnel"),
	E("pair-inner-mismatch", "pair", "inner local/remote addresses not mirrored"),
	E("pair-inner-subnet", "pair", "the two inner addresses in different subnets"),
	E("pair-mtu-mismatch", "pair", "the two ends of a tunnel have different MTUs"),
	E("pair-policy-missing", "pair", "a policy with no mirror policy on the peer"),
	E("pair-policy-mismatch", "pair", "mirror policies that differ (protocol, mode, level, endpoints)"),
	E("pair-id-mismatch", "pair", "racoon identifiers that do not match the peer's"),
	E("pair-phase1-mismatch", "pair", "phase 1 proposals that would not negotiate"),
	E("pair-phase2-mismatch", "pair", "phase 2 algorithms or pfs groups that would not negotiate"),
	E("pair-psk-mismatch", "pair", "the two ends hold different pre-shared keys"),
	E("pair-route-not-via-tunnel", "pair", "a route to a peer's network that does not use the tunnel to it"),
	W("pair-no-forwarding", "pair", "a peer routes networks through this host, which does not forward"),
	/* against a topology (validate/lint_topology.c) */
	E("topo-host-missing", "topology", "a topology host with no configuration given"),
	E("topo-missing", "topology", "an element the topology implies is absent"),
	E("topo-extra", "topology", "a tunnel element the topology does not imply"),
	E("topo-differs", "topology", "an element present but configured differently"),
};

const size_t nlint_checks = sizeof(lint_checks) / sizeof(lint_checks[0]);

const struct lint_check *
lint_check_lookup(const char *code)
{
	size_t i;

	for (i = 0; i < nlint_checks; i++)
		if (strcmp(lint_checks[i].code, code) == 0)
			return &lint_checks[i];
	return NULL;
}
