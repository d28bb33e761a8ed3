#!/bin/sh
# q closes a view, and on the first view quits; with staged edits it asks first (anything but
# y keeps r53 open). Esc on the first view does not quit.
. "$(dirname "$0")/../tools/libtui.sh"

fixture_text <<'EOF2'
profile work
staged 2
zone Z1 example.com. public
rr Z1 www.example.com. A 300 = 192.0.2.1
EOF2
steps '
	<Enter>
	q
	<Esc>
	:save-display esc.screen
	q
	:save-display asked.screen
	n
	:save-display kept.screen
	:q
	y
	:save-display never.screen
'
run_app
check_eq "exit status" 0 "$APP_RC"
assert_screen_contains esc.screen "[zones] 1/1"
assert_screen_contains esc.screen "OFFLINE cache never synced  2 staged"
assert_screen_contains asked.screen "2 staged edits not applied (kept in the cache). Quit? (y/N)"
assert_screen_contains kept.screen "[zones] 1/1"
check "y quits (nothing saved after it)" test ! -f "$WORK/never.screen"

# no staged edits: q quits at once; the script's end is never reached
fixture demo.fixture
steps '
	q
	:save-display never2.screen
'
run_app
check_eq "exit status" 0 "$APP_RC"
check "q quits at once" test ! -f "$WORK/never2.screen"

# --read-only shows in the header
steps ':save-display ro.screen'
run_app --read-only
assert_screen_contains ro.screen " READ-ONLY  0 staged"
finish
