#include "validate/codes.h"

#include <string.h>

#define LOAD_E(c, w)	{ c, STAGE_LOAD, DIAG_ERROR, w }
#define LOAD_W(c, w)	{ c, STAGE_LOAD, DIAG_WARNING, w }
#define CHECK_E(c, w)	{ c, STAGE_CHECK, DIAG_ERROR, w }
#define CHECK_W(c, w)	{ c, STAGE_CHECK, DIAG_WARNING, w }

/* Sorted by stage, then in the order a reader meets them in the schema. */
const struct diag_code diag_codes[] = {
	LOAD_E("yaml-syntax", "the file is not well-formed YAML"),
	LOAD_E("duplicate-key", "a mapping names the same key twice"),
	LOAD_E("unknown-key", "a key the schema does not know (with a did-you-mean hint)"),
	LOAD_E("wrong-type", "a value of the wrong kind: scalar, list or mapping"),
	LOAD_E("missing-key", "a required key is absent"),
	LOAD_E("out-of-range", "a number outside its allowed range"),
	LOAD_E("multiple-documents", "more than one YAML document in the file"),
	LOAD_E("bad-version", "`version` is not the plain integer 1"),
	LOAD_E("alias-expansion", "aliases expand past the node limit"),
	LOAD_E("bad-name", "a host or tunnel name outside 1-63 of [A-Za-z0-9._-]"),
	LOAD_E("bad-address", "not a numeric IPv4 or IPv6 address"),
	LOAD_E("bad-outer-address", "an outer address that cannot carry tunnels (unspecified, loopback, multicast)"),
	LOAD_E("bad-prefix", "not an ADDRESS/LENGTH prefix"),
	LOAD_E("host-bits-set", "a prefix with bits set past its length"),
	LOAD_E("bad-inner", "`inner` is neither a prefix nor a mapping of both ends"),
	LOAD_E("bad-between", "`between` is not a list of two distinct host names"),
	LOAD_E("unknown-host", "`between`, `inner`, `interface` or `routes` names no host of the tunnel"),
	LOAD_E("bad-value", "a value outside the key's set of words"),
	LOAD_E("unknown-algorithm", "an encryption, hash or auth name tunnelgen does not know"),
	LOAD_E("unknown-group", "a Diffie-Hellman group racoon cannot use"),
	LOAD_E("bad-lifetime", "a lifetime that is not digits with s, m or h"),
	LOAD_E("bad-interface", "an interface pin that is not gre or gif plus a unit"),
	LOAD_E("bad-routes", "`routes` is not auto, none or a mapping of host to prefixes"),
	LOAD_E("bad-path", "ipsec-file or racoon-dir is not an absolute path of safe characters"),
	LOAD_E("psk-unresolved", "the pre-shared key's variable is unset or its file unreadable"),
	LOAD_E("bad-psk", "a key that is empty, too long, or racoon would misread"),
	LOAD_W("literal-psk", "a pre-shared key written into the topology itself"),
	LOAD_W("secret-file-mode", "a psk file readable by group or others"),
	LOAD_E("key-not-applicable", "a key set on a tunnel whose type has no use for it"),
	LOAD_E("key-not-allowed", "a key that may not appear in this place (e.g. in defaults)"),

	CHECK_E("duplicate-outer-address", "two hosts have the same outer address"),
	CHECK_E("outer-family-mismatch", "a tunnel's two outer addresses are of different families"),
	CHECK_E("network-overlap", "two host networks overlap"),
	CHECK_E("outer-in-prefix", "an outer address lies inside a host network"),
	CHECK_E("inner-overlap", "an inner prefix overlaps another one, a host network or an outer address"),
	CHECK_E("inner-too-small", "an inner /32 or /128 cannot hold two addresses"),
	CHECK_E("inner-family-mismatch", "the two inner addresses are of different families"),
	CHECK_E("inner-length-mismatch", "the two inner addresses have different prefix lengths"),
	CHECK_E("inner-outside-prefix", "B's inner address is outside A's prefix"),
	CHECK_E("inner-same-address", "both ends have the same inner address"),
	CHECK_E("inner-network-address", "an inner address is its prefix's network address"),
	CHECK_E("inner-broadcast-address", "an inner address is its IPv4 prefix's broadcast address"),
	CHECK_E("interface-type-mismatch", "an interface pin of the other type (gre3 on a gif tunnel)"),
	CHECK_E("interface-unit-taken", "two tunnels pin the same interface on one host"),
	CHECK_E("interface-exhausted", "a host needs more units of a type than FreeBSD clones (0-32767)"),
	CHECK_E("route-family", "an explicit route not of the tunnel's inner family"),
	CHECK_E("route-own-network", "a host routes its own network over a tunnel"),
	CHECK_E("route-recursive", "a route contains a tunnel destination of the host"),
	CHECK_E("route-duplicate", "one prefix is routed over two tunnels on one host"),
	CHECK_W("route-overlap", "overlapping prefixes are routed over two tunnels on one host"),
	CHECK_E("route-name-collision", "two tunnels give one host the same rc.conf route name"),
	CHECK_E("duplicate-tunnel-pair", "two gre (or two gif) tunnels between the same hosts"),
	CHECK_E("ipsec-pair-mismatch", "IPsec tunnels between one pair disagree on key, mode, NAT-T or phase 1"),
	CHECK_E("ipsec-needs-networks", "a type ipsec tunnel to a host without networks"),
	CHECK_E("ipsec-no-flow", "a type ipsec tunnel with no same-family network pair"),
	CHECK_E("ipsec-captures-outer", "a tunnel-mode flow covers both outer addresses"),
	CHECK_E("algorithm-removed", "an algorithm FreeBSD 13.0 removed, on a host running 13 or later"),
	CHECK_W("weak-algorithm", "a weak cipher, hash, HMAC or Diffie-Hellman group"),
	CHECK_W("aggressive-psk", "aggressive mode with a pre-shared key"),
	CHECK_E("mtu-range", "an explicit mtu below 1280 on a tunnel carrying IPv6"),
};

const size_t ndiag_codes = sizeof(diag_codes) / sizeof(diag_codes[0]);

const struct diag_code *
diag_code_lookup(const char *code)
{
	size_t i;

	for (i = 0; i < ndiag_codes; i++)
		if (strcmp(diag_codes[i].code, code) == 0)
			return &diag_codes[i];
	return NULL;
}
