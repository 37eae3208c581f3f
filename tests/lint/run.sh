#!/bin/sh
# Data-driven lint cases: every folder under tests/lint/cases holds host
# trees (one sub-folder per host), an optional `args` file (the lint
# arguments; default: every sub-folder, in name order), the exact output of
# `tunnelgen lint ARGS` run inside a copy of that folder, stdout and stderr
# together (expected), and its exit status (status).  An optional `prep`
# script runs in the copy first (file modes cannot live in git); a case
# with a `needs-root` file is skipped when not run as root.  With --regen
# the expected files are rewritten instead of compared.
. "${top_srcdir:-$(cd "$(dirname "$0")/../.." && pwd)}/tests/lib.sh"

regen=0
[ "${1:-}" = "--regen" ] && regen=1
cases="$top_srcdir/tests/lint/cases"
tmp=$(mktemp -d "${TMPDIR:-/tmp}/lint.XXXXXX") || exit 99
trap 'rm -rf "$tmp"' EXIT INT TERM

for dir in "$cases"/*/; do
	dir=${dir%/}
	name=${dir##*/}
	if [ -f "$dir/needs-root" ] && [ "$(id -u)" != 0 ]; then
		tap_skip "$name" "needs root"
		continue
	fi
	rm -rf "$tmp/case"
	cp -R "$dir" "$tmp/case"
	(
		cd "$tmp/case" || exit 99
		[ -f prep ] && sh ./prep
		if [ -f args ]; then
			args=$(cat args)
		else
			args=$(for d in */; do printf '%s ' "${d%/}"; done)
		fi
		# shellcheck disable=SC2086
		"$TUNNELGEN" lint $args >"$tmp/out" 2>&1
		echo $? >"$tmp/status"
	)
	tap_expected "$name" "$dir" "$tmp/out" "$tmp/status"
done

# Every check in the table has a case whose expected output names it.
for code in $("$TUNNELGEN" lint --list-checks |
    sed -n '/^# Lint/,$p' | awk 'NF > 1 && $1 !~ /^#/ { print $1 }'); do
	if grep -rqs "\[$code\]" "$cases"/*/expected ||
	    grep -qs "\"ruleId\":\"$code\"" "$cases"/*/expected; then
		tap_ok 0 "check $code has a case"
	elif [ "$(id -u)" != 0 ] && grep -qs "$code" "$cases"/*/needs-root; then
		tap_skip "check $code has a case" "needs root"
	else
		tap_ok 1 "check $code has a case"
	fi
done
tap_done
