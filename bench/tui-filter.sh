#!/bin/sh
# Keystroke to frame in the filter over a zone of 100,000 record sets (target: under 10 ms),
# without a terminal: r53 headless (R53_NO_DISPLAY: curses draws to /dev/null) driven by
# R53_SCRIPT, on a cache written by cache-seed (the records view reads what a user's sync left,
# not a fixture). r53 logs each key's time from its read to the frame (R53_BENCH_LOG).
# bench/tui.sh measures the same keys on a real pty; this one needs no tmux.
# Prints the median and worst of every filter keystroke over RUNS runs (default 3).
cd "$(dirname "$0")/.." || exit 2
BUILD=${R53_BUILD:-build}
R53=$PWD/$BUILD/bin/r53
RUNS=${RUNS:-3}
[ -x "$R53" ] && [ -x "$BUILD/bin/cache-seed" ] || { echo "build first: make -j2" >&2; exit 2; }
TMP=$(mktemp -d /tmp/r53-bench-filter.XXXXXX) || exit 2
trap 'rm -rf "$TMP"' EXIT
trap 'exit 130' INT TERM HUP

"$BUILD/bin/cache-seed" --cache "$TMP/c1.db" --zones 1 --records 100000 > /dev/null ||
	{ echo "tui-filter.sh: cache-seed failed" >&2; exit 1; }
# Enter opens the zone, '/' the filter; then the keys typed at the prompt (C-u clears)
{
	printf '<Enter>\n/'
	for i in 1 2; do printf 'host4242<C-u>cloudfront<C-u>ttl:<300 mx<C-u>value:198.51.1<C-u>'; done
	printf '\n'
} > "$TMP/keys"
n=0
while [ $n -lt "$RUNS" ]; do
	rm -f "$TMP/log"
	R53_NO_DISPLAY=1 R53_SCRIPT="$TMP/keys" R53_BENCH_LOG="$TMP/log" TERM=screen LINES=40 \
		COLUMNS=120 LANG=C.UTF-8 LC_ALL=C.UTF-8 HOME="$TMP" \
		timeout 120 "$R53" --cache "$TMP/c1.db" --offline < /dev/null > /dev/null ||
		{ echo "tui-filter.sh: r53 failed" >&2; exit 1; }
	# the keys after '/' (the third key line on)
	awk '/^key/ && ++k > 2 { print $3 }' "$TMP/log" >> "$TMP/filter.txt"
	n=$((n + 1))
done
nkeys=$(wc -l < "$TMP/filter.txt")
[ "$nkeys" -gt 0 ] || { echo "tui-filter.sh: no keystrokes logged" >&2; exit 1; }
med=$(sort -n "$TMP/filter.txt" | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }')
worst=$(sort -n "$TMP/filter.txt" | tail -n 1)
echo "tui-filter: headless, filter keystroke to frame over 100000 cached record sets: median ${med} us, worst ${worst} us over ${nkeys} keystrokes (target < 10000 us)"
