# Tier-2 TUI tests: the real r53 on a real pty, inside a private tmux server (tmux -L, no
# config). Sourced by tests/tmux/*.sh; sources lib.sh. Waits poll capture-pane, never sleep a
# fixed time for an event.
#   tmux_start COLS LINES CMD    a detached session "t" on a fresh server, running CMD; the pane stays
#                                after CMD exits (remain-on-exit) so the shell's last words
#                                can be read
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
