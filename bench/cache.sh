#!/bin/sh
# Cache figures (not assertions).
# 1. The real thing: `r53 sync bulk.example.test` (10,000 record sets) against r53-local, first
#    into a fresh cache, then a resync, with R53_CACHE_STATS=1 so r53 prints the CPU time spent
#    in cache writes, counting cache_open (creating the file) and cache_close (the last
#    connection checkpoints the WAL into the file) with them; then the same with the client
#    limiter at Route 53's 5 requests/second (R53_MAX_RPS=5), the figure for real Route 53.
#    Target: cache writes under 10% of the sync's wall time.
# 2. cache-bench: writing 10,000 record sets in pages of 300, opening and listing a 100 zone /
#    100,000 record cache, and searching it. Target: search under 50 ms.
# 3. sqlite-floor: SQLite alone writing the same 10,000 record sets' bytes in the cache's
#    settings, one row per record set and one row per page: the lower bound of any row layout.
# RPS5=0 skips the two 5 requests/second syncs (about 7 s each).
cd "$(dirname "$0")/.." || exit 2
BUILD=${R53_BUILD:-build}
[ -x "$BUILD/bin/cache-bench" ] || { echo "build first: make -j2" >&2; exit 2; }
dir=$(mktemp -d /tmp/r53-bench-cache.XXXXXX)
pid=
trap '[ -n "$pid" ] && kill $pid 2>/dev/null; [ -n "$pid" ] && wait $pid 2>/dev/null; rm -rf "$dir"' EXIT
export AWS_ACCESS_KEY_ID=AKIDBENCH AWS_SECRET_ACCESS_KEY=bench-secret AWS_DEFAULT_REGION=us-east-1 \
	AWS_PAGER="" AWS_EC2_METADATA_DISABLED=true HOME="$dir"
unset AWS_PROFILE AWS_ENDPOINT_URL AWS_ENDPOINT_URL_ROUTE_53 AWS_ENDPOINT_URL_ROUTE_53_DOMAINS

"$BUILD/bin/r53-local" --listen 127.0.0.1:0 --db "$dir/local.db" --seed demo > "$dir/log" 2>&1 &
pid=$!
i=0
while [ $i -lt 200 ]; do
	URL=$(sed -n 's/^r53-local listening on \(http:[^ ]*\)$/\1/p' "$dir/log" 2>/dev/null)
	[ -n "$URL" ] && break
	kill -0 $pid 2>/dev/null || break
	sleep 0.05
	i=$((i + 1))
done
[ -n "$URL" ] || { cat "$dir/log"; exit 1; }

# sync LABEL CACHEFILE [ENV...]: one `r53 sync bulk.example.test`, its wall time and the cache
# write figures r53 prints on stderr when it closes the cache.
sync_figure() {
	label=$1 cache=$2
	shift 2
	start=$(date +%s%N)
	env R53_CACHE_STATS=1 "$@" "$BUILD/bin/r53" --cache "$cache" --endpoint-url "$URL" \
		--domains-endpoint-url "$URL" sync bulk.example.test > /dev/null 2> "$dir/stats" ||
		{ cat "$dir/stats" >&2; return 1; }
	wall=$(( ($(date +%s%N) - start) / 1000 ))
	# The first CPU figure is the total; the second, opening and closing's share of it.
	awk -v label="$label" -v wall="$wall" '/cache writes:/ {
		for (i = 1; i <= NF; i++)
			if ($i == "CPU") { if (cpu == "") cpu = $(i + 1); else oc = $(i + 1) }
		printf "sync %-34s wall %8.1f ms  cache writes CPU %7.1f ms (%4.1f%% of wall;" \
			" open+close %s ms)\n", label, wall / 1000, cpu, 100 * cpu / (wall / 1000), oc
	}' "$dir/stats"
}
sync_figure "bulk.example.test, first (loopback)" "$dir/sync.db"
sync_figure "bulk.example.test, resync (loopback)" "$dir/sync.db"
if [ "${RPS5:-1}" != 0 ]; then
	sync_figure "first, R53_MAX_RPS=5" "$dir/sync5.db" R53_MAX_RPS=5
	sync_figure "resync, R53_MAX_RPS=5" "$dir/sync5.db" R53_MAX_RPS=5
fi
kill $pid 2>/dev/null
wait $pid 2>/dev/null
pid=

"$BUILD/bin/sqlite-floor" "$dir" 7
"$BUILD/bin/cache-bench" --cache "$dir/cache.db" --runs "${RUNS:-11}"
ls -l "$dir/cache.db" | awk '{ printf "cache file size: %.1f MB\n", $5 / 1048576 }'
