#!/bin/sh
# r53-local with the AWS CLI: the demo seed, health checks (a loopback target is really
# probed), and the Route 53 Domains operations (UpdateDomainNameservers IN_PROGRESS -> SUCCESSFUL).
. "$(dirname "$0")/../tools/lib.sh"

# A long --insync-after keeps operations IN_PROGRESS until the restart below shortens it.
start_local --seed demo --insync-after 3600 || exit 1

# Demo seed
check_eq "four demo zones" "bulk.example.test. example.com. internal.example. shop.example.net." \
	"$(awsl route53 list-hosted-zones | jq -r '[.HostedZones[].Name] | sort | join(" ")')"
zid() { awsl route53 list-hosted-zones-by-name --dns-name "$1" --max-items 1 | jq -r '.HostedZones[0].Id'; }
EX=$(zid example.com)
BULK=$(zid bulk.example.test)
check_eq "bulk zone has exactly 10,000 record sets" "10000" \
	"$(awsl route53 get-hosted-zone --id "$BULK" | jq .HostedZone.ResourceRecordSetCount)"
check_eq "private demo zone has a VPC" "vpc-0a1b2c3d4e5f67890" \
	"$(awsl route53 get-hosted-zone --id "$(zid internal.example)" | jq -r '.VPCs[0].VPCId')"
recs=$(awsl route53 list-resource-record-sets --hosted-zone-id "$EX")
n=$(printf '%s' "$recs" | jq '.ResourceRecordSets | length')
[ "$n" -ge 35 ] && [ "$n" -le 45 ] && pass "example.com has about 40 record sets ($n)" || fail "example.com size" "$n"
check_eq "apex alias to the S3 website endpoint" "Z3AQBSTGFYJSTF s3-website-us-east-1.amazonaws.com." \
	"$(printf '%s' "$recs" | jq -r '.ResourceRecordSets[] | select(.Name == "example.com." and .Type == "A") | "\(.AliasTarget.HostedZoneId) \(.AliasTarget.DNSName)"')"
check_eq "weighted 70/30" "70 30" \
	"$(printf '%s' "$recs" | jq -r '[.ResourceRecordSets[] | select(.Weight) | .Weight] | map(tostring) | join(" ")')"
