# Checks shared by the rc.conf case and corpus drivers (after tests/lib.sh).
dump=$top_builddir/tests/rcconf/rcconf_dump
tmpd=$(mktemp -d "${TMPDIR:-/tmp}/rcconf.XXXXXX") || exit 99
trap 'rm -rf "$tmpd"' EXIT

# rcc_roundtrip FILE NAME: the canonical form reads back, without errors,
# to itself (conditional blocks print as `if :; then`, which warns).  Sets rcc_clean=1 when FILE itself had no
# diagnostic at all (nothing unsupported), for rcc_same_in_sh.
rcc_roundtrip() {
	rcc_clean=0
	"$dump" -p "$1" >"$tmpd/one.conf" 2>"$tmpd/one.err"
	rc=$?
	[ $rc -eq 0 ] && [ ! -s "$tmpd/one.err" ] && rcc_clean=1
	if [ $rc -ne 0 ]; then
		tap_skip "$2: round trip" "the file has errors"
		return
	fi
	"$dump" -p "$tmpd/one.conf" >"$tmpd/two.conf" 2>"$tmpd/two.err"
	rc=$?
	if [ $rc -eq 0 ] &&
	    cmp -s "$tmpd/one.conf" "$tmpd/two.conf"; then
		tap_ok 0 "$2: round trip"
	else
		tap_ok 1 "$2: round trip"
		diff "$tmpd/one.conf" "$tmpd/two.conf" | tap_diag
		tap_diag <"$tmpd/two.err"
	fi
}

# The variables a file sets when sourced by dash, one per NUL-ended record.
rcc_sh_vars() {
	(cd "$tmpd" && env -i PATH=/usr/bin:/bin dash -c \
	    '__rcc_f=$1; shift; set -a; . "$__rcc_f" >/dev/null 2>&1; env -0' \
	    sh "$1") | grep -zv '^__rcc_f=' |
	    LC_ALL=C sort -z | tr '\0' '\n'
}

# rcc_same_in_sh FILE NAME: after rcc_roundtrip, the canonical form sets
# the same variables to the same values as FILE does in dash.
rcc_same_in_sh() {
	if ! command -v dash >/dev/null 2>&1; then
		tap_skip "$2: same variables in sh" "dash is not installed"
		return
	fi
	if [ "$rcc_clean" != 1 ]; then
		tap_skip "$2: same variables in sh" "unsupported constructs"
		return
	fi
	case $1 in
	/*) orig=$1 ;;
	*) orig=$(pwd)/$1 ;;
	esac
	rcc_sh_vars "$orig" >"$tmpd/orig.vars"
	rcc_sh_vars "$tmpd/one.conf" >"$tmpd/canon.vars"
	if cmp -s "$tmpd/orig.vars" "$tmpd/canon.vars"; then
		tap_ok 0 "$2: same variables in sh"
	else
		tap_ok 1 "$2: same variables in sh"
		diff "$tmpd/orig.vars" "$tmpd/canon.vars" | tap_diag
	fi
}
