#!/bin/sh
# The ROUTING column never cuts a word: it widens (taking from VALUE, down to a minimum) to
# the zone's widest routing text, so "latency ap-southeast-2" and "failover secondary" show
# whole at 80 columns; where even that is not room enough the policy word is shortened
# ("weight 70%", "lat eu-west-1", "fail primary") or stands alone with an ellipsis
# ("latency …"; the record view shows the rest), never "latency ap-sou…" (ap-south-1 or
# ap-southeast-2?). At 40 columns the column goes. (The names leave NAME 30% of the width,
# as long names do: a zone of short names gives ROUTING more room.)
COLUMNS_OVERRIDE=80 LINES_OVERRIDE=18
. "$(dirname "$0")/../tools/libtui.sh"

fixture_text <<'EOF2'
profile demo
endpoint http://127.0.0.1:4566
synced -300
staged 0
zone Z1 r.example. public synced=-300
zone Z2 s.example. public synced=-300
rr Z1 r.example. SOA 900 = ns-1.awsdns-01.org. awsdns-hostmaster.amazon.com. 1 7200 900 1209600 86400
rr Z1 r.example. NS 172800 = ns-1.awsdns-01.org.
rr Z1 weighted-records1.r.example. A 60 set=one weight=70 = 192.0.2.1
rr Z1 weighted-records1.r.example. A 60 set=two weight=30 = 192.0.2.2
rr Z1 latency-records-1.r.example. A 60 set=eu region=eu-west-1 = 192.0.2.3
rr Z1 latency-records-1.r.example. A 60 set=ap region=ap-southeast-2 = 192.0.2.4
rr Z1 latency-records-1.r.example. A 60 set=as region=ap-south-1 = 192.0.2.7
rr Z1 failover-records1.r.example. A 60 set=p failover=primary = 192.0.2.5
rr Z1 failover-records1.r.example. A 60 set=s failover=secondary = 192.0.2.8
rr Z1 geo-located-rec-1.r.example. A 60 set=de geo=DE = 192.0.2.6
rr Z2 s.example. SOA 900 = ns-1.awsdns-01.org. awsdns-hostmaster.amazon.com. 1 7200 900 1209600 86400
rr Z2 s.example. NS 172800 = ns-1.awsdns-01.org.
rr Z2 latency-records-1.s.example. A 60 set=eu region=eu-west-1 = 192.0.2.3
rr Z2 latency-records-1.s.example. A 60 set=us region=us-east-1 = 192.0.2.4
rr Z2 weighted-records1.s.example. A 60 set=one weight=70 = 192.0.2.1
EOF2
steps '
	:records r.example
	:save-display r80.screen
	:resize 64 18
	:save-display r64.screen
	:resize 120 18
	:save-display r120.screen
	:resize 40 18
	:save-display r40.screen
	:records s.example
	:resize 70 18
	:save-display s70.screen
	:resize 60 18
	:save-display s60.screen
'
run_app
check_eq "exit status" 0 "$APP_RC"
for want in "weighted 70%           1 minute   192.0.2.1" "failover primary       1 minute" \
	"failover secondary     1 minute" "geo DE                 1 minute" \
	"latency eu-west-1      1 minute" "latency ap-southeast-2 1 minute   192.0.2.4" \
	"latency ap-south-1     1 minute"; do
	assert_screen_contains r80.screen " A     $want"
done
assert_screen_contains r80.screen "  NAME              TYPE  ROUTING                TTL        VALUE"
for want in "latency ap-southeast-2" "latency ap-south-1" "failover secondary"; do
	assert_screen_contains r120.screen " A     $want"
done
# 64 columns: 13 columns of VALUE stay, so ROUTING gets 14: words shortened, or alone
for want in "weighted 70%  1 minute" "lat eu-west-1 1 minute" "latency …     1 minute   192.0.2.4" \
	"latency …     1 minute   192.0.2.7" "fail primary  1 minute" "failover …    1 minute" \
	"geo DE        1 minute"; do
	assert_screen_contains r64.screen " A     $want"
done
check "no word in ROUTING is cut (an ellipsis only after a whole word)" \
	sh -c "! grep -E ' A     [^ ]*( [^ ]*)?[^ ]… ' '$WORK/r64.screen' '$WORK/r80.screen'"
assert_screen_contains r40.screen "  NAME        TYPE  TTL      VALUE"
# a zone with short routing keeps the usual widths
for want in "latency eu-west-1 1 minute" "latency us-east-1 1 minute" "weighted 100%     1 minute"; do
	assert_screen_contains s70.screen " A     $want"
done
for want in "latency …   1 minute   192.0.2.3" "weight 100% 1 minute"; do
	assert_screen_contains s60.screen " A     $want"
done
finish
