#!/bin/sh
# The r53 subcommands against r53-local (signatures checked), side by side with the AWS CLI:
# the same documents, the same zones, changes that reach INSYNC, large batches split at Route
# 53's limits, and faults the client retries through.
. "$(dirname "$0")/../tools/lib.sh"

export R53_RETRY_BASE_MS=10 R53_WAIT_INTERVAL_MS=100
start_local --seed demo --credentials "AKIDR53TEST:r53-test-secret-key" --insync-after 1 || exit 1
r53() { "$R53" --endpoint-url "$LOCAL_URL" --domains-endpoint-url "$LOCAL_URL" "$@"; }
same_json() { python3 -c 'import json,sys; sys.exit(json.load(open(sys.argv[1])) != json.load(open(sys.argv[2])))' "$1" "$2"; }

# --- reading -------------------------------------------------------------------------------
r53 --output json zones | python3 -c 'import json,sys; print("\n".join(sorted(z["Id"]+" "+z["Name"] for z in json.load(sys.stdin)["HostedZones"])))' > "$TMP/r53.zones"
awsl route53 list-hosted-zones | python3 -c 'import json,sys; print("\n".join(sorted(z["Id"]+" "+z["Name"] for z in json.load(sys.stdin)["HostedZones"])))' > "$TMP/aws.zones"
check_eq "zones: the same zones as the AWS CLI" "$(cat "$TMP/aws.zones")" "$(cat "$TMP/r53.zones")"
ZID=$(awk '$2 == "example.com." { sub("/hostedzone/", "", $1); print $1 }' "$TMP/aws.zones")
BULK=$(awk '$2 == "bulk.example.test." { sub("/hostedzone/", "", $1); print $1 }' "$TMP/aws.zones")

r53 export example.com --format json > "$TMP/r53.json"
awsl route53 list-resource-record-sets --hosted-zone-id "$ZID" > "$TMP/aws.json"
check "export json: the AWS CLI's document for every record kind and routing policy" \
	same_json "$TMP/r53.json" "$TMP/aws.json"
r53 export bulk.example.test > "$TMP/r53-bulk.json"
awsl route53 list-resource-record-sets --hosted-zone-id "$BULK" > "$TMP/aws-bulk.json"
check "export json: 10,000 record sets, same as the AWS CLI" same_json "$TMP/r53-bulk.json" "$TMP/aws-bulk.json"
r53 export "$ZID" --format bind > "$TMP/example.zone"
check "export bind: named-checkzone loads the demo zone" named-checkzone -q example.com "$TMP/example.zone"
check_contains "export bind: latency records kept for an import" \
	'; r53: {"Name":"api.example.com.","Type":"A","SetIdentifier":"eu-west-1","Region":"eu-west-1"' \
	"$(cat "$TMP/example.zone")"
check_contains "records: routing shown" "weighted 70 [blue]" "$(r53 records example.com)"
check_contains "domains: registered domains" "example.org" "$(r53 domains)"
check_contains "domain: its name servers" "Name servers:" "$(r53 domain example.com)"
check_contains "healthchecks --status: observations read" "healthy" "$(r53 healthchecks --status)"

# --- changing ------------------------------------------------------------------------------
cat > "$TMP/batch.json" <<'EOF'
{"Comment": "r53 test", "Changes": [
  {"Action": "CREATE", "ResourceRecordSet": {"Name": "r53test.example.com", "Type": "TXT", "TTL": 120,
   "ResourceRecords": [{"Value": "\"a & b <c>\""}]}}]}
EOF
out=$(r53 apply example.com "$TMP/batch.json" --dry-run 2>&1)
check_contains "apply --dry-run: the diff" '+ r53test.example.com. TXT 120 "a & b <c>"' "$out"
id=$(r53 apply example.com "$TMP/batch.json" --wait)
check "apply --wait: a change id" test -n "$id"
check_eq "apply --wait: INSYNC when it returns" INSYNC \
	"$(awsl route53 get-change --id "$id" | python3 -c 'import json,sys; print(json.load(sys.stdin)["ChangeInfo"]["Status"])')"
check_contains "apply: the AWS CLI sees the record, XML-escaped correctly" '"\"a & b <c>\""' \
	"$(awsl route53 list-resource-record-sets --hosted-zone-id "$ZID" --start-record-name r53test.example.com --max-items 1)"
out=$(r53 apply example.com "$TMP/batch.json" 2>&1)
rc=$?
check_eq "apply twice: refused, exit 1" 1 "$rc"
check_contains "apply twice: r53-local's message on one line" "InvalidChangeBatch" "$out"

