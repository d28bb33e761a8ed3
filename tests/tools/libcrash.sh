# The scenario of the tests that kill r53 (or r53-local) mid-apply: integration/apply_crash.sh,
# integration/rollback_crash.sh, tmux/reconcile.sh. Sourced after lib.sh or libtmux.sh.
#   crash_seed CALLER_REF        r53-local (--insync-after 0) with zone example.com ($ZID)
#                                holding www.example.com. A 300 192.0.2.1
#   r53 ARGS...                  r53 on this test's cache ($TMP/c.db) and r53-local
#   changes                      how many changes r53-local has made
#   wait_changes N               until r53-local has made N changes (bounded)
#   www                          "TTL VALUES" of www.example.com. A, as the AWS CLI lists it
#   batch TTL VALUE              a change batch upserting www.example.com. A
#   restart_local ARGS...        r53-local again on the same port and database (the cache's
#                                namespace includes the endpoint URL)
#   poll_for TEXT                until `r53 history` shows TEXT (bounded); false if it never does

r53() { "$R53" --cache "$TMP/c.db" --endpoint-url "$LOCAL_URL" "$@"; }
changes() { sqlite3 "$LOCAL_DB" 'select count(*) from changes'; }
wait_changes() {
	i=0
	while [ "$(changes)" != "$1" ] && [ $i -lt 100 ]; do sleep 0.05; i=$((i + 1)); done
}
www() {
	awsl route53 list-resource-record-sets --hosted-zone-id "$ZID" |
		jq -r '.ResourceRecordSets[] | select(.Name == "www.example.com.") |
			"\(.TTL) \([.ResourceRecords[].Value] | join(","))"'
}
batch() {
	printf '{"Changes": [{"Action": "UPSERT", "ResourceRecordSet": {"Name": "www.example.com", "Type": "A", "TTL": %s, "ResourceRecords": [{"Value": "%s"}]}}]}\n' "$@"
}
restart_local() {
	port=${LOCAL_URL##*:}
	port=${port%%/*}
	stop_local
	start_local --listen "127.0.0.1:$port" "$@"
}
poll_for() {
	i=0
	while [ $i -lt 400 ]; do
		r53 history 2>/dev/null | grep -q "$1" && return 0
		sleep 0.05
		i=$((i + 1))
	done
	return 1
}
crash_seed() {
	start_local --insync-after 0 || return 1
	ZID=$(awsl route53 create-hosted-zone --name example.com --caller-reference "$1" |
		jq -r .HostedZone.Id)
	batch 300 192.0.2.1 > "$TMP/seed.json"
	awsl route53 change-resource-record-sets --hosted-zone-id "$ZID" \
		--change-batch "file://$TMP/seed.json" > /dev/null
}
