#!/bin/sh
# Staging while a batch is in flight, against an r53-local that answers every request 4 s
# late. The batch is what was staged when A was pressed: e, t and d of a record set it carries
# are refused with the record named (a new edit would fold into the one being sent), and the
# row shows '>'; an edit of another record set is staged, waits for the next apply (the
# staged view says which is which, and d of the one in flight is refused), is not swept into
# the batch in flight and is not discarded when it completes. Then a rollback in flight: the
# header says "rolling back, sending 1 of 1 request" and an edit of its record set is refused.
. "$(dirname "$0")/../tools/libtmux.sh"

start_local --insync-after 1 || exit 1
ZID=$(awsl route53 create-hosted-zone --name example.com --caller-reference inflight-1 | jq -r .HostedZone.Id)
printf '{"Changes": [{"Action": "CREATE", "ResourceRecordSet": {"Name": "app.example.com", "Type": "A", "TTL": 300, "ResourceRecords": [{"Value": "192.0.2.10"}]}}, {"Action": "CREATE", "ResourceRecordSet": {"Name": "www.example.com", "Type": "A", "TTL": 300, "ResourceRecords": [{"Value": "192.0.2.1"}]}}]}\n' > "$TMP/seed.json"
awsl route53 change-resource-record-sets --hosted-zone-id "$ZID" --change-batch "file://$TMP/seed.json" > /dev/null
printf '{"Changes": [{"Action": "UPSERT", "ResourceRecordSet": {"Name": "app.example.com", "Type": "A", "TTL": 300, "ResourceRecords": [{"Value": "192.0.2.11"}]}}]}\n' > "$TMP/edit.json"
check "stage an edit of app" "$R53" --cache "$TMP/c.db" --endpoint-url "$LOCAL_URL" stage example.com "$TMP/edit.json"
names() { awsl route53 list-resource-record-sets --hosted-zone-id "$ZID" |
	jq -r '.ResourceRecordSets[] | select(.Type == "A") | "\(.Name) \(.TTL) \([.ResourceRecords[].Value] | join(","))"'; }

# the same zone and port (the cache's namespace is the endpoint), every answer 4 s late
stop_local
"$R53LOCAL" --listen "${LOCAL_URL#http://}" --db "$LOCAL_DB" --insync-after 1 \
	--fault slow:ms=4000 > "$LOCAL_LOG" 2>&1 &
LOCAL_PID=$!
T_PIDS="$T_PIDS $LOCAL_PID"
i=0
while [ $i -lt 200 ] && ! grep -q "listening on" "$LOCAL_LOG"; do sleep 0.05; i=$((i + 1)); done
check_contains "slow r53-local on the same port" "$LOCAL_URL" "$(cat "$LOCAL_LOG")"

# wait_long TEXT DESC / wait_gone_long: up to ~40 s (several 4 s requests)
wait_long() {
	n=0
	while [ $n -lt 3 ] && ! t_poll present "$1"; do n=$((n + 1)); done
	wait_for "$1" "$2"
}
wait_gone_long() {
	n=0
	while [ $n -lt 3 ] && ! t_poll absent "$1"; do n=$((n + 1)); done
	wait_gone "$1" "$2"
}

tmux_r53 160 24 R53_WAIT_INTERVAL_MS=200 -- \
	--cache "$TMP/c.db" --endpoint-url "$LOCAL_URL" --domains-endpoint-url "$LOCAL_URL"

wait_for "1 staged" "starts with the staged edit"
wait_long "ONLINE" "online (4 s late)"
wait_gone_long "syncing" "the start-up sync is over"
t send-keys -t t ':records example.com' Enter
wait_for "[records example.com." "the records view"
t send-keys -t t j j
wait_for "3/4" "on app"
t send-keys -t t c
wait_for "1 staged edit, not sent yet." "the staged view"
t send-keys -t t A
wait_for "apply 1 staged edit to Route 53? (y/N)" "A asks"
t send-keys -t t y
wait_for " sending 1 of 1 request " "the header says a request is in flight"
wait_for "1 staged edit being sent to Route 53; the header says how far." "the staged view says it is being sent"
wait_for "edit app.example.com. A   (being sent)" "... and which edit"
t send-keys -t t q
wait_for ">app.example.com." "the records view marks the row in flight with >"
t send-keys -t t e
wait_for "app.example.com. A is being sent; wait for it to reach Route 53" "e of the record set in flight is refused, naming it"
t send-keys -t t j t
wait_for "TTL for 1 record set (300, 5m, 2d): 300" "t on www asks"
t send-keys -t t C-u 1 2 0 Enter
wait_for "staged: TTL 120 on 1 record set" "www's TTL is staged while app is in flight"
wait_for "2 staged" "the header counts both"
t send-keys -t t k d
wait_for "app.example.com. A is being sent; wait for it to reach Route 53" "d of the record set in flight is refused"
t send-keys -t t Space Space t
wait_for "nothing staged: app.example.com. A is being sent (1 of the 2); wait for it to reach Route 53" "t of marked rows, one in flight, stages nothing"
t send-keys -t t c
wait_for "2 staged edits: 1 being sent to Route 53, 1 for the next apply (d discards one of those)." "the staged view tells the two apart"
t send-keys -t t j d
wait_for "edit app.example.com. A is being sent: wait for Route 53's answer before discarding it" "d of the edit in flight is refused"
check_contains "... while the request is still in flight" "sending 1 of 1 request" "$(screen)"

wait_long "applied: 1 change sent, change C" "the answer arrives"
wait_gone " sending 1 of 1 request " "the header no longer says sending"
wait_for "1 staged edit, not sent yet." "the edit staged meanwhile is still staged"
wait_for "+ TTL 120 (2 minutes)" "... and it is www's TTL"
check_eq "Route 53 got app only (www not swept into the batch)" \
"app.example.com. 300 192.0.2.11
www.example.com. 300 192.0.2.1" "$(names)"
t send-keys -t t A
wait_for "apply 1 staged edit to Route 53? (y/N)" "A asks for the next batch"
t send-keys -t t y
wait_long "applied: 1 change sent, change C" "the next batch is sent"
wait_for "ONLINE  0 staged" "nothing staged any more"
check_eq "Route 53 has both" \
"app.example.com. 300 192.0.2.11
www.example.com. 120 192.0.2.1" "$(names)"

# a rollback in flight: its header, and an edit of the record set it restores
t send-keys -t t q
wait_for "[records example.com." "back in the records view"
t send-keys -t t G u
wait_for "checking the zone before rolling back" "the header while the rollback's drift check reads the zone"
t send-keys -t t Q
wait_for "checking the zone before rolling back: quit anyway? nothing is being sent now; what is staged stays staged" "Q during the drift check asks, and says nothing is in flight"
t send-keys -t t n
wait_long "+www.example.com. A TTL 300 192.0.2.1? (y/N)" "u asks, showing what it sends (TTL and value)"
t send-keys -t t y
wait_for " rolling back, sending 1 of 1 request " "the header says a rollback is being sent"
t send-keys -t t e
wait_for "www.example.com. A is being rolled back; wait for it to reach Route 53" "an edit of it is refused"
t send-keys -t t u
wait_for "rolling back, sending 1 of 1 request: wait for Route 53's answer before a rollback" "a second rollback is refused, in words that read"
wait_long "rolled back change C" "the rollback arrives"
check_eq "Route 53 has www as before" \
"app.example.com. 300 192.0.2.11
www.example.com. 300 192.0.2.1" "$(names)"
t send-keys -t t Q
wait_exited "Q quits"
finish
