#!/bin/sh
# make bench: time tunnelgen against floors measured in the same run, and
# print a markdown report for BENCHMARKS.md.
#
# Timings on a shared machine are noisy, so every verdict is a ratio of two
# medians taken in the same interleaved rounds, never a lone absolute time.
#
# Set by the make rule: TUNNELGEN, GENTOPO, YAML_FLOOR, PARSE_BENCH, BENCHTIME,
# top_srcdir.
# Knobs (environment):
#   BENCH_SIZES     tunnel counts for the mixed shape (default "1000 10000 100000")
#   BENCH_SHAPES    extra shapes at the largest size (default "hub mesh"; "" for none)
#   BENCH_RUNS      rounds per measurement (default: 10 up to 10k tunnels, 3 above)
#   BENCH_PARSE_MB  size of each parser input in MB (default 64)
#   BENCH_DIR       work folder (default: a fresh folder on /dev/shm)
#   BENCH_OUT       where the report is also written (default bench-results.md)
#   TG_CORPUS       folder of real configs (default $top_srcdir/../shared/corpus)
set -u

: "${TUNNELGEN:?}" "${GENTOPO:?}" "${YAML_FLOOR:?}" "${PARSE_BENCH:?}" "${BENCHTIME:?}"
: "${top_srcdir:=.}"
sizes=${BENCH_SIZES:-"1000 10000 100000"}
shapes=${BENCH_SHAPES-"hub mesh"}
parse_mb=${BENCH_PARSE_MB:-64}
corpus=${TG_CORPUS:-$top_srcdir/../shared/corpus}
report=${BENCH_OUT:-bench-results.md}
# The key every generated IPsec tunnel names; never printed.
BENCH_PSK=bench-0123456789abcdef
export BENCH_PSK

note() { printf 'bench: %s\n' "$*" >&2; }

# --- work folder: on tmpfs so the figures are CPU, not disk --------------
fstype() { stat -f -c %T "$1" 2>/dev/null || echo unknown; }
if [ -n "${BENCH_DIR:-}" ]; then
	mkdir -p "$BENCH_DIR" && work=$(mktemp -d "$BENCH_DIR/tg-bench.XXXXXX")
elif [ -d /dev/shm ] && [ -w /dev/shm ] && [ "$(fstype /dev/shm)" = tmpfs ]; then
	work=$(mktemp -d /dev/shm/tg-bench.XXXXXX)
else
	work=$(mktemp -d "${TMPDIR:-/tmp}/tg-bench.XXXXXX")
fi
[ -n "${work:-}" ] && [ -d "$work" ] || { note "cannot make a work folder"; exit 2; }
trap 'rm -rf "$work"' EXIT
trap 'exit 130' INT TERM
workfs=$(fstype "$work")
if [ "$workfs" != tmpfs ]; then
	note "WARNING: $work is on $workfs, not tmpfs: file creation costs include the disk"
fi

# --- timing ---------------------------------------------------------------
# bench/benchtime runs the commands of one figure in turn, round after
# round, so drift on a shared machine lands on all of them alike.  (hyperfine
# runs every run of one command before the next command, which turns the
# same drift into a false ratio.)
timer="benchtime (interleaved rounds, median, shell start-up subtracted)"

# measure RUNS [-p PREPARE] COMMAND ...: one "MEDIAN-SECONDS|fail" word per
# COMMAND, in order; the peak RSS line is dropped.
measure() {
	"$BENCHTIME" "$@" > "$work/bt.out" 2>"$work/bt.err" ||
	    { note "benchtime: $(cat "$work/bt.err")"; }
	awk '$1 != "maxrss" { print ($4 == "ok" ? $2 : "fail") }' "$work/bt.out" |
	    tr '\n' ' '
}

# peak_kib [-p PREPARE] COMMAND: the peak RSS (KiB) of one run, or n/a
peak_kib() {
	if "$BENCHTIME" -W 1 "$@" > "$work/bt.out" 2>/dev/null &&
	    awk '$1 == 0 && $4 == "ok" { ok = 1 } END { exit !ok }' "$work/bt.out"; then
		awk '$1 == "maxrss" { print $2 }' "$work/bt.out"
	else
		echo n/a
	fi
}

