#!/bin/sh
# run.sh - make fuzz: run every libFuzzer harness, or keep what they found.
#
#   run.sh run      fuzz each harness for $FUZZ_SECONDS (or, when set, until
#                   it has run $FUZZ_RUNS inputs), $FUZZ_JOBS at once;
#                   one line per harness, then "fuzz: tests: N passed, M
#                   failed"; exit 1 if any crashed, leaked, hung or ran out
#                   of memory (its input is in fuzz-out/crashes/)
#   run.sh keep     replace the source tree's corpus (tests/fuzz/corpus/NAME)
#                   with the fewest inputs, of at most $FUZZ_KEEP_LEN bytes
#                   (4096), that cover what it and the runs' inputs cover
#   run.sh one NAME the run of one harness (run.sh run starts these)
#
# From the build directory, with srcdir and FUZZ_HARNESSES (the programs)
# in the environment.  Each harness starts from its kept corpus and seeds
# made from the test fixtures (fuzz-out/seeds/NAME); what it finds goes
# to fuzz-out/work/NAME, its log and final statistics to
# fuzz-out/NAME.log.
set -eu

: "${srcdir:?}" "${FUZZ_HARNESSES:?}"
FUZZ_SECONDS=${FUZZ_SECONDS:-60}
FUZZ_MAX_LEN=${FUZZ_MAX_LEN:-16384}
FUZZ_JOBS=${FUZZ_JOBS:-$(nproc 2>/dev/null || echo 1)}
SEP='
--circfin-fuzz-next-file--
'
out=fuzz-out
data=$srcdir/tests/data

# seed NAME FILE...: one seed, the files joined by the separator.
seed() {
	name=$1
	shift
	dir=$out/seeds/$name
	mkdir -p "$dir"
	n=$(ls "$dir" | wc -l)
	{
		first=1
		for f in "$@"; do
			[ $first -eq 1 ] || printf '%s' "$SEP"
			first=0
			cat "$f"
		done
	} > "$dir/seed-$n"
}

# seeds NAME: the fixtures of the format NAME parses.
seeds() {
	name=$1
	rm -rf "$out/seeds/$name"
	mkdir -p "$out/seeds/$name"
	case $name in
	xml)
		for f in "$srcdir/graphs/ai-financing.xml" \
		    "$srcdir/docs/example-dataset.xml" "$data"/graph/*/*.xml \
		    "$data"/bad/*.xml "$data/stress/lab.xml"; do
			seed xml "$f"
		done ;;
	csv)
		for f in "$data"/graph/*/*.csv "$srcdir/graphs/aliases.csv"; do
			seed csv "$f"
		done ;;
	formd)
		for f in $(find "$data/edgar/formd" -name '*.xml'); do
			seed formd "$f"
		done ;;
	form4)
		for f in "$data"/edgar/ownership/form4*.xml \
		    "$data"/edgar/ownership/*/form4.xml; do
			seed form4 "$f"
		done ;;
	sched13)
		for f in "$data"/edgar/ownership/sched13*.xml; do
			seed sched13 "$f"
		done ;;
	sgml)
		for f in "$data"/edgar/sgml/*; do
			seed sgml "$f"
		done ;;
	13f)
		for d in "$data"/edgar/13f/*/; do
			cover=$d/primary_doc.xml
			table=$(ls "$d" | grep -v '^primary_doc.xml$' | head -n 1)
			if [ -f "$cover" ] && [ -n "$table" ]; then
				seed 13f "$cover" "$d$table"
			elif [ -f "$cover" ]; then
				seed 13f "$cover"
			else
				seed 13f /dev/null "$d$table"
			fi
		done ;;
	xbrl)
		for f in $(find "$data/edgar/xbrl" -name '*.xml' ! -name '*_lab.xml'); do
			lab=$(echo "$f" | sed 's/_htm\.xml$//; s/\.xml$//')_lab.xml
			if [ -f "$lab" ]; then seed xbrl "$f" "$lab"
			else seed xbrl "$f"; fi
		done ;;
	scenarios)
		for f in "$srcdir/graphs/scenarios.xml" "$data"/stress/*scenarios*.xml \
		    "$data"/stress/bad-*.xml; do
			seed scenarios "$f"
		done ;;
	clear)
		seed clear "$data/clear/liabilities.csv" "$data/clear/entities.csv"
		seed clear "$data/clear/debtrank-liabilities.csv" \
		    "$data/clear/debtrank-entities.csv"
		seed clear "$data/clear/liabilities.csv" \
		    "$data/clear/entities-external.csv"
		for f in "$data"/clear/bad/*.csv; do
			seed clear "$f" "$data/clear/entities.csv"
		done ;;
	*)
		echo "run.sh: no seeds for $name" >&2
		exit 1 ;;
	esac
}

# dict NAME: a libFuzzer dictionary of the separator, XML's syntax and
# the element and attribute names in the seeds.
dict() {
	name=$1
	{
		printf '"\\x0a--circfin-fuzz-next-file--\\x0a"\n'
		for t in '<?xml version=\"1.0\" encoding=\"UTF-8\"?>' '<!DOCTYPE' \
		    '<!ENTITY' '<![CDATA[' ']]>' '<!--' '-->' '/>' '</' '&amp;' \
		    '&#x' 'xmlns=' 'xmlns:' '<SEC-DOCUMENT>' '<DOCUMENT>' \
		    '</DOCUMENT>' '<TYPE>' '<TEXT>' '</TEXT>' '<XML>' '</XML>' \
		    '\"\"' ',' '\x0d\x0a'; do
			printf '"%s"\n' "$t"
		done
		cat "$out/seeds/$name"/* | grep -o '<[A-Za-z_][-A-Za-z0-9_.:]*' |
		    sort -u | sed 's/.*/"&"/'
		cat "$out/seeds/$name"/* |
		    grep -o ' [A-Za-z_][-A-Za-z0-9_.:]*="' | sort -u |
		    sed 's/^ //; s/"$//; s/.*/"&=\\"" /'
		# CSV headers
		cat "$out/seeds/$name"/* | sed -n '1s/[^-A-Za-z0-9_,.: ]//gp' |
		    tr ',' '\n' | grep -v '^$' | sort -u | sed 's/.*/"&"/'
	} | sort -u > "$out/$name.dict"
}

