#!/bin/sh
# The TTL prompt (`t`) says what it thinks of the text as it is typed, above the prompt (the
# status row holds the prompt): a bad TTL is named with the problem, a good one in words with
# the old-TTL advice; the advice wraps on two rows at 80 columns and more at 40. The current
# TTL it opens with is a suggestion: Enter keeps it, the first character typed replaces it
# (60 means 60, not 360060), Backspace edits it.
COLUMNS_OVERRIDE=80 LINES_OVERRIDE=24
. "$(dirname "$0")/../tools/libtui.sh"

fixture demo.fixture
steps '
	:records example.com
	/mail
	<Enter>
	t
	:save-display start.screen
	<C-u>abc
	:save-display bad.screen
	<C-u>99999999999
	:save-display big.screen
	<C-u>
	:save-display empty.screen
	5m
	:save-display ok.screen
	:resize 40 12
	:save-display ok40.screen
	<Esc>
'
run_app
check_eq "exit status" 0 "$APP_RC"
last3() { tail -4 "$WORK/$1" | head -3; }
check_eq "on open: the current TTL in words and the advice" \
	"1 hour (3600 s). Resolvers may keep the old value for up to 1 hour (the old
TTL); for a change you may want to undo, lower the TTL first and wait that long.
TTL for 1 record set (300, 5m, 2d): 3600" "$(last3 start.screen)"
check_eq "a word: named as not a number" \
	"TTL 'abc' is not a number of seconds (or like 5m, 1h, 2d)
TTL for 1 record set (300, 5m, 2d): abc" "$(tail -3 "$WORK/bad.screen" | head -2)"
check_eq "too big: the maximum named" \
	"TTL '99999999999' is above the maximum 2147483647 seconds
TTL for 1 record set (300, 5m, 2d): 99999999999" "$(tail -3 "$WORK/big.screen" | head -2)"
assert_screen_contains empty.screen "type a TTL in seconds (300) or with a unit (5m, 1h, 2d)"
check_eq "5m: in words, with the advice on two rows" \
	"5 minutes (300 s). Resolvers may keep the old value for up to 1 hour (the old
TTL); for a change you may want to undo, lower the TTL first and wait that long.
TTL for 1 record set (300, 5m, 2d): 5m" "$(last3 ok.screen)"
check_eq "40 columns: the advice wraps, nothing cut" \
	"5 minutes (300 s). Resolvers may keep
the old value for up to 1 hour (the old
TTL); for a change you may want to undo,
lower the TTL first and wait that long.
TTL for 1 record set (300, 5m, 2d): 5m" "$(tail -6 "$WORK/ok40.screen" | head -5)"

# typed over the suggestion: 60 stages TTL 60; Backspace edits www's 300 into 30; Enter keeps it
steps '
	:records example.com
	/mail.example
	<Enter>
	t
	60
	:save-display typed.screen
	<Enter>
	:save-display typed-staged.screen
	<Esc>
	/<C-u>www
	<Enter>
	t
	<Backspace>
	:save-display edited.screen
	<Enter>
	:save-display edited-staged.screen
	<Esc>
	/<C-u>mail.example
	<Enter>
	t
	<Enter>
	:save-display kept.screen
'
run_app
check_contains "typing replaces the suggested TTL" "TTL for 1 record set (300, 5m, 2d): 60" \
	"$(tail -3 "$WORK/typed.screen")"
check_contains "and stages 60" "staged: TTL 60 on 1 record set" \
	"$(tr -s '\n' ' ' < "$WORK/typed-staged.screen")"
check_contains "Backspace edits the suggestion (300 -> 30)" "TTL for 1 record set (300, 5m, 2d): 30" \
	"$(tail -3 "$WORK/edited.screen")"
check_contains "and stages 30" "staged: TTL 30 on 1 record set" \
	"$(tr -s '\n' ' ' < "$WORK/edited-staged.screen")"
check_contains "Enter on the suggestion keeps the TTL" "TTL already 60" \
	"$(tr -s '\n' ' ' < "$WORK/kept.screen")"
finish
