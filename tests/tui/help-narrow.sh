#!/bin/sh
# Help (`?`) at 40 columns: lines wrap (the rows after the first indented) instead of being
# cut, so every key, request and sentence can be read.
COLUMNS_OVERRIDE=40 LINES_OVERRIDE=12
. "$(dirname "$0")/../tools/libtui.sh"

fixture demo.fixture
steps '
	:records example.com
	?
	:save-display h1.screen
	G
	:save-display end.screen
'
run_app
check_eq "exit status" 0 "$APP_RC"
check_eq "the first rows wrap, nothing cut" "Keys in the records view
  k, <Up>                        move-up
    Move cursor one line up
  j, <Down>
    move-down       Move cursor one line
    down" "$(sed -n 3,8p "$WORK/h1.screen")"
check "no cut line in the body (no ellipsis)" sh -c "! sed -n '3,10p' '$WORK/h1.screen' '$WORK/end.screen' | grep -q '…'"
assert_screen_contains end.screen "separated by spaces all apply"
finish
