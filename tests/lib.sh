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
