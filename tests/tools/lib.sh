# Shell test library: sourced by every tests/*/*.sh script.
#   check DESC CMD...            passes when CMD exits 0
#   check_eq DESC WANT GOT       passes when the strings are equal (shows a diff otherwise)
#   check_contains DESC NEEDLE HAYSTACK
#   check_fails DESC CMD...      passes when CMD exits non-zero
#   start_local [ARGS...]        starts r53-local on 127.0.0.1:0, sets LOCAL_URL, LOCAL_PID
#   awsl ARGS...                 Debian's AWS CLI against that r53-local (JSON output)
#   listen_count PORT FILE       a listener that counts connections (proves "no request made")
#   finish                       prints "<test>: N passed, N failed" and exits
# Everything a test starts is stopped on exit; nothing listens beyond 127.0.0.0/8.
set -u

T_NAME=$(basename "$0" .sh)
T_PASS=0
T_FAIL=0
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
BUILD=${R53_BUILD:-build}
case $BUILD in /*) ;; *) BUILD=$ROOT/$BUILD ;; esac
R53=$BUILD/bin/r53
R53LOCAL=$BUILD/bin/r53-local
if [ -x /usr/bin/aws ]; then AWS=/usr/bin/aws; else AWS=aws; fi

TMP=$(mktemp -d /tmp/r53-test.XXXXXX)
T_PIDS=""
t_cleanup() {
	for p in $T_PIDS; do kill "$p" 2>/dev/null; done
	for p in $T_PIDS; do wait "$p" 2>/dev/null; done
	rm -rf "$TMP"
}
trap t_cleanup EXIT
trap 'exit 130' INT TERM

# Pinned environment, as tig's libtest.sh does.
export LANG=C.UTF-8 LC_ALL=C.UTF-8 TZ=UTC HOME="$TMP/home"
mkdir -p "$HOME"
unset XDG_CACHE_HOME XDG_CONFIG_HOME XDG_DATA_HOME AWS_PROFILE AWS_DEFAULT_PROFILE \
	AWS_ENDPOINT_URL AWS_ENDPOINT_URL_ROUTE_53 AWS_ENDPOINT_URL_ROUTE_53_DOMAINS \
	AWS_SESSION_TOKEN AWS_SHARED_CREDENTIALS_FILE AWS_CONFIG_FILE
export AWS_ACCESS_KEY_ID=AKIDR53TEST AWS_SECRET_ACCESS_KEY=r53-test-secret-key \
	AWS_DEFAULT_REGION=us-east-1 AWS_PAGER="" AWS_EC2_METADATA_DISABLED=true \
	AWS_MAX_ATTEMPTS=5 AWS_RETRY_MODE=standard

pass() {
	T_PASS=$((T_PASS + 1))
	echo "ok   $1"
}
fail() {
	T_FAIL=$((T_FAIL + 1))
	echo "FAIL $1"
	shift
	[ $# -gt 0 ] && printf '%s\n' "$@" | sed 's/^/     /'
	return 0
}
check() {
	d=$1
	shift
	if out=$("$@" 2>&1); then pass "$d"; else fail "$d" "command: $*" "$out"; fi
}
check_fails() {
	d=$1
	shift
	if out=$("$@" 2>&1); then fail "$d" "command succeeded: $*" "$out"; else pass "$d"; fi
}
check_eq() {
	if [ "$2" = "$3" ]; then
		pass "$1"
	else
		printf '%s\n' "$2" > "$TMP/want.txt"
		printf '%s\n' "$3" > "$TMP/got.txt"
		fail "$1" "$(diff -u "$TMP/want.txt" "$TMP/got.txt" | tail -n +3 | head -40)"
	fi
}
check_contains() {
	case "$3" in
	*"$2"*) pass "$1" ;;
	*) fail "$1" "missing: $2" "in: $(printf '%s' "$3" | head -20)" ;;
	esac
}
finish() {
	echo "$T_NAME: $T_PASS passed, $T_FAIL failed"
	[ "$T_FAIL" -eq 0 ]
	exit $?
}

# start_local [ARGS...]: r53-local on a free loopback port with a fresh database.
# Sets LOCAL_URL, LOCAL_PID, LOCAL_DB, LOCAL_LOG.
start_local() {
	LOCAL_DB=${LOCAL_DB:-$TMP/local.db}
	LOCAL_LOG=$TMP/local.$$.$(date +%s%N).log
	"$R53LOCAL" --listen 127.0.0.1:0 --db "$LOCAL_DB" "$@" > "$LOCAL_LOG" 2>&1 &
	LOCAL_PID=$!
	T_PIDS="$T_PIDS $LOCAL_PID"
	i=0
	LOCAL_URL=""
	while [ $i -lt 200 ]; do
		# The background shell creates the log: until it has, there is nothing to read.
		[ -f "$LOCAL_LOG" ] &&
			LOCAL_URL=$(sed -n 's/^r53-local listening on \(http:[^ ]*\)$/\1/p' "$LOCAL_LOG")
		[ -n "$LOCAL_URL" ] && return 0
		kill -0 "$LOCAL_PID" 2>/dev/null || break
		sleep 0.05
		i=$((i + 1))
	done
	echo "start_local: r53-local did not start:" >&2
	cat "$LOCAL_LOG" >&2
	return 1
}
stop_local() {
	kill "$LOCAL_PID" 2>/dev/null
	wait "$LOCAL_PID" 2>/dev/null
	return 0
}
awsl() {
	"$AWS" --endpoint-url "$LOCAL_URL" --output json "$@"
}

# listen_count PORT FILE: a listener on 127.0.0.1:PORT (where r53-local was) that writes one
# line to FILE per connection and answers nothing, so "no request was made" can be checked.
listen_count() {
	python3 -c '
import socket, sys
s = socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind(("127.0.0.1", int(sys.argv[1]))); s.listen(8)
open(sys.argv[2], "w").close(); print("ready", flush=True)
while True:
    c, _ = s.accept(); open(sys.argv[2], "a").write("connection\n"); c.close()
' "$1" "$2" > "$TMP/listen.out" 2>&1 &
	T_PIDS="$T_PIDS $!"
	LISTEN_PID=$!
	i=0
	while ! grep -q ready "$TMP/listen.out" 2>/dev/null && [ $i -lt 100 ]; do sleep 0.05; i=$((i + 1)); done
}
