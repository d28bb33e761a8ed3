#!/bin/sh
# The editor's health check picker: the checks in the cache, "none" first, with type and target;
# the one picked goes into the staged record set; a record's check the cache does not know is
# kept and said so.
COLUMNS_OVERRIDE=120 LINES_OVERRIDE=30
. "$(dirname "$0")/../tools/libtui.sh"

DB=$TMP/cache.db
"$BUILD/bin/cache-put" --cache "$DB" --profile demo <<'EOF2' || fail "cache-put"
zone ZEXAMPLECOM example.com public ns-1.awsdns-01.org,ns-2.awsdns-02.net
apex ZEXAMPLECOM
hc 0b7e6a3c-1111-4c2b-9d1e-aaaaaaaaaaaa HTTP 192.0.2.70 80 healthy
hc 0b7e6a3c-2222-4c2b-9d1e-bbbbbbbbbbbb HTTPS_STR_MATCH 192.0.2.71 443 unhealthy
EOF2

steps '
	:records example.com
	a
	www
	<Tab>
	<Tab>
	<Tab>
	<Tab>
	192.0.2.10
	<Down>
	<Down>
	<Right>
	:save-display form.screen
	<Down>
	blue
	<Down>
	<C-u>
	70
	<Down>
	:save-display none.screen
	<Right>
	<Right>
	:save-display picked.screen
	<Enter>
	c
	:save-display diff.screen
	q
	G
	e
	:save-display reopen.screen
'
run_app --cache "$DB" --profile demo
check_eq "exits 0" 0 "$APP_RC"
assert_screen_contains none.screen " Health check   < none >"
assert_screen_contains picked.screen " Health check   < 0b7e6a3c-2222-4c2b-9d1e-bbbbbbbbbbbb  HTTPS_STR_MATCH 192.0.2.71:443 >"
assert_screen_contains diff.screen "health check 0b7e6a3c-2222-4c2b-9d1e-bbbbbbbbbbbb"
assert_screen_contains reopen.screen " Health check   < 0b7e6a3c-2222-4c2b-9d1e-bbbbbbbbbbbb  HTTPS_STR_MATCH 192.0.2.71:443 >"

# 40 columns: the picked check's "ID  TYPE target" is cut next to its label; the status line
# says it whole (the id's start alone does not tell the checks apart)
steps '
	:records example.com
	a
	www
	<Tab>
	<Tab>
	<Tab>
	<Tab>
	192.0.2.10
	<Down>
	<Down>
	<Right>
	<Down>
	blue
	<Down>
	<C-u>
	70
	<Down>
	<Right>
	<Right>
	:save-display picked40.screen
'
COLUMNS=40 LINES=12 run_app --cache "$DB" --profile demo
check_eq "40 columns: the choice whole on the status line" \
	" Health check   < 0b7e6a3c-2222-4c2b-9d…
[add to example.com.] 10/10 Health
check:
0b7e6a3c-2222-4c2b-9d1e-bbbbbbbbbbbb
HTTPS_STR_MATCH 192.0.2.71:443" "$(sed -n 7,11p "$WORK/picked40.screen")"
finish
