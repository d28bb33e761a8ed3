#!/bin/sh
# The staged view applies for real (r53-local): A, y sends the staged edit, the status line
# says the change went INSYNC, the header counts 0 staged, and the AWS CLI sees the new
# record. Then `u` in the records view shows the rollback, and y restores the zone exactly.
COLUMNS_OVERRIDE=120 LINES_OVERRIDE=16
. "$(dirname "$0")/../tools/libtui.sh"

start_local --insync-after 0 || exit 1
export R53_WAIT_INTERVAL_MS=100
DB=$TMP/c.db
listing() { awsl route53 list-resource-record-sets --hosted-zone-id "$ZID"; }
ZID=$(awsl route53 create-hosted-zone --name example.com --caller-reference tui-1 | jq -r .HostedZone.Id)
printf '{"Changes": [{"Action": "CREATE", "ResourceRecordSet": {"Name": "www.example.com", "Type": "A", "TTL": 300, "ResourceRecords": [{"Value": "192.0.2.1"}]}}]}\n' > "$TMP/seed.json"
awsl route53 change-resource-record-sets --hosted-zone-id "$ZID" --change-batch "file://$TMP/seed.json" > /dev/null
before=$(listing)
printf '{"Changes": [{"Action": "UPSERT", "ResourceRecordSet": {"Name": "www.example.com", "Type": "A", "TTL": 60, "ResourceRecords": [{"Value": "192.0.2.2"}]}}]}\n' > "$TMP/edit.json"
check "stage an edit" "$R53" --cache "$DB" --endpoint-url "$LOCAL_URL" stage example.com "$TMP/edit.json"

steps '
	c
	:save-display staged.screen
	A
	:save-display ask.screen
	y
	:save-display applied.screen
	:q
'
run_app --cache "$DB" --endpoint-url "$LOCAL_URL"
check_eq "r53 exits 0" 0 "$APP_RC"
assert_screen_contains staged.screen "+ TTL 60 (1 minute)"
assert_screen_contains ask.screen "apply 1 staged edit to Route 53? (y/N)"
assert_screen_contains applied.screen "applied: 1 change sent, change C"
assert_screen_contains applied.screen " INSYNC"
assert_screen_contains applied.screen "  0 staged"
cid=$(sed -n 's/.*applied: 1 change sent, change \(C[A-Z0-9]*\) INSYNC.*/\1/p' "$WORK/applied.screen")
check_eq "Route 53 has the change INSYNC" "INSYNC" \
	"$(awsl route53 get-change --id "$cid" | jq -r .ChangeInfo.Status)"
check_eq "the AWS CLI sees the new www" "60 192.0.2.2" \
	"$(listing | jq -r '.ResourceRecordSets[] | select(.Name == "www.example.com.") | "\(.TTL) \(.ResourceRecords[0].Value)"')"
steps '
	:records example.com
	u
	:save-display undo-ask.screen
	y
	:save-display undone.screen
	:q
'
run_app --cache "$DB" --endpoint-url "$LOCAL_URL"
check_eq "second run exits 0" 0 "$APP_RC"
check_contains "u: the question is the rollback's diff (values, TTLs)" \
	"undo change $cid: -www.example.com. A TTL 60 192.0.2.2 +www.example.com. A TTL 300 192.0.2.1? (y/N)" \
	"$(tr -s '\n' ' ' < "$WORK/undo-ask.screen")"
assert_screen_contains undone.screen "rolled back change $cid with change C"
check_eq "the rollback restored the zone exactly" "$before" "$(listing)"

# A conflict: staged, then changed with the AWS CLI; A refuses and names what Route 53 holds;
# the staged view shows that version above the edit's diff, and the edit stays staged.
printf '{"Changes": [{"Action": "UPSERT", "ResourceRecordSet": {"Name": "www.example.com", "Type": "A", "TTL": 30, "ResourceRecords": [{"Value": "192.0.2.3"}]}}]}\n' > "$TMP/edit2.json"
"$R53" --cache "$DB" --endpoint-url "$LOCAL_URL" stage example.com "$TMP/edit2.json" > /dev/null
printf '{"Changes": [{"Action": "UPSERT", "ResourceRecordSet": {"Name": "www.example.com", "Type": "A", "TTL": 300, "ResourceRecords": [{"Value": "192.0.2.50"}]}}]}\n' > "$TMP/theirs.json"
awsl route53 change-resource-record-sets --hosted-zone-id "$ZID" --change-batch "file://$TMP/theirs.json" > /dev/null
theirs=$(listing)
steps '
	c
	A
	y
	:save-display conflict.screen
	:resize 40 16
	:save-display conflict40.screen
	:q
	y
'
run_app --cache "$DB" --endpoint-url "$LOCAL_URL"
assert_screen_contains conflict.screen "not applied: www.example.com. A changed in Route 53 since staging; it now holds 192.0.2.50"
assert_screen_contains conflict.screen "  1 staged"
check_contains "the staged view shows Route 53's version above the diff" \
"edit www.example.com. A
    ! Route 53 changed it since staging (A is refused; d discards). It now holds:
    = TTL 300 (5 minutes)
    = 192.0.2.50
    - TTL 300 (5 minutes)
    - 192.0.2.1
    + TTL 30 (30 seconds)
    + 192.0.2.3" "$(cat "$WORK/conflict.screen")"
check_contains "40 columns: the conflict's words wrap, none cut" \
"edit www.example.com. A
    ! Route 53 changed it since staging
      (A is refused; d discards). It now
      holds:
    = TTL 300 (5 minutes)" "$(cat "$WORK/conflict40.screen")"
check_eq "the zone did not move" "$theirs" "$(listing)"
check_contains "the edit is still staged" "+ www.example.com. A 30 192.0.2.3" \
	"$("$R53" --cache "$DB" --endpoint-url "$LOCAL_URL" staged)"
finish
