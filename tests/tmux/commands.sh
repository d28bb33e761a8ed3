#!/bin/sh
# The `:` commands in a real terminal against r53-local (demo seed): `:sync` reads what changed
# in Route 53 behind r53's back (a zone made with the AWS CLI appears, ONLINE, then the sync
# ends), `:domains`, `:hc`, `:records NAME`, `:staged`, `:zones` open their views, an unknown
# command is named, and `:q` with an edit staged asks first (n stays, y quits).
. "$(dirname "$0")/../tools/libtmux.sh"

start_local --seed demo
tmux_r53 100 24 -- \
	--cache "$TMP/c.db" --endpoint-url "$LOCAL_URL" --domains-endpoint-url "$LOCAL_URL"
wait_for "[zones] 1/4" "the demo zones arrive"
wait_gone "ONLINE syncing" "the first sync ends"

awsl route53 create-hosted-zone --name later.example --caller-reference cmd-tmux > /dev/null
t send-keys -t t : s y n c Enter
wait_for "later.example." ":sync: the zone made with the AWS CLI is listed"
wait_for "[zones] 1/5" ":sync: five zones"
wait_gone "ONLINE syncing" ":sync ends"

t send-keys -t t : d o m a i n s Enter
wait_for "[domains]" ":domains opens the domains view"
wait_for "example.com." ":domains lists the demo domains"
t send-keys -t t : h c Enter
wait_for "[health checks]" ":hc opens the health checks view"
wait_for "HTTPS_STR_MATCH" ":hc lists the demo checks"
t send-keys -t t : r e c o r d s Space l a t e r . e x a m p l e Enter
wait_for "[records later.example." ":records NAME opens that zone"
t send-keys -t t : b o g u s Enter
wait_for "unknown command 'bogus'" "an unknown command is named"
t send-keys -t t : s t a g e d Enter
wait_for "No staged edits." ":staged opens the staged view"
t send-keys -t t : z o n e s Enter
wait_for "[zones] 1/5" ":zones goes back to the zones"

# an edit staged: :q asks first
t send-keys -t t : r e c o r d s Space l a t e r . e x a m p l e Enter
wait_for "[records later.example." "back in later.example"
t send-keys -t t j t 6 0 Enter
wait_for "type the zone name later.example. to confirm:" "t on the apex SOA: the zone name is asked"
t send-keys -t t l a t e r . e x a m p l e Enter
wait_for " 1 staged" "a TTL edit is staged"
wait_for "1 minute" "the row shows the TTL typed (60, not 90060)"
t send-keys -t t : q Enter
wait_for "1 staged edit not applied (kept in the cache). Quit? (y/N)" ":q asks with an edit staged"
t send-keys -t t n
wait_gone "Quit? (y/N)" "n keeps r53 open"
t send-keys -t t : q Enter
wait_for "Quit? (y/N)" ":q asks again"
t send-keys -t t y
wait_for "r53 exited 0" "y quits"
finish
