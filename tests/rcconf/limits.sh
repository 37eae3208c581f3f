#!/bin/sh
# Hostile input to the rc.conf grammar: NUL bytes, invalid UTF-8, 10 MB
# lines, deep nesting.  Each must give a located diagnostic or parse, never
# crash or take long (the bound is loose for sanitizer builds).
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/rcconf/common.sh"

# expect NAME WANT_RC GREP_PATTERN: run rcconf_dump -p on $tmpd/in.
expect() {
	start=$(date +%s)
	"$dump" -p "$tmpd/in" >"$tmpd/out" 2>"$tmpd/err"
	rc=$?
	secs=$(($(date +%s) - start))
	if [ $rc -eq "$2" ] && [ $secs -le 20 ] &&
	    { [ -z "$3" ] || grep -q -e "$3" "$tmpd/err"; }; then
		tap_ok 0 "$1 (${secs}s)"
	else
		tap_ok 1 "$1: exit $rc, ${secs}s"
		head -c 2000 "$tmpd/err" | tap_diag
	fi
}

# big N CHAR: N bytes of one character.
big() {
	head -c "$1" /dev/zero | tr '\0' "$2"
}

printf 'a=1\nb=x\0y\nc=3\n' >"$tmpd/in"
expect "NUL byte: error" 1 'in:2:4: error: NUL byte.*\[rcconf-syntax\]'
grep -q '^c="3"$' "$tmpd/out"
tap_ok $? "NUL byte: the next line is still read"

printf 'a="caf\351"\nb=\303\251t\303\251\n' >"$tmpd/in"
expect "invalid UTF-8: warning" 0 'in:1:7: warning: invalid UTF-8.*\[rcconf-encoding\]'
printf 'a="\303\251\360\237\230\200"\n' >"$tmpd/in"
expect "valid UTF-8: no warning" 0 ''
[ ! -s "$tmpd/err" ]
tap_ok $? "valid UTF-8: nothing reported"

{ printf 'a="'; big 10000000 x; printf '"\nb=2\n'; } >"$tmpd/in"
expect "10 MB double-quoted value" 0 ''
[ "$(wc -c <"$tmpd/out")" -eq 10000011 ]
tap_ok $? "10 MB value printed whole"
{ printf 'a='; big 10000000 y; printf '\n'; } >"$tmpd/in"
expect "10 MB unquoted value" 0 ''
{ printf '#'; big 10000000 z; printf '\nb=2\n'; } >"$tmpd/in"
expect "10 MB comment" 0 ''
{ big 10000000 a; printf '\n'; } >"$tmpd/in"
expect "10 MB command word" 0 'rcconf-unsupported'
{ printf "a='"; big 10000000 q; } >"$tmpd/in"
expect "10 MB unterminated single quote" 1 'in:1:3: error: unterminated single quote'
{ printf 'a=$('; big 10000000 '"'; } >"$tmpd/in"
expect "10 MB of quotes in \$(" 1 'unterminated'
{ printf 'a='; big 5000000 "'"; printf '\n'; } >"$tmpd/in"
expect "5 MB of single quotes (pairs)" 0 ''
big 1000000 ')' >"$tmpd/in"
expect "1 MB of syntax errors" 1 'rcconf-syntax'
{ i=0; while [ $i -lt 20000 ]; do printf 'x=1 )\n'; i=$((i + 1)); done; } >"$tmpd/in"
expect "20000 lines with an error each" 1 'in:20000:5: error'

nest() {	# nest N OPEN CLOSE: N levels of OPEN, an assignment, N CLOSE
	i=0
	while [ $i -lt "$1" ]; do printf '%s\n' "$2"; i=$((i + 1)); done
	printf 'deep=1\n'
	i=0
	while [ $i -lt "$1" ]; do printf '%s\n' "$3"; i=$((i + 1)); done
}
nest 1000 'if :; then' 'fi' >"$tmpd/in"
expect "1000 nested if" 0 'in:1:1: warning: if statement'
grep -q '^	deep="1"$' "$tmpd/out"
tap_ok $? "1000 nested if: the assignment is kept as conditional"
nest 1000 '{' '}' >"$tmpd/in"
expect "1000 nested { }" 0 'in:1:1: warning: { }'
nest 1000 '(' ')' >"$tmpd/in"
expect "1000 nested ( )" 0 'in:1:1: warning: subshell'
nest 1000 'case x in x)' 'esac' >"$tmpd/in"
expect "1000 nested case" 0 'in:1:1: warning: case'
{ printf 'a="'; i=0; while [ $i -lt 1000 ]; do printf '$('; i=$((i + 1)); done
  printf x; i=0; while [ $i -lt 1000 ]; do printf ')'; i=$((i + 1)); done
  printf '"\n'; } >"$tmpd/in"
expect "1000 nested \$(" 0 ''
nest 100000 'if :; then' 'fi' >"$tmpd/in"
expect "100000 nested if: an error, not a crash" 1 'in:.*error.*exhausted'
tap_done
