#!/bin/sh
# Cache figures (not assertions): writing 10,000 record sets in pages of 300, opening and
# listing a 100 zone / 100,000 record cache, and searching it. Target: search under 50 ms.
cd "$(dirname "$0")/.." || exit 2
BUILD=${R53_BUILD:-build}
[ -x "$BUILD/bin/cache-bench" ] || { echo "build first: make -j2" >&2; exit 2; }
dir=$(mktemp -d /tmp/r53-bench-cache.XXXXXX)
trap 'rm -rf "$dir"' EXIT
"$BUILD/bin/cache-bench" --cache "$dir/cache.db" --runs "${RUNS:-11}"
ls -l "$dir/cache.db" | awk '{ printf "cache file size: %.1f MB\n", $5 / 1048576 }'
