# A private DNS hierarchy of real name servers (knotd) on 127.0.53.x, for tests/dns/*.sh.
# Source after lib.sh, then call dnslab_start. Sets DNS_PORT and HINTS (a root hints file).
#
#   127.0.53.1  root      .            delegates test. to ns1.nic.test (also on ::1 if any)
#   127.0.53.2  tld       test.        delegates the zones below
#   127.0.53.3  ns1.dns.test  } one knotd: dns.test good.test alias.test big.test glueless.test
#   127.0.53.4  ns2.dns.test  }            pending.test(new) partial.test lame.test
#                                          xn--bcher-kva.test (bücher.test) apex.test
#                             these zones are made in r53-local and served as `r53 export
#                             --format bind` writes them (each checked by named-checkzone)
#   127.0.53.6  ns.oldhost.test  oldhost.test pending.test(old) partial.test(old) other.test
#   127.0.53.9  ns.silent.test   a UDP socket that reads and never answers
#   127.0.53.10 ns.edns.test     edns.test: FORMERR to a query with EDNS, an answer without
#   127.0.53.250                 nothing listens (connection refused)
# Every daemon's pid goes to $T_PIDS, so lib.sh stops them on exit.
#
# For the delegation guide (tests/tmux/guide*.sh):
#   DNSLAB_TLDS="com. net. org. uk."  more top-level zones, served by the tld server next to test.
#   dnslab_route53 ZONE NS...   "Route 53" (127.0.53.7) serves ZONE with those NS, and each NS
#                               name resolves to it in its TLD (one of DNSLAB_TLDS)
#   dnslab_delegate ZONE NS...  the parent (a TLD) now delegates ZONE to NS... (the registry
#                               acting on a registrar's update): zone file rewritten, reloaded

DNS_NET=127.0.53
DNS_PORT=${DNS_PORT:-$((20000 + $$ % 20000))}
DNSLAB=$TMP/dnslab
HINTS=$DNSLAB/hints

DNSLAB_TLDS=${DNSLAB_TLDS:-}
DNSLAB_SERIAL=2024010101
DNSLAB_R53_ZONES=""

# dnslab_knot NAME "ADDR ADDR" ZONE... : writes a knot.conf for one server and starts it.
dnslab_knot() {
	dnslab_conf "$@"
	knotd -c "$DNSLAB/$1/knot.conf" > "$DNSLAB/$1/stdout.log" 2>&1 &
	T_PIDS="$T_PIDS $!"
}

# dnslab_conf NAME "ADDR ADDR" ZONE... : (re)writes the knot.conf of one server.
dnslab_conf() {
	name=$1 addrs=$2
	shift 2
	d=$DNSLAB/$name
	mkdir -p "$d/db"
	listen=""
	for a in $addrs; do listen="$listen${listen:+, }$a@$DNS_PORT"; done
	{
		echo "server:"
		echo "    rundir: \"$d\""
		echo "    user: root:root"
		echo "    pidfile: \"$d/knot.pid\""
		echo "    listen: [ $listen ]"
		echo "    udp-workers: 1"
		echo "    tcp-workers: 1"
		echo "    background-workers: 1"
		echo "database:"
		echo "    storage: \"$d/db\""
		echo "log:"
		echo "  - target: \"$d/knot.log\""
		echo "    any: info"
		echo "template:"
		echo "  - id: default"
		echo "    storage: \"$DNSLAB/zones\""
		echo "    semantic-checks: off"
		echo "zone:"
		for z in "$@"; do
			echo "  - domain: \"$z\""
			echo "    file: \"$(echo "$z" | sed 's/\.$//; s/^$/root/').${name}.zone\""
		done
	} > "$d/knot.conf"
}

# dnslab_reload NAME: the server re-reads its configuration and changed zone files.
dnslab_reload() {
	knotc -c "$DNSLAB/$1/knot.conf" reload > /dev/null
}

# dnslab_bump FILE: a new SOA serial on the zone file's first line (knot reloads only newer).
dnslab_bump() {
	DNSLAB_SERIAL=$((DNSLAB_SERIAL + 1))
	sed -i "1s/^\([^ ]* [0-9]* IN SOA [^ ]* [^ ]*\) [0-9]*/\1 $DNSLAB_SERIAL/" "$1"
}

