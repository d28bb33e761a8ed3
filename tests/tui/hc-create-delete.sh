#!/bin/sh
# The health checks view against a real r53-local: `a` opens the check form (fields follow the
# type, models/ checks them as you type), Enter creates the check (the AWS CLI sees it, the
# view lists it); `d` on a check a record set uses is refused naming the record set (nothing
# sent); `d` on an unused one asks, n keeps it, y deletes it (the AWS CLI agrees); read-only.
COLUMNS_OVERRIDE=240 LINES_OVERRIDE=18
. "$(dirname "$0")/../tools/libtui.sh"

start_local --insync-after 0 --seed demo || exit 1
export R53_SCRIPT_NET=1
DB=$TMP/c.db
checks() { awsl route53 list-health-checks | jq -r '.HealthChecks[] | "\(.HealthCheckConfig.Type) \(.HealthCheckConfig.IPAddress) \(.HealthCheckConfig.Port) \(.HealthCheckConfig.ResourcePath) \(.HealthCheckConfig.SearchString) \(.HealthCheckConfig.RequestInterval) \(.HealthCheckConfig.FailureThreshold)"' | sort; }
# the demo's failover primary uses its HTTP check
USED=$(awsl route53 list-health-checks | jq -r '.HealthChecks[] | select(.HealthCheckConfig.Type == "HTTP") | .Id')
before=$(checks)
check "r53 sync fills the cache" "$R53" --cache "$DB" --endpoint-url "$LOCAL_URL" \
	--domains-endpoint-url "$LOCAL_URL" sync

# create an HTTP_STR_MATCH check: the search string row appears with the type; a bad IP and
# a missing search string are named next to their fields
steps '
	H
	a
	:save-display form.screen
	<Up>
	<Right>
	<Right>
	:save-display type.screen
	<Down>
	300.1.2.3
	:save-display badip.screen
	<C-u>
	127.0.0.1
	<Enter>
	:save-display nosearch.screen
	healthy
	<Up>
	/status
	<Down>
	<Down>
	<Right>
	<Down>
	<C-u>
	5
	<Enter>
	:save-display created.screen
'
run_app --cache "$DB" --endpoint-url "$LOCAL_URL"
check_eq "create run exits 0" 0 "$APP_RC"
assert_screen_contains form.screen "New health check   Enter creates, Esc cancels"
assert_screen_contains form.screen " Type           < HTTP >"
check "no search string row for HTTP" sh -c "! grep -q 'Search string' '$WORK/form.screen'"
assert_screen_contains type.screen " Type           < HTTP_STR_MATCH >"
assert_screen_contains type.screen " Search string"
assert_screen_contains badip.screen "300.1.2.3_ ! not an IPv4 or IPv6 address"
assert_screen_contains nosearch.screen "Search string: a HTTP_STR_MATCH check needs a search string"
assert_screen_contains created.screen "health check "
assert_screen_contains created.screen " created: HTTP_STR_MATCH 127.0.0.1:80/status"
assert_screen_contains created.screen "[health checks] 1/3"
check_eq "the AWS CLI sees the new check" "$(printf '%s\n%s' "$before" "HTTP_STR_MATCH 127.0.0.1 80 /status healthy 10 5" | sort)" "$(checks)"
NEW=$(awsl route53 list-health-checks | jq -r '.HealthChecks[] | select(.HealthCheckConfig.Type == "HTTP_STR_MATCH") | .Id')
check_contains "the cache holds it (offline)" "$NEW" \
	"$("$R53" --cache "$DB" --endpoint-url "$LOCAL_URL" --offline healthchecks 2>/dev/null)"

# delete: the one in use is refused, naming its record set; n keeps the other, y deletes it
steps "
	H
	/$USED
	<Enter>
	<Enter>
	:save-display inuse-detail.screen
	d
	:save-display inuse.screen
	<Esc>
	/$NEW
	<Enter>
	<Enter>
	:save-display unused-detail.screen
	d
	:save-display ask.screen
	n
	:save-display kept.screen
	d
	y
	:save-display deleted.screen
"
run_app --cache "$DB" --endpoint-url "$LOCAL_URL"
check_contains "Enter names the record sets using the check" \
	"; used by 1 record set: failover.example.com. A (primary)" \
	"$(tr -s '\n' ' ' < "$WORK/inuse-detail.screen")"
check_contains "Enter on an unused check says so" "; no record set uses it" \
	"$(tr -s '\n' ' ' < "$WORK/unused-detail.screen")"
assert_screen_contains inuse.screen "health check $USED is in use by 1 record set: failover.example.com. A (primary); take it off it first"
assert_screen_contains ask.screen "delete health check $NEW (HTTP_STR_MATCH 127.0.0.1:80/status)? (y/N)"
assert_screen_contains kept.screen "nothing deleted"
assert_screen_contains deleted.screen "health check $NEW deleted"
check_eq "the AWS CLI agrees: the demo's checks are left" "$before" "$(checks)"
check "the cache agrees (offline)" sh -c "! '$R53' --cache '$DB' --endpoint-url '$LOCAL_URL' --offline healthchecks 2>/dev/null | grep -q '$NEW'"

# r53-local, like Route 53, refuses deleting a check in use
check_contains "r53-local: HealthCheckInUse" "HealthCheckInUse" \
	"$(awsl route53 delete-health-check --health-check-id "$USED" 2>&1)"

# the key bar: create and delete with the rest at 80 columns; at 40 the first ones, Help and
# q (Back: the view is above the zones view)
steps '
	H
	:resize 80 18
	:save-display bar80.screen
	:resize 40 12
	:save-display bar40.screen
'
run_app --cache "$DB" --endpoint-url "$LOCAL_URL"
check_eq "key bar at 80 columns" "Enter Open  a Create  d Delete  / Filter  : Command  z Zones  ? Help  q Back" \
	"$(tail -1 "$WORK/bar80.screen")"
check_eq "key bar at 40 columns" "Enter Open  a Create  ? Help  q Back" "$(tail -1 "$WORK/bar40.screen")"

steps '
	H
	a
	:save-display ro-a.screen
	d
	:save-display ro-d.screen
'
run_app --cache "$DB" --endpoint-url "$LOCAL_URL" --read-only
assert_screen_contains ro-a.screen "read-only: started with --read-only; edits are off"
assert_screen_contains ro-d.screen "read-only: started with --read-only; edits are off"
finish
