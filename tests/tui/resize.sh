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
 NAME            ZONE    RECORDS CACHED
 example.com.    public  10      5m
 internal.test.  private 3       2h
 bücher.example. public  3       -





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

# too small in the middle of something: a filter being typed, the editor, the help, a
# question; each comes back whole at 80x14
steps '
	:records example.com
	/www
	:resize 30 8
	:save-display f-small.screen
	.
	:resize 80 14
	:save-display f-back.screen
	<Enter>
	e
	:resize 12 4
	:resize 80 14
	:save-display e-back.screen
	<Esc>
	?
	:resize 39 11
	:resize 40 12
	:save-display h-back.screen
	q
	d
	:resize 20 6
	:save-display q-small.screen
	:resize 80 14
	:save-display q-back.screen
	n
	:save-display after.screen
'
run_app
check_eq "mid-action resizes: exit status" 0 "$APP_RC"
assert_screen f-small.screen <<'SCREEN'
terminal too small (30x8, need
40x12)
SCREEN
assert_screen_contains f-back.screen "1/1  filter: www."
assert_screen_contains e-back.screen "[edit www.example.com. CNAME]"
assert_screen_contains h-back.screen "Keys in the records view"
assert_screen_contains q-small.screen "terminal too small"
assert_screen_contains q-back.screen "filter: www. delete www.example.com.
CNAME? (y/N)"
assert_screen_contains after.screen "1/1  filter: www."
check "n answers the question: nothing staged" sh -c "grep -q ' 0 staged' '$WORK/after.screen'"
finish
