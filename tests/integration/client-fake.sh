#!/bin/sh
# The real r53 subcommands against a canned Route 53 peer on loopback (fake_route53.py): paging,
# export formats, apply/set-ttl/wait, retries and faults, credentials order, IMDSv2, Domains.
# Until r53-local is on main this is the client's HTTP-level test; the AWS CLI checks the shapes.
. "$(dirname "$0")/../tools/lib.sh"

FAKE=$ROOT/tests/integration/fake_route53.py
export R53_MAX_RPS=0 R53_RETRY_BASE_MS=10 R53_WAIT_INTERVAL_MS=50

# start_fake [ARGS...]: sets URL and LOG; every fake lives until the test ends.
start_fake() {
	LOG=$TMP/fake.$(date +%s%N).log
	out=$TMP/fake.$(date +%s%N).out
	python3 "$FAKE" --log "$LOG" "$@" > "$out" 2>&1 &
	T_PIDS="$T_PIDS $!"
	i=0
	while [ $i -lt 200 ]; do
		URL=$(sed -n 's/^fake-route53 listening on \(http:[^ ]*\)$/\1/p' "$out" 2>/dev/null)
		[ -n "$URL" ] && { : > "$LOG"; return 0; }
		sleep 0.05
		i=$((i + 1))
	done
	cat "$out" >&2
	return 1
}
r53() { "$R53" --endpoint-url "$URL" --domains-endpoint-url "$URL" "$@"; }

start_fake --records 10000
# --- listing and paging -------------------------------------------------------------------
out=$(r53 zones)
check_contains "zones: aligned table header" "ID         NAME          RECORDS  TYPE    COMMENT" "$out"
check_contains "zones: comment kept verbatim" "main & <site>" "$out"
check_eq "zones --output json: AWS shape" "Z1EXAMPLE example.com. 10010" \
	"$(r53 --output json zones | python3 -c 'import json,sys; z=json.load(sys.stdin)["HostedZones"][0]; print(z["Id"].split("/")[-1], z["Name"], z["ResourceRecordSetCount"])')"

: > "$LOG"
n=$(r53 records Z1EXAMPLE | wc -l)
check_eq "records: 10,010 record sets plus a header" 10011 "$n"
check_eq "records: 34 ListResourceRecordSets requests for 10,010 records at 300" 34 \
	"$(grep -c '/rrset?' "$LOG")"
check_eq "records: one reused connection" 1 "$(sed -n 's/.* port=\([0-9]*\) .*/\1/p' "$LOG" | sort -u | wc -l)"
check_contains "records: paging passes NextRecordName and NextRecordType, query sorted" \
	"rrset?maxitems=300&name=h00294.example.com.&type=A" "$(cat "$LOG")"

# --- the non-blocking API, as the TUI drives it -------------------------------------------
out=$("$BUILD/bin/client-async" "$URL")
check_eq "async: every zone paged, concurrently, one request per page" "Z1EXAMPLE example.com. 10010 rrsets in 34 pages
Z2OTHER other.org. 2 rrsets in 1 pages
requests 36
contact 1 after 36
pending 0 timeout -1" "$out"
out=$(R53_MAX_RPS=20 "$BUILD/bin/client-async" "$URL" | tail -3)
check_eq "async with a rate limit: same answers" "requests 36
contact 1 after 36
pending 0 timeout -1" "$out"
# nothing listens: the last contact is "not reached" (what the TUI's header says OFFLINE from)
dead=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
out=$(AWS_MAX_ATTEMPTS=1 "$BUILD/bin/client-async" "http://127.0.0.1:$dead" 2>/dev/null | grep '^contact')
check_eq "async, nothing listening: contact 0" "contact 0 after 1" "$out"

# --- export --------------------------------------------------------------------------------
r53 export example.com --format json > "$TMP/r53.json"
AWS_ACCESS_KEY_ID=AKIDTEST "$AWS" --endpoint-url "$URL" --output json route53 \
	list-resource-record-sets --hosted-zone-id Z1EXAMPLE > "$TMP/aws.json"
check "export --format json: same document as aws route53 list-resource-record-sets" \
	python3 -c 'import json,sys; a=json.load(open(sys.argv[1])); b=json.load(open(sys.argv[2])); sys.exit(a!=b)' \
	"$TMP/r53.json" "$TMP/aws.json"
