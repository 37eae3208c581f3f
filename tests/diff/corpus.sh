#!/bin/sh
# The real-world corpus as deployed files: each rc.conf, setkey file and
# racoon.conf, put in place of one host's file of a sample, diffs without
# crashing (exit 0, 1 or 2, never a signal or a sanitizer report), in both
# output modes.  Skipped when the corpus is absent.
. "${top_srcdir:-$(cd "$(dirname "$0")/../.." && pwd)}/tests/lib.sh"

tap_need_corpus
tmp=$(mktemp -d "${TMPDIR:-/tmp}/diff-corpus.XXXXXX") || exit 99
trap 'rm -rf "$tmp"' EXIT INT TERM
topo="$top_srcdir/samples/hub-spokes.yaml"

for kind in rc.conf racoon setkey; do
	case $kind in
	rc.conf) name=rc.conf ;;
	racoon) name=racoon.conf ;;
	setkey) name=ipsec.conf ;;
	esac
	n=0
	bad=0
	for f in $(find "$corpus/$kind" -type f | sort); do
		n=$((n + 1))
		rm -rf "$tmp/hub"
		"$TUNNELGEN" compile "$topo" -o "$tmp/t" -q || exit 99
		cp -R "$tmp/t/hub" "$tmp/hub"
		cp "$f" "$tmp/hub/$name"
		for mode in "" --unified; do
			"$TUNNELGEN" diff $mode "$topo" --host "hub=$tmp/hub" \
			    >"$tmp/out" 2>&1
			st=$?
			if [ $st -gt 2 ] ||
			    grep -q 'runtime error\|Sanitizer' "$tmp/out"; then
				bad=$((bad + 1))
				echo "$f ${mode:-semantic}: exit $st" | tap_diag
			fi
		done
	done
	tap_ok $bad "$n corpus $kind files diff without crashing"
done

tap_done
