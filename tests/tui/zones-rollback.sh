#!/bin/sh
# `u` on a zone row of the zones view rolls back that zone's last applied batch, the same
# flow as `u` in the records view: the batch is shown, y sends the inverse, and the zone is
# back exactly as it was (AWS CLI). An IDN zone's question names its record sets in Unicode,
# or in their xn-- form without UTF-8.
COLUMNS_OVERRIDE=120 LINES_OVERRIDE=16
. "$(dirname "$0")/../tools/libtui.sh"

start_local --insync-after 0 || exit 1
export R53_WAIT_INTERVAL_MS=100
DB=$TMP/c.db
listing() { awsl route53 list-resource-record-sets --hosted-zone-id "$ZID"; }
ZID=$(awsl route53 create-hosted-zone --name undo.example --caller-reference tui-u | jq -r .HostedZone.Id)
before=$(listing)
printf '{"Changes": [{"Action": "CREATE", "ResourceRecordSet": {"Name": "www.undo.example", "Type": "A", "TTL": 60, "ResourceRecords": [{"Value": "192.0.2.9"}]}}]}\n' > "$TMP/edit.json"
check "stage an edit" "$R53" --cache "$DB" --endpoint-url "$LOCAL_URL" stage undo.example "$TMP/edit.json"
steps '
	c
	A
	y
	q
	u
	:save-display undo-ask.screen
	y
	:save-display undone.screen
'
run_app --cache "$DB" --endpoint-url "$LOCAL_URL"
check_eq "r53 exits 0" 0 "$APP_RC"
assert_screen_contains undo-ask.screen "[zones] 1/1 undo change C"
assert_screen_contains undo-ask.screen ": -www.undo.example. A TTL 60 192.0.2.9? (y/N)"
assert_screen_contains undone.screen "rolled back change C"
check_eq "the rollback restored the zone exactly" "$before" "$(listing)"

# the rollback is a batch too: u offers to undo it; n sends nothing
steps '
	u
	n
	:save-display nothing.screen
'
run_app --cache "$DB" --endpoint-url "$LOCAL_URL"
assert_screen_contains nothing.screen "nothing sent"
check_eq "n: the zone did not move" "$before" "$(listing)"

# an IDN zone: the question names its record sets as people read them, and in their xn--
# form on a terminal without UTF-8 (R53_ASCII), as the rest of the screen does
IDN=$(awsl route53 create-hosted-zone --name xn--bcher-kva.example --caller-reference tui-idn | jq -r .HostedZone.Id)
printf '{"Changes": [{"Action": "CREATE", "ResourceRecordSet": {"Name": "www.xn--bcher-kva.example", "Type": "A", "TTL": 60, "ResourceRecords": [{"Value": "192.0.2.7"}]}}]}\n' > "$TMP/idn.json"
check "stage an IDN edit" "$R53" --cache "$DB" --endpoint-url "$LOCAL_URL" stage xn--bcher-kva.example "$TMP/idn.json"
steps '
	c
	A
	y
	q
	:records bücher.example
	u
	:save-display idn-ask.screen
	n
'
run_app --cache "$DB" --endpoint-url "$LOCAL_URL"
check_contains "the question in Unicode" ": -www.bücher.example. A TTL 60 192.0.2.7? (y/N)" \
	"$(tr -s '\n' ' ' < "$WORK/idn-ask.screen")"
steps '
	:records xn--bcher-kva.example
	u
	:save-display idn-ascii.screen
	n
'
R53_ASCII=1 run_app --cache "$DB" --endpoint-url "$LOCAL_URL"
check_contains "ASCII: the question in the xn-- form" ": -www.xn--bcher-kva.example. A TTL 60 192.0.2.7? (y/N)" \
	"$(tr -s '\n' ' ' < "$WORK/idn-ascii.screen")"
check_eq "n: nothing rolled back" 3 \
	"$(awsl route53 list-resource-record-sets --hosted-zone-id "$IDN" | jq '.ResourceRecordSets | length')"
finish
