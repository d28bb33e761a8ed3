#!/bin/sh
# With the real cache (a file seeded by cache-seed): staged edits are durable. Stage a TTL
# change and a deletion, quit, start again: a notice says the edits are waiting, the records
# view shows them, the staged view diffs them; discard one, then all.
COLUMNS_OVERRIDE=100 LINES_OVERRIDE=20
. "$(dirname "$0")/../tools/libtui.sh"

DB=$TMP/cache.db
if [ ! -x "$BUILD/bin/cache-seed" ]; then
	# cache/ is not on this branch yet: nothing to run against (the fixture tests cover the
	# same flows). Once cache-seed builds, this runs, and needs the weak block in
	# tui/source.c removed (see the report).
	echo "cache-staged: skipped: no $BUILD/bin/cache-seed (cache/ not merged yet)"
	finish
	exit 0
fi
check "seed the cache" "$BUILD/bin/cache-seed" --cache "$DB" --profile demo --zones 2 --records 20

steps '
	<Enter>
	G
	t
	<C-u>
	2h
	<Enter>
	k
	d
	y
	:save-display first.screen
	:q
	y
'
run_app --cache "$DB" --profile demo
# A loaded machine may take a second: the cache's age is not what these screens test.
sed -i -E 's/cache [0-9]+s old/cache 0s old/' "$WORK"/*.screen 2>/dev/null
check_eq "first run exits 0" 0 "$APP_RC"
assert_screen_contains first.screen "staged: delete host8.zone1.example. A (2 staged"
assert_screen_contains first.screen " ~host9.zone1.example. A     simple            2 hours             192.0.1.9  (+1)"

steps '
	:save-display again.screen
	<Enter>
	:save-display records.screen
	c
	:save-display diff.screen
	j
	j
	j
	d
	:save-display one.screen
'
run_app --cache "$DB" --profile demo
# A loaded machine may take a second: the cache's age is not what these screens test.
sed -i -E 's/cache [0-9]+s old/cache 0s old/' "$WORK"/*.screen 2>/dev/null
check_eq "second run exits 0" 0 "$APP_RC"
assert_screen_contains again.screen "[zones] 1/2 2 staged edits waiting from last time (c to review)"
assert_screen_contains again.screen "OFFLINE cache 0s old  2 staged"
assert_screen_contains records.screen " ~host9.zone1.example. A     simple            2 hours"
assert_screen_contains records.screen " -host8.zone1.example. A     simple"
assert_screen diff.screen <<'SCREEN'
 r53  profile demo  https://route53.amazonaws.com                    OFFLINE cache 0s old  2 staged
 Staged changes: - before, + after
2 staged edits, not sent yet. A or Enter applies, d discards one, D all.
edit host9.zone1.example. A
    - TTL 300 (5 minutes)
    + TTL 7200 (2 hours)
      192.0.1.9
      198.51.1.9
delete host8.zone1.example. A
    - TTL 300 (5 minutes)
    - 192.0.1.8
    - 198.51.1.8






[staged 2] 1/10
A Apply  d Discard  D Discard all  j Down  ? Help  q Back
SCREEN
assert_screen_contains one.screen "discarded: edit host9.zone1.example. A (1 staged)"

steps '
	c
	D
	:save-display discard-one.screen
	y
	:save-display none.screen
'
run_app --cache "$DB" --profile demo
# A loaded machine may take a second: the cache's age is not what these screens test.
sed -i -E 's/cache [0-9]+s old/cache 0s old/' "$WORK"/*.screen 2>/dev/null
assert_screen_contains discard-one.screen "discard the 1 staged edit? (y/N)"
assert_screen_contains none.screen "discarded every staged edit"
steps ':save-display last.screen'
run_app --cache "$DB" --profile demo
# A loaded machine may take a second: the cache's age is not what these screens test.
sed -i -E 's/cache [0-9]+s old/cache 0s old/' "$WORK"/*.screen 2>/dev/null
assert_screen_contains last.screen "OFFLINE cache 0s old  0 staged"
check "no waiting notice" sh -c "! grep -q 'waiting from last time' '$WORK/last.screen'"
finish
