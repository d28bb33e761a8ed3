#!/bin/sh
# r53 trace against a private hierarchy of knot servers on 127.0.53.x (tests/tools/dnslab.sh).
. "$(dirname "$0")/../tools/lib.sh"
. "$(dirname "$0")/../tools/dnslab.sh"

dnslab_start || { fail "the test DNS hierarchy did not start"; finish; }

trace() { "$R53" trace "$@" --root-hints "$HINTS"; }

# The zones of ns1/ns2.dns.test were made in r53-local and exported by r53 as zone files.
check_contains "the lab serves r53's export of good.test" "; zone good.test. (hosted zone Z" \
	"$(head -n 1 "$DNSLAB/zones/good.test.ab.zone")"
check_contains "the export holds the records made in r53-local" \
	"www.good.test.	300	IN	A	192.0.2.1" "$(cat "$DNSLAB/zones/good.test.ab.zone")"

out=$(trace www.good.test 2>&1)
rc=$?
check_eq "a plain answer exits 0" 0 "$rc"
check_contains "the root's referral, in words" \
	"The root servers say test is served by ns1.nic.test." "$out"
check_contains "the TLD's referral, in words" \
	"The .test servers say good.test is served by ns1.dns.test and ns2.dns.test." "$out"
check_contains "the answer, in words" \
	"The good.test servers answer: www.good.test has 1 A record: 192.0.2.1." "$out"
check_contains "each step names the server, address and port" \
	"ns1.nic.test. (127.0.53.2#$DNS_PORT) udp" "$out"
check_contains "referrals list their glue" "ns1.dns.test. A 127.0.53.3" "$out"
check_contains "the answer's AA flag is shown" "answer, aa" "$out"
check_contains "the final records" "www.good.test. 300 IN A 192.0.2.1" "$out"

json=$(trace www.good.test --output json)
check_eq "json: outcome" "done answer" "$(echo "$json" | jq -r '.outcome + " " + .result')"
check_eq "json: three steps, root to zone" "referral referral answer" \
	"$(echo "$json" | jq -r '[.steps[].kind] | join(" ")')"
check_eq "json: servers asked" "127.0.53.1 127.0.53.2 127.0.53.3" \
	"$(echo "$json" | jq -r '[.steps[].address] | join(" ")')"
check_eq "json: the final answer" "www.good.test. 300 IN A 192.0.2.1" \
	"$(echo "$json" | jq -r '.records[0]')"
check_eq "json: the TLD's glue" "ns1.dns.test.=127.0.53.3 ns2.dns.test.=127.0.53.4" \
	"$(echo "$json" | jq -r '[.steps[1].glue[] | .name + "=" + .address] | join(" ")')"
check_eq "json: AA only on the answer" "false false true" \
	"$(echo "$json" | jq -r '[.steps[].aa] | map(tostring) | join(" ")')"

# A CNAME chain across three zones on two different sets of servers.
out=$(trace www.alias.test 2>&1)
rc=$?
check_eq "a CNAME chain exits 0" 0 "$rc"
check_contains "first alias, in words" \
	"The alias.test servers say www.alias.test is an alias for web.other.test; following it." \
	"$out"
check_contains "second alias, from the other zone's servers" \
	"The other.test servers say web.other.test is an alias for final.good.test; following it." \
	"$out"
check_contains "the chain's end" "final.good.test. 300 IN A 192.0.2.80" "$out"
json=$(trace www.alias.test --output json)
check_eq "json: the chain restarts from the best known referral (.test), not the root" \
	"127.0.53.1 127.0.53.2 127.0.53.3 127.0.53.2 127.0.53.6 127.0.53.2 127.0.53.3" \
	"$(echo "$json" | jq -r '[.steps[].address] | join(" ")')"
check_eq "json: final name after the chain" "final.good.test." "$(echo "$json" | jq -r .final_name)"

out=$(trace loop.alias.test 2>&1)
rc=$?
check_eq "a CNAME loop across zones: exit 1" 1 "$rc"
check_contains "the loop, in words" \
	"Could not resolve loop.alias.test A: CNAME loop at loop.alias.test." "$out"

# A name that is an alias for itself, and two that point at each other in one answer: a clear
# message and exit 1, never "no data", never a spin.
out=$(timeout 20 "$R53" trace self.alias.test --root-hints "$HINTS" 2>&1)
check_eq "a CNAME to itself: exit 1" 1 "$?"
check_contains "the self-loop, in words" \
	"Could not resolve self.alias.test A: CNAME loop at self.alias.test." "$out"
