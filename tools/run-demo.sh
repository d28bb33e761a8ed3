#!/bin/sh
# make run: r53-local with the demo data on loopback, then r53 against it.
# The demo keeps its own database and cache under build/demo/, so it never touches a real
# account's cache, and uses throw-away credentials (r53-local accepts any signature by default).
BIN=${1:-build/bin}
DIR=build/demo
mkdir -p "$DIR"
chmod 700 "$DIR"

: > "$DIR/local.log"
"$BIN/r53-local" --listen 127.0.0.1:0 --db "$DIR/local.db" --seed demo > "$DIR/local.log" 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null; wait $pid 2>/dev/null' EXIT INT TERM HUP
url=""
i=0
while [ $i -lt 600 ] && [ -z "$url" ]; do
	url=$(sed -n 's/^r53-local listening on \(http:[^ ]*\)$/\1/p' "$DIR/local.log")
	kill -0 $pid 2>/dev/null || break
	[ -z "$url" ] && sleep 0.05
	i=$((i + 1))
done
if [ -z "$url" ]; then
	echo "make run: r53-local did not start:" >&2
	cat "$DIR/local.log" >&2
	exit 1
fi
echo "r53-local (demo data) at $url"

export AWS_ACCESS_KEY_ID=AKIDEMO AWS_SECRET_ACCESS_KEY=demo-secret-not-real
unset AWS_SESSION_TOKEN AWS_PROFILE
set -- --endpoint-url "$url" --domains-endpoint-url "$url" --cache "$DIR/cache.db"
if [ -t 0 ] && [ -t 1 ]; then
	"$BIN/r53" "$@"
else
	# No terminal (CI, a pipe): show that it works without opening the interface.
	echo "make run: no terminal; showing the zones instead of opening the interface"
	"$BIN/r53" "$@" zones
fi
