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

out=$(change "{\"Changes\":[$(rr CREATE s3.example.com A '"AliasTarget":{"HostedZoneId":"Z1BKCTXD74EZPE","DNSName":"s3-website-us-east-1.amazonaws.com","EvaluateTargetHealth":false}')]}")
check_contains "S3 alias with another region's zone id" "InvalidChangeBatch" "$out"
out=$(change "{\"Changes\":[$(rr CREATE s3.example.com A '"AliasTarget":{"HostedZoneId":"Z3AQBSTGFYJSTF","DNSName":"other.example.com.s3-website-us-east-1.amazonaws.com","EvaluateTargetHealth":false}')]}")
check_contains "S3 alias to a bucket not named like the record" "InvalidChangeBatch" "$out"
# 2 x 300 values, UPSERT counting twice: 1,200 ResourceRecord elements > 1,000.
vals() { seq 1 300 | awk -v p="$1" 'BEGIN { printf "[" } { printf "%s{\"Value\":\"10.%d.%d.%d\"}", (NR > 1 ? "," : ""), p, int($1 / 256), $1 % 256 } END { printf "]" }'; }
printf '{"Changes":[%s,%s]}' "$(rr UPSERT big1.example.com A "\"TTL\":60,\"ResourceRecords\":$(vals 1)")" \
	"$(rr UPSERT big2.example.com A "\"TTL\":60,\"ResourceRecords\":$(vals 2)")" > "$TMP/big.json"
out=$(change "file://$TMP/big.json")
check_contains "batch over 1,000 records (UPSERT counts twice)" "Number of records limit of 1000 exceeded." "$out"
PZ=$(awsl route53 create-hosted-zone --name private.example --caller-reference strict-2 \
	--vpc VPCRegion=us-east-1,VPCId=vpc-1 | jq -r .HostedZone.Id)
out=$(awsl route53 change-resource-record-sets --hosted-zone-id "$PZ" --change-batch \
	"{\"Changes\":[$(rr CREATE cdn.private.example A '"AliasTarget":{"HostedZoneId":"Z2FDTNDATAQYW2","DNSName":"d1.cloudfront.net","EvaluateTargetHealth":false}')]}" 2>&1)
check_contains "no CloudFront alias in a private zone" "InvalidChangeBatch" "$out"

check_eq "nothing changed after the failed batches" "$before" "$(awsl route53 list-resource-record-sets --hosted-zone-id "$ZID")"

# Raw requests: malformed XML, wrong root, oversize body, unknown path and method.
post() { curl -s -o "$TMP/body" -w '%{http_code}' -X POST --data-binary "$2" -H 'Content-Type: application/xml' "$LOCAL_URL$1"; }
code=$(post "/2013-04-01/hostedzone/$BARE/rrset/" '<ChangeResourceRecordSetsRequest xmlns="https://route53.amazonaws.com/doc/2013-04-01/"><ChangeBatch>')
check_eq "malformed XML is a 400" "400" "$code"
check_contains "... MalformedInput in an ErrorResponse" "<Code>MalformedInput</Code>" "$(cat "$TMP/body")"
check_contains "... with a RequestId" "<RequestId>" "$(cat "$TMP/body")"
code=$(post "/2013-04-01/hostedzone/$BARE/rrset/" '<Nope xmlns="https://route53.amazonaws.com/doc/2013-04-01/"/>')
check_eq "wrong root element" "400" "$code"
code=$(post "/2013-04-01/hostedzone/$BARE/rrset/" '<ChangeResourceRecordSetsRequest xmlns="https://route53.amazonaws.com/doc/2013-04-01/"><ChangeBatch><Changes><Change><Action>CREATE</Action><ResourceRecordSet><Type>A</Type><Name>order.example.com</Name><TTL>60</TTL><ResourceRecords><ResourceRecord><Value>192.0.2.1</Value></ResourceRecord></ResourceRecords></ResourceRecordSet></Change></Changes></ChangeBatch></ChangeResourceRecordSetsRequest>')
check_eq "elements out of model order refused" "400" "$code"
check_contains "... as Route 53's schema error" "Invalid content was found starting with element 'Name'" "$(cat "$TMP/body")"
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
# Types this CLI's model lacks, by raw request, with Expect: 100-continue as libcurl sends it.
NS='xmlns="https://route53.amazonaws.com/doc/2013-04-01/"'
pad=$(printf '%0200d' 0 | tr 0 x)
body="<ChangeResourceRecordSetsRequest $NS><ChangeBatch><Comment>$pad</Comment><Changes>
<Change><Action>CREATE</Action><ResourceRecordSet><Name>_443._tcp.www.example.com</Name><Type>TLSA</Type><TTL>300</TTL><ResourceRecords><ResourceRecord><Value>3 1 1 0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef</Value></ResourceRecord></ResourceRecords></ResourceRecordSet></Change>
<Change><Action>CREATE</Action><ResourceRecordSet><Name>host.example.com</Name><Type>SSHFP</Type><TTL>300</TTL><ResourceRecords><ResourceRecord><Value>4 2 0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef</Value></ResourceRecord></ResourceRecords></ResourceRecordSet></Change>
<Change><Action>CREATE</Action><ResourceRecordSet><Name>svc.example.com</Name><Type>HTTPS</Type><TTL>300</TTL><ResourceRecords><ResourceRecord><Value>1 . alpn=\"h2,h3\"</Value></ResourceRecord></ResourceRecords></ResourceRecordSet></Change>
</Changes></ChangeBatch></ChangeResourceRecordSetsRequest>"
printf '%s' "$body" > "$TMP/new-types.xml"
code=$(curl -s -o "$TMP/body" -w '%{http_code}' -X POST -H 'Content-Type: application/xml' -H 'Expect: 100-continue' \
	--data-binary "@$TMP/new-types.xml" "$LOCAL_URL/2013-04-01/hostedzone/$BARE/rrset/")
check_eq "TLSA, SSHFP, HTTPS by raw request (with Expect: 100-continue)" "200" "$code"
check_contains "... listed back" "<Type>TLSA</Type>" \
	"$(curl -s "$LOCAL_URL/2013-04-01/hostedzone/$BARE/rrset?name=_443._tcp.www.example.com&type=TLSA&maxitems=1")"

# Concurrent clients on kept-alive connections are served one at a time, none lost.
pids=""
for i in 1 2 3 4 5 6 7 8; do
	curl -s -o /dev/null -o "$TMP/par.$i" "$LOCAL_URL/2013-04-01/hostedzone/$BARE/rrset" \
		"$LOCAL_URL/2013-04-01/hostedzonecount" &
	pids="$pids $!"
done
for p in $pids; do wait "$p"; done
n=$(cat "$TMP"/par.* | grep -c '<HostedZoneCount>2</HostedZoneCount>')
check_eq "eight concurrent clients all answered" "8" "$n"
check "still serving after all that" awsl route53 get-hosted-zone --id "$ZID"
finish