ms() { case $1 in fail|n/a|'') echo "$1";; *) awk -v t="$1" 'BEGIN { printf "%.1f ms", t * 1000 }';; esac; }
ratio() {
	case "$1$2" in *fail*|*n/a*|'') echo n/a; return;; esac
	awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "n/a" }'
}
# verdict RATIO LIMIT [le]: "yes"/"**no**" for RATIO < LIMIT (<= with le)
verdict() {
	case $1 in n/a|fail|-) echo "n/a"; return;; esac
	awk -v r="$1" -v l="$2" -v le="${3:-}" 'BEGIN {
	    ok = le == "le" ? r <= l : r < l; print ok ? "yes" : "**no**" }'
}
# atleast VALUE MIN: "yes"/"**no**" for VALUE >= MIN
atleast() {
	case $1 in n/a|fail|'') echo "n/a"; return;; esac
	awk -v v="$1" -v m="$2" 'BEGIN { print (v >= m ? "yes" : "**no**") }'
}
mib() { awk -v b="$1" 'BEGIN { printf "%.1f MiB", b / 1048576 }'; }

runs_for() {
	if [ -n "${BENCH_RUNS:-}" ]; then echo "$BENCH_RUNS"
	elif [ "$1" -le 10000 ]; then echo 10
	else echo 3
	fi
}

# --- what this tree can do ------------------------------------------------
"$GENTOPO" --tunnels 3 --shape mixed > "$work/probe.yaml" 2>/dev/null
have_check=no have_compile=no
"$TUNNELGEN" check -q "$work/probe.yaml" >/dev/null 2>"$work/probe.err" && have_check=yes
mkdir "$work/probe.out"
"$TUNNELGEN" compile -q "$work/probe.yaml" -o "$work/probe.out" >/dev/null 2>&1 &&
    [ -n "$(ls "$work/probe.out")" ] && have_compile=yes
[ "$have_check" = yes ] || note "tunnelgen check is not available here: $(head -1 "$work/probe.err")"
[ "$have_compile" = yes ] || note "tunnelgen compile is not available here"
# Later verbs: present once `tunnelgen VERB --help` answers for that verb
# (the bare compile form would otherwise take the verb for a file name).
have_verb() {
	"$TUNNELGEN" "$1" --help 2>&1 | grep -q "tunnelgen $1" &&
	    "$TUNNELGEN" "$1" --help >/dev/null 2>&1
}

have_lint=no have_diff=no
have_verb lint && have_lint=yes
have_verb diff && have_diff=yes
have_parse_only=no
[ "$have_lint" = yes ] && "$TUNNELGEN" lint --help 2>&1 | grep -q -- --parse-only &&
    have_parse_only=yes
# lint's memory grows with the tree: skip a size whose RSS, scaled from the
# last size measured, would take more than half the memory free right then.
memfree_kib() { awk '$1 == "MemAvailable:" { print $2 }' /proc/meminfo 2>/dev/null; }
lint_kib_per_tunnel=""
: > "$work/later"

big=$(echo $sizes | tr ' ' '\n' | sort -n | tail -1)
cases=""
for n in $sizes; do cases="$cases mixed:$n"; done
for s in $shapes; do cases="$cases $s:$big"; done

