#!/bin/sh
# Deleting a hosted zone that a registered domain delegates to (r53-local's demo domains,
# read by the sync): the typed confirmation warns that the domain's name servers point at
# this zone and that a re-created zone gets new name servers; a wrong name keeps the zone, the
# right one deletes it (the AWS CLI agrees). A zone no registered domain points at gets the
# plain question.
COLUMNS_OVERRIDE=80 LINES_OVERRIDE=24
. "$(dirname "$0")/../tools/libtui.sh"

start_local --seed demo --insync-after 0 || exit 1
export R53_SCRIPT_NET=1
DB=$TMP/c.db
# example.org is a demo domain on other servers: give it a zone and point it there
ZID=$(awsl route53 create-hosted-zone --name example.org --caller-reference tui-dd-1 |
	jq -r .HostedZone.Id | sed 's|.*/||')
NS=$(awsl route53 get-hosted-zone --id "$ZID" | jq -r '.DelegationSet.NameServers[]')
set --
for n in $NS; do set -- "$@" "Name=$n"; done
awsl route53domains update-domain-nameservers --domain-name example.org --nameservers "$@" \
	> /dev/null || fail "the registrar's name servers were not set"
awsl route53 create-hosted-zone --name lonely.example --caller-reference tui-dd-2 > /dev/null
check "r53 sync fills the cache" "$R53" --cache "$DB" --endpoint-url "$LOCAL_URL" \
	--domains-endpoint-url "$LOCAL_URL" sync
zones() { awsl route53 list-hosted-zones | jq -r '.HostedZones[].Name' | sort | tr '\n' ' '; }

steps '
	/<C-u>lonely
	<Enter>
	d
	:save-display plain.screen
	<Esc>
	/<C-u>example.org
	<Enter>
	d
	:save-display warned.screen
	example.com
	<Enter>
	:save-display wrong.screen
'
run_app --cache "$DB" --endpoint-url "$LOCAL_URL" --domains-endpoint-url "$LOCAL_URL"
check_eq "exit status" 0 "$APP_RC"
check_contains "a zone nobody delegates to: the plain question" \
	"its names stop resolving. Type lonely.example. to confirm:" "$(tr '\n' ' ' < "$WORK/plain.screen")"
check "... without the domain warning" sh -c "! grep -q 'registered domain' '$WORK/plain.screen'"
check_contains "the warning names the domain and says its name servers point here" \
	"The registered domain example.org. has its name servers pointing at this zone: it stops resolving, and a re-created zone gets NEW name servers" \
	"$(tr -s '\n' ' ' < "$WORK/warned.screen")"
check_contains "... and still asks for the name typed" "Type example.org. to confirm:" \
	"$(tr -s '\n' ' ' < "$WORK/warned.screen")"
check_contains "a wrong name: not confirmed" "not confirmed: you typed 'example.com', not 'example.org'" \
	"$(tr -s '\n' ' ' < "$WORK/wrong.screen")"
check_contains "a wrong name keeps the zone" "example.org." "$(zones)"

steps '
	/<C-u>example.org
	<Enter>
	d
	example.org
	<Enter>
	:save-display deleted.screen
'
run_app --cache "$DB" --endpoint-url "$LOCAL_URL" --domains-endpoint-url "$LOCAL_URL"
check_contains "the right name deletes it" "hosted zone example.org. deleted (change C" \
	"$(tr -s '\n' ' ' < "$WORK/deleted.screen")"
check "the AWS CLI agrees it is gone" sh -c "! echo ' $(zones)' | grep -q ' example\.org\. '"
finish
