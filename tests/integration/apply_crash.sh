#!/bin/sh
# r53 killed with -9 while a batch is being sent, and while its change is PENDING: on the next
# run nothing is sent twice, the batch's fate is read from the zone, a PENDING change is
# followed to INSYNC, and r53-local ends with exactly the new records and one change each.
. "$(dirname "$0")/../tools/lib.sh"
. "$(dirname "$0")/../tools/libcrash.sh"

export R53_WAIT_INTERVAL_MS=100

crash_seed cr-1 || exit 1
n0=$(changes)

# 1. Killed while SENDING: r53-local answers slowly, r53 dies before hearing the answer.
restart_local --insync-after 0 --fault slow:ms=1500 || exit 1
batch 60 192.0.2.2 > "$TMP/e1.json"
check "stage an edit" r53 stage example.com "$TMP/e1.json"
"$R53" --cache "$TMP/c.db" --endpoint-url "$LOCAL_URL" apply-staged example.com > "$TMP/a1.out" 2>&1 &
APID=$!
T_PIDS="$T_PIDS $APID"
check "the batch is journalled SENDING before it is sent" poll_for SENDING
kill -9 "$APID"
wait "$APID" 2>/dev/null
check_contains "the edit is still staged after kill -9" "+ www.example.com. A 60 192.0.2.2" "$(r53 staged)"
# Let r53-local finish the request the dead process sent (it may have applied it).
wait_changes $((n0 + 1))
restart_local --insync-after 0 || exit 1
out=$(r53 apply-staged example.com --wait 2>&1)
check_eq "the next apply-staged succeeds" "0" "$?"
check_contains "it settles the interrupted batch first" "interrupted while sending" "$out"
echo "     ($(printf "%s" "$out" | grep interrupted))"
check_eq "Route 53 holds the new www" "60 192.0.2.2" "$(www)"
check_eq "exactly one change was made (never sent twice)" "$((n0 + 1))" "$(changes)"
check_eq "nothing staged" "" "$(r53 staged 2>/dev/null)"
check_fails "no batch left SENDING" sh -c "'$R53' --cache '$TMP/c.db' --endpoint-url '$LOCAL_URL' history | grep -q SENDING"

# 2. Killed while PENDING: the change id is journalled; the next run follows it to INSYNC.
restart_local --insync-after 30 || exit 1
n1=$(changes)
batch 30 192.0.2.3 > "$TMP/e2.json"
r53 stage example.com "$TMP/e2.json" > /dev/null
"$R53" --cache "$TMP/c.db" --endpoint-url "$LOCAL_URL" apply-staged example.com --wait > "$TMP/a2.out" 2>&1 &
APID=$!
T_PIDS="$T_PIDS $APID"
check "the change is journalled PENDING" poll_for PENDING
kill -9 "$APID"
wait "$APID" 2>/dev/null
cid=$(r53 history | awk '$4 == "PENDING" {print $3}')
check_contains "history keeps the PENDING change id" "C" "$cid"
check_eq "the edit is no longer staged" "" "$(r53 staged 2>/dev/null)"
restart_local --insync-after 0 || exit 1
out=$(r53 apply-staged example.com --wait 2>&1)
check_eq "apply-staged --wait succeeds" "0" "$?"
check_contains "it follows the PENDING change" "change $cid is PENDING; waiting for INSYNC" "$out"
check_contains "history shows it INSYNC" "$cid  INSYNC" "$(r53 history example.com)"
check_eq "Route 53 holds the new www" "30 192.0.2.3" "$(www)"
check_eq "exactly one more change (never sent twice)" "$((n1 + 1))" "$(changes)"
finish
