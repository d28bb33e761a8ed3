#!/bin/sh
# The zones view against a real r53-local: `a` opens the zone form (validated as you type,
# the new-name-servers warning), Enter creates the zone (the AWS CLI sees it, the zones view
# and the cache hold it); `d` on a zone with records is refused, says why and shows them
# (records view filtered to what blocks the delete); `d` on an empty zone needs its name
# typed: a wrong name keeps it, the right one deletes it (the AWS CLI agrees).
COLUMNS_OVERRIDE=120 LINES_OVERRIDE=18
. "$(dirname "$0")/../tools/libtui.sh"

start_local --insync-after 0 || exit 1
export R53_SCRIPT_NET=1
DB=$TMP/c.db
zones() { awsl route53 list-hosted-zones | jq -r '.HostedZones[] | "\(.Name) \(.Config.PrivateZone)"' | sort; }
ZID=$(awsl route53 create-hosted-zone --name busy.example --caller-reference tui-1 | jq -r .HostedZone.Id)
printf '{"Changes": [{"Action": "CREATE", "ResourceRecordSet": {"Name": "www.busy.example", "Type": "A", "TTL": 300, "ResourceRecords": [{"Value": "192.0.2.1"}]}}, {"Action": "CREATE", "ResourceRecordSet": {"Name": "mail.busy.example", "Type": "MX", "TTL": 300, "ResourceRecords": [{"Value": "10 mx.busy.example"}]}}]}\n' > "$TMP/seed.json"
awsl route53 change-resource-record-sets --hosted-zone-id "$ZID" --change-batch "file://$TMP/seed.json" > /dev/null
check "r53 sync fills the cache" "$R53" --cache "$DB" --endpoint-url "$LOCAL_URL" \
	--domains-endpoint-url "$LOCAL_URL" sync

# create: a bad name is refused as you type, then a good one is sent
steps '
	a
	:save-display form.screen
	bad..name
	:save-display bad.screen
	<C-u>
	new.example
	<Tab>
	made by the tui test
	:save-display good.screen
	<Enter>
	:save-display created.screen
'
run_app --cache "$DB" --endpoint-url "$LOCAL_URL"
check_eq "create run exits 0" 0 "$APP_RC"
assert_screen_contains form.screen "New hosted zone   Enter creates, Esc cancels"
assert_screen_contains form.screen "NEW NAME SERVERS: a new public zone gets 4 name servers of its own."
assert_screen_contains form.screen "[new hosted zone]"
assert_screen_contains bad.screen "! "
assert_screen_contains bad.screen "bad..name"
assert_screen_contains good.screen " Comment        made by the tui test_"
assert_screen_contains created.screen "hosted zone new.example. created ("
assert_screen_contains created.screen "its NEW name servers: ns-"
assert_screen_contains created.screen " new.example. "
check_eq "the AWS CLI sees the new zone" "busy.example. false
new.example. false" "$(zones)"
check_eq "the comment went out" "made by the tui test" \
	"$(awsl route53 list-hosted-zones | jq -r '.HostedZones[] | select(.Name == "new.example.") | .Config.Comment')"
check_contains "the cache holds it (offline)" "new.example." \
	"$("$R53" --cache "$DB" --endpoint-url "$LOCAL_URL" --offline zones 2>/dev/null)"

# delete of a zone with records: refused with the reason, and they are shown
steps '
	d
	:save-display refused.screen
	y
	:save-display shown.screen
'
run_app --cache "$DB" --endpoint-url "$LOCAL_URL"
assert_screen_contains refused.screen "busy.example. is not empty (2 record sets besides NS/SOA; HostedZoneNotEmpty). Show them? (y/N)"
assert_screen_contains shown.screen "[records busy.example."
assert_screen_contains shown.screen "mail.busy.example."
assert_screen_contains shown.screen "www.busy.example."
check "shown: NS and SOA filtered out" sh -c "! grep -q ' SOA ' '$WORK/shown.screen'"
check_contains "busy.example is still there" "busy.example." "$(zones)"

# delete of an empty zone: a wrong name keeps it
steps '
	j
	d
	:save-display typed.screen
	busy.example
	<Enter>
	:save-display wrong.screen
'
run_app --cache "$DB" --endpoint-url "$LOCAL_URL"
assert_screen_contains typed.screen "DELETE zone new.example. (Z"
assert_screen_contains typed.screen "): its names stop resolving. Type new.example. to confirm:"
assert_screen_contains wrong.screen "not confirmed: you typed 'busy.example', not 'new.example'"
check_contains "a wrong name keeps the zone" "new.example." "$(zones)"

# the right name deletes it; the zones view and the cache follow
steps '
	j
	d
	new.example
	<Enter>
	:save-display deleted.screen
'
run_app --cache "$DB" --endpoint-url "$LOCAL_URL"
assert_screen_contains deleted.screen "hosted zone new.example. deleted (change C"
check "the zones view no longer lists it" sh -c "! grep -q '^ new.example. ' '$WORK/deleted.screen'"
check_eq "the AWS CLI agrees it is gone" "busy.example. false" "$(zones)"
check "the cache agrees (offline)" sh -c "! '$R53' --cache '$DB' --endpoint-url '$LOCAL_URL' --offline zones 2>/dev/null | grep -q new.example"

# --read-only: a, d and u say why they are off; nothing is sent
steps '
	a
	:save-display ro-a.screen
	d
	:save-display ro-d.screen
	u
	:save-display ro-u.screen
'
run_app --cache "$DB" --endpoint-url "$LOCAL_URL" --read-only
for k in a d u; do
	assert_screen_contains ro-$k.screen "read-only: started with --read-only; edits are off"
done
check_eq "read-only: the zones did not move" "busy.example. false" "$(zones)"
finish
