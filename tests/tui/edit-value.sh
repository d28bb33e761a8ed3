#!/bin/sh
# e edits the selected record set: values one per row, validated as you type with the message
# next to the field; Enter on a bad form stays and moves to the field; Enter on a valid form
# stages the edit (old exactly as it was + new), the row is marked ~, Esc cancels.
COLUMNS_OVERRIDE=100 LINES_OVERRIDE=20
. "$(dirname "$0")/../tools/libtui.sh"

fixture demo.fixture
steps '
	:records example.com.
	/name:mail
	<Enter>
	e
	:save-display form.screen
	<C-u>
	192.0.2.300
	:save-display bad.screen
	<Enter>
	:save-display stay.screen
	<Backspace>
	<Backspace>
	<Backspace>
	26
	<Down>
	192.0.2.27
	:save-display two.screen
	<Up>
	<Up>
	<C-u>
	5x
	:save-display badttl.screen
	<Backspace>
	m
	<Enter>
	:save-display staged.screen
	c
	:save-display diff.screen
	q
	<Esc>
	/www
	<Enter>
	e
	<C-u>
	<Esc>
	:save-display cancel.screen
	<Enter>
	e
	:save-display from-record.screen
'
run_app
check_eq "exit status" 0 "$APP_RC"
assert_screen form.screen <<'SCREEN'
 r53  profile demo  http://127.0.0.1:4566                            OFFLINE cache 5m old  0 staged
 Edit record set in example.com.   Enter stages, Esc cancels, Tab/Up/Down move
 Name           mail.example.com.
 Type           A
 Answer with    < values >
 TTL            3600
                resolvers may keep the old value for up to 1 hour (the old TTL);
                lower it first for a change you may want to undo
 Value 1        192.0.2.25_
 Value 2
 Routing        < simple >







[edit mail.example.com. A] 7/9
Enter Stage  Tab Down  S-Tab Up  Right Next  Esc Back
SCREEN
assert_screen_contains bad.screen " Value 1        192.0.2.300_ ! A value 1: '192.0.2.300' is not an IPv4 address"
assert_screen_contains stay.screen "[edit mail.example.com. A] 7/9 Value 1: A value 1: '192.0.2.300' is not an IPv4 address"
assert_screen_contains two.screen " Value 1        192.0.2.26"
assert_screen_contains two.screen " Value 2        192.0.2.27_"
assert_screen_contains two.screen " Value 3
 Routing        < simple >"
assert_screen_contains badttl.screen " TTL            5x_ ! TTL '5x' has an unknown unit 'x'"
assert_screen_contains staged.screen " ~mail.example.com. A     simple            5 minutes           192.0.2.26  (+1)"
assert_screen_contains staged.screen "OFFLINE cache 5m old  1 staged"
assert_screen_contains staged.screen "staged: edit mail.example.com. A; resolver"
assert_screen diff.screen <<'SCREEN'
 r53  profile demo  http://127.0.0.1:4566                            OFFLINE cache 5m old  1 staged
 Staged changes: - before, + after
1 staged edit, not sent yet. A or Enter applies, d discards one, D all.
edit mail.example.com. A
    - TTL 3600 (1 hour)
    - 192.0.2.25
    + TTL 300 (5 minutes)
    + 192.0.2.26
    + 192.0.2.27









[staged 1] 1/7
A Apply  d Discard  D Discard all  j Down  ? Help  q Back
SCREEN
assert_screen_contains cancel.screen "edit cancelled; nothing staged"
assert_screen_contains cancel.screen "  www.example.com.  CNAME simple            5 minutes           example.com."
assert_screen_contains from-record.screen "[edit www.example.com. CNAME]"
assert_screen_contains from-record.screen " Value 1        example.com._"
finish
