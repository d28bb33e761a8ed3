#!/bin/sh
# The create forms when Route 53 (r53-local) refuses: the form stays open with everything
# typed, Route 53's message next to the field it is about, in the form's header and on the
# status line; the user corrects it and sends again. Zone: a private zone of a name the VPC
# already has (created with the AWS CLI after the cache was filled: ConflictingDomainExists),
# then the same in another VPC. Health checks: a CALCULATED check picking a child check deleted
# since the sync (NoSuchHealthCheck), then without it; an inverted, disabled TCP check. The AWS
# CLI then says r53-local holds exactly what was typed.
COLUMNS_OVERRIDE=160 LINES_OVERRIDE=24
. "$(dirname "$0")/../tools/libtui.sh"

start_local --insync-after 0 --seed demo || exit 1
export R53_SCRIPT_NET=1
DB=$TMP/c.db
STALE=$(awsl route53 create-health-check --caller-reference stale-1 --health-check-config \
	"IPAddress=127.0.0.1,Port=9,Type=TCP" | jq -r .HealthCheck.Id)
check "r53 sync fills the cache" "$R53" --cache "$DB" --endpoint-url "$LOCAL_URL" \
	--domains-endpoint-url "$LOCAL_URL" sync
# behind the cache's back: a private zone the form cannot know of, a child check gone
awsl route53 create-hosted-zone --name corp.example --caller-reference cli-1 \
	--vpc VPCRegion=us-east-1,VPCId=vpc-0abc123 > /dev/null
awsl route53 delete-health-check --health-check-id "$STALE"
corp() { awsl route53 list-hosted-zones | jq -r '.HostedZones[] | select(.Name == "corp.example.") | .Id' |
	while read -r id; do awsl route53 get-hosted-zone --id "$id" | jq -r '"\(.VPCs[0].VPCId) \(.HostedZone.Config.Comment)"'; done | sort; }

# zone: refused, kept as typed, the VPC corrected, sent again
steps '
	a
	corp.example
	<Tab>
	typed by hand
	<Tab>
	<Space>
	<Tab>
	vpc-0abc123
	<Enter>
	:save-display refused.screen
	<C-u>
	vpc-0def456
	:save-display corrected.screen
	<Enter>
	:save-display created.screen
'
run_app --cache "$DB" --endpoint-url "$LOCAL_URL"
check_eq "zone run exits 0" 0 "$APP_RC"
assert_screen_contains refused.screen " New hosted zone   Route 53 refused it (Enter sends again): ConflictingDomainExists: A hosted zone named corp.example. is already associated with the VPC vpc-0"
assert_screen_contains refused.screen " Zone name      corp.example
"
assert_screen_contains refused.screen " Comment        typed by hand
"
assert_screen_contains refused.screen " Visibility     < private >"
assert_screen_contains refused.screen " VPC id         vpc-0abc123_ ! ConflictingDomainExists: A hosted zone named corp.example. is already associated"
assert_screen_contains refused.screen " VPC region     us-east-1"
assert_screen_contains refused.screen "[new hosted zone] 4/7 hosted zone corp.example. not created: ConflictingDomainExists: A hosted zone named corp.example."
assert_screen_contains corrected.screen " VPC id         vpc-0def456_"
check "corrected: the field's mark is gone" sh -c "! grep -q '^ VPC id .* ! ' '$WORK/corrected.screen'"
assert_screen_contains created.screen "[zones] "
assert_screen_contains created.screen "private hosted zone corp.example. created ("
assert_screen_contains created.screen ") in vpc-0def456"
check_eq "the AWS CLI: corp.example in both VPCs, the comment as typed" "vpc-0abc123 null
vpc-0def456 typed by hand" "$(corp)"

# a CALCULATED check: where does the form list the stale child?
steps '
	H
	a
	<Up>
	c
	:save-display calc.screen
'
run_app --cache "$DB" --endpoint-url "$LOCAL_URL"
assert_screen_contains calc.screen " Type           < CALCULATED >"
assert_screen_contains calc.screen " Child checks   < [ ] "
assert_screen_contains calc.screen " Healthy needed 1"
assert_screen_contains calc.screen " Inverted       < no >"
assert_screen_contains calc.screen " Disabled       < no >"
check "no endpoint fields for CALCULATED" sh -c "! grep -qE '^ (IP address|Port|Interval) ' '$WORK/calc.screen'"
first=$(grep -n ' Child checks ' "$WORK/calc.screen" | cut -d: -f1)
stale=$(grep -n "\[ \] $STALE " "$WORK/calc.screen" | cut -d: -f1)
rows=$(grep -c '^ *\(Child checks\)\? *< \[ \] ' "$WORK/calc.screen")
check_eq "three cached checks to pick from" 3 "$rows"
K=$((stale - first))  # the stale row's place, 0..2
J=0; [ $K -eq 0 ] && J=1 # another one, still there
KEEP=$(sed -n "$((first + J))p" "$WORK/calc.screen" | sed 's/.*\[ \] \([^ ]*\) .*/\1/')
# pick rows J and K, need 2 healthy, inverted
picks=''
for i in 0 1 2; do
	picks="$picks
	<Down>"
	if [ $i -eq $J ] || [ $i -eq $K ]; then picks="$picks
	<Space>"; fi
