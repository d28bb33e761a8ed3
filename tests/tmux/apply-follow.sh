#!/bin/sh
# In a real terminal, online against r53-local: apply from the staged view returns at once
# with the change PENDING (the header says PENDING), the loop follows it, and the status line
# then says it is INSYNC; the history agrees.
. "$(dirname "$0")/../tools/libtmux.sh"

start_local --insync-after 2 || exit 1
ZID=$(awsl route53 create-hosted-zone --name example.com --caller-reference tf-1 | jq -r .HostedZone.Id)
printf '{"Changes": [{"Action": "CREATE", "ResourceRecordSet": {"Name": "www.example.com", "Type": "A", "TTL": 300, "ResourceRecords": [{"Value": "192.0.2.1"}]}}]}\n' > "$TMP/seed.json"
awsl route53 change-resource-record-sets --hosted-zone-id "$ZID" --change-batch "file://$TMP/seed.json" > /dev/null
printf '{"Changes": [{"Action": "UPSERT", "ResourceRecordSet": {"Name": "www.example.com", "Type": "A", "TTL": 60, "ResourceRecords": [{"Value": "192.0.2.2"}]}}]}\n' > "$TMP/edit.json"
check "stage an edit" "$R53" --cache "$TMP/c.db" --endpoint-url "$LOCAL_URL" stage example.com "$TMP/edit.json"

tmux_r53 120 24 R53_WAIT_INTERVAL_MS=200 -- \
	--cache "$TMP/c.db" --endpoint-url "$LOCAL_URL" --domains-endpoint-url "$LOCAL_URL"

wait_for "1 staged" "starts with the staged edit"
wait_for "ONLINE" "online"
t send-keys -t t c
wait_for "+ TTL 60 (1 minute)" "the staged view shows the edit"
t send-keys -t t A
wait_for "apply 1 staged edit to Route 53? (y/N)" "A asks"
t send-keys -t t y
wait_for "applied: 1 change sent, change C" "apply returns at once"
wait_for " PENDING " "the header says a change is PENDING"
cid=$(screen | sed -n 's/.*applied: 1 change sent, change \(C[A-Z0-9]*\) PENDING.*/\1/p')
check_contains "the summary says PENDING" "C" "$cid"
wait_for "change $cid is INSYNC" "the loop follows it to INSYNC"
wait_gone " PENDING " "the header no longer says PENDING"
check_contains "history agrees" "$cid  INSYNC" \
	"$("$R53" --cache "$TMP/c.db" --endpoint-url "$LOCAL_URL" history)"
t send-keys -t t Q
wait_exited "Q quits"
finish
