#!/bin/sh
# The benchmark topologies must stay deterministic and valid: a generator
# that drifts makes figures incomparable, and an invalid topology would
# time the error path instead of the compiler.
. "$top_srcdir/tests/lib.sh"

GENTOPO=$top_builddir/bench/gentopo
YAML_FLOOR=$top_builddir/bench/yaml_floor
tmp=$(mktemp -d "${TMPDIR:-/tmp}/gentopo-test.XXXXXX") || exit 99
trap 'rm -rf "$tmp"' EXIT
BENCH_PSK=test-key-0123456789
export BENCH_PSK

for shape in hub mesh mixed; do
	f=$tmp/$shape.yaml
	"$GENTOPO" --tunnels 2000 --shape "$shape" > "$f" 2>/dev/null
	tap_ok $? "$shape: gentopo runs"
	"$GENTOPO" --tunnels 2000 --shape "$shape" 2>/dev/null | cmp -s - "$f"
	tap_ok $? "$shape: same arguments, same bytes"
	"$GENTOPO" --tunnels 2000 --shape "$shape" --seed 2 2>/dev/null |
	    cmp -s - "$f"
	[ $? -eq 1 ]
	tap_ok $? "$shape: another seed, another topology"
	n=$(grep -c '^  t[0-9]*:$' "$f")
	[ "$n" -eq 2000 ]
	tap_ok $? "$shape: exactly 2000 tunnels ($n)"
	n=$(grep -c '^    ipsec:' "$f")
	[ "$n" -gt 800 ] && [ "$n" -lt 1200 ]
	tap_ok $? "$shape: about half the tunnels encrypted ($n)"
	grep -q 'type: ipsec' "$f" && grep -q '/127$' "$f" &&
	    grep -q 'address: 2001:db8:' "$f" && grep -q 'inner: {' "$f"
	tap_ok $? "$shape: type ipsec, IPv6 inner and outer, mapping inner"
	"$YAML_FLOOR" "$f" >/dev/null
	tap_ok $? "$shape: libyaml reads it"
	"$TUNNELGEN" check --strict -q "$f" > "$tmp/out" 2>&1
	rc=$?
	if grep -q 'not-implemented\|not built' "$tmp/out"; then
		tap_skip "$shape: tunnelgen check --strict accepts it" \
		    "the loader or checks are not built"
	else
		[ $rc -eq 0 ]
		tap_ok $? "$shape: tunnelgen check --strict accepts it"
		[ $rc -eq 0 ] || head -20 "$tmp/out" | tap_diag
	fi
done

"$GENTOPO" --tunnels 0 --shape mixed > "$tmp/empty.yaml" 2>/dev/null &&
    grep -q '^tunnels: {}$' "$tmp/empty.yaml"
tap_ok $? "zero tunnels: an empty but well-formed topology"
"$GENTOPO" --tunnels x --shape mixed >/dev/null 2>&1
[ $? -eq 2 ]
tap_ok $? "a bad count is a usage error"
"$GENTOPO" --tunnels 5 --shape ring >/dev/null 2>&1
[ $? -eq 2 ]
tap_ok $? "an unknown shape is a usage error"
tap_done
