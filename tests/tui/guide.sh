#!/bin/sh
# The delegation guide from the cache alone (no network in a script): N on a zone's records
# view, :delegate DOMAIN; the registrar's and the zone's name servers side by side, the paste
# list for a domain registered elsewhere (no trailing dots), the warnings, and what U and C say
# when Route 53 cannot be reached. The DNS check and Route 53 requests: tests/tmux/guide*.sh.
COLUMNS_OVERRIDE=120 LINES_OVERRIDE=40
. "$(dirname "$0")/../tools/libtui.sh"

DB=$TMP/cache.db
"$BUILD/bin/cache-put" --cache "$DB" --profile demo <<'EOF2' || fail "cache-put"
zone ZEXAMPLECOM example.com public ns-1.awsdns-01.org,ns-2.awsdns-02.net
zone ZEXAMPLEORG example.org public ns-3.awsdns-03.com,ns-4.awsdns-04.co.uk
zone ZSHOP shop.example.test public ns-5.awsdns-05.org.,ns-6.awsdns-06.net.
zone ZSHOP2 shop.example.test public ns-10.awsdns-10.com,ns-11.awsdns-11.net
domain example.com 1893456000 renew lock ns-7.awsdns-07.com,ns-8.awsdns-08.net
domain example.org 1893456000 norenew nolock ns1.other-dns.example,ns2.other-dns.example
EOF2
# where the check starts: a loopback address nobody answers on (the check is not asserted here)
echo "nowhere.lab 127.0.53.250@53" > "$TMP/hints"
export R53_ROOT_HINTS="$TMP/hints"

steps '
	:records example.org
	N
	:save-display org.screen
	U
	:save-display offline.screen
	q
	:save-display back.screen
	:delegate shop.example.test
	:save-display elsewhere.screen
	C
	:save-display create.screen
	n
	:save-display next.screen
	:delegate example.com
	:save-display com.screen
	:delegate bad..name
	:save-display bad.screen
'
run_app --cache "$DB" --profile demo
check_eq "exits 0" 0 "$APP_RC"
assert_screen_contains org.screen " Delegating example.org to its Route 53 hosted zone"
assert_screen_contains org.screen "    example.org  ZEXAMPLEORG"
assert_screen_contains org.screen "    name servers: ns-3.awsdns-03.com  ns-4.awsdns-04.co.uk"
assert_screen_contains org.screen "    Keep this zone: deleting and re-creating it gives it new name servers"
assert_screen_contains org.screen "    example.org is registered with Route 53 Domains."
assert_screen_contains org.screen "    registrar now: ns1.other-dns.example  ns2.other-dns.example"
assert_screen_contains org.screen "    zone's:        ns-3.awsdns-03.com  ns-4.awsdns-04.co.uk"
assert_screen_contains org.screen "    U sets the registrar's name servers to the zone's."
assert_screen_contains org.screen "[delegate example.org]"
assert_screen_contains org.screen "C Create zone  U Update NS  v Check  n Next zone  ? Help  q Back"
assert_screen_contains offline.screen "OFFLINE: the registrar can only be updated while Route 53 can be reached"
assert_screen_contains back.screen "[records example.org.]"
assert_screen_contains elsewhere.screen "    shop.example.test is not registered with Route 53 Domains in this account:"
check_eq "the paste list: one per line, no trailing dots" "        ns-5.awsdns-05.org
        ns-6.awsdns-06.net" "$(grep '^        ns-' "$WORK/elsewhere.screen")"
assert_screen_contains elsewhere.screen "choose custom name servers"
assert_screen_contains create.screen "shop.example.test already has a hosted zone (ZSHOP)"
assert_screen_contains elsewhere.screen "2 public zones are named shop.example.test: the guide uses ZSHOP (n picks the next one)."
assert_screen_contains next.screen "the guide now uses zone ZSHOP2"
check_eq "the next zone's name servers to paste" "        ns-10.awsdns-10.com
        ns-11.awsdns-11.net" "$(grep '^        ns-' "$WORK/next.screen")"
assert_screen_contains com.screen "    The registrar points at Route 53 name servers that are not this zone's"
assert_screen_contains bad.screen "'bad..name' has an empty label"

# 40 columns: sentences wrap at word ends under one hanging indent (not a staircase), names
# are never split, the key bar keeps C, ? and q
steps '
	:delegate shop.example.test
	:save-display narrow.screen
'
COLUMNS=40 LINES=60 run_app --cache "$DB" --profile demo
check_eq "40 columns: one hanging indent" "    Keep this zone: deleting and
      re-creating it gives it new name
      servers, and the registrar would
      point at servers that no longer
      serve shop.example.test." "$(grep -A4 '^    Keep this zone' "$WORK/narrow.screen")"
check_eq "40 columns: the paste list whole" "        ns-5.awsdns-05.org
        ns-6.awsdns-06.net" "$(grep '^        ns-' "$WORK/narrow.screen")"
check "40 columns: nothing cut" sh -c "! grep -q '…' '$WORK/narrow.screen'"
check_eq "40 columns: the key bar" "C Create zone  ? Help  q Back" "$(tail -1 "$WORK/narrow.screen")"
finish