check_eq "DKIM split in 255-character strings" "255" \
	"$(printf '%s' "$recs" | jq -r '.ResourceRecordSets[] | select(.Name | startswith("selector1.")) | .ResourceRecords[0].Value' | sed 's/^"\([^"]*\)".*/\1/' | awk '{print length($0)}')"
check_eq "wildcard comes back as \\052" '\052.example.com.' \
	"$(printf '%s' "$recs" | jq -r '.ResourceRecordSets[] | select(.Name | startswith("\\")) | .Name')"
nsz=$(printf '%s' "$recs" | jq -r '[.ResourceRecordSets[] | select(.Name == "example.com." and .Type == "NS") | .ResourceRecords[].Value | rtrimstr(".")] | sort | join(" ")')

# Health checks
hcs=$(awsl route53 list-health-checks)
check_eq "two seeded health checks" "2" "$(printf '%s' "$hcs" | jq '.HealthChecks | length')"
HC_OK=$(printf '%s' "$hcs" | jq -r '.HealthChecks[] | select(.CallerReference == "r53-local-demo-primary") | .Id')
HC_BAD=$(printf '%s' "$hcs" | jq -r '.HealthChecks[] | select(.CallerReference == "r53-local-demo-secondary") | .Id')
check_contains "seeded healthy check" "Success" "$(awsl route53 get-health-check-status --health-check-id "$HC_OK" | jq -r '.HealthCheckObservations[0].StatusReport.Status')"
check_contains "seeded unhealthy check" "Failure" "$(awsl route53 get-health-check-status --health-check-id "$HC_BAD" | jq -r '.HealthCheckObservations[0].StatusReport.Status')"
check_eq "failover record uses the check" "$HC_OK" \
	"$(printf '%s' "$recs" | jq -r '.ResourceRecordSets[] | select(.SetIdentifier == "primary") | .HealthCheckId')"

# A real loopback target: a small HTTP server on 127.0.0.1 answering "OK".
mkdir -p "$TMP/www"
printf 'all OK here\n' > "$TMP/www/health"
python3 -m http.server 0 --bind 127.0.0.1 --directory "$TMP/www" > "$TMP/http.log" 2>&1 &
T_PIDS="$T_PIDS $!"
i=0
while [ $i -lt 100 ] && ! grep -q 'port' "$TMP/http.log"; do sleep 0.05; i=$((i + 1)); done
PORT=$(sed -n 's/.*port \([0-9]*\).*/\1/p' "$TMP/http.log" | head -1)
out=$(awsl route53 create-health-check --caller-reference live-1 --health-check-config \
	"IPAddress=127.0.0.1,Port=$PORT,Type=HTTP_STR_MATCH,ResourcePath=/health,SearchString=OK,RequestInterval=10,FailureThreshold=1")
LIVE=$(printf '%s' "$out" | jq -r .HealthCheck.Id)
check_eq "created check version 1" "1" "$(printf '%s' "$out" | jq .HealthCheck.HealthCheckVersion)"
check_contains "loopback HTTP target probed: healthy" "Success: HTTP Status Code 200" \
	"$(awsl route53 get-health-check-status --health-check-id "$LIVE" | jq -r '.HealthCheckObservations[0].StatusReport.Status')"
out=$(awsl route53 create-health-check --caller-reference dead-1 --health-check-config \
	"IPAddress=127.0.0.1,Port=9,Type=TCP,RequestInterval=10,FailureThreshold=1")
DEAD=$(printf '%s' "$out" | jq -r .HealthCheck.Id)
check_contains "closed loopback port: unhealthy" "Failure" \
	"$(awsl route53 get-health-check-status --health-check-id "$DEAD" | jq -r '.HealthCheckObservations[0].StatusReport.Status')"
out=$(awsl route53 create-health-check --caller-reference live-1 --health-check-config \
	"IPAddress=127.0.0.2,Port=80,Type=HTTP" 2>&1)
check_contains "caller reference reuse with other settings" "HealthCheckAlreadyExists" "$out"
out=$(awsl route53 update-health-check --health-check-id "$LIVE" --health-check-version 1 --failure-threshold 3)
check_eq "update bumps the version" "2 3" "$(printf '%s' "$out" | jq -r '"\(.HealthCheck.HealthCheckVersion) \(.HealthCheck.HealthCheckConfig.FailureThreshold)"')"
out=$(awsl route53 update-health-check --health-check-id "$LIVE" --health-check-version 1 --failure-threshold 4 2>&1)
check_contains "stale version refused" "HealthCheckVersionMismatch" "$out"
check_eq "get-health-check" "HTTP_STR_MATCH" "$(awsl route53 get-health-check --health-check-id "$LIVE" | jq -r .HealthCheck.HealthCheckConfig.Type)"
check_eq "count" "4" "$(awsl route53 get-health-check-count | jq .HealthCheckCount)"
check "delete health check" awsl route53 delete-health-check --health-check-id "$DEAD"
out=$(awsl route53 get-health-check --health-check-id "$DEAD" 2>&1)
check_contains "deleted check is gone" "NoSuchHealthCheck" "$out"
check_eq "list pages by 1" "3" "$(awsl route53 list-health-checks --page-size 1 | jq '.HealthChecks | length')"

# CALCULATED: child checks that exist, a health threshold; inverted and disabled on any type
out=$(awsl route53 create-health-check --caller-reference calc-1 --health-check-config \
	"Type=CALCULATED,Inverted=true,HealthThreshold=1,ChildHealthChecks=[$LIVE,$HC_OK]")
CALC=$(printf '%s' "$out" | jq -r .HealthCheck.Id)
check_eq "CALCULATED: what was sent comes back" \
	"{\"ChildHealthChecks\":[\"$LIVE\",\"$HC_OK\"],\"Disabled\":false,\"HealthThreshold\":1,\"Inverted\":true,\"Type\":\"CALCULATED\"}" \
	"$(awsl route53 get-health-check --health-check-id "$CALC" | jq -cS .HealthCheck.HealthCheckConfig)"
out=$(awsl route53 create-health-check --caller-reference calc-2 --health-check-config \
	"Type=CALCULATED,HealthThreshold=1,ChildHealthChecks=[$DEAD]" 2>&1)
check_contains "a deleted child check: NoSuchHealthCheck" "NoSuchHealthCheck" "$out"
out=$(awsl route53 create-health-check --caller-reference calc-3 --health-check-config \
	"Type=CALCULATED,ChildHealthChecks=[$LIVE]" 2>&1)
check_contains "no HealthThreshold: InvalidInput" "must have a health threshold" "$out"
out=$(awsl route53 create-health-check --caller-reference calc-4 --health-check-config \
	"IPAddress=127.0.0.1,Port=80,Type=HTTP,HealthThreshold=1" 2>&1)
check_contains "HealthThreshold on an HTTP check: InvalidInput" "InvalidInput" "$out"
out=$(awsl route53 create-health-check --caller-reference inv-1 --health-check-config \
	"IPAddress=127.0.0.1,Port=9,Type=TCP,Inverted=true,Disabled=true")
check_eq "inverted and disabled come back" "true true" \
	"$(printf '%s' "$out" | jq -r '"\(.HealthCheck.HealthCheckConfig.Inverted) \(.HealthCheck.HealthCheckConfig.Disabled)"')"
INV=$(printf '%s' "$out" | jq -r .HealthCheck.Id)
check "delete the CALCULATED check" awsl route53 delete-health-check --health-check-id "$CALC"
check "delete the inverted check" awsl route53 delete-health-check --health-check-id "$INV"

# Domains
dl=$(awsl route53domains list-domains --region us-east-1)
check_eq "three registered domains" "example.com example.net example.org" \
	"$(printf '%s' "$dl" | jq -r '[.Domains[].DomainName] | join(" ")')"
check_eq "list domains paged by 1" "example.com example.net example.org" \
	"$(awsl route53domains list-domains --region us-east-1 --page-size 1 | jq -r '[.Domains[].DomainName] | join(" ")')"
check_eq "list domains filtered" "example.org" \
	"$(awsl route53domains list-domains --region us-east-1 --filter-conditions Name=DomainName,Operator=BEGINS_WITH,Values=example.o 2>&1 | jq -r '[.Domains[].DomainName] | join(" ")')"
check_eq "example.com NS match the zone's" "$nsz" \
	"$(awsl route53domains get-domain-detail --region us-east-1 --domain-name example.com | jq -r '[.Nameservers[].Name] | sort | join(" ")')"
check_contains "example.org delegated elsewhere" "other-dns.example" \
	"$(awsl route53domains get-domain-detail --region us-east-1 --domain-name example.org | jq -r '.Nameservers[0].Name')"
out=$(awsl route53domains get-domain-detail --region us-east-1 --domain-name nope.com 2>&1)
check_contains "unknown domain" "InvalidInput" "$out"
OP=$(awsl route53domains update-domain-nameservers --region us-east-1 --domain-name example.org \
	--nameservers Name=ns-1.awsdns-01.org Name=ns-2.awsdns-02.com | jq -r .OperationId)
[ -n "$OP" ] && [ "$OP" != null ] && pass "UpdateDomainNameservers gives an operation id" || fail "operation id" "$OP"
check_eq "operation in progress" "IN_PROGRESS" \
	"$(awsl route53domains get-operation-detail --region us-east-1 --operation-id "$OP" | jq -r .Status)"
stop_local
start_local --seed demo --insync-after 1 || exit 1
check_eq "a restart does not seed again" "4" "$(awsl route53 get-hosted-zone-count | jq .HostedZoneCount)"
i=0
st=IN_PROGRESS
while [ $i -lt 50 ] && [ "$st" != SUCCESSFUL ]; do
	st=$(awsl route53domains get-operation-detail --region us-east-1 --operation-id "$OP" | jq -r .Status)
	i=$((i + 1))
	[ "$st" = SUCCESSFUL ] || sleep 0.2
done
check_eq "operation turns SUCCESSFUL" "SUCCESSFUL" "$st"
check_eq "new name servers" "ns-1.awsdns-01.org ns-2.awsdns-02.com" \
	"$(awsl route53domains get-domain-detail --region us-east-1 --domain-name example.org | jq -r '[.Nameservers[].Name] | join(" ")')"
check_eq "list operations" "$OP UPDATE_NAMESERVER" \
	"$(awsl route53domains list-operations --region us-east-1 | jq -r '.Operations[] | "\(.OperationId) \(.Type)"')"
check_eq "registered domain unavailable" "UNAVAILABLE" \
	"$(awsl route53domains check-domain-availability --region us-east-1 --domain-name example.net | jq -r .Availability)"
check_eq "free domain available" "AVAILABLE" \
	"$(awsl route53domains check-domain-availability --region us-east-1 --domain-name r53-local-free.com | jq -r .Availability)"
out=$(awsl route53domains check-domain-availability --region us-east-1 --domain-name x.nosuchtld 2>&1)
check_contains "unsupported TLD" "UnsupportedTLD" "$out"
finish
