#!/bin/sh
# tunnelgen parse on setkey files: canonical output, sniffing, exit codes.
. "$top_srcdir/tests/lib.sh"

dir=$top_srcdir/tests/setkey
out=setkey-cli.out

# A good file prints its canonical form (the case's expected output).
(cd "$dir" && "$TUNNELGEN" parse --as setkey spd-forms.conf) > "$out" 2>&1
tap_ok $? "parse --as setkey: exit 0 on a good file"
sed -n '/^--- canonical/,/^--- statements/p' "$dir/spd-forms.expected" |
    sed '1d;$d' > "$out.want"
(cd "$dir" && "$TUNNELGEN" parse --as setkey spd-forms.conf 2>/dev/null) |
    diff -u "$out.want" - > "$out.diff"
tap_ok $? "parse --as setkey prints the canonical form" ||
    tap_diag < "$out.diff"

# Without --as the content tells it is a setkey file.
(cd "$dir" && "$TUNNELGEN" parse comments.conf) > "$out" 2>&1
tap_ok $? "parse without --as sniffs a setkey file"
grep -q '^flush;$' "$out"
tap_ok $? "and prints it"

# Errors: exit 1, located diagnostics on stderr, no canonical output.
(cd "$dir" && "$TUNNELGEN" parse --as setkey bad-recovery.conf) \
    > "$out" 2> "$out.err"
[ $? -eq 1 ]
tap_ok $? "parse exits 1 on a file with errors"
[ "$(grep -c ': error: .*\[setkey-syntax\]' "$out.err")" -eq 4 ]
tap_ok $? "every error reported" || tap_diag < "$out.err"
[ ! -s "$out" ]
tap_ok $? "nothing printed for a file in error"

# Keys never appear in diagnostics.
(cd "$dir" && "$TUNNELGEN" parse --as setkey bad-algorithms.conf) \
    > /dev/null 2> "$out.err"
! grep -q 'secret-is-never-shown\|kamekame' "$out.err"
tap_ok $? "no key in any diagnostic" || tap_diag < "$out.err"

# A file of no known kind, without --as: trouble, not a guess.
printf 'just some words\nand more\n' > "$out.in"
"$TUNNELGEN" parse "$out.in" > /dev/null 2>&1
[ $? -eq 2 ]
tap_ok $? "an unknown kind of file is refused (exit 2)"
"$TUNNELGEN" parse --as nonsense "$out.in" > /dev/null 2>&1
[ $? -eq 2 ]
tap_ok $? "an unknown --as is a usage error"

rm -f "$out" "$out.want" "$out.diff" "$out.err" "$out.in"
tap_done
