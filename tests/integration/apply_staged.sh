#!/bin/sh
# r53 stage + apply-staged against r53-local: staged edits are sent as exact DELETE+CREATE,
# the AWS CLI then sees exactly the new records; history, discard, the cache file's safety.
. "$(dirname "$0")/../tools/lib.sh"

start_local --insync-after 0 || exit 1
export R53_WAIT_INTERVAL_MS=100
r53() { "$R53" --cache "$TMP/c.db" --endpoint-url "$LOCAL_URL" "$@"; }
listing() {
	awsl route53 list-resource-record-sets --hosted-zone-id "$ZID" |
		jq -r '.ResourceRecordSets[] | select(.Type != "NS" and .Type != "SOA") |
			"\(.Name) \(.Type) \(.TTL) \([.ResourceRecords[].Value] | join(","))"'
}
ZID=$(awsl route53 create-hosted-zone --name example.com --caller-reference ap-1 | jq -r .HostedZone.Id)
cat > "$TMP/seed.json" <<'JSON'
{"Changes": [
 {"Action": "CREATE", "ResourceRecordSet": {"Name": "www.example.com", "Type": "A", "TTL": 300, "ResourceRecords": [{"Value": "192.0.2.1"}]}},
 {"Action": "CREATE", "ResourceRecordSet": {"Name": "old.example.com", "Type": "TXT", "TTL": 60, "ResourceRecords": [{"Value": "\"bye\""}]}},
 {"Action": "CREATE", "ResourceRecordSet": {"Name": "keep.example.com", "Type": "A", "TTL": 60, "ResourceRecords": [{"Value": "192.0.2.9"}]}}
]}
JSON
awsl route53 change-resource-record-sets --hosted-zone-id "$ZID" --change-batch "file://$TMP/seed.json" > /dev/null

cat > "$TMP/edits.json" <<'JSON'
{"Changes": [
 {"Action": "UPSERT", "ResourceRecordSet": {"Name": "www.example.com", "Type": "A", "TTL": 60, "ResourceRecords": [{"Value": "192.0.2.2"}, {"Value": "192.0.2.3"}]}},
 {"Action": "DELETE", "ResourceRecordSet": {"Name": "old.example.com", "Type": "TXT", "TTL": 60, "ResourceRecords": [{"Value": "\"bye\""}]}},
 {"Action": "CREATE", "ResourceRecordSet": {"Name": "new.example.com", "Type": "CNAME", "TTL": 300, "ResourceRecords": [{"Value": "www.example.com"}]}}
]}
JSON
ids=$(r53 stage example.com "$TMP/edits.json" 2>"$TMP/err")
check_eq "stage prints one id per edit" "3" "$(printf '%s\n' "$ids" | grep -c '^[0-9][0-9]*$')"
before=$(listing)
check_eq "staging sends nothing" "keep.example.com. A 60 192.0.2.9
old.example.com. TXT 60 \"bye\"
www.example.com. A 300 192.0.2.1" "$before"

staged=$(r53 staged example.com)
check_contains "staged shows the old www" "  - www.example.com. A 300 192.0.2.1" "$staged"
check_contains "staged shows the new www" "  + www.example.com. A 60 192.0.2.2 192.0.2.3" "$staged"
check_contains "staged shows the delete" "delete" "$staged"
check_fails "nothing is marked changed remotely" sh -c "printf '%s' '$staged' | grep -q 'changed in Route 53'"

# Staging the same file again adds nothing; a second UPSERT of www folds into its edit.
r53 stage example.com "$TMP/edits.json" > /dev/null 2>&1
check_eq "the same file twice: still 3 edits" "3" "$(r53 staged | grep -c '^[0-9]')"
printf '{"Changes": [{"Action": "UPSERT", "ResourceRecordSet": {"Name": "www.example.com", "Type": "A", "TTL": 90, "ResourceRecords": [{"Value": "192.0.2.5"}]}}]}\n' > "$TMP/www2.json"
r53 stage example.com "$TMP/www2.json" > /dev/null
staged=$(r53 staged example.com)
check_eq "a second edit of www folds into the first" "3" "$(printf '%s\n' "$staged" | grep -c '^[0-9]')"
check_contains "from the original www" "  - www.example.com. A 300 192.0.2.1" "$staged"
check_contains "to the latest" "  + www.example.com. A 90 192.0.2.5" "$staged"
printf '{"Changes": [{"Action": "UPSERT", "ResourceRecordSet": {"Name": "www.example.com", "Type": "A", "TTL": 60, "ResourceRecords": [{"Value": "192.0.2.2"}, {"Value": "192.0.2.3"}]}}]}\n' > "$TMP/www3.json"
r53 stage example.com "$TMP/www3.json" > /dev/null