# dnslab_parent_file ZONE: the TLD zone file that delegates ZONE ("a.test." -> test.tld.zone).
dnslab_parent_file() {
	p=${1#*.}
	echo "$DNSLAB/zones/${p%.}.tld.zone"
}

dnslab_route53() {
	zone=$1
	shift
	z=$DNSLAB/zones
	{
		soa "$zone" "$1." 1
		for n in "$@"; do echo "$zone 172800 IN NS ${n%.}."; done
	} > "$z/${zone%.}.r53.zone"
	touched=""
	for n in "$@"; do
		n=${n%.}
		f="$z/${n##*.}.tld.zone"
		case $n in *.co.uk) f="$z/uk.tld.zone" ;; esac
		echo "$n. 172800 IN A $DNS_NET.7" >> "$f"
		case " $touched " in *" $f "*) ;; *) touched="$touched $f" ;; esac
	done
	for f in $touched; do dnslab_bump "$f"; done
	dnslab_reload tld
	DNSLAB_R53_ZONES="$DNSLAB_R53_ZONES $zone"
	# shellcheck disable=SC2086
	if [ -f "$DNSLAB/r53/knot.conf" ]; then
		dnslab_conf r53 "$DNS_NET.7" $DNSLAB_R53_ZONES
		dnslab_reload r53
	else
		dnslab_knot r53 "$DNS_NET.7" $DNSLAB_R53_ZONES
	fi
	dnslab_wait "$DNS_NET.7" "$zone" || return 1
	# each name server's address is served by its TLD
	for n in "$@"; do
		i=0
		until kdig @"$DNS_NET.2" -p "$DNS_PORT" +norec +time=1 +retry=0 "${n%.}." A 2>/dev/null |
			grep -q "$DNS_NET.7"; do
			i=$((i + 1))
			[ $i -lt 100 ] || { echo "dnslab: $n has no address" >&2; return 1; }
			sleep 0.05
		done
	done
}

dnslab_delegate() {
	zone=$1
	shift
	f=$(dnslab_parent_file "$zone")
	grep -v "^$zone [0-9]* IN NS " "$f" > "$f.new"
	for n in "$@"; do echo "$zone 172800 IN NS ${n%.}." >> "$f.new"; done
	mv "$f.new" "$f"
	dnslab_bump "$f"
	dnslab_reload tld
	i=0
	until kdig @"$DNS_NET.2" -p "$DNS_PORT" +norec +time=1 +retry=0 "$zone" NS 2>/dev/null |
		grep -q "IN[[:space:]]*NS[[:space:]]*${1%.}\."; do
		i=$((i + 1))
		[ $i -lt 100 ] || { echo "dnslab: the parent does not delegate $zone to $1" >&2; return 1; }
		sleep 0.05
	done
}

# dnslab_wait ADDR ZONE: polls until the server answers SOA for ZONE authoritatively.
dnslab_wait() {
	i=0
	while [ $i -lt 100 ]; do
		if kdig @"$1" -p "$DNS_PORT" +norec +time=1 +retry=0 "$2" SOA 2>/dev/null |
			grep -q 'status: NOERROR.*' &&
			kdig @"$1" -p "$DNS_PORT" +norec +time=1 +retry=0 "$2" SOA 2>/dev/null |
			grep -q 'Flags: qr aa'; then
			return 0
		fi
		i=$((i + 1))
		sleep 0.05
	done
	echo "dnslab: $1 does not serve $2 on port $DNS_PORT" >&2
	cat "$DNSLAB"/*/knot.log "$DNSLAB"/*/stdout.log >&2 2>/dev/null
	return 1
}

soa() { # soa ZONE MNAME SERIAL
	if [ "$1" = . ]; then r=hostmaster.lab.; else r=hostmaster.$1; fi
	echo "$1 3600 IN SOA $2 $r $3 3600 600 86400 300"
}

