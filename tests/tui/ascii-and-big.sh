#!/bin/sh
# Without a UTF-8 locale (or with R53_ASCII=1) box drawing and arrows fall back to ASCII; and
# 100,000 record sets load, filter and sort (speed is measured in bench/, not here).
COLUMNS_OVERRIDE=100
. "$(dirname "$0")/../tools/libtui.sh"

fixture demo.fixture
steps '
	:save-display zones.screen
	:records example.com.
	:save-display ascii.screen
	:help
	:save-display help.screen
'
R53_ASCII=1 run_app
assert_screen_contains ascii.screen "ALIAS -> d111111abcdef8.cloudfront.~"
assert_screen_contains help.screen "-----------------------------------"
assert_screen_contains zones.screen " xn--bcher-kva.example.                  public"
LANG=C LC_ALL=C run_app
assert_screen_contains ascii.screen "ALIAS -> d111111abcdef8.cloudfront.~"
assert_screen_contains zones.screen " xn--bcher-kva.example.                  public"

# not a UTF-8 locale: not one byte of any view is outside ASCII (box drawing, arrows, marks,
# ellipses, the key bar, the header), at 80 and at 40 columns
steps '
	:save-display a-zones.screen
	:records example.com.
	:save-display a-records.screen
	<Enter>
	:save-display a-record.screen
	q
	e
	:save-display a-edit.screen
	<Esc>
	c
	:save-display a-staged.screen
	?
	:save-display a-help.screen
	q
	:domains
	:save-display a-domains.screen
	:hc
	:save-display a-hc.screen
	:records example.com.
	:resize 40 12
	:save-display a-records40.screen
	?
	:save-display a-help40.screen
'
LANG=C LC_ALL=C run_app
check_eq "LANG=C: exit status" 0 "$APP_RC"
for f in zones records record edit staged help domains hc records40 help40; do
	check "LANG=C: the $f screen is ASCII only" sh -c "test -s '$WORK/a-$f.screen' && ! LC_ALL=C grep -q '[^ -~]' '$WORK/a-$f.screen'"
done

fixture_text <<'EOF2'
zone ZBIG big.example. public
gen ZBIG 100000
EOF2
steps '
	<Enter>
	:save-display big.screen
	G
	:save-display big-last.screen
	/host99999.
	:save-display one.screen
	<Esc>
	/ttl:<300 10.1.134.
	<Enter>
	:save-display ttl.screen
	s
	:save-display sorted.screen
'
run_app
check_eq "exit status" 0 "$APP_RC"
assert_screen_contains big.screen "1/100000"
assert_screen_contains big-last.screen "100000/100000"
assert_screen_contains one.screen "1/1  filter: host99999."
assert_screen_contains one.screen "host99999.big.example."
# 10.1.134.x are hosts 99840..99999 (160 of them); every third host number (99840, 99843, ...) has a 60 s TTL -> 54
assert_screen_contains ttl.screen "1/54  filter: ttl:<300 10.1.134."
assert_screen_contains sorted.screen "by name"
finish
