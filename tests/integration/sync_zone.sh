#!/bin/sh
# r53 sync ZONE reads one zone again: a record set deleted in Route 53 (by the AWS CLI) leaves
# the cache, other zones stay as they were; online reads write the cache for a later --offline.
. "$(dirname "$0")/../tools/lib.sh"

start_local --seed demo
R="$R53 --cache $TMP/c.db --endpoint-url $LOCAL_URL --domains-endpoint-url $LOCAL_URL"
EX=$(awsl route53 list-hosted-zones-by-name --dns-name example.com | jq -r '.HostedZones[0].Id')
awsl route53 change-resource-record-sets --hosted-zone-id "$EX" --change-batch \
	'{"Changes":[{"Action":"CREATE","ResourceRecordSet":{"Name":"gone.example.com","Type":"A","TTL":60,"ResourceRecords":[{"Value":"198.51.100.9"}]}}]}' > /dev/null

# records alone fills the cache for that zone
$R records example.com > /dev/null
out=$($R --offline records example.com 2>/dev/null)
check_contains "records (online) wrote the zone for --offline" "gone.example.com." "$out"

check_eq "sync (all): exit 0" 0 "$($R sync > /dev/null 2>&1; echo $?)"
before_shop=$($R --offline records shop.example.net 2>/dev/null)
check_contains "shop cached" "www.shop.example.net." "$before_shop"

awsl route53 change-resource-record-sets --hosted-zone-id "$EX" --change-batch \
	'{"Changes":[{"Action":"DELETE","ResourceRecordSet":{"Name":"gone.example.com","Type":"A","TTL":60,"ResourceRecords":[{"Value":"198.51.100.9"}]}}]}' > /dev/null
out=$($R --offline records example.com 2>/dev/null)
check_contains "still cached before the sync" "gone.example.com." "$out"

out=$($R sync example.com)
check_eq "sync ZONE: exit 0" 0 $?
check_contains "sync ZONE: summary" "synced example.com.: " "$out"
out=$($R --offline records example.com 2>/dev/null)
case $out in
*gone.example.com.*) fail "sync ZONE removed the deleted rrset" "$out" ;;
*) pass "sync ZONE removed the deleted rrset" ;;
esac
check_contains "the zone's other rrsets stay" "www.example.com." "$out"
check_eq "other zones untouched" "$before_shop" "$($R --offline records shop.example.net 2>/dev/null)"
check_eq "the offline answer is the online one" "$($R records example.com)" "$out"

$R sync nosuch.example > /dev/null 2> "$TMP/err"
check_eq "sync of an unknown zone: exit 1" 1 $?
$R sync a b > /dev/null 2>&1
check_eq "sync with two zones: usage, exit 2" 2 $?
$R --offline sync > /dev/null 2>&1
check_eq "sync --offline: usage, exit 2" 2 $?
finish
