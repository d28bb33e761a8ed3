#!/bin/sh
# r53 sync, then r53-local stopped: every --offline command prints exactly what the online one
# printed; without --offline the read commands fall back to the cache with a notice; nothing
# cached -> exit 3; search finds an address across zones.
. "$(dirname "$0")/../tools/lib.sh"

start_local --seed demo
R="$R53 --cache $TMP/c.db --endpoint-url $LOCAL_URL --domains-endpoint-url $LOCAL_URL"
EMPTY="$R53 --cache $TMP/empty.db --endpoint-url $LOCAL_URL --domains-endpoint-url $LOCAL_URL"

$R --offline zones > "$TMP/out" 2> "$TMP/err"
check_eq "--offline with nothing cached: exit 3" 3 $?
check_contains "says nothing is cached" "offline: no cached copy of the zone list" "$(cat "$TMP/err")"

# Two zones share an address, for search.
SHOP=$(awsl route53 list-hosted-zones-by-name --dns-name shop.example.net | jq -r '.HostedZones[0].Id')
awsl route53 change-resource-record-sets --hosted-zone-id "$SHOP" --change-batch \
	'{"Changes":[{"Action":"CREATE","ResourceRecordSet":{"Name":"shared.shop.example.net","Type":"A","TTL":60,"ResourceRecords":[{"Value":"198.51.100.77"}]}}]}' > /dev/null
EX=$(awsl route53 list-hosted-zones-by-name --dns-name example.com | jq -r '.HostedZones[0].Id')
awsl route53 change-resource-record-sets --hosted-zone-id "$EX" --change-batch \
	'{"Changes":[{"Action":"CREATE","ResourceRecordSet":{"Name":"shared.example.com","Type":"A","TTL":60,"ResourceRecords":[{"Value":"198.51.100.77"}]}}]}' > /dev/null

out=$($R sync 2> "$TMP/err")
check_eq "sync: exit 0" 0 $?
check_contains "sync: summary line" "synced 4 of 4 zones, " "$out"
check_contains "sync: domains and checks" "3 domains, 2 health checks" "$out"
check_eq "sync: no progress when stderr is not a terminal" "" "$(cat "$TMP/err")"

# name|command line
cat > "$TMP/cmds" <<'EOF'
zones|zones
zones-json|--output json zones
records|records example.com
records-id|records ZBGZ0P47KHBMA1JWNH1C6
records-json|--output json records shop.example.net.
export|export example.com
export-bind|export internal.example --format bind
domains|domains
domains-json|--output json domains
checks|healthchecks
checks-status|healthchecks --status
checks-json|--output json healthchecks
EOF
while IFS='|' read -r name cmd; do
	# shellcheck disable=SC2086
	$R $cmd 2>/dev/null | grep -v '^; zone .* exported by r53 at' > "$TMP/on.$name"
	check "online $cmd prints something" test -s "$TMP/on.$name"
done < "$TMP/cmds"
check_contains "online records list the new rrset" "shared.example.com." "$(cat "$TMP/on.records")"

stop_local

while IFS='|' read -r name cmd; do
	# shellcheck disable=SC2086
	$R --offline $cmd 2> "$TMP/err.$name" | grep -v '^; zone .* exported by r53 at' > "$TMP/off.$name"
	check_eq "--offline $cmd: same output" "$(cat "$TMP/on.$name")" "$(cat "$TMP/off.$name")"
	check_contains "--offline $cmd: age on stderr" "r53: offline: from the cache, " \
		"$(cat "$TMP/err.$name")"
done < "$TMP/cmds"

for cmd in "zones" "records example.com" "domains" "healthchecks --status"; do
	# shellcheck disable=SC2086
	got=$($R $cmd 2> "$TMP/err")
	rc=$?
	name=$(grep "|$cmd\$" "$TMP/cmds" | cut -d'|' -f1)
	check_eq "unreachable, $cmd: exit 0" 0 "$rc"
	check_eq "unreachable, $cmd: the cached answer" "$(cat "$TMP/on.$name")" "$got"
	check_contains "unreachable, $cmd: one-line notice" "answering from the cache, " "$(cat "$TMP/err")"
	check_eq "unreachable, $cmd: one line" 1 "$(wc -l < "$TMP/err")"
done

$EMPTY zones > /dev/null 2> "$TMP/err"
check_eq "unreachable and nothing cached: exit 3" 3 $?
check_contains "unreachable and nothing cached: says why" "cannot reach" "$(cat "$TMP/err")"
$R records nosuch.example > /dev/null 2> "$TMP/err"
check_eq "unreachable, zone not cached: exit 3" 3 $?
$R sync > /dev/null 2> "$TMP/err"
check_eq "sync while unreachable: exit 3" 3 $?
check_eq "sync while unreachable: one message" 1 "$(grep -c 'cannot reach' "$TMP/err")"

out=$($R search 198.51.100.77)
check_eq "search finds the address in both zones" \
"ZONE               NAME                      TYPE  VALUE
example.com.       shared.example.com.       A     198.51.100.77
shop.example.net.  shared.shop.example.net.  A     198.51.100.77" "$out"
out=$($R search 198.51.100.77 --zone shop.example.net)
check_eq "search --zone: one zone" 2 "$(printf '%s\n' "$out" | wc -l)"
check_eq "search --output json" "2" "$($R --output json search 198.51.100.77 | jq '.Matches | length')"
$R search no-such-text-anywhere > /dev/null 2>&1
check_eq "search without a match: exit 1" 1 $?
$EMPTY search x > /dev/null 2>&1
check_eq "search with nothing cached: exit 3" 3 $?
finish
