#!/bin/sh
# The help view is generated from the live keymap: a binding from ~/.config/r53/config shows
# up in it and works; `r53 --keys` prints the defaults as markdown; a bad config line stops
# r53 before the screen with the file and line.
. "$(dirname "$0")/../tools/libtui.sh"

fixture demo.fixture
config_text <<'EOF2'
# user bindings
bind records o sort
bind generic <C-n> move-down
EOF2
steps '
	?
	:save-display help-zones.screen
	q
	<Enter>
	?
	:save-display help-records.screen
	<C-f>
	:save-display help-records-2.screen
	<C-f>
	:save-display help-records-2b.screen
	G
	:save-display help-records-3.screen
	<Esc>
	o
	:save-display sorted.screen
	<C-n>
	:save-display moved.screen
	:no-such-command
	:save-display unknown.screen
	x
	:save-display unbound.screen
'
run_app
check_eq "exit status" 0 "$APP_RC"
assert_screen_contains help-zones.screen "[help zones]"
assert_screen_contains help-zones.screen "Keys in the zones view"
assert_screen_contains help-zones.screen "  k, <Up>                        move-up         Move cursor one line up"
assert_screen_contains help-zones.screen "  j, <Down>, <C-n>               move-down       Move cursor one line down"
# long lines wrap now (at 80 columns too), so the sort key is on the second or third page
check_contains "help: the sort key" "  s, o                           sort            Cycle the sort order" \
	"$(cat "$WORK/help-records-2.screen" "$WORK/help-records-2b.screen")"
assert_screen_contains help-records-3.screen "Filter (type / first)"
assert_screen_contains help-records-3.screen ":q  :q!                quit (asks when edits are staged)"
assert_screen_contains sorted.screen "by name"
assert_screen_contains moved.screen "2/10"
assert_screen_contains unknown.screen "unknown command
'no-such-command'"
assert_screen_contains unbound.screen "x: no request bound (? for help)"

"$R53" --keys > "$WORK/keys.md"
check_contains "--keys: header" "| Keymap | Key | Request | What it does |" "$(cat "$WORK/keys.md")"
check_contains "--keys: a row" '| generic | `j` `<Down>` | move-down | Move cursor one line down |' \
	"$(cat "$WORK/keys.md")"
check_contains "--keys: filter row" '| generic | `/` | filter |' "$(cat "$WORK/keys.md")"

config_text <<'EOF2'
bind records o no-such-request
EOF2
steps ':save-display never.screen'
run_app
check_eq "bad config: exit status 2" 2 "$APP_RC"
check_contains "bad config: file and line" "/.config/r53/config:1: unknown request 'no-such-request'" \
	"$(cat "$WORK/stderr")"
check "bad config: no screen" test ! -f "$WORK/never.screen"
finish
