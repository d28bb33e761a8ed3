#!/bin/sh
# r53-local is strict: every batch error Route 53 gives, with its message, and nothing changes
# after a failed batch. Also malformed XML, oversize bodies, unknown paths and methods.
. "$(dirname "$0")/../tools/lib.sh"

start_local || exit 1
ZID=$(awsl route53 create-hosted-zone --name example.com --caller-reference strict-1 | jq -r .HostedZone.Id)
BARE=${ZID#/hostedzone/}
awsl route53 change-resource-record-sets --hosted-zone-id "$ZID" --change-batch \
	'{"Changes":[{"Action":"CREATE","ResourceRecordSet":{"Name":"www.example.com","Type":"A","TTL":300,"ResourceRecords":[{"Value":"192.0.2.1"},{"Value":"192.0.2.2"}]}}]}' > /dev/null
before=$(awsl route53 list-resource-record-sets --hosted-zone-id "$ZID")

# batch ACTION NAME TYPE REST -> the CLI's error text
change() {
	awsl route53 change-resource-record-sets --hosted-zone-id "$ZID" --change-batch "$1" 2>&1
}
rr() { printf '{"Action":"%s","ResourceRecordSet":{"Name":"%s","Type":"%s",%s}}' "$@"; }
A1='"TTL":300,"ResourceRecords":[{"Value":"192.0.2.1"}]'

out=$(change "{\"Changes\":[$(rr CREATE new.example.com A "$A1"),$(rr CREATE www.example.com A "$A1")]}")
check_contains "CREATE of an existing rrset" "InvalidChangeBatch" "$out"
check_contains "... with Route 53's message" "Tried to create resource record set [name='www.example.com.', type='A'] but it already exists" "$out"

out=$(change "{\"Changes\":[$(rr DELETE gone.example.com A "$A1")]}")
check_contains "DELETE of a missing rrset" "Tried to delete resource record set [name='gone.example.com.', type='A'] but it was not found" "$out"

out=$(change "{\"Changes\":[$(rr DELETE www.example.com A "$A1")]}")
check_contains "DELETE with other values" "but the values provided do not match the current values" "$out"
out=$(change "{\"Changes\":[$(rr DELETE www.example.com A '"TTL":60,"ResourceRecords":[{"Value":"192.0.2.1"},{"Value":"192.0.2.2"}]')]}")
check_contains "DELETE with another TTL" "do not match the current values" "$out"

out=$(change "{\"Changes\":[$(rr UPSERT twice.example.com A "$A1"),$(rr UPSERT twice.example.com A "$A1")]}")
check_contains "two changes to one rrset" "InvalidChangeBatch" "$out"

out=$(change "{\"Changes\":[$(rr CREATE example.com CNAME '"TTL":300,"ResourceRecords":[{"Value":"other.example.net"}]')]}")
check_contains "CNAME at the apex" "InvalidChangeBatch" "$out"

out=$(change "{\"Changes\":[$(rr CREATE www.example.com CNAME '"TTL":300,"ResourceRecords":[{"Value":"other.example.net"}]')]}")
check_contains "CNAME beside another type" "InvalidChangeBatch" "$out"

out=$(change "{\"Changes\":[$(rr CREATE cdn.example.com A '"TTL":60,"AliasTarget":{"HostedZoneId":"Z2FDTNDATAQYW2","DNSName":"d1.cloudfront.net","EvaluateTargetHealth":false}')]}")
check_contains "alias with TTL" "InvalidChangeBatch" "$out"

out=$(change "{\"Changes\":[$(rr CREATE bad.example.com A '"TTL":60,"ResourceRecords":[{"Value":"1.2.3"}]')]}")
check_contains "bad A value" "InvalidChangeBatch" "$out"
out=$(change "{\"Changes\":[$(rr CREATE bad.example.com MX '"TTL":60,"ResourceRecords":[{"Value":"mail.example.com"}]')]}")
check_contains "bad MX value" "InvalidChangeBatch" "$out"
out=$(change "{\"Changes\":[$(rr CREATE www.example.org A "$A1")]}")
check_contains "name outside the zone" "InvalidChangeBatch" "$out"
out=$(change "{\"Changes\":[$(rr DELETE example.com NS '"TTL":172800,"ResourceRecords":[{"Value":"ns.example.net"}]')]}")
check_contains "apex NS cannot go" "InvalidChangeBatch" "$out"
out=$(change "{\"Changes\":[$(rr CREATE w.example.com A '"SetIdentifier":"a","Weight":10,"TTL":60,"ResourceRecords":[{"Value":"192.0.2.1"}]'),$(rr CREATE w.example.com A '"TTL":60,"ResourceRecords":[{"Value":"192.0.2.1"}]')]}")
check_contains "simple beside weighted" "InvalidChangeBatch" "$out"
out=$(change "{\"Changes\":[$(rr CREATE hc.example.com A '"SetIdentifier":"a","Failover":"PRIMARY","TTL":60,"ResourceRecords":[{"Value":"192.0.2.1"}],"HealthCheckId":"00000000-0000-0000-0000-000000000000"')]}")
check_contains "unknown health check" "NoSuchHealthCheck" "$out"

check_eq "nothing changed after the failed batches" "$before" "$(awsl route53 list-resource-record-sets --hosted-zone-id "$ZID")"

# Raw requests: malformed XML, wrong root, oversize body, unknown path and method.
post() { curl -s -o "$TMP/body" -w '%{http_code}' -X POST --data-binary "$2" -H 'Content-Type: application/xml' "$LOCAL_URL$1"; }
code=$(post "/2013-04-01/hostedzone/$BARE/rrset/" '<ChangeResourceRecordSetsRequest xmlns="https://route53.amazonaws.com/doc/2013-04-01/"><ChangeBatch>')
check_eq "malformed XML is a 400" "400" "$code"
check_contains "... MalformedInput in an ErrorResponse" "<Code>MalformedInput</Code>" "$(cat "$TMP/body")"
check_contains "... with a RequestId" "<RequestId>" "$(cat "$TMP/body")"
code=$(post "/2013-04-01/hostedzone/$BARE/rrset/" '<Nope xmlns="https://route53.amazonaws.com/doc/2013-04-01/"/>')
check_eq "wrong root element" "400" "$code"
head -c 5000000 /dev/zero | tr '\0' a > "$TMP/big"
code=$(curl -s -o "$TMP/body" -w '%{http_code}' -X POST --data-binary "@$TMP/big" "$LOCAL_URL/2013-04-01/hostedzone/$BARE/rrset/")
check_eq "oversize body refused" "413" "$code"
code=$(curl -s -o "$TMP/body" -w '%{http_code}' "$LOCAL_URL/2013-04-01/nothing")
check_eq "unknown path" "404" "$code"
code=$(curl -s -o "$TMP/body" -w '%{http_code}' -X PUT "$LOCAL_URL/2013-04-01/hostedzone")
check_eq "unknown method" "405" "$code"
code=$(curl -s -o "$TMP/body" -w '%{http_code}' "$LOCAL_URL/2013-04-01/hostedzone/$BARE/rrset?type=A")
check_eq "type without name" "400" "$code"
code=$(curl -s -o "$TMP/body" -w '%{http_code}' "$LOCAL_URL/2013-04-01/hostedzone/$BARE/rrset?maxitems=5000")
check_contains "maxitems capped at 300" "<MaxItems>300</MaxItems>" "$(cat "$TMP/body")"
check "still serving after all that" awsl route53 get-hosted-zone --id "$ZID"
finish
