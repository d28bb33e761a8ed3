#!/bin/sh
# The staged-edit commands agree on exit codes (0 ok, 1 failure or conflict, 2 usage, 3 Route
# 53 unreachable with nothing cached), every --offline command prints the cache's age on
# stderr, and a command that must talk to Route 53 refuses --offline (exit 2) without asking.
. "$(dirname "$0")/../tools/lib.sh"

r53() { "$R53" --cache "$TMP/c.db" --endpoint-url "$LOCAL_URL" --domains-endpoint-url "$LOCAL_URL" "$@"; }
code() { r53 "$@" > /dev/null 2>&1; echo $?; }

start_local --insync-after 0 || exit 1
ZID=$(awsl route53 create-hosted-zone --name example.com --caller-reference cr-1 | jq -r .HostedZone.Id)
printf '{"Changes": [{"Action": "CREATE", "ResourceRecordSet": {"Name": "www.example.com", "Type": "A", "TTL": 60, "ResourceRecords": [{"Value": "192.0.2.1"}]}}]}\n' > "$TMP/b.json"

# 2: usage
for cmd in "stage" "stage example.com" "staged a b" "discard" "discard 0" "discard x" \
	"apply-staged" "apply-staged example.com --bogus" "history --bogus" "rollback" "search --exact"; do
	check_eq "r53 $cmd: exit 2" "2" "$(code $cmd)"
done

# 1: failure (the data says no) -- also with nothing else wrong
check "sync" r53 sync
id=$(r53 stage example.com "$TMP/b.json" 2>/dev/null)
check_eq "discard of an id not staged: exit 1" "1" "$(code discard 99999)"
check_contains "and it says so" "no staged edit 99999" "$(r53 discard 99999 2>&1)"
check_eq "the staged edit is still there" "1" "$(r53 staged 2>/dev/null | grep -c '^[0-9]')"
check_eq "discard of a staged id: exit 0" "0" "$(code discard "$id")"
for cmd in "staged nosuch.example" "history nosuch.example" "discard --all nosuch.example" \
	"apply-staged nosuch.example" "rollback nosuch.example" "rollback example.com" \
	"rollback example.com --dry-run" "stage nosuch.example $TMP/b.json"; do
	check_eq "r53 $cmd: exit 1" "1" "$(code $cmd)"
done

# 0
for cmd in "staged" "staged example.com" "history" "history example.com." "discard --all" \
	"discard --all example.com" "apply-staged example.com --dry-run" "apply-staged example.com"; do
	check_eq "r53 $cmd: exit 0" "0" "$(code $cmd)"
done

# --offline: the notice on stderr for each command that answers from the cache
for cmd in "zones" "records example.com" "export example.com" "healthchecks" "search www" \
	"staged" "history" "discard --all" "stage example.com $TMP/b.json"; do
	err=$(r53 --offline $cmd 2>&1 > /dev/null)
	check_contains "--offline $cmd: the age notice" "r53: offline: from the cache, " "$err"
done
# ...and the ones that must ask Route 53 refuse without asking: r53-local's port now holds a
# listener that counts connections.
port=${LOCAL_URL##*:}
stop_local
listen_count "$port" "$TMP/conns"
for cmd in "apply-staged example.com" "apply-staged example.com --dry-run" "rollback example.com" \
	"rollback example.com --dry-run" "apply example.com $TMP/b.json" "set-ttl example.com www A 30" \
	"wait C123" "domain example.com" "sync"; do
	out=$(r53 --offline $cmd 2>&1)
	check_eq "--offline $cmd: exit 2" "2" "$?"
	check_contains "--offline $cmd: says why" "cannot run with --offline" "$out"
done
check_eq "--offline: no connection was made" "" "$(cat "$TMP/conns")"
r53 zones > /dev/null 2>&1
check_eq "(the listener does count a command that connects)" "connection" "$(sort -u "$TMP/conns")"
kill "$LISTEN_PID"
wait "$LISTEN_PID" 2>/dev/null
check_eq "the edit staged offline is still staged" "1" "$(r53 staged 2>/dev/null | grep -c '^[0-9]')"

# 3: unreachable with nothing cached
check_eq "apply-staged, Route 53 unreachable: exit 3" "3" "$(code apply-staged example.com)"
check_eq "rollback, Route 53 unreachable: exit 3" "3" "$(code rollback example.com)"
check_eq "stage of a zone not cached, unreachable: exit 3" "3" "$(code stage other.example "$TMP/b.json")"
check_eq "staged needs no service: exit 0" "0" "$(code staged)"
check_eq "history needs no service: exit 0" "0" "$(code history)"
finish
