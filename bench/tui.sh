#!/bin/sh
# TUI figures (not assertions): the real r53 on a real pty (a private tmux server, 120x40) over
# caches written by cache-seed through the cache API, as a sync leaves them; --offline, so no
# request is made (the first frame never waits on one anyway). r53 logs its own times with
# R53_BENCH_LOG (tui/app.c): after a frame is written to the terminal, and from a key's read
# to the frame that answers it.
#  1. start to first frame, 100 zones / 100,000 record sets cached (r53 opens on the zones):
#     from this script's clock just before exec to r53's log line after the frame is written,
#     so exec, the dynamic loader, the cache's open and curses' set-up count. Target < 50 ms.
#  2. Enter on a zone of 100,000 record sets to the frame showing them (read from the cache,
#     rows prepared).
#  3. keystroke to frame in the filter over those 100,000 record sets: every key typed at the
#     '/' prompt (names, C-u clearing, field terms), each sent after the previous frame.
#     Target < 10 ms.
#  4. resident memory (VmHWM, the peak) after 2 and 3. Target < 100 MB.
# Medians over RUNS runs (default 5). On a loaded machine the figures grow: run it twice.
cd "$(dirname "$0")/.." || exit 2
BUILD=${R53_BUILD:-build}
R53=$PWD/$BUILD/bin/r53
RUNS=${RUNS:-5}
[ -x "$R53" ] && [ -x "$BUILD/bin/cache-seed" ] || { echo "build first: make -j2" >&2; exit 2; }
command -v tmux > /dev/null || { echo "tui.sh: needs tmux (skipped)" >&2; exit 0; }
dir=$(mktemp -d /tmp/r53-bench-tui.XXXXXX) || exit 2
# the server's socket lives in $dir, so it goes with it
t() { tmux -S "$dir/tmux" -f /dev/null "$@"; }
trap 't kill-server > /dev/null 2>&1; rm -rf "$dir"' EXIT
trap 'exit 130' INT TERM HUP

fail() { echo "tui.sh: $*" >&2; exit 1; }
now_ns() { date +%s%N; }
median() { sort -n | awk '{ v[NR] = $1 } END { if (NR) print v[int((NR + 1) / 2)] }'; }
worst() { sort -n | tail -n 1; }
# lines LOG PATTERN: how many lines of LOG match
lines() {
	c=$(grep -c "$2" "$1" 2> /dev/null)
	echo "${c:-0}"
}
# wait_lines LOG PATTERN N: until LOG has N lines matching PATTERN; false after ~10 s
wait_lines() {
	i=0
	while [ "$(lines "$1" "$2")" -lt "$3" ]; do
		[ $i -lt 1000 ] || return 1
		sleep 0.01
		i=$((i + 1))
	done
}

"$BUILD/bin/cache-seed" --cache "$dir/c100.db" --zones 100 --records 100000 > /dev/null ||
	fail "cache-seed failed"
"$BUILD/bin/cache-seed" --cache "$dir/c1.db" --zones 1 --records 100000 > /dev/null ||
	fail "cache-seed failed"

# one server for every run (it would exit with its last session, racing the next one)
t start-server \; set-option -g exit-empty off || fail "cannot start tmux"

# The pane runs this: the start time in LOG.t0, then exec r53 (same pid).
cat > "$dir/launch.sh" << 'EOF'
export TERM=screen LANG=C.UTF-8 LC_ALL=C.UTF-8 HOME="$3" R53_BENCH_LOG="$1"
unset R53_NO_DISPLAY R53_SCRIPT R53_FIXTURE NO_COLOR
date +%s%N > "$1.t0"
exec "$4" --cache "$2" --offline
EOF

