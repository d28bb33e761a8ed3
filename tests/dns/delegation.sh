#!/bin/sh
# r53 delegation against a private hierarchy of knot servers on 127.0.53.x (tests/tools/dnslab.sh):
# one domain per verdict, each verdict also the exit code.
. "$(dirname "$0")/../tools/lib.sh"
. "$(dirname "$0")/../tools/dnslab.sh"

dnslab_start || { fail "the test DNS hierarchy did not start"; finish; }

ZONE_NS=ns1.dns.test,ns2.dns.test
deleg() { "$R53" delegation "$@" --root-hints "$HINTS"; }

out=$(deleg good.test --zone-ns "$ZONE_NS" 2>&1)
check_eq "delegated: exit 0" 0 "$?"
check_contains "the parent's NS set and its TTL" \
	"The .test servers delegate good.test to ns1.dns.test and ns2.dns.test (TTL 86400: 1 day)." \
	"$out"
check_contains "each zone server asked for SOA" \
	"ns2.dns.test (127.0.53.4) answers authoritatively for good.test, serial 2024010101." "$out"
check_contains "delegated, in words" \
	"delegated: the .test servers point good.test at exactly the zone's name servers, and each answers authoritatively." \
	"$out"

out=$(deleg bücher.test --zone-ns "$ZONE_NS" 2>&1)
check_eq "an IDN domain typed in Unicode: delegated (0)" 0 "$?"
check_contains "the IDN domain as typed and as asked" \
	"bücher.test is xn--bcher-kva.test. in DNS (international name)." "$out"
check_eq "json: the IDN domain both ways" "xn--bcher-kva.test. bücher.test" \
	"$(deleg bücher.test --zone-ns "$ZONE_NS" --output json | jq -r '.domain + " " + .domain_unicode')"

# Four sets: the parent's, the registrar's, the hosted zone's and the apex NS the zone serves.
out=$(deleg good.test --zone-ns "$ZONE_NS" --registrar-ns ns.oldhost.test 2>&1)
check_eq "parent right, registrar not the zone's: pending (10)" 10 "$?"
check_contains "pending says the registrar differs" \
	"pending: the .test servers point good.test at the zone's name servers, but the registrar holds ns.oldhost.test" \
	"$out"
check_contains "the table has an APEX-NS column" \
	"NAME                             PARENT ZONE REGISTRAR APEX-NS AUTHORITATIVE SERIAL" "$out"
check_contains "the apex NS column per server" \
	"ns1.dns.test.                    yes    yes  no        yes     yes           2024010101" "$out"
json=$(deleg good.test --zone-ns "$ZONE_NS" --registrar-ns ns.oldhost.test --output json)
check_eq "json: which sets differ from the zone's" "registrar" \
	"$(echo "$json" | jq -r '.differs | join(",")')"
check_eq "json: the apex NS served" "ns1.dns.test.,ns2.dns.test." \
	"$(echo "$json" | jq -r '.served_ns | join(",")')"
out=$(deleg apex.test --zone-ns "$ZONE_NS" 2>&1)
check_eq "the zone serves another apex NS set: partial (11)" 11 "$?"
check_contains "the served apex NS, in words" \
	"The zone's servers answer with an apex NS record of ns1.dns.test, not the hosted zone's ns1.dns.test and ns2.dns.test: fix the zone's NS record." \
	"$out"
json=$(deleg apex.test --zone-ns "$ZONE_NS" --output json)
check_eq "json: in_served per server" "ns1.dns.test.=true ns2.dns.test.=false" \
	"$(echo "$json" | jq -r '[.servers[] | "\(.name)=\(.in_served)"] | join(" ")')"
check_eq "json: the served set differs" "served" "$(echo "$json" | jq -r '.differs | join(",")')"

