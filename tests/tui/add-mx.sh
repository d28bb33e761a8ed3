#!/bin/sh
# a adds a record set: name relative to the zone (@ is the apex), type picked by its first
# letter, MX values as priority + host rows (a new pair appears as you type); a bad priority
# shows next to its field; adding what exists already is refused with Route 53's words.
COLUMNS_OVERRIDE=100 LINES_OVERRIDE=20
. "$(dirname "$0")/../tools/libtui.sh"

fixture demo.fixture
steps '
	:records example.com.
	a
	:save-display empty.screen
	mx2
	<Tab>
	m
	<Tab>
	<Tab>
	<Tab>
	1x
	:save-display badprio.screen
	<Backspace>
	0
	<Tab>
	mx.example.net.
	:save-display form.screen
	<Enter>
	:save-display staged.screen
	a
	@
	<Tab>
	m
	<Tab>
	<Tab>
	<Tab>
	5
	<Tab>
	mx.example.net.
	<Enter>
	:save-display exists.screen
	<Esc>
	c
	:save-display diff.screen
	q
	a
	<F1>
	:resize 100 60
	:save-display help.screen
'
run_app
check_eq "exit status" 0 "$APP_RC"
assert_screen_contains empty.screen "[add to example.com.] 1/6"
assert_screen_contains empty.screen " Name           _"
assert_screen_contains empty.screen " Type           < A >"
assert_screen_contains badprio.screen " MX 1 priority  1x_ ! priority is a number 0..65535"
assert_screen form.screen <<'SCREEN'
 r53  profile demo  http://127.0.0.1:4566                            OFFLINE cache 5m old  0 staged
 New record set in example.com.   Enter stages, Esc cancels, Tab/Up/Down move, Space/Left/Right pick
 Name           mx2
 Type           < MX >
 Answer with    < values >
 TTL            300
 MX 1 priority  10
 MX 1 host      mx.example.net._
 MX 2 priority
 MX 2 host
 Routing        < simple >







[add to example.com.] 6/9
Enter Stage  Tab Down  S-Tab Up  Right Next  Esc Back
SCREEN
assert_screen_contains staged.screen " +mx2.example.com.  MX    simple            5 minutes           10 mx.example.net."
assert_screen_contains staged.screen "staged: add mx2.example.com. MX (1 staged, c to review)"
assert_screen_contains exists.screen "Tried to create resource record set [name='example.com.', type='MX'] but"
assert_screen_contains exists.screen "[add to example.com.]"
assert_screen_contains diff.screen "add mx2.example.com. MX
    + TTL 300 (5 minutes)
    + 10 mx.example.net."
assert_screen_contains diff.screen "[staged 1]"
assert_screen_contains help.screen "[help edit]"
assert_screen_contains help.screen "  <Tab>, j, <Down>   move-down       Move cursor one line down"
assert_screen_contains help.screen "  <Enter>, <KEnter>  stage           Stage the edit when every field is valid"
assert_screen_contains help.screen "  letters, digits, Space   type into a text field (j, k, q, ? too); Backspace, C-u clear"
finish
