#!/bin/sh
# A TXT value longer than a screen row (Route 53 takes up to 4,000 characters) is compared and
# shown whole in the staged view: an edit that changes it only near its end reads as a change
# (- old / + new, wrapped), not as a line that stays.
COLUMNS_OVERRIDE=120 LINES_OVERRIDE=40
. "$(dirname "$0")/../tools/libtui.sh"

start_local || exit 1
DB=$TMP/c.db
ZID=$(awsl route53 create-hosted-zone --name example.com --caller-reference tui-long | jq -r .HostedZone.Id)
# twelve 100-character strings (1,235 characters with quotes and spaces); the new value differs
# in the last character of the eleventh, past the 1,100 characters the view used to compare
python3 - "$TMP" << 'PY'
import json, sys
old = " ".join('"' + "a" * 100 + '"' for _ in range(12))
new = " ".join('"' + ("a" * 99 + "b" if i == 10 else "a" * 100) + '"' for i in range(12))
def batch(action, value):
    return {"Changes": [{"Action": action, "ResourceRecordSet": {"Name": "long.example.com", "Type": "TXT", "TTL": 300, "ResourceRecords": [{"Value": value}]}}]}
json.dump(batch("CREATE", old), open(sys.argv[1] + "/seed.json", "w"))
json.dump(batch("UPSERT", new), open(sys.argv[1] + "/edit.json", "w"))
PY
awsl route53 change-resource-record-sets --hosted-zone-id "$ZID" --change-batch "file://$TMP/seed.json" > /dev/null
check "sync" "$R53" --cache "$DB" --endpoint-url "$LOCAL_URL" sync example.com
check "stage the edit of the long TXT" "$R53" --cache "$DB" --endpoint-url "$LOCAL_URL" stage example.com "$TMP/edit.json"

steps '
	c
	:save-display staged.screen
	:q!
'
run_app --cache "$DB" --endpoint-url "$LOCAL_URL" --offline
assert_screen_contains staged.screen "edit long.example.com. TXT"
assert_screen_contains staged.screen "- \"aaaaaaaaaa"
assert_screen_contains staged.screen "+ \"aaaaaaaaaa"
assert_screen_contains staged.screen "aaab\""
finish
