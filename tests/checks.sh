#!/bin/sh
# Data-driven topology checks: every folder under tests/checks holds a
# topology.yaml, the exact stderr of `tunnelgen check topology.yaml` run
# inside that folder (expected) and its exit status (status).  An optional
# `env` file holds VAR=value lines exported for the run; a folder with a
# `generate` script instead of a topology.yaml (inputs too big to keep) is
# copied and the script writes the topology there.  With --regen the
# expected files are rewritten instead of compared.
#
# The samples must check clean (warnings allowed): they are run too.
. "${top_srcdir:-$(cd "$(dirname "$0")/.." && pwd)}/tests/lib.sh"

regen=0
[ "${1:-}" = "--regen" ] && regen=1
cases="$top_srcdir/tests/checks"
tmp=$(mktemp -d "${TMPDIR:-/tmp}/checks.XXXXXX") || exit 99
trap 'rm -rf "$tmp"' EXIT INT TERM

run_case() {	# run_case DIR -> $tmp/stderr, $tmp/status
	(
		cd "$1" || exit 99
		if [ -f generate ]; then
			rm -rf "$tmp/gen"
			mkdir "$tmp/gen" && cp -R . "$tmp/gen" && cd "$tmp/gen" &&
			    sh ./generate || exit 99
		fi
		if [ -f env ]; then
			set -a
			. ./env
			set +a
		fi
		"$TUNNELGEN" check topology.yaml >/dev/null 2>"$tmp/stderr"
		echo $? >"$tmp/status"
	)
}

for dir in "$cases"/*/; do
	dir=${dir%/}
	name=${dir##*/}
	[ -f "$dir/topology.yaml" ] || [ -f "$dir/generate" ] || continue
	run_case "$dir"
	tap_expected "$name" "$dir" "$tmp/stderr" "$tmp/status"
done

[ $regen -eq 1 ] && { tap_done; exit $?; }

# Every code the cases print is in the table that --list-checks prints.
missing=$(cat "$cases"/*/expected |
    sed -n 's/.* \[\([a-z0-9-]*\)\]$/\1/p' | sort -u |
    while read -r code; do
	grep -q "(\"$code\"," "$top_srcdir/validate/codes.c" || echo "$code"
    done)
[ -n "$missing" ] && echo "$missing" | tap_diag
tap_ok "$([ -z "$missing" ]; echo $?)" "every code in the expected output is listed in validate/codes.c"

# The shipped samples: no errors (warnings are fine), exit status 0.
for f in "$top_srcdir"/samples/*.yaml; do
	(
		cd "$top_srcdir/samples" &&
		CORP_HOME_PSK=corp-home-test-key DC_BRANCH_PSK=dc-branch-test-key \
		    "$TUNNELGEN" check "${f##*/}" >/dev/null 2>"$tmp/stderr"
	)
	st=$?
	[ $st -ne 0 ] && tap_diag <"$tmp/stderr"
	tap_ok $st "sample ${f##*/} checks clean"
done
tap_done