: > "$work/rows"
for c in $cases; do
	shape=${c%%:*} n=${c#*:}
	runs=$(runs_for "$n")
	# Past 10k tunnels the reference compile has warmed every cache already.
	wflag=""
	[ "$n" -gt 10000 ] && wflag=-W
	topo=$work/topo-$shape-$n.yaml
	note "$shape, $n tunnels: generating"
	"$GENTOPO" --tunnels "$n" --shape "$shape" > "$topo" 2>"$work/gen.err" ||
	    { note "gentopo failed: $(cat "$work/gen.err")"; exit 2; }
	hosts=$(sed -n 's/^gentopo: \([0-9]*\) hosts.*/\1/p' "$work/gen.err")
	inbytes=$(wc -c < "$topo" | tr -d ' ')

	tA=n/a tC=n/a tB=n/a tK=n/a tR=n/a tD=n/a rssC=n/a rssK=n/a
	files=n/a outbytes=n/a maxfile=n/a
	floorA="'$YAML_FLOOR' '$topo' >/dev/null"
	check="'$TUNNELGEN' check -q '$topo'"
	ok_check=no
	if [ "$have_check" = yes ]; then
		if "$TUNNELGEN" check -q "$topo" >/dev/null 2>"$work/check.err"; then
			ok_check=yes
		else
			note "check rejects the $shape $n topology:"
			head -5 "$work/check.err" >&2
			tC=fail
		fi
	fi
	ok_compile=no
	ref=$work/ref out=$work/out
	if [ "$have_compile" = yes ]; then
		rm -rf "$ref" "$out"
		mkdir "$ref"
		if "$TUNNELGEN" compile -q "$topo" -o "$ref" >/dev/null 2>"$work/compile.err"; then
			ok_compile=yes
			files=$(find "$ref" -type f | wc -l | tr -d ' ')
			find "$ref" -type f -exec wc -c {} + |
			    awk '$2 != "total" { s += $1; if ($1 > m) m = $1 }
				END { print s + 0, m + 0 }' > "$work/sizes"
			read -r outbytes maxfile < "$work/sizes"
		else
			note "compile fails on the $shape $n topology:"
			head -5 "$work/compile.err" >&2
			tK=fail
		fi
	fi
	fresh="rm -rf '$out' && mkdir '$out'"
	if [ "$ok_compile" = yes ]; then
		note "$shape, $n: floor A, check, floor B (A + cp -R of $files files), compile, recompile, compile in place; $runs rounds"
		set -- $(measure $wflag "$runs" "$floorA" "$check" \
		    -p "$fresh" "$floorA && cp -R '$ref'/. '$out'" \
		    -p "$fresh" "'$TUNNELGEN' compile -q '$topo' -o '$out'" \
		    "'$TUNNELGEN' compile -q '$topo' -o '$ref'" \
		    -p "$fresh" "TUNNELGEN_DIRECT_WRITE=1 '$TUNNELGEN' compile -q '$topo' -o '$out'")
		tA=${1:-fail} tC=${2:-fail} tB=${3:-fail} tK=${4:-fail} tR=${5:-fail}
		tD=${6:-fail}
		[ "$ok_check" = yes ] || tC=n/a
	elif [ "$ok_check" = yes ]; then
		note "$shape, $n: floor A, check; $runs rounds"
		set -- $(measure $wflag "$runs" "$floorA" "$check")
		tA=${1:-fail} tC=${2:-fail}
	else
		note "$shape, $n: floor A; $runs rounds"
		set -- $(measure $wflag "$runs" "$floorA")
		tA=${1:-fail}
	fi
	# ---- later verbs: lint and diff --------------------------------------
	# Both read the compiled tree back: the floor (C) is reading the same
	# files; lint --topology and diff also load the topology (A + C).
	if [ "$ok_compile" = yes ] &&
	    { [ "$have_lint" = yes ] || [ "$have_diff" = yes ]; }; then
		floorC="find '$ref' -type f -exec cat {} + >/dev/null"
		lint="'$TUNNELGEN' lint -q '$ref' >/dev/null; [ \$? -le 1 ]"
		lintT="'$TUNNELGEN' lint -q --topology '$topo' '$ref' >/dev/null; [ \$? -le 1 ]"
		diff="'$TUNNELGEN' diff -q '$topo' '$ref' >/dev/null; [ \$? -le 1 ]"
		# lint's own floor, where it has one: the same files read and
		# parsed by the grammars and psk.txt's reader, nothing checked.
		lintP="'$TUNNELGEN' lint --parse-only '$ref' >/dev/null; [ \$? -le 1 ]"
		lruns=$runs
		[ "$lruns" -gt 3 ] && lruns=3
		do_lint=$have_lint
		if [ "$do_lint" = yes ]; then
			est="" free=$(memfree_kib)
			[ -n "$lint_kib_per_tunnel" ] && [ -n "$free" ] &&
			    est=$(awk -v k="$lint_kib_per_tunnel" -v n="$n" -v f="$free" \
				'BEGIN { if (k * n > f / 2) printf "%.1f", k * n / 1048576 }')
			if [ -n "$est" ]; then
				note "$shape, $n: lint skipped, it would need about $est GiB ($free KiB free)"
				echo "lint $shape $n skip $est" >> "$work/later"
				do_lint=no
			else
				rssL=$(peak_kib "$lint")
				case $rssL in n/a) ;; *) lint_kib_per_tunnel=$(awk -v r="$rssL" -v n="$n" 'BEGIN { print r / n }');; esac
				"$TUNNELGEN" lint -q "$ref" >/dev/null 2>&1
				lrc=$?
			fi
		fi
		if [ "$have_diff" = yes ]; then
			rssDf=$(peak_kib "$diff")
			"$TUNNELGEN" diff -q "$topo" "$ref" >/dev/null 2>&1
			drc=$?
		fi
		set -- "$floorC" "$floorA && $floorC"
		[ "$do_lint" = yes ] && set -- "$@" "$lint" "$lintT"
		[ "$do_lint" = yes ] && [ "$have_parse_only" = yes ] &&
		    set -- "$@" "$lintP"
		[ "$have_diff" = yes ] && set -- "$@" "$diff"
		note "$shape, $n: floor C (cat of the tree), A + C, later verbs; $lruns rounds"
		set -- $(measure $wflag "$lruns" "$@")
		tFC=${1:-fail} tFAC=${2:-fail}
		shift 2
		if [ "$do_lint" = yes ]; then
			tL=${1:-fail} tLT=${2:-fail}
			echo "lint $shape $n ok C $tFC $tL $rssL $lrc" >> "$work/later"
			echo "lint_--topology $shape $n ok A+C $tFAC $tLT - -" >> "$work/later"
			shift 2
			if [ "$have_parse_only" = yes ]; then
				echo "lint $shape $n ok lint_--parse-only ${1:-fail} $tL - -" >> "$work/later"
				shift
			fi
		fi
		[ "$have_diff" = yes ] &&
		    echo "diff $shape $n ok A+C $tFAC ${1:-fail} $rssDf $drc" >> "$work/later"
	fi
	# The same ratio in user-space instructions, which load does not move.
	if [ "$ok_check" = yes ] && [ "$shape" = mixed ] && [ "$n" = "$big" ] &&
	    command -v valgrind >/dev/null 2>&1; then
		note "$shape, $n: counting instructions of floor A and check (callgrind)"
		irA=$(valgrind --tool=callgrind --callgrind-out-file="$work/cg.out" \
		    "$YAML_FLOOR" "$topo" >/dev/null 2>&1 &&
		    awk '$1 == "totals:" { print $2 }' "$work/cg.out")
		irC=$(valgrind --tool=callgrind --callgrind-out-file="$work/cg.out" \
		    "$TUNNELGEN" check -q "$topo" >/dev/null 2>&1 &&
		    awk '$1 == "totals:" { print $2 }' "$work/cg.out")
		rm -f "$work/cg.out"
		echo "${irA:-n/a} ${irC:-n/a}" > "$work/instr"
	fi
	[ "$ok_check" = yes ] && rssC=$(peak_kib "$check")
	[ "$ok_compile" = yes ] && rssK=$(peak_kib -p "$fresh" \
	    "'$TUNNELGEN' compile -q '$topo' -o '$out'")
	rm -rf "$ref" "$out"
	echo "$shape $n $hosts $inbytes $files $outbytes $maxfile $tA $tC $tB $tK $tR $rssC $rssK $tD" >> "$work/rows"
	rm -f "$topo"
