#!/bin/sh
# Loader cases: tests/loader/CASE/ holds topology.yaml (absent on purpose in
# cannot-read), any psk files it names, `expected` (the exact stderr of
# `tunnelgen check topology.yaml` run inside the case folder), `status` (its
# exit status) and optionally `mode` (the topology's file mode, default 600).
# Cases run in a copy so that file modes can be set.  REGEN=1 rewrites
# expected and status in the source tree (make regen-loader).
. "$top_srcdir/tests/lib.sh"

cases="$top_srcdir/tests/loader"
work="$top_builddir/tests/loader-run"
TG_TEST_PSK='test-key-0123456789'
export TG_TEST_PSK
unset TG_UNSET_PSK

rm -rf "$work"
mkdir -p "$work"
for d in "$cases"/*/; do
	name=$(basename "$d")
	run="$work/$name"
	cp -R "$d" "$run"
	chmod -R u+w "$run"
	mode=600
	[ -f "$d/mode" ] && mode=$(cat "$d/mode")
	[ -f "$run/topology.yaml" ] && chmod "$mode" "$run/topology.yaml"
	(cd "$run" && "$TUNNELGEN" check topology.yaml >stdout 2>actual
	    echo $? >actual-status)
	if [ "${REGEN:-0}" = 1 ]; then
		cp "$run/actual" "$d/expected"
		cp "$run/actual-status" "$d/status"
	fi
	fail=0
	if ! cmp -s "$run/actual" "$d/expected" 2>/dev/null; then
		fail=1
		diff -u "$d/expected" "$run/actual" 2>&1 | tap_diag
	fi
	if ! cmp -s "$run/actual-status" "$d/status" 2>/dev/null; then
		fail=1
		echo "exit status $(cat "$run/actual-status"), want" \
		    "$(cat "$d/status" 2>/dev/null)" | tap_diag
	fi
	if [ -s "$run/stdout" ]; then
		fail=1
		echo "check wrote to stdout" | tap_diag
	fi
	tap_ok $fail "$name"
done

# Every sample loads clean.
CORP_HOME_PSK='corp-home-test-key'
DC_BRANCH_PSK='dc-branch-test-key'
export CORP_HOME_PSK DC_BRANCH_PSK
for f in "$top_srcdir"/samples/*.yaml; do
	out=$(cd "$top_srcdir/samples" && "$TUNNELGEN" check "$(basename "$f")" 2>&1)
	rc=$?
	[ -n "$out" ] && echo "$out" | tap_diag
	[ $rc -eq 0 ] && [ -z "$out" ]
	tap_ok $? "sample $(basename "$f") loads clean"
done

# --strict makes the literal key an error, but the tunnel is still checked:
# its weak algorithm is reported too, not dropped with it.
st="$work/strict.yaml"
cat >"$st" <<'EOF'
version: 1
hosts:
  a: { address: 203.0.113.1, networks: [192.168.1.0/24] }
  b: { address: 198.51.100.2, networks: [192.168.2.0/24] }
tunnels:
  ab:
    between: [a, b]
    inner: 10.0.0.0/30
    ipsec: { psk: "literal-key-here", phase2: { auth: hmac-sha1 } }
EOF
chmod 600 "$st"
"$TUNNELGEN" check --strict "$st" >/dev/null 2>"$work/strict.err"
rc=$?
[ $rc -eq 1 ] && grep -q 'error: .*\[literal-psk\]' "$work/strict.err" &&
    grep -q 'error: .*\[weak-algorithm\]' "$work/strict.err" &&
    ! grep -q 'literal-key-here' "$work/strict.err"
tap_ok $? "--strict: a promoted warning does not hide the tunnel from the checks"

# A billion laughs (10^12 nodes when expanded) is refused fast and small.
bl="$work/laughs.yaml"
{
	echo "version: 1"
	echo "l0: &l0 [x, x, x, x, x, x, x, x, x, x]"
	i=1
	while [ $i -le 11 ]; do
		p=$((i - 1))
		echo "l$i: &l$i [*l$p, *l$p, *l$p, *l$p, *l$p, *l$p, *l$p, *l$p, *l$p, *l$p]"
		i=$((i + 1))
	done
	echo "hosts: {}"
	echo "tunnels: {}"
} >"$bl"
start=$(date +%s%N)
"$TUNNELGEN" check "$bl" >/dev/null 2>"$work/laughs.err"
rc=$?
end=$(date +%s%N)
ms=$(( (end - start) / 1000000 ))
echo "billion laughs: exit $rc in $ms ms" | tap_diag
[ $rc -eq 1 ] && grep -q 'alias-expansion' "$work/laughs.err" && [ $ms -lt 1000 ]
tap_ok $? "billion laughs refused in under a second"
# Address space capped at 16 MB (skipped under sanitizers, which reserve
# terabytes of shadow memory up front).
if (ulimit -v 16384 && "$TUNNELGEN" --version) >/dev/null 2>&1; then
	(ulimit -v 16384 && "$TUNNELGEN" check "$bl") >/dev/null 2>&1
	[ $? -eq 1 ]
	tap_ok $? "billion laughs refused within 16 MB of address space"
else
	tap_skip "billion laughs within 16 MB" "the binary cannot start under ulimit -v"
fi
[ "$tap_failed" -eq 0 ] && rm -rf "$work"
tap_done