out=$(timeout 20 "$R53" trace ring1.alias.test --root-hints "$HINTS" 2>&1)
check_eq "a CNAME loop inside one answer: exit 1" 1 "$?"
check_contains "the answer's loop, in words" \
	"Could not resolve ring1.alias.test A: CNAME loop at ring1.alias.test." "$out"
check_contains "the step says the answer loops" \
	"The alias.test servers say ring1.alias.test is an alias that leads back to ring1.alias.test: a CNAME loop." \
	"$out"

# 30 TXT records (about 2.5 kB): too big for UDP, so the same server is asked over TCP.
json=$(trace big.big.test TXT --output json)
check_eq "truncated over UDP, then TCP" "udp truncated tcp answer" \
	"$(echo "$json" | jq -r '.steps[-2:] | map(.protocol + " " + .kind) | join(" ")')"
check_eq "all 30 records arrive over TCP" 30 "$(echo "$json" | jq -r '.records | length')"
out=$(trace big.big.test TXT)
check_contains "truncation, in words" \
	"did not fit in UDP (truncated); asking again over TCP." "$out"

# glueless.test's only server, ns3.dns.test, has no glue in test.: it is looked up first.
out=$(trace www.glueless.test 2>&1)
rc=$?
check_eq "a glue-less delegation resolves" 0 "$rc"
check_contains "the missing glue, in words" \
	"No address known for ns3.dns.test: looking it up from the root." "$out"
check_contains "the name server's address found" \
	"The dns.test servers answer: ns3.dns.test has 1 A record: 127.0.53.4." "$out"
check_contains "then the answer from it" "ns3.dns.test. (127.0.53.4#$DNS_PORT) udp" "$out"

# An international name typed in Unicode: asked in its xn-- form, shown both ways.
out=$(trace www.bücher.test 2>&1)
check_eq "an IDN typed in Unicode resolves: exit 0" 0 "$?"
check_contains "the IDN as typed and as asked" \
	"www.bücher.test is www.xn--bcher-kva.test. in DNS (international name)." "$out"
check_contains "the IDN's answer" "www.xn--bcher-kva.test. 300 IN A 192.0.2.4" "$out"
json=$(trace www.bücher.test --output json)
check_eq "json: the IDN both ways" "www.xn--bcher-kva.test. www.bücher.test" \
	"$(echo "$json" | jq -r '.name + " " + .name_unicode')"
out=$(trace "$(printf 'www.b\303.test')" 2>&1)
check_eq "broken UTF-8: usage error" 2 "$?"
check_contains "broken UTF-8, in words" "is not a valid international name" "$out"

out=$(trace nope.good.test 2>&1)
rc=$?
check_eq "NXDOMAIN is an answer: exit 0" 0 "$rc"
check_contains "NXDOMAIN, in words" "The good.test servers say nope.good.test does not exist." "$out"
check_contains "NXDOMAIN: the negative TTL from the SOA minimum" \
	"negative TTL 300 (the SOA minimum): resolvers keep this answer that long" "$out"
check_eq "json: negative_ttl on the NXDOMAIN step" 300 \
	"$(trace nope.good.test --output json | jq -r '.steps[-1].negative_ttl')"

# TYPE ANY: accepted and named; one query: "1 query".
out=$(trace www.good.test ANY 2>&1)
check_eq "ANY: exit 0" 0 "$?"
check_contains "ANY named in the summary" "www.good.test ANY: " "$out"
check_eq "json: the type ANY" ANY "$(trace www.good.test ANY --output json | jq -r .type)"
out=$(trace a.root-servers.lab 2>&1)
check_contains "one query, singular" "a.root-servers.lab A: 1 record in the answer, after 1 query." \
	"$out"

out=$(trace www.good.test MX 2>&1)
check_contains "NODATA, in words" \
	"The good.test servers say www.good.test exists but has no MX records." "$out"

# A server from before EDNS: FORMERR to the OPT record, then asked again without EDNS.
out=$(trace www.edns.test 2>&1)
check_eq "FORMERR to EDNS, then an answer without: exit 0" 0 "$?"
check_contains "the EDNS retry, in words" \
	"ns.edns.test (127.0.53.10) answered FORMERR to a query with EDNS; asking again without EDNS." \
	"$out"
check_contains "the answer without EDNS" "www.edns.test. 300 IN A 192.0.2.10" "$out"
json=$(trace www.edns.test --output json)
check_eq "json: the last two steps, with and without EDNS" "true lame false answer" \
	"$(echo "$json" | jq -r '.steps[-2:] | map("\(.edns) \(.kind)") | join(" ")')"