done

# --- parsers --------------------------------------------------------------
: > "$work/parse"
for g in setkey racoon rcconf; do
	case $g in rcconf) dir=$corpus/rc.conf;; *) dir=$corpus/$g;; esac
	big_in=$work/big.$g
	if [ ! -x "$PARSE_BENCH" ]; then
		echo "$g not-built" >> "$work/parse"; continue
	fi
	if [ ! -d "$dir" ]; then
		echo "$g no-corpus" >> "$work/parse"; continue
	fi
	"$PARSE_BENCH" make "$g" "$dir" "$big_in" "$parse_mb" 2>"$work/pb.err" >"$work/pb.out"
	rc=$?
	if [ $rc -eq 3 ]; then
		echo "$g not-built" >> "$work/parse"; continue
	elif [ $rc -ne 0 ]; then
		note "$(cat "$work/pb.err")"
		echo "$g make-failed" >> "$work/parse"; continue
	fi
	unit=$(sed -n 's/^unit //p' "$work/pb.out")
	kept=$(sed -n 's/.*: \([0-9]* of [0-9]*\) corpus files.*/\1/p' "$work/pb.err")
	note "$g: parsing $(mib "$(wc -c < "$big_in")") made of $kept corpus files"
	inproc=$("$PARSE_BENCH" run "$g" "$big_in" 3 "$unit")
	set -- $(measure 5 "'$PARSE_BENCH' run $g '$big_in' 1 $unit >/dev/null || :" \
	    "wc -l < '$big_in' >/dev/null")
	tP=${1:-fail} tW=${2:-fail}
	bytes=$(wc -c < "$big_in" | tr -d ' ')
	# Instructions per byte do not move with the machine's load: count
	# them in the parse calls over the first MB with callgrind, if present.
	ipb=n/a
	if command -v valgrind >/dev/null 2>&1; then
		note "$g: counting instructions (callgrind, 1 MB)"
		"$PARSE_BENCH" make "$g" "$dir" "$work/small.$g" 1 >/dev/null 2>&1 &&
		valgrind --tool=callgrind --toggle-collect="${g}_parse" \
		    --callgrind-out-file="$work/cg.out" \
		    "$PARSE_BENCH" run "$g" "$work/small.$g" 1 "$unit" >/dev/null 2>&1 &&
		ipb=$(awk -v b="$(wc -c < "$work/small.$g")" \
		    '$1 == "totals:" { printf "%.0f", $2 / b }' "$work/cg.out")
		rm -f "$work/small.$g" "$work/cg.out"
		[ -n "$ipb" ] || ipb=n/a
	fi
	set -- $inproc
	# "NAME BYTES bytes LINES lines SECS s MBPS MB/s ERRORS errors"
	echo "$g ok $bytes $(echo "$kept, $unit bytes" | tr ' ' '_') ${8:-n/a} ${10:-n/a} $tP $tW $ipb" >> "$work/parse"
	rm -f "$big_in"
