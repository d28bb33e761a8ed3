#!/bin/sh
# SIGTERM, SIGHUP and a crash (SIGSEGV) leave the terminal usable: cooked mode, echo on,
# normal screen.
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
finish