# A server that takes the query and never answers: bounded wait, clear message.
out=$(trace www.silent.test --timeout 300 2>&1)
rc=$?
check_eq "a silent server: exit 1" 1 "$rc"
check_contains "the silent server, in words" \
	"ns.silent.test (127.0.53.9) did not answer within 0.3 s." "$out"
check_contains "why it stopped" \
	"Could not resolve www.silent.test A: no server of the silent.test zone answered within 0.3 s (1 tried)." \
	"$out"
check_eq "json: outcome failed" failed \
	"$(trace www.silent.test --timeout 300 --output json 2>/dev/null | jq -r .outcome)"

# Nothing listening at the root: "no network", exit 3.
echo "nowhere.lab 127.0.53.250@$DNS_PORT" > "$TMP/hints-dead"
out=$("$R53" trace www.good.test --root-hints "$TMP/hints-dead" 2>&1)
rc=$?
check_eq "no root server reachable: exit 3" 3 "$rc"
check_contains "no network, in words" \
	"No name server could be reached: no server of the root zone can be reached (1 tried; Connection refused). Is the network up?" \
	"$out"

# A second root address that is dead: the next one is used.
printf 'nowhere.lab 127.0.53.250@%s\na.root-servers.lab %s.1@%s\n' "$DNS_PORT" "$DNS_NET" \
	"$DNS_PORT" > "$TMP/hints-two"
out=$("$R53" trace www.good.test --root-hints "$TMP/hints-two" 2>&1)
check_contains "a dead root server is skipped" "www.good.test. 300 IN A 192.0.2.1" "$out"

# IPv6: the root asked on ::1 (the rest of the hierarchy has IPv4 glue).
if [ -n "$DNSLAB_V6" ]; then
	echo "a.root-servers.lab ::1@$DNS_PORT" > "$TMP/hints-v6"
	json=$("$R53" trace www.good.test --root-hints "$TMP/hints-v6" --output json)
	check_eq "IPv6: the root answers on ::1" "::1 referral" \
		"$(echo "$json" | jq -r '.steps[0].address + " " + .steps[0].kind')"
	check_eq "IPv6: then IPv4 glue is followed to the answer" "www.good.test. 300 IN A 192.0.2.1" \
		"$(echo "$json" | jq -r '.records[0]')"
fi

# -4 / -6 when no server has an address of that family: the family named, not "the network".
out=$(trace www.good.test -6 2>&1)
check_eq "-6 and only IPv4 root servers: exit 3" 3 "$?"
check_contains "-6 without IPv6 addresses, in words" \
	"No name server could be reached: no server of the root zone has an IPv6 address, and -6 allows only IPv6." \
	"$out"
check_eq "-6: no 'is the network up' question" "" "$(echo "$out" | grep 'network up')"
if [ -n "$DNSLAB_V6" ]; then
	out=$("$R53" trace www.good.test -4 --root-hints "$TMP/hints-v6" 2>&1)
	check_eq "-4 and only an IPv6 root: exit 3" 3 "$?"
	check_contains "-4 without IPv4 addresses, in words" \
		"no server of the root zone has an IPv4 address, and -4 allows only IPv4." "$out"
	out=$("$R53" trace www.good.test -6 --root-hints "$TMP/hints-v6" 2>&1)
	check_eq "-6: the root on ::1, then IPv4-only glue: exit 1" 1 "$?"
	check_contains "-6 stops at the first zone without IPv6, named" \
		"Could not resolve www.good.test A: no server of the .test zone has an IPv6 address, and -6 allows only IPv6." \
		"$out"
fi

# Usage and bad hints.
printf 'a.root 127.0.0.1\nbad line here with too many\n' > "$TMP/hints-bad"
out=$("$R53" trace www.good.test --root-hints "$TMP/hints-bad" 2>&1)
rc=$?
check_eq "bad hints: exit 2" 2 "$rc"
check_contains "bad hints: file and line" "hints-bad: 2: expected 'NAME ADDRESS[@PORT]'" "$out"
printf '# nothing here\n' > "$TMP/hints-empty"
out=$("$R53" trace www.good.test --root-hints "$TMP/hints-empty" 2>&1)
check_eq "hints without an address: exit 2" 2 "$?"
check_eq "hints without an address: the file named" \
	"r53: $TMP/hints-empty: no server address in it (expected lines 'NAME ADDRESS[@PORT]')" "$out"
out=$("$R53" trace 2>&1)
check_eq "no name: usage, exit 2" 2 "$?"
out=$("$R53" trace www.good.test NOSUCHTYPE --root-hints "$HINTS" 2>&1)
check_eq "unknown type: exit 2" 2 "$?"
check_contains "unknown type, in words" "unknown record type 'NOSUCHTYPE'" "$out"

finish