r53 export example.com. --format bind > "$TMP/zone.txt"
check "export --format bind: named-checkzone loads it" named-checkzone -q example.com "$TMP/zone.txt"
bind=$(cat "$TMP/zone.txt")
check_contains "bind: wildcard owner, octal escapes re-written in decimal" \
	"*.example.com.	60	IN	TXT	\"caf\\195\\169 \\\"q\\\"\"" "$bind"
check_contains "bind: host names in values made absolute" "10 5 5060 sip.example.com." "$bind"
check_contains "bind: weighted set kept as a readable comment" \
	'; r53: {"Name":"w.example.com.","Type":"A","SetIdentifier":"blue","Weight":10,"TTL":60' "$bind"
check_contains "bind: alias kept as a comment" '"AliasTarget":{"HostedZoneId":"Z2FDTNDATAQYW2"' "$bind"
check_fails "export: unknown format is a usage error" r53 export example.com --format yaml

# --- zone arguments ------------------------------------------------------------------------
check "ZONE as /hostedzone/ID" r53 records /hostedzone/Z2OTHER
out=$(r53 records nosuch.example 2>&1)
check_eq "unknown zone name: exit 1" 1 "$(r53 records nosuch.example > /dev/null 2>&1; echo $?)"
check_contains "unknown zone name: says so" "no hosted zone is named nosuch.example." "$out"

start_fake --dup-zone
out=$(r53 records example.com 2>&1)
rc=$?
check_eq "a name shared by two zones: exit 1" 1 "$rc"
check_contains "a name shared by two zones: lists the ids" \
	"2 hosted zones are named example.com.: Z1EXAMPLE (public), Z3PRIVATE (private); give the id instead" "$out"

# --- apply, set-ttl, wait ------------------------------------------------------------------
start_fake
cat > "$TMP/batch.json" <<'EOF'
{"Comment": "add api", "Changes": [
  {"Action": "CREATE", "ResourceRecordSet": {"Name": "api.example.com", "Type": "A", "TTL": 120,
   "ResourceRecords": [{"Value": "192.0.2.10"}]}},
  {"Action": "UPSERT", "ResourceRecordSet": {"Name": "www.example.com.", "Type": "A", "TTL": 300,
   "ResourceRecords": [{"Value": "192.0.2.1"}, {"Value": "192.0.2.9"}]}}]}
EOF
out=$(r53 apply Z1EXAMPLE "$TMP/batch.json" --dry-run 2>&1)
check_contains "apply --dry-run: shows the new record" "+ api.example.com. A 120 192.0.2.10" "$out"
check_contains "apply --dry-run: shows the replaced values" "- www.example.com. A 300 192.0.2.1 192.0.2.2" "$out"
check_contains "apply --dry-run: nothing sent" "nothing was sent" "$out"
check_eq "apply --dry-run: no ChangeResourceRecordSets" 0 "$(grep -c '^POST' "$LOG")"
id=$(r53 apply example.com "$TMP/batch.json")
check_eq "apply: prints the change id" C000001FAKE "$id"
check_contains "apply: the record is there" "192.0.2.10" "$(r53 records example.com)"
out=$(r53 apply example.com "$TMP/batch.json" 2>&1)
rc=$?
check_eq "apply again: Route 53 refuses, exit 1" 1 "$rc"
check_contains "apply again: one line with code and message" \
	"r53: ChangeResourceRecordSets failed: InvalidChangeBatch: [Tried to create resource record set [name='api.example.com.', type='A'] but it already exists] (fix the change batch and apply again)" "$out"
echo '{"Changes": [{"Action": "MOVE"}]}' > "$TMP/bad.json"
check_eq "apply: a bad file is a usage error" 2 "$(r53 apply example.com "$TMP/bad.json" > /dev/null 2>&1; echo $?)"

out=$(r53 set-ttl example.com www A 1m --wait 2>&1)
check_contains "set-ttl --wait: waits for INSYNC" "waiting for INSYNC" "$out"
check_contains "set-ttl: new TTL listed" "www.example.com.        A      60" "$(r53 records example.com)"
check_contains "set-ttl: sent as exact DELETE of the old + CREATE of the new" \
	"BATCH DELETE:www.example.com.:A:300,CREATE:www.example.com.:A:60" "$(cat "$LOG")"
