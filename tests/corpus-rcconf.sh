#!/bin/sh
# Every rc.conf file of the corpus of real files parses without errors
# (unsupported constructs are warnings), reads back from its canonical form
# to the same form, and, when it has nothing unsupported, sets the same
# variables in dash.  The corpus lives beside the source tree or in
# $TG_CORPUS; without it the test is skipped.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/rcconf/common.sh"

corpus=${TG_CORPUS:-$top_srcdir/../shared/corpus}/rc.conf
if [ ! -d "$corpus" ]; then
	echo "1..0 # SKIP no corpus at $corpus"
	exit 0
fi
for f in "$corpus"/*; do
	[ -f "$f" ] || continue
	name=${f##*/}
	"$dump" -p "$f" >/dev/null 2>"$tmpd/err"
	rc=$?
	tap_ok $rc "$name: parses without errors"
	[ $rc -eq 0 ] || tap_diag <"$tmpd/err"
	rcc_roundtrip "$f" "$name"
	rcc_same_in_sh "$f" "$name"
done
tap_done