# --zone-ns and no AWS credentials at all: the registrar's set is skipped with a notice.
out=$(env -u AWS_ACCESS_KEY_ID -u AWS_SECRET_ACCESS_KEY "$R53" delegation good.test \
	--zone-ns "$ZONE_NS" --root-hints "$HINTS" 2>"$TMP/nocreds.err")
check_eq "no credentials with --zone-ns: still delegated (0)" 0 "$?"
check_eq "no credentials: a one-line notice" \
	"r53 delegation: no AWS credentials, so the registrar's name servers (Route 53 Domains) are not compared; --registrar-ns NS,... gives them." \
	"$(cat "$TMP/nocreds.err")"
check_contains "no credentials: the verdict" "delegated: the .test servers point good.test" "$out"
out=$(env -u AWS_ACCESS_KEY_ID -u AWS_SECRET_ACCESS_KEY "$R53" delegation good.test \
	--root-hints "$HINTS" 2>&1)
check_eq "no credentials and no --zone-ns: the zone's set is needed, an error" 1 "$?"

# The parent still points at the old provider, which still answers with the old serial.
out=$(deleg pending.test --zone-ns "$ZONE_NS" 2>&1)
check_eq "pending: exit 10" 10 "$?"
check_contains "pending names the old servers and the parent NS TTL" \
	"pending: the .test servers still point pending.test at ns.oldhost.test, not at the zone's name servers; resolvers may keep that answer for 2 days (the parent's NS TTL)." \
	"$out"
check_contains "the old server's serial" \
	"ns.oldhost.test (127.0.53.6) answers authoritatively for pending.test, serial 1." "$out"
json=$(deleg pending.test --zone-ns "$ZONE_NS" --registrar-ns ns1.dns.test,ns2.dns.test --output json)
check_eq "json: verdict, exit code, parent set and TTL" "pending 10 ns.oldhost.test. 172800" \
	"$(echo "$json" | jq -r '"\(.verdict) \(.exit_code) \(.parent_ns | join(",")) \(.parent_ns_ttl)"')"
check_eq "json: serials per server" "ns.oldhost.test.=1 ns1.dns.test.=2 ns2.dns.test.=2" \
	"$(echo "$json" | jq -r '[.servers[] | "\(.name)=\(.serial)"] | join(" ")')"
check_contains "registrar already updated: the parent is behind" \
	"The registrar holds the same name servers; the parent has not caught up with the registrar yet." \
	"$(echo "$json" | jq -r '.sentences[]')"
out=$(deleg pending.test --zone-ns "$ZONE_NS" --registrar-ns ns.oldhost.test 2>&1)
check_contains "registrar not updated: what to set" \
	"The registrar holds ns.oldhost.test: set them to ns1.dns.test and ns2.dns.test at the registrar." \
	"$out"

out=$(deleg partial.test --zone-ns "$ZONE_NS" 2>&1)
check_eq "partial: exit 11" 11 "$?"
check_contains "partial, in words" \
	"partial: the .test servers and the zone share some name servers, not all: only the parent lists ns.oldhost.test; only the zone has ns2.dns.test." \
	"$out"

# ns.oldhost.test is listed by the parent (and the zone) but does not serve lame.test: REFUSED.
out=$(deleg lame.test --zone-ns ns1.dns.test,ns.oldhost.test 2>&1)
check_eq "lame: exit 12" 12 "$?"
check_contains "the lame server and why" \
	"ns.oldhost.test (127.0.53.6) does not answer authoritatively for lame.test: REFUSED." "$out"
check_contains "lame, in words" \
	"lame: ns.oldhost.test does not answer authoritatively for lame.test" "$out"

out=$(deleg silent.test --zone-ns ns.silent.test --timeout 300 2>&1)
check_eq "a server that never answers is lame: exit 12" 12 "$?"
check_contains "the silent server, in words" \
	"ns.silent.test (127.0.53.9) does not answer authoritatively for silent.test: no answer within 0.3 s." \
	"$out"

