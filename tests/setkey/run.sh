#!/bin/sh
# setkey parser cases: for each tests/setkey/CASE.conf the test program
# prints the diagnostics and the canonical form of what parsed, which must
# equal CASE.expected; a case without errors must also survive a round trip.
# TG_REGEN=1 rewrites the expected files instead (review the diff).
. "$top_srcdir/tests/lib.sh"

prog=$top_builddir/tests/unit/test_setkey
dir=$top_srcdir/tests/setkey
out=setkey-case.out

for conf in "$dir"/*.conf; do
	case=$(basename "$conf" .conf)
	(cd "$dir" && "$prog" print "$case.conf") > "$out" 2>&1
	if [ "${TG_REGEN:-}" = 1 ]; then
		cp "$out" "$dir/$case.expected"
	fi
	diff -u "$dir/$case.expected" "$out" > "$out.diff" 2>&1
	tap_ok $? "$case: output as expected" || tap_diag < "$out.diff"
	grep -q "tests/setkey/$case.conf" "$top_srcdir/grammar/setkey.am"
	tap_ok $? "$case: listed in grammar/setkey.am (for the tarball)"
	if ! grep -q ': error: ' "$out"; then
		(cd "$dir" && "$prog" roundtrip "$case.conf") > "$out.diff" 2>&1
		tap_ok $? "$case: round trip" || tap_diag < "$out.diff"
	fi
done
rm -f "$out" "$out.diff"
tap_done
