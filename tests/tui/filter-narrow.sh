#!/bin/sh
# Typing more of a filter looks only at the rows already shown (records view): the rows must be
# those a fresh filter finds, in the same order, after backspace (which widens), after more
# terms, and after a sort changed the order while a filter was on.
COLUMNS_OVERRIDE=100 LINES_OVERRIDE=24
. "$(dirname "$0")/../tools/libtui.sh"

fixture demo.fixture
steps '
	:records example.com.
	/ex
	<Backspace>
	:save-display widened.screen
	<Esc>
	/e
	:save-display fresh-e.screen
	<Esc>
	/e
	<Space>
	type:A
	:save-display two-terms.screen
	<Esc>
	/e type:A
	:save-display fresh-two-terms.screen
	<Esc>
	/e
	<Enter>
	s
	/x
	:save-display sorted-narrowed.screen
	<Esc>
	/ex
	:save-display sorted-fresh.screen
'
run_app
check_eq "exit status" 0 "$APP_RC"

check_eq "backspace: the rows of a fresh 'e'" "$(cat "$WORK/fresh-e.screen")" \
	"$(cat "$WORK/widened.screen")"
assert_screen_contains widened.screen "filter: e"
check_eq "a second term: the rows of a fresh 'e type:A'" \
	"$(cat "$WORK/fresh-two-terms.screen")" "$(cat "$WORK/two-terms.screen")"
check_eq "after a sort: the rows of a fresh 'ex', by name" "$(cat "$WORK/sorted-fresh.screen")" \
	"$(cat "$WORK/sorted-narrowed.screen")"
assert_screen_contains sorted-narrowed.screen "by name, cached 5m] 1/10  filter: ex"
check_contains "by name: the apex first" "  example.com.  " \
	"$(sed -n 3p "$WORK/sorted-narrowed.screen")"
finish
