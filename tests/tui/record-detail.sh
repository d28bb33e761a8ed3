#!/bin/sh
# Enter on a record set shows it in full: every value, routing fields, alias target, TTL in
# seconds and words, the stored (escaped) name (\052 for *, the xn-- form of an IDN name),
# protection of the apex NS.
COLUMNS_OVERRIDE=100 LINES_OVERRIDE=20
. "$(dirname "$0")/../tools/libtui.sh"

fixture demo.fixture
steps '
	:records example.com.
	j
	j
	<Enter>
	:save-display ns.screen
	q
	G
	k
	k
	k
	<Enter>
	:save-display weighted.screen
	<Esc>
	g
	<Enter>
	:save-display alias.screen
	q
	/*.
	<Enter>
	<Enter>
	:save-display wildcard.screen
	:records bücher.example
	/www
	<Enter>
	<Enter>
	:save-display idn.screen
'
run_app
check_eq "exit status" 0 "$APP_RC"
assert_screen ns.screen <<'SCREEN'
 r53  profile demo  http://127.0.0.1:4566                            OFFLINE cache 5m old  0 staged
────────────────────────────────────────────────────────────────────────────────────────────────────
 Name           example.com.
 Type           NS
 Zone           example.com. (Z1EXAMPLE)
 TTL            172800 (2 days)
 Routing        simple
 Values         ns-1.awsdns-01.org.
                ns-2.awsdns-02.co.uk.
                ns-3.awsdns-03.net.
                ns-4.awsdns-04.com.
 Protected      the apex NS is managed by Route 53






[record example.com. NS] 1/10
e Edit  t TTL  d Delete  R Reload  ? Help  q Back
SCREEN
assert_screen_contains weighted.screen "[record api.example.com. A]"
assert_screen_contains weighted.screen " Routing        weighted 70"
assert_screen_contains weighted.screen " Set id         blue"
assert_screen_contains weighted.screen " Weight         70"
assert_screen_contains alias.screen " TTL            none (an alias answers with the target's TTL)"
assert_screen_contains alias.screen " Alias          → d111111abcdef8.cloudfront.net. (CloudFront distribution)"
assert_screen_contains alias.screen "hosted zone Z2FDTNDATAQYW2, evaluate target health: no"
assert_screen_contains wildcard.screen " Name           *.example.com."
assert_screen_contains wildcard.screen "as Route 53 stores it: \\052.example.com."
assert_screen_contains idn.screen " Name           www.bücher.example.
                as Route 53 stores it: www.xn--bcher-kva.example."
assert_screen_contains idn.screen " Zone           bücher.example. (Z3IDN)"
finish