done
back=''
i=$K
while [ $i -lt 3 ]; do back="$back
	<Down>"; i=$((i + 1)); done
steps "
	H
	a
	<Up>
	c$picks
	<Down>
	<C-u>
	2
	<Down>
	<Space>
	:save-display calc-typed.screen
	<Enter>
	:save-display calc-refused.screen
	<Space>
	:save-display calc-unpicked.screen$back
	<C-u>
	1
	<Enter>
	:save-display calc-created.screen
"
run_app --cache "$DB" --endpoint-url "$LOCAL_URL"
check_eq "health check run exits 0" 0 "$APP_RC"
assert_screen_contains calc-typed.screen "< [x] $STALE TCP 127.0.0.1:9 >"
assert_screen_contains calc-typed.screen "< [x] $KEEP "
assert_screen_contains calc-typed.screen " Healthy needed 2"
assert_screen_contains calc-typed.screen " Inverted       < yes >"
assert_screen_contains calc-refused.screen " New health check   Route 53 refused it (Enter sends again): NoSuchHealthCheck: No health check exists with the specified ID $(echo $STALE | cut -c1-20)"
assert_screen_contains calc-refused.screen "< [x] $STALE TCP 127.0.0.1:9 > ! NoSuchHealthCheck: Route 53 no longer has this check"
assert_screen_contains calc-refused.screen "< [x] $KEEP "
assert_screen_contains calc-refused.screen " Healthy needed 2"
assert_screen_contains calc-refused.screen " Inverted       < yes >"
assert_screen_contains calc-refused.screen "[new health check] $((K + 2))/9 health check CALCULATED 2 of 2 inverted not created: NoSuchHealthCheck: No health check exists"
assert_screen_contains calc-unpicked.screen "< [ ] $STALE TCP 127.0.0.1:9 >"
assert_screen_contains calc-unpicked.screen " Healthy needed 2 ! how many picked checks must be healthy: 0..1 (1 picked)"
assert_screen_contains calc-created.screen " created: CALCULATED 1 of 1 inverted"
assert_screen_contains calc-created.screen "[health checks] "
assert_screen_contains calc-created.screen " CALCULATED "
assert_screen_contains calc-created.screen "1 of 1 child checks healthy"
CALC=$(awsl route53 list-health-checks | jq -r '.HealthChecks[] | select(.HealthCheckConfig.Type == "CALCULATED") | .Id')
check_eq "the AWS CLI: the CALCULATED check as typed" \
	"{\"ChildHealthChecks\":[\"$KEEP\"],\"Disabled\":false,\"HealthThreshold\":1,\"Inverted\":true,\"Type\":\"CALCULATED\"}" \
	"$(awsl route53 get-health-check --health-check-id "$CALC" | jq -cS .HealthCheck.HealthCheckConfig)"

# an inverted, disabled TCP check
steps '
	H
	a
	<Up>
	t
	<Down>
	127.0.0.1
	<Down>
	<Down>
	<C-u>
	9
	<Down>
	<Down>
	<Down>
	<Space>
	<Down>
	<Space>
	:save-display tcp-typed.screen
	<Enter>
	:save-display tcp-created.screen
'
run_app --cache "$DB" --endpoint-url "$LOCAL_URL"
assert_screen_contains tcp-typed.screen " Inverted       < yes >"
assert_screen_contains tcp-typed.screen " Disabled       < yes >"
assert_screen_contains tcp-created.screen " created: TCP 127.0.0.1:9 inverted disabled"
TCP=$(awsl route53 list-health-checks | jq -r '.HealthChecks[] | select(.HealthCheckConfig.Type == "TCP" and .HealthCheckConfig.Inverted) | .Id')
check_eq "the AWS CLI: the inverted, disabled check as typed" \
	'{"Disabled":true,"FailureThreshold":3,"IPAddress":"127.0.0.1","Inverted":true,"MeasureLatency":false,"Port":9,"RequestInterval":30,"Type":"TCP"}' \
	"$(awsl route53 get-health-check --health-check-id "$TCP" | jq -cS .HealthCheck.HealthCheckConfig)"

# the types created elsewhere say so
steps '
	H
	a
	<Up>
	c
	c
	:save-display cw.screen
	<Enter>
	:save-display cw-enter.screen
'
run_app --cache "$DB" --endpoint-url "$LOCAL_URL"
assert_screen_contains cw.screen " Type           < CLOUDWATCH_METRIC > ! a CLOUDWATCH_METRIC check follows a CloudWatch alarm: create it in the AWS console or CLI"
assert_screen_contains cw-enter.screen "Type: a CLOUDWATCH_METRIC check follows a CloudWatch alarm"
finish