dnslab_zones() {
	z=$DNSLAB/zones
	mkdir -p "$z"
	{
		soa . a.root-servers.lab. 2024010101
		echo ". 3600 IN NS a.root-servers.lab."
		echo "a.root-servers.lab. 3600 IN A $DNS_NET.1"
		echo "test. 172800 IN NS ns1.nic.test."
		echo "ns1.nic.test. 172800 IN A $DNS_NET.2"
		for t in $DNSLAB_TLDS; do echo "$t 172800 IN NS ns1.nic.test."; done
	} > "$z/root.root.zone"
	for t in $DNSLAB_TLDS; do
		{
			soa "$t" ns1.nic.test. "$DNSLAB_SERIAL"
			echo "$t 3600 IN NS ns1.nic.test."
		} > "$z/${t%.}.tld.zone"
	done
	{
		soa test. ns1.nic.test. 2024010101
		echo "test. 3600 IN NS ns1.nic.test."
		echo "ns1.nic.test. 3600 IN A $DNS_NET.2"
		echo "dns.test. 86400 IN NS ns1.dns.test."
		echo "dns.test. 86400 IN NS ns2.dns.test."
		echo "ns1.dns.test. 86400 IN A $DNS_NET.3"
		echo "ns2.dns.test. 86400 IN A $DNS_NET.4"
		echo "oldhost.test. 86400 IN NS ns.oldhost.test."
		echo "ns.oldhost.test. 86400 IN A $DNS_NET.6"
		for d in good alias big xn--bcher-kva apex; do
			echo "$d.test. 86400 IN NS ns1.dns.test."
			echo "$d.test. 86400 IN NS ns2.dns.test."
		done
		echo "glueless.test. 86400 IN NS ns3.dns.test."
		echo "pending.test. 172800 IN NS ns.oldhost.test."
		echo "partial.test. 86400 IN NS ns1.dns.test."
		echo "partial.test. 86400 IN NS ns.oldhost.test."
		echo "lame.test. 86400 IN NS ns1.dns.test."
		echo "lame.test. 86400 IN NS ns.oldhost.test."
		echo "other.test. 86400 IN NS ns.oldhost.test."
		echo "silent.test. 86400 IN NS ns.silent.test."
		echo "ns.silent.test. 86400 IN A $DNS_NET.9"
		echo "edns.test. 86400 IN NS ns.edns.test."
		echo "ns.edns.test. 86400 IN A $DNS_NET.10"
	} > "$z/test.tld.zone"
	# The zones of ns1/ns2.dns.test (what Route 53 would serve).
	zab() { # zab ZONE SERIAL NS... : SOA and NS lines
		zz=$1 ser=$2
		shift 2
		soa "$zz" "$1" "$ser"
		for n in "$@"; do echo "$zz 172800 IN NS $n"; done
	}
	{
		zab dns.test. 1 ns1.dns.test. ns2.dns.test.
		echo "ns1.dns.test. 86400 IN A $DNS_NET.3"
		echo "ns2.dns.test. 86400 IN A $DNS_NET.4"
		echo "ns3.dns.test. 86400 IN A $DNS_NET.4"
	} > "$z/dns.test.ab.zone"
	{
		zab good.test. 2024010101 ns1.dns.test. ns2.dns.test.
		echo "www.good.test. 300 IN A 192.0.2.1"
		echo "final.good.test. 300 IN A 192.0.2.80"
	} > "$z/good.test.ab.zone"
	{
		zab alias.test. 1 ns1.dns.test. ns2.dns.test.
		echo "www.alias.test. 300 IN CNAME web.other.test."
		echo "loop.alias.test. 300 IN CNAME loop.other.test."
		echo "self.alias.test. 300 IN CNAME self.alias.test."
		echo "ring1.alias.test. 300 IN CNAME ring2.alias.test."
		echo "ring2.alias.test. 300 IN CNAME ring1.alias.test."
	} > "$z/alias.test.ab.zone"
	{
		zab big.test. 1 ns1.dns.test. ns2.dns.test.
		i=0
		while [ $i -lt 30 ]; do
			echo "big.big.test. 300 IN TXT \"record $i: padding padding padding padding padding padding\""
			i=$((i + 1))
		done
	} > "$z/big.test.ab.zone"
	{
		zab glueless.test. 1 ns3.dns.test.
		echo "www.glueless.test. 300 IN A 192.0.2.3"
	} > "$z/glueless.test.ab.zone"
	{ # bücher.test, an international name
		zab xn--bcher-kva.test. 3 ns1.dns.test. ns2.dns.test.
		echo "www.xn--bcher-kva.test. 300 IN A 192.0.2.4"
	} > "$z/xn--bcher-kva.test.ab.zone"
	# Delegated to ns1 and ns2, but the zone's own NS record names only ns1.
	zab apex.test. 4 ns1.dns.test. > "$z/apex.test.ab.zone"
	zab pending.test. 2 ns1.dns.test. ns2.dns.test. > "$z/pending.test.ab.zone"
	zab partial.test. 5 ns1.dns.test. ns2.dns.test. > "$z/partial.test.ab.zone"
	zab lame.test. 7 ns1.dns.test. ns.oldhost.test. > "$z/lame.test.ab.zone"
	# The old provider.
	{
		zab oldhost.test. 1 ns.oldhost.test.
		echo "ns.oldhost.test. 86400 IN A $DNS_NET.6"
	} > "$z/oldhost.test.old.zone"
	zab pending.test. 1 ns.oldhost.test. > "$z/pending.test.old.zone"
	zab partial.test. 5 ns1.dns.test. ns2.dns.test. > "$z/partial.test.old.zone"
	{
		zab other.test. 1 ns.oldhost.test.
		echo "web.other.test. 300 IN CNAME final.good.test."
		echo "loop.other.test. 300 IN CNAME loop.alias.test."
	} > "$z/other.test.old.zone"
}

