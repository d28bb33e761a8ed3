#!/bin/sh
# Record sets bigger than a buffer: three TXT values of ~3,000 characters each (Route 53 takes up
# to 4,000 a value). `r53 records`, `r53 search`, `r53 staged` and `apply-staged --dry-run`
# print every value whole, so a change at the very end of the last one is seen in review.
. "$(dirname "$0")/../tools/lib.sh"

start_local || exit 1
r53() { "$R53" --cache "$TMP/c.db" --endpoint-url "$LOCAL_URL" --domains-endpoint-url "$LOCAL_URL" "$@"; }
ZID=$(awsl route53 create-hosted-zone --name example.com --caller-reference long-1 | jq -r .HostedZone.Id)
python3 - "$TMP" << 'PY'
import json, sys
def value(tag, last):
    # twelve 248-character strings, the last ending in @last
    return " ".join('"' + (tag * 240 + "%08d" % i if i < 11 else tag * 240 + last) + '"' for i in range(12))
def batch(action, last):
    vals = [value("a", "aaaaaaa1"), value("b", "bbbbbbb2"), value("c", last)]
    return {"Changes": [{"Action": action, "ResourceRecordSet": {"Name": "long.example.com", "Type": "TXT", "TTL": 300, "ResourceRecords": [{"Value": v} for v in vals]}}]}
json.dump(batch("CREATE", "END-OLD1"), open(sys.argv[1] + "/seed.json", "w"))
json.dump(batch("UPSERT", "END-NEW2"), open(sys.argv[1] + "/edit.json", "w"))
PY
awsl route53 change-resource-record-sets --hosted-zone-id "$ZID" --change-batch "file://$TMP/seed.json" > /dev/null
check "sync" r53 sync

out=$(r53 records example.com 2>&1)
check_contains "records: the third value whole" 'cccccccEND-OLD1"' "$out"
out=$(r53 search END-OLD1 2>&1)
check_contains "search: the hit's values whole" 'cccccccEND-OLD1"' "$out"
check "stage an edit of the last value's end" r53 stage example.com "$TMP/edit.json"
out=$(r53 staged 2>&1)
check_contains "staged: the old end" '- long.example.com. TXT 300 ' "$out"
check_contains "staged: the old value's end" 'cccccccEND-OLD1"' "$out"
check_contains "staged: the new value's end" 'cccccccEND-NEW2"' "$out"
out=$(r53 apply-staged example.com --dry-run 2>&1)
check_contains "dry run: the DELETE's end" 'cccccccEND-OLD1"' "$out"
check_contains "dry run: the CREATE's end" 'cccccccEND-NEW2"' "$out"
finish
