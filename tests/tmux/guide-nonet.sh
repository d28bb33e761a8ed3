#!/bin/sh
# The delegation guide when its DNS check cannot run (no root server answers): the check's
# JSON report says {"verdict": "error", "message": ...} and the guide shows a failed check
# with the exit code and that message, not a verdict.
. "$(dirname "$0")/../tools/libtmux.sh"

LOCAL_DB=$TMP/demo.db start_local --seed demo || { fail "r53-local"; finish; }
# A loopback root nobody listens on: connection refused at once.
echo "nowhere.lab 127.0.53.250@53" > "$TMP/hints-dead"
tmux_r53 130 50 R53_GUIDE_RECHECK_S=600 -- \
	--cache "$TMP/c.db" --endpoint-url "$LOCAL_URL" --domains-endpoint-url "$LOCAL_URL" \
	--root-hints "$TMP/hints-dead"
wait_for "ONLINE" "online"
t send-keys -t t : 'delegate example.org' Enter
wait_for "Delegating example.org to its Route 53 hosted zone" ":delegate opens the guide"
wait_for "the check failed (exit 3): No name server could be reached" \
	"a check that cannot run: failed, with its exit code and message"
check_contains "the message is the report's, whole" \
	"refused). Is the network up?" "$(screen)"
case "$(screen)" in
*"verdict: error"*) fail "no verdict is made up" ;;
*) pass "no verdict is made up" ;;
esac

t send-keys -t t q
wait_gone "Delegating example.org" "q closes the guide"
t send-keys -t t Q
wait_exited "Q quits"
finish
