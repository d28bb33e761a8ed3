#!/bin/sh
# Long status-line messages and questions wrap upward over the body's last rows instead of
# being cut, at 80x24 and at the smallest size (40x12): an error naming a long command, the
# question `d` asks on a zone that is not empty, and a typed confirmation (the prompt and
# what is typed so far).
COLUMNS_OVERRIDE=80 LINES_OVERRIDE=24
. "$(dirname "$0")/../tools/libtui.sh"

fixture demo.fixture
LONG=this-command-name-is-long-enough-to-need-a-second-row-of-the-status-line-and-then-some
steps "
	:$LONG
	:save-display error80.screen
	d
	:save-display ask80.screen
	n
	:resize 40 12
	:$LONG
	:save-display error40.screen
	d
	:save-display ask40.screen
	n
	:records example.com
	:resize 80 24
	g
	jj
	d
	:save-display typed80.screen
	:resize 40 12
	example
	:save-display typed40.screen
	<Esc>
"
run_app
check_eq "exit status" 0 "$APP_RC"
# every character of the message is on the screen, the key bar still at the bottom
check_eq "80x24: the error ends on the status row, whole" \
	"$(printf '%s\n' "[zones] 1/3 unknown command" "'$LONG'" | fold -w 80)
Enter Open  a Create  d Delete  u Rollback  c Staged  / Filter  ? Help  q Quit" \
	"$(tail -4 "$WORK/error80.screen")"
check_eq "80x24: the question whole, on two rows" \
	"[zones] 1/3 example.com. is not empty (8 record sets besides NS/SOA;
HostedZoneNotEmpty). Show them? (y/N)" \
	"$(tail -3 "$WORK/ask80.screen" | head -2)"
check_eq "40x12: the error wrapped at 40 columns, nothing cut" \
	"$(printf '%s\n' "[zones] 1/3 unknown command" "'$LONG'" | fold -w 40)" \
	"$(tail -5 "$WORK/error40.screen" | head -4)"
check_eq "40x12: the question wrapped at words" \
	"[zones] 1/3 example.com. is not empty (8
record sets besides NS/SOA;
HostedZoneNotEmpty). Show them? (y/N)" \
	"$(tail -4 "$WORK/ask40.screen" | head -3)"
check "40x12: the header is still there" grep -q '^ demo .* 0 staged' "$WORK/ask40.screen"
check_eq "80x24: the typed confirmation's question whole" \
	"the apex NS is managed by Route 53 and deleting it breaks the zone; type the
zone name example.com. to confirm:" "$(tail -3 "$WORK/typed80.screen" | head -2)"
check_eq "40x12: the question and what is typed so far" \
	"the apex NS is managed by Route 53 and
deleting it breaks the zone; type the
zone name example.com. to confirm:
example" "$(tail -5 "$WORK/typed40.screen" | head -4)"
finish
