#!/bin/sh
# make bench: time tunnelgen against floors measured in the same run, and
# print a markdown report for BENCHMARKS.md.
#
# Timings on a shared machine are noisy, so every verdict is a ratio of two
# medians taken minutes apart in this one run, never a lone absolute time.
#
# Set by the make rule: TUNNELGEN, GENTOPO, YAML_FLOOR, PARSE_BENCH, top_srcdir.
# Knobs (environment):
#   BENCH_SIZES     tunnel counts for the mixed shape (default "1000 10000 100000")
#   BENCH_SHAPES    extra shapes at the largest size (default "hub mesh")
#   BENCH_RUNS      runs per measurement (default: 20 up to 10k tunnels, 5 above)
#   BENCH_PARSE_MB  size of each parser input in MB (default 64)
#   BENCH_DIR       work folder (default: a fresh folder on /dev/shm)
#   BENCH_OUT       where the report is also written (default bench-results.md)
#   TG_CORPUS       folder of real configs (default $top_srcdir/../shared/corpus)
set -u

: "${TUNNELGEN:?}" "${GENTOPO:?}" "${YAML_FLOOR:?}" "${PARSE_BENCH:?}"
: "${top_srcdir:=.}"
sizes=${BENCH_SIZES:-"1000 10000 100000"}
shapes=${BENCH_SHAPES:-"hub mesh"}
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
if command -v hyperfine >/dev/null 2>&1; then
	timer="hyperfine $(hyperfine --version | sed 's/^hyperfine //')"
else
	timer="shell loop"
	date +%N | grep -q '^[0-9]' || { note "need hyperfine or a date(1) with %N"; exit 2; }
fi

# measure RUNS PREPARE COMMAND: print the median wall time in seconds, or
# "fail" when the command fails.  PREPARE runs before each run, untimed.
measure() {
	_runs=$1 _prep=$2 _cmd=$3
	if [ "${timer%% *}" = hyperfine ]; then
		set -- --runs "$_runs" --warmup 1 --style none \
		    --export-json "$work/h.json"
		[ -n "$_prep" ] && set -- "$@" --prepare "$_prep"
		if ! hyperfine "$@" "$_cmd" >/dev/null 2>"$work/h.err"; then
			echo fail
			return
		fi
		sed -n 's/^ *"median": *\([-0-9.e+]*\),*$/\1/p' "$work/h.json" | head -1
		return
	fi
	_i=0
	: > "$work/times"
	while [ "$_i" -le "$_runs" ]; do
		[ -n "$_prep" ] && sh -c "$_prep"
		_t0=$(date +%s%N)
		sh -c "$_cmd" || { echo fail; return; }
		_t1=$(date +%s%N)
		# The first run warms the caches and is not counted.
		[ "$_i" -gt 0 ] && echo $(( _t1 - _t0 )) >> "$work/times"
		_i=$((_i + 1))
	done
	sort -n "$work/times" | awk '{ t[NR] = $1 }
	    END { printf "%.9f\n", t[int((NR + 1) / 2)] / 1e9 }'
}

# peak RSS in KiB of one run of COMMAND, or "n/a"
peak_kib() {
	if [ -x /usr/bin/time ] && /usr/bin/time -f %M true >/dev/null 2>&1; then
		/usr/bin/time -o "$work/rss" -f %M sh -c "$1" >/dev/null 2>&1 &&
		    tail -1 "$work/rss" && return
	fi
	echo n/a
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
	awk -v v="$1" -v m="$2" 'BEGIN { print v >= m ? "yes" : "**no**" }'
}
mib() { awk -v b="$1" 'BEGIN { printf "%.1f MiB", b / 1048576 }'; }

