#!/bin/sh
# The editor's other fields: TXT typed as plain text is quoted and split into 255-character
# strings; weighted (weight), latency (region picker), geo (continent / country / subdivision,
# each checked as typed), all with a set identifier.
COLUMNS_OVERRIDE=400 LINES_OVERRIDE=30
. "$(dirname "$0")/../tools/libtui.sh"

k300=$(i=0; while [ $i -lt 300 ]; do printf k; i=$((i + 1)); done)
fixture demo.fixture
steps "
	:records example.com.
	a
	_dkim
	<Tab>
	t
	t
	<Tab>
	<Tab>
	<Tab>
	v=DKIM1; p=$k300
	<Enter>
	/name:api
	<Enter>
	e
	<Down>
	<Down>
	<Down>
	<Down>
	<C-u>
	256
	:save-display weight-bad.screen
	<Backspace>
	<Backspace>
	<Backspace>
	50
	<Enter>
	<Esc>
	a
	lat
	<Tab>
	<Tab>
	<Tab>
	<Tab>
	192.0.2.9
	<Down>
	<Down>
	<Right>
	<Right>
	<Down>
	east
	<Down>
	e
	:save-display latency.screen
	<Enter>
	a
	geo
	<Tab>
	<Tab>
	<Tab>
	<Tab>
	192.0.2.9
	<Down>
	<Down>
	g
	<Down>
	de
	<Down>
	<Down>
	XXX
	:save-display country-bad.screen
	<C-u>
	MX
	<Enter>
	c
	:save-display diff.screen
"
run_app
check_eq "exit status" 0 "$APP_RC"
k244=$(printf '%s' "$k300" | cut -c1-244)
k56=$(printf '%s' "$k300" | cut -c1-56)
assert_screen_contains diff.screen "add _dkim.example.com. TXT
    + TTL 300 (5 minutes)
    + \"v=DKIM1; p=$k244\" \"$k56\""
assert_screen_contains weight-bad.screen " Weight         256_ ! weight 256 is outside 0..255"
assert_screen_contains diff.screen "edit api.example.com. A  set blue
    - routing weighted 70, set blue
    + routing weighted 50, set blue"
assert_screen_contains latency.screen " Routing        < latency >
 Set identifier east
 Region         < eu-west-1 >"
assert_screen_contains diff.screen "add lat.example.com. A  set east
    + TTL 300 (5 minutes)
    + routing latency eu-west-1, set east"
assert_screen_contains country-bad.screen " Country        XXX_ ! a country is two letters (or *), a subdivision up to three"
assert_screen_contains diff.screen "add geo.example.com. A  set de
    + TTL 300 (5 minutes)
    + routing geo MX, set de"
assert_screen_contains diff.screen "4 staged edits, not sent yet."
finish
