#!/bin/sh
# The bottom key bar of every view (htop style), from the view's list of requests and the
# live keymap: at 80 columns the keys that matter, c (review staged) and q among them; at 40
# the first ones, always ? Help and q (Back above the first view, where q closes the view).
# In read-only mode the editing keys are left out (pressing one says why: read-only.sh). A
# user's binding shows in the bar.
COLUMNS_OVERRIDE=80 LINES_OVERRIDE=14
. "$(dirname "$0")/../tools/libtui.sh"

fixture demo.fixture
# every view once at the current size; saved as NAME-COLS.screen
all_views() {
	printf '%s\n' "
	:save-display zones-$1.screen
	:records example.com
	:save-display records-$1.screen
	<Enter>
	:save-display record-$1.screen
	q
	e
	:save-display edit-$1.screen
	<Esc>
	c
	:save-display staged-$1.screen
	q
	?
	:save-display help-$1.screen
	q
	:domains
	:save-display domains-$1.screen
	:hc
	:save-display hc-$1.screen
	:zones
	"
}
steps "$(all_views 80)
	:resize 40 12
	$(all_views 40)"
run_app
check_eq "exit status" 0 "$APP_RC"
bar() { tail -1 "$WORK/$1.screen"; }
check_eq "zones, 80" "Enter Open  a Create  d Delete  u Rollback  c Staged  / Filter  ? Help  q Quit" "$(bar zones-80)"
check_eq "records, 80: c and q fit" "Enter Open  e Edit  a Add  t TTL  d Delete  c Staged  / Filter  ? Help  q Back" "$(bar records-80)"
check_eq "record, 80" "e Edit  t TTL  d Delete  R Reload  ? Help  q Back" "$(bar record-80)"
check_eq "editor, 80" "Enter Stage  Tab Down  S-Tab Up  Right Next  Esc Back" "$(bar edit-80)"
check_eq "staged, 80" "A Apply  d Discard  D Discard all  j Down  ? Help  q Back" "$(bar staged-80)"
check_eq "help, 80" "j Down  PgDown Page down  q Back" "$(bar help-80)"
check_eq "domains, 80" "Enter Open  N Delegate  / Filter  : Command  z Zones  ? Help  q Back" "$(bar domains-80)"
check_eq "health checks, 80" "Enter Open  a Create  d Delete  / Filter  : Command  z Zones  ? Help  q Back" "$(bar hc-80)"
check_eq "zones, 40" "Enter Open  a Create  ? Help  q Quit" "$(bar zones-40)"
check_eq "records, 40" "Enter Open  e Edit  ? Help  q Back" "$(bar records-40)"
check_eq "record, 40" "e Edit  t TTL  d Delete  ? Help  q Back" "$(bar record-40)"
check_eq "editor, 40: Esc stays" "Enter Stage  Tab Down  Esc Back" "$(bar edit-40)"
check_eq "staged, 40" "A Apply  d Discard  ? Help  q Back" "$(bar staged-40)"
check_eq "help, 40" "j Down  PgDown Page down  q Back" "$(bar help-40)"
check_eq "domains, 40" "Enter Open  N Delegate  ? Help  q Back" "$(bar domains-40)"
check_eq "health checks, 40" "Enter Open  a Create  ? Help  q Back" "$(bar hc-40)"
for s in zones records record edit staged help domains hc; do
	for c in 80 40; do
		check "$s, $c: the bar fits" sh -c "[ \$(tail -1 '$WORK/$s-$c.screen' | wc -m) -le $((c + 1)) ]"
	done
done

# read-only: the editing keys are left out, the room goes to the next ones
steps "$(all_views 80)
	:resize 40 12
	$(all_views 40)"
run_app --read-only
check_eq "read-only: zones, 80" "Enter Open  c Staged  / Filter  S Sync  ? Help  q Quit" "$(bar zones-80)"
check_eq "read-only: records, 80" "Enter Open  c Staged  / Filter  Space Mark  ? Help  q Back" "$(bar records-80)"
check_eq "read-only: record, 80" "R Reload  ? Help  q Back" "$(bar record-80)"
check_eq "read-only: staged, 80: discarding stays" "d Discard  D Discard all  j Down  ? Help  q Back" "$(bar staged-80)"
check_eq "read-only: health checks, 80" "Enter Open  / Filter  : Command  z Zones  ? Help  q Back" "$(bar hc-80)"
check_eq "read-only: records, 40" "Enter Open  c Staged  ? Help  q Back" "$(bar records-40)"
check_eq "read-only: zones, 40" "Enter Open  c Staged  ? Help  q Quit" "$(bar zones-40)"
check_contains "read-only: e in the records view says why" "read-only: started with --read-only;
edits are off" \
	"$(cat "$WORK/edit-80.screen")"

# a user's binding: the bar shows the key that works
config_text <<'EOF2'
bind records e none
bind records E edit
bind generic <C-r> view-staged
bind generic c none
EOF2
steps '
	:records example.com
	:save-display bound.screen
'
run_app
check_eq "a user binding shows" "Enter Open  E Edit  a Add  t TTL  d Delete  C-r Staged  / Filter  ? Help  q Back" \
	"$(bar bound)"
finish
