#!/bin/sh
# Data-driven diff cases.  Every folder under tests/diff/cases is one case:
#   topology    optional: the topology, a path relative to the source tree
#               (default samples/hub-spokes.yaml); or topology.yaml here
#   layout      optional: compile's --layout (append or rcconfd)
#   no-compile  optional: start from an empty deployed/ (a topology that
#               does not compile)
#   edit        optional: a shell script run inside the compiled tree
#               (deployed/, one folder per host) that makes ONE change
#   args        optional: extra diff arguments (default none)
#   deployed    optional: what to give instead of the folder `deployed`
#   expected    the exact stdout of `tunnelgen diff TOPOLOGY DEPLOYED ARGS`
#   status      its exit status (0 identical, 1 drift, 2 trouble)
# The deployed tree is made by compiling the topology in the test, so the
# cases stay true when the printers change.  With --regen the expected
# files are rewritten instead of compared; review the diff.
. "${top_srcdir:-$(cd "$(dirname "$0")/../.." && pwd)}/tests/lib.sh"

regen=0
[ "${1:-}" = "--regen" ] && regen=1
cases="$top_srcdir/tests/diff/cases"
tmp=$(mktemp -d "${TMPDIR:-/tmp}/diff.XXXXXX") || exit 99
trap 'rm -rf "$tmp"' EXIT INT TERM
# Topologies that take their key from the environment.
TG_DIFF_PSK=diff-test-key-from-the-environment
export TG_DIFF_PSK

for dir in "$cases"/*/; do
	dir=${dir%/}
	name=${dir##*/}
	rm -rf "$tmp/case"
	mkdir "$tmp/case"
	(
		cd "$tmp/case" || exit 99
		if [ -f "$dir/topology.yaml" ]; then
			topo="$dir/topology.yaml"
		elif [ -f "$dir/topology" ]; then
			topo="$top_srcdir/$(cat "$dir/topology")"
		else
			topo="$top_srcdir/samples/hub-spokes.yaml"
		fi
		layout=append
		[ -f "$dir/layout" ] && layout=$(cat "$dir/layout")
		if [ -f "$dir/no-compile" ]; then
			mkdir deployed
		else
			"$TUNNELGEN" compile "$topo" -o deployed \
			    --layout "$layout" -q || exit 99
		fi
		cp -R deployed pristine
		if [ -f "$dir/edit" ]; then
			(cd deployed && sh "$dir/edit") || exit 99
			# an edit that changes nothing tests nothing
			if diff -r pristine deployed >/dev/null &&
			    [ "$(cat "$dir/status")" != 0 ]; then
				exit 98
			fi
		fi
		args=
		[ -f "$dir/args" ] && args=$(cat "$dir/args")
		dep=deployed
		[ -f "$dir/deployed" ] && dep=$(cat "$dir/deployed")
		# shellcheck disable=SC2086
		"$TUNNELGEN" diff "$topo" $dep $args >"$tmp/out" \
		    2>"$tmp/err"
		echo $? >"$tmp/status"
	) || { tap_ok 1 "$name (could not set up)"; continue; }
	tap_expected "$name" "$dir" "$tmp/out" "$tmp/status" "$tmp/err"
done

# --unified agrees with diff -u, hunk for hunk, on every host and file
# that both the compiled and the edited tree have.
for name in level-edited tunnel-destination mtu-edited psk-changed \
    reordered respelled stale-interface extra-cloned whole-rcconf \
    manual-sa phase1-edited; do
	dir="$cases/$name"
	rm -rf "$tmp/u"
	mkdir "$tmp/u"
	(
		cd "$tmp/u" || exit 99
		topo="$top_srcdir/samples/hub-spokes.yaml"
		"$TUNNELGEN" compile "$topo" -o pristine -q || exit 99
		cp -R pristine deployed
		(cd deployed && sh "$dir/edit") || exit 99
		"$TUNNELGEN" diff --unified --show-secrets "$topo" deployed \
		    >"$tmp/u.out"
		for h in $(ls pristine); do
			for f in rc.conf ipsec.conf racoon.conf psk.txt; do
				[ -f "pristine/$h/$f" ] &&
				    [ -f "deployed/$h/$f" ] || continue
				diff -u --label "generated/$h/$f" \
				    --label "deployed/$h/$f" \
				    "pristine/$h/$f" "deployed/$h/$f"
			done
		done >"$tmp/u.want"
		cmp -s "$tmp/u.want" "$tmp/u.out" || {
			diff -u "$tmp/u.want" "$tmp/u.out" | tap_diag
			exit 1
		}
	)
	tap_ok $? "--unified matches diff -u: $name"
done

tap_done
