#!/bin/sh
# Hostile racoon.conf inputs: 10 MB lines of every token kind, floods of
# braces and quotes.  Each must end in a plain result (exit 0 or 1 with the
# expected diagnostic code) within seconds: no crash, no quadratic time.
. "${top_srcdir:-$(dirname "$0")/..}/tests/lib.sh"

check="$top_builddir/tests/unit/test_racoon"
tmp=${TMPDIR:-/tmp}/racoon-limits.$$
trap 'rm -f "$tmp" "$tmp.out"' EXIT
MB10=10485760

# limit_case DESCRIPTION WANT_STATUS WANT_CODE  (input in $tmp)
# The time limit is generous (sanitizers, a busy machine): quadratic
# behaviour on these sizes would take hours, not minutes.
limit_case() {
	timeout 300 "$check" diag "$tmp" > "$tmp.out" 2>&1
	st=$?
	if [ "$st" -ne "$2" ]; then
		echo "exit status $st, want $2" | tap_diag
		{ head -c 600 "$tmp.out"; echo; } | tap_diag
		tap_ok 1 "$1"
		return
	fi
	if [ -n "$3" ] && ! grep -q "\[$3\]" "$tmp.out"; then
		echo "no [$3] diagnostic" | tap_diag
		{ head -c 600 "$tmp.out"; echo; } | tap_diag
		tap_ok 1 "$1"
		return
	fi
	tap_ok 0 "$1"
}

# a run of N copies of one character
run() {
	head -c "$2" /dev/zero | tr '\0' "$1"
}

{ printf '# '; run x $MB10; printf '\nlog info;\n'; } > "$tmp"
limit_case "10 MB comment line" 0 ""

{ printf 'include "'; run a $MB10; printf '";\n'; } > "$tmp"
limit_case "10 MB quoted string" 0 ""

{ printf 'listen { isakmp '; run a $MB10; printf '; }\n'; } > "$tmp"
limit_case "10 MB address token" 1 racoon-address

{ printf 'pfkey_buffer '; run 7 $MB10; printf ';\n'; } > "$tmp"
limit_case "10 MB number" 0 ""

{ printf 'log info; '; run z $MB10; printf '\n'; } > "$tmp"
limit_case "10 MB of stray characters" 0 racoon-stray

{ printf 'log info;\n'; head -c $MB10 /dev/zero | tr '\0' '(' | sed 's/(/( /g'; } > "$tmp"
limit_case "10 million separate stray characters (warnings capped)" 0 racoon-stray

{ printf 'log info; '; run '(' $MB10; printf '1;\n'; } > "$tmp"
limit_case "10 MB of stray characters glued to a token" 1 racoon-syntax

{ run '{' $MB10; run '}' $MB10; } > "$tmp"
limit_case "10 MB of nested braces" 1 racoon-depth

{ run '{' 1000; run '}' 1000; } > "$tmp"
limit_case "1,000-deep braces" 1 racoon-depth

{ printf 'timer { '; run '"' $MB10; printf ' }\n'; } > "$tmp"
limit_case "10 MB of empty strings" 1 racoon-syntax

{ printf 'log "'; run b $MB10; } > "$tmp"
limit_case "unterminated quote before 10 MB" 1 racoon-syntax

{ run ';' $MB10; } > "$tmp"
limit_case "10 MB of ';'" 1 racoon-syntax

{ printf 'log info;\n'; head -c $MB10 /dev/zero; } > "$tmp"
limit_case "10 MB of NUL bytes" 1 racoon-nul

{ printf 'log info;\n'; run "$(printf '\377')" $MB10; } > "$tmp"
limit_case "10 MB of invalid UTF-8" 1 racoon-encoding

{ i=0; while [ $i -lt 2000 ]; do printf 'sainfo anonymous {\n'; i=$((i + 1)); done; } > "$tmp"
limit_case "2,000 unclosed blocks" 1 racoon-syntax

awk 'BEGIN { for (i = 0; i < 200000; i++) printf "remote %d.%d.%d.%d { exchange_mode main; proposal { encryption_algorithm aes; hash_algorithm sha1; authentication_method pre_shared_key; dh_group 2; } }\n", 10, int(i / 65536), int(i / 256) % 256, i % 256 }' > "$tmp"
limit_case "200,000 remotes" 0 ""

awk 'BEGIN { print "remote \"r0\" { exchange_mode main; proposal { encryption_algorithm aes; hash_algorithm sha1; authentication_method pre_shared_key; dh_group 2; } }"; for (i = 1; i < 200000; i++) printf "remote \"r%d\" inherit \"r%d\" { nat_traversal on; }\n", i, i - 1 }' > "$tmp"
limit_case "200,000 named remotes, each inheriting" 0 ""

awk 'BEGIN { for (i = 0; i < 200000; i++) printf "sainfo address 10.%d.%d.%d any address 10.255.0.1 any { encryption_algorithm aes; authentication_algorithm hmac_sha1; compression_algorithm deflate; }\n", int(i / 65536), int(i / 256) % 256, i % 256 }' > "$tmp"
limit_case "200,000 sainfos" 0 ""

awk 'BEGIN { for (i = 0; i < 1000; i++) printf "sainfo address 10.0.0.0/24 any address 10.255.0.1 any { encryption_algorithm aes; authentication_algorithm hmac_sha1; compression_algorithm deflate; }\n" }' > "$tmp"
limit_case "1,000 duplicate sainfos" 1 racoon-duplicate

tap_done
