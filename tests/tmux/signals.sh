#!/bin/sh
# SIGTERM, SIGHUP and a crash (SIGSEGV) leave the terminal usable: cooked mode, echo on,
# normal screen. An edit staged before SIGTERM or SIGHUP (a dropped SSH session) stays in the
# cache, and the next start says it is waiting.
. "$(dirname "$0")/../tools/libtmux.sh"

# run_signal SIG STATUS: starts r53 in tmux, sends SIG, checks the exit status and that the
# shell gets a sane terminal back.
run_signal() {
	sig=$1 status=$2
	cat > "$TMP/run.sh" <<EOF2
export TERM=screen LANG=C.UTF-8 LC_ALL=C.UTF-8 HOME="$HOME" R53_FIXTURE="$ROOT/tests/tui/fixtures/demo.fixture"
unset R53_NO_DISPLAY R53_SCRIPT
sh -c 'echo \$\$ > "$TMP/pid"; exec "$R53"'
echo "r53 exited \$?"
stty -a | tr ' ;' '\n\n' | grep -x -e icanon -e -icanon -e echo -e -echo | tr '\n' ' '
echo
exec sleep 600 # keeps the pane alive: a pane that dies may scroll its last lines away
EOF2
	rm -f "$TMP/pid"
	tmux_start 80 24 sh "$TMP/run.sh"
	wait_for "[zones] 1/3" "$sig: started"
	kill -s "$sig" "$(cat "$TMP/pid")"
	wait_for "r53 exited $status" "$sig: r53 ended with status $status"
	wait_for "icanon echo" "$sig: terminal restored"
	wait_gone "[zones]" "$sig: normal screen back"
	t kill-server
}

run_signal TERM 143
run_signal HUP 129
run_signal INT 130
run_signal SEGV 139

# staged_then SIG STATUS: a TTL edit staged in a real cache, then SIG; the next start says
# the edit is waiting and the header counts it.
DB=$TMP/cache.db
check "seed the cache" "$BUILD/bin/cache-seed" --cache "$DB" --profile demo --zones 2 --records 20
staged_then() {
	sig=$1 status=$2
	cat > "$TMP/run.sh" <<EOF2
export TERM=screen LANG=C.UTF-8 LC_ALL=C.UTF-8 HOME="$HOME"
unset R53_NO_DISPLAY R53_SCRIPT R53_FIXTURE
sh -c 'echo \$\$ > "$TMP/pid"; exec "$R53" --cache "$DB" --profile demo --offline'
echo "r53 exited \$?"
stty -a | tr ' ;' '\n\n' | grep -x -e icanon -e -icanon -e echo -e -echo | tr '\n' ' '
echo
exec sleep 600
EOF2
	rm -f "$TMP/pid"
	tmux_start 80 24 sh "$TMP/run.sh"
	wait_for "[zones] 1/2" "$sig with an edit staged: started"
	t send-keys -t t Enter
	wait_for "[records zone1.example." "$sig: a zone's records"
	# the third row, host2's MX (a TTL on the apex NS or SOA asks for the zone name first)
	t send-keys -t t j j
	wait_for "] 3/10" "$sig: on host2's MX"
	t send-keys -t t t C-u 2 h Enter
	wait_for "1 staged" "$sig: a TTL edit staged"
	kill -s "$sig" "$(cat "$TMP/pid")"
	wait_for "r53 exited $status" "$sig with an edit staged: r53 ended with status $status"
	wait_for "icanon echo" "$sig with an edit staged: terminal restored"
	t kill-server
	cat > "$TMP/run.sh" <<EOF2
export TERM=screen LANG=C.UTF-8 LC_ALL=C.UTF-8 HOME="$HOME"
unset R53_NO_DISPLAY R53_SCRIPT R53_FIXTURE
"$R53" --cache "$DB" --profile demo --offline
EOF2
	tmux_start 80 24 sh "$TMP/run.sh"
	wait_for "1 staged edit waiting from last time (c to review)" \
		"$sig: the next start says the edit is waiting"
	wait_for " 1 staged" "$sig: the header counts it"
	t send-keys -t t c
	wait_for "[staged 1]" "$sig: c shows it"
	t send-keys -t t D y
	wait_for "discarded every staged edit" "$sig: discarded for the next round"
	t kill-server
}
staged_then TERM 143
staged_then HUP 129
finish