done

# --- report ---------------------------------------------------------------
cpu=$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo 2>/dev/null | head -1)
[ -n "$cpu" ] || cpu=$(sysctl -n hw.model 2>/dev/null || echo unknown)
nproc=$(nproc 2>/dev/null || getconf _NPROCESSORS_ONLN)

# The 100k rows decide the targets; smaller sizes show the trend.
row() { awk -v s="$1" -v n="$2" '$1 == s && $2 == n' "$work/rows"; }
at() { echo "$1" | awk -v i="$2" '{ print $i }'; }

{
echo "### Run of $(date -u '+%Y-%m-%d %H:%M UTC')"
echo
echo "- machine: $nproc CPUs, $cpu, $(uname -sr)"
echo "- work folder on $workfs; timer: $timer; $(runs_for 1000) rounds up to 10k tunnels, $(runs_for 100000) above, after one warm-up round"
echo "- tunnelgen: $("$TUNNELGEN" --version 2>/dev/null | head -1); verbs here: check $have_check, compile $have_compile"
echo
echo "#### Inputs (gentopo, seed 1)"
echo
echo "| shape | tunnels | hosts | YAML | output files | output | largest file |"
echo "|---|---:|---:|---:|---:|---:|---:|"
while read -r shape n hosts inb files outb maxf rest; do
	ob=$outb; case $ob in n/a) ;; *) ob=$(mib "$outb");; esac
	echo "| $shape | $n | $hosts | $(mib "$inb") | $files | $ob | $maxf B |" |
	    sed 's/| n\/a B |/| n\/a |/'
