#!/bin/sh
# Any size at any moment: below 40x12 a single "terminal too small" line (and q still quits),
# then back to a normal screen with the selection kept.
. "$(dirname "$0")/../tools/libtui.sh"

fixture demo.fixture
steps '
	j
	:resize 39 12
	:save-display narrow.screen
	:resize 40 11
	:save-display short.screen
	:resize 40 12
	:save-display minimum.screen
	:resize 120 40
	:save-display big.screen
	<Enter>
	:resize 20 5
	j
	:save-display tiny.screen
	:resize 80 14
	:save-display back.screen
	:resize 10 3
	:save-display micro.screen
	q
	:save-display never.screen
'
run_app
check_eq "exit status" 0 "$APP_RC"

assert_screen narrow.screen <<'SCREEN'
terminal too small (39x12, need 40x12)
SCREEN
assert_screen short.screen <<'SCREEN'
terminal too small (40x11, need 40x12)
SCREEN
assert_screen minimum.screen <<'SCREEN'
 demo    OFFLINE cache 5m old  0 staged
 NAME            ZONE     RECORDS  CACH…
 example.com.    public   10       5m
 internal.test.  private  3        2h
 bücher.example. public   3        -





[zones] 2/3
Enter Open  a Create  ? Help  q Quit
SCREEN
assert_screen_contains big.screen "OFFLINE cache 5m old  0 staged"
check_eq "big: 40 rows" 40 "$(wc -l < "$WORK/big.screen")"
# below the minimum the line wraps on the rows there are, words whole
assert_screen tiny.screen <<'SCREEN'
terminal too small
(20x5, need 40x12)
SCREEN
assert_screen micro.screen <<'SCREEN'
terminal
too small
(10x3,
SCREEN
assert_screen_contains back.screen "[records internal.test., cached 2h] 1/3"
check "q quits on a too-small screen (nothing saved after it)" test ! -f "$WORK/never.screen"
finish
