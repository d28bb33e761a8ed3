#!/bin/sh
# The zone form's notes and fields as a user sees them, offline and online, at 80 and 40
# columns: without Route 53 (--offline, a fixture) `a` still opens the form (the header says
# Enter cannot send), every note wraps instead of being cut (new name servers; a private zone
# needs a VPC: its id and region), moving past the last field (Down, End, PgDown) scrolls the
# notes into view, and a valid form's Enter says OFFLINE and keeps what was typed. The health
# check form opens offline too. Then, against r53-local at 40x12, a private zone (name, comment, VPC id and
# region) is created end to end: the AWS CLI sees exactly that.
COLUMNS_OVERRIDE=80 LINES_OVERRIDE=16
. "$(dirname "$0")/../tools/libtui.sh"

# --- offline (a fixture: no network at all)
fixture demo.fixture
steps '
	a
	:save-display public80.screen
	<Tab>
	<Tab>
	<Right>
	:save-display private80.screen
	<Esc>
	:resize 40 12
	a
	:save-display public40.screen
	<Tab>
	<Tab>
	<Right>
	<Tab>
	<Tab>
	<Tab>
	:save-display private40.screen
'
run_app
check_eq "exit status" 0 "$APP_RC"
assert_screen public80.screen <<'SCREEN'
 r53  profile demo  http://127.0.0.1:4566        OFFLINE cache 5m old  0 staged
 New hosted zone   OFFLINE: can be filled in and checked, not sent
 Zone name      _
 Comment
 Visibility     < public >
                NEW NAME SERVERS: a new public zone gets 4 name servers of its
                own.
                Nothing resolves through it until the registrar delegates to
                them (N guides). Visibility private: a zone inside a VPC.





[new hosted zone] 1/7
Enter Create  Tab Down  S-Tab Up  Right Next  Esc Back
SCREEN
assert_screen_contains private80.screen " Visibility     < private >
 VPC id
 VPC region     us-east-1
                A private zone needs a VPC: its id (vpc-...) and region above.
                It answers only inside that VPC and has no delegation (no
                registrar change)."
# 40x12: every word of the notes is on the screen (wrapped), none cut with …
assert_screen_contains public40.screen "                NEW NAME SERVERS: a new
                public zone gets 4 name
                servers of its own."
check_eq "40 columns: the offline heading still says nothing is sent" \
	" New hosted zone   OFFLINE: not sent" "$(sed -n 2p "$WORK/public40.screen")"
check "40 columns: no note is cut" sh -c "! grep -q '^  .*…' '$WORK/public40.screen'"
assert_screen_contains private40.screen " VPC region     us-east-1_
                A private zone needs a
                VPC: its id (vpc-...)
                and region above.
                It answers only inside
                that VPC and has no
                delegation (no registrar
                change)."

# End / PgDown go to the last field (the notes below it scrolled into view), Home to the first:
# what is typed then goes into that field, never onto a note's row
steps '
	:resize 40 12
	a
	<Tab>
	<Tab>
	<Right>
	<End>
	:save-display end.screen
	2
	<Home>
	corp.example
	:save-display home.screen
'
run_app
assert_screen_contains end.screen " VPC region     us-east-1_
                A private zone needs a"
assert_screen_contains end.screen "                change)."
assert_screen_contains home.screen " Zone name      corp.example_"
assert_screen_contains home.screen " VPC region     us-east-12 ! not an AWS…"

# a valid private zone offline: Enter says why nothing is sent; the form keeps it all
steps '
	a
	corp.example
	<Tab>
	offline try
	<Tab>
	<Right>
	<Tab>
	vpc-0abc123
	<Enter>
	:save-display offline.screen
	<Esc>
	:hc
	a
	:save-display hc.screen
'
run_app
assert_screen_contains offline.screen "OFFLINE: Route 53 cannot be reached; nothing created"
assert_screen_contains offline.screen " Zone name      corp.example"
assert_screen_contains offline.screen " Comment        offline try"
assert_screen_contains offline.screen " VPC id         vpc-0abc123_"
assert_screen_contains hc.screen " New health check   OFFLINE: can be filled in and checked, not sent"
assert_screen_contains hc.screen "                IP address, or domain name, or both (then the IP is checked)."

# --- online, 40x12: a private zone created end to end
unset R53_FIXTURE
COLUMNS=40 LINES=12
export COLUMNS LINES
start_local --insync-after 0 || exit 1
export R53_SCRIPT_NET=1
DB=$TMP/c.db
check "r53 sync fills the cache" "$R53" --cache "$DB" --endpoint-url "$LOCAL_URL" \
	--domains-endpoint-url "$LOCAL_URL" sync
steps '
	a
	:save-display online.screen
	vault.example
	<Tab>
	secrets only
	<Tab>
	<Right>
	<Tab>
	vpc-0feed42
	<Tab>
	<C-u>
	eu-west-1
	:save-display typed.screen
	<Enter>
	:save-display created.screen
'
run_app --cache "$DB" --endpoint-url "$LOCAL_URL"
check_eq "create run exits 0" 0 "$APP_RC"
check_eq "40 columns: the heading keeps the hints that fit whole" " New hosted zone   Enter creates" \
	"$(sed -n 2p "$WORK/online.screen")"
assert_screen_contains typed.screen " VPC id         vpc-0feed42"
assert_screen_contains typed.screen " VPC region     eu-west-1_"
check_contains "created: said on the status line" "private hosted zone vault.example. created (" \
	"$(tr -s '\n' ' ' < "$WORK/created.screen")"
ZID=$(awsl route53 list-hosted-zones | jq -r '.HostedZones[] | select(.Name == "vault.example.") | .Id')
check_eq "the AWS CLI: private, the comment, the VPC as typed" \
	"true secrets only vpc-0feed42 eu-west-1" \
	"$(awsl route53 get-hosted-zone --id "$ZID" | jq -r '"\(.HostedZone.Config.PrivateZone) \(.HostedZone.Config.Comment) \(.VPCs[0].VPCId) \(.VPCs[0].VPCRegion)"')"
check_contains "the zones view lists it, private" "vault.example.  private" \
	"$(cat "$WORK/created.screen")"
finish
