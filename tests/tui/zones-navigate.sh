#!/bin/sh
# The zones view, moving, opening a zone and coming back.
. "$(dirname "$0")/../tools/libtui.sh"

fixture demo.fixture
steps '
	:save-display zones.screen
	j
	:save-display moved.screen
	<Enter>
	:save-display records.screen
	q
	:save-display back.screen
	G
	:save-display last.screen
	g
	<Down>
	<Up>
	:save-display first.screen
'
run_app
check_eq "exit status" 0 "$APP_RC"

assert_screen zones.screen <<'SCREEN'
 r53  profile demo  http://127.0.0.1:4566        OFFLINE cache 5m old  0 staged
 NAME                            ZONE     RECORDS  CACHED  COMMENT
 example.com.                    public   10       5m      main site
 internal.test.                  private  3        2h      VPC only
 bücher.example.                 public   3        -       IDN zone







[zones] 1/3
Enter Open  a Create  d Delete  u Rollback  c Staged  / Filter  ? Help  q Quit
SCREEN
assert_screen_contains moved.screen "[zones] 2/3"
assert_screen_contains records.screen "[records internal.test., cached 2h] 1/3"
assert_screen_contains records.screen "db.internal.test."
assert_screen_contains back.screen "[zones] 2/3"
assert_screen_contains last.screen "[zones] 3/3"
assert_screen_contains first.screen "[zones] 1/3"

# Space in the zones and health checks views says where marks work instead of nothing
steps '
	<Space>
	:save-display zones-mark.screen
	:hc
	<Space>
	:save-display hc-mark.screen
'
run_app
assert_screen_contains zones-mark.screen "[zones] 1/3 Space marks record sets, in a zone's records view (for t and d)"
check_contains "the health checks view says so too" \
	"Space marks record sets, in a zone's records view (for t and d)" \
	"$(tr -s '\n' ' ' < "$WORK/hc-mark.screen")"
finish
