#!/bin/sh
# The rollback question (`u`) of a batch too long for the screen lists the first changes and
# "and N more changes", wrapped over the body's last rows, at 80x14 and at 40x12, on the
# loop's client and on the scripted blocking path alike; n sends nothing.
COLUMNS_OVERRIDE=80 LINES_OVERRIDE=14
. "$(dirname "$0")/../tools/libtui.sh"

start_local --insync-after 0 || exit 1
export R53_WAIT_INTERVAL_MS=100 R53_SCRIPT_NET=1 # the loop's own client, as in a terminal
DB=$TMP/c.db
ZID=$(awsl route53 create-hosted-zone --name many.example --caller-reference tui-many | jq -r .HostedZone.Id)
{
	printf '{"Changes": ['
	i=1
	while [ $i -le 60 ]; do
		[ $i -gt 1 ] && printf ','
		printf '{"Action": "CREATE", "ResourceRecordSet": {"Name": "host%02d.many.example", "Type": "A", "TTL": 60, "ResourceRecords": [{"Value": "192.0.2.%d"}]}}' $i $i
		i=$((i + 1))
	done
	printf ']}\n'
} > "$TMP/edit.json"
check "stage 60 adds" "$R53" --cache "$DB" --endpoint-url "$LOCAL_URL" stage many.example "$TMP/edit.json"
steps '
	c
	A
	y
	q
	u
	:save-display ask80.screen
	n
	:resize 40 12
	u
	:save-display ask40.screen
	n
	:save-display nothing.screen
'
run_app --cache "$DB" --endpoint-url "$LOCAL_URL"
check_eq "r53 exits 0" 0 "$APP_RC"
q80=$(tr -s '\n' ' ' < "$WORK/ask80.screen")
check_contains "80x14: the first changes" "undo change C" "$q80"
check_contains "80x14: ... named" "-host60.many.example. A TTL 60 192.0.2.60 -host59.many.example. A TTL 60 192.0.2.59" "$q80"
check "80x14: and how many more" sh -c "echo '$q80' | grep -Eq 'and [0-9]+ more changes\\? \\(y/N\\)'"
q40=$(tr -s '\n' ' ' < "$WORK/ask40.screen")
check "40x12: fewer listed, the rest counted" sh -c "echo '$q40' | grep -Eq 'undo change C.*host60.*and [0-9]+ more changes\\? \\(y/N\\)'"
check "40x12: the header stays" sh -c "head -1 '$WORK/ask40.screen' | grep -q 'staged'"
assert_screen_contains nothing.screen "nothing sent"

# the same question on the scripted path without the loop's client (a blocking plan on a
# client of its own): one text for both
unset R53_SCRIPT_NET
steps '
	:records many.example
	u
	:save-display block80.screen
	n
	:save-display block-nothing.screen
'
run_app --cache "$DB" --endpoint-url "$LOCAL_URL"
b80=$(tr -s '\n' ' ' < "$WORK/block80.screen")
check_contains "blocking 80x14: the first changes" "-host60.many.example. A TTL 60 192.0.2.60 -host59.many.example. A TTL 60 192.0.2.59" "$b80"
check "blocking 80x14: and how many more" sh -c "echo '$b80' | grep -Eq 'and [0-9]+ more changes\\? \\(y/N\\)'"
assert_screen_contains block-nothing.screen "nothing sent"
check_eq "nothing was rolled back" 62 \
	"$(awsl route53 list-resource-record-sets --hosted-zone-id "$ZID" | jq '.ResourceRecordSets | length')"
finish
