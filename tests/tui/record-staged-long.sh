#!/bin/sh
# The record view (Enter on a record set): a staged, not yet applied edit shows the staged
# values, marked STAGED, with what Route 53 has under "Applied"; a staged add shows too
# (it is in no cache yet); a 2048-character TXT value wraps under the value column instead
# of being cut, at 80 and at 40 columns.
COLUMNS_OVERRIDE=80 LINES_OVERRIDE=24
. "$(dirname "$0")/../tools/libtui.sh"

LONG=$(awk 'BEGIN { for (i = 0; i < 2046; i++) printf "%c", 97 + i % 26 }')
{
	grep -v '^rr Z1EXAMPLE example.com. TXT' "$ROOT/tests/tui/fixtures/demo.fixture"
	echo "rr Z1EXAMPLE long.example.com. TXT 300 = \"$LONG\""
} > "$TMP/long.fixture"
fixture_text < "$TMP/long.fixture"

steps '
	:records example.com
	/mail
	<Enter>
	t
	<C-u>600
	<Enter>
	<Enter>
	:save-display staged.screen
	q
	/<C-u>long
	<Enter>
	:resize 80 50
	<Enter>
	:save-display long80.screen
	:resize 40 12
	g
	:save-display long40.screen
'
run_app
check_eq "exit status" 0 "$APP_RC"
assert_screen_contains staged.screen "[record example.com. MX (staged)]"
assert_screen_contains staged.screen " STAGED         edited, not applied yet: the values below are the staged ones (c"
assert_screen_contains staged.screen " TTL            600 (10 minutes)"
assert_screen_contains staged.screen " Applied        TTL 3600
                10 mail.example.com.
                20 mail2.example.com."
# every character of the value is on the screen, 64 per row under the value column at 80
got=$(cat "$WORK/long80.screen" | sed -n 's/^ Value          //p; s/^                //p' |
	tr -d '"\n' | grep -o '[a-z]*' | awk 'length > 100')
check_eq "80 columns: the whole value, wrapped, nothing cut" "$LONG" "$got"
check "80 columns: no ellipsis" sh -c "! grep -q '…' '$WORK/long80.screen'"
assert_screen_contains long40.screen " Value          \"abcdefghijklmnopqrstuvw"
assert_screen_contains long40.screen "                xyzabcdefghijklmnopqrstu"
finish