# dnslab_via_r53 FILE...: each zone file (SOA, NS and records, one per line) becomes a hosted
# zone in a private r53-local, and FILE is replaced by what `r53 export --format bind` makes of
# it, after named-checkzone has loaded it: the servers serve what Route 53 holds, as in life.
# The r53-local is stopped afterwards (a test starts its own).
dnslab_via_r53() {
	LOCAL_DB=$DNSLAB/r53-local.db
	start_local || return 1
	mkdir -p "$DNSLAB/src"
	for f in "$@"; do
		zone=$(awk 'NR == 1 { print $1 }' "$f")
		src=$DNSLAB/src/$(basename "$f")
		mv "$f" "$src"
		# CreateHostedZone straight over HTTP (SigV4 by curl): the AWS CLI takes a second a call.
		zid=$(curl -sS --aws-sigv4 "aws:amz:us-east-1:route53" \
			--user "$AWS_ACCESS_KEY_ID:$AWS_SECRET_ACCESS_KEY" -H 'Content-Type: text/xml' \
			-X POST "$LOCAL_URL/2013-04-01/hostedzone" --data "<?xml version=\"1.0\"?>
<CreateHostedZoneRequest xmlns=\"https://route53.amazonaws.com/doc/2013-04-01/\"><Name>$zone</Name>\
<CallerReference>dnslab-$zone</CallerReference></CreateHostedZoneRequest>" |
			sed -n 's|.*<Id>/hostedzone/\([A-Z0-9]*\)</Id>.*|\1|p')
		[ -n "$zid" ] || { echo "dnslab: r53-local did not create $zone" >&2; return 1; }
		# The zone's lines as one change batch: UPSERT each RRset (the apex SOA and NS too).
		jq -R -s '[split("\n")[] | select(length > 0)
			| capture("^(?<n>\\S+)\\s+(?<t>[0-9]+)\\s+IN\\s+(?<y>\\S+)\\s+(?<v>.*)$")]
			| group_by(.n + " " + .y)
			| {Changes: map({Action: "UPSERT", ResourceRecordSet: {Name: .[0].n, Type: .[0].y,
				TTL: (.[0].t | tonumber), ResourceRecords: map({Value: .v})}})}' \
			"$src" > "$src.json" || return 1
		"$R53" --endpoint-url "$LOCAL_URL" apply "$zid" "$src.json" > "$src.apply" 2>&1 ||
			{ echo "dnslab: r53 apply $zone failed:" >&2; cat "$src.apply" >&2; return 1; }
		"$R53" --endpoint-url "$LOCAL_URL" export "$zid" --format bind > "$f" ||
			{ echo "dnslab: r53 export $zone failed" >&2; return 1; }
		named-checkzone -q "$zone" "$f" ||
			{ echo "dnslab: named-checkzone refuses r53's export of $zone:" >&2
			  named-checkzone "$zone" "$f" >&2; return 1; }
	done
	stop_local
	unset LOCAL_DB LOCAL_URL LOCAL_PID
}

