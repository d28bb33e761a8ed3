#!/bin/sh
# The real r53 in a real terminal (tmux): start, move, filter, resize 120x40 -> 40x12 -> 30x10
# -> 80x24, help, quit; afterwards the terminal is back in cooked mode with echo on.
. "$(dirname "$0")/../tools/libtmux.sh"

cat > "$TMP/run.sh" <<EOF2
export TERM=screen LANG=C.UTF-8 LC_ALL=C.UTF-8 HOME="$HOME" R53_FIXTURE="$ROOT/tests/tui/fixtures/demo.fixture"
unset R53_NO_DISPLAY R53_SCRIPT
"$R53"
echo "r53 exited \$?"
stty -a | tr ' ;' '\n\n' | grep -x -e icanon -e -icanon -e echo -e -echo | tr '\n' ' '
echo
exec sleep 600 # keeps the pane alive: a pane that dies may scroll its last lines away
EOF2
tmux_start 80 24 sh "$TMP/run.sh"

wait_for "[zones] 1/3" "starts on the zones view"
wait_for "Enter Open  a Create  d Delete  u Rollback" "key bar"
t send-keys -t t Down
wait_for "[zones] 2/3" "Down moves"
t send-keys -t t j
wait_for "[zones] 3/3" "j moves"
t send-keys -t t Home
wait_for "[zones] 1/3" "Home goes to the first line"
t send-keys -t t Enter
wait_for "[records example.com., cached 5m] 1/10" "Enter opens the zone"
t send-keys -t t / t y p e : M X
wait_for "/type:MX" "the prompt shows what is typed"
wait_gone "mail.example.com.           A" "filter as you type: only MX left"
t send-keys -t t Enter
wait_for "[records example.com., cached 5m] 1/1  filter: type:MX" "Enter keeps the filter"
t send-keys -t t Escape
wait_for "[records example.com., cached 5m] 1/10" "Esc clears the filter"

t resize-window -t t -x 120 -y 40
wait_for "OFFLINE cache 5m old  0 staged" "120x40 header"
check_eq "120x40: 40 rows" 40 "$(screen | wc -l)"
t resize-window -t t -x 40 -y 12
wait_for "[records example.com., cach" "40x12 still draws the view"
t resize-window -t t -x 30 -y 10
wait_for "terminal too small" "30x10 says too small"
t resize-window -t t -x 80 -y 24
wait_for "[records example.com., cached 5m] 1/10" "80x24 again, selection kept"
wait_gone "terminal too small"

t send-keys -t t '?'
wait_for "Keys in the records view" "? opens help"
t send-keys -t t q
wait_for "[records example.com., cached 5m]" "q closes help"
t send-keys -t t q
wait_for "[zones] 1/3" "q goes back to zones"
t send-keys -t t q
wait_for "r53 exited 0" "q on the first view quits"
wait_for "icanon echo" "terminal restored (cooked mode, echo on)"
finish
