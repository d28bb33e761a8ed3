#!/bin/sh
# t sets the TTL of the selected row, or of every marked row: 300, 5m, 2d are accepted (the
# prompt says what the number means as you type, and what is wrong), aliases are skipped, and
# the notice says how long resolvers may keep the old value.
COLUMNS_OVERRIDE=160
. "$(dirname "$0")/../tools/libtui.sh"

fixture demo.fixture
steps '
	:records example.com.
	<Space>
	<Space>
	j
	j
	<Space>
	<Space>
	:save-display marked.screen
	t
	<C-u>
	5x
	:save-display bad.screen
	<Backspace>
	m
	:save-display typed.screen
	<Enter>
	:save-display staged.screen
	c
	:save-display diff.screen
	q
	G
	t
	<C-u>
	2d
	<Enter>
	:save-display one.screen
'
run_app
check_eq "exit status" 0 "$APP_RC"
assert_screen_contains marked.screen "[records example.com., cached 5m, 4 marked]"
assert_screen_contains bad.screen "TTL for 4 record sets (300, 5m, 2d): 5x"
assert_screen_contains typed.screen "TTL for 4 record sets (300, 5m, 2d): 5m"
assert_screen_contains staged.screen "staged: TTL 300 on 2 record sets (aliases skipped); resolvers may keep the old value for up to 1 hour (2 staged"
assert_screen_contains staged.screen " ~example.com.     "
assert_screen_contains staged.screen "MX    simple            5 minutes"
assert_screen_contains staged.screen " ~*.example.com. "
assert_screen_contains diff.screen "edit example.com. MX
    - TTL 3600 (1 hour)
    + TTL 300 (5 minutes)"
assert_screen_contains diff.screen "edit *.example.com. A
    - TTL 60 (1 minute)
    + TTL 300 (5 minutes)"
assert_screen_contains one.screen "staged: TTL 172800 on 1 record set; resolvers may keep the old value for up to 5 minutes (3 staged, c to review)"
finish
