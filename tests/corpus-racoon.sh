#!/bin/sh
# Every racoon.conf of the shared corpus: files racoon 0.8.2 accepts parse
# without errors and survive the canonical round trip; files it refuses
# (tests/corpus/racoon.expect) are refused at the same line.
. "${top_srcdir:-$(dirname "$0")/..}/tests/lib.sh"

check="$top_builddir/tests/unit/test_racoon"
expect="$top_srcdir/tests/corpus/racoon.expect"
corpus="${TG_CORPUS:-$top_srcdir/../shared/corpus}/racoon"

if [ ! -d "$corpus" ]; then
	tap_skip "racoon corpus" "no corpus at $corpus"
	tap_done
	exit $?
fi

for f in "$corpus"/*; do
	[ -f "$f" ] || continue
	name=$(basename "$f")
	want=$(awk -v n="$name" '$1 == n { print $2 }' "$expect")
	if [ -n "$want" ]; then
		got=$("$check" check "$f" | awk '{ print $1 }')
		[ "$got" = "$want" ]
		tap_ok $? "$name refused at line $want (got ${got:-none})"
	else
		out=$("$check" parse "$f")
		st=$?
		[ $st -eq 0 ] || echo "$out" | grep ': error: ' | tap_diag
		tap_ok $st "$name parses"
		out=$("$check" roundtrip "$f" 2>&1)
		st=$?
		[ -z "$out" ] || echo "$out" | tap_diag
		tap_ok $st "$name round trip"
	fi
done

# format detection: every racoon.conf is recognised, no other config is
for f in "$corpus"/*; do
	"$check" sniff "$f"
	tap_ok $? "$(basename "$f") looks like racoon.conf"
done
for f in "$corpus"/../setkey/* "$corpus"/../rc.conf/*; do
	[ -f "$f" ] || continue
	! "$check" sniff "$f"
	tap_ok $? "$(basename "$f") does not look like racoon.conf"
done

# every listed file exists, so a renamed corpus file is noticed
for n in $(grep -v '^#' "$expect" | awk '{ print $1 }'); do
	[ -f "$corpus/$n" ]
	tap_ok $? "listed file $n exists"
done
tap_done
