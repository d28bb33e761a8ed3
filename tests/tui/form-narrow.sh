#!/bin/sh
# Forms at narrow widths: a validation message cut next to its field also reaches the status
# line whole (record editor), and the field stays on the screen above that message; the TTL
# advice takes two rows when one is too narrow (80 columns), and wraps, said shorter, at 40:
# "up to 1 hour" is never cut.
COLUMNS_OVERRIDE=40 LINES_OVERRIDE=12
. "$(dirname "$0")/../tools/libtui.sh"

fixture demo.fixture
steps '
	:records example.com
	/mail.example
	<Enter>
	e
	jj
	:save-display edit40.screen
	<Esc>
	:resize 80 16
	:records example.com
	/<C-u>mail.example
	<Enter>
	e
	:save-display edit80.screen
'
run_app
check_eq "exit status" 0 "$APP_RC"
assert_screen_contains edit40.screen " MX 1 priority  10jj_ ! priority is a n…"
check_eq "40 columns: the cut message whole on the status line" \
	"[edit example.com. MX] 9/15 MX 1
priority: priority is a number 0..65535" "$(tail -3 "$WORK/edit40.screen" | head -2)"
check_eq "40 columns: the TTL advice wrapped, not cut; the field typed into stays above the message" \
	" TTL            3600
                old value cached up to 1
                hour (the old TTL);
                lower it first to be
                able to undo
 MX 1 priority  10jj_ ! priority is a n…" "$(sed -n 4,9p "$WORK/edit40.screen")"
assert_screen_contains edit80.screen "                resolvers may keep the old value for up to 1 hour (the old TTL);
                lower it first for a change you may want to undo"

# a resize while the editor is open wraps the advice again, the cursor on the same field
steps '
	:resize 80 16
	:records example.com
	/mail.example
	<Enter>
	e
	jj
	:resize 40 12
	:save-display resized40.screen
'
run_app
check_eq "resized to 40: the TTL advice wrapped again, not cut" \
	" TTL            3600
                old value cached up to 1
                hour (the old TTL);
                lower it first to be
                able to undo
 MX 1 priority  10jj_ ! priority is a n…" "$(sed -n 5,10p "$WORK/resized40.screen")"
finish
