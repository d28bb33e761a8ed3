#!/bin/sh
# The delegation guide for a domain registered with Route 53 Domains (r53-local's demo
# example.org, NS at another DNS host), in a private hierarchy that serves org.: N on the
# domains view opens the guide, C creates the zone, U updates the registrar through the loop
# and follows the operation to SUCCESSFUL (the AWS CLI agrees), and the re-check goes from
# pending to delegated once the .org registry acts on the update.
. "$(dirname "$0")/../tools/libtmux.sh"
DNSLAB_TLDS="com. net. org. uk. example."
. "$(dirname "$0")/../tools/dnslab.sh"

dnslab_start || { fail "the test DNS hierarchy did not start"; finish; }
# Today example.org is served by another DNS host (127.0.53.8), as the registrar says.
Z=$DNSLAB/zones
{
	soa example.org. ns1.other-dns.example. 7
	echo "example.org. 172800 IN NS ns1.other-dns.example."
	echo "example.org. 172800 IN NS ns2.other-dns.example."
} > "$Z/example.org.olddns.zone"
dnslab_knot olddns "$DNS_NET.8" example.org.
{
	echo "example.org. 172800 IN NS ns1.other-dns.example."
	echo "example.org. 172800 IN NS ns2.other-dns.example."
} >> "$Z/org.tld.zone"
{
	echo "ns1.other-dns.example. 172800 IN A $DNS_NET.8"
	echo "ns2.other-dns.example. 172800 IN A $DNS_NET.8"
} >> "$Z/example.tld.zone"
dnslab_bump "$Z/org.tld.zone"
dnslab_bump "$Z/example.tld.zone"
dnslab_reload tld
dnslab_wait "$DNS_NET.8" example.org. || { fail "the old DNS host did not start"; finish; }
out=$("$R53" delegation example.org --zone-ns ns1.other-dns.example,ns2.other-dns.example \
	--root-hints "$HINTS" 2>&1)
check_eq "the hierarchy delegates example.org to the old host" 0 "$?"

LOCAL_DB=$TMP/demo.db start_local --seed demo --insync-after 1 || { fail "r53-local"; finish; }
tmux_r53 130 50 R53_WAIT_INTERVAL_MS=200 R53_GUIDE_RECHECK_S=1 R53_ROOT_HINTS="$HINTS" -- \
	--cache "$TMP/c.db" --endpoint-url "$LOCAL_URL" --domains-endpoint-url "$LOCAL_URL"
wait_for "ONLINE" "online"
t send-keys -t t D
wait_for "example.org" "the domains view lists example.org"
wait_for "N Delegate" "the key bar offers the guide"
t send-keys -t t G N
wait_for "Delegating example.org to its Route 53 hosted zone" "N opens the guide on the domain"
wait_for "example.org is registered with Route 53 Domains." "step 2: registered here"
wait_for "registrar now: ns1.other-dns.example  ns2.other-dns.example" \
	"the registrar's name servers, read through the loop"
wait_for "verdict: no-zone" "no zone yet"

t send-keys -t t U
wait_for "the zone's name servers are not known yet (step 1)" "U before there is a zone says why"
t send-keys -t t C y
wait_for "(just created)" "C creates the zone"
ZID=$(awsl route53 list-hosted-zones-by-name --dns-name example.org |
	jq -r '.HostedZones[] | select(.Name == "example.org.") | .Id' | sed 's|.*/||')
NS=$(awsl route53 get-hosted-zone --id "$ZID" | jq -r '.DelegationSet.NameServers[]')
check_eq "the new zone has four name servers" 4 "$(echo "$NS" | wc -l)"
# shellcheck disable=SC2086
dnslab_route53 example.org. $NS || fail "the zone's servers did not start"
wait_for "verdict: pending" "pending: the parent still points at the old host"
wait_for "The registrar holds ns1.other-dns.example and ns2.other-dns.example: set them to" \
	"the check says the registrar is behind"
wait_for "U sets the registrar's name servers to the zone's." "the guide offers U"

t send-keys -t t U
wait_for "set the registrar's name servers of example.org to $(echo "$NS" | head -1 | sed 's/\.$//')" \
	"U asks, naming the new servers"
t send-keys -t t y
wait_for "SUCCESSFUL" "the operation is followed to SUCCESSFUL through the loop"
wait_for "The registrar holds the zone's name servers." "the registrar now holds the zone's NS"
OP=$(screen | sed -n 's/.*UpdateDomainNameservers: operation \([^ ]*\) SUCCESSFUL.*/\1/p' | head -1)
check_eq "AWS CLI: the operation is SUCCESSFUL" "SUCCESSFUL UPDATE_NAMESERVER" \
	"$(awsl route53domains get-operation-detail --operation-id "$OP" | jq -r '"\(.Status) \(.Type)"')"
check_eq "AWS CLI: the registrar holds the zone's name servers" \
	"$(echo "$NS" | sed 's/\.$//' | sort)" \
	"$(awsl route53domains get-domain-detail --domain-name example.org |
		jq -r '.Nameservers[].Name' | sed 's/\.$//' | sort)"
wait_for "The registrar holds the same name servers; the parent has not caught up with the registrar yet." \
	"the re-check: the registrar is done, the parent is not"

# The .org registry acts on the registrar's update.
# shellcheck disable=SC2086
dnslab_delegate example.org. $NS || fail "the parent was not switched"
wait_for "verdict: delegated" "example.org moves from pending to delegated"
wait_for "may keep the old servers (ns1.other-dns.example, ns2.other-dns.example)" \
	"the old servers are named"
wait_for "for 1d 23:5" "the old servers' NS TTL (2 days) counts down"

t send-keys -t t q
wait_for "DELEGATION" "q goes back to the domains view"
t send-keys -t t Q
wait_exited "Q quits"
finish
