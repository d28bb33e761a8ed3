#!/bin/sh
# r53-local with the AWS CLI: hosted zone lifecycle, IDs, counts, comments, by-name listing,
# PENDING -> INSYNC, and errors for reused caller references, missing zones, non-empty zones.
. "$(dirname "$0")/../tools/lib.sh"

# A long --insync-after keeps changes PENDING until the restart below shortens it.
start_local --insync-after 3600 || exit 1

out=$(awsl route53 create-hosted-zone --name Example.COM --caller-reference ref-1 \
	--hosted-zone-config Comment=first)
ZID=$(printf '%s' "$out" | jq -r .HostedZone.Id)
case $ZID in /hostedzone/Z*) pass "zone id is /hostedzone/Z..." ;; *) fail "zone id" "$ZID" ;; esac
check_eq "name is lower case with a dot" "example.com." "$(printf '%s' "$out" | jq -r .HostedZone.Name)"
check_eq "new zone is PENDING" "PENDING" "$(printf '%s' "$out" | jq -r .ChangeInfo.Status)"
check_eq "four name servers" "4" "$(printf '%s' "$out" | jq '.DelegationSet.NameServers | length')"
check_eq "comment kept" "first" "$(printf '%s' "$out" | jq -r .HostedZone.Config.Comment)"
CHANGE=$(printf '%s' "$out" | jq -r .ChangeInfo.Id)
case $CHANGE in /change/C*) pass "change id is /change/C..." ;; *) fail "change id" "$CHANGE" ;; esac

out=$(awsl route53 create-hosted-zone --name other.example --caller-reference ref-1 2>&1)
check_contains "reused caller reference refused" "HostedZoneAlreadyExists" "$out"

recs=$(awsl route53 list-resource-record-sets --hosted-zone-id "$ZID")
check_eq "apex SOA and NS" "example.com. NS
example.com. SOA" "$(printf '%s' "$recs" | jq -r '.ResourceRecordSets[] | "\(.Name) \(.Type)"')"
ns=$(printf '%s' "$recs" | jq -r '.ResourceRecordSets[0].ResourceRecords | length')
check_eq "NS set holds four servers" "4" "$ns"
check_eq "zone count 2 records" "2" "$(awsl route53 get-hosted-zone --id "$ZID" | jq .HostedZone.ResourceRecordSetCount)"

BARE=${ZID#/hostedzone/}
check_eq "bare id accepted" "example.com." "$(awsl route53 get-hosted-zone --id "$BARE" | jq -r .HostedZone.Name)"

out=$(awsl route53 create-hosted-zone --name internal.example --caller-reference ref-2 \
	--vpc VPCRegion=eu-west-1,VPCId=vpc-0abc)
PZ=$(printf '%s' "$out" | jq -r .HostedZone.Id)
check_eq "private zone" "true" "$(printf '%s' "$out" | jq .HostedZone.Config.PrivateZone)"
check_eq "private zone VPC" "vpc-0abc" "$(awsl route53 get-hosted-zone --id "$PZ" | jq -r '.VPCs[0].VPCId')"
out=$(awsl route53 create-hosted-zone --name internal.example --caller-reference ref-2b \
	--vpc VPCRegion=eu-west-1,VPCId=vpc-0abc 2>&1)
check_contains "a second private zone of the name in the same VPC" "ConflictingDomainExists" "$out"
out=$(awsl route53 create-hosted-zone --name internal.example --caller-reference ref-2c \
	--vpc VPCRegion=eu-west-1,VPCId=vpc-0def)
check_eq "the same name in another VPC is fine" "true" "$(printf '%s' "$out" | jq .HostedZone.Config.PrivateZone)"
awsl route53 delete-hosted-zone --id "$(printf '%s' "$out" | jq -r .HostedZone.Id)" > /dev/null

awsl route53 create-hosted-zone --name a.example.org --caller-reference ref-3 > /dev/null
check_eq "zone count" "3" "$(awsl route53 get-hosted-zone-count | jq .HostedZoneCount)"
check_eq "list zones (paged by 1)" "3" "$(awsl route53 list-hosted-zones --page-size 1 | jq '.HostedZones | length')"
# This CLI's model predates hostedzonetype: ask with curl.
out=$(curl -s "$LOCAL_URL/2013-04-01/hostedzone?hostedzonetype=PrivateHostedZone")
check_contains "list private zones only" "<Name>internal.example.</Name>" "$out"
case $out in *example.com.*) fail "public zone listed as private" "$out" ;; *) pass "no public zone in private list" ;; esac
check_eq "by name: reversed-label order" "example.com. internal.example. a.example.org." \
	"$(awsl route53 list-hosted-zones-by-name | jq -r '[.HostedZones[].Name] | join(" ")')"
