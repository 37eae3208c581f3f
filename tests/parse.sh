#!/bin/sh
# tunnelgen parse: the kind of a file from --as, its name or its content;
# exit 0 (parsed), 1 (errors, located), 2 (trouble); the canonical form
# reads back to itself.
. "$top_srcdir/tests/lib.sh"

tmpd=$(mktemp -d "${TMPDIR:-/tmp}/parse.XXXXXX") || exit 99
trap 'rm -rf "$tmpd"' EXIT
cd "$tmpd" || exit 99

cat >rc.sample <<'X'
# comment
hostname="gw1"  cloned_interfaces=gre0
ifconfig_gre0='inet 10.255.0.1 10.255.0.2 tunnel 192.0.2.1 198.51.100.2'
cloned_interfaces="${cloned_interfaces} gif0"
X
cat >setkey.sample <<'X'
# policies
flush;
spdflush;
spdadd 10.1.0.0/16 10.2.0.0/16 any -P out ipsec esp/tunnel/192.0.2.1-198.51.100.2/require;
spdadd 10.2.0.0/16 10.1.0.0/16 any -P in ipsec esp/tunnel/198.51.100.2-192.0.2.1/require;
X
cat >racoon.sample <<'X'
path pre_shared_key "/usr/local/etc/racoon/psk.txt";
remote 198.51.100.2 {
	exchange_mode main;
	proposal {
		encryption_algorithm aes;
		hash_algorithm sha256;
		authentication_method pre_shared_key;
		dh_group 14;
	}
}
sainfo anonymous {
	encryption_algorithm aes;
	authentication_algorithm hmac_sha256;
	compression_algorithm deflate;
}
X

# run ARGS...: exit status in $rc, stdout in out, stderr in err.
run() {
	"$TUNNELGEN" parse "$@" >out 2>err
	rc=$?
}

# The canonical form of each sample, with the kind given.
for k in rc setkey racoon; do
	as=$k
	[ $k = rc ] && as=rc.conf
	run --as $as $k.sample
	[ $rc -eq 0 ] && [ -s out ] && [ ! -s err ]
	tap_ok $? "--as $as: parses, prints, no diagnostics"
	cp out $k.canon
	# Idempotent: the canonical form is its own canonical form.
	cp $k.canon $k.canon2
	run --as $as $k.canon2
	[ $rc -eq 0 ] && cmp -s out $k.canon
	tap_ok $? "--as $as: canonical form is canonical"
done
grep -q '^cloned_interfaces="${cloned_interfaces} gif0"$' rc.canon
tap_ok $? "rc.conf canonical form keeps the self-append"

# Kind from the file name.
byname() {	# byname SAMPLE PATH
	mkdir -p "$(dirname "$2")"
	cp "$1.sample" "$2"
	run "$2"
	[ $rc -eq 0 ] && cmp -s out "$1.canon"
	tap_ok $? "kind from the name: $2"
}
byname rc etc/rc.conf
byname rc etc/rc.conf.local
byname rc host.rc.conf
byname rc etc/rc.conf.d/network
byname setkey etc/ipsec.conf
byname setkey setkey.conf
byname setkey tunnels.setkey
byname racoon racoon.conf
byname racoon racoon.conf.sample

# The name wins over the content, and --as over the name.
mkdir -p wrong
cp racoon.sample wrong/rc.conf
run wrong/rc.conf
[ $rc -eq 1 ] && grep -q '^wrong/rc.conf:[0-9]*:[0-9]*: error: .*\[rcconf-syntax\]' err
tap_ok $? "a racoon.conf named rc.conf is read as rc.conf: errors, exit 1"
run --as racoon wrong/rc.conf
[ $rc -eq 0 ] && cmp -s out racoon.canon
tap_ok $? "--as racoon overrides the name"

# Kind from the content.
for k in rc setkey racoon; do
	cp $k.sample unnamed-$k
	run unnamed-$k
	[ $rc -eq 0 ] && cmp -s out $k.canon
	tap_ok $? "kind from the content: $k"
done
# Every real rc.conf of the corpus is told from its content.
corpus=${TG_CORPUS:-$top_srcdir/../shared/corpus}/rc.conf
if [ -d "$corpus" ]; then
	bad=0
	for f in "$corpus"/*; do
		cp "$f" neutral-name
		"$TUNNELGEN" parse --as rc.conf neutral-name >want 2>/dev/null
		"$TUNNELGEN" parse neutral-name >out 2>/dev/null
		cmp -s want out || { bad=1; echo "# not told: $f"; }
	done
	tap_ok $bad "kind from the content: every corpus rc.conf"
else
	tap_skip "kind from the content: every corpus rc.conf" "no corpus"
fi
printf 'just some\ntext here\n' >unknown
run unknown
[ $rc -eq 2 ] && grep -q 'use --as' err
tap_ok $? "unknown kind: exit 2"

# Exit statuses.
printf 'a=1\nb="open\n' >bad.rc.conf
run bad.rc.conf
[ $rc -eq 1 ] && grep -q '^bad.rc.conf:2:3: error: unterminated double quote \[rcconf-syntax\]' err &&
    [ ! -s out ]
tap_ok $? "syntax error: exit 1, located, nothing printed"
printf 'x=1 )\ny=2 )\n' >two.rc.conf
run two.rc.conf
[ $rc -eq 1 ] && [ "$(grep -c 'error:' err)" -eq 2 ]
tap_ok $? "two syntax errors: both reported"
run host.rc.conf bad.rc.conf
[ $rc -eq 1 ] && grep -q '^# host.rc.conf$' out && grep -q 'hostname="gw1"' out
tap_ok $? "several files: the good one printed, exit 1"
run no-such-file
[ $rc -eq 2 ] && grep -q 'no-such-file' err
tap_ok $? "unreadable file: exit 2"
run host.rc.conf no-such-file
[ $rc -eq 2 ]
tap_ok $? "unreadable file among good ones: exit 2"
run --as nonsense host.rc.conf
[ $rc -eq 2 ]
tap_ok $? "bad --as: exit 2"
run --bogus host.rc.conf
[ $rc -eq 2 ]
tap_ok $? "unknown option: exit 2"
run
[ $rc -eq 2 ]
tap_ok $? "no file: exit 2"
"$TUNNELGEN" parse --as rc.conf - <rc.sample >out 2>err
rc=$?
[ $rc -eq 0 ] && cmp -s out rc.canon
tap_ok $? "standard input with --as"

# Diagnostics formats and --strict.
run --format json bad.rc.conf
[ $rc -eq 1 ] && grep -q '"code": *"rcconf-syntax"' err
tap_ok $? "--format json"
run --format xml host.rc.conf
[ $rc -eq 2 ]
tap_ok $? "bad --format: exit 2"
printf 'a=1\nkldload gre\n' >warn.rc.conf
run warn.rc.conf
[ $rc -eq 0 ] && grep -q 'warning: .*\[rcconf-unsupported\]' err
tap_ok $? "unsupported construct: a warning, exit 0"
run --strict warn.rc.conf
[ $rc -eq 1 ]
tap_ok $? "--strict: warnings count as errors"
tap_done
