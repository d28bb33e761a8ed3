#!/bin/sh
# A staged edit whose record set someone else changed meanwhile (AWS CLI): apply-staged is
# refused by Route 53's exact DELETE, r53 shows the remote version, the edit stays staged and
# nothing in the zone moves. Then rollback restores the zone exactly.
. "$(dirname "$0")/../tools/lib.sh"

start_local --insync-after 0 || exit 1
export R53_WAIT_INTERVAL_MS=100
r53() { "$R53" --cache "$TMP/c.db" --endpoint-url "$LOCAL_URL" "$@"; }
listing() { awsl route53 list-resource-record-sets --hosted-zone-id "$ZID"; }
changes() { sqlite3 "$LOCAL_DB" 'select count(*) from changes'; }
ZID=$(awsl route53 create-hosted-zone --name example.com --caller-reference cf-1 | jq -r .HostedZone.Id)
batch() { # ACTION NAME TTL VALUE
	printf '{"Changes": [{"Action": "%s", "ResourceRecordSet": {"Name": "%s", "Type": "A", "TTL": %s, "ResourceRecords": [{"Value": "%s"}]}}]}\n' "$@"
}
batch CREATE www.example.com 300 192.0.2.1 > "$TMP/seed.json"
awsl route53 change-resource-record-sets --hosted-zone-id "$ZID" --change-batch "file://$TMP/seed.json" > /dev/null

batch UPSERT www.example.com 60 192.0.2.2 > "$TMP/edit.json"
check "stage an edit of www" r53 stage example.com "$TMP/edit.json"
batch UPSERT www.example.com 300 192.0.2.50 > "$TMP/theirs.json"
awsl route53 change-resource-record-sets --hosted-zone-id "$ZID" --change-batch "file://$TMP/theirs.json" > /dev/null
before=$(listing)
n=$(changes)

out=$(r53 apply-staged example.com 2>&1)
rc=$?
check_eq "apply-staged is refused (exit 1)" "1" "$rc"
check_contains "it says the record changed" "changed in Route 53 since staging" "$out"
check_contains "it shows the remote version" "Route 53 now: www.example.com. A 300 192.0.2.50" "$out"
check_contains "and what the edit started from" "staged from: www.example.com. A 300 192.0.2.1" "$out"
check_eq "the zone did not move" "$before" "$(listing)"
check_eq "no change was accepted" "$n" "$(changes)"
staged=$(r53 staged example.com)
check_contains "the edit is still staged" "  + www.example.com. A 60 192.0.2.2" "$staged"
check_contains "and marked as changed remotely" "changed in Route 53 since staging" "$staged"
check_contains "history records the refusal" "FAILED" "$(r53 history example.com)"

# Rollback: apply something, then undo it; the zone is back exactly.
r53 discard --all example.com
before=$(listing)
cat > "$TMP/edits.json" <<'JSON'
{"Changes": [
 {"Action": "UPSERT", "ResourceRecordSet": {"Name": "www.example.com", "Type": "A", "TTL": 30, "ResourceRecords": [{"Value": "192.0.2.7"}]}},
 {"Action": "CREATE", "ResourceRecordSet": {"Name": "mail.example.com", "Type": "MX", "TTL": 300, "ResourceRecords": [{"Value": "10 mx.example.net"}]}}
]}
JSON
r53 stage example.com "$TMP/edits.json" > /dev/null
cid=$(r53 apply-staged example.com --wait 2>/dev/null)
check_eq "the edits were applied" "30" \
	"$(listing | jq -r '.ResourceRecordSets[] | select(.Name == "www.example.com.") | .TTL')"
n=$(changes)
dry=$(r53 rollback example.com --dry-run 2>&1)
check_contains "rollback --dry-run names the change" "$cid" "$dry"
check_contains "and deletes what it created" "- mail.example.com. MX 300 10 mx.example.net" "$dry"
check_contains "and recreates what it deleted" "+ www.example.com. A 300 192.0.2.50" "$dry"
check_eq "dry run sends nothing" "$n" "$(changes)"
out=$(r53 rollback example.com --wait 2>&1)
check_eq "rollback exits 0" "0" "$?"
check_eq "the zone is back exactly" "$before" "$(listing)"

# Drift: apply, someone changes a created record, rollback refuses.
r53 stage example.com "$TMP/edits.json" > /dev/null
r53 apply-staged example.com > /dev/null 2>&1
batch UPSERT www.example.com 30 192.0.2.99 > "$TMP/drift.json"
awsl route53 change-resource-record-sets --hosted-zone-id "$ZID" --change-batch "file://$TMP/drift.json" > /dev/null
before=$(listing)
n=$(changes)
out=$(r53 rollback example.com 2>&1)
check_eq "rollback after drift is refused (exit 1)" "1" "$?"
check_contains "it says the zone changed" "the zone changed since change" "$out"
check_eq "nothing was sent" "$n" "$(changes)"
check_eq "the zone did not move" "$before" "$(listing)"
finish
