#!/bin/sh
# A batch left SENDING by an r53 killed with -9 is settled by the next TUI start, in the loop
# (no request of its own: from the zone the start-up sync reads). Applied: the status line
# says so, its edit is no longer staged, the history says INSYNC, nothing was sent twice.
# Not applied (r53-local killed before it handled the request): the edit stays staged and
# the history says FAILED.
. "$(dirname "$0")/../tools/libtmux.sh"
. "$(dirname "$0")/../tools/libcrash.sh"

crash_seed rc-1 || exit 1
n0=$(changes)

restart_local --insync-after 0 --fault slow:ms=1500 || exit 1
batch 60 192.0.2.2 > "$TMP/e1.json"
check "stage an edit" r53 stage example.com "$TMP/e1.json"
"$R53" --cache "$TMP/c.db" --endpoint-url "$LOCAL_URL" apply-staged example.com > "$TMP/a1.out" 2>&1 &
APID=$!
T_PIDS="$T_PIDS $APID"
check "the batch is journalled SENDING" poll_for SENDING
kill -9 "$APID"
wait "$APID" 2>/dev/null
wait_changes $((n0 + 1))
check_eq "r53-local applied what the dead process sent" "$((n0 + 1))" "$(changes)"
restart_local --insync-after 0 || exit 1

tmux_r53 120 24 -- \
	--cache "$TMP/c.db" --endpoint-url "$LOCAL_URL" --domains-endpoint-url "$LOCAL_URL"
wait_for "interrupted while sending, was applied" "the TUI settles the batch and says so"
wait_for "0 staged" "its edit is no longer staged"
check_contains "history: INSYNC" "INSYNC" "$(r53 history example.com)"
check_fails "no batch left SENDING" sh -c "'$R53' --cache '$TMP/c.db' --endpoint-url '$LOCAL_URL' history | grep -q SENDING"
check_eq "nothing was sent twice" "$((n0 + 1))" "$(changes)"
t send-keys -t t q
wait_for "r53 exited 0" "quits"

# not applied: r53-local dies (-9) while it sleeps before handling the request
n1=$(changes)
restart_local --insync-after 0 --fault slow:ms=5000 || exit 1
batch 30 192.0.2.3 > "$TMP/e2.json"
check "stage another edit" r53 stage example.com "$TMP/e2.json"
"$R53" --cache "$TMP/c.db" --endpoint-url "$LOCAL_URL" apply-staged example.com > "$TMP/a2.out" 2>&1 &
APID=$!
T_PIDS="$T_PIDS $APID"
check "the batch is journalled SENDING" poll_for SENDING
kill -9 "$APID" "$LOCAL_PID"
wait "$APID" "$LOCAL_PID" 2>/dev/null
restart_local --insync-after 0 || exit 1
tmux_r53 120 24 -- \
	--cache "$TMP/c.db" --endpoint-url "$LOCAL_URL" --domains-endpoint-url "$LOCAL_URL"
wait_for "interrupted while sending, was not applied; its edits stay staged" \
	"the TUI says the batch was not applied"
wait_for "1 staged" "its edit is still staged"
check_contains "history: FAILED" "FAILED" "$(r53 history example.com)"
check_eq "nothing was sent" "$n1" "$(changes)"
t send-keys -t t Q y
wait_for "r53 exited 0" "quits"
finish
