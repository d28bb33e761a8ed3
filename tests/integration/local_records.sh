#!/bin/sh
# r53-local with the AWS CLI: every routing policy and alias kind, Route 53's listing order,
# paging with --page-size across a weighted group, and the \052 round trip.
. "$(dirname "$0")/../tools/lib.sh"

start_local || exit 1
ZID=$(awsl route53 create-hosted-zone --name example.com --caller-reference rec-1 | jq -r .HostedZone.Id)

cat > "$TMP/batch.json" <<'JSON'
{"Comment": "every policy", "Changes": [
 {"Action": "CREATE", "ResourceRecordSet": {"Name": "*.example.com", "Type": "A", "TTL": 60, "ResourceRecords": [{"Value": "192.0.2.99"}]}},
 {"Action": "CREATE", "ResourceRecordSet": {"Name": "example.com", "Type": "A", "AliasTarget": {"HostedZoneId": "Z3AQBSTGFYJSTF", "DNSName": "s3-website-us-east-1.amazonaws.com", "EvaluateTargetHealth": false}}},
 {"Action": "CREATE", "ResourceRecordSet": {"Name": "cdn.example.com", "Type": "A", "AliasTarget": {"HostedZoneId": "Z2FDTNDATAQYW2", "DNSName": "d111111abcdef8.cloudfront.net", "EvaluateTargetHealth": false}}},
 {"Action": "CREATE", "ResourceRecordSet": {"Name": "same.example.com", "Type": "A", "AliasTarget": {"HostedZoneId": "ZSELF", "DNSName": "www.example.com", "EvaluateTargetHealth": false}}},
 {"Action": "CREATE", "ResourceRecordSet": {"Name": "www.example.com", "Type": "A", "TTL": 300, "ResourceRecords": [{"Value": "192.0.2.1"}, {"Value": "192.0.2.2"}]}},
 {"Action": "CREATE", "ResourceRecordSet": {"Name": "example.com", "Type": "MX", "TTL": 300, "ResourceRecords": [{"Value": "10 mail1.example.com"}, {"Value": "20 mail2.example.com"}]}},
 {"Action": "CREATE", "ResourceRecordSet": {"Name": "w.example.com", "Type": "A", "SetIdentifier": "blue", "Weight": 70, "TTL": 60, "ResourceRecords": [{"Value": "192.0.2.10"}]}},
 {"Action": "CREATE", "ResourceRecordSet": {"Name": "w.example.com", "Type": "A", "SetIdentifier": "green", "Weight": 30, "TTL": 60, "ResourceRecords": [{"Value": "192.0.2.11"}]}},
 {"Action": "CREATE", "ResourceRecordSet": {"Name": "w.example.com", "Type": "A", "SetIdentifier": "red", "Weight": 0, "TTL": 60, "ResourceRecords": [{"Value": "192.0.2.12"}]}},
 {"Action": "CREATE", "ResourceRecordSet": {"Name": "geo.example.com", "Type": "A", "SetIdentifier": "eu", "GeoLocation": {"ContinentCode": "EU"}, "TTL": 60, "ResourceRecords": [{"Value": "192.0.2.20"}]}},
 {"Action": "CREATE", "ResourceRecordSet": {"Name": "geo.example.com", "Type": "A", "SetIdentifier": "us", "GeoLocation": {"CountryCode": "US"}, "TTL": 60, "ResourceRecords": [{"Value": "192.0.2.21"}]}},
 {"Action": "CREATE", "ResourceRecordSet": {"Name": "geo.example.com", "Type": "A", "SetIdentifier": "default", "GeoLocation": {"CountryCode": "*"}, "TTL": 60, "ResourceRecords": [{"Value": "192.0.2.22"}]}},
 {"Action": "CREATE", "ResourceRecordSet": {"Name": "lat.example.com", "Type": "A", "SetIdentifier": "use1", "Region": "us-east-1", "TTL": 60, "ResourceRecords": [{"Value": "192.0.2.30"}]}},
 {"Action": "CREATE", "ResourceRecordSet": {"Name": "lat.example.com", "Type": "A", "SetIdentifier": "euw1", "Region": "eu-west-1", "TTL": 60, "ResourceRecords": [{"Value": "192.0.2.31"}]}},
 {"Action": "CREATE", "ResourceRecordSet": {"Name": "fo.example.com", "Type": "A", "SetIdentifier": "p", "Failover": "PRIMARY", "TTL": 60, "ResourceRecords": [{"Value": "192.0.2.40"}]}},
 {"Action": "CREATE", "ResourceRecordSet": {"Name": "fo.example.com", "Type": "A", "SetIdentifier": "s", "Failover": "SECONDARY", "TTL": 60, "ResourceRecords": [{"Value": "192.0.2.41"}]}},
 {"Action": "CREATE", "ResourceRecordSet": {"Name": "mv.example.com", "Type": "A", "SetIdentifier": "m1", "MultiValueAnswer": true, "TTL": 60, "ResourceRecords": [{"Value": "192.0.2.50"}]}},
 {"Action": "CREATE", "ResourceRecordSet": {"Name": "mv.example.com", "Type": "A", "SetIdentifier": "m2", "MultiValueAnswer": true, "TTL": 60, "ResourceRecords": [{"Value": "192.0.2.51"}]}},
 {"Action": "CREATE", "ResourceRecordSet": {"Name": "txt.example.com", "Type": "TXT", "TTL": 300, "ResourceRecords": [{"Value": "\"v=spf1 -all\""}]}},
 {"Action": "CREATE", "ResourceRecordSet": {"Name": "_sip._tcp.example.com", "Type": "SRV", "TTL": 300, "ResourceRecords": [{"Value": "10 60 5060 sip.example.com"}]}},
 {"Action": "CREATE", "ResourceRecordSet": {"Name": "example.com", "Type": "CAA", "TTL": 300, "ResourceRecords": [{"Value": "0 issue \"amazon.com\""}]}}
]}
JSON
sed -i "s/ZSELF/${ZID#/hostedzone/}/" "$TMP/batch.json"
out=$(awsl route53 change-resource-record-sets --hosted-zone-id "$ZID" --change-batch "file://$TMP/batch.json")
check_eq "batch accepted" "PENDING every policy" "$(printf '%s' "$out" | jq -r '"\(.ChangeInfo.Status) \(.ChangeInfo.Comment)"')"