runs_for() {
	if [ -n "${BENCH_RUNS:-}" ]; then echo "$BENCH_RUNS"
	elif [ "$1" -le 10000 ]; then echo 20
	else echo 5
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

big=$(echo $sizes | tr ' ' '\n' | sort -n | tail -1)
cases=""
for n in $sizes; do cases="$cases mixed:$n"; done
for s in $shapes; do cases="$cases $s:$big"; done

: > "$work/rows"
for c in $cases; do
	shape=${c%%:*} n=${c#*:}
	runs=$(runs_for "$n")
	topo=$work/topo-$shape-$n.yaml
	note "$shape, $n tunnels: generating"
	"$GENTOPO" --tunnels "$n" --shape "$shape" > "$topo" 2>"$work/gen.err" ||
	    { note "gentopo failed: $(cat "$work/gen.err")"; exit 2; }
	hosts=$(sed -n 's/^gentopo: \([0-9]*\) hosts.*/\1/p' "$work/gen.err")
	inbytes=$(wc -c < "$topo" | tr -d ' ')

	note "$shape, $n: floor A (libyaml)"
	tA=$(measure "$runs" "" "'$YAML_FLOOR' '$topo' >/dev/null")

	tC=n/a rssC=n/a
	if [ "$have_check" = yes ]; then
		if ! "$TUNNELGEN" check -q "$topo" >/dev/null 2>"$work/check.err"; then
			note "check rejects the $shape $n topology:"
			head -5 "$work/check.err" >&2
			tC=fail
		else
			note "$shape, $n: check"
			tC=$(measure "$runs" "" "'$TUNNELGEN' check -q '$topo'")
			rssC=$(peak_kib "'$TUNNELGEN' check -q '$topo'")
		fi
	fi

	tB=n/a tK=n/a tR=n/a rssK=n/a files=n/a outbytes=n/a maxfile=n/a
	if [ "$have_compile" = yes ]; then
		ref=$work/ref out=$work/out
		rm -rf "$ref" "$out"
		mkdir "$ref"
		if ! "$TUNNELGEN" compile -q "$topo" -o "$ref" >/dev/null 2>"$work/compile.err"; then
			note "compile fails on the $shape $n topology:"
			head -5 "$work/compile.err" >&2
			tK=fail
		else
			files=$(find "$ref" -type f | wc -l | tr -d ' ')
			find "$ref" -type f -exec wc -c {} + |
			    awk '$2 != "total" { s += $1; if ($1 > m) m = $1 }
				END { print s + 0, m + 0 }' > "$work/sizes"
			read -r outbytes maxfile < "$work/sizes"
			note "$shape, $n: floor B (libyaml + cp -r of $files files)"
			tB=$(measure "$runs" "rm -rf '$out' && mkdir '$out'" \
			    "'$YAML_FLOOR' '$topo' >/dev/null && cp -R '$ref'/. '$out'")
			note "$shape, $n: compile into an empty folder"
			tK=$(measure "$runs" "rm -rf '$out' && mkdir '$out'" \
			    "'$TUNNELGEN' compile -q '$topo' -o '$out'")
			note "$shape, $n: compile over identical output"
			tR=$(measure "$runs" "" "'$TUNNELGEN' compile -q '$topo' -o '$ref'")
			rm -rf "$out" && mkdir "$out"
			rssK=$(peak_kib "'$TUNNELGEN' compile -q '$topo' -o '$out'")
			# lint on the largest mixed tree, against its own floor:
			# the same files read and parsed by the three grammars
			# and psk.txt's reader, nothing checked.
			if [ "$shape" = mixed ] && [ "$n" = "$big" ] &&
			    have_verb lint; then
				note "$shape, $n: lint floor (lint --parse-only)"
				tLP=$(measure "$runs" "" \
				    "'$TUNNELGEN' lint --parse-only '$ref' >/dev/null")
				note "$shape, $n: lint"
				tL=$(measure "$runs" "" \
				    "'$TUNNELGEN' lint '$ref' >/dev/null")
				echo "$n $files $tLP $tL" > "$work/lint"
			fi
		fi
		rm -rf "$ref" "$out"
	fi
	echo "$shape $n $hosts $inbytes $files $outbytes $maxfile $tA $tC $tB $tK $tR $rssC $rssK" >> "$work/rows"
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
	"$PARSE_BENCH" make "$g" "$dir" "$big_in" "$parse_mb" 2>"$work/pb.err" >/dev/null
	rc=$?
	if [ $rc -eq 3 ]; then
		echo "$g not-built" >> "$work/parse"; continue
	elif [ $rc -ne 0 ]; then
		note "$(cat "$work/pb.err")"
		echo "$g make-failed" >> "$work/parse"; continue
	fi
	kept=$(sed -n 's/.*: \([0-9]* of [0-9]*\) corpus files.*/\1/p' "$work/pb.err")
	note "$g: parsing $(mib "$(wc -c < "$big_in")") made of $kept corpus files"
	inproc=$("$PARSE_BENCH" run "$g" "$big_in" 3)
	tP=$(measure 5 "" "'$PARSE_BENCH' run $g '$big_in' >/dev/null || :")
	tW=$(measure 5 "" "wc -l < '$big_in' >/dev/null")
	bytes=$(wc -c < "$big_in" | tr -d ' ')
	set -- $inproc
	# "NAME BYTES bytes LINES lines SECS s MBPS MB/s ERRORS errors"
	echo "$g ok $bytes $(echo "$kept" | tr ' ' '_') ${8:-n/a} ${10:-n/a} $tP $tW" >> "$work/parse"
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
echo "- work folder on $workfs; timer: $timer, median of $(runs_for 1000) runs up to 10k tunnels and $(runs_for 100000) above (after one warm-up run)"
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
echo "| shape | tunnels | floor A | check | check/A | floor B | compile | compile/B | recompile (unchanged) | recompile/B |"
echo "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
while read -r shape n hosts inb files outb maxf tA tC tB tK tR rssC rssK; do
	echo "| $shape | $n | $(ms "$tA") | $(ms "$tC") | $(ratio "$tC" "$tA") | $(ms "$tB") | $(ms "$tK") | $(ratio "$tK" "$tB") | $(ms "$tR") | $(ratio "$tR" "$tB") |"
done < "$work/rows"
echo
echo "#### Peak memory (max RSS of the process)"
echo
echo "Budget: 4 x the YAML size + the largest output file; it is a target at $big tunnels (verdicts in parentheses are for information)."
echo
echo "| shape | tunnels | check | compile | budget | compile/budget | within |"
echo "|---|---:|---:|---:|---:|---:|---|"
while read -r shape n hosts inb files outb maxf tA tC tB tK tR rssC rssK; do
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
	for s in $shapes; do
		r=$(row "$s" "$big")
		[ -n "$r" ] || continue
		echo "At $big tunnels ($s): check < 2 x A: $(verdict "$(ratio "$(at "$r" 9)" "$(at "$r" 8)")" 2); compile <= 1.3 x B: $(verdict "$(ratio "$(at "$r" 11)" "$(at "$r" 10)")" 1.3 le)."
	done
	echo
fi
echo "#### Parsers (input: the corpus files each grammar parses cleanly, repeated)"
echo
echo "In-process: the parse call alone, median of 3. Process: the whole program"
echo "(read + parse) against \`wc -l\` on the same bytes. Target >= 100 MB/s (10^6 bytes)."
echo
echo "| grammar | input | corpus files used | in-process | process | wc -l | process/wc | errors | >= 100 MB/s |"
echo "|---|---:|---:|---:|---:|---:|---:|---:|---|"
while read -r g st bytes kept mbps errs tP tW; do
	case $st in
	ok)
		pm=n/a
		case $tP in fail) ;; *) pm=$(awk -v b="$bytes" -v t="$tP" 'BEGIN { printf "%.1f", b / 1e6 / t }');; esac
		echo "| $g | $(mib "$bytes") | $(echo "$kept" | tr _ ' ') | $mbps MB/s | $pm MB/s | $(ms "$tW") | $(ratio "$tP" "$tW") | $errs | $(atleast "$mbps" 100) |"
		;;
	not-built) echo "| $g | not available (grammar not built in this tree) | | | | | | | |";;
	no-corpus) echo "| $g | not available (no corpus at $dir) | | | | | | | |";;
	*) echo "| $g | not available (could not build the input) | | | | | | | |";;
	esac
done < "$work/parse"
echo
echo "#### Later verbs"
echo
# ---- place for lint and diff ------------------------------------------
# When `tunnelgen lint` / `tunnelgen diff` exist, measure them here on the
# compiled tree of the largest mixed topology (lint: the tree; diff: the
# topology against the tree) against floor B, in the same way as compile.
if [ -s "$work/lint" ]; then
	read -r ln lf tLP tL < "$work/lint"
	rL=$(ratio "$tL" "$tLP")
	echo "- lint: compiled tree of the mixed $ln-tunnel topology ($lf files):" \
	    "read + parse only (\`lint --parse-only\`) $(ms "$tLP")," \
	    "full lint $(ms "$tL"), ratio $rL; target <= 2: $(verdict "$rL" 2 le)"
fi
for v in lint diff; do
	[ "$v" = lint ] && [ -s "$work/lint" ] && continue
	if have_verb "$v"; then
		echo "- $v: present in this build, not measured yet (see bench/run.sh)"
	else
		echo "- $v: not available in this build"
	fi
done
} > "$work/report.md"

cat "$work/report.md"
cp "$work/report.md" "$report" && note "report written to $report"