out=$(r53 set-ttl example.com w.example.com. A 30 2>&1)
check_contains "set-ttl on a weighted name asks for the set identifier" "choose one with --set-identifier: blue green" "$out"
check "set-ttl --set-identifier" r53 set-ttl example.com w.example.com. A 30 --set-identifier green
check_contains "set-ttl: only that set changed" "weighted 0 [green]" "$(r53 records example.com | grep ' 30 ')"
out=$(r53 wait C000001FAKE)
check_eq "wait: reports INSYNC" "C000001FAKE INSYNC" "$out"
check_eq "wait: unknown change is exit 1" 1 "$(r53 wait CNOPE > /dev/null 2>&1; echo $?)"

# --- retries and faults --------------------------------------------------------------------
start_fake --throttle 2
check "Throttling twice, then success" r53 zones
check_eq "Throttling: three attempts" 3 "$(grep -c hostedzone "$LOG")"
start_fake --fail500 2
check "503 twice, then success" r53 zones
start_fake --reset 2
check "connection reset twice, then success" r53 zones
start_fake --throttle 50
out=$(AWS_MAX_ATTEMPTS=3 r53 zones 2>&1)
rc=$?
check_eq "Throttling every time: exit 1" 1 "$rc"
check_contains "Throttling every time: bounded attempts, clear message" \
	"r53: ListHostedZones failed: Throttling: Rate exceeded (too many requests: try again in a moment)" "$out"
