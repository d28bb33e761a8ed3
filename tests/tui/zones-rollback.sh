#!/bin/sh
# `u` on a zone row of the zones view rolls back that zone's last applied batch, the same
# flow as `u` in the records view: the batch is shown, y sends the inverse, and the zone is
# back exactly as it was (AWS CLI).
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
finish
