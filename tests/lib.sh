# Shared by the shell test drivers: TAP output and small assertions.
# Drivers set top_srcdir/top_builddir/TUNNELGEN via the test environment.
: "${top_srcdir:=$(cd "$(dirname "$0")/.." && pwd)}"
: "${top_builddir:=$top_srcdir}"
: "${TUNNELGEN:=$top_builddir/tunnelgen}"
tap_n=0
tap_failed=0

tap_ok() {	# tap_ok STATUS DESCRIPTION  (STATUS 0 = pass)
	tap_n=$((tap_n + 1))
	if [ "$1" -eq 0 ]; then
		echo "ok $tap_n - $2"
	else
		echo "not ok $tap_n - $2"
		tap_failed=$((tap_failed + 1))
	fi
}

tap_skip() {	# tap_skip DESCRIPTION REASON
	tap_n=$((tap_n + 1))
	echo "ok $tap_n - $1 # SKIP $2"
}

tap_diag() {	# indent text as TAP comments
	sed 's/^/#   /'
}

tap_done() {
	echo "1..$tap_n"
	[ "$tap_failed" -eq 0 ]
}

# tap_expected NAME DIR OUT STATUS [LOG]: a data-driven case's result.
# With regen=1 the files OUT and STATUS become DIR/expected and DIR/status;
# otherwise they must equal them (LOG, a file, is shown on a wrong status).
tap_expected() {
	if [ "${regen:-0}" -eq 1 ]; then
		cp "$3" "$2/expected"
		cp "$4" "$2/status"
		tap_ok 0 "$1 (regenerated)"
		return
	fi
	tap_st=0
	if ! cmp -s "$3" "$2/expected"; then
		tap_st=1
		diff -u "$2/expected" "$3" | tap_diag
	fi
	if [ "$(cat "$4")" != "$(cat "$2/status")" ]; then
		tap_st=1
		{
			echo "exit status $(cat "$4"), want $(cat "$2/status")"
			if [ -n "${5:-}" ]; then cat "$5"; fi
		} | tap_diag
	fi
	tap_ok $tap_st "$1"
}

# tap_need_corpus: set $corpus to the real-world corpus ($TG_CORPUS or the
# shared one); when it is absent the whole script is one skip.
tap_need_corpus() {
	corpus=${TG_CORPUS:-$top_srcdir/../shared/corpus}
	if [ ! -d "$corpus" ]; then
		tap_skip "corpus" "no corpus at $corpus"
		tap_done
		exit 0
	fi
}
