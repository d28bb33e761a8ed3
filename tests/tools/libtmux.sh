# Tier-2 TUI tests: the real r53 on a real pty, inside a private tmux server (tmux -L, no
# config). Sourced by tests/tmux/*.sh; sources lib.sh. Waits poll capture-pane, never sleep a
# fixed time for an event.
#   tmux_start COLS LINES CMD    a detached session "t" on a fresh server, running CMD; the pane stays
#                                after CMD exits (remain-on-exit) so the shell's last words
#                                can be read
#   tmux_r53 COLS LINES [VAR=VALUE...] [-- ARGS...]
#                                tmux_start running r53 ($R53 ARGS) as a user's shell would:
#                                TERM=screen, UTF-8, this test's HOME and AWS keys, none of
#                                the screen-test hooks, then VAR=VALUE. When r53 ends, the
#                                pane and $TMP/exited say "r53 exited N"; the pane stays.
#   wait_exited [DESC]           waits for $TMP/exited; a check that it says "r53 exited 0"
#   t ARGS...                    tmux on the private socket
#   screen                       the pane's text now
#   wait_for TEXT [DESC]         polls until the pane shows TEXT (fixed string); a check
#   wait_gone TEXT [DESC]        polls until it does not
. "$(dirname "$0")/../tools/lib.sh"

TSOCK_BASE=r53-test-$$
TSOCK_N=0
TSOCK=$TSOCK_BASE-0
t() {
	tmux -L "$TSOCK" -f /dev/null "$@"
}
t_stop() {
	n=0
	while [ $n -le $TSOCK_N ]; do
		tmux -L "$TSOCK_BASE-$n" -f /dev/null kill-server 2>/dev/null
		n=$((n + 1))
	done
	t_cleanup
}
trap t_stop EXIT

tmux_start() {
	cols=$1 lines=$2
	shift 2
	# a fresh server (socket) each time: a killed one may still be going away
	t kill-server 2>/dev/null
	TSOCK_N=$((TSOCK_N + 1))
	TSOCK=$TSOCK_BASE-$TSOCK_N
	t new-session -d -s t -x "$cols" -y "$lines" "$*" || return 1
	t set-option -t t remain-on-exit on >/dev/null
	t set-option -t t status off >/dev/null
}

# shq TEXT: TEXT quoted for sh.
shq() {
	printf "'%s'" "$(printf '%s' "$1" | sed "s/'/'\\\\''/g")"
}

tmux_r53() {
	cols=$1 lines=$2
	shift 2
	{
		echo "export TERM=screen LANG=C.UTF-8 LC_ALL=C.UTF-8 HOME=$(shq "$HOME")"
		echo "export AWS_ACCESS_KEY_ID=$(shq "$AWS_ACCESS_KEY_ID")" \
			"AWS_SECRET_ACCESS_KEY=$(shq "$AWS_SECRET_ACCESS_KEY")"
		echo "unset R53_NO_DISPLAY R53_SCRIPT R53_FIXTURE"
		while [ $# -gt 0 ] && [ "$1" != -- ]; do
			echo "export ${1%%=*}=$(shq "${1#*=}")"
			shift
		done
		if [ $# -gt 0 ]; then shift; fi # the --
		printf '%s' "$(shq "$R53")"
		for a in "$@"; do printf ' %s' "$(shq "$a")"; done
		echo
		echo 'rc=$?'
		echo "echo \"r53 exited \$rc\"; echo \"r53 exited \$rc\" > $(shq "$TMP/exited")"
		# keeps the pane alive: tmux may drop the last output of a pane that dies
		echo "exec sleep 600"
	} > "$TMP/run.sh"
	rm -f "$TMP/exited"
	tmux_start "$cols" "$lines" sh "$TMP/run.sh"
}

wait_exited() {
	i=0
	while [ ! -s "$TMP/exited" ] && [ $i -lt 500 ]; do
		sleep 0.02
		i=$((i + 1))
	done
	check_eq "${1:-r53 exits 0}" "r53 exited 0" "$(cat "$TMP/exited" 2>/dev/null)"
}

screen() {
	t capture-pane -p -t t 2>/dev/null
}

# t_poll COND TEXT: up to ~10 s in 20 ms steps.
t_poll() {
	i=0
	while [ $i -lt 500 ]; do
		s=$(screen)
		case "$s" in
		*"$2"*) [ "$1" = present ] && return 0 ;;
		*) [ "$1" = absent ] && return 0 ;;
		esac
		sleep 0.02
		i=$((i + 1))
	done
	return 1
}

wait_for() {
	if t_poll present "$1"; then
		pass "${2:-shows '$1'}"
	else
		fail "${2:-shows '$1'}" "screen:" "$(screen)"
	fi
}

wait_gone() {
	if t_poll absent "$1"; then
		pass "${2:-no longer shows '$1'}"
	else
		fail "${2:-no longer shows '$1'}" "screen:" "$(screen)"
	fi
}