out=$(awsl route53 list-hosted-zones-by-name --dns-name example.org --max-items 1)
check_eq "by name from a start, one item" "a.example.org." "$(printf '%s' "$out" | jq -r '.HostedZones[0].Name')"
out=$(awsl route53 list-hosted-zones-by-name --max-items 1)
check_eq "by name truncated gives next" "true internal.example." \
	"$(printf '%s' "$out" | jq -r '"\(.IsTruncated) \(.NextDNSName)"')"

out=$(awsl route53 update-hosted-zone-comment --id "$ZID" --comment "second")
check_eq "comment updated" "second" "$(printf '%s' "$out" | jq -r .HostedZone.Config.Comment)"
out=$(awsl route53 update-hosted-zone-comment --id "$ZID")
check_eq "comment removed" "null" "$(printf '%s' "$out" | jq -r .HostedZone.Config.Comment)"

check_eq "change still PENDING" "PENDING" "$(awsl route53 get-change --id "$CHANGE" | jq -r .ChangeInfo.Status)"

out=$(awsl route53 get-change --id C0000000000000000 2>&1)
check_contains "unknown change" "NoSuchChange" "$out"
out=$(awsl route53 get-hosted-zone --id ZNOSUCHZONE 2>&1)
check_contains "unknown zone" "NoSuchHostedZone" "$out"

awsl route53 change-resource-record-sets --hosted-zone-id "$ZID" --change-batch \
	'{"Changes":[{"Action":"CREATE","ResourceRecordSet":{"Name":"www.example.com","Type":"A","TTL":60,"ResourceRecords":[{"Value":"192.0.2.1"}]}}]}' > /dev/null
out=$(awsl route53 delete-hosted-zone --id "$ZID" 2>&1)
check_contains "non-empty zone not deleted" "HostedZoneNotEmpty" "$out"
awsl route53 change-resource-record-sets --hosted-zone-id "$ZID" --change-batch \
	'{"Changes":[{"Action":"DELETE","ResourceRecordSet":{"Name":"www.example.com","Type":"A","TTL":60,"ResourceRecords":[{"Value":"192.0.2.1"}]}}]}' > /dev/null
out=$(awsl route53 delete-hosted-zone --id "$ZID")
check_eq "empty zone deleted" "PENDING" "$(printf '%s' "$out" | jq -r .ChangeInfo.Status)"
check_eq "zone count after delete" "2" "$(awsl route53 get-hosted-zone-count | jq .HostedZoneCount)"

# State survives a restart; the database is private.
stop_local
check_eq "db file is 0600" "600" "$(stat -c %a "$LOCAL_DB")"
start_local --insync-after 1 || exit 1
# PENDING -> INSYNC: poll, never sleep a fixed time.
i=0
st=PENDING
while [ $i -lt 50 ] && [ "$st" != INSYNC ]; do
	st=$(awsl route53 get-change --id "$CHANGE" | jq -r .ChangeInfo.Status)
	i=$((i + 1))
	[ "$st" = INSYNC ] || sleep 0.2
done
check_eq "change turns INSYNC" "INSYNC" "$st"
check_eq "zones survive a restart" "2" "$(awsl route53 get-hosted-zone-count | jq .HostedZoneCount)"
case $LOCAL_URL in http://127.0.0.1:[0-9]*) pass "port 0 gives a real port" ;; *) fail "url" "$LOCAL_URL" ;; esac
finish
