#!/bin/sh
# The records view's TTL column: a TTL in words too wide for the column (80 columns: 10
# characters; 40: 8) is said in the units the TTL prompt takes ("1h30m", "15m", "1w2d"), not
# cut ("1 hour 3…" could be 1 hour 3 minutes; "15 minu…").
COLUMNS_OVERRIDE=80 LINES_OVERRIDE=12
. "$(dirname "$0")/../tools/libtui.sh"

fixture_text <<'EOF2'
profile demo
zone Z1 example.com. public
rr Z1 example.com. SOA 900 = ns-1.awsdns-01.org. awsdns-hostmaster.amazon.com. 1 7200 900 1209600 86400
rr Z1 example.com. NS 172800 = ns-1.awsdns-01.org.
rr Z1 a.example.com. A 90 = 192.0.2.1
rr Z1 b.example.com. A 5400 = 192.0.2.2
rr Z1 c.example.com. A 900 = 192.0.2.3
rr Z1 d.example.com. A 777600 = 192.0.2.4
rr Z1 e.example.com. A 2147483647 = 192.0.2.5
EOF2
steps '
	:records example.com
	:save-display ttl80.screen
	:resize 40 12
	:save-display ttl40.screen
'
run_app
check_eq "exit status" 0 "$APP_RC"
check_eq "80 columns: words where they fit, units where not" \
	"  example.com.   NS    protected   2 days     ns-1.awsdns-01.org.
  example.com.   SOA   protected   15 minutes ns-1.awsdns-01.org. awsdns-hostma…
  a.example.com. A     simple      1m30s      192.0.2.1
  b.example.com. A     simple      1h30m      192.0.2.2
  c.example.com. A     simple      15 minutes 192.0.2.3
  d.example.com. A     simple      1w2d       192.0.2.4
  e.example.com. A     simple      3550w5d    192.0.2.5" \
	"$(sed -n 3,9p "$WORK/ttl80.screen")"
check_eq "40 columns: every TTL whole" \
	"  NAME        TYPE  TTL      VALUE
  @           NS    2 days   ns-1.awsdn…
  @           SOA   15m      ns-1.awsdn…
  a           A     1m30s    192.0.2.1
  b           A     1h30m    192.0.2.2
  c           A     15m      192.0.2.3
  d           A     1w2d     192.0.2.4
  e           A     3550w5d  192.0.2.5" "$(sed -n 2,9p "$WORK/ttl40.screen")"
finish
