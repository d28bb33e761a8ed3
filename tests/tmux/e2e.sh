#!/bin/sh
# End to end, in a real terminal against r53-local with the demo seed and an empty cache:
# open example.com, filter to one record set, change its TTL (t), add an S3-website alias
# (a), review (c), apply (A, y), see INSYNC; the AWS CLI then finds exactly those changes in
# r53-local. Then: a closed terminal keeps a staged edit; resizing to 40x12 and back during a
# sync of the 10,000-record zone does not crash; with r53-local stopped r53 starts OFFLINE
# with the cached zones.
. "$(dirname "$0")/../tools/libtmux.sh"

start_local --seed demo --insync-after 1 || exit 1
ZID=$(awsl route53 list-hosted-zones-by-name --dns-name example.com | jq -r '.HostedZones[0].Id')
awsl route53 list-resource-record-sets --hosted-zone-id "$ZID" > "$TMP/before.json"

run_r53() {
	tmux_r53 "${1:-120}" "${2:-40}" R53_WAIT_INTERVAL_MS=200 -- \
		--cache "$TMP/c.db" --endpoint-url "$LOCAL_URL" --domains-endpoint-url "$LOCAL_URL"
}

run_r53
wait_for "example.com." "the zones arrive"
wait_gone "ONLINE syncing" "the first sync ends"
t send-keys -t t / e x a m p l e . c o m Enter Enter
wait_for "[records example.com., cached" "example.com opens"
wait_for "] 1/39" "with its 39 record sets"
t send-keys -t t / n a m e : m a i l 1 Enter
wait_for "1/1  filter: name:mail1" "the filter leaves one record set"
t send-keys -t t t
wait_for "TTL for 1 record set (300, 5m, 2d): 3600" "t asks, the old TTL typed in"
t send-keys -t t C-u 3 0 0 Enter
wait_for "1 staged" "the TTL edit is staged"
t send-keys -t t Escape
wait_for "] 1/39" "Esc clears the filter"
t send-keys -t t a
wait_for "New record set in example.com." "a opens the editor"
t send-keys -t t a s s e t s Tab Tab Space Tab
wait_for "Target kind    < S3 website >" "alias to an S3 website"
wait_for "S3 region      < us-east-1 >" "in us-east-1"
wait_for "Bucket         assets.example.com" "the bucket follows the name"
wait_for "Hosted zone id Z3AQBSTGFYJSTF" "the region's hosted zone id"
t send-keys -t t Enter
wait_for "2 staged" "the alias is staged"
t send-keys -t t c
wait_for "+ TTL 300 (5 minutes)" "c shows the new TTL"
wait_for "+ ALIAS → assets.example.com.s3-website-us-east-1.amazonaws.com. (zone Z3AQBSTGFYJSTF" \
	"and the alias"
t send-keys -t t A
wait_for "apply 2 staged edits to Route 53? (y/N)" "A asks"
t send-keys -t t y
wait_for "applied: 1 change sent, change C" "sent"
wait_for " is INSYNC" "the status line says INSYNC"
wait_for "0 staged" "nothing left staged"

awsl route53 list-resource-record-sets --hosted-zone-id "$ZID" > "$TMP/after.json"
jq -S '[.ResourceRecordSets[] | if .Name == "mail1.example.com." and .Type == "A" then .TTL = 300 else . end]
	+ [{"Name": "assets.example.com.", "Type": "A", "AliasTarget": {"HostedZoneId": "Z3AQBSTGFYJSTF",
	    "DNSName": "assets.example.com.s3-website-us-east-1.amazonaws.com.", "EvaluateTargetHealth": false}}]
	| sort_by(.Name, .Type, .SetIdentifier // "")' "$TMP/before.json" > "$TMP/want.json"
jq -S '.ResourceRecordSets | sort_by(.Name, .Type, .SetIdentifier // "")' "$TMP/after.json" > "$TMP/got.json"
check_eq "r53-local holds exactly the two changes" "" "$(diff "$TMP/want.json" "$TMP/got.json" | head -20)"

# a staged edit survives a killed terminal
t send-keys -t t q
wait_for "[records example.com., cached" "back to the records"
t send-keys -t t / n a m e : m a i l 2 Enter t C-u 6 0 Enter
wait_for "1 staged" "an edit staged"
t kill-server
run_r53
wait_for "1 staged" "after a killed terminal the edit is still staged"

# resize during a sync of the 10,000-record zone
t send-keys -t t / b u l k Enter Enter
wait_for "[records bulk.example.test." "the 10,000-record zone opens"
t send-keys -t t S
wait_for "ONLINE syncing" "S syncs the zone"
t resize-window -t t -x 40 -y 12
wait_for "  host-00001  A     5m       10.0.0.1" "40x12 during the sync: redrawn to fit"
t resize-window -t t -x 120 -y 40
wait_for "] 1/10000" "back to 120x40: all 10,000 record sets"
wait_gone "syncing" "the sync ends"
t send-keys -t t q Q y
wait_for "r53 exited 0" "no crash; quits cleanly"

# r53-local stopped: OFFLINE, zones from the cache
stop_local
run_r53
wait_for "OFFLINE cache" "r53-local gone: OFFLINE"
wait_for "shop.example.net." "the cached zones are listed"
wait_for "bulk.example.test." "all of them"
t send-keys -t t Q y
wait_for "r53 exited 0" "quits"
finish
