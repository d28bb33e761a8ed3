#!/bin/sh
# Help (`?`) at 40 columns: each key on a row with its request's name, what it does on the
# next row, indented (no column padded for the longest key list); the commands and the filter
# terms the same way. A resize to 80 columns switches back to columns. In read-only mode the
# editing requests say they are off.
COLUMNS_OVERRIDE=40 LINES_OVERRIDE=12
. "$(dirname "$0")/../tools/libtui.sh"

fixture demo.fixture
steps '
	:records example.com
	?
	:save-display h1.screen
	G
	:save-display end.screen
	:resize 80 12
	g
	:save-display wide.screen
'
run_app
check_eq "exit status" 0 "$APP_RC"
assert_screen h1.screen <<'SCREEN'
 demo    OFFLINE cache 5m old  0 staged
────────────────────────────────────────
Keys in the records view
  k, <Up>  move-up
    Move cursor one line up
  j, <Down>  move-down
    Move cursor one line down
  <PgUp>, <C-b>  move-page-up
    Move cursor one page up
  <PgDown>, <C-f>  move-page-down
[help records] 1/107
j Down  PgDown Page down  q Back
SCREEN
check "no cut line in the body (no ellipsis)" sh -c "! sed -n '3,10p' '$WORK/h1.screen' '$WORK/end.screen' | grep -q '…'"
check_eq "the filter terms: term, then what it means" "  ttl:<300
    TTL below 300 s (also >, <=, >=, =,
    and 5m, 1h)
  !type:NS
    a leading ! negates; terms separated
    by spaces all apply" "$(sed -n 5,10p "$WORK/end.screen")"
assert_screen_contains wide.screen "  k, <Up>                        move-up         Move cursor one line up"

# a tall screen shows the whole help at once
steps '
	:records example.com
	?
	:resize 40 130
	:save-display ro.screen
'
run_app --read-only
check_contains "read-only: the editing requests are off" "  e  edit
    Edit the selected record set (off:
    read-only)" "$(cat "$WORK/ro.screen")"
check_contains "read-only: so is d" "  d  delete
    Delete the selected or marked record
    sets (staged) (off: read-only)" "$(cat "$WORK/ro.screen")"
check_contains "read-only: moving is on" "  j, <Down>  move-down
    Move cursor one line down
" "$(cat "$WORK/ro.screen")"
finish