dry=$(r53 apply-staged example.com --dry-run 2>&1)
check_contains "dry run shows the exact DELETE" "- www.example.com. A 300 192.0.2.1" "$dry"
check_contains "dry run sends nothing" "nothing was sent" "$dry"
check_eq "dry run left the zone alone" "$before" "$(listing)"

out=$(r53 apply-staged example.com --wait 2>"$TMP/err")
rc=$?
check_eq "apply-staged --wait exits 0" "0" "$rc"
check_eq "one change id" "1" "$(printf '%s\n' "$out" | grep -c '^C')"
check_eq "Route 53 holds exactly the new records" "keep.example.com. A 60 192.0.2.9
new.example.com. CNAME 300 www.example.com
www.example.com. A 60 192.0.2.2,192.0.2.3" "$(listing)"
check_eq "the change is INSYNC at Route 53" "INSYNC" \
	"$(awsl route53 get-change --id "$out" | jq -r .ChangeInfo.Status)"
check_eq "nothing staged after apply" "" "$(r53 staged 2>/dev/null)"
hist=$(r53 history example.com)
check_contains "history shows the change INSYNC" "$out  INSYNC  4" "$hist"

# Nothing staged: apply-staged sends nothing.
n1=$(sqlite3 "$LOCAL_DB" 'select count(*) from changes')
check "apply-staged with nothing staged succeeds" r53 apply-staged example.com
check_eq "and sends no change" "$n1" "$(sqlite3 "$LOCAL_DB" 'select count(*) from changes')"

# discard
r53 stage example.com "$TMP/edits.json" > "$TMP/ids" 2>"$TMP/err"
check_contains "an UPSERT that changes nothing is not staged" "already so" "$(cat "$TMP/err")"
first=$(head -1 "$TMP/ids")
check "discard one" r53 discard "$first"
check_eq "one left (the UPSERT already holds)" "1" "$(r53 staged | grep -c '^[0-9]')"
check "discard --all ZONE" r53 discard --all example.com
check_eq "none left" "0" "$(r53 staged 2>/dev/null | grep -c '^[0-9]')"
check_fails "discard without an id" r53 discard

# Over Route 53's 1,000-record limit: split into requests, each journalled and sent.
ZID2=$(awsl route53 create-hosted-zone --name big.example --caller-reference ap-2 | jq -r .HostedZone.Id)
seq 1 1100 | jq -R '{Action: "CREATE", ResourceRecordSet: {Name: "h\(.).big.example", Type: "A", TTL: 60, ResourceRecords: [{Value: "192.0.2.1"}]}}' |
	jq -s '{Changes: .}' > "$TMP/big.json"
check "stage 1,100 creates" r53 stage big.example "$TMP/big.json"
out=$(r53 apply-staged big.example 2>&1)
check_contains "the batch is split" "2 requests, each atomic on its own" "$out"
check_eq "Route 53 holds all 1,100 (+ SOA, NS)" "1102" \
	"$(awsl route53 list-resource-record-sets --hosted-zone-id "$ZID2" | jq '.ResourceRecordSets | length')"
check_eq "two batches in the history" "2" "$(r53 history big.example | grep -c "big.example.  C")"
check_eq "nothing left staged" "0" "$(r53 staged big.example 2>/dev/null | grep -c '^[0-9]')"

# The cache holds no secret and is private.
check_eq "cache file is 0600" "600" "$(stat -c %a "$TMP/c.db")"
check_fails "the secret key is not in the cache" grep -rq "$AWS_SECRET_ACCESS_KEY" "$TMP/c.db" "$TMP/c.db-wal"
finish
