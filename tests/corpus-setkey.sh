#!/bin/sh
# Every setkey file of the shared corpus: files setkey accepts parse here
# without errors and survive a round trip; files it refuses (listed in
# tests/corpus/setkey.expect) are refused here at the same line.
. "$top_srcdir/tests/lib.sh"

corpus=${TG_CORPUS:-$top_srcdir/../shared/corpus}/setkey
expect=$top_srcdir/tests/corpus/setkey.expect
prog=$top_builddir/tests/unit/test_setkey

if [ ! -d "$corpus" ]; then
	echo "1..0 # SKIP corpus not found at $corpus (set TG_CORPUS)"
	exit 0
fi

for f in "$corpus"/*; do
	[ -f "$f" ] || continue
	base=$(basename "$f")
	line=$(awk -v f="$base" '$1 == f { print $2 }' "$expect")
	reason=$(awk -v f="$base" '$1 == f { $1 = ""; $2 = ""; print }' \
	    "$expect" | sed 's/^ *//')
	if [ -z "$line" ]; then
		got=$("$prog" first-error "$f" it)
		[ "$got" = accept ]
		tap_ok $? "$base: accepted as ipsec-tools would" ||
		    echo "$got" | tap_diag
		got=$("$prog" first-error "$f")
		[ "$got" = accept ]
		tap_ok $? "$base: accepted"
		"$prog" roundtrip "$f" 2>&1 | tap_diag
		"$prog" roundtrip "$f" >/dev/null 2>&1
		tap_ok $? "$base: round trip"
		continue
	fi
	got=$("$prog" first-error "$f" it | cut -d' ' -f1)
	[ "$got" = "$line" ]
	tap_ok $? "$base: refused at line $line as ipsec-tools does (got $got)"
	case $reason in
	dialect:*)
		got=$("$prog" first-error "$f")
		[ "$got" = accept ]
		tap_ok $? "$base: accepted as FreeBSD setkey input"
		"$prog" dialects "$f" | grep -q "^$line .*FreeBSD" 
		tap_ok $? "$base: line $line marked FreeBSD-only"
		"$prog" roundtrip "$f" >/dev/null 2>&1
		tap_ok $? "$base: round trip"
		;;
	*)
		got=$("$prog" first-error "$f" | cut -d' ' -f1)
		[ "$got" = "$line" ]
		tap_ok $? "$base: refused at line $line by default too (got $got)"
		;;
	esac
done

# Every expectation names a file that exists.
grep -v '^#' "$expect" | while read -r file rest; do
	[ -n "$file" ] || continue
	[ -f "$corpus/$file" ] || echo "$file"
done > corpus-setkey.missing
[ ! -s corpus-setkey.missing ]
tap_ok $? "every file in setkey.expect exists" ||
    tap_diag < corpus-setkey.missing
rm -f corpus-setkey.missing
tap_done