done < "$work/rows"
echo
echo "#### check and compile against their floors"
echo
echo "Floor A: libyaml's event parser alone over the file (\`yaml_floor\`)."
echo "Floor B: floor A plus \`cp -R\` of the compiled tree into an empty folder."
echo "Targets (100k tunnels): check < 2 x A; compile <= 1.3 x B."
echo
echo "| shape | tunnels | floor A | check | check/A | floor B | compile | compile/B | recompile (unchanged) | recompile/B | compile, in-place writes | in-place/B |"
echo "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
while read -r shape n hosts inb files outb maxf tA tC tB tK tR rssC rssK tD; do
	echo "| $shape | $n | $(ms "$tA") | $(ms "$tC") | $(ratio "$tC" "$tA") | $(ms "$tB") | $(ms "$tK") | $(ratio "$tK" "$tB") | $(ms "$tR") | $(ratio "$tR" "$tB") | $(ms "$tD") | $(ratio "$tD" "$tB") |"
done < "$work/rows"
echo
echo "Recompile: the same compile over its own identical output (every file unchanged)."
echo "In-place writes: TUNNELGEN_DIRECT_WRITE=1, no temporary file and rename; the"
echo "difference to compile is the price of atomic writes."
echo
echo "#### Peak memory (max RSS of the process)"
echo
echo "Budget: 4 x the YAML size + the largest output file; it is a target at $big tunnels (verdicts in parentheses are for information)."
echo
echo "| shape | tunnels | check | compile | budget | compile/budget | within |"
echo "|---|---:|---:|---:|---:|---:|---|"
while read -r shape n hosts inb files outb maxf tA tC tB tK tR rssC rssK tD; do
	case $maxf in n/a) budget=n/a;; *) budget=$((4 * inb + maxf));; esac
	rc_=n/a; [ "$rssC" != n/a ] && rc_=$(mib $((rssC * 1024)))
	rk_=n/a; rr=n/a
	if [ "$rssK" != n/a ] && [ "$budget" != n/a ]; then
		rk_=$(mib $((rssK * 1024))); rr=$(ratio $((rssK * 1024)) "$budget")
	fi
	bb=n/a; [ "$budget" != n/a ] && bb=$(mib "$budget")
	v=$(verdict "$rr" 1)
	# Process start-up dominates small runs: the budget is a 100k target.
	[ "$n" = "$big" ] || v="($v)"
	echo "| $shape | $n | $rc_ | $rk_ | $bb | $rr | $v |"
done < "$work/rows"
echo
echo "#### Scaling (mixed): time ratio for 10 x the tunnels; target <= 11"
echo
echo "| step | floor A | check | compile |"
echo "|---|---:|---:|---:|"
prev=""
for n in $(echo $sizes | tr ' ' '\n' | sort -n); do
	r=$(row mixed "$n")
	if [ -n "$prev" ]; then
		pn=$(at "$prev" 2)
		sA=$(ratio "$(at "$r" 8)" "$(at "$prev" 8)")
		sC=$(ratio "$(at "$r" 9)" "$(at "$prev" 9)")
		sK=$(ratio "$(at "$r" 11)" "$(at "$prev" 11)")
		echo "| $pn -> $n | $sA | $sC ($(verdict "$sC" 11 le)) | $sK ($(verdict "$sK" 11 le)) |"
	fi
	prev=$r
