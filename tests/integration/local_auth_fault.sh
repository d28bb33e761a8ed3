#!/bin/sh
# r53-local --credentials checks SigV4 signatures; --fault injects throttling, 5xx, resets and
# delays, and the AWS CLI still succeeds because it retries.
. "$(dirname "$0")/../tools/lib.sh"

start_local --credentials "AKIDR53TEST:r53-test-secret-key" || exit 1
check "right key and secret accepted" awsl route53 list-hosted-zones
check "signed POST accepted" awsl route53 create-hosted-zone --name signed.example --caller-reference s-1
check "signed GET with a query accepted" awsl route53 list-hosted-zones-by-name --dns-name 'signed.example' --max-items 1
check "signed domains call accepted" awsl route53domains list-domains --region us-east-1
out=$(AWS_SECRET_ACCESS_KEY=wrong-secret awsl route53 list-hosted-zones 2>&1)
check_contains "wrong secret refused" "SignatureDoesNotMatch" "$out"
out=$(AWS_ACCESS_KEY_ID=AKIDOTHER awsl route53 list-hosted-zones 2>&1)
check_contains "unknown key refused" "InvalidClientTokenId" "$out"
out=$(AWS_SECRET_ACCESS_KEY=wrong-secret awsl route53domains list-domains --region us-east-1 2>&1)
check_contains "wrong secret refused by domains" "SignatureDoesNotMatch" "$out"
code=$(curl -s -o "$TMP/body" -w '%{http_code}' "$LOCAL_URL/2013-04-01/hostedzone")
check_eq "unsigned request is a 403" "403" "$code"
check_contains "... MissingAuthenticationToken" "MissingAuthenticationToken" "$(cat "$TMP/body")"
stop_local

rm -f "$TMP/local.db"*
start_local --fault throttle:every=2 || exit 1
for i in 1 2 3; do
	check "CLI succeeds through throttling ($i)" awsl route53 create-hosted-zone --name "t$i.example" --caller-reference "t-$i"
done
check_eq "every zone created once" "3" "$(awsl route53 get-hosted-zone-count | jq .HostedZoneCount)"
a=$(curl -s -o /dev/null -w '%{http_code}' "$LOCAL_URL/2013-04-01/hostedzonecount")
b=$(curl -s -o "$TMP/body" -w '%{http_code}' "$LOCAL_URL/2013-04-01/hostedzonecount")
check_eq "one of two raw requests throttled" "200 400" "$(printf '%s\n%s\n' "$a" "$b" | sort -n | tr '\n' ' ' | sed 's/ $//')"
stop_local

start_local --fault 503:every=3,500:every=5 || exit 1
for i in 1 2 3 4; do
	check "CLI succeeds through 500/503 ($i)" awsl route53 get-hosted-zone-count
done
stop_local

start_local --fault reset:every=2 || exit 1
ok=0
for i in 1 2 3 4; do
	curl -s -o /dev/null "$LOCAL_URL/2013-04-01/hostedzonecount" && ok=$((ok + 1))
done
check_eq "every second connection reset" "2" "$ok"
check "server still alive after resets" kill -0 "$LOCAL_PID"
stop_local

start_local --fault slow:ms=300 || exit 1
check "slow answers still arrive" awsl route53 get-hosted-zone-count
stop_local

out=$("$R53LOCAL" --listen 0.0.0.0:0 --db "$TMP/x.db" 2>&1)
check_contains "non-loopback refused without --allow-remote" "loopback" "$out"
out=$("$R53LOCAL" --listen 127.0.0.1:0 --db "$TMP/x.db" --fault bogus:every=1 2>&1)
check_contains "bad fault spec refused" "unknown fault" "$out"
finish
