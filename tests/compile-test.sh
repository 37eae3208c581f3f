#!/bin/sh
# How `tunnelgen compile` writes: summary line, determinism, files left
# alone when unchanged, psk.txt mode, failures that leave the old tree as
# it was, stale host folders, templates, layouts, and the rc.conf it
# writes as sh sees it.  Inputs live in tests/compile/.
. "${top_srcdir:-$(cd "$(dirname "$0")/.." && pwd)}/tests/lib.sh"

cases="$top_srcdir/tests/compile"
tmp=$(mktemp -d "${TMPDIR:-/tmp}/compile.XXXXXX") || exit 99
trap 'rm -rf "$tmp"' EXIT INT TERM
umask 022
COMPILE_TEST_PSK=compile-test-key
export COMPILE_TEST_PSK

tg() {	# tg ARGS...: run tunnelgen, stderr in $tmp/err, status in $st
	"$TUNNELGEN" "$@" 2>"$tmp/err"
	st=$?
}

expect() {	# expect STATUS DESCRIPTION
	if [ "$st" -ne "$1" ]; then
		echo "exit status $st, want $1" | tap_diag
		tap_diag <"$tmp/err"
		tap_ok 1 "$2"
	else
		tap_ok 0 "$2"
	fi
}

has() {	# has STRING DESCRIPTION: stderr contains STRING
	grep -F -q -- "$1" "$tmp/err"
	r=$?
	[ $r -ne 0 ] && { echo "stderr lacks: $1" | tap_diag; tap_diag <"$tmp/err"; }
	tap_ok $r "$2"
}

mtime() { stat -c %Y "$1"; }

out=$tmp/out
tg compile "$cases/two-hosts.yaml" -o "$out"
expect 0 "compile writes a tree"
has "tunnelgen: 8 files written, 0 unchanged" "summary counts the files"
n=$(find "$out" -type f | wc -l)
tap_ok $([ "$n" -eq 8 ]; echo $?) "8 files: rc.conf, ipsec.conf, racoon.conf, psk.txt per host"
tap_ok $([ "$(stat -c %a "$out/left/psk.txt")" = 600 ]; echo $?) "psk.txt is mode 0600"
tap_ok $([ "$(stat -c %a "$out/left/rc.conf")" = 644 ]; echo $?) "rc.conf is mode 0644"
tap_ok $(! find "$out" -name '.*.tg*' | grep -q .; echo $?) "no temporary file is left"

# Same input, same bytes; nothing rewritten, mtimes kept.
cp -R "$out" "$tmp/first"
find "$out" -type f -exec touch -d '2001-02-03 04:05:06' {} +
old=$(mtime "$out/right/racoon.conf")
tg "$cases/two-hosts.yaml" -o "$out"
expect 0 "the bare form (no verb) compiles"
has "tunnelgen: 0 files written, 8 unchanged" "a second run reports all unchanged"
diff -r "$tmp/first" "$out" >/dev/null
tap_ok $? "a second run gives identical bytes"
tap_ok $([ "$(mtime "$out/right/racoon.conf")" = "$old" ]; echo $?) "unchanged files keep their mtime"

# Same size, other content: rewritten.  A readable psk.txt: rewritten 0600.
sed -i 's/gif0/gif9/' "$out/left/rc.conf"
chmod 644 "$out/right/psk.txt"
tg compile -q "$cases/two-hosts.yaml" -o "$out"
expect 0 "compile -q"
tap_ok $([ ! -s "$tmp/err" ]; echo $?) "-q prints no summary"
diff -r "$tmp/first" "$out" >/dev/null
tap_ok $? "a changed file of the same size is rewritten"
tap_ok $([ "$(stat -c %a "$out/right/psk.txt")" = 600 ]; echo $?) "a psk.txt readable by others is rewritten 0600"

# rc.conf as sh sees it: the host's own lists are kept.
sh -n "$out/left/rc.conf"
tap_ok $? "rc.conf passes sh -n"
got=$(cd "$out/left" && sh -c 'cloned_interfaces="lo1 bridge0"; static_routes="lan"; . ./rc.conf; echo "$cloned_interfaces|$static_routes|$gateway_enable|$ipsec_enable"')
tap_ok $([ "$got" = "lo1 bridge0 gif0|lan left_right:gif0|YES|YES" ]; echo $?) "sourcing rc.conf appends to cloned_interfaces and static_routes"
[ "$got" = "lo1 bridge0 gif0|lan left_right:gif0|YES|YES" ] || echo "got: $got" | tap_diag

