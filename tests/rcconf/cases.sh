#!/bin/sh
# The rc.conf grammar cases: for every tests/rcconf/NAME.conf, the
# canonical form, model and diagnostics rcconf_dump prints must equal
# NAME.expected; the canonical form must read back to itself; and, for
# files without unsupported constructs, set the same variables in dash.
# TG_UPDATE=1 rewrites the expected files instead (make update-rcconf-expected).
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/rcconf/common.sh"

cd "$top_srcdir/tests/rcconf" || exit 99
for conf in *.conf; do
	name=${conf%.conf}
	"$dump" "$conf" >"$tmpd/got" 2>&1
	if [ "${TG_UPDATE:-}" = 1 ]; then
		cp "$tmpd/got" "$name.expected"
		echo "# updated $name.expected"
		continue
	fi
	if cmp -s "$tmpd/got" "$name.expected"; then
		tap_ok 0 "$name: output"
	else
		tap_ok 1 "$name: output"
		diff "$name.expected" "$tmpd/got" | tap_diag
	fi
	rcc_roundtrip "$conf" "$name"
	rcc_same_in_sh "$conf" "$name"
done
tap_done