one() {
	name=$1
	prog=tests/fuzz/fuzz_$name
	mkdir -p "$out/work/$name" "$out/crashes"
	rm -f "$out/crashes/$name-"*
	seeds "$name"
	dict "$name"
	status=0
	if [ -n "${FUZZ_RUNS:-}" ]; then
		limit="-runs=$FUZZ_RUNS"
	else
		limit="-max_total_time=$FUZZ_SECONDS"
	fi
	# -timeout: an input that takes 10 s is a hang; -rss_limit_mb: one
	# that needs 2 GiB is a limit missing
	"$prog" "$limit" -max_len="$FUZZ_MAX_LEN" \
	    -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
	    -dict="$out/$name.dict" \
	    -artifact_prefix="$out/crashes/$name-" \
	    "$out/work/$name" "$srcdir/tests/fuzz/corpus/$name" \
	    "$out/seeds/$name" > "$out/$name.log" 2>&1 || status=$?
	runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$out/$name.log")
	secs=$(sed -n 's/^Done [0-9]* runs in \([0-9]*\) second.*/\1/p' "$out/$name.log")
	found=$(ls "$out/work/$name" | wc -l)
	if [ $status -eq 0 ]; then
		echo "ok $name: ${runs:-?} runs in ${secs:-?} s, $found inputs in $out/work/$name"
	else
		what=$(grep -m 1 -E '^(==[0-9]+==ERROR|SUMMARY|fuzz:|.*runtime error)' \
		    "$out/$name.log" || true)
		echo "FAIL $name: ${what:-exit $status}; input in $out/crashes/$name-*," \
		    "log in $out/$name.log"
	fi
}

case ${1:-} in
one)
	one "$2" ;;
run)
	mkdir -p "$out"
	rm -f "$out"/*.result
	for h in $FUZZ_HARNESSES; do echo "${h##*fuzz_}"; done |
	    xargs -P "$FUZZ_JOBS" -I NAME sh -c \
	    'sh "$0" one NAME > "fuzz-out/NAME.result"' "$0"
	pass=0 fail=0
	for h in $FUZZ_HARNESSES; do
		r=$out/${h##*fuzz_}.result
		cat "$r"
		if grep -q '^ok ' "$r"; then pass=$((pass + 1)); else fail=$((fail + 1)); fi
	done
	echo "fuzz: tests: $pass passed, $fail failed"
	[ $fail -eq 0 ] ;;
keep)
	# the smallest set of inputs of at most FUZZ_KEEP_LEN bytes with the
	# coverage of the kept ones and the new ones together
	for h in $FUZZ_HARNESSES; do
		name=${h##*fuzz_}
		kept=$srcdir/tests/fuzz/corpus/$name
		rm -rf "$out/keep/$name"
		mkdir -p "$out/keep/$name" "$kept" "$out/work/$name"
		"$h" -set_cover_merge=1 -max_len="${FUZZ_KEEP_LEN:-4096}" \
		    "$out/keep/$name" "$kept" "$out/work/$name" \
		    > "$out/$name.merge.log" 2>&1 ||
		    { echo "FAIL $name: merge (log in $out/$name.merge.log)"; exit 1; }
		rm -f "$kept"/*
		cp "$out/keep/$name"/* "$kept"/
		echo "$name: $(ls "$kept" | wc -l) kept inputs," \
		    "$(cat "$kept"/* | wc -c) bytes"
	done ;;
*)
	sed -n '2,11p' "$0" | sed 's/^# \{0,1\}//' >&2
	exit 2 ;;
esac