# A topology with errors writes nothing.
tg compile "$cases/errors.yaml" -o "$tmp/never"
expect 1 "a topology with errors exits 1"
tap_ok $([ ! -e "$tmp/never" ]; echo $?) "... and creates nothing"
tg compile "$cases/errors.yaml" -o "$out"
diff -r "$tmp/first" "$out" >/dev/null
tap_ok $? "... and leaves an existing tree as it was"
tg compile --format json "$cases/errors.yaml" -o "$tmp/never"
expect 1 "--format json exits 1 too"
tap_ok $(head -c1 "$tmp/err" | grep -q '\['; echo $?) "--format json prints a JSON array"

# An unwritable output folder: exit 2, a clear message, old files intact.
: >"$tmp/plainfile"
tg compile "$cases/two-hosts.yaml" -o "$tmp/plainfile/out"
expect 2 "-o under a regular file exits 2"
has "cannot create output folder" "... saying why"
: >"$out/right/rc.conf.d"	# a file where a folder must go
tg compile --layout rcconfd "$cases/two-hosts.yaml" -o "$out"
expect 2 "a failure half-way exits 2"
rm "$out/right/rc.conf.d"
diff -r "$tmp/first" "$out" >/dev/null
tap_ok $? "... and leaves the previous files untouched"
tap_ok $(! find "$out" -name '.*.tg*' | grep -q .; echo $?) "... and no temporary file"
tg compile "$cases/two-hosts.yaml"
expect 2 "a missing -o exits 2"

# Stale hosts: reported, removed only with --prune; foreign files stay.
echo "mine" >"$out/right/notes.txt"
echo "mine" >"$out/README"
tg compile "$cases/one-host-left.yaml" -o "$out"
expect 0 "compile after a host left"
has "1 stale host folder (right), 3 stale files" "the stale host folder and files are reported"
tap_ok $([ -f "$out/right/rc.conf" ] && [ -f "$out/left/psk.txt" ]; echo $?) "... and kept without --prune"
tap_ok $([ ! -e "$out/idle" ] && [ ! -e "$out/other/psk.txt" ]; echo $?) "no folder for a host without tunnels, no IPsec files without IPsec"
tg compile --prune "$cases/one-host-left.yaml" -o "$out"
expect 0 "compile --prune"
has "1 stale host folder removed (right)" "--prune reports what it removed"
tap_ok $([ ! -e "$out/right/rc.conf" ] && [ ! -e "$out/left/psk.txt" ] && [ ! -e "$out/left/racoon.conf" ]; echo $?) "--prune removes the files tunnelgen wrote"
tap_ok $([ -f "$out/right/notes.txt" ] && [ -f "$out/README" ]; echo $?) "--prune never removes foreign files"
rm "$out/right/notes.txt"
tg compile "$cases/two-hosts.yaml" -o "$out"
tg compile --prune "$cases/one-host-left.yaml" -o "$out"
tap_ok $([ ! -e "$out/right" ]; echo $?) "--prune removes a host folder left empty"

# Templates: a bad one is a located error and nothing is written.
tg compile --templates "$cases/bad-template" "$cases/two-hosts.yaml" -o "$tmp/never"
expect 2 "a bad template exits 2"
has "bad-template/racoon.conf.tmpl:4:10: error: unknown value 'peer_address'" "... with a located error"
tap_ok $([ ! -e "$tmp/never" ]; echo $?) "... and nothing written"
tg compile --templates "$cases/site-template" "$cases/two-hosts.yaml" -o "$tmp/site"
expect 0 "a site template directory"
tap_ok $(head -1 "$tmp/site/left/psk.txt" | grep -q "network team"; echo $?) "... changes the text around the keys"
tap_ok $(grep -q '^198.51.100.1 compile-test-key$' "$tmp/site/left/psk.txt"; echo $?) "... and keeps the entries"
cmp -s "$tmp/site/left/rc.conf" "$tmp/first/left/rc.conf"
tap_ok $? "... and built-in templates for the files it does not override"

# --layout rcconfd: one file per rc script, each appending safely.
tg compile --layout rcconfd "$cases/two-hosts.yaml" -o "$tmp/rcd"
expect 0 "--layout rcconfd"
st=0
for f in netif routing ipsec racoon; do
	[ -f "$tmp/rcd/left/rc.conf.d/$f" ] && sh -n "$tmp/rcd/left/rc.conf.d/$f" || st=1
done
tap_ok $st "rc.conf.d/netif, routing, ipsec, racoon exist and pass sh -n"
tap_ok $([ ! -e "$tmp/rcd/left/rc.conf" ]; echo $?) "... and no rc.conf"
got=$(cd "$tmp/rcd/left/rc.conf.d" && sh -c 'cloned_interfaces="lo1"; . ./netif; echo "$cloned_interfaces"')
tap_ok $([ "$got" = "lo1 gif0" ]; echo $?) "rc.conf.d/netif keeps the host's cloned_interfaces"
tg compile --layout sideways "$cases/two-hosts.yaml" -o "$tmp/rcd"
expect 2 "an unknown layout exits 2"
tap_done
