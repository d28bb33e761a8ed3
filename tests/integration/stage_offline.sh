#!/bin/sh
# `r53 stage ZONE FILE` with Route 53 unreachable (and with --offline) stages from the cache
# when the zone is cached: an UPSERT starts from the cached record set, the age notice is on
# stderr; once r53-local is back, apply-staged sends it and the AWS CLI sees it. Nothing
# cached: exit 3. A bad FILE is named with what is wrong, and nothing of it is staged.
. "$(dirname "$0")/../tools/lib.sh"

r53() { "$R53" --cache "$TMP/c.db" --endpoint-url "$LOCAL_URL" "$@"; }
restart_local() {
	port=${LOCAL_URL##*:}
	port=${port%%/*}
	stop_local
	start_local --listen "127.0.0.1:$port" "$@"
}
rr() { # ACTION NAME TTL VALUE
	printf '{"Action": "%s", "ResourceRecordSet": {"Name": "%s", "Type": "A", "TTL": %s, "ResourceRecords": [{"Value": "%s"}]}}' "$@"
}

start_local --insync-after 0 || exit 1
ZID=$(awsl route53 create-hosted-zone --name example.com --caller-reference cr-1 | jq -r .HostedZone.Id)
printf '{"Changes": [%s]}\n' "$(rr CREATE www.example.com 300 192.0.2.1)" > "$TMP/seed.json"
awsl route53 change-resource-record-sets --hosted-zone-id "$ZID" --change-batch "file://$TMP/seed.json" > /dev/null
printf '{"Changes": [%s, %s]}\n' "$(rr UPSERT www.example.com 60 192.0.2.2)" "$(rr CREATE new.example.com 60 192.0.2.3)" > "$TMP/e.json"

# Nothing cached yet, Route 53 down: exit 3, nothing staged.
stop_local
out=$(r53 stage example.com "$TMP/e.json" 2>&1)
check_eq "nothing cached, unreachable: exit 3" "3" "$?"
check_contains "it says the zone is not cached" "no cached copy of zone example.com" "$out"
restart_local --insync-after 0 || exit 1
r53 zones > /dev/null 2>&1
stop_local
out=$(r53 stage example.com "$TMP/e.json" 2>&1)
check_eq "zone listed but its records not: an UPSERT cannot be staged (exit 3)" "3" "$?"
check_contains "it says why" "record sets of example.com. are not cached" "$out"
check_eq "nothing staged" "" "$(r53 staged 2>/dev/null)"

restart_local --insync-after 0 || exit 1
check "sync the zone" r53 sync example.com
stop_local

# Unreachable: staged from the cache.
out=$(r53 stage example.com "$TMP/e.json" 2>"$TMP/err")
check_eq "stage with Route 53 unreachable: exit 0" "0" "$?"
check_eq "two edit ids" "2" "$(printf '%s\n' "$out" | grep -c '^[0-9][0-9]*$')"
check_contains "the notice names the cache's age" "staging from the cache, " "$(cat "$TMP/err")"
check_contains "the UPSERT starts from the cached www" "  - www.example.com. A 300 192.0.2.1
  + www.example.com. A 60 192.0.2.2" "$(r53 staged 2>/dev/null)"

# Bad files: named, what is wrong, nothing staged.
echo '{"Changes": [' > "$TMP/bad1.json"
out=$(r53 stage example.com "$TMP/bad1.json" 2>&1)
check_eq "bad JSON: exit 2" "2" "$?"
check_contains "bad JSON: names the file and where" "$TMP/bad1.json: line 2" "$out"
printf '{"Changes": [%s, %s]}\n' "$(rr CREATE a.example.com 60 192.0.2.4)" "$(rr CREATE b.example.com 60 192.0.2.999)" > "$TMP/bad2.json"
out=$(r53 stage example.com "$TMP/bad2.json" 2>&1)
check_eq "a bad value: exit 1" "1" "$?"
check_contains "a bad value: names the file, the change and the value" "$TMP/bad2.json: changes[1].values[0]: A value 1: '192.0.2.999' is not an IPv4 address; nothing staged" "$out"
printf '{"Changes": [%s]}\n' "$(rr CREATE a.other.org 60 192.0.2.4)" > "$TMP/bad3.json"
out=$(r53 stage example.com "$TMP/bad3.json" 2>&1)
check_contains "a name outside the zone: named" "$TMP/bad3.json: changes[0].name: RRSet with DNS name a.other.org. is not permitted in zone example.com." "$out"
echo '{"Changes": []}' > "$TMP/bad4.json"
out=$(r53 stage example.com "$TMP/bad4.json" 2>&1)
check_contains "no changes: said" "$TMP/bad4.json: " "$out"
out=$(r53 stage example.com "$TMP/nosuch.json" 2>&1)
check_eq "a missing file: exit 2" "2" "$?"
check_contains "a missing file: named" "$TMP/nosuch.json" "$out"
check_eq "still exactly the two edits staged" "2" "$(r53 staged 2>/dev/null | grep -c '^[0-9]')"

# --offline: the same, without connecting (a listener on r53-local's port counts connections).
port=${LOCAL_URL##*:}
listen_count "$port" "$TMP/conns"
printf '{"Changes": [%s]}\n' "$(rr CREATE off.example.com 60 192.0.2.5)" > "$TMP/off.json"
out=$(r53 --offline stage example.com "$TMP/off.json" 2>&1)
check_eq "--offline stage: exit 0" "0" "$?"
check_contains "--offline stage: the offline notice" "r53: offline: from the cache, " "$out"
check_eq "--offline stage made no connection" "" "$(cat "$TMP/conns")"
kill "$LISTEN_PID"
wait "$LISTEN_PID" 2>/dev/null
restart_local --insync-after 0 || exit 1

# Back online: apply what was staged offline; the AWS CLI sees it.
check "apply-staged" r53 apply-staged example.com --wait
got=$(awsl route53 list-resource-record-sets --hosted-zone-id "$ZID" |
	jq -r '.ResourceRecordSets[] | select(.Type == "A") | "\(.Name) \(.TTL) \(.ResourceRecords[0].Value)"')
check_eq "the AWS CLI sees the edits staged offline" "new.example.com. 60 192.0.2.3
off.example.com. 60 192.0.2.5
www.example.com. 60 192.0.2.2" "$got"
finish