all=$(awsl route53 list-resource-record-sets --hosted-zone-id "$ZID")
check_eq "Route 53 order: reversed labels, then type, then set id" \
"example.com. A -
example.com. CAA -
example.com. MX -
example.com. NS -
example.com. SOA -
\\052.example.com. A -
_sip._tcp.example.com. SRV -
cdn.example.com. A -
fo.example.com. A p
fo.example.com. A s
geo.example.com. A default
geo.example.com. A eu
geo.example.com. A us
lat.example.com. A euw1
lat.example.com. A use1
mv.example.com. A m1
mv.example.com. A m2
same.example.com. A -
txt.example.com. TXT -
w.example.com. A blue
w.example.com. A green
w.example.com. A red
www.example.com. A -" \
	"$(printf '%s' "$all" | jq -r '.ResourceRecordSets[] | "\(.Name) \(.Type) \(.SetIdentifier // "-")"')"

sel() { printf '%s' "$all" | jq -c "[.ResourceRecordSets[] | select(.Name == \"$1\" and (.SetIdentifier // \"-\") == \"$2\")][0] | $3"; }
check_eq "S3 alias kept" '{"HostedZoneId":"Z3AQBSTGFYJSTF","DNSName":"s3-website-us-east-1.amazonaws.com.","EvaluateTargetHealth":false}' "$(sel example.com. - .AliasTarget)"
check_eq "CloudFront alias" '"d111111abcdef8.cloudfront.net."' "$(sel cdn.example.com. - .AliasTarget.DNSName)"
check_eq "same-zone alias" '"www.example.com."' "$(sel same.example.com. - .AliasTarget.DNSName)"
check_eq "weight" "70" "$(sel w.example.com. blue .Weight)"
check_eq "weight 0" "0" "$(sel w.example.com. red .Weight)"
check_eq "geo continent" '{"ContinentCode":"EU"}' "$(sel geo.example.com. eu .GeoLocation)"
check_eq "geo default" '{"CountryCode":"*"}' "$(sel geo.example.com. default .GeoLocation)"
check_eq "latency region" '"eu-west-1"' "$(sel lat.example.com. euw1 .Region)"
check_eq "failover" '"SECONDARY"' "$(sel fo.example.com. s .Failover)"
check_eq "multivalue" 'true' "$(sel mv.example.com. m2 .MultiValueAnswer)"
check_eq "two values" '["192.0.2.1","192.0.2.2"]' "$(sel www.example.com. - '[.ResourceRecords[].Value]')"
check_eq "TXT quoted" '"\"v=spf1 -all\""' "$(sel txt.example.com. - '.ResourceRecords[0].Value')"

