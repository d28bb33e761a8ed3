#!/bin/sh
# In a real terminal: open a zone, t on a record set, type a new TTL, Enter; the header counts
# the staged edit, the row shows it (~ and the new TTL), and c shows the diff.
. "$(dirname "$0")/../tools/libtmux.sh"

tmux_r53 100 24 R53_FIXTURE="$ROOT/tests/tui/fixtures/demo.fixture"

wait_for "[zones] 1/3" "starts on the zones view"
t send-keys -t t Enter
wait_for "[records example.com., cached 5m] 1/10" "opens the zone"
t send-keys -t t G
wait_for "[records example.com., cached 5m] 10/10" "last row"
t send-keys -t t t
wait_for "TTL for 1 record set (300, 5m, 2d): 300" "t asks for the TTL, the old one typed in"
t send-keys -t t C-u 1 h
wait_for "(300, 5m, 2d): 1h" "typed"
t send-keys -t t Enter
wait_for "OFFLINE cache 5m old  1 staged" "the header counts the staged edit"
wait_for "~www.example.com." "the row is marked as staged"
wait_for "CNAME simple            1 hour" "the row shows the new TTL"
t send-keys -t t c
wait_for "- TTL 300 (5 minutes)" "the staged view shows the old TTL"
wait_for "+ TTL 3600 (1 hour)" "and the new one"
t send-keys -t t Q
wait_for "1 staged edit not applied (kept in the cache). Quit? (y/N)" "quitting asks"
t send-keys -t t y
wait_exited "y quits"
finish
