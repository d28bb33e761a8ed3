#!/bin/sh
# --read-only, or `profile NAME read_only` in ~/.config/r53/config for the profile in use:
# every editing key says why it is off, and nothing is staged. Another profile's line does not
# apply.
COLUMNS_OVERRIDE=120
. "$(dirname "$0")/../tools/libtui.sh"

fixture demo.fixture
steps '
	:records example.com.
	G
	e
	:save-display e.screen
	a
	:save-display a.screen
	t
	:save-display t.screen
	d
	:save-display d.screen
	<Enter>
	e
	:save-display record.screen
	q
	c
	A
	:save-display apply.screen
'
run_app --read-only
check_eq "exit status" 0 "$APP_RC"
for s in e a t d record; do
	assert_screen_contains $s.screen "read-only: started with --read-only; edits are off"
	assert_screen_contains $s.screen " READ-ONLY  0 staged"
done
assert_screen_contains apply.screen "read-only: started with --read-only; edits are off"
assert_screen_contains e.screen "[records example.com., cached 5m] 10/10"

config_text <<'EOF2'
# production is look, don't touch
profile demo read_only
profile other read_only
EOF2
steps '
	:records example.com.
	t
	:save-display t.screen
'
run_app
check_eq "exit status" 0 "$APP_RC"
assert_screen_contains t.screen "read-only: profile demo is read_only in the config; edits are off"
assert_screen_contains t.screen " READ-ONLY  0 staged"

config_text <<'EOF2'
profile other read_only
EOF2
steps '
	:records example.com.
	t
	:save-display t2.screen
'
run_app
assert_screen_contains t2.screen "TTL for 1 record set (300, 5m, 2d):"
check "other profile: not read-only" sh -c "! grep -q READ-ONLY '$WORK/t2.screen'"

config_text <<'EOF2'
profile demo readonly
EOF2
steps ':save-display never.screen'
run_app
check_eq "bad config line: usage exit" 2 "$APP_RC"
check_contains "bad config line named" "config:1: profile NAME read_only" "$(cat "$WORK/stderr")"
finish
