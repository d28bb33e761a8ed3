#!/bin/sh
# The cache is namespaced by profile + endpoint, and an endpoint is one namespace however it is
# written: a trailing slash, the scheme's default port, upper-case scheme or host. Different
# profiles, hosts or ports stay apart.
. "$(dirname "$0")/../tools/lib.sh"

DB=$TMP/c.db
zones() { "$R53" --cache "$DB" --offline "$@" zones 2>/dev/null | awk 'NR > 1 {print $2}' | sort | tr '\n' ' '; }

"$BUILD/bin/cache-seed" --cache "$DB" --zones 2 --records 1 > /dev/null
"$BUILD/bin/cache-seed" --cache "$DB" --endpoint http://127.0.0.1:8053 --zones 1 --records 1 > /dev/null
"$BUILD/bin/cache-seed" --cache "$DB" --profile other --zones 3 --records 1 > /dev/null

want=$(zones)
check_contains "the default endpoint's zones" "zone1.example. zone2.example." "$want"
for url in https://route53.amazonaws.com https://route53.amazonaws.com/ \
	https://route53.amazonaws.com:443 https://route53.amazonaws.com:443/ \
	HTTPS://Route53.AmazonAWS.com https://ROUTE53.AMAZONAWS.COM:443//; do
	check_eq "--endpoint-url $url is the default endpoint's namespace" "$want" "$(zones --endpoint-url "$url")"
	check_eq "AWS_ENDPOINT_URL=$url too" "$want" "$(AWS_ENDPOINT_URL=$url zones)"
done
local1=$(zones --endpoint-url http://127.0.0.1:8053)
check_eq "another endpoint: its own zone" "zone1.example. " "$local1"
for url in http://127.0.0.1:8053/ HTTP://127.0.0.1:8053 http://127.0.0.1:8053///; do
	check_eq "$url is http://127.0.0.1:8053" "$local1" "$(zones --endpoint-url "$url")"
done
check_eq "another port is another namespace" "" "$(zones --endpoint-url http://127.0.0.1:8054)"
check_eq "port 80 of an https URL is not its default" "" "$(zones --endpoint-url https://route53.amazonaws.com:80)"
check_eq "another profile is another namespace" "3" "$(zones --profile other | wc -w)"

# Staged edits follow the namespace too: staged under one spelling, seen under another.
printf '{"Changes": [{"Action": "CREATE", "ResourceRecordSet": {"Name": "n.zone1.example", "Type": "A", "TTL": 60, "ResourceRecords": [{"Value": "192.0.2.1"}]}}]}\n' > "$TMP/b.json"
check "stage under http://127.0.0.1:8053/ (offline)" "$R53" --cache "$DB" --offline --endpoint-url http://127.0.0.1:8053/ stage zone1.example "$TMP/b.json"
check_contains "seen under HTTP://127.0.0.1:8053" "+ n.zone1.example. A 60 192.0.2.1" \
	"$("$R53" --cache "$DB" --endpoint-url HTTP://127.0.0.1:8053 staged 2>&1)"
check_eq "not under the default endpoint" "r53: nothing staged" "$("$R53" --cache "$DB" staged 2>&1)"

# A cache written before endpoints were normalised keeps the URL as it was typed: its staged
# edits and cached zones are adopted by the namespace of the same endpoint, not hidden.
"$BUILD/bin/cache-seed" --cache "$DB" --endpoint http://127.0.0.1:8060 --zones 1 --records 1 > /dev/null
check "stage under http://127.0.0.1:8060" "$R53" --cache "$DB" --offline --endpoint-url http://127.0.0.1:8060 stage zone1.example "$TMP/b.json"
sqlite3 "$DB" "UPDATE namespaces SET endpoint='HTTP://127.0.0.1:8060/' WHERE endpoint='http://127.0.0.1:8060'"
out=$("$R53" --cache "$DB" --endpoint-url http://127.0.0.1:8060 staged 2>&1)
check_contains "the old spelling's staged edit is seen" "+ n.zone1.example. A 60 192.0.2.1" "$out"
check_contains "and the move is said" "1 staged edit and 0 applied batches kept under the endpoint spelled HTTP://127.0.0.1:8060/ now belong to http://127.0.0.1:8060" "$out"
check_eq "its cached zone too" "zone1.example. " "$(zones --endpoint-url http://127.0.0.1:8060)"
check_eq "one namespace is left for it" "1" "$(sqlite3 "$DB" "SELECT count(*) FROM namespaces WHERE lower(endpoint) LIKE 'http://127.0.0.1:8060%'")"
check_eq "said once" "" "$("$R53" --cache "$DB" --endpoint-url http://127.0.0.1:8060 staged 2>&1 | grep 'now belong')"
# When the endpoint already has zones cached, the old spelling's copies go; its edits stay.
"$BUILD/bin/cache-seed" --cache "$DB" --endpoint http://127.0.0.1:8061 --zones 2 --records 1 > /dev/null
"$BUILD/bin/cache-seed" --cache "$DB" --endpoint http://127.0.0.1:8062 --zones 3 --records 1 > /dev/null
check "stage under http://127.0.0.1:8062" "$R53" --cache "$DB" --offline --endpoint-url http://127.0.0.1:8062 stage zone1.example "$TMP/b.json"
sqlite3 "$DB" "UPDATE namespaces SET endpoint='http://127.0.0.1:8061:' WHERE endpoint='http://127.0.0.1:8062'"
check_contains "staged edit adopted" "+ n.zone1.example. A 60 192.0.2.1" "$("$R53" --cache "$DB" --endpoint-url http://127.0.0.1:8061 staged 2>&1)"
check_eq "the endpoint's own zones stay, the old copies go" "zone1.example. zone2.example. " "$(zones --endpoint-url http://127.0.0.1:8061)"
check_eq "no record set of the old spelling is left" "0" "$(sqlite3 "$DB" "SELECT count(*) FROM rrsets WHERE ns NOT IN (SELECT id FROM namespaces)")"
finish