# start NAME LOG CACHE: a session running r53; waits for its first frame
start() {
	t new-session -d -s "$1" -x 120 -y 40 "sh '$dir/launch.sh' '$2' '$3' '$dir' '$R53'" ||
		fail "tmux new-session failed"
	wait_lines "$2" '^first-frame' 1 || { t capture-pane -p -t "$1" >&2; fail "no first frame"; }
}
# key NAME LOG KEY...: sends KEY (tmux send-keys arguments) and waits for the frame answering it
key() {
	name=$1 log=$2
	shift 2
	want=$(($(lines "$log" '^key ') + 1))
	t send-keys -t "$name" "$@" || fail "send-keys failed"
	wait_lines "$log" '^key ' "$want" || { t capture-pane -p -t "$name" >&2; fail "no frame after key $*"; }
}

# 1. first frame
n=0
while [ $n -lt "$RUNS" ]; do
	log=$dir/ff$n.log
	start ff$n "$log" "$dir/c100.db"
	t0=$(cat "$log.t0")
	t1=$(awk '/^first-frame/ { print $2; exit }' "$log")
	echo $(((t1 - t0) / 1000)) >> "$dir/ff.txt"
	t kill-session -t ff$n
	n=$((n + 1))
done

# 2-4. the 100,000-record zone: open it, filter, memory
n=0
while [ $n -lt "$RUNS" ]; do
	log=$dir/z$n.log
	start z$n "$log" "$dir/c1.db"
	pid=$(t display-message -p -t z$n '#{pane_pid}')
	[ "$(cat "/proc/$pid/comm" 2> /dev/null)" = r53 ] || fail "the pane's process is not r53"
	key z$n "$log" Enter
	t capture-pane -p -t z$n | grep -q '\] 1/100000' || fail "the zone's 100000 records are not on screen"
	awk '/^key/ { v = $3 } END { print v }' "$log" >> "$dir/enter.txt"
	key z$n "$log" /
	from=$(lines "$log" '^key ')
	for term in host4242 C-u cloudfront C-u 'ttl:<300 mx' C-u 'value:198.51.1'; do
		if [ "$term" = C-u ]; then
			key z$n "$log" C-u
			continue
		fi
		# one character at a time (send-keys -l: literally)
		rest=$term
		while [ -n "$rest" ]; do
			c=$(printf '%s' "$rest" | cut -c1)
			rest=$(printf '%s' "$rest" | cut -c2-)
			key z$n "$log" -l "$c"
		done
	done
	t capture-pane -p -t z$n > "$dir/screen.txt"; grep -q "value:198.51.1" "$dir/screen.txt" || { cat "$dir/screen.txt" >&2; fail "the filter is not on screen"; }
	awk -v from="$from" '/^key/ && ++k > from { print $3 }' "$log" >> "$dir/filter.txt"
	awk '/^VmHWM/ { print $2 }' "/proc/$pid/status" >> "$dir/hwm.txt"
	awk '/^RssAnon|^RssFile/ { printf "%s %s ", $1, $2 } END { print "" }' "/proc/$pid/status" \
		>> "$dir/rss.txt"
	t kill-session -t z$n
	n=$((n + 1))
done

nkeys=$(wc -l < "$dir/filter.txt")
echo "tui: start to first frame, 100 zones / 100000 record sets cached: median $(median < "$dir/ff.txt") us, worst $(worst < "$dir/ff.txt") us over $RUNS runs (target < 50000 us)"
echo "tui: Enter on a 100000-record zone to its frame: median $(median < "$dir/enter.txt") us, worst $(worst < "$dir/enter.txt") us over $RUNS runs"
echo "tui: filter keystroke to frame over 100000 record sets: median $(median < "$dir/filter.txt") us, worst $(worst < "$dir/filter.txt") us over $nkeys keystrokes (target < 10000 us)"
hwm=$(median < "$dir/hwm.txt")
echo "tui: resident memory peak (VmHWM) with the 100000-record zone open and filtered: median $((hwm / 1024)) MB (${hwm} kB) over $RUNS runs (target < 100 MB); last run's $(tail -n 1 "$dir/rss.txt")"