dnslab_start() {
	mkdir -p "$DNSLAB"
	dnslab_zones
	dnslab_via_r53 "$DNSLAB"/zones/*.ab.zone || return 1
	# The root also listens on ::1 when there is one, for an IPv6 query.
	DNSLAB_V6=""
	ip -6 addr show dev lo 2>/dev/null | grep -q 'inet6 ::1/' && DNSLAB_V6=1
	dnslab_knot root "$DNS_NET.1${DNSLAB_V6:+ ::1}" .
	# shellcheck disable=SC2086
	dnslab_knot tld "$DNS_NET.2" test. $DNSLAB_TLDS
	dnslab_knot ab "$DNS_NET.3 $DNS_NET.4" dns.test. good.test. alias.test. big.test. \
		glueless.test. pending.test. partial.test. lame.test. xn--bcher-kva.test. apex.test.
	dnslab_knot old "$DNS_NET.6" oldhost.test. pending.test. partial.test. other.test.
	# A server that takes every query and never answers.
	python3 -c '
import socket, sys
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.bind((sys.argv[1], int(sys.argv[2])))
open(sys.argv[3], "w").close()
while True:
    s.recv(65535)
' "$DNS_NET.9" "$DNS_PORT" "$DNSLAB/silent.ready" &
	T_PIDS="$T_PIDS $!"
	# A server from before EDNS: FORMERR to any query with an OPT record; without one, an
	# authoritative A 192.0.2.10 for every A question (no data for other types).
	python3 -c '
import socket, struct, sys
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.bind((sys.argv[1], int(sys.argv[2])))
open(sys.argv[3], "w").close()
while True:
    q, peer = s.recvfrom(65535)
    if len(q) < 17:
        continue
    qid, flags, qd, an, ns, ar = struct.unpack(">HHHHHH", q[:12])
    i = 12
    while i < len(q) and q[i]:
        i += 1 + q[i]
    question, qtype = q[12:i + 5], struct.unpack(">H", q[i + 1:i + 3])[0]
    if ar:
        s.sendto(struct.pack(">HHHHHH", qid, 0x8001, 1, 0, 0, 0) + question, peer)
    elif qtype == 1:
        rr = b"\xc0\x0c" + struct.pack(">HHIH", 1, 1, 300, 4) + socket.inet_aton("192.0.2.10")
        s.sendto(struct.pack(">HHHHHH", qid, 0x8400, 1, 1, 0, 0) + question + rr, peer)
    else:
        s.sendto(struct.pack(">HHHHHH", qid, 0x8400, 1, 0, 0, 0) + question, peer)
' "$DNS_NET.10" "$DNS_PORT" "$DNSLAB/edns.ready" &
	T_PIDS="$T_PIDS $!"
	echo "a.root-servers.lab $DNS_NET.1@$DNS_PORT" > "$HINTS"
	dnslab_wait "$DNS_NET.1" . || return 1
	dnslab_wait "$DNS_NET.2" test. || return 1
	dnslab_wait "$DNS_NET.3" good.test. || return 1
	dnslab_wait "$DNS_NET.4" lame.test. || return 1
	dnslab_wait "$DNS_NET.6" other.test. || return 1
	i=0
	while { [ ! -f "$DNSLAB/silent.ready" ] || [ ! -f "$DNSLAB/edns.ready" ]; } &&
		[ $i -lt 100 ]; do
		sleep 0.05
		i=$((i + 1))
	done
	[ -f "$DNSLAB/silent.ready" ] && [ -f "$DNSLAB/edns.ready" ]
}
