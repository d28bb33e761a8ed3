#!/bin/sh
# Runs every libFuzzer target for a short time on its committed corpus (tests/fuzz/corpus/NAME).
# Usage: run.sh BIN_DIR SECONDS. Ends with "fuzz: N passed, N failed" (one per target).
bin=$1
secs=${2:-20}
p=0
f=0
for t in "$bin"/fuzz_*; do
	[ -x "$t" ] || continue
	n=$(basename "$t")
	corpus=tests/fuzz/corpus/$n
	work=build/fuzz/corpus/$n
	# A target whose seeds are missing would start from nothing and prove little: say so.
	if [ ! -d "$corpus" ] || [ -z "$(ls "$corpus")" ]; then
		echo "FAIL $n (no seed corpus in $corpus)"
		f=$((f + 1))
		continue
	fi
	mkdir -p "$work"
	if "$t" -max_total_time="$secs" -max_len=8192 -timeout=10 -rss_limit_mb=2048 \
		-artifact_prefix=build/fuzz/ "$work" "$corpus" > "build/fuzz/$n.log" 2>&1; then
		echo "ok   $n ($(grep -o 'cov: [0-9]*' "build/fuzz/$n.log" | tail -1))"
		p=$((p + 1))
	else
		echo "FAIL $n (see build/fuzz/$n.log)"
		grep -E 'ERROR|SUMMARY|artifact' "build/fuzz/$n.log" | head -5
		f=$((f + 1))
	fi
done
echo "fuzz: $p passed, $f failed"
[ $f -eq 0 ]