# Without --zone-ns the zone's name servers come from Route 53 (here r53-local): no zone named
# like the domain is no-zone; a zone there is compared with what the parent says.
start_local || { fail "r53-local did not start"; finish; }
r53l() { "$R53" --endpoint-url "$LOCAL_URL" --domains-endpoint-url "$LOCAL_URL" delegation "$@" \
	--root-hints "$HINTS"; }
out=$(r53l good.test 2>&1)
check_eq "no-zone: exit 13" 13 "$?"
check_contains "no-zone, in words" "no-zone: there is no hosted zone for good.test to compare with." \
	"$out"
out=$(r53l good.test --zone good.test 2>&1)
check_eq "an explicit --zone that does not exist: exit 1" 1 "$?"
zid=$(awsl route53 create-hosted-zone --name pending.test --caller-reference deleg-1 |
	jq -r '.HostedZone.Id')
zns=$(awsl route53 get-hosted-zone --id "$zid" | jq -r '.DelegationSet.NameServers | sort | join(",")')
json=$(r53l pending.test --output json 2>&1)
check_eq "the zone's NS read from Route 53: pending (10)" 10 "$?"
check_eq "the zone's NS are the hosted zone's" "$zns" \
	"$(echo "$json" | jq -r '.zone_ns | map(rtrimstr(".")) | sort | join(",")')"
check_eq "the parent still on the old set" "ns.oldhost.test." \
	"$(echo "$json" | jq -r '.parent_ns | join(",")')"
# The registrar's set comes from Route 53 Domains when the domain is registered there.
LOCAL_DB=$TMP/demo.db start_local --seed demo || { fail "r53-local (demo) did not start"; finish; }
json=$(r53l example.org --output json 2>/dev/null)
check_eq "registrar NS from Route 53 Domains" "ns1.other-dns.example,ns2.other-dns.example" \
	"$(echo "$json" | jq -r '.registrar_ns | map(rtrimstr(".")) | sort | join(",")')"

out=$(deleg nope.test --zone-ns "$ZONE_NS" 2>&1)
check_eq "a domain the parent does not know: pending (10)" 10 "$?"
check_contains "the parent says it does not exist" \
	"The .test servers say nope.test does not exist: it is not delegated (yet)." "$out"
check_contains "the parent's NXDOMAIN: how long resolvers keep it" \
	"Resolvers may remember that for 300 s: 5 minutes (the negative TTL, from the SOA minimum)." \
	"$out"
check_eq "json: parent_negative_ttl" 300 \
	"$(deleg nope.test --zone-ns "$ZONE_NS" --output json | jq -r .parent_negative_ttl)"

echo "nowhere.lab 127.0.53.250@$DNS_PORT" > "$TMP/hints-dead"
out=$("$R53" delegation good.test --zone-ns "$ZONE_NS" --root-hints "$TMP/hints-dead" 2>&1)
check_eq "no network: exit 3" 3 "$?"
check_contains "no network, in words" "Is the network up?" "$out"
json=$("$R53" delegation good.test --zone-ns "$ZONE_NS" --root-hints "$TMP/hints-dead" \
	--output json 2>"$TMP/dead.err")
check_eq "no network, json: still exit 3" 3 "$?"
check_eq "no network, json: verdict error and the message" \
	"error No name server could be reached: no server of the root zone can be reached (1 tried; Connection refused). Is the network up?" \
	"$(echo "$json" | jq -r '.verdict + " " + .message')"
check_contains "no network, json: the text on stderr too" "Is the network up?" "$(cat "$TMP/dead.err")"

out=$("$R53" delegation 2>&1)
check_eq "no domain: usage, exit 2" 2 "$?"
out=$("$R53" delegation good.test --zone-ns 'bad..name' --root-hints "$HINTS" 2>&1)
check_eq "a bad name server name: exit 2" 2 "$?"
check_contains "the bad name, in words" "'bad..name' is not a name server name" "$out"

finish
