#!/bin/sh
# Golden output trees: every sample in samples/ is compiled and the tree is
# compared byte for byte with tests/golden/SAMPLE/.  A folder named
# SAMPLE.rcconfd holds the same sample compiled with --layout rcconfd.
# With --regen (make regen-golden) the expected trees are rewritten from
# the current output instead, for a reviewer to read the diff.
. "${top_srcdir:-$(cd "$(dirname "$0")/.." && pwd)}/tests/lib.sh"

regen=0
[ "${1:-}" = "--regen" ] && regen=1
golden="$top_srcdir/tests/golden"
tmp=$(mktemp -d "${TMPDIR:-/tmp}/golden.XXXXXX") || exit 99
trap 'rm -rf "$tmp"' EXIT INT TERM

# The keys the samples take from the environment.
CORP_HOME_PSK=corp-home-sample-key
DC_BRANCH_PSK=dc-branch-sample-key
export CORP_HOME_PSK DC_BRANCH_PSK

compile() {	# compile SAMPLE LAYOUT OUT
	(cd "$top_srcdir/samples" &&
	    "$TUNNELGEN" compile -q --layout "$2" "$1.yaml" -o "$3")
}

cases=
for f in "$top_srcdir"/samples/*.yaml; do
	s=${f##*/}
	cases="$cases ${s%.yaml}"
done
for d in "$golden"/*.rcconfd; do
	[ -d "$d" ] && cases="$cases ${d##*/}"
done

for c in $cases; do
	sample=${c%.rcconfd}
	layout=append
	[ "$c" != "$sample" ] && layout=rcconfd
	out="$tmp/$c"
	compile "$sample" "$layout" "$out" 2>"$tmp/stderr"
	st=$?
	if [ $st -ne 0 ]; then
		tap_diag <"$tmp/stderr"
		tap_ok 1 "$c compiles"
		continue
	fi
	if [ $regen -eq 1 ]; then
		rm -rf "$golden/$c" && cp -R "$out" "$golden/$c"
		tap_ok $? "$c (regenerated)"
		continue
	fi
	diff -r -u "$golden/$c" "$out" >"$tmp/diff" 2>&1
	st=$?
	[ $st -ne 0 ] && tap_diag <"$tmp/diff"
	tap_ok $st "$c matches tests/golden/$c"

	# Every rc.conf fragment is sh that /bin/sh reads without error.
	st=0
	for f in $(find "$out" -type f \( -name rc.conf -o -path '*/rc.conf.d/*' \)); do
		sh -n "$f" 2>&1 | tap_diag
		sh -n "$f" 2>/dev/null || st=1
	done
	tap_ok $st "$c: every rc.conf passes sh -n"
done
tap_done