# Paging: page size 2 ends inside the weighted group and the geo group.
paged=$(awsl route53 list-resource-record-sets --hosted-zone-id "$ZID" --page-size 2)
check_eq "paging by 2 gives the same list" \
	"$(printf '%s' "$all" | jq -c '.ResourceRecordSets')" "$(printf '%s' "$paged" | jq -c '.ResourceRecordSets')"
raw=$(awsl route53 list-resource-record-sets --hosted-zone-id "$ZID" --no-paginate --max-items 2 \
	--start-record-name w.example.com --start-record-type A)
check_eq "page ends inside a weighted group" "true w.example.com. A red" \
	"$(printf '%s' "$raw" | jq -r '"\(.IsTruncated) \(.NextRecordName) \(.NextRecordType) \(.NextRecordIdentifier)"')"
raw=$(awsl route53 list-resource-record-sets --hosted-zone-id "$ZID" --no-paginate \
	--start-record-name w.example.com --start-record-type A --start-record-identifier green)
check_eq "start inside a group with identifier" "green red" \
	"$(printf '%s' "$raw" | jq -r '[.ResourceRecordSets[0:2][].SetIdentifier] | join(" ")')"
raw=$(awsl route53 list-resource-record-sets --hosted-zone-id "$ZID" --no-paginate --max-items 1 \
	--start-record-name "*.example.com" --start-record-type A)
check_eq "\\052 round trip: * in, \\052 out" '\052.example.com.' "$(printf '%s' "$raw" | jq -r '.ResourceRecordSets[0].Name')"
raw=$(awsl route53 list-resource-record-sets --hosted-zone-id "$ZID" --no-paginate --max-items 1 \
	--start-record-name '\052.example.com.' --start-record-type A)
check_eq "\\052 accepted as start name" '\052.example.com.' "$(printf '%s' "$raw" | jq -r '.ResourceRecordSets[0].Name')"
out=$(awsl route53 change-resource-record-sets --hosted-zone-id "$ZID" --change-batch \
	'{"Changes":[{"Action":"DELETE","ResourceRecordSet":{"Name":"\\052.example.com","Type":"A","TTL":60,"ResourceRecords":[{"Value":"192.0.2.99"}]}}]}')
check_eq "delete by escaped name" "PENDING" "$(printf '%s' "$out" | jq -r .ChangeInfo.Status)"

# UPSERT replaces the whole rrset; DELETE + CREATE of one rrset in one batch is an edit.
awsl route53 change-resource-record-sets --hosted-zone-id "$ZID" --change-batch \
	'{"Changes":[{"Action":"UPSERT","ResourceRecordSet":{"Name":"www.example.com","Type":"A","TTL":120,"ResourceRecords":[{"Value":"192.0.2.7"}]}}]}' > /dev/null
check_eq "upsert replaced" '120 ["192.0.2.7"]' "$(awsl route53 list-resource-record-sets --hosted-zone-id "$ZID" \
	--start-record-name www.example.com --start-record-type A --max-items 1 | jq -c '.ResourceRecordSets[0] | [.TTL, [.ResourceRecords[].Value]]' | sed 's/^\[\([0-9]*\),/\1 /; s/\]$//')"
awsl route53 change-resource-record-sets --hosted-zone-id "$ZID" --change-batch \
	'{"Changes":[{"Action":"DELETE","ResourceRecordSet":{"Name":"www.example.com","Type":"A","TTL":120,"ResourceRecords":[{"Value":"192.0.2.7"}]}},{"Action":"CREATE","ResourceRecordSet":{"Name":"www.example.com","Type":"A","TTL":30,"ResourceRecords":[{"Value":"192.0.2.8"}]}}]}' > /dev/null
check_eq "delete+create edit" '30' "$(awsl route53 list-resource-record-sets --hosted-zone-id "$ZID" \
	--start-record-name www.example.com --start-record-type A --max-items 1 | jq '.ResourceRecordSets[0].TTL')"
finish
