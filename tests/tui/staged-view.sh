#!/bin/sh
# The staged changes view (c or :staged): a before/after diff of every staged edit, a warning
# when a zone's batch is over Route 53's limits (not atomic across the parts), d discards one,
# D discards all after asking, A asks then says why nothing was sent. On start, a notice says
# how many edits are waiting. At 40 columns the lines wrap (a resize wraps them again).
COLUMNS_OVERRIDE=150 LINES_OVERRIDE=16
. "$(dirname "$0")/../tools/libtui.sh"

# 600 marks, 100 a line (script lines hold 1023 characters)
line=$(i=0; while [ $i -lt 100 ]; do printf '<Space>'; i=$((i + 1)); done)
marks=$(printf '%s\n%s\n%s\n%s\n%s\n%s' "$line" "$line" "$line" "$line" "$line" "$line")
fixture_text <<'EOF2'
profile demo
zone Z1 big.example. public
rr Z1 big.example. SOA 900 = ns-1.awsdns-01.org. awsdns-hostmaster.amazon.com. 1 7200 900 1209600 86400
rr Z1 big.example. NS 172800 = ns-1.awsdns-01.org.
gen Z1 700
zone Z2 small.example. public
rr Z2 small.example. SOA 900 = ns-1.awsdns-01.org. awsdns-hostmaster.amazon.com. 1 7200 900 1209600 86400
rr Z2 small.example. NS 172800 = ns-1.awsdns-01.org.
rr Z2 www.small.example. A 60 = 192.0.2.1
EOF2
steps "
	c
	:save-display empty.screen
	:records small.example.
	G
	t
	<C-u>
	1h
	<Enter>
	:records big.example.
	j
	j
	$marks
	t
	2h
	<Enter>
	:save-display many.screen
	c
	:save-display split.screen
	:resize 40 16
	:save-display split40.screen
	:resize 150 16
	j
	j
	j
	d
	:save-display discard-one.screen
	A
	:save-display apply-ask.screen
	y
	:save-display apply-no.screen
	D
	:save-display discard-ask.screen
	n
	:save-display discard-no.screen
	D
	y
	:save-display discard-all.screen
"
run_app
check_eq "exit status" 0 "$APP_RC"
assert_screen_contains empty.screen "No staged edits. e, a, t and d in a zone's records stage some."
assert_screen_contains many.screen "staged: TTL 7200 on 600 record sets; resolvers may keep the old value for up to 5 minutes (601 staged"
assert_screen split.screen <<'SCREEN'
 r53  profile demo  https://route53.amazonaws.com                                                              OFFLINE cache never synced  601 staged
 Staged changes: - before, + after
601 staged edits, not sent yet. A or Enter applies, d discards one, D all.
! big.example.: 1200 changes exceed one Route 53 request (1000 records, 32000 characters): sent in 2 parts, not atomic across 2 parts
edit www.small.example. A
    - TTL 60 (1 minute)
    + TTL 3600 (1 hour)
      192.0.2.1
edit host0.big.example. A
    - TTL 60 (1 minute)
    + TTL 7200 (2 hours)
      10.0.0.0
edit host1.big.example. A
    - TTL 300 (5 minutes)
[staged 601] 1/2406
A Apply  d Discard  D Discard all  j Down  ? Help  q Back
SCREEN
check_eq "40 columns: the split warning and the diff wrap, nothing cut" \
	"601 staged edits, not sent yet.
! big.example.: 1200 changes exceed one
  Route 53 request (1000 records, 32000
  characters): sent in 2 parts, not
  atomic across 2 parts
edit www.small.example. A
    - TTL 60 (1 minute)
    + TTL 3600 (1 hour)
      192.0.2.1" "$(sed -n 3,11p "$WORK/split40.screen")"
assert_screen_contains discard-one.screen "discarded: edit www.small.example. A (600 staged)"
assert_screen_contains discard-one.screen "600 staged edits, not sent yet."
assert_screen_contains discard-one.screen "! big.example.: 1200 changes exceed one Route 53 request"
assert_screen_contains apply-ask.screen "apply 600 edits in 2 parts (not atomic across them)? (y/N)"
assert_screen_contains apply-no.screen "not applied: not connected to Route 53 yet; the edits stay staged"
assert_screen_contains apply-no.screen "[staged 600]"
assert_screen_contains discard-ask.screen "discard all 600 staged edits? (y/N)"
assert_screen_contains discard-no.screen "nothing discarded"
assert_screen_contains discard-no.screen "600 staged"
assert_screen_contains discard-all.screen "discarded every staged edit"
assert_screen_contains discard-all.screen "No staged edits."
assert_screen_contains discard-all.screen " 0 staged"

# edits waiting from last time: a notice on start
fixture_text <<'EOF2'
profile demo
staged 3
zone Z1 example.com. public
EOF2
steps ':save-display start.screen'
run_app
assert_screen_contains start.screen "[zones] 1/1 3 staged edits waiting from last time (c to review)"
finish
