#!/bin/sh
# The editor's failover and multivalue routing, end to end against r53-local: a failover pair
# (primary with a health check from the picker, secondary without) and a multivalue answer
# with its own set identifier are added, reviewed (c), applied (A, y); the AWS CLI then finds
# exactly those record sets, with Failover PRIMARY / SECONDARY, the health check id, and
# MultiValueAnswer true. A failover record without its health check is allowed (a secondary
# needs none), a multivalue one without a set identifier is refused next to the field.
COLUMNS_OVERRIDE=120 LINES_OVERRIDE=30
. "$(dirname "$0")/../tools/libtui.sh"

start_local --insync-after 0 || exit 1
export R53_SCRIPT_NET=1 R53_WAIT_INTERVAL_MS=100
DB=$TMP/c.db
ZID=$(awsl route53 create-hosted-zone --name fo.example --caller-reference tui-fo | jq -r .HostedZone.Id)
HC=$(awsl route53 create-health-check --caller-reference fo-hc --health-check-config \
	"IPAddress=192.0.2.80,Port=80,Type=HTTP,ResourcePath=/health" | jq -r .HealthCheck.Id)
check "r53 sync fills the cache" "$R53" --cache "$DB" --endpoint-url "$LOCAL_URL" \
	--domains-endpoint-url "$LOCAL_URL" sync

steps '
	:records fo.example
	a
	app
	<Tab>
	<Tab>
	<Tab>
	<Tab>
	192.0.2.1
	<Down>
	<Down>
	<Right>
	<Right>
	<Right>
	<Right>
	<Down>
	main
	<Down>
	:save-display primary.screen
	<Down>
	<Right>
	:save-display primary-hc.screen
	<Enter>
	a
	app
	<Tab>
	<Tab>
	<Tab>
	<Tab>
	192.0.2.2
	<Down>
	<Down>
	<Right>
	<Right>
	<Right>
	<Right>
	<Down>
	backup
	<Down>
	<Right>
	:save-display secondary.screen
	<Enter>
	a
	mv
	<Tab>
	<Tab>
	<Tab>
	<Tab>
	192.0.2.5
	<Down>
	<Down>
	<Left>
	:save-display mv-noset.screen
	<Enter>
	:save-display mv-refused.screen
	one
	<Enter>
	c
	:save-display diff.screen
	A
	y
	:save-display applied.screen
'
run_app --cache "$DB" --endpoint-url "$LOCAL_URL"
check_eq "exit status" 0 "$APP_RC"
assert_screen_contains primary.screen " Routing        < failover >
 Set identifier main
 Failover       < primary >"
assert_screen_contains primary-hc.screen " Health check   < $HC  HTTP 192.0.2.80:80/health >"
assert_screen_contains secondary.screen " Failover       < secondary >"
assert_screen_contains mv-noset.screen " Routing        < multivalue >"
assert_screen_contains mv-refused.screen " Set identifier _ ! "
assert_screen_contains diff.screen "add app.fo.example. A  set main
    + TTL 300 (5 minutes)
    + routing failover primary, set main
    + health check $HC
    + 192.0.2.1"
assert_screen_contains diff.screen "add app.fo.example. A  set backup
    + TTL 300 (5 minutes)
    + routing failover secondary, set backup
    + 192.0.2.2"
assert_screen_contains diff.screen "add mv.fo.example. A  set one
    + TTL 300 (5 minutes)
    + routing multivalue, set one
    + 192.0.2.5"
check_contains "applied: INSYNC" "INSYNC" "$(tr -s '\n' ' ' < "$WORK/applied.screen")"
check_eq "the AWS CLI: exactly the three record sets" \
	"app.fo.example. A backup SECONDARY null null 192.0.2.2
app.fo.example. A main PRIMARY $HC null 192.0.2.1
mv.fo.example. A one null null true 192.0.2.5" \
	"$(awsl route53 list-resource-record-sets --hosted-zone-id "$ZID" | jq -r '.ResourceRecordSets[] | select(.Type == "A") | "\(.Name) \(.Type) \(.SetIdentifier) \(.Failover) \(.HealthCheckId) \(.MultiValueAnswer) \(.ResourceRecords | map(.Value) | join(","))"' | sort)"
finish
