#!/bin/sh
# Runs every test and sums the results; the last line is "N passed, N failed".
#   R53_SUITES  which suites (default: all, in this order)
#   R53_BUILD   the build to test (default build; the asan suite uses build/asan)
#   R53_TEST    run only tests whose file name contains this text
# Each test prints its own "<name>: N passed, N failed" line; a test that dies without one
# counts as one failure. Logs go to build/test-logs/.
cd "$(dirname "$0")/.." || exit 2
ROOT=$(pwd)
SUITES=${R53_SUITES:-"layers unit codec integration dns tui tmux asan fuzz"}
LOGS=$ROOT/build/test-logs
mkdir -p "$LOGS"
TOTAL_P=0
TOTAL_F=0
TIMEOUT=${R53_TEST_TIMEOUT:-900}

# run_one LABEL CMD... : runs a test, tallies its closing line.
run_one() {
	label=$1
	shift
	case $label in *"${R53_TEST:-}"*) ;; *) return 0 ;; esac
	log=$LOGS/$(echo "$label" | tr '/ ' '__').log
	start=$(date +%s)
	timeout -k 10 "$TIMEOUT" "$@" > "$log" 2>&1 < /dev/null
	rc=$?
	secs=$(($(date +%s) - start))
	line=$(grep -E '^([A-Za-z0-9_./-]+: )?[0-9]+ passed, [0-9]+ failed' "$log" | tail -1)
	p=$(echo "$line" | sed -n 's/.*\b\([0-9][0-9]*\) passed, \([0-9][0-9]*\) failed.*/\1/p')
	f=$(echo "$line" | sed -n 's/.*\b\([0-9][0-9]*\) passed, \([0-9][0-9]*\) failed.*/\2/p')
	[ -z "$p" ] && p=0
	[ -z "$f" ] && f=0
	if [ $rc -ne 0 ] && [ "$f" -eq 0 ]; then
		f=1 # died, timed out, or failed without saying so
		[ $rc -eq 124 ] && echo "$label: timed out after ${TIMEOUT}s" >> "$log"
	fi
	TOTAL_P=$((TOTAL_P + p))
	TOTAL_F=$((TOTAL_F + f))
	if [ "$f" -gt 0 ]; then
		echo "FAIL $label ($p passed, $f failed, ${secs}s; log: $log)"
		grep -E '^(FAIL|    |     )|CHECK|ERROR|Sanitizer|runtime error' "$log" | head -60 | sed 's/^/   | /'
		tail -5 "$log" | sed 's/^/   > /'
	else
		echo "ok   $label ($p passed, ${secs}s)"
	fi
}

run_scripts() {
	for t in tests/$1/*.sh; do
		[ -f "$t" ] || continue
		run_one "$1/$(basename "$t" .sh)" sh "$t"
	done
}

run_unit() {
	build=$1
	for t in "$build"/bin/test_*; do
		[ -x "$t" ] || continue
		run_one "unit$2/$(basename "$t")" "$t"
	done
}

for s in $SUITES; do
	case $s in
	layers) run_one layers/check-layers sh tests/tools/check-layers-test.sh ;;
	unit) run_unit "${R53_BUILD:-build}" "" ;;
	asan)
		if [ -d build/asan/bin ]; then
			export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1
			export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
			run_unit build/asan " (asan)"
			# Screen tests, r53 on a real pty in tmux, the DNS trace against the lab and
			# the codecs; a sanitizer report from any process fails the test.
			for t in tests/tui/*.sh tests/tmux/*.sh tests/dns/*.sh tests/codec/*.sh; do
				[ -f "$t" ] || continue
				run_one "asan/$(basename "$(dirname "$t")")/$(basename "$t" .sh)" \
					sh tests/tools/asan-run.sh "$t"
			done
		fi
		;;
	fuzz)
		# A short run of every libFuzzer target on its seed corpus (make fuzz runs longer).
		if [ -d build/fuzz/bin ]; then
			run_one fuzz/short sh tests/fuzz/run.sh build/fuzz/bin "${R53_FUZZ_SECONDS:-5}"
		fi
		;;
	*) run_scripts "$s" ;;
	esac
done

echo "$TOTAL_P passed, $TOTAL_F failed"
[ "$TOTAL_F" -eq 0 ]