out=$(r53 set-ttl example.com app A 120 --set-identifier green --wait 2>&1)
check_contains "set-ttl: waited for INSYNC" "waiting for INSYNC" "$out"
check_contains "set-ttl: the AWS CLI sees the new TTL" '"TTL": 120' \
	"$(awsl route53 list-resource-record-sets --hosted-zone-id "$ZID" --start-record-name app.example.com --start-record-type A --start-record-identifier green --max-items 1)"
check_contains "set-ttl: the other weighted set kept its TTL" "weighted 70 [blue]" \
	"$(r53 records example.com | grep ' 60 ')"

# --- the blocking calls no subcommand uses yet ---------------------------------------------
ops() { "$BUILD/bin/client-ops" "$LOCAL_URL" "$@"; }
out=$(ops create-zone new.example)
check_contains "create zone: four name servers, a PENDING change" " new.example. ns=4 change=" "$out"
NZ=$(echo "$out" | awk '{print $2}')
check_contains "get zone: the comment sent" "comment=made by client-ops ns=4" "$(ops get-zone "$NZ")"
check_contains "delete zone by /hostedzone/ID" "deleted change=" "$(ops delete-zone "/hostedzone/$NZ")"
check_contains "deleted zone: NoSuchHostedZone" "NoSuchHostedZone" "$(ops get-zone "$NZ" 2>&1)"
HC=$(awsl route53 list-health-checks | python3 -c 'import json,sys; print(json.load(sys.stdin)["HealthChecks"][0]["Id"])')
check_contains "get health check" "healthcheck $HC" "$(ops get-hc "$HC")"
OP=$(ops update-ns example.org ns-1.awsdns-01.org ns-2.awsdns-02.com. | awk '{print $2}')
check_contains "update domain name servers, then its operation" "UPDATE_NAMESERVER example.org" "$(ops get-op "$OP")"
check_eq "the AWS CLI sees the new name servers" "ns-1.awsdns-01.org ns-2.awsdns-02.com" \
	"$(awsl route53domains get-domain-detail --region us-east-1 --domain-name example.org | python3 -c 'import json,sys; print(" ".join(n["Name"] for n in json.load(sys.stdin)["Nameservers"]))')"
check_eq "one name+type, every routing set" "rrset geo.example.com. A default
rrset geo.example.com. A europe
rrset geo.example.com. A united-states" "$(ops rrsets "$ZID" geo.example.com. A)"
check_eq "one name+type that is not there: nothing" "" "$(ops rrsets "$ZID" nothere.example.com. A)"

python3 - "$TMP/big.json" <<'EOF'
import json, sys
ch = [{"Action": "CREATE", "ResourceRecordSet": {"Name": "big%04d.example.com" % i, "Type": "A",
       "TTL": 60, "ResourceRecords": [{"Value": "10.9.%d.%d" % (i // 256, i % 256)}]}}
      for i in range(2500)]
json.dump({"Changes": ch}, open(sys.argv[1], "w"))
EOF
out=$(r53 apply example.com "$TMP/big.json" 2>&1)
check_contains "apply 2,500 records: split at 1,000 per request" "sending 3 batches" "$out"
check_eq "apply 2,500 records: three change ids" 3 "$(printf '%s\n' "$out" | grep -c '^C')"
check_eq "apply 2,500 records: all there" 2500 "$(r53 records example.com | grep -c '^big')"
stop_local

# --- faults and signatures -----------------------------------------------------------------
rm -f "$TMP/local.db"*
start_local --seed demo --credentials "AKIDR53TEST:r53-test-secret-key" --fault throttle:every=2 || exit 1
check_eq "throttled every second request: records still complete" 10001 \
	"$(r53 records bulk.example.test | wc -l)"
stop_local
start_local --credentials "AKIDR53TEST:r53-test-secret-key" --fault reset:every=2 || exit 1
check "connection reset every second request: zones still listed" r53 zones
stop_local
start_local --credentials "AKIDR53TEST:r53-test-secret-key" --fault 503:every=2 || exit 1
check "503 every second request: zones still listed" r53 zones
stop_local
start_local --credentials "AKIDR53TEST:r53-test-secret-key" || exit 1
out=$(AWS_SECRET_ACCESS_KEY=wrong r53 zones 2>&1)
rc=$?
check_eq "wrong secret: exit 1" 1 "$rc"
check_contains "wrong secret: code and what to do" "SignatureDoesNotMatch" "$out"
check_contains "wrong secret: what to do" "check the secret key and the system clock" "$out"
case $out in *wrong*) fail "the secret is not in the message" ;; *) pass "the secret is not in the message" ;; esac
stop_local
check_eq "r53-local stopped: exit 3" 3 "$(r53 zones > /dev/null 2>&1; echo $?)"
finish
