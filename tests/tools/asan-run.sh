#!/bin/sh
# asan-run.sh SCRIPT: runs one test script against build/asan, the sanitizers writing their
# reports to files, and counts any report as a failure. A test sees a sanitizer's abort only
# in the processes whose exit it checks; r53 in a tmux pane, or a leak found as a process
# exits, would otherwise go by on a screen nobody compares.
dir=$(mktemp -d /tmp/r53-asan.XXXXXX) || exit 2
trap 'rm -rf "$dir"' EXIT
export R53_BUILD=build/asan
export ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1}:log_path=$dir/asan"
export UBSAN_OPTIONS="${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}:log_path=$dir/ubsan"
sh "$1" > "$dir/out" 2>&1
rc=$?
cat "$dir/out"
set -- "$1" "$(find "$dir" -name 'asan.*' -o -name 'ubsan.*' | wc -l)"
[ "$2" -eq 0 ] && exit $rc
for f in "$dir"/asan.* "$dir"/ubsan.*; do
	[ -f "$f" ] && { echo "== sanitizer report $(basename "$f")"; cat "$f"; }
done
line=$(grep -E '[0-9]+ passed, [0-9]+ failed' "$dir/out" | tail -1)
p=$(echo "$line" | sed -n 's/.*\b\([0-9][0-9]*\) passed, \([0-9][0-9]*\) failed.*/\1/p')
f=$(echo "$line" | sed -n 's/.*\b\([0-9][0-9]*\) passed, \([0-9][0-9]*\) failed.*/\2/p')
echo "$(basename "$1" .sh): ${p:-0} passed, $((${f:-0} + 1)) failed ($2 sanitizer report(s))"
exit 1
