#!/bin/sh
# A rollback killed with -9 while it is being sent: the next `r53 rollback` settles it by
# reading the zone and sends nothing more (it is what the user asked for), and `r53 history`
# marks it as the rollback of the change it undid. A rollback killed while PENDING is
# followed to INSYNC. And a schema 3 cache (before batches.rollback_of) is upgraded in place.
. "$(dirname "$0")/../tools/lib.sh"
. "$(dirname "$0")/../tools/libcrash.sh"

export R53_WAIT_INTERVAL_MS=100

crash_seed cr-1 || exit 1
batch 60 192.0.2.2 > "$TMP/e1.json"
r53 stage example.com "$TMP/e1.json" > /dev/null
c1=$(r53 apply-staged example.com 2> /dev/null)
check_eq "the edit is applied" "60 192.0.2.2" "$(www)"

# 1. The rollback killed while SENDING.
n0=$(changes)
restart_local --insync-after 0 --fault slow:ms=1500 || exit 1
"$R53" --cache "$TMP/c.db" --endpoint-url "$LOCAL_URL" rollback example.com > "$TMP/r1.out" 2>&1 &
RPID=$!
T_PIDS="$T_PIDS $RPID"
check "the rollback is journalled SENDING before it is sent" poll_for SENDING
kill -9 "$RPID"
wait "$RPID" 2>/dev/null
check_contains "history marks the SENDING batch as the rollback of $c1" "SENDING  2        $c1" \
	"$(r53 history example.com)"
wait_changes $((n0 + 1)) # r53-local finishes the request the dead process sent
restart_local --insync-after 0 || exit 1
out=$(r53 rollback example.com 2>&1)
check_eq "the next rollback exits 0" "0" "$?"
check_contains "it settles the interrupted rollback" "interrupted while sending, was applied" "$out"
check_contains "and says nothing more was sent" "nothing more was sent" "$out"
check_eq "Route 53 holds the www from before the edit" "300 192.0.2.1" "$(www)"
check_eq "exactly one change for the rollback (never sent twice)" "$((n0 + 1))" "$(changes)"
hist=$(r53 history example.com)
check_contains "history: the rollback INSYNC, marked as the rollback of $c1" "INSYNC  2        $c1" "$hist"
check_fails "no batch left SENDING" sh -c "'$R53' --cache '$TMP/c.db' --endpoint-url '$LOCAL_URL' history | grep -q SENDING"

# 2. A rollback killed while SENDING that Route 53 never got: settled FAILED, then sent once.
r53 stage example.com "$TMP/e1.json" > /dev/null
c2=$(r53 apply-staged example.com 2> /dev/null)
n1=$(changes)
restart_local --insync-after 0 --fault slow:ms=1500 || exit 1
"$R53" --cache "$TMP/c.db" --endpoint-url "$LOCAL_URL" rollback example.com > "$TMP/r2.out" 2>&1 &
RPID=$!
T_PIDS="$T_PIDS $RPID"
poll_for "SENDING" || fail "the second rollback is journalled SENDING"
kill -9 "$RPID"
wait "$RPID" 2>/dev/null
# r53-local sleeps before it handles a request: killed now, it never applied the rollback.
kill -9 "$LOCAL_PID"
wait "$LOCAL_PID" 2>/dev/null
restart_local --insync-after 0 || exit 1
check_eq "r53-local did not apply the lost rollback" "$n1" "$(changes)"
out=$(r53 rollback example.com 2>&1)
check_eq "the rollback after a lost one exits 0" "0" "$?"
check_contains "the lost rollback is settled as not applied" "was not applied" "$out"
check_eq "the rollback is sent once now" "$((n1 + 1))" "$(changes)"
check_eq "Route 53 holds the www from before the edit" "300 192.0.2.1" "$(www)"
check_contains "history marks the rollback of $c2" "INSYNC  2        $c2" "$(r53 history example.com)"

# 3. A rollback killed while PENDING is followed to INSYNC.
r53 stage example.com "$TMP/e1.json" > /dev/null
c3=$(r53 apply-staged example.com 2> /dev/null)
restart_local --insync-after 30 || exit 1
n3=$(changes)
"$R53" --cache "$TMP/c.db" --endpoint-url "$LOCAL_URL" rollback example.com --wait > "$TMP/r3.out" 2>&1 &
RPID=$!
T_PIDS="$T_PIDS $RPID"
check "the rollback is journalled PENDING" poll_for "PENDING  2        $c3"
kill -9 "$RPID"
wait "$RPID" 2>/dev/null
restart_local --insync-after 0 || exit 1
out=$(r53 apply-staged example.com --wait 2>&1)
check_eq "apply-staged --wait exits 0" "0" "$?"
check_contains "it follows the PENDING rollback" "PENDING; waiting for INSYNC" "$out"
check_contains "history: the rollback of $c3 INSYNC" "INSYNC  2        $c3" "$(r53 history example.com)"
check_eq "exactly one change for it" "$((n3 + 1))" "$(changes)"
check_eq "Route 53 holds the www from before the edit" "300 192.0.2.1" "$(www)"

# 4. A schema 3 cache (no batches.rollback_of) is upgraded in place: history kept, the new
# column there, nothing set aside.
cp "$TMP/c.db" "$TMP/old.db"
sqlite3 "$TMP/old.db" "ALTER TABLE batches DROP COLUMN rollback_of; PRAGMA user_version=3"
check_eq "the old file is schema 3" "3" "$(sqlite3 "$TMP/old.db" 'PRAGMA user_version')"
nb=$(sqlite3 "$TMP/old.db" 'select count(*) from batches')
r53 stage example.com "$TMP/e1.json" > /dev/null # something staged to keep
sqlite3 "$TMP/c.db" "select count(*) from staged" > /dev/null
ino=$(stat -c %i "$TMP/old.db")
out=$("$R53" --cache "$TMP/old.db" --endpoint-url "$LOCAL_URL" history example.com 2>&1)
check_eq "history on the old file exits 0" "0" "$?"
check_eq "upgraded to schema 4" "4" "$(sqlite3 "$TMP/old.db" 'PRAGMA user_version')"
check_eq "in place (same file)" "$ino" "$(stat -c %i "$TMP/old.db")"
check_eq "every batch kept" "$nb" "$(sqlite3 "$TMP/old.db" 'select count(*) from batches')"
check_eq "old batches are no rollbacks" "0" "$(sqlite3 "$TMP/old.db" 'select count(*) from batches where rollback_of != 0')"
check_contains "history lists the old change ids" "$c1" "$out"
check_eq "nothing set aside" "" "$(ls "$TMP" | grep corrupt)"
finish
