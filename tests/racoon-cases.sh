#!/bin/sh
# Data-driven racoon.conf cases: tests/racoon/CASE.conf is parsed by the
# check program and its output (diagnostics as LINE:COL: severity: message
# [code], then the canonical form when there was no error) must equal
# CASE.expected.  Error-free cases must also survive the round trip;
# CASE.ast, when present, holds the tree with every element's location.
. "${top_srcdir:-$(dirname "$0")/..}/tests/lib.sh"

check="$top_builddir/tests/unit/test_racoon"
tmp=${TMPDIR:-/tmp}/racoon-cases.$$
trap 'rm -f "$tmp" "$tmp.diff"' EXIT

for c in "$top_srcdir"/tests/racoon/*.conf; do
	name=$(basename "$c" .conf)
	"$check" parse "$c" > "$tmp"
	st=$?
	diff -u "${c%.conf}.expected" "$tmp" > "$tmp.diff"
	ok=$?
	tap_diag < "$tmp.diff"
	tap_ok $ok "$name"
	if [ -f "${c%.conf}.ast" ]; then	# the tree with its locations
		"$check" ast "$c" > "$tmp"
		diff -u "${c%.conf}.ast" "$tmp" > "$tmp.diff"
		ok=$?
		tap_diag < "$tmp.diff"
		tap_ok $ok "$name tree and locations"
	fi
	if [ $st -eq 0 ]; then
		"$check" roundtrip "$c" > "$tmp.diff" 2>&1
		ok=$?
		tap_diag < "$tmp.diff"
		tap_ok $ok "$name round trip"
	fi
done
tap_done
