#!/bin/sh
# The registered domains view (D, :domains) and the health checks view (H, :hc), from a cache
# file written through the cache API: delegation match ("? not read" while the registrar's name
# servers are unknown), Enter into the zone, filter, status.
COLUMNS_OVERRIDE=120 LINES_OVERRIDE=14
. "$(dirname "$0")/../tools/libtui.sh"

DB=$TMP/cache.db
"$BUILD/bin/cache-put" --cache "$DB" --profile demo <<'EOF2' || fail "cache-put"
zone ZEXAMPLECOM example.com public ns-1.awsdns-01.org,ns-2.awsdns-02.net
zone ZEXAMPLEORG example.org public ns-3.awsdns-03.com,ns-4.awsdns-04.co.uk
zone ZINTERNAL example.net private ns-5.awsdns-05.org
domain example.com 1893456000 renew lock ns-2.awsdns-02.net.,NS-1.awsdns-01.org
domain example.org 1893456000 norenew nolock ns1.other-dns.example,ns2.other-dns.example
domain example.net 1767225600 renew lock ns1.registrar.example
domain example.com.au 1893456000 renew lock -
zone ZCOMAU example.com.au public -
hc 0b7e6a3c-1111-4c2b-9d1e-aaaaaaaaaaaa HTTP 192.0.2.70 80 healthy
hc 0b7e6a3c-2222-4c2b-9d1e-bbbbbbbbbbbb HTTPS_STR_MATCH 192.0.2.71 443 unhealthy
EOF2

steps '
	D
	:save-display domains.screen
	j
	j
	<Enter>
	:save-display org.screen
	:domains
	/other
	<Enter>
	:save-display filtered.screen
	:hc
	:save-display hc.screen
	j
	<Enter>
	:save-display hc-detail.screen
'
run_app --cache "$DB" --profile demo
check_eq "exits 0" 0 "$APP_RC"
assert_screen_contains domains.screen "DOMAIN                        EXPIRES    RENEW LOCK DELEGATION   REGISTRAR NAME SERVERS"
assert_screen_contains domains.screen " example.com.                  2030-01-01 yes   yes  ✓ zone's NS  ns-2.awsdns-02.net. NS-1.awsdns-01.org"
assert_screen_contains domains.screen " example.com.au.               2030-01-01 yes   yes  ? not read"
assert_screen_contains domains.screen " example.net.                  2026-01-01 yes   yes  no zone      ns1.registrar.example"
assert_screen_contains domains.screen " example.org.                  2030-01-01 no    no   ✗ differs    ns1.other-dns.example ns2.other-dns.example"
assert_screen_contains org.screen "example.net. has no hosted zone in this account"
assert_screen_contains filtered.screen "[domains] 1/1"
assert_screen_contains hc.screen "ID                                    TYPE             STATUS    RECORDS TARGET"
assert_screen_contains hc.screen " 0b7e6a3c-1111-4c2b-9d1e-aaaaaaaaaaaa  HTTP             healthy   0       192.0.2.70:80"
assert_screen_contains hc.screen " 0b7e6a3c-2222-4c2b-9d1e-bbbbbbbbbbbb  HTTPS_STR_MATCH  unhealthy 0       192.0.2.71:443"
assert_screen_contains hc-detail.screen "[health checks] 2/2 0b7e6a3c-2222-4c2b-9d1e-bbbbbbbbbbbb: HTTPS_STR_MATCH 192.0.2.71:443, every 30 s, 3 failures"

# 40 columns: the delegation and the status stay whole; renew, lock, records and the targets go
steps '
	D
	:save-display domains40.screen
	:hc
	:save-display hc40.screen
'
COLUMNS=40 LINES=12 run_app --cache "$DB" --profile demo
# a loaded machine may take a second: the cache's age is not what these screens test
sed -i -E 's/cache [0-9]+s old/cache 0s old/' "$WORK"/*40.screen
assert_screen domains40.screen <<'SCREEN'
 demo    OFFLINE cache 0s old  0 staged
 DOMAIN          EXPIRES    DELEGATION
 example.com.    2030-01-01 ✓ zone's NS
 example.com.au. 2030-01-01 ? not read
 example.net.    2026-01-01 no zone
 example.org.    2030-01-01 ✗ differs




[domains] 1/4
Enter Open  N Delegate  ? Help  q Back
SCREEN
assert_screen hc40.screen <<'SCREEN'
 demo    OFFLINE cache 0s old  0 staged
 ID          TYPE             STATUS
 0b7e6a3c-1… HTTP             healthy
 0b7e6a3c-2… HTTPS_STR_MATCH  unhealthy






[health checks] 1/2
Enter Open  a Create  ? Help  q Back
SCREEN

# 60 columns: the record count goes first, so the target is whole (not "192.0.2.7…", which
# could be either check)
steps '
	:hc
	:save-display hc60.screen
'
COLUMNS=60 LINES=12 run_app --cache "$DB" --profile demo
check_eq "60 columns: the targets whole, the count left to Enter" \
	" ID            TYPE             STATUS    TARGET
 0b7e6a3c-111… HTTP             healthy   192.0.2.70:80
 0b7e6a3c-222… HTTPS_STR_MATCH  unhealthy 192.0.2.71:443" "$(sed -n 2,4p "$WORK/hc60.screen")"
finish
