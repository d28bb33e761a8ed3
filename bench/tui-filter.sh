#!/bin/sh
# Keystroke-to-frame in a 100,000-record list with the filter (design target: under 10 ms).
# Runs r53 headless (R53_NO_DISPLAY) on a generated fixture twice: load only, then load plus
# 40 filter keystrokes (each refilters all rows and redraws); prints the difference per key.
cd "$(dirname "$0")/.." || exit 1
R53=${R53:-build/bin/r53}
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
printf 'zone ZB big.example. public\ngen ZB 100000\n' > "$TMP/fixture"
printf '<Enter>\n' > "$TMP/load"
{
	printf '<Enter>\n'
	for i in 1 2 3 4; do printf '/host9999\n<Esc>\n/ttl:<300 10.1.\n<Esc>\n'; done
} > "$TMP/keys"
keys=$(( 4 * (9 + 1 + 15 + 1) ))
run() {
	start=$(date +%s%N)
	R53_NO_DISPLAY=1 R53_FIXTURE="$TMP/fixture" R53_SCRIPT="$1" TERM=dumb LINES=40 COLUMNS=120 \
		LANG=C.UTF-8 HOME="$TMP" "$R53" < /dev/null
	echo $(( ($(date +%s%N) - start) / 1000 ))
}
best_load=999999999
best_keys=999999999
for i in 1 2 3; do
	l=$(run "$TMP/load"); [ "$l" -lt "$best_load" ] && best_load=$l
	k=$(run "$TMP/keys"); [ "$k" -lt "$best_keys" ] && best_keys=$k
done
per=$(( (best_keys - best_load) / keys ))
echo "tui-filter: 100000 record sets, load ${best_load} us; ${keys} filter keystrokes: ${per} us per keystroke (target < 10000 us)"
