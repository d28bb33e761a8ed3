#!/bin/sh
# Applying does not block the loop: against an r53-local that answers every request 3 s late,
# A, y in the staged view returns at once, the header says "sending 1 of 1 request", a second
# A is refused, ? opens the help while the answer is still coming, and then the change arrives
# PENDING and goes INSYNC; the AWS CLI sees exactly the new record sets. Quitting while a send
# is in flight asks, and says the batch stays SENDING.
. "$(dirname "$0")/../tools/libtmux.sh"

start_local --insync-after 2 || exit 1
ZID=$(awsl route53 create-hosted-zone --name example.com --caller-reference slow-1 | jq -r .HostedZone.Id)
printf '{"Changes": [{"Action": "CREATE", "ResourceRecordSet": {"Name": "www.example.com", "Type": "A", "TTL": 300, "ResourceRecords": [{"Value": "192.0.2.1"}]}}]}\n' > "$TMP/seed.json"
awsl route53 change-resource-record-sets --hosted-zone-id "$ZID" --change-batch "file://$TMP/seed.json" > /dev/null
printf '{"Changes": [{"Action": "UPSERT", "ResourceRecordSet": {"Name": "www.example.com", "Type": "A", "TTL": 60, "ResourceRecords": [{"Value": "192.0.2.2"}]}}, {"Action": "CREATE", "ResourceRecordSet": {"Name": "api.example.com", "Type": "A", "TTL": 60, "ResourceRecords": [{"Value": "192.0.2.9"}]}}]}\n' > "$TMP/edit.json"
check "stage two edits" "$R53" --cache "$TMP/c.db" --endpoint-url "$LOCAL_URL" stage example.com "$TMP/edit.json"
names() { awsl route53 list-resource-record-sets --hosted-zone-id "$ZID" |
	jq -r '.ResourceRecordSets[] | select(.Type == "A") | "\(.Name) \(.TTL) \([.ResourceRecords[].Value] | join(","))"'; }
check_eq "Route 53 holds the old www only" "www.example.com. 300 192.0.2.1" "$(names)"

# the same zone and port (the cache's namespace is the endpoint), every answer 3 s late
stop_local
"$R53LOCAL" --listen "${LOCAL_URL#http://}" --db "$LOCAL_DB" --insync-after 2 \
	--fault slow:ms=3000 > "$LOCAL_LOG" 2>&1 &
LOCAL_PID=$!
T_PIDS="$T_PIDS $LOCAL_PID"
i=0
while [ $i -lt 200 ] && ! grep -q "listening on" "$LOCAL_LOG"; do sleep 0.05; i=$((i + 1)); done
check_contains "slow r53-local on the same port" "$LOCAL_URL" "$(cat "$LOCAL_LOG")"

tmux_r53 120 24 R53_WAIT_INTERVAL_MS=200 -- \
	--cache "$TMP/c.db" --endpoint-url "$LOCAL_URL" --domains-endpoint-url "$LOCAL_URL"

wait_for "2 staged" "starts with the staged edits"
wait_for "ONLINE" "online (3 s late)"
wait_gone "syncing" "the start-up sync is over"
t send-keys -t t c
wait_for "+ TTL 60 (1 minute)" "the staged view shows the edits"
t send-keys -t t A
wait_for "apply 2 staged edits to Route 53? (y/N)" "A asks"
t send-keys -t t y
wait_for "sending 1 of 1 request" "the header says a request is in flight"
t send-keys -t t A
wait_for "sending 1 of 1 request: wait for Route 53's answer before applying again" "a second apply is refused"
t send-keys -t t j
t send-keys -t t '?'
wait_for "Keys in the staged view" "? opens the help while the answer is still coming"
check_contains "... and the request is still in flight" "sending 1 of 1 request" "$(screen)"
wait_for "applied: 1 change sent, change C" "the answer arrives"
cid=$(screen | sed -n 's/.*applied: 1 change sent, change \(C[A-Z0-9]*\) PENDING.*/\1/p')
check_contains "it is PENDING" "C" "$cid"
wait_gone "sending 1 of 1 request" "the header no longer says sending"
wait_for "change $cid is INSYNC" "the loop follows it to INSYNC"
wait_for "0 staged" "nothing staged any more"
check_eq "the AWS CLI sees exactly the new record sets" \
"api.example.com. 60 192.0.2.9
www.example.com. 60 192.0.2.2" "$(names)"

# quitting while a send is in flight asks, and the batch stays SENDING
t send-keys -t t q
wait_gone "Keys in the staged view" "q closes the help"
t send-keys -t t q
wait_gone "Staged changes" "q closes the staged view"
printf '{"Changes": [{"Action": "DELETE", "ResourceRecordSet": {"Name": "api.example.com", "Type": "A", "TTL": 60, "ResourceRecords": [{"Value": "192.0.2.9"}]}}]}\n' > "$TMP/del.json"
check "stage one more edit" "$R53" --cache "$TMP/c.db" --endpoint-url "$LOCAL_URL" --offline stage example.com "$TMP/del.json"
t send-keys -t t c
wait_for "delete api.example.com. A" "the staged view shows it"
t send-keys -t t A
wait_for "apply 1 staged edit to Route 53? (y/N)" "A asks"
t send-keys -t t y
wait_for "sending 1 of 1 request" "sending"
t send-keys -t t Q
wait_for "sending 1 of 1 request: quit anyway? the batch stays SENDING, checked against Route 53 at the next start" "Q asks, saying what happens"
t send-keys -t t y
wait_exited "y quits"
check_contains "the batch is journalled SENDING" "SENDING" \
	"$("$R53" --cache "$TMP/c.db" --endpoint-url "$LOCAL_URL" --offline history)"
# the next apply settles it by reading the zone (Route 53 did apply it) and sends nothing
"$R53" --cache "$TMP/c.db" --endpoint-url "$LOCAL_URL" apply-staged example.com > "$TMP/out" 2> "$TMP/err"
check_contains "apply-staged reconciles the interrupted batch" "was applied" "$(cat "$TMP/err")"
check_contains "... and has nothing left to send" "nothing staged" "$(cat "$TMP/err")"
check_eq "no SENDING left" "" "$("$R53" --cache "$TMP/c.db" --endpoint-url "$LOCAL_URL" --offline history | grep SENDING)"
check_eq "the AWS CLI sees api gone" "www.example.com. 60 192.0.2.2" "$(names)"
finish
