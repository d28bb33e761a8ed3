#!/bin/sh
# One-row hints at 80, 60 and 40 columns say as much as fits and are never cut mid-word: the
# staged view's summary ("A or Enter applies, d discards one, D all" while it fits), the record
# editor's heading (Enter stages, Esc cancels, ...); the status line's title gives way to the
# filter, which says why rows are missing ("[records example.com…] 1/2  filter: api"), and a
# title as wide as the row leaves the message (a question) to the row below, not dropped.
COLUMNS_OVERRIDE=80 LINES_OVERRIDE=24
. "$(dirname "$0")/../tools/libtui.sh"

fixture demo.fixture
steps '
	:records example.com
	/api
	<Enter>
	e
	:save-display edit80.screen
	:resize 60 20
	:save-display edit60.screen
	:resize 40 12
	:save-display edit40.screen
	<Esc>
	:save-display filter40.screen
	t
	<C-u>
	1h
	<Enter>
	:resize 80 24
	c
	:save-display staged80.screen
	:resize 60 20
	:save-display staged60.screen
	:resize 40 12
	:save-display staged40.screen
	:records example.com
	/type:MX ttl:<300 !name:foo
	<Enter>
	:save-display longfilter40.screen
	<Esc>
	G
	d
	:save-display delete40.screen
	n
'
run_app
check_eq "exit status" 0 "$APP_RC"
check_eq "editor heading, 80 columns" \
	" Edit record set in example.com.   Enter stages, Esc cancels, Tab/Up/Down move" \
	"$(sed -n 2p "$WORK/edit80.screen")"
check_eq "editor heading, 60 columns" \
	" Edit record set in example.com.   Enter stages, Esc cancels" \
	"$(sed -n 2p "$WORK/edit60.screen")"
check_eq "editor heading, 40 columns: the hints go, the key bar says them" \
	" Edit record set in example.com.
Enter Stage  Tab Down  Esc Back" \
	"$(sed -n '2p;$p' "$WORK/edit40.screen")"
check_eq "40 columns: the filter on the status line, the title cut" \
	"[records example.com…] 1/2  filter: api" "$(grep '^\[records' "$WORK/filter40.screen")"
check_eq "40 columns: a long filter keeps the position and as much of itself as fits" \
	"[…] 0/0  filter: type:MX ttl:<300 !name…" "$(tail -2 "$WORK/longfilter40.screen" | head -1)"
check_eq "40 columns: a title as wide as the row puts the question below it, not away" \
	"[records example.com., cached 5m] 10/10
delete www.example.com. CNAME? (y/N)" "$(tail -3 "$WORK/delete40.screen" | head -2)"
check_eq "staged summary, 80 columns" \
	"1 staged edit, not sent yet. A or Enter applies, d discards one, D all." \
	"$(sed -n 3p "$WORK/staged80.screen")"
check_eq "staged summary, 60 columns" "1 staged edit, not sent yet. A or Enter applies." \
	"$(sed -n 3p "$WORK/staged60.screen")"
check_eq "staged summary, 40 columns: the key bar keeps A and d" \
	"1 staged edit, not sent yet.
A Apply  d Discard  ? Help  q Back" "$(sed -n '3p;$p' "$WORK/staged40.screen")"
check "40 columns: nothing cut on the staged view's first rows" \
	sh -c "! sed -n 1,4p '$WORK/staged40.screen' | grep -q '…'"
finish
