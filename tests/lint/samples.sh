#!/bin/sh
# Every sample's compiled output lints clean: exit 0, no error, and no
# warning but those a topology asks for on purpose (level use, a weak
# algorithm: `tunnelgen check` warns about the latter too); every
# inferred tunnel has status ok.
. "${top_srcdir:-$(cd "$(dirname "$0")/../.." && pwd)}/tests/lib.sh"

tmp=$(mktemp -d "${TMPDIR:-/tmp}/lint-samples.XXXXXX") || exit 99
trap 'rm -rf "$tmp"' EXIT INT TERM

for f in "$top_srcdir"/samples/*.yaml; do
	name=$(basename "$f" .yaml)
	(
		cd "$top_srcdir/samples" &&
		CORP_HOME_PSK=corp-home-test-key DC_BRANCH_PSK=dc-branch-test-key \
		    "$TUNNELGEN" compile "$f" -o "$tmp/$name" >/dev/null 2>&1
	)
	if [ ! -d "$tmp/$name" ]; then
		tap_ok 1 "$name compiles"
		continue
	fi
	"$TUNNELGEN" lint "$tmp/$name" >"$tmp/out" 2>&1
	st=$?
	grep ': \(error\|warning\): ' "$tmp/out" |
	    grep -v '\[ipsec-level-use\]$\|\[racoon-weak-algorithm\]$' |
	    grep -q . && st=1
	[ $st -ne 0 ] && tap_diag <"$tmp/out"
	tap_ok $st "$name: compiled output lints clean"

	"$TUNNELGEN" lint --tunnels "$tmp/$name" >"$tmp/table" 2>"$tmp/err"
	st=$?
	awk 'NR > 1 && $NF != "ok" { bad = 1 } END { exit bad }' \
	    "$tmp/table" || st=1
	[ "$(wc -l <"$tmp/table")" -gt 1 ] || st=1
	[ $st -ne 0 ] && tap_diag <"$tmp/table"
	tap_ok $st "$name: every tunnel in the table is ok"

	(
		cd "$top_srcdir/samples" &&
		CORP_HOME_PSK=corp-home-test-key DC_BRANCH_PSK=dc-branch-test-key \
		    "$TUNNELGEN" lint --topology "$f" "$tmp/$name"
	) >"$tmp/out" 2>&1 || true
	# literal-psk and similar topology warnings may show; no errors.
	if grep -q ': error:' "$tmp/out"; then
		tap_diag <"$tmp/out"
		tap_ok 1 "$name: output matches its topology"
	else
		tap_ok 0 "$name: output matches its topology"
	fi
done
tap_done
