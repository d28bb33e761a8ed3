#!/bin/sh
# The records view's ROUTING column shows a weighted record set's share of the answers: its
# weight over the sum of the weights of the sets with its name and type (1, 1, 2 -> 25%, 25%,
# 50%; another type is its own group). All weights 0: Route 53 answers evenly, so each shows
# the even share; a weight above 0 that rounds to nothing shows "<1%", and its partner 99%,
# not 100%; a weight 0 beside others 0%. The record view keeps the raw weight, and a staged
# weight changes the shares of its group at once. At 80 columns the ROUTING column widens to
# the zone's widest share ("weighted 100%"), taking from VALUE.
COLUMNS_OVERRIDE=100 LINES_OVERRIDE=20
. "$(dirname "$0")/../tools/libtui.sh"

fixture_text <<'EOF2'
profile demo
endpoint http://127.0.0.1:4566
synced -300
staged 0
zone Z1 example.com. public synced=-300
rr Z1 example.com. SOA 900 = ns-1.awsdns-01.org. awsdns-hostmaster.amazon.com. 1 7200 900 1209600 86400
rr Z1 example.com. NS 172800 = ns-1.awsdns-01.org.
rr Z1 api.example.com. A 60 set=a weight=1 = 192.0.2.1
rr Z1 api.example.com. A 60 set=b weight=1 = 192.0.2.2
rr Z1 api.example.com. A 60 set=c weight=2 = 192.0.2.3
rr Z1 api.example.com. AAAA 60 set=a weight=5 = 2001:db8::1
rr Z1 even.example.com. A 60 set=x weight=0 = 192.0.2.4
rr Z1 even.example.com. A 60 set=y weight=0 = 192.0.2.5
rr Z1 even.example.com. A 60 set=z weight=0 = 192.0.2.6
rr Z1 tiny.example.com. A 60 set=big weight=255 = 192.0.2.7
rr Z1 tiny.example.com. A 60 set=small weight=1 = 192.0.2.8
rr Z1 zero.example.com. A 60 set=off weight=0 = 192.0.2.9
rr Z1 zero.example.com. A 60 set=on weight=10 = 192.0.2.10
EOF2
steps '
	:records example.com.
	:save-display shares.screen
	j
	j
	<Enter>
	:save-display detail.screen
	q
	e
	<Down>
	<Down>
	<Down>
	<Down>
	<C-u>
	6
	<Enter>
	:save-display staged.screen
	:resize 80 20
	:save-display narrow.screen
'
run_app
check_eq "exit status" 0 "$APP_RC"

assert_screen shares.screen <<'SCREEN'
 r53  profile demo  http://127.0.0.1:4566                            OFFLINE cache 5m old  0 staged
  NAME              TYPE  ROUTING           TTL                 VALUE
  example.com.      NS    protected         2 days              ns-1.awsdns-01.org.
  example.com.      SOA   protected         15 minutes          ns-1.awsdns-01.org. awsdns-hostmast…
  api.example.com.  A     weighted 25%      1 minute            192.0.2.1
  api.example.com.  A     weighted 25%      1 minute            192.0.2.2
  api.example.com.  A     weighted 50%      1 minute            192.0.2.3
  api.example.com.  AAAA  weighted 100%     1 minute            2001:db8::1
  even.example.com. A     weighted 33%      1 minute            192.0.2.4
  even.example.com. A     weighted 33%      1 minute            192.0.2.5
  even.example.com. A     weighted 33%      1 minute            192.0.2.6
  tiny.example.com. A     weighted 99%      1 minute            192.0.2.7
  tiny.example.com. A     weighted <1%      1 minute            192.0.2.8
  zero.example.com. A     weighted 0%       1 minute            192.0.2.9
  zero.example.com. A     weighted 100%     1 minute            192.0.2.10



[records example.com., cached 5m] 1/13
Enter Open  e Edit  a Add  t TTL  d Delete  c Staged  / Filter  Space Mark  ? Help  q Back
SCREEN
assert_screen_contains detail.screen "[record api.example.com. A]"
assert_screen_contains detail.screen " Routing        weighted 1"
assert_screen_contains detail.screen " Weight         1"
assert_screen_contains staged.screen " ~api.example.com.  A     weighted 67%      1 minute            192.0.2.1"
assert_screen_contains staged.screen "  api.example.com.  A     weighted 11%      1 minute            192.0.2.2"
assert_screen_contains staged.screen "  api.example.com.  A     weighted 22%      1 minute            192.0.2.3"
# at 80 columns the ROUTING column is as wide as the widest share: every word whole
assert_screen_contains narrow.screen " ~api.example.com.  A     weighted 67%  1 minute   192.0.2.1"
assert_screen_contains narrow.screen "  api.example.com.  AAAA  weighted 100% 1 minute   2001:db8::1"
assert_screen_contains narrow.screen "  tiny.example.com. A     weighted <1%  1 minute   192.0.2.8"

# a set staged for deletion stays listed, marked '-', with no share: its partners share the
# answers as they will once it is gone; questions and notices name the set by its id too
steps '
	:records example.com.
	/name:tiny
	<Enter>
	j
	d
	:save-display ask.screen
	y
	:save-display deleted.screen
	e
	:save-display edit-refused.screen
'
run_app
check_eq "exit status (deletion)" 0 "$APP_RC"
assert_screen_contains deleted.screen "  tiny.example.com. A     weighted 100%     1 minute            192.0.2.7"
assert_screen_contains deleted.screen " -tiny.example.com. A     weighted          1 minute            192.0.2.8"
# the question and the notices name the set: its name and type alone are two record sets
assert_screen_contains ask.screen "delete tiny.example.com. A small? (y/N)"
# (the status wraps at 100 columns here: the rows joined)
check_contains "the notice names the set" "staged: delete tiny.example.com. A small (1 staged, c to review)" \
	"$(tr -s '\n' ' ' < "$WORK/deleted.screen")"
check_contains "e on it says why not" \
	"tiny.example.com. A small is staged for deletion: c lists the staged edits, d there discards it" \
	"$(tr -s '\n' ' ' < "$WORK/edit-refused.screen")"
finish
