#!/bin/sh
# The TUI against r53-local with an empty cache: the zones arrive from the background sync
# (ONLINE); r53-local stopped, a refresh shows OFFLINE and browsing goes on from the cache; a
# later start with nothing listening paints the cached zones and says OFFLINE.
. "$(dirname "$0")/../tools/libtmux.sh"

start_local --seed demo
run_r53() {
	tmux_r53 100 24 -- \
		--cache "$TMP/c.db" --endpoint-url "$LOCAL_URL" --domains-endpoint-url "$LOCAL_URL" "$@"
}

run_r53
wait_for "shop.example.net." "empty cache: the zones arrive from Route 53"
wait_for " ONLINE " "header says ONLINE"
wait_for "[zones] 1/4" "four zones"
wait_gone "ONLINE syncing" "the first sync ends"

# domains: ListDomains has no name servers; each domain's detail brings the registrar's, and
# example.com's match its zone's apex NS. Health checks: statuses from the checkers.
t send-keys -t t D
wait_for "ns1.other-dns.example." "the registrar's name servers (GetDomainDetail)"
# r53-local's demo domains expire 330 days after they are seeded (controlplane/domains.c).
EXPIRY=$(date -u -d '+330 days' +%F)
wait_for " example.com.             $EXPIRY yes   yes  ✓ zone's NS  ns-74.awsdns-02.com." "example.com is delegated to its zone's NS"
t send-keys -t t H
wait_for "HTTP             healthy " "the HTTP check's status from its observations"
wait_for "HTTPS_STR_MATCH  unhealthy " "the HTTPS check's status"
t send-keys -t t z
wait_for "[zones] 1/4" "back to the zones"

# a zone made elsewhere: r re-reads the zone list; opening the zone reads its record sets
NEW=$(awsl route53 create-hosted-zone --name new.example --caller-reference sync-tmux | jq -r .HostedZone.Id)
awsl route53 change-resource-record-sets --hosted-zone-id "$NEW" --change-batch \
	'{"Changes":[{"Action":"CREATE","ResourceRecordSet":{"Name":"fresh.new.example","Type":"A","TTL":60,"ResourceRecords":[{"Value":"198.51.100.5"}]}}]}' > /dev/null
t send-keys -t t r
wait_for "[zones] 1/5" "r re-reads the zone list"
wait_for "new.example." "the new zone is listed"
t send-keys -t t : r e c o r d s Space n e w . e x a m p l e Enter
wait_for "fresh.new.example." "opening it reads its record sets"
wait_for "[records new.example., cached" "from the cache, now filled"
t send-keys -t t q
wait_for "[zones] 1/5" "back to the zones"
t send-keys -t t Enter
wait_for "[records example.com., cached" "the zone opens from the cache"
wait_for "] 1/39" "its record sets are there"
stop_local
t send-keys -t t r
wait_for "OFFLINE cache" "r53-local stopped: a refresh shows OFFLINE"
wait_for "OFFLINE: ListResourceRecordSets: cannot reach" "the status line says why"
t send-keys -t t j
wait_for "[records example.com., cached" "browsing goes on"
t send-keys -t t S
wait_for "OFFLINE: ListResourceRecordSets: cannot reach" "S while offline says why again"
t send-keys -t t q q
wait_for "r53 exited 0" "quits"

run_r53
wait_for "shop.example.net." "unreachable start: cached zones on the first frame"
wait_for "OFFLINE cache" "and OFFLINE in the header"
t send-keys -t t q
wait_for "r53 exited 0" "quits"

run_r53 --offline
wait_for "shop.example.net." "--offline start: cached zones"
wait_for "OFFLINE cache" "--offline: OFFLINE"
t send-keys -t t S
wait_for "OFFLINE: started with --offline" "--offline: S says why it cannot"
t send-keys -t t q
wait_for "r53 exited 0" "quits"
finish
