#!/bin/sh
# The ROUTING column at 60-99 columns (11 usable) shortens words instead of cutting one:
# "weight 70%", "lat eu-west-1" does not fit so "latency", "fail primary" does not fit so
# "failover", "geo DE"; at 100 columns and more the whole text.
COLUMNS_OVERRIDE=70 LINES_OVERRIDE=16
. "$(dirname "$0")/../tools/libtui.sh"

fixture_text <<'EOF2'
profile demo
endpoint http://127.0.0.1:4566
synced -300
staged 0
zone Z1 r.example. public synced=-300
rr Z1 r.example. SOA 900 = ns-1.awsdns-01.org. awsdns-hostmaster.amazon.com. 1 7200 900 1209600 86400
rr Z1 r.example. NS 172800 = ns-1.awsdns-01.org.
rr Z1 a.r.example. A 60 set=one weight=70 = 192.0.2.1
rr Z1 a.r.example. A 60 set=two weight=30 = 192.0.2.2
rr Z1 l.r.example. A 60 set=eu region=eu-west-1 = 192.0.2.3
rr Z1 l.r.example. A 60 set=us region=us-east-1 = 192.0.2.4
rr Z1 f.r.example. A 60 set=p failover=primary = 192.0.2.5
rr Z1 g.r.example. A 60 set=de geo=DE = 192.0.2.6
EOF2
steps '
	:records r.example
	:save-display narrow.screen
	:resize 120 16
	:save-display wide.screen
'
run_app
check_eq "exit status" 0 "$APP_RC"
for want in "weight 70%  1 minute" "weight 30%  1 minute" "latency     1 minute" \
	"failover    1 minute" "geo DE      1 minute"; do
	assert_screen_contains narrow.screen " A     $want"
done
for want in "weighted 70%" "latency eu-west-1" "latency us-east-1" "failover primary" "geo DE"; do
	assert_screen_contains wide.screen " A     $want"
done
finish
