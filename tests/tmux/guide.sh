#!/bin/sh
# The delegation guide in a real terminal, for a domain registered elsewhere, against r53-local
# and a private DNS hierarchy of knot servers (tests/tools/dnslab.sh): the guide creates the
# hosted zone, shows its four name servers ready to paste (no trailing dots), and its re-check
# goes from `pending` to `delegated` when the parent (the .test registry) switches, with the
# old NS TTL counting down.
. "$(dirname "$0")/../tools/libtmux.sh"
DNSLAB_TLDS="com. net. org. uk."
. "$(dirname "$0")/../tools/dnslab.sh"

dnslab_start || { fail "the test DNS hierarchy did not start"; finish; }
LOCAL_DB=$TMP/demo.db start_local --seed demo --insync-after 1 || { fail "r53-local"; finish; }

tmux_r53 130 50 R53_WAIT_INTERVAL_MS=200 R53_GUIDE_RECHECK_S=1 -- \
	--cache "$TMP/c.db" --endpoint-url "$LOCAL_URL" --domains-endpoint-url "$LOCAL_URL" \
	--root-hints "$HINTS"
wait_for "ONLINE" "online"

t send-keys -t t : 'delegate pending.test' Enter
wait_for "Delegating pending.test to its Route 53 hosted zone" ":delegate opens the guide"
wait_for "There is no public hosted zone named pending.test in this account." "step 1: no zone yet"
wait_for "pending.test is not registered with Route 53 Domains in this account" \
	"step 2: registered elsewhere"
wait_for "verdict: no-zone" "step 3: checked at once, no zone to compare with"
check_contains "the parent's NS and TTL, from the private hierarchy" \
	"The parent (test.) hands out ns.oldhost.test with a TTL of 2d 00:00:00." "$(screen)"

t send-keys -t t C
wait_for "create the public hosted zone pending.test? It gets 4 new name servers (y/N)" "C asks"
t send-keys -t t y
wait_for "(just created)" "the zone is created through the loop"
wait_for "hosted zone pending.test created" "the status line says so"
ZID=$(awsl route53 list-hosted-zones-by-name --dns-name pending.test |
	jq -r '.HostedZones[] | select(.Name == "pending.test.") | .Id' | sed 's|.*/||')
check_contains "r53-local holds the zone" "Z" "$ZID"
NS=$(awsl route53 get-hosted-zone --id "$ZID" | jq -r '.DelegationSet.NameServers[]')
check_eq "four name servers" 4 "$(echo "$NS" | wc -l)"

# The paste list: the zone's four name servers, one per line, without trailing dots.
wait_for "The name servers, one per line, ready to paste:" "the paste list"
s=$(screen)
for n in $NS; do
	n=${n%.}
	check_contains "$n on a line of its own" "
        $n
" "$s"
done
paste=$(echo "$s" | grep '^        ns-')
check_eq "the paste list is the four names, no trailing dots" \
	"$(echo "$NS" | sed 's/\.$//; s/^/        /')" "$paste"
check_contains "the steps at the registrar" "choose custom name servers" "$s"

# "Route 53" starts answering for the zone; the parent still points at the old host.
# shellcheck disable=SC2086
dnslab_route53 pending.test. $NS || fail "the zone's servers did not start"
wait_for "verdict: pending" "the re-check says pending"
wait_for "pending: the .test servers still point pending.test at ns.oldhost.test" \
	"pending, in words, with the old server"

# The registry acts: the parent now delegates to the zone's name servers.
# shellcheck disable=SC2086
dnslab_delegate pending.test. $NS || fail "the parent was not switched"
wait_for "verdict: delegated" "the re-check after the parent switched says delegated"
wait_for "The parent has switched. Resolvers that asked before may keep the old servers (ns.oldhost.test) for 1d 23:5" \
	"the old NS TTL counts down"
first=$(echo "$NS" | head -1)
check_contains "each zone server answers" "${first%.}" "$(screen)"
check_contains "130 columns: the name servers in a table" \
	"NAME SERVER                        PARENT ZONE REGISTRAR AUTH  SERIAL" "$(screen)"

# 40x12: the table stacks, each server's name then its answers in pairs, nothing cut
t resize-window -t t -x 40 -y 12
wait_for "[delegate pending.test]" "40x12: the guide is redrawn"
t send-keys -t t g
i=0
while [ $i -lt 120 ] && ! screen | grep -q "^    Name servers\$"; do
	t send-keys -t t j
	sleep 0.05
	i=$((i + 1))
done
t send-keys -t t j j j j
wait_for "      parent yes  zone yes  registrar ?" "40x12: a server's answers in pairs on a row"
wait_for "      authoritative yes  serial " "40x12: the rest on the next row"
check "40x12: a server's name on a row of its own, whole, its answers under it" sh -c \
	"tmux -L '$TSOCK' -f /dev/null capture-pane -p -t t | grep -A1 -E '^    ns-[0-9]+\.awsdns-[0-9]+\.(com|net|org|co\.uk)\$' | grep -q '^      parent yes'"
check "40x12: no row of the page is cut" sh -c "! tmux -L '$TSOCK' -f /dev/null capture-pane -p -t t | sed -n '2,10p' | grep -q '…'"
t resize-window -t t -x 130 -y 50
wait_for "NAME SERVER                        PARENT" "back at 130 columns: the table again"
# The window resolvers may keep the old set: from the first check that saw the switch, for
# the old TTL. Joined lines (the sentence wraps).
window() {
	screen | tr -s ' \n' '  ' | sed -n 's/.*\(from [0-9-]* [0-9:]* UTC, when a check first saw the switch, until [0-9-]* [0-9:]* UTC\).*/\1/p'
}
wait_for "when a check first saw the switch" "the window is shown"
WINDOW=$(window)
check_contains "the window ends two days (the old NS TTL) after the switch" \
	"until $(date -u -d "@$(($(date +%s) + 172800))" +%Y-%m-%d)" "$WINDOW"

t send-keys -t t q
wait_gone "Delegating pending.test" "q closes the guide"
# Re-opened, the guide still counts down, from the same moment (kept in the cache).
t send-keys -t t : 'delegate pending.test' Enter
wait_for "The parent has switched. Resolvers that asked before may keep the old servers (ns.oldhost.test) for 1d 23:5" \
	"re-opened, the guide still counts down"
check_eq "the same window after re-opening the guide" "$WINDOW" "$(window)"
t send-keys -t t q
wait_gone "Delegating pending.test" "q closes the guide again"
t send-keys -t t Q
wait_exited "Q quits"

# Restarted, r53 still knows when the parent switched.
tmux_r53 130 50 R53_WAIT_INTERVAL_MS=200 R53_GUIDE_RECHECK_S=1 -- \
	--cache "$TMP/c.db" --endpoint-url "$LOCAL_URL" --domains-endpoint-url "$LOCAL_URL" \
	--root-hints "$HINTS"
wait_for "ONLINE" "online again"
t send-keys -t t : 'delegate pending.test' Enter
wait_for "The parent has switched. Resolvers that asked before may keep the old servers (ns.oldhost.test) for 1d 23:5" \
	"after a restart, the guide still counts down"
check_eq "the same window after a restart" "$WINDOW" "$(window)"
t send-keys -t t Q
wait_exited "Q quits after the restart"
finish
