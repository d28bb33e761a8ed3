#!/bin/sh
# Typed confirmations for an IDN zone (bücher.example, stored xn--bcher-kva.example.) accept
# the name as people read it and the xn-- form; a wrong name is refused naming both. The
# questions (apex NS delete, zone delete against r53-local) name both forms.
. "$(dirname "$0")/../tools/libtui.sh"

fixture demo.fixture
for typed in 'bücher.example' 'xn--bcher-kva.example.' 'BÜCHER.example'; do
	steps ":records bücher.example
	d
	$typed
	<Enter>
	:save-display s.screen"
	run_app
	check_contains "'$typed' confirms the apex NS delete" "staged: delete bücher.example. NS" \
		"$(tr -s '\n' ' ' < "$WORK/s.screen")"
done
steps ':records bücher.example
	d
	buecher.example
	<Enter>
	:save-display s.screen'
run_app
check_contains "a wrong name is refused, both forms named" \
	"not confirmed: you typed 'buecher.example', not 'bücher.example' (or 'xn--bcher-kva.example')" \
	"$(tr -s '\n' ' ' < "$WORK/s.screen" | sed 's/  */ /g')"

# the questions name the zone as people read it and in its xn-- form
steps ':records bücher.example
	d
	:save-display ask.screen'
run_app
check_contains "the apex NS question names both forms" \
	"type the zone name bücher.example. (or xn--bcher-kva.example.) to confirm:" \
	"$(tr -s '\n' ' ' < "$WORK/ask.screen" | sed 's/  */ /g')"

# deleting the IDN zone itself (r53-local): the question names both forms; the Unicode name
# typed deletes it
unset R53_FIXTURE
start_local --insync-after 0 || exit 1
export R53_SCRIPT_NET=1
DB=$TMP/c.db
awsl route53 create-hosted-zone --name xn--bcher-kva.example --caller-reference idn-1 > /dev/null
check "r53 sync fills the cache" "$R53" --cache "$DB" --endpoint-url "$LOCAL_URL" \
	--domains-endpoint-url "$LOCAL_URL" sync
steps 'd
	:save-display zone-ask.screen
	bücher.example
	<Enter>
	:save-display zone-deleted.screen'
run_app --cache "$DB" --endpoint-url "$LOCAL_URL"
check_contains "the zone delete question names both forms" \
	"its names stop resolving. Type bücher.example. (or xn--bcher-kva.example.) to confirm:" \
	"$(tr -s '\n' ' ' < "$WORK/zone-ask.screen" | sed 's/  */ /g')"
assert_screen_contains zone-deleted.screen "hosted zone bücher.example. deleted (change C"
check_eq "the AWS CLI: no zone left" 0 "$(awsl route53 list-hosted-zones | jq '.HostedZones | length')"
finish
