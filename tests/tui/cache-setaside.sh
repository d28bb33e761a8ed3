#!/bin/sh
# The TUI opens its cache with the subcommands' opener: a damaged cache file is moved aside
# (kept, renamed), a fresh cache is started, and the TUI says so on its status line, not on
# stderr under the screen; a loose file mode is fixed and said there too. A cache written by
# a newer r53 is refused before the screen starts, and left as it was.
COLUMNS_OVERRIDE=160 LINES_OVERRIDE=20
. "$(dirname "$0")/../tools/libtui.sh"

DB=$TMP/c.db
echo "not a database" > "$DB"
steps '
	:save-display first.screen
	:q
'
run_app --cache "$DB" --endpoint-url http://127.0.0.1:9
check_eq "exits 0" 0 "$APP_RC"
assert_screen_contains first.screen "c.db is not an r53 cache (it is not an SQLite database); moved it to"
check_eq "nothing on stderr" "" "$(cat "$WORK/stderr")"
check_eq "the damaged file is kept aside" "not a database" "$(cat "$DB".corrupt-*)"
check_eq "a fresh cache is there" "4" "$(sqlite3 "$DB" 'PRAGMA user_version')"

chmod 644 "$DB"
steps '
	:save-display mode.screen
	:q
'
run_app --cache "$DB" --endpoint-url http://127.0.0.1:9
assert_screen_contains mode.screen "c.db was mode 0644; set to 0600"
check_eq "mode fixed" "600" "$(stat -c %a "$DB")"
check_eq "nothing on stderr (mode)" "" "$(cat "$WORK/stderr")"

sqlite3 "$DB" 'PRAGMA user_version=99'
steps '
	:q
'
run_app --cache "$DB" --endpoint-url http://127.0.0.1:9
check_eq "a newer cache: exit 1" 1 "$APP_RC"
check_contains "refused, naming the file" "c.db was written by a newer r53 (cache schema 99" "$(cat "$WORK/stderr")"
check_eq "left as it was" "99" "$(sqlite3 "$DB" 'PRAGMA user_version')"
finish