done
echo
r=$(row mixed "$big")
if [ -n "$r" ]; then
	vC=$(verdict "$(ratio "$(at "$r" 9)" "$(at "$r" 8)")" 2)
	vK=$(verdict "$(ratio "$(at "$r" 11)" "$(at "$r" 10)")" 1.3 le)
	echo "Targets at $big tunnels (mixed): check < 2 x A: $vC; compile <= 1.3 x B: $vK."
	if [ -s "$work/instr" ]; then
		read -r irA irC < "$work/instr"
		echo "In user-space instructions (callgrind), which the machine's load does not"
		echo "move: floor A $irA, check $irC, check/A $(ratio "$irC" "$irA")."
	fi
	for s in $shapes; do
		r=$(row "$s" "$big")
		[ -n "$r" ] || continue
		echo "At $big tunnels ($s): check < 2 x A: $(verdict "$(ratio "$(at "$r" 9)" "$(at "$r" 8)")" 2); compile <= 1.3 x B: $(verdict "$(ratio "$(at "$r" 11)" "$(at "$r" 10)")" 1.3 le)."
	done
	echo
fi
echo "#### Parsers (input: the corpus files each grammar parses cleanly, repeated)"
echo
echo "The input repeats the unit (the corpus files the grammar parses cleanly); each"
echo "copy is parsed as a file of its own. In-process: the parse calls alone, median"
echo "of 3. Process: the whole program (read + parse) against \`wc -l\` on the same"
echo "bytes, 5 rounds. Target >= 100 MB/s (10^6 bytes), in-process."
echo
echo "Instructions per byte (callgrind, inside the parse calls, first MB) do not"
echo "depend on the machine's load; at 3 GHz and 2 instructions a cycle, 100 MB/s"
echo "allows about 60."
echo
echo "| grammar | input | corpus files used | in-process | process | wc -l | process/wc | errors | instr/byte | >= 100 MB/s |"
echo "|---|---:|---:|---:|---:|---:|---:|---:|---:|---|"
while read -r g st bytes kept mbps errs tP tW ipb; do
	case $st in
	ok)
		pm=n/a
		case $tP in fail) ;; *) pm=$(awk -v b="$bytes" -v t="$tP" 'BEGIN { printf "%.1f", b / 1e6 / t }');; esac
		echo "| $g | $(mib "$bytes") | $(echo "$kept" | tr _ ' ') | $mbps MB/s | $pm MB/s | $(ms "$tW") | $(ratio "$tP" "$tW") | $errs | $ipb | $(atleast "$mbps" 100) |"
		;;
	not-built) echo "| $g | not available (grammar not built in this tree) | | | | | | | | |";;
	no-corpus) echo "| $g | not available (no corpus under $corpus) | | | | | | | | |";;
	*) echo "| $g | not available (could not build the input) | | | | | | | | |";;
	esac
done < "$work/parse"
echo
echo "#### Later verbs"
echo
if [ -s "$work/later" ]; then
	echo "lint and diff read the compiled tree back. Floor C: \`cat\` of every file of"
	echo "the tree; lint --topology and diff also load the topology: floor A + C. Exit:"
	echo "lint 0 = clean, 1 = findings; diff 0 = no drift (expected: the tree is the"
	echo "topology's own output), 1 = drift. lint is also compared with its own floor,"
	echo "\`lint --parse-only\` (read and parse, nothing checked): target <= 2."
	echo
	echo "| verb | shape | tunnels | floor | floor time | verb time | verb/floor | peak RSS | exit |"
	echo "|---|---|---:|---|---:|---:|---:|---:|---:|"
	while read -r verb shape n st fl tF tV rss xrc; do
		verb=$(echo "$verb" | tr _ ' ')
		case $st in
		skip) echo "| $verb | $shape | $n | skipped: would need about $fl GiB | | | | | |";;
		*)
			rr=-; case $rss in -|n/a) rr=$rss;; *) rr=$(mib $((rss * 1024)));; esac
			r=$(ratio "$tV" "$tF")
			case $fl in lint_--parse-only) r="$r ($(verdict "$r" 2 le))";; esac
			fl=$(echo "$fl" | tr _ ' ')
			echo "| $verb | $shape | $n | $fl | $(ms "$tF") | $(ms "$tV") | $r | $rr | $xrc |";;
		esac
	done < "$work/later"
	echo
fi
[ "$have_lint" = yes ] || echo "- lint: not available in this build"
[ "$have_diff" = yes ] || echo "- diff: not available in this build"
} > "$work/report.md"

cat "$work/report.md"
cp "$work/report.md" "$report" && note "report written to $report"
