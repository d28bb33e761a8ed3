#!/bin/sh
# The header: profile, endpoint, ONLINE / OFFLINE with the cache's age, READ-ONLY, the count
# of staged edits. With R53_SCRIPT_NET (a script that talks to r53-local) it says ONLINE when
# r53-local answers, OFFLINE when nothing listens. On a narrow terminal the labels go first,
# then the endpoint, then words around the age; the state, READ-ONLY and the count stay.
COLUMNS_OVERRIDE=80 LINES_OVERRIDE=12
. "$(dirname "$0")/../tools/libtui.sh"

fixture demo.fixture
steps '
	:save-display h80.screen
	:resize 60 12
	:save-display h60.screen
	:resize 50 12
	:save-display h50.screen
	:resize 40 12
	:save-display h40.screen
'
run_app
check_eq "exit status" 0 "$APP_RC"
check_eq "80 columns" " r53  profile demo  http://127.0.0.1:4566        OFFLINE cache 5m old  0 staged" \
	"$(head -1 "$WORK/h80.screen")"
check_eq "60: the labels go, the endpoint is cut" " demo  http://127.0.0.1:45…  OFFLINE cache 5m old  0 staged" \
	"$(head -1 "$WORK/h60.screen")"
check_eq "50: no room for 12 columns of endpoint: the profile alone" \
	" profile demo      OFFLINE cache 5m old  0 staged" "$(head -1 "$WORK/h50.screen")"
check_eq "40" " demo    OFFLINE cache 5m old  0 staged" "$(head -1 "$WORK/h40.screen")"

run_app --read-only
check_eq "read-only, 80" " profile demo  http://127.0.0.1:4566  OFFLINE cache 5m old  READ-ONLY  0 staged" \
	"$(head -1 "$WORK/h80.screen")"
check_eq "read-only, 40: the age in fewer words" " demo   OFFLINE 5m  READ-ONLY  0 staged" \
	"$(head -1 "$WORK/h40.screen")"

# R53_SCRIPT_NET: the state comes from what the client last heard from Route 53
DB=$TMP/c.db
start_local || exit 1
check "r53 sync fills the cache" "$R53" --cache "$DB" --endpoint-url "$LOCAL_URL" \
	--domains-endpoint-url "$LOCAL_URL" sync
unset R53_FIXTURE
export R53_SCRIPT_NET=1
steps ':save-display net.screen'
run_app --cache "$DB" --endpoint-url "$LOCAL_URL"
check_eq "script with the network: exit 0" 0 "$APP_RC"
check_contains "script with the network: ONLINE" " r53  profile default  $LOCAL_URL" "$(head -1 "$WORK/net.screen")"
check_contains "script with the network: ONLINE" " ONLINE  0 staged" "$(head -1 "$WORK/net.screen")"
port=${LOCAL_URL##*:}
stop_local
AWS_MAX_ATTEMPTS=1 run_app --cache "$DB" --endpoint-url "http://127.0.0.1:$port"
check_contains "nothing listens: OFFLINE with the cache's age" "OFFLINE cache 0s old  0 staged" \
	"$(head -1 "$WORK/net.screen" | sed -E 's/cache [0-9]+s old/cache 0s old/')"
finish