check_eq "Throttling every time: exactly AWS_MAX_ATTEMPTS requests" 3 "$(grep -c hostedzone "$LOG")"
out=$("$R53" --endpoint-url http://127.0.0.1:1 zones 2>&1)
check_eq "unreachable endpoint: exit 3" 3 "$("$R53" --endpoint-url http://127.0.0.1:1 zones > /dev/null 2>&1; echo $?)"
check_contains "unreachable endpoint: says so" "ListHostedZones: cannot reach http://127.0.0.1:1" "$out"

# --- credentials ---------------------------------------------------------------------------
start_fake --require-token tok-123
check_fails "session token required and missing" r53 zones
check "AWS_SESSION_TOKEN sent as X-Amz-Security-Token" env AWS_SESSION_TOKEN=tok-123 "$R53" --endpoint-url "$URL" zones
start_fake
mkdir -p "$HOME/.aws"
printf '[default]\naws_access_key_id = AKIDFILE\naws_secret_access_key = file-secret\n[dev]\naws_access_key_id=AKIDDEV\naws_secret_access_key=dev-secret\n' > "$HOME/.aws/credentials"
printf '[profile proc]\ncredential_process = sh -c "echo {\\\\\\"Version\\\\\\": 1, \\\\\\"AccessKeyId\\\\\\": \\\\\\"AKIDPROC\\\\\\", \\\\\\"SecretAccessKey\\\\\\": \\\\\\"p\\\\\\"}"\n[profile broken]\ncredential_process = false\n' > "$HOME/.aws/config"
: > "$LOG"
env -u AWS_ACCESS_KEY_ID -u AWS_SECRET_ACCESS_KEY "$R53" --endpoint-url "$URL" zones > /dev/null
check_contains "no env keys: the default profile of ~/.aws/credentials" "Credential=AKIDFILE/" "$(cat "$LOG")"
: > "$LOG"
"$R53" --profile dev --endpoint-url "$URL" zones > /dev/null
check_contains "--profile wins over the environment" "Credential=AKIDDEV/" "$(cat "$LOG")"
: > "$LOG"
"$R53" --endpoint-url "$URL" zones > /dev/null
check_contains "environment wins over the default profile" "Credential=AKIDR53TEST/" "$(cat "$LOG")"
: > "$LOG"
env -u AWS_ACCESS_KEY_ID AWS_PROFILE=dev "$R53" --endpoint-url "$URL" zones > /dev/null
check_contains "AWS_PROFILE picks the profile" "Credential=AKIDDEV/" "$(cat "$LOG")"
: > "$LOG"
"$R53" --profile proc --endpoint-url "$URL" zones > /dev/null
check_contains "credential_process in ~/.aws/config" "Credential=AKIDPROC/" "$(cat "$LOG")"
out=$("$R53" --profile broken --endpoint-url "$URL" zones 2>&1)
check_contains "credential_process failing: clear message" "profile broken: credential_process failed (exit status 1)" "$out"
out=$("$R53" --profile nosuch --endpoint-url "$URL" zones 2>&1)
check_contains "unknown --profile: names what was tried" "no credentials for --profile nosuch: tried profile nosuch in $HOME/.aws/credentials and $HOME/.aws/config" "$out"
mv "$HOME/.aws/credentials" "$TMP/creds.ini"
: > "$LOG"
env -u AWS_ACCESS_KEY_ID AWS_SHARED_CREDENTIALS_FILE="$TMP/creds.ini" "$R53" --endpoint-url "$URL" zones > /dev/null
check_contains "AWS_SHARED_CREDENTIALS_FILE moves the credentials file" "Credential=AKIDFILE/" "$(cat "$LOG")"
mv "$HOME/.aws/config" "$TMP/config.ini"
: > "$LOG"
AWS_CONFIG_FILE="$TMP/config.ini" "$R53" --profile proc --endpoint-url "$URL" zones > /dev/null
check_contains "AWS_CONFIG_FILE moves the config file" "Credential=AKIDPROC/" "$(cat "$LOG")"

# --- endpoints -----------------------------------------------------------------------------
check "AWS_ENDPOINT_URL_ROUTE_53 picks the Route 53 endpoint" env AWS_ENDPOINT_URL_ROUTE_53="$URL" "$R53" zones
check "AWS_ENDPOINT_URL serves both services" env AWS_ENDPOINT_URL="$URL" sh -c '"$0" zones && "$0" domains' "$R53"
check "AWS_ENDPOINT_URL_ROUTE_53_DOMAINS picks the Domains endpoint" \
	env AWS_ENDPOINT_URL_ROUTE_53_DOMAINS="$URL" AWS_ENDPOINT_URL=http://127.0.0.1:1 "$R53" domains
check "--endpoint-url beats the environment" env AWS_ENDPOINT_URL_ROUTE_53=http://127.0.0.1:1 "$R53" --endpoint-url "$URL" zones
check_eq "the service-specific variable beats AWS_ENDPOINT_URL" 3 \
	"$(AWS_ENDPOINT_URL="$URL" AWS_ENDPOINT_URL_ROUTE_53=http://127.0.0.1:1 "$R53" zones > /dev/null 2>&1; echo $?)"
: > "$LOG"
env -u AWS_ACCESS_KEY_ID -u AWS_SECRET_ACCESS_KEY -u AWS_EC2_METADATA_DISABLED \
	AWS_EC2_METADATA_SERVICE_ENDPOINT="$URL" "$R53" --endpoint-url "$URL" zones > /dev/null
log=$(cat "$LOG")
check_contains "IMDSv2: token first" "PUT /latest/api/token" "$(head -1 "$LOG")"
check_contains "IMDSv2: role credentials used" "Credential=AKIDIMDS/" "$log"
check_contains "IMDSv2: session token sent" "token=imds-session-token" "$log"
out=$(env -u AWS_ACCESS_KEY_ID -u AWS_SECRET_ACCESS_KEY "$R53" --endpoint-url "$URL" zones 2>&1)
rc=$?
check_eq "no credentials anywhere: exit 1" 1 "$rc"
check_contains "no credentials anywhere: names what was tried" \
	"no AWS credentials found: tried AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY (not set), profile default in $HOME/.aws/credentials and $HOME/.aws/config, EC2 instance metadata (disabled by AWS_EC2_METADATA_DISABLED)" "$out"
out=$(r53 records nosuch.example 2>&1; r53 apply example.com "$TMP/batch.json" 2>&1)
case $out in *r53-test-secret-key*) fail "the secret key never appears in messages" ;; *) pass "the secret key never appears in messages" ;; esac

# --- Route 53 Domains and health checks ----------------------------------------------------
out=$(r53 domains)
check_contains "domains: both pages" "other.org" "$out"
check_contains "domains: exponent timestamps read as dates" "example.com  2025-01-01" "$out"
check_contains "domains: signed for route53domains with its target" \
	"target=Route53Domains_v20140515.ListDomains ctype=application/x-amz-json-1.1" "$(cat "$LOG")"
check_contains "domains: aws4 scope route53domains" "/us-east-1/route53domains/aws4_request" "$(cat "$LOG")"
out=$(r53 domain example.com.)
check_contains "domain: name servers" "ns-1.awsdns-01.org. ns-2.awsdns-02.com." "$out"
check_contains "domain: transfer lock from the status list" "Transfer lock:  yes" "$out"
out=$(r53 domain nosuch.org 2>&1)
check_contains "domain: error code from a namespaced __type" \
	"r53: GetDomainDetail failed: InvalidInput: Domain nosuch.org not found in this account" "$out"
out=$(r53 healthchecks --status)
check_contains "healthchecks --status" "abcdef11-2222-3333-4444-555555555555  HTTPS  www.example.com@192.0.2.44:443/health  30s       healthy" "$out"

finish
