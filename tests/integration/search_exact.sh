#!/bin/sh
# r53 search over a synced cache: --exact keeps whole names and whole values only; --zone takes
# the zone's name with or without the trailing dot, in any case, and in Unicode; results show
# zone, name, type and value.
. "$(dirname "$0")/../tools/lib.sh"

r53() { "$R53" --cache "$TMP/c.db" --endpoint-url "$LOCAL_URL" --domains-endpoint-url "$LOCAL_URL" "$@"; }
rr() { # NAME TYPE VALUE
	printf '{"Action": "CREATE", "ResourceRecordSet": {"Name": "%s", "Type": "%s", "TTL": 60, "ResourceRecords": [{"Value": "%s"}]}}' "$@"
}
start_local || exit 1
Z1=$(awsl route53 create-hosted-zone --name example.com --caller-reference cr-1 | jq -r .HostedZone.Id)
Z2=$(awsl route53 create-hosted-zone --name xn--bcher-kva.example --caller-reference cr-2 | jq -r .HostedZone.Id)
printf '{"Changes": [%s, %s, %s, %s]}\n' "$(rr www.example.com A 192.0.2.1)" "$(rr www2.example.com A 192.0.2.10)" \
	"$(rr '*.example.com' CNAME www.example.com)" "$(rr www.example.com.example.com TXT '\"x\"')" > "$TMP/1.json"
awsl route53 change-resource-record-sets --hosted-zone-id "$Z1" --change-batch "file://$TMP/1.json" > /dev/null
printf '{"Changes": [%s, %s]}\n' "$(rr www.xn--bcher-kva.example A 192.0.2.1)" "$(rr shop.xn--bcher-kva.example CNAME xn--bcher-kva.example)" > "$TMP/2.json"
awsl route53 change-resource-record-sets --hosted-zone-id "$Z2" --change-batch "file://$TMP/2.json" > /dev/null
check "sync" r53 sync

rows() { r53 search "$@" 2>/dev/null | awk 'NR > 1 {print $1, $2, $3, $4}'; }
check_eq "substring: 192.0.2.1 also finds 192.0.2.10" "example.com. www.example.com. A 192.0.2.1
example.com. www2.example.com. A 192.0.2.10
bücher.example. www.bücher.example. A 192.0.2.1" "$(rows 192.0.2.1)"
check_eq "--exact 192.0.2.1: whole values only" "example.com. www.example.com. A 192.0.2.1
bücher.example. www.bücher.example. A 192.0.2.1" "$(rows 192.0.2.1 --exact)"
check_eq "--exact www.example.com: the name and the CNAME value pointing at it, not longer names" \
	"example.com. *.example.com. CNAME www.example.com
example.com. www.example.com. A 192.0.2.1" "$(rows www.example.com --exact)"
check_eq "--exact with a trailing dot and another case: the same" "$(rows www.example.com --exact)" "$(rows WWW.Example.COM. --exact)"
check_eq "--exact a wildcard name as people write it" "example.com. *.example.com. CNAME www.example.com" "$(rows '*.example.com' --exact)"
check_eq "--exact a Unicode name" "bücher.example. www.bücher.example. A 192.0.2.1" "$(rows www.bücher.example --exact)"
check_eq "--exact a Unicode name: the apex's name and the value naming it" "bücher.example. bücher.example. NS
bücher.example. bücher.example. SOA
bücher.example. shop.bücher.example. CNAME xn--bcher-kva.example" "$(rows bücher.example --exact --zone bücher.example | cut -d' ' -f1-3,4 | sed -E 's/ ns-[^ ]*$//')"
out=$(r53 search 192.0.2.1 --exact --zone 192 2>&1)
check_eq "--zone that is not cached: exit 1" "1" "$?"
r53 search www.example.co --exact > /dev/null 2>&1
check_eq "--exact with no whole match: exit 1" "1" "$?"
for z in bücher.example bücher.example. BÜCHER.example xn--bcher-kva.example xn--bcher-kva.example. "$Z2" "/hostedzone/$Z2"; do
	check_eq "--zone $z" "bücher.example. www.bücher.example. A 192.0.2.1" "$(rows 192.0.2.1 --zone "$z")"
done
for z in example.com example.com. EXAMPLE.COM; do
	check_eq "--zone $z" "example.com. www.example.com. A 192.0.2.1
example.com. www2.example.com. A 192.0.2.10" "$(rows 192.0.2.1 --zone "$z")"
done
check_eq "the header: zone, name, type, value" "ZONE NAME TYPE VALUE" "$(r53 search 192.0.2.1 2>/dev/null | head -1 | tr -s ' ')"
check_eq "--exact alone is usage (exit 2)" "2" "$(r53 search --exact > /dev/null 2>&1; echo $?)"
finish
