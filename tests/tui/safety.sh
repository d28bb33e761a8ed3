#!/bin/sh
# Safety rules: the apex NS and SOA need the zone name typed to delete or edit (a TTL set with
# t too); deleting more
# than 10 record sets, or more than 30 % of a zone, needs the zone name typed; a few
# deletions ask y/N. A wrong name or Esc stages nothing.
COLUMNS_OVERRIDE=150 LINES_OVERRIDE=20
. "$(dirname "$0")/../tools/libtui.sh"

fixture demo.fixture
steps '
	:records example.com.
	/type:NS
	<Enter>
	d
	:save-display apex-ask.screen
	example
	<Enter>
	:save-display apex-wrong.screen
	d
	example.com
	<Enter>
	:save-display apex-done.screen
	<Esc>
	/type:SOA
	<Enter>
	e
	<Up>
	<C-u>
	1h
	<Enter>
	:save-display soa-ask.screen
	<Esc>
	:save-display soa-esc.screen
	<Esc>
	<Esc>
	/name:mail
	<Enter>
	d
	:save-display one-ask.screen
	n
	:save-display one-no.screen
	d
	y
	:save-display one-yes.screen
	e
	:save-display del-e.screen
	t
	:save-display del-t.screen
	d
	:save-display del-d.screen
	<Space>
	:save-display del-mark.screen
	:q
	y
'
run_app
check_eq "exit status" 0 "$APP_RC"
assert_screen_contains apex-ask.screen "the apex NS is managed by Route 53 and deleting it breaks the zone; type the zone name example.com. to confirm:"
assert_screen_contains apex-wrong.screen "not confirmed: you typed 'example', not 'example.com'"
assert_screen_contains apex-wrong.screen " 0 staged"
assert_screen_contains apex-done.screen "staged: delete example.com. NS (1 staged, c to review)"
assert_screen_contains soa-ask.screen "the apex SOA is managed by Route 53; type the zone name example.com. to edit it:"
assert_screen_contains soa-esc.screen "[edit example.com. SOA]"
assert_screen_contains soa-esc.screen " 1 staged"
assert_screen_contains one-ask.screen "delete mail.example.com. A? (y/N)"
assert_screen_contains one-no.screen "nothing deleted"
assert_screen_contains one-no.screen "[records example.com., cached 5m] 1/1  filter: name:mail"
assert_screen_contains one-yes.screen "staged: delete mail.example.com. A (2 staged, c to review)"
# the deleted row stays in sight, marked '-', until the edit is applied or discarded; it is
# not edited, deleted again or marked (the staged view is where the deletion is undone)
assert_screen_contains one-yes.screen " -mail.example.com. A     simple"
assert_screen_contains one-yes.screen "[records example.com., cached 5m] 1/1  filter: name:mail"
for k in e t d mark; do
	assert_screen_contains del-$k.screen "mail.example.com. A is staged for deletion: c lists the staged edits, d there discards it"
	assert_screen_contains del-$k.screen " 2 staged"
done

# t on the apex SOA: a TTL is an edit too, so the zone name is typed; a wrong one stages
# nothing, the right one stages the TTL
steps '
	:records example.com.
	/type:SOA
	<Enter>
	t
	60
	<Enter>
	:save-display soa-ttl-ask.screen
	example
	<Enter>
	:save-display soa-ttl-wrong.screen
	t
	60
	<Enter>
	example.com
	<Enter>
	:save-display soa-ttl-done.screen
'
run_app
assert_screen_contains soa-ttl-ask.screen "TTL 60 on the apex SOA, managed by Route 53; type the zone name example.com. to confirm:"
assert_screen_contains soa-ttl-wrong.screen "not confirmed: you typed 'example', not 'example.com'"
assert_screen_contains soa-ttl-wrong.screen " 0 staged"
assert_screen_contains soa-ttl-done.screen "staged: TTL 60 on 1 record set"
assert_screen_contains soa-ttl-done.screen " 1 staged"

# mass deletes: 11 of 23 by count, 2 of 5 (40 %) by share; marked rows
fixture_text <<'EOF2'
profile demo
zone Z1 big.example. public
rr Z1 big.example. SOA 900 = ns-1.awsdns-01.org. awsdns-hostmaster.amazon.com. 1 7200 900 1209600 86400
rr Z1 big.example. NS 172800 = ns-1.awsdns-01.org.
gen Z1 21
zone Z2 small.example. public
rr Z2 small.example. SOA 900 = ns-1.awsdns-01.org. awsdns-hostmaster.amazon.com. 1 7200 900 1209600 86400
rr Z2 small.example. NS 172800 = ns-1.awsdns-01.org.
rr Z2 a.small.example. A 60 = 192.0.2.1
rr Z2 b.small.example. A 60 = 192.0.2.2
rr Z2 c.small.example. A 60 = 192.0.2.3
EOF2
steps '
	:records big.example.
	j
	j
	<Space><Space><Space><Space><Space><Space><Space><Space><Space><Space><Space>
	:save-display marked.screen
	d
	:save-display mass-ask.screen
	<Esc>
	:save-display mass-esc.screen
	d
	big.example.
	<Enter>
	:save-display mass-done.screen
	:records small.example.
	j
	j
	<Space>
	<Space>
	d
	:save-display share-ask.screen
	small.example
	<Enter>
	:save-display share-done.screen
'
run_app
check_eq "exit status" 0 "$APP_RC"
assert_screen_contains marked.screen ", 11 marked]"
assert_screen_contains mass-ask.screen "delete 11 of the 23 record sets of big.example.? type the zone name:"
assert_screen_contains mass-esc.screen " 0 staged"
assert_screen_contains mass-done.screen "staged: delete 11 record sets (11 staged, c to review)"
assert_screen_contains mass-done.screen "[records big.example.] "
assert_screen_contains share-ask.screen "delete 2 of the 5 record sets of small.example.? type the zone name:"
assert_screen_contains share-done.screen "staged: delete 2 record sets (13 staged, c to review)"
assert_screen_contains share-done.screen " -a.small.example. A     simple"
assert_screen_contains share-done.screen " -b.small.example. A     simple"
assert_screen_contains share-done.screen "  c.small.example. A     simple"
finish
