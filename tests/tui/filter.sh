#!/bin/sh
# The '/' filter as you type: text over name, type and value; field filters; negation; Esc
# clears; a bad term is reported, not fatal; the ':filter' command.
COLUMNS_OVERRIDE=100 LINES_OVERRIDE=16
. "$(dirname "$0")/../tools/libtui.sh"

fixture demo.fixture
steps '
	:records example.com.
	/mail
	:save-display text.screen
	<Esc>
	:save-display cleared.screen
	/type:MX
	<Enter>
	:save-display type.screen
	<Esc>
	/ttl:<=300 !type:A
	<Enter>
	:save-display ttl-neg.screen
	:filter ttl:<=5m routing:weighted
	:save-display ttl-words.screen
	:filter ttl:<abc
	:save-display bad.screen
	:filter value:cloudfront
	:save-display alias.screen
	:filter nothing-matches-this
	:save-display none.screen
	:zones
	/VPC
	<Enter>
	:save-display zones.screen
'
run_app
check_eq "exit status" 0 "$APP_RC"

assert_screen_contains text.screen "1/2  filter: mail"
check_contains "text: MX row (value)" "10 mail.example.com." "$(sed -n 3p "$WORK/text.screen")"
check_contains "text: mail A row (name)" "mail.example.com." "$(sed -n 4p "$WORK/text.screen")"
assert_screen_contains cleared.screen "] 1/10"
assert_screen_contains type.screen "1/1  filter: type:MX"
assert_screen_contains ttl-neg.screen "1/2  filter: ttl:<=300 !type:A"
check_contains "ttl<=300 and not A: TXT" "TXT" "$(sed -n 3p "$WORK/ttl-neg.screen")"
check_contains "ttl<=300 and not A: CNAME" "CNAME" "$(sed -n 4p "$WORK/ttl-neg.screen")"
assert_screen_contains ttl-words.screen "1/2  filter: ttl:<=5m routing:weighted"
assert_screen_contains bad.screen "ttl:abc is not a number of seconds"
assert_screen_contains alias.screen "1/1  filter: value:cloudfront"
assert_screen_contains none.screen "(nothing matches the filter)"
assert_screen_contains zones.screen "[zones] 1/1  filter: VPC"
assert_screen_contains zones.screen "internal.test."
finish
