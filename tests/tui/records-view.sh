#!/bin/sh
# The records view: names as people read them (* and IDN), routing, TTL in words, first value
# and count, alias targets, apex NS/SOA protected; sort; marks.
COLUMNS_OVERRIDE=100 LINES_OVERRIDE=16
. "$(dirname "$0")/../tools/libtui.sh"

fixture demo.fixture
steps '
	:records example.com
	:save-display records.screen
	s
	:save-display by-name.screen
	s
	s
	:save-display by-ttl.screen
	s
	<Space>
	<Space>
	:save-display marked.screen
	G
	k
	k
	k
	k
	k
	k
	<Space>
	:save-display protected.screen
	:records bücher.example.
	:save-display idn.screen
	q
	:resize 40 12
	:save-display narrow.screen
'
run_app
check_eq "exit status" 0 "$APP_RC"

assert_screen records.screen <<'SCREEN'
 r53  profile demo  http://127.0.0.1:4566                            OFFLINE cache 5m old  0 staged
  NAME              TYPE  ROUTING           TTL                 VALUE
  example.com.      A     simple            alias               ALIAS → d111111abcdef8.cloudfront.n…
  example.com.      MX    simple            1 hour              10 mail.example.com.  (+1)
  example.com.      NS    protected         2 days              ns-1.awsdns-01.org.  (+3)
  example.com.      SOA   protected         15 minutes          ns-1.awsdns-01.org. awsdns-hostmast…
  example.com.      TXT   simple            5 minutes           "v=spf1 include:_spf.example.com ~a…
  *.example.com.    A     simple            1 minute            192.0.2.10
  api.example.com.  A     weighted 70%      1 minute            192.0.2.20
  api.example.com.  A     weighted 30%      1 minute            192.0.2.21
  mail.example.com. A     simple            1 hour              192.0.2.25
  www.example.com.  CNAME simple            5 minutes           example.com.


[records example.com., cached 5m] 1/10
Enter Open  e Edit  a Add  t TTL  d Delete  c Staged  / Filter  Space Mark  ? Help  q Back
SCREEN

assert_screen_contains by-name.screen "[records example.com., by name, cached 5m] 1/10"
# by name, as the names read without the zone's (how narrow rows show them): the apex
# first, then "*", then the letters
check_contains "by name: the apex first" "  example.com.      A     simple" "$(sed -n 3p "$WORK/by-name.screen")"
check_eq "by name: then *" "  *.example.com.    A     simple            1 minute            192.0.2.10" \
	"$(sed -n 8p "$WORK/by-name.screen")"
assert_screen_contains by-ttl.screen "by TTL"
check_contains "by TTL: alias first (no TTL)" "ALIAS" "$(sed -n 3p "$WORK/by-ttl.screen")"
check_contains "by TTL: then 1 minute" "1 minute" "$(sed -n 4p "$WORK/by-ttl.screen")"
assert_screen_contains marked.screen "2 marked] 3/10"
check_contains "marked rows show *" "* example.com." "$(sed -n 3p "$WORK/marked.screen")"
assert_screen_contains protected.screen "2 marked] 4/10 apex SOA is managed by Route 53"
assert_screen_contains idn.screen "[records bücher.example."
assert_screen_contains idn.screen "  www.bücher.example. AAAA  simple            5 minutes           2001:db8::1"
# 40 columns: the routing column goes, every column keeps a blank after it
assert_screen_contains narrow.screen "  NAME        TYPE  TTL      VALUE"
# too narrow for the names: each leaves out the zone's name (the title has it), "@" the apex
assert_screen_contains narrow.screen "  @           SOA   15m      ns-1.awsdn…"
assert_screen_contains narrow.screen "  api         A     1 minute 192.0.2.20"
# "a" before "a-b" by name, as they read relative to the zone ("a.zone." > "a-b.zone." byte
# for byte, but the dot is not part of what the row shows at 40 columns)
fixture_text <<'EOF2'
profile demo
endpoint http://127.0.0.1:4566
synced -300
staged 0
zone Z1 zone.example. public synced=-300
rr Z1 zone.example. NS 172800 = ns-1.awsdns-01.org.
rr Z1 a-b.zone.example. A 60 = 192.0.2.2
rr Z1 b.zone.example. A 60 = 192.0.2.3
rr Z1 a.zone.example. A 60 = 192.0.2.1
EOF2
steps '
	:records zone.example.
	s
	:resize 40 12
	:save-display sorted.screen
'
run_app
check_eq "by name: @, a, a-b, b" "@ a a-b b" \
	"$(sed -n 3,6p "$WORK/sorted.screen" | awk '{ printf "%s%s", sep, $1; sep = " " }')"
finish
