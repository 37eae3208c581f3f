#!/bin/sh
# The real-world corpus: every file lints alone without crashing (exit 0,
# 1 or 2, never a signal or a sanitizer report), and so does each corpus
# folder taken as one host.  Skipped when the corpus is absent.
. "${top_srcdir:-$(cd "$(dirname "$0")/../.." && pwd)}/tests/lib.sh"

tap_need_corpus
tmp=$(mktemp -d "${TMPDIR:-/tmp}/lint-corpus.XXXXXX") || exit 99
trap 'rm -rf "$tmp"' EXIT INT TERM

n=0
bad=0
for f in $(find "$corpus" -type f ! -name 'SOURCES.md' | sort); do
	n=$((n + 1))
	"$TUNNELGEN" lint "$f" >"$tmp/out" 2>&1
	st=$?
	if [ $st -gt 2 ] || grep -q 'runtime error\|AddressSanitizer' "$tmp/out"
	then
		bad=$((bad + 1))
		echo "$f: exit $st" | tap_diag
		tail -5 "$tmp/out" | tap_diag
	fi
done
tap_ok $bad "$n corpus files lint alone without crashing"

bad=0
for d in "$corpus"/*/; do
	"$TUNNELGEN" lint --tunnels "$d" >"$tmp/out" 2>&1
	st=$?
	if [ $st -gt 2 ] || grep -q 'runtime error\|AddressSanitizer' "$tmp/out"
	then
		bad=$((bad + 1))
		echo "$d: exit $st" | tap_diag
	fi
done
tap_ok $bad "corpus folders lint as hosts without crashing"
tap_done
